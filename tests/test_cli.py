"""Tests of ``ofdmisac/cli.py``: the parser and the errors of the ``run`` command."""

import pytest

from ofdmisac import __version__
from ofdmisac.cli import build_parser, main


def test_version_and_subcommands(capsys):
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args(["--version"])
    assert exc.value.code == 0 and __version__ in capsys.readouterr().out
    args = build_parser().parse_args(["run", "--quick", "--seed", "3", "--stages", "frame"])
    assert args.quick and args.seed == 3 and args.stages == "frame"


def test_unknown_stage_is_one_line_and_exit_2(tmp_path, capsys):
    assert main(["run", "--stages", "nope", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "unknown stage(s) ['nope']" in err and len(err.strip().splitlines()) == 1


def test_missing_subcommand_is_a_usage_error():
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args([])
    assert exc.value.code == 2
