"""Monte Carlo twin of the beam-managed downlink coverage of [BM] (Sections II-E, IV-A).

The simulation draws the mechanism itself, not the coverage formulas: the K nearest BSs
of the PPP (exact joint law of the nearest distances) plus the mean interference of the
BSs beyond the K-th, an independent LoS state per link (Boolean blockage,
``exp(-beta r)``), Rayleigh fading, grid-of-beams gains with uniformly random interferer
boresights, the next beam boundary on the MT path ``d_b ~ Exp(mu_g)``, the RRC timeout
``d_b < v tau_RRC``, the noisy PRS speed/motion estimates and the BS's beam-assistance
decision, and the proactive handover to BS_2 (BS_1 muted) when link 1 is NLoS and
link 2 LoS.
"""

from __future__ import annotations

import math

import numpy as np

from ..._random import as_generator, check_chunk_size, monte_carlo_chunks
from ..._validation import check_bytes, check_int, check_model, check_real, check_shape
from .._geometry import nearest_distances
from .._quadrature import tail_rule
from .._sweep import check_threshold
from ._beams import gob_gain
from ._comm_coverage import _SCHEMES
from ._misalignment import _default_error_model, sensing_sigma_m
from ._scenario import _check_scenario

__all__ = ["simulate_communication_coverage", "sample_scir_analytic"]

_CHUNK = 2048
_BLOCK = 256  # trials per random-stream block (fixed: the results must not depend on it)


def _mean_interference(r_k, scenario, density, gain, n_nodes=96):
    """Mean interference ``2 pi density gain int_{r_k}^inf [p_L w^-aL + p_N w^-aN] w dw``."""
    w, wt = tail_rule(r_k, n_nodes, scale=r_k)
    p_los = np.exp(-scenario.beta_per_m * w)
    f = (p_los * w ** (-scenario.alpha_los) + (1.0 - p_los) * w ** (-scenario.alpha_nlos)) * w
    return 2.0 * np.pi * density * gain * np.sum(wt * f, axis=-1)


def _far_interference(r_k, scenario, n_far, gen):
    """Interference (relative units, G_ml = 1) of the BSs beyond distance ``r_k`` (n,).

    The boresight marks thin the PPP beyond ``r_k`` into independent PPPs: mainlobe
    interferers (density lambda / n_B, gain G_ml) and sidelobe ones (density
    lambda (1 - 1/n_B), gain G_sl). The sparse, strong mainlobe process is drawn exactly
    for its ``n_far`` nearest points (mapping theorem from ``r_k`` outwards) with LoS and
    fading, plus its mean beyond them; the dense, weak sidelobe process contributes its
    mean (a sum of many small terms). A mean for the mainlobe part would be wrong: its
    interference is heavy-tailed and its mean far exceeds its typical value.
    """
    s = scenario
    n = r_k.shape[0]
    lam_ml = s.bs_density_per_m2 / s.n_beams
    lam_sl = s.bs_density_per_m2 - lam_ml
    gam = np.cumsum(gen.standard_exponential((n, n_far)), axis=1)
    r = np.sqrt(r_k[:, None] ** 2 + gam / (np.pi * lam_ml))
    los = gen.random((n, n_far)) < np.exp(-s.beta_per_m * r)
    path_gain = np.where(los, r ** (-s.alpha_los), r ** (-s.alpha_nlos))
    exact = (gen.standard_exponential((n, n_far)) * path_gain).sum(axis=1)
    return (exact + _mean_interference(r[:, -1], s, lam_ml, 1.0)
            + _mean_interference(r_k, s, lam_sl, 1.0 / s.mslr))


