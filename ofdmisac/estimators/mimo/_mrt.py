"""Downlink of the massive-MIMO ISAC link of [CC] section 4: MRT precoders and SINR.

The BS sends ``X = sqrt(P rho) sum_k w_U,k s_U,k + sqrt(P (1 - rho)) w_T s_T`` with MRT
precoders ``w_U,k = h_hat_k / sqrt(E||h_hat_k||^2)`` and ``w_T = a_N(theta) / sqrt(N)``
(below [CC] eq. (19)). CU k sees the SINR of [CC] eq. (15) (statistical CSI as the desired
signal); the BS estimates the target angle from the echo of [CC] eq. (16) and eq. (17)
with the Fisher information of [CC] eq. (18) and the CRLB of [CC] eq. (19).

Per-user quantities come from a :class:`~ofdmisac.estimators.MimoUplink` ``link`` (its
``mu``, ``phi``, ``rician_factor``, ``n_antennas``); user LoS vectors are ``(..., K, N)``.
"""

from __future__ import annotations

import numpy as np

from ..._validation import check_array, check_complex_array, check_probability, fail
from ...channel.mimo._array import steering_vector
from ._uplink_link import MimoUplink, _check_link

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
    """MRT precoders of the [CC] downlink for the CUs and the ST.

    ``w_U,k = h_hat_k / sqrt(E||h_hat_k||^2)`` and ``w_T = a_N(theta) / sqrt(N)``
    ([CC] section 4.1, below (19)), with ``E||h_hat_k||^2 = mu kappa ||h_bar||^2 + phi N``
    ([CC] (B2)).

    Parameters
    ----------
    link : MimoUplink
        Uplink parameters (``mu``, ``phi``, ``rician_factor``, ``n_antennas``), shape
        ``(..., K)``.
    estimates : array_like, shape (..., K, N), complex
        Channel estimates ``h_hat_k``.
    user_los : array_like, shape (..., K, N), complex
        Known LoS vectors ``h_bar_k`` (for ``E||h_hat_k||^2``).
    target_angle_rad : array_like, shape (...), float
        Angle ``theta_l`` of the ST sensed in this interval (rad).

    Returns
    -------
    w_users : ndarray, shape (..., K, N), complex
        ``h_hat_k / sqrt(E||h_hat_k||^2)``.
    w_target : ndarray, shape (..., N), complex
        ``a_N(theta) / sqrt(N)``.

    Raises
    ------
    TypeError
        If ``target_angle_rad`` cannot be read as real numbers.
    ValueError
        If an angle is not finite or the arrays do not broadcast with ``link``.

    Examples
    --------
    >>> from ofdmisac.channel import steering_vector
    >>> link = MimoUplink(n_antennas=16, pilot_length=16, user_gain=[1e-7, 5e-8],
    ...                   target_gain=[1e-8, 3e-8])
    >>> los = steering_vector([-0.6, 0.1], 16)
    >>> w_u, w_t = mrt_precoders(link, los * 3e-4, los, 0.3)
    >>> w_u.shape, round(float(np.linalg.norm(w_t)), 6)
    ((2, 16), 1.0)
    """
    link = _check_link(link)
    estimates = _check_los(estimates, link.n_antennas, "estimates")
    user_los = _check_los(user_los, link.n_antennas)
    target_angle_rad = check_array("target_angle_rad", target_angle_rad)
    w_u = np.asarray(estimates) / np.sqrt(_expected_norm2(link, user_los))[..., None]
    n = link.n_antennas
    w_t = steering_vector(target_angle_rad, n) / np.sqrt(n)
    return w_u, w_t


