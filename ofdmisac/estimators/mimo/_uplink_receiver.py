"""The [CC] uplink receiver: orthonormal pilots, received pilot matrix, projection, MMSE channel
estimate and GLRT statistic ([CC] section 3).
"""

from __future__ import annotations

import numpy as np

from ..._random import as_generator
from ...channel.mimo._array import steering_vector
from ._uplink_analysis import _statistic_scale
from ._uplink_link import MimoUplink

__all__ = [
    "pilot_sequences", "received_pilot_matrix", "project_pilots", "mmse_channel_estimate",
    "glrt_statistic", "uplink_receiver"
]


def _complex_normal(rng: np.random.Generator, shape) -> np.ndarray:
    """i.i.d. CN(0, 1) samples (complex128) drawn without temporaries."""
    x = rng.standard_normal((*shape, 2))
    x *= np.sqrt(0.5)
    return x.view(np.complex128)[..., 0]


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

