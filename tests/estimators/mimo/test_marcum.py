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


# ------------------------------------------------------------------ accuracy against mpmath
# Stated bounds (checked below): with L = log Q1,
#   |dL| <= 2e-12 |L|    for |L| <= 1     (relative accuracy of F = 1 - Q1 near Q1 = 1),
#   |dL| <= 2e-12        for 1 < |L| <= 708 (relative accuracy of Q1 itself, Q1 normal),
#   |dL| <= 3e-15 |L|    beyond            (relative accuracy of log Q1; Q1 subnormal/0).
# Justification: scipy's kernels, used for a <= 100 only, were measured below 5e-13
# (relative, against mpmath-checked rules); the two 96-node rules are accurate to
# round-off (~1e-14), and beyond |L| ~ 700 the rounding of -(b - a)^2 / 2 itself
# (~1e-16 |L|) dominates.

mpmath = pytest.importorskip("mpmath")

GRID = np.concatenate([[0.0], np.logspace(-10, 6, 65)])  # the 66 x 66 grid of the report


def _old_nan_pairs():
    """The 39 pairs of GRID where the former implementation returned NaN: 36 with b > a
    where ``scipy.special.ive(0, a x)`` is NaN at one of the 96 nodes ``x = b + t`` of
    its tail rule (a b above ~1e9), 3 on the diagonal."""
    u, _ = np.polynomial.legendre.leggauss(96)
    u = 0.5 * (u + 1.0)
    a, b = np.meshgrid(GRID, GRID, indexing="ij")
    a, b = a[b > a], b[b > a]
    x = b[:, None] + (1.0 / (b - a + 1.0))[:, None] * u / (1.0 - u)
    bad = np.any(np.isnan(special.ive(0, a[:, None] * x)), axis=-1)
    pairs = list(zip(a[bad], b[bad], strict=True))
    # ... and 3 pairs b = a >= 3e5 where the former bulk (scipy.stats.ncx2.cdf) gave NaN
    pairs += [(x, x) for x in GRID[GRID > 3e5]]
    return [(float(x), float(y)) for x, y in pairs]


def mp_log_q1(a, b, dps=25):
    """log Q1(a, b) by mpmath: adaptive quadrature of the defining integral, exact Bessel
    function, in the forms log Q1 = -(b-a)^2/2 + log J (b > a) or log1p(-F) (b <= a)."""
    mp = mpmath.mp
    with mpmath.workdps(dps):
        a, b = mpmath.mpf(a), mpmath.mpf(b)
        if b == 0:
            return 0.0
        if b > a:
            d = b - a
            s = 1 / (d + 1)

            def f(t):
                x = b + t
                return x * mp.besseli(0, a * x) * mp.exp(-a * x - d * t - t * t / 2)

            j = mp.quad(f, [0, s, 4 * s, 16 * s, 64 * s, mp.inf])
            return float(-d * d / 2 + mp.log(j))
        d = a - b
        ell = min(b, -d + mp.sqrt(d * d + 200))
        s = 1 / (d + 1)

        def g(t):
            x = b - t
            return x * mp.besseli(0, a * x) * mp.exp(-a * x - d * t - t * t / 2)

        pts = sorted({mpmath.mpf(0), ell, *[p for p in (s, 4 * s, 16 * s) if p < ell]})
        return float(mp.log1p(-mp.exp(-d * d / 2) * mp.quad(g, pts)))


def _tolerance(lq):
    mag = np.abs(lq)
    return np.where(mag <= 1.0, 2e-12 * mag, np.where(mag <= 708.0, 2e-12, 3e-15 * mag))


KEY_PAIRS = [
    (1e6, 1e6), (1778.2794100389228, 1e6),                   # huge a b
    (10.0, 40.0), (10.0, 60.0), (1.0, 1e3),                  # far tails, Q1 < 1e-200
    (0.0, 1e-5), (1e-6, 1e-4), (3e-5, 1e-5), (3.0, 1e-6), (50.0, 1e-5),   # tiny b
    (14.5, 0.25), (1.0, 1.0), (101.0, 120.0),                # bulk, edges
]

MORE_PAIRS = [
    (1e6, 1e6 + 3.0), (1e6 + 3.0, 1e6), (1e3, 1.06e3), (60.0, 59.0), (99.0, 120.0),
    (0.5, 50.0), (50.0, 90.0), (100.0, 140.0), (30.0, 1e4), (1e-3, 0.5), (0.3, 0.9),
    (1e-5, 3e-5), (0.0, 1e-300), (30.0, 2.0), (120.0, 100.0), (5.0, 5.5), (99.0, 90.0),
    (101.0, 90.0), (1e5, 3e5), (3e5, 1e5), (2e4, 2e4 + 27.0), (0.0, 38.6), (8.0, 34.5),
]


