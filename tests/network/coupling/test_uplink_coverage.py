"""Tests of ``ofdmisac.network.coupling._uplink_coverage``: [CC] Theorem 1, Corollary 1."""

import dataclasses

import numpy as np
import pytest

from ofdmisac.network import (
    JointCoverageScenario,
    distance_ratio_pdf,
    downlink_coverage_link_twin,
    downlink_coverage_measured_twin,
    downlink_joint_coverage,
    ergodic_enhancement_ratio,
    kth_nearest_distance_pdf,
    nearest_distances,
    uplink_coverage_measured_twin,
    uplink_detection_coverage,
    uplink_joint_coverage,
    uplink_nmse_coverage,
    uplink_nmse_floor,
)

# sensing-capable variant for the corrected models (P_T = 10 dB, eps_d = 10 dB), N0 small
CORR = {"target_power_w": 10.0, "glrt_threshold": 10.0, "noise_power_w": 1e-14}


def test_paper_fig5_numbers_of_corollary1():
    scenario = JointCoverageScenario()
    floor_db = 10 * np.log10(uplink_nmse_floor(scenario, [0.584, 0.981], model="paper"))
    np.testing.assert_allclose(floor_db, [-18.13, -5.64], atol=0.02)
    from ofdmisac.estimators import marcum_q1_inverse_a

    eb = marcum_q1_inverse_a(np.array([0.584, 0.981]), np.sqrt(2 * scenario.glrt_threshold)) ** 2
    np.testing.assert_allclose(uplink_nmse_floor(scenario, [0.584, 0.981], model="paper"),
                               1 - 128 / eb, rtol=1e-9)
    # corrected Corollary 1 (errata of (8), residual normalization): eps_bar / (eps_bar + 2N)
    corr = uplink_nmse_floor(scenario, [0.584, 0.981], model="residual")
    np.testing.assert_allclose(corr, eb / (eb + 128), rtol=1e-9)
    np.testing.assert_allclose(10 * np.log10(corr), [-2.98, -2.37], atol=0.01)
    chain = 10 * np.log10(uplink_nmse_floor(scenario, [0.584, 0.981], model="chain"))
    np.testing.assert_allclose(chain, [-2.08, -1.79], atol=0.01)


@pytest.mark.parametrize("model", ["paper", "residual", "chain"])
def test_joint_is_zero_below_corollary1_and_marginals_bound_it(model):
    scenario = JointCoverageScenario(**CORR) if model != "paper" else JointCoverageScenario()
    es = np.array([0.6, 0.75, 0.9])
    floor = uplink_nmse_floor(scenario, es, model=model)
    assert np.all(floor > 0)
    assert np.all(uplink_joint_coverage(scenario, 0.98 * floor, es, model=model) == 0)
    ec = np.array([0.05, 0.2, 0.5, 0.9])[:, None]
    j = uplink_joint_coverage(scenario, ec, es, model=model)
    c = uplink_nmse_coverage(scenario, ec)
    s = uplink_detection_coverage(scenario, es, model=model)
    assert np.all(j <= np.minimum(c, s) + 1e-12)
    assert np.all(j >= c + s - 1 - 1e-12)


def test_theorem1_printed_form_equals_paper_model():
    scenario = JointCoverageScenario()
    from ofdmisac.estimators import marcum_q1_inverse_a

    ec, es = np.array([0.05, 0.1, 0.3]), np.array([0.6, 0.8, 0.9])
    eb = marcum_q1_inverse_a(es, np.sqrt(2 * scenario.glrt_threshold)) ** 2
    n, a, pu, pt, kap = 64, 2.8, 1.0, 0.1, 1.0
    zc = (ec * pu / ((1 - ec) * pt * n * (1 + kap))) ** (1 / a)
    zs = ((eb - 2 * n) * pu / (2 * pt * n**2 * (1 + kap))) ** (1 / a)
    printed = np.where(ec >= 1 - 2 * n / eb, scenario.f_z(zc) - scenario.f_z(zs), 0.0)
    np.testing.assert_allclose(uplink_joint_coverage(scenario, ec, es, model="paper"), printed,
                               atol=1e-12)


def test_threshold_bad_input():
    scenario = JointCoverageScenario()
    with pytest.raises(ValueError, match="nmse_threshold"):
        uplink_joint_coverage(scenario, 0.0, 0.5)
    with pytest.raises(ValueError, match="detection_threshold"):
        uplink_joint_coverage(scenario, 0.1, 1.0)
    with pytest.raises(ValueError, match="detection_threshold"):
        uplink_detection_coverage(scenario, 0.0)
    with pytest.raises(ValueError, match="model"):
        uplink_joint_coverage(scenario, 0.1, 0.5, model="x")
    with pytest.raises(ValueError, match="interference_threshold"):
        downlink_joint_coverage(scenario, -1.0, 0.01)
    with pytest.raises(ValueError, match="benefit_threshold"):
        downlink_joint_coverage(scenario, 0.1, 0.0)
    with pytest.raises(ValueError, match="comm_power_fraction"):
        downlink_joint_coverage(dataclasses.replace(scenario, comm_power_fraction=1.0), 0.1, 0.01)
    with pytest.raises(ValueError, match="k=2"):
        ergodic_enhancement_ratio(scenario, 2)
    with pytest.raises(ValueError, match="n_geometries"):
        uplink_coverage_measured_twin(scenario, 0.1, 0.5, n_geometries=0)
    with pytest.raises(ValueError, match="angles"):
        downlink_coverage_measured_twin(scenario, 0.1, 0.01, angles="x")
    with pytest.raises(ValueError, match="angles='x'"):
        downlink_coverage_link_twin(scenario, 0.1, 0.01, angles="x")
    with pytest.raises(ValueError, match="estimate_model"):
        downlink_coverage_link_twin(scenario, 0.1, 0.01, estimate_model="x")
    with pytest.raises(ValueError, match="n_symbols=1"):
        downlink_coverage_link_twin(scenario, 0.1, 0.01, n_symbols=1)
    with pytest.raises(ValueError, match="density_per_m2"):
        kth_nearest_distance_pdf(1.0, 0.0, 1)
    with pytest.raises(ValueError, match="k="):
        nearest_distances(1e-4, 0, size=3)
    with pytest.raises(ValueError, match="target_density_per_m2"):
        distance_ratio_pdf(1.0, 1e-4, -1e-3, 2)
    with pytest.raises(ValueError, match="z=-1.0 is not allowed"):
        distance_ratio_pdf(-1.0, 1e-4, 1e-3, 2)
