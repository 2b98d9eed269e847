"""Tests of ``ofdmisac.network.coupling._uplink_twins``: the twins of [CC] Theorem 1."""

import numpy as np
import pytest

from ofdmisac.network import (
    JointCoverageScenario,
    uplink_coverage_geometry_twin,
    uplink_coverage_measured_twin,
    uplink_detection_coverage,
    uplink_joint_coverage,
    uplink_nmse_coverage,
)

# sensing-capable variant for the corrected models (P_T = 10 dB, eps_d = 10 dB), N0 small
CORR = {"target_power_w": 10.0, "glrt_threshold": 10.0, "noise_power_w": 1e-14}


def _agree(est, se, ref):
    assert np.all(np.abs(est - ref) <= 4 * np.maximum(se, 1e-12)), (est, se, ref)


@pytest.mark.slow
@pytest.mark.parametrize("model", ["paper", "residual", "chain"])
def test_uplink_geometry_twin_checks_theorem1(model):
    scenario = JointCoverageScenario(**CORR) if model != "paper" else JointCoverageScenario()
    ec = np.array([0.1, 0.3, 0.6, 0.6])
    es = np.array([0.6, 0.6, 0.9, 0.3])
    tw = uplink_coverage_geometry_twin(scenario, ec, es, model=model, n_samples=40000, rng=11)
    _agree(tw.joint, tw.joint_se, uplink_joint_coverage(scenario, ec, es, model=model))
    _agree(tw.first, tw.first_se, uplink_nmse_coverage(scenario, ec))
    _agree(tw.second, tw.second_se, uplink_detection_coverage(scenario, es, model=model))


@pytest.mark.slow
@pytest.mark.parametrize(
    "model,kw,ec,es",
    [
        ("paper", {"target_power_w": 1.0, "noise_power_w": 1e-14}, [0.1, 0.3, 0.6],
         [0.6, 0.6, 0.9]),
        ("residual", CORR, [0.3, 0.6, 0.45], [0.6, 0.9, 0.6]),
        ("chain", CORR, [0.6, 0.6, 0.5], [0.3, 0.9, 0.5]),
    ],
)
def test_uplink_measured_twin_matches_theorem1(model, kw, ec, es):
    """Measured NMSE and detection rates (estimators run per geometry) decide coverage."""
    scenario = JointCoverageScenario(**kw)
    est = uplink_coverage_measured_twin(scenario, ec, es, model=model, n_geometries=800,
                                        n_trials=128, rng=3)
    _agree(est.joint, est.joint_se, uplink_joint_coverage(scenario, ec, es, model=model))


@pytest.mark.slow
def test_uplink_noise_gap_at_section51_noise_is_reported_by_twin():
    """With N0 = -80 dBm the paper-model coverage near the Remark 1 floor drops (N0 matters)."""
    scenario = JointCoverageScenario(target_power_w=1.0)
    ec, es = 0.1, 0.6
    noisy = uplink_coverage_geometry_twin(scenario, ec, es, include_noise=True, n_samples=40000,
                                          rng=5)
    ana = uplink_joint_coverage(scenario, ec, es)
    assert ana - noisy.joint > 6 * noisy.joint_se
