"""Tests of ``ofdmisac.waveforms._pilot_pattern``: the [BM] IV-B PRS block, (13)-(14)."""

import numpy as np
import pytest

from ofdmisac.units import SPEED_OF_LIGHT_MPS as C
from ofdmisac.waveforms import Carrier, PilotPattern


@pytest.mark.parametrize(("n_re", "delta", "n_t", "n_f"), [
    (1000, 0.3, 8, 125), (1000, 0.5, 32, 31), (5000, 0.13, 3, 1667), (1, 0.5, 1, 1),
    (100, 0.999, 100, 1), (100, 0.001, 1, 100)])
def test_integer_counts(n_re, delta, n_t, n_f):
    p = PilotPattern(n_re=n_re, delta=delta)
    assert (p.n_symbols, p.n_subcarriers) == (n_t, n_f)
    assert p.n_pilots == n_t * n_f
    assert abs(p.n_pilots - n_re) <= n_t / 2  # closest count for the chosen N_t


def test_durations_resolutions_and_ambiguity():
    p = PilotPattern(n_re=1000, delta=0.27, spacing_t=3, spacing_f=2, fc_hz=30e9)
    t_sym = 1e-3 / (14 * 16)
    assert p.symbol_duration_s == pytest.approx(4.4643e-6, rel=1e-4)
    assert p.duration_s == pytest.approx(3 * 1000**0.27 * t_sym)
    assert p.bandwidth_hz == pytest.approx(2 * 1000**0.73 * 240e3)
    assert p.used_duration_s == pytest.approx(3 * p.n_symbols * t_sym)
    assert p.used_bandwidth_hz == pytest.approx(2 * p.n_subcarriers * 240e3)
    assert p.range_resolution_m == pytest.approx(C / (2 * p.bandwidth_hz))
    assert p.velocity_resolution_mps == pytest.approx(C / (2 * 30e9 * p.duration_s))
    assert p.max_range_m == pytest.approx(C / (2 * 2 * 240e3))
    assert p.max_velocity_mps == pytest.approx(C / (2 * 3 * t_sym * 30e9))
    d = p.to_dict()
    assert d["n_pilots"] == p.n_pilots and d["max_range_m"] == p.max_range_m


def test_paper_theorem4_spacings_respect_constraints():
    """With S_t, S_f of [BM] eq. (40), eq. (14) meets V_max and D_max (Fig. 6 setting)."""
    t_sym, f_delta, fc = 1e-3 / 224, 240e3, 30e9
    v_max, d_max = 120 / 3.6, 150.0
    s_t = int(np.floor(C / (2 * fc * t_sym * v_max)))
    s_f = int(np.floor(C / (2 * f_delta * d_max)))
    p = PilotPattern(n_re=1000, delta=0.27, spacing_t=s_t, spacing_f=s_f)
    assert p.max_velocity_mps >= v_max and p.max_range_m >= d_max
    q = PilotPattern(n_re=1000, delta=0.27, spacing_t=s_t + 1, spacing_f=s_f + 1)
    assert q.max_velocity_mps < v_max and q.max_range_m < d_max


def test_from_carrier_and_mask():
    c = Carrier(scs_khz=120, n_rb=20)
    p = PilotPattern.from_carrier(c, n_re=60, delta=0.4, spacing_t=2, spacing_f=3, fc_hz=28e9)
    assert p.scs_hz == 120e3 and p.symbol_duration_s == c.symbol_duration_s
    m = p.mask(c.n_subcarriers, 28, first_subcarrier=5, first_symbol=1)
    assert m.shape == (240, 28) and m.sum() == p.n_pilots
    k, l = np.nonzero(m)
    assert set(np.unique(k)) == set(p.subcarrier_indices(5))
    assert set(np.unique(l)) == set(p.symbol_indices(1))
    assert np.all(np.diff(np.unique(k)) == 3) and np.all(np.diff(np.unique(l)) == 2)
    assert p.span_symbols == 2 * p.n_symbols and p.span_subcarriers == 3 * p.n_subcarriers


def test_one_pilot_per_subcarrier_gives_the_full_resolution_dft():
    """A full (S=1) block is N_t x N_f REs: T_PRS = N_t T_sym and B_PRS = N_f f_Delta."""
    p = PilotPattern(n_re=64 * 16, delta=0.4)
    assert (p.n_symbols, p.n_subcarriers) == (16, 64)
    assert p.used_bandwidth_hz == 64 * 240e3
    assert p.range_resolution_m == pytest.approx(C / (2 * 64 * 240e3), rel=1e-12)


