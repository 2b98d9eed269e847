"""The [CC] uplink receiver: orthonormal pilots, received pilot matrix, projection, MMSE channel
estimate and GLRT statistic ([CC] section 3).
"""

from __future__ import annotations

import numpy as np

from ..._random import as_generator
from ..._validation import check_array, check_bytes, check_complex_array, check_int, fail
from ...channel.mimo._array import steering_vector
from ._uplink_analysis import _statistic_scale
from ._uplink_link import MimoUplink, _check_link

__all__ = [
    "pilot_sequences", "received_pilot_matrix", "project_pilots", "mmse_channel_estimate",
    "glrt_statistic", "uplink_receiver"
]


def _complex_normal(rng: np.random.Generator, shape) -> np.ndarray:
    """i.i.d. CN(0, 1) samples (complex128) drawn without temporaries."""
    x = rng.standard_normal((*shape, 2))
    x *= np.sqrt(0.5)
    return x.view(np.complex128)[..., 0]


def _check_vectors(name, value, n_antennas, min_ndim=2):
    """Finite complex vectors ``[..., K, N]`` with ``N = n_antennas`` on the last axis."""
    v = check_complex_array(name, value, min_ndim=min_ndim, nonempty=True)
    if v.shape[-1] != n_antennas:
        fail(name, value, f"use vectors of N={n_antennas} antennas on the last axis (got "
             f"shape {v.shape})")
    return v


def pilot_sequences(pilot_length: int, n_sequences: int) -> np.ndarray:
    """Orthonormal pilot sequences (columns of the unitary DFT matrix).

    Parameters
    ----------
    pilot_length : int
        Pilot length ``T_u >= 1`` (symbols).
    n_sequences : int
        Number of sequences ``K``, ``1 <= K <= T_u``.

    Returns
    -------
    ndarray, shape (T_u, K), complex128
        ``V`` with ``V^H V = I_K``: pair k (the k-th CU and the k-th ST) uses column k.

    Raises
    ------
    ValueError
        If ``n_sequences > pilot_length`` or either is < 1.

    References
    ----------
    [CC] eq. (2)

    Examples
    --------
    >>> v = pilot_sequences(8, 3)
    >>> v.shape, bool(np.allclose(v.conj().T @ v, np.eye(3)))
    ((8, 3), True)
    """
    pilot_length = check_int("pilot_length", pilot_length, minimum=1, maximum=2**20)
    n_sequences = check_int("n_sequences", n_sequences, minimum=1)
    if n_sequences > pilot_length:
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
    """Received pilot matrix ``Y_P`` of the [CC] uplink (pilots plus noise).

    ``Y_P = sum_k (sqrt(P_U T_u) h_k + sqrt(P_T T_u) G_k w_k) v_k^H + N_P`` with
    ``V = pilot_sequences(T_u, K)`` and ``N_P`` i.i.d. ``CN(0, N0)`` ([CC] section 3,
    the matrix projected in [CC] eq. (3)).

    Parameters
    ----------
    link : MimoUplink
        Per-pair uplink parameters, shape broadcastable to ``(..., K)``.
    user_channels : array_like, shape (..., K, N), complex
        CU channels ``h_k``.
    echo_vectors : array_like, shape (..., K, N), complex
        Echo vectors ``G_k w_k`` (zero for an absent target).
    rng : Generator, int, SeedSequence or None, optional
        Source of the noise (None: fresh OS entropy; an int seeds it).

    Returns
    -------
    ndarray, shape (..., N, T_u), complex128
        One ``N x T_u`` pilot matrix per realization.

    Raises
    ------
    TypeError
        If ``rng`` is not a Generator, an int, a SeedSequence or None.
    ValueError
        If ``K > link.pilot_length`` (from :func:`pilot_sequences`), or the channel
        and echo arrays do not broadcast with ``link``.

    Examples
    --------
    >>> link = MimoUplink(n_antennas=16, pilot_length=8, user_gain=[1e-7, 5e-8],
    ...                   target_gain=[1e-8, 3e-8])
    >>> h = np.ones((2, 16), dtype=complex)
    >>> received_pilot_matrix(link, h, np.zeros((2, 16)), rng=0).shape
    (16, 8)
    """
    link = _check_link(link)
    rng = as_generator(rng)
    h = _check_vectors("user_channels", user_channels, link.n_antennas)
    g = _check_vectors("echo_vectors", echo_vectors, link.n_antennas)
    k = h.shape[-2]
    check_bytes("user_channels", user_channels, 48.0 * h.size * link.pilot_length,
                advice="draw fewer realizations per call")
    v = pilot_sequences(link.pilot_length, k)
    su = np.sqrt(link.user_power_w * link.pilot_length)
    st = np.sqrt(link.target_power_w * link.pilot_length)
    sig = su[..., None] * h + st[..., None] * g  # (..., K, N)
    y = _complex_normal(rng, (*sig.shape[:-2], sig.shape[-1], link.pilot_length))
    y *= np.sqrt(link.noise_power_w)
    # one GEMM (N, K) x (K, T_u) per realization on a contiguous copy (the swapped view
    # does not reach BLAS); per-realization GEMMs keep the bits independent of the batching
    y += np.ascontiguousarray(np.swapaxes(sig, -1, -2)) @ v.conj().T  # (..., N, T_u)
    return y


