"""Tests of examples/bm_sensing_rd_map.py and bm_sensing_rmse_vs_snr.py (quick mode)."""

import pytest


def _check_files(name, tmp_path):
    assert (tmp_path / f"{name}.png").stat().st_size > 10_000
    csv = (tmp_path / f"{name}.csv").read_text().splitlines()
    assert len(csv) > 4 and "," in csv[0]

@pytest.mark.slow
def test_rd_map_example_detects_every_target(tmp_path, run_example):
    summary = run_example("bm_sensing_rd_map", tmp_path)
    _check_files("bm_sensing_rd_map", tmp_path)
    assert summary["n_detected_targets"] == summary["n_targets"] == 4
    assert abs(summary["realized_scir_db"]) < 1e-4

@pytest.mark.slow
def test_rmse_vs_snr_example_shows_threshold_and_efficiency(tmp_path, run_example):
    summary = run_example("bm_sensing_rmse_vs_snr", tmp_path)
    _check_files("bm_sensing_rmse_vs_snr", tmp_path)
    # comb 4 has a quarter of the pilots: its threshold comes at a higher SNR
    assert summary["comb4"]["threshold_snr_db"] > summary["comb1"]["threshold_snr_db"]
