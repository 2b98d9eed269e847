"""Downlink sensing of the [CC] link: transmit matrix, target-angle Fisher information, CRLB and
ML estimate ([CC] section 4).

One idea: the target angle of the [CC] downlink (transmit matrix, Fisher information, CRLB in
its exact, expected and large-N forms, ML estimate); about 190 of its lines are code, the
rest documentation.
"""

from __future__ import annotations

import numpy as np

from ..._validation import (
    check_array,
    check_complex_array,
    check_int,
    check_probability,
    check_real,
    fail,
)
from ...channel.mimo._array import _check_n_antennas, steering_vector, steering_vector_derivative
from ._uplink_link import MimoUplink, _check_link

__all__ = [
    "downlink_transmit_matrix", "angle_crlb", "angle_fisher_information",
    "expected_transmit_covariance", "angle_crlb_expected", "angle_crlb_large_n",
    "angle_ml_estimate"
]


def downlink_transmit_matrix(w_users, w_target, user_symbols, target_symbols, *,
                             comm_power_fraction, power_w):
    """Downlink ISAC transmit block ``X_d`` of [CC] section 4.

    ``X_d = sqrt(P rho) sum_k w_U,k s_U,k + sqrt(P (1 - rho)) w_T s_T``.

    Parameters
    ----------
    w_users : array_like, shape (..., K, N), complex
        CU precoders ``w_U,k`` (e.g. from :func:`mrt_precoders`).
    w_target : array_like, shape (..., N), complex
        Sensing precoder ``w_T``.
    user_symbols : array_like, shape (..., K, T_d), complex
        CU symbol rows ``s_U,k``.
    target_symbols : array_like, shape (..., T_d), complex
        Sensing symbol row ``s_T``.
    comm_power_fraction : array_like, float
        Communication power fraction ``rho`` in [0, 1].
    power_w : array_like, float
        BS transmit power ``P`` in W (> 0).

    Returns
    -------
    ndarray, shape (..., N, T_d), complex
        The transmit block.

    Raises
    ------
    TypeError
        If ``comm_power_fraction`` or ``power_w`` cannot be read as real numbers.
    ValueError
        If ``comm_power_fraction`` is outside [0, 1], ``power_w <= 0`` or the arrays do
        not broadcast.

    Examples
    --------
    >>> from ofdmisac.channel import steering_vector
    >>> rng = np.random.default_rng(0)
    >>> w_u = steering_vector([-0.6, 0.1], 16) / 4
    >>> w_t = steering_vector(0.3, 16) / 4
    >>> s = np.exp(0.5j * np.pi * rng.integers(0, 4, (3, 16)))  # QPSK, T_d = 16
    >>> x = downlink_transmit_matrix(w_u, w_t, s[:2], s[2], comm_power_fraction=0.5,
    ...                              power_w=1.0)
    >>> x.shape
    (16, 16)
    """
    w_users = check_complex_array("w_users", w_users, min_ndim=2, nonempty=True)
    w_target = check_complex_array("w_target", w_target, min_ndim=1, nonempty=True)
    user_symbols = check_complex_array("user_symbols", user_symbols, min_ndim=2, nonempty=True)
    target_symbols = check_complex_array("target_symbols", target_symbols, min_ndim=1,
                                         nonempty=True)
    _check_shapes(("w_users", w_users, 2), ("w_target", w_target, 1),
                  ("user_symbols", user_symbols, 2), ("target_symbols", target_symbols, 1))
    comm_power_fraction = check_probability("comm_power_fraction", comm_power_fraction)
    p = check_array("power_w", power_w, minimum=0.0, strict_min=True)
    wu = np.asarray(w_users)
    x = np.sqrt(p * comm_power_fraction) * np.einsum("...kn,...kt->...nt", wu,
                                                     np.asarray(user_symbols))
    x = x + np.sqrt(p * (1 - comm_power_fraction)) * (
        np.asarray(w_target)[..., :, None] * np.asarray(target_symbols)[..., None, :]
    )
    return x


