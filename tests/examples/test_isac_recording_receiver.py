"""Tests of ``examples/isac_recording_receiver.py`` in quick mode: the file round trip and
every receiver stage."""

import json

import pytest


@pytest.mark.slow
def test_recording_receiver_quick(tmp_path, run_example):
    s = run_example("isac_recording_receiver", tmp_path)
    assert s["cell_id"] == s["cell_id_true"] == 737 and s["pss_detected"]
    assert abs(s["timing_error_samples"]) < 1
    assert abs(s["cfo_error_percent_scs_ssb"]) < 1 and abs(s["cfo_error_percent_scs"]) < 0.1
    assert len(s["targets"]) == 2
    for (r, v), (rt, vt) in zip(s["targets"], s["targets_true"], strict=True):
        assert abs(r - rt) < 0.25 * s["range_resolution_m"]
        assert abs(v - vt) < 0.25 * s["velocity_resolution_mps"]
    meta = json.loads((tmp_path / s["sigmf_meta"]).read_text())
    assert meta["global"]["core:datatype"] == "cf32_le"
    assert "n_id_cell" not in meta["global"]["ofdmisac:config"]["transmitter"]
    for i, stage in enumerate(("frame", "recording", "pss", "cell_search", "grid",
                               "range_doppler"), start=1):
        assert (tmp_path / f"isac_recording_receiver_{i}_{stage}.png").stat().st_size > 10_000
