"""Tests of the [BM] sensing figure examples (Figs. 4, 5: ``examples/bm_fig04/05_*.py``)."""


import pytest


@pytest.mark.slow
@pytest.mark.parametrize("name", ["bm_fig04_sensing_coverage", "bm_fig05_scir_pdf"])
def test_example_writes_png_and_csv(name, tmp_path, run_example):
    summary = run_example(name, tmp_path)
    assert (tmp_path / f"{name}.png").stat().st_size > 10_000
    csv = (tmp_path / f"{name}.csv").read_text().splitlines()
    assert len(csv) > 10 and "," in csv[0]
    if name == "bm_fig04_sensing_coverage":
        assert summary["max_abs_z_mc_vs_analysis"] < 4.5
        assert 0.68 < summary["mmWave_nB128_lam10000"] < 0.76
    else:
        assert -8 <= summary["mmWave_lam100_los_peak_db"] <= -3
        assert summary["mmWave_lam100_mass_on_grid"] > 0.98
