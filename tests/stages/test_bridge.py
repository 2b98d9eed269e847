"""The bridge: the network stage's error model is measured on the scenario's waveform."""

import numpy as np
import pytest

from ofdmisac._stages import network, sensing
from ofdmisac._stages._context import StageContext
from ofdmisac.config import network_scenario, resolve_config
from ofdmisac.network import (
    BeamManagementScenario,
    optimal_pilot_pattern,
    scenario_sensing_grid,
)

# small Monte Carlo: the check is about the waveform, not the accuracy
_FAST = {"run": {"quick_trials": {"sensing": 20}}, "sensing": {"quick_scir_db": [0.0, 20.0]},
         "scene": {"clutter": {"enabled": False}, "interference": {"distances_m": []}}}


def _config(**carrier):
    return resolve_config({"base": "bm_mmwave", **_FAST, "carrier": carrier})


def test_scenario_sensing_grid_is_the_prs_block():
    s = BeamManagementScenario.mmwave()
    d = optimal_pilot_pattern(s, n_re=5000, spacing_t=3, spacing_f=3)
    g = scenario_sensing_grid(s, design=d)
    full = scenario_sensing_grid(s, design=d, compact=False)
    p = d.pattern
    assert g.shape == (p.n_subcarriers, p.n_symbols) and g.pilot_mask.all()
    assert full.shape == (3 * p.n_subcarriers, 3 * p.n_symbols)
    assert int(full.pilot_mask.sum()) == p.n_pilots
    assert g.fc_hz == full.fc_hz == s.fc_hz
    assert g.bandwidth_hz == pytest.approx(full.bandwidth_hz)
    assert g.bandwidth_hz == pytest.approx(3 * p.n_subcarriers * s.scs_hz)
    # the pilot symbols are every third NR symbol (the longer CP every 0.5 ms included)
    np.testing.assert_array_equal(g.symbol_times_s, full.symbol_times_s[::3])
    assert g.unambiguous_range_m == pytest.approx(s.replace(prs_subcarrier_spacing=3)
                                                  .unambiguous_range_m)
    assert g.range_resolution_m == pytest.approx(full.range_resolution_m)
    uniform = scenario_sensing_grid(s, design=d, nr_symbol_times=False)
    np.testing.assert_allclose(np.diff(uniform.symbol_times_s), 3 * s.symbol_duration_s)


def test_scenario_sensing_grid_refuses_another_scenarios_design():
    s = BeamManagementScenario.mmwave()
    d = optimal_pilot_pattern(BeamManagementScenario.thz())
    with pytest.raises(ValueError, match=r"^design='PrsDesign\(fc_hz=100000000000\.0\)' is not "
                                         r"allowed; use a design made for the scenario"):
        scenario_sensing_grid(s, design=d)
    with pytest.raises(TypeError, match=r"^design=3 is not allowed"):
        scenario_sensing_grid(s, design=3)


@pytest.mark.slow
def test_network_error_model_is_measured_on_the_scenario_waveform(tmp_path):
    models = {}
    for fc in (30.0, 28.0):
        cfg = _config(fc_ghz=fc, scs_khz=240, n_rb=132)
        ctx = StageContext(out_dir=tmp_path / f"fc{fc:g}", quick=True, verbose=False,
                           config=cfg, config_name=f"fc{fc:g}")
        sensing.run(ctx)
        summary = network.run(ctx)
        meta = summary["error_model_waveform"]
        assert summary["error_model"] == "MeasuredErrorModel"
        scenario = network_scenario(cfg)
        design = ctx.artifacts["prs_design"]
        # fc of the scenario, the bandwidth and duration the network models use, the design
        assert meta["fc_hz"] == scenario.fc_hz == summary["fc_hz"] == fc * 1e9
        assert meta["bandwidth_hz"] == summary["prs_bandwidth_hz"]
        assert meta["duration_s"] == summary["prs_duration_s"]
        pp = meta["pilot_pattern"]
        assert (pp["n_re"], pp["delta"], pp["spacing_t"], pp["spacing_f"]) == \
            (design.n_re, design.delta, design.spacing_t, design.spacing_f)
        assert (pp["pilot_subcarriers"], pp["pilot_symbols"]) == \
            (design.pattern.n_subcarriers, design.pattern.n_symbols)
        assert meta["bandwidth_hz"] == pytest.approx(
            design.spacing_f * design.pattern.n_subcarriers * scenario.scs_hz)
        models[fc] = ctx.artifacts["error_model"]
    # changing fc changes the measured model (the velocity errors scale with 1 / fc)
    assert models[30.0].rmse_velocity_mps != models[28.0].rmse_velocity_mps
    assert np.mean(np.array(models[28.0].rmse_velocity_mps)
                   / np.array(models[30.0].rmse_velocity_mps)) > 1.0


def test_block_and_prs_pilots_build_their_grids(tmp_path):
    from ofdmisac._stages._waveform import sensing_setup
    from ofdmisac.waveforms import PilotPattern

    cfg = resolve_config({"base": "bm_mmwave", "sensing": {"pilot": "block",
                                                           "design": {"delta": 0.3}}})
    ctx = StageContext(out_dir=tmp_path, config=cfg, verbose=False)
    setup = sensing_setup(ctx)
    p = PilotPattern(n_re=5000, delta=0.3, spacing_t=3, spacing_f=3, scs_hz=240e3,
                     symbol_duration_s=4.46e-6, fc_hz=30e9)
    assert setup["grid"].shape == (p.n_subcarriers, p.n_symbols)
    assert setup["design"].delta == 0.3
    assert setup["scenario"].prs_bandwidth_hz == setup["grid"].bandwidth_hz
    cfg = resolve_config({"base": "bm_mmwave", "sensing": {"pilot": "prs"}})
    ctx = StageContext(out_dir=tmp_path, config=cfg, verbose=False)
    setup = sensing_setup(ctx)
    assert setup["design"] is None and setup["grid"].shape == (1584, 28)
    assert int(setup["grid"].pilot_mask.sum()) == 2 * 12 * 84 * 3
    assert setup["scenario"].prs_duration_s == setup["grid"].observation_time_s


@pytest.mark.slow
def test_sensing_stage_on_a_prs_in_trial_chunks(tmp_path, monkeypatch):
    from ofdmisac.estimators.radar import _error_statistics

    # a small working-memory budget forces measure_error_statistics into several chunks
    monkeypatch.setattr(_error_statistics, "_CHUNK_BUDGET_BYTES", 4 << 20)
    cfg = resolve_config({"base": "bm_mmwave", **_FAST, "sensing": {
        "pilot": "prs", "quick_scir_db": [10.0, 20.0]}, "run": {"quick_trials": {"sensing": 40}}})
    ctx = StageContext(out_dir=tmp_path, quick=True, config=cfg, verbose=False)
    summary = sensing.run(ctx)
    assert summary["waveform"]["pilot"] == "prs"
    # two slots resolve velocity to ~40 m/s: the scene's targets fall in the zero-velocity
    # notch, so only the error statistics are checked here: the RMSE of 40 trials has a
    # relative standard error of 1 / sqrt(2 * 40) = 11 %, the bounds are about 3.6 SE
    assert summary["error_model_trials"] == 40
    assert 0.6 < summary["rmse_over_root_crlb_range_at_max_scir"] < 1.4
    assert 0.6 < summary["rmse_over_root_crlb_velocity_at_max_scir"] < 1.4
