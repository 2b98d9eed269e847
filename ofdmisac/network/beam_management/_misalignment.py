"""Timeout and beam-misalignment probabilities of [BM] Section IV-A.

The timeout probability (Lemma 1), the conventional misalignment probability (eq. (9)),
Lemma 2's probability q (eq. (26)), the sensing error sigma(eta) (eq. (30)), the
sensing-error misalignment probability (eq. (29)) and its SCIR average of Theorem 3
(below eq. (33)). The SIR coverage that uses them is in ``_comm_coverage``.
"""

from __future__ import annotations

import numpy as np
from scipy.special import erfcx, log_ndtr, ndtr

from ..._validation import check_array, check_int, check_model, check_real, fail
from .._quadrature import log_interval_rule
from .._sweep import check_threshold
from ._scenario import _check_scenario, _sweep_scenarios

__all__ = [
    "misalignment_probability_q", "timeout_probability", "conventional_misalignment_probability",
    "sensing_sigma_m", "sensing_misalignment_probability",
    "average_sensing_misalignment_probability"
]


def _exp_phi_neg(x, c, c_minus_half_x2):
    """``e^c Phi(-x)`` without overflow; ``c_minus_half_x2 = c - x^2 / 2`` given exactly.

    For ``x >= 0``: ``Phi(-x) = erfcx(x / sqrt 2) e^{-x^2/2} / 2``, so the product is
    ``erfcx(x / sqrt 2) e^{c - x^2/2} / 2`` (c and x^2/2 can both exceed 1e30 for a
    huge sigma: forming ``c + log Phi(-x)`` numerically cancels catastrophically).
    For ``x < 0``, ``Phi(-x)`` is in (1/2, 1] and c is moderate: ``e^{c + log Phi(-x)}``.
    """
    pos = x >= 0
    xp = np.where(pos, x, 0.0)
    with np.errstate(over="ignore"):
        neg = np.exp(np.where(pos, 0.0, c) + log_ndtr(-np.where(pos, 0.0, x)))
    return np.where(pos, 0.5 * erfcx(xp / np.sqrt(2.0)) * np.exp(c_minus_half_x2), neg)


def _q_scaled(sigma, mu_g, mu0, mu, log_scale):
    """``q(sigma; mu_g, mu0, mu) * exp(log_scale)`` in the stable form of (26)."""
    c = 0.5 * mu_g**2 * sigma**2 - mu * mu_g + log_scale
    a = mu_g * sigma
    b = (mu0 - mu + mu_g * sigma**2) / sigma
    # e^c [Phi(a) - Phi(b)] = e^c [Phi(-b) - Phi(-a)]; the exponents c - a^2/2 and
    # c - b^2/2 simplify exactly (no cancellation of two huge numbers)
    gauss = (_exp_phi_neg(b, c, log_scale - mu_g * mu0 - 0.5 * ((mu0 - mu) / sigma) ** 2)
             - _exp_phi_neg(a, c, log_scale - mu_g * mu))
    return (np.exp(log_scale - mu_g * mu0) * ndtr((mu0 - mu) / sigma)
            - 0.5 * np.exp(log_scale - mu_g * mu) + gauss)


def misalignment_probability_q(sigma, mu_g, mu0, mu):
    """Probability q of the misalignment event (Lemma 2).

    ``q = P{max(X, mu0) < Y < mu}`` with ``X ~ N(mu, sigma^2)``, ``Y ~ Exp(rate mu_g)``.
    Implements [BM] eq. (26) (Lemma 2; the integral of eq. (27), whose step (a) has a typo,
    see ``docs/errata.md``, leads to it) in the numerically stable form
    ``e^{-mu_g mu0} Phi((mu0-mu)/sigma) - e^{-mu_g mu}/2
    + e^{mu_g^2 sigma^2/2 - mu mu_g} [Phi(mu_g sigma) - Phi((mu0-mu+mu_g sigma^2)/sigma)]``,
    with the exponential-times-Gaussian-tail products evaluated in log space.

    Parameters
    ----------
    sigma : array_like of float
        Standard deviation of X, m (> 0).
    mu_g : array_like of float
        Rate of Y, 1/m (> 0); the beam-switch intensity in [BM].
    mu0 : array_like of float
        Lower bound, m (``0 <= mu0 < mu``).
    mu : array_like of float
        Upper bound and mean of X, m (finite); all four broadcast together.

    Returns
    -------
    numpy.ndarray of float64
        q, broadcast shape.

    Raises
    ------
    ValueError
        If ``sigma <= 0``, ``mu_g <= 0`` (or NaN), or not ``0 <= mu0 < mu < inf``; the
        arguments are not broadcastable.

    References
    ----------
    [BM] Lemma 2
    [BM] eq. (26)

    Examples
    --------
    >>> float(misalignment_probability_q(1e-9, 1.0, 1.0, 2.0)) < 1e-6
    True
    >>> round(float(misalignment_probability_q(1.0, 0.8, 0.075, 0.5)), 6)
    0.111784
    """
    sigma = check_array("sigma", sigma, minimum=0.0, strict_min=True, allow_inf=True)
    mu_g = check_array("mu_g", mu_g, minimum=0.0, strict_min=True)
    sigma, mu_g, mu0, mu = np.broadcast_arrays(sigma, mu_g, check_array("mu0", mu0, minimum=0.0),
                                               check_array("mu", mu))
    bad = ~(mu0 < mu)
    if np.any(bad):
        fail("mu0", mu0[bad].ravel()[0], f"use 0 <= mu0 < mu (mu={mu[bad].ravel()[0]!r})")
    return np.clip(_q_scaled(sigma, mu_g, mu0, mu, 0.0), 0.0, 1.0)