def sample_scir_analytic(scenario, size, rng=None, *, eta_min=1e-16, eta_max=1e8,
                         n_grid=801):
    """Draw sensing SCIRs from the analytic law of Theorem 1 of [BM].

    Inverse-CDF sampling: the coverage ``p_cov,S(eta)`` ([BM] eq. (20)) is evaluated on a
    log grid of ``n_grid`` points in ``[eta_min, eta_max]``; ``U ~ Uniform`` is mapped
    through the inverse of ``1 - p_cov,S`` with linear interpolation in ``ln eta``. Mass
    below ``eta_min`` is put at ``eta_min`` and mass above ``eta_max`` at ``eta_max``.

    Parameters
    ----------
    scenario : BeamManagementScenario
        Network parameters (those of :func:`~ofdmisac.network.sensing_coverage`).
    size : int or tuple of int
        Output shape (number of draws).
    rng : numpy.random.Generator, int, SeedSequence or None, optional
        Randomness source (None: fresh OS entropy).
    eta_min, eta_max : float, optional
        Grid range (linear, ``0 < eta_min < eta_max < inf``; default 1e-16 to 1e8).
    n_grid : int, optional
        Grid points (>= 16; default 801).

    Returns
    -------
    numpy.ndarray of float64
        Linear SCIRs, shape ``size``.

    Raises
    ------
    ValueError
        For a bad grid range, ``n_grid < 16`` or a negative size.
    TypeError
        If ``scenario`` is not a :class:`BeamManagementScenario`.

    References
    ----------
    [BM] Theorem 1
    [BM] eq. (20)

    Examples
    --------
    >>> from ofdmisac.network import BeamManagementScenario
    >>> eta = sample_scir_analytic(BeamManagementScenario.mmwave(), 5, rng=1, n_grid=16)
    >>> eta.shape, bool(np.all(eta > 0))
    ((5,), True)
    """
    _check_scenario(scenario)
    size = check_shape("size", size)
    check_bytes("size", size, 32.0 * math.prod(size), advice="draw fewer samples per call")
    eta_min = check_real("eta_min", eta_min, minimum=0.0, strict_min=True)
    eta_max = check_real("eta_max", eta_max, minimum=0.0, strict_min=True)
    n_grid = check_int("n_grid", n_grid, minimum=16, maximum=2**20)
    if not (0 < eta_min < eta_max < np.inf) or int(n_grid) < 16:
        raise ValueError(f"eta_min={eta_min!r}, eta_max={eta_max!r}, n_grid={n_grid!r} are "
                         "not allowed; need 0 < eta_min < eta_max < inf and n_grid >= 16")
    gen = as_generator(rng)
    return _sample_table(_analytic_table(scenario, eta_min, eta_max, n_grid), size, gen)


def _analytic_table(scenario, eta_min, eta_max, n_grid):
    """``(cdf, ln eta)`` of the Theorem 1 SCIR law on the log grid."""
    from ._sensing_coverage import sensing_coverage

    t = np.linspace(np.log(eta_min), np.log(eta_max), int(n_grid))
    cdf = 1.0 - np.asarray(sensing_coverage(scenario, np.exp(t)), dtype=np.float64)
    return np.maximum.accumulate(np.clip(cdf, 0.0, 1.0)), t


def _sample_table(table, size, gen):
    cdf, t = table
    u = gen.random(size)
    return np.exp(np.interp(u, cdf, t, left=t[0], right=t[-1]))


def _draw_scir(scenario, n, gen, scir_source, table):
    """Per-trial sensing SCIRs (n,), linear, from the chosen source."""
    if scir_source == "analytic":
        scir = _sample_table(table, n, gen)
    elif scir_source == "simulation":
        from ._sensing_simulation import _chunk

        scir = _chunk(scenario, n, 1024, "theorem1", gen)[0]
    else:
        scir = np.asarray(scir_source(scenario, n, gen), dtype=np.float64)
        if scir.shape != (n,):
            raise ValueError(f"scir_source returned shape {scir.shape}; expected ({n},)")
    # an SCIR below 1e-300 (deep NLoS) has p_v^s at its sigma -> inf limit already
    return np.maximum(scir, 1e-300)


