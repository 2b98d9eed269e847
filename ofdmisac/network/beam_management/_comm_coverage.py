"""Downlink SIR coverage of the beam-managed network of [BM] Section IV-A (conventional and
ISAC schemes) and its large-beam limit (Corollary 2).
"""

from __future__ import annotations

import numpy as np
from scipy.special import hyp2f1

from ..._validation import check_array, check_int_tuple, check_model, check_probability
from .._quadrature import interval_rule, tail_rule
from .._sweep import check_threshold
from ._misalignment import (
    _average_misalignment,
    conventional_misalignment_probability,
    sensing_misalignment_probability,
    timeout_probability,
)
from ._scenario import _sweep_scenarios

__all__ = ['communication_coverage', 'asymptotic_communication_coverage']


_SCHEMES = ("isac", "isac_ideal", "conventional")


_X_MAX = 6.0  # outer variables x = r sqrt(lambda pi): e^{-36} of the mass lies beyond


class _Params:
    """Plain numbers of one scenario configuration used by the coverage integrands."""

    def __init__(self, scenario):
        self.lam = scenario.bs_density_per_m2
        self.beta = scenario.beta_per_m
        self.a_los = scenario.alpha_los
        self.a_nlos = scenario.alpha_nlos
        self.n_beams = float(scenario.n_beams)
        self.rho = scenario.mslr


def _gain_ratios(p, omega):
    """Interferer-to-serving gain ratios (mainlobe interferer, sidelobe interferer)."""
    return (1.0, 1.0 / p.rho) if omega == "ml" else (p.rho, 1.0)


def _interferer_null(zeta, s, w, alpha_int, g_ml, g_sl, n_beams):
    """E_G[1 / (1 + zeta g s w^-alpha)]: coverage factor of one interferer at distance w.

    ``g`` is the interferer/serving gain ratio: ``g_ml`` with probability 1/n_B (its
    random boresight points at the MT), ``g_sl`` otherwise ((3), (10)).
    """
    x = zeta * s * w ** (-alpha_int)
    return (1.0 / (1.0 + g_ml * x)) / n_beams + (1.0 - 1.0 / n_beams) / (1.0 + g_sl * x)


def _interferer_miss(zeta, s, w, alpha_int, g_ml, g_sl, n_beams):
    """``1 - E_G[1 / (1 + zeta g s w^-alpha)]`` without cancellation.

    Written as ``E_G[g x / (1 + g x)]`` (``x = zeta s w^-alpha``): far interferers have
    ``x -> 0``, where ``1 - 1 / (1 + g x)`` would lose all its digits to round-off.
    """
    x = zeta * s * w ** (-alpha_int)
    return (g_ml * x / (1.0 + g_ml * x)) / n_beams \
        + (1.0 - 1.0 / n_beams) * (g_sl * x / (1.0 + g_sl * x))


def _one_minus_r(zeta, s, w, p, omega):
    """``1 - R_Omega(zeta, w, s)`` of (32c) and (32d), LoS/NLoS interferer states averaged."""
    g_ml, g_sl = _gain_ratios(p, omega)
    p_los = np.exp(-p.beta * w)
    miss_los = _interferer_miss(zeta, s, w, p.a_los, g_ml, g_sl, p.n_beams)
    miss_nlos = _interferer_miss(zeta, s, w, p.a_nlos, g_ml, g_sl, p.n_beams)
    return p_los * miss_los + (1.0 - p_los) * miss_nlos


def _log_u(zeta, s, ell, p, omega, n_w):
    """log U_Omega: PGFL of the BS PPP beyond distance ``ell`` ((32b), lower limit a distance).

    ``-2 pi lambda int_ell^inf (1 - R_Omega(zeta, w, s)) w dw`` with the exp-sinh tail rule;
    ``s = r_k^alpha`` is the serving link's distance to the power of its exponent. Arrays
    broadcast; the node axis is appended and summed.
    """
    w, wt = tail_rule(ell, n_w, scale=ell)
    f = _one_minus_r(zeta[..., None], s[..., None], w, p, omega) * w
    return -2.0 * np.pi * p.lam * np.sum(wt * f, axis=-1)


def _outer_rule(n):
    """Gauss-Legendre nodes x on [0, X_MAX] with the weights of ``2 x e^{-x^2} dx``."""
    x, w = interval_rule(0.0, _X_MAX, n)
    return x, w * 2.0 * x * np.exp(-x * x)


