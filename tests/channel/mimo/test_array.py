"""Tests of ``ofdmisac.channel.mimo._array``: ULA steering vectors and their derivative."""

import numpy as np
import pytest

from ofdmisac.channel import (
    steering_vector,
    steering_vector_derivative,
)


def test_steering_vector_shape_and_norm():
    a = steering_vector(np.array([[0.1, -0.3, 1.2]]), 32)
    assert a.shape == (1, 3, 32)
    np.testing.assert_allclose(np.sum(np.abs(a) ** 2, axis=-1), 32.0)
    assert steering_vector(0.2, 8, dtype=np.complex64).dtype == np.complex64


def test_derivative_matches_central_difference():
    theta = np.array([-0.7, 0.0, 0.4, 1.1])
    h = 1e-6
    fd = (steering_vector(theta + h, 16) - steering_vector(theta - h, 16)) / (2 * h)
    np.testing.assert_allclose(steering_vector_derivative(theta, 16), fd, atol=1e-7)


def test_inner_products_of_appendix_c3():
    n, theta = 24, 0.35
    a = steering_vector(theta, n)
    da = steering_vector_derivative(theta, n)
    c = np.pi * np.cos(theta)
    np.testing.assert_allclose(a.conj() @ da, 1j * c * n * (n - 1) / 2, rtol=1e-12)
    np.testing.assert_allclose(
        np.vdot(da, da).real, c**2 * n * (n - 1) * (2 * n - 1) / 6, rtol=1e-12
    )


@pytest.mark.parametrize("n", [0, -3])
def test_bad_antenna_count(n):
    with pytest.raises(ValueError, match="n_antennas"):
        steering_vector(0.0, n)


@pytest.mark.parametrize("n", [2.5, True, "4", None])
def test_bad_antenna_count_type(n):
    with pytest.raises(TypeError, match=r"n_antennas=.* is not allowed; use an integer in "
                                        r"1\.\.1048576"):
        steering_vector(0.0, n)


def test_huge_antenna_count_is_refused_before_allocating():
    with pytest.raises(ValueError, match=r"^n_antennas=10000000000000 is not allowed; use an "
                                         r"integer in 1\.\.1048576$"):
        steering_vector(0.0, 10**13)


def test_steering_used_for_echo_is_unit_modulus():
    a = steering_vector(np.array([0.1, -0.4]), 8)
    np.testing.assert_allclose(np.abs(a), 1.0)


@pytest.mark.parametrize(("call", "exc", "match"), [
    (lambda: steering_vector(0.3, 4, dtype=np.int32), ValueError,
     r"dtype=int32 is not allowed; choose complex64 or complex128"),
    (lambda: steering_vector_derivative(0.3, 4, dtype=np.float64), ValueError,
     r"dtype=float64 is not allowed"),
    (lambda: steering_vector(0.3, 4, dtype="abc"), TypeError, r"dtype='abc' is not allowed"),
    (lambda: steering_vector(np.nan, 4), ValueError, r"theta_rad=nan is not allowed"),
    (lambda: steering_vector("0.3", 4), TypeError, r"theta_rad='0.3' is not allowed"),
    (lambda: steering_vector_derivative(None, 4), TypeError, r"theta_rad=None is not allowed"),
])
def test_bad_parameters_named(call, exc, match):
    with pytest.raises(exc, match=match):
        call()
