"""The recording object: IQ samples with their sample rate, centre frequency, annotations and
the ofdmisac configuration that made them; building one from an ISAC frame or a PRS resource,
and regenerating the waveform from that configuration.

The configuration is a JSON-ready dict (``Recording.config``)::

    {"waveform": "isac_frame", "frame": {IsacFrameConfig fields}, "slot_start": int,
     "slot_stop": int, "data": "qpsk" | "zero", "seed": int}
    {"waveform": "prs", "carrier": {Carrier fields}, "prs": {PRSConfig fields},
     "n_slots": int, "first_slot": int, "period_slots": int, "offset_slots": int,
     "repetition_factor": int}

Carriers and configurations are written field by field (tuples as lists), so
:func:`frame_config_from_dict` rebuilds an equal :class:`~ofdmisac.waveforms.IsacFrameConfig`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np

from .._validation import check_choice, check_instance, check_int, check_real, fail
from ..waveforms import (
    Carrier,
    IsacFrame,
    IsacFrameConfig,
    PRSConfig,
    prs_occasion_slots,
    prs_waveform,
)

__all__ = ["Annotation", "Recording", "frame_recording", "prs_recording",
           "frame_config_to_dict", "frame_config_from_dict", "regenerate_waveform"]

class _Shown:
    """Stands for a value in a message (shape, dtype, a note) without quotes."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.text


_FRAME_TUPLES = ("ssb_indices", "extra_ssb_times_s", "prs_active")


@dataclass(frozen=True, kw_only=True)
class Annotation:
    """A labelled sample range and band of a recording (SigMF annotation)

    Parameters
    ----------
    sample_start : int
        First sample (``core:sample_start``), >= 0.
    sample_count : int
        Number of samples (``core:sample_count``), >= 1.
    freq_lower_edge_hz, freq_upper_edge_hz : float
        RF edges of the band (``core:freq_lower_edge`` / ``core:freq_upper_edge``).
    label : str
        ``core:label`` (e.g. ``"SSB i_SSB=3"``).
    kind : str
        ``"ssb"`` or ``"prs"`` for the occasions ofdmisac writes (``ofdmisac:kind``).
    index : int
        i_SSB of an SSB, slot of a PRS occasion (``ofdmisac:index``).

    Raises
    ------
    TypeError
        A field given positionally or missing (dataclass constructor; not validated).

    Examples
    --------
    >>> from ofdmisac.recordings import Annotation
    >>> Annotation(sample_start=10, sample_count=5, freq_lower_edge_hz=1e9,
    ...            freq_upper_edge_hz=1.1e9, label="SSB i_SSB=0", kind="ssb", index=0).sample_stop
    15
    """

    sample_start: int
    sample_count: int
    freq_lower_edge_hz: float
    freq_upper_edge_hz: float
    label: str
    kind: str = ""
    index: int = 0

    @property
    def sample_stop(self) -> int:
        """One past the last sample, ``sample_start + sample_count``."""
        return self.sample_start + self.sample_count