def _check_shapes(*items):
    """Each ``(name, array, core_ndim)``: the arrays share the antenna count ``N`` (axis -2 of
    ``w_users``/-1 of ``w_target`` and so on) and the symbol count; one clear error else."""
    (_, wu, _), (_, wt, _), (_, su, _), (_, st, _) = items
    n, k, t = wu.shape[-1], wu.shape[-2], su.shape[-1]
    for name, arr, want in (("w_target", wt, {-1: n}), ("user_symbols", su, {-2: k}),
                            ("target_symbols", st, {-1: t})):
        for axis, size in want.items():
            if arr.shape[axis] != size:
                fail(name, arr, f"use a shape matching w_users [..., K={k}, N={n}] and "
                     f"user_symbols [..., K, T_d={t}] (got shape {arr.shape})")
    try:
        np.broadcast_shapes(wu.shape[:-2], wt.shape[:-1], su.shape[:-2], st.shape[:-1])
    except ValueError:
        fail("w_target", wt, "use batch shapes that broadcast with w_users and the symbols")


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
    """Target-angle CRLB for a given downlink transmit block ``X_d``.

    ``C = N0 / (2 |varpi|^2 [tr(A_c X X^H A_c^H) - |tr(A X X^H A_c^H)|^2 / tr(A X X^H A^H)])``
    with ``A = a a^H``, ``A_c = a_c a^H + a a_c^H`` (``a_c`` = :func:`steering_vector_derivative`).

    Parameters
    ----------
    transmit_matrix : array_like, shape (..., N, T_d), complex
        Transmit block ``X_d`` (e.g. from :func:`downlink_transmit_matrix`).
    theta_rad : array_like, shape (...), float
        Target angle ``theta_l`` (rad from broadside).
    target_gain : array_like, float
        ``|varpi|^2 = beta_t |zeta|^2`` (linear, > 0).
    noise_power_w : array_like, float
        Noise power ``N0`` at the BS in W (> 0).

    Returns
    -------
    ndarray, float64, shape (...)
        CRLB of ``theta`` in rad^2.

    Raises
    ------
    TypeError
        If ``target_gain`` or ``noise_power_w`` cannot be read as real numbers.
    ValueError
        If ``target_gain <= 0``, ``noise_power_w <= 0``, ``theta_rad`` is not numeric,
        or ``N`` (``transmit_matrix.shape[-2]``) is < 1.

    References
    ----------
    [CC] eq. (19)

    Examples
    --------
    >>> from ofdmisac.channel import steering_vector
    >>> rng = np.random.default_rng(0)
    >>> w_u = steering_vector([-0.6, 0.1], 16) / 4
    >>> w_t = steering_vector(0.3, 16) / 4
    >>> s = np.exp(0.5j * np.pi * rng.integers(0, 4, (3, 16)))  # QPSK, T_d = 16
    >>> x = downlink_transmit_matrix(w_u, w_t, s[:2], s[2], comm_power_fraction=0.5,
    ...                              power_w=1.0)
    >>> crlb = angle_crlb(x, 0.3, target_gain=1e-8, noise_power_w=1e-11)
    >>> print(f"{float(crlb):.4e}")
    1.2047e-09
    """
    transmit_matrix = check_complex_array("transmit_matrix", transmit_matrix, min_ndim=2,
                                          nonempty=True)
    theta_rad = check_array("theta_rad", theta_rad)
    x = np.asarray(transmit_matrix)
    g = check_array("target_gain", target_gain, minimum=0.0, strict_min=True)
    n0 = check_array("noise_power_w", noise_power_w, minimum=0.0, strict_min=True)
    n = _check_n_antennas(x.shape[-2])
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
    g = check_array("target_gain", target_gain, minimum=0.0, strict_min=True)
    n0 = check_array("noise_power_w", noise_power_w, minimum=0.0, strict_min=True)
    n = _check_n_antennas(r.shape[-1])
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
    """Fisher information of the target angle and the echo amplitude.

    The FIM of [CC] eq. (18) for the vectorized echo of [CC] eq. (17) with
    ``xi = [theta, Re varpi, Im varpi]``. Builds ``u = varpi vec(a a^H X)`` and its
    derivatives explicitly and forms ``F_ij = 2 / N0 Re{du^H/dxi_i du/dxi_j}``.
    ``[inv(F)]_00`` is the CRLB, a check of [CC] eq. (19) that does not use the trace
    algebra.

    Parameters
    ----------
    transmit_matrix : array_like, shape (..., N, T_d), complex
        Transmit block ``X_d``.
    theta_rad : array_like, shape (...), float
        Target angle ``theta_l`` (rad).
    varpi : array_like, shape (...), complex
        Echo amplitude ``varpi = sqrt(beta_t) zeta``.
    noise_power_w : float
        Noise power ``N0`` at the BS in W (> 0).
    derivative : {"analytic", "finite-difference"}, optional
        ``du/dtheta`` from the steering-vector derivative (default) or from a 4th-order
        central difference with ``step``.
    step : float, optional
        Finite-difference step in radians (default 1e-5).

    Returns
    -------
    ndarray, shape (..., 3, 3), float64
        The Fisher information matrix, ordered ``theta, Re varpi, Im varpi``.

    Raises
    ------
    TypeError
        If ``noise_power_w`` cannot be read as real numbers.
    ValueError
        If ``derivative`` is unknown or ``noise_power_w <= 0``.

    References
    ----------
    [CC] eq. (17)
    [CC] eq. (18)

    Examples
    --------
    >>> from ofdmisac.channel import steering_vector
    >>> rng = np.random.default_rng(0)
    >>> w_u = steering_vector([-0.6, 0.1], 16) / 4
    >>> w_t = steering_vector(0.3, 16) / 4
    >>> s = np.exp(0.5j * np.pi * rng.integers(0, 4, (3, 16)))  # QPSK, T_d = 16
    >>> x = downlink_transmit_matrix(w_u, w_t, s[:2], s[2], comm_power_fraction=0.5,
    ...                              power_w=1.0)
    >>> f = angle_fisher_information(x, 0.3, 1e-4, noise_power_w=1e-11)
    >>> f.shape, f"{np.linalg.inv(f)[0, 0]:.4e}"  # equals angle_crlb
    ((3, 3), '1.2047e-09')
    """
    transmit_matrix = check_complex_array("transmit_matrix", transmit_matrix, min_ndim=2,
                                          nonempty=True)
    theta_rad = check_array("theta_rad", theta_rad)
    varpi = check_complex_array("varpi", varpi)
    step = check_real("step", step, minimum=0.0, strict_min=True)
    if derivative not in ("analytic", "finite-difference"):
        raise ValueError(
            f"derivative={derivative!r} is not allowed; choose 'analytic' or 'finite-difference'"
        )
    x = np.asarray(transmit_matrix)
    n = x.shape[-2]
    theta = np.asarray(theta_rad, dtype=np.float64)
    w = np.asarray(varpi, dtype=np.complex128)
    n0 = float(check_array("noise_power_w", noise_power_w, minimum=0.0, strict_min=True))

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


