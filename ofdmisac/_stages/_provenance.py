"""The ``provenance`` block of ``summary.json``: what made the results."""

from __future__ import annotations

import contextlib
import platform
import subprocess
from datetime import datetime, timezone
from pathlib import Path

__all__ = ["git_commit", "provenance", "utc_now"]


def utc_now() -> str:
    """The current UTC time, ISO 8601 with seconds (``2026-12-01T10:50:00Z``)."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def git_commit() -> str | None:
    """The git commit of the checkout ofdmisac is imported from, or None elsewhere."""
    root = Path(__file__).resolve().parents[2]
    if not (root / ".git").exists():
        return None
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        proc = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"],
                              capture_output=True, text=True, timeout=5)
        if proc.returncode == 0:
            commit = proc.stdout.strip()
            dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain",
                                    "--untracked-files=no"], capture_output=True, text=True,
                                   timeout=5)
            if dirty.returncode == 0 and dirty.stdout.strip():
                commit += " (with uncommitted changes)"
            return commit
    return None


def _version(module: str) -> str | None:
    from importlib import metadata

    with contextlib.suppress(Exception):
        return metadata.version(module)
    with contextlib.suppress(Exception):
        return __import__(module).__version__
    return None


def provenance(*, command: list, config: dict, config_name: str, seed: int, quick: bool,
               started_utc: str, finished_utc: str, elapsed_s: dict) -> dict:
    """The provenance block (versions, FFT setup, command, configuration, times)."""
    from .. import __version__, _fft

    effort = (_fft.get_planner_effort() if hasattr(_fft, "get_planner_effort")
              else _fft._state.get("effort"))
    return {
        "ofdmisac_version": __version__,
        "git_commit": git_commit(),
        "python": platform.python_version(),
        "numpy": _version("numpy"), "scipy": _version("scipy"),
        "pyfftw": _version("pyFFTW") or _version("pyfftw"),
        "matplotlib": _version("matplotlib"),
        "fft": {"backend": _fft.get_backend(), "planner": effort,
                "threads": _fft.get_threads()},
        "command": list(command),
        "config_source": config_name,
        "config": config,
        "seed": seed, "quick": quick,
        "started_utc": started_utc, "finished_utc": finished_utc,
        "elapsed_s": elapsed_s,
    }
