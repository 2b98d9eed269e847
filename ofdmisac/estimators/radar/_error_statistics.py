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
from ._error_models import ErrorModelWaveform
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
    waveform : ErrorModelWaveform, optional
        The waveform of the sensing grid the errors were measured on (default None:
        unknown); :meth:`MeasuredErrorModel.from_statistics` records it in the model.

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
    >>> s.rmse_range_m.shape, s.n_trials, s.waveform.n_symbols
    ((2,), 20, 16)
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
    waveform: ErrorModelWaveform | None = None


__all__ = ["ErrorStatistics", "measure_error_statistics"]


def _mse_ci(err):
    e2 = err**2
    mse = e2.mean()
    se = e2.std(ddof=1) / np.sqrt(e2.size)
    return np.sqrt(mse), np.sqrt(max(mse - 1.96 * se, 0.0)), np.sqrt(mse + 1.96 * se)


# working memory of one chunk of trials (bytes) when chunk_size is None
_CHUNK_BUDGET_BYTES = 64 << 20


def _bytes_per_trial(sensing) -> int:
    """Working memory of one trial: about 80 bytes per RE (pilots, echo, its synthesis
    temporaries, the complex128 channel estimate of the refinement; measured 75 on the
    sensing stage's grid); the maps are formed a group at a time."""
    return 80 * sensing.n_subcarriers * sensing.n_symbols


def _streams(seed_seq, n_points):
    """Per SCIR point, three independent generators: pilots, target phase, noise. Each is
    drawn trial after trial, so a chunk of trials takes the same numbers whatever the chunk
    size (numpy's Generator fills arrays element by element)."""
    return [[np.random.Generator(np.random.PCG64(c)) for c in point.spawn(3)]
            for point in seed_seq.spawn(n_points)]


def _times_conj(y, x):
    """``y conj(x)`` in complex128 from real float64 products: a product of two float32 is
    exact in float64, so each element is rounded once, whatever the array's size (numpy's
    complex multiply takes an FMA or a plain path depending on the array, which would make
    the result depend on the chunk size)."""
    yr, yi = y.real.astype(float), y.imag.astype(float)
    xr, xi = x.real.astype(float), x.imag.astype(float)
    h = np.empty(y.shape, complex)
    h.real = yr * xr
    h.real += yi * xi
    h.imag = yi * xr
    h.imag -= yr * xi
    return h


