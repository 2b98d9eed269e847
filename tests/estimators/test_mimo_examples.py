"""The [CC] link-level figure examples (Figs. 2, 6, 7) regenerate in quick mode."""

import importlib.util
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _load(name):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
@pytest.mark.parametrize(
    "name", ["cc_fig02_uplink_tradeoff", "cc_fig06_pilot_length", "cc_fig07_asymptotic"]
)
def test_example_writes_png_and_csv(name, tmp_path):
    summary = _load(name).main([str(tmp_path), "--quick"])
    assert (tmp_path / f"{name}.png").stat().st_size > 10_000
    csv = (tmp_path / f"{name}.csv").read_text().splitlines()
    assert len(csv) > 10 and "," in csv[0]
    assert summary
