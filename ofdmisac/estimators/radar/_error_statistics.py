"""Monte Carlo range/velocity error statistics of the OFDM radar chain versus SCIR."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..._random import as_generator
from ..._validation import (
    check_array,
    check_bytes,
    check_choice,
    check_instance,
    check_int,
    check_real,
)
from ...units import SPEED_OF_LIGHT_MPS
from ...waveforms import SensingGrid
from ._peak_refinement import _parabolic, newton_refine
from ._range_doppler import range_doppler_map


@dataclass(frozen=True, kw_only=True)
class ErrorStatistics:
    """Measured range and velocity error statistics per SCIR point.

    Result of :func:`measure_error_statistics`; all fields are keyword-only and the arrays
    have shape ``(n_points,)``. The 95 % confidence bounds of the RMSE use the normal
    approximation on the MSE.

    Parameters
    ----------
    scir_db : numpy.ndarray
        Per-RE SCIR of each point (dB).
    rmse_range_m : numpy.ndarray
        Range RMSE (m).
    rmse_range_m_lo, rmse_range_m_hi : numpy.ndarray
        95 % confidence bounds of ``rmse_range_m`` (m).
    bias_range_m : numpy.ndarray
        Mean range error (m).
    rmse_velocity_mps : numpy.ndarray
        Velocity RMSE (m/s).
    rmse_velocity_mps_lo, rmse_velocity_mps_hi : numpy.ndarray
        95 % confidence bounds of ``rmse_velocity_mps`` (m/s).
    bias_velocity_mps : numpy.ndarray
        Mean velocity error (m/s).
    outlier_rate : numpy.ndarray
        Fraction of trials with either error beyond one resolution cell.
    outlier_ci : numpy.ndarray
        95 % half-width of ``outlier_rate``.
    n_trials : int
        Monte Carlo trials per point.

    Raises
    ------
    TypeError
        A field given positionally or a missing field (from the dataclass constructor); the
        fields are not validated.

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.estimators import measure_error_statistics
    >>> from ofdmisac.waveforms import SensingGrid
    >>> g = SensingGrid(fc_hz=28e9, scs_hz=120e3, symbol_duration_s=8.92e-6,
    ...                 pilot_mask=np.ones((64, 16), bool))
    >>> s = measure_error_statistics(g, [10.0, 20.0], n_trials=20, rng=0)
    >>> s.rmse_range_m.shape, s.n_trials
    ((2,), 20)
    """

    scir_db: np.ndarray
    rmse_range_m: np.ndarray
    rmse_range_m_lo: np.ndarray
    rmse_range_m_hi: np.ndarray
    bias_range_m: np.ndarray
    rmse_velocity_mps: np.ndarray
    rmse_velocity_mps_lo: np.ndarray
    rmse_velocity_mps_hi: np.ndarray
    bias_velocity_mps: np.ndarray
    outlier_rate: np.ndarray
    outlier_ci: np.ndarray
    n_trials: int


__all__ = ["ErrorStatistics", "measure_error_statistics"]


def _mse_ci(err):
    e2 = err**2
    mse = e2.mean()
    se = e2.std(ddof=1) / np.sqrt(e2.size)
    return np.sqrt(mse), np.sqrt(max(mse - 1.96 * se, 0.0)), np.sqrt(mse + 1.96 * se)


def measure_error_statistics(sensing: SensingGrid, scir_db, *, range_m=40.0,
                             velocity_mps=7.3, n_trials=500, max_speed_mps=None,
                             refine="newton", rng=None) -> ErrorStatistics:
    """Monte Carlo range and velocity errors of one point target versus SCIR.

    Chain: unit-modulus random-phase pilots on ``sensing.pilot_mask``; echo
    ``Y = X exp(-j2pi k scs 2R/c) exp(j2pi 2 v fc t_l / c) + n`` with ``t_l =
    sensing.symbol_times_s`` and complex AWGN of variance ``1/SCIR`` per RE (per-RE SCIR =
    |X|^2/N0, interference treated as Gaussian); periodogram (:func:`range_doppler_map` with
    the grid's windows and FFT sizes, e.g. ``n_range = 4 n_sc`` for 4x zero padding); global
    peak with log-parabolic interpolation, then (``refine="newton"``) Newton steps to the
    maximum of the exact periodogram (:func:`newton_refine`, the ML estimate; the
    interpolation alone has a bias that exceeds the CRLB above ~20 dB). Trials are batched;
    the loop runs over SCIR points only.

    Parameters
    ----------
    sensing : SensingGrid
        Numerology, pilot REs, symbol times and processing window (windows and FFT sizes of
        the map).
    scir_db : float or array_like, shape ``(n_points,)``
        Per-RE SCIR values in dB (finite).
    range_m : float
        Target range (m, default 40), inside the unambiguous range of [BM] eq. (14)
        (``sensing.unambiguous_range_m``).
    velocity_mps : float
        Target radial velocity (m/s, default 7.3), inside the unambiguous velocity interval
        of [BM] eq. (14) (``sensing.unambiguous_velocity_mps``).
    n_trials : int
        Monte Carlo trials per SCIR point (>= 2, default 500).
    max_speed_mps : float, optional
        Search only ``|v| <= max_speed_mps``. A staggered comb-``D`` lattice (offset ``l mod
        D``) is periodic in the joint (range, Doppler) domain: its zero-filled map holds ``D``
        exact replicas shifted by ``(c/(2 D scs), v_span / D)``, with noise identical in all
        of them, so an unrestricted peak search picks among equal peaks by round-off. Use
        ``max_speed_mps < sensing.unambiguous_velocity_mps / 2`` there. Default: the whole
        map.
    refine : {"newton", "parabolic"}
        Final refinement of the peak: Newton steps to the exact periodogram maximum
        (default) or the log-parabolic interpolation alone.
    rng : int, numpy.random.Generator or None
        Seed or generator of the pilots and the noise (None: fresh entropy).

    Returns
    -------
    ErrorStatistics
        One entry per SCIR point.

    Raises
    ------
    ValueError
        ``n_trials < 2``, an unknown ``refine``, non-finite ``scir_db``, a negative seed.
    TypeError
        ``sensing`` is not a :class:`~ofdmisac.waveforms.SensingGrid`, ``n_trials`` not an
        integer, an ``rng`` that is neither a seed nor a Generator.

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.estimators import measure_error_statistics
    >>> from ofdmisac.waveforms import SensingGrid
    >>> g = SensingGrid(fc_hz=28e9, scs_hz=120e3, symbol_duration_s=8.92e-6,
    ...                 pilot_mask=np.ones((64, 16), bool))
    >>> s = measure_error_statistics(g, [20.0], n_trials=20, rng=0)
    >>> round(float(s.rmse_range_m[0]), 3), round(float(s.rmse_velocity_mps[0]), 3)
    (0.025, 0.042)
    """
    check_instance("sensing", sensing, SensingGrid)
    n_trials = check_int("n_trials", n_trials, minimum=2)
    range_m = check_real("range_m", range_m, minimum=0.0)
    velocity_mps = check_real("velocity_mps", velocity_mps)
    if max_speed_mps is not None:
        check_real("max_speed_mps", max_speed_mps, minimum=0.0, strict_min=True)
    check_bytes("n_trials", n_trials, 64.0 * n_trials * sensing.pilot_mask.size,
                advice="measure with fewer trials per call and pool the errors")
    check_choice("refine", refine, ("newton", "parabolic"))
    scir_db = np.atleast_1d(check_array("scir_db", scir_db))
    rng = as_generator(rng)
    mask = sensing.pilot_mask
    scs_hz, fc_hz = sensing.scs_hz, sensing.fc_hz
    n_sc, n_sym = mask.shape
    k = np.arange(n_sc)[:, None]
    t = sensing.symbol_times_s[None, :]
    steer = np.exp(-2j * np.pi * k * scs_hz * 2 * range_m / SPEED_OF_LIGHT_MPS) * np.exp(
        2j * np.pi * 2 * velocity_mps * fc_hz / SPEED_OF_LIGHT_MPS * t)
    d_r = sensing.range_resolution_m
    d_v = sensing.velocity_resolution_mps
    rows = []
    for snr_db in scir_db:
        n0 = 10 ** (-snr_db / 10)
        shape = (int(n_trials), n_sc, n_sym)
        x = np.exp(2j * np.pi * rng.random(shape)) * mask
        noise = (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)) * np.sqrt(n0 / 2)
        y = (x * steer + noise).astype(np.complex64)
        m = range_doppler_map(y, x.astype(np.complex64), sensing)
        p = m.power.astype(float)
        nr, nd = p.shape[-2:]
        search = p
        if max_speed_mps is not None:
            search = np.where(np.abs(m.velocity_mps) <= max_speed_mps, p, -1.0)
        flat = search.reshape(p.shape[0], -1).argmax(axis=1)
        ir, idp = np.unravel_index(flat, (nr, nd))
        tr = np.arange(p.shape[0])
        lp = np.log(np.maximum(p, np.finfo(float).tiny))
        y0 = lp[tr, ir, idp]
        dr = _parabolic(lp[tr, (ir - 1) % nr, idp], y0, lp[tr, (ir + 1) % nr, idp])
        dd = _parabolic(lp[tr, ir, (idp - 1) % nd], y0, lp[tr, ir, (idp + 1) % nd])
        r_hat = (ir + dr) * m.range_bin_m
        v_hat = m.velocity_mps[idp] + dd * m.velocity_bin_mps
        if refine == "newton":
            tau, f_d = newton_refine((y * np.conj(x)).astype(complex), sensing,
                                     2 * r_hat / SPEED_OF_LIGHT_MPS,
                                     2 * v_hat * fc_hz / SPEED_OF_LIGHT_MPS)
            r_hat = tau * SPEED_OF_LIGHT_MPS / 2
            v_hat = f_d * SPEED_OF_LIGHT_MPS / (2 * fc_hz)
        r_amb = m.range_bin_m * nr
        e_r = (r_hat - range_m + r_amb / 2) % r_amb - r_amb / 2
        v_amb = m.velocity_bin_mps * nd
        e_v = (v_hat - velocity_mps + v_amb / 2) % v_amb - v_amb / 2
        out = (np.abs(e_r) > d_r) | (np.abs(e_v) > d_v)
        rr = _mse_ci(e_r)
        rv = _mse_ci(e_v)
        q = out.mean()
        rows.append((*rr, e_r.mean(), *rv, e_v.mean(), q,
                     1.96 * np.sqrt(max(q * (1 - q), 1e-12) / out.size)))
    a = np.array(rows).T
    return ErrorStatistics(scir_db=scir_db, rmse_range_m=a[0], rmse_range_m_lo=a[1],
                           rmse_range_m_hi=a[2], bias_range_m=a[3], rmse_velocity_mps=a[4],
                           rmse_velocity_mps_lo=a[5], rmse_velocity_mps_hi=a[6],
                           bias_velocity_mps=a[7], outlier_rate=a[8], outlier_ci=a[9],
                           n_trials=int(n_trials))
