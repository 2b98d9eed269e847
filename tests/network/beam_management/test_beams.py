"""Tests of ``ofdmisac.network.beam_management._beams``: grid-of-beams gain, beam switches."""

import math

import numpy as np
import pytest

from ofdmisac.network._geometry import (
    los_probability,
)
from ofdmisac.network.beam_management._beams import beam_switch_intensity, gob_gain


def test_los_switch_and_gain():
    np.testing.assert_allclose(los_probability([0.0, 500.0], 2e-3), [1.0, math.exp(-1)])
    assert float(beam_switch_intensity(256, 1e-4)) == pytest.approx(256 * 1e-2 / math.pi)
    phi = np.array([0.0, math.pi / 8 - 1e-9, math.pi / 8 + 1e-9, 2 * math.pi, -3.0])
    np.testing.assert_allclose(gob_gain(phi, 8), [1, 1, 1 / 64, 1, 1 / 64])
    np.testing.assert_allclose(gob_gain(1.0, 8, mainlobe_to_sidelobe_ratio=10.0,
                                        mainlobe_gain=2.0), 0.2)
    # mainlobe fraction of a uniform angle is 1 / n_B
    u = np.random.default_rng(1).uniform(-np.pi, np.pi, 200_000)
    frac = np.mean(gob_gain(u, 16) == 1.0)
    assert abs(frac - 1 / 16) < 4 * math.sqrt(1 / 16 * 15 / 16 / u.size)


@pytest.mark.parametrize(("call", "match"), [
    (lambda: beam_switch_intensity(0, 1e-4), "n_beams=0"),
    (lambda: gob_gain(0.0, 8, mainlobe_to_sidelobe_ratio=0.5), "mainlobe_to_sidelobe_ratio=0.5"),
    (lambda: gob_gain(np.nan, 8), "phi=nan is not allowed"),
    (lambda: gob_gain(0.0, 8, mainlobe_gain=0.0), "mainlobe_gain=0.0"),
])
def test_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()
