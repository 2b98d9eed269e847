"""Tests of ``ofdmisac.waveforms._frame``: the ISAC frame of [BM] Fig. 2."""

import json

import numpy as np
import pytest

from ofdmisac.waveforms import (
    Carrier,
    IsacFrame,
    IsacFrameConfig,
    PRSConfig,
    ReLabel,
    SsbChannel,
    default_isac_frame,
    pbch_dmrs,
    prs_grid,
    prs_indices,
    pss,
    ssb_channel_map,
    ssb_start_symbols,
    sss,
)

CARRIER = Carrier(scs_khz=30, n_rb=52)
N_ID = 301


def _frame(**kw):
    cfg = dict(carrier=CARRIER, duration_s=10e-3, ssb_period_s=5e-3, n_id_cell=N_ID,
               prs_duration_s=2e-3, prs_offset_s=2e-3, prs_period_s=5e-3,
               prs_active=(True, False), extra_ssb_times_s=(3e-3,))
    cfg.update(kw)
    return IsacFrame(IsacFrameConfig(**cfg))


def _expected_labels(frame):
    """Label map composed here from prs_indices and Table 7.4.3.1-1."""
    c, prs = frame.carrier, frame.config.prs
    n_sym = c.symbols_per_slot
    out = np.full((c.n_subcarriers, frame.n_symbols), ReLabel.DATA, dtype=np.uint8)
    band = slice(12 * prs.rb_offset, 12 * (prs.rb_offset + prs.n_rb))
    k, l_ = prs_indices(c, prs)
    for first, n, active in frame.prs_blocks:
        for s in range(first, first + n):
            out[band, s * n_sym + prs.start_symbol:s * n_sym + prs.start_symbol
                + prs.num_symbols] = ReLabel.EMPTY
            if active:
                out[k, s * n_sym + l_] = ReLabel.PRS
    cmap = np.where(ssb_channel_map(N_ID) == SsbChannel.ZERO, ReLabel.EMPTY, ReLabel.SSB)
    k0 = 12 * ((c.n_rb - 20) // 2)
    for l0 in frame.ssb_symbols:
        out[k0:k0 + 240, l0:l0 + 4] = cmap
    return out


def test_structure_and_labels():
    frame = _frame()
    assert (frame.n_slots, frame.n_symbols, frame.n_subcarriers) == (20, 280, 624)
    assert frame.config.ssb_case == "C" and frame.config.ssb_l_max == 8
    assert frame.prs_blocks == [(4, 4, True), (14, 4, False)]
    np.testing.assert_array_equal(frame.prs_slots, [4, 5, 6, 7])
    np.testing.assert_array_equal(frame.muted_prs_slots, [14, 15, 16, 17])
    starts = ssb_start_symbols("C", 8)
    np.testing.assert_array_equal(frame.ssb_symbols,
                                  np.concatenate([starts, 140 + starts, 6 * 14 + starts]))
    labels = frame.labels()
    assert labels.dtype == np.uint8 and labels.shape == (624, 280)
    np.testing.assert_array_equal(labels, _expected_labels(frame))
    # a slot range is the matching slice of the whole frame
    np.testing.assert_array_equal(frame.labels(5, 8), labels[:, 5 * 14:8 * 14])


def test_counts_and_overhead():
    frame = _frame()
    counts = frame.re_counts
    assert sum(counts.values()) == frame.n_res == 624 * 280
    assert counts == {name.lower(): int((frame.labels() == lab).sum())
                      for name, lab in ReLabel.__members__.items()}
    assert counts["ssb"] == 3 * 8 * 830
    # 4 active slots x 12 symbols x 156 PRS REs, less the 4 extra-burst SSBs in slots 6-7
    # (60 PRS REs per symbol under each 240-subcarrier block)
    assert counts["prs"] == 4 * 12 * 156 - 4 * 4 * 60
    over = frame.overhead()
    for key, value in counts.items():
        assert over[f"re_fraction_{key}"] == pytest.approx(value / frame.n_res)
    assert over["reference_signal_re_fraction"] == pytest.approx(1 - over["re_fraction_data"])
    assert over["time_fraction_ssb"] == pytest.approx(3 * 8 * 4 / 280)
    assert over["time_fraction_prs"] == pytest.approx(4 * 12 / 280)
    summary = frame.summary()
    json.dumps(summary)
    assert summary["ssb"]["n_blocks"] == 24 and summary["prs"]["n_muted_slots"] == 4
    assert summary["prs"]["bandwidth_hz"] == pytest.approx(52 * 12 * 30e3)


def test_muted_blocks_are_zero_power():
    frame = _frame()
    lab = frame.labels(14, 18)
    prs = frame.config.prs
    syms = np.concatenate([s * 14 + prs.symbols for s in range(4)])
    np.testing.assert_array_equal(lab[:, syms], ReLabel.EMPTY)
    g = frame.grid(14, 18, rng=0)
    np.testing.assert_array_equal(g[:, syms], 0)
    assert not (frame.labels() == ReLabel.PRS)[:, 14 * 14:18 * 14].any()
    # all blocks active: the second block carries PRS
    active = _frame(prs_active=(True,))
    assert active.re_counts["prs"] == _frame().re_counts["prs"] + 4 * 12 * 156


def test_grid_values_on_prs_ssb_data():
    frame = _frame()
    g = frame.grid(rng=5, dtype=np.complex128)
    lab = frame.labels()
    assert g.dtype == np.complex128
    np.testing.assert_array_equal(g[lab == ReLabel.EMPTY], 0)
    np.testing.assert_allclose(np.abs(g[lab == ReLabel.DATA]), 1.0, atol=1e-12)
    for s in frame.prs_slots:
        cols = slice(s * 14, (s + 1) * 14)
        ref = prs_grid(frame.carrier, frame.config.prs, slot=int(s), dtype=np.complex128)
        is_prs = lab[:, cols] == ReLabel.PRS
        assert is_prs.any()
        np.testing.assert_allclose(g[:, cols][is_prs], ref[is_prs], atol=1e-12)
    k0 = 12 * 16
    cmap = ssb_channel_map(N_ID)
    dmrs_order = tuple(np.nonzero((cmap == SsbChannel.PBCH_DMRS).T)[::-1])
    for l0, i in zip(frame.ssb_symbols, frame.ssb_block_indices, strict=True):
        block = g[k0:k0 + 240, l0:l0 + 4]
        np.testing.assert_allclose(block[56:183, 0], pss(N_ID))
        np.testing.assert_allclose(block[56:183, 2], sss(N_ID))
        np.testing.assert_allclose(block[dmrs_order], pbch_dmrs(N_ID, int(i) % 8), atol=1e-12)
        np.testing.assert_allclose(np.abs(block[cmap == SsbChannel.PBCH]), 1.0, atol=1e-12)
        np.testing.assert_array_equal(block[cmap == SsbChannel.ZERO], 0)
    # data="zero" leaves only the reference signals
    z = frame.grid(4, 5, data="zero", rng=1)
    np.testing.assert_array_equal(z[frame.labels(4, 5) == ReLabel.DATA], 0)


def test_l_max_4_uses_half_frame_in_dmrs():
    frame = IsacFrame(IsacFrameConfig(carrier=Carrier(scs_khz=15, n_rb=25), duration_s=10e-3,
                                      ssb_period_s=5e-3, ssb_l_max=4, n_id_cell=N_ID,
                                      prs_duration_s=0))
    g = frame.grid(rng=0, dtype=np.complex128)
    k0 = 12 * 2
    v = N_ID % 4
    for l0, i in zip(frame.ssb_symbols, frame.ssb_block_indices, strict=True):
        n_hf = int(l0 >= 70)
        np.testing.assert_allclose(g[k0 + v:k0 + 240:4, l0 + 1],
                                   pbch_dmrs(N_ID, int(i) + 4 * n_hf)[:60], atol=1e-12)
    assert frame.ssb_symbols.size == 8 and frame.re_counts["prs"] == 0


def test_default_frames():
    quick = default_isac_frame(quick=True)
    assert (quick.n_slots, quick.n_subcarriers) == (80, 1584)
    assert quick.config.ssb_case == "E" and quick.ssb_symbols.size == 64
    assert quick.prs_blocks == [(48, 16, True)]
    prs = quick.config.prs
    assert (prs.comb_size, prs.num_symbols, prs.n_rb, prs.rb_offset) == (4, 12, 84, 24)
    assert quick.re_counts["prs"] == 16 * 12 * 84 * 3
    full = IsacFrame()
    assert (full.n_slots, full.n_symbols) == (320, 4480)
    last = 44 + 56 * 8  # case E, n = 8
    t_sym = full.carrier.symbol_duration_s
    assert full.ssb_burst_duration_s == pytest.approx((last + 4 - 8) * t_sym)


@pytest.mark.parametrize(("kwargs", "match"), [
    (dict(ssb_case="E"), r"ssb_case='E' is not allowed with scs_khz=30: case E is 240 kHz; "
                         r"choose one of \('B', 'C'\) or None"),
    (dict(ssb_case="Z"), r"ssb_case='Z' is not allowed"),
    (dict(ssb_l_max=64), r"ssb_l_max=64 is not allowed with ssb_case='C'"),
    (dict(ssb_indices=(0, 9)), r"ssb_indices=\(0, 9\) is not allowed"),
    (dict(n_id_cell=1008), r"n_id_cell=1008 is not allowed"),
    (dict(ssb_period_s=7e-3), r"ssb_period_s=0\.007 is not allowed"),
    (dict(extra_ssb_times_s=(1.2e-4,)), r"extra_ssb_times_s=0\.00012 is not allowed"),
    (dict(ssb_first_rb=40), r"ssb_first_rb=40 is not allowed"),
    (dict(prs_active=()), r"prs_active=\(\) is not allowed"),
    (dict(prs_slot_period=0), r"prs_slot_period=0 is not allowed"),
])
def test_bad_config(kwargs, match):
    with pytest.raises(ValueError, match=match):
        _frame(**kwargs)


@pytest.mark.parametrize(("kwargs", "match"), [
    (dict(prs=PRSConfig(comb_size=4, num_symbols=4, rb_offset=40, n_rb=24)),
     r"rb_offset=40, n_rb=24 is not allowed for a carrier of n_rb=52"),
    (dict(prs_offset_s=9e-3, prs_period_s=None), r"the PRS block .* does not fit in the frame"),
    (dict(prs_period_s=1e-3), r"prs_period_s=0\.001 is not allowed; it must be >= "),
    (dict(extra_ssb_times_s=(9e-3,)), r"the SSB burst starting at slot 18 does not fit"),
])
def test_bad_frame(kwargs, match):
    with pytest.raises(ValueError, match=match):
        _frame(**kwargs)


@pytest.mark.parametrize(("kwargs", "exc", "match"), [
    (dict(duration_s=np.inf), ValueError, r"duration_s=inf is not allowed; use a finite number"),
    (dict(duration_s="20 ms"), TypeError, r"duration_s='20 ms' is not allowed"),
    (dict(prs_duration_s=None), TypeError, r"prs_duration_s=None is not allowed"),
    (dict(prs_offset_s=np.nan), ValueError, r"prs_offset_s=nan is not allowed"),
    (dict(ssb_period_s="5ms"), TypeError, r"ssb_period_s='5ms' is not allowed"),
    (dict(ssb_period_s=np.inf), ValueError, r"ssb_period_s=inf is not allowed"),
    (dict(n_id_cell=1.0), TypeError, r"n_id_cell=1\.0 is not allowed; use an integer in"),
    (dict(ssb_l_max="8"), TypeError, r"ssb_l_max='8' is not allowed; use an integer"),
    (dict(prs_slot_period=None), TypeError, r"prs_slot_period=None is not allowed"),
    (dict(extra_ssb_times_s=3e-3), TypeError, r"extra_ssb_times_s=0\.003 is not allowed; use a "
                                              r"tuple"),
    (dict(carrier="30 kHz"), TypeError, r"carrier='30 kHz' is not allowed; use a Carrier"),
    (dict(prs="comb 4"), TypeError, r"prs='comb 4' is not allowed; use a PRSConfig"),
])
def test_bad_parameter_kinds(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        _frame(**kwargs)


def test_bad_frame_arguments():
    frame = _frame()
    with pytest.raises(TypeError, match=r"config='default' is not allowed; use an? IsacFrame"):
        IsacFrame("default")
    with pytest.raises(TypeError, match=r"slot_start=0\.5 is not allowed; use an integer"):
        frame.labels(0.5, 2)
    with pytest.raises(TypeError, match=r"slot_stop='2' is not allowed"):
        frame.grid(0, "2")
    with pytest.raises(ValueError, match=r"dtype=float32 is not allowed; choose"):
        frame.grid(0, 1, dtype=np.float32)


def test_bad_carrier_combinations():
    ext = Carrier(scs_khz=60, n_rb=24, cyclic_prefix="extended")
    with pytest.raises(ValueError, match=r"start_symbol=2 is not allowed with num_symbols=12 "
                                         r"and 12 symbols per slot"):
        IsacFrame(IsacFrameConfig(carrier=ext, duration_s=1e-3, ssb_case=None,
                                  prs=PRSConfig(comb_size=4, num_symbols=12, start_symbol=2),
                                  prs_duration_s=0.5e-3, prs_offset_s=0))
    with pytest.raises(ValueError, match=r"ssb_case='D' is not allowed with scs_khz=60"):
        IsacFrameConfig(carrier=Carrier(scs_khz=60, n_rb=24), ssb_case="D")
    with pytest.raises(ValueError, match=r"slot range \(3, 2\) is not allowed"):
        _frame().labels(3, 2)
    with pytest.raises(ValueError, match=r"data='ones' is not allowed"):
        _frame().grid(0, 1, data="ones")
