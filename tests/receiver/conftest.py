"""Fixtures of the receiver tests. The test channel: unknown cell and block, zero padding,
fractional delay, frequency offset and complex white Gaussian noise (N0 per sample = per RE)."""

import numpy as np
import pytest
from scipy.fft import next_fast_len

from ofdmisac.waveforms import Carrier, IsacFrame, IsacFrameConfig

CARRIER = Carrier(scs_khz=30, n_rb=24)  # n_fft 512, 15.36 MHz


def received(rng, *, n_id_cell, i_ssb, delay_samples, cfo_scs, snr_db, l_max=8,
             half_frame=0, carrier=CARRIER, lead=700):
    """Recording of one SS/PBCH block (index ``i_ssb``): a 2-slot span from the frame start,
    or (``half_frame=1``) the second half frame of a 10 ms frame; returns (samples, true
    frame start sample (float, negative for a half frame), the frame)."""
    cfg = IsacFrameConfig(carrier=carrier,
                          duration_s=10e-3 if half_frame else 2 * carrier.slot_duration_s,
                          ssb_period_s=5e-3, ssb_l_max=l_max, ssb_indices=(i_ssb,),
                          n_id_cell=n_id_cell, prs_duration_s=0.0)
    frame = IsacFrame(cfg)
    x = frame.waveform(rng=rng)
    if half_frame:  # keep the second half frame only (its frame start is before the recording)
        half = 5 * carrier.samples_per_subframe
        x = x[half:]
        frame_start = lead - half
    else:
        frame_start = lead
    tail = next_fast_len(lead + x.size + 300) - lead - x.size
    x = np.concatenate([np.zeros(lead, np.complex128), x, np.zeros(tail, np.complex128)])
    n = x.size
    f = np.fft.fftfreq(n)
    x = np.fft.ifft(np.fft.fft(x) * np.exp(-2j * np.pi * f * delay_samples))
    x = x * np.exp(2j * np.pi * cfo_scs * np.arange(n) / carrier.n_fft)
    n0 = 10 ** (-snr_db / 10)
    w = np.sqrt(n0 / 2) * (rng.standard_normal(n) + 1j * rng.standard_normal(n))
    return (x + w).astype(np.complex64), frame_start + delay_samples, frame


@pytest.fixture
def channel():
    """The function :func:`received`."""
    return received
