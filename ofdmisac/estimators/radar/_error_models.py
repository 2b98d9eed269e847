"""Sensing error models: the interface through which link-level accuracy feeds the
network models.

An error model gives the RMS speed error ``sigma_v(scir)`` (m/s) and the RMS lateral
motion error ``sigma_d(scir, n_beams)`` (m) of PRS sensing as functions of the per-RE
sensing SCIR ``scir`` (linear; eta in [BM]). ``ofdmisac.network`` only ever calls these two
methods
(plus JSON persistence), so any implementation (the analytic [BM] eq. (15), a
Cramer-Rao bound, a table measured by running the estimators) can be plugged in.

Implementations register themselves by ``kind`` so :func:`load_error_model` can
rebuild any of them from JSON.

An error model records the waveform it describes (:class:`ErrorModelWaveform`: carrier
frequency, bandwidth, duration and, when measured on a sensing grid, its numerology and pilot
pattern) in its ``waveform`` attribute (None: unknown, e.g. a file written before the field
existed). The network models compare it with their scenario (``check_waveform``): a model
measured on another waveform is refused unless it is rescaled first (:meth:`rescaled`, the
resolution law of [BM] eq. (13) and eq. (15)); an analytic model (``analytic = True``,
:class:`PaperErrorModel`) is a formula of its own parameters and is used as given.

One idea: the error-model interface and its three implementations; about 130 of its lines are
code, the rest documentation.
"""

from __future__ import annotations

import json
import warnings
from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass

import numpy as np

from ..._validation import (
    check_array,
    check_choice,
    check_instance,
    check_int,
    check_real,
    fail,
)
from ...io import write_json
from ...units import SPEED_OF_LIGHT_MPS

__all__ = [
    "CrlbErrorModel", "ErrorModel", "ErrorModelWaveform", "MeasuredErrorModel",
    "PaperErrorModel", "load_error_model", "motion_resolution_m",
]

# laws of MeasuredErrorModel.rescaled / CrlbErrorModel.rescaled
_RESCALE_LAWS = ("resolution",)

# relative tolerance of ErrorModel.check_waveform on fc, bandwidth and duration: a grid of
# whole resource blocks and symbols differs from a scenario's nominal values by a fraction of
# a percent (240 MHz at 120 kHz is 166.7 RBs)
_WAVEFORM_RTOL = 0.01

_REGISTRY: dict[str, type] = {}


def motion_resolution_m(range_resolution_m, n_beams):
    """Lateral motion resolution of a beam from the radial range resolution.

    ``Delta d_b = 2 Delta r sin(theta_B / 2) = 2 Delta r sin(pi / n_B)`` ([BM] Sec. III-A,
    the unnumbered relation below eq. (13)).

    Parameters
    ----------
    range_resolution_m : float or array_like
        Radial range resolution Delta r (m), e.g. ``c / (2 B_PRS)`` of [BM] eq. (13) or a
        range standard deviation.
    n_beams : float or array_like
        Number of beams n_B (>= 1); the beamwidth is theta_B = 2 pi / n_B. Broadcasts
        against ``range_resolution_m``.

    Returns
    -------
    numpy.ndarray
        ``Delta d_b`` (m), float64, of the broadcast shape (0-d for scalars).

    Raises
    ------
    ValueError
        ``n_beams < 1``.

    References
    ----------
    [BM] Sec. III-A (motion resolution; no equation number).

    Examples
    --------
    >>> from ofdmisac.estimators import motion_resolution_m
    >>> round(float(motion_resolution_m(1.5, 16)), 4)
    0.5853
    """
    range_resolution_m = check_array("range_resolution_m", range_resolution_m, minimum=0.0,
                                     strict_min=True)
    n_beams = check_array("n_beams", n_beams, minimum=1, integer=True)
    return 2.0 * np.asarray(range_resolution_m, dtype=float) * np.sin(np.pi / n_beams)


def _check_scir(scir) -> np.ndarray:
    return check_array("scir", scir, minimum=0.0, strict_min=True, allow_inf=True)


_WAVEFORM_INTS = ("n_subcarriers", "n_symbols", "n_pilots", "subcarrier_step", "symbol_step")