def timeout_probability(scenario):
    """Handover timeout probability p_to of Lemma 1 of [BM].

    ``p_to = 1 - exp(-mu_g v tau_RRC)``.
    The timeout (event A) happens when the next beam boundary is closer than the
    distance travelled during the RRC delay, ``d_b < v tau_RRC`` with
    ``d_b ~ Exp(mu_g)``, ``mu_g = n_B sqrt(lambda_B) / pi``.

    Parameters
    ----------
    scenario : BeamManagementScenario
        Uses ``n_beams``, ``bs_density_per_m2``, ``speed_mps`` and ``rrc_delay_s``.

    Returns
    -------
    float
        p_to in [0, 1).

    Raises
    ------
    TypeError
        If ``scenario`` is not a :class:`BeamManagementScenario`.

    References
    ----------
    [BM] Lemma 1

    Examples
    --------
    >>> from ofdmisac.network import BeamManagementScenario
    >>> round(timeout_probability(BeamManagementScenario.mmwave()), 4)
    0.0593
    """
    _check_scenario(scenario)
    return float(-np.expm1(-scenario.beam_switch_intensity_per_m * scenario.mu0_m))


def conventional_misalignment_probability(scenario):
    """Beam misalignment probability, conventional scheme.

    ``p_mis = 1 - exp(-mu_g v tau)`` ([BM] Sec. II-E1).
    Without sensing, the MT keeps the previous beam (sidelobe gain) whenever the next
    beam boundary comes before the next SSB burst, ``d_b < v tau``; the gain law (9) is
    ``G_C = G_ml`` with probability ``exp(-mu_g v tau)``, ``G_sl`` otherwise.

    Parameters
    ----------
    scenario : BeamManagementScenario
        Uses ``n_beams``, ``bs_density_per_m2``, ``speed_mps`` and ``ssb_period_s``.

    Returns
    -------
    float
        p_mis in [0, 1).

    Raises
    ------
    TypeError
        If ``scenario`` is not a :class:`BeamManagementScenario`.

    References
    ----------
    [BM] eq. (9)

    Examples
    --------
    >>> from ofdmisac.network import BeamManagementScenario
    >>> round(conventional_misalignment_probability(BeamManagementScenario.mmwave()), 4)
    0.3346
    """
    _check_scenario(scenario)
    return float(-np.expm1(-scenario.beam_switch_intensity_per_m * scenario.mu_m))


def _default_error_model(scenario):
    from ...estimators.radar._error_models import PaperErrorModel

    return PaperErrorModel(prs_bandwidth_hz=scenario.prs_bandwidth_hz,
                           prs_duration_s=scenario.prs_duration_s, fc_hz=scenario.fc_hz)


def _check_error_model(scenario, model):
    """Refuse an error model measured on another waveform than the scenario's: fc_hz,
    prs_bandwidth_hz, prs_duration_s within 1 % (``ErrorModel.check_waveform``: an analytic
    model passes, an unknown waveform warns)."""
    from ...estimators.radar._error_models import _check_model_waveform

    _check_model_waveform(model, fc_hz=scenario.fc_hz, bandwidth_hz=scenario.prs_bandwidth_hz,
                          duration_s=scenario.prs_duration_s, context="the scenario")


