"""Tests of ``ofdmisac.network._quadrature``: fixed-order rules vs adaptive quad."""

import numpy as np
import pytest
from scipy.integrate import quad

from ofdmisac.network._quadrature import (
    interval_rule,
    log_interval_rule,
    semi_infinite_rule,
    tail_rule,
)


def _ref(f, a, b=np.inf):
    """Adaptive reference, split at 1 to help quad with wide-range integrands."""
    if b == np.inf and a < 1.0:
        return (quad(f, a, 1.0, epsabs=0, epsrel=1e-13, limit=500)[0]
                + quad(f, 1.0, np.inf, epsabs=0, epsrel=1e-13, limit=500)[0])
    return quad(f, a, b, epsabs=0, epsrel=1e-13, limit=500)[0]


# (integrand, scale) pairs: PPP laws, power-law kernels, blockage-cut LoS kernels
SEMI_INFINITE = [
    (lambda x: 2 * np.pi * 1e-4 * x * np.exp(-np.pi * 1e-4 * x**2), 56.0),
    (lambda x: x / (1 + x**3.3), 1.0),
    (lambda x: (1 + x) ** -2.3, 1.0),
    (lambda x: x * np.exp(-x**2 - 0.3 * x**4), 1.0),
] + [(lambda x, b=b: x * np.exp(-b * x) / (1 + x**2), b**-0.5) for b in (1e-4, 1e-2, 1.0, 1e2)]


@pytest.mark.parametrize(("f", "scale"), SEMI_INFINITE)
def test_semi_infinite_rule_vs_quad(f, scale):
    x, w = semi_infinite_rule(128, scale)
    assert x.shape == w.shape == (128,)
    assert np.sum(w * f(x)) == pytest.approx(_ref(f, 0.0), rel=1e-7, abs=0)


def test_semi_infinite_rule_scale_one_decade_off():
    f, s = SEMI_INFINITE[1]
    for scale in (s / 10, s * 10):
        x, w = semi_infinite_rule(128, scale)
        assert np.sum(w * f(x)) == pytest.approx(_ref(f, 0.0), rel=1e-7)


def test_semi_infinite_rule_broadcasts_scale():
    scale = np.array([[1.0], [2.0]])
    x, w = semi_infinite_rule(128, scale)
    assert x.shape == (2, 1, 128)
    got = np.sum(w * np.exp(-x / (3 * scale[..., None])), axis=-1)
    np.testing.assert_allclose(got, 3 * scale, rtol=1e-10)


def test_tail_rule_vs_quad():
    a = np.array([0.5, 3.0, 40.0])
    f = lambda x: x * np.exp(-2e-3 * x) / (1 + x**2) + x ** -2.4
    x, w = tail_rule(a, 128, scale=np.maximum(a, 1.0))
    assert x.shape == (3, 128)
    got = np.sum(w * f(x), axis=-1)
    ref = [_ref(f, ai) for ai in a]
    np.testing.assert_allclose(got, ref, rtol=1e-7)


def test_interval_rule_shapes_and_exactness():
    a = np.zeros((2, 1))
    b = np.array([1.0, 2.0, 3.0])
    x, w = interval_rule(a, b, 5)
    assert x.shape == w.shape == (2, 3, 5)
    np.testing.assert_allclose(np.sum(w * x**9, axis=-1), np.broadcast_to(b**10 / 10, (2, 3)),
                               rtol=1e-13)
    f = lambda t: np.exp(-t) * np.cos(3 * t)
    x, w = interval_rule(0.2, 4.0, 24)
    assert np.sum(w * f(x)) == pytest.approx(_ref(f, 0.2, 4.0), rel=1e-12)


def test_log_interval_rule_wide_range():
    f = lambda x: np.sqrt(x) * np.exp(-((np.log(x) + 20) ** 2)) + np.exp(-x)
    x, w = log_interval_rule(1e-30, 60.0, 16, n_panels=24)
    assert x.shape == (384,)
    ref = np.sqrt(np.pi) * np.exp(-20 * 1.5 + 1.5**2 / 4) + (1 - np.exp(-60.0))
    assert np.sum(w * f(x)) == pytest.approx(ref, rel=1e-9)


@pytest.mark.parametrize(("call", "match"), [
    (lambda: interval_rule(0.0, 1.0, 0), "n_nodes=0"),
    (lambda: interval_rule(np.nan, 1.0, 4), "a=nan"),
    (lambda: log_interval_rule(0.0, 1.0, 4), "a, b > 0"),
    (lambda: log_interval_rule(1.0, 2.0, 4, n_panels=0), "n_panels=0"),
    (lambda: semi_infinite_rule(16, -1.0), "scale=.*must be > 0"),
    (lambda: tail_rule(np.inf, 16), "a=inf"),
])
def test_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_non_integer_node_count_is_a_type_error():
    with pytest.raises(TypeError, match="n_nodes=2.5 is not allowed; use an integer"):
        semi_infinite_rule(2.5)
