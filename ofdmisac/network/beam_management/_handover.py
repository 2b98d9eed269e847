"""Handover probability of the sensing-assisted schemes of [BM] Section IV-C and its Monte Carlo
twin.
"""

from __future__ import annotations

import math

import numpy as np

from ..._random import as_generator
from ..._validation import check_choice, check_int
from .._quadrature import interval_rule, semi_infinite_rule
from ._scenario import _check_scenario

__all__ = ['handover_probability', 'simulate_handover_probability']


_NO_TIMEOUT = ("lemma1", "printed")


def _check_no_timeout(no_timeout: str) -> None:
    check_choice("no_timeout", no_timeout, _NO_TIMEOUT)


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
    """Average proactive-handover probability p_HO of [BM].

    [BM] eq. (44), with the timeout factor corrected (see below).

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
    no_timeout : {"lemma1", "printed"}, optional
        Prefactor, see above (default ``"lemma1"``, the corrected form).
    n_nodes, n_inner : int, optional
        Nodes (>= 1) of the outer (exp-sinh, default 96) and inner (Gauss-Legendre,
        default 32) rules.

    Returns
    -------
    float
        p_HO in [0, 1].

    Raises
    ------
    ValueError
        For an unknown ``no_timeout`` or node counts < 1.
    TypeError
        If ``scenario`` is not a :class:`BeamManagementScenario` or a node count is not
        an integer.

    References
    ----------
    [BM] Lemma 1
    [BM] eq. (44)

    Examples
    --------
    >>> from ofdmisac.network import BeamManagementScenario
    >>> p = handover_probability(BeamManagementScenario.mmwave())
    >>> 0.0 < p < 1.0
    True
    """
    _check_scenario(scenario)
    _check_no_timeout(no_timeout)
    n_nodes = check_int("n_nodes", n_nodes, minimum=1, maximum=4096)
    n_inner = check_int("n_inner", n_inner, minimum=1, maximum=4096)
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
    ``{no timeout, link 1 NLoS, link 2 LoS}``, the event whose probability is p_HO of
    [BM] eq. (44).

    Parameters
    ----------
    scenario : BeamManagementScenario
        As in :func:`handover_probability`.
    no_timeout : {"lemma1", "printed"}, optional
        Timeout model, see above (default ``"lemma1"``).
    n_trials : int, optional
        Number of draws (>= 100; default 200 000).
    rng : numpy.random.Generator, int, SeedSequence or None, optional
        Randomness source (None: fresh OS entropy).

    Returns
    -------
    estimate, standard_error : float
        Event frequency and its binomial standard error.

    Raises
    ------
    ValueError
        For ``n_trials < 100`` (or not an integer) or an unknown ``no_timeout``.
    TypeError
        If ``scenario`` is not a :class:`BeamManagementScenario`.

    References
    ----------
    [BM] eq. (44)

    Examples
    --------
    >>> from ofdmisac.network import BeamManagementScenario
    >>> p, se = simulate_handover_probability(BeamManagementScenario.mmwave(),
    ...                                       n_trials=2000, rng=1)
    >>> round(p, 3), round(se, 4)
    (0.08, 0.0061)
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