@dataclass(frozen=True, kw_only=True)
class ErrorModelWaveform:
    """The sensing waveform an error model was measured on (or describes).

    Carrier frequency, bandwidth and duration are always known; the numerology and the pilot
    pattern summary are known for a model measured or computed on a
    :class:`~ofdmisac.waveforms.SensingGrid` (:meth:`from_sensing`) and None otherwise.

    Parameters
    ----------
    fc_hz : float
        Carrier frequency f_c (Hz, finite, > 0).
    bandwidth_hz : float
        Sensing bandwidth (Hz, finite, > 0): ``n_subcarriers * scs_hz`` of a grid, B_PRS of
        [BM] eq. (13).
    duration_s : float
        Observation time (s, finite, > 0): ``n_symbols * symbol_duration_s`` of a grid,
        T_PRS of [BM] eq. (13).
    scs_hz : float, optional
        Subcarrier spacing (Hz, > 0).
    n_subcarriers, n_symbols : int, optional
        Grid size (>= 1).
    n_pilots : int, optional
        Number of pilot REs (>= 1).
    subcarrier_step, symbol_step : int, optional
        Pilot spacings S_f and S_t of [BM] eq. (14) (both D for a staggered comb of size D;
        >= 1).

    Raises
    ------
    ValueError
        A value outside its domain.
    TypeError
        An integer field that is not an integer, a field given positionally.

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.estimators import ErrorModelWaveform
    >>> from ofdmisac.waveforms import SensingGrid
    >>> g = SensingGrid(fc_hz=28e9, scs_hz=120e3, symbol_duration_s=8.92e-6,
    ...                 pilot_mask=np.ones((64, 16), bool))
    >>> w = ErrorModelWaveform.from_sensing(g)
    >>> w.bandwidth_hz, w.n_pilots, w.subcarrier_step
    (7680000.0, 1024, 1)
    """

    fc_hz: float
    bandwidth_hz: float
    duration_s: float
    scs_hz: float | None = None
    n_subcarriers: int | None = None
    n_symbols: int | None = None
    n_pilots: int | None = None
    subcarrier_step: int | None = None
    symbol_step: int | None = None

    def __post_init__(self):
        for name in ("fc_hz", "bandwidth_hz", "duration_s", "scs_hz"):
            value = getattr(self, name)
            if value is not None or name != "scs_hz":
                object.__setattr__(self, name, check_real(name, value, minimum=0.0,
                                                          strict_min=True))
        for name in _WAVEFORM_INTS:
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, check_int(name, value, minimum=1))

    @classmethod
    def from_sensing(cls, sensing) -> ErrorModelWaveform:
        """The waveform of a sensing grid.

        Parameters
        ----------
        sensing : SensingGrid
            Numerology, pilot REs, symbol times and processing window.

        Returns
        -------
        ErrorModelWaveform
            ``fc_hz``, ``bandwidth_hz``, ``observation_time_s`` as ``duration_s``,
            ``scs_hz``, the grid size, ``n_pilots`` and the pilot steps of ``sensing``.

        Raises
        ------
        TypeError
            ``sensing`` is not a :class:`~ofdmisac.waveforms.SensingGrid`.
        """
        from ...waveforms import SensingGrid

        check_instance("sensing", sensing, SensingGrid)
        return cls(fc_hz=sensing.fc_hz, bandwidth_hz=sensing.bandwidth_hz,
                   duration_s=sensing.observation_time_s, scs_hz=sensing.scs_hz,
                   n_subcarriers=sensing.n_subcarriers, n_symbols=sensing.n_symbols,
                   n_pilots=sensing.n_pilots, subcarrier_step=sensing.subcarrier_step,
                   symbol_step=sensing.symbol_step)

    def to_dict(self) -> dict:
        """JSON-ready fields (None for the unknown ones).

        Returns
        -------
        dict
            Accepted by :meth:`from_dict`.
        """
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> ErrorModelWaveform:
        """Rebuild the waveform from :meth:`to_dict` output.

        Parameters
        ----------
        data : dict
            The fields by name (missing optional fields are unknown).

        Returns
        -------
        ErrorModelWaveform

        Raises
        ------
        TypeError
            ``data`` is not a dict, or holds an unknown field or lacks a required one.
        ValueError
            A field outside its domain.
        """
        check_instance("waveform", data, dict)
        return cls(**data)


def _waveform_from(data):
    """``ErrorModelWaveform`` from a dict (JSON), an instance or None."""
    if data is None or isinstance(data, ErrorModelWaveform):
        return data
    return ErrorModelWaveform.from_dict(data)


def _post_init_waveform(model):
    """Normalize the waveform fields of a measured/CRLB model (dicts from JSON)."""
    for name in ("waveform", "rescaled_from"):
        value = getattr(model, name)
        if value is not None:
            check_instance(name, value, (ErrorModelWaveform, dict),
                           "ErrorModelWaveform or dict")
            value = _waveform_from(value)
        object.__setattr__(model, name, value)
    if model.rescale_law is not None:
        check_choice("rescale_law", model.rescale_law, _RESCALE_LAWS)


def _rescale_factors(model, law, fc_hz, bandwidth_hz, duration_s):
    """``(target waveform, range factor, velocity factor)`` of a rescaling (shared by the
    measured and the CRLB models)."""
    check_choice("law", law, _RESCALE_LAWS)
    src = model.waveform
    if src is None:
        fail("error_model", f"{type(model).__name__}(...)", "rescale a model whose waveform is "
             "known (waveform=None: unknown); set it with dataclasses.replace(model, "
             "waveform=ErrorModelWaveform(...))")
    fc = src.fc_hz if fc_hz is None else check_real("fc_hz", fc_hz, minimum=0.0,
                                                    strict_min=True)
    bw = src.bandwidth_hz if bandwidth_hz is None else check_real(
        "bandwidth_hz", bandwidth_hz, minimum=0.0, strict_min=True)
    dur = src.duration_s if duration_s is None else check_real(
        "duration_s", duration_s, minimum=0.0, strict_min=True)
    target = ErrorModelWaveform(fc_hz=fc, bandwidth_hz=bw, duration_s=dur)
    # [BM] eq. (15): sigma ~ resolution of eq. (13) at a fixed SCIR:
    # Delta r = c / (2 B), Delta v = c / (2 f_c T)
    return target, src.bandwidth_hz / bw, (src.fc_hz * src.duration_s) / (fc * dur)


