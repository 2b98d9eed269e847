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

One idea: the error-model interface and its three implementations; about 130 of its lines are
code, the rest documentation.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass

import numpy as np

from ..._validation import check_array, check_choice, check_instance, check_real
from ...io import write_json
from ...units import SPEED_OF_LIGHT_MPS

__all__ = [
    "CrlbErrorModel", "ErrorModel", "MeasuredErrorModel", "PaperErrorModel", "load_error_model",
    "motion_resolution_m"
]

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


class ErrorModel(ABC):
    """Interface of a sensing error model: RMS speed and motion errors.

    Subclasses implement :meth:`sigma_v`, :meth:`sigma_d` and :meth:`to_dict`, and set
    a unique class attribute ``kind``; subclassing registers them for
    :func:`load_error_model`. The interface takes no constructor arguments.

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

    def save(self, path) -> None:
        """Write the model to a JSON file.

        Parameters
        ----------
        path : str or os.PathLike
            Destination file (overwritten); read it back with :func:`load_error_model`.
        """
        write_json(path, self.to_dict())


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

    Raises
    ------
    ValueError
        A variance that is not finite and > 0.

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
    kind = "crlb"

    def __post_init__(self):
        for name in ("var_range_unit_m2", "var_velocity_unit_mps2"):
            object.__setattr__(self, name, check_real(name, getattr(self, name), minimum=0.0,
                                                      strict_min=True))

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
        return cls(var_range_unit_m2=var_r, var_velocity_unit_mps2=var_v)

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
        """JSON-ready parameters, including ``"kind"``.

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

    Parameters
    ----------
    scir_db : sequence of float
        Per-RE SCIR of the table (dB), finite, strictly increasing, at least 2 points
        (stored as a tuple).
    rmse_range_m : sequence of float
        Measured range RMSE at each point (m, finite, > 0), same length.
    rmse_velocity_mps : sequence of float
        Measured velocity RMSE at each point (m/s, finite, > 0), same length.

    Raises
    ------
    ValueError
        Fewer than 2, non-finite or non-increasing ``scir_db``; RMSE tables of another
        length, non-finite or not > 0.

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
                "rmse_velocity_mps": list(self.rmse_velocity_mps)}
