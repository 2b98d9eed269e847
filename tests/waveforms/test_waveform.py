"""Multi-slot PRS grids and waveforms, frame waveforms and their occasions."""

import numpy as np
import pytest

from ofdmisac.waveforms import (
    Carrier,
    IsacFrame,
    IsacFrameConfig,
    PRSConfig,
    ReLabel,
    default_isac_frame,
    frame_occasions,
    ofdm_demodulate,
    ofdm_modulate,
    prs_grid,
    prs_multi_slot_grid,
    prs_occasion_slots,
    prs_waveform,
)

C30 = Carrier(scs_khz=30, n_rb=24)
PRS = PRSConfig(comb_size=4, num_symbols=4, start_symbol=2, n_id=77)


@pytest.mark.parametrize("first_slot,period,offset,rep", [(0, 1, 0, 1), (3, 4, 1, 2),
                                                          (17, 10, 9, 3), (0, 40, 5, 1)])
def test_multi_slot_grid_equals_per_slot_loop(first_slot, period, offset, rep):
    n_slots = 45  # more than two frames at 30 kHz (20 slots per frame)
    g = prs_multi_slot_grid(C30, PRS, n_slots=n_slots, first_slot=first_slot,
                            period_slots=period, offset_slots=offset, repetition_factor=rep)
    slots = prs_occasion_slots(n_slots, period_slots=period, offset_slots=offset,
                               repetition_factor=rep, first_slot=first_slot)
    ref = np.zeros_like(g)
    for s in slots:
        ref[:, 14 * s:14 * (s + 1)] = prs_grid(C30, PRS, slot=first_slot + int(s))
    assert np.array_equal(g, ref)
    absolute = first_slot + slots
    assert np.all((absolute - offset) % period < rep)
    assert slots.size == np.sum((first_slot + np.arange(n_slots) - offset) % period < rep)


def test_sequence_repeats_every_frame_and_changes_per_slot():
    g = prs_multi_slot_grid(C30, PRS, n_slots=41)
    assert np.array_equal(g[:, :14], g[:, 20 * 14:21 * 14])  # n_s,f wraps after 20 slots
    assert not np.array_equal(g[:, :14], g[:, 14:28])


def test_prs_waveform_demodulates_back():
    x = prs_waveform(C30, PRS, n_slots=5, first_slot=1, period_slots=2)
    g = prs_multi_slot_grid(C30, PRS, n_slots=5, first_slot=1, period_slots=2)
    assert x.dtype == np.complex64
    assert np.abs(ofdm_demodulate(x, C30, slot=1) - g).max() < 1e-5


@pytest.mark.parametrize("kwargs,match", [
    ({"period_slots": 0}, "period_slots=0 is not allowed"),
    ({"offset_slots": 4, "period_slots": 4}, "offset_slots=4 is not allowed"),
    ({"repetition_factor": 5, "period_slots": 4}, "repetition_factor=5 is not allowed"),
    ({"first_slot": -1}, "first_slot=-1 is not allowed"),
])
def test_occasion_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        prs_multi_slot_grid(C30, PRS, n_slots=4, **kwargs)
    with pytest.raises(ValueError, match="n_slots=0 is not allowed"):
        prs_occasion_slots(0)


def _small_frame(**kw):
    cfg = dict(carrier=C30, duration_s=5e-3, ssb_period_s=5e-3, prs_duration_s=1e-3,
               prs_offset_s=3e-3)
    cfg.update(kw)
    return IsacFrame(IsacFrameConfig(**cfg))


def test_frame_waveform_is_modulated_grid():
    frame = _small_frame()
    x = frame.waveform(2, 8, rng=5)
    ref = ofdm_modulate(frame.grid(2, 8, rng=5), C30, slot=2)
    assert np.array_equal(x, ref)


def test_occasions_match_labels_and_samples():
    frame = _small_frame()
    occ = frame.occasions()
    labels = frame.labels()
    starts = np.concatenate(([0], np.cumsum(np.concatenate(
        [C30.symbol_lengths(s) for s in range(frame.n_slots)]))))
    n_ssb = sum(o.kind == "ssb" for o in occ)
    assert n_ssb == frame.ssb_symbols.size == 8
    assert sum(o.kind == "prs" for o in occ) == frame.prs_slots.size == 2
    f = C30.subcarrier_frequencies_hz()
    for o in occ:
        cols = slice(o.first_symbol, o.first_symbol + o.n_symbols)
        want = ReLabel.SSB if o.kind == "ssb" else ReLabel.PRS
        rows = np.flatnonzero((labels[:, cols] == want).any(axis=1))
        assert o.freq_lower_hz <= f[rows.min()] - 15e3 + 1e-6
        assert o.freq_upper_hz >= f[rows.max()] + 15e3 - 1e-6
        assert o.sample_start == starts[o.first_symbol]
        assert o.sample_stop == starts[o.first_symbol + o.n_symbols]
    assert [o.sample_start for o in occ] == sorted(o.sample_start for o in occ)
    # a slot range keeps only whole blocks, counted from its first sample
    part = frame_occasions(frame, 6, 10)
    assert all(o.kind == "prs" for o in part) and part[0].label == "PRS slot 0"


def test_default_frame_occasions_count():
    occ = default_isac_frame(quick=True).occasions()
    assert len(occ) == 64 + 16


def test_occasions_errors():
    with pytest.raises(TypeError, match="frame="):
        frame_occasions("frame")
    with pytest.raises(ValueError, match="slot range"):
        _small_frame().occasions(3, 2)
