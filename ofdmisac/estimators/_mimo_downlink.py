"""Downlink of the massive-MIMO ISAC link of [CC] section 4: MRT, SINR, angle CRLB, ML.

The BS sends ``X = sqrt(P rho) sum_k w_U,k s_U,k + sqrt(P (1 - rho)) w_T s_T`` with MRT
precoders ``w_U,k = h_hat_k / sqrt(E||h_hat_k||^2)`` and ``w_T = a_N(theta) / sqrt(N)``
(below (19)). CU k sees the SINR (15) (statistical CSI as the desired signal); the BS
estimates the target angle from the echo (16)-(17) with the CRLB (18)-(19).

Per-user quantities come from a :class:`~ofdmisac.estimators.MimoUplink` ``link`` (its
``mu``, ``phi``, ``rician_factor``, ``n_antennas``); user LoS vectors are ``(..., K, N)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._random import as_generator
from ..channel._array import check_n_antennas, steering_vector, steering_vector_derivative
from ._mimo_uplink import MimoUplink, _positive_array, simulate_uplink

__all__ = [
    "DownlinkSimulation",
    "angle_crlb",
    "angle_crlb_expected",
    "angle_crlb_large_n",
    "angle_fisher_information",
    "angle_ml_estimate",
    "communication_enhancement_ratio",
    "downlink_transmit_matrix",
    "expected_transmit_covariance",
    "mrt_precoders",
    "mrt_sinr_chain",
    "mrt_sinr_lemma1",
    "mrt_sinr_large_n",
    "sensing_interference_ratio",
    "simulate_downlink_sinr",
]


def _check_rho(rho) -> np.ndarray:
    r = np.asarray(rho, dtype=np.float64)
    if not np.all(np.isfinite(r)) or np.any(r < 0) or np.any(r > 1):
        raise ValueError(f"rho={rho!r} is not allowed; the power split must lie in [0, 1]")
    return r


def _check_open_rho(rho) -> np.ndarray:
    r = _check_rho(rho)
    if np.any(r <= 0) or np.any(r >= 1):
        raise ValueError(f"rho={rho!r} is not allowed here; the ratio needs 0 < rho < 1")
    return r


def _expected_norm2(link: MimoUplink, user_los) -> np.ndarray:
    """``E||h_hat_k||^2 = mu kappa ||h_bar||^2 + phi N`` ([CC] (B2)), shape (..., K)."""
    los2 = np.sum(np.abs(np.asarray(user_los)) ** 2, axis=-1)
    return link.mu * link.rician_factor * los2 + link.phi * link.n_antennas


def mrt_precoders(link: MimoUplink, estimates, user_los, target_angle_rad):
    """MRT precoders of [CC] below (19).

    Parameters
    ----------
    link : MimoUplink
    estimates : array_like, shape (..., K, N), complex
        Channel estimates ``h_hat_k``.
    user_los : array_like, shape (..., K, N), complex
        Known LoS vectors ``h_bar_k`` (for ``E||h_hat_k||^2``, (B2)).
    target_angle_rad : array_like, shape (...)
        Angle of the ST sensed in this interval.

    Returns
    -------
    w_users : ndarray, shape (..., K, N)
        ``h_hat_k / sqrt(E||h_hat_k||^2)``.
    w_target : ndarray, shape (..., N)
        ``a_N(theta) / sqrt(N)``.
    """
    w_u = np.asarray(estimates) / np.sqrt(_expected_norm2(link, user_los))[..., None]
    n = link.n_antennas
    w_t = steering_vector(target_angle_rad, n) / np.sqrt(n)
    return w_u, w_t


def _gram(los):
    return np.einsum("...kn,...in->...ki", np.conj(los), los)  # [k, i] = h_bar_k^H h_bar_i


def _sinr_core(
    link, user_los, target_angle_rad, rho, downlink_power_w, noise_power_w, uplink_angle
):
    rho = _check_rho(rho)
    p_d = _positive_array("downlink_power_w", downlink_power_w)
    n0 = (
        link.noise_power_w
        if noise_power_w is None
        else _positive_array("noise_power_w", noise_power_w)
    )
    n = link.n_antennas
    los = np.asarray(user_los)
    mu, kap, phi, c = link.mu, link.rician_factor, link.phi, link.mmse_weight
    shape = np.broadcast_shapes(mu.shape, los.shape[:-1])
    mu, kap, phi, c = (np.broadcast_to(v, shape) for v in (mu, kap, phi, c))
    m = np.sqrt(mu * kap)[..., None] * los  # known means, (..., K, N)
    mm = _gram(m)  # m_k^H m_i
    nm2 = np.real(np.einsum("...kk->...k", mm))  # ||m_k||^2
    en2 = nm2 + phi * n  # E||h_hat||^2
    desired = en2  # |E h_k^H h_hat_k| (B3)
    # cross terms E|h_k^H h_hat_i|^2 for i != k, white estimate covariance phi_i I (B4)
    cross = (
        np.abs(mm) ** 2
        + mu[..., :, None] * nm2[..., None, :]
        + phi[..., None, :] * nm2[..., :, None]
        + phi[..., None, :] * mu[..., :, None] * n
    )
    own = en2**2 + phi * mu * n + (mu + phi) * nm2  # (B5)
    if uplink_angle is not None:
        # estimate covariance c^2 [(mu + N0/(P_U T_u)) I + (B/(P_U T_u)) a a^H] (chain)
        pt = np.broadcast_to(link.user_power_w * link.pilot_length, shape)
        b = np.broadcast_to(link.echo_pilot_power, shape)
        a_ul = steering_vector(np.broadcast_to(uplink_angle, shape), n)  # (..., K, N)
        am = np.abs(np.einsum("...in,...kn->...ki", np.conj(a_ul), m)) ** 2  # |a_i^H m_k|^2
        w_i = (c**2 * b / pt)[..., None, :]
        cross = cross + w_i * (np.swapaxes(am, -1, -2) - nm2[..., :, None])
        own = own + c**2 * b / pt * (np.einsum("...kk->...k", am) - nm2)
    k = shape[-1]
    eye = np.eye(k, dtype=bool)
    e_int = np.where(eye, own[..., None] * np.eye(k), cross)  # E|h_k^H h_hat_i|^2
    comm = np.sum(e_int / en2[..., None, :], axis=-1)  # sum_i E|h_k^H w_i|^2
    a_t = steering_vector(target_angle_rad, n)
    at_m = np.abs(np.einsum("...n,...kn->...k", np.conj(a_t), m)) ** 2
    sens = (at_m + mu * n) / n  # (B6) / N
    num = rho * desired
    den = rho * comm - rho * desired + (1 - rho) * sens + n0 / p_d
    return num / den


def mrt_sinr_lemma1(
    link: MimoUplink,
    user_los,
    target_angle_rad,
    *,
    rho,
    downlink_power_w,
    noise_power_w=None,
) -> np.ndarray:
    """SINR of CU k with MRT, [CC] Lemma 1 eq. (20) (as printed, white estimate error).

    Assumes ``h_hat_k ~ CN(m_k, phi_k I)`` with ``e_k`` independent of ``h_hat_k``, the
    model of [CC] below (3). :func:`mrt_sinr_chain` gives the exact value when ``h_hat``
    comes from the shared-pilot chain (the echo makes the estimate covariance
    non-white along the target direction).

    Parameters
    ----------
    link : MimoUplink
        Uplink parameters, shape ``(..., K)``.
    user_los : array_like, shape (..., K, N), complex
        ``h_bar_k``.
    target_angle_rad : array_like, shape (...) or (..., 1)
        Angle ``theta_l`` of the ST sensed in this interval.
    rho : float
        Communication power fraction in [0, 1].
    downlink_power_w : float
        ``P_d,l`` in W (> 0).
    noise_power_w : float, optional
        Noise at the CU (default ``link.noise_power_w``).

    Returns
    -------
    ndarray, float64, shape (..., K)

    Raises
    ------
    ValueError
        If ``rho`` is outside [0, 1] or a power is not positive.
    """
    return _sinr_core(link, user_los, target_angle_rad, rho, downlink_power_w, noise_power_w, None)


def mrt_sinr_chain(
    link: MimoUplink,
    user_los,
    target_angle_rad,
    uplink_target_angle_rad,
    *,
    rho,
    downlink_power_w,
    noise_power_w=None,
) -> np.ndarray:
    """Exact SINR (15) with MRT on the MMSE estimates of the shared-pilot chain.

    Same as :func:`mrt_sinr_lemma1` plus the terms from the rank-one echo in the
    estimate (covariance ``c^2 (B / (P_U T_u)) a a^H`` along the pilot partner's angle
    ``uplink_target_angle_rad``, and the resulting correlation of ``e_k`` with
    ``h_hat_k``); derived in ``docs/errata.md`` ([CC] Lemma 1). Assumes
    ``E|zeta|^2 = 1`` in the uplink.

    Parameters
    ----------
    uplink_target_angle_rad : array_like, shape (..., K)
        Angle of the ST that shared pilot k in the uplink.
    Others as :func:`mrt_sinr_lemma1`.

    Returns
    -------
    ndarray, float64, shape (..., K)
    """
    return _sinr_core(
        link,
        user_los,
        target_angle_rad,
        rho,
        downlink_power_w,
        noise_power_w,
        np.asarray(uplink_target_angle_rad, dtype=np.float64),
    )


def mrt_sinr_large_n(link: MimoUplink, *, rho, downlink_power_w, noise_power_w=None) -> np.ndarray:
    """Large-N SINR of [CC] Lemma 2 eq. (21).

    ``rho N (mu_k kappa_k + phi_k) / (rho sum_i (mu_i mu_k kappa_i + phi_i mu_k kappa_k
    + phi_i mu_k) / (mu_i kappa_i + phi_i) + (1 - rho) mu_k + N0 / P_d)``.

    Returns
    -------
    ndarray, float64, shape ``link.shape``

    Raises
    ------
    ValueError
        If ``rho`` is outside [0, 1] or a power is not positive.
    """
    rho = _check_rho(rho)
    p_d = _positive_array("downlink_power_w", downlink_power_w)
    n0 = (
        link.noise_power_w
        if noise_power_w is None
        else _positive_array("noise_power_w", noise_power_w)
    )
    shape = link.shape
    mu, kap, phi = (np.broadcast_to(v, shape) for v in (link.mu, link.rician_factor, link.phi))
    n = link.n_antennas
    di = mu * kap + phi  # (..., K) indexed by i
    term = (
        mu[..., None, :] * mu[..., :, None] * kap[..., None, :]
        + phi[..., None, :] * mu[..., :, None] * kap[..., :, None]
        + phi[..., None, :] * mu[..., :, None]
    ) / di[..., None, :]
    den = rho * np.sum(term, axis=-1) + (1 - rho) * mu + n0 / p_d
    return rho * n * di / den


def sensing_interference_ratio(link: MimoUplink, *, rho) -> np.ndarray:
    """``Psi_k`` of [CC] eq. (24): ``rho N (mu kappa + phi) / ((1 - rho) mu)``.

    The ratio of the CU's desired power to the sensing-beam interference in (21);
    ``1 / Psi_k`` is the mutual interference. Equals
    ``rho N / (1 - rho) (kappa + P_U mu / (P_U mu + P_T N beta_t + N0 / T_u))`` (the
    printed second form has ``N0`` for ``N0 / T_u``, see ``docs/errata.md``).

    Raises
    ------
    ValueError
        If ``rho`` is not in (0, 1).
    """
    rho = _check_open_rho(rho)
    return rho * link.n_antennas * (link.mu * link.rician_factor + link.phi) / ((1 - rho) * link.mu)


def communication_enhancement_ratio(link: MimoUplink, *, rho) -> np.ndarray:
    """``Omega_k`` of [CC] eq. (25): ``(1 - rho) N / (2 rho) (mu kappa + phi) / phi``.

    The ratio of the sensing-beam term to the k-th CU's term in the large-N Fisher
    information (D6); ``1 / Omega_k`` is the mutual benefit. Equals
    ``(1 - rho) N / (2 rho) (kappa + 1 + kappa (P_T N beta_t + N0 / T_u) / (P_U mu))``.

    Raises
    ------
    ValueError
        If ``rho`` is not in (0, 1).
    """
    rho = _check_open_rho(rho)
    return (
        (1 - rho)
        * link.n_antennas
        / (2 * rho)
        * (link.mu * link.rician_factor + link.phi)
        / link.phi
    )


def downlink_transmit_matrix(w_users, w_target, user_symbols, target_symbols, *, rho, power_w):
    """Transmit block ``X_d = sqrt(P rho) W_U S_U + sqrt(P (1 - rho)) w_T s_T`` ([CC] sec. 4).

    Parameters
    ----------
    w_users : array_like, shape (..., K, N)
    w_target : array_like, shape (..., N)
    user_symbols : array_like, shape (..., K, T_d)
    target_symbols : array_like, shape (..., T_d)
    rho : float in [0, 1]
    power_w : float > 0

    Returns
    -------
    ndarray, shape (..., N, T_d), complex
    """
    rho = _check_rho(rho)
    p = _positive_array("power_w", power_w)
    wu = np.asarray(w_users)
    x = np.sqrt(p * rho) * np.einsum("...kn,...kt->...nt", wu, np.asarray(user_symbols))
    x = x + np.sqrt(p * (1 - rho)) * (
        np.asarray(w_target)[..., :, None] * np.asarray(target_symbols)[..., None, :]
    )
    return x


def _traces(r, theta, n):
    """tr(A R A^H), tr(A_c R A_c^H), tr(A R A_c^H) for A = a a^H, A_c = da a^H + a da^H."""
    a = steering_vector(theta, n)
    da = steering_vector_derivative(theta, n)
    ra = np.einsum("...ij,...j->...i", r, a)
    rda = np.einsum("...ij,...j->...i", r, da)
    ara = np.einsum("...i,...i->...", a.conj(), ra)
    arda = np.einsum("...i,...i->...", a.conj(), rda)
    dara = np.einsum("...i,...i->...", da.conj(), ra)
    darda = np.einsum("...i,...i->...", da.conj(), rda)
    return _trace_terms(ara, arda, dara, darda, a, da, n)


def _trace_terms(ara, arda, dara, darda, a, da, n):
    """The three traces of (19) from the quadratic forms of R with a and da."""
    a2 = float(n)
    da2 = np.real(np.einsum("...i,...i->...", da.conj(), da))
    ada = np.einsum("...i,...i->...", a.conj(), da)  # a^H da
    # A R A^H = a (a^H R a) a^H -> trace = N a^H R a
    t_aa = a2 * np.real(ara)
    # A_c = da a^H + a da^H ; A_c R A_c^H = (da a^H + a da^H) R (a da^H + da a^H)
    t_cc = np.real(da2 * ara + np.conj(ada) * dara + ada * arda + a2 * darda)
    # A R A_c^H = a a^H R (a da^H + da a^H): trace = (a^H R a)(da^H a) + (a^H R da)(a^H a)
    t_ac = ara * np.conj(ada) + arda * a2
    return t_aa, t_cc, t_ac


def angle_crlb(transmit_matrix, theta_rad, *, target_gain, noise_power_w) -> np.ndarray:
    """Angle CRLB of [CC] eq. (19) for a given transmit block ``X_d``.

    ``C = N0 / (2 |varpi|^2 [tr(A_c X X^H A_c^H) - |tr(A X X^H A_c^H)|^2 / tr(A X X^H A^H)])``
    with ``A = a a^H``, ``A_c = a_c a^H + a a_c^H`` (``a_c`` = :func:`steering_vector_derivative`).

    Parameters
    ----------
    transmit_matrix : array_like, shape (..., N, T_d), complex
    theta_rad : array_like, shape (...)
    target_gain : array_like
        ``|varpi|^2 = beta_t |zeta|^2`` (> 0).
    noise_power_w : float
        ``N0`` (> 0).

    Returns
    -------
    ndarray, float64, shape (...) (rad^2)
    """
    x = np.asarray(transmit_matrix)
    g = _positive_array("target_gain", target_gain)
    n0 = _positive_array("noise_power_w", noise_power_w)
    n = check_n_antennas(x.shape[-2])
    theta = np.asarray(theta_rad, dtype=np.float64)
    a = steering_vector(theta, n)
    da = steering_vector_derivative(theta, n)
    # O(N T_d) per block: p = a^H X, q = da^H X give a^H R a, a^H R da, da^H R da
    p = np.einsum("...i,...it->...t", a.conj(), x)
    q = np.einsum("...i,...it->...t", da.conj(), x)
    ara = np.sum(np.abs(p) ** 2, axis=-1)
    arda = np.sum(p * q.conj(), axis=-1)
    darda = np.sum(np.abs(q) ** 2, axis=-1)
    t_aa, t_cc, t_ac = _trace_terms(ara, arda, np.conj(arda), darda, a, da, n)
    return n0 / (2 * g * (t_cc - np.abs(t_ac) ** 2 / t_aa))


def _crlb_from_covariance(r, theta_rad, target_gain, noise_power_w):
    g = _positive_array("target_gain", target_gain)
    n0 = _positive_array("noise_power_w", noise_power_w)
    n = check_n_antennas(r.shape[-1])
    t_aa, t_cc, t_ac = _traces(r, np.asarray(theta_rad, dtype=np.float64), n)
    return n0 / (2 * g * (t_cc - np.abs(t_ac) ** 2 / t_aa))


def angle_fisher_information(
    transmit_matrix,
    theta_rad,
    varpi,
    *,
    noise_power_w,
    derivative: str = "analytic",
    step: float = 1e-5,
) -> np.ndarray:
    """Fisher information (18) of ``xi = [theta, Re varpi, Im varpi]`` for the echo (17).

    Builds ``u = varpi vec(a a^H X)`` and its derivatives explicitly and forms
    ``F_ij = 2 / N0 Re{du^H/dxi_i du/dxi_j}``. ``[inv(F)]_00`` is the CRLB, a check of
    (19) that does not use the trace algebra.

    Parameters
    ----------
    transmit_matrix : array_like, shape (..., N, T_d)
    theta_rad : array_like, shape (...)
    varpi : array_like, shape (...), complex
        ``sqrt(beta_t) zeta``.
    noise_power_w : float
    derivative : {"analytic", "finite-difference"}
        ``du/dtheta`` from the steering-vector derivative or from a 4th-order central
        difference with ``step``.
    step : float
        Finite-difference step in radians.

    Returns
    -------
    ndarray, shape (..., 3, 3), float64
    """
    if derivative not in ("analytic", "finite-difference"):
        raise ValueError(
            f"derivative={derivative!r} is not allowed; choose 'analytic' or 'finite-difference'"
        )
    x = np.asarray(transmit_matrix)
    n = x.shape[-2]
    theta = np.asarray(theta_rad, dtype=np.float64)
    w = np.asarray(varpi, dtype=np.complex128)
    n0 = float(_positive_array("noise_power_w", noise_power_w))

    def u_of(th):
        a = steering_vector(th, n)
        ax = np.einsum("...i,...it->...t", a.conj(), x)  # a^H X
        return a[..., :, None] * ax[..., None, :]  # a a^H X, (..., N, T)

    base = u_of(theta)
    if derivative == "analytic":
        a = steering_vector(theta, n)
        da = steering_vector_derivative(theta, n)
        dth = da[..., :, None] * np.einsum("...i,...it->...t", a.conj(), x)[..., None, :]
        dth = dth + a[..., :, None] * np.einsum("...i,...it->...t", da.conj(), x)[..., None, :]
    else:
        h = step
        dth = (
            -u_of(theta + 2 * h) + 8 * u_of(theta + h) - 8 * u_of(theta - h) + u_of(theta - 2 * h)
        ) / (12 * h)
    grads = np.stack([w[..., None, None] * dth, base, 1j * base], axis=-3)  # (..., 3, N, T)
    g = grads.reshape(*grads.shape[:-2], -1)
    return 2.0 / n0 * np.real(np.einsum("...in,...jn->...ij", g.conj(), g))


def expected_transmit_covariance(link: MimoUplink, user_los, target_angle_rad, *, rho):
    """``E[X X^H] / (P T_d)`` with orthogonal unit-power symbols ([CC] (C1), corrected).

    ``rho sum_k (m_k m_k^H + phi_k I) / (||m_k||^2 + phi_k N) + (1 - rho) a a^H / N``
    with ``m_k = sqrt(mu_k kappa_k) h_bar_k``. With orthogonal symbols only the ``k = i``
    terms survive (the printed (C1) and (22) carry a double sum over ``k, i``, see
    ``docs/errata.md``).

    Returns
    -------
    ndarray, shape (..., N, N), complex128
    """
    rho = _check_rho(rho)
    n = link.n_antennas
    los = np.asarray(user_los)
    shape = np.broadcast_shapes(link.shape, los.shape[:-1])
    mu, kap, phi = (np.broadcast_to(v, shape) for v in (link.mu, link.rician_factor, link.phi))
    m = np.sqrt(mu * kap)[..., None] * los
    en2 = np.sum(np.abs(m) ** 2, axis=-1) + phi * n
    r = np.einsum("...kn,...km->...nm", m / en2[..., None], m.conj())
    r = r + np.sum(phi / en2, axis=-1)[..., None, None] * np.eye(n)
    a = steering_vector(target_angle_rad, n)
    r = rho[..., None, None] * r if rho.ndim else rho * r
    return r + (1 - rho) * a[..., :, None] * a[..., None, :].conj() / n


def angle_crlb_expected(
    link: MimoUplink,
    user_los,
    target_angle_rad,
    *,
    rho,
    downlink_power_w,
    n_symbols: int,
    target_gain,
    noise_power_w=None,
) -> np.ndarray:
    """Angle CRLB of [CC] Lemma 3 eq. (22), with ``X X^H`` replaced by its expectation.

    ``C = N0 Pi_AA / (2 |varpi|^2 P T_d [Pi_cc Pi_AA - |Pi_Ac|^2])`` where the ``Pi`` are
    the traces of (19) evaluated on :func:`expected_transmit_covariance`.

    Parameters
    ----------
    link : MimoUplink
    user_los : array_like, shape (..., K, N)
    target_angle_rad : array_like, shape (...)
    rho : float in [0, 1]
    downlink_power_w : float > 0
    n_symbols : int
        ``T_d``.
    target_gain : array_like
        ``|varpi|^2``.
    noise_power_w : float, optional
        Default ``link.noise_power_w``.

    Returns
    -------
    ndarray, float64, shape (...)
    """
    p = _positive_array("downlink_power_w", downlink_power_w)
    n0 = link.noise_power_w if noise_power_w is None else noise_power_w
    r = expected_transmit_covariance(link, user_los, target_angle_rad, rho=rho)
    return _crlb_from_covariance(p * n_symbols * r, target_angle_rad, target_gain, n0)


def angle_crlb_large_n(
    *, n_antennas, theta_rad, rho, downlink_power_w, n_symbols, target_gain, noise_power_w
) -> np.ndarray:
    """Large-N angle CRLB of [CC] Lemma 4 eq. (23).

    ``6 N0 / (|varpi|^2 P (1 - rho) T_d N^2 (N^2 - 1) pi^2 cos^2 theta)``.

    Raises
    ------
    ValueError
        If ``rho`` is not in [0, 1) or ``N < 2``.
    """
    rho = _check_rho(rho)
    if np.any(rho >= 1):
        raise ValueError(f"rho={rho!r} is not allowed here; the sensing beam needs rho < 1")
    n = np.asarray(n_antennas, dtype=np.float64)
    if np.any(n < 2):
        raise ValueError(f"n_antennas={n_antennas!r} is not allowed; the CRLB needs N >= 2")
    g = _positive_array("target_gain", target_gain)
    c2 = np.cos(np.asarray(theta_rad, dtype=np.float64)) ** 2
    return (
        6.0
        * noise_power_w
        / (g * downlink_power_w * (1 - rho) * n_symbols * n**2 * (n**2 - 1) * np.pi**2 * c2)
    )


def angle_ml_estimate(
    received,
    transmit_matrix,
    *,
    grid_size: int | None = None,
    n_refine: int = 60,
    search_rad: tuple[float, float] = (-np.pi / 2 + 1e-3, np.pi / 2 - 1e-3),
) -> np.ndarray:
    """Maximum-likelihood angle estimate from the echo ``Y = varpi a a^H X + N`` ((16)).

    Concentrating out ``varpi`` gives ``theta_hat = argmax |a^H Y X^H a|^2 / (a^H X X^H a)``.
    A grid search uniform in ``sin(theta)`` (``4 N`` points by default) is followed by a
    vectorized golden-section refinement in ``theta`` around the best grid point.

    Parameters
    ----------
    received : array_like, shape (..., N, T_d)
    transmit_matrix : array_like, shape (..., N, T_d)
    grid_size : int, optional
    n_refine : int
        Golden-section iterations (60 shrink the bracket by 1e-12).
    search_rad : (float, float)
        Angle interval searched.

    Returns
    -------
    ndarray, float64, shape (...)
    """
    y = np.asarray(received)
    x = np.asarray(transmit_matrix)
    n = y.shape[-2]
    q = y @ np.swapaxes(x.conj(), -1, -2)  # Y X^H
    r = x @ np.swapaxes(x.conj(), -1, -2)  # X X^H

    def objective(th):
        a = steering_vector(th, n)  # (..., G, N) or (..., N)
        num = np.abs(np.einsum("...i,...ij,...j->...", a.conj(), q_b, a)) ** 2
        den = np.real(np.einsum("...i,...ij,...j->...", a.conj(), r_b, a))
        return num / den

    g = grid_size or 4 * n
    s_lo, s_hi = np.sin(search_rad[0]), np.sin(search_rad[1])
    grid = np.arcsin(np.linspace(s_lo, s_hi, g))
    q_b, r_b = q[..., None, :, :], r[..., None, :, :]
    vals = objective(np.broadcast_to(grid, (*q.shape[:-2], g)))
    best = np.argmax(vals, axis=-1)
    lo = grid[np.maximum(best - 1, 0)]
    hi = grid[np.minimum(best + 1, g - 1)]
    q_b, r_b = q, r
    ratio = (np.sqrt(5.0) - 1) / 2
    c = hi - ratio * (hi - lo)
    d = lo + ratio * (hi - lo)
    fc, fd = objective(c), objective(d)
    for _ in range(n_refine):
        left = fc > fd
        hi = np.where(left, d, hi)
        lo = np.where(left, lo, c)
        c_new = hi - ratio * (hi - lo)
        d_new = lo + ratio * (hi - lo)
        # reuse one evaluation per step
        d_keep = np.where(left, c, d_new)
        c_keep = np.where(left, c_new, d)
        f_keep = np.where(left, fc, fd)
        f_c = np.where(left, objective(c_keep), f_keep)
        f_d = np.where(left, f_keep, objective(d_keep))
        c, d, fc, fd = c_keep, d_keep, f_c, f_d
    return 0.5 * (lo + hi)


@dataclass(frozen=True, kw_only=True, eq=False)
class DownlinkSimulation:
    """Results of :func:`simulate_downlink_sinr` (shape ``(K,)`` unless noted).

    Attributes
    ----------
    sinr : ndarray
        Measured SINR (15): ``|E[y s^*]|^2 / (E|y|^2 - |E[y s^*]|^2)``.
    sinr_se : ndarray
        Delta-method standard error of ``sinr`` over the channel realizations.
    desired_power, sensing_interference : ndarray
        Measured ``P rho |E h^H w_k|^2`` and ``P (1 - rho) E|h^H w_T|^2``.
    """

    sinr: np.ndarray
    sinr_se: np.ndarray
    desired_power: np.ndarray
    sensing_interference: np.ndarray


def _qpsk(shape, rng):
    bits = rng.integers(0, 4, size=shape)
    return np.exp(1j * (np.pi / 4 + np.pi / 2 * bits))


def simulate_downlink_sinr(
    link: MimoUplink,
    *,
    user_angle_rad,
    uplink_target_angle_rad,
    target_angle_rad,
    rho,
    downlink_power_w,
    n_trials: int,
    n_symbols: int = 16,
    estimate_model: str = "chain",
    noise_power_w=None,
    form_pilot_matrix: bool = True,
    rng=None,
) -> DownlinkSimulation:
    """Monte Carlo twin of the SINR (15)/(20): QPSK symbols through MRT on estimated CSI.

    Each trial draws the Rician channels, runs the uplink chain of
    :func:`~ofdmisac.estimators.simulate_uplink` for ``h_hat`` (or, with
    ``estimate_model="white"``, draws ``h_hat = m + c (x + z)`` with white ``z`` so that
    ``h_hat ~ CN(m, phi I)`` exactly as (20) assumes), builds the MRT precoders, sends
    ``n_symbols`` symbol vectors and records the received samples of every CU.

    Parameters
    ----------
    link : MimoUplink
        Shape ``(K,)`` (one geometry; trials are over fading, RCS and noise).
    user_angle_rad : array_like, shape (K,)
        CU AoAs (``h_bar_k = a_N(varphi_k)``).
    uplink_target_angle_rad : array_like, shape (K,)
        Angles of the pilot-sharing STs.
    target_angle_rad : float
        Angle of the ST sensed in this downlink interval.
    rho, downlink_power_w : float
    n_trials : int
    n_symbols : int
    estimate_model : {"chain", "white"}
    noise_power_w : float, optional
    form_pilot_matrix : bool
        Passed to :func:`~ofdmisac.estimators.simulate_uplink` (False saves memory for
        large ``N T_u``; same law).
    rng : Generator, int, SeedSequence or None

    Returns
    -------
    DownlinkSimulation
    """
    if estimate_model not in ("chain", "white"):
        raise ValueError(
            f"estimate_model={estimate_model!r} is not allowed; choose 'chain' or 'white'"
        )
    rho = _check_rho(rho)
    p_d = float(_positive_array("downlink_power_w", downlink_power_w))
    n0 = link.noise_power_w if noise_power_w is None else float(noise_power_w)
    rng = as_generator(rng)
    n = link.n_antennas
    sim = simulate_uplink(
        link,
        threshold=1.0,
        rng=rng,
        n_trials=n_trials,
        user_angle_rad=user_angle_rad,
        target_angle_rad=uplink_target_angle_rad,
        keep_signals=True,
        analytic=False,
        form_pilot_matrix=form_pilot_matrix,
    )
    h = sim.channels  # (T, K, N)
    los = steering_vector(np.asarray(user_angle_rad, dtype=np.float64), n)
    if estimate_model == "chain":
        h_hat = sim.estimates
    else:
        m = np.sqrt(link.mu * link.rician_factor)[..., None] * los
        pt = link.user_power_w * link.pilot_length
        var_z = (link.echo_pilot_power + link.noise_power_w) / pt
        z = (rng.standard_normal(h.shape) + 1j * rng.standard_normal(h.shape)) * np.sqrt(
            0.5 * var_z
        )[..., None]
        h_hat = m + link.mmse_weight[..., None] * (h - m + z)
    w_u, w_t = mrt_precoders(link, h_hat, los, target_angle_rad)
    k = h.shape[-2]
    s_u = _qpsk((n_trials, k, n_symbols), rng)
    s_t = _qpsk((n_trials, n_symbols), rng)
    # effective gains g[t, k, i] = h_k^H w_i and h_k^H w_T
    g_u = np.einsum("tkn,tin->tki", h.conj(), w_u)
    g_t = np.einsum("tkn,n->tk", h.conj(), w_t)
    noise = (
        rng.standard_normal((n_trials, k, n_symbols))
        + 1j * rng.standard_normal((n_trials, k, n_symbols))
    ) * np.sqrt(0.5 * n0)
    y = (
        np.sqrt(p_d * rho) * np.einsum("tki,tis->tks", g_u, s_u)
        + np.sqrt(p_d * (1 - rho)) * g_t[..., None] * s_t[:, None, :]
        + noise
    )
    a_r = np.mean(y * s_u.conj(), axis=-1)  # per trial, (T, K): estimates sqrt(P rho) h^H w_k
    b_r = np.mean(np.abs(y) ** 2, axis=-1)
    ma, mb = a_r.mean(axis=0), b_r.mean(axis=0)
    s = np.abs(ma) ** 2
    sinr = s / (mb - s)
    # delta method: f(Re a, Im a, b) = s / (b - s)
    da_coef = mb / (mb - s) ** 2  # df/ds
    grad_re = da_coef * 2 * ma.real
    grad_im = da_coef * 2 * ma.imag
    grad_b = -s / (mb - s) ** 2
    comps = np.stack([a_r.real, a_r.imag, b_r], axis=-1)  # (T, K, 3)
    cov = np.einsum("tki,tkj->kij", comps - comps.mean(0), comps - comps.mean(0)) / (n_trials - 1)
    grad = np.stack([grad_re, grad_im, grad_b], axis=-1)
    var = np.einsum("ki,kij,kj->k", grad, cov, grad) / n_trials
    return DownlinkSimulation(
        sinr=sinr,
        sinr_se=np.sqrt(var),
        desired_power=p_d * rho * np.abs(np.mean(np.einsum("tkk->tk", g_u), axis=0)) ** 2,
        sensing_interference=p_d * (1 - rho) * np.mean(np.abs(g_t) ** 2, axis=0),
    )