def _check_against_mpmath(pairs):
    a, b = np.array(pairs).T
    ref = np.array([mp_log_q1(x, y) for x, y in pairs])
    got = log_marcum_q1(a, b)
    assert np.all(np.isfinite(got))
    err = np.abs(got - ref)
    assert np.all(err <= _tolerance(ref)), [(p, e, r) for p, e, r in zip(pairs, err, ref,
                                                                          strict=True)
                                            if e > _tolerance(r)]
    q = marcum_q1(a, b)
    normal = ref > -708.0
    np.testing.assert_allclose(q[normal], np.exp(ref[normal]), rtol=2e-12, atol=0)
    assert np.all(q[ref < -746.0] == 0.0)


def test_key_pairs_against_mpmath():
    _check_against_mpmath(KEY_PAIRS)


@pytest.mark.slow
def test_failing_grid_pairs_and_more_against_mpmath():
    pairs = _old_nan_pairs()
    assert len(pairs) == 39
    _check_against_mpmath(pairs + MORE_PAIRS)


def test_finite_on_the_whole_grid_and_tuned_matches_reference():
    from ofdmisac.estimators.mimo._marcum import _log_marcum_q1_reference

    a, b = np.meshgrid(GRID, GRID, indexing="ij")
    got = log_marcum_q1(a, b)
    ref = _log_marcum_q1_reference(a, b)
    assert np.all(np.isfinite(got)) and np.all(np.isfinite(marcum_q1(a, b)))
    assert np.all(np.abs(got - ref) <= _tolerance(ref))


def test_tuned_matches_reference_where_scipy_is_used():
    from ofdmisac.estimators.mimo._marcum import _log_marcum_q1_reference

    rng = np.random.default_rng(5)
    a, b = rng.uniform(0, 110, (2, 20_000))
    ref = _log_marcum_q1_reference(a, b)
    assert np.all(np.abs(log_marcum_q1(a, b) - ref) <= _tolerance(ref))
    q, normal = marcum_q1(a, b), ref > -708.0
    np.testing.assert_allclose(q[normal], np.exp(ref[normal]), rtol=2e-12, atol=0)
    assert np.all(q[ref < -746.0] == 0.0)


def test_tiny_b_where_ncx2_overflows():
    # scipy.stats.ncx2.sf raises OverflowError for b below ~1.7e-4 at moderate a
    a = np.array([50.0, 20.0, 3.0, 0.0])
    b = np.array([1e-5, 1e-8, 1e-300, 1e-150])
    q = marcum_q1(a, b)
    assert np.all(q == 1.0)
    lq = log_marcum_q1(a, b)
    assert np.all(np.isfinite(lq)) and np.all(lq <= 0.0)
    np.testing.assert_allclose(log_marcum_q1(0.0, 1e-150), -0.5e-300, rtol=1e-12)


def test_inverses_match_reference_bisection():
    from ofdmisac.estimators.mimo._marcum import _inverse_reference

    rng = np.random.default_rng(7)
    a, b = rng.uniform(0, 40, (2, 60))
    p = 10.0 ** rng.uniform(-250, -1e-9, 60)
    p[:20] = rng.uniform(0.01, 0.999, 20)
    np.testing.assert_allclose(marcum_q1_inverse_b(a, p), _inverse_reference(p, a, in_a=False),
                               rtol=1e-11)
    got = marcum_q1_inverse_a(p, b)
    ref = _inverse_reference(p, b, in_a=True)
    np.testing.assert_allclose(got, ref, rtol=1e-11, atol=1e-13)


def test_inverses_in_the_far_tail_and_at_huge_arguments():
    a = np.array([0.0, 10.0, 1e6, 1778.0])
    p = np.array([1e-300, 1e-200, 0.3, 1e-100])
    b = marcum_q1_inverse_b(a, p)
    # at b ~ 1e6 one ulp of b (1.2e-10) moves log Q1 by ~1.4e-10: hence atol
    np.testing.assert_allclose(log_marcum_q1(a, b), np.log(p), rtol=1e-12, atol=3e-10)
    bb = np.array([40.0, 1e6, 1e6, 30.0])
    aa = marcum_q1_inverse_a(p, bb)
    np.testing.assert_allclose(log_marcum_q1(aa, bb), np.log(p), rtol=1e-12, atol=3e-10)
