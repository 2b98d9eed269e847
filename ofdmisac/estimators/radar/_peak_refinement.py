"""Sub-bin refinement of range-Doppler peaks: parabolic interpolation and Newton steps to the
maximum of the exact periodogram (the ML estimate of one point target)."""

from __future__ import annotations

import numpy as np

from ..._validation import check_array, check_complex_array, check_instance, check_int, fail
from ...waveforms import SensingGrid

__all__ = ["newton_refine"]


def _parabolic(ym, y0, yp):
    """Vertex offset of the parabola through (-1, ym), (0, y0), (1, yp), in [-0.5, 0.5]."""
    den = ym - 2 * y0 + yp
    with np.errstate(divide="ignore", invalid="ignore"):
        d = np.where(den < 0, 0.5 * (ym - yp) / den, 0.0)
    return np.clip(d, -0.5, 0.5)


def newton_refine(h, sensing: SensingGrid, tau_s, doppler_hz, *, n_iter: int = 4):
    """Refine delay and Doppler to the maximum of the exact periodogram.

    Maximizes ``J(tau, f) = |sum_{k,l} h[k, l] exp(+j 2 pi k scs tau) exp(-j 2 pi f t_l)|^2``
    (the ML criterion of one point target in white noise, unknown complex amplitude) by
    Newton steps from ``(tau_s, doppler_hz)`` (e.g. a zero-padded periodogram peak with
    parabolic interpolation, whose bias otherwise dominates at high SNR). A step that does
    not increase ``J`` is halved (up to 4 times) and otherwise discarded. Vectorized over
    trials.

    The times ``t_l`` are the grid's true symbol times ``sensing.symbol_times_s`` (the NR
    start times of :meth:`~ofdmisac.waveforms.SensingGrid.from_carrier`, with the longer CP
    every 0.5 ms, as :func:`~ofdmisac.channel.synthesize_echo` uses), while the
    range-Doppler map that gives the starting point indexes symbols uniformly (``l T_sym``):
    the map is the coarse search, this step removes the velocity bias of that uniform axis
    (about -0.1 % at 120 kHz over 56 symbols).

    Parameters
    ----------
    h : array_like, complex, shape ``(n_trials, n_sc, n_sym)``
        Channel estimates on the grid (``Y / X`` on pilot REs, zero elsewhere);
        ``(n_sc, n_sym)`` must equal ``sensing.shape``.
    sensing : SensingGrid
        Numerology, pilot REs, symbol times and processing window (the subcarrier spacing
        and the symbol times ``t_l`` are used).
    tau_s : array_like, float, shape ``(n_trials,)``
        Starting round-trip delays ``2 R / c`` (s).
    doppler_hz : array_like, float, shape ``(n_trials,)``
        Starting Doppler shifts ``2 v f_c / c`` (Hz).
    n_iter : int
        Newton iterations (>= 0, default 4; 0 returns the starting points).

    Returns
    -------
    tau_s, doppler_hz : numpy.ndarray
        Refined delay (s) and Doppler shift (Hz), float64, shape ``(n_trials,)``.

    Raises
    ------
    ValueError
        ``h`` not of shape ``(n_trials, n_sc, n_sym)`` matching ``sensing``, a negative
        ``n_iter``.
    TypeError
        ``sensing`` is not a :class:`~ofdmisac.waveforms.SensingGrid`, ``n_iter`` not an
        integer.

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.estimators import newton_refine
    >>> from ofdmisac.waveforms import SensingGrid
    >>> g = SensingGrid(fc_hz=28e9, scs_hz=120e3, symbol_duration_s=8.92e-6,
    ...                 pilot_mask=np.ones((64, 16), bool))
    >>> tau, f_d = 520e-9, 21e3
    >>> h = (np.exp(-2j * np.pi * np.arange(64)[:, None] * g.scs_hz * tau)
    ...      * np.exp(2j * np.pi * f_d * g.symbol_times_s))[None]
    >>> t, f = newton_refine(h, g, [tau * 1.01], [f_d * 1.02])
    >>> round(float(t[0]) * 1e9, 3), round(float(f[0]), 1)
    (520.0, 21000.0)
    """
    check_instance("sensing", sensing, SensingGrid)
    n_iter = check_int("n_iter", n_iter, minimum=0, maximum=1000)
    h = check_complex_array("h", h)
    tau_s = check_array("tau_s", tau_s)
    doppler_hz = check_array("doppler_hz", doppler_hz)
    if h.ndim != 3 or h.shape[1:] != sensing.shape:
        fail("h", h, f"use an array of shape (n_trials, {sensing.n_subcarriers}, "
             f"{sensing.n_symbols})")
    # J is invariant to shifting the frequency and time origins (a unit-modulus factor of the
    # sum), so both are centred: a better conditioned Hessian for symbols late in a frame
    k = (np.arange(h.shape[-2]) - (h.shape[-2] - 1) / 2) * sensing.scs_hz
    t = sensing.symbol_times_s - sensing.symbol_times_s.mean()
    tau = np.array(tau_s, dtype=float)
    f = np.array(doppler_hz, dtype=float)
    w = 2 * np.pi

    def amplitude(tau, f):
        a = np.exp(1j * w * k[None, :] * tau[:, None])  # (n, K)
        b = np.exp(-1j * w * t[None, :] * f[:, None])  # (n, L)
        # einsum: a stacked matrix-vector matmul takes numpy's slow non-BLAS loop
        return np.einsum("nk,nk->n", a, np.einsum("nkl,nl->nk", h, b))

    def parts(tau, f):
        a = np.exp(1j * w * k[None, :] * tau[:, None])  # (n, K)
        b = np.exp(-1j * w * t[None, :] * f[:, None])  # (n, L)
        m = np.matmul(h, np.stack([b, b * t, b * t**2], axis=-1))  # (n, K, 3), one BLAS pass
        m0, m1, m2 = m[..., 0], m[..., 1], m[..., 2]
        amp = np.einsum("nk,nk->n", a, m0)
        d_tau = 1j * w * np.einsum("nk,nk->n", a * k, m0)
        d_f = -1j * w * np.einsum("nk,nk->n", a, m1)
        d_tt = -(w**2) * np.einsum("nk,nk->n", a * k**2, m0)
        d_ff = -(w**2) * np.einsum("nk,nk->n", a, m2)
        d_tf = w**2 * np.einsum("nk,nk->n", a * k, m1)
        return amp, d_tau, d_f, d_tt, d_ff, d_tf

    for _ in range(n_iter):
        amp, d_t, d_f, d_tt, d_ff, d_tf = parts(tau, f)
        j0 = np.abs(amp) ** 2
        g = 2 * np.stack([np.real(np.conj(amp) * d_t), np.real(np.conj(amp) * d_f)], -1)
        h_tt = 2 * np.real(np.abs(d_t) ** 2 + np.conj(amp) * d_tt)
        h_ff = 2 * np.real(np.abs(d_f) ** 2 + np.conj(amp) * d_ff)
        h_tf = 2 * np.real(np.conj(d_t) * d_f + np.conj(amp) * d_tf)
        det = h_tt * h_ff - h_tf**2
        ok = (det > 0) & (h_tt < 0)  # negative definite: a maximum nearby
        safe = np.where(ok, det, 1.0)
        step_t = np.where(ok, -(h_ff * g[:, 0] - h_tf * g[:, 1]) / safe, 0.0)
        step_f = np.where(ok, -(-h_tf * g[:, 0] + h_tt * g[:, 1]) / safe, 0.0)
        accepted = np.zeros(tau.shape, bool)
        new_t, new_f = tau.copy(), f.copy()
        for _halving in range(5):
            cand_t, cand_f = tau + step_t, f + step_f
            better = np.abs(amplitude(cand_t, cand_f)) ** 2 > j0
            take = better & ~accepted & ok
            new_t[take], new_f[take] = cand_t[take], cand_f[take]
            accepted |= take
            step_t, step_f = step_t / 2, step_f / 2
        tau, f = new_t, new_f
    return tau, f
