"""Tests of ``ofdmisac.network.beam_management._prs_design``: [BM] Theorem 4, (39), Fig. 6."""

import math

import numpy as np
import pytest
from scipy.optimize import minimize_scalar

from ofdmisac.network import BeamManagementScenario
from ofdmisac.network.beam_management._misalignment import sensing_sigma_m
from ofdmisac.network.beam_management._prs_design import (
    PrsDesign,
    misalignment_vs_delta,
    optimal_pilot_pattern,
    optimal_spacings,
    pattern_error_model,
    sensing_error_variance,
    simulate_misalignment_vs_delta,
)
from ofdmisac.units import SPEED_OF_LIGHT_MPS as C

SCENARIOS = [
    BeamManagementScenario.mmwave(),
    BeamManagementScenario.thz(),
    BeamManagementScenario.mmwave(n_beams=64, prs_resource_elements=5000, max_range_m=60.0),
    BeamManagementScenario.thz(n_beams=1024, prs_resource_elements=300,
                               max_velocity_mps=10.0),
]


def _brute_force(s):
    """Minimize sigma^2 of (39) over integer spacings meeting (14) and real delta."""
    t_max = int(C / (2 * s.fc_hz * s.symbol_duration_s * s.max_velocity_mps)) + 3
    f_max = int(C / (2 * s.scs_hz * s.max_range_m)) + 3
    best = (np.inf, None)
    for s_t in range(1, t_max):
        if C / (2 * s.fc_hz * s_t * s.symbol_duration_s) < s.max_velocity_mps:
            continue
        for s_f in range(1, f_max):
            if C / (2 * s.scs_hz * s_f) < s.max_range_m:
                continue
            res = minimize_scalar(
                lambda d, s_t=s_t, s_f=s_f: sensing_error_variance(s, d, s_t, s_f, 1.0),
                bounds=(1e-9, 1 - 1e-9), method="bounded", options={"xatol": 1e-10})
            if res.fun < best[0]:
                best = (float(res.fun), (s_t, s_f, float(res.x)))
    return best


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: f"{s.name}-nB{s.n_beams}")
def test_theorem4_matches_direct_minimization(scenario):
    value, (s_t, s_f, delta) = _brute_force(scenario)
    design = optimal_pilot_pattern(scenario)
    assert (design.spacing_t, design.spacing_f) == (s_t, s_f)
    assert design.delta == pytest.approx(delta, abs=1e-6)
    assert design.error_variance_m2 == pytest.approx(value, rel=1e-9)
    assert design.error_variance_m2 <= value * (1 + 1e-12)


def test_variance_is_eq30_with_eq15_one_over_eta():
    s = BeamManagementScenario.mmwave()
    for delta, eta in ((0.2, 1e-3), (0.5, 1.0), (0.8, 30.0)):
        model = pattern_error_model(s, delta, spacing_t=5, spacing_f=2)
        ref = float(sensing_sigma_m(s, eta, model)) ** 2
        assert sensing_error_variance(s, delta, 5, 2, eta) == pytest.approx(ref, rel=1e-12)
    v = sensing_error_variance(s, 0.3, 3, 3, np.array([1.0, 10.0, 100.0]))
    np.testing.assert_allclose(v[1:] * [10, 100], v[0], rtol=1e-12)


def test_design_fields_pattern_and_eta_independence():
    s = BeamManagementScenario.mmwave()
    a, b = optimal_pilot_pattern(s, 1e-3), optimal_pilot_pattern(s, 10.0)
    assert isinstance(a, PrsDesign)
    assert a.delta == b.delta and a.spacing_t == b.spacing_t
    assert a.error_variance_m2 == pytest.approx(b.error_variance_m2 * 1e4, rel=1e-12)
    p = a.pattern
    assert a.prs_duration_s == pytest.approx(
        a.spacing_t * s.prs_resource_elements ** a.delta * s.symbol_duration_s)
    assert a.prs_bandwidth_hz == pytest.approx(p.bandwidth_hz)
    assert p.max_velocity_mps >= s.max_velocity_mps and p.max_range_m >= s.max_range_m
    assert a.error_model().prs_duration_s == a.prs_duration_s
    assert set(a.to_dict()) >= {"delta", "spacing_t", "spacing_f", "prs_duration_s"}
    fixed = optimal_pilot_pattern(s, n_re=5000, spacing_t=3, spacing_f=3)
    assert (fixed.spacing_t, fixed.spacing_f) == (3, 3)


def test_delta_grows_with_n_re_and_remark5_sign():
    for s in (BeamManagementScenario.mmwave(), BeamManagementScenario.thz()):
        deltas = [optimal_pilot_pattern(s, n_re=n).delta for n in (100, 1000, 10_000, 100_000)]
        assert np.all(np.diff(deltas) > 0)
        # Remark 5: the log argument of (41) is below 1 for the Table II numbers
        assert optimal_pilot_pattern(s).log_argument < 1
        assert optimal_pilot_pattern(s, spacing_t=3, spacing_f=3).log_argument < 1


