"""Joint communication and sensing coverage of the massive-MIMO ISAC link ([CC] 3.2, 4.2).

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

from dataclasses import dataclass

import numpy as np
from scipy.special import exp1, expn, gammaln

from ..channel._array import check_n_antennas
from ..estimators._marcum import marcum_q1_inverse_a
from ..estimators._mimo_uplink import detection_coverage_ratio
from ._joint_distances import distance_ratio_cdf

__all__ = [
    "JointCoverageScenario",
    "downlink_bounds_given_uplink_detection",
    "downlink_coverage_bounds",
    "downlink_joint_coverage",
    "ergodic_enhancement_ratio",
    "ergodic_interference_ratio",
    "interference_ratio_alpha2_given_target",
    "remark4_printed_bounds",
    "uplink_detection_coverage",
    "uplink_joint_coverage",
    "uplink_nmse_coverage",
    "uplink_nmse_floor",
]

_MODELS = ("paper", "residual", "chain")


def _pos(name, v, allow_zero=False) -> float:
    try:
        x = float(v)
    except (TypeError, ValueError):
        raise ValueError(f"{name}={v!r} is not allowed; use a finite number") from None
    if not np.isfinite(x) or x < 0 or (x == 0 and not allow_zero):
        need = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name}={v!r} is not allowed; use a finite value {need}")
    return x


@dataclass(frozen=True, kw_only=True)
class JointCoverageScenario:
    """Parameters of the joint coverage analysis of [CC]; defaults are its Section 5.1.

    Parameters
    ----------
    density_users_per_m2, density_targets_per_m2 : float
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
    rho : float
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
    >>> scn = JointCoverageScenario()
    >>> scn.n_users, scn.n_antennas
    (4, 64)
    """

    density_users_per_m2: float = 1e-4
    density_targets_per_m2: float = 1e-3
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
    rho: float = 0.5
    downlink_power_w: float = 1.0
    data_length: int = 64

    def __post_init__(self) -> None:
        for name in ("density_users_per_m2", "density_targets_per_m2", "user_power_w",
                     "target_power_w", "c0", "path_loss_exponent", "noise_power_w",
                     "glrt_threshold", "downlink_power_w"):
            _pos(name, getattr(self, name))
        _pos("rician_factor", self.rician_factor, allow_zero=True)
        rho = self.rho
        if not isinstance(rho, int | float | np.floating) or not 0.0 <= float(rho) <= 1.0:
            raise ValueError(f"rho={rho!r} is not allowed; the power split must lie in [0, 1]")
        for name in ("n_users", "n_targets", "pilot_length", "data_length"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int | np.integer) or v < 1:
                raise ValueError(f"{name}={v!r} is not allowed; use an integer >= 1")
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
        check_n_antennas(self.n_antennas)

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
        return distance_ratio_cdf(z, self.density_users_per_m2, self.density_targets_per_m2,
                                  self.n_users)


def _check_nmse_threshold(eps):
    e = np.asarray(eps, dtype=np.float64)
    if not np.all(np.isfinite(e)) or np.any(e <= 0):
        raise ValueError(
            f"nmse_threshold={eps!r} is not allowed; use a linear NMSE threshold > 0"
        )
    return e


def _check_probability(name, p):
    q = np.asarray(p, dtype=np.float64)
    if not np.all(np.isfinite(q)) or np.any(q <= 0) or np.any(q >= 1):
        raise ValueError(f"{name}={p!r} is not allowed; use probabilities in the open "
                         "interval (0, 1)")
    return q


def _check_model(model):
    if model not in _MODELS:
        raise ValueError(f"model={model!r} is not allowed; choose 'paper', 'residual' or 'chain'")


def _x_nmse(scn: JointCoverageScenario, nmse_threshold) -> np.ndarray:
    """Lower bound on x for NMSE (4) <= eps_C (N0 neglected): (1 - eps) / eps (0 if eps >= 1)."""
    e = _check_nmse_threshold(nmse_threshold)
    return np.maximum(1.0 - e, 0.0) / e


def _x_detection(scn: JointCoverageScenario, detection_threshold, model) -> np.ndarray:
    """Upper bound on x for P_D >= eps_S (N0 neglected, |zeta| = 1); may be inf."""
    _check_model(model)
    p = _check_probability("detection_threshold", detection_threshold)
    r = detection_coverage_ratio(p, glrt_threshold=scn.glrt_threshold,
                                 n_antennas=scn.n_antennas, user_power_w=scn.user_power_w,
                                 target_power_w=scn.target_power_w, model=model)
    return r * scn.user_power_w / (scn.target_power_w * scn.n_antennas)


def uplink_nmse_coverage(scn: JointCoverageScenario, nmse_threshold) -> np.ndarray:
    """Communication coverage ``P(NMSE_K <= eps_C)`` of [CC] eq. (10) (``N0`` neglected).

    ``F_Z((eps_C P_U / ((1 - eps_C) P_T N (1 + kappa)))^(1 / alpha))``.

    Parameters
    ----------
    scn : JointCoverageScenario
    nmse_threshold : array_like
        ``eps_u^C`` (linear, > 0), any shape.

    Returns
    -------
    numpy.ndarray, float64, shape of ``nmse_threshold``

    Raises
    ------
    ValueError
        If a threshold is <= 0.

    Examples
    --------
    >>> round(float(uplink_nmse_coverage(JointCoverageScenario(), 0.01)), 4)
    0.3879
    """
    return scn.f_z(scn.z_of_x(_x_nmse(scn, nmse_threshold)))


def uplink_detection_coverage(scn: JointCoverageScenario, detection_threshold, *,
                              model: str = "paper") -> np.ndarray:
    """Sensing coverage ``P(P_D,K >= eps_S)`` of [CC] eq. (11) (``N0`` neglected, |zeta| = 1).

    ``1 - F_Z(z_S)`` with ``z_S`` the ``Z`` where ``P_D = eps_S``; ``model`` selects the
    printed (11) ("paper", 1 below the floor ``Q1(sqrt(2N), sqrt(2 eps_d))`` of Remark 1)
    or the corrected laws of the chain ("residual", "chain"; ``docs/errata.md``).

    Parameters
    ----------
    scn : JointCoverageScenario
    detection_threshold : array_like
        ``eps_u^S`` in (0, 1), any shape.
    model : {"paper", "residual", "chain"}

    Returns
    -------
    numpy.ndarray, float64, shape of ``detection_threshold``

    Raises
    ------
    ValueError
        If a probability is outside (0, 1) or ``model`` is unknown.
    """
    x_s = _x_detection(scn, detection_threshold, model)
    return 1.0 - scn.f_z(scn.z_of_x(x_s))


def uplink_joint_coverage(scn: JointCoverageScenario, nmse_threshold, detection_threshold, *,
                          model: str = "paper") -> np.ndarray:
    """Joint uplink coverage ``P(NMSE_K <= eps_C, P_D,K >= eps_S)``, [CC] Theorem 1 eq. (13).

    ``max(F_Z(z_C) - F_Z(z_S), 0)``: the NMSE condition is ``x >= x_C = (1 - eps_C) /
    eps_C`` and the detection condition ``x <= x_S`` (see :func:`uplink_detection_coverage`),
    so the probability is zero below the bound of Corollary 1
    (:func:`uplink_nmse_floor`). ``model="paper"`` is (13) as printed; "residual" and
    "chain" the corrected versions (``docs/errata.md``, [CC] eq. (8)).

    Parameters
    ----------
    scn : JointCoverageScenario
    nmse_threshold : array_like
        ``eps_u^C`` (linear, > 0).
    detection_threshold : array_like
        ``eps_u^S`` in (0, 1); broadcast with ``nmse_threshold``.
    model : {"paper", "residual", "chain"}

    Returns
    -------
    numpy.ndarray, float64, broadcast shape of the thresholds

    Raises
    ------
    ValueError
        If a threshold is outside its domain or ``model`` is unknown.

    Examples
    --------
    >>> scn = JointCoverageScenario()
    >>> round(float(uplink_joint_coverage(scn, 0.1, 0.6)), 4)
    0.2806
    """
    x_c = _x_nmse(scn, nmse_threshold)
    x_s = _x_detection(scn, detection_threshold, model)
    f_c = scn.f_z(scn.z_of_x(x_c))
    f_s = scn.f_z(scn.z_of_x(x_s))
    return np.where(x_c <= x_s, np.maximum(f_c - f_s, 0.0), 0.0)


def uplink_nmse_floor(scn: JointCoverageScenario, detection_threshold, *,
                      model: str = "paper") -> np.ndarray:
    """Lowest NMSE compatible with ``P_D >= eps_S``, [CC] Corollary 1 (``N0`` neglected).

    ``1 / (1 + x_S)``: "paper" gives the printed ``1 - 2N / eps_bar`` (0 when
    ``eps_bar <= 2N``), "residual" the corrected ``eps_bar / (eps_bar + 2N)``, "chain"
    the root of the chain law (``eps_S = Q1(sqrt(eps_bar), sqrt(2 eps_d))``).

    Parameters
    ----------
    scn : JointCoverageScenario
    detection_threshold : array_like
        ``eps_u^S`` in (0, 1).
    model : {"paper", "residual", "chain"}

    Returns
    -------
    numpy.ndarray, float64 (linear NMSE)

    Examples
    --------
    >>> float(round(10 * np.log10(float(uplink_nmse_floor(JointCoverageScenario(), 0.981))), 2))
    -5.64
    """
    return 1.0 / (1.0 + _x_detection(scn, detection_threshold, model))


def _check_open_rho(scn):
    if not 0.0 < scn.rho < 1.0:
        raise ValueError(f"rho={scn.rho!r} is not allowed here; the downlink ratios need "
                         "0 < rho < 1")


def _x_interference(scn, eps_c):
    """Lower bound on x for 1/Psi <= eps_C (inf: never)."""
    e = np.asarray(eps_c, dtype=np.float64)
    if not np.all(np.isfinite(e)) or np.any(e <= 0):
        raise ValueError(f"interference_threshold={eps_c!r} is not allowed; use a linear "
                         "threshold > 0")
    rho, n, kap = scn.rho, scn.n_antennas, scn.rician_factor
    s = (1.0 - rho) / (rho * n * e) - kap  # need x / (1 + x) >= s
    with np.errstate(divide="ignore", invalid="ignore"):
        x = np.where(s <= 0, 0.0, np.where(s >= 1, np.inf, s / (1.0 - s)))
    return x


def _x_benefit(scn, eps_s):
    """Lower bound on x for 1/Omega >= eps_S (inf: never)."""
    e = np.asarray(eps_s, dtype=np.float64)
    if not np.all(np.isfinite(e)) or np.any(e <= 0):
        raise ValueError(f"benefit_threshold={eps_s!r} is not allowed; use a linear "
                         "threshold > 0")
    rho, n, kap = scn.rho, scn.n_antennas, scn.rician_factor
    t = 2.0 * rho / ((1.0 - rho) * n * e) - kap - 1.0  # need kappa / x <= t
    with np.errstate(divide="ignore", invalid="ignore"):
        if kap == 0:
            return np.where(t >= 0, 0.0, np.inf)
        return np.where(t > 0, kap / np.where(t > 0, t, 1.0), np.inf)


def _x_benefit_chain(scn, eps_s):
    """Interval ``[x_lo, x_hi]`` of x where the chain's ``1/Omega >= eps_S`` (empty: lo > hi).

    ``1/Omega = rho c (2c/N + 1 - c) / ((1 - rho)(kappa + c))``, ``c = x / (1 + x)``
    (``docs/errata.md``, [CC] eq. (25)): ``q c^2 - (1 - e) c + e kappa <= 0`` with
    ``q = 1 - 2/N``, ``e = eps_S (1 - rho) / rho``.
    """
    e_s = np.asarray(eps_s, dtype=np.float64)
    if not np.all(np.isfinite(e_s)) or np.any(e_s <= 0):
        raise ValueError(f"benefit_threshold={eps_s!r} is not allowed; use a linear "
                         "threshold > 0")
    rho, n, kap = scn.rho, scn.n_antennas, scn.rician_factor
    e = e_s * (1 - rho) / rho
    q = 1.0 - 2.0 / n
    disc = (1 - e) ** 2 - 4 * q * e * kap
    root = np.sqrt(np.maximum(disc, 0.0))
    c_lo = np.maximum((1 - e - root) / (2 * q), 0.0)
    c_hi = (1 - e + root) / (2 * q)
    ok = (disc >= 0) & (c_hi > 0) & (c_lo < 1)
    c_lo_ = np.where(ok, c_lo, 0.0)
    c_hi_ = np.where(ok & (c_hi < 1), c_hi, 0.0)
    x_lo = np.where(ok, c_lo_ / (1 - c_lo_), np.inf)
    x_hi = np.where(ok, np.where(c_hi >= 1, np.inf, c_hi_ / (1 - c_hi_)), -np.inf)
    return x_lo, x_hi


def downlink_joint_coverage(scn: JointCoverageScenario, interference_threshold,
                            benefit_threshold, *, model: str = "paper") -> np.ndarray:
    """Joint downlink coverage ``P(1/Psi_K <= eps_C, 1/Omega_K >= eps_S)``, [CC] (28)-(29).

    Theorem 2 with ``N0`` neglected: both events are lower bounds on ``x``, so the
    probability is ``F_Z(min(z_C, z_S))`` (the three cases of (29)); zero beyond the bounds
    of Corollary 2 (:func:`downlink_coverage_bounds`).

    ``model="paper"`` is (29) (with the corrected case conditions): MRT on an estimate
    ``h_hat ~ CN(m, phi I)`` and a LoS vector that carries no angle information
    (``a^H h_bar = a_c^H h_bar = 0``). ``model="chain"``: MRT on the MMSE estimate of the
    shared-pilot chain of section 3, whose echo part lies along the sensing beam, so
    ``1/Omega = rho c (2c/N + 1 - c) / ((1 - rho)(kappa + c))`` with ``c = x / (1 + x)``
    and the benefit event is an interval of ``x`` (``docs/errata.md``, [CC] eq. (25));
    the interference event is the same.

    Parameters
    ----------
    scn : JointCoverageScenario
        Needs ``0 < rho < 1``.
    interference_threshold : array_like
        ``eps_d^C`` (linear, > 0): bound on the mutual interference ``1 / Psi_K``.
    benefit_threshold : array_like
        ``eps_d^S`` (linear, > 0): bound on the mutual benefit ``1 / Omega_K``.
    model : {"paper", "chain"}

    Returns
    -------
    numpy.ndarray, float64, broadcast shape of the thresholds

    Raises
    ------
    ValueError
        If a threshold is <= 0, ``rho`` is not in (0, 1) or ``model`` is unknown.

    Examples
    --------
    >>> scn = JointCoverageScenario(rician_factor=0.2)
    >>> round(float(downlink_joint_coverage(scn, 0.015, 0.012)), 4)
    0.9509
    """
    _check_open_rho(scn)
    if model not in ("paper", "chain"):
        raise ValueError(f"model={model!r} is not allowed; choose 'paper' or 'chain'")
    x_c = _x_interference(scn, interference_threshold)
    if model == "chain":
        x_lo, x_hi = _x_benefit_chain(scn, benefit_threshold)
        lo = np.maximum(x_c, x_lo)
        p = scn.f_z(scn.z_of_x(np.where(np.isinf(lo), 1.0, lo))) - np.where(
            np.isinf(x_hi), 0.0, scn.f_z(scn.z_of_x(np.where(np.isinf(x_hi), 1.0, x_hi))))
        return np.where(np.isinf(lo) | (lo >= x_hi), 0.0, np.maximum(p, 0.0))
    x0 = np.maximum(x_c, _x_benefit(scn, benefit_threshold))
    return np.where(np.isinf(x0), 0.0, scn.f_z(scn.z_of_x(x0)))


def downlink_coverage_bounds(scn: JointCoverageScenario) -> dict:
    """Bounds of [CC] Corollary 2: ``1/Psi > (1 - rho) / (rho N (1 + kappa))`` and
    ``1/Omega < 2 rho / ((1 - rho) N (1 + kappa))``.

    Returns
    -------
    dict
        ``interference_floor`` and ``benefit_ceiling`` (linear).

    Raises
    ------
    ValueError
        If ``rho`` is not in (0, 1).
    """
    _check_open_rho(scn)
    rho, n, kap = scn.rho, scn.n_antennas, scn.rician_factor
    return {"interference_floor": (1 - rho) / (rho * n * (1 + kap)),
            "benefit_ceiling": 2 * rho / ((1 - rho) * n * (1 + kap))}


def downlink_bounds_given_uplink_detection(scn: JointCoverageScenario, detection_threshold,
                                           *, model: str = "paper") -> dict:
    """Uplink-downlink coupling bounds of [CC] Remark 4.

    If ``P_D,K >= eps_S`` in the uplink then ``x <= x_S`` and the downlink mutual
    interference is at least ``(1 - rho) / (rho N (kappa + x_S / (1 + x_S)))`` and the
    mutual benefit at most ``2 rho / ((1 - rho) N (kappa + 1 + kappa / x_S))``. With the
    printed (11) ("paper") these are Remark 4's
    ``eps_bar (1 - rho) / (rho N (2N + kappa eps_bar))`` and
    ``4 rho / ((1 - rho) (eps_bar kappa + 2N))``.

    Parameters
    ----------
    scn : JointCoverageScenario
    detection_threshold : array_like
        ``eps_u^S`` in (0, 1).
    model : {"paper", "residual", "chain"}

    Returns
    -------
    dict
        ``interference_floor`` and ``benefit_ceiling`` arrays (float64).
    """
    _check_open_rho(scn)
    x = _x_detection(scn, detection_threshold, model)
    rho, n, kap = scn.rho, scn.n_antennas, scn.rician_factor
    frac = np.where(np.isinf(x), 1.0, x / (1.0 + np.where(np.isinf(x), 0.0, x)))
    with np.errstate(divide="ignore"):
        inv = np.where(np.isinf(x), 0.0, kap / np.where(np.isinf(x), 1.0, x))
    return {"interference_floor": (1 - rho) / (rho * n * (kap + frac)),
            "benefit_ceiling": 2 * rho / ((1 - rho) * n * (kap + 1 + inv))}


def remark4_printed_bounds(scn: JointCoverageScenario, detection_threshold) -> dict:
    """Remark 4's closed forms as printed in [CC] (the "paper" model's uplink-downlink bounds).

    ``1/Psi >= eps_bar (1 - rho) / (rho N (2N + kappa eps_bar))`` and
    ``1/Omega <= 4 rho / ((1 - rho) (eps_bar kappa + 2N))`` with
    ``eps_S = Q1(sqrt(eps_bar), sqrt(2 eps_d))``; equal to
    :func:`downlink_bounds_given_uplink_detection` with ``model="paper"``.

    Parameters
    ----------
    scn : JointCoverageScenario
    detection_threshold : array_like
        ``eps_u^S`` in (0, 1).

    Returns
    -------
    dict
        ``interference_floor`` and ``benefit_ceiling`` arrays (float64).

    Raises
    ------
    ValueError
        If a probability is outside (0, 1).
    """
    p = _check_probability("detection_threshold", detection_threshold)
    eb = marcum_q1_inverse_a(p, np.sqrt(2 * scn.glrt_threshold)) ** 2
    rho, n, kap = scn.rho, scn.n_antennas, scn.rician_factor
    return {"interference_floor": eb * (1 - rho) / (rho * n * (2 * n + kap * eb)),
            "benefit_ceiling": 4 * rho / ((1 - rho) * (eb * kap + 2 * n))}


def ergodic_enhancement_ratio(scn: JointCoverageScenario, k: int | None = None) -> float:
    """Ergodic ``Omega_bar_k = E{Omega_k}`` over the CU and ST positions, [CC] eq. (26).

    ``(1 - rho) N / (2 rho) [(kappa + 1) + kappa (1 + kappa) Gamma(k + alpha/2)
    / (P_U Gamma(k) (lambda_U pi)^(alpha/2)) (N0 / (T_u C0) + P_T N (lambda_T pi)^alpha
    Gamma(k - alpha) / Gamma(k))]``; ``N0 / T_u`` in place of the printed ``N0`` (erratum
    of (25)). Finite only for ``k > alpha`` (``E d_T^-2 alpha`` diverges otherwise).

    Parameters
    ----------
    scn : JointCoverageScenario
    k : int, optional
        Pair index (default ``scn.n_users``).

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If ``k <= alpha`` or ``rho`` is not in (0, 1).
    """
    _check_open_rho(scn)
    k = scn.n_users if k is None else int(k)
    a = scn.path_loss_exponent
    if k <= a:
        raise ValueError(f"k={k} is not allowed; (26) needs k > alpha={a} (E d_T^-2alpha "
                         "diverges otherwise)")
    rho, n, kap = scn.rho, scn.n_antennas, scn.rician_factor
    lu, lt = scn.density_users_per_m2 * np.pi, scn.density_targets_per_m2 * np.pi
    e_du = np.exp(gammaln(k + a / 2) - gammaln(k)) * lu ** (-a / 2)
    e_bt = lt**a * np.exp(gammaln(k - a) - gammaln(k))
    inner = (scn.noise_power_w / (scn.pilot_length * scn.c0)
             + scn.target_power_w * n * e_bt)
    return float((1 - rho) * n / (2 * rho) * ((kap + 1) + kap * (1 + kap) * e_du
                                              / scn.user_power_w * inner))


def ergodic_interference_ratio(scn: JointCoverageScenario, k: int | None = None, *,
                               n_nodes: int = 128) -> float:
    """Ergodic ``Psi_bar_k = E{Psi_k}`` over the CU and ST positions ([CC] eq. (27)).

    ``rho N / (1 - rho) (kappa + E[A / (A + B + N0)])`` with ``A = P_U T_u mu_k``,
    ``B = P_T T_u N beta_t,k``. For ``alpha = 2`` and fixed ``beta_t`` the user average is
    ``y e^y E_k(y)``, ``y = lambda_U pi P_U C0 / ((1 + kappa)(P_T N beta_t + N0 / T_u))``
    (printed (27): ``y^k e^y E_k(y)``, which equals it only for ``k = 1``, see
    ``docs/errata.md``); here both distances are averaged by fixed Gauss-Legendre rules
    over ``log`` of the Gamma variables (any ``alpha``).

    Parameters
    ----------
    scn : JointCoverageScenario
    k : int, optional
        Pair index (default ``scn.n_users``).
    n_nodes : int
        Quadrature nodes per dimension.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If ``rho`` is not in (0, 1).
    """
    from ._joint_distances import _log_gamma_nodes

    _check_open_rho(scn)
    k = scn.n_users if k is None else int(k)
    g, w = _log_gamma_nodes(k, n_nodes)
    a = scn.path_loss_exponent
    d_u = np.sqrt(g / (np.pi * scn.density_users_per_m2))[:, None]
    d_t = np.sqrt(g / (np.pi * scn.density_targets_per_m2))[None, :]
    mu = scn.c0 * d_u ** (-a) / (1 + scn.rician_factor)
    bt = scn.c0 * d_t ** (-2 * a)
    c = scn.user_power_w * mu / (scn.user_power_w * mu + scn.target_power_w * scn.n_antennas
                                 * bt + scn.noise_power_w / scn.pilot_length)
    mean_c = float(np.sum(w[:, None] * w[None, :] * c))
    rho, n = scn.rho, scn.n_antennas
    return rho * n / (1 - rho) * (scn.rician_factor + mean_c)


def interference_ratio_alpha2_given_target(scn: JointCoverageScenario, target_gain,
                                           k: int | None = None) -> np.ndarray:
    """Corrected (27): ``E_{d_U}{Psi_k}`` for ``alpha = 2`` at a given ``beta_t,k``.

    ``rho N / (1 - rho) (kappa + y e^y E_k(y))``,
    ``y = lambda_U pi P_U C0 / ((1 + kappa)(P_T N beta_t + N0 / T_u))`` (the printed (27)
    has ``y^k`` for ``y``, see ``docs/errata.md``). Ignores ``scn.path_loss_exponent``
    (the closed form needs ``alpha = 2``).

    Parameters
    ----------
    scn : JointCoverageScenario
    target_gain : array_like
        ``beta_t,k`` (linear, > 0).
    k : int, optional
        Pair index (default ``scn.n_users``).

    Returns
    -------
    numpy.ndarray, float64, shape of ``target_gain``

    Raises
    ------
    ValueError
        If ``rho`` is not in (0, 1) or a gain is not positive.
    """
    _check_open_rho(scn)
    k = scn.n_users if k is None else int(k)
    bt = np.asarray(target_gain, dtype=np.float64)
    if not np.all(np.isfinite(bt)) or np.any(bt <= 0):
        raise ValueError(f"target_gain={target_gain!r} is not allowed; use finite values > 0")
    y = (scn.density_users_per_m2 * np.pi * scn.user_power_w * scn.c0
         / ((1 + scn.rician_factor) * (scn.target_power_w * scn.n_antennas * bt
                                       + scn.noise_power_w / scn.pilot_length)))
    # y e^y E_k(y) computed stably: e^y E_k(y) = scaled exponential integral
    ey = np.where(y < 700, np.exp(np.minimum(y, 700)) * (expn(k, y) if k > 1 else exp1(y)),
                  1.0 / (y + k))
    rho, n = scn.rho, scn.n_antennas
    return rho * n / (1 - rho) * (scn.rician_factor + y * ey)
