"""Tests of ofdmisac/channel/radar/_scene.py: noise and exact per-RE SCIR scaling."""

import numpy as np
import pytest

from ofdmisac.channel import (
    Target,
    add_noise,
    per_re_ratio,
    sample_clutter,
    scale_scene_to_scir,
    scale_to_scir,
    synthesize_echo,
    synthesize_interference,
)
from ofdmisac.waveforms import Carrier, SensingGrid


def test_scir_scaling_exact():
    rng = np.random.default_rng(0)
    s = rng.standard_normal((3, 12, 14)) + 1j * rng.standard_normal((3, 12, 14))
    d = 5 * (rng.standard_normal((3, 12, 14)) + 1j * rng.standard_normal((3, 12, 14)))
    for scir in (0.1, 1.0, 30.0):
        np.testing.assert_allclose(per_re_ratio(s, scale_to_scir(s, d, scir)), scir, rtol=1e-12)


def test_scir_without_disturbance_raises():
    with pytest.raises(ValueError, match="no clutter and no interference"):
        scale_to_scir(np.ones((4, 4)), np.zeros((4, 4)), 1.0)
    with pytest.raises(ValueError, match=r"^scir=.* is not allowed; use a finite number > 0$"):
        scale_to_scir(np.ones((4, 4)), np.ones((4, 4)), -1.0)


def test_noise_variance_within_standard_error():
    y = add_noise(np.zeros((64, 64), np.complex64), 2.0, rng=1)
    p = np.abs(y) ** 2
    assert y.dtype == np.complex64
    assert abs(p.mean() - 2.0) < 4 * p.std() / np.sqrt(p.size)
    with pytest.raises(ValueError, match=r"^noise_power=.* is not allowed; use a finite "
                                         r"number >= 0$"):
        add_noise(y, -1.0)



FC = 28e9


CARRIER = Carrier(scs_khz=120, n_rb=4)  # 48 subcarriers


SENSING = SensingGrid.from_carrier(CARRIER, fc_hz=FC, n_symbols=14)


def _grids(rng, n_i, batch=()):
    return np.exp(2j * np.pi * rng.random((n_i, *batch, CARRIER.n_subcarriers, 14)))


def test_scene_with_clutter_and_interference_scaled_to_exact_scir():
    rng = np.random.default_rng(5)
    x = np.exp(2j * np.pi * rng.random((3, CARRIER.n_subcarriers, 14)))
    sig = synthesize_echo(x, SENSING, [Target(range_m=60.0, velocity_mps=5.0)], rng=rng)
    clutter_targets = sample_clutter(60.0, 0.1, range_resolution_m=1.25, n_beams=8, rng=rng)
    assert clutter_targets
    clut = synthesize_echo(x, SENSING, clutter_targets, rng=rng)
    intf = synthesize_interference(_grids(rng, 2, (3,)), SENSING, [90.0, 200.0], n_beams=8,
                                   rng=rng)
    for scir_db in (-10.0, 0.0, 13.0):
        c, i = scale_scene_to_scir(sig, 10 ** (scir_db / 10), clutter=clut, interference=intf)
        np.testing.assert_allclose(10 * np.log10(per_re_ratio(sig, c + i)), scir_db, atol=1e-4)
        # the clutter-to-interference ratio is kept
        np.testing.assert_allclose(per_re_ratio(c, i), per_re_ratio(clut, intf), rtol=1e-4)
    c, i = scale_scene_to_scir(sig, 2.0, interference=intf)
    assert c is None
    np.testing.assert_allclose(per_re_ratio(sig, i), 2.0, rtol=1e-4)


def test_scene_scir_bad_input():
    sig = np.ones((4, 14))
    with pytest.raises(ValueError, match="no clutter and no interference"):
        scale_scene_to_scir(sig, 1.0)
    with pytest.raises(ValueError, match="no clutter and no interference"):
        scale_scene_to_scir(sig, 1.0, clutter=np.zeros((4, 14)), interference=np.zeros((4, 14)))
    with pytest.raises(ValueError, match="does not match the signal shape"):
        scale_scene_to_scir(sig, 1.0, clutter=np.ones((4, 13)))
    with pytest.raises(ValueError, match=r"^scir=.* is not allowed; use a finite number > 0$"):
        scale_scene_to_scir(sig, -1.0, clutter=np.ones((4, 14)))