class ErrorModel(ABC):
    """Interface of a sensing error model: RMS speed and motion errors.

    Subclasses implement :meth:`sigma_v`, :meth:`sigma_d` and :meth:`to_dict`, and set
    a unique class attribute ``kind``; subclassing registers them for
    :func:`load_error_model`. The interface takes no constructor arguments. A subclass
    records the waveform its numbers hold for in ``waveform`` (an
    :class:`ErrorModelWaveform`; the class default None means unknown) or declares itself
    ``analytic = True`` (a formula of its own parameters); :meth:`check_waveform` is the
    test the network models apply.

    Raises
    ------
    TypeError
        Instantiating the interface itself, or a subclass that does not implement all three
        abstract methods.

    See Also
    --------
    PaperErrorModel, CrlbErrorModel, MeasuredErrorModel

    Examples
    --------
    >>> from ofdmisac.estimators import ErrorModel, PaperErrorModel
    >>> m = PaperErrorModel(prs_bandwidth_hz=100e6, prs_duration_s=1e-3, fc_hz=28e9)
    >>> isinstance(m, ErrorModel), m.kind
    (True, 'paper_eq15')
    """

    kind: str = ""
    #: True for a formula of its own parameters (used as given by the network models).
    analytic: bool = False
    #: The waveform the model was measured on (:class:`ErrorModelWaveform`); None: unknown.
    waveform = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.kind:
            _REGISTRY[cls.kind] = cls

    @abstractmethod
    def sigma_v(self, scir):
        """RMS speed error at a per-RE SCIR.

        Parameters
        ----------
        scir : float or array_like
            Per-RE sensing SCIR, linear (eta of [BM]), > 0 (``inf`` allowed).

        Returns
        -------
        numpy.ndarray
            ``sigma_v`` (m/s), of the shape of ``scir``.
        """

    @abstractmethod
    def sigma_d(self, scir, n_beams):
        """RMS lateral-motion error at a per-RE SCIR with ``n_beams`` beams.

        Parameters
        ----------
        scir : float or array_like
            Per-RE sensing SCIR, linear (eta of [BM]), > 0 (``inf`` allowed).
        n_beams : float or array_like
            Number of beams n_B (>= 1); broadcasts against ``scir``.

        Returns
        -------
        numpy.ndarray
            ``sigma_d`` (m), of the broadcast shape.
        """

    @abstractmethod
    def to_dict(self) -> dict:
        """JSON-ready parameters, including ``"kind"``.

        Returns
        -------
        dict
            Accepted by :func:`load_error_model` and :meth:`from_dict`.
        """

    @classmethod
    def from_dict(cls, data: dict) -> ErrorModel:
        """Rebuild the model from :meth:`to_dict` output.

        Parameters
        ----------
        data : dict
            The model's parameters; a ``"kind"`` key is ignored (use
            :func:`load_error_model` to dispatch on it).

        Returns
        -------
        ErrorModel
            An instance of ``cls``.

        Raises
        ------
        TypeError
            Unknown or missing parameters.
        ValueError
            A parameter outside its domain (from the model's constructor).
        """
        data = {k: v for k, v in data.items() if k != "kind"}
        return cls(**data)

    def check_waveform(self, *, fc_hz, bandwidth_hz, duration_s, context="the scenario"):
        """Refuse a model measured on another waveform than the one a caller assumes.

        Compares :attr:`waveform` with the given carrier frequency, bandwidth and duration
        (relative tolerance 1 %, the rounding of a scenario's nominal values to whole
        resource blocks and symbols). An analytic model (``analytic = True``) is a formula
        of its own parameters and passes; a model whose waveform is unknown (None, e.g. a
        file written before the waveform was recorded, or a table typed in by hand) passes
        with a ``UserWarning`` saying it could not be checked.

        Parameters
        ----------
        fc_hz, bandwidth_hz, duration_s : float
            The assumed carrier frequency (Hz), sensing bandwidth (Hz) and observation time
            (s), e.g. ``fc_hz``, ``prs_bandwidth_hz`` and ``prs_duration_s`` of a
            ``BeamManagementScenario``.
        context : str
            Who assumes them, for the messages (default ``"the scenario"``).

        Raises
        ------
        ValueError
            A mismatch: one line naming every mismatched field with both values and the
            two ways out (measure on the assumed waveform, or :meth:`rescaled`).

        Warns
        -----
        UserWarning
            The model's waveform is unknown.

        Examples
        --------
        >>> from ofdmisac.estimators import ErrorModelWaveform, MeasuredErrorModel
        >>> w = ErrorModelWaveform(fc_hz=28e9, bandwidth_hz=100e6, duration_s=1e-3)
        >>> m = MeasuredErrorModel(scir_db=(0.0, 20.0), rmse_range_m=(1.0, 0.1),
        ...                        rmse_velocity_mps=(0.5, 0.05), waveform=w)
        >>> m.check_waveform(fc_hz=28e9, bandwidth_hz=100e6, duration_s=1e-3)
        >>> try:
        ...     m.check_waveform(fc_hz=30e9, bandwidth_hz=100e6, duration_s=1e-3)
        ... except ValueError as e:
        ...     print(str(e).split(";")[0])
        error_model='MeasuredErrorModel(...)' is not allowed
        """
        if self.analytic:
            return
        name = type(self).__name__
        assumed = {"fc_hz": fc_hz, "bandwidth_hz": bandwidth_hz, "duration_s": duration_s}
        w = self.waveform
        if w is None:
            warnings.warn(f"error_model {name} records no waveform (unknown), so it cannot be "
                          f"checked against {context} (fc_hz={fc_hz:.6g}, bandwidth_hz="
                          f"{bandwidth_hz:.6g}, duration_s={duration_s:.6g}); record it "
                          "(MeasuredErrorModel.from_statistics, CrlbErrorModel.from_sensing, "
                          "or dataclasses.replace(model, waveform=ErrorModelWaveform(...)))",
                          UserWarning, stacklevel=3)
            return
        bad = [f"{k} {getattr(w, k):.6g} ({context}: {v:.6g})" for k, v in assumed.items()
               if not abs(getattr(w, k) - v) <= _WAVEFORM_RTOL * abs(v)]
        if bad:
            fail("error_model", f"{name}(...)", "it was measured on another waveform than "
                 f"{context} assumes: {', '.join(bad)}; measure it on that waveform or "
                 f"rescale it by a stated law, error_model.rescaled(fc_hz={fc_hz:.6g}, "
                 f"bandwidth_hz={bandwidth_hz:.6g}, duration_s={duration_s:.6g}, "
                 "law='resolution') ([BM] eq. (13), eq. (15))")

    def save(self, path) -> None:
        """Write the model to a JSON file.

        Parameters
        ----------
        path : str or os.PathLike
            Destination file (overwritten); read it back with :func:`load_error_model`.
        """
        write_json(path, self.to_dict())


