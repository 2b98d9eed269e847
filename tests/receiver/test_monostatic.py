"""Monostatic sensing of a recorded echo: demodulate at the transmit timing, range-Doppler
map of the PRS, CFAR detections at the targets."""

import numpy as np
import pytest

from ofdmisac.channel import Target, synthesize_echo_time
from ofdmisac.receiver import EchoSensing, demodulate_grid, sense_echo
from ofdmisac.waveforms import Carrier, IsacFrame, IsacFrameConfig, SensingGrid


def test_two_targets_from_an_echo_recording():
    carrier = Carrier(scs_khz=30, n_rb=24)
    frame = IsacFrame(IsacFrameConfig(carrier=carrier, duration_s=3e-3, ssb_period_s=5e-3,
                                      prs_duration_s=2e-3, prs_offset_s=1e-3, n_id_cell=5))
    tx = frame.grid(rng=1)
    full = SensingGrid.from_frame(frame, fc_hz=3.5e9)
    targets = [Target(range_m=120.0, velocity_mps=25.0, swerling=0),
               Target(range_m=260.0, velocity_mps=-40.0, swerling=0)]
    _, echo = synthesize_echo_time(tx, full, targets, amplitude="unit", return_waveform=True,
                                   rng=2)
    rng = np.random.default_rng(3)
    noise = 0.3 * (rng.standard_normal(echo.size) + 1j * rng.standard_normal(echo.size))
    x = (echo + noise).astype(np.complex64)
    d = demodulate_grid(x, carrier, frame_start_sample=0, slot=2, n_slots=4)
    sensing = SensingGrid.from_frame(frame, fc_hz=3.5e9, slot_start=2, slot_stop=6,
                                     window_range="hann", window_doppler="hann",
                                     n_range=1024, n_doppler=256)
    result = sense_echo(d.grid, tx[:, 28:84], sensing, max_targets=2,
                        max_speed_mps=sensing.unambiguous_velocity_mps / 2)
    assert isinstance(result, EchoSensing) and len(result.detections) == 2
    order = np.argsort(result.ranges_m)
    assert result.ranges_m[order] == pytest.approx([120.0, 260.0], abs=0.2 * 17.4)
    assert result.velocities_mps[order] == pytest.approx([25.0, -40.0],
                                                         abs=0.25 * sensing.velocity_resolution_mps)


def test_sense_echo_errors():
    g = SensingGrid(fc_hz=28e9, scs_hz=120e3, symbol_duration_s=8.92e-6,
                    pilot_mask=np.ones((8, 4), bool))
    with pytest.raises(ValueError, match=r"rx_grid=<array of shape \(8, 5\)> is not allowed"):
        sense_echo(np.ones((8, 5)), np.ones((8, 4)), g)
    with pytest.raises(TypeError, match="sensing="):
        sense_echo(np.ones((8, 4)), np.ones((8, 4)), "grid")
