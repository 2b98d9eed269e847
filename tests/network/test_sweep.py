"""Tests of ``ofdmisac.network._sweep``: the one sweep rule of the coverage functions."""

# docs/conventions.md, Sweeps: keyword sweeps of scenario fields broadcast to S, the
# threshold has any shape T, the result is S + T, equal to the per-point scalar calls.

import dataclasses

import numpy as np
import pytest

from ofdmisac.network import (
    BeamManagementScenario,
    JointCoverageScenario,
    average_sensing_misalignment_probability,
    communication_coverage,
    distance_ratio_cdf,
    downlink_joint_coverage,
    effective_ase,
    scir_pdf,
    sensing_coverage,
    sensing_coverage_conditional,
    sensing_coverage_corollary1,
    sensing_coverage_corollary1_expansion,
    sensing_misalignment_probability,
    timeout_probability,
    uplink_detection_coverage,
    uplink_joint_coverage,
    uplink_nmse_coverage,
    uplink_nmse_floor,
)

MM = BeamManagementScenario.mmwave()
EQ = BeamManagementScenario.mmwave(alpha_los=3.0, alpha_nlos=3.0)
CC = JointCoverageScenario()
THR = np.array([[0.5], [1.0], [2.0]])  # T = (3, 1)
NB = np.array([[64], [128]])           # with LAM: S = (2, 2)
LAM = np.array([1e-5, 1e-4])

FAST = {"n_nodes": (12, 8, 32)}

BM_CASES = {
    "sensing_coverage": (lambda s, t, **k: sensing_coverage(s, t, **k), MM),
    "sensing_coverage_conditional": (
        lambda s, t, **k: sensing_coverage_conditional(s, t, 50.0, **k), MM),
    "scir_pdf": (lambda s, t, **k: scir_pdf(s, t, **k), MM),
    "corollary1": (lambda s, t, **k: sensing_coverage_corollary1(s, t, **k), EQ),
    "corollary1_expansion": (
        lambda s, t, **k: sensing_coverage_corollary1_expansion(s, t, **k), EQ),
    "communication_coverage": (
        lambda s, t, **k: communication_coverage(s, t, "isac", sensing_scir=1.0, **FAST, **k),
        MM),
    "sensing_misalignment_probability": (
        lambda s, t, **k: sensing_misalignment_probability(s, t, **k), MM),
}

CC_CASES = {
    "uplink_nmse_coverage": lambda s, **k: uplink_nmse_coverage(s, [0.05, 0.1], **k),
    "uplink_detection_coverage": lambda s, **k: uplink_detection_coverage(s, [0.5, 0.9], **k),
    "uplink_joint_coverage": lambda s, **k: uplink_joint_coverage(s, [0.05, 0.1], 0.6, **k),
    "uplink_nmse_floor": lambda s, **k: uplink_nmse_floor(s, [0.5, 0.9], **k),
    "downlink_joint_coverage": lambda s, **k: downlink_joint_coverage(s, 0.015, [0.01, 0.02],
                                                                      **k),
}


@pytest.mark.parametrize("name", list(BM_CASES))
def test_bm_shape_is_sweep_then_threshold_and_equals_points(name):
    fn, s = BM_CASES[name]
    got = fn(s, THR, n_beams=NB, bs_density_per_m2=LAM)
    assert got.shape == (2, 2, 3, 1)
    for i, nb in enumerate(NB[:, 0]):
        for j, lam in enumerate(LAM):
            ref = fn(s.replace(n_beams=int(nb), bs_density_per_m2=float(lam)), THR)
            np.testing.assert_allclose(got[i, j], ref, rtol=1e-9, atol=1e-300)


@pytest.mark.parametrize("name", list(BM_CASES))
def test_bm_scalars_give_0d(name):
    fn, s = BM_CASES[name]
    assert np.ndim(fn(s, 1.0)) == 0


@pytest.mark.parametrize("name", list(BM_CASES))
def test_bm_non_broadcasting_sweeps_and_unknown_field(name):
    fn, s = BM_CASES[name]
    with pytest.raises(ValueError, match=r"n_beams \(shape \(2,\)\), bs_density_per_m2 "
                                         r"\(shape \(3,\)\) are not allowed together"):
        fn(s, 1.0, n_beams=[64, 128], bs_density_per_m2=[1e-5, 1e-4, 1e-3])
    with pytest.raises(ValueError, match="n_bems=64 is not allowed; choose a swept "
                                         "scenario field among .*n_beams"):
        fn(s, 1.0, n_bems=64)
    with pytest.raises(ValueError, match="n_beams=2.5 is not allowed; use integers"):
        fn(s, 1.0, n_beams=2.5)