def project_pilots(received, n_pairs: int) -> np.ndarray:
    """Project the received pilot matrix onto the orthonormal pilots.

    ``y_P,k = Y_P v_k`` with ``V = pilot_sequences(T_u, K)``.

    Parameters
    ----------
    received : array_like, shape (..., N, T_u), complex
        Received pilot matrices ``Y_P`` (e.g. from :func:`received_pilot_matrix`).
    n_pairs : int
        Number of pairs ``K``, ``1 <= K <= T_u``.

    Returns
    -------
    ndarray, shape (..., K, N), complex
        Projected observations ``y_P,k``, one row per pair.

    Raises
    ------
    ValueError
        If ``n_pairs`` is < 1 or larger than ``T_u`` (from :func:`pilot_sequences`).

    References
    ----------
    [CC] eq. (3)

    Examples
    --------
    >>> y = np.ones((16, 8), dtype=complex)
    >>> project_pilots(y, 2).shape
    (2, 16)
    """
    y = check_complex_array("received", received, min_ndim=2, nonempty=True)
    n_pairs = check_int("n_pairs", n_pairs, minimum=1)
    if n_pairs > y.shape[-1]:
        fail("n_pairs", n_pairs, f"use at most the pilot length {y.shape[-1]} (the last axis "
             "of received)")
    v = pilot_sequences(y.shape[-1], n_pairs)
    # one GEMM per realization: its bits do not depend on how many are batched (chunking)
    return np.swapaxes(y @ v, -1, -2)


