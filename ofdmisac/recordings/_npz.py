"""Recordings as one ``.npz`` file: the samples and the same metadata as the SigMF writer.

The archive holds ``samples`` (complex64 ``[n_samples]``) and ``metadata`` (the JSON text of
:func:`~ofdmisac.recordings.sigmf_metadata`); reading applies the same checks as
:func:`~ofdmisac.recordings.read_sigmf`. :func:`read_recording` / :func:`write_recording`
pick the format from the file name.
"""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from pathlib import Path

import numpy as np

from .._validation import check_choice, check_instance, fail
from ._recording import Recording, _Shown
from ._sigmf import _field_error, _recording_from_metadata, read_sigmf, sigmf_metadata, write_sigmf

__all__ = ["write_recording_npz", "read_recording_npz", "write_recording", "read_recording"]


def write_recording_npz(recording: Recording, path, *, overwrite: bool = False) -> Path:
    """Write a recording as one ``.npz`` file (samples + SigMF metadata as JSON).

    Parameters
    ----------
    recording : Recording
        The recording.
    path : str or os.PathLike
        The file (``.npz`` is appended when missing).
    overwrite : bool
        Replace an existing file (default: refuse).

    Returns
    -------
    pathlib.Path
        The file written (atomically: a temporary file renamed).

    Raises
    ------
    FileExistsError
        If the file exists and ``overwrite`` is False.
    TypeError
        If ``recording`` is not a :class:`Recording`.

    Examples
    --------
    >>> import tempfile, numpy as np
    >>> from pathlib import Path
    >>> from ofdmisac.recordings import Recording, read_recording_npz, write_recording_npz
    >>> rec = Recording(samples=np.ones(3), sample_rate_hz=2e6, center_frequency_hz=1e9)
    >>> p = write_recording_npz(rec, Path(tempfile.mkdtemp()) / "r")
    >>> p.name, read_recording_npz(p).n_samples
    ('r.npz', 3)
    """
    check_instance("recording", recording, Recording)
    p = Path(path)
    if p.suffix != ".npz":
        p = p.with_name(p.name + ".npz")
    if p.exists() and not overwrite:
        raise FileExistsError(f"{p} exists; pass overwrite=True to replace it")
    p.parent.mkdir(parents=True, exist_ok=True)
    meta = json.dumps(sigmf_metadata(recording))
    fd, tmp = tempfile.mkstemp(dir=p.parent, suffix=".npz.tmp")
    os.close(fd)
    try:
        with open(tmp, "wb") as fh:
            np.savez(fh, samples=recording.samples, metadata=np.array(meta))
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600
        os.replace(tmp, p)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return p


def read_recording_npz(path) -> Recording:
    """Read a recording written by :func:`write_recording_npz`.

    Parameters
    ----------
    path : str or os.PathLike
        The ``.npz`` file.

    Returns
    -------
    Recording
        As written (bit-identical samples).

    Raises
    ------
    FileNotFoundError
        If the file is missing.
    ValueError
        A bad file: the message names the file and the field (``samples``, ``metadata``
        and the metadata fields checked by :func:`~ofdmisac.recordings.read_sigmf`).

    Examples
    --------
    >>> import tempfile, numpy as np
    >>> from pathlib import Path
    >>> from ofdmisac.recordings import Recording, read_recording_npz, write_recording_npz
    >>> rec = Recording(samples=np.ones(2), sample_rate_hz=1e6, center_frequency_hz=0.0)
    >>> read_recording_npz(write_recording_npz(rec, Path(tempfile.mkdtemp()) / "a")).config
    """
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"{p}: no such recording file")
    try:
        with np.load(p, allow_pickle=False) as data:
            arrays = {k: data[k] for k in data.files}
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as exc:
        _field_error(p, "file", str(exc), "it must be an .npz archive (truncated?)")
    for key in ("samples", "metadata"):
        if key not in arrays:
            _field_error(p, key, None, "the archive must hold 'samples' and 'metadata'")
    try:
        metadata = json.loads(str(arrays["metadata"]))
    except json.JSONDecodeError as exc:
        _field_error(p, "metadata", str(exc), "it must be SigMF JSON text")

    def samples_of():
        x = arrays["samples"]
        if x.dtype != np.complex64 or x.ndim != 1:
            _field_error(p, "samples", _Shown(f"<array of shape {x.shape}, dtype {x.dtype}>"),
                         "use a 1-D complex64 array (cf32_le)")
        return x

    return _recording_from_metadata(metadata, samples_of, p)


def _format(path, format) -> str:
    if format is not None:
        return check_choice("format", format, ("sigmf", "npz"))
    name = Path(path).name
    return "npz" if name.endswith(".npz") else "sigmf"


def write_recording(recording: Recording, path, *, format: str | None = None,
                    overwrite: bool = False) -> Path:
    """Write a recording as SigMF or ``.npz`` (from ``format`` or the name)

    Parameters
    ----------
    recording : Recording
        The recording.
    path : str or os.PathLike
        ``NAME.npz`` for ``.npz``, otherwise a SigMF name (``NAME[.sigmf-meta]``).
    format : {"sigmf", "npz"}, optional
        Default: ``"npz"`` for a ``.npz`` name, else ``"sigmf"``.
    overwrite : bool
        Replace existing files.

    Returns
    -------
    pathlib.Path
        The file written (the ``.sigmf-meta`` of a SigMF pair).

    Raises
    ------
    FileExistsError
        If a file exists and ``overwrite`` is False.
    ValueError
        If ``format`` is unknown.

    Examples
    --------
    >>> import tempfile, numpy as np
    >>> from pathlib import Path
    >>> from ofdmisac.recordings import Recording, write_recording
    >>> rec = Recording(samples=np.ones(2), sample_rate_hz=1e6, center_frequency_hz=0.0)
    >>> write_recording(rec, Path(tempfile.mkdtemp()) / "a", format="npz").suffix
    '.npz'
    """
    if _format(path, format) == "npz":
        return write_recording_npz(recording, path, overwrite=overwrite)
    return write_sigmf(recording, path, overwrite=overwrite)


def read_recording(path) -> Recording:
    """Read a SigMF or ``.npz`` recording (chosen from the file name).

    Parameters
    ----------
    path : str or os.PathLike
        A ``.npz`` file, or a SigMF name (``NAME``, ``.sigmf-meta``, ``.sigmf-data``).

    Returns
    -------
    Recording
        The recording.

    Raises
    ------
    FileNotFoundError
        If a file is missing.
    ValueError
        A bad file (see :func:`~ofdmisac.recordings.read_sigmf`).

    Examples
    --------
    >>> import tempfile, numpy as np
    >>> from pathlib import Path
    >>> from ofdmisac.recordings import Recording, read_recording, write_recording
    >>> rec = Recording(samples=np.ones(2), sample_rate_hz=1e6, center_frequency_hz=0.0)
    >>> read_recording(write_recording(rec, Path(tempfile.mkdtemp()) / "a")).n_samples
    2
    """
    if _format(path, None) == "npz":
        return read_recording_npz(path)
    if Path(path).suffix not in ("", ".sigmf-meta", ".sigmf-data") and not Path(
            str(path) + ".sigmf-meta").exists():
        fail("path", str(path), "use a .npz file or a SigMF name (NAME, NAME.sigmf-meta)")
    return read_sigmf(path)
