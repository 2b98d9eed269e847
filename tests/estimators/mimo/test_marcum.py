"""Tests of ``ofdmisac.estimators.mimo._marcum``: Marcum Q1 and its inverses."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special, stats

from ofdmisac.estimators import log_marcum_q1, marcum_q1, marcum_q1_inverse_a, marcum_q1_inverse_b


def test_bulk_matches_ncx2():
    a, b = np.meshgrid(np.linspace(0, 25, 41), np.linspace(0, 25, 43))
    ref = stats.ncx2.sf(b**2, 2, a**2)
    got = marcum_q1(a, b)
    mask = ref > 1e-250
    np.testing.assert_allclose(got[mask], ref[mask], rtol=1e-9, atol=1e-300)


def test_exact_special_case_a_zero():
    b = np.array([0.5, 3.0, 40.0, 1000.0])
    np.testing.assert_allclose(log_marcum_q1(0.0, b), -0.5 * b**2, rtol=1e-12)


def test_far_tail_against_asymptotic_expansion():
    # Q1(a, b) ~ sqrt(b / a) Phi(-(b - a)) for large a b (b > a); error O(1 / (a (b - a)))
    a = np.array([300.0, 500.0, 800.0])
    b = np.array([400.0, 1000.0, 1000.0])
    approx = 0.5 * np.log(b / a) + special.log_ndtr(-(b - a))
    np.testing.assert_allclose(log_marcum_q1(a, b), approx, rtol=1e-6)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    a=st.floats(0, 1e3),
    b=st.floats(0, 1e3),
    da=st.floats(1e-3, 50),
    db=st.floats(1e-3, 50),
)
def test_finite_and_monotone(a, b, da, db):
    base = log_marcum_q1(a, b)
    assert np.isfinite(base) and base <= 0.0
    tol = 1e-10 * max(1.0, abs(float(base)))
    assert log_marcum_q1(a + da, b) >= base - tol  # increasing in a
    assert log_marcum_q1(a, b + db) <= base + tol  # decreasing in b


def test_inverse_in_a_round_trip():
    p = np.array([0.1, 0.5, 0.9, 0.999])
    b = np.array([3.0, 6.0, 2.5, 8.0])
    a = marcum_q1_inverse_a(p, b)
    np.testing.assert_allclose(marcum_q1(a, b), p, rtol=1e-10)


def test_inverse_in_a_returns_zero_below_floor():
    # Q1(0, b) = exp(-b^2/2) is the minimum over a >= 0
    assert marcum_q1_inverse_a(0.01, 1.0) == 0.0


def test_inverse_in_b_round_trip():
    a = np.array([0.0, 2.0, 10.0])
    p = np.array([1e-6, 0.5, 0.99])
    b = marcum_q1_inverse_b(a, p)
    np.testing.assert_allclose(marcum_q1(a, b), p, rtol=1e-9)


@pytest.mark.parametrize("p", [0.0, 1.0, -0.2, 1.5])
def test_inverse_rejects_bad_probability(p):
    with pytest.raises(ValueError, match="is not allowed; use finite numbers > 0 and < 1"):
        marcum_q1_inverse_a(p, 1.0)
    with pytest.raises(ValueError, match="is not allowed; use finite numbers > 0 and < 1"):
        marcum_q1_inverse_b(1.0, p)


def test_rejects_negative_arguments():
    with pytest.raises(ValueError, match="a=.*not allowed"):
        marcum_q1(-1.0, 1.0)
    with pytest.raises(ValueError, match="b=.*not allowed"):
        log_marcum_q1(1.0, np.nan)