@pytest.mark.parametrize(("kwargs", "exc", "match"), [
    ({"n_re": 0, "delta": 0.5}, ValueError, r"n_re=0 is not allowed; use an integer >= 1"),
    ({"n_re": 10.0, "delta": 0.5}, TypeError, r"n_re=10.0 is not allowed"),
    ({"n_re": 10, "delta": 0.0}, ValueError,
     r"delta=0.0 is not allowed; use a finite number > 0 and < 1"),
    ({"n_re": 10, "delta": 1}, ValueError, r"delta=1 is not allowed"),
    ({"n_re": 10, "delta": "x"}, TypeError, r"delta='x' is not allowed"),
    ({"n_re": 10, "delta": 0.5, "spacing_t": 0}, ValueError, r"spacing_t=0 is not allowed"),
    ({"n_re": 10, "delta": 0.5, "spacing_f": 1.5}, TypeError, r"spacing_f=1.5 is not allowed"),
    ({"n_re": 10, "delta": 0.5, "scs_hz": -1}, ValueError, r"scs_hz=-1 is not allowed"),
    ({"n_re": 10, "delta": 0.5, "fc_hz": None}, TypeError, r"fc_hz=None is not allowed"),
    ({"n_re": 10, "delta": 0.5, "symbol_duration_s": float("nan")}, ValueError,
     r"symbol_duration_s=nan is not allowed"),
    ({"n_re": 10, "delta": 0.5, "fc_hz": np.inf}, ValueError,
     r"fc_hz=inf is not allowed; use a finite number > 0"),
    ({"n_re": "10", "delta": 0.5}, TypeError, r"n_re='10' is not allowed; use an integer >= 1"),
    ({"n_re": 10, "delta": np.nan}, ValueError, r"delta=nan is not allowed"),
])
def test_bad_input(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        PilotPattern(**kwargs)


def test_bad_mask_and_carrier():
    p = PilotPattern(n_re=100, delta=0.5, spacing_t=2, spacing_f=2)
    with pytest.raises(ValueError, match=r"last pilot subcarrier 20 .* beyond n_subcarriers=20"):
        p.mask(20, 40, first_subcarrier=2)
    with pytest.raises(ValueError, match=r"last pilot symbol 18 .* beyond n_symbols=18"):
        p.mask(40, 18)
    with pytest.raises(ValueError, match=r"n_symbols=0 is not allowed; use an integer >= 1"):
        p.mask(40, 0)
    with pytest.raises(ValueError, match=r"first_symbol=-1 is not allowed; use an integer >= 0"):
        p.mask(40, 40, first_symbol=-1)
    with pytest.raises(TypeError, match=r"carrier=None is not allowed"):
        PilotPattern.from_carrier(None, n_re=10, delta=0.5)
    with pytest.raises(TypeError, match=r"n_subcarriers=40\.0 is not allowed; use an integer"):
        p.mask(40.0, 40)
    with pytest.raises(TypeError, match=r"first_subcarrier=None is not allowed"):
        p.subcarrier_indices(None)
    with pytest.raises(TypeError):
        PilotPattern(100, 0.5)  # keyword-only


def test_eq14_is_the_alias_period_of_the_pilot_lattice():
    """Echo phases on the pilot lattice repeat when R grows by d_max or v by v_max ([BM] (14)).

    v_max is the width of the unambiguous velocity interval (signed velocities are
    identified modulo v_max), d_max that of the range interval.
    """
    p = PilotPattern(n_re=600, delta=0.4, spacing_t=3, spacing_f=5, fc_hz=30e9)
    k = p.subcarrier_indices()[:, None]  # pilot subcarriers (grid rows)
    l = p.symbol_indices()[None, :]  # pilot symbols (grid columns)

    def echo(r, v):
        return np.exp(-2j * np.pi * k * p.scs_hz * 2 * r / C) * np.exp(
            2j * np.pi * 2 * v * p.fc_hz / C * l * p.symbol_duration_s)

    r0, v0 = 37.3, -11.2
    np.testing.assert_allclose(echo(r0 + p.max_range_m, v0), echo(r0, v0), atol=1e-9)
    np.testing.assert_allclose(echo(r0, v0 + p.max_velocity_mps), echo(r0, v0), atol=1e-9)
    # half a period is clearly distinguishable
    assert np.abs(echo(r0 + p.max_range_m / 2, v0) - echo(r0, v0)).max() > 1.0
    assert np.abs(echo(r0, v0 + p.max_velocity_mps / 2) - echo(r0, v0)).max() > 1.0