def _coverage_terms(p, zeta, n_nodes, handover_terms=True):
    """Averages over r_1 (and r_2 | r_1) of the conditional coverages, per zeta.

    Returns a dict with, for omega in (ml, sl):
    ``single[omega]`` = E_{r1}[p_L U(r1^aL) + p_N U(r1^aN)] (serve BS_1 always, all other
    BSs interfere: (8), (9), (10) and I_1 of (31)); ``handover[omega]`` = E_{r1}[int W_Omega
    f(r2|r1) dr2] with the corrected (32a) (handover to BS_2 with BS_1 muted iff link 1
    is NLoS and link 2 LoS; otherwise BS_1 serves and, in the NLoS-NLoS case, BS_2 is a
    known-NLoS interferer at r_2 plus the PPP beyond r_2). ``handover_terms=False`` skips
    the latter (the conventional scheme needs only ``single``).
    """
    n1, n2, n_w = n_nodes
    zeta = zeta.reshape(-1)
    sq = np.sqrt(p.lam * np.pi)
    x1, w1 = _outer_rule(n1)
    y2, w2 = _outer_rule(n2)
    r1 = x1 / sq                                               # (N1,)
    r2 = np.sqrt(r1[:, None] ** 2 + (y2[None, :] / sq) ** 2)   # (N1, N2)
    pl1 = np.exp(-p.beta * r1)
    pl2 = np.exp(-p.beta * r2)
    z1 = zeta[:, None]                                         # (Z, 1)
    z2 = zeta[:, None, None]                                   # (Z, 1, 1)
    single, handover = {}, {}
    for omega in ("ml", "sl"):
        u1_los = np.exp(_log_u(z1, r1**p.a_los, r1, p, omega, n_w))     # (Z, N1)
        u1_nlos = np.exp(_log_u(z1, r1**p.a_nlos, r1, p, omega, n_w))
        single[omega] = np.sum(w1 * (pl1 * u1_los + (1.0 - pl1) * u1_nlos), axis=-1)
        if not handover_terms:
            continue
        # link 1 NLoS: handover to a LoS BS_2 (BS_1 muted, PPP beyond r_2 interferes) ...
        u2_los = np.exp(_log_u(z2, r2**p.a_los, r2, p, omega, n_w))     # (Z, N1, N2)
        # ... or stay on NLoS BS_1 with BS_2 NLoS at r_2 and the PPP beyond r_2
        s1n = (r1**p.a_nlos)[:, None]
        g_ml, g_sl = _gain_ratios(p, omega)
        bs2 = _interferer_null(z2, s1n, r2, p.a_nlos, g_ml, g_sl, p.n_beams)
        v_nn = bs2 * np.exp(_log_u(z2, np.broadcast_to(s1n, r2.shape), r2, p, omega, n_w))
        inner = np.sum(w2 * (pl2 * u2_los + (1.0 - pl2) * v_nn), axis=-1)   # (Z, N1)
        handover[omega] = np.sum(w1 * (pl1 * u1_los + (1.0 - pl1) * inner), axis=-1)
    return single, handover


def _chunked_terms(p, zeta, n_nodes, handover_terms, chunk=8):
    """:func:`_coverage_terms` over blocks of ``chunk`` thresholds (bounded memory)."""
    parts = [_coverage_terms(p, zeta[i:i + chunk], n_nodes, handover_terms)
             for i in range(0, zeta.size, chunk)]
    single = {k: np.concatenate([a[k] for a, _ in parts]) for k in parts[0][0]}
    handover = {k: np.concatenate([b[k] for _, b in parts]) for k in parts[0][1]}
    return single, handover


