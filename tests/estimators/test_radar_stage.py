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


def test_sensing_stage_detects_the_two_scene_targets(tmp_path):
    summary = run(StageContext(out_dir=tmp_path, quick=True, verbose=False))
    c, scs, tsym, fc = 299792458.0, 120e3, 8.92e-6, 28e9
    d_r, d_v = c / (2 * scs * 64), c / (2 * fc * tsym * 16)
    got = sorted((d["range_m"] / d_r, d["velocity_mps"] / d_v) for d in summary["detections"])
    assert len(got) == 2
    for (r, v), (r0, v0) in zip(got, [(7.4, 1.3), (13.6, -1.6)], strict=True):
        assert abs(r - r0) < 0.1 and abs(v - v0) < 0.1