def sensing_sigma_m(scenario, scir, error_model=None):
    """Combined sensing error sigma(eta), in metres.

    ``sigma(eta) = sqrt(tau^2 sigma_v^2 + sigma_d^2)`` ([BM] eq. (30)), with
    ``sigma_v``, ``sigma_d`` of the error model ([BM] eq. (15) by default).

    Parameters
    ----------
    scenario : BeamManagementScenario
        Uses ``ssb_period_s`` (tau), ``n_beams`` and, for the default error model,
        ``prs_bandwidth_hz``, ``prs_duration_s`` and ``fc_hz``.
    scir : array_like of float
        eta of [BM] eq. (15) and eq. (29): sensing SCIR, linear (> 0, not dB), any shape.
    error_model : ErrorModel or None
        Supplies ``sigma_v(eta)`` (m/s) and ``sigma_d(eta, n_beams)`` (m); ``None``
        builds :class:`~ofdmisac.estimators.PaperErrorModel` from the scenario's
        ``prs_bandwidth_hz``, ``prs_duration_s`` and ``fc_hz`` ([BM] (15)). A model
        measured on a waveform (``MeasuredErrorModel``, ``CrlbErrorModel``) must match the
        scenario's ``fc_hz``, ``prs_bandwidth_hz`` and ``prs_duration_s`` within 1 %
        (``ErrorModel.check_waveform``; rescale it with its ``rescaled`` method otherwise);
        one with an unknown waveform is used with a ``UserWarning``; an analytic
        ``PaperErrorModel`` is used as given. Every network model that takes an
        ``error_model`` passes it through here.

    Returns
    -------
    numpy.ndarray of float64
        sigma in metres, shape of ``scir``.

    Raises
    ------
    ValueError
        If ``scir`` is empty or not finite and > 0, the error model was measured on
        another waveform than the scenario's, or it returns a value that is not finite
        and > 0.
    TypeError
        If ``scenario`` is not a :class:`BeamManagementScenario` or ``scir`` is not a
        real number.

    Warns
    -----
    UserWarning
        The error model records no waveform (it cannot be checked).

    References
    ----------
    [BM] eq. (15)
    [BM] eq. (30)

    Examples
    --------
    >>> from ofdmisac.network import BeamManagementScenario
    >>> round(float(sensing_sigma_m(BeamManagementScenario.mmwave(), 1.0)), 4)
    0.0219
    """
    _check_scenario(scenario)
    scir = check_threshold("scir", scir)
    model = _default_error_model(scenario) if error_model is None else error_model
    _check_error_model(scenario, model)
    sv = np.asarray(model.sigma_v(scir), dtype=np.float64)
    sd = np.asarray(model.sigma_d(scir, scenario.n_beams), dtype=np.float64)
    for label, val in (("sigma_v", sv), ("sigma_d", sd)):
        if np.any(~np.isfinite(val)) or np.any(val <= 0):
            bad = val[~(np.isfinite(val) & (val > 0))].ravel()[0]
            raise ValueError(f"error_model {type(model).__name__}.{label} returned {float(bad)!r}; "
                             "an error model must give finite RMS errors > 0")
    return np.sqrt((scenario.ssb_period_s * sv) ** 2 + sd**2)