def _map_group(sensing) -> int:
    """Maps per FFT batch: as many as fit in range_doppler_map's 8 MiB transform chunk (one
    transform call), at most 16, at least 1; a function of the grid only."""
    per_map = 8 * sensing.n_range * sensing.n_doppler
    return int(max(1, min(16, (8 << 20) // per_map)))


def _chunk_errors(sensing, target, n0, first, n_trials, gens, *, search, refine):
    """Range and velocity errors (m, m/s) of ``n_trials`` trials: synthesize_echo on random
    pilots, AWGN on the pilot REs, range_doppler_map, peak search, refinement."""
    from ...channel import synthesize_echo

    g_pilot, g_phase, g_noise = gens
    mask = sensing.pilot_mask
    n_p = sensing.n_pilots
    x = np.zeros((n_trials, *sensing.shape), np.complex64)
    x[:, mask] = np.exp(2j * np.pi * g_pilot.random((n_trials, n_p))).astype(np.complex64)
    y = synthesize_echo(x, sensing, [target], amplitude="unit", fluctuate=False,
                        random_phase=True, rng=g_phase, dtype=np.complex64)
    w = g_noise.standard_normal((n_trials, n_p, 2))
    y[:, mask] += ((w[..., 0] + 1j * w[..., 1]) * np.sqrt(n0 / 2)).astype(np.complex64)
    del w
    # the maps are formed in groups of `group` trials aligned on the global trial index
    # (trial t at position t % group of a batch of exactly `group` maps; positions outside
    # the chunk hold a copy of a trial of it): one FFT shape and one position per trial
    # whatever the chunk size, since a batched transform may round a map differently with
    # the batch shape or the position in it; one group of maps in memory at a time
    nr, nd = sensing.n_range, sensing.n_doppler
    group = _map_group(sensing)
    lo, hi = search
    steps_r, steps_d = np.array([0, -1, 1, 0, 0]), np.array([0, 0, 0, -1, 1])
    ir = np.empty(n_trials, int)
    idp = np.empty(n_trials, int)
    around = np.empty((n_trials, 5))
    for g0 in range(first - first % group, first + n_trials, group):
        a, b = max(g0, first), min(g0 + group, first + n_trials)  # global trials
        if group == 1:
            yb, xb = y[a - first:b - first], x[a - first:b - first]
        else:
            pos = np.clip(np.arange(g0, g0 + group), a, b - 1) - first
            yb, xb = y[pos], x[pos]
        p = range_doppler_map(yb, xb, sensing).power[a - g0:b - g0]
        sub = p[..., lo:hi]  # the searched Doppler columns (a view)
        col = sub.argmax(axis=-1)  # (n, n_range)
        tr = np.arange(b - a)
        r0 = sub[tr[:, None], np.arange(nr)[None, :], col].argmax(axis=-1)
        d0 = col[tr, r0] + lo
        ir[a - first:b - first], idp[a - first:b - first] = r0, d0
        # power at the peak and its 4 neighbours (the range axis is cyclic too)
        around[a - first:b - first] = p[tr[:, None], (r0[:, None] + steps_r) % nr,
                                        (d0[:, None] + steps_d) % nd]
    del p, sub, yb, xb
    lp = np.log(np.maximum(around, np.finfo(float).tiny))
    dr = _parabolic(lp[:, 1], lp[:, 0], lp[:, 2])
    dd = _parabolic(lp[:, 3], lp[:, 0], lp[:, 4])
    r_hat = (ir + dr) * sensing.range_bin_m
    v_hat = sensing.velocity_axis_mps()[idp] + dd * sensing.velocity_bin_mps
    if refine == "newton":
        h = _times_conj(y, x)
        del y, x
        # the coarse estimate may sit just below 0 m (the range axis is cyclic), which
        # delay_doppler (a user-facing conversion) refuses: convert here
        tau = 2.0 * r_hat / SPEED_OF_LIGHT_MPS
        f_d = 2.0 * v_hat * sensing.fc_hz / SPEED_OF_LIGHT_MPS
        tau, f_d = newton_refine(h, sensing, tau, f_d)
        r_hat = tau * SPEED_OF_LIGHT_MPS / 2
        v_hat = f_d * SPEED_OF_LIGHT_MPS / (2 * sensing.fc_hz)
    r_amb = sensing.range_bin_m * nr
    e_r = (r_hat - target.range_m + r_amb / 2) % r_amb - r_amb / 2
    v_amb = sensing.velocity_bin_mps * nd
    e_v = (v_hat - target.velocity_mps + v_amb / 2) % v_amb - v_amb / 2
    return e_r, e_v


def measure_error_statistics(sensing: SensingGrid, scir_db, *, range_m=40.0,
                             velocity_mps=7.3, n_trials=500, max_speed_mps=None,
                             refine="newton", chunk_size=None, progress=False,
                             rng=None) -> ErrorStatistics:
    """Monte Carlo range and velocity errors of one point target versus SCIR.

    The chain a user runs: unit-modulus random-phase pilots on ``sensing.pilot_mask``; the
    echo of one point target (unit amplitude, random phase) by
    :func:`~ofdmisac.channel.synthesize_echo`, i.e. ``Y = a X exp(-j2pi f_k 2R/c)
    exp(j2pi 2 v fc t_l / c)`` at the grid's true symbol times ``t_l =
    sensing.symbol_times_s``; complex AWGN of variance ``1/SCIR`` on the pilot REs (per-RE
    SCIR = |X|^2/N0, interference treated as Gaussian); :func:`range_doppler_map` with the
    grid's windows and FFT sizes (e.g. ``n_range = 4 n_sc`` for 4x zero padding) as the
    coarse search (its Doppler axis indexes symbols uniformly, ``l T_sym``); the global
    peak with log-parabolic interpolation; then (``refine="newton"``) Newton steps to the
    maximum of the exact periodogram at the true times (:func:`newton_refine`, the ML
    estimate: the interpolation alone has a bias that exceeds the CRLB above ~20 dB, and on
    NR symbol times the uniform axis of the map biases velocity by about -0.1 %).

    Memory is bounded: the trials run in chunks of ``chunk_size`` (the grids of one chunk
    are the working memory, about ``80 n_sc n_sym`` bytes per trial, plus up to 16 maps
    of ``n_range x n_doppler`` and their FFT workspace, at most about 8 MiB), and the
    numbers are identical for any
    chunk size at a given seed: per SCIR point, separate random streams of pilots, target
    phases and noise are drawn trial after trial, the maps are transformed in batches of
    a fixed size aligned on the trial index (one FFT shape, one position per trial), and
    the products that feed the refinement are rounded once per element. Only the per-trial
    errors (16 bytes a trial) are kept.

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
        Search only ``|v| <= max_speed_mps`` (> 0). A staggered
        comb-``D`` lattice (offset ``l mod D``) is periodic in the joint (range, Doppler)
        domain: its zero-filled map holds ``D`` exact replicas shifted by ``(c/(2 D scs),
        v_span / D)``, with noise identical in all of them, so an unrestricted peak search
        picks among equal peaks by round-off. Use ``max_speed_mps <
        sensing.unambiguous_velocity_mps / 2`` there. Default: the whole map.
    refine : {"newton", "parabolic"}
        Final refinement of the peak: Newton steps to the exact periodogram maximum at the
        true symbol times (default) or the log-parabolic interpolation on the map's uniform
        axis alone.
    chunk_size : int, optional
        Trials per chunk (>= 1); default None: as many as fit in about 64 MiB of working
        memory (at least 1). The results do not depend on it.
    progress : bool
        Show a tqdm progress bar on stderr (default False).
    rng : int, numpy.random.Generator or None
        Seed or generator of the pilots, target phases and noise (None: fresh entropy); a
        Generator is advanced by one draw of the seeds.

    Returns
    -------
    ErrorStatistics
        One entry per SCIR point; ``waveform`` records the grid's waveform.

    Raises
    ------
    ValueError
        ``n_trials < 2``, ``chunk_size < 1``, an unknown ``refine``, non-finite
        ``scir_db``, a ``max_speed_mps`` not > 0, a negative seed.
    TypeError
        ``sensing`` is not a :class:`~ofdmisac.waveforms.SensingGrid`, ``n_trials`` or
        ``chunk_size`` not an integer, an ``rng`` that is neither a seed nor a Generator.

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.estimators import measure_error_statistics
    >>> from ofdmisac.waveforms import SensingGrid
    >>> g = SensingGrid(fc_hz=28e9, scs_hz=120e3, symbol_duration_s=8.92e-6,
    ...                 pilot_mask=np.ones((64, 16), bool))
    >>> s = measure_error_statistics(g, [20.0], n_trials=20, rng=0)
    >>> bool(s.rmse_range_m[0] < 0.05), bool(s.rmse_velocity_mps[0] < 0.1)
    (True, True)
    """
    from tqdm.auto import tqdm

    from ...channel import Target

    check_instance("sensing", sensing, SensingGrid)
    n_trials = check_int("n_trials", n_trials, minimum=2)
    range_m = check_real("range_m", range_m, minimum=0.0)
    velocity_mps = check_real("velocity_mps", velocity_mps)
    if max_speed_mps is not None:
        check_real("max_speed_mps", max_speed_mps, minimum=0.0, strict_min=True)
    # trials run in chunks of bounded memory, so only one trial's working set is guarded
    check_bytes("sensing", f"SensingGrid{sensing.shape}", _bytes_per_trial(sensing),
                advice="use a smaller grid (fewer subcarriers, symbols or FFT points)")
    # the two error columns of one SCIR point (16 bytes per trial) are the part that grows
    check_bytes("n_trials", n_trials, 16.0 * n_trials,
                advice="measure in several calls and pool the squared errors")
    check_choice("refine", refine, ("newton", "parabolic"))
    scir_db = np.atleast_1d(check_array("scir_db", scir_db))
    if chunk_size is None:
        chunk_size = max(1, _CHUNK_BUDGET_BYTES // _bytes_per_trial(sensing))
    chunk_size = min(check_int("chunk_size", chunk_size, minimum=1), n_trials)
    target = Target(range_m=check_real("range_m", range_m, minimum=0.0),
                    velocity_mps=check_real("velocity_mps", velocity_mps), rcs_m2=1.0,
                    swerling=0)
    columns = np.arange(sensing.n_doppler)
    if max_speed_mps is not None:
        speed = check_real("max_speed_mps", max_speed_mps, minimum=0.0, strict_min=True)
        # the axis is ascending and holds 0: the searched columns are one non-empty range
        columns = np.flatnonzero(np.abs(sensing.velocity_axis_mps()) <= speed)
    search = (int(columns[0]), int(columns[-1]) + 1)
    gen = as_generator(rng)
    seeds = np.random.SeedSequence(gen.integers(0, 2**32, size=4).tolist())
    streams = _streams(seeds, scir_db.size)
    d_r = sensing.range_resolution_m
    d_v = sensing.velocity_resolution_mps
    starts = range(0, n_trials, chunk_size)
    bar = tqdm(total=scir_db.size * n_trials, disable=not progress, unit="trial",
               desc="error statistics", leave=False)
    rows = []
    try:
        for snr_db, gens in zip(scir_db, streams, strict=True):
            n0 = 10 ** (-snr_db / 10)
            e_r = np.empty(n_trials)
            e_v = np.empty(n_trials)
            for c0 in starts:
                c1 = min(c0 + chunk_size, n_trials)
                e_r[c0:c1], e_v[c0:c1] = _chunk_errors(sensing, target, n0, c0, c1 - c0,
                                                       gens, search=search, refine=refine)
                bar.update(c1 - c0)
            out = (np.abs(e_r) > d_r) | (np.abs(e_v) > d_v)
            rr = _mse_ci(e_r)
            rv = _mse_ci(e_v)
            q = out.mean()
            rows.append((*rr, e_r.mean(), *rv, e_v.mean(), q,
                         1.96 * np.sqrt(max(q * (1 - q), 1e-12) / out.size)))
    finally:
        bar.close()
    a = np.array(rows).T
    return ErrorStatistics(scir_db=scir_db, rmse_range_m=a[0], rmse_range_m_lo=a[1],
                           rmse_range_m_hi=a[2], bias_range_m=a[3], rmse_velocity_mps=a[4],
                           rmse_velocity_mps_lo=a[5], rmse_velocity_mps_hi=a[6],
                           bias_velocity_mps=a[7], outlier_rate=a[8], outlier_ci=a[9],
                           n_trials=int(n_trials),
                           waveform=ErrorModelWaveform.from_sensing(sensing))
