"""
Results on disk (:mod:`ofdmisac.io`)
====================================

Plain formats, written atomically: each writer writes a temporary file
``.NAME.<random>.tmp`` next to the destination and renames it onto ``path``, so an
interrupted run never leaves half a file and a failed write leaves no temporary file
behind. Written files get the permissions of a normally created file (``0o666`` less
the process umask). Missing parent folders are created.

Writers
-------

.. autosummary::

   write_json  -- Write an object as indented JSON (numpy scalars and arrays become lists)
   write_csv   -- Write equal-length 1-D columns as a CSV file with a header row
   write_text  -- Write a text file (UTF-8)
   save_npz    -- Save arrays to a compressed ``.npz`` file
   save_figure -- Save a matplotlib figure (format from the suffix) and close it

Readers
-------

.. autosummary::

   read_json -- Read a JSON file written by :func:`write_json`
   read_csv  -- Read a CSV file written by :func:`write_csv` into a dict of arrays
"""

from __future__ import annotations

import contextlib
import csv
import io as _stdlib_io
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from ._validation import check_instance, check_int, fail

__all__ = ["read_csv", "read_json", "save_figure", "save_npz", "write_csv", "write_json",
           "write_text"]


def _umask() -> int:
    """The process umask, read without changing it where the OS allows."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)  # no way to read it without setting it elsewhere
    os.umask(mask)
    return mask


def _shown(path: Path) -> str:
    """``path`` for a message: long paths keep their end (the file name), not their start."""
    text = str(path)
    return text if len(text) <= 60 else "..." + text[-57:]


def _check_path(path) -> Path:
    check_instance("path", path, (str, os.PathLike), "str or os.PathLike path")
    return Path(path)


@contextlib.contextmanager
def _atomic_path(path: Path):
    """Yield a temporary path next to ``path``; rename it onto ``path`` on success."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.close(fd)
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_umask())
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
    """Write an object as indented JSON.

    NumPy scalars become numbers and arrays become lists.

    Parameters
    ----------
    path : str or os.PathLike
        Destination file.
    obj : object
        Built from dicts, lists, strings, numbers, ``None``, numpy scalars and arrays
        (written as lists), :class:`~pathlib.Path` (as strings) and complex numbers (as
        ``{"real": ..., "imag": ...}``). NaN and infinities are written as ``NaN`` and
        ``Infinity``.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    TypeError
        ``path`` is not a path, or ``obj`` holds an object JSON cannot represent (the
        file is then not written).

    Examples
    --------
    >>> import tempfile
    >>> import numpy as np
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     p = write_json(f"{tmp}/summary.json", {"n": np.int64(3), "x": np.arange(2.0)})
    ...     read_json(p)
    {'n': 3, 'x': [0.0, 1.0]}
    """
    path = _check_path(path)
    text = json.dumps(obj, indent=2, default=_json_default, allow_nan=True) + "\n"
    with _atomic_path(path) as tmp:
        tmp.write_text(text)
    return path


def write_text(path, text: str) -> Path:
    """Write a text file (UTF-8).

    Written atomically like the other writers (e.g. the run's ``report.html``).

    Parameters
    ----------
    path : str or os.PathLike
        Destination file.
    text : str
        The content.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    TypeError
        ``path`` is not a path or ``text`` is not a string.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     write_text(f"{tmp}/note.txt", "P_D = 0.9").read_text(encoding="utf-8")
    'P_D = 0.9'
    """
    path = _check_path(path)
    check_instance("text", text, str)
    with _atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return path


def read_json(path):
    """Read a JSON file written by :func:`write_json`.

    Parameters
    ----------
    path : str or os.PathLike
        A JSON file.

    Returns
    -------
    object
        The decoded object (a ``dict`` for what the package writes); arrays come back as
        lists.

    Raises
    ------
    TypeError
        ``path`` is not a path.
    FileNotFoundError
        There is no file at ``path``.
    ValueError
        The file is not valid JSON.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     read_json(write_json(f"{tmp}/a.json", {"pd": 0.5, "ok": True}))
    {'pd': 0.5, 'ok': True}
    """
    path = _check_path(path)
    text = path.read_text()
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        fail("path", _shown(path), f"use a JSON file ({err})")


def _column(name, values) -> np.ndarray:
    if not isinstance(name, str) or not name or any(c in name for c in ",\r\n\""):
        fail("columns", name, "use non-empty string column names without commas, quotes "
             "or line breaks")
    try:
        arr = np.asarray(values)
    except (TypeError, ValueError):
        fail(f"columns[{name!r}]", values, "use a 1-D sequence of numbers or strings")
    if arr.ndim != 1 or arr.dtype == object:
        fail(f"columns[{name!r}]", values, "use a 1-D sequence of numbers or strings"
             + (f" (got shape {arr.shape})" if arr.ndim != 1 else ""))
    return arr


def _cell(value, real: bool) -> str:
    return repr(float(value)) if real else str(value)


