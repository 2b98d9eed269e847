"""Tests of the [CC] link-level figure examples (Figs. 2, 6, 7) in quick mode."""


import pytest


@pytest.mark.slow
@pytest.mark.parametrize(
    "name", ["cc_fig02_uplink_tradeoff", "cc_fig06_pilot_length", "cc_fig07_asymptotic"]
)
def test_example_writes_png_and_csv(name, tmp_path, run_example):
    summary = run_example(name, tmp_path)
    assert (tmp_path / f"{name}.png").stat().st_size > 10_000
    csv = (tmp_path / f"{name}.csv").read_text().splitlines()
    assert len(csv) > 10 and "," in csv[0]
    assert summary
