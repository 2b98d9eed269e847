"""Tests of ``ofdmisac.network.beam_management._distributed_pilots``: the baseline design."""

import pytest

from ofdmisac.network import BeamManagementScenario
from ofdmisac.network.beam_management._distributed_pilots import (
    DistributedPilots,
    distributed_pilot_design,
)
from ofdmisac.network.beam_management._overhead import (
    conventional_overhead,
    distributed_overhead,
)
from ofdmisac.network.beam_management._prs_design import optimal_pilot_pattern


def test_distributed_design():
    s = BeamManagementScenario.mmwave()
    d = distributed_pilot_design(s, n_re=5000)
    assert isinstance(d, DistributedPilots)
    n_t = int(s.ssb_period_s // (3 * s.symbol_duration_s))
    assert d.n_pilot_symbols == n_t
    assert d.pattern.duration_s == pytest.approx(d.observation_s)
    assert d.pattern.bandwidth_hz == pytest.approx(d.bandwidth_hz)
    assert d.observation_s == pytest.approx(s.ssb_period_s, rel=0.01)
    assert d.reselection_delay_s == pytest.approx(d.observation_s + s.rrc_delay_s)
    isac = optimal_pilot_pattern(s, n_re=5000, spacing_t=3, spacing_f=3)
    # spread pilots: finer velocity resolution, coarser range resolution than the block
    assert d.error_model().velocity_resolution_mps < isac.error_model().velocity_resolution_mps
    assert d.error_model().range_resolution_m > isac.error_model().range_resolution_m
    assert d.pattern.max_velocity_mps == isac.pattern.max_velocity_mps
    assert distributed_overhead(s, design=d).total > conventional_overhead(s).total
    assert set(d.to_dict()) >= {"observation_s", "bandwidth_hz", "reselection_delay_s"}