def test_bm_average_misalignment_and_ase_have_sweep_shape():
    got = average_sensing_misalignment_probability(MM, n_beams=NB, bs_density_per_m2=LAM)
    assert got.shape == (2, 2)
    ref = average_sensing_misalignment_probability(MM.replace(n_beams=128,
                                                              bs_density_per_m2=1e-5))
    assert isinstance(ref, float)
    np.testing.assert_allclose(got[1, 0], ref, rtol=1e-12)
    ase = effective_ase(MM, "conventional", coverage_nodes=(12, 8, 32), rate_nodes=2,
                        n_beams=[64, 128], blocker_density_per_m2=[[1e-4], [1e-3]])
    assert ase.ase_bps_per_m2.shape == (2, 2) and ase.n_beams.shape == (2, 2)
    one = effective_ase(MM.replace(n_beams=128, blocker_density_per_m2=1e-3), "conventional",
                        coverage_nodes=(12, 8, 32), rate_nodes=2)
    np.testing.assert_allclose(ase.ase_bps_per_m2[1, 1], one.ase_bps_per_m2, rtol=1e-12)
    with pytest.raises(ValueError, match="not allowed together"):
        effective_ase(MM, "conventional", n_beams=[64, 128], bs_density_per_m2=[1e-5] * 3)
    with pytest.raises(ValueError, match="n_bems=64 is not allowed"):
        average_sensing_misalignment_probability(MM, n_bems=64)


@pytest.mark.parametrize("name", list(CC_CASES))
def test_cc_shape_is_sweep_then_threshold_and_equals_points(name):
    fn = CC_CASES[name]
    nn = np.array([[32], [64]])
    lam = np.array([1e-4, 2e-4, 5e-4])
    got = fn(CC, n_antennas=nn, user_density_per_m2=lam)
    assert got.shape == (2, 3, 2)
    for i, n in enumerate(nn[:, 0]):
        for j, lu in enumerate(lam):
            ref = fn(dataclasses.replace(CC, n_antennas=int(n), user_density_per_m2=float(lu)))
            np.testing.assert_array_equal(got[i, j], ref)
    with pytest.raises(ValueError, match="are not allowed together"):
        fn(CC, n_antennas=[32, 64], user_density_per_m2=[1e-4, 2e-4, 5e-4])
    with pytest.raises(ValueError, match="n_antenas=32 is not allowed; choose a swept "
                                         "scenario field among .*n_antennas"):
        fn(CC, n_antenas=32)


def test_issue_examples():
    # 1. communication_coverage: S + T
    p = communication_coverage(MM, [0.5, 1, 2], "isac", sensing_scir=1.0, n_beams=[64, 128],
                               **FAST)
    assert p.shape == (2, 3)
    # 2. sensing_coverage: the same S + T (raised numpy's "shape mismatch" before)
    q = sensing_coverage(MM, [0.5, 1, 2], n_beams=[64, 128])
    assert q.shape == (2, 3)
    np.testing.assert_allclose(q[1], sensing_coverage(MM.replace(n_beams=128), [0.5, 1, 2]),
                               rtol=1e-9)
    # 3. communication_coverage accepts the blocker-density sweep sensing_coverage accepts
    r = communication_coverage(MM, [0.5, 1, 2], "conventional",
                               blocker_density_per_m2=[1e-4, 1e-3], **FAST)
    assert r.shape == (2, 3)
    np.testing.assert_allclose(
        r[0], communication_coverage(MM.replace(blocker_density_per_m2=1e-4), [0.5, 1, 2],
                                     "conventional", **FAST), rtol=1e-12)


def test_validation_examples():
    with pytest.raises(TypeError, match="n_beams=2.5 is not allowed; use an integer"):
        BeamManagementScenario(n_beams=2.5)
    with pytest.raises(ValueError, match="n_beams=2.5 is not allowed; use integers"):
        sensing_coverage(MM, 1.0, n_beams=2.5)
    with pytest.raises(ValueError, match="n_nodes=0 is not allowed"):
        distance_ratio_cdf(0.2, 1e-4, 1e-3, 4, n_nodes=0)
    with pytest.raises(TypeError, match="scenario=None is not allowed; use a "
                                        "BeamManagementScenario"):
        timeout_probability(None)
    with pytest.raises(TypeError, match="scenario=None is not allowed; use a "
                                        "JointCoverageScenario"):
        uplink_nmse_coverage(None, 0.1)