def _check_los(user_los, n, name="user_los"):
    """LoS (or estimate) vectors ``[..., K, N]`` of ``N = n`` antennas, finite."""
    los = check_complex_array(name, user_los, min_ndim=2, nonempty=True)
    if los.shape[-1] != n:
        fail(name, user_los, f"use vectors of N={n} antennas on the last axis (got shape "
             f"{los.shape})")
    return los


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
    los = _check_los(user_los, n)
    check_array("target_angle_rad", target_angle_rad)
    mu, kap, phi, c = link.mu, link.rician_factor, link.phi, link.mmse_weight
    try:
        shape = np.broadcast_shapes(mu.shape, los.shape[:-1])
    except ValueError:
        fail("user_los", user_los, f"use [..., K, N] vectors whose [..., K] broadcasts with "
             f"the link's shape {mu.shape} (got shape {los.shape})")
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
    """MRT SINR per CU with white estimation error ([CC] Lemma 1).

    The closed form of [CC] eq. (20) for the SINR of [CC] eq. (15). Assumes
    ``h_hat_k ~ CN(m_k, phi_k I)`` with ``e_k`` independent of ``h_hat_k``, the model
    printed in [CC] section 3.1, below (3). :func:`mrt_sinr_chain` gives the exact
    value when ``h_hat`` comes from the shared-pilot chain (the echo makes the estimate
    covariance non-white along the target direction).

    Parameters
    ----------
    link : MimoUplink
        Uplink parameters (``mu``, ``phi``, ``rician_factor``, ``n_antennas``), shape
        ``(..., K)``.
    user_los : array_like, shape (..., K, N), complex
        Known LoS vectors ``h_bar_k``.
    target_angle_rad : array_like, shape (...) or (..., 1), float
        Angle ``theta_l`` of the ST sensed in this interval (rad).
    comm_power_fraction : array_like, float
        Communication power fraction ``rho`` in [0, 1] (the rest goes to the sensing
        beam).
    downlink_power_w : array_like, float
        BS transmit power ``P_d,l`` in W (> 0).
    noise_power_w : array_like, optional
        Noise power at the CU in W (> 0; default None: ``link.noise_power_w``).

    Returns
    -------
    ndarray, float64, shape (..., K)
        Linear SINR of each CU.

    Raises
    ------
    TypeError
        If a power, the fraction or an angle cannot be read as real numbers.
    ValueError
        If ``comm_power_fraction`` is outside [0, 1] or a power is not positive.

    References
    ----------
    [CC] Lemma 1
    [CC] eq. (20)

    Examples
    --------
    >>> from ofdmisac.channel import steering_vector
    >>> link = MimoUplink(n_antennas=16, pilot_length=16, user_gain=[1e-7, 5e-8],
    ...                   target_gain=[1e-8, 3e-8])
    >>> los = steering_vector([-0.6, 0.1], 16)
    >>> sinr = mrt_sinr_lemma1(link, los, 0.3, comm_power_fraction=0.5, downlink_power_w=1.0)
    >>> np.round(sinr, 3)
    array([7.521, 4.91 ])
    """
    link = _check_link(link)
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
    """Exact MRT SINR per CU on the shared-pilot MMSE estimates.

    The SINR of [CC] eq. (15) in closed form; the corrected [CC] Lemma 1 (eq. (20)) for
    estimates made as in [CC] section 3. Same as :func:`mrt_sinr_lemma1` plus the terms
    from the rank-one echo in the estimate (covariance ``c^2 (B / (P_U T_u)) a a^H``
    along the pilot partner's angle ``uplink_target_angle_rad``, and the resulting
    correlation of ``e_k`` with ``h_hat_k``); derived in ``docs/errata.md`` ([CC] Lemma 1). Assumes
    ``E|zeta|^2 = 1`` in the uplink.

    Parameters
    ----------
    link : MimoUplink
        Uplink parameters (``mu``, ``phi``, ``rician_factor``, ``n_antennas``), shape
        ``(..., K)``.
    user_los : array_like, shape (..., K, N), complex
        Known LoS vectors ``h_bar_k``.
    target_angle_rad : array_like, shape (...) or (..., 1), float
        Angle ``theta_l`` of the ST sensed in this interval (rad).
    uplink_target_angle_rad : array_like, shape (..., K), float
        Angle of the ST that shared pilot k in the uplink (rad).
    comm_power_fraction : array_like, float
        Communication power fraction ``rho`` in [0, 1].
    downlink_power_w : array_like, float
        BS transmit power ``P_d,l`` in W (> 0).
    noise_power_w : array_like, optional
        Noise power at the CU in W (> 0; default None: ``link.noise_power_w``).

    Returns
    -------
    ndarray, float64, shape (..., K)
        Linear SINR of each CU.

    Raises
    ------
    TypeError
        If a power, the fraction or an angle cannot be read as real numbers.
    ValueError
        If ``comm_power_fraction`` is outside [0, 1] or a power is not positive.

    References
    ----------
    [CC] eq. (15)
    [CC] Lemma 1
    [CC] eq. (20)

    Examples
    --------
    >>> from ofdmisac.channel import steering_vector
    >>> link = MimoUplink(n_antennas=16, pilot_length=16, user_gain=[1e-7, 5e-8],
    ...                   target_gain=[1e-8, 3e-8])
    >>> los = steering_vector([-0.6, 0.1], 16)
    >>> sinr = mrt_sinr_chain(link, los, 0.3, [0.3, -0.2], comm_power_fraction=0.5,
    ...                       downlink_power_w=1.0)
    >>> np.round(sinr, 3)
    array([7.983, 5.176])
    """
    link = _check_link(link)
    return _sinr_core(
        link,
        user_los,
        target_angle_rad,
        comm_power_fraction,
        downlink_power_w,
        noise_power_w,
        check_array("uplink_target_angle_rad", uplink_target_angle_rad),
    )


