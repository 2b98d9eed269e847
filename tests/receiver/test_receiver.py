"""Receiver: PSS search, frequency offset, SSS and PBCH DM-RS detection, demodulation.

Recordings of one SS/PBCH block through the channel of ``conftest.received``: random cell
IDs (all three N_ID^(2)), block index, fractional delay, frequency offset up to +-0.4 SCS
plus an integer offset in -2..2, white noise at a per-RE SNR (N0 per sample). Measured over
40 trials per SNR (seed 1, benchmarks/bench_receiver.py has the full table): all cell IDs,
block indices and timings right at -3 dB and above; residual CFO rms 0.36 % SCS at 0 dB,
0.17 % at 10 dB (max 0.64 %), so the 1 % bound is checked at 10 dB (> 5 sigma).
"""

import numpy as np
import pytest

from ofdmisac.receiver import (
    correct_cfo,
    demodulate_grid,
    detect_pbch_dmrs,
    detect_sss,
    estimate_cfo,
    pss_reference,
    pss_search,
    pss_threshold,
)
from ofdmisac.receiver._pss_search import _sliding_energy, pss_statistic
from ofdmisac.waveforms import Carrier, pss, sss

C = Carrier(scs_khz=30, n_rb=24)  # the channel fixture's carrier (n_fft 512)


def _chain(x, carrier=C, l_max=8):
    p = pss_search(x, carrier, integer_offsets=range(-3, 4))
    e = estimate_cfo(x, carrier, p)
    y = correct_cfo(x, e.cfo_hz, sample_rate_hz=carrier.sample_rate_hz)
    s = detect_sss(y, carrier, p)
    b = detect_pbch_dmrs(y, carrier, p, s, l_max=l_max)
    return p, e, s, b


def _trials(seed, n, snr_db):
    rng = np.random.default_rng(seed)
    for t in range(n):
        n_id1 = int(rng.integers(0, 336))
        yield rng, dict(n_id_cell=3 * n_id1 + t % 3, i_ssb=int(rng.integers(0, 4)),
                        delay_samples=float(rng.uniform(0, 1)),
                        cfo_scs=float(rng.uniform(-0.4, 0.4) + rng.integers(-2, 3)),
                        snr_db=snr_db)


def _check(received, seed, n, snr_db, *, cfo_bound):
    for rng, kw in _trials(seed, n, snr_db):
        x, frame_start, _ = received(rng, **kw)
        p, e, s, b = _chain(x)
        assert p.detected and p.n_id2 == kw["n_id_cell"] % 3
        assert s.n_id_cell == kw["n_id_cell"], kw
        assert b.i_ssb == kw["i_ssb"] and b.half_frame is None
        assert abs(b.frame_start_sample - frame_start) < 1  # integer timing within one sample
        assert abs(b.frame_start_sample + s.timing_offset_samples - frame_start) < 1
        residual = e.cfo_scs + b.residual_cfo_hz / C.scs_hz - kw["cfo_scs"]
        if cfo_bound is not None:
            assert abs(residual) < cfo_bound, (kw, residual)


def test_cell_id_timing_and_cfo_at_10_db(channel):
    _check(channel, 2, 12, 10.0, cfo_bound=0.01)


def test_cell_id_and_timing_at_0_db(channel):
    _check(channel, 3, 12, 0.0, cfo_bound=0.05)


@pytest.mark.slow
def test_receiver_monte_carlo(channel):
    _check(channel, 4, 45, 10.0, cfo_bound=0.01)
    _check(channel, 5, 45, 0.0, cfo_bound=0.05)


def test_half_frame_bit_for_l_max_4(channel):
    rng = np.random.default_rng(7)
    carrier = Carrier(scs_khz=15, n_rb=24)  # case A, L_max = 4 (<= 3 GHz)
    for n_hf, i_ssb in ((1, 2), (0, 3), (1, 0)):
        # n_hf = 1: the second half frame of a 10 ms frame (its frame start lies before the
        # recording); n_hf = 0: a 2-slot recording from the frame start
        x, frame_start, _ = channel(rng, n_id_cell=502, i_ssb=i_ssb, delay_samples=0.4,
                                    cfo_scs=-1.3, snr_db=5.0, l_max=4, half_frame=n_hf,
                                    carrier=carrier)
        p, e, s, b = _chain(x, carrier, l_max=4)
        assert s.n_id_cell == 502
        assert (b.i_ssb, b.half_frame, b.i_ssb_bar) == (i_ssb, n_hf, i_ssb + 4 * n_hf)
        assert abs(b.frame_start_sample - frame_start) < 1


