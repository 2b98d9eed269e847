"""Test of examples/bm_sensing_twin.py (quick mode)."""


def test_sensing_twin_example(tmp_path, run_example):
    summary = run_example("bm_sensing_twin", tmp_path)
    assert (tmp_path / "bm_sensing_twin.png").stat().st_size > 10_000
    csv = (tmp_path / "bm_sensing_twin.csv").read_text().splitlines()
    assert len(csv) > 10 and "," in csv[0]
    assert summary["max_abs_z_twin_vs_theorem1"] < 4.0
    # processing gain: the radar detects far below the per-RE SCIR of 0 dB
    assert summary["detection_coverage"] > summary["theorem1_coverage_0db"] + 0.3
    assert summary["eta_db_where_scir_coverage_equals_detection"] < -10
