"""Sensing stage: quick run, detections of the scene targets, pipeline wiring."""

import json
import subprocess
import sys

import pytest

from ofdmisac._stages import STAGES
from ofdmisac._stages._context import StageContext
from ofdmisac._stages.sensing import run
from ofdmisac.estimators import ErrorModel


@pytest.mark.slow
def test_sensing_stage_quick_detects_the_scene_targets(tmp_path):
    ctx = StageContext(out_dir=tmp_path, quick=True, verbose=False)
    summary = run(ctx)
    assert isinstance(ctx.artifacts["error_model"], ErrorModel)
    for name in ("range_doppler_map.png", "rmse_vs_scir.png", "error_statistics.csv",
                 "error_model.json", "summary.json"):
        assert (tmp_path / "sensing" / name).exists()
    assert abs(summary["realized_scir_db"] - 10.0) < 1e-3
    assert summary["n_interferers"] == 2
    d_r, d_v = summary["range_bin_m"], summary["velocity_bin_mps"]
    for t in summary["truth"]:  # each target found within 0.2 bin
        assert any(abs(d["range_m"] - t["range_m"]) < 0.2 * d_r
                   and abs(d["velocity_mps"] - t["velocity_mps"]) < 0.2 * d_v
                   for d in summary["detections"])


@pytest.mark.slow
def test_sensing_stage_is_wired_after_frame(tmp_path):
    assert STAGES.index("sensing") == STAGES.index("frame") + 1
    proc = subprocess.run([sys.executable, "-m", "ofdmisac.cli", "run", "--quick", "--stages",
                           "sensing", "--out", str(tmp_path)], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads((tmp_path / "sensing" / "summary.json").read_text())["n_detections"] >= 2


@pytest.mark.slow
def test_sensing_stage_records_the_waveform(tmp_path):
    ctx = StageContext(out_dir=tmp_path, quick=True, verbose=False)
    summary = run(ctx)
    meta = json.loads((tmp_path / "sensing" / "waveform.json").read_text())
    assert meta == summary["waveform"] == ctx.artifacts["error_model_waveform"]
    for key in ("fc_hz", "bandwidth_hz", "duration_s", "scs_hz", "n_subcarriers",
                "n_symbols", "pilot_pattern"):
        assert key in meta
    assert meta["fc_hz"] == 30e9 and meta["n_subcarriers"] * meta["n_symbols"] == \
        meta["n_pilots"]
    assert meta["pilot_pattern"]["n_re"] == 5000
    assert {r["stage"] for r in ctx.comparisons} == {"sensing"}
    assert all(r["passed"] for r in ctx.comparisons)
    assert [f["stage"] for f in ctx.figures] == ["sensing", "sensing"]
