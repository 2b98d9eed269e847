"""Sensing error models: the interface through which link-level accuracy feeds the
network models.

An error model gives the RMS speed error ``sigma_v(eta)`` (m/s) and the RMS lateral
motion error ``sigma_d(eta, n_beams)`` (m) of PRS sensing as functions of the per-RE
sensing SCIR ``eta`` (linear). ``ofdmisac.network`` only ever calls these two methods
(plus JSON persistence), so any implementation (the paper's analytic eq. (15), a
Cramer-Rao bound, a table measured by running the estimators) can be plugged in.

Implementations register themselves by ``kind`` so :func:`load_error_model` can
rebuild any of them from JSON.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass

import numpy as np

from ...io import write_json
from ...units import SPEED_OF_LIGHT_MPS

__all__ = [
    "CrlbErrorModel", "ErrorModel", "MeasuredErrorModel", "PaperErrorModel", "load_error_model",
    "motion_resolution_m"
]

_REGISTRY: dict[str, type] = {}


def motion_resolution_m(range_resolution_m, n_beams):
    """Lateral motion resolution ``Delta d_b = 2 Delta r sin(pi / n_B)`` ([BM] Sec. III-A).

    Parameters
    ----------
    range_resolution_m : float or array_like
        Radial range resolution Delta r = c / (2 B_PRS), m ([BM] eq. (13)).
    n_beams : float or array_like
        Number of beams n_B (>= 1); the beamwidth is theta_B = 2 pi / n_B.
    """
    n_beams = np.asarray(n_beams, dtype=float)
    if np.any(n_beams < 1):
        raise ValueError(f"n_beams={n_beams!r} is not allowed; use values >= 1")
    return 2.0 * np.asarray(range_resolution_m, dtype=float) * np.sin(np.pi / n_beams)


def _check_eta(eta) -> np.ndarray:
    eta = np.asarray(eta, dtype=float)
    if np.any(~(eta > 0)):
        raise ValueError("eta (linear SCIR) must be > 0 and not NaN")
    return eta


class ErrorModel(ABC):
    """Interface of a sensing error model (speed and lateral-motion RMS errors vs SCIR).

    Subclasses implement :meth:`sigma_v`, :meth:`sigma_d` and :meth:`to_dict`, and set
    a unique class attribute ``kind``; subclassing registers them for
    :func:`load_error_model`.
    """

    kind: str = ""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.kind:
            _REGISTRY[cls.kind] = cls

    @abstractmethod
    def sigma_v(self, eta):
        """RMS speed error in m/s at linear per-RE SCIR ``eta`` (broadcasts)."""

    @abstractmethod
    def sigma_d(self, eta, n_beams):
        """RMS lateral-motion error in m at SCIR ``eta`` with ``n_beams`` beams (broadcasts)."""

    @abstractmethod
    def to_dict(self) -> dict:
        """JSON-ready parameters, including ``"kind"``."""

    @classmethod
    def from_dict(cls, data: dict) -> ErrorModel:
        """Rebuild the model from :meth:`to_dict` output."""
        data = {k: v for k, v in data.items() if k != "kind"}
        return cls(**data)

    def save(self, path) -> None:
        """Write the model to a JSON file."""
        write_json(path, self.to_dict())


def load_error_model(source) -> ErrorModel:
    """Load an error model from a JSON file path or from a dict made by ``to_dict``."""
    if isinstance(source, dict):
        data = source
    else:
        with open(source) as fh:
            data = json.load(fh)
    kind = data.get("kind")
    if kind not in _REGISTRY:
        raise ValueError(f"kind={kind!r} is not a known error model; choose one of "
                         f"{sorted(_REGISTRY)}")
    return _REGISTRY[kind].from_dict(data)


@dataclass(frozen=True)
class PaperErrorModel(ErrorModel):
    """The analytic sensing accuracy of [BM] eq. (15).

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
        Carrier frequency (> 0).

    References
    ----------
    [BM] eqs. (13), (15).
    """

    prs_bandwidth_hz: float
    prs_duration_s: float
    fc_hz: float
    kind = "paper_eq15"

    def __post_init__(self):
        for name in ("prs_bandwidth_hz", "prs_duration_s", "fc_hz"):
            value = getattr(self, name)
            if not np.isfinite(value) or value <= 0:
                raise ValueError(f"{name}={value!r} is not allowed; it must be finite and > 0")

    @property
    def range_resolution_m(self) -> float:
        """Delta r = c / (2 B_PRS) ([BM] eq. (13))."""
        return SPEED_OF_LIGHT_MPS / (2.0 * self.prs_bandwidth_hz)

    @property
    def velocity_resolution_mps(self) -> float:
        """Delta v = c / (2 f_c T_PRS) ([BM] eq. (13))."""
        return SPEED_OF_LIGHT_MPS / (2.0 * self.fc_hz * self.prs_duration_s)

    def sigma_v(self, eta):
        """``Delta v / (2 pi sqrt(eta))``, [BM] eq. (15)."""
        return self.velocity_resolution_mps / (2.0 * np.pi * np.sqrt(_check_eta(eta)))

    def sigma_d(self, eta, n_beams):
        """``sqrt(2) Delta d_b / sqrt(eta)``, [BM] eq. (15)."""
        d_b = motion_resolution_m(self.range_resolution_m, n_beams)
        return np.sqrt(2.0) * d_b / np.sqrt(_check_eta(eta))

    def to_dict(self) -> dict:
        """JSON-ready parameters."""
        return {"kind": self.kind, **asdict(self)}


@dataclass(frozen=True)
class CrlbErrorModel(ErrorModel):
    """Error model from the range/velocity CRLB at unit per-RE SCIR.

    ``sigma_v(eta) = sqrt(var_velocity_unit / eta)``; the motion-distance error follows the
    structure of [BM] eq. (15) with the range standard deviation in place of ``Delta r /
    sqrt(eta)``: ``sigma_d = 2 sqrt(2) sin(pi / n_B) sqrt(var_range_unit / eta)``.

    Parameters
    ----------
    var_range_unit_m2, var_velocity_unit_mps2 : float
        CRLB variances at ``eta = 1`` (see :func:`crlb_range_velocity`), > 0.
    """

    var_range_unit_m2: float
    var_velocity_unit_mps2: float
    kind = "crlb"

    def __post_init__(self):
        for name in ("var_range_unit_m2", "var_velocity_unit_mps2"):
            value = getattr(self, name)
            if not np.isfinite(value) or value <= 0:
                raise ValueError(f"{name}={value!r} is not allowed; it must be finite and > 0")

    def sigma_v(self, eta):
        """``sqrt(var_v(1) / eta)`` (m/s)."""
        return np.sqrt(self.var_velocity_unit_mps2 / _check_eta(eta))

    def sigma_d(self, eta, n_beams):
        """``2 sqrt(2) sin(pi / n_B) sigma_r(eta)`` (m)."""
        sigma_r = np.sqrt(self.var_range_unit_m2 / _check_eta(eta))
        return np.sqrt(2.0) * motion_resolution_m(sigma_r, n_beams)

    def to_dict(self) -> dict:
        """JSON-ready parameters."""
        return {"kind": self.kind, **asdict(self)}


@dataclass(frozen=True)
class MeasuredErrorModel(ErrorModel):
    """Error model from a measured table of range/velocity RMSE versus SCIR.

    Interpolates ``log(rmse)`` linearly in ``10 log10(eta)``. Outside the measured range the
    standard deviations follow ``1 / sqrt(eta)`` from the nearest end point (the
    high-SCIR asymptote of an efficient estimator; below the table this ignores the threshold
    effect, so measure down to the lowest SCIR of interest). ``sigma_d`` uses the structure of
    [BM] eq. (15): ``2 sqrt(2) sin(pi / n_B) rmse_range``.

    Parameters
    ----------
    scir_db : tuple of float, strictly increasing, at least 2 points
    rmse_range_m, rmse_velocity_mps : tuple of float, > 0, same length
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

    def _interp(self, values, eta):
        e_db = 10.0 * np.log10(_check_eta(eta))
        x = np.asarray(self.scir_db)
        ly = np.log(np.asarray(values))
        inside = np.interp(e_db, x, ly)
        below = ly[0] - (e_db - x[0]) * np.log(10.0) / 20.0
        above = ly[-1] - (e_db - x[-1]) * np.log(10.0) / 20.0
        return np.exp(np.where(e_db < x[0], below, np.where(e_db > x[-1], above, inside)))

    def sigma_v(self, eta):
        """Interpolated velocity RMSE (m/s)."""
        return self._interp(self.rmse_velocity_mps, eta)

    def sigma_d(self, eta, n_beams):
        """``2 sqrt(2) sin(pi / n_B) rmse_range(eta)`` (m)."""
        return np.sqrt(2.0) * motion_resolution_m(self._interp(self.rmse_range_m, eta), n_beams)

    def to_dict(self) -> dict:
        """JSON-ready parameters."""
        return {"kind": self.kind, "scir_db": list(self.scir_db),
                "rmse_range_m": list(self.rmse_range_m),
                "rmse_velocity_mps": list(self.rmse_velocity_mps)}
