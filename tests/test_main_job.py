"""The main job: ``ofdmisac run`` end to end, every stage, quick and full.

The full run is the command of the README's Quick start (``make run``); it must not
fail on a fresh checkout, so it runs here (slow, about a minute on 2 cores).
"""

import json

import pytest

from ofdmisac._stages import STAGES
from ofdmisac.cli import main


def _check_results(out, quick):
    summary = json.loads((out / "summary.json").read_text())
    assert summary["quick"] is quick
    assert list(summary["stages"]) == list(STAGES)
    for stage, entries in summary["stages"].items():
        assert entries["elapsed_s"] >= 0
        for name in entries.get("files", []):
            assert (out / stage / name).stat().st_size > 0, (stage, name)
    sensing = summary["stages"]["sensing"]
    assert sensing["n_detections"] >= 2
    assert summary["stages"]["network"]["error_model"] == "MeasuredErrorModel"
    return summary


def test_stages_in_pipeline_order():
    assert STAGES == ("frame", "sensing", "network", "mimo")


def test_unknown_stage_is_refused(tmp_path, capsys):
    assert main(["run", "--quick", "--stages", "frame,nope", "--out", str(tmp_path)]) == 2
    assert "unknown stage(s) ['nope']" in capsys.readouterr().err


@pytest.mark.slow
def test_quick_run_all_stages(tmp_path):
    assert main(["run", "--quick", "--no-progress", "--out", str(tmp_path)]) == 0
    _check_results(tmp_path, quick=True)


@pytest.mark.slow
def test_full_run_all_stages(tmp_path):
    assert main(["run", "--no-progress", "--out", str(tmp_path)]) == 0
    summary = _check_results(tmp_path, quick=False)
    assert summary["stages"]["frame"]["n_slots"] == 320
    sensing = summary["stages"]["sensing"]
    truth = sensing["truth"]
    for det, tgt in zip(sorted(sensing["detections"], key=lambda d: d["range_m"]),
                        sorted(truth, key=lambda t: t["range_m"]), strict=False):
        assert abs(det["range_m"] - tgt["range_m"]) < sensing["range_bin_m"]
        assert abs(det["velocity_mps"] - tgt["velocity_mps"]) < sensing["velocity_bin_mps"]