def mrt_sinr_large_n(link: MimoUplink, *, comm_power_fraction, downlink_power_w,
                     noise_power_w=None) -> np.ndarray:
    """Large-N MRT SINR per CU, as in [CC] Lemma 2.

    ``rho N (mu_k kappa_k + phi_k) / (rho sum_i (mu_i mu_k kappa_i + phi_i mu_k kappa_k
    + phi_i mu_k) / (mu_i kappa_i + phi_i) + (1 - rho) mu_k + N0 / P_d)``: the limit
    of [CC] eq. (20) for LoS steering vectors and ``N -> inf``.

    Parameters
    ----------
    link : MimoUplink
        Uplink parameters (``mu``, ``phi``, ``rician_factor``, ``n_antennas``), shape
        ``(..., K)``.
    comm_power_fraction : array_like, float
        Communication power fraction ``rho`` in [0, 1].
    downlink_power_w : array_like, float
        BS transmit power ``P_d,l`` in W (> 0).
    noise_power_w : array_like, optional
        Noise power at the CU in W (> 0; default None: ``link.noise_power_w``).

    Returns
    -------
    ndarray, float64, shape ``link.shape``
        Linear SINR of each CU.

    Raises
    ------
    TypeError
        If a power or the fraction cannot be read as real numbers.
    ValueError
        If ``comm_power_fraction`` is outside [0, 1] or a power is not positive.

    References
    ----------
    [CC] Lemma 2
    [CC] eq. (21)

    Examples
    --------
    >>> link = MimoUplink(n_antennas=16, pilot_length=16, user_gain=[1e-7, 5e-8],
    ...                   target_gain=[1e-8, 3e-8])
    >>> sinr = mrt_sinr_large_n(link, comm_power_fraction=0.5, downlink_power_w=1.0)
    >>> np.round(sinr, 3)
    array([7.628, 5.826])
    """
    link = _check_link(link)
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
    """Sensing interference ratio ``Psi_k`` of the [CC] downlink.

    ``Psi_k = rho N (mu kappa + phi) / ((1 - rho) mu)``, the ratio of the CU's desired
    power to the sensing-beam interference in [CC] eq. (21); ``1 / Psi_k`` is the
    mutual interference. Equals
    ``rho N / (1 - rho) (kappa + P_U mu / (P_U mu + P_T N beta_t + N0 / T_u))`` (the
    printed second form has ``N0`` for ``N0 / T_u``, see ``docs/errata.md``).

    Parameters
    ----------
    link : MimoUplink
        Uplink parameters (``mu``, ``phi``, ``rician_factor``, ``n_antennas``), shape
        ``(..., K)``.
    comm_power_fraction : array_like, float
        Communication power fraction ``rho`` in the open interval (0, 1).

    Returns
    -------
    ndarray, float64, shape ``link.shape``
        ``Psi_k`` (linear).

    Raises
    ------
    TypeError
        If ``comm_power_fraction`` cannot be read as real numbers.
    ValueError
        If ``comm_power_fraction`` is not in (0, 1).

    References
    ----------
    [CC] eq. (24)

    Examples
    --------
    >>> link = MimoUplink(n_antennas=16, pilot_length=16, user_gain=[1e-7, 5e-8],
    ...                   target_gain=[1e-8, 3e-8])
    >>> np.round(sensing_interference_ratio(link, comm_power_fraction=0.5), 3)
    array([28.121, 21.479])
    """
    link = _check_link(link)
    rho = _check_open_rho(comm_power_fraction)
    return rho * link.n_antennas * (link.mu * link.rician_factor + link.phi) / ((1 - rho) * link.mu)


def communication_enhancement_ratio(link: MimoUplink, *, comm_power_fraction) -> np.ndarray:
    """Communication enhancement ratio ``Omega_k`` ([CC] downlink).

    ``Omega_k = (1 - rho) N / (2 rho) (mu kappa + phi) / phi``, the ratio of the
    sensing-beam term to the k-th CU's term in the large-N Fisher information
    ([CC] (D6)); ``1 / Omega_k`` is the mutual benefit. Equals
    ``(1 - rho) N / (2 rho) (kappa + 1 + kappa (P_T N beta_t + N0 / T_u) / (P_U mu))``
    (the printed second form has ``N0`` for ``N0 / T_u``; the printed form also drops
    the LoS and echo parts of the CU beam, see ``docs/errata.md``).

    Parameters
    ----------
    link : MimoUplink
        Uplink parameters (``mu``, ``phi``, ``rician_factor``, ``n_antennas``), shape
        ``(..., K)``.
    comm_power_fraction : array_like, float
        Communication power fraction ``rho`` in the open interval (0, 1).

    Returns
    -------
    ndarray, float64, shape ``link.shape``
        ``Omega_k`` (linear).

    Raises
    ------
    TypeError
        If ``comm_power_fraction`` cannot be read as real numbers.
    ValueError
        If ``comm_power_fraction`` is not in (0, 1).

    References
    ----------
    [CC] eq. (25)

    Examples
    --------
    >>> link = MimoUplink(n_antennas=16, pilot_length=16, user_gain=[1e-7, 5e-8],
    ...                   target_gain=[1e-8, 3e-8])
    >>> np.round(communication_enhancement_ratio(link, comm_power_fraction=0.5), 3)
    array([18.56, 31.36])
    """
    link = _check_link(link)
    comm_power_fraction = _check_open_rho(comm_power_fraction)
    return (
        (1 - comm_power_fraction)
        * link.n_antennas
        / (2 * comm_power_fraction)
        * (link.mu * link.rician_factor + link.phi)
        / link.phi
    )

