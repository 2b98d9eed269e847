"""Tests of ``ofdmisac.waveforms._sensing_grid``: SensingGrid, [BM] eqs. (13)-(14)."""

import numpy as np
import pytest

from ofdmisac.units import SPEED_OF_LIGHT_MPS as C
from ofdmisac.waveforms import (
    Carrier,
    IsacFrame,
    IsacFrameConfig,
    PilotPattern,
    PRSConfig,
    SensingGrid,
    prs_indices,
)

CARRIER = Carrier(scs_khz=120, n_rb=8)


def test_from_carrier_full_grid_nr_times_and_derived_quantities():
    g = SensingGrid.from_carrier(CARRIER, fc_hz=28e9, n_symbols=28)
    assert g.shape == (96, 28) and g.n_pilots == 96 * 28 and g.carrier is CARRIER
    starts = np.concatenate([CARRIER.symbol_start_times_s(s) for s in (0, 1)])
    np.testing.assert_array_equal(g.symbol_times_s, starts)  # CP included, long CP first
    assert g.subcarrier_step == 1 and g.symbol_step == 1
    assert g.bandwidth_hz == 96 * 120e3
    assert g.observation_time_s == pytest.approx(28 * CARRIER.symbol_duration_s)
    assert g.range_resolution_m == pytest.approx(C / (2 * 96 * 120e3), rel=1e-15)
    assert g.velocity_resolution_mps == pytest.approx(
        C / (2 * 28e9 * 28 * CARRIER.symbol_duration_s), rel=1e-15)
    assert g.unambiguous_range_m == pytest.approx(C / (2 * 120e3))
    assert g.unambiguous_velocity_mps == pytest.approx(C / (2 * 28e9 * CARRIER.symbol_duration_s))
    np.testing.assert_array_equal(g.subcarrier_frequencies_hz(),
                                  CARRIER.subcarrier_frequencies_hz())
    assert g.n_range == 96 and g.n_doppler == 28
    assert SensingGrid.from_carrier(CARRIER, fc_hz=28e9).n_symbols == 14  # one slot


def test_padding_bins_and_axes():
    g = SensingGrid.from_carrier(CARRIER, fc_hz=28e9, n_symbols=14, n_range=384, n_doppler=56)
    assert g.range_bin_m == pytest.approx(g.range_resolution_m / 4)
    assert g.velocity_bin_mps == pytest.approx(g.velocity_resolution_mps / 4)
    assert g.range_axis_m().shape == (384,) and g.range_axis_m()[1] == g.range_bin_m
    v = g.velocity_axis_mps()
    assert v.shape == (56,) and v[28] == 0.0 and v[0] == -28 * g.velocity_bin_mps
    tau, fd = g.delay_doppler(15.0, 3.0)
    assert tau == pytest.approx(2 * 15.0 / C) and fd == pytest.approx(2 * 3.0 * 28e9 / C)


@pytest.mark.parametrize("comb", [2, 4, 6, 12])
def test_prs_grid_steps_and_unambiguous_intervals(comb):
    prs = PRSConfig(comb_size=comb, num_symbols=12, start_symbol=2, n_rb=8)
    g = SensingGrid.from_prs(CARRIER, prs, fc_hz=28e9, n_slots=2)
    assert g.shape == (96, 28)
    k, ll = prs_indices(CARRIER, prs, slot=0)
    assert g.n_pilots == 2 * k.size and g.pilot_mask[k, ll].all()
    assert g.subcarrier_step == comb  # eq. (14): d_max = c / (2 S_f f_Delta)
    assert g.unambiguous_range_m == pytest.approx(C / (2 * comb * 120e3))


def test_staggered_comb_steps():
    mask = np.zeros((96, 28), bool)
    for ll in range(28):
        mask[ll % 4::4, ll] = True
    g = SensingGrid.from_carrier(CARRIER, fc_hz=28e9, pilot_mask=mask)
    assert (g.subcarrier_step, g.symbol_step) == (4, 4)
    assert g.unambiguous_velocity_mps == pytest.approx(
        C / (2 * 28e9 * 4 * CARRIER.symbol_duration_s))


def test_from_pilot_pattern_matches_its_lattice():
    p = PilotPattern(n_re=1000, delta=0.3, spacing_t=3, spacing_f=3)
    g = SensingGrid.from_pilot_pattern(p)
    assert g.shape == (p.span_subcarriers, p.span_symbols) and g.n_pilots == p.n_pilots
    assert (g.subcarrier_step, g.symbol_step) == (3, 3)
    assert g.unambiguous_range_m == pytest.approx(p.max_range_m)
    assert g.unambiguous_velocity_mps == pytest.approx(p.max_velocity_mps)
    p2 = PilotPattern.from_carrier(CARRIER, n_re=60, delta=0.5, spacing_t=2, spacing_f=8,
                                   fc_hz=28e9)
    g2 = SensingGrid.from_pilot_pattern(p2, carrier=CARRIER)
    assert g2.n_subcarriers == 96 and g2.carrier is CARRIER and g2.n_pilots == p2.n_pilots


