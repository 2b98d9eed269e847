"""Tests of ``ofdmisac.network.coupling._downlink_coverage``: [CC] Theorem 2, Remark 4."""

import dataclasses

import numpy as np
import pytest

from ofdmisac.network import (
    JointCoverageScenario,
    downlink_bounds_given_uplink_detection,
    downlink_coverage_bounds,
    downlink_joint_coverage,
    remark4_printed_bounds,
    sample_pair_geometry,
)
from ofdmisac.network import uplink_link as _link

# downlink scenario where both events of (29) bind at mid-range probabilities
DL = {"rician_factor": 0.2, "noise_power_w": 1e-14, "target_power_w": 10.0}


def test_downlink_theorem2_cases_and_corollary2():
    scenario = JointCoverageScenario(rician_factor=0.2)
    b = downlink_coverage_bounds(scenario)
    assert b["interference_floor"] == pytest.approx(0.5 / (0.5 * 64 * 1.2))
    es = np.array([0.005, 0.012, 0.02])
    assert np.all(downlink_joint_coverage(scenario, 0.99 * b["interference_floor"], es) == 0)
    assert np.all(downlink_joint_coverage(scenario, 0.02, 1.01 * b["benefit_ceiling"]) == 0)
    # printed first case of (29)
    ec, e_s = 0.016, 0.015
    rho, n, kap, pu, pt, a = 0.5, 64, 0.2, 1.0, 0.1, 2.8
    z1 = (pu * (rho * ec * n * (1 + kap) + rho - 1)
          / (pt * n * (1 + kap) * (1 - rho - kap * rho * ec * n))) ** (1 / a)
    z2 = (pu * (2 * rho - (kap + 1) * (1 - rho) * n * e_s)
          / (kap * (1 + kap) * pt * n**2 * (1 - rho) * e_s)) ** (1 / a)
    assert downlink_joint_coverage(scenario, ec, e_s) == pytest.approx(scenario.f_z(min(z1, z2)))
    # second case: kappa >= (1 - rho) / (rho eps_C N): communication always covered
    scn2 = dataclasses.replace(scenario, rician_factor=1.0)
    e_s2 = 0.01
    z2 = (pu / (1 * 2 * pt * n) * (2 * rho / ((1 - rho) * n * e_s2) - 2)) ** (1 / a)
    assert downlink_joint_coverage(scn2, 0.05, e_s2) == pytest.approx(scn2.f_z(z2))


def test_remark4_matches_printed_and_bounds_hold_on_samples():
    scenario = JointCoverageScenario()
    es = np.array([0.6, 0.8, 0.95])
    got = downlink_bounds_given_uplink_detection(scenario, es, model="paper")
    ref = remark4_printed_bounds(scenario, es)
    for key in ref:
        np.testing.assert_allclose(got[key], ref[key], rtol=1e-9)
    d_u, d_t = sample_pair_geometry(dataclasses.replace(scenario, noise_power_w=1e-20),
                                    n_samples=20000, rng=2)
    link = _link(dataclasses.replace(scenario, noise_power_w=1e-20), d_u, d_t)
    from ofdmisac.estimators import glrt_detection_probability_paper

    pd = glrt_detection_probability_paper(link, scenario.glrt_threshold)
    c = link.mmse_weight
    inv_psi = 0.5 / (0.5 * 64 * (1 + c))
    inv_omega = 2 * 0.5 * c / (0.5 * 64 * (1 + c))
    for i, e in enumerate(es):
        sel = pd >= e
        assert sel.any()
        assert inv_psi[sel].min() >= got["interference_floor"][i] * (1 - 1e-9)
        assert inv_omega[sel].max() <= got["benefit_ceiling"][i] * (1 + 1e-9)


def test_downlink_chain_model_limits():
    scenario = JointCoverageScenario(**DL)
    # the benefit ceiling of the chain exceeds Corollary 2's; far above it nothing covers
    assert downlink_joint_coverage(scenario, 1.0, 0.2, model="paper") == 0
    assert downlink_joint_coverage(scenario, 1.0, 0.2, model="chain") > 0.5
    assert downlink_joint_coverage(scenario, 1.0, 0.99, model="chain") == 0
    # monotone in both thresholds, and bounded by the interference marginal
    ec = np.array([0.016, 0.02, 0.05, 1.0])[:, None]
    es = np.array([0.01, 0.05, 0.2, 0.4])
    p = downlink_joint_coverage(scenario, ec, es, model="chain")
    assert np.all(np.diff(p, axis=0) >= -1e-12) and np.all(np.diff(p, axis=1) <= 1e-12)
    assert np.all(p <= downlink_joint_coverage(scenario, ec, 1e-9, model="chain") + 1e-12)
    with pytest.raises(ValueError, match="model='x'"):
        downlink_joint_coverage(scenario, 0.02, 0.01, model="x")
