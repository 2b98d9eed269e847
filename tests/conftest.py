"""Shared pytest configuration: headless matplotlib; the example-runner fixture."""

import importlib.util
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

EXAMPLES_DIR = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture
def run_example():
    """Run ``examples/<name>.py`` in quick mode into ``out_dir``; return its summary dict."""

    def run(name, out_dir, *args):
        spec = importlib.util.spec_from_file_location(name, EXAMPLES_DIR / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module.main([str(out_dir), "--quick", *args])

    return run
