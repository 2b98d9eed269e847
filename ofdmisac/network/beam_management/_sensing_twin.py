"""Waveform-level twin of [BM] sensing: what an OFDM radar in the PPP network measures.

Each realization draws the [BM] network of the Theorem 1 model (as
:func:`simulate_sensing_coverage` with ``model="theorem1"``): the serving distance r_1
(nearest BS of the PPP), the LoS state ``exp(-beta r_1)`` of the desired link, the
Swerling I RCS ``sigma_M ~ Exp(1)`` of the MT (eq. (4), round-trip loss of eq. (2)), a
Poisson number of clutter scatterers in its resolution cell (eq. (5), each
``sigma_CT ~ Exp(1)``), and the interfering BSs of eq. (6) as two independent PPPs, mainlobe
(intensity ``lambda_B / n_B^2``) and sidelobe (``lambda_B (1 - 1/n_B^2)``), each with its
LoS state and Rayleigh power ``h ~ Exp(1)``; the ``K`` nearest of each class are exact
and the BSs beyond add their mean (the same truncation as the simulation). The per-RE SCIR
of eq. (7) is recorded from these powers exactly as Theorem 1 defines it.

Then the same realization is synthesized on the resource elements of the serving BS's PRS
block (:func:`scenario_sensing_grid`, compact pilot lattice, random QPSK pilots as the
Gold-sequence PRS of each ``n_id`` of TS 38.211 7.4.1.7 are): ``Y = sqrt(Signal) X_0 e^{j
phi} e^{-j 2 pi f_k 2 r_1 / c} e^{j 2 pi f_D t_l}`` for the MT (radial velocity ``v cos
psi``, ``psi`` uniform), the clutter scatterers static at ranges uniform in the cell ``r_1
+- Delta r / 2`` (coherent with ``X_0``: they compress in the map like the target), and the
interferers received one way with their own pilot sequences (own ``n_id``: independent
random QPSK symbols), delays ``l_i / c`` and the gains of eq. (6). The ``8`` strongest
interferers of a realization are synthesized one by one; the rest (many weak ones and the
mean tail) enter as circular Gaussian noise of their total power on each RE (a sum of many
independent random-phase terms). No thermal noise: the network is interference-limited, as
[BM] Sec. II-D assumes. Clutter scatterers: at most ``16`` per realization; when more fall
in the cell the RCS of the rest is added to the 16th (the total clutter RCS keeps its Gamma
law).

Processing: :func:`~ofdmisac.estimators.range_doppler_map` (4x zero padding in range,
``8 n_sym`` (>= 32) Doppler bins), CA-CFAR (:func:`~ofdmisac.estimators.cfar_2d` on the
batch, the decision :func:`~ofdmisac.estimators.detect_targets` takes for its strongest
detection), the global peak with log-parabolic interpolation and Newton refinement
(:func:`~ofdmisac.estimators.newton_refine`).

Randomness: each realization consumes a fixed number of uniforms from one stream, a
fixed number of QPSK pilot indices from a second and of Gaussian samples from a third, drawn in
realization order, so the draws do not depend on the chunk size; the maps are transformed
in fixed groups aligned on the realization index (as in ``measure_error_statistics``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import special, stats

from ..._random import as_generator
from ..._validation import check_array, check_bytes, check_int
from ...units import SPEED_OF_LIGHT_MPS
from ._scenario import _check_scenario
from ._sensing_simulation import _n_exact, _tail_mean_factor

__all__ = ["BmSensingTwinResult", "bm_sensing_twin"]

_N_STRONG = 8  # interferers synthesized one by one per realization
_N_CLUTTER = 16  # clutter scatterer slots per realization
_K_MAX = 1024  # cap on the exact interferers per gain class
_MAX_KEPT = 20000  # per-realization arrays kept in the result
_PFA = 1e-6
_CHUNK_BUDGET_BYTES = 64 << 20
_QPSK = (np.array([1 + 1j, 1 - 1j, -1 + 1j, -1 - 1j]) / math.sqrt(2.0)).astype(np.complex64)


@dataclass(frozen=True)
class BmSensingTwinResult:
    """Result of :func:`bm_sensing_twin` (coverage, detection, errors).

    Built by :func:`bm_sensing_twin`; each parameter is also an attribute. Coverage
    standard errors are binomial, ``sqrt(p (1 - p) / n_trials)``.

    Parameters
    ----------
    scir_threshold_db : numpy.ndarray of float64, shape ``(T,)``
        Thresholds eta (dB).
    scir_coverage, scir_coverage_se : numpy.ndarray of float64, shape ``(T,)``
        The twin's ``P(SCIR_S > eta)`` from the per-RE SCIR of [BM] eq. (7), and its SE.
    theorem1_coverage : numpy.ndarray of float64, shape ``(T,)``
        ``sensing_coverage`` of [BM] Theorem 1 at the same thresholds.
    detection_coverage, detection_coverage_se : float
        ``P(detected and |e_r| < Delta r and |e_v| < Delta v)`` (CFAR at pfa 1e-6, errors
        within one resolution cell of the grid) and its SE.
    scir_coverage_and_detection : numpy.ndarray of float64, shape ``(T,)``
        ``P(SCIR_S > eta and detected within one cell)``.
    scir_bin_edges_db : numpy.ndarray of float64, shape ``(B + 1,)``
        Per-RE SCIR bins (dB) of the binned statistics below.
    bin_count : numpy.ndarray of int64, shape ``(B,)``
        Realizations per bin.
    bin_detection_probability : numpy.ndarray of float64, shape ``(B,)``
        Fraction detected within one cell, per bin (NaN for an empty bin).
    sigma_v_measured_mps, sigma_d_measured_m : numpy.ndarray of float64, shape ``(B,)``
        RMS velocity error and RMS lateral-motion error ``2 sqrt(2) sin(pi/n_B) e_r`` of the
        realizations detected within one cell, per bin (NaN with fewer than 10).
    sigma_v_model_mps, sigma_d_model_m : numpy.ndarray of float64, shape ``(B,)``
        ``CrlbErrorModel.from_sensing(grid)`` at the bin centres.
    misalignment_measured : numpy.ndarray of float64, shape ``(B,)``
        p_v^s from the measured estimates of the bin's realizations (all of them, detected
        or not), averaged over the boundary distance ``d_b ~ Exp(mu_g)``.
    misalignment_model : numpy.ndarray of float64, shape ``(B,)``
        ``sensing_misalignment_probability`` with the CRLB model at the bin centres.
    average_misalignment_measured, average_misalignment_model : float
        The average over all realizations, and Theorem 3's ``average p_v^s`` with the CRLB
        model (the scenario's PRS bandwidth and duration set to the grid's).
    average_misalignment_se : float
        Standard error of ``average_misalignment_measured``.
    n_trials : int
        Realizations.
    scir_db, sinr_post_db, detected, range_error_m, velocity_error_mps : numpy.ndarray
        Per-realization arrays of the first ``min(n_trials, 20000)`` realizations: per-RE
        SCIR (dB), post-processing SINR (the matched filter's output at the estimate,
        ``N |a_hat|^2`` over the residual power per RE, dB), detected within one cell
        (bool), range and velocity errors.

    Raises
    ------
    TypeError
        A missing field (from the dataclass constructor); the fields are not validated.

    Examples
    --------
    >>> from ofdmisac.network import BeamManagementScenario, bm_sensing_twin
    >>> r = bm_sensing_twin(BeamManagementScenario.mmwave(), scir_threshold_db=[0.0],
    ...                     n_trials=16, rng=1)
    >>> r.n_trials, r.scir_coverage.shape
    (16, (1,))
    """

    scir_threshold_db: np.ndarray
    scir_coverage: np.ndarray
    scir_coverage_se: np.ndarray
    theorem1_coverage: np.ndarray
    detection_coverage: float
    detection_coverage_se: float
    scir_coverage_and_detection: np.ndarray
    scir_bin_edges_db: np.ndarray
    bin_count: np.ndarray
    bin_detection_probability: np.ndarray
    sigma_v_measured_mps: np.ndarray
    sigma_d_measured_m: np.ndarray
    sigma_v_model_mps: np.ndarray
    sigma_d_model_m: np.ndarray
    misalignment_measured: np.ndarray
    misalignment_model: np.ndarray
    average_misalignment_measured: float
    average_misalignment_model: float
    average_misalignment_se: float
    n_trials: int
    scir_db: np.ndarray
    sinr_post_db: np.ndarray
    detected: np.ndarray
    range_error_m: np.ndarray
    velocity_error_mps: np.ndarray


def twin_grid(scenario, design=None):
    """The processing grid of the twin: the scenario's compact PRS lattice, 4x range
    padding, ``max(32, 8 n_sym)`` Doppler bins (a power of 2)."""
    from ._sensing_waveform import scenario_sensing_grid

    g = scenario_sensing_grid(scenario, design=design)
    n_d = 1 << max(5, math.ceil(math.log2(8 * g.n_symbols)))
    return scenario_sensing_grid(scenario, design=design, n_range=4 * g.n_subcarriers,
                                 n_doppler=n_d)


def _cfar_window(grid):
    """Guard just past the mainlobe (the padding factors), training beyond."""
    pad_r = grid.n_range // grid.n_subcarriers
    pad_d = max(1, grid.n_doppler // grid.n_symbols)
    guard = (pad_r, min(pad_d, (grid.n_doppler - 3) // 4))
    train = (2 * pad_r, max(1, min(pad_d // 2, (grid.n_doppler - 1) // 2 - guard[1])))
    return guard, train


class _Layout:
    """Columns of the per-realization uniforms."""

    def __init__(self, s):
        lam, beta = s.bs_density_per_m2, s.beta_per_m
        p_ml = 1.0 / s.n_beams**2
        self.classes = [(lam * p_ml, s.mainlobe_gain)]
        if p_ml < 1.0:
            self.classes.append((lam * (1.0 - p_ml), s.mainlobe_gain / s.mslr))
        self.k = [_n_exact(lc, beta, _K_MAX) for lc, _ in self.classes]
        self.n_cols = 7 + 3 * _N_CLUTTER + 3 * sum(self.k) + 2 * _N_STRONG


def _draw(s, lay, u):
    """Powers and geometry of ``m`` realizations from their uniforms ``u`` (m, n_cols)."""
    m = u.shape[0]
    lam, beta = s.bs_density_per_m2, s.beta_per_m
    c0, p_s, g_ml = s.path_loss_constant, s.sensing_power_w, s.mainlobe_gain
    tiny = np.finfo(float).tiny
    e = -np.log(np.maximum(1.0 - u, tiny))  # Exp(1) from each uniform
    r1 = np.sqrt(e[:, 0] / (math.pi * lam))
    los = u[:, 1] < np.exp(-beta * r1)
    l_rt = c0 * (r1**2) ** -np.where(los, s.alpha_los, s.alpha_nlos) / (4.0 * math.pi)
    signal = p_s * g_ml * e[:, 2] * l_rt
    phase = 2.0 * math.pi * u[:, 3]
    v_r = s.speed_mps * np.cos(2.0 * math.pi * u[:, 4])
    n_ct = stats.poisson.ppf(u[:, 5], s.blocker_density_per_m2
                             * s.resolution_cell_coefficient_m * r1).astype(np.int64)
    c = 7
    pos = u[:, c:c + _N_CLUTTER] - 0.5
    cph = 2.0 * math.pi * u[:, c + _N_CLUTTER:c + 2 * _N_CLUTTER]
    rcs = e[:, c + 2 * _N_CLUTTER:c + 3 * _N_CLUTTER]
    rcs = rcs * (np.arange(_N_CLUTTER) < n_ct[:, None])
    extra = n_ct > _N_CLUTTER
    rcs[:, -1] += np.where(extra, special.gammaincinv(np.maximum(n_ct - _N_CLUTTER, 1),
                                                      u[:, 6]), 0.0)
    clutter_amp2 = p_s * g_ml * rcs * l_rt[:, None]
    c += 3 * _N_CLUTTER
    pw, dist, total = [], [], np.zeros(m)
    for (lc, gain), k in zip(lay.classes, lay.k, strict=True):
        ell = np.sqrt(np.cumsum(e[:, c:c + k], axis=1) / (math.pi * lc))
        h = e[:, c + k:c + 2 * k]
        los_i = u[:, c + 2 * k:c + 3 * k] < np.exp(-beta * ell)
        p_i = p_s * gain * c0 * h * ell ** -np.where(los_i, s.alpha_los, s.alpha_nlos)
        total += p_i.sum(axis=1) + p_s * gain * c0 * _tail_mean_factor(
            ell[:, -1], lc, beta, s.alpha_los, s.alpha_nlos)
        pw.append(p_i)
        dist.append(ell)
        c += 3 * k
    pw, dist = np.concatenate(pw, axis=1), np.concatenate(dist, axis=1)
    strong = np.argsort(-pw, axis=1, kind="stable")[:, :_N_STRONG]
    p_strong = np.take_along_axis(pw, strong, axis=1)
    d_strong = np.take_along_axis(dist, strong, axis=1)
    iph = 2.0 * math.pi * u[:, c:c + _N_STRONG]
    scir = signal / (clutter_amp2.sum(axis=1) + total)
    residual = np.maximum(total - p_strong.sum(axis=1), 0.0)
    return dict(r1=r1, v_r=v_r, signal=signal, phase=phase, scir=scir,
                ct_amp2=clutter_amp2, ct_range=r1[:, None] + pos * s.range_resolution_m,
                ct_phase=cph, i_pow=p_strong, i_dist=d_strong, i_phase=iph,
                residual=residual)


def _synthesize(grid, d, ph, w):
    """Received grid (m, n_sc, n_sym) complex64 and the serving pilots X_0."""
    f = grid.subcarrier_frequencies_hz()  # (n_sc,)
    t = np.asarray(grid.symbol_times_s)  # (n_sym,)
    c = SPEED_OF_LIGHT_MPS
    shape = (ph.shape[0], *grid.shape)
    x = _QPSK[ph[:, 0].reshape(shape)]
    a = np.sqrt(d["signal"]) * np.exp(1j * d["phase"])
    rng_ph = np.exp(-2j * np.pi * f[None, :] * 2.0 * d["r1"][:, None] / c)
    dop = np.exp(2j * np.pi * 2.0 * d["v_r"][:, None] * grid.fc_hz / c * t[None, :])
    # target plus static clutter: one coherent channel on X_0 (clutter has no Doppler)
    ch = a[:, None, None] * rng_ph[:, :, None] * dop[:, None, :]
    ct = np.sqrt(d["ct_amp2"]) * np.exp(1j * d["ct_phase"])  # (m, J)
    ch_ct = np.einsum("mj,mjk->mk", ct,
                      np.exp(-2j * np.pi * f[None, None, :] * 2.0 * d["ct_range"][..., None]
                             / c))
    y = x * (ch + ch_ct[:, :, None])
    # the strongest interferers, own sequences, one-way delays, no Doppler (static BSs)
    ia = np.sqrt(d["i_pow"]) * np.exp(1j * d["i_phase"])  # (m, S)
    ir = np.exp(-2j * np.pi * f[None, None, :] * d["i_dist"][..., None] / c)  # (m, S, n_sc)
    xi = _QPSK[ph[:, 1:].reshape(ph.shape[0], _N_STRONG, *grid.shape)]
    y += ((ia[:, :, None] * ir)[..., None] * xi).sum(axis=1)
    # the rest of the interference: circular Gaussian of its total power per RE
    sd = np.sqrt(d["residual"] / 2.0)[:, None, None]
    y += sd * (w[..., 0] + 1j * w[..., 1]).reshape(shape)
    return y.astype(np.complex64), x.astype(np.complex64)


def _process(grid, y, x, first, guard, train):
    """Detection flag (CFAR at the global peak), refined range and velocity, and the
    post-processing SINR at the estimate; maps in groups aligned on the index ``first``."""
    from ...estimators import cfar_2d, range_doppler_map
    from ...estimators.radar._error_statistics import _map_group, _times_conj
    from ...estimators.radar._peak_refinement import _parabolic, newton_refine

    n = y.shape[0]
    nr, nd = grid.n_range, grid.n_doppler
    group = _map_group(grid)
    ir, idp = np.empty(n, int), np.empty(n, int)
    det = np.empty(n, bool)
    around = np.empty((n, 5))
    steps_r, steps_d = np.array([0, -1, 1, 0, 0]), np.array([0, 0, 0, -1, 1])
    for g0 in range(first - first % group, first + n, group):
        a, b = max(g0, first), min(g0 + group, first + n)
        pos = np.clip(np.arange(g0, g0 + group), a, b - 1) - first
        p = range_doppler_map(y[pos], x[pos], grid).power
        flags, thr = cfar_2d(p, pfa=_PFA, guard=guard, train=train)
        p, flags, thr = p[a - g0:b - g0], flags[a - g0:b - g0], thr[a - g0:b - g0]
        flat = p.reshape(b - a, -1).argmax(axis=1)
        r0, d0 = np.divmod(flat, nd)
        tr = np.arange(b - a)
        sl = slice(a - first, b - first)
        ir[sl], idp[sl] = r0, d0
        det[sl] = flags[tr, r0, d0]
        around[sl] = p[tr[:, None], (r0[:, None] + steps_r) % nr, (d0[:, None] + steps_d) % nd]
    lp = np.log(np.maximum(around, np.finfo(float).tiny))
    r_hat = ((ir + _parabolic(lp[:, 1], lp[:, 0], lp[:, 2])) % nr) * grid.range_bin_m
    v_hat = (grid.velocity_axis_mps()[idp]
             + _parabolic(lp[:, 3], lp[:, 0], lp[:, 4]) * grid.velocity_bin_mps)
    tau, f_d = grid.delay_doppler(r_hat, v_hat)
    h = _times_conj(y, x)
    tau, f_d = newton_refine(h, grid, tau, f_d)
    r_hat = tau * SPEED_OF_LIGHT_MPS / 2
    v_hat = f_d * SPEED_OF_LIGHT_MPS / (2 * grid.fc_hz)
    # matched-filter output SINR at the estimate: N |a_hat|^2 over the residual power per RE
    k = np.arange(grid.n_subcarriers) * grid.scs_hz
    t = np.asarray(grid.symbol_times_s)
    steer = (np.exp(-2j * np.pi * k[None, :] * tau[:, None])[:, :, None]
             * np.exp(2j * np.pi * f_d[:, None] * t[None, :])[:, None, :])
    a_hat = np.mean(h * np.conj(steer), axis=(1, 2))
    resid = np.mean(np.abs(h - a_hat[:, None, None] * steer) ** 2, axis=(1, 2))
    n_re = grid.n_subcarriers * grid.n_symbols
    sinr = n_re * np.abs(a_hat) ** 2 / np.maximum(resid, np.finfo(float).tiny)
    return det, r_hat, v_hat, sinr


def _run_chunk(s, grid, lay, u, ph, w, first, guard, train):
    d = _draw(s, lay, u)
    y, x = _synthesize(grid, d, ph, w)
    det, r_hat, v_hat, sinr = _process(grid, y, x, first, guard, train)
    r_amb = grid.range_bin_m * grid.n_range
    v_amb = grid.velocity_bin_mps * grid.n_doppler
    e_r = (r_hat - d["r1"] + r_amb / 2) % r_amb - r_amb / 2
    e_v = (v_hat - d["v_r"] + v_amb / 2) % v_amb - v_amb / 2
    return d["scir"], sinr, det, e_r, e_v


def bm_sensing_twin(scenario, *, scir_threshold_db, n_trials, design=None, chunk_size=None,
                    progress=False, rng=None) -> BmSensingTwinResult:
    """Waveform-level twin of [BM] sensing: SCIR, CFAR detection, errors.

    For each PPP realization of the Theorem 1 model (BSs, blockers and LoS, the MT at the
    nearest-BS distance with its Swerling I RCS, the clutter of its resolution cell, the
    interferers of [BM] eq. (6) with the mainlobe probability ``1/n_B^2``), the serving
    BS's echo is synthesized on its PRS lattice together with the interferers' own PRS
    sequences and delays; range-Doppler processing, CA-CFAR and sub-bin refinement give
    the detection and the range and velocity errors (see the module docstring for the
    model and its two truncations). The per-RE SCIR of [BM] eq. (7) is recorded from the
    same powers, so its coverage must agree with Theorem 1; detection coverage, the
    measured error law and the misalignment probability from the measured estimates are
    compared with the link-level CRLB model (``CrlbErrorModel`` of the same grid) and
    [BM] Theorem 3. Vectorized over the realizations of a chunk; the results do not
    depend on ``chunk_size``.

    Parameters
    ----------
    scenario : BeamManagementScenario
        Network parameters; the PRS block is ``design`` (Theorem 4's by default).
    scir_threshold_db : array_like of float, shape ``(T,)``
        Thresholds eta (dB, finite).
    n_trials : int
        Network realizations (>= 1).
    design : PrsDesign, optional
        PRS block (default: ``optimal_pilot_pattern(scenario)``), as in
        :func:`scenario_sensing_grid`.
    chunk_size : int, optional
        Realizations per vectorized chunk (>= 1); default None: about 64 MiB of working
        memory. The results do not depend on it.
    progress : bool
        Show a tqdm progress bar on stderr (default False).
    rng : int, numpy.random.Generator, SeedSequence or None
        Randomness source (None: fresh OS entropy); a Generator is advanced by one draw of
        the seeds.

    Returns
    -------
    BmSensingTwinResult
        Coverage, detection coverage, binned errors and misalignment, per-realization
        arrays (up to 20000).

    Raises
    ------
    ValueError
        ``n_trials < 1``, ``chunk_size < 1``, a threshold that is not finite or an empty
        threshold array, a design for another numerology (from
        :func:`scenario_sensing_grid`).
    TypeError
        ``scenario`` is not a :class:`BeamManagementScenario`, ``n_trials`` or
        ``chunk_size`` not an integer.

    References
    ----------
    [BM] eq. (2)
    [BM] eq. (4)
    [BM] eq. (5)
    [BM] eq. (6)
    [BM] eq. (7)
    [BM] eq. (15)
    [BM] eq. (16)
    [BM] Theorem 1
    [BM] Theorem 3

    Examples
    --------
    >>> from ofdmisac.network import BeamManagementScenario, bm_sensing_twin
    >>> r = bm_sensing_twin(BeamManagementScenario.mmwave(), scir_threshold_db=[-10.0, 0.0],
    ...                     n_trials=32, rng=3)
    >>> bool(r.scir_coverage[0] >= r.scir_coverage[1]), r.detected.shape
    (True, (32,))
    """
    from tqdm.auto import tqdm

    from ...estimators import CrlbErrorModel
    from ._misalignment import (
        average_sensing_misalignment_probability,
        sensing_misalignment_probability,
    )
    from ._sensing_coverage import sensing_coverage

    s = _check_scenario(scenario)
    eta_db = np.atleast_1d(check_array("scir_threshold_db", scir_threshold_db))
    if eta_db.size == 0 or eta_db.ndim != 1:
        raise ValueError(f"scir_threshold_db={scir_threshold_db!r} is not allowed; "
                         "give one or more thresholds in dB (a 1-D array)")
    n_trials = check_int("n_trials", n_trials, minimum=1)
    grid = twin_grid(s, design)
    lay = _Layout(s)
    per_trial = 16 * (grid.n_pilots * (3 + _N_STRONG) + lay.n_cols)
    check_bytes("scenario", s.name, per_trial,
                advice="use a smaller PRS block")
    if chunk_size is None:
        chunk_size = max(1, _CHUNK_BUDGET_BYTES // per_trial)
    chunk_size = min(check_int("chunk_size", chunk_size, minimum=1), n_trials)
    guard, train = _cfar_window(grid)
    from ...estimators.radar._error_statistics import _map_group

    block = _map_group(grid)
    gen = as_generator(rng)
    seeds = np.random.SeedSequence(gen.integers(0, 2**32, size=4).tolist())
    g_u, g_ph, g_w = (np.random.Generator(np.random.PCG64(c)) for c in seeds.spawn(3))
    scir = np.empty(n_trials)
    sinr = np.empty(n_trials)
    det = np.empty(n_trials, bool)
    e_r = np.empty(n_trials)
    e_v = np.empty(n_trials)
    bar = tqdm(total=n_trials, disable=not progress, unit="realization",
               desc="bm sensing twin", leave=False)
    for a in range(0, n_trials, chunk_size):
        m = min(chunk_size, n_trials - a)
        u = g_u.random((m, lay.n_cols))
        ph = g_ph.integers(0, 4, size=(m, 1 + _N_STRONG, grid.n_pilots), dtype=np.int8)
        w = g_w.standard_normal((m, grid.n_pilots, 2))
        # blocks of `block` realizations aligned on the global index, always full (the
        # rows past the chunk repeat one of it): every realization is computed at the same
        # position of arrays of the same shape whatever the chunk size, so the rounding of
        # the vectorized kernels (FFT batches, SIMD paths) is the same
        for g0 in range(a - a % block, a + m, block):
            lo, hi = max(g0, a), min(g0 + block, a + m)
            pos = np.clip(np.arange(g0, g0 + block), lo, hi - 1) - a
            out = _run_chunk(s, grid, lay, u[pos], ph[pos], w[pos], g0, guard, train)
            for dst, src in zip((scir, sinr, det, e_r, e_v), out, strict=True):
                dst[lo:hi] = src[lo - g0:hi - g0]
        bar.update(m)
    bar.close()
    return _summarize(s, grid, eta_db, scir, sinr, det, e_r, e_v,
                      CrlbErrorModel.from_sensing(grid), sensing_coverage,
                      sensing_misalignment_probability,
                      average_sensing_misalignment_probability)


def _summarize(s, grid, eta_db, scir, sinr, det, e_r, e_v, model, coverage_fn, pvs_fn,
               avg_fn):
    n = scir.size
    d_r, d_v = grid.range_resolution_m, grid.velocity_resolution_mps
    good = det & (np.abs(e_r) < d_r) & (np.abs(e_v) < d_v)
    above = scir[None, :] > 10.0 ** (eta_db[:, None] / 10.0)
    cov = above.mean(axis=1)
    det_cov = float(good.mean())
    scir_db = 10.0 * np.log10(np.maximum(scir, np.finfo(float).tiny))
    edges = np.arange(-40.0, 41.0, 5.0)
    idx = np.digitize(scir_db, edges) - 1
    nb = edges.size - 1
    ok = (idx >= 0) & (idx < nb)
    count = np.bincount(idx[ok], minlength=nb)
    n_good = np.bincount(idx[ok], weights=good[ok], minlength=nb)
    k_d = 2.0 * math.sqrt(2.0) * math.sin(math.pi / s.n_beams)
    e_d = k_d * e_r
    gi = ok & good
    sv2 = np.bincount(idx[gi], weights=e_v[gi] ** 2, minlength=nb)
    sd2 = np.bincount(idx[gi], weights=e_d[gi] ** 2, minlength=nb)
    ng = np.bincount(idx[gi], minlength=nb)
    with np.errstate(invalid="ignore", divide="ignore"):
        p_det = np.where(count > 0, n_good / np.maximum(count, 1), np.nan)
        sig_v = np.where(ng >= 10, np.sqrt(sv2 / np.maximum(ng, 1)), np.nan)
        sig_d = np.where(ng >= 10, np.sqrt(sd2 / np.maximum(ng, 1)), np.nan)
    centre = 10.0 ** ((edges[:-1] + edges[1:]) / 20.0)
    # misalignment from the measured estimates: X = mu + tau e_v - e_d, p = P(max(X, mu0) <
    # d_b < mu | d_b > mu0) with d_b ~ Exp(mu_g)
    mu_g, mu0, mu, tau = s.beam_switch_intensity_per_m, s.mu0_m, s.mu_m, s.ssb_period_s
    x = mu + tau * e_v - e_d
    p_i = np.maximum(np.exp(-mu_g * (np.maximum(x, mu0) - mu0))
                     - np.exp(-mu_g * (mu - mu0)), 0.0) if mu > mu0 else np.zeros(n)
    with np.errstate(invalid="ignore"):
        mis = np.where(count > 0, np.bincount(idx[ok], weights=p_i[ok], minlength=nb)
                       / np.maximum(count, 1), np.nan)
    s_w = s.replace(prs_bandwidth_hz=grid.bandwidth_hz, prs_duration_s=grid.observation_time_s)
    keep = min(n, _MAX_KEPT)
    return BmSensingTwinResult(
        scir_threshold_db=eta_db, scir_coverage=cov,
        scir_coverage_se=np.sqrt(cov * (1.0 - cov) / n),
        theorem1_coverage=np.asarray(coverage_fn(s, 10.0 ** (eta_db / 10.0)), float),
        detection_coverage=det_cov,
        detection_coverage_se=math.sqrt(det_cov * (1.0 - det_cov) / n),
        scir_coverage_and_detection=(above & good[None, :]).mean(axis=1),
        scir_bin_edges_db=edges, bin_count=count, bin_detection_probability=p_det,
        sigma_v_measured_mps=sig_v, sigma_d_measured_m=sig_d,
        sigma_v_model_mps=np.asarray(model.sigma_v(centre), float),
        sigma_d_model_m=np.asarray(model.sigma_d(centre, s.n_beams), float),
        misalignment_measured=mis,
        misalignment_model=np.asarray(pvs_fn(s_w, centre, model), float),
        average_misalignment_measured=float(p_i.mean()),
        average_misalignment_model=float(avg_fn(s_w, model)),
        average_misalignment_se=float(p_i.std() / math.sqrt(n)),
        n_trials=int(n), scir_db=scir_db[:keep], sinr_post_db=10.0 * np.log10(
            np.maximum(sinr[:keep], np.finfo(float).tiny)),
        detected=good[:keep], range_error_m=e_r[:keep], velocity_error_mps=e_v[:keep])
