"""Tests of ``ofdmisac.waveforms._prs``: NR PRS (TS 38.211 7.4.1.7)."""

import numpy as np
import pytest

from ofdmisac.waveforms import (
    Carrier,
    PRSConfig,
    gold_sequence,
    prs_c_init,
    prs_grid,
    prs_indices,
    prs_k_prime,
    prs_sequence,
)

ALLOWED = [(2, 2), (2, 4), (2, 6), (2, 12), (4, 4), (4, 12), (6, 6), (6, 12), (12, 12)]


def test_k_prime_table():
    assert prs_k_prime(2).tolist() == [0, 1] * 6
    assert prs_k_prime(4).tolist() == [0, 2, 1, 3] * 3
    assert prs_k_prime(6).tolist() == [0, 3, 1, 4, 2, 5] * 2
    assert prs_k_prime(12).tolist() == [0, 6, 3, 9, 1, 7, 4, 10, 2, 8, 5, 11]


@pytest.mark.parametrize(("comb", "n_sym"), ALLOWED)
def test_re_counts_per_symbol(comb, n_sym):
    carrier = Carrier(scs_khz=30, n_rb=52, n_start_grid=7)
    prs = PRSConfig(comb_size=comb, num_symbols=n_sym, start_symbol=14 - n_sym, re_offset=1,
                    rb_offset=4, n_rb=40)
    grid = prs_grid(carrier, prs, slot=3)
    used = grid != 0
    per_symbol = used.sum(axis=0)
    expected = np.zeros(14, int)
    expected[14 - n_sym:] = 12 // comb * 40
    np.testing.assert_array_equal(per_symbol, expected)
    # only inside the band, on the comb, with |a| = beta = 1
    rows = np.flatnonzero(used.any(axis=1))
    assert rows.min() >= 12 * 4 and rows.max() < 12 * 44
    np.testing.assert_allclose(np.abs(grid[used]), 1.0, rtol=1e-6)
    k, l_ = prs_indices(carrier, prs, slot=3)
    assert k.size == used.sum()
    np.testing.assert_array_equal(np.sort(k * 14 + l_), np.flatnonzero(used.ravel()))
    for j, sym in enumerate(range(14 - n_sym, 14)):
        k_abs = np.flatnonzero(used[:, sym]) + 12 * carrier.n_start_grid
        offset = (1 + prs_k_prime(comb)[j]) % comb
        assert np.all(k_abs % comb == offset) and np.all(np.diff(k_abs) == comb)


