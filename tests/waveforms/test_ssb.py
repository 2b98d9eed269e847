"""Tests of ``ofdmisac.waveforms._ssb``: SS/PBCH block and burst positions."""

import numpy as np
import pytest

from ofdmisac.waveforms import (
    SSB_CASE_SCS_KHZ,
    Carrier,
    SsbChannel,
    pbch_dmrs,
    pss,
    qpsk_modulate,
    ssb_burst_grid,
    ssb_channel_map,
    ssb_grid,
    ssb_i_bar,
    ssb_start_symbols,
    sss,
)


def _table_7431(n_id):
    """Table 7.4.3.1-1 written out as (channel, symbol, subcarriers) rows."""
    v = n_id % 4
    return {
        SsbChannel.PSS: [(0, np.arange(56, 183))],
        SsbChannel.SSS: [(2, np.arange(56, 183))],
        SsbChannel.ZERO: [(0, np.r_[0:56, 183:240]), (2, np.r_[48:56, 183:192])],
        SsbChannel.PBCH_DMRS: [(1, np.arange(0, 237, 4) + v), (3, np.arange(0, 237, 4) + v),
                               (2, np.r_[np.arange(0, 45, 4) + v, np.arange(192, 237, 4) + v])],
    }


@pytest.mark.parametrize("n_id", [0, 1, 2, 3, 17, 1007])
def test_channel_map_is_table_7431(n_id):
    cmap = ssb_channel_map(n_id)
    expected = np.full((240, 4), SsbChannel.PBCH, dtype=np.uint8)
    for code, rows in _table_7431(n_id).items():
        for l_, k in rows:
            expected[k, l_] = code
    np.testing.assert_array_equal(cmap, expected)
    counts = np.bincount(cmap.ravel(), minlength=5)
    assert counts[SsbChannel.PSS] == 127 and counts[SsbChannel.SSS] == 127
    assert counts[SsbChannel.PBCH_DMRS] == 144 and counts[SsbChannel.PBCH] == 432
    assert counts[SsbChannel.ZERO] == 960 - 127 - 127 - 144 - 432


def test_ssb_grid_values_on_each_channel():
    n_id, i_ssb = 523, 5
    bits = np.random.default_rng(3).integers(0, 2, 864)
    block = ssb_grid(n_id, i_ssb=i_ssb, l_max=8, pbch_bits=bits, dtype=np.complex128, beta_pss=2.0,
                     beta_sss=1.5, beta_pbch=0.5, beta_pbch_dmrs=0.25)
    assert block.shape == (240, 4) and block.dtype == np.complex128
    cmap = ssb_channel_map(n_id)
    np.testing.assert_array_equal(block[cmap == SsbChannel.ZERO], 0)
    np.testing.assert_allclose(block[56:183, 0], 2.0 * pss(n_id))
    np.testing.assert_allclose(block[56:183, 2], 1.5 * sss(n_id))
    # DM-RS and PBCH in increasing order of first k then l (symbol by symbol, k inside)
    order = lambda code: tuple(np.nonzero((cmap == code).T)[::-1])  # noqa: E731
    np.testing.assert_allclose(block[order(SsbChannel.PBCH_DMRS)],
                               0.25 * pbch_dmrs(n_id, i_ssb, dtype=np.complex128))
    np.testing.assert_allclose(block[order(SsbChannel.PBCH)],
                               0.5 * qpsk_modulate(bits, dtype=np.complex128))
    # DM-RS of symbol 1 starts at k = v with r(0), symbol 2 carries r(60..71) then r(72..83)
    r = pbch_dmrs(n_id, i_ssb, dtype=np.complex128) * 0.25
    v = n_id % 4
    np.testing.assert_allclose(block[v::4, 1], r[:60])
    np.testing.assert_allclose(block[v:48:4, 2], r[60:72])
    np.testing.assert_allclose(block[192 + v::4, 2], r[72:84])
    np.testing.assert_allclose(block[v::4, 3], r[84:])


def test_ssb_grid_rng_and_defaults():
    a = ssb_grid(7, rng=1)
    assert a.dtype == np.complex64 and int((a != 0).sum()) == 830
    np.testing.assert_array_equal(a, ssb_grid(7, rng=1))
    assert not np.array_equal(a, ssb_grid(7, rng=2))