def _check_model_waveform(model, *, fc_hz, bandwidth_hz, duration_s, context):
    """:meth:`ErrorModel.check_waveform` for any object the network models accept as an
    error model (an object with ``sigma_v``/``sigma_d`` that is not an :class:`ErrorModel`
    records no waveform: a warning)."""
    if isinstance(model, ErrorModel):
        model.check_waveform(fc_hz=fc_hz, bandwidth_hz=bandwidth_hz, duration_s=duration_s,
                             context=context)
        return
    warnings.warn(f"error_model {type(model).__name__} is not an ErrorModel and records no "
                  f"waveform (unknown), so it cannot be checked against {context}",
                  UserWarning, stacklevel=3)


def load_error_model(source) -> ErrorModel:
    """Load an error model from a JSON file or from a dict made by to_dict.

    The ``"kind"`` entry selects the registered :class:`ErrorModel` subclass
    (``"paper_eq15"``, ``"crlb"``, ``"measured_table"`` or a user subclass).

    Parameters
    ----------
    source : str, os.PathLike or dict
        Path of a JSON file written by :meth:`ErrorModel.save`, or the dict of
        :meth:`ErrorModel.to_dict`.

    Returns
    -------
    ErrorModel
        The rebuilt model.

    Raises
    ------
    ValueError
        A missing or unknown ``"kind"``, a file that is not valid JSON
        (``json.JSONDecodeError``), a parameter outside its domain.
    OSError
        A file that cannot be read.
    TypeError
        Unknown or missing parameters for the model's kind.

    Examples
    --------
    >>> from ofdmisac.estimators import PaperErrorModel, load_error_model
    >>> m = PaperErrorModel(prs_bandwidth_hz=100e6, prs_duration_s=1e-3, fc_hz=28e9)
    >>> load_error_model(m.to_dict()) == m
    True
    """
    if isinstance(source, dict):
        data = source
    else:
        with open(source) as fh:
            data = json.load(fh)
    kind = data.get("kind")
    if kind not in _REGISTRY:
        check_choice("kind", kind, sorted(_REGISTRY))
    return _REGISTRY[kind].from_dict(data)