@pytest.mark.parametrize("comb", [2, 4, 6, 12])
def test_staggering_covers_every_subcarrier(comb):
    # comb == num_symbols: the k' pattern visits each comb offset once, so the PRS covers
    # every subcarrier of the band exactly once over the first `comb` symbols
    carrier = Carrier(scs_khz=120, n_rb=24)
    for re_offset in range(comb):
        prs = PRSConfig(comb_size=comb, num_symbols=comb, start_symbol=1, re_offset=re_offset)
        used = prs_grid(carrier, prs) != 0
        np.testing.assert_array_equal(used.sum(axis=1), np.ones(carrier.n_subcarriers))
        np.testing.assert_array_equal(used[:, 1 + comb:], False)
    # with 12 symbols, the cover repeats 12 / comb times
    used = prs_grid(carrier, PRSConfig(comb_size=comb, num_symbols=12)) != 0
    np.testing.assert_array_equal(used.sum(axis=1), 12 // comb)


@pytest.mark.parametrize(("n_id", "slot", "symbol", "n_sym"), [
    (0, 0, 0, 14), (1023, 5, 13, 14), (1024, 0, 2, 14), (4095, 159, 13, 14),
    (2047, 79, 11, 12), (3000, 17, 4, 14)])
def test_c_init(n_id, slot, symbol, n_sym):
    expected = (2**22 * (n_id // 1024) + 2**10 * (n_sym * slot + symbol + 1)
                * (2 * (n_id % 1024) + 1) + n_id % 1024) % 2**31
    assert int(prs_c_init(n_id, slot, symbol, symbols_per_slot=n_sym)) == expected


def test_values_follow_sequence_from_point_a():
    carrier = Carrier(scs_khz=60, n_rb=30, n_start_grid=11)
    prs = PRSConfig(comb_size=6, num_symbols=6, start_symbol=3, re_offset=2, n_id=3001,
                    rb_offset=2, n_rb=24, power_db=-3.0)
    slot = 45  # 60 kHz: 40 slots per frame, so n_s,f = 5
    grid = prs_grid(carrier, prs, slot=slot, dtype=np.complex128)
    beta = 10 ** (-3.0 / 20)
    for j, l_ in enumerate(range(3, 9)):
        c_init = (2**22 * 2 + 2**10 * (14 * 5 + l_ + 1) * (2 * (3001 % 1024) + 1)
                  + 3001 % 1024) % 2**31
        k_grid = np.flatnonzero(grid[:, l_])
        k_abs = k_grid + 12 * 11
        m = (k_abs - (2 + prs_k_prime(6)[j]) % 6) // 6
        c = gold_sequence(c_init, 2 * int(m.max()) + 2).astype(float)
        r = ((1 - 2 * c[0::2]) + 1j * (1 - 2 * c[1::2])) / np.sqrt(2)
        np.testing.assert_allclose(grid[k_grid, l_], beta * r[m], atol=1e-12)


def test_value_on_an_re_does_not_depend_on_band_or_grid_start():
    prs_wide = PRSConfig(comb_size=2, num_symbols=4, start_symbol=5, n_id=77)
    base = prs_grid(Carrier(scs_khz=30, n_rb=48, n_start_grid=20), prs_wide, slot=2)
    # same point-A subcarriers, grid starting 8 RB later, narrower band starting later
    shifted = prs_grid(Carrier(scs_khz=30, n_rb=40, n_start_grid=28),
                       PRSConfig(comb_size=2, num_symbols=4, start_symbol=5, n_id=77,
                                 rb_offset=4, n_rb=20), slot=2)
    np.testing.assert_array_equal(shifted[48:288], base[96 + 48:96 + 288])
    np.testing.assert_array_equal(shifted[:48], 0)
    # the slot and n_id change the values
    assert not np.array_equal(base, prs_grid(Carrier(scs_khz=30, n_rb=48, n_start_grid=20),
                                             prs_wide, slot=3))
    # slots wrap to the slot number within the frame (20 slots per frame at 30 kHz)
    np.testing.assert_array_equal(
        base, prs_grid(Carrier(scs_khz=30, n_rb=48, n_start_grid=20), prs_wide, slot=22))


def test_extended_cp_and_dtype():
    carrier = Carrier(scs_khz=60, n_rb=24, cyclic_prefix="extended")
    grid = prs_grid(carrier, PRSConfig(comb_size=12, num_symbols=12), dtype=np.complex128)
    assert grid.shape == (288, 12) and grid.dtype == np.complex128
    assert PRSConfig(comb_size=2, num_symbols=2, power_db=6).beta == pytest.approx(10**0.3)


C30 = Carrier(scs_khz=30, n_rb=24)


@pytest.mark.parametrize(("call", "match"), [
    (lambda: PRSConfig(comb_size=3, num_symbols=12),
     r"comb_size=3 is not allowed; choose one of 2, 4, 6, 12"),
    (lambda: PRSConfig(comb_size=4, num_symbols=6),
     r"num_symbols=6 is not allowed with comb_size=4; choose one of 4, 12"),
    (lambda: PRSConfig(comb_size=12, num_symbols=4), r"num_symbols=4 is not allowed"),
    (lambda: PRSConfig(comb_size=2, num_symbols=12, start_symbol=3),
     r"start_symbol=3 is not allowed with num_symbols=12; the PRS must fit in the slot "
     r"\(use 0\.\.2\)"),
    (lambda: PRSConfig(comb_size=4, num_symbols=4, re_offset=4),
     r"re_offset=4 is not allowed; use an integer in 0\.\.3"),
    (lambda: PRSConfig(comb_size=4, num_symbols=4, n_id=5000),
     r"n_id=5000 is not allowed; use an integer in 0\.\.4095"),
    (lambda: PRSConfig(comb_size=4, num_symbols=4, rb_offset=-1), r"rb_offset=-1 is not allowed"),
    (lambda: PRSConfig(comb_size=4, num_symbols=4, n_rb=0), r"n_rb=0 is not allowed"),
    (lambda: PRSConfig(comb_size=4, num_symbols=4, power_db=float("nan")),
     r"power_db=nan is not allowed; use a finite number"),
    (lambda: prs_grid(C30, PRSConfig(comb_size=4, num_symbols=4, rb_offset=10, n_rb=20)),
     r"rb_offset=10, n_rb=20 is not allowed for a carrier of n_rb=24: the PRS band must fit"),
    (lambda: prs_grid(C30, PRSConfig(comb_size=4, num_symbols=4, rb_offset=24)),
     r"rb_offset=24, n_rb=None is not allowed"),
    (lambda: prs_grid(Carrier(scs_khz=60, n_rb=24, cyclic_prefix="extended"),
                      PRSConfig(comb_size=2, num_symbols=12, start_symbol=2)),
     r"start_symbol=2 is not allowed with num_symbols=12 and 12 symbols per slot"),
    (lambda: prs_grid(C30, PRSConfig(comb_size=4, num_symbols=4), slot=-1),
     r"slot=-1 is not allowed"),
    (lambda: prs_c_init(4096, 0, 0), r"n_id=4096 is not allowed"),
    (lambda: prs_k_prime(8), r"comb_size=8 is not allowed"),
    (lambda: Carrier(scs_khz=45, n_rb=24), r"scs_khz=45 is not allowed"),
    (lambda: Carrier(scs_khz=30, n_rb=24, cyclic_prefix="extended"),
     r"cyclic_prefix='extended' is not allowed with scs_khz=30"),
])
def test_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_bad_types():
    with pytest.raises(TypeError, match="carrier=.* is not allowed; use a Carrier"):
        prs_grid("carrier", PRSConfig(comb_size=2, num_symbols=2))
    with pytest.raises(TypeError, match="prs=.* is not allowed; use a PRSConfig"):
        prs_grid(C30, {"comb_size": 2})


@pytest.mark.parametrize(("call", "match"), [
    (lambda: prs_indices(C30, PRSConfig(comb_size=4, num_symbols=4), slot=1.5),
     r"slot=1\.5 is not allowed"),
    (lambda: PRSConfig(comb_size=4.0, num_symbols=4), r"comb_size=4\.0 is not allowed"),
    (lambda: PRSConfig(comb_size=4, num_symbols="4"), r"num_symbols='4' is not allowed"),
    (lambda: PRSConfig(comb_size=4, num_symbols=4, n_id=None), r"n_id=None is not allowed"),
    (lambda: PRSConfig(comb_size=4, num_symbols=4, power_db="3 dB"),
     r"power_db='3 dB' is not allowed; use a finite number"),
    (lambda: prs_c_init(0, 0, 0, symbols_per_slot=14.0), r"symbols_per_slot=14\.0 is not"),
    (lambda: prs_sequence(0, 0, 0, None), r"length=None is not allowed"),
])
def test_bad_parameter_types(call, match):
    with pytest.raises(TypeError, match=match):
        call()


@pytest.mark.parametrize(("call", "match"), [
    (lambda: PRSConfig(comb_size=4, num_symbols=4, power_db=np.inf), r"power_db=inf is not"),
    (lambda: prs_c_init(0, 0, 0, symbols_per_slot=13),
     r"symbols_per_slot=13 is not allowed; choose one of 12, 14"),
    (lambda: prs_sequence(0, 0, 0, -1), r"length=-1 is not allowed; use an integer >= 0"),
])
def test_bad_parameter_values(call, match):
    with pytest.raises(ValueError, match=match):
        call()