def test_i_ssb_bar():
    assert [ssb_i_bar(i, 4, n_hf=0) for i in range(4)] == [0, 1, 2, 3]
    assert [ssb_i_bar(i, 4, n_hf=1) for i in range(4)] == [4, 5, 6, 7]
    assert [ssb_i_bar(i, 8) for i in range(8)] == list(range(8))
    assert [ssb_i_bar(i, 64) for i in (0, 7, 8, 13, 63)] == [0, 7, 0, 5, 7]
    # L_max = 4: the second half frame uses i_SSB_bar + 4 in the DM-RS
    np.testing.assert_array_equal(ssb_grid(9, i_ssb=2, l_max=4, rng=0, n_hf=1)[1::4, 1],
                                  pbch_dmrs(9, 6)[:60])


@pytest.mark.parametrize(("case", "l_max", "expected"), [
    ("A", 4, [2, 8, 16, 22]),
    ("A", 8, [2, 8, 16, 22, 30, 36, 44, 50]),
    ("B", 4, [4, 8, 16, 20]),
    ("B", 8, [4, 8, 16, 20, 32, 36, 44, 48]),
    ("C", 4, [2, 8, 16, 22]),
    ("C", 8, [2, 8, 16, 22, 30, 36, 44, 50]),
])
def test_start_symbols_fr1(case, l_max, expected):
    assert ssb_start_symbols(case, l_max).tolist() == expected


def test_start_symbols_fr2():
    d = ssb_start_symbols("D", 64)
    n_d = [0, 1, 2, 3, 5, 6, 7, 8, 10, 11, 12, 13, 15, 16, 17, 18]
    assert d.tolist() == sorted(s + 28 * n for n in n_d for s in (4, 8, 16, 20))
    assert d[:8].tolist() == [4, 8, 16, 20, 32, 36, 44, 48] and d[-1] == 20 + 28 * 18
    e = ssb_start_symbols("E", 64)
    assert e.tolist() == sorted(s + 56 * n for n in (0, 1, 2, 3, 5, 6, 7, 8)
                                for s in (8, 12, 16, 20, 32, 36, 40, 44))
    for case in ("F", "G"):
        fg = ssb_start_symbols(case, 64)
        assert fg.tolist() == sorted(s + 14 * n for n in range(32) for s in (2, 9))
    for case in "ABCDEFG":
        for l_max in (4, 8, 64):
            try:
                s = ssb_start_symbols(case, l_max)
            except ValueError:
                continue
            assert s.size == l_max and np.all(np.diff(s) >= 4)  # blocks never overlap
            # the burst lies in the half frame (5 ms = 5 * 14 * 2**mu symbols)
            mu = [15, 30, 60, 120, 240, 480, 960].index(SSB_CASE_SCS_KHZ[case])
            assert s[-1] + 4 <= 5 * 14 * 2**mu