@dataclass(frozen=True, kw_only=True)
class PaperErrorModel(ErrorModel):
    """Analytic sensing error model of [BM] (RMS errors from the resolutions).

    ``sigma_v^2 = Delta v^2 / (4 pi^2 SCIR)`` and ``sigma_d^2 = 2 Delta d_b^2 / SCIR`` with
    ``Delta v = c / (2 f_c T_PRS)``, ``Delta r = c / (2 B_PRS)`` ([BM] eq. (13)) and
    ``Delta d_b = 2 Delta r sin(pi / n_B)``.

    Parameters
    ----------
    prs_bandwidth_hz : float
        PRS bandwidth B_PRS (> 0).
    prs_duration_s : float
        PRS block duration T_PRS (> 0).
    fc_hz : float
        Carrier frequency f_c (> 0).

    Raises
    ------
    ValueError
        A parameter that is not finite and > 0.

    References
    ----------
    [BM] eq. (13)
    [BM] eq. (15)

    Examples
    --------
    >>> from ofdmisac.estimators import PaperErrorModel
    >>> m = PaperErrorModel(prs_bandwidth_hz=100e6, prs_duration_s=1e-3, fc_hz=28e9)
    >>> round(m.range_resolution_m, 3), round(float(m.sigma_v(100.0)), 4)
    (1.499, 0.0852)
    """

    prs_bandwidth_hz: float
    prs_duration_s: float
    fc_hz: float
    kind = "paper_eq15"
    analytic = True

    def __post_init__(self):
        for name in ("prs_bandwidth_hz", "prs_duration_s", "fc_hz"):
            object.__setattr__(self, name, check_real(name, getattr(self, name), minimum=0.0,
                                                      strict_min=True))

    @classmethod
    def from_sensing(cls, sensing) -> PaperErrorModel:
        """The analytic model of a sensing grid's bandwidth and observation time.

        ``B_PRS = sensing.bandwidth_hz``, ``T_PRS = sensing.observation_time_s``,
        ``f_c = sensing.fc_hz``.

        Parameters
        ----------
        sensing : SensingGrid
            Numerology, pilot REs, symbol times and processing window.

        Returns
        -------
        PaperErrorModel

        Raises
        ------
        TypeError
            ``sensing`` is not a :class:`~ofdmisac.waveforms.SensingGrid`.
        """
        from ...waveforms import SensingGrid

        check_instance("sensing", sensing, SensingGrid)
        return cls(prs_bandwidth_hz=sensing.bandwidth_hz,
                   prs_duration_s=sensing.observation_time_s, fc_hz=sensing.fc_hz)

    @property
    def waveform(self) -> ErrorModelWaveform:
        """The waveform the formula describes: ``fc_hz``, ``B_PRS``, ``T_PRS``.

        The numerology and pilot pattern are not part of the formula (None).
        """
        return ErrorModelWaveform(fc_hz=self.fc_hz, bandwidth_hz=self.prs_bandwidth_hz,
                                  duration_s=self.prs_duration_s)

    @property
    def range_resolution_m(self) -> float:
        """Radial range resolution in m, [BM] eq. (13).

        ``Delta r = c / (2 B_PRS)``.
        """
        return SPEED_OF_LIGHT_MPS / (2.0 * self.prs_bandwidth_hz)

    @property
    def velocity_resolution_mps(self) -> float:
        """Velocity resolution in m/s, [BM] eq. (13).

        ``Delta v = c / (2 f_c T_PRS)``.
        """
        return SPEED_OF_LIGHT_MPS / (2.0 * self.fc_hz * self.prs_duration_s)

    def sigma_v(self, scir):
        """RMS speed error of [BM] from the velocity resolution.

        ``sigma_v = Delta v / (2 pi sqrt(scir))``.

        Parameters
        ----------
        scir : float or array_like
            Per-RE sensing SCIR, linear (eta of [BM]), > 0 (``inf`` allowed).

        Returns
        -------
        numpy.ndarray
            ``sigma_v`` (m/s), of the shape of ``scir``.

        Raises
        ------
        ValueError
            ``scir`` not > 0 or NaN.

        References
        ----------
        [BM] eq. (15)
        """
        return self.velocity_resolution_mps / (2.0 * np.pi * np.sqrt(_check_scir(scir)))

    def sigma_d(self, scir, n_beams):
        """RMS lateral-motion error of [BM] from the motion resolution.

        ``sigma_d = sqrt(2) Delta d_b / sqrt(scir)`` with
        ``Delta d_b = 2 Delta r sin(pi / n_B)`` (:func:`motion_resolution_m`).

        Parameters
        ----------
        scir : float or array_like
            Per-RE sensing SCIR, linear (eta of [BM]), > 0 (``inf`` allowed).
        n_beams : float or array_like
            Number of beams n_B (>= 1); broadcasts against ``scir``.

        Returns
        -------
        numpy.ndarray
            ``sigma_d`` (m), of the broadcast shape.

        Raises
        ------
        ValueError
            ``scir`` not > 0 or NaN, ``n_beams < 1``.

        References
        ----------
        [BM] eq. (15)
        """
        d_b = motion_resolution_m(self.range_resolution_m, n_beams)
        return np.sqrt(2.0) * d_b / np.sqrt(_check_scir(scir))

    def to_dict(self) -> dict:
        """JSON-ready parameters, including ``"kind"``.

        Returns
        -------
        dict
            Accepted by :func:`load_error_model`.
        """
        return {"kind": self.kind, **asdict(self)}