def write_csv(path, columns) -> Path:
    """Write equal-length 1-D columns as a CSV file with a header row.

    Parameters
    ----------
    path : str or os.PathLike
        Destination file.
    columns : Mapping[str, array_like]
        ``{name: values}`` in column order. Values are 1-D sequences of equal length;
        real numbers are written as ``repr(float(v))`` (exact round trip), anything
        else (strings, complex numbers) as ``str(v)``.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    TypeError
        ``path`` is not a path or ``columns`` is not a mapping.
    ValueError
        ``columns`` is empty, a name is not a non-empty string free of commas, quotes and
        line breaks, a column is not 1-D, or the columns differ in length.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     p = write_csv(f"{tmp}/curve.csv", {"snr_db": [0, 10], "pd": [0.25, 0.9]})
    ...     print(p.read_text(), end="")
    snr_db,pd
    0.0,0.25
    10.0,0.9
    """
    path = _check_path(path)
    check_instance("columns", columns, Mapping, "mapping {name: 1-D values}")
    if not columns:
        fail("columns", columns, "use at least one column")
    arrays = {name: _column(name, values) for name, values in columns.items()}
    lengths = {name: a.size for name, a in arrays.items()}
    if len(set(lengths.values())) > 1:
        fail("columns", lengths, "use 1-D columns of equal length (lengths shown)")
    real = [a.dtype.kind in "biuf" for a in arrays.values()]
    buffer = _stdlib_io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(list(arrays))
    for row in zip(*arrays.values(), strict=True):
        writer.writerow([_cell(v, r) for v, r in zip(row, real, strict=True)])
    with _atomic_path(path) as tmp:
        tmp.write_text(buffer.getvalue())
    return path


def read_csv(path) -> dict:
    """Read a CSV file written by :func:`write_csv` into a dict of arrays.

    Parameters
    ----------
    path : str or os.PathLike
        A CSV file with a header row.

    Returns
    -------
    dict[str, numpy.ndarray]
        One 1-D array per column, in file order: float64 where every entry of the column
        reads as a number (``nan`` and ``inf`` included), otherwise an array of strings.

    Raises
    ------
    TypeError
        ``path`` is not a path.
    FileNotFoundError
        There is no file at ``path``.
    ValueError
        The file is empty, a header name repeats, or a row has a different number of
        fields than the header.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     p = write_csv(f"{tmp}/c.csv", {"x": [1.5, 2.5], "link": ["up", "down"]})
    ...     cols = read_csv(p)
    >>> cols["x"]
    array([1.5, 2.5])
    >>> cols["link"].tolist()
    ['up', 'down']
    """
    path = _check_path(path)
    with open(path, newline="") as fh:
        rows = list(csv.reader(fh))
    if not rows:
        fail("path", _shown(path), "use a CSV file with a header row (the file is empty)")
    names = rows[0]
    if len(set(names)) != len(names):
        fail("path", _shown(path), f"use a CSV file with distinct column names (header {names})")
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(names):
            fail("path", _shown(path), f"use a CSV file with {len(names)} fields per row "
                 f"(line {line} has {len(row)})")
    out = {}
    for j, name in enumerate(names):
        cells = [row[j] for row in rows[1:]]
        try:
            out[name] = np.array([float(c) for c in cells], dtype=np.float64)
        except ValueError:
            out[name] = np.array(cells, dtype=str)
    return out


def save_npz(path, **arrays) -> Path:
    """Save arrays to a compressed ``.npz`` file.

    Parameters
    ----------
    path : str or os.PathLike
        Destination file (written as given: no ``.npz`` is appended).
    **arrays : array_like
        The arrays, by name (read them back with :func:`numpy.load`).

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    TypeError
        ``path`` is not a path.

    Examples
    --------
    >>> import tempfile
    >>> import numpy as np
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     p = save_npz(f"{tmp}/grid.npz", grid=np.eye(2))
    ...     with np.load(p) as data:
    ...         print(data["grid"].sum())
    2.0
    """
    path = _check_path(path)
    with _atomic_path(path) as tmp, open(tmp, "wb") as fh:
        np.savez_compressed(fh, **arrays)
    return path


def save_figure(fig, path, *, dpi: int = 120) -> Path:
    """Save a matplotlib figure (format from the suffix) and close it.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure, e.g. from a :mod:`ofdmisac.plotting` function.
    path : str or os.PathLike
        Destination file; its suffix picks the format among those of the figure's
        canvas (``.png``, ``.pdf``, ``.svg``, ...); no suffix writes PNG.
    dpi : int, optional
        Resolution in dots per inch (default 120), >= 1.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    TypeError
        ``fig`` is not a matplotlib figure, ``path`` is not a path or ``dpi`` is not an
        integer.
    ValueError
        The suffix of ``path`` names no format the canvas supports, or ``dpi < 1``.

    Examples
    --------
    >>> import tempfile
    >>> import matplotlib.figure
    >>> fig = matplotlib.figure.Figure()
    >>> _ = fig.add_subplot().plot([0, 1], [1, 0])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     save_figure(fig, f"{tmp}/line.svg").stat().st_size > 0
    True
    """
    import matplotlib.figure
    import matplotlib.pyplot as plt


    check_instance("fig", fig, matplotlib.figure.Figure, "matplotlib.figure.Figure")
    path = _check_path(path)
    dpi = check_int("dpi", dpi, minimum=1)
    fmt = path.suffix.lstrip(".").lower() or "png"
    supported = sorted(fig.canvas.get_supported_filetypes())
    if fmt not in supported:
        fail("path", _shown(path), "use a suffix among " + ", ".join(f".{s}" for s in supported))
    with _atomic_path(path) as tmp:
        fig.savefig(tmp, dpi=dpi, format=fmt, bbox_inches="tight")
    plt.close(fig)
    return path