def test_fig6_minimum_at_delta_star():
    s = BeamManagementScenario.mmwave()
    d = optimal_pilot_pattern(s).delta
    p = misalignment_vs_delta(s, [d - 0.05, d, d + 0.05], 1.0)
    assert p[1] < p[0] and p[1] < p[2]
    assert misalignment_vs_delta(s, 0.4, 1.0).shape == ()


@pytest.mark.slow
@pytest.mark.parametrize(("scenario", "eta"), [(BeamManagementScenario.mmwave(), 1.0),
                                               (BeamManagementScenario.mmwave(), 1e-2),
                                               (BeamManagementScenario.thz(), 1e-1)])
def test_fig6_vs_monte_carlo(scenario, eta):
    deltas = np.array([0.1, 0.3, 0.6, 0.9])
    p = misalignment_vs_delta(scenario, deltas, eta)
    est, se = simulate_misalignment_vs_delta(scenario, deltas, eta, n_trials=200_000, rng=7)
    assert np.all(se > 0)
    assert np.all(np.abs(p - est) < 4 * se), (p, est, se)


def test_bad_input():
    s = BeamManagementScenario.mmwave()
    with pytest.raises(ValueError, match="delta=.* is not allowed; use finite numbers > 0 and < 1"):
        sensing_error_variance(s, 1.0, 3, 3, 1.0)
    with pytest.raises(ValueError, match="scir=.* is not allowed"):
        sensing_error_variance(s, 0.5, 3, 3, 0.0)
    with pytest.raises(ValueError, match="spacing_t=.* is not allowed"):
        sensing_error_variance(s, 0.5, -1, 3, 1.0)
    with pytest.raises(ValueError, match="n_re=1 is not allowed"):
        sensing_error_variance(s, 0.5, 3, 3, 1.0, n_re=1)
    with pytest.raises(TypeError, match="BeamManagementScenario"):
        optimal_pilot_pattern({"fc_hz": 3e10})
    with pytest.raises(ValueError, match="max_velocity_mps=.* is not allowed"):
        optimal_spacings(s, max_velocity_mps=1e5)
    with pytest.raises(ValueError, match="max_range_m=.* is not allowed"):
        optimal_spacings(s, max_range_m=1e4)
    with pytest.raises(ValueError, match="not inside 0 < delta < 1"):
        optimal_pilot_pattern(s.replace(n_beams=4), n_re=10)
    with pytest.raises(ValueError, match="spacing_f=0 is not allowed"):
        optimal_pilot_pattern(s, spacing_f=0)
    with pytest.raises(ValueError, match="n_trials=10 is not allowed"):
        simulate_misalignment_vs_delta(s, 0.5, 1.0, n_trials=10)


def test_closed_form_delta_formula():
    s = BeamManagementScenario.thz()
    d = optimal_pilot_pattern(s)
    arg = (s.ssb_period_s * d.spacing_f * s.scs_hz
           / (4 * math.sqrt(2) * math.pi * math.sin(math.pi / s.n_beams) * s.fc_hz
              * d.spacing_t * s.symbol_duration_s))
    assert d.delta == pytest.approx(0.5 * (math.log(arg, s.prs_resource_elements) + 1))


def test_symmetric_velocity_interval_halves_s_t():
    s = BeamManagementScenario.mmwave()
    one = optimal_pilot_pattern(s)
    two = optimal_pilot_pattern(s, symmetric_velocity=True)
    assert two.spacing_t == int(C / (4 * s.fc_hz * s.symbol_duration_s * s.max_velocity_mps))
    assert two.spacing_t < one.spacing_t and two.spacing_f == one.spacing_f
    assert two.pattern.max_velocity_mps >= 2 * s.max_velocity_mps
    assert two.delta > one.delta


def test_fig6_delta_star_values_and_thz_below_mmwave():
    """[BM] Sec. V-B quotes delta* ~ 0.27 (mmWave) and ~ 0.32 (THz) at N_re = 1000 with
    the Fig. 5 caption's D_max, V_max. (41) gives 0.217 / 0.182, or 0.269 / 0.232 with a
    symmetric velocity interval (the mmWave 0.27); under either reading THz is below
    mmWave (f_c S_t* ~ c / (2 T_sym V_max) cancels the carrier; S_f* and V_max are smaller
    for THz), so the quoted 0.32 is not a value of (41) with the stated parameters."""
    for sym, (mm, thz) in ((False, (0.2166, 0.1819)), (True, (0.2690, 0.2320))):
        d_mm = optimal_pilot_pattern(BeamManagementScenario.mmwave(), n_re=1000,
                                     symmetric_velocity=sym).delta
        d_thz = optimal_pilot_pattern(BeamManagementScenario.thz(), n_re=1000,
                                      symmetric_velocity=sym).delta
        assert d_mm == pytest.approx(mm, abs=1e-4) and d_thz == pytest.approx(thz, abs=1e-4)
        assert d_thz < d_mm