def communication_coverage(scenario, sir_threshold, scheme="isac", *, sensing_scir=None,
                           misalignment_probability=None, error_model=None,
                           n_nodes=(40, 32, 96), **sweeps):
    """Downlink SIR coverage of the beam-managed network of [BM].

    ``P(SIR_C > zeta)`` (the definition [BM] eq. (24)). ``scheme="conventional"`` is the
    SIR of eq. (8): the MT is served by the nearest BS with gain ``G_ml`` w.p.
    ``exp(-mu_g v tau)`` (else ``G_sl``, eq. (9)); every other BS interferes (eq. (10))
    with GoB gain ``G_ml`` w.p. 1/n_B (random boresight), LoS w.p. ``exp(-beta r)``,
    Rayleigh fading. ``scheme="isac"`` is the SIR of eq. (11) with the interference of
    eq. (12), through the partition of eq. (25), Theorem 2 (eq. (28), eq. (29), eq. (30),
    eq. (31) and the helpers eq. (32a), eq. (32b), eq. (32c), eq. (32d)) and Theorem 3
    (eq. (33), eq. (34)):
    ``p_to E[I_1] + (1 - p_to) [(1 - p_v^s) E[I_ml] + p_v^s E[I_sl]]`` with the
    corrected eq. (32a) and eq. (32b) and the labels of eq. (33) straightened (see
    ``docs/errata.md``):
    on timeout (Lemma 1) BS_1 serves through its sidelobe; otherwise the MT hands over
    to BS_2 (BS_1 muted) iff link 1 is NLoS and link 2 LoS, and the serving beam is
    aligned (mainlobe) unless the sensing error hides a needed beam switch (prob.
    ``p_v^s``). ``scheme="isac_ideal"`` is the ISAC scheme with perfect sensing
    (``p_v^s = 0``).

    With ``sensing_scir=None`` the analysis, like Theorem 3, treats the sensing SCIR as independent
    of the serving geometry. Sensing the MT on its own serving link couples them (a far or
    NLoS link 1 has a low SCIR); ``simulate_communication_coverage(...,
    scir_source="joint")`` simulates that joint event. Measured gap, e.g. about 0.01
    (mmWave, n_B = 1024, lambda_B = 10/km^2, zeta = 0.3: 0.946 vs 0.935).

    Every (n_B, lambda_B) configuration is one broadcast evaluation of a fixed-order
    rule: Gauss-Legendre in ``x = r_1 sqrt(pi lambda_B)`` on [0, 6], in
    ``y = sqrt(pi lambda_B (r_2^2 - r_1^2))`` on [0, 6] for ``r_2 | r_1``, and the
    exp-sinh tail rule for the PGFL integrals over the interferer distance ``w``.

    Parameters
    ----------
    scenario : BeamManagementScenario
        Network parameters (every numeric field may be swept).
    sir_threshold : array_like of float
        zeta of [BM] eq. (11): SIR thresholds, linear (> 0, not dB), any shape ``T``.
    scheme : {"isac", "isac_ideal", "conventional"}, optional
        Beam-management scheme (default ``"isac"``), see above.
    sensing_scir : array_like of float or None, optional
        eta of [BM] eq. (29): fixed sensing SCIR, linear (> 0), used in ``p_v^s(eta)``;
        broadcast with the sweep shape ``S``. ``None`` (default, with
        ``misalignment_probability=None``) uses the SCIR-averaged ``p̄_v^s`` of Theorem 3
        (:func:`average_sensing_misalignment_probability`). Ignored by the
        "conventional" and "isac_ideal" schemes.
    misalignment_probability : array_like of float or None, optional
        Use this ``p_v^s`` in [0, 1] directly (overrides ``sensing_scir``); broadcast
        with ``S``. None (default): computed as above.
    error_model : ErrorModel or None, optional
        Sensing error model for ``p_v^s``; None (default): [BM] eq. (15) built from the
        scenario.
    n_nodes : tuple of 3 int, optional
        Nodes (>= 2 each) of the r_1, r_2 | r_1 and w rules (default ``(40, 32, 96)``).
    **sweeps : array_like
        Keyword sweeps of any numeric scenario field, e.g. ``n_beams=nb[None, :]``,
        ``bs_density_per_m2=lam[:, None]`` for a density x beams grid; they broadcast
        together to the sweep shape ``S`` (see docs/conventions.md, Sweeps).

    Returns
    -------
    numpy.ndarray of float64
        Coverage in [0, 1], shape ``S + sir_threshold.shape``.

    Raises
    ------
    ValueError
        If ``sir_threshold`` or ``sensing_scir`` is not finite and > 0, ``scheme`` is unknown,
        ``n_nodes`` is not 3 integers >= 2, ``misalignment_probability`` is outside
        [0, 1], a sweep is unknown, invalid or does not broadcast, or the error model
        returns NaN/inf/non-positive errors.
    TypeError
        If ``scenario`` is not a :class:`BeamManagementScenario`, or a threshold or sweep
        is not a real number.

    References
    ----------
    [BM] Lemma 1
    [BM] Theorem 2
    [BM] Theorem 3
    [BM] eq. (8)
    [BM] eq. (9)
    [BM] eq. (10)
    [BM] eq. (11)
    [BM] eq. (12)
    [BM] eq. (24)
    [BM] eq. (25)
    [BM] eq. (28)
    [BM] eq. (31)
    [BM] eq. (32a)
    [BM] eq. (32b)
    [BM] eq. (32c)
    [BM] eq. (32d)
    [BM] eq. (33)
    [BM] eq. (34)

    Examples
    --------
    >>> from ofdmisac.network import BeamManagementScenario
    >>> s = BeamManagementScenario.mmwave()
    >>> p = communication_coverage(s, [0.1, 1.0, 10.0], "isac", sensing_scir=1.0)
    >>> bool(p[0] > p[1] > p[2])
    True
    """
    if scheme not in _SCHEMES:
        raise ValueError(f"scheme={scheme!r} is not allowed; choose one of {_SCHEMES}")
    sir_threshold = check_threshold("sir_threshold", sir_threshold)
    n_nodes = check_int_tuple("n_nodes", n_nodes, 3, minimum=2, maximum=4096)
    if error_model is not None:
        check_model("error_model", error_model, ("sigma_v", "sigma_d"), "an ErrorModel")
    if misalignment_probability is not None:
        check_probability("misalignment_probability", misalignment_probability)
    if sensing_scir is not None:
        check_array("sensing_scir", sensing_scir, minimum=0.0, strict_min=True)
    sweep, scenarios = _sweep_scenarios(scenario, sweeps)
    shape = sweep.shape
    if misalignment_probability is not None:
        pvs = np.broadcast_to(np.asarray(misalignment_probability, dtype=np.float64), shape)
        if np.any(~((pvs >= 0) & (pvs <= 1))):
            raise ValueError(f"misalignment_probability={misalignment_probability!r} is not "
                             "allowed; it must lie in [0, 1]")
        pvs = pvs.ravel()
    elif scheme == "isac" and sensing_scir is not None:
        eta_b = np.broadcast_to(check_threshold("sensing_scir", sensing_scir), shape).ravel()
        pvs = np.array([float(sensing_misalignment_probability(sc, e, error_model))
                        for sc, e in zip(scenarios, eta_b, strict=True)])
    elif scheme == "isac":
        pvs = _average_misalignment(scenarios, error_model)
    else:
        pvs = np.zeros(len(scenarios))
    out = np.empty((len(scenarios), sir_threshold.size))
    for i, sc in enumerate(scenarios):
        p = _Params(sc)
        single, handover = _chunked_terms(p, sir_threshold.reshape(-1), n_nodes,
                                          scheme != "conventional")
        if scheme == "conventional":
            p_mis = conventional_misalignment_probability(sc)
            out[i] = (1.0 - p_mis) * single["ml"] + p_mis * single["sl"]
        else:
            p_to = timeout_probability(sc)
            out[i] = p_to * single["sl"] + (1.0 - p_to) * (
                (1.0 - pvs[i]) * handover["ml"] + pvs[i] * handover["sl"])
    return np.clip(out, 0.0, 1.0).reshape(shape + sir_threshold.shape)