def _joint_scir(s, r1, los1, gen, k_max=512):
    """Sensing SCIR (7) of each trial on the trial's own serving link.

    The echo (4) and the clutter (5) use this trial's serving distance ``r1`` and its
    LoS state ``los1`` (the communication link 1 is the sensed link); the inter-BS
    interference (6) is drawn as in the sensing Monte Carlo (Theorem 1 model: PPP of
    interferers around the serving BS, mainlobe w.p. 1/n_B^2), via its helper.
    """
    from ._sensing_simulation import _interference

    m = r1.shape[0]
    alpha = np.where(los1, s.alpha_los, s.alpha_nlos)
    l_rt = s.path_loss_constant * (r1**2) ** (-alpha) / (4.0 * np.pi)
    signal = s.sensing_power_w * s.mainlobe_gain * gen.standard_exponential(m) * l_rt
    n_ct = gen.poisson(s.blocker_density_per_m2 * s.resolution_cell_coefficient_m * r1)
    clutter = (s.sensing_power_w * s.mainlobe_gain * gen.standard_gamma(np.maximum(n_ct, 1))
               * (n_ct > 0) * l_rt)
    lam = s.bs_density_per_m2
    p_ml = 1.0 / s.n_beams**2
    interference = _interference(s, lam * p_ml, s.mainlobe_gain, m, k_max, r1, "theorem1", gen)
    if p_ml < 1.0:
        interference = interference + _interference(s, lam * (1.0 - p_ml), s.sidelobe_gain, m,
                                                    k_max, r1, "theorem1", gen)
    return np.maximum(signal / (clutter + interference), 1e-300)


def _simulate_chunk(scenario, sir_threshold, n, gen, scheme, sensing_scir, error_model, n_near,
                    n_far):
    """Coverage indicators ``(n, zeta.size)`` for ``n`` independent snapshots.

    ``sensing_scir`` is a float or the (n,) SCIRs of this chunk (used by scheme "isac" only).
    """
    s = scenario
    rho = s.mslr
    r = nearest_distances(s.bs_density_per_m2, n_near, size=n, rng=gen)          # (n, K)
    los = gen.random((n, n_near)) < np.exp(-s.beta_per_m * r)
    path_gain = np.where(los, r ** (-s.alpha_los), r ** (-s.alpha_nlos))
    fading = gen.standard_exponential((n, n_near))
    boresight = gen.uniform(-np.pi, np.pi, (n, n_near))
    gains = gob_gain(boresight, s.n_beams,
                     mainlobe_to_sidelobe_ratio=rho)          # interferers' gain towards the MT
    power = gains * fading * path_gain
    far = _far_interference(r[:, -1], s, n_far, gen)
    total_2 = power[:, 1:].sum(axis=1) + far             # everyone but BS_1
    total_3 = power[:, 2:].sum(axis=1) + far             # everyone but BS_1 and BS_2
    d_b = gen.exponential(1.0 / s.beam_switch_intensity_per_m, n)   # next beam boundary
    needs_switch = d_b < s.mu_m                          # boundary before the next SSB burst
    if scheme == "conventional":
        aligned = ~needs_switch
        serve2 = np.zeros(n, dtype=bool)
    else:
        timeout = d_b < s.mu0_m                          # Lemma 1: event A
        if scheme == "isac_ideal":
            predicted = needs_switch
        else:
            if isinstance(sensing_scir, str):                     # "joint": same geometry
                eta_t = _joint_scir(s, r[:, 0], los[:, 0], gen)
            else:
                eta_t = np.full(n,
                                float(sensing_scir)) if np.ndim(sensing_scir) == 0 else sensing_scir
            model = _default_error_model(s) if error_model is None else error_model
            sensing_sigma_m(s, eta_t, model)             # validates the model's output
            v_hat = s.speed_mps + model.sigma_v(eta_t) * gen.standard_normal(n)
            d_hat = d_b + model.sigma_d(eta_t, s.n_beams) * gen.standard_normal(n)
            predicted = d_hat < v_hat * s.ssb_period_s   # BS schedules an extra SSB burst
        # aligned unless timeout or a needed switch that the BS failed to predict
        aligned = ~timeout & ~(needs_switch & ~predicted)
        serve2 = ~timeout & ~los[:, 0] & los[:, 1]       # proactive handover, BS_1 muted
    g_serv = np.where(aligned, 1.0, 1.0 / rho)
    k = serve2.astype(int)
    signal = g_serv * fading[np.arange(n), k] * path_gain[np.arange(n), k]
    interference = np.where(serve2, total_3, total_2)
    sir = signal / interference
    return sir[:, None] > sir_threshold[None, :]


