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


def _one_line_exit_2(capsys, argv, match):
    import re

    assert main(argv) == 2
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert len(err.splitlines()) == 1, err
    assert "Traceback" not in captured.err
    assert re.search(match, err), err


def test_out_naming_a_file_or_a_path_under_a_file(tmp_path, capsys):
    f = tmp_path / "afile"
    f.write_text("x")
    _one_line_exit_2(capsys, ["run", "--quick", "--out", str(f)],
                     r"^ofdmisac run: --out='.*afile' is not allowed; it names a file, use a "
                     r"folder$")
    _one_line_exit_2(capsys, ["run", "--quick", "--out", str(f / "sub")],
                     r"^ofdmisac run: --out='.*afile/sub' is not allowed; '.*afile' is a file")


def test_out_in_an_unwritable_place(tmp_path, capsys):
    import os

    target = "/sys/ofdmisac-test-folder"
    if not os.path.isdir("/sys") or os.path.exists(target):
        pytest.skip("needs a Linux /sys, where no one may create folders")
    _one_line_exit_2(capsys, ["run", "--quick", "--out", target],
                     r"^ofdmisac run: --out='/sys/ofdmisac-test-folder' is not allowed; the "
                     r"folder cannot be created")
    if os.geteuid() != 0:  # root may write anywhere
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o500)
        _one_line_exit_2(capsys, ["run", "--quick", "--out", str(ro)],
                         r"is not allowed; the folder is not writable")


@pytest.mark.parametrize("argv, match", [
    (["run", "--seed", "-1"], r"^ofdmisac run: --seed=-1 is not allowed; use an integer >= 0$"),
    (["run", "--stages", ","], r"^ofdmisac run: --stages=',' is not allowed; name at least one "
                               r"stage of frame, sensing, network, mimo$"),
    (["run", "--config", "bm_5g"], r"^ofdmisac run: config='bm_5g' is not allowed; use a "
                                   r"preset name \(bm_mmwave, bm_thz, cc_default\)"),
    (["presets", "bm_5g"], r"^ofdmisac presets: preset='bm_5g' is not allowed; choose one of "
                           r"bm_mmwave, bm_thz, cc_default$"),
    (["grid", "--out", "x.xyz"], r"^ofdmisac grid: --out='x\.xyz' is not allowed; use a suffix "
                                 r"among .*\.png"),
    (["grid", "--duration-ms", "inf"], r"^ofdmisac grid: --duration-ms=inf is not allowed; use "
                                       r"a finite number > 0$"),
])
def test_cli_mistakes_are_one_line_and_exit_2(tmp_path, capsys, monkeypatch, argv, match):
    monkeypatch.chdir(tmp_path)
    _one_line_exit_2(capsys, [*argv, *(["--out", str(tmp_path / "r")] if argv[0] == "run"
                                       else [])], match)
    assert not (tmp_path / "x.xyz").exists()


def test_grid_out_under_a_file(tmp_path, capsys):
    f = tmp_path / "afile"
    f.write_text("x")
    _one_line_exit_2(capsys, ["grid", "--out", str(f / "g.png")],
                     r"^ofdmisac grid: --out='.*afile/g\.png' is not allowed; '.*afile' is a "
                     r"file")


def test_bad_config_key_is_one_line_naming_file_and_key(tmp_path, capsys):
    cfg = tmp_path / "exp.toml"
    cfg.write_text('base = "bm_thz"\n[network]\nn_beam = 64\n')
    _one_line_exit_2(capsys, ["run", "--config", str(cfg), "--out", str(tmp_path / "r")],
                     r"^ofdmisac run: .*exp\.toml: key 'network\.n_beam' is not allowed; use one "
                     r"of the keys of \[network\]: .* \(did you mean 'network\.n_beams'\?\)$")
    assert not (tmp_path / "r").exists()


def test_print_config_and_presets(capsys):
    from ofdmisac.config import load_config, tomllib

    assert main(["run", "--print-config", "--config", "bm_thz", "--seed", "7", "--stages",
                 "mimo,frame"]) == 0
    cfg = tomllib.loads(capsys.readouterr().out)
    expected = load_config("bm_thz")
    expected["run"].update(seed=7, stages=["mimo", "frame"])
    assert cfg == expected
    assert main(["presets"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in out] == ["bm_mmwave", "bm_thz", "cc_default"]
    assert "[BM] Table II, Scenario 2 (THz, 100 GHz)" in out[1]
    assert main(["presets", "cc_default"]) == 0
    assert tomllib.loads(capsys.readouterr().out) == load_config("cc_default")


def test_stages_run_in_pipeline_order_with_their_dependencies():
    from ofdmisac._stages import plan_stages

    assert plan_stages(["mimo", "frame"]) == (("frame", "mimo"), {})
    order, added = plan_stages(["network"])
    assert order == ("sensing", "network") and "error model" in added["sensing"]
