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
def test_sensing_stage_uses_the_frame_carrier(tmp_path):
    from ofdmisac.waveforms import Carrier

    ctx = StageContext(out_dir=tmp_path, quick=True, verbose=False)
    ctx.artifacts["carrier"] = Carrier(scs_khz=240, n_rb=132)
    summary = run(ctx)
    assert summary["scs_hz"] == 240e3 and summary["n_subcarriers"] == 96
    assert summary["n_detections"] >= 2
