"""Optimal PRS pilot pattern of [BM] Section IV-B (Theorem 4) and the Fig. 6 sweep.

A PRS block of ``N_re`` pilots with time-to-frequency ratio ``delta`` and spacings
``S_t`` (OFDM symbols) and ``S_f`` (subcarriers) lasts ``T_PRS = S_t N_re^delta T_sym``
and spans ``B_PRS = S_f N_re^(1-delta) f_Delta`` (:class:`~ofdmisac.waveforms.PilotPattern`).
With the resolutions (13), the accuracy model (15) and the combination (30), the
variance of the misalignment decision variable ``tau eps_v - eps_d`` is

``sigma^2 = [ (c tau / (4 pi f_c S_t T_sym N_re^delta))^2
            + 2 (sin(pi / n_B) c / (S_f f_Delta N_re^(1-delta)))^2 ] / eta``,

i.e. [BM] eq. (39) with ``1 / eta`` outside the brackets (the printed eq. (39) has
``eta`` inside both squares, ``1 / eta^2``; see ``docs/errata.md``). The minimizer does
not depend on ``eta``: the largest spacings allowed by the unambiguity constraints,
eq. (40), and the ratio of eq. (41).

One idea: the PRS pattern of [BM] Theorem 4 and the misalignment it yields; about 150 of its
lines are code, the rest documentation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..._random import as_generator
from ..._validation import check_array, check_int, check_real
from ...estimators.radar._error_models import PaperErrorModel
from ...units import SPEED_OF_LIGHT_MPS as _C
from ...waveforms import PilotPattern
from .._sweep import check_threshold
from ._scenario import _check_scenario

__all__ = [
    "PrsDesign", "misalignment_vs_delta", "optimal_pilot_pattern", "optimal_spacings",
    "pattern_error_model", "sensing_error_variance", "simulate_misalignment_vs_delta"
]


def _n_re(scenario, n_re) -> int:
    return check_int("n_re", scenario.prs_resource_elements if n_re is None else n_re,
                     minimum=2)


def _coefficients(scenario) -> tuple[float, float]:
    """``A = c tau / (4 pi f_c T_sym)`` (m) and ``B = sin(pi/n_B) c / f_Delta`` (m)."""
    a = _C * scenario.ssb_period_s / (4.0 * math.pi * scenario.fc_hz
                                      * scenario.symbol_duration_s)
    b = math.sin(math.pi / scenario.n_beams) * _C / scenario.scs_hz
    return a, b


def sensing_error_variance(scenario, delta, spacing_t, spacing_f, scir, *, n_re=None):
    """Sensing error variance sigma^2 of a PRS pattern (Theorem 4).

    [BM] eq. (39), corrected.

    The variance of ``tau eps_v - eps_d``,
    ``sigma^2 = [(c tau / (4 pi f_c S_t T_sym N_re^delta))^2
    + 2 (sin(pi/n_B) c / (S_f f_Delta N_re^(1-delta)))^2] / eta``: this is
    ``tau^2 sigma_v^2 + sigma_d^2`` of (30) with (15) and the resolutions (13) of the
    nominal ``T_PRS = S_t N_re^delta T_sym`` and ``B_PRS = S_f N_re^(1-delta) f_Delta``.
    The printed (39) divides by ``eta^2`` (``scir`` inside both squares); (15) gives
    ``1 / eta`` (``docs/errata.md``). The minimizer over ``(delta, S_t, S_f)`` is the
    same for both.

    Parameters
    ----------
    scenario : BeamManagementScenario
        Uses ``ssb_period_s`` (tau), ``fc_hz``, ``symbol_duration_s``, ``scs_hz``,
        ``n_beams`` and ``prs_resource_elements`` (unless ``n_re`` is given).
    delta : array_like of float
        Time-to-frequency ratio, in (0, 1).
    spacing_t, spacing_f : array_like of float
        PRS symbol and subcarrier spacings S_t, S_f (> 0; integers in a real design,
        reals accepted for relaxations).
    scir : array_like of float
        eta of [BM] eq. (15) and eq. (39): sensing SCIR, linear (> 0, not dB).
    n_re : int, optional
        Pilot budget N_re (>= 2); default ``scenario.prs_resource_elements``.

    Returns
    -------
    numpy.ndarray of float64
        sigma^2 in m^2, broadcast shape of the array arguments.

    Raises
    ------
    ValueError
        If ``delta`` is not in (0, 1), a spacing or ``scir`` is not > 0, ``n_re < 2``,
        or the arrays do not broadcast.
    TypeError
        If ``scenario`` is not a :class:`BeamManagementScenario`, an array argument is
        not real, or ``n_re`` is not an integer.

    References
    ----------
    [BM] eq. (13)
    [BM] eq. (15)
    [BM] eq. (30)
    [BM] eq. (39)

    Examples
    --------
    >>> from ofdmisac.network import BeamManagementScenario
    >>> s = BeamManagementScenario.mmwave()
    >>> v1 = sensing_error_variance(s, 0.3, 3, 3, 1.0)
    >>> bool(np.isclose(sensing_error_variance(s, 0.3, 3, 3, 10.0), v1 / 10))
    True
    """
    _check_scenario(scenario)
    n = _n_re(scenario, n_re)
    delta = check_array("delta", delta, minimum=0.0, maximum=1.0, strict_min=True, strict_max=True)
    s_t = check_array("spacing_t", spacing_t, minimum=0.0, strict_min=True)
    s_f = check_array("spacing_f", spacing_f, minimum=0.0, strict_min=True)
    scir = check_threshold("scir", scir)
    a, b = _coefficients(scenario)
    time_term = (a / (s_t * n ** delta)) ** 2
    freq_term = 2.0 * (b / (s_f * n ** (1.0 - delta))) ** 2
    return (time_term + freq_term) / scir


@dataclass(frozen=True, kw_only=True)
class PrsDesign:
    """Optimal PRS pattern of Theorem 4 of [BM] and its error variance.

    Built by :func:`optimal_pilot_pattern`; each parameter is also an attribute.

    Parameters
    ----------
    pattern : PilotPattern
        The pilot block at ``(delta*, S_t*, S_f*)`` on the scenario's numerology.
    delta : float
        delta* of [BM] eq. (41), in (0, 1).
    spacing_t, spacing_f : int
        S_t*, S_f* of [BM] eq. (40) (or the fixed spacings passed).
    prs_duration_s, prs_bandwidth_hz : float
        Nominal ``T_PRS = S_t* N_re^delta* T_sym`` (s) and
        ``B_PRS = S_f* N_re^(1-delta*) f_Delta`` (Hz).
    log_argument : float
        The argument of ``log_{N_re}`` in eq. (41) (Remark 5 claims it is < 1).
    scir : float
        eta of [BM] eq. (15) and eq. (39): SCIR at which :attr:`error_variance_m2` is
        evaluated, linear.
    error_variance_m2 : float
        sigma^2 at the optimum (corrected eq. (39)), m^2.

    Raises
    ------
    TypeError
        A missing field or one given positionally (from the dataclass constructor); the
        fields are not validated.

    Examples
    --------
    >>> from ofdmisac.network import BeamManagementScenario, optimal_pilot_pattern
    >>> d = optimal_pilot_pattern(BeamManagementScenario.mmwave())
    >>> d.n_re, round(d.prs_duration_s * 1e3, 3), d.to_dict()["spacing_f"]
    (1000, 0.657, 4)
    """

    pattern: PilotPattern
    delta: float
    spacing_t: int
    spacing_f: int
    prs_duration_s: float
    prs_bandwidth_hz: float
    log_argument: float
    scir: float
    error_variance_m2: float

    @property
    def n_re(self) -> int:
        """Pilot budget N_re."""
        return self.pattern.n_re

    def error_model(self) -> PaperErrorModel:
        """The sensing error model of [BM] eq. (15) for this pattern.

        Its resolutions are those of [BM] eq. (13) at this pattern's ``T_PRS`` and
        ``B_PRS``.

        Returns
        -------
        PaperErrorModel
            ``sigma_v(eta)``, ``sigma_d(eta, n_beams)`` of this pattern.

        References
        ----------
        [BM] eq. (13)
        [BM] eq. (15)
        """
        return PaperErrorModel(prs_bandwidth_hz=self.prs_bandwidth_hz,
                               prs_duration_s=self.prs_duration_s,
                               fc_hz=self.pattern.fc_hz)

    def to_dict(self) -> dict:
        """JSON-ready summary of the design.

        Returns
        -------
        dict
            ``n_re``, ``delta``, ``spacing_t``, ``spacing_f``, ``prs_duration_s``,
            ``prs_bandwidth_hz``, ``log_argument``, ``scir``, ``error_variance_m2``
            (plain numbers; the pattern itself is left out).
        """
        return {"n_re": self.n_re, "delta": self.delta, "spacing_t": self.spacing_t,
                "spacing_f": self.spacing_f, "prs_duration_s": self.prs_duration_s,
                "prs_bandwidth_hz": self.prs_bandwidth_hz,
                "log_argument": self.log_argument, "scir": self.scir,
                "error_variance_m2": self.error_variance_m2}


def optimal_spacings(scenario, *, max_range_m=None, max_velocity_mps=None,
                     symmetric_velocity: bool = False) -> tuple[int, int]:
    """Optimal PRS spacings S_t*, S_f* of Theorem 4 of [BM].

    ``S_t* = floor(c / (2 f_c T_sym V_max))``, ``S_f* = floor(c / (2 f_Delta D_max))``
    ([BM] eq. (40)): the largest integers meeting the constraints of eq. (39) on the
    unambiguous velocity and range of eq. (14).
    The ``v_max`` of eq. (14) is the alias period of the pilot lattice (velocities are
    known modulo ``v_max``); eq. (39) asks ``v_max >= V_max``, enough for speeds in
    ``[0, V_max)`` of one sign. ``symmetric_velocity=True`` asks ``v_max >= 2 V_max``
    (MTs approaching and receding at up to ``V_max``), which halves S_t*.

    Parameters
    ----------
    scenario : BeamManagementScenario
        Uses ``fc_hz``, ``symbol_duration_s``, ``scs_hz`` and, as the defaults of the
        keywords, ``max_range_m`` and ``max_velocity_mps``.
    max_range_m : float, optional
        D_max, m (> 0); None (default): ``scenario.max_range_m``.
    max_velocity_mps : float, optional
        V_max, m/s (> 0); None (default): ``scenario.max_velocity_mps``.
    symmetric_velocity : bool, optional
        Require ``v_max >= 2 V_max`` (default False: ``v_max >= V_max``).

    Returns
    -------
    tuple of int
        ``(S_t*, S_f*)``, each >= 1.

    Raises
    ------
    ValueError
        If no spacing >= 1 meets a constraint, or D_max/V_max is not finite and > 0.
    TypeError
        If D_max or V_max is not a real number.

    References
    ----------
    [BM] eq. (14)
    [BM] eq. (40)

    Examples
    --------
    >>> from ofdmisac.network import BeamManagementScenario
    >>> s = BeamManagementScenario.mmwave()
    >>> optimal_spacings(s), optimal_spacings(s, symmetric_velocity=True)
    ((33, 4), (16, 4))
    """
    _check_scenario(scenario)
    d_max = scenario.max_range_m if max_range_m is None else max_range_m
    v_max = scenario.max_velocity_mps if max_velocity_mps is None else max_velocity_mps
    check_array("max_range_m", d_max, minimum=0.0, strict_min=True)
    check_array("max_velocity_mps", v_max, minimum=0.0, strict_min=True)
    v_span = 2.0 * v_max if symmetric_velocity else v_max
    s_t = math.floor(_C / (2.0 * scenario.fc_hz * scenario.symbol_duration_s * v_span))
    s_f = math.floor(_C / (2.0 * scenario.scs_hz * d_max))
    if s_t < 1:
        raise ValueError(f"max_velocity_mps={v_max!r} is not allowed: even S_t = 1 gives "
                         f"v_max = {_C / (2 * scenario.fc_hz * scenario.symbol_duration_s):.4g}"
                         " m/s; use a smaller value")
    if s_f < 1:
        raise ValueError(f"max_range_m={d_max!r} is not allowed: even S_f = 1 gives "
                         f"d_max = {_C / (2 * scenario.scs_hz):.4g} m; use a smaller value")
    return s_t, s_f


def optimal_pilot_pattern(scenario, scir=1.0, *, n_re=None, spacing_t=None, spacing_f=None,
                          max_range_m=None, max_velocity_mps=None,
                          symmetric_velocity: bool = False) -> PrsDesign:
    """Optimal PRS pattern (delta*, S_t*, S_f*) of Theorem 4 of [BM].

    Minimizes the (corrected) error variance of [BM] eq. (39):
    ``S_t* = floor(c / (2 f_c T_sym V_max))`` and ``S_f* = floor(c / (2 f_Delta D_max))``
    (eq. (40)): sigma^2 decreases in both spacings, so they take the largest integers
    allowed by the unambiguous velocity/range constraints (eq. (14)). Then, with
    ``A = c tau / (4 pi f_c S_t T_sym)`` and ``B = sin(pi/n_B) c / (S_f f_Delta)``,
    ``sigma^2 eta = A^2 x^-1 + 2 B^2 x / N_re^2`` with ``x = N_re^(2 delta)`` is minimized
    at ``x = N_re A / (sqrt(2) B)``, i.e. eq. (41):
    ``delta* = (log_{N_re}(tau S_f f_Delta / (4 sqrt(2) pi sin(pi/n_B) f_c S_t T_sym)) + 1) / 2``.
    delta* does not depend on ``scir`` (Remark 5); ``scir`` only sets the reported
    :attr:`PrsDesign.error_variance_m2`.

    Parameters
    ----------
    scenario : BeamManagementScenario
        Network/frame parameters; ``max_range_m`` and ``max_velocity_mps`` (D_max,
        V_max) and ``prs_resource_elements`` (N_re) are the defaults of the keywords.
    scir : float, optional
        eta of [BM] eq. (15) and eq. (39): sensing SCIR, linear (> 0), for the reported
        variance only (default 1).
    n_re : int, optional
        Pilot budget N_re (>= 2); None (default): ``scenario.prs_resource_elements``.
    spacing_t, spacing_f : int, optional
        Fix S_t and/or S_f (integers >= 1) instead of eq. (40) (e.g. the spacing 3 of
        [BM] Sec. V-C); delta* is then eq. (41) for these spacings.
    max_range_m, max_velocity_mps : float, optional
        D_max (m), V_max (m/s) of the constraints in eq. (39); None: the scenario's.
    symmetric_velocity : bool, optional
        Require ``v_max >= 2 V_max`` (speeds of both signs) instead of eq. (39)'s
        ``v_max >= V_max`` (default False); see :func:`optimal_spacings`.

    Returns
    -------
    PrsDesign
        The pattern, delta*, the spacings and the variance at ``scir``.

    Raises
    ------
    ValueError
        If a constraint admits no spacing >= 1, if (41) falls outside (0, 1) (the
        minimum over the open interval is then not attained: too few pilots for these
        spacings), or for invalid numbers.
    TypeError
        If ``scenario`` is not a :class:`BeamManagementScenario`, ``n_re`` is not an
        integer or ``scir`` is not a real number.

    References
    ----------
    [BM] Theorem 4
    [BM] eq. (39)
    [BM] eq. (40)
    [BM] eq. (41)

    Examples
    --------
    >>> from ofdmisac.network import BeamManagementScenario
    >>> d = optimal_pilot_pattern(BeamManagementScenario.mmwave())
    >>> d.spacing_t, d.spacing_f, round(d.delta, 3)
    (33, 4, 0.217)
    """
    _check_scenario(scenario)
    n = _n_re(scenario, n_re)
    eta_f = float(check_threshold("scir", scir))
    s_t, s_f = optimal_spacings(scenario, max_range_m=max_range_m,
                                max_velocity_mps=max_velocity_mps,
                                symmetric_velocity=symmetric_velocity)
    for name, value in (("spacing_t", spacing_t), ("spacing_f", spacing_f)):
        if value is not None and (isinstance(value, bool)
                                  or not isinstance(value, (int, np.integer)) or value < 1):
            raise ValueError(f"{name}={value!r} is not allowed; use an integer >= 1")
    s_t = s_t if spacing_t is None else int(spacing_t)
    s_f = s_f if spacing_f is None else int(spacing_f)
    arg = (scenario.ssb_period_s * s_f * scenario.scs_hz
           / (4.0 * math.sqrt(2.0) * math.pi * math.sin(math.pi / scenario.n_beams)
              * scenario.fc_hz * s_t * scenario.symbol_duration_s))
    delta = 0.5 * (math.log(arg) / math.log(n) + 1.0)
    if not 0.0 < delta < 1.0:
        raise ValueError(f"the optimum of (39) is not inside 0 < delta < 1 (eq. (41) gives "
                         f"delta={delta:.4g} for n_re={n}, S_t={s_t}, S_f={s_f}); use more "
                         "pilot resource elements")
    pattern = PilotPattern(n_re=n, delta=delta, spacing_t=s_t, spacing_f=s_f,
                           scs_hz=scenario.scs_hz, symbol_duration_s=scenario.symbol_duration_s,
                           fc_hz=scenario.fc_hz)
    var = float(sensing_error_variance(scenario, delta, s_t, s_f, eta_f, n_re=n))
    return PrsDesign(pattern=pattern, delta=delta, spacing_t=s_t, spacing_f=s_f,
                     prs_duration_s=pattern.duration_s, prs_bandwidth_hz=pattern.bandwidth_hz,
                     log_argument=arg, scir=eta_f, error_variance_m2=var)


def pattern_error_model(scenario, delta, *, n_re=None, spacing_t=3, spacing_f=3):
    """Sensing error model of [BM] for the PRS pattern at ``delta``.

    The model of [BM] eq. (15); the resolutions of [BM] eq. (13) come from the pattern's
    ``T_PRS = S_t N_re^delta T_sym`` and ``B_PRS = S_f N_re^(1-delta) f_Delta``
    (nominal, :class:`~ofdmisac.waveforms.PilotPattern`).

    Parameters
    ----------
    scenario : BeamManagementScenario
        Uses ``scs_hz``, ``symbol_duration_s``, ``fc_hz`` and, by default,
        ``prs_resource_elements``.
    delta : float
        Time-to-frequency ratio, in (0, 1).
    n_re : int, optional
        Pilot budget N_re (>= 2); None (default): ``scenario.prs_resource_elements``.
    spacing_t, spacing_f : int, optional
        PRS spacings S_t, S_f (integers >= 1; default 3, [BM] Sec. V-C).

    Returns
    -------
    PaperErrorModel
        ``sigma_v(eta)``, ``sigma_d(eta, n_beams)`` of the pattern.

    Raises
    ------
    ValueError
        For ``delta`` outside (0, 1), ``n_re < 2`` or a spacing < 1 (from
        :class:`~ofdmisac.waveforms.PilotPattern`).
    TypeError
        If ``scenario`` is not a :class:`BeamManagementScenario`, or ``n_re`` or a
        spacing is not an integer.

    References
    ----------
    [BM] eq. (13)
    [BM] eq. (15)

    Examples
    --------
    >>> from ofdmisac.network import BeamManagementScenario
    >>> m = pattern_error_model(BeamManagementScenario.mmwave(), 0.3)
    >>> round(m.prs_duration_s * 1e3, 4)
    0.1063
    """
    _check_scenario(scenario)
    delta = check_real("delta", delta, minimum=0.0, maximum=1.0, strict_min=True, strict_max=True)
    pattern = PilotPattern(n_re=_n_re(scenario, n_re), delta=delta,
                           spacing_t=spacing_t, spacing_f=spacing_f, scs_hz=scenario.scs_hz,
                           symbol_duration_s=scenario.symbol_duration_s, fc_hz=scenario.fc_hz)
    return PaperErrorModel(prs_bandwidth_hz=pattern.bandwidth_hz,
                           prs_duration_s=pattern.duration_s, fc_hz=scenario.fc_hz)


def _spacings(scenario, spacing_t, spacing_f):
    if spacing_t is None or spacing_f is None:
        opt_t, opt_f = optimal_spacings(scenario)
        spacing_t = opt_t if spacing_t is None else spacing_t
        spacing_f = opt_f if spacing_f is None else spacing_f
    return spacing_t, spacing_f


def misalignment_vs_delta(scenario, delta, scir, *, n_re=None, spacing_t=None, spacing_f=None):
    """Misalignment probability p_v^s versus the time-frequency ratio.

    The curves of [BM] Fig. 6.

    For each ``delta`` the error model of [BM] eq. (15) takes the resolutions of
    eq. (13) of the PRS pattern at ``delta`` (:func:`pattern_error_model`) and p_v^s is
    eq. (29) with sigma of eq. (30)
    (:func:`~ofdmisac.network.sensing_misalignment_probability`).

    Parameters
    ----------
    scenario : BeamManagementScenario
        Network/frame parameters.
    delta : array_like of float
        Ratios in (0, 1), any shape.
    scir : float
        eta of [BM] eq. (15) and eq. (39): sensing SCIR, linear (> 0).
    n_re : int, optional
        Pilot budget N_re (>= 2); None (default): ``scenario.prs_resource_elements``.
    spacing_t, spacing_f : int, optional
        Spacings (integers >= 1); None (default): S_t*, S_f* of eq. (40).

    Returns
    -------
    numpy.ndarray of float64
        p_v^s, shape of ``delta``.

    Raises
    ------
    ValueError
        For ``delta`` outside (0, 1), ``scir`` not finite and > 0, ``n_re < 2``, a
        spacing < 1, or no spacing meeting the constraints of eq. (40).
    TypeError
        If ``scenario`` is not a :class:`BeamManagementScenario`, or ``delta`` or
        ``scir`` is not a real number.

    References
    ----------
    [BM] eq. (13)
    [BM] eq. (15)
    [BM] eq. (29)
    [BM] eq. (30)

    Examples
    --------
    >>> from ofdmisac.network import BeamManagementScenario
    >>> misalignment_vs_delta(BeamManagementScenario.mmwave(), [0.2, 0.5], 1.0).round(4)
    array([0.0081, 0.0428])
    """
    from ._misalignment import sensing_misalignment_probability

    _check_scenario(scenario)
    deltas = check_array("delta", delta, minimum=0.0, maximum=1.0, strict_min=True, strict_max=True)
    scir = float(check_threshold("scir", scir))
    s_t, s_f = _spacings(scenario, spacing_t, spacing_f)
    out = np.array([float(sensing_misalignment_probability(
        scenario, scir, error_model=pattern_error_model(scenario, d, n_re=n_re, spacing_t=s_t,
                                                       spacing_f=s_f)))
        for d in deltas.ravel()])
    return out.reshape(deltas.shape)


def simulate_misalignment_vs_delta(scenario, delta, scir, *, n_re=None, spacing_t=None,
                                   spacing_f=None, n_trials=200_000, rng=None):
    """Monte Carlo twin of :func:`misalignment_vs_delta`.

    The event of [BM] eq. (50).

    Draws ``d_b ~ Exp(mu_g)``, ``eps_v ~ N(0, sigma_v^2)``, ``eps_d ~ N(0, sigma_d^2)``
    (sigma_v, sigma_d of (15) with the resolutions of the pattern at ``delta``), keeps
    the draws with no timeout (``d_b > v tau_RRC``) and counts the misalignment event
    ``d_b < v tau`` and ``d_b + eps_d > (v + eps_v) tau`` (the BS believes the MT reaches
    the next SSB burst before the boundary while it does not).

    Parameters
    ----------
    scenario : BeamManagementScenario
        As in :func:`misalignment_vs_delta`.
    delta : array_like of float
        Ratios in (0, 1), any shape.
    scir : float
        eta of [BM] eq. (15): sensing SCIR, linear (> 0).
    n_re : int, optional
        Pilot budget N_re (>= 2); None (default): ``scenario.prs_resource_elements``.
    spacing_t, spacing_f : int, optional
        Spacings (integers >= 1); None (default): S_t*, S_f* of eq. (40).
    n_trials : int, optional
        Draws per delta (>= 100; default 200 000).
    rng : numpy.random.Generator, int, SeedSequence or None, optional
        Randomness source (None: fresh OS entropy).

    Returns
    -------
    estimate, standard_error : numpy.ndarray of float64
        Conditional event frequency and its binomial standard error, shape of ``delta``.

    Raises
    ------
    ValueError
        For ``n_trials < 100`` (or not an integer), and as :func:`misalignment_vs_delta`
        for ``delta``, ``scir``, ``n_re`` and the spacings.
    TypeError
        If ``scenario`` is not a :class:`BeamManagementScenario`, or ``delta`` or
        ``scir`` is not a real number.

    References
    ----------
    [BM] eq. (50)

    Examples
    --------
    >>> from ofdmisac.network import BeamManagementScenario
    >>> s = BeamManagementScenario.mmwave()
    >>> p, se = simulate_misalignment_vs_delta(s, [0.2, 0.5], 1.0, n_trials=2000, rng=1)
    >>> p.shape, bool(np.all(se < 0.01))
    ((2,), True)
    """
    _check_scenario(scenario)
    if isinstance(n_trials, bool) or not isinstance(n_trials, (int, np.integer)) \
            or n_trials < 100:
        raise ValueError(f"n_trials={n_trials!r} is not allowed; use an integer >= 100")
    gen = as_generator(rng)
    deltas = check_array("delta", delta, minimum=0.0, maximum=1.0, strict_min=True, strict_max=True)
    scir = float(check_threshold("scir", scir))
    s_t, s_f = _spacings(scenario, spacing_t, spacing_f)
    models = [pattern_error_model(scenario, d, n_re=n_re, spacing_t=s_t, spacing_f=s_f)
              for d in deltas.ravel()]
    sig_v = np.array([float(m.sigma_v(scir)) for m in models])[:, None]
    sig_d = np.array([float(m.sigma_d(scir, scenario.n_beams)) for m in models])[:, None]
    shape = (deltas.size, int(n_trials))
    d_b = gen.exponential(1.0 / scenario.beam_switch_intensity_per_m, shape)
    eps_v = sig_v * gen.standard_normal(shape)
    eps_d = sig_d * gen.standard_normal(shape)
    v, tau = scenario.speed_mps, scenario.ssb_period_s
    kept = d_b > scenario.mu0_m
    event = kept & (d_b < v * tau) & (d_b + eps_d > (v + eps_v) * tau)
    n_kept = kept.sum(axis=1)
    p = event.sum(axis=1) / n_kept
    se = np.sqrt(p * (1.0 - p) / n_kept)
    return p.reshape(deltas.shape), se.reshape(deltas.shape)
