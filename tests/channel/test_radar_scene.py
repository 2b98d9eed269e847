import numpy as np
import pytest

from ofdmisac.channel import add_noise, per_re_ratio, scale_to_scir


def test_scir_scaling_exact():
    rng = np.random.default_rng(0)
    s = rng.standard_normal((3, 12, 14)) + 1j * rng.standard_normal((3, 12, 14))
    d = 5 * (rng.standard_normal((3, 12, 14)) + 1j * rng.standard_normal((3, 12, 14)))
    for scir in (0.1, 1.0, 30.0):
        np.testing.assert_allclose(per_re_ratio(s, scale_to_scir(s, d, scir)), scir, rtol=1e-12)


def test_scir_without_disturbance_raises():
    with pytest.raises(ValueError, match="no clutter and no interference"):
        scale_to_scir(np.ones((4, 4)), np.zeros((4, 4)), 1.0)
    with pytest.raises(ValueError, match="scir must be finite and > 0"):
        scale_to_scir(np.ones((4, 4)), np.ones((4, 4)), -1.0)


def test_noise_variance_within_standard_error():
    y = add_noise(np.zeros((64, 64), np.complex64), 2.0, rng=1)
    p = np.abs(y) ** 2
    assert y.dtype == np.complex64
    assert abs(p.mean() - 2.0) < 4 * p.std() / np.sqrt(p.size)
    with pytest.raises(ValueError, match="noise_power must be"):
        add_noise(y, -1.0)