def expected_transmit_covariance(link: MimoUplink, user_los, target_angle_rad, *,
                                 comm_power_fraction):
    """Expected normalized transmit covariance of the [CC] MRT downlink.

    ``E[X X^H] / (P T_d) =
    rho sum_k (m_k m_k^H + phi_k I) / (||m_k||^2 + phi_k N) + (1 - rho) a a^H / N``
    with ``m_k = sqrt(mu_k kappa_k) h_bar_k``, for orthogonal unit-power symbols
    ([CC] Appendix C, (C1), corrected). With orthogonal symbols only the ``k = i``
    terms survive (the printed (C1) and [CC] eq. (22) carry a double sum over ``k, i``,
    see ``docs/errata.md``).

    Parameters
    ----------
    link : MimoUplink
        Uplink parameters (``mu``, ``phi``, ``rician_factor``, ``n_antennas``), shape
        ``(..., K)``.
    user_los : array_like, shape (..., K, N), complex
        Known LoS vectors ``h_bar_k``.
    target_angle_rad : array_like, shape (...), float
        Angle ``theta_l`` of the sensed ST (rad).
    comm_power_fraction : array_like, float
        Communication power fraction ``rho`` in [0, 1].

    Returns
    -------
    ndarray, shape (..., N, N), complex128
        Hermitian covariance with trace ``rho K + 1 - rho``.

    Raises
    ------
    TypeError
        If ``comm_power_fraction`` or an angle cannot be read as real numbers.
    ValueError
        If ``comm_power_fraction`` is outside [0, 1] or ``user_los`` does not broadcast
        with ``link``.

    Examples
    --------
    >>> from ofdmisac.channel import steering_vector
    >>> link = MimoUplink(n_antennas=16, pilot_length=16, user_gain=[1e-7, 5e-8],
    ...                   target_gain=[1e-8, 3e-8])
    >>> los = steering_vector([-0.6, 0.1], 16)
    >>> r = expected_transmit_covariance(link, los, 0.3, comm_power_fraction=0.5)
    >>> r.shape, round(float(np.trace(r).real), 6)
    ((16, 16), 1.5)
    """
    user_los = check_complex_array("user_los", user_los, min_ndim=2, nonempty=True)
    target_angle_rad = check_array("target_angle_rad", target_angle_rad)
    link = _check_link(link)
    comm_power_fraction = check_probability("comm_power_fraction", comm_power_fraction)
    n = link.n_antennas
    los = np.asarray(user_los)
    shape = np.broadcast_shapes(link.shape, los.shape[:-1])
    mu, kap, phi = (np.broadcast_to(v, shape) for v in (link.mu, link.rician_factor, link.phi))
    m = np.sqrt(mu * kap)[..., None] * los
    en2 = np.sum(np.abs(m) ** 2, axis=-1) + phi * n
    r = np.einsum("...kn,...km->...nm", m / en2[..., None], m.conj())
    r = r + np.sum(phi / en2, axis=-1)[..., None, None] * np.eye(n)
    a = steering_vector(target_angle_rad, n)
    r = comm_power_fraction[..., None,
                            None] * r if comm_power_fraction.ndim else comm_power_fraction * r
    return r + (1 - comm_power_fraction) * a[..., :, None] * a[..., None, :].conj() / n


