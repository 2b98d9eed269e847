"""Tests of ``ofdmisac.network.beam_management._handover``: the handover probability p_HO."""

import math

import numpy as np
import pytest
from scipy.integrate import dblquad

from ofdmisac.network import BeamManagementScenario
from ofdmisac.network.beam_management._handover import (
    handover_probability,
    simulate_handover_probability,
)

SCENARIOS = [
    BeamManagementScenario.mmwave(),
    BeamManagementScenario.thz(),
    BeamManagementScenario.mmwave(bs_density_per_m2=1e-5, blocker_density_per_m2=1e-2,
                                  n_beams=64),
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: f"{s.name}-{s.n_beams}")
def test_handover_probability_vs_adaptive_quad(scenario):
    lam, b = scenario.bs_density_per_m2, scenario.beta_per_m

    def f(r1, r2):
        return ((1 - np.exp(-b * r1)) * np.exp(-b * r2) * (2 * np.pi * lam) ** 2 * r1 * r2
                * np.exp(-np.pi * lam * r2**2))

    ref = dblquad(f, 0, np.inf, 0, lambda r2: r2, epsabs=1e-13, epsrel=1e-11)[0]
    factor = math.exp(-scenario.handover_intensity_per_s * scenario.rrc_delay_s)
    got = handover_probability(scenario, no_timeout="printed")
    assert got == pytest.approx(ref * factor, rel=1e-7)
    lemma1 = math.exp(-scenario.beam_switch_intensity_per_m * scenario.mu0_m)
    assert handover_probability(scenario) == pytest.approx(ref * lemma1, rel=1e-7)


@pytest.mark.slow
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: f"{s.name}-{s.n_beams}")
@pytest.mark.parametrize("no_timeout", ["lemma1", "printed"])
def test_handover_probability_vs_monte_carlo(scenario, no_timeout):
    p, se = simulate_handover_probability(scenario, no_timeout=no_timeout, n_trials=400_000,
                                          rng=11)
    assert se > 0
    assert abs(handover_probability(scenario, no_timeout=no_timeout) - p) < 4 * se
