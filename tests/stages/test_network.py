"""Tests of ``ofdmisac._stages.network``: ``ofdmisac run --quick --stages network``."""

import json

import pytest

from ofdmisac._stages import STAGES
from ofdmisac._stages._context import StageContext
from ofdmisac._stages.network import run
from ofdmisac.cli import main
from ofdmisac.estimators import MeasuredErrorModel

FILES = ("summary.json", "prs_design.json", "network_vs_beams.csv", "coverage_vs_beams.png",
         "overhead_vs_beams.png", "ase_vs_beams.png")


@pytest.mark.slow
def test_cli_quick_network_stage(tmp_path):
    assert "network" in STAGES
    assert main(["run", "--quick", "--stages", "network", "--out", str(tmp_path)]) == 0
    for name in FILES:
        assert (tmp_path / "network" / name).stat().st_size > 0
    summary = json.loads((tmp_path / "network" / "summary.json").read_text())
    # the network stage needs the error model measured on its waveform: sensing runs first
    top = json.loads((tmp_path / "summary.json").read_text())
    assert list(top["stages"]) == ["sensing", "network"] and "sensing" in top["stages_added"]
    assert summary["error_model"] == "MeasuredErrorModel"
    assert 0 < summary["prs_delta_star"] < 1
    ase = summary["max_ase_bps_per_m2"]
    assert ase["ideal"] >= ase["isac"] > ase["conventional"] > 0
    csv = (tmp_path / "network" / "network_vs_beams.csv").read_text().splitlines()
    assert len(csv) == 1 + len(summary["n_beams"])


@pytest.mark.slow
def test_stage_uses_measured_error_model(tmp_path):
    ctx = StageContext(out_dir=tmp_path, quick=True, verbose=False)
    ctx.artifacts["error_model"] = MeasuredErrorModel(
        scir_db=(-10.0, 0.0, 10.0), rmse_range_m=(3.0, 1.0, 0.3),
        rmse_velocity_mps=(3.0, 1.0, 0.3))
    summary = run(ctx)
    assert summary["error_model"] == "MeasuredErrorModel"
    assert ctx.artifacts["prs_design"].delta == summary["prs_delta_star"]