def angle_crlb_expected(
    link: MimoUplink,
    user_los,
    target_angle_rad,
    *,
    comm_power_fraction,
    downlink_power_w,
    n_symbols: int,
    target_gain,
    noise_power_w=None,
) -> np.ndarray:
    """Angle CRLB on the expected transmit covariance ([CC] Lemma 3).

    ``C = N0 Pi_AA / (2 |varpi|^2 P T_d [Pi_cc Pi_AA - |Pi_Ac|^2])`` where the ``Pi`` are
    the traces of [CC] eq. (19) evaluated on :func:`expected_transmit_covariance` (the
    corrected form of the ``Pi`` of [CC] eq. (22), see ``docs/errata.md``).

    Parameters
    ----------
    link : MimoUplink
        Uplink parameters (``mu``, ``phi``, ``rician_factor``, ``n_antennas``), shape
        ``(..., K)``.
    user_los : array_like, shape (..., K, N), complex
        Known LoS vectors ``h_bar_k``.
    target_angle_rad : array_like, shape (...), float
        Angle ``theta_l`` of the sensed ST (rad).
    comm_power_fraction : array_like, float
        Communication power fraction ``rho`` in [0, 1].
    downlink_power_w : array_like, float
        BS transmit power ``P_d,l`` in W (> 0).
    n_symbols : int
        Downlink symbols ``T_d`` (>= 1; not checked).
    target_gain : array_like, float
        ``|varpi|^2 = beta_t |zeta|^2`` (linear, > 0).
    noise_power_w : array_like, optional
        Noise power at the BS in W (> 0; default None: ``link.noise_power_w``).

    Returns
    -------
    ndarray, float64, shape (...)
        CRLB of ``theta`` in rad^2.

    Raises
    ------
    TypeError
        If a power, the fraction, the gain or an angle cannot be read as real numbers.
    ValueError
        If ``comm_power_fraction`` is outside [0, 1], or ``downlink_power_w``,
        ``target_gain`` or ``noise_power_w`` is not positive.

    References
    ----------
    [CC] Lemma 3
    [CC] eq. (22)

    Examples
    --------
    >>> from ofdmisac.channel import steering_vector
    >>> link = MimoUplink(n_antennas=16, pilot_length=16, user_gain=[1e-7, 5e-8],
    ...                   target_gain=[1e-8, 3e-8])
    >>> los = steering_vector([-0.6, 0.1], 16)
    >>> crlb = angle_crlb_expected(link, los, 0.3, comm_power_fraction=0.5,
    ...                            downlink_power_w=1.0, n_symbols=16, target_gain=1e-8)
    >>> print(f"{float(crlb):.4e}")
    1.1215e-09
    """
    user_los = check_complex_array("user_los", user_los, min_ndim=2, nonempty=True)
    target_angle_rad = check_array("target_angle_rad", target_angle_rad)
    n_symbols = check_array("n_symbols", n_symbols, minimum=1, integer=True)
    if noise_power_w is not None:
        noise_power_w = check_array("noise_power_w", noise_power_w, minimum=0.0, strict_min=True)
    link = _check_link(link)
    p = check_array("downlink_power_w", downlink_power_w, minimum=0.0, strict_min=True)
    n0 = link.noise_power_w if noise_power_w is None else noise_power_w
    r = expected_transmit_covariance(link, user_los, target_angle_rad,
                                     comm_power_fraction=comm_power_fraction)
    return _crlb_from_covariance(p * n_symbols * r, target_angle_rad, target_gain, n0)


