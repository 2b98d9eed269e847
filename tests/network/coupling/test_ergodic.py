"""Tests of ``ofdmisac.network.coupling._ergodic``: the ergodic ratios of [CC]."""

import numpy as np
import pytest
from scipy.special import exp1, expn

from ofdmisac.network import (
    JointCoverageScenario,
    ergodic_enhancement_ratio,
    ergodic_interference_ratio,
    interference_ratio_alpha2_given_target,
    nearest_distances,
    sample_pair_geometry,
)
from ofdmisac.network import uplink_link as _link

LAM_U, LAM_T = 1e-4, 1e-3


def _agree(est, se, ref):
    assert np.all(np.abs(est - ref) <= 4 * np.maximum(se, 1e-12)), (est, se, ref)


def test_ergodic_ratios_against_monte_carlo():
    scenario = JointCoverageScenario()
    d_u, d_t = sample_pair_geometry(scenario, n_samples=200000, rng=9)
    c = _link(scenario, d_u, d_t).mmse_weight
    om = 0.5 * 64 / (2 * 0.5) * (1 + c) / c
    ps = 0.5 * 64 / 0.5 * (1 + c)
    _agree(ergodic_enhancement_ratio(scenario), om.std() / np.sqrt(om.size), om.mean())
    _agree(ergodic_interference_ratio(scenario), ps.std() / np.sqrt(ps.size), ps.mean())


def test_corrected_eq27_alpha2_and_printed_form():
    scenario = JointCoverageScenario(path_loss_exponent=2.0)
    bt = 1e-3 * 30.0**-4
    d_u = nearest_distances(LAM_U, 4, size=200000, rng=4)[:, -1]
    c = _link(scenario, d_u, np.full_like(d_u, 30.0)).mmse_weight
    ps = 64 * (1 + c)
    _agree(interference_ratio_alpha2_given_target(scenario, bt), ps.std() / np.sqrt(ps.size),
           ps.mean())
    y = (LAM_U * np.pi * 1e-3 / (2 * (0.1 * 64 * bt + 1e-11 / 64)))
    printed = 64 * (1 + y**4 * np.exp(y) * expn(4, y))
    assert abs(printed - ps.mean()) > 100 * ps.std() / np.sqrt(ps.size)
    assert exp1(1.0) > 0  # scipy's E_1 used for k = 1


def test_interference_ratio_rejects_zero_target_gain():
    with pytest.raises(ValueError, match="target_gain"):
        interference_ratio_alpha2_given_target(JointCoverageScenario(), 0.0)
