"""The distributed-pilot baseline of [BM] Section V-C: pilots spread over the observation
window, their error model.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ...estimators.radar._error_models import PaperErrorModel
from ...waveforms import PilotPattern
from ._handover import _check_scenario

__all__ = ['DistributedPilots', 'distributed_pilot_design']


@dataclass(frozen=True, kw_only=True)
class DistributedPilots:
    """The distributed-pilot ISAC baseline of [BM] Section V-C.

    The baseline is [BM]'s ref. [27].

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
    * resolutions, [BM] eq. (13): ``Delta v = c / (2 f_c T_PRS)`` (finer than a short PRS block),
      ``Delta r = c / (2 B_PRS)`` (coarser);
    * accuracy: [BM] eq. (15) with these resolutions at the same per-RE SCIR ``eta`` (same pilot
      count and energy per pilot): :meth:`error_model`;
    * beam-reselection delay ``T_b* = T_PRS + tau_RRC`` (about ``tau + tau_RRC``): a
      speed estimate at this resolution needs the whole observation window, so the
      reselection waits for it as the conventional scheme waits for the next SSB burst.
      The overhead is [BM] eq. (44) with this ``T_b*``.

    Built by :func:`distributed_pilot_design`; each parameter is also an attribute.

    Parameters
    ----------
    pattern : PilotPattern
        The spread lattice (``delta = delta_dist``, spacings ``S_t``, ``S_f``).
    n_pilot_symbols : int
        N_t.
    observation_s, bandwidth_hz : float
        T_PRS (s) and B_PRS (Hz) above (nominal, real-valued ``N_f``).
    reselection_delay_s : float
        ``T_b* = observation_s + tau_RRC``, s.

    Raises
    ------
    TypeError
        A missing field or one given positionally (from the dataclass constructor); the
        fields are not validated.

    Examples
    --------
    >>> from ofdmisac.network import BeamManagementScenario, distributed_pilot_design
    >>> d = distributed_pilot_design(BeamManagementScenario.mmwave(), n_re=5000)
    >>> round(d.observation_s * 1e3, 3), round(d.reselection_delay_s * 1e3, 3)
    (19.99, 22.99)
    """

    pattern: PilotPattern
    n_pilot_symbols: int
    observation_s: float
    bandwidth_hz: float
    reselection_delay_s: float

    def error_model(self) -> PaperErrorModel:
        """The sensing error model of [BM] eq. (15) for the spread lattice.

        Its resolutions are those of [BM] eq. (13) at ``observation_s`` and
        ``bandwidth_hz``.

        Returns
        -------
        PaperErrorModel
            ``sigma_v(eta)``, ``sigma_d(eta, n_beams)`` of the baseline.

        References
        ----------
        [BM] eq. (13)
        [BM] eq. (15)
        """
        return PaperErrorModel(prs_bandwidth_hz=self.bandwidth_hz,
                               prs_duration_s=self.observation_s, fc_hz=self.pattern.fc_hz)

    def to_dict(self) -> dict:
        """JSON-ready summary of the baseline.

        Returns
        -------
        dict
            ``n_re``, ``delta``, ``spacing_t``, ``spacing_f``, ``n_pilot_symbols``,
            ``observation_s``, ``bandwidth_hz``, ``reselection_delay_s`` (plain numbers).
        """
        return {"n_re": self.pattern.n_re, "delta": self.pattern.delta,
                "spacing_t": self.pattern.spacing_t, "spacing_f": self.pattern.spacing_f,
                "n_pilot_symbols": self.n_pilot_symbols, "observation_s": self.observation_s,
                "bandwidth_hz": self.bandwidth_hz,
                "reselection_delay_s": self.reselection_delay_s}


def distributed_pilot_design(scenario, *, n_re=None, spacing_t: int = 3,
                             spacing_f: int = 3, observation_s=None) -> DistributedPilots:
    """Build the distributed-pilot baseline of [BM] Section V-C.

    See :class:`DistributedPilots` for the definition.

    Parameters
    ----------
    scenario : BeamManagementScenario
        Uses ``ssb_period_s``, ``symbol_duration_s``, ``scs_hz``, ``fc_hz``,
        ``rrc_delay_s`` and ``prs_resource_elements`` (default of ``n_re``).
    n_re : int, optional
        Pilot budget N_re; must exceed ``N_t = floor(tau / (S_t T_sym))`` so that every
        pilot symbol carries more than one pilot. None (default):
        ``scenario.prs_resource_elements``.
    spacing_t, spacing_f : int, optional
        S_t, S_f (integers >= 1; default 3, [BM] Sec. V-C).
    observation_s : float, optional
        Window over which the pilots are spread (> 0); default the SSB period ``tau``
        (the definition above). ``spacing_t * scenario.prs_duration_s`` (the Table II PRS
        block with its pilot symbols interleaved with data S_t apart) is the reading that
        reproduces [BM] Fig. 8's 0.38 (mmWave, n_B = 256, lambda_B = 100/km^2): eq. (44)
        then gives ``20.4/s x 18 ms + 0.014 = 0.381``, while the SSB-period window gives
        0.483, the conventional value. Then ``N_t = floor(observation_s / (S_t T_sym))``.

    Returns
    -------
    DistributedPilots
        The lattice, its window, bandwidth and reselection delay.

    Raises
    ------
    ValueError
        For spacings < 1 (or not integers), ``n_re`` not an integer above ``N_t``, a
        window shorter than two pilot symbols (``S_t T_sym``), or ``observation_s`` not
        finite and > 0.
    TypeError
        If ``scenario`` is not a :class:`BeamManagementScenario`.

    References
    ----------
    [BM] eq. (44)

    Examples
    --------
    >>> from ofdmisac.network import BeamManagementScenario
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

