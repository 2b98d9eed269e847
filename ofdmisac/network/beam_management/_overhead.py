"""Beam-management overhead of [BM] Section IV-C and its baselines.

Units. Each term of (42), (43) and (44) is an event rate (1/s) times a time per event (s): seconds
of beam-management signalling per second of operation, i.e. the *fraction of time* lost
to beam management (dimensionless). This is what [BM] Fig. 8 plots (0.48 for the
conventional scheme at n_B = 256, mmWave: ``mu_b T_b = 20.4/s x 23 ms = 0.469`` plus
``mu_h T_h = 0.318/s x 43 ms = 0.014``) and what enters ``(1 - T_overhead)^+`` in (45).
It can exceed 1 (then the effective ASE is 0).

Three schemes:

``"conventional"``
    (42) with (43): ``mu_b = 1 / max(tau, 1/mu_tb)``, ``T_b = tau + tau_RRC``,
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

from ._distributed_pilots import DistributedPilots, distributed_pilot_design
from ._handover import _check_no_timeout, _check_scenario, _rate, handover_probability

__all__ = ['Overhead', 'conventional_overhead', 'isac_overhead', 'distributed_overhead']


@dataclass(frozen=True, kw_only=True)
class Overhead:
    """Beam-management overhead of one scheme, as fractions of time (s per s).

    Built by :func:`conventional_overhead`, :func:`isac_overhead` and
    :func:`distributed_overhead`; each parameter is also an attribute, and
    :attr:`total` is ``T_overhead`` of [BM] eq. (42) or eq. (44).

    Parameters
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

    Raises
    ------
    TypeError
        A missing field or one given positionally (from the dataclass constructor); the
        fields are not validated.

    Examples
    --------
    >>> from ofdmisac.network import BeamManagementScenario, conventional_overhead
    >>> o = conventional_overhead(BeamManagementScenario.mmwave())
    >>> round(o.beam, 3), round(o.handover, 3), round(o.to_dict()["total"], 3)
    (0.469, 0.014, 0.482)
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
        """JSON-ready fields plus ``total``.

        Returns
        -------
        dict
            Every field by name and ``"total"`` (plain str/float values).
        """
        return {"scheme": self.scheme, "beam": self.beam, "handover": self.handover,
                "extra_handover": self.extra_handover, "total": self.total,
                "reselection_rate_per_s": self.reselection_rate_per_s,
                "reselection_delay_s": self.reselection_delay_s,
                "handover_probability": self.handover_probability}


def conventional_overhead(scenario) -> Overhead:
    """Beam-management overhead of the conventional scheme of [BM].

    The communication-only scheme: [BM] eq. (42) with the reselection rate of eq. (43).

    ``T = mu_b T_b + mu_h T_h`` with ``mu_b = 1 / max(tau, 1/mu_tb)``,
    ``mu_tb = n_B v sqrt(lambda_B) / pi``, ``mu_h = 4 v sqrt(lambda_B) / pi``,
    ``T_b = tau + tau_RRC`` and ``T_h = T_b + tau_RACH``. Rates times durations: the
    result is a fraction of time (see the module docstring).

    Parameters
    ----------
    scenario : BeamManagementScenario
        Uses ``n_beams``, ``speed_mps``, ``bs_density_per_m2``, ``ssb_period_s``,
        ``rrc_delay_s`` and ``rach_delay_s``.

    Returns
    -------
    Overhead
        The terms of eq. (42); ``extra_handover`` and ``handover_probability`` are 0.

    Raises
    ------
    TypeError
        If ``scenario`` is not a :class:`BeamManagementScenario`.

    References
    ----------
    [BM] eq. (42)
    [BM] eq. (43)

    Examples
    --------
    >>> from ofdmisac.network import BeamManagementScenario
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
    """Beam-management overhead of the proposed ISAC scheme of [BM].

    [BM] eq. (44).

    ``T = mu_b* T_b* + mu_h p_HO T_h* + mu_h T_h`` with
    ``mu_b* = 1 / max(tau_RRC, 1/mu_tb)``, ``T_b* = T_PRS + tau_RRC``,
    ``T_h* = T_b* + tau_RACH``, ``T_h = tau + tau_RRC + tau_RACH`` and p_HO of
    :func:`handover_probability`.

    Parameters
    ----------
    scenario : BeamManagementScenario
        Uses ``n_beams``, ``speed_mps``, ``bs_density_per_m2``, the delays and the
        fields of :func:`handover_probability`.
    prs_duration_s : float, optional
        T_PRS, s (finite, > 0); None (default): ``scenario.prs_duration_s`` (Table II:
        5 ms mmWave, 1 ms THz). Pass ``optimal_pilot_pattern(...).prs_duration_s`` for
        the optimized block.
    no_timeout : {"lemma1", "printed"}, optional
        Prefactor of p_HO (see :func:`handover_probability`; default ``"lemma1"``).

    Returns
    -------
    Overhead
        The three terms of eq. (44) (the numbers of Remark 6 for Table II).

    Raises
    ------
    ValueError
        If ``prs_duration_s`` is not finite and > 0, or ``no_timeout`` is unknown.
    TypeError
        If ``scenario`` is not a :class:`BeamManagementScenario`.

    References
    ----------
    [BM] eq. (44)

    Examples
    --------
    >>> from ofdmisac.network import BeamManagementScenario
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


def distributed_overhead(scenario, *, design: DistributedPilots | None = None,
                         no_timeout: str = "lemma1") -> Overhead:
    """Beam-management overhead of the distributed-pilot baseline of [BM].

    The baseline of [BM] Section V-C.

    [BM] eq. (44) with ``T_b* = T_obs + tau_RRC`` (the observation window of the
    spread pilots, :class:`DistributedPilots`).

    Parameters
    ----------
    scenario : BeamManagementScenario
        As in :func:`isac_overhead`.
    design : DistributedPilots, optional
        None (default): ``distributed_pilot_design(scenario)``.
    no_timeout : {"lemma1", "printed"}, optional
        Prefactor of p_HO (see :func:`handover_probability`; default ``"lemma1"``).

    Returns
    -------
    Overhead
        The three terms of eq. (44) with the baseline's ``T_b*``.

    Raises
    ------
    ValueError
        If ``no_timeout`` is unknown, or from :func:`distributed_pilot_design` (default
        design) when the scenario's ``prs_resource_elements`` does not exceed the pilot
        symbols of the window.
    TypeError
        If ``scenario`` is not a :class:`BeamManagementScenario` or ``design`` is not a
        :class:`DistributedPilots`.

    References
    ----------
    [BM] eq. (44)

    Examples
    --------
    >>> from ofdmisac.network import BeamManagementScenario, distributed_pilot_design
    >>> s = BeamManagementScenario.mmwave()
    >>> round(distributed_overhead(s, design=distributed_pilot_design(s, n_re=5000)).total, 3)
    0.483
    """
    _check_scenario(scenario)
    _check_no_timeout(no_timeout)
    if design is None:
        design = distributed_pilot_design(scenario)
    if not isinstance(design, DistributedPilots):
        raise TypeError(f"design={design!r} is not allowed; pass a DistributedPilots")
    return _sensing_assisted_overhead(scenario, "distributed", design.observation_s, no_timeout)