def sensing_misalignment_probability(scenario, scir, error_model=None, **sweeps):
    """Sensing-error beam misalignment probability p_v^s.

    Given no timeout (``d_b > mu_0 = v tau_RRC``), the beam is misaligned when the
    boundary comes before the next SSB burst (``d_b < mu = v tau``) while the BS, from
    its noisy estimates ``v_hat = v + eps_v`` and ``d_hat = d_b + eps_d``, predicts it
    will not (``d_hat > v_hat tau``), i.e. ``max(X, mu_0) < d_b < mu`` with
    ``X ~ N(mu, sigma^2(eta))``. Hence ``p_v^s = q(sigma; mu_g, mu_0, mu) e^{mu_g mu_0}``
    (Lemma 2 through the event of [BM] eq. (50), computed in log space) with sigma of
    eq. (30); the ``min`` with ``1 - e^{-mu_g (mu - mu_0)}`` in eq. (29) never binds
    (the result is clipped to it). When ``mu <= mu_0`` (``tau <= tau_RRC`` or ``v = 0``)
    it is 0.

    Parameters
    ----------
    scenario : BeamManagementScenario
        Network parameters (n_B, lambda_B, v, tau, tau_RRC and the PRS of the default
        error model).
    scir : array_like of float
        eta of [BM] eq. (15) and eq. (29): sensing SCIR, linear (> 0, not dB), any shape
        ``T``.
    error_model : ErrorModel or None, optional
        See :func:`sensing_sigma_m`; None (default): [BM] eq. (15) from the scenario.
    **sweeps : array_like
        Keyword sweeps of numeric scenario fields (``n_beams=[64, 128]``, ...), broadcast
        to the sweep shape ``S``; see docs/conventions.md, Sweeps.

    Returns
    -------
    numpy.ndarray of float64
        p_v^s in [0, 1 - e^{-mu_g (mu - mu_0)}], shape ``S + scir.shape``.

    Raises
    ------
    ValueError
        If ``scir`` is empty or not finite and > 0, a sweep is unknown, invalid or does
        not broadcast, or the error model returns NaN, inf or a value <= 0 (the message
        names the error model).
    TypeError
        If ``scenario`` is not a :class:`BeamManagementScenario`, or ``scir`` or a sweep
        is not a real number.

    References
    ----------
    [BM] eq. (29)
    [BM] eq. (30)
    [BM] eq. (50)

    Examples
    --------
    >>> from ofdmisac.network import BeamManagementScenario
    >>> s = BeamManagementScenario.mmwave()
    >>> p = sensing_misalignment_probability(s, [1e-4, 1.0, 1e4])
    >>> bool(p[0] > p[1] > p[2])
    True
    """
    if sweeps:
        scir = check_threshold("scir", scir)
        sweep, scenarios = _sweep_scenarios(scenario, sweeps)
        out = [sensing_misalignment_probability(sc, scir, error_model) for sc in scenarios]
        return np.stack(out).reshape(sweep.shape + scir.shape)
    _check_scenario(scenario)
    sigma = sensing_sigma_m(scenario, scir, error_model)
    mu_g = scenario.beam_switch_intensity_per_m
    mu0, mu = scenario.mu0_m, scenario.mu_m
    if not mu > mu0:
        return np.zeros_like(sigma)
    p = _q_scaled(sigma, mu_g, mu0, mu, mu_g * mu0)
    return np.clip(p, 0.0, -np.expm1(-mu_g * (mu - mu0)))


def average_sensing_misalignment_probability(scenario, error_model=None, *,
                                              eta_min_db=-160.0, eta_max_db=60.0,
                                              n_per_10db=8, **sweeps):
    """SCIR-averaged misalignment probability (Theorem 3).

    ``p̄_v^s = int p_v^s(eta) f_SCIR(eta) d eta``: implements the average defined with
    [BM] Theorem 3 (below eq. (33)), ``p_v^s`` of eq. (29) weighted by the SCIR law of
    Theorem 1 (eq. (21), :func:`~ofdmisac.network.scir_pdf`), integrated in
    ``t = ln eta`` as
    ``int p_v^s(e^t) e^t f_SCIR(e^t) dt`` by composite Gauss-Legendre (``n_per_10db``
    nodes per 10 dB panel) over ``[eta_min, eta_max]``; the mass below ``eta_min`` is
    weighted with ``p_v^s(eta_min)`` and the mass above ``eta_max`` with
    ``p_v^s(eta_max)`` (both from the coverage, :func:`~ofdmisac.network.sensing_coverage`).
    The SCIR is bimodal (LoS peak near -5 dB, NLoS peak tens of dB lower), so the
    default range is -160 dB to +60 dB.

    Parameters
    ----------
    scenario : BeamManagementScenario
        Network parameters (those of :func:`sensing_coverage` and of
        :func:`sensing_misalignment_probability`).
    error_model : ErrorModel or None, optional
        None (default): [BM] eq. (15) from the scenario.
    eta_min_db, eta_max_db : float, optional
        Integration range of the SCIR in dB (finite, ``eta_min_db < eta_max_db``;
        default -160 dB to +60 dB).
    n_per_10db : int, optional
        Gauss-Legendre nodes per 10 dB panel (>= 2; default 8).
    **sweeps : array_like
        Keyword sweeps of numeric scenario fields (``n_beams=[64, 128]``, ...), broadcast
        to the sweep shape ``S``; see docs/conventions.md, Sweeps.

    Returns
    -------
    float or numpy.ndarray of float64
        p̄_v^s in [0, 1]: a float without sweeps, else an array of shape ``S``.

    Raises
    ------
    ValueError
        For a bad range or node count, a sweep that is unknown, invalid or does not
        broadcast, or an error model returning invalid values.
    TypeError
        If ``scenario`` is not a :class:`BeamManagementScenario` or a sweep is not a real
        number.

    References
    ----------
    [BM] Theorem 3
    [BM] eq. (21)
    [BM] eq. (29)
    [BM] eq. (33)

    Examples
    --------
    >>> from ofdmisac.network import BeamManagementScenario
    >>> s = BeamManagementScenario.mmwave()
    >>> p = average_sensing_misalignment_probability(s)
    >>> bool(float(sensing_misalignment_probability(s, 1e3)) < p
    ...      < float(sensing_misalignment_probability(s, 1e-12)))
    True
    """
    _check_scenario(scenario)
    if error_model is not None:
        check_model("error_model", error_model, ("sigma_v", "sigma_d"), "an ErrorModel")
    eta_min_db = check_real("eta_min_db", eta_min_db, minimum=-400.0, maximum=400.0)
    eta_max_db = check_real("eta_max_db", eta_max_db, minimum=-400.0, maximum=400.0)
    if not eta_min_db < eta_max_db:
        raise ValueError(f"eta_min_db={eta_min_db!r}, eta_max_db={eta_max_db!r} are not "
                         "allowed; need finite eta_min_db < eta_max_db")
    n_per_10db = check_int("n_per_10db", n_per_10db, minimum=2, maximum=1024)
    sweep, scenarios = _sweep_scenarios(scenario, sweeps)
    out = _average_misalignment(scenarios, error_model, eta_min_db, eta_max_db,
                                int(n_per_10db))
    return float(out[0]) if not sweeps else out.reshape(sweep.shape)