@dataclass(frozen=True, kw_only=True)
class CrlbErrorModel(ErrorModel):
    """Error model from the range/velocity CRLB at unit per-RE SCIR.

    ``sigma_v(scir) = sqrt(var_velocity_unit / scir)``; the motion-distance error follows the
    structure of [BM] eq. (15) with the range standard deviation in place of ``Delta r /
    sqrt(scir)``: ``sigma_d = 2 sqrt(2) sin(pi / n_B) sqrt(var_range_unit / scir)``.

    The CRLB is not a formula of [BM]; only the ``sigma_d`` structure follows [BM].

    Parameters
    ----------
    var_range_unit_m2 : float
        Range CRLB variance at ``scir = 1`` (m^2, finite, > 0; see
        :func:`crlb_range_velocity`).
    var_velocity_unit_mps2 : float
        Velocity CRLB variance at ``scir = 1`` ((m/s)^2, finite, > 0).
    waveform : ErrorModelWaveform, optional
        The grid the bound was computed on (:meth:`from_sensing` fills it; default None,
        unknown).
    rescaled_from : ErrorModelWaveform, optional
        After :meth:`rescaled`: the waveform of the original bound (default None).
    rescale_law : str, optional
        After :meth:`rescaled`: the law used (default None).

    Raises
    ------
    ValueError
        A variance that is not finite and > 0.
    TypeError
        A ``waveform`` that is not an :class:`ErrorModelWaveform` (or its dict).

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.estimators import CrlbErrorModel
    >>> from ofdmisac.waveforms import SensingGrid
    >>> g = SensingGrid(fc_hz=28e9, scs_hz=120e3, symbol_duration_s=8.92e-6,
    ...                 pilot_mask=np.ones((64, 16), bool))
    >>> m = CrlbErrorModel.from_sensing(g)
    >>> round(float(m.sigma_v(100.0)), 4), round(float(m.sigma_d(100.0, 16)), 4)
    (0.0458, 0.0131)
    """

    var_range_unit_m2: float
    var_velocity_unit_mps2: float
    waveform: ErrorModelWaveform | None = None
    rescaled_from: ErrorModelWaveform | None = None
    rescale_law: str | None = None
    kind = "crlb"

    def __post_init__(self):
        for name in ("var_range_unit_m2", "var_velocity_unit_mps2"):
            object.__setattr__(self, name, check_real(name, getattr(self, name), minimum=0.0,
                                                      strict_min=True))
        _post_init_waveform(self)

    def rescaled(self, *, fc_hz=None, bandwidth_hz=None, duration_s=None,
                 law="resolution") -> CrlbErrorModel:
        """The bound carried to another waveform by a stated law.

        See :meth:`MeasuredErrorModel.rescaled` (the same law and its limits; the variances
        scale with the squared factors).

        Parameters
        ----------
        fc_hz, bandwidth_hz, duration_s : float, optional
            The target carrier frequency (Hz), bandwidth (Hz) and duration (s); None keeps
            the model's.
        law : {"resolution"}
            The scaling law ([BM] eq. (13), eq. (15)).

        Returns
        -------
        CrlbErrorModel
            Rescaled variances; ``waveform`` is the target, ``rescaled_from`` the original.

        Raises
        ------
        ValueError
            An unknown law, a model whose waveform is unknown, a target value not > 0.

        References
        ----------
        [BM] eq. (13)
        [BM] eq. (15)
        """
        target, f_r, f_v = _rescale_factors(self, law, fc_hz, bandwidth_hz, duration_s)
        return CrlbErrorModel(var_range_unit_m2=self.var_range_unit_m2 * f_r**2,
                              var_velocity_unit_mps2=self.var_velocity_unit_mps2 * f_v**2,
                              waveform=target, rescaled_from=self.rescaled_from or self.waveform,
                              rescale_law=law)

    @classmethod
    def from_sensing(cls, sensing) -> CrlbErrorModel:
        """The CRLB model of a sensing grid at unit per-RE SCIR.

        Uses :func:`crlb_range_velocity` with ``snr = 1`` on every pilot RE.

        Parameters
        ----------
        sensing : SensingGrid
            Numerology, pilot REs, symbol times and processing window.

        Returns
        -------
        CrlbErrorModel
            The model with the grid's unit-SCIR variances.

        Raises
        ------
        TypeError
            ``sensing`` is not a :class:`~ofdmisac.waveforms.SensingGrid`.
        """
        from ._crlb import crlb_range_velocity

        var_r, var_v = crlb_range_velocity(sensing, 1.0)
        return cls(var_range_unit_m2=var_r, var_velocity_unit_mps2=var_v,
                   waveform=ErrorModelWaveform.from_sensing(sensing))

    def sigma_v(self, scir):
        """RMS speed error from the unit-SCIR velocity CRLB.

        ``sigma_v = sqrt(var_velocity_unit_mps2 / scir)``.

        Parameters
        ----------
        scir : float or array_like
            Per-RE sensing SCIR, linear (eta of [BM]), > 0 (``inf`` allowed).

        Returns
        -------
        numpy.ndarray
            ``sigma_v`` (m/s), of the shape of ``scir``.

        Raises
        ------
        ValueError
            ``scir`` not > 0 or NaN.
        """
        return np.sqrt(self.var_velocity_unit_mps2 / _check_scir(scir))

    def sigma_d(self, scir, n_beams):
        """RMS lateral-motion error from the unit-SCIR range CRLB.

        ``sigma_d = 2 sqrt(2) sin(pi / n_B) sigma_r`` with
        ``sigma_r = sqrt(var_range_unit_m2 / scir)``.

        Parameters
        ----------
        scir : float or array_like
            Per-RE sensing SCIR, linear (eta of [BM]), > 0 (``inf`` allowed).
        n_beams : float or array_like
            Number of beams n_B (>= 1); broadcasts against ``scir``.

        Returns
        -------
        numpy.ndarray
            ``sigma_d`` (m), of the broadcast shape.

        Raises
        ------
        ValueError
            ``scir`` not > 0 or NaN, ``n_beams < 1``.
        """
        sigma_r = np.sqrt(self.var_range_unit_m2 / _check_scir(scir))
        return np.sqrt(2.0) * motion_resolution_m(sigma_r, n_beams)

    def to_dict(self) -> dict:
        """JSON-ready parameters, including ``"kind"`` and the waveform.

        Returns
        -------
        dict
            Accepted by :func:`load_error_model`.
        """
        return {"kind": self.kind, **asdict(self)}