def test_burst_grid_places_blocks():
    carrier = Carrier(scs_khz=30, n_rb=51)
    grid = ssb_burst_grid(carrier, 100, case="C", l_max=8, ssb_indices=[0, 3], rng=4)
    assert grid.shape == (612, 5 * 2 * 14)
    k0 = 12 * ((51 - 20) // 2)
    starts = ssb_start_symbols("C", 8)
    used = np.flatnonzero(np.abs(grid).sum(axis=0))
    expected = np.concatenate([np.arange(starts[i], starts[i] + 4) for i in (0, 3)])
    np.testing.assert_array_equal(used, expected)
    rows = np.flatnonzero(np.abs(grid).sum(axis=1))
    assert rows.min() >= k0 and rows.max() < k0 + 240
    np.testing.assert_array_equal(grid[k0 + 56:k0 + 183, starts[3]], pss(100))
    # block 3 carries the DM-RS of i_SSB_bar = 3
    np.testing.assert_array_equal(grid[k0 + 100 % 4:k0 + 240:4, starts[3] + 1],
                                  pbch_dmrs(100, 3)[:60])
    assert ssb_burst_grid(Carrier(scs_khz=240, n_rb=20), 1, first_subcarrier=0).shape == \
        (240, 5 * 16 * 14)


@pytest.mark.parametrize(("call", "match"), [
    (lambda: ssb_start_symbols("H", 8), r"case='H' is not allowed; choose one of"),
    (lambda: ssb_start_symbols("D", 8),
     r"l_max=8 is not allowed for case D; choose one of \(64,\)"),
    (lambda: ssb_start_symbols("A", 64), r"l_max=64 is not allowed for case A"),
    (lambda: ssb_grid(1008), r"n_id_cell=1008 is not allowed"),
    (lambda: ssb_grid(1, i_ssb=8, l_max=8), r"i_ssb=8 is not allowed; use an integer in 0\.\.7"),
    (lambda: ssb_grid(1, l_max=16), r"l_max=16 is not allowed; choose one of 4, 8, 64"),
    (lambda: ssb_grid(1, l_max=4, n_hf=2), r"n_hf=2 is not allowed"),
    (lambda: ssb_grid(1, pbch_bits=np.zeros(100)), r"pbch_bits of shape \(100,\) is not allowed"),
    (lambda: ssb_grid(1, pbch_bits=np.full(864, 3)),
     r"pbch_bits is not allowed to hold values other than 0 and 1"),
    (lambda: ssb_grid(1, beta_pss=-1), r"beta_pss=-1 is not allowed"),
    (lambda: ssb_burst_grid(Carrier(scs_khz=30, n_rb=51), 1, case="D"),
     r"case='D' is not allowed with scs_khz=30: case D is 120 kHz; choose one of \('B', 'C'\)"),
    (lambda: ssb_burst_grid(Carrier(scs_khz=60, n_rb=51), 1),
     r"scs_khz=60 is not allowed for an SS burst"),
    (lambda: ssb_burst_grid(Carrier(scs_khz=60, n_rb=51, cyclic_prefix="extended"), 1),
     r"cyclic_prefix='extended' is not allowed for an SS burst"),
    (lambda: ssb_burst_grid(Carrier(scs_khz=15, n_rb=10), 1), r"n_rb=10 is not allowed"),
    (lambda: ssb_burst_grid(Carrier(scs_khz=15, n_rb=25), 1, first_subcarrier=61),
     r"first_subcarrier=61 is not allowed; the 240 subcarriers must fit"),
    (lambda: ssb_burst_grid(Carrier(scs_khz=15, n_rb=25), 1, ssb_indices=[0, 8]),
     r"ssb_indices=\[0, 8\] is not allowed"),
    (lambda: ssb_channel_map(-2), r"n_id_cell=-2 is not allowed"),
])
def test_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


@pytest.mark.parametrize(("call", "exc", "match"), [
    (lambda: ssb_grid(1, beta_sss=np.nan), ValueError, r"beta_sss=nan is not allowed"),
    (lambda: ssb_grid(1, beta_pbch="1"), TypeError, r"beta_pbch='1' is not allowed; use a"),
    (lambda: ssb_grid(1.0), TypeError, r"n_id_cell=1\.0 is not allowed; use an integer"),
    (lambda: ssb_grid(1, i_ssb=None), TypeError, r"i_ssb=None is not allowed"),
    (lambda: ssb_grid(1, dtype=np.int32), ValueError,
     r"dtype=int32 is not allowed; choose complex64 or complex128"),
    (lambda: ssb_i_bar(0, 8.0), TypeError, r"l_max=8\.0 is not allowed; use an integer"),
    (lambda: ssb_start_symbols("A", "4"), TypeError, r"l_max='4' is not allowed"),
    (lambda: ssb_burst_grid("carrier", 1), TypeError, r"carrier='carrier' is not allowed; use"),
    (lambda: ssb_burst_grid(Carrier(scs_khz=15, n_rb=25), 1, first_subcarrier=1.5), TypeError,
     r"first_subcarrier=1\.5 is not allowed"),
])
def test_bad_parameter_kinds(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


def test_burst_case_subcarrier_spacings():
    from ofdmisac.waveforms import SSB_CASE_SCS_KHZ

    assert SSB_CASE_SCS_KHZ == {"A": 15, "B": 30, "C": 30, "D": 120, "E": 240, "F": 480,
                                "G": 960}
