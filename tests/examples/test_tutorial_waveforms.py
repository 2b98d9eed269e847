"""Tests of ``examples/tutorial_waveforms.py``: the waveform tutorial in quick mode."""

import pytest


@pytest.mark.slow
def test_tutorial_runs_quick(tmp_path, run_example):
    summary = run_example("tutorial_waveforms", tmp_path)
    assert (tmp_path / "tutorial_waveforms.png").stat().st_size > 10_000
    assert (tmp_path / "tutorial_waveforms_frame.png").stat().st_size > 5_000
    csv = (tmp_path / "tutorial_waveforms.csv").read_text().splitlines()
    assert len(csv) == 128 and csv[0].startswith("lag,")
    assert summary["ssb_nonzero_res"] == 830 and summary["prs_res_per_symbol"] == 252
    assert summary["pss_zero_lag_cross_correlation"] == -1.0
    assert summary["ofdm_round_trip_max_error"] < 1e-5