@dataclass(frozen=True, kw_only=True, eq=False)
class Recording:
    """IQ samples with rate, centre frequency, annotations and configuration

    What a SigMF (:func:`write_sigmf`) or ``.npz`` (:func:`write_recording_npz`) recording
    file holds.

    Parameters
    ----------
    samples : array_like of complex, shape ``(n_samples,)``
        The IQ samples; stored as complex64 (``cf32_le`` on disk).
    sample_rate_hz : float
        Sample rate (> 0), ``core:sample_rate``.
    center_frequency_hz : float
        RF centre frequency (>= 0) of sample-stream DC, ``core:frequency`` of the capture.
    carrier : Carrier, optional
        The NR numerology of the samples (``ofdmisac:carrier``); the receiver needs it.
        Its ``sample_rate_hz`` must equal ``sample_rate_hz``.
    annotations : tuple of Annotation
        Labelled sample ranges, sorted by ``sample_start``.
    config : dict, optional
        JSON-ready ofdmisac configuration that made the samples (``ofdmisac:config``, see
        the module docstring); :func:`regenerate_waveform` remakes them from it.
    description : str
        ``core:description``.

    Attributes
    ----------
    n_samples : int
        Number of samples.
    duration_s : float
        ``n_samples / sample_rate_hz``.

    Raises
    ------
    ValueError
        If ``samples`` is not 1-D or not finite, a rate or frequency is out of range, the
        carrier's sample rate differs, or an annotation lies outside the samples.
    TypeError
        If ``carrier`` is not a Carrier, or ``config`` not a dict.

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.recordings import Recording
    >>> r = Recording(samples=np.zeros(8, np.complex64), sample_rate_hz=1e6,
    ...               center_frequency_hz=2.4e9)
    >>> r.n_samples, r.samples.dtype
    (8, dtype('complex64'))
    """

    samples: np.ndarray
    sample_rate_hz: float
    center_frequency_hz: float
    carrier: Carrier | None = None
    annotations: tuple = ()
    config: dict | None = None
    description: str = ""
    n_samples: int = field(init=False)

    def __post_init__(self):
        x = np.asarray(self.samples)
        if x.ndim != 1:
            fail("samples", _Shown(f"<array of shape {x.shape}>"), "use a 1-D array of IQ samples")
        if not np.issubdtype(x.dtype, np.number):
            fail("samples", _Shown(f"<array of dtype {x.dtype}>"), "use complex IQ samples",
                 TypeError)
        x = np.ascontiguousarray(x, dtype=np.complex64)
        if not np.all(np.isfinite(x.view(np.float32))):
            fail("samples", _Shown("<array with NaN or inf>"), "use finite samples")
        object.__setattr__(self, "samples", x)
        object.__setattr__(self, "n_samples", int(x.size))
        rate = check_real("sample_rate_hz", self.sample_rate_hz, minimum=0.0, strict_min=True)
        object.__setattr__(self, "sample_rate_hz", rate)
        object.__setattr__(self, "center_frequency_hz",
                           check_real("center_frequency_hz", self.center_frequency_hz,
                                      minimum=0.0))
        if self.carrier is not None:
            check_instance("carrier", self.carrier, Carrier)
            if abs(self.carrier.sample_rate_hz - rate) > 1e-9 * rate:
                fail("sample_rate_hz", rate, f"it must equal the carrier's sample rate "
                     f"{self.carrier.sample_rate_hz:g} Hz")
        if self.config is not None:
            check_instance("config", self.config, dict)
        annotations = tuple(self.annotations)
        for i, a in enumerate(annotations):
            check_instance(f"annotations[{i}]", a, Annotation)
            if a.sample_start < 0 or a.sample_count < 1 or a.sample_stop > x.size:
                fail(f"annotations[{i}]", (a.sample_start, a.sample_count),
                     f"the range must lie in the {x.size} samples")
        object.__setattr__(self, "annotations", annotations)
        object.__setattr__(self, "description", str(self.description))

    @property
    def duration_s(self) -> float:
        """Duration ``n_samples / sample_rate_hz`` in s."""
        return self.n_samples / self.sample_rate_hz


# --- configuration <-> dict --------------------------------------------------------------------
def _plain(value):
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return float(value)
    return value


def _carrier_dict(carrier: Carrier) -> dict:
    return {"scs_khz": carrier.scs_khz, "n_rb": carrier.n_rb,
            "cyclic_prefix": carrier.cyclic_prefix, "n_start_grid": carrier.n_start_grid,
            "n_fft": carrier.n_fft}


def _prs_dict(prs: PRSConfig) -> dict:
    return {f.name: _plain(getattr(prs, f.name)) for f in dataclasses.fields(PRSConfig)}


def _config_error(name: str, value, exc: Exception):
    fail(name, value, f"it does not describe a valid configuration ({exc})")


def _carrier_from(value, name: str = "carrier") -> Carrier:
    if not isinstance(value, dict):
        fail(name, value, "use a mapping of Carrier fields", TypeError)
    try:
        return Carrier(**value)
    except (TypeError, ValueError) as exc:
        _config_error(name, value, exc)