def asymptotic_communication_coverage(sir_threshold, alpha):
    """Large-beam limit of SIR coverage (Corollary 2, corrected).

    For ``alpha_L = alpha_N = alpha``: ``[1 + (2 pi / alpha) csc(2 pi / alpha)
    zeta^{2/alpha} - 2F1(1, 2/alpha; 1 + 2/alpha; -1/zeta)]^{-1}``, [BM] eq. (35) as
    corrected, the closed form of eq. (36) with the exponent of eq. (37):
    ``E_{r1}[U_sl]`` with ``U_sl = exp(-2 pi lambda int_{r1}^inf w zeta r1^alpha /
    (w^alpha + zeta r1^alpha) dw)`` (every BS through its sidelobe, rho = n_B^2,
    timeout certain), independent of lambda_B and n_B. The printed eq. (35) multiplies
    ``zeta^{2/alpha}`` into the hypergeometric term instead of subtracting it (see
    ``docs/errata.md``). In the full model the interferers whose mainlobe hits the MT
    (probability 1/n_B, gain ratio n_B^2) add ``n_B^{4/alpha - 1}`` times a constant to the
    exponent, so the coverage tends to this limit only for ``alpha > 4``; for
    ``alpha = 4`` it tends to a lower value and for ``alpha < 4`` to 0.

    Parameters
    ----------
    sir_threshold : array_like of float
        zeta of [BM] eq. (11): SIR threshold, linear (> 0, not dB).
    alpha : array_like of float
        Common path-loss exponent alpha_L = alpha_N (finite, > 2); broadcast with
        ``sir_threshold``.

    Returns
    -------
    numpy.ndarray of float64
        Limit coverage in (0, 1), broadcast shape.

    Raises
    ------
    ValueError
        If ``sir_threshold`` is empty or not finite and > 0, or ``alpha <= 2`` (or not
        finite); the two do not broadcast.
    TypeError
        If ``sir_threshold`` is not a real number.

    References
    ----------
    [BM] Corollary 2
    [BM] eq. (35)
    [BM] eq. (36)
    [BM] eq. (37)

    Examples
    --------
    >>> round(float(asymptotic_communication_coverage(1.0, 4.0)), 6)
    0.560099
    """
    sir_threshold = check_threshold("sir_threshold", sir_threshold)
    alpha = check_array("alpha", alpha, minimum=2.0, strict_min=True,
                        requirement="use a finite path-loss exponent alpha > 2 (Corollary 2)")
    if np.any(~(alpha > 2)) or np.any(~np.isfinite(alpha)):
        raise ValueError(f"alpha={alpha!r} is not allowed; Corollary 2 needs a finite "
                         "path-loss exponent alpha > 2")
    d = 2.0 / alpha
    rho = np.pi * d / np.sin(np.pi * d) * sir_threshold**d - hyp2f1(1.0, d, 1.0 + d,
                                                                    -1.0 / sir_threshold)
    return 1.0 / (1.0 + rho)

