"""Tests of ``ofdmisac._stages.mimo``: the ``mimo`` stage in quick mode."""

import json

import pytest

from ofdmisac._stages import STAGES
from ofdmisac.cli import main


def test_mimo_is_the_last_stage():
    assert STAGES[-1] == "mimo"


@pytest.mark.slow
def test_mimo_stage_quick(tmp_path):
    assert main(["run", "--quick", "--stages", "mimo", "--out", str(tmp_path)]) == 0
    out = tmp_path / "mimo"
    for name in ("uplink_link.png", "uplink_link.csv", "downlink_link.json",
                 "joint_coverage.png", "joint_coverage.csv", "summary.json"):
        assert (out / name).stat().st_size > 100
    summary = json.loads((out / "summary.json").read_text())
    assert summary["uplink_max_pd_gap_over_se"] < 4
    assert summary["downlink_max_sinr_gap_over_se"] < 4
    top = json.loads((tmp_path / "summary.json").read_text())
    assert "mimo" in top["stages"]