def _prs_from(value, name: str = "prs") -> PRSConfig:
    if not isinstance(value, dict):
        fail(name, value, "use a mapping of PRSConfig fields", TypeError)
    try:
        return PRSConfig(**value)
    except (TypeError, ValueError) as exc:
        _config_error(name, value, exc)


def frame_config_to_dict(config: IsacFrameConfig) -> dict:
    """JSON-ready dict of an ISAC frame configuration (all fields)

    Parameters
    ----------
    config : IsacFrameConfig
        The configuration.

    Returns
    -------
    dict
        One key per field; ``carrier`` and ``prs`` are dicts of their fields, tuples lists.

    Raises
    ------
    TypeError
        If ``config`` is not an :class:`~ofdmisac.waveforms.IsacFrameConfig`.

    Examples
    --------
    >>> from ofdmisac.waveforms import IsacFrameConfig
    >>> from ofdmisac.recordings import frame_config_from_dict, frame_config_to_dict
    >>> cfg = IsacFrameConfig(n_id_cell=17)
    >>> frame_config_from_dict(frame_config_to_dict(cfg)) == cfg
    True
    """
    check_instance("config", config, IsacFrameConfig)
    out = {}
    for f in dataclasses.fields(IsacFrameConfig):
        value = getattr(config, f.name)
        if f.name == "carrier":
            value = _carrier_dict(value)
        elif f.name == "prs":
            value = _prs_dict(value)
        out[f.name] = _plain(value)
    return out


def frame_config_from_dict(value: dict) -> IsacFrameConfig:
    """Rebuild an ISAC frame configuration from :func:`frame_config_to_dict`.

    Parameters
    ----------
    value : dict
        Fields of :class:`~ofdmisac.waveforms.IsacFrameConfig` (missing ones take their
        defaults; ``carrier`` and ``prs`` as dicts).

    Returns
    -------
    IsacFrameConfig
        The configuration.

    Raises
    ------
    TypeError
        If ``value`` (or its carrier / PRS entry) is not a mapping.
    ValueError
        If a field is unknown or not valid (the message names it).

    Examples
    --------
    >>> from ofdmisac.recordings import frame_config_from_dict
    >>> frame_config_from_dict({"n_id_cell": 5, "duration_s": 5e-3,
    ...                         "ssb_period_s": 5e-3}).n_id_cell
    5
    """
    if not isinstance(value, dict):
        fail("frame", value, "use a mapping of IsacFrameConfig fields", TypeError)
    known = {f.name for f in dataclasses.fields(IsacFrameConfig)}
    unknown = sorted(set(value) - known)
    if unknown:
        fail("frame", unknown, f"use fields of IsacFrameConfig ({', '.join(sorted(known))})")
    kwargs = dict(value)
    if kwargs.get("carrier") is not None:
        kwargs["carrier"] = _carrier_from(kwargs["carrier"], "frame.carrier")
    if kwargs.get("prs") is not None:
        kwargs["prs"] = _prs_from(kwargs["prs"], "frame.prs")
    for name in _FRAME_TUPLES:
        if isinstance(kwargs.get(name), list):
            kwargs[name] = tuple(kwargs[name])
    try:
        return IsacFrameConfig(**kwargs)
    except (TypeError, ValueError) as exc:
        _config_error("frame", value, exc)


# --- building recordings -----------------------------------------------------------------------
def _annotation(occasion, fc_hz: float) -> Annotation:
    return Annotation(sample_start=occasion.sample_start, sample_count=occasion.sample_count,
                      freq_lower_edge_hz=fc_hz + occasion.freq_lower_hz,
                      freq_upper_edge_hz=fc_hz + occasion.freq_upper_hz, label=occasion.label,
                      kind=occasion.kind, index=occasion.index)


def _seed(seed) -> int:
    if seed is None:
        return int(np.random.SeedSequence().generate_state(1, np.uint32)[0])
    return check_int("seed", seed, minimum=0, maximum=2**63 - 1)


