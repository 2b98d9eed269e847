"""Tests of ``ofdmisac.network.beam_management._overhead``: the overheads (42)-(44) of [BM]."""

import math

import numpy as np
import pytest

from ofdmisac.network import BeamManagementScenario
from ofdmisac.network.beam_management._distributed_pilots import (
    distributed_pilot_design,
)
from ofdmisac.network.beam_management._handover import (
    handover_probability,
    simulate_handover_probability,
)
from ofdmisac.network.beam_management._overhead import (
    Overhead,
    conventional_overhead,
    distributed_overhead,
    isac_overhead,
)
from ofdmisac.network.beam_management._prs_design import optimal_pilot_pattern


def test_conventional_matches_hand_computation():
    s = BeamManagementScenario.mmwave()  # n_B = 256, lambda_B = 100/km^2, v = 25 m/s
    mu_tb = 256 * 25 * 0.01 / math.pi
    mu_h = 4 * 25 * 0.01 / math.pi
    expected = mu_tb * 0.023 + mu_h * 0.043  # 1/mu_tb = 49 ms > tau: mu_b = mu_tb
    o = conventional_overhead(s)
    assert isinstance(o, Overhead)
    assert o.total == pytest.approx(expected, rel=1e-12)
    assert o.total == pytest.approx(0.48, abs=0.005)  # [BM] Sec. V-C, Fig. 8
    # SSB-limited regime: mu_b = 1 / tau
    big = conventional_overhead(s.replace(n_beams=4096))
    assert big.reselection_rate_per_s == pytest.approx(1 / s.ssb_period_s)
    assert o.to_dict()["total"] == o.total


def test_isac_terms():
    s = BeamManagementScenario.mmwave()
    o = isac_overhead(s, prs_duration_s=5e-3)
    assert o.reselection_delay_s == pytest.approx(8e-3)  # Remark 6: T_b* = 8 ms
    mu_h = s.handover_intensity_per_s
    p = handover_probability(s)
    assert o.extra_handover == pytest.approx(mu_h * p * (8e-3 + s.rach_delay_s))
    assert o.handover == pytest.approx(mu_h * (s.ssb_period_s + s.rrc_delay_s + s.rach_delay_s))
    assert o.beam == pytest.approx(s.beam_reselection_intensity_per_s * 8e-3)
    assert o.total < conventional_overhead(s).total
    fast = isac_overhead(s.replace(n_beams=8192), prs_duration_s=5e-3)
    assert fast.reselection_rate_per_s == pytest.approx(1 / s.rrc_delay_s)


@pytest.mark.parametrize("base", [BeamManagementScenario.mmwave(),
                                  BeamManagementScenario.thz()], ids=["mmwave", "thz"])
def test_overhead_monotone_in_beams(base):
    n_beams = [4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048]
    totals = {"conv": [], "isac": [], "isac_opt": [], "dist": []}
    for nb in n_beams:
        s = base.replace(n_beams=nb)
        totals["conv"].append(conventional_overhead(s).total)
        totals["isac"].append(isac_overhead(s).total)
        design = optimal_pilot_pattern(s, n_re=5000, spacing_t=3, spacing_f=3)
        totals["isac_opt"].append(isac_overhead(s, prs_duration_s=design.prs_duration_s).total)
        totals["dist"].append(distributed_overhead(
            s, design=distributed_pilot_design(s, n_re=5000)).total)
    for name, values in totals.items():
        assert np.all(np.diff(values) >= 0), (name, values)


def test_bad_input():
    s = BeamManagementScenario.mmwave()
    with pytest.raises(ValueError, match="no_timeout='x' is not allowed"):
        handover_probability(s, no_timeout="x")
    with pytest.raises(ValueError, match="n_trials=5 is not allowed"):
        simulate_handover_probability(s, n_trials=5)
    with pytest.raises(ValueError, match="prs_duration_s=-1.0 is not allowed"):
        isac_overhead(s, prs_duration_s=-1.0)
    with pytest.raises(ValueError, match="n_re=1000 is not allowed for the distributed"):
        distributed_pilot_design(s, n_re=1000)
    with pytest.raises(ValueError, match="spacing_t=0 is not allowed"):
        distributed_pilot_design(s, n_re=5000, spacing_t=0)
    with pytest.raises(ValueError, match="ssb_period_s=.* is not allowed"):
        distributed_pilot_design(s.replace(ssb_period_s=1e-5), n_re=5000)
    with pytest.raises(ValueError, match="observation_s=-1.0 is not allowed; use a finite"):
        distributed_pilot_design(s, n_re=5000, observation_s=-1.0)
    with pytest.raises(ValueError, match="observation_s=1e-05 is not allowed for the distr"):
        distributed_pilot_design(s, n_re=5000, observation_s=1e-5)
    with pytest.raises(TypeError, match="pass a DistributedPilots"):
        distributed_overhead(s, design=3)
    with pytest.raises(TypeError, match="BeamManagementScenario"):
        conventional_overhead(None)


def test_distributed_paper_reading_reproduces_fig8():
    """Pilots of the Table II PRS block interleaved with data S_t apart (window S_t T_PRS):
    [BM] Fig. 8's 0.38 (mmWave, n_B = 256); the SSB-period window gives the conventional
    0.48. With T_PRS = 5 ms the ISAC overhead is Fig. 8's 0.17-0.18."""
    s = BeamManagementScenario.mmwave()
    d = distributed_pilot_design(s, n_re=5000, observation_s=3 * s.prs_duration_s)
    assert d.n_pilot_symbols == math.floor(s.prs_duration_s / s.symbol_duration_s)
    assert d.observation_s == pytest.approx(3 * s.prs_duration_s, rel=1e-3)
    o = distributed_overhead(s, design=d)
    assert o.total == pytest.approx(0.381, abs=0.002)
    assert o.total == pytest.approx(
        isac_overhead(s, prs_duration_s=d.observation_s).total, rel=1e-12)
    assert distributed_overhead(s, design=distributed_pilot_design(s, n_re=5000)).total \
        == pytest.approx(0.483, abs=0.002)
    assert isac_overhead(s).total == pytest.approx(0.177, abs=0.002)

