"""Atomic writers for results on disk (DESIGN.md convention 11).

Each writer writes to a temporary file in the destination folder and renames it,
so an interrupted run never leaves half a file. Formats are plain: JSON, CSV,
``.npz`` and PNG.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from ._validation import check_instance, check_int, fail


@contextlib.contextmanager
def _atomic_path(path):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _json_default(obj):
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, Path):
        return str(obj)
    if isinstance(obj, complex):
        return {"real": obj.real, "imag": obj.imag}
    raise TypeError(f"object of type {type(obj).__name__} is not JSON serializable")


def write_json(path, obj) -> Path:
    """Write ``obj`` as indented JSON (numpy scalars and arrays become lists)."""
    with _atomic_path(path) as tmp:
        tmp.write_text(json.dumps(obj, indent=2, default=_json_default, allow_nan=True) + "\n")
    return Path(path)


def write_csv(path, columns: dict) -> Path:
    """Write equal-length 1-D columns ``{name: values}`` as a CSV file with a header."""
    check_instance("columns", columns, Mapping, "mapping of {name: values}")
    names = list(columns)
    arrays = [np.asarray(columns[n]).ravel() for n in names]
    lengths = {a.size for a in arrays}
    if len(lengths) > 1:
        fail("columns", {n: a.size for n, a in zip(names, arrays, strict=True)},
             "use columns of one length (the values show each column's length)")
    with _atomic_path(path) as tmp, open(tmp, "w") as fh:
        fh.write(",".join(names) + "\n")
        for row in zip(*arrays, strict=True):
            fh.write(",".join(repr(float(v)) if np.isreal(v) else str(v) for v in row) + "\n")
    return Path(path)


def save_npz(path, **arrays) -> Path:
    """Save arrays to a compressed ``.npz`` file."""
    with _atomic_path(path) as tmp, open(tmp, "wb") as fh:
        np.savez_compressed(fh, **arrays)
    return Path(path)


def save_figure(fig, path, dpi: int = 120) -> Path:
    """Save a matplotlib Figure to ``path`` (format from the suffix) and close it."""
    import matplotlib.pyplot as plt

    dpi = check_int("dpi", dpi, minimum=1)
    path = Path(path)
    with _atomic_path(path) as tmp:
        fig.savefig(tmp, dpi=dpi, format=path.suffix.lstrip(".") or "png", bbox_inches="tight")
    plt.close(fig)
    return path