def angle_crlb_large_n(
    *, n_antennas, theta_rad, comm_power_fraction, downlink_power_w, n_symbols, target_gain,
    noise_power_w
) -> np.ndarray:
    """Large-N angle CRLB of the sensed ST, as in [CC] Lemma 4.

    ``6 N0 / (|varpi|^2 P (1 - rho) T_d N^2 (N^2 - 1) pi^2 cos^2 theta)``: only the
    sensing beam contributes when the CU and ST angles differ by more than ``2 / N``.

    Parameters
    ----------
    n_antennas : array_like, int
        BS antennas ``N >= 2``.
    theta_rad : array_like, float
        Target angle ``theta_l`` (rad).
    comm_power_fraction : array_like, float
        Communication power fraction ``rho`` in [0, 1) (the sensing beam needs power).
    downlink_power_w : array_like, float
        BS transmit power ``P_d,l`` in W (> 0; not checked).
    n_symbols : array_like, int
        Downlink symbols ``T_d`` (>= 1; not checked).
    target_gain : array_like, float
        ``|varpi|^2 = beta_t |zeta|^2`` (linear, > 0).
    noise_power_w : array_like, float
        Noise power ``N0`` at the BS in W (> 0; not checked).

    Returns
    -------
    ndarray, float64, broadcast shape of the arguments
        CRLB of ``theta`` in rad^2.

    Raises
    ------
    TypeError
        If an argument cannot be read as real numbers.
    ValueError
        If ``comm_power_fraction`` is not in [0, 1), ``N`` is not an integer >= 2,
        ``n_symbols`` not an integer >= 1, ``target_gain``, ``downlink_power_w`` or
        ``noise_power_w`` not finite and > 0, or ``theta_rad`` not finite (a variance is
        never negative).

    References
    ----------
    [CC] Lemma 4
    [CC] eq. (23)

    Examples
    --------
    >>> crlb = angle_crlb_large_n(n_antennas=16, theta_rad=0.3, comm_power_fraction=0.5,
    ...                           downlink_power_w=1.0, n_symbols=16, target_gain=1e-8,
    ...                           noise_power_w=1e-11)
    >>> print(f"{float(crlb):.4e}")
    1.2755e-09
    """
    rho = check_probability("comm_power_fraction", comm_power_fraction)
    if np.any(rho >= 1):
        fail("comm_power_fraction", comm_power_fraction,
             "use a value < 1 (the sensing beam needs power)")
    n = check_array("n_antennas", n_antennas, minimum=2, integer=True,
                    requirement="use integers >= 2 (the CRLB needs N >= 2)")
    g = check_array("target_gain", target_gain, minimum=0.0, strict_min=True)
    p = check_array("downlink_power_w", downlink_power_w, minimum=0.0, strict_min=True)
    t_d = check_array("n_symbols", n_symbols, minimum=1, integer=True)
    n0 = check_array("noise_power_w", noise_power_w, minimum=0.0, strict_min=True)
    c2 = np.cos(check_array("theta_rad", theta_rad)) ** 2
    with np.errstate(divide="ignore"):  # theta = +-pi/2 (endfire): an infinite bound
        return 6.0 * n0 / (g * p * (1 - rho) * t_d * n**2 * (n**2 - 1) * np.pi**2 * c2)


