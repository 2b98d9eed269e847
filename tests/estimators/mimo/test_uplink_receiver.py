"""Tests of ``ofdmisac.estimators.mimo._uplink_receiver``: pilots, projection, MMSE, GLRT."""

import numpy as np

from ofdmisac.channel import steering_vector
from ofdmisac.estimators import (
    MimoUplink,
    pilot_sequences,
    project_pilots,
    received_pilot_matrix,
    uplink_receiver,
)


def test_pilots_orthonormal_and_projection_recovers_eq3():
    v = pilot_sequences(8, 3)
    np.testing.assert_allclose(v.conj().T @ v, np.eye(3), atol=1e-12)
    link = MimoUplink(
        n_antennas=4,
        pilot_length=8,
        user_gain=[1e-6] * 3,
        target_gain=[1e-8] * 3,
        noise_power_w=1e-300,
    )
    rng = np.random.default_rng(0)
    h = rng.standard_normal((3, 4)) + 1j * rng.standard_normal((3, 4))
    g = rng.standard_normal((3, 4)) + 1j * rng.standard_normal((3, 4))
    y = project_pilots(received_pilot_matrix(link, h, g, rng=1), 3)
    expected = np.sqrt(1.0 * 8) * h + np.sqrt(0.1 * 8) * g
    np.testing.assert_allclose(y, expected, rtol=1e-10)


def test_receiver_on_noiseless_pilots_returns_the_residual_of_eq5():
    link = MimoUplink(
        n_antennas=8,
        pilot_length=4,
        user_gain=[1e-6] * 2,
        target_gain=[1e-8] * 2,
        noise_power_w=1e-300,
    )
    rng = np.random.default_rng(4)
    los = steering_vector(np.array([0.2, -0.5]), 8)
    h = rng.standard_normal((2, 8)) + 1j * rng.standard_normal((2, 8))
    y_p = received_pilot_matrix(link, h, np.zeros((2, 8)), rng=1)
    h_hat, residual, stat = uplink_receiver(link, y_p, los, np.array([0.1, 0.3]))
    np.testing.assert_allclose(residual, np.sqrt(4.0) * (h - h_hat), rtol=1e-9)
    assert stat.shape == (2,)
