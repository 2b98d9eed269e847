"""Tests of ``ofdmisac/_stages/_context.py``: the state shared by the pipeline stages."""

from ofdmisac._stages._context import StageContext


def test_context_creates_the_folder_and_logs_when_verbose(tmp_path, capsys):
    ctx = StageContext(out_dir=tmp_path / "a" / "b", quick=True, seed=7)
    assert ctx.out_dir.is_dir() and ctx.artifacts == {} and ctx.seed == 7
    ctx.log("hello")
    assert capsys.readouterr().err == "hello\n"
    StageContext(out_dir=tmp_path, verbose=False).log("quiet")
    assert capsys.readouterr().err == ""
