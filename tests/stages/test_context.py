"""Tests of ``ofdmisac/_stages/_context.py``: the state shared by the pipeline stages."""

import pytest

from ofdmisac._stages._context import StageContext


def test_context_creates_the_folder_and_logs_when_verbose(tmp_path, capsys):
    ctx = StageContext(out_dir=tmp_path / "a" / "b", quick=True, seed=7)
    assert ctx.out_dir.is_dir() and ctx.artifacts == {} and ctx.seed == 7
    ctx.log("hello")
    assert capsys.readouterr().err == "hello\n"
    StageContext(out_dir=tmp_path, verbose=False).log("quiet")
    assert capsys.readouterr().err == ""


def test_context_defaults_to_the_mmwave_preset_and_its_trials(tmp_path):
    from ofdmisac.config import load_config

    ctx = StageContext(out_dir=tmp_path, verbose=False)
    assert ctx.config == load_config("bm_mmwave") and ctx.config_name == "bm_mmwave"
    assert ctx.trials("sensing") == 500
    assert StageContext(out_dir=tmp_path, quick=True).trials("sensing") == 100


def test_report_mathtext_and_comparison_rows(tmp_path):
    from ofdmisac._stages._report import mathtext_to_html

    assert mathtext_to_html("$\\lambda_B$ = 100 km$^{-2}$, $P_D$ <1") == \
        "<i>&lambda;<sub>B</sub></i> = 100 km<i><sup>-2</sup></i>, <i>P<sub>D</sub></i> &lt;1"
    ctx = StageContext(out_dir=tmp_path, verbose=False)
    row = ctx.compare("s", "q", analytic=0.5, measured=0.52, se=0.01, source="x")
    assert row["z"] == pytest.approx(2.0) and row["passed"]
    assert not ctx.compare("s", "q", analytic=0.5, measured=0.6, se=0.01, source="x")["passed"]
    assert ctx.compare("s", "q", analytic=1.0, measured=1.0, se=0.0, source="x")["passed"]
