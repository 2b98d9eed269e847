"""SigMF recordings (``.sigmf-meta`` + ``.sigmf-data``): metadata, writer, reader.

The samples are ``cf32_le`` (complex64, little endian). The metadata holds
``core:sample_rate``, one capture (``core:sample_start`` 0, ``core:frequency``), one
annotation per SS/PBCH block and PRS occasion (``core:sample_start``,
``core:sample_count``, ``core:freq_lower_edge``, ``core:freq_upper_edge``, ``core:label``,
``ofdmisac:kind``, ``ofdmisac:index``) and, in the ``ofdmisac`` extension namespace declared
in ``core:extensions`` (SigMF: an object with ``name``, ``version`` and ``optional``),
``ofdmisac:sample_count``, ``ofdmisac:carrier`` (the NR numerology) and ``ofdmisac:config``
(the configuration that made the waveform). The files are written and read with the
``sigmf`` package (an optional dependency: ``pip install 'ofdmisac[sigmf]'``), whose
validator checks the metadata both ways; the data file's SHA-512 is checked on reading.

A bad file gives one ``ValueError`` line naming the file and the field: another
``core:datatype``, a missing ``core:sample_rate``, a data file that is not a whole number of
samples (truncated), ``ofdmisac:sample_count`` or an annotation that does not match the
data length, a metadata file the validator rejects.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np

from .. import __version__
from .._validation import check_instance, fail
from ._recording import Annotation, Recording, _carrier_dict, _carrier_from

__all__ = ["SIGMF_EXTENSION", "sigmf_metadata", "write_sigmf", "read_sigmf"]

SIGMF_EXTENSION = {"name": "ofdmisac", "version": "1.0.0", "optional": True}
"""Declaration of the ``ofdmisac`` namespace in ``core:extensions``."""

_DATATYPE = "cf32_le"
_SAMPLE_BYTES = 8
_SPEC_VERSION = "1.2.6"  # core:version written when the sigmf package is not installed


def _sigmf():
    """The sigmf package, imported on first use (an optional dependency)."""
    try:
        import sigmf
        import sigmf.validate  # noqa: F401
    except ImportError:
        raise ImportError("SigMF files need the optional dependency 'sigmf'; install it "
                          "with pip install 'ofdmisac[sigmf]'") from None
    return sigmf


def sigmf_metadata(recording: Recording) -> dict:
    """SigMF metadata (``global``, ``captures``, ``annotations``) of a recording.

    Parameters
    ----------
    recording : Recording
        The recording.

    Returns
    -------
    dict
        JSON-ready metadata (without ``core:sha512``, which :func:`write_sigmf` adds).

    Raises
    ------
    TypeError
        If ``recording`` is not a :class:`Recording`.

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.recordings import Recording, sigmf_metadata
    >>> meta = sigmf_metadata(Recording(samples=np.zeros(4), sample_rate_hz=1e6,
    ...                                 center_frequency_hz=2.4e9))
    >>> meta["global"]["core:datatype"], meta["captures"][0]["core:frequency"]
    ('cf32_le', 2400000000.0)
    """
    check_instance("recording", recording, Recording)
    try:
        import sigmf

        version = sigmf.__specification__
    except ImportError:  # .npz files do not need the sigmf package
        version = _SPEC_VERSION
    glob = {"core:datatype": _DATATYPE, "core:version": version,
            "core:sample_rate": float(recording.sample_rate_hz),
            "core:recorder": f"ofdmisac {__version__}",
            "core:extensions": [dict(SIGMF_EXTENSION)],
            "ofdmisac:sample_count": recording.n_samples}
    if recording.description:
        glob["core:description"] = recording.description
    if recording.carrier is not None:
        glob["ofdmisac:carrier"] = _carrier_dict(recording.carrier)
    if recording.config is not None:
        glob["ofdmisac:config"] = recording.config
    annotations = []
    for a in recording.annotations:
        entry = {"core:sample_start": int(a.sample_start),
                 "core:sample_count": int(a.sample_count),
                 "core:freq_lower_edge": float(a.freq_lower_edge_hz),
                 "core:freq_upper_edge": float(a.freq_upper_edge_hz), "core:label": a.label}
        if a.kind:
            entry["ofdmisac:kind"] = a.kind
            entry["ofdmisac:index"] = int(a.index)
        annotations.append(entry)
    annotations.sort(key=lambda e: e["core:sample_start"])
    return {"global": glob,
            "captures": [{"core:sample_start": 0,
                          "core:frequency": float(recording.center_frequency_hz)}],
            "annotations": annotations}


def _paths(path) -> tuple[Path, Path]:
    p = Path(path)
    name = p.name
    for ext in (".sigmf-meta", ".sigmf-data"):
        if name.endswith(ext):
            p = p.with_name(name[: -len(ext)])
            break
    return p.with_name(p.name + ".sigmf-meta"), p.with_name(p.name + ".sigmf-data")


def write_sigmf(recording: Recording, path, *, overwrite: bool = False) -> Path:
    """Write a recording as a SigMF pair ``NAME.sigmf-meta`` / ``NAME.sigmf-data``.

    The metadata is :func:`sigmf_metadata`, validated by the sigmf package before it is
    written (the data file's SHA-512 included).

    Parameters
    ----------
    recording : Recording
        The recording.
    path : str or os.PathLike
        ``NAME``, ``NAME.sigmf-meta`` or ``NAME.sigmf-data``.
    overwrite : bool
        Replace existing files (default: refuse).

    Returns
    -------
    pathlib.Path
        The ``.sigmf-meta`` file.

    Raises
    ------
    FileExistsError
        If a file exists and ``overwrite`` is False.
    ImportError
        If the optional ``sigmf`` package is missing.
    TypeError
        If ``recording`` is not a :class:`Recording`.

    Examples
    --------
    >>> import tempfile, numpy as np
    >>> from pathlib import Path
    >>> from ofdmisac.recordings import Recording, read_sigmf, write_sigmf
    >>> rec = Recording(samples=np.arange(4) * (1 + 1j), sample_rate_hz=1e6,
    ...                 center_frequency_hz=2.4e9)
    >>> meta = write_sigmf(rec, Path(tempfile.mkdtemp()) / "x")
    >>> meta.name, read_sigmf(meta).samples.tolist()
    ('x.sigmf-meta', [0j, (1+1j), (2+2j), (3+3j)])
    """
    check_instance("recording", recording, Recording)
    sigmf = _sigmf()
    meta_path, data_path = _paths(path)
    if not overwrite:
        for p in (meta_path, data_path):
            if p.exists():
                raise FileExistsError(f"{p} exists; pass overwrite=True to replace it")
    meta_path.parent.mkdir(parents=True, exist_ok=True)
    metadata = sigmf_metadata(recording)
    tmp = data_path.with_name(data_path.name + ".tmp")
    recording.samples.astype("<c8", copy=False).tofile(tmp)
    tmp.replace(data_path)
    handle = sigmf.SigMFFile(metadata=metadata, data_file=data_path)  # adds core:sha512
    handle.tofile(meta_path, overwrite=True)  # validates the metadata first
    return meta_path


def _field_error(path: Path, name: str, value, requirement: str):
    fail(f"{path.name}: {name}", value, requirement)


def _recording_from_metadata(metadata, samples_of, path: Path) -> Recording:
    """Check ``metadata`` (SigMF dict) and build the recording; ``samples_of()`` returns
    the data or raises with the file's name. The SigMF validator runs when the sigmf package
    is installed (always for SigMF files, which need it to be read)."""
    try:
        sigmf = _sigmf()
    except ImportError:
        sigmf = None
    if not isinstance(metadata, dict) or not isinstance(metadata.get("global"), dict):
        _field_error(path, "global", type(metadata).__name__,
                     "the metadata must be a JSON object with a 'global' object")
    glob = metadata["global"]
    datatype = glob.get("core:datatype")
    if datatype != _DATATYPE:
        _field_error(path, "core:datatype", datatype,
                     f"ofdmisac reads {_DATATYPE!r} (complex64 little endian) recordings")
    if "core:sample_rate" not in glob:
        _field_error(path, "core:sample_rate", None, "the recording must state its sample rate")
    if sigmf is not None:
        import jsonschema

        try:
            sigmf.validate.validate(metadata)
        except jsonschema.exceptions.ValidationError as exc:
            where = "/".join(str(p) for p in exc.absolute_path) or "metadata"
            _field_error(path, where, exc.instance, f"the SigMF validator rejects it: "
                         f"{exc.message.splitlines()[0]}")
    rate = glob["core:sample_rate"]
    if not (isinstance(rate, (int, float)) and rate > 0):
        _field_error(path, "core:sample_rate", rate, "use a positive number")
    samples = samples_of()
    n = samples.size
    count = glob.get("ofdmisac:sample_count")
    if count is not None and count != n:
        _field_error(path, "ofdmisac:sample_count", count,
                     f"it must equal the {n} samples of the data")
    captures = metadata.get("captures", [])
    fc = 0.0
    if captures:
        fc = float(captures[0].get("core:frequency", 0.0))
        for i, cap in enumerate(captures):
            if cap.get("core:sample_start", 0) >= max(n, 1):
                _field_error(path, f"captures[{i}].core:sample_start",
                             cap.get("core:sample_start"), f"it must lie in the {n} samples")
    annotations = []
    for i, entry in enumerate(metadata.get("annotations", [])):
        start = entry["core:sample_start"]
        count_i = entry.get("core:sample_count", 1)
        if start + count_i > n:
            _field_error(path, f"annotations[{i}].core:sample_count", count_i,
                         f"the annotation (core:sample_start={start}) must end within the "
                         f"{n} samples of the data")
        annotations.append(Annotation(
            sample_start=int(start), sample_count=int(count_i),
            freq_lower_edge_hz=float(entry.get("core:freq_lower_edge", fc)),
            freq_upper_edge_hz=float(entry.get("core:freq_upper_edge", fc)),
            label=str(entry.get("core:label", "")), kind=str(entry.get("ofdmisac:kind", "")),
            index=int(entry.get("ofdmisac:index", 0))))
    carrier = glob.get("ofdmisac:carrier")
    if carrier is not None:
        carrier = _carrier_from(carrier, f"{path.name}: ofdmisac:carrier")
        if abs(carrier.sample_rate_hz - rate) > 1e-9 * rate:
            _field_error(path, "core:sample_rate", rate, f"it must equal the sample rate "
                         f"{carrier.sample_rate_hz:g} Hz of ofdmisac:carrier")
    return Recording(samples=samples, sample_rate_hz=float(rate), center_frequency_hz=fc,
                     carrier=carrier, annotations=tuple(annotations),
                     config=glob.get("ofdmisac:config"),
                     description=glob.get("core:description", ""))


def read_sigmf(path) -> Recording:
    """Read a SigMF recording written by :func:`write_sigmf` (or any ``cf32_le`` one).

    Parameters
    ----------
    path : str or os.PathLike
        ``NAME``, ``NAME.sigmf-meta`` or ``NAME.sigmf-data``.

    Returns
    -------
    Recording
        Samples (complex64, bit-identical to those written), sample rate, centre frequency
        (of the first capture), annotations, carrier and configuration.

    Raises
    ------
    FileNotFoundError
        If the metadata or data file is missing.
    ImportError
        If the optional ``sigmf`` package is missing.
    ValueError
        A bad file: the message names the file and the field (``core:datatype``,
        ``core:sample_rate``, the data length, ``ofdmisac:sample_count``, an annotation,
        ``core:sha512``, a field the SigMF validator rejects).

    Examples
    --------
    >>> import tempfile, numpy as np
    >>> from pathlib import Path
    >>> from ofdmisac.recordings import Recording, read_sigmf, write_sigmf
    >>> rec = Recording(samples=np.ones(3), sample_rate_hz=2e6, center_frequency_hz=1e9)
    >>> back = read_sigmf(write_sigmf(rec, Path(tempfile.mkdtemp()) / "y"))
    >>> back.sample_rate_hz, back.center_frequency_hz
    (2000000.0, 1000000000.0)
    """
    sigmf = _sigmf()
    meta_path, data_path = _paths(path)
    if not meta_path.is_file():
        raise FileNotFoundError(f"{meta_path}: no such SigMF metadata file")
    try:
        metadata = json.loads(meta_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        _field_error(meta_path, "metadata", str(exc), "the file must hold SigMF JSON")
    if isinstance(metadata, dict) and isinstance(metadata.get("global"), dict):
        dataset = metadata["global"].get("core:dataset")
        if dataset:
            data_path = meta_path.with_name(str(dataset))

    def samples_of():
        if not data_path.is_file():
            raise FileNotFoundError(f"{data_path}: no such SigMF data file (for {meta_path})")
        size = data_path.stat().st_size
        if size % _SAMPLE_BYTES:
            _field_error(data_path, "size", size, f"a {_DATATYPE} data file holds whole "
                         f"samples of {_SAMPLE_BYTES} bytes (the file is truncated?)")
        expected = metadata["global"].get("ofdmisac:sample_count")
        if isinstance(expected, int) and expected != size // _SAMPLE_BYTES:
            _field_error(meta_path, "ofdmisac:sample_count", expected,
                         f"it must equal the {size // _SAMPLE_BYTES} samples of "
                         f"{data_path.name} (the data file is truncated?)")
        try:
            with warnings.catch_warnings():  # length problems are reported by the checks here
                warnings.simplefilter("ignore", UserWarning)
                handle = sigmf.SigMFFile(metadata=metadata, data_file=data_path)
        except sigmf.error.SigMFFileError as exc:
            _field_error(meta_path, "core:sha512", metadata["global"].get("core:sha512"),
                         f"it must match {data_path.name} ({exc})")
        if size == 0:
            return np.zeros(0, np.complex64)
        return np.ascontiguousarray(handle.read_samples(), dtype=np.complex64)

    return _recording_from_metadata(metadata, samples_of, meta_path)