def angle_ml_estimate(
    received,
    transmit_matrix,
    *,
    grid_size: int | None = None,
    n_refine: int = 60,
    search_rad: tuple[float, float] = (-np.pi / 2 + 1e-3, np.pi / 2 - 1e-3),
) -> np.ndarray:
    """Maximum-likelihood target-angle estimate from the downlink echo.

    The echo is ``Y = varpi a a^H X + N`` ([CC] eq. (16)). Concentrating out ``varpi``
    gives ``theta_hat = argmax |a^H Y X^H a|^2 / (a^H X X^H a)``.
    A grid search uniform in ``sin(theta)`` (``4 N`` points by default) is followed by a
    vectorized golden-section refinement in ``theta`` around the best grid point.

    Parameters
    ----------
    received : array_like, shape (..., N, T_d), complex
        Received echo blocks ``Y``.
    transmit_matrix : array_like, shape (..., N, T_d), complex
        Transmit blocks ``X_d`` (broadcast with ``received``).
    grid_size : int, optional
        Grid points uniform in ``sin(theta)`` (default None: ``4 N``).
    n_refine : int, optional
        Golden-section iterations (default 60, which shrink the bracket by 1e-12).
    search_rad : (float, float), optional
        Angle interval searched in rad (default: just inside ``(-pi/2, pi/2)``).

    Returns
    -------
    ndarray, float64, shape (...)
        Angle estimates in rad.

    Raises
    ------
    ValueError
        If ``received`` and ``transmit_matrix`` do not have matching ``(N, T_d)``
        shapes (from the matrix products; no checks of its own).

    Examples
    --------
    >>> from ofdmisac.channel import steering_vector
    >>> rng = np.random.default_rng(0)
    >>> w_u = steering_vector([-0.6, 0.1], 16) / 4
    >>> w_t = steering_vector(0.3, 16) / 4
    >>> s = np.exp(0.5j * np.pi * rng.integers(0, 4, (3, 16)))  # QPSK, T_d = 16
    >>> x = downlink_transmit_matrix(w_u, w_t, s[:2], s[2], comm_power_fraction=0.5,
    ...                              power_w=1.0)
    >>> a = steering_vector(0.3, 16)
    >>> y = 1e-4 * np.outer(a, a.conj() @ x)  # noiseless echo from theta = 0.3
    >>> round(float(angle_ml_estimate(y, x)), 6)
    0.3
    """
    received = check_complex_array("received", received, min_ndim=2, nonempty=True)
    transmit_matrix = check_complex_array("transmit_matrix", transmit_matrix, min_ndim=2,
                                          nonempty=True)
    if received.shape[-2:] != transmit_matrix.shape[-2:]:
        fail("received", received, f"use the shape [..., N, T_d] of transmit_matrix "
             f"{transmit_matrix.shape[-2:]} (got shape {received.shape})")
    if grid_size is not None:
        grid_size = check_int("grid_size", grid_size, minimum=3, maximum=2**20)
    n_refine = check_int("n_refine", n_refine, minimum=0, maximum=200)
    search = check_array("search_rad", search_rad, minimum=-np.pi / 2, maximum=np.pi / 2)
    if search.shape != (2,) or not search[0] < search[1]:
        fail("search_rad", search_rad, "use (low, high) with -pi/2 <= low < high <= pi/2")
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