def simulate_communication_coverage(scenario, sir_threshold, n_trials, rng=None, scheme="isac", *,
                                    sensing_scir=None, error_model=None, n_near=256, n_far=512,
                                    scir_source="simulation", chunk_size=None, progress=False):
    """Monte Carlo estimate of the downlink SIR coverage of [BM].

    Simulates the mechanism behind the SIR of [BM] eq. (8) (conventional) and eq. (11)
    (ISAC), with the gains of eq. (3) and eq. (9) and the interference of eq. (10) and
    eq. (12).

    Each trial draws one snapshot of the mechanism (see the module docstring): the
    ``n_near`` nearest BSs exactly (``R_k = sqrt(Gamma_k / (pi lambda))``) plus the mean
    interference of the PPP beyond ``R_K``; per link LoS ``exp(-beta r)``, Rayleigh
    fading, interferer boresights uniform (mainlobe w.p. 1/n_B); ``d_b ~ Exp(mu_g)``.

    * ``"conventional"``: BS_1 serves; mainlobe iff ``d_b >= v tau`` ((9)).
    * ``"isac"``: timeout iff ``d_b < v tau_RRC`` (sidelobe, BS_1, no handover);
      otherwise handover to BS_2 with BS_1 muted iff link 1 NLoS and link 2 LoS, and
      the beam is aligned unless ``d_b < v tau`` while the BS, with
      ``v_hat = v + eps_v`` and ``d_hat = d_b + eps_d`` (``eps ~ N(0, sigma^2(eta))`` from
      the error model), predicts ``d_hat > v_hat tau``.
    * ``"isac_ideal"``: as ``"isac"`` with exact estimates.

    Parameters
    ----------
    scenario : BeamManagementScenario
        Network parameters.
    sir_threshold : array_like of float
        zeta of [BM] eq. (11): SIR thresholds, linear (> 0, not dB), any shape.
    n_trials : int
        Number of snapshots (>= 1).
    rng : numpy.random.Generator, int, SeedSequence or None, optional
        Randomness source (None: fresh OS entropy).
    scheme : {"isac", "isac_ideal", "conventional"}, optional
        Beam-management scheme (default ``"isac"``).
    sensing_scir : float or None, optional
        eta of [BM] eq. (29): fixed sensing SCIR, linear (> 0); ``None`` (default) draws
        one SCIR per trial from ``scir_source``.
    error_model : ErrorModel or None, optional
        None (default): [BM] eq. (15) from the scenario.
    n_near : int, optional
        Number of nearest BSs drawn exactly (>= 3; default 256).
    n_far : int, optional
        Number of mainlobe interferers beyond the ``n_near``-th BS drawn exactly (>= 1;
        default 512); the rest enter by their mean interference.
    scir_source : "simulation", "analytic", "joint" or callable
        With ``sensing_scir=None``, where the per-trial SCIR comes from: ``"simulation"`` (default)
        from the sensing Monte Carlo :func:`~ofdmisac.network.simulate_sensing_coverage`
        (its own network draw, so independent of this trial's geometry, as Theorem 3
        assumes), ``"analytic"`` by inverse-CDF sampling of the Theorem 1 law
        (:func:`sample_scir_analytic`), ``"joint"`` computed on this trial's own serving
        link (same r_1 and LoS state for the echo and the clutter; interference as in the
        sensing Monte Carlo): the joint event that Theorem 3's product
        ``(1 - p_to) p̄_v^s E[I_sl]`` ignores, or a callable ``f(scenario, n, rng) -> (n,)``
        (``rng`` is Generator-like: ``random``, ``standard_normal``, ``uniform``,
        ``exponential``, ``poisson``, ... with the ``n`` trials along the first axis).
    chunk_size : int, optional
        Trials evaluated at once (>= 1; default None: 2048), rounded up to whole blocks
        of trials. Each block draws from its own random stream, so the results are the
        same for any ``chunk_size`` and the memory is bounded by it (independent of
        ``n_trials``).
    progress : bool, optional
        Show a tqdm progress bar over the chunks (default False).

    Returns
    -------
    estimate, stderr : numpy.ndarray of float64
        Coverage fraction and its binomial standard error, shape of ``sir_threshold``.

    Raises
    ------
    ValueError
        For ``sir_threshold`` or ``sensing_scir`` not finite and > 0, an unknown scheme or
        ``scir_source``, ``n_trials < 1``, ``n_near < 3``, a callable ``scir_source``
        returning the wrong shape, or an error model returning NaN/inf/non-positive
        errors.
    TypeError
        If ``sir_threshold`` or ``sensing_scir`` is not a real number.

    References
    ----------
    [BM] Lemma 1
    [BM] eq. (3)
    [BM] eq. (8)
    [BM] eq. (9)
    [BM] eq. (10)
    [BM] eq. (11)
    [BM] eq. (12)

    Examples
    --------
    >>> from ofdmisac.network import BeamManagementScenario
    >>> s = BeamManagementScenario.mmwave()
    >>> p, se = simulate_communication_coverage(s, [1.0], 2000, rng=1, sensing_scir=1.0)
    >>> bool(0.0 < p[0] < 1.0 and se[0] < 0.02)
    True
    """
    _check_scenario(scenario)
    if error_model is not None:
        check_model("error_model", error_model, ("sigma_v", "sigma_d"), "an ErrorModel")
    n_near = check_int("n_near", n_near, minimum=1)
    n_far = check_int("n_far", n_far, minimum=1)
    if scheme not in _SCHEMES:
        raise ValueError(f"scheme={scheme!r} is not allowed; choose one of {_SCHEMES}")
    sir_threshold = check_threshold("sir_threshold", sir_threshold)
    if isinstance(n_trials, bool) or not isinstance(n_trials, (int, np.integer)) or n_trials < 1:
        raise ValueError(f"n_trials={n_trials!r} is not allowed; it must be an integer >= 1")
    if isinstance(n_near, bool) or not isinstance(n_near, (int, np.integer)) or n_near < 3:
        raise ValueError(f"n_near={n_near!r} is not allowed; it must be an integer >= 3")
    if sensing_scir is not None:
        sensing_scir = float(check_threshold("sensing_scir", sensing_scir))
    if not (scir_source in ("simulation", "analytic", "joint") or callable(scir_source)):
        raise ValueError(f"scir_source={scir_source!r} is not allowed; use 'simulation', "
                         "'analytic', 'joint' or a callable f(scenario, n, rng)")
    chunk = check_chunk_size(chunk_size, _CHUNK)
    draw = sensing_scir is None and scheme == "isac"
    table = (_analytic_table(scenario, 1e-16, 1e8, 801)
             if draw and scir_source == "analytic" else None)
    flat = sir_threshold.reshape(-1)
    hits = np.zeros(flat.size, dtype=np.int64)
    for lo, hi, gen in monte_carlo_chunks(rng, int(n_trials), block_size=_BLOCK,
                                          chunk_size=chunk, progress=progress,
                                          desc="simulate_communication_coverage"):
        eta_c = sensing_scir
        if draw:  # one SCIR per trial, drawn first from the trial's block stream
            eta_c = "joint" if scir_source == "joint" else _draw_scir(scenario, hi - lo, gen,
                                                                      scir_source, table)
        hits += _simulate_chunk(scenario, flat, hi - lo, gen, scheme, eta_c, error_model,
                                int(n_near), int(n_far)).sum(axis=0)
    est = hits / n_trials
    se = np.sqrt(est * (1.0 - est) / n_trials)
    return est.reshape(sir_threshold.shape), se.reshape(sir_threshold.shape)
