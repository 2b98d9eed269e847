"""Sensing stage smoke test (quick mode)."""

from ofdmisac._stages._context import StageContext
from ofdmisac._stages.sensing import run
from ofdmisac.estimators import ErrorModel


def test_sensing_stage_quick(tmp_path):
    ctx = StageContext(out_dir=tmp_path, quick=True, verbose=False)
    summary = run(ctx)
    assert summary["n_detections"] >= 2
    assert isinstance(ctx.artifacts["error_model"], ErrorModel)
    for name in ("range_doppler_map.png", "rmse_vs_scir.png", "error_statistics.csv",
                 "error_model.json", "summary.json"):
        assert (tmp_path / "sensing" / name).exists()