def test_from_frame_takes_the_prs_res():
    carrier = Carrier(scs_khz=120, n_rb=24)
    prs = PRSConfig(comb_size=4, num_symbols=12, start_symbol=2, n_rb=24)
    frame = IsacFrame(IsacFrameConfig(carrier=carrier, duration_s=5e-3, ssb_period_s=5e-3,
                                      prs=prs, prs_duration_s=1e-3, prs_offset_s=2e-3))
    first = frame.prs_blocks[0][0]
    g = SensingGrid.from_frame(frame, fc_hz=28e9, slot_start=first, slot_stop=first + 2)
    assert g.shape == (carrier.n_subcarriers, 28) and g.subcarrier_step == 4
    times = np.concatenate([carrier.symbol_start_times_s(s) + (s // 80) * 10e-3
                            for s in (first, first + 1)])
    np.testing.assert_allclose(g.symbol_times_s, times, rtol=1e-12)
    with pytest.raises(ValueError, match="slot_start=0 is not allowed; use a slot range that"):
        SensingGrid.from_frame(frame, fc_hz=28e9, slot_start=0, slot_stop=1)


def test_replace_and_validation():
    g = SensingGrid.from_carrier(CARRIER, fc_hz=28e9)
    u = g.replace(symbol_times_s=np.arange(14) * g.symbol_duration_s)
    assert u.symbol_times_s[1] == g.symbol_duration_s and u.carrier is CARRIER
    with pytest.raises(ValueError, match="changes=.* is not allowed; choose fields among"):
        g.replace(fc=1.0)
    with pytest.raises(ValueError, match="fc_hz=nan is not allowed"):
        g.replace(fc_hz=np.nan)
    with pytest.raises(TypeError, match="fc_hz='28e9' is not allowed"):
        g.replace(fc_hz="28e9")
    with pytest.raises(ValueError, match="pilot_mask=.* is not allowed; use a 2-D"):
        g.replace(pilot_mask=np.ones(96, bool))
    with pytest.raises(ValueError, match="pilot_mask=.* is not allowed; use 96 subcarriers"):
        g.replace(pilot_mask=np.ones((95, 14), bool))
    with pytest.raises(ValueError, match="window_doppler='kaiser' is not allowed"):
        g.replace(window_doppler="kaiser")
    with pytest.raises(ValueError, match="n_doppler=13 is not allowed; use an integer >= 14"):
        g.replace(n_doppler=13)
    with pytest.raises(TypeError, match="carrier=.* is not allowed; use a Carrier"):
        SensingGrid.from_carrier("FR2", fc_hz=28e9)
    with pytest.raises(TypeError, match="prs=None is not allowed; use a PRSConfig"):
        SensingGrid.from_prs(CARRIER, None, fc_hz=28e9)
    with pytest.raises(TypeError, match="pattern=1 is not allowed; use a PilotPattern"):
        SensingGrid.from_pilot_pattern(1)
    assert not g.pilot_mask.flags.writeable and not g.symbol_times_s.flags.writeable
    d = g.to_dict()
    assert d["n_pilots"] == 96 * 14 and d["range_resolution_m"] == g.range_resolution_m



SCS, TSYM, FC = 120e3, 8.92e-6, 28e9


K, L = 64, 32


def _sg(mask, *, fc_hz=FC, scs_hz=SCS, symbol_duration_s=TSYM, **processing):
    """Sensing grid of the test numerology on a pilot mask (or every RE of a grid shape)."""
    mask = np.ones(mask, bool) if isinstance(mask, tuple) else mask
    return SensingGrid(pilot_mask=mask, fc_hz=fc_hz, scs_hz=scs_hz,
                       symbol_duration_s=symbol_duration_s, **processing)


def test_sensing_grid_bad_inputs():
    with pytest.raises(ValueError, match="window_range='kaiser' is not allowed; choose one of"):
        _sg((K, L), window_range="kaiser")
    with pytest.raises(ValueError, match="n_range=8 is not allowed; use an integer >= 64"):
        _sg((K, L), n_range=8)
    with pytest.raises(ValueError, match="fc_hz=0.0 is not allowed; use a finite number > 0"):
        _sg((K, L), fc_hz=0.0)
    with pytest.raises(ValueError, match="scs_hz=-1.0 is not allowed"):
        _sg((K, L), scs_hz=-1.0)
    with pytest.raises(TypeError, match="pilot_mask=.* is not allowed; use a boolean array"):
        SensingGrid(fc_hz=FC, scs_hz=SCS, symbol_duration_s=TSYM, pilot_mask=np.ones((K, L)))
    with pytest.raises(ValueError, match="pilot_mask=.* is not allowed; use a mask with at least"):
        _sg(np.zeros((K, L), bool))
    with pytest.raises(ValueError, match="symbol_times_s=.* is not allowed; use 4 finite times"):
        _sg((4, 4), symbol_times_s=np.arange(3) * TSYM)