def test_demodulated_grid_matches_transmitted(channel):
    rng = np.random.default_rng(8)
    x, frame_start, frame = channel(rng, n_id_cell=77, i_ssb=1, delay_samples=0.0,
                                     cfo_scs=0.7, snr_db=40.0)
    p, e, s, b = _chain(x)
    y = correct_cfo(x, e.cfo_hz + b.residual_cfo_hz, sample_rate_hz=C.sample_rate_hz)
    d = demodulate_grid(y, C, frame_start_sample=b.frame_start_sample, n_slots=frame.n_slots)
    sym, k0 = frame.ssb_symbols[0], frame.ssb_first_subcarrier
    h = d.grid[k0 + 56:k0 + 183, sym] * pss(77)  # channel on the PSS REs
    assert d.grid.shape == (C.n_subcarriers, frame.n_symbols)
    assert np.abs(h / np.mean(h) - 1).max() < 0.05  # flat, SNR 40 dB
    sss_h = d.grid[k0 + 56:k0 + 183, sym + 2] * sss(77)
    assert abs(np.angle(np.mean(sss_h) / np.mean(h))) < 0.02  # CFO removed: no rotation


def test_pss_false_alarm_rate_on_noise():
    """rho is Beta(1, N - 1) on white noise: the per-cell false-alarm rate is p.

    Disjoint DFT windows give independent cells for one N_ID^(2); the count over 20000
    windows is binomial, checked within 4 standard errors for each N_ID^(2) and design
    value separately."""
    rng = np.random.default_rng(11)
    n_win, n = 20000, C.n_fft
    w = rng.standard_normal((n_win, 2 * n), dtype=np.float32).view(np.complex64) * 3
    energy = np.sum(np.abs(w) ** 2, axis=1)  # the noise power does not matter
    for n_id2 in range(3):
        r = pss_reference(C, n_id2)
        rho = np.abs(w @ np.conj(r)) ** 2 / (energy * 127.0)
        for p in (1e-2, 1e-3):
            count = int(np.sum(rho > pss_threshold(p, n)))
            se = np.sqrt(n_win * p * (1 - p))
            assert abs(count - n_win * p) < 4 * se, (n_id2, p, count)


def test_fft_statistic_equals_direct_correlation():
    rng = np.random.default_rng(13)
    x = (rng.standard_normal(3000) + 1j * rng.standard_normal(3000)).astype(np.complex64)
    r = pss_reference(C, 2, integer_offset=1)
    rho = pss_statistic(x, r, _sliding_energy(x, C.n_fft))
    win = x[np.arange(rho.size)[:, None] + np.arange(C.n_fft)].astype(np.complex128)
    direct = np.abs(win @ np.conj(r)) ** 2 / (np.sum(np.abs(win) ** 2, axis=1) * 127.0)
    assert np.abs(rho - direct).max() < 1e-6


def test_pss_search_on_noise_reports_no_detection():
    rng = np.random.default_rng(12)
    x = (rng.standard_normal(20000) + 1j * rng.standard_normal(20000)).astype(np.complex64)
    d = pss_search(x, C, false_alarm_probability=1e-7)
    assert not d.detected and d.margin_db < 0  # 60000 cells x 1e-7: P(detected) < 0.6 %
    assert d.n_cells == 3 * (20000 - (3 * (512 + 36) + 512) + 1)  # timings whose block fits


def test_threshold_formula():
    assert pss_threshold(0.5, 2) == pytest.approx(0.5)
    t = pss_threshold(1e-3, 512)
    assert (1 - t) ** 511 == pytest.approx(1e-3, rel=1e-9)


def test_too_short_and_bad_inputs():
    with pytest.raises(ValueError, match=r"samples=<100 samples> is not allowed; the recording "
                                         r"must hold at least one SS/PBCH block \(2192 samples"):
        pss_search(np.zeros(100, np.complex64), C)
    with pytest.raises(ValueError, match=r"samples=<array of shape \(2, 4000\)"):
        pss_search(np.zeros((2, 4000), np.complex64), C)
    with pytest.raises(ValueError, match="false_alarm_probability=0.0 is not allowed"):
        pss_search(np.zeros(4000, np.complex64), C, false_alarm_probability=0.0)
    with pytest.raises(ValueError, match="search_window=.* is not allowed"):
        pss_search(np.zeros(4000, np.complex64), C, search_window=(10, 5))
    with pytest.raises(TypeError, match="carrier="):
        pss_search(np.zeros(4000, np.complex64), "carrier")
    with pytest.raises(ValueError, match="n_id2=3 is not allowed"):
        pss_reference(C, 3)
    with pytest.raises(ValueError, match="n_rb=10 is not allowed; an SS/PBCH block needs"):
        pss_reference(Carrier(scs_khz=30, n_rb=10), 0)
    with pytest.raises(ValueError, match="cfo_hz=nan is not allowed"):
        correct_cfo(np.zeros(4), float("nan"), sample_rate_hz=1e6)
    x = np.zeros(20000, np.complex64)
    d = pss_search(x + 1e-3, C)
    with pytest.raises(ValueError, match="n_slots=3 is not allowed; slots 0..2"):
        demodulate_grid(x, C, frame_start_sample=0, n_slots=3)
    with pytest.raises(ValueError, match="l_max=5 is not allowed"):
        detect_pbch_dmrs(x, C, d, detect_sss(x + 1e-3, C, d), l_max=5)