def frame_recording(frame: IsacFrame, *, center_frequency_hz: float, slot_start: int = 0,
                    slot_stop: int | None = None, data: str = "qpsk",
                    seed: int | None = None) -> Recording:
    """Recording of an ISAC frame's waveform, annotations and configuration

    The samples are :meth:`IsacFrame.waveform <ofdmisac.waveforms.IsacFrame.waveform>`
    (``rng=seed``); every SS/PBCH block and PRS occasion becomes an :class:`Annotation`
    (:func:`~ofdmisac.waveforms.frame_occasions`, band edges shifted by
    ``center_frequency_hz``); the configuration (frame, slot range, data, seed) is kept so
    that :func:`regenerate_waveform` remakes the samples bit for bit.

    Parameters
    ----------
    frame : IsacFrame
        The frame.
    center_frequency_hz : float
        RF carrier frequency of the waveform's DC (>= 0).
    slot_start, slot_stop : int
        Slot range (default the whole frame).
    data : {"qpsk", "zero"}
        Content of the data REs.
    seed : int, optional
        Seed of the data and PBCH bits (default: fresh entropy, recorded in the config).

    Returns
    -------
    Recording
        With ``carrier`` set and ``config["waveform"] == "isac_frame"``.

    Raises
    ------
    TypeError
        If ``frame`` is not an :class:`~ofdmisac.waveforms.IsacFrame` or an argument has the
        wrong kind.
    ValueError
        If an argument is out of range.

    Examples
    --------
    >>> from ofdmisac.waveforms import Carrier, IsacFrame, IsacFrameConfig
    >>> from ofdmisac.recordings import frame_recording
    >>> frame = IsacFrame(IsacFrameConfig(carrier=Carrier(scs_khz=30, n_rb=24),
    ...                   duration_s=5e-3, ssb_period_s=5e-3, prs_duration_s=1e-3,
    ...                   prs_offset_s=3e-3))
    >>> rec = frame_recording(frame, center_frequency_hz=3.5e9, seed=1)
    >>> rec.n_samples, len(rec.annotations), rec.annotations[0].label
    (76800, 10, 'SSB i_SSB=0')
    """
    check_instance("frame", frame, IsacFrame)
    fc = check_real("center_frequency_hz", center_frequency_hz, minimum=0.0)
    check_choice("data", data, ("qpsk", "zero"))
    start, stop = frame._check_range(slot_start, slot_stop)
    seed = _seed(seed)
    samples = frame.waveform(start, stop, data=data, rng=seed)
    config = {"waveform": "isac_frame", "frame": frame_config_to_dict(frame.config),
              "slot_start": start, "slot_stop": stop, "data": data, "seed": seed}
    return Recording(samples=samples, sample_rate_hz=frame.carrier.sample_rate_hz,
                     center_frequency_hz=fc, carrier=frame.carrier,
                     annotations=tuple(_annotation(o, fc) for o in frame.occasions(start, stop)),
                     config=config, description="ofdmisac ISAC frame waveform")