_SCIR_LAW_CACHE: dict = {}  # the last SCIR law of _average_misalignment (schemes share it)


def _average_misalignment(scenarios, error_model, eta_min_db=-160.0, eta_max_db=60.0,
                          n_per_10db=8):
    """p̄_v^s of :func:`average_sensing_misalignment_probability` for a list of scenarios
    (the points of a sweep), as one array.

    The SCIR law of all scenarios comes from one call of
    :func:`~ofdmisac.network.scir_pdf` / :func:`~ofdmisac.network.sensing_coverage`
    with the fields it depends on (:data:`SWEEPABLE_FIELDS`) swept over the list, the
    error model per scenario (``error_model`` may be a list with one model per scenario).
    """
    from ._sensing_coverage import SWEEPABLE_FIELDS, scir_pdf, sensing_coverage

    base = scenarios[0]
    sweep = {n: np.array([getattr(sc, n) for sc in scenarios], dtype=np.float64)
             for n in SWEEPABLE_FIELDS
             if n != "mainlobe_to_sidelobe_ratio"
             and any(getattr(sc, n) != getattr(base, n) for sc in scenarios)}
    if any(sc.mainlobe_to_sidelobe_ratio != base.mainlobe_to_sidelobe_ratio
           for sc in scenarios):
        sweep["mainlobe_to_sidelobe_ratio"] = np.array([sc.mslr for sc in scenarios])
    lo, hi = 10.0 ** (eta_min_db / 10.0), 10.0 ** (eta_max_db / 10.0)
    n_panels = max(1, int(np.ceil((eta_max_db - eta_min_db) / 10.0)))
    eta, w = log_interval_rule(lo, hi, n_per_10db, n_panels=n_panels)
    key = (tuple(scenarios), eta_min_db, eta_max_db, n_per_10db)
    if key not in _SCIR_LAW_CACHE:  # the SCIR law does not depend on the error model
        pdf = scir_pdf(base, eta, **sweep).reshape(-1, eta.size)            # (n_scen, n_eta)
        ends = sensing_coverage(base, np.array([lo, hi]), **sweep).reshape(-1, 2)  # (n_scen, 2)
        _SCIR_LAW_CACHE.clear()  # keep the last one only
        _SCIR_LAW_CACHE[key] = (pdf, ends)
    pdf, ends = _SCIR_LAW_CACHE[key]
    # one error model for all scenarios, or (a list) one per scenario
    models = error_model if isinstance(error_model, list) else [error_model] * len(scenarios)
    nodes = np.concatenate([eta, [lo, hi]])
    p_all = np.stack([sensing_misalignment_probability(sc, nodes, model)
                      for sc, model in zip(scenarios, models, strict=True)])
    p_nodes, p_ends = p_all[:, :-2], p_all[:, -2:]
    out = (np.sum(w * pdf * p_nodes, axis=-1) + (1.0 - ends[:, 0]) * p_ends[:, 0]
           + ends[:, 1] * p_ends[:, 1])
    return np.clip(out, 0.0, 1.0)