@dataclass(frozen=True, kw_only=True)
class MeasuredErrorModel(ErrorModel):
    """Error model from a measured table of range/velocity RMSE versus SCIR.

    Interpolates ``log(rmse)`` linearly in ``10 log10(scir)``. Outside the measured range the
    standard deviations follow ``1 / sqrt(scir)`` from the nearest end point (the
    high-SCIR asymptote of an efficient estimator; below the table this ignores the threshold
    effect, so measure down to the lowest SCIR of interest). ``sigma_d`` uses the structure of
    [BM] eq. (15): ``2 sqrt(2) sin(pi / n_B) rmse_range``.

    The table records the waveform it was measured on (``waveform``, filled by
    :meth:`from_statistics`; saved in the JSON file, a file without it loads as unknown),
    which the network models check against their scenario (:meth:`ErrorModel.check_waveform`).

    Parameters
    ----------
    scir_db : sequence of float
        Per-RE SCIR of the table (dB), finite, strictly increasing, at least 2 points
        (stored as a tuple).
    rmse_range_m : sequence of float
        Measured range RMSE at each point (m, finite, > 0), same length.
    rmse_velocity_mps : sequence of float
        Measured velocity RMSE at each point (m/s, finite, > 0), same length.
    waveform : ErrorModelWaveform or dict, optional
        The waveform of the measurement (default None: unknown).
    n_trials : int, optional
        Monte Carlo trials per point of the measurement (>= 1; default None: unknown).
    rescaled_from : ErrorModelWaveform or dict, optional
        After :meth:`rescaled`: the waveform the table was measured on (default None).
    rescale_law : str, optional
        After :meth:`rescaled`: the law used (default None).

    Raises
    ------
    ValueError
        Fewer than 2, non-finite or non-increasing ``scir_db``; RMSE tables of another
        length, non-finite or not > 0; an unknown ``rescale_law``.
    TypeError
        A ``waveform`` that is neither an :class:`ErrorModelWaveform` nor its dict.

    See Also
    --------
    measure_error_statistics : measures such a table.

    Examples
    --------
    >>> from ofdmisac.estimators import MeasuredErrorModel
    >>> m = MeasuredErrorModel(scir_db=(0.0, 20.0), rmse_range_m=(1.0, 0.1),
    ...                        rmse_velocity_mps=(0.5, 0.05))
    >>> round(float(m.sigma_v(10.0)), 4), round(float(m.sigma_d(10.0, 16)), 4)
    (0.1581, 0.1745)
    """

    scir_db: tuple
    rmse_range_m: tuple
    rmse_velocity_mps: tuple
    waveform: ErrorModelWaveform | None = None
    n_trials: int | None = None
    rescaled_from: ErrorModelWaveform | None = None
    rescale_law: str | None = None
    kind = "measured_table"

    def __post_init__(self):
        x = np.asarray(self.scir_db, dtype=float)
        if x.ndim != 1 or x.size < 2 or np.any(np.diff(x) <= 0) or not np.all(np.isfinite(x)):
            raise ValueError(f"scir_db={self.scir_db!r} must be >= 2 finite, strictly "
                             "increasing values")
        for name in ("rmse_range_m", "rmse_velocity_mps"):
            y = np.asarray(getattr(self, name), dtype=float)
            if y.shape != x.shape or np.any(~np.isfinite(y)) or np.any(y <= 0):
                raise ValueError(f"{name}={getattr(self, name)!r} must hold {x.size} finite "
                                 "values > 0")
        for name in ("scir_db", "rmse_range_m", "rmse_velocity_mps"):
            object.__setattr__(self, name, tuple(float(v) for v in getattr(self, name)))
        if self.n_trials is not None:
            object.__setattr__(self, "n_trials", check_int("n_trials", self.n_trials,
                                                           minimum=1))
        _post_init_waveform(self)

    @classmethod
    def from_statistics(cls, stats, *, max_outlier_rate=None) -> MeasuredErrorModel:
        """The table of measured error statistics, with the waveform they were measured on.

        Parameters
        ----------
        stats : ErrorStatistics
            Output of :func:`measure_error_statistics` (its ``waveform`` is recorded, from
            the sensing grid of the measurement, and its ``n_trials``).
        max_outlier_rate : float, optional
            Keep only the points whose ``outlier_rate`` is at most this (in [0, 1]), e.g.
            0 to keep the points above the threshold effect; default None keeps all.

        Returns
        -------
        MeasuredErrorModel
            ``scir_db``, ``rmse_range_m``, ``rmse_velocity_mps`` of the kept points.

        Raises
        ------
        ValueError
            Fewer than 2 points kept, a ``max_outlier_rate`` outside [0, 1], RMSE values not
            > 0 (from the constructor).
        TypeError
            ``stats`` is not an :class:`ErrorStatistics`.

        See Also
        --------
        measure_error_statistics

        Examples
        --------
        >>> import numpy as np
        >>> from ofdmisac.estimators import MeasuredErrorModel, measure_error_statistics
        >>> from ofdmisac.waveforms import SensingGrid
        >>> g = SensingGrid(fc_hz=28e9, scs_hz=120e3, symbol_duration_s=8.92e-6,
        ...                 pilot_mask=np.ones((64, 16), bool))
        >>> s = measure_error_statistics(g, [10.0, 20.0], n_trials=20, rng=0)
        >>> m = MeasuredErrorModel.from_statistics(s)
        >>> m.waveform.fc_hz, m.waveform.n_subcarriers, m.n_trials
        (28000000000.0, 64, 20)
        """
        from ._error_statistics import ErrorStatistics

        check_instance("stats", stats, ErrorStatistics)
        keep = np.ones(np.shape(stats.scir_db), bool)
        if max_outlier_rate is not None:
            limit = check_real("max_outlier_rate", max_outlier_rate, minimum=0.0, maximum=1.0)
            keep = np.asarray(stats.outlier_rate) <= limit
            if keep.sum() < 2:
                fail("max_outlier_rate", max_outlier_rate, "keep at least 2 points (outlier "
                     f"rates {np.round(stats.outlier_rate, 4).tolist()})")
        return cls(scir_db=tuple(np.asarray(stats.scir_db)[keep]),
                   rmse_range_m=tuple(np.asarray(stats.rmse_range_m)[keep]),
                   rmse_velocity_mps=tuple(np.asarray(stats.rmse_velocity_mps)[keep]),
                   waveform=stats.waveform, n_trials=stats.n_trials)

    def rescaled(self, *, fc_hz=None, bandwidth_hz=None, duration_s=None,
                 law="resolution") -> MeasuredErrorModel:
        """The table carried to another waveform by a stated law.

        ``law="resolution"``: at a fixed SCIR the errors scale as the resolutions of
        [BM] eq. (13) in [BM] eq. (15), the range RMSE with ``1 / B``
        (``Delta r = c / (2 B)``) and the velocity RMSE with ``1 / (f_c T)``
        (``Delta v = c / (2 f_c T)``). It is exact for a change of carrier frequency alone
        (the delay and Doppler estimates in s and Hz do not depend on f_c; velocity is
        ``c f_D / (2 f_c)``). For a change of bandwidth or duration it assumes the same
        number of pilot REs: an efficient estimator at a fixed per-RE SCIR has
        ``sigma_r ~ 1 / (B sqrt(N_pilots))`` and ``sigma_v ~ 1 / (f_c T sqrt(N_pilots))``
        (:func:`crlb_range_velocity`), so a wider band or a longer block of the same pilot
        density (more REs) is better than the law says by ``sqrt(N_new / N_old)``; and
        the threshold region (outliers) does not follow it at all.

        Parameters
        ----------
        fc_hz, bandwidth_hz, duration_s : float, optional
            The target carrier frequency (Hz), bandwidth (Hz) and duration (s); None keeps
            the model's.
        law : {"resolution"}
            The scaling law.

        Returns
        -------
        MeasuredErrorModel
            Rescaled tables; ``waveform`` is the target (numerology and pilot pattern
            unknown), ``rescaled_from`` the measured waveform, ``rescale_law`` the law.

        Raises
        ------
        ValueError
            An unknown law, a model whose waveform is unknown, a target value not > 0.

        References
        ----------
        [BM] eq. (13)
        [BM] eq. (15)

        Examples
        --------
        >>> from ofdmisac.estimators import ErrorModelWaveform, MeasuredErrorModel
        >>> w = ErrorModelWaveform(fc_hz=28e9, bandwidth_hz=100e6, duration_s=1e-3)
        >>> m = MeasuredErrorModel(scir_db=(0.0, 20.0), rmse_range_m=(1.0, 0.1),
        ...                        rmse_velocity_mps=(0.5, 0.05), waveform=w)
        >>> r = m.rescaled(fc_hz=30e9, bandwidth_hz=200e6)
        >>> r.rmse_range_m, round(r.rmse_velocity_mps[0], 4), r.rescaled_from == w
        ((0.5, 0.05), 0.4667, True)
        """
        target, f_r, f_v = _rescale_factors(self, law, fc_hz, bandwidth_hz, duration_s)
        return MeasuredErrorModel(scir_db=self.scir_db,
                                  rmse_range_m=tuple(f_r * np.asarray(self.rmse_range_m)),
                                  rmse_velocity_mps=tuple(f_v
                                                          * np.asarray(self.rmse_velocity_mps)),
                                  waveform=target, n_trials=self.n_trials,
                                  rescaled_from=self.rescaled_from or self.waveform,
                                  rescale_law=law)

    def _interp(self, values, scir):
        e_db = 10.0 * np.log10(_check_scir(scir))
        x = np.asarray(self.scir_db)
        ly = np.log(np.asarray(values))
        inside = np.interp(e_db, x, ly)
        below = ly[0] - (e_db - x[0]) * np.log(10.0) / 20.0
        above = ly[-1] - (e_db - x[-1]) * np.log(10.0) / 20.0
        return np.exp(np.where(e_db < x[0], below, np.where(e_db > x[-1], above, inside)))

    def sigma_v(self, scir):
        """RMS speed error interpolated from the measured table.

        ``log(rmse_velocity)`` is linear in ``10 log10(scir)`` inside the table and follows
        ``1 / sqrt(scir)`` from the nearest end point outside it.

        Parameters
        ----------
        scir : float or array_like
            Per-RE sensing SCIR, linear (eta of [BM]), > 0 (``inf`` allowed).

        Returns
        -------
        numpy.ndarray
            ``sigma_v`` (m/s), of the shape of ``scir``.

        Raises
        ------
        ValueError
            ``scir`` not > 0 or NaN.
        """
        return self._interp(self.rmse_velocity_mps, scir)

    def sigma_d(self, scir, n_beams):
        """RMS lateral-motion error from the measured range RMSE.

        ``sigma_d = 2 sqrt(2) sin(pi / n_B) rmse_range(scir)``.

        Parameters
        ----------
        scir : float or array_like
            Per-RE sensing SCIR, linear (eta of [BM]), > 0 (``inf`` allowed).
        n_beams : float or array_like
            Number of beams n_B (>= 1); broadcasts against ``scir``.

        Returns
        -------
        numpy.ndarray
            ``sigma_d`` (m), of the broadcast shape.

        Raises
        ------
        ValueError
            ``scir`` not > 0 or NaN, ``n_beams < 1``.
        """
        return np.sqrt(2.0) * motion_resolution_m(self._interp(self.rmse_range_m, scir), n_beams)

    def to_dict(self) -> dict:
        """JSON-ready parameters, including ``"kind"``.

        Returns
        -------
        dict
            Accepted by :func:`load_error_model`.
        """
        return {"kind": self.kind, "scir_db": list(self.scir_db),
                "rmse_range_m": list(self.rmse_range_m),
                "rmse_velocity_mps": list(self.rmse_velocity_mps),
                "waveform": None if self.waveform is None else self.waveform.to_dict(),
                "n_trials": self.n_trials,
                "rescaled_from": (None if self.rescaled_from is None
                                  else self.rescaled_from.to_dict()),
                "rescale_law": self.rescale_law}