def prs_recording(carrier: Carrier, prs: PRSConfig, *, center_frequency_hz: float,
                  n_slots: int, first_slot: int = 0, period_slots: int = 1,
                  offset_slots: int = 0, repetition_factor: int = 1) -> Recording:
    """Recording of a multi-slot PRS waveform, one annotation per PRS slot.

    Parameters
    ----------
    carrier : Carrier
        The carrier.
    prs : PRSConfig
        The PRS resource.
    center_frequency_hz : float
        RF carrier frequency (>= 0).
    n_slots, first_slot, period_slots, offset_slots, repetition_factor : int
        See :func:`~ofdmisac.waveforms.prs_multi_slot_grid`.

    Returns
    -------
    Recording
        With ``config["waveform"] == "prs"``.

    Raises
    ------
    TypeError
        If an argument has the wrong kind.
    ValueError
        If an argument is out of range.

    Examples
    --------
    >>> from ofdmisac.waveforms import Carrier, PRSConfig
    >>> from ofdmisac.recordings import prs_recording
    >>> rec = prs_recording(Carrier(scs_khz=30, n_rb=24), PRSConfig(comb_size=2, num_symbols=2),
    ...                     center_frequency_hz=3.5e9, n_slots=20, period_slots=10)
    >>> [a.label for a in rec.annotations]
    ['PRS slot 0', 'PRS slot 10']
    """
    fc = check_real("center_frequency_hz", center_frequency_hz, minimum=0.0)
    kwargs = {"n_slots": n_slots, "first_slot": first_slot, "period_slots": period_slots,
              "offset_slots": offset_slots, "repetition_factor": repetition_factor}
    samples = prs_waveform(carrier, prs, **kwargs)
    slots = prs_occasion_slots(n_slots, period_slots=period_slots, offset_slots=offset_slots,
                               repetition_factor=repetition_factor, first_slot=first_slot)
    first_rb, n_rb = prs.band_rb(carrier)
    f = carrier.subcarrier_frequencies_hz()
    lo = fc + f[12 * first_rb] - carrier.scs_hz / 2
    hi = fc + f[12 * (first_rb + n_rb) - 1] + carrier.scs_hz / 2
    annotations = []
    for s in slots.tolist():
        slot0 = carrier.slot_start_sample(first_slot + s) - carrier.slot_start_sample(first_slot)
        starts = carrier.symbol_start_samples(first_slot + s)
        lengths = carrier.symbol_lengths(first_slot + s)
        a = slot0 + int(starts[prs.start_symbol])
        count = int(lengths[prs.start_symbol:prs.start_symbol + prs.num_symbols].sum())
        annotations.append(Annotation(sample_start=a, sample_count=count,
                                      freq_lower_edge_hz=float(lo), freq_upper_edge_hz=float(hi),
                                      label=f"PRS slot {s}", kind="prs", index=s))
    config = {"waveform": "prs", "carrier": _carrier_dict(carrier), "prs": _prs_dict(prs),
              **{k: int(v) for k, v in kwargs.items()}}
    return Recording(samples=samples, sample_rate_hz=carrier.sample_rate_hz,
                     center_frequency_hz=fc, carrier=carrier, annotations=tuple(annotations),
                     config=config, description="ofdmisac multi-slot PRS waveform")


def regenerate_waveform(config: dict) -> np.ndarray:
    """Remake the samples of a recording from its ofdmisac configuration.

    Parameters
    ----------
    config : dict
        ``Recording.config`` of :func:`frame_recording` or :func:`prs_recording` (see the
        module docstring).

    Returns
    -------
    numpy.ndarray
        complex64 ``[n_samples]``, bit-identical to the recording's samples.

    Raises
    ------
    TypeError
        If ``config`` is not a dict.
    ValueError
        If ``config["waveform"]`` is unknown or a field is not valid.

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.waveforms import Carrier, PRSConfig
    >>> from ofdmisac.recordings import prs_recording, regenerate_waveform
    >>> rec = prs_recording(Carrier(scs_khz=30, n_rb=24), PRSConfig(comb_size=2, num_symbols=2),
    ...                     center_frequency_hz=3.5e9, n_slots=4)
    >>> bool(np.array_equal(regenerate_waveform(rec.config), rec.samples))
    True
    """
    check_instance("config", config, dict)
    kind = check_choice("waveform", config.get("waveform"), ("isac_frame", "prs"))
    if kind == "isac_frame":
        frame = IsacFrame(frame_config_from_dict(config.get("frame", {})))
        return frame.waveform(config.get("slot_start", 0), config.get("slot_stop"),
                              data=config.get("data", "qpsk"), rng=config.get("seed"))
    keys = ("n_slots", "first_slot", "period_slots", "offset_slots", "repetition_factor")
    return prs_waveform(_carrier_from(config.get("carrier")), _prs_from(config.get("prs")),
                        **{k: config[k] for k in keys if k in config})
