"""Tests of ``ofdmisac.estimators.mimo._downlink_simulation``: symbol simulation vs Lemma 1."""

import numpy as np
import pytest

from ofdmisac.channel import steering_vector
from ofdmisac.estimators import (
    MimoUplink,
    mrt_sinr_chain,
    mrt_sinr_lemma1,
    simulate_downlink_sinr,
)

N = 16
USER_ANGLES = np.array([-0.6, 0.1, 0.7])
UL_TARGET_ANGLES = np.array([0.3, -0.2, -0.9])
THETA = 0.3


def _link(n=N, **kw):
    base = dict(
        n_antennas=n,
        pilot_length=16,
        user_gain=[1e-7, 5e-8, 2e-7],
        target_gain=[1e-8, 3e-8, 8e-9],
        rician_factor=[0.5, 1.0, 2.0],
        target_power_w=0.1,
    )
    base.update(kw)
    return MimoUplink(**base)


SINR_KW = dict(comm_power_fraction=0.5, downlink_power_w=1e-6)


@pytest.mark.slow
@pytest.mark.parametrize("model", ["white", "chain"])
def test_sinr_closed_form_matches_symbol_simulation(model):
    link = _link()
    los = steering_vector(USER_ANGLES, N)
    if model == "white":
        analytic = mrt_sinr_lemma1(link, los, THETA, **SINR_KW)
    else:
        analytic = mrt_sinr_chain(link, los, THETA, UL_TARGET_ANGLES, **SINR_KW)
    sim = simulate_downlink_sinr(
        link,
        user_angle_rad=USER_ANGLES,
        uplink_target_angle_rad=UL_TARGET_ANGLES,
        target_angle_rad=THETA,
        n_trials=8000,
        n_symbols=8,
        estimate_model=model,
        rng=7,
        **SINR_KW,
    )
    z = (sim.sinr - analytic) / sim.sinr_se
    assert np.all(np.abs(z) < 4), z
