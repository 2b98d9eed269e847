"""Beam-management overhead of [BM] Section IV-C: eqs. (42)-(44) and the baselines.

Units. Each term of (42)-(44) is an event rate (1/s) times a time per event (s): seconds
of beam-management signalling per second of operation, i.e. the *fraction of time* lost
to beam management (dimensionless). This is what [BM] Fig. 8 plots (0.48 for the
conventional scheme at n_B = 256, mmWave: ``mu_b T_b = 20.4/s x 23 ms = 0.469`` plus
``mu_h T_h = 0.318/s x 43 ms = 0.014``) and what enters ``(1 - T_overhead)^+`` in (45).
It can exceed 1 (then the effective ASE is 0).

Three schemes:

``"conventional"``
    (42)-(43): ``mu_b = 1 / max(tau, 1/mu_tb)``, ``T_b = tau + tau_RRC``,
    ``T_h = T_b + tau_RACH``.
``"isac"``
    (44): ``mu_b* = 1 / max(tau_RRC, 1/mu_tb)``, ``T_b* = T_PRS + tau_RRC``, extra
    (proactive) handovers at rate ``mu_h* = mu_h p_HO`` costing ``T_h* = T_b* + tau_RACH``,
    plus the regular ``mu_h T_h``.
``"distributed"``
    The distributed-pilot ISAC baseline of [BM] Sec. V-C ([27]): see
    :func:`distributed_pilot_design` for what T_PRS, the resolutions, T_b* and the
    accuracy become.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._random import as_generator
from ..estimators.error_models import PaperErrorModel
from ..waveforms import PilotPattern
from ._bm_scenario import BeamManagementScenario
from ._quadrature import interval_rule, semi_infinite_rule

__all__ = [
    "DistributedPilots",
    "EffectiveAse",
    "Overhead",
    "conventional_overhead",
    "distributed_overhead",
    "distributed_pilot_design",
    "effective_ase",
    "ergodic_rate",
    "handover_probability",
    "isac_overhead",
    "rate_rule",
    "simulate_effective_ase",
    "simulate_handover_probability",
]

_NO_TIMEOUT = ("lemma1", "printed")


def _check_scenario(scenario) -> None:
    if not isinstance(scenario, BeamManagementScenario):
        raise TypeError(f"scenario={scenario!r} is not allowed; pass a BeamManagementScenario")


def _check_no_timeout(no_timeout: str) -> None:
    if no_timeout not in _NO_TIMEOUT:
        raise ValueError(f"no_timeout={no_timeout!r} is not allowed; choose one of "
                         f"{', '.join(map(repr, _NO_TIMEOUT))}")


def _no_timeout_probability(scenario, no_timeout: str) -> float:
    if no_timeout == "lemma1":  # 1 - p_to = exp(-mu_g v tau_RRC), [BM] Lemma 1
        return math.exp(-scenario.beam_switch_intensity_per_m * scenario.mu0_m)
    return math.exp(-scenario.handover_intensity_per_s * scenario.rrc_delay_s)  # printed (44)


def _rate(intensity_per_s: float, min_interval_s: float) -> float:
    """``1 / max(min_interval, 1/intensity)`` = ``min(1/min_interval, intensity)``."""
    cap = math.inf if min_interval_s == 0 else 1.0 / min_interval_s
    return min(cap, intensity_per_s)


def handover_probability(scenario, *, no_timeout: str = "lemma1", n_nodes: int = 96,
                         n_inner: int = 32) -> float:
    """Average proactive-handover probability p_HO of [BM] (44).

    ``p_HO = P(no timeout) * iint_{0<r1<r2} p_N(r1) p_L(r2) f_{r1,r2}(r1, r2) dr1 dr2`` with
    ``f_{r1,r2} = (2 pi lambda_B)^2 r1 r2 exp(-pi lambda_B r2^2)`` (the joint law of the two
    nearest BS distances): the serving link is NLoS and the second one LoS, the case in
    which the SSB-based scheme hands over proactively ([BM] Appendix B). The double
    integral is a vectorized fixed rule: exp-sinh in ``r2`` (scale ``1/sqrt(pi lambda)``)
    and Gauss-Legendre in ``r1`` on ``[0, r2]``.

    The printed prefactor is ``exp(-mu_h tau_RRC)`` (``mu_h`` the *cell* handover
    intensity). The stated mechanism is that no handover can complete when the MT
    reaches the next beam boundary within the RRC delay (event A, [BM] Sec. II-E2),
    whose probability is Lemma 1's ``p_to = 1 - exp(-mu_g v tau_RRC)``; the consistent
    prefactor is ``1 - p_to`` (``no_timeout="lemma1"``, default; ``docs/errata.md``).
    ``no_timeout="printed"`` gives the printed form.

    Parameters
    ----------
    scenario : BeamManagementScenario
        Uses ``bs_density_per_m2``, ``beta_per_m``, and for the prefactor ``n_beams``,
        ``speed_mps``, ``rrc_delay_s``.
    no_timeout : {"lemma1", "printed"}
        Prefactor, see above.
    n_nodes, n_inner : int
        Nodes of the outer (exp-sinh) and inner (Gauss-Legendre) rules.

    Returns
    -------
    float
        p_HO in [0, 1].

    Raises
    ------
    ValueError
        For an unknown ``no_timeout`` or node counts < 1.

    References
    ----------
    [BM] eq. (44), Lemma 1, Appendix B.

    Examples
    --------
    >>> p = handover_probability(BeamManagementScenario.mmwave())
    >>> 0.0 < p < 1.0
    True
    """
    _check_scenario(scenario)
    _check_no_timeout(no_timeout)
    lam = scenario.bs_density_per_m2
    beta = scenario.beta_per_m
    r2, w2 = semi_infinite_rule(n_nodes, scale=1.0 / math.sqrt(math.pi * lam))
    r1, w1 = interval_rule(0.0, r2, n_inner)
    inner = np.sum(w1 * (-np.expm1(-beta * r1)) * r1, axis=-1)
    outer = (2 * math.pi * lam) ** 2 * r2 * np.exp(-beta * r2 - math.pi * lam * r2**2)
    integral = float(np.sum(w2 * outer * inner))
    return float(np.clip(integral, 0.0, 1.0)) * _no_timeout_probability(scenario, no_timeout)


def simulate_handover_probability(scenario, *, no_timeout: str = "lemma1",
                                  n_trials: int = 200_000, rng=None):
    """Monte Carlo twin of :func:`handover_probability`.

    Draws the two nearest BS distances exactly (``R_k = sqrt(Gamma_k / (pi lambda))``,
    ``Gamma_k`` cumulative sums of Exp(1)), independent LoS states with
    ``P(LoS) = exp(-beta r)`` and the timeout: for ``"lemma1"`` the distance to the next
    beam boundary ``d_b ~ Exp(mu_g)`` must exceed ``v tau_RRC``; for ``"printed"`` the
    time to the next cell handover ``~ Exp(mu_h)`` must exceed ``tau_RRC``. Counts
    ``{no timeout, link 1 NLoS, link 2 LoS}``.

    Returns
    -------
    estimate, standard_error : float

    Raises
    ------
    ValueError
        For ``n_trials < 100`` or an unknown ``no_timeout``.
    """
    _check_scenario(scenario)
    _check_no_timeout(no_timeout)
    if isinstance(n_trials, bool) or not isinstance(n_trials, (int, np.integer)) \
            or n_trials < 100:
        raise ValueError(f"n_trials={n_trials!r} is not allowed; use an integer >= 100")
    gen = as_generator(rng)
    n = int(n_trials)
    gamma = np.cumsum(gen.exponential(1.0, (n, 2)), axis=1)
    r = np.sqrt(gamma / (math.pi * scenario.bs_density_per_m2))
    los = gen.random((n, 2)) < np.exp(-scenario.beta_per_m * r)
    if no_timeout == "lemma1":
        ok = gen.exponential(1.0 / scenario.beam_switch_intensity_per_m, n) > scenario.mu0_m
    else:
        mu_h = scenario.handover_intensity_per_s
        ok = (gen.exponential(1.0 / mu_h, n) > scenario.rrc_delay_s) if mu_h > 0 \
            else np.ones(n, bool)
    hit = ok & ~los[:, 0] & los[:, 1]
    p = float(hit.mean())
    return p, math.sqrt(p * (1.0 - p) / n)


@dataclass(frozen=True, kw_only=True)
class Overhead:
    """Beam-management overhead of one scheme, as fractions of time (s per s).

    Attributes
    ----------
    scheme : str
        ``"conventional"``, ``"isac"`` or ``"distributed"``.
    beam : float
        Beam-reselection term ``mu_b T_b`` (or ``mu_b* T_b*``).
    handover : float
        Regular cell-handover term ``mu_h T_h``.
    extra_handover : float
        Proactive-handover term ``mu_h* T_h*`` (0 for the conventional scheme).
    reselection_rate_per_s : float
        mu_b (or mu_b*).
    reselection_delay_s : float
        T_b (or T_b*).
    handover_probability : float
        p_HO used for ``mu_h*`` (0 for the conventional scheme).
    """

    scheme: str
    beam: float
    handover: float
    extra_handover: float
    reselection_rate_per_s: float
    reselection_delay_s: float
    handover_probability: float

    @property
    def total(self) -> float:
        """T_overhead = beam + handover + extra_handover (may exceed 1)."""
        return self.beam + self.handover + self.extra_handover

    def to_dict(self) -> dict:
        """JSON-ready fields plus ``total``."""
        return {"scheme": self.scheme, "beam": self.beam, "handover": self.handover,
                "extra_handover": self.extra_handover, "total": self.total,
                "reselection_rate_per_s": self.reselection_rate_per_s,
                "reselection_delay_s": self.reselection_delay_s,
                "handover_probability": self.handover_probability}


def conventional_overhead(scenario) -> Overhead:
    """Overhead of the conventional (communication-only) scheme, [BM] (42)-(43).

    ``T = mu_b T_b + mu_h T_h`` with ``mu_b = 1 / max(tau, 1/mu_tb)``,
    ``mu_tb = n_B v sqrt(lambda_B) / pi``, ``mu_h = 4 v sqrt(lambda_B) / pi``,
    ``T_b = tau + tau_RRC`` and ``T_h = T_b + tau_RACH``. Rates times durations: the
    result is a fraction of time (see the module docstring).

    Parameters
    ----------
    scenario : BeamManagementScenario

    Returns
    -------
    Overhead

    References
    ----------
    [BM] eqs. (42)-(43).

    Examples
    --------
    >>> round(conventional_overhead(BeamManagementScenario.mmwave()).total, 3)
    0.482
    """
    _check_scenario(scenario)
    mu_b = _rate(scenario.beam_reselection_intensity_per_s, scenario.ssb_period_s)
    t_b = scenario.ssb_period_s + scenario.rrc_delay_s
    t_h = t_b + scenario.rach_delay_s
    return Overhead(scheme="conventional", beam=mu_b * t_b,
                    handover=scenario.handover_intensity_per_s * t_h, extra_handover=0.0,
                    reselection_rate_per_s=mu_b, reselection_delay_s=t_b,
                    handover_probability=0.0)


def _sensing_assisted_overhead(scenario, scheme, sensing_time_s, no_timeout) -> Overhead:
    mu_b = _rate(scenario.beam_reselection_intensity_per_s, scenario.rrc_delay_s)
    t_b = sensing_time_s + scenario.rrc_delay_s
    t_h_star = t_b + scenario.rach_delay_s
    t_h = scenario.ssb_period_s + scenario.rrc_delay_s + scenario.rach_delay_s
    mu_h = scenario.handover_intensity_per_s
    p_ho = handover_probability(scenario, no_timeout=no_timeout)
    return Overhead(scheme=scheme, beam=mu_b * t_b, handover=mu_h * t_h,
                    extra_handover=mu_h * p_ho * t_h_star, reselection_rate_per_s=mu_b,
                    reselection_delay_s=t_b, handover_probability=p_ho)


def isac_overhead(scenario, *, prs_duration_s=None, no_timeout: str = "lemma1") -> Overhead:
    """Overhead of the proposed ISAC scheme, [BM] (44).

    ``T = mu_b* T_b* + mu_h p_HO T_h* + mu_h T_h`` with
    ``mu_b* = 1 / max(tau_RRC, 1/mu_tb)``, ``T_b* = T_PRS + tau_RRC``,
    ``T_h* = T_b* + tau_RACH``, ``T_h = tau + tau_RRC + tau_RACH`` and p_HO of
    :func:`handover_probability`.

    Parameters
    ----------
    scenario : BeamManagementScenario
    prs_duration_s : float, optional
        T_PRS (> 0); default ``scenario.prs_duration_s`` (Table II: 5 ms mmWave, 1 ms
        THz). Pass ``optimal_pilot_pattern(...).prs_duration_s`` for the optimized block.
    no_timeout : {"lemma1", "printed"}
        Prefactor of p_HO (see :func:`handover_probability`).

    Returns
    -------
    Overhead

    Raises
    ------
    ValueError
        If ``prs_duration_s`` is not finite and > 0.

    References
    ----------
    [BM] eq. (44), Remark 6.

    Examples
    --------
    >>> o = isac_overhead(BeamManagementScenario.mmwave())
    >>> round(o.reselection_delay_s, 6)
    0.008
    """
    _check_scenario(scenario)
    _check_no_timeout(no_timeout)
    t_prs = scenario.prs_duration_s if prs_duration_s is None else prs_duration_s
    if isinstance(t_prs, bool) or not isinstance(t_prs, (int, float, np.floating)) \
            or not math.isfinite(t_prs) or t_prs <= 0:
        raise ValueError(f"prs_duration_s={prs_duration_s!r} is not allowed; use a finite "
                         "duration > 0 in seconds")
    return _sensing_assisted_overhead(scenario, "isac", float(t_prs), no_timeout)


@dataclass(frozen=True, kw_only=True)
class DistributedPilots:
    """The distributed-pilot ISAC baseline of [BM] Sec. V-C ([27]).

    Definition used here (the paper gives none beyond "the same N_re pilots and pilot
    energy spread uniformly over the frame"): the pilots occupy every ``S_t``-th OFDM
    symbol of the whole SSB period ``tau`` (or of the window ``observation_s`` given to
    :func:`distributed_pilot_design`; ``S_t T_PRS`` reproduces [BM] Fig. 8), so that the
    Doppler unambiguity constraint (14) is the same as for the PRS block, i.e.
    ``N_t = floor(tau / (S_t T_sym))`` pilot symbols, and the budget leaves
    ``N_f = N_re / N_t`` pilot subcarriers per pilot symbol at spacing ``S_f``. This is
    the PRS lattice of [BM] IV-B with ``delta_dist = log_{N_re} N_t``:

    * observation time ``T_PRS = S_t N_t T_sym`` (about ``tau``) and bandwidth
      ``B_PRS = S_f N_f f_Delta``;
    * resolutions (13): ``Delta v = c / (2 f_c T_PRS)`` (finer than a short PRS block),
      ``Delta r = c / (2 B_PRS)`` (coarser);
    * accuracy: (15) with these resolutions at the same per-RE SCIR ``eta`` (same pilot
      count and energy per pilot): :meth:`error_model`;
    * beam-reselection delay ``T_b* = T_PRS + tau_RRC`` (about ``tau + tau_RRC``): a
      speed estimate at this resolution needs the whole observation window, so the
      reselection waits for it as the conventional scheme waits for the next SSB burst.
      The overhead is (44) with this ``T_b*``.

    Attributes
    ----------
    pattern : PilotPattern
        The spread lattice (``delta = delta_dist``, spacings ``S_t``, ``S_f``).
    n_pilot_symbols : int
        N_t.
    observation_s, bandwidth_hz : float
        T_PRS and B_PRS above (nominal, real-valued ``N_f``).
    reselection_delay_s : float
        ``T_b* = observation_s + tau_RRC``.
    """

    pattern: PilotPattern
    n_pilot_symbols: int
    observation_s: float
    bandwidth_hz: float
    reselection_delay_s: float

    def error_model(self) -> PaperErrorModel:
        """[BM] (15) with the resolutions of the spread lattice."""
        return PaperErrorModel(prs_bandwidth_hz=self.bandwidth_hz,
                               prs_duration_s=self.observation_s, fc_hz=self.pattern.fc_hz)

    def to_dict(self) -> dict:
        """JSON-ready summary."""
        return {"n_re": self.pattern.n_re, "delta": self.pattern.delta,
                "spacing_t": self.pattern.spacing_t, "spacing_f": self.pattern.spacing_f,
                "n_pilot_symbols": self.n_pilot_symbols, "observation_s": self.observation_s,
                "bandwidth_hz": self.bandwidth_hz,
                "reselection_delay_s": self.reselection_delay_s}


def distributed_pilot_design(scenario, *, n_re=None, spacing_t: int = 3,
                             spacing_f: int = 3, observation_s=None) -> DistributedPilots:
    """Build the distributed-pilot baseline of [BM] Sec. V-C (see :class:`DistributedPilots`).

    Parameters
    ----------
    scenario : BeamManagementScenario
        Uses ``ssb_period_s``, ``symbol_duration_s``, ``scs_hz``, ``fc_hz``,
        ``rrc_delay_s`` and ``prs_resource_elements`` (default of ``n_re``).
    n_re : int, optional
        Pilot budget N_re; must exceed ``N_t = floor(tau / (S_t T_sym))`` so that every
        pilot symbol carries more than one pilot.
    spacing_t, spacing_f : int
        S_t, S_f (default 3, [BM] Sec. V-C).
    observation_s : float, optional
        Window over which the pilots are spread (> 0); default the SSB period ``tau``
        (the definition above). ``spacing_t * scenario.prs_duration_s`` (the Table II PRS
        block with its pilot symbols interleaved with data S_t apart) is the reading that
        reproduces [BM] Fig. 8's 0.38 (mmWave, n_B = 256, lambda_B = 100/km^2): (44)
        then gives ``20.4/s x 18 ms + 0.014 = 0.381``, while the SSB-period window gives
        0.483, the conventional value. Then ``N_t = floor(observation_s / (S_t T_sym))``.

    Returns
    -------
    DistributedPilots

    Raises
    ------
    ValueError
        For spacings < 1, ``n_re`` not above ``N_t``, a window shorter than two pilot
        symbols (``S_t T_sym``), or ``observation_s`` not finite and > 0.

    References
    ----------
    [BM] Sec. V-C, eqs. (13)-(15), (44); [27] of [BM].

    Examples
    --------
    >>> d = distributed_pilot_design(BeamManagementScenario.mmwave(), n_re=5000)
    >>> d.n_pilot_symbols
    1494
    """
    _check_scenario(scenario)
    n = scenario.prs_resource_elements if n_re is None else n_re
    for name, value in (("spacing_t", spacing_t), ("spacing_f", spacing_f)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name}={value!r} is not allowed; use an integer >= 1")
    if observation_s is None:
        window, window_name = scenario.ssb_period_s, "ssb_period_s"
    else:
        if isinstance(observation_s, bool) or not isinstance(
                observation_s, (int, float, np.integer, np.floating)) \
                or not math.isfinite(observation_s) or observation_s <= 0:
            raise ValueError(f"observation_s={observation_s!r} is not allowed; use a finite "
                             "duration > 0 in seconds")
        window, window_name = float(observation_s), "observation_s"
    n_t = int(math.floor(window / (spacing_t * scenario.symbol_duration_s)))
    if n_t < 2:
        raise ValueError(f"{window_name}={window!r} is not allowed for the "
                         f"distributed baseline: it holds fewer than 2 pilot symbols at "
                         f"spacing_t={spacing_t}")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n <= n_t:
        raise ValueError(f"n_re={n!r} is not allowed for the distributed baseline: it must be "
                         f"an integer > N_t = {n_t} (pilot symbols in tau at spacing_t="
                         f"{spacing_t})")
    delta = math.log(n_t) / math.log(n)
    pattern = PilotPattern(n_re=int(n), delta=delta, spacing_t=int(spacing_t),
                           spacing_f=int(spacing_f), scs_hz=scenario.scs_hz,
                           symbol_duration_s=scenario.symbol_duration_s, fc_hz=scenario.fc_hz)
    t_obs = spacing_t * n_t * scenario.symbol_duration_s
    bandwidth = spacing_f * (n / n_t) * scenario.scs_hz
    return DistributedPilots(pattern=pattern, n_pilot_symbols=n_t, observation_s=t_obs,
                             bandwidth_hz=bandwidth,
                             reselection_delay_s=t_obs + scenario.rrc_delay_s)


def distributed_overhead(scenario, *, design: DistributedPilots | None = None,
                         no_timeout: str = "lemma1") -> Overhead:
    """Overhead of the distributed-pilot baseline: (44) with ``T_b* = T_obs + tau_RRC``.

    Parameters
    ----------
    scenario : BeamManagementScenario
    design : DistributedPilots, optional
        Default ``distributed_pilot_design(scenario)``.
    no_timeout : {"lemma1", "printed"}

    Returns
    -------
    Overhead

    References
    ----------
    [BM] eq. (44), Sec. V-C.
    """
    _check_scenario(scenario)
    _check_no_timeout(no_timeout)
    if design is None:
        design = distributed_pilot_design(scenario)
    if not isinstance(design, DistributedPilots):
        raise TypeError(f"design={design!r} is not allowed; pass a DistributedPilots")
    return _sensing_assisted_overhead(scenario, "distributed", design.observation_s, no_timeout)


# ------------------------------------------------------------------ ergodic rate and ASE
_RATE_EDGES = np.array([0.0, 1.0, 3.0, 7.0, 15.0, 31.0, 63.0])
_ASE_SCHEMES = ("conventional", "distributed", "isac", "ideal")


def rate_rule(n_nodes: int = 8) -> tuple[np.ndarray, np.ndarray]:
    """Nodes ``zeta`` and weights of the ergodic-rate integral in nats.

    ``int_0^inf p(zeta) / (1 + zeta) dzeta = int_0^inf p(e^t - 1) dt`` (substituting
    ``zeta = e^t - 1``, ``dzeta = e^t dt = (1 + zeta) dt``), evaluated by Gauss-Legendre
    with ``n_nodes`` nodes on each of the panels ``[0,1], [1,3], [3,7], [7,15], [15,31],
    [31,63]`` in ``t``. The tail ``t > 63`` (``zeta > 2e27``) is dropped: a coverage that
    decays at least like ``zeta^-1/2`` contributes below ``4 e^-31.5 < 1e-13`` there.

    Returns
    -------
    zeta, weights : numpy.ndarray of float64, shape ``(6 n_nodes,)``
        ``sum(weights * p(zeta))`` approximates the integral (nats per s per Hz).
    """
    if isinstance(n_nodes, bool) or not isinstance(n_nodes, (int, np.integer)) or n_nodes < 2:
        raise ValueError(f"n_nodes={n_nodes!r} is not allowed; use an integer >= 2")
    t, w = interval_rule(_RATE_EDGES[:-1], _RATE_EDGES[1:], int(n_nodes))
    return np.expm1(t.ravel()), w.ravel()


def ergodic_rate(coverage, bandwidth_hz, *, n_nodes: int = 8) -> np.ndarray:
    """Ergodic Shannon rate ``R = B / ln 2 int_0^inf p_cov(zeta) / (1 + zeta) dzeta`` (bit/s).

    Computed as ``B / ln 2 int_0^inf p_cov(e^t - 1) dt`` on the fixed rule of
    :func:`rate_rule` (``E[log2(1 + SIR)] = (1 / ln 2) int_0^inf P(ln(1 + SIR) > t) dt``).

    Parameters
    ----------
    coverage : callable
        ``coverage(zeta)`` with ``zeta`` a 1-D float64 array of thresholds (linear) returns
        probabilities of shape ``(..., zeta.size)`` in [0, 1].
    bandwidth_hz : float
        B (> 0), e.g. the carrier bandwidth B_cb.
    n_nodes : int
        Gauss-Legendre nodes per panel (>= 2).

    Returns
    -------
    numpy.ndarray of float64
        Rate in bit/s, shape ``coverage(zeta).shape[:-1]``.

    Raises
    ------
    ValueError
        If ``bandwidth_hz`` is not finite and > 0 or ``coverage`` returns values outside
        [0, 1], NaN, or the wrong last dimension.

    References
    ----------
    [BM] eq. (45) (the rate R), [43] of [BM].

    Examples
    --------
    >>> r = ergodic_rate(lambda z: 1 / (1 + z), 1.0)  # SIR ~ Exp(1)-like law 1/(1+z)
    >>> round(float(r), 6)  # int_0^inf dz / (1+z)^2 / ln 2 = 1 / ln 2
    1.442695
    """
    if isinstance(bandwidth_hz, bool) or not np.isfinite(bandwidth_hz) or bandwidth_hz <= 0:
        raise ValueError(f"bandwidth_hz={bandwidth_hz!r} is not allowed; use a finite "
                         "bandwidth > 0 in Hz")
    zeta, w = rate_rule(n_nodes)
    p = np.asarray(coverage(zeta), dtype=np.float64)
    if p.ndim == 0 or p.shape[-1] != zeta.size:
        raise ValueError(f"coverage returned shape {p.shape}; the last axis must match the "
                         f"{zeta.size} thresholds")
    if np.any(~((p >= 0) & (p <= 1))):
        raise ValueError("coverage returned values outside [0, 1] (or NaN)")
    return float(bandwidth_hz) / math.log(2.0) * np.sum(w * p, axis=-1)


@dataclass(frozen=True, kw_only=True)
class EffectiveAse:
    """Effective ASE of one scheme over a sweep (result of :func:`effective_ase`).

    Attributes
    ----------
    scheme : str
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
    """

    scheme: str
    ase_bps_per_m2: np.ndarray
    rate_bps: np.ndarray
    overhead: np.ndarray
    misalignment_probability: np.ndarray
    n_beams: np.ndarray
    bs_density_per_m2: np.ndarray

    def to_columns(self) -> dict:
        """Flattened columns for a CSV file."""
        return {"scheme": [self.scheme] * self.ase_bps_per_m2.size,
                "n_beams": self.n_beams.ravel(),
                "bs_density_per_km2": self.bs_density_per_m2.ravel() * 1e6,
                "overhead": self.overhead.ravel(), "rate_bps": self.rate_bps.ravel(),
                "misalignment_probability": self.misalignment_probability.ravel(),
                "ase_bps_per_m2": self.ase_bps_per_m2.ravel()}


def _sweep(scenario, n_beams, bs_density_per_m2, blocker_density_per_m2):
    nb = np.asarray(scenario.n_beams if n_beams is None else n_beams)
    lam = np.asarray(scenario.bs_density_per_m2 if bs_density_per_m2 is None
                     else bs_density_per_m2, dtype=np.float64)
    lo = np.asarray(scenario.blocker_density_per_m2 if blocker_density_per_m2 is None
                    else blocker_density_per_m2, dtype=np.float64)
    BeamManagementScenario.check_field("n_beams", nb)
    BeamManagementScenario.check_field("bs_density_per_m2", lam)
    BeamManagementScenario.check_field("blocker_density_per_m2", lo)
    nb, lam, lo = np.broadcast_arrays(nb, lam, lo)
    scenarios = [scenario.replace(n_beams=int(b), bs_density_per_m2=float(d),
                                  blocker_density_per_m2=float(o))
                 for b, d, o in zip(nb.ravel(), lam.ravel(), lo.ravel(), strict=True)]
    return scenarios, nb.shape, nb, lam


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


def effective_ase(scenario, scheme: str = "isac", *, n_beams=None, bs_density_per_m2=None,
                  blocker_density_per_m2=None, n_re: int = 5000, spacing_t: int = 3,
                  spacing_f: int = 3, prs_duration_s=None, error_model=None, eta=None,
                  no_timeout: str = "lemma1", coverage_nodes=(40, 32, 96),
                  rate_nodes: int = 8, distributed_observation_s=None) -> EffectiveAse:
    """Effective ASE ``R_eff = lambda_B (1 - T_overhead)^+ R`` of [BM] (45).

    Schemes ([BM] Sec. V-C; all with the same pilot budget ``n_re`` and spacings):

    ``"conventional"``
        coverage (8)-(10) (``communication_coverage(..., "conventional")``), overhead
        (42)-(43).
    ``"isac"``
        coverage of Theorems 2-3 with ``p_v^s`` from the optimal PRS block of Theorem 4
        (``optimal_pilot_pattern(s, n_re=n_re, spacing_t=..., spacing_f=...)``, delta*
        recomputed for every n_B), overhead (44) with its ``T_PRS`` (or ``prs_duration_s``).
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
    (:func:`~ofdmisac.network.average_sensing_misalignment_probability`) unless ``eta``
    (a fixed linear SCIR, (29)) is given. ``error_model`` (e.g. a measured one) replaces
    the (15) model of the pilot pattern for ``"isac"`` and ``"distributed"``.

    Parameters
    ----------
    scenario : BeamManagementScenario
    scheme : {"conventional", "distributed", "isac", "ideal"}
    n_beams, bs_density_per_m2, blocker_density_per_m2 : array_like, optional
        Sweep values, broadcast together (sweep shape); default the scenario's.
    n_re, spacing_t, spacing_f : int
        Pilot budget and spacings (default 5000 and 3, [BM] Sec. V-C).
    prs_duration_s : float, optional
        Override T_PRS of the ISAC overhead (e.g. Table II's 5 ms).
    error_model : ErrorModel, optional
    eta : float, optional
        Fixed sensing SCIR instead of the average p̄_v^s.
    no_timeout : {"lemma1", "printed"}
        Prefactor of p_HO (:func:`handover_probability`).
    coverage_nodes : tuple of 3 int
        ``n_nodes`` of ``communication_coverage``.
    rate_nodes : int
        Nodes per panel of :func:`rate_rule`.
    distributed_observation_s : float, optional
        ``observation_s`` of :func:`distributed_pilot_design` for ``"distributed"``
        (default: the SSB period).

    Returns
    -------
    EffectiveAse

    Raises
    ------
    ValueError
        For an unknown scheme or invalid sweep values (and from the called models).

    References
    ----------
    [BM] eqs. (42)-(45), Theorems 2-4, Sec. V-C, Figs. 9-10.
    """
    from ._bm_comm import communication_coverage, sensing_misalignment_probability

    _check_scenario(scenario)
    if scheme not in _ASE_SCHEMES:
        raise ValueError(f"scheme={scheme!r} is not allowed; choose one of "
                         f"{', '.join(map(repr, _ASE_SCHEMES))}")
    _check_no_timeout(no_timeout)
    scenarios, shape, nb, lam = _sweep(scenario, n_beams, bs_density_per_m2,
                                       blocker_density_per_m2)
    n = len(scenarios)
    overhead = np.zeros(n)
    pvs = np.zeros(n)
    zeta, w = rate_rule(rate_nodes)
    cov = np.empty((n, zeta.size))
    for i, sc in enumerate(scenarios):
        overhead[i], model = _scheme_setup(sc, scheme, n_re, spacing_t, spacing_f,
                                           prs_duration_s, error_model, no_timeout,
                                           distributed_observation_s)
        if scheme == "conventional":
            cov[i] = communication_coverage(sc, zeta, "conventional", n_nodes=coverage_nodes)
            continue
        if scheme == "ideal":  # no timeout (tau_RRC = 0), p_v^s = 0, no overhead
            cov[i] = communication_coverage(sc.replace(rrc_delay_s=0.0), zeta, "isac",
                                            misalignment_probability=0.0,
                                            n_nodes=coverage_nodes)
            continue
        if eta is None:
            from ._bm_comm import average_sensing_misalignment_probability

            pvs[i] = float(average_sensing_misalignment_probability(sc, model))
        else:
            pvs[i] = float(sensing_misalignment_probability(sc, eta, model))
        cov[i] = communication_coverage(sc, zeta, "isac", misalignment_probability=pvs[i],
                                        n_nodes=coverage_nodes)
    rate = scenario.carrier_bandwidth_hz / math.log(2.0) * np.sum(w * cov, axis=-1)
    ase = lam.ravel() * np.maximum(1.0 - overhead, 0.0) * rate
    return EffectiveAse(scheme=scheme, ase_bps_per_m2=ase.reshape(shape),
                        rate_bps=rate.reshape(shape), overhead=overhead.reshape(shape),
                        misalignment_probability=pvs.reshape(shape), n_beams=nb.copy(),
                        bs_density_per_m2=lam.copy())


def simulate_effective_ase(scenario, scheme: str = "isac", *, n_trials: int = 20_000,
                           rng=None, n_re: int = 5000, spacing_t: int = 3, spacing_f: int = 3,
                           prs_duration_s=None, error_model=None, eta=None,
                           no_timeout: str = "lemma1", rate_nodes: int = 8,
                           distributed_observation_s=None):
    """Monte Carlo twin of :func:`effective_ase` for one scenario.

    The coverage indicators ``1{SIR > zeta_k}`` at the nodes of :func:`rate_rule` come from
    :func:`~ofdmisac.network.simulate_communication_coverage` (a simulation of the beam
    management mechanism, not of the theorems): ``"conventional"`` and ``"isac"`` as
    named, ``"distributed"`` as ``"isac"`` with the distributed pilots' error model,
    ``"ideal"`` as ``"isac_ideal"`` with ``tau_RRC = 0``. The rate estimate is the sample
    mean of ``g(SIR) = B / ln 2 sum_k w_k 1{SIR > zeta_k}``; since the indicators are nested
    in ``zeta``, ``E[1_k 1_l] = p_max(k, l)`` and the variance of ``g`` follows from the
    estimated coverage alone. The overhead is the analytic one (a deterministic rate
    model). ``eta=None`` draws one sensing SCIR per trial (the simulation's default
    source) instead of the analytic SCIR average.

    Parameters
    ----------
    scenario, scheme, n_re, spacing_t, spacing_f, prs_duration_s, error_model, eta,
    no_timeout, rate_nodes, distributed_observation_s
        As in :func:`effective_ase` (no sweeps).
    n_trials : int
        Network snapshots (>= 100).
    rng : Generator, int, SeedSequence or None

    Returns
    -------
    estimate, standard_error : float
        Effective ASE, bit/s/m^2.

    Raises
    ------
    ValueError
        For an unknown scheme or ``n_trials < 100``.

    References
    ----------
    [BM] eqs. (8)-(12), (45).
    """
    from ._bm_comm_sim import simulate_communication_coverage

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
    zeta, w = rate_rule(rate_nodes)
    sim, sim_scheme = scenario, {"distributed": "isac", "ideal": "isac_ideal"}.get(scheme,
                                                                                scheme)
    if scheme == "ideal":
        sim = scenario.replace(rrc_delay_s=0.0)
    p, _ = simulate_communication_coverage(sim, zeta, int(n_trials), as_generator(rng),
                                           sim_scheme, eta=eta, error_model=model)
    p = np.asarray(p, dtype=np.float64)
    order = np.argsort(zeta)
    rank = np.empty_like(order)
    rank[order] = np.arange(zeta.size)
    hi = np.maximum.outer(rank, rank)                  # index of the larger threshold
    joint = p[order][hi]
    var_g = max(float(w @ (joint - np.outer(p, p)) @ w), 0.0)
    scale = scenario.carrier_bandwidth_hz / math.log(2.0)
    factor = scenario.bs_density_per_m2 * max(1.0 - overhead, 0.0) * scale
    return factor * float(w @ p), factor * math.sqrt(var_g / int(n_trials))
