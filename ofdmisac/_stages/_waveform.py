"""The sensing waveform of a run, shared by the ``sensing`` and ``network`` stages.

One function, :func:`sensing_setup`, turns the resolved configuration into the [BM]
network scenario, the PRS design and the :class:`~ofdmisac.waveforms.SensingGrid` on which
the ``sensing`` stage measures its error model; the ``network`` stage evaluates its models
on the same scenario, so that both stages describe one waveform: the carrier frequency
``fc`` of ``[carrier]``, the bandwidth and duration of the PRS block, its pilot pattern.
The scenario's ``prs_bandwidth_hz`` and ``prs_duration_s`` ([BM] eq. (13)) are set to those
of the measured block (the Table II values of the preset describe another block).
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["sensing_setup", "waveform_metadata"]


def _block_design(scenario, d):
    """A :class:`PrsDesign` for the block of ``[sensing.design]`` as given (delta included)."""
    from ..network import PrsDesign, sensing_error_variance
    from ..waveforms import PilotPattern

    s_t = d["spacing_t"] or 1
    s_f = d["spacing_f"] or 1
    pattern = PilotPattern(n_re=d["n_re"], delta=d["delta"], spacing_t=s_t, spacing_f=s_f,
                           scs_hz=scenario.scs_hz, symbol_duration_s=scenario.symbol_duration_s,
                           fc_hz=scenario.fc_hz)
    arg = (scenario.ssb_period_s * s_f * scenario.scs_hz
           / (4.0 * math.sqrt(2.0) * math.pi * math.sin(math.pi / scenario.n_beams)
              * scenario.fc_hz * s_t * scenario.symbol_duration_s))
    var = float(sensing_error_variance(scenario, d["delta"], s_t, s_f, 1.0, n_re=d["n_re"]))
    return PrsDesign(pattern=pattern, delta=float(d["delta"]), spacing_t=s_t, spacing_f=s_f,
                     prs_duration_s=pattern.duration_s, prs_bandwidth_hz=pattern.bandwidth_hz,
                     log_argument=arg, scir=1.0, error_variance_m2=var)


def sensing_setup(ctx) -> dict:
    """``{"scenario", "design", "grid", "map_grid", "max_speed_mps"}`` of the run (cached).

    ``grid`` (rectangular windows, 2x zero padding) is the error-model grid, ``map_grid``
    (Hann windows, 4x padding) the grid of the scene's range-Doppler map; ``design`` is
    None for ``pilot = "prs"``.
    """
    if "sensing_setup" in ctx.artifacts:
        return ctx.artifacts["sensing_setup"]
    from ..config import network_scenario, prs_config
    from ..network import optimal_pilot_pattern, scenario_sensing_grid
    from ..waveforms import Carrier, SensingGrid

    cfg = ctx.config
    base = network_scenario(cfg, name=ctx.config_name)
    pilot = cfg["sensing"]["pilot"]
    d = cfg["sensing"]["design"]
    if pilot == "prs":
        carrier = Carrier(scs_khz=cfg["carrier"]["scs_khz"], n_rb=cfg["carrier"]["n_rb"])
        prs = prs_config(cfg)
        grid = SensingGrid.from_prs(carrier, prs, fc_hz=base.fc_hz,
                                    n_slots=cfg["prs"]["n_slots"])
        design = None
        # the staggered comb repeats the target inside the map (see measure_error_statistics)
        max_speed = 0.49 * grid.unambiguous_velocity_mps / 2
    else:
        if pilot == "optimal":
            design = optimal_pilot_pattern(base, n_re=d["n_re"],
                                           spacing_t=d["spacing_t"] or None,
                                           spacing_f=d["spacing_f"] or None)
        else:
            design = _block_design(base, d)
        grid = scenario_sensing_grid(base, design=design)
        max_speed = None
    scenario = base.replace(prs_bandwidth_hz=grid.bandwidth_hz,
                            prs_duration_s=grid.observation_time_s)
    n_sc, n_sym = grid.shape
    model_grid = grid.replace(window_range="rect", window_doppler="rect", n_range=2 * n_sc,
                              n_doppler=2 * n_sym)
    map_grid = grid.replace(window_range="hann", window_doppler="hann", n_range=4 * n_sc,
                            n_doppler=4 * n_sym)
    out = {"scenario": scenario, "design": design, "grid": model_grid, "map_grid": map_grid,
           "max_speed_mps": max_speed, "pilot": pilot}
    ctx.artifacts["sensing_setup"] = out
    return out


def waveform_metadata(setup) -> dict:
    """JSON-ready description of the sensing waveform of :func:`sensing_setup`."""
    g = setup["grid"]
    n_sc, n_sym = g.shape
    meta = {"pilot": setup["pilot"], "fc_hz": g.fc_hz, "bandwidth_hz": g.bandwidth_hz,
            "duration_s": g.observation_time_s, "scs_hz": g.scs_hz,
            "symbol_duration_s": g.symbol_duration_s, "n_subcarriers": n_sc,
            "n_symbols": n_sym, "n_pilots": int(g.pilot_mask.sum()),
            "symbol_times": "NR symbol start times (CP included)",
            "range_resolution_m": g.range_resolution_m,
            "velocity_resolution_mps": g.velocity_resolution_mps,
            "unambiguous_range_m": g.unambiguous_range_m,
            "unambiguous_velocity_mps": g.unambiguous_velocity_mps}
    design = setup["design"]
    if design is not None:
        p = design.pattern
        meta["pilot_pattern"] = {
            "n_re": design.n_re, "delta": design.delta, "spacing_t": design.spacing_t,
            "spacing_f": design.spacing_f, "pilot_symbols": p.n_symbols,
            "pilot_subcarriers": p.n_subcarriers,
            "nominal_prs_bandwidth_hz": design.prs_bandwidth_hz,
            "nominal_prs_duration_s": design.prs_duration_s,
            "grid": "pilot lattice: one RE per pilot, subcarrier spacing S_f f_Delta, "
                    "symbols S_t T_sym apart"}
    else:
        meta["pilot_pattern"] = {"kind": "TS 38.211 DL-PRS",
                                 "mask_re_count": int(np.count_nonzero(g.pilot_mask))}
    return meta
