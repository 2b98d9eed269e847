"""Shared pytest configuration: headless matplotlib; the example-runner fixture."""

import importlib.util
import os
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

EXAMPLES_DIR = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(autouse=True, scope="session")
def _user_cache_in_tmp(tmp_path_factory):
    """The user cache (``OFDMISAC_CACHE_DIR``: FFTW wisdom of measured plans) points to a
    tmp dir for the whole session, subprocesses included: tests never write to ~/.cache."""
    old = os.environ.get("OFDMISAC_CACHE_DIR")
    os.environ["OFDMISAC_CACHE_DIR"] = str(tmp_path_factory.mktemp("ofdmisac-cache"))
    yield
    if old is None:
        os.environ.pop("OFDMISAC_CACHE_DIR", None)
    else:
        os.environ["OFDMISAC_CACHE_DIR"] = old


@pytest.fixture
def run_example():
    """Run ``examples/<name>.py`` in quick mode into ``out_dir``; return its summary dict."""

    def run(name, out_dir, *args):
        spec = importlib.util.spec_from_file_location(name, EXAMPLES_DIR / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module.main([str(out_dir), "--quick", *args])

    return run
