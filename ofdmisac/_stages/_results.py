"""The results folder of one run: checks, the run marker, ``--overwrite``, stale temporaries.

A folder holds one run. A run writes the marker :data:`MARKER` first and ``summary.json``
last; a folder with either holds a run. ``--overwrite`` clears such a folder by removing
only what a run writes there: the marker, ``summary.json``, ``report.html`` and, in each
stage folder, the stage's files (its ``FILES``) and stale temporary files; stage folders
left empty are removed. Nothing else is deleted, and a folder that holds no run is not
touched.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import re
from pathlib import Path

__all__ = ["MARKER", "OutDirError", "check_file_parent", "check_out_dir", "clear_run", "holds_run",
           "remove_stale_temporaries"]

MARKER = ".ofdmisac-run"
"""Written at the start of a run (JSON: tool, version, start time)."""

TOP_FILES = ("summary.json", "report.html", MARKER)

_TMP = re.compile(r"^\..+\.[A-Za-z0-9_]+\.tmp$")  # .NAME.XXXX.tmp of ofdmisac.io


class OutDirError(ValueError):
    """A results folder that cannot be used (the message is one line for the CLI)."""


def _stage_names():
    from . import STAGES

    return STAGES


def check_file_parent(path, option: str) -> None:
    """:class:`OutDirError` when a folder above the file ``path`` is a file."""
    for parent in Path(path).parents:
        if parent.exists() and not parent.is_dir():
            raise OutDirError(f"{option}={str(path)!r} is not allowed; {str(parent)!r} is a "
                              "file, use a path in a folder")


def check_out_dir(out) -> Path:
    """``out`` as a usable folder (created), or :class:`OutDirError` saying why not."""
    path = Path(out)
    text = str(out)
    if path.exists() and not path.is_dir():
        raise OutDirError(f"--out={text!r} is not allowed; it names a file, use a folder")
    for parent in path.parents:
        if parent.exists() and not parent.is_dir():
            raise OutDirError(f"--out={text!r} is not allowed; {str(parent)!r} is a file, "
                              "use a folder path")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutDirError(f"--out={text!r} is not allowed; the folder cannot be created "
                          f"({exc.strerror or exc})") from None
    probe = path / f".ofdmisac-write-test-{os.getpid()}"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise OutDirError(f"--out={text!r} is not allowed; the folder is not writable "
                          f"({exc.strerror or exc})") from None
    return path


def holds_run(path: Path) -> bool:
    """Whether ``path`` holds the files of an ofdmisac run (marker or summary)."""
    return (path / MARKER).is_file() or (path / "summary.json").is_file()


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Remove the ``.NAME.XXXX.tmp`` files an interrupted write left (top and stage folders)."""
    removed = []
    for folder in [path, *(path / s for s in _stage_names())]:
        if not folder.is_dir():
            continue
        for f in folder.iterdir():
            if f.is_file() and _TMP.match(f.name):
                with contextlib.suppress(FileNotFoundError):
                    f.unlink()
                    removed.append(f)
    return removed


def clear_run(path: Path) -> list[Path]:
    """Remove the files of the run in ``path`` (see the module docstring); returns them."""
    if not holds_run(path):
        return []
    removed = remove_stale_temporaries(path)
    for name in TOP_FILES:
        f = path / name
        if f.is_file():
            f.unlink()
            removed.append(f)
    for stage in _stage_names():
        folder = path / stage
        if not folder.is_dir():
            continue
        files = importlib.import_module(f"{__package__}.{stage}").FILES
        for name in files:
            f = folder / name
            if f.is_file():
                f.unlink()
                removed.append(f)
        with contextlib.suppress(OSError):
            folder.rmdir()  # only when empty
    return removed
