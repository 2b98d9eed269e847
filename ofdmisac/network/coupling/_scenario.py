"""Scenario of the joint sensing-communication coverage of [CC] (Sections 2 and 5.1).

CUs and STs are independent PPPs; the K-th nearest CU and the K-th nearest ST share pilot
K (K = L). With ``N0`` neglected every coverage event of [CC] is a condition on the ratio

    x = A / B = P_U mu_K / (P_T N beta_t,K) = P_U Z^-alpha / ((1 + kappa) P_T N),

``Z = d_U,K / d_T,K^2`` ([CC] Theorem 1), so each coverage probability is ``F_Z`` of a
bound on ``x`` (:func:`~ofdmisac.network.distance_ratio_cdf`).

Uplink ([CC] Theorem 1; [CC] eq. (9) to [CC] eq. (13)): the NMSE of [CC] eq. (4) is
``1 / (1 + x)`` and ``P_D`` decreases in ``x``, so the joint event is ``x_C <= x <= x_S``.
Three versions of the sensing bound are offered (``model``): "paper" is the printed
[CC] eq. (11) (the estimation error assumed independent of noise and echo), "residual"
and "chain" are the corrected laws of the MMSE/GLRT chain actually described
(``docs/errata.md``, [CC] eq. (8)), with the GLRT normalized by the true residual
variance or as in [CC] eq. (6).

Downlink ([CC] Theorem 2; [CC] eq. (28) and [CC] eq. (29)):
``Psi = rho N / (1 - rho) (kappa + x / (1 + x))`` and
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
    """Parameters of the [CC] joint coverage analysis (Section 5.1 defaults).

    A frozen, keyword-only dataclass; every field is validated on construction (integers
    stay integers, the others become ``float``). Change fields with
    ``dataclasses.replace(scenario, n_antennas=32)`` or sweep them by keyword in the
    coverage functions (``docs/conventions.md``, "Sweeps of scenario fields").

    Parameters
    ----------
    user_density_per_m2 : float
        CU density ``lambda_U`` in 1/m^2, > 0 (default 1e-4, i.e. 100 per km^2).
    target_density_per_m2 : float
        ST density ``lambda_T`` in 1/m^2, > 0 (default 1e-3, i.e. 1000 per km^2).
    n_users : int
        Number of CUs ``K`` served, >= 1 (default 4); the analysed pair is the K-th.
    n_targets : int
        Number of STs ``L``, equal to ``n_users`` (default 4): the analysis pairs the
        i-th nearest CU and ST on pilot i ([CC] below eq. (3)), so ``K = L``.
    n_antennas : int
        BS antennas ``N``, >= 1 (default 64).
    user_power_w : float
        CU transmit power ``P_U,K`` in W, > 0 (default 1 W, 0 dB).
    target_power_w : float
        Pilot power towards the ST ``P_T,K`` in W, > 0 (default 0.1 W, -10 dB).
    c0 : float
        Linear path gain ``C_0`` at 1 m, > 0 (default 1e-3, -30 dB).
    path_loss_exponent : float
        Path-loss exponent ``alpha``, > 0 (default 2.8).
    noise_power_w : float
        Noise power ``N0`` in W, > 0 (default 1e-11 W, -80 dBm); neglected by the closed
        forms, used by the simulation twins and the ergodic ratios.
    pilot_length : int
        Uplink pilot length ``T_u``, >= ``n_users`` (default 64).
    glrt_threshold : float
        GLRT threshold ``epsilon_d`` (linear), > 0 (default 10**1.8, 18 dB).
    rician_factor : float
        Rician factor ``kappa_u,K`` (linear), >= 0 (default 1).
    comm_power_fraction : float
        Downlink power fraction ``rho`` of the communication beams, in [0, 1] (default
        0.5); the downlink functions need ``0 < rho < 1``.
    downlink_power_w : float
        BS downlink power ``P_d`` in W, > 0 (default 1 W).
    data_length : int
        Downlink data length ``T_d``, >= 1 (default 64).

    Raises
    ------
    TypeError
        If an integer field (``n_users``, ``n_targets``, ``n_antennas``, ``pilot_length``,
        ``data_length``) is not an integer or another field is not a real number.
    ValueError
        Naming the field, for a value outside its domain (NaN and infinity included),
        ``n_targets != n_users`` or ``pilot_length < n_users``.

    Examples
    --------
    >>> from ofdmisac.network import JointCoverageScenario
    >>> scenario = JointCoverageScenario()
    >>> scenario.n_users, scenario.n_antennas, round(scenario.ratio_scale, 6)
    (4, 64, 0.078125)
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
        """Validate a value (scalar or sweep array) of one numeric field.

        Parameters
        ----------
        name : str
            A numeric field of the scenario (e.g. ``"n_antennas"``).
        value : array_like
            Scalar or array of candidate values (e.g. a keyword sweep), any shape.

        Returns
        -------
        numpy.ndarray, float64, shape of ``value``
            The checked values.

        Raises
        ------
        ValueError
            If ``name`` is not a numeric field (the message lists them) or a value is
            outside the field's domain (an integer field also needs integral values).
        TypeError
            If ``value`` is not a real array.
        """
        if name not in _FIELD_RULES:
            fail(name, value, "choose a numeric field of JointCoverageScenario: "
                 + ", ".join(_FIELD_RULES))
        return check_array(name, value, **_FIELD_RULES[name])

    @property
    def ratio_scale(self) -> float:
        """Scale of the power ratio: ``x = ratio_scale * Z^-alpha``.

        ``ratio_scale = P_U / ((1 + kappa) P_T N)``, so that ``x = P_U mu_K / (P_T N
        beta_t,K)`` (``N0`` neglected) is ``ratio_scale * (d_U,K / d_T,K^2)^-alpha``:
        the prefactor of every argument of ``F_Z`` in the [CC] coverage results.
        """
        return self.user_power_w / (
            (1.0 + self.rician_factor) * self.target_power_w * self.n_antennas
        )

    def z_of_x(self, x) -> np.ndarray:
        """Distance ratio ``Z`` at which the power ratio ``x`` is reached.

        Inverts ``x = ratio_scale * Z^-alpha``: ``x >= x0`` iff ``Z <= z_of_x(x0)``.

        Parameters
        ----------
        x : array_like, float64, any shape
            Power ratios ``P_U mu_K / (P_T N beta_t,K)``, >= 0 (``x <= 0`` maps to
            ``inf``, ``inf`` to 0).

        Returns
        -------
        numpy.ndarray, float64, shape of ``x``
            ``(ratio_scale / x)^(1 / alpha)`` in 1/m.
        """
        x = np.asarray(x, dtype=np.float64)
        with np.errstate(divide="ignore"):
            return np.where(x > 0, (self.ratio_scale / np.where(x > 0, x, 1.0))
                            ** (1.0 / self.path_loss_exponent), np.inf)

    def f_z(self, z) -> np.ndarray:
        """CDF of the distance ratio ``Z`` for this scenario's densities and K.

        :func:`~ofdmisac.network.distance_ratio_cdf` with ``user_density_per_m2``,
        ``target_density_per_m2`` and ``k = n_users``.

        Parameters
        ----------
        z : array_like, float64, any shape
            Distance ratios ``d_U,K / d_T,K^2`` in 1/m, >= 0 (0 and ``inf`` allowed).

        Returns
        -------
        numpy.ndarray, float64, shape of ``z``
            ``F_Z(z)`` in [0, 1].

        References
        ----------
        [CC] Theorem 1
        """
        return distance_ratio_cdf(z, self.user_density_per_m2, self.target_density_per_m2,
                                  self.n_users)

