"""Scenario of the joint sensing-communication coverage of [CC] (Sections 2 and 5.1).

CUs and STs are independent PPPs; the K-th nearest CU and the K-th nearest ST share pilot
K (K = L). With ``N0`` neglected every coverage event of [CC] is a condition on the ratio

    x = A / B = P_U mu_K / (P_T N beta_t,K) = P_U Z^-alpha / ((1 + kappa) P_T N),

``Z = d_U,K / d_T,K^2`` (Theorem 1), so each coverage probability is ``F_Z`` of a bound on
``x`` (:func:`~ofdmisac.network.distance_ratio_cdf`).

Uplink (Theorem 1, (9)-(13)): the NMSE (4) is ``1 / (1 + x)`` and ``P_D`` decreases in
``x``, so the joint event is ``x_C <= x <= x_S``. Three versions of the sensing bound are
offered (``model``): "paper" is the printed (11) (the estimation error assumed independent
of noise and echo), "residual" and "chain" are the corrected laws of the MMSE/GLRT chain
actually described (``docs/errata.md``, [CC] eq. (8)), with the GLRT normalized by the
true residual variance or as in (6).

Downlink (Theorem 2, (28)-(29)): ``Psi = rho N / (1 - rho) (kappa + x / (1 + x))`` and
``Omega = (1 - rho) N / (2 rho) (kappa + 1 + kappa / x)``; both coverage events are lower
bounds on ``x``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from ..._validation import check_array, check_instance, check_int, check_real, fail
from ...channel.mimo._array import _check_n_antennas
from .._sweep import resolve_sweeps
from ._distance_ratio import distance_ratio_cdf

__all__ = ['JointCoverageScenario']


_POSITIVE = {"minimum": 0.0, "strict_min": True}
_COUNT = {"minimum": 1, "integer": True}

# Field -> range of its values (shared by __post_init__ and keyword sweeps); fields with
# ``integer`` are integers.
_FIELD_RULES: dict[str, dict] = {
    "user_density_per_m2": _POSITIVE,
    "target_density_per_m2": _POSITIVE,
    "n_users": _COUNT,
    "n_targets": _COUNT,
    "n_antennas": _COUNT,
    "user_power_w": _POSITIVE,
    "target_power_w": _POSITIVE,
    "c0": _POSITIVE,
    "path_loss_exponent": _POSITIVE,
    "noise_power_w": _POSITIVE,
    "pilot_length": _COUNT,
    "glrt_threshold": _POSITIVE,
    "rician_factor": {"minimum": 0.0},
    "comm_power_fraction": {"minimum": 0.0, "maximum": 1.0},
    "downlink_power_w": _POSITIVE,
    "data_length": _COUNT,
}


def _check_scenario(scenario, name: str = "scenario") -> JointCoverageScenario:
    """``scenario`` must be a :class:`JointCoverageScenario` (TypeError naming it)."""
    return check_instance(name, scenario, JointCoverageScenario)


def _over_sweep(scenario, sweeps: dict, compute):
    """``compute(point_scenario)`` (an array of the threshold shape ``T``) at every point
    of the keyword sweeps, stacked to ``S + T`` (``docs/conventions.md``, Sweeps)."""
    _check_scenario(scenario)
    if not sweeps:
        return compute(scenario)
    sweep = resolve_sweeps(sweeps, tuple(_FIELD_RULES), JointCoverageScenario.check_field,
                           integer_fields={n for n, r in _FIELD_RULES.items()
                                           if r.get("integer")})
    out = [np.asarray(compute(dataclasses.replace(scenario, **point)), dtype=np.float64)
           for point in sweep.points()]
    return np.stack(out).reshape(sweep.shape + out[0].shape)


@dataclass(frozen=True, kw_only=True)
class JointCoverageScenario:
    """Parameters of the joint coverage analysis of [CC]; defaults are its Section 5.1.

    Parameters
    ----------
    user_density_per_m2, target_density_per_m2 : float
        ``lambda_U`` (default 1e-4 = 100 per km^2) and ``lambda_T`` (1e-3), > 0.
    n_users, n_targets : int
        ``K`` and ``L`` (default 4). The analysis pairs the i-th nearest CU and ST on
        pilot i ([CC] below (3)), so ``K = L`` is required.
    n_antennas : int
        ``N`` (default 64).
    user_power_w, target_power_w : float
        ``P_U,K`` (default 1 W = 0 dB) and ``P_T,K`` (0.1 W = -10 dB), > 0.
    c0 : float
        Path gain at 1 m (default 1e-3 = -30 dB), > 0.
    path_loss_exponent : float
        ``alpha`` (default 2.8), > 0.
    noise_power_w : float
        ``N0`` (default 1e-11 W = -80 dBm), > 0; neglected by the closed forms, used by
        the simulation twins.
    pilot_length : int
        ``T_u`` (default 64), >= ``n_users``.
    glrt_threshold : float
        ``epsilon_d`` (default 10^1.8 = 18 dB), > 0.
    rician_factor : float
        ``kappa_u,K`` (default 1), >= 0.
    comm_power_fraction : float
        Downlink communication power fraction (default 0.5), in [0, 1] (the downlink
        ratios need 0 < rho < 1).
    downlink_power_w : float
        ``P_d`` (default 1 W), > 0.
    data_length : int
        ``T_d`` (default 64), >= 1.

    Raises
    ------
    ValueError
        Naming the parameter, for any value outside its domain, or ``n_targets != n_users``.

    Examples
    --------
    >>> scenario = JointCoverageScenario()
    >>> scenario.n_users, scenario.n_antennas
    (4, 64)
    """

    user_density_per_m2: float = 1e-4
    target_density_per_m2: float = 1e-3
    n_users: int = 4
    n_targets: int = 4
    n_antennas: int = 64
    user_power_w: float = 1.0
    target_power_w: float = 0.1
    c0: float = 1e-3
    path_loss_exponent: float = 2.8
    noise_power_w: float = 1e-11
    pilot_length: int = 64
    glrt_threshold: float = 10**1.8
    rician_factor: float = 1.0
    comm_power_fraction: float = 0.5
    downlink_power_w: float = 1.0
    data_length: int = 64

    def __post_init__(self) -> None:
        for name, rules in _FIELD_RULES.items():
            rules = dict(rules)
            if rules.pop("integer", False):
                value = check_int(name, getattr(self, name), **rules)
            else:
                value = check_real(name, getattr(self, name), **rules)
            object.__setattr__(self, name, value)
        if self.n_targets != self.n_users:
            raise ValueError(
                f"n_targets={self.n_targets} differs from n_users={self.n_users}; [CC] pairs "
                "the i-th nearest CU and ST on pilot i, so K = L is required"
            )
        if self.pilot_length < self.n_users:
            raise ValueError(
                f"pilot_length={self.pilot_length} is not allowed; {self.n_users} pairs need "
                f"pilot_length >= {self.n_users} orthonormal pilots"
            )
        _check_n_antennas(self.n_antennas)

    @classmethod
    def check_field(cls, name: str, value) -> np.ndarray:
        """Validate ``value`` (scalar or array, e.g. a sweep) for field ``name``.

        Raises
        ------
        ValueError
            If ``name`` is not a field or a value is outside its domain.
        TypeError
            If ``value`` is not a real array.
        """
        if name not in _FIELD_RULES:
            fail(name, value, "choose a numeric field of JointCoverageScenario: "
                 + ", ".join(_FIELD_RULES))
        return check_array(name, value, **_FIELD_RULES[name])

    @property
    def ratio_scale(self) -> float:
        """``P_U / ((1 + kappa) P_T N)``: ``x = ratio_scale * Z^-alpha``."""
        return self.user_power_w / (
            (1.0 + self.rician_factor) * self.target_power_w * self.n_antennas
        )

    def z_of_x(self, x) -> np.ndarray:
        """The ``Z`` at which ``x = A / B`` equals ``x`` (``x >= x0`` iff ``Z <= z_of_x(x0)``)."""
        x = np.asarray(x, dtype=np.float64)
        with np.errstate(divide="ignore"):
            return np.where(x > 0, (self.ratio_scale / np.where(x > 0, x, 1.0))
                            ** (1.0 / self.path_loss_exponent), np.inf)

    def f_z(self, z) -> np.ndarray:
        """``F_Z`` of Theorem 1 for this scenario (``z`` may be 0 or inf)."""
        return distance_ratio_cdf(z, self.user_density_per_m2, self.target_density_per_m2,
                                  self.n_users)

