"""Tests of ``ofdmisac.waveforms._numerology``: Carrier against TS 38.211 4.2-4.3, 5.3.1."""

from fractions import Fraction

import numpy as np
import pytest

from ofdmisac.waveforms import Carrier, numerology_mu

TC = Fraction(1, 480_000 * 4096)  # TS 38.211 4.1
KAPPA = 64
NORMAL = [(15 * 2**mu, mu) for mu in range(7)]


def _subframe_symbol_lengths(c):
    return np.concatenate([c.symbol_lengths(s) for s in range(c.slots_per_subframe)])


@pytest.mark.parametrize(("scs", "mu"), NORMAL)
@pytest.mark.parametrize("n_fft", [None, 128, 256, 4096])
def test_cp_lengths_match_tc_formula_and_fill_half_subframes(scs, mu, n_fft):
    c = Carrier(scs_khz=scs, n_rb=10, n_fft=n_fft)
    assert c.mu == mu
    # TS 38.211 5.3.1 in units of Tc, converted to samples at n_fft * scs
    samples_per_tc = Fraction(c.n_fft * scs * 1000) * TC
    n_per_half = 7 * 2**mu
    lengths = _subframe_symbol_lengths(c)
    assert lengths.size == 14 * 2**mu
    for l, length in enumerate(lengths):
        cp_tc = 144 * KAPPA * Fraction(1, 2**mu) + (16 * KAPPA if l % n_per_half == 0 else 0)
        expected = (cp_tc + 2048 * KAPPA * Fraction(1, 2**mu)) * samples_per_tc
        assert expected.denominator == 1
        assert length == expected
    # each 0.5 ms holds exactly sample_rate * 0.5 ms samples
    half = Fraction(c.n_fft * scs * 1000, 2000)
    assert half.denominator == 1
    assert lengths[:n_per_half].sum() == half
    assert lengths[n_per_half:].sum() == half
    assert c.samples_per_subframe == 2 * half
    assert sum(c.samples_per_slot(s) for s in range(c.slots_per_frame)) == 20 * half


@pytest.mark.parametrize("n_fft", [None, 128, 1024])
def test_extended_cp_at_60khz(n_fft):
    c = Carrier(scs_khz=60, n_rb=8, cyclic_prefix="extended", n_fft=n_fft)
    assert c.symbols_per_slot == 12
    lengths = _subframe_symbol_lengths(c)
    assert np.all(c.cp_lengths(1) == 512 * c.n_fft // 2048)
    assert lengths.size == 48  # 6 * 2**mu symbols per 0.5 ms
    assert lengths[:24].sum() == lengths[24:].sum() == c.n_fft * 60_000 // 2000


@pytest.mark.parametrize(("scs", "mu"), NORMAL)
def test_long_cp_positions(scs, mu):
    c = Carrier(scs_khz=scs, n_rb=10)
    cps = np.concatenate([c.cp_lengths(s) for s in range(c.slots_per_subframe)])
    long_at = np.flatnonzero(cps > cps.min())
    assert list(long_at) == [0, 7 * 2**mu]
    # only slot mod 2**mu matters
    assert np.array_equal(c.cp_lengths(c.slots_per_subframe + 1 if mu else 1),
                          c.cp_lengths(1 if mu else 0))


def test_paper_symbol_duration_and_sizes():
    c = Carrier(scs_khz=240, n_rb=132)
    assert c.n_fft == 2048
    assert c.symbol_duration_s == pytest.approx(4.4643e-6, rel=1e-4)
    assert round(c.symbol_duration_s * 1e6, 2) == 4.46
    assert c.sample_rate_hz == 2048 * 240e3
    assert c.slots_per_frame == 160 and c.slots_per_subframe == 16
    assert c.bandwidth_hz == pytest.approx(380.16e6)
    assert c.useful_symbol_duration_s == pytest.approx(1 / 240e3)


def test_timing_helpers_consistent():
    c = Carrier(scs_khz=30, n_rb=51)
    starts = c.symbol_start_samples(1)
    assert starts[0] == 0
    assert np.array_equal(np.diff(starts), c.symbol_lengths(1)[:-1])
    assert c.slot_start_sample(1) == c.samples_per_slot(0)
    assert c.slot_start_sample(2) == c.samples_per_subframe
    t = c.symbol_start_times_s(2)
    assert t[0] == pytest.approx(1e-3)
    f = c.subcarrier_frequencies_hz()
    assert f[c.n_subcarriers // 2] == 0 and f[1] - f[0] == 30e3


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"scs_khz": 45, "n_rb": 10}, r"scs_khz=45 is not allowed; choose one of"),
    ({"scs_khz": "abc", "n_rb": 10}, r"scs_khz='abc' is not allowed"),
    ({"scs_khz": 30, "n_rb": 10, "cyclic_prefix": "extended"},
     r"cyclic_prefix='extended' is not allowed with scs_khz=30"),
    ({"scs_khz": 30, "n_rb": 10, "cyclic_prefix": "long"},
     r"cyclic_prefix='long' is not allowed; choose one of"),
    ({"scs_khz": 30, "n_rb": 0}, r"n_rb=0 is not allowed; use an integer in 1..275"),
    ({"scs_khz": 30, "n_rb": 276}, r"n_rb=276 is not allowed"),
    ({"scs_khz": 30, "n_rb": 10, "n_start_grid": -1}, r"n_start_grid=-1 is not allowed"),
    ({"scs_khz": 30, "n_rb": 10, "n_start_grid": 2200}, r"n_start_grid=2200 is not allowed"),
    ({"scs_khz": 30, "n_rb": 24, "n_fft": 256}, r"n_fft=256 is not allowed; use an integer >= "),
    ({"scs_khz": 30, "n_rb": 24, "n_fft": 300}, r"n_fft=300 is not allowed; use a multiple of 128"),
])
def test_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Carrier(**kwargs)


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"scs_khz": 30, "n_rb": 2.5}, r"n_rb=2.5 is not allowed"),
    ({"scs_khz": 30, "n_rb": "24"}, r"n_rb='24' is not allowed; use an integer in 1\.\.275"),
    ({"scs_khz": 30, "n_rb": 24, "n_start_grid": None}, r"n_start_grid=None is not allowed"),
    ({"scs_khz": 30, "n_rb": 24, "n_fft": 512.0}, r"n_fft=512\.0 is not allowed"),
])
def test_bad_type(kwargs, match):
    with pytest.raises(TypeError, match=match):
        Carrier(**kwargs)


def test_keyword_only():
    with pytest.raises(TypeError, match="positional"):
        Carrier(30, 24)  # the configs are keyword-only


def test_bad_slot_and_mu():
    c = Carrier(scs_khz=30, n_rb=10)
    with pytest.raises(ValueError, match=r"slot=-1 is not allowed"):
        c.cp_lengths(-1)
    with pytest.raises(TypeError, match=r"slot=1.5 is not allowed"):
        c.slot_start_sample(1.5)
    with pytest.raises(ValueError, match=r"scs_khz=7 is not allowed"):
        numerology_mu(7)
    assert numerology_mu(960) == 6
