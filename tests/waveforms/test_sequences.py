"""Tests of ``ofdmisac.waveforms._sequences``: Gold, QPSK, PSS, SSS, PBCH DM-RS."""

# The references are written here from the spec text, bit by bit (no code shared with the
# library), and compared for every cell identity.

import numpy as np
import pytest

from ofdmisac.waveforms import gold_sequence, pbch_dmrs, pbch_dmrs_c_init, pss, qpsk_modulate, sss

N_CELLS = 1008


def _gold_reference(c_inits, length):
    """c(n) of TS 38.211 5.2.1, one bit per step, vectorized over c_init only."""
    c_inits = np.atleast_1d(np.asarray(c_inits, dtype=np.int64))
    total = 1600 + length
    x1 = np.zeros(total + 31, dtype=np.int64)
    x1[0] = 1
    x2 = np.zeros((c_inits.size, total + 31), dtype=np.int64)
    for i in range(31):
        x2[:, i] = (c_inits // 2**i) % 2
    for n in range(total):
        x1[n + 31] = (x1[n + 3] + x1[n]) % 2
        x2[:, n + 31] = (x2[:, n + 3] + x2[:, n + 2] + x2[:, n + 1] + x2[:, n]) % 2
    return (x1[1600:1600 + length] + x2[:, 1600:1600 + length]) % 2


def _msequence(taps, init):
    x = list(init)
    while len(x) < 127:
        i = len(x) - 7
        x.append(sum(x[i + t] for t in taps) % 2)
    return np.array(x)


@pytest.mark.parametrize("c_init", [0, 1, 2**31 - 1, 0x5A5A5A5, 1234567, 2**30])
def test_gold_sequence_matches_recurrence(c_init):
    ref = _gold_reference([c_init], 300)[0]
    got = gold_sequence(c_init, 300)
    assert got.dtype == np.uint8 and got.shape == (300,)
    np.testing.assert_array_equal(got, ref)


def test_gold_sequence_broadcasts_and_prefix_is_stable():
    c = np.array([[3, 77], [2**20, 999_999]])
    got = gold_sequence(c, 100)
    assert got.shape == (2, 2, 100)
    np.testing.assert_array_equal(got.reshape(4, 100), _gold_reference(c.ravel(), 100))
    # a longer sequence starts with the shorter one; length 0 works
    np.testing.assert_array_equal(gold_sequence(77, 1000)[:100], got[0, 1])
    assert gold_sequence(5, 0).shape == (0,)


def test_qpsk_mapping():
    bits = np.array([0, 0, 0, 1, 1, 0, 1, 1])
    expected = np.array([1 + 1j, 1 - 1j, -1 + 1j, -1 - 1j]) / np.sqrt(2)
    got = qpsk_modulate(bits)
    assert got.dtype == np.complex64
    np.testing.assert_allclose(got, expected, atol=1e-7)
    assert qpsk_modulate(bits, dtype=np.complex128).dtype == np.complex128
    assert qpsk_modulate(np.zeros((3, 4), int)).shape == (3, 2)


def test_pss_all_cells_against_spec():
    x = _msequence((4, 0), [0, 1, 1, 0, 1, 1, 1])  # [x(6)..x(0)] = [1 1 1 0 1 1 0]
    ids = np.arange(N_CELLS)
    n = np.arange(127)
    ref = 1 - 2 * x[(n[None, :] + 43 * (ids[:, None] % 3)) % 127]
    got = pss(ids)
    assert got.shape == (N_CELLS, 127)
    np.testing.assert_array_equal(got, ref)
    # published value for N_ID^cell = 17 (N_ID^(2) = 2)
    assert pss(17)[:15].tolist() == [-1, -1, -1, -1, -1, -1, 1, 1, 1, -1, -1, -1, 1, -1, -1]


def test_sss_all_cells_against_spec():
    x0 = _msequence((4, 0), [1, 0, 0, 0, 0, 0, 0])
    x1 = _msequence((1, 0), [1, 0, 0, 0, 0, 0, 0])
    ids = np.arange(N_CELLS)
    n1, n2 = ids // 3, ids % 3
    m0 = 15 * (n1 // 112) + 5 * n2
    m1 = n1 % 112
    n = np.arange(127)
    ref = ((1 - 2 * x0[(n[None, :] + m0[:, None]) % 127])
           * (1 - 2 * x1[(n[None, :] + m1[:, None]) % 127]))
    np.testing.assert_array_equal(sss(ids), ref)
    # the 1008 SSS are distinct
    assert np.unique(sss(ids), axis=0).shape[0] == N_CELLS


def test_pss_cross_correlation():
    seqs = pss([0, 1, 2])
    corr = seqs @ seqs.T
    # peak 127 at the own N_ID^(2); -1 (the m-sequence sidelobe) between different ones
    np.testing.assert_array_equal(corr, np.where(np.eye(3, dtype=bool), 127, -1))
    # cyclic correlation: two-valued (127 / -1); the three PSS are shifts by 43 of one
    # m-sequence, so the peak sits at lag 43 (b - a) mod 127
    for a in range(3):
        for b in range(3):
            lags = np.array([seqs[a] @ np.roll(seqs[b], s) for s in range(127)])
            peak = (43 * (b - a)) % 127
            assert lags[peak] == 127
            assert np.all(np.delete(lags, peak) == -1)


def test_pbch_dmrs_all_cells_against_spec():
    ids = np.arange(N_CELLS)
    i_bar = np.arange(8)
    c_init = (2**11 * (i_bar[None, :] + 1) * (ids[:, None] // 4 + 1)
              + 2**6 * (i_bar[None, :] + 1) + ids[:, None] % 4)
    np.testing.assert_array_equal(pbch_dmrs_c_init(ids[:, None], i_bar), c_init)
    c = _gold_reference(c_init.ravel(), 288).reshape(N_CELLS, 8, 288)
    ref = ((1 - 2 * c[..., 0::2]) + 1j * (1 - 2 * c[..., 1::2])) / np.sqrt(2)
    got = pbch_dmrs(ids[:, None], i_bar, dtype=np.complex128)
    assert got.shape == (N_CELLS, 8, 144)
    np.testing.assert_allclose(got, ref, atol=1e-12)


@pytest.mark.parametrize(("call", "match"), [
    (lambda: gold_sequence(-1, 10),
     r"c_init=-1 is not allowed; use integers >= 0 and <= 2147483647"),
    (lambda: gold_sequence(2**31, 10), r"c_init=2147483648 is not allowed"),
    (lambda: gold_sequence(1.5, 10), r"c_init=1\.5 is not allowed"),
    (lambda: gold_sequence(1, -3), r"length=-3 is not allowed; use an integer >= 0"),
    (lambda: qpsk_modulate([0, 1, 1]), r"even length"),
    (lambda: qpsk_modulate([0, 2]), r"values other than 0 and 1"),
    (lambda: qpsk_modulate([0, 1], dtype=np.float32), r"dtype=.* is not allowed"),
    (lambda: pss(1008), r"n_id_cell=1008 is not allowed; use integers >= 0 and <= 1007"),
    (lambda: sss(-1), r"n_id_cell=-1 is not allowed"),
    (lambda: pbch_dmrs(5, 8), r"i_ssb_bar=8 is not allowed; use integers >= 0 and <= 7"),
])
def test_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


@pytest.mark.parametrize(("call", "match"), [
    (lambda: pbch_dmrs(True, 0), r"n_id_cell=True is not allowed"),
    (lambda: pss("3"), r"n_id_cell='3' is not allowed; use integers"),
    (lambda: gold_sequence(None, 4), r"c_init=None is not allowed"),
    (lambda: gold_sequence(1, 2.0), r"length=2\.0 is not allowed; use an integer >= 0"),
    (lambda: qpsk_modulate([0, 1], dtype="abc"), r"dtype='abc' is not allowed; choose complex64"),
])
def test_bad_type(call, match):
    with pytest.raises(TypeError, match=match):
        call()