def mmse_channel_estimate(link: MimoUplink, projected, user_los) -> np.ndarray:
    """MMSE channel estimate of the [CC] uplink from the projected pilots.

    ``h_hat = m + c (y / sqrt(P_U T_u) - m)`` with ``m = sqrt(mu kappa) h_bar`` and
    ``c = P_U T_u mu / (P_U T_u mu + P_T T_u N beta_t + N0)``, the estimator printed
    in [CC] section 3.1, below (3).

    Parameters
    ----------
    link : MimoUplink
        Per-pair uplink parameters, shape broadcastable to ``(..., K)``.
    projected : array_like, shape (..., K, N), complex
        ``y_P,k`` from :func:`project_pilots`.
    user_los : array_like, shape (..., K, N), complex
        Known LoS components ``h_bar_k``.

    Returns
    -------
    ndarray, shape (..., K, N), complex
        Estimates ``h_hat_k``.

    Raises
    ------
    ValueError
        If ``projected`` or ``user_los`` does not broadcast with ``link.shape + (N,)``.

    Examples
    --------
    >>> link = MimoUplink(n_antennas=16, pilot_length=8, user_gain=[1e-7, 5e-8],
    ...                   target_gain=[1e-8, 3e-8])
    >>> los = np.ones((2, 16), dtype=complex)
    >>> mmse_channel_estimate(link, np.zeros((2, 16)), los).shape
    (2, 16)
    """
    link = _check_link(link)
    y = _check_vectors("projected", projected, link.n_antennas)
    user_los = _check_vectors("user_los", user_los, link.n_antennas)
    m = np.sqrt(link.mu * link.rician_factor)[..., None] * user_los
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
    """GLRT statistic of the [CC] uplink target detection on the residual.

    ``Lambda = |r^H a_N(theta)|^2 / (N [N0 + P_U T_u (mu - phi)])`` ("paper"), the
    form of [CC] eq. (6) with the amplitude estimate of [CC] eq. (7) inserted, or
    ``|r^H a_N(theta)|^2`` divided by ``N (1 - c)^2 (A + N0)``, the actual residual
    variance ("residual").

    Parameters
    ----------
    link : MimoUplink
        Per-pair uplink parameters, shape broadcastable to ``(..., K)``.
    residual : array_like, shape (..., K, N), complex
        ``r_P,k = y_P,k - sqrt(P_U T_u) h_hat_k``.
    target_angle_rad : array_like, shape (..., K), float
        Directions ``theta_k`` probed (rad from broadside).
    normalization : {"paper", "residual"}, optional
        Variance the statistic is divided by (default "paper", as printed).

    Returns
    -------
    ndarray, float64, shape (..., K)
        ``Lambda`` per pair (compare with the threshold ``epsilon_d``).

    Raises
    ------
    TypeError
        If ``target_angle_rad`` cannot be read as real numbers.
    ValueError
        If ``normalization`` is unknown or an angle is not finite.

    References
    ----------
    [CC] eq. (6)

    Examples
    --------
    >>> from ofdmisac.channel import steering_vector
    >>> link = MimoUplink(n_antennas=16, pilot_length=16, user_gain=1e-7, target_gain=1e-8)
    >>> r = 1e-4 * steering_vector([0.3], 16)  # residual along the probed direction
    >>> stat = glrt_statistic(link, r, [0.3], normalization="residual")
    >>> round(float(stat[0]), 2)
    3.4
    """
    link = _check_link(link)
    r = _check_vectors("residual", residual, link.n_antennas, min_ndim=1)
    target_angle_rad = check_array("target_angle_rad", target_angle_rad)
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
    """BS processing of the [CC] uplink: projection, MMSE, residual, GLRT.

    Projects ``Y_P`` onto the pilots ([CC] eq. (3)), estimates the channels with the
    MMSE estimator below (3), forms the residual ``r_P,k`` of [CC] eq. (5) and the GLRT
    statistic of [CC] eq. (6).

    Parameters
    ----------
    link : MimoUplink
        Per-pair uplink parameters, shape ``(..., K)``.
    received : array_like, shape (..., N, T_u), complex
        ``Y_P`` (e.g. from :func:`received_pilot_matrix`).
    user_los : array_like, shape (..., K, N), complex
        Known LoS vectors ``h_bar_k``.
    target_angle_rad : array_like, shape (..., K), float
        Directions ``theta_k`` probed by the GLRT (rad).
    normalization : {"paper", "residual"}, optional
        See :func:`glrt_statistic` (default "paper").

    Returns
    -------
    estimates : ndarray, shape (..., K, N), complex
        MMSE estimates ``h_hat_k``.
    residual : ndarray, shape (..., K, N), complex
        ``r_P,k = y_P,k - sqrt(P_U T_u) h_hat_k``.
    statistic : ndarray, shape (..., K), float64
        GLRT statistic ``Lambda`` of [CC] eq. (6).

    Raises
    ------
    TypeError
        If ``target_angle_rad`` cannot be read as real numbers.
    ValueError
        If ``K`` (from ``user_los``) exceeds ``T_u``, ``normalization`` is unknown or
        the arrays do not broadcast with ``link``.

    References
    ----------
    [CC] eq. (3)
    [CC] eq. (5)
    [CC] eq. (6)

    Examples
    --------
    >>> from ofdmisac.channel import steering_vector
    >>> link = MimoUplink(n_antennas=16, pilot_length=16, user_gain=[1e-7, 5e-8],
    ...                   target_gain=[1e-8, 3e-8])
    >>> los = steering_vector([-0.6, 0.1], 16)
    >>> y_p = received_pilot_matrix(link, los * 3e-4, np.zeros((2, 16)), rng=0)
    >>> h_hat, r, stat = uplink_receiver(link, y_p, los, [0.3, -0.2])
    >>> h_hat.shape, stat.shape
    ((2, 16), (2,))
    """
    link = _check_link(link)
    los = _check_vectors("user_los", user_los, link.n_antennas)
    target_angle_rad = check_array("target_angle_rad", target_angle_rad)
    y = project_pilots(received, los.shape[-2])
    h_hat = mmse_channel_estimate(link, y, los)
    su = np.sqrt(link.user_power_w * link.pilot_length)[..., None]
    residual = y - su * h_hat
    stat = glrt_statistic(link, residual, target_angle_rad, normalization=normalization)
    return h_hat, residual, stat

