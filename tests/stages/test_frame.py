"""Tests of ``ofdmisac._stages.frame``: ``ofdmisac run --quick`` (frame) and ``ofdmisac grid``."""

import json

import pytest

from ofdmisac.cli import main


def test_run_quick_writes_summary_and_frame_figures(tmp_path):
    assert main(["run", "--quick", "--no-progress", "--stages", "frame", "--out",
                 str(tmp_path)]) == 0
    summary = json.loads((tmp_path / "summary.json").read_text())
    frame = summary["stages"]["frame"]
    assert frame["n_slots"] == 80 and frame["ssb_res"] == 64 * 830
    assert frame["prs_res"] == 16 * 12 * 84 * 3
    assert frame["round_trip_max_error"] < 1e-5
    for name in frame["files"]:
        path = tmp_path / "frame" / name
        assert path.stat().st_size > (5_000 if name.endswith(".png") else 500)
    assert json.loads((tmp_path / "frame" / "frame.json").read_text())["re_counts"]["ssb"] \
        == 64 * 830
    assert {"grid_frame.png", "grid_ssb_slots.png", "grid_prs_slots.png",
            "frame.json"} <= set(frame["files"])


def test_grid_subcommand(tmp_path, capsys):
    out = tmp_path / "g.png"
    assert main(["grid", "--duration-ms", "5", "--prs-ms", "1", "--prs-offset-ms", "3",
                 "--out", str(out)]) == 0
    assert out.stat().st_size > 5_000
    assert main(["grid", "--comb-size", "3", "--out", str(out)]) == 2
    assert "comb_size=3 is not allowed" in capsys.readouterr().err


@pytest.mark.parametrize(("argv", "message"), [
    (["--duration-ms", "nan"], "--duration-ms=nan is not allowed; use a finite number > 0"),
    (["--prs-ms", "-1"], "--prs-ms=-1.0 is not allowed; use a finite number >= 0"),
    (["--extra-ssb-ms", "inf"], "--extra-ssb-ms=inf is not allowed"),
    (["--n-rb", "300"], "--n-rb=300 is not allowed; use an integer in 1..275"),
    (["--prs-rb", "200", "--n-rb", "132"], "--prs-rb=200 is not allowed; use an integer in 1..132"),
    (["--slots", "4:2"], "--slots=2 is not allowed; use an integer >= 5"),
])
def test_grid_subcommand_bad_options(tmp_path, capsys, argv, message):
    assert main(["grid", *argv, "--out", str(tmp_path / "g.png")]) == 2
    assert message in capsys.readouterr().err
