"""Downlink of the massive-MIMO ISAC link of [CC] section 4: MRT precoders and SINR.

The BS sends ``X = sqrt(P rho) sum_k w_U,k s_U,k + sqrt(P (1 - rho)) w_T s_T`` with MRT
precoders ``w_U,k = h_hat_k / sqrt(E||h_hat_k||^2)`` and ``w_T = a_N(theta) / sqrt(N)``
(below (19)). CU k sees the SINR (15) (statistical CSI as the desired signal); the BS
estimates the target angle from the echo (16)-(17) with the CRLB (18)-(19).

Per-user quantities come from a :class:`~ofdmisac.estimators.MimoUplink` ``link`` (its
``mu``, ``phi``, ``rician_factor``, ``n_antennas``); user LoS vectors are ``(..., K, N)``.
"""

from __future__ import annotations

import numpy as np

from ..._validation import check_array, check_probability
from ...channel.mimo._array import steering_vector
from ._uplink_link import MimoUplink

__all__ = [
    "mrt_precoders", "mrt_sinr_lemma1", "mrt_sinr_chain", "mrt_sinr_large_n",
    "sensing_interference_ratio", "communication_enhancement_ratio"
]


def _check_open_rho(comm_power_fraction) -> np.ndarray:
    return check_probability("comm_power_fraction", comm_power_fraction, open_interval=True)


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
    link, user_los, target_angle_rad, comm_power_fraction, downlink_power_w, noise_power_w,
    uplink_angle
):
    rho = check_probability("comm_power_fraction", comm_power_fraction)
    p_d = check_array("downlink_power_w", downlink_power_w, minimum=0.0, strict_min=True)
    n0 = (
        link.noise_power_w
        if noise_power_w is None
        else check_array("noise_power_w", noise_power_w, minimum=0.0, strict_min=True)
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
    comm_power_fraction,
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
    comm_power_fraction : float
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
        If ``comm_power_fraction`` is outside [0, 1] or a power is not positive.
    """
    return _sinr_core(link, user_los, target_angle_rad, comm_power_fraction, downlink_power_w,
                      noise_power_w, None)


def mrt_sinr_chain(
    link: MimoUplink,
    user_los,
    target_angle_rad,
    uplink_target_angle_rad,
    *,
    comm_power_fraction,
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
        comm_power_fraction,
        downlink_power_w,
        noise_power_w,
        np.asarray(uplink_target_angle_rad, dtype=np.float64),
    )


def mrt_sinr_large_n(link: MimoUplink, *, comm_power_fraction, downlink_power_w,
                     noise_power_w=None) -> np.ndarray:
    """Large-N SINR of [CC] Lemma 2 eq. (21).

    ``rho N (mu_k kappa_k + phi_k) / (rho sum_i (mu_i mu_k kappa_i + phi_i mu_k kappa_k
    + phi_i mu_k) / (mu_i kappa_i + phi_i) + (1 - rho) mu_k + N0 / P_d)``.

    Returns
    -------
    ndarray, float64, shape ``link.shape``

    Raises
    ------
    ValueError
        If ``comm_power_fraction`` is outside [0, 1] or a power is not positive.
    """
    comm_power_fraction = check_probability("comm_power_fraction", comm_power_fraction)
    p_d = check_array("downlink_power_w", downlink_power_w, minimum=0.0, strict_min=True)
    n0 = (
        link.noise_power_w
        if noise_power_w is None
        else check_array("noise_power_w", noise_power_w, minimum=0.0, strict_min=True)
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
    den = comm_power_fraction * np.sum(term, axis=-1) + (1 - comm_power_fraction) * mu + n0 / p_d
    return comm_power_fraction * n * di / den


def sensing_interference_ratio(link: MimoUplink, *, comm_power_fraction) -> np.ndarray:
    """``Psi_k`` of [CC] eq. (24): ``rho N (mu kappa + phi) / ((1 - rho) mu)``.

    The ratio of the CU's desired power to the sensing-beam interference in (21);
    ``1 / Psi_k`` is the mutual interference. Equals
    ``rho N / (1 - rho) (kappa + P_U mu / (P_U mu + P_T N beta_t + N0 / T_u))`` (the
    printed second form has ``N0`` for ``N0 / T_u``, see ``docs/errata.md``).

    Raises
    ------
    ValueError
        If ``comm_power_fraction`` is not in (0, 1).
    """
    rho = _check_open_rho(comm_power_fraction)
    return rho * link.n_antennas * (link.mu * link.rician_factor + link.phi) / ((1 - rho) * link.mu)


def communication_enhancement_ratio(link: MimoUplink, *, comm_power_fraction) -> np.ndarray:
    """``Omega_k`` of [CC] eq. (25): ``(1 - rho) N / (2 rho) (mu kappa + phi) / phi``.

    The ratio of the sensing-beam term to the k-th CU's term in the large-N Fisher
    information (D6); ``1 / Omega_k`` is the mutual benefit. Equals
    ``(1 - rho) N / (2 rho) (kappa + 1 + kappa (P_T N beta_t + N0 / T_u) / (P_U mu))``.

    Raises
    ------
    ValueError
        If ``comm_power_fraction`` is not in (0, 1).
    """
    comm_power_fraction = _check_open_rho(comm_power_fraction)
    return (
        (1 - comm_power_fraction)
        * link.n_antennas
        / (2 * comm_power_fraction)
        * (link.mu * link.rician_factor + link.phi)
        / link.phi
    )

