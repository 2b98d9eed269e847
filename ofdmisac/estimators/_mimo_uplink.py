"""Uplink of the massive-MIMO ISAC link of [CC] section 3: shared pilots, MMSE, GLRT.

K communication users (CUs) and K sensing targets (STs) share K orthonormal pilot
sequences: the i-th nearest CU and the i-th nearest ST use sequence i ([CC] below (2),
``K = L`` required: this module raises ``ValueError`` when the user and target arrays do
not have the same number of pairs). The base station (BS, N antennas) receives

    Y_P = sum_k sqrt(P_U T_u) h_k v_k^H + sum_k sqrt(P_T T_u) G_k w_k v_k^H + N_P,

with ``w_k = a_N(theta_k) / sqrt(N)``, projects onto ``v_k`` ((3)), estimates ``h_k`` with
the MMSE estimator printed below (3), and detects target k with the GLRT (6)-(7) on the
residual ``r_k = y_k - sqrt(P_U T_u) h_hat_k``.

Symbols (all linear, per pair k; arrays broadcast over leading batch dims):

* ``mu = beta_u / (1 + kappa)``, ``A = P_U T_u mu``, ``B = P_T T_u N beta_t``,
  ``D = N0``, MMSE weight ``c = A / (A + B + D)``, ``phi = c mu``.
* NMSE (4): ``(mu - phi) / mu = 1 - c``.

Exact detection law of the chain (derived here; the paper's (8) assumes the estimation
error independent of the noise and of the echo, see ``docs/errata.md``): the residual is
``r = (1 - c) (sqrt(P_U T_u mu) h_tilde + sqrt(B) zeta a + n)``, so with
``L0 = N0 + P_U T_u (mu - phi)`` (the GLRT normalization of (6)),

    P_D  = Q1( sqrt(2 N B |zeta|^2 / (A + D)), sqrt(2 eps L0 / ((1 - c)^2 (A + D))) ),
    P_FA = exp( -eps L0 / ((1 - c)^2 (A + D)) ).

The printed (8), ``Q1(sqrt(2 N B |zeta|^2 / L0), sqrt(2 eps))``, is offered as
:func:`glrt_detection_probability_paper` and is reproduced exactly by
:func:`simulate_uplink` with ``error_model="independent"``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .._random import as_generator
from ..channel._array import check_n_antennas, steering_vector
from ..channel._mimo_channel import check_rician_factor, rcs_coefficients, rician_channels
from ._marcum import log_marcum_q1, marcum_q1_inverse_a

__all__ = [
    "MimoUplink",
    "detection_coverage_ratio",
    "nmse_coverage_ratio",
    "UplinkSimulation",
    "glrt_detection_probability",
    "glrt_detection_probability_paper",
    "glrt_false_alarm_probability",
    "glrt_statistic",
    "mmse_channel_estimate",
    "pilot_sequences",
    "project_pilots",
    "received_pilot_matrix",
    "simulate_uplink",
    "uplink_nmse",
    "uplink_receiver",
]


def _positive_array(name: str, value) -> np.ndarray:
    x = np.asarray(value, dtype=np.float64)
    if not np.all(np.isfinite(x)) or np.any(x <= 0):
        raise ValueError(f"{name}={value!r} is not allowed; use finite values > 0")
    return x


def _nonneg_array(name: str, value) -> np.ndarray:
    x = np.asarray(value, dtype=np.float64)
    if not np.all(np.isfinite(x)) or np.any(x < 0):
        raise ValueError(f"{name}={value!r} is not allowed; use finite values >= 0")
    return x


def _check_threshold(threshold) -> np.ndarray:
    t = np.asarray(threshold, dtype=np.float64)
    if not np.all(np.isfinite(t)) or np.any(t <= 0):
        raise ValueError(f"threshold={threshold!r} is not allowed; use a linear GLRT threshold > 0")
    return t


@dataclass(frozen=True, kw_only=True, eq=False)
class MimoUplink:
    """Parameters of the uplink ISAC link of [CC] section 3 for K CU/ST pairs.

    Array fields broadcast together; their last axis indexes the pair k (the k-th
    nearest CU and the k-th nearest ST share pilot k) and leading axes are realizations
    (e.g. one PPP geometry per row). Scalars are allowed everywhere.

    Parameters
    ----------
    n_antennas : int
        BS antennas ``N >= 1``.
    pilot_length : int
        Pilot length ``T_u >= 1`` (simulations need K <= T_u orthonormal pilots; the
        closed forms accept any last-axis length, e.g. for parameter sweeps).
    user_gain : array_like, shape (..., K)
        ``beta_u,k = C_0 d_U,k^-alpha`` (linear, > 0).
    target_gain : array_like, shape (..., K)
        ``beta_t,k = C_0 d_T,k^-2alpha`` (linear, > 0).
    rician_factor : array_like, optional
        ``kappa_u,k >= 0`` (default 1).
    user_power_w : array_like, optional
        ``P_U,k`` in W (> 0, default 1).
    target_power_w : array_like, optional
        ``P_T,k`` in W (>= 0, default 0.1).
    noise_power_w : float, optional
        ``N_0`` in W (> 0, default 1e-11 = -80 dBm).

    Raises
    ------
    ValueError
        If a parameter is outside its domain, or if ``user_gain`` and ``target_gain``
        have different numbers of pairs (the formulas need K = L).

    Examples
    --------
    >>> link = MimoUplink(n_antennas=64, pilot_length=64, user_gain=1e-7, target_gain=1e-9)
    >>> round(float(link.nmse), 4)
    0.1135
    """

    n_antennas: int
    pilot_length: int
    user_gain: np.ndarray
    target_gain: np.ndarray
    rician_factor: np.ndarray = field(default=1.0)
    user_power_w: np.ndarray = field(default=1.0)
    target_power_w: np.ndarray = field(default=0.1)
    noise_power_w: float = 1e-11

    def __post_init__(self) -> None:
        check_n_antennas(self.n_antennas)
        if (
            isinstance(self.pilot_length, bool)
            or not isinstance(self.pilot_length, int | np.integer)
            or self.pilot_length < 1
        ):
            raise ValueError(
                f"pilot_length={self.pilot_length!r} is not allowed; use an integer >= 1"
            )
        ug = _positive_array("user_gain", self.user_gain)
        tg = _positive_array("target_gain", self.target_gain)
        if ug.ndim >= 1 and tg.ndim >= 1 and ug.shape[-1] != tg.shape[-1]:
            if ug.shape[-1] != 1 and tg.shape[-1] != 1:
                raise ValueError(
                    f"user_gain has K={ug.shape[-1]} pairs but target_gain has "
                    f"L={tg.shape[-1]}; the shared-pilot model of [CC] (3) needs K = L"
                )
        object.__setattr__(self, "user_gain", ug)
        object.__setattr__(self, "target_gain", tg)
        object.__setattr__(self, "rician_factor", check_rician_factor(self.rician_factor))
        object.__setattr__(self, "user_power_w", _positive_array("user_power_w", self.user_power_w))
        object.__setattr__(
            self, "target_power_w", _nonneg_array("target_power_w", self.target_power_w)
        )
        n0 = float(_positive_array("noise_power_w", self.noise_power_w))
        object.__setattr__(self, "noise_power_w", n0)
        _ = self.shape  # raises if the per-pair arrays do not broadcast

    @property
    def shape(self) -> tuple[int, ...]:
        """Broadcast shape ``(..., K)`` of the per-pair parameters."""
        names = ("user_gain", "target_gain", "rician_factor", "user_power_w", "target_power_w")
        shapes = {name: np.shape(getattr(self, name)) for name in names}
        try:
            return np.broadcast_shapes(*shapes.values())
        except ValueError:
            raise ValueError(
                f"per-pair parameters with shapes {shapes} do not broadcast together"
            ) from None

    @property
    def mu(self) -> np.ndarray:
        """``mu_k = beta_u,k / (1 + kappa_u,k)`` (NLoS power per antenna)."""
        return self.user_gain / (1.0 + self.rician_factor)

    @property
    def user_pilot_power(self) -> np.ndarray:
        """``A = P_U T_u mu`` (per-antenna power of the unknown user part in (3))."""
        return self.user_power_w * self.pilot_length * self.mu

    @property
    def echo_pilot_power(self) -> np.ndarray:
        """``B = P_T T_u N beta_t`` (per-antenna power of the target echo in (3))."""
        return self.target_power_w * self.pilot_length * self.n_antennas * self.target_gain

    @property
    def mmse_weight(self) -> np.ndarray:
        """``c = A / (A + B + N0)``, the weight of the MMSE estimator below (3)."""
        a = self.user_pilot_power
        return a / (a + self.echo_pilot_power + self.noise_power_w)

    @property
    def phi(self) -> np.ndarray:
        """``phi_k = P_U T_u mu^2 / (P_U T_u mu + P_T T_u N beta_t + N0)`` (below (3))."""
        return self.mmse_weight * self.mu

    @property
    def nmse(self) -> np.ndarray:
        """NMSE ``(mu - phi) / mu`` of [CC] eq. (4) (float64, shape ``self.shape``)."""
        return uplink_nmse(self)

    @property
    def glrt_noise_level(self) -> np.ndarray:
        """``N0 + P_U T_u (mu - phi)``, the normalization of the GLRT (6)."""
        return self.noise_power_w + self.user_pilot_power * (1.0 - self.mmse_weight)


def uplink_nmse(link: MimoUplink) -> np.ndarray:
    """Channel-estimation NMSE of [CC] eq. (4): ``(mu_k - phi_k) / mu_k``.

    This is ``E||e_k||^2 / E||h_k - sqrt(mu kappa) h_bar_k||^2``, the error normalized by
    the energy of the unknown (scattered) part of the channel; see ``docs/errata.md``
    for the printed definition ``E{||e||^2 / ||h||^2}``.

    Parameters
    ----------
    link : MimoUplink

    Returns
    -------
    ndarray, float64, shape ``link.shape``
    """
    return 1.0 - link.mmse_weight


def _check_normalization(normalization: str) -> None:
    if normalization not in ("paper", "residual"):
        raise ValueError(
            f"normalization={normalization!r} is not allowed; choose 'paper' or 'residual'"
        )


def _statistic_scale(link: MimoUplink, normalization: str) -> np.ndarray:
    """Per-antenna variance the GLRT statistic is divided by (times N)."""
    _check_normalization(normalization)
    if normalization == "paper":
        return link.glrt_noise_level
    c = link.mmse_weight
    return (1.0 - c) ** 2 * (link.user_pilot_power + link.noise_power_w)


def glrt_detection_probability(
    link: MimoUplink, threshold, *, rcs_power=1.0, normalization: str = "paper"
) -> np.ndarray:
    """Detection probability of the GLRT (6)-(7) applied to the MMSE residual (exact).

    Corrected [CC] eq. (8) (see the module docstring and ``docs/errata.md``):
    ``Q1(sqrt(2 N B |zeta|^2 / (A + D)), sqrt(2 eps L0 / ((1 - c)^2 (A + D))))``.

    Parameters
    ----------
    link : MimoUplink
    threshold : array_like
        Linear GLRT threshold ``epsilon_d > 0`` (broadcast with ``link.shape``).
    rcs_power : array_like, optional
        ``|zeta_k|^2`` (>= 0, default 1).
    normalization : {"paper", "residual"}
        "paper": the statistic is normalized by ``N [N0 + P_U T_u (mu - phi)]`` as in
        (6)-(7); "residual": by the actual residual variance
        ``N (1 - c)^2 (A + N0)``, which makes ``P_FA = exp(-eps)`` and
        ``P_D = Q1(sqrt(2 N B |zeta|^2 / (A + N0)), sqrt(2 eps))``.

    Returns
    -------
    ndarray, float64

    Raises
    ------
    ValueError
        If ``threshold <= 0``, ``rcs_power < 0`` or ``normalization`` is unknown.
    """
    eps = _check_threshold(threshold)
    z2 = _nonneg_array("rcs_power", rcs_power)
    a_ = link.user_pilot_power
    d_ = link.noise_power_w
    c = link.mmse_weight
    nc = 2.0 * link.n_antennas * link.echo_pilot_power * z2 / (a_ + d_)
    thr = 2.0 * eps * _statistic_scale(link, normalization) / ((1.0 - c) ** 2 * (a_ + d_))
    return np.exp(log_marcum_q1(np.sqrt(nc), np.sqrt(thr)))


def glrt_detection_probability_paper(link: MimoUplink, threshold, *, rcs_power=1.0) -> np.ndarray:
    """Detection probability as printed in [CC] eq. (8).

    ``Q1(sqrt(2 P_T T_u N^2 beta_t |zeta|^2 / (N0 + P_U T_u (mu - phi))), sqrt(2 eps))``.
    It holds when the estimation error is independent of the noise and the echo
    (``simulate_uplink(..., error_model="independent")``), not for the residual of the
    MMSE estimate computed from the same pilots; use :func:`glrt_detection_probability`
    for the latter.

    Parameters and returns as :func:`glrt_detection_probability`.
    """
    eps = _check_threshold(threshold)
    z2 = _nonneg_array("rcs_power", rcs_power)
    nc = 2.0 * link.n_antennas * link.echo_pilot_power * z2 / link.glrt_noise_level
    return np.exp(log_marcum_q1(np.sqrt(nc), np.sqrt(2.0 * eps)))


def glrt_false_alarm_probability(
    link: MimoUplink, threshold, *, normalization: str = "paper"
) -> np.ndarray:
    """False-alarm probability of the GLRT on the MMSE residual (target absent).

    ``exp(-eps L0 / ((1 - c)^2 (A + D)))`` for the estimator of [CC] (3) computed with
    the echo term in its denominator (the BS does not know whether the target is there).
    Under the paper's independence assumption this would be ``exp(-eps)``.

    Parameters
    ----------
    link : MimoUplink
    threshold : array_like
        ``epsilon_d > 0``.
    normalization : {"paper", "residual"}
        As in :func:`glrt_detection_probability` ("residual" gives ``exp(-eps)``).

    Returns
    -------
    ndarray, float64

    Raises
    ------
    ValueError
        If ``threshold <= 0`` or ``normalization`` is unknown.
    """
    eps = _check_threshold(threshold)
    a_ = link.user_pilot_power
    c = link.mmse_weight
    scale = _statistic_scale(link, normalization)
    return np.exp(-eps * scale / ((1.0 - c) ** 2 * (a_ + link.noise_power_w)))


def _complex_normal(rng: np.random.Generator, shape) -> np.ndarray:
    """i.i.d. CN(0, 1) samples (complex128) drawn without temporaries."""
    x = rng.standard_normal((*shape, 2))
    x *= np.sqrt(0.5)
    return x.view(np.complex128)[..., 0]


def nmse_coverage_ratio(nmse_threshold, *, n_antennas, user_power_w, target_power_w):
    """Communication coverage condition of [CC] eq. (10) as a bound on ``mu_K / beta_t,K``.

    With ``N0`` neglected, ``(mu - phi) / mu <= eps_C`` holds iff
    ``mu / beta_t >= (1 - eps_C) P_T N / (eps_C P_U)`` (0 when ``eps_C >= 1``).

    Parameters
    ----------
    nmse_threshold : array_like
        ``eps_u^C > 0`` (linear).
    n_antennas : int
    user_power_w, target_power_w : array_like
        ``P_U,K`` (> 0) and ``P_T,K`` (>= 0).

    Returns
    -------
    ndarray, float64
        Lower bound on ``mu_K / beta_t,K``.

    Raises
    ------
    ValueError
        If ``nmse_threshold <= 0``.
    """
    eps = np.asarray(nmse_threshold, dtype=np.float64)
    if not np.all(np.isfinite(eps)) or np.any(eps <= 0):
        raise ValueError(
            f"nmse_threshold={nmse_threshold!r} is not allowed; use a linear NMSE threshold > 0"
        )
    n = check_n_antennas(n_antennas)
    p_u = _positive_array("user_power_w", user_power_w)
    p_t = _nonneg_array("target_power_w", target_power_w)
    return np.maximum(1.0 - eps, 0.0) * p_t * n / (eps * p_u)


def detection_coverage_ratio(
    detection_probability,
    *,
    glrt_threshold,
    n_antennas,
    user_power_w,
    target_power_w,
    model: str = "chain",
    n_iter: int = 200,
):
    """Sensing coverage condition ``P_D,K >= eps_S`` as a bound on ``mu_K / beta_t,K``.

    ``N0`` neglected and ``|zeta_K| = 1``, as in [CC] (9)-(11). ``P_D`` decreases in
    ``x = A / B = P_U mu / (P_T N beta_t)``, so the condition is
    ``mu / beta_t <= x* P_T N / P_U`` (``inf``: always covered).

    * ``model="paper"``: the printed (11), ``2 P_T N^2 / (eps_bar P_U - 2 P_U N)`` with
      ``eps_S = Q1(sqrt(eps_bar), sqrt(2 eps_d))`` (``inf`` when ``eps_bar <= 2N``).
    * ``model="residual"``: the chain with the GLRT normalized by the residual variance,
      ``P_D = Q1(sqrt(2 N / x), sqrt(2 eps_d))``: ``2 P_T N^2 / (eps_bar P_U)`` (no ``2N``
      floor; see ``docs/errata.md``, eq. (8)).
    * ``model="chain"``: the chain with the normalization of (6)-(7),
      ``P_D = Q1(sqrt(2 N / x), sqrt(2 eps_d (1 + x)))``, solved for ``x*`` by bisection.

    Parameters
    ----------
    detection_probability : array_like
        ``eps_u^S`` in (0, 1).
    glrt_threshold : array_like
        ``eps_d > 0`` (linear).
    n_antennas : int
    user_power_w, target_power_w : array_like
        ``P_U,K`` and ``P_T,K`` (> 0).
    model : {"chain", "residual", "paper"}
    n_iter : int
        Bisection steps for ``model="chain"``.

    Returns
    -------
    ndarray, float64
        Upper bound on ``mu_K / beta_t,K`` (may be ``inf``).

    Raises
    ------
    ValueError
        If a probability is outside (0, 1), ``glrt_threshold <= 0`` or ``model`` is unknown.
    """
    if model not in ("chain", "residual", "paper"):
        raise ValueError(f"model={model!r} is not allowed; choose 'chain', 'residual' or 'paper'")
    p = np.asarray(detection_probability, dtype=np.float64)
    if not np.all(np.isfinite(p)) or np.any(p <= 0) or np.any(p >= 1):
        raise ValueError(
            f"detection_probability={detection_probability!r} is not allowed; "
            "use probabilities in the open interval (0, 1)"
        )
    eps_d = _check_threshold(glrt_threshold)
    n = check_n_antennas(n_antennas)
    p_u = _positive_array("user_power_w", user_power_w)
    p_t = _positive_array("target_power_w", target_power_w)
    scale = p_t * n / p_u  # mu / beta_t = x * scale
    if model in ("paper", "residual"):
        eps_bar = marcum_q1_inverse_a(p, np.sqrt(2.0 * eps_d)) ** 2
        floor = 2.0 * n if model == "paper" else 0.0
        with np.errstate(divide="ignore"):
            x = np.where(eps_bar > floor, 2.0 * n / np.maximum(eps_bar - floor, 1e-300), np.inf)
        return x * scale
    p, eps_d = np.broadcast_arrays(p, eps_d)
    logp = np.log(p)
    lo = np.full(p.shape, -60.0)  # log x bracket: P_D(e^-60) ~ 1, P_D(e^60) ~ 0
    hi = np.full(p.shape, 60.0)
    for _ in range(n_iter):
        mid = 0.5 * (lo + hi)
        x = np.exp(mid)
        lq = log_marcum_q1(np.sqrt(2.0 * n / x), np.sqrt(2.0 * eps_d * (1.0 + x)))
        ok = lq >= logp
        lo = np.where(ok, mid, lo)
        hi = np.where(ok, hi, mid)
        if np.all(hi - lo < 1e-13):
            break
    return np.exp(0.5 * (lo + hi)) * scale


def pilot_sequences(pilot_length: int, n_sequences: int) -> np.ndarray:
    """Orthonormal pilot sequences ``v_k`` (columns of the unitary DFT matrix).

    Parameters
    ----------
    pilot_length : int
        ``T_u``.
    n_sequences : int
        ``K <= T_u``.

    Returns
    -------
    ndarray, shape (T_u, K), complex128
        ``V`` with ``V^H V = I_K`` (satisfies [CC] eq. (2) when pair k uses column k).

    Raises
    ------
    ValueError
        If ``n_sequences > pilot_length`` or either is < 1.
    """
    if pilot_length < 1 or n_sequences < 1 or n_sequences > pilot_length:
        raise ValueError(
            f"n_sequences={n_sequences} orthonormal pilots of pilot_length={pilot_length} "
            "are not possible; need 1 <= n_sequences <= pilot_length"
        )
    t = np.arange(pilot_length)[:, None]
    k = np.arange(n_sequences)[None, :]
    return np.exp(-2j * np.pi * t * k / pilot_length) / np.sqrt(pilot_length)


def received_pilot_matrix(
    link: MimoUplink,
    user_channels,
    echo_vectors,
    *,
    rng=None,
) -> np.ndarray:
    """Received pilot matrix ``Y_P`` of [CC] section 3 (above (3)).

    ``Y_P = sum_k (sqrt(P_U T_u) h_k + sqrt(P_T T_u) G_k w_k) v_k^H + N_P`` with
    ``V = pilot_sequences(T_u, K)`` and ``N_P`` i.i.d. ``CN(0, N0)``.

    Parameters
    ----------
    link : MimoUplink
    user_channels : array_like, shape (..., K, N), complex
        ``h_k``.
    echo_vectors : array_like, shape (..., K, N), complex
        ``G_k w_k`` (zero for an absent target).
    rng : Generator, int, SeedSequence or None

    Returns
    -------
    ndarray, shape (..., N, T_u), complex128
    """
    rng = as_generator(rng)
    h = np.asarray(user_channels)
    g = np.asarray(echo_vectors)
    k = h.shape[-2]
    v = pilot_sequences(link.pilot_length, k)
    su = np.sqrt(link.user_power_w * link.pilot_length)
    st = np.sqrt(link.target_power_w * link.pilot_length)
    sig = su[..., None] * h + st[..., None] * g  # (..., K, N)
    y = _complex_normal(rng, (*sig.shape[:-2], sig.shape[-1], link.pilot_length))
    y *= np.sqrt(link.noise_power_w)
    # one GEMM (batch*N, K) x (K, T_u): a stacked matmul on the swapped view does not reach BLAS
    sig_t = np.ascontiguousarray(np.swapaxes(sig, -1, -2)).reshape(-1, k)
    y += (sig_t @ v.conj().T).reshape(y.shape)  # (..., N, T_u)
    return y


def project_pilots(received, n_pairs: int) -> np.ndarray:
    """Project ``Y_P`` onto the pilots: ``y_P,k = Y_P v_k`` ([CC] eq. (3)).

    Parameters
    ----------
    received : array_like, shape (..., N, T_u), complex
    n_pairs : int
        K.

    Returns
    -------
    ndarray, shape (..., K, N), complex
    """
    y = np.asarray(received)
    v = pilot_sequences(y.shape[-1], n_pairs)
    flat = y.reshape(-1, y.shape[-1]) @ v  # one GEMM over all realizations and antennas
    return np.swapaxes(flat.reshape(*y.shape[:-1], n_pairs), -1, -2)


def mmse_channel_estimate(link: MimoUplink, projected, user_los) -> np.ndarray:
    """MMSE channel estimate of [CC] below eq. (3), applied to the projected pilots.

    ``h_hat = m + c (y / sqrt(P_U T_u) - m)`` with ``m = sqrt(mu kappa) h_bar`` and
    ``c = P_U T_u mu / (P_U T_u mu + P_T T_u N beta_t + N0)``.

    Parameters
    ----------
    link : MimoUplink
    projected : array_like, shape (..., K, N), complex
        ``y_P,k`` from :func:`project_pilots`.
    user_los : array_like, shape (..., K, N), complex
        Known LoS components ``h_bar_k``.

    Returns
    -------
    ndarray, shape (..., K, N), complex
    """
    y = np.asarray(projected)
    m = np.sqrt(link.mu * link.rician_factor)[..., None] * np.asarray(user_los)
    su = np.sqrt(link.user_power_w * link.pilot_length)[..., None]
    c = link.mmse_weight[..., None]
    # m + c (y / su - m) = (1 - c) m + (c / su) y, with fewer temporaries
    a = (1.0 - c) * m
    b = (c / su) * y
    if a.shape == np.broadcast_shapes(a.shape, b.shape):
        a += b
        return a
    return a + b


def glrt_statistic(
    link: MimoUplink, residual, target_angle_rad, *, normalization: str = "paper"
) -> np.ndarray:
    """GLRT statistic of [CC] eqs. (6)-(7) on the residual ``r_P,k``.

    ``Lambda = |r^H a_N(theta)|^2 / (N [N0 + P_U T_u (mu - phi)])`` ("paper"), or
    divided by ``N (1 - c)^2 (A + N0)``, the actual residual variance ("residual").

    Parameters
    ----------
    link : MimoUplink
    residual : array_like, shape (..., K, N), complex
        ``r_P,k = y_P,k - sqrt(P_U T_u) h_hat_k``.
    target_angle_rad : array_like, shape (..., K)
    normalization : {"paper", "residual"}

    Returns
    -------
    ndarray, float64, shape (..., K)
    """
    r = np.asarray(residual)
    a = steering_vector(target_angle_rad, link.n_antennas)
    v = np.einsum("...n,...n->...", a.conj(), r)
    return np.abs(v) ** 2 / (link.n_antennas * _statistic_scale(link, normalization))


def uplink_receiver(
    link: MimoUplink,
    received,
    user_los,
    target_angle_rad,
    *,
    normalization: str = "paper",
):
    """BS processing of [CC] section 3 on received pilots: project, MMSE, residual, GLRT.

    Parameters
    ----------
    link : MimoUplink
        Shape ``(..., K)``.
    received : array_like, shape (..., N, T_u), complex
        ``Y_P`` (e.g. from :func:`received_pilot_matrix`).
    user_los : array_like, shape (..., K, N), complex
        Known LoS vectors ``h_bar_k``.
    target_angle_rad : array_like, shape (..., K)
        Directions ``theta_k`` probed by the GLRT.
    normalization : {"paper", "residual"}
        See :func:`glrt_statistic`.

    Returns
    -------
    estimates : ndarray, shape (..., K, N)
        MMSE estimates ``h_hat_k``.
    residual : ndarray, shape (..., K, N)
        ``r_P,k = y_P,k - sqrt(P_U T_u) h_hat_k``.
    statistic : ndarray, shape (..., K)
        GLRT statistic ``Lambda`` of (6)-(7).
    """
    los = np.asarray(user_los)
    y = project_pilots(received, los.shape[-2])
    h_hat = mmse_channel_estimate(link, y, los)
    su = np.sqrt(link.user_power_w * link.pilot_length)[..., None]
    residual = y - su * h_hat
    stat = glrt_statistic(link, residual, target_angle_rad, normalization=normalization)
    return h_hat, residual, stat


@dataclass(frozen=True, kw_only=True, eq=False)
class UplinkSimulation:
    """Per-realization results of :func:`simulate_uplink` (arrays of shape (..., K)).

    Attributes
    ----------
    nmse : ndarray
        Measured ``||h - h_hat||^2 / (N mu)`` (its mean is [CC] (4)).
    nmse_printed_definition : ndarray
        Measured ``||h - h_hat||^2 / ||h||^2`` (the definition printed in (4)).
    statistic : ndarray
        GLRT statistic ``Lambda`` ((6)-(7)).
    detected : ndarray of bool
        ``Lambda > threshold``.
    rcs : ndarray, complex
        The ``zeta_k`` used (all zero when the target is absent).
    detection_probability : ndarray
        Exact conditional ``P_D`` given ``|zeta_k|^2`` for the simulated error model
        (for ``target_present=False``: the false-alarm probability).
    detection_probability_paper : ndarray
        Printed (8) given ``|zeta_k|^2``.
    nmse_analytic : ndarray
        (4). The three closed-form fields are None when ``analytic=False``.
    channels, estimates : ndarray or None
        ``h`` and ``h_hat``, shape (..., K, N), when ``keep_signals=True``.
    """

    nmse: np.ndarray
    nmse_printed_definition: np.ndarray
    statistic: np.ndarray
    detected: np.ndarray
    rcs: np.ndarray
    detection_probability: np.ndarray | None
    detection_probability_paper: np.ndarray | None
    nmse_analytic: np.ndarray | None
    channels: np.ndarray | None = None
    estimates: np.ndarray | None = None


def simulate_uplink(
    link: MimoUplink,
    *,
    threshold,
    rng=None,
    n_trials: int | None = None,
    user_angle_rad=None,
    target_angle_rad=None,
    rcs=None,
    target_present: bool = True,
    error_model: str = "chain",
    normalization: str = "paper",
    keep_signals: bool = False,
    analytic: bool = True,
    form_pilot_matrix: bool = True,
) -> UplinkSimulation:
    """Run the uplink chain of [CC] section 3 on simulated array data (Monte Carlo twin).

    Draws Rician channels and target echoes, forms ``Y_P`` with shared pilots, projects,
    computes the MMSE estimate from that data, the residual, and the GLRT statistic. No
    Python loop over realizations: everything is batched over ``(n_trials,) + link.shape``.

    Parameters
    ----------
    link : MimoUplink
        Per-pair parameters of shape ``(..., K)`` (e.g. one PPP geometry per row).
    threshold : array_like
        Linear GLRT threshold ``epsilon_d > 0``.
    rng : Generator, int, SeedSequence or None
    n_trials : int, optional
        Independent fading/noise draws per geometry, prepended as axis 0 (None: one draw
        per entry of ``link.shape``).
    user_angle_rad, target_angle_rad : array_like, optional
        AoAs broadcast with ``link.shape`` (default: uniform in [-pi/3, pi/3]). The user
        LoS is ``h_bar_k = a_N(varphi_k)``.
    rcs : None, "unit" or array_like
        ``zeta_k``: None draws ``CN(0, 1)``; "unit" draws ``|zeta| = 1`` with a uniform
        phase (the coverage analysis of [CC] (9)); an array is used as given.
    target_present : bool
        H1 (True) or H0 (False: no echo; ``detected`` then measures false alarms).
    error_model : {"chain", "independent"}
        "chain" (default) runs the estimator on the data and forms the residual from it;
        "independent" replaces the residual by ``sqrt(P_U T_u) e + echo + n`` with a fresh
        ``e ~ CN(0, (mu - phi) I)`` (the assumption behind the printed (8)).
    normalization : {"paper", "residual"}
        GLRT normalization for "chain" (see :func:`glrt_detection_probability`); the
        "independent" model always uses the paper's (its residual variance is ``L0``).
    keep_signals : bool
        Also return ``h`` and ``h_hat``.
    analytic : bool
        Also evaluate the closed forms per realization (default True; False skips the
        Marcum-Q evaluations and leaves those fields None, e.g. for timing).
    form_pilot_matrix : bool
        True (default): build ``Y_P`` (N x T_u per realization) and project it. False:
        draw the projected observations (3) directly, ``y_k = sqrt(P_U T_u) h_k +
        sqrt(P_T T_u) G_k w_k + n_k`` with ``n_k ~ CN(0, N0 I)``, which has the same law
        because the pilots are orthonormal; ``T_u / K`` times less noise to draw, for
        large PPP Monte Carlo runs.

    Returns
    -------
    UplinkSimulation

    Raises
    ------
    ValueError
        If ``threshold <= 0``, ``n_trials < 1`` or ``error_model`` is unknown.

    Examples
    --------
    >>> link = MimoUplink(n_antennas=16, pilot_length=16, user_gain=[1e-7] * 4,
    ...                   target_gain=[1e-9] * 4)
    >>> sim = simulate_uplink(link, threshold=10.0, rng=1, n_trials=100)
    >>> sim.detected.shape
    (100, 4)
    """
    eps = _check_threshold(threshold)
    _check_normalization(normalization)
    if error_model not in ("chain", "independent"):
        raise ValueError(
            f"error_model={error_model!r} is not allowed; choose 'chain' or 'independent'"
        )
    if n_trials is not None and (not isinstance(n_trials, int | np.integer) or n_trials < 1):
        raise ValueError(f"n_trials={n_trials!r} is not allowed; use an integer >= 1 or None")
    rng = as_generator(rng)
    shape = link.shape
    if len(shape) == 0:
        shape = (1,)
    if shape[-1] > link.pilot_length:
        raise ValueError(
            f"{shape[-1]} CU/ST pairs need {shape[-1]} orthonormal pilots; "
            f"got pilot_length={link.pilot_length} (use a leading axis for parameter sweeps)"
        )
    if n_trials is not None:
        shape = (int(n_trials), *shape)
    n = link.n_antennas
    if user_angle_rad is None:
        user_angle_rad = rng.uniform(-np.pi / 3, np.pi / 3, shape)
    if target_angle_rad is None:
        target_angle_rad = rng.uniform(-np.pi / 3, np.pi / 3, shape)
    phi_u = np.broadcast_to(np.asarray(user_angle_rad, dtype=np.float64), shape)
    theta = np.broadcast_to(np.asarray(target_angle_rad, dtype=np.float64), shape)
    if rcs is None:
        zeta = rcs_coefficients(shape, rng=rng)
    elif isinstance(rcs, str):
        if rcs != "unit":
            raise ValueError(f"rcs={rcs!r} is not allowed; use None, 'unit' or an array")
        zeta = np.exp(2j * np.pi * rng.random(shape))
    else:
        zeta = np.broadcast_to(np.asarray(rcs, dtype=np.complex128), shape)
    if not target_present:
        zeta = np.zeros(shape, dtype=np.complex128)

    los = steering_vector(phi_u, n)  # (..., K, N)
    beta_u = np.broadcast_to(link.user_gain, shape)
    kappa = np.broadcast_to(link.rician_factor, shape)
    h = rician_channels(beta_u, kappa, los, rng=rng)
    a_t = steering_vector(theta, n)
    # G w = sqrt(beta_t) zeta a (a^H a) / sqrt(N) = sqrt(beta_t N) zeta a
    echo = (np.sqrt(link.target_gain * n) * zeta)[..., None] * a_t
    su = np.sqrt(link.user_power_w * link.pilot_length)[..., None]
    norm = normalization if error_model == "chain" else "paper"
    if error_model == "chain" and form_pilot_matrix:
        y_p = received_pilot_matrix(link, h, echo, rng=rng)
        h_hat, residual, stat = uplink_receiver(link, y_p, los, theta, normalization=norm)
    elif error_model == "chain":
        st = np.sqrt(link.target_power_w * link.pilot_length)[..., None]
        y = su * h + st * echo + _complex_normal(rng, h.shape) * np.sqrt(link.noise_power_w)
        h_hat = mmse_channel_estimate(link, y, los)
        residual = y - su * h_hat
    else:
        var_e = np.broadcast_to(link.mu * (1.0 - link.mmse_weight), shape)
        e = rician_channels(var_e, 0.0, np.zeros(n), rng=rng)
        h_hat = h - e
        noise = rcs_coefficients((*shape, n), rng=rng) * np.sqrt(link.noise_power_w)
        st = np.sqrt(link.target_power_w * link.pilot_length)[..., None]
        residual = su * e + st * echo + noise
    err2 = np.sum(np.abs(h - h_hat) ** 2, axis=-1)
    if not (error_model == "chain" and form_pilot_matrix):
        stat = glrt_statistic(link, residual, theta, normalization=norm)
    z2 = np.abs(zeta) ** 2
    if not analytic:
        pd = pd_paper = nmse_an = None
    elif not target_present:
        if error_model == "chain":
            pd = glrt_false_alarm_probability(link, eps, normalization=norm)
        else:
            pd = np.exp(-eps) + 0.0 * link.mu
    elif error_model == "chain":
        pd = glrt_detection_probability(link, eps, rcs_power=z2, normalization=norm)
    else:
        pd = glrt_detection_probability_paper(link, eps, rcs_power=z2)
    if analytic:
        pd = np.broadcast_to(pd, shape)
        pd_paper = np.broadcast_to(glrt_detection_probability_paper(link, eps, rcs_power=z2), shape)
        nmse_an = np.broadcast_to(uplink_nmse(link), shape)
    return UplinkSimulation(
        nmse=err2 / (n * np.broadcast_to(link.mu, shape)),
        nmse_printed_definition=err2 / np.sum(np.abs(h) ** 2, axis=-1),
        statistic=stat,
        detected=stat > eps,
        rcs=zeta,
        detection_probability=pd,
        detection_probability_paper=pd_paper,
        nmse_analytic=nmse_an,
        channels=h if keep_signals else None,
        estimates=h_hat if keep_signals else None,
    )
