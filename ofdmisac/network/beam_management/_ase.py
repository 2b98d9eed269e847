"""Ergodic rate and effective area spectral efficiency of [BM] Section IV-C, with a Monte Carlo
twin.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..._random import as_generator
from ..._validation import check_array, check_int, check_int_tuple, check_real
from .._quadrature import interval_rule
from ._distributed_pilots import distributed_pilot_design
from ._handover import _check_no_timeout
from ._overhead import conventional_overhead, distributed_overhead, isac_overhead
from ._scenario import _check_scenario, _sweep_scenarios

__all__ = ['rate_rule', 'ergodic_rate', 'EffectiveAse', 'effective_ase', 'simulate_effective_ase']


# ------------------------------------------------------------------ ergodic rate and ASE
_RATE_EDGES = np.array([0.0, 1.0, 3.0, 7.0, 15.0, 31.0, 63.0])


_ASE_SCHEMES = ("conventional", "distributed", "isac", "ideal")


def rate_rule(n_nodes: int = 8) -> tuple[np.ndarray, np.ndarray]:
    """Nodes and weights of the ergodic-rate integral, in nats.

    The rate R of [BM] eq. (45).

    The nodes are SIR thresholds zeta: ``int_0^inf p(zeta) / (1 + zeta) dzeta =
    int_0^inf p(e^t - 1) dt`` (substituting
    ``zeta = e^t - 1``, ``dzeta = e^t dt = (1 + zeta) dt``), evaluated by Gauss-Legendre
    with ``n_nodes`` nodes on each of the panels ``[0,1], [1,3], [3,7], [7,15], [15,31],
    [31,63]`` in ``t``. The tail ``t > 63`` (``zeta > 2e27``) is dropped: a coverage that
    decays at least like ``zeta^-1/2`` contributes below ``4 e^-31.5 < 1e-13`` there.

    Parameters
    ----------
    n_nodes : int, optional
        Gauss-Legendre nodes per panel (>= 2; default 8).

    Returns
    -------
    sir_threshold, weights : numpy.ndarray of float64, shape ``(6 n_nodes,)``
        ``sum(weights * p(zeta))`` approximates the integral (nats per s per Hz).

    Raises
    ------
    ValueError
        If ``n_nodes`` is not an integer >= 2.

    References
    ----------
    [BM] eq. (45)

    Examples
    --------
    >>> zeta, w = rate_rule(4)
    >>> zeta.shape, round(float(np.sum(w / (1 + zeta))), 4)  # p(zeta) = 1/(1 + zeta)
    ((24,), 1.0)
    """
    n_nodes = check_int("n_nodes", n_nodes, minimum=2, maximum=_MAX_NODES)
    t, w = interval_rule(_RATE_EDGES[:-1], _RATE_EDGES[1:], n_nodes)
    return np.expm1(t.ravel()), w.ravel()


def ergodic_rate(coverage, bandwidth_hz, *, n_nodes: int = 8) -> np.ndarray:
    """Ergodic Shannon rate, bit/s, from an SIR coverage curve.

    The rate R of [BM] eq. (45), ``R = B / ln 2 int_0^inf p_cov(zeta) / (1 + zeta) dzeta``,
    computed as ``B / ln 2 int_0^inf p_cov(e^t - 1) dt`` on the fixed rule of
    :func:`rate_rule` (``E[log2(1 + SIR)] = (1 / ln 2) int_0^inf P(ln(1 + SIR) > t) dt``).

    Parameters
    ----------
    coverage : callable
        ``coverage(zeta)``, with ``zeta`` a 1-D float64 array of linear SIR thresholds,
        returns probabilities of shape ``(..., zeta.size)`` in [0, 1].
    bandwidth_hz : float
        B, Hz (finite, > 0), e.g. the carrier bandwidth B_cb.
    n_nodes : int, optional
        Gauss-Legendre nodes per panel (>= 2; default 8).

    Returns
    -------
    numpy.ndarray of float64
        Rate in bit/s, shape ``coverage(zeta).shape[:-1]``.

    Raises
    ------
    ValueError
        If ``bandwidth_hz`` is not finite and > 0, ``n_nodes < 2``, or ``coverage``
        returns values outside [0, 1], NaN, or the wrong last dimension.

    References
    ----------
    [BM] eq. (45)

    Examples
    --------
    >>> r = ergodic_rate(lambda z: 1 / (1 + z), 1.0)  # SIR ~ Exp(1)-like law 1/(1+z)
    >>> round(float(r), 6)  # int_0^inf dz / (1+z)^2 / ln 2 = 1 / ln 2
    1.442695
    """
    bandwidth_hz = check_array("bandwidth_hz", bandwidth_hz, minimum=0.0, strict_min=True)
    sir_threshold, w = rate_rule(n_nodes)
    p = np.asarray(coverage(sir_threshold), dtype=np.float64)
    if p.ndim == 0 or p.shape[-1] != sir_threshold.size:
        raise ValueError(f"coverage returned shape {p.shape}; the last axis must match the "
                         f"{sir_threshold.size} thresholds")
    if np.any(~((p >= 0) & (p <= 1))):
        raise ValueError("coverage returned values outside [0, 1] (or NaN)")
    return float(bandwidth_hz) / math.log(2.0) * np.sum(w * p, axis=-1)


@dataclass(frozen=True, kw_only=True)
class EffectiveAse:
    """Effective ASE of one scheme over a sweep (an effective_ase result).

    Built by :func:`effective_ase`; each parameter is also an attribute.

    Parameters
    ----------
    scheme : str
        ``"conventional"``, ``"distributed"``, ``"isac"`` or ``"ideal"``.
    ase_bps_per_m2 : numpy.ndarray
        ``lambda_B (1 - T_overhead)^+ R``, bit/s/m^2, sweep shape.
    rate_bps : numpy.ndarray
        Ergodic rate R per link, bit/s.
    overhead : numpy.ndarray
        T_overhead (fraction of time; 0 for ``"ideal"``).
    misalignment_probability : numpy.ndarray
        p_v^s used in the ISAC coverage (NaN-free; 0 for conventional/ideal).
    n_beams, bs_density_per_m2 : numpy.ndarray
        The sweep values (sweep shape).

    Raises
    ------
    TypeError
        A missing field or one given positionally (from the dataclass constructor); the
        fields are not validated.

    Examples
    --------
    >>> from ofdmisac.network import BeamManagementScenario, effective_ase
    >>> e = effective_ase(BeamManagementScenario.mmwave(), "conventional", n_beams=[64, 256],
    ...                   coverage_nodes=(8, 8, 16), rate_nodes=2)
    >>> e.ase_bps_per_m2.shape, e.to_columns()["n_beams"].tolist()
    ((2,), [64, 256])
    """

    scheme: str
    ase_bps_per_m2: np.ndarray
    rate_bps: np.ndarray
    overhead: np.ndarray
    misalignment_probability: np.ndarray
    n_beams: np.ndarray
    bs_density_per_m2: np.ndarray

    def to_columns(self) -> dict:
        """Flattened columns for a CSV file.

        Returns
        -------
        dict
            Equal-length columns ``scheme``, ``n_beams``, ``bs_density_per_km2`` (per
            km^2), ``overhead``, ``rate_bps``, ``misalignment_probability`` and
            ``ase_bps_per_m2``, in C order of the sweep.
        """
        return {"scheme": [self.scheme] * self.ase_bps_per_m2.size,
                "n_beams": self.n_beams.ravel(),
                "bs_density_per_km2": self.bs_density_per_m2.ravel() * 1e6,
                "overhead": self.overhead.ravel(), "rate_bps": self.rate_bps.ravel(),
                "misalignment_probability": self.misalignment_probability.ravel(),
                "ase_bps_per_m2": self.ase_bps_per_m2.ravel()}


def _scheme_setup(sc, scheme, n_re, spacing_t, spacing_f, prs_duration_s, error_model,
                  no_timeout, observation_s=None):
    """``(T_overhead, error model or None)`` of one scheme on one scenario."""
    from ._prs_design import optimal_pilot_pattern

    if scheme == "conventional":
        return conventional_overhead(sc).total, None
    if scheme == "ideal":
        return 0.0, None
    if scheme == "isac":
        design = optimal_pilot_pattern(sc, n_re=n_re, spacing_t=spacing_t, spacing_f=spacing_f)
        model = design.error_model() if error_model is None else error_model
        t_prs = design.prs_duration_s if prs_duration_s is None else prs_duration_s
        return isac_overhead(sc, prs_duration_s=t_prs, no_timeout=no_timeout).total, model
    design = distributed_pilot_design(sc, n_re=n_re, spacing_t=spacing_t, spacing_f=spacing_f,
                                      observation_s=observation_s)
    model = design.error_model() if error_model is None else error_model
    return distributed_overhead(sc, design=design, no_timeout=no_timeout).total, model


_MAX_NODES = 4096  # quadrature nodes per panel/axis: far above any converged rule


def _check_ase_options(n_re, spacing_t, spacing_f, prs_duration_s, rate_nodes,
                       observation_s, coverage_nodes=None):
    """The scheme options shared by :func:`effective_ase` and its Monte Carlo twin."""
    check_int("n_re", n_re, minimum=1, maximum=10**9)
    check_int("spacing_t", spacing_t, minimum=1)
    check_int("spacing_f", spacing_f, minimum=1)
    if prs_duration_s is not None:
        check_real("prs_duration_s", prs_duration_s, minimum=0.0)
    if observation_s is not None:
        check_real("distributed_observation_s", observation_s, minimum=0.0, strict_min=True)
    check_int("rate_nodes", rate_nodes, minimum=2, maximum=_MAX_NODES)
    if coverage_nodes is not None:
        check_int_tuple("coverage_nodes", coverage_nodes, 3, minimum=2, maximum=_MAX_NODES)


def effective_ase(scenario, scheme: str = "isac", *, n_re: int = 5000, spacing_t: int = 3,
                  spacing_f: int = 3, prs_duration_s=None, error_model=None, sensing_scir=None,
                  no_timeout: str = "lemma1", coverage_nodes=(40, 32, 96),
                  rate_nodes: int = 8, distributed_observation_s=None,
                  **sweeps) -> EffectiveAse:
    """Effective area spectral efficiency of a beam-management scheme of [BM].

    ``R_eff = lambda_B (1 - T_overhead)^+ R`` ([BM] eq. (45)), with the ergodic rate R
    of the SIR coverage.

    Schemes ([BM] Sec. V-C; all with the same pilot budget ``n_re`` and spacings):

    ``"conventional"``
        coverage of eq. (8), eq. (9) and eq. (10)
        (``communication_coverage(..., "conventional")``), overhead of eq. (42) with
        eq. (43).
    ``"isac"``
        coverage of Theorem 2 and Theorem 3 with ``p_v^s`` from the optimal PRS block of
        Theorem 4 (``optimal_pilot_pattern(s, n_re=n_re, spacing_t=..., spacing_f=...)``,
        delta* recomputed for every n_B), overhead of eq. (44) with its ``T_PRS`` (or
        ``prs_duration_s``).
    ``"distributed"``
        the same coverage with ``p_v^s`` from :func:`distributed_pilot_design` and
        overhead :func:`distributed_overhead`.
    ``"ideal"``
        ideal beam management (Fig. 9 benchmark): the serving beam is always aligned
        (mainlobe), handovers never time out and follow the ISAC rule (BS_2 when link 1
        is NLoS and link 2 LoS), and there is no overhead: the ISAC coverage with
        ``p_to = 0`` (``tau_RRC = 0``) and ``p_v^s = 0``, ``T_overhead = 0``. It bounds
        the three schemes from above.

    ``p_v^s`` is the SCIR average of Theorem 3
    (:func:`~ofdmisac.network.average_sensing_misalignment_probability`) unless
    ``sensing_scir`` (a fixed linear SCIR, eq. (29)) is given. ``error_model`` (e.g. a
    measured one) replaces the eq. (15) model of the pilot pattern for ``"isac"`` and
    ``"distributed"``.

    Parameters
    ----------
    scenario : BeamManagementScenario
        Network parameters (every numeric field may be swept).
    scheme : {"conventional", "distributed", "isac", "ideal"}, optional
        Scheme (default ``"isac"``), see above.
    n_re, spacing_t, spacing_f : int, optional
        Pilot budget and spacings (default 5000 and 3, [BM] Sec. V-C).
    prs_duration_s : float, optional
        Override T_PRS of the ISAC overhead, s (e.g. Table II's 5 ms); None (default):
        the optimal block's.
    error_model : ErrorModel, optional
        Sensing error model for ``p_v^s``; None (default): that of the pilot pattern.
    sensing_scir : float, optional
        eta of [BM] eq. (29): fixed sensing SCIR, linear (> 0), instead of the average
        p̄_v^s (None, default).
    no_timeout : {"lemma1", "printed"}, optional
        Prefactor of p_HO (:func:`handover_probability`; default ``"lemma1"``).
    coverage_nodes : tuple of 3 int, optional
        ``n_nodes`` of ``communication_coverage`` (default ``(40, 32, 96)``).
    rate_nodes : int, optional
        Nodes per panel of :func:`rate_rule` (>= 2; default 8).
    distributed_observation_s : float, optional
        ``observation_s`` of :func:`distributed_pilot_design` for ``"distributed"``
        (default: the SSB period).
    **sweeps : array_like
        Keyword sweeps of any numeric scenario field (``n_beams=...``,
        ``bs_density_per_m2=...``, ``blocker_density_per_m2=...``); they broadcast
        together to the sweep shape ``S`` of every result array (there is no threshold
        argument; see docs/conventions.md, Sweeps).

    Returns
    -------
    EffectiveAse
        ASE, rate, overhead and ``p_v^s`` per sweep point (arrays of shape ``S``).

    Raises
    ------
    ValueError
        For an unknown scheme or ``no_timeout``, an unknown, invalid or non-broadcasting
        sweep, and from the called models (:func:`optimal_pilot_pattern`,
        :func:`distributed_pilot_design`, :func:`communication_coverage`).
    TypeError
        If ``scenario`` is not a :class:`BeamManagementScenario` or a sweep is not a real
        number.

    References
    ----------
    [BM] eq. (45)

    Examples
    --------
    >>> from ofdmisac.network import BeamManagementScenario
    >>> e = effective_ase(BeamManagementScenario.mmwave(), "conventional",
    ...                   coverage_nodes=(8, 8, 16), rate_nodes=2)
    >>> round(float(e.overhead), 3), round(float(e.ase_bps_per_m2) * 1e-6, 2)  # Mbit/s/m^2
    (0.482, 0.15)
    """
    _check_ase_options(n_re, spacing_t, spacing_f, prs_duration_s, rate_nodes,
                       distributed_observation_s, coverage_nodes)
    from ._comm_coverage import communication_coverage
    from ._misalignment import _average_misalignment, sensing_misalignment_probability

    _check_scenario(scenario)
    if scheme not in _ASE_SCHEMES:
        raise ValueError(f"scheme={scheme!r} is not allowed; choose one of "
                         f"{', '.join(map(repr, _ASE_SCHEMES))}")
    _check_no_timeout(no_timeout)
    sweep, scenarios = _sweep_scenarios(scenario, sweeps)
    shape = sweep.shape
    nb = np.array([sc.n_beams for sc in scenarios]).reshape(shape)
    lam = np.array([sc.bs_density_per_m2 for sc in scenarios]).reshape(shape)
    bandwidth = np.array([sc.carrier_bandwidth_hz for sc in scenarios])
    setups = [_scheme_setup(sc, scheme, n_re, spacing_t, spacing_f, prs_duration_s, error_model,
                            no_timeout, distributed_observation_s) for sc in scenarios]
    overhead = np.array([float(o) for o, _ in setups])
    models = [m for _, m in setups]
    sir_threshold, w = rate_rule(rate_nodes)
    # one broadcast evaluation of each quantity over all sweep points
    if scheme in ("conventional", "ideal"):
        pvs = np.zeros(len(scenarios))
    elif sensing_scir is None:
        pvs = _average_misalignment(scenarios, models)
    else:
        pvs = np.array([float(sensing_misalignment_probability(sc, sensing_scir, m))
                        for sc, m in zip(scenarios, models, strict=True)])
    if scheme == "conventional":
        cov = communication_coverage(scenario, sir_threshold, "conventional",
                                     n_nodes=coverage_nodes, **sweeps)
    elif scheme == "ideal":  # no timeout (tau_RRC = 0), p_v^s = 0, no overhead
        ideal = dict(sweeps, rrc_delay_s=np.zeros(shape)) if "rrc_delay_s" in sweeps else sweeps
        cov = communication_coverage(scenario.replace(rrc_delay_s=0.0), sir_threshold, "isac",
                                     misalignment_probability=0.0, n_nodes=coverage_nodes,
                                     **ideal)
    else:
        cov = communication_coverage(scenario, sir_threshold, "isac",
                                     misalignment_probability=pvs.reshape(shape),
                                     n_nodes=coverage_nodes, **sweeps)
    cov = cov.reshape(len(scenarios), sir_threshold.size)
    rate = bandwidth / math.log(2.0) * np.sum(w * cov, axis=-1)
    ase = lam.ravel() * np.maximum(1.0 - overhead, 0.0) * rate
    return EffectiveAse(scheme=scheme, ase_bps_per_m2=ase.reshape(shape),
                        rate_bps=rate.reshape(shape), overhead=overhead.reshape(shape),
                        misalignment_probability=pvs.reshape(shape), n_beams=nb.copy(),
                        bs_density_per_m2=lam.copy())


def simulate_effective_ase(scenario, scheme: str = "isac", *, n_trials: int = 20_000,
                           rng=None, n_re: int = 5000, spacing_t: int = 3, spacing_f: int = 3,
                           prs_duration_s=None, error_model=None, sensing_scir=None,
                           no_timeout: str = "lemma1", rate_nodes: int = 8,
                           distributed_observation_s=None):
    """Monte Carlo twin of :func:`effective_ase` for one scenario.

    The coverage indicators ``1{SIR > zeta_k}`` at the nodes of :func:`rate_rule` come from
    :func:`~ofdmisac.network.simulate_communication_coverage` (a simulation of the beam
    management mechanism, not of the theorems): ``"conventional"`` and ``"isac"`` as
    named, ``"distributed"`` as ``"isac"`` with the distributed pilots' error model,
    ``"ideal"`` as ``"isac_ideal"`` with ``tau_RRC = 0``. The rate estimate is the sample
    mean of ``g(SIR) = B / ln 2 sum_k w_k 1{SIR > zeta_k}``; since the indicators are nested
    in ``sir_threshold``, ``E[1_k 1_l] = p_max(k, l)`` and the variance of ``g`` follows from the
    estimated coverage alone. The overhead is the analytic one (a deterministic rate
    model). ``sensing_scir=None`` draws one sensing SCIR per trial (the simulation's default
    source) instead of the analytic SCIR average.

    Parameters
    ----------
    scenario : BeamManagementScenario
        Network parameters (one scenario, no sweeps).
    scheme : {"conventional", "distributed", "isac", "ideal"}, optional
        As in :func:`effective_ase` (default ``"isac"``).
    n_trials : int, optional
        Network snapshots (>= 100; default 20 000).
    rng : numpy.random.Generator, int, SeedSequence or None, optional
        Randomness source (None: fresh OS entropy).
    n_re, spacing_t, spacing_f, prs_duration_s, error_model : optional
        As in :func:`effective_ase`.
    sensing_scir : float, optional
        eta of [BM] eq. (29): fixed sensing SCIR, linear (> 0); None (default): one
        simulated SCIR per trial.
    no_timeout, rate_nodes, distributed_observation_s : optional
        As in :func:`effective_ase`.

    Returns
    -------
    estimate, standard_error : float
        Effective ASE, bit/s/m^2.

    Raises
    ------
    ValueError
        For an unknown scheme or ``no_timeout``, ``n_trials < 100``, and from the called
        models (as in :func:`effective_ase`).
    TypeError
        If ``scenario`` is not a :class:`BeamManagementScenario`.

    References
    ----------
    [BM] eq. (45)

    Examples
    --------
    >>> from ofdmisac.network import BeamManagementScenario
    >>> a, se = simulate_effective_ase(BeamManagementScenario.mmwave(), "conventional",
    ...                                n_trials=200, rng=1, rate_nodes=2)
    >>> round(a * 1e-6, 2), round(se * 1e-6, 3)  # Mbit/s/m^2
    (0.16, 0.01)
    """
    _check_ase_options(n_re, spacing_t, spacing_f, prs_duration_s, rate_nodes,
                       distributed_observation_s)
    n_trials = check_int("n_trials", n_trials, minimum=1, maximum=10**8)
    from ._comm_simulation import simulate_communication_coverage

    _check_scenario(scenario)
    if scheme not in _ASE_SCHEMES:
        raise ValueError(f"scheme={scheme!r} is not allowed; choose one of "
                         f"{', '.join(map(repr, _ASE_SCHEMES))}")
    _check_no_timeout(no_timeout)
    if isinstance(n_trials, bool) or not isinstance(n_trials, (int, np.integer)) \
            or n_trials < 100:
        raise ValueError(f"n_trials={n_trials!r} is not allowed; use an integer >= 100")
    overhead, model = _scheme_setup(scenario, scheme, n_re, spacing_t, spacing_f,
                                    prs_duration_s, error_model, no_timeout,
                                    distributed_observation_s)
    sir_threshold, w = rate_rule(rate_nodes)
    sim, sim_scheme = scenario, {"distributed": "isac", "ideal": "isac_ideal"}.get(scheme,
                                                                                scheme)
    if scheme == "ideal":
        sim = scenario.replace(rrc_delay_s=0.0)
    p, _ = simulate_communication_coverage(sim, sir_threshold, int(n_trials), as_generator(rng),
                                           sim_scheme, sensing_scir=sensing_scir, error_model=model)
    p = np.asarray(p, dtype=np.float64)
    order = np.argsort(sir_threshold)
    rank = np.empty_like(order)
    rank[order] = np.arange(sir_threshold.size)
    hi = np.maximum.outer(rank, rank)                  # index of the larger threshold
    joint = p[order][hi]
    var_g = max(float(w @ (joint - np.outer(p, p)) @ w), 0.0)
    scale = scenario.carrier_bandwidth_hz / math.log(2.0)
    factor = scenario.bs_density_per_m2 * max(1.0 - overhead, 0.0) * scale
    return factor * float(w @ p), factor * math.sqrt(var_g / int(n_trials))

