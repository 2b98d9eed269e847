"""Benchmark: receiver detection probability vs SNR (PSS, CFO, SSS, PBCH DM-RS).

Monte Carlo of the receiver chain of :mod:`ofdmisac.receiver` on recordings of one SS/PBCH
block (30 kHz, 24 RB, n_fft 512, case C, L_max = 8) through the test channel of
``tests/receiver/conftest.py`` (repeated here): a random cell ID (N_ID^(2) cycling 0, 1, 2),
random block index 0..3, fractional delay U(0, 1) sample, frequency offset U(-0.4, 0.4) SCS
plus an integer offset in -2..2, complex white Gaussian noise at a per-RE SNR (N0 per
sample). For each SNR the table gives, over ``--trials`` recordings (with its binomial
standard error):

* ``P(PSS detected)``: the strongest cell above the threshold of ``false_alarm_probability``
  1e-4 per cell, with the right N_ID^(2);
* ``P(cell ID)``: SSS gives the right cell ID (after the CFO correction);
* ``P(all)``: cell ID, i_SSB and frame timing within one sample all right;
* residual CFO (``estimate_cfo`` + ``detect_pbch_dmrs`` refinement): rms and 95th
  percentile of ``|error|`` in % of the SCS, over the trials with everything right;
* timing: rms error (samples) of the fractional estimate ``frame_start_sample +
  timing_offset_samples``.

Usage::

    .venv/bin/python benchmarks/bench_receiver.py [--quick] [--trials N]

Prints a Markdown table for the ``## bench_receiver`` section of ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np
from scipy.fft import next_fast_len

from ofdmisac.receiver import correct_cfo, detect_pbch_dmrs, detect_sss, estimate_cfo, pss_search
from ofdmisac.waveforms import Carrier, IsacFrame, IsacFrameConfig

CARRIER = Carrier(scs_khz=30, n_rb=24)


def _received(rng, *, n_id_cell, i_ssb, delay_samples, cfo_scs, snr_db, lead=700):
    c = CARRIER
    frame = IsacFrame(IsacFrameConfig(carrier=c, duration_s=2 * c.slot_duration_s,
                                      ssb_period_s=5e-3, ssb_indices=(i_ssb,),
                                      n_id_cell=n_id_cell, prs_duration_s=0.0))
    x = frame.waveform(rng=rng)
    tail = next_fast_len(lead + x.size + 300) - lead - x.size
    x = np.concatenate([np.zeros(lead, np.complex128), x, np.zeros(tail, np.complex128)])
    n = x.size
    x = np.fft.ifft(np.fft.fft(x) * np.exp(-2j * np.pi * np.fft.fftfreq(n) * delay_samples))
    x = x * np.exp(2j * np.pi * cfo_scs * np.arange(n) / c.n_fft)
    w = np.sqrt(10 ** (-snr_db / 10) / 2) * (rng.standard_normal(n) + 1j * rng.standard_normal(n))
    return (x + w).astype(np.complex64), lead + delay_samples


def _trial(rng, snr_db, t):
    c = CARRIER
    cell = 3 * int(rng.integers(0, 336)) + t % 3
    i_ssb = int(rng.integers(0, 4))
    cfo = float(rng.uniform(-0.4, 0.4) + rng.integers(-2, 3))
    x, start = _received(rng, n_id_cell=cell, i_ssb=i_ssb, delay_samples=rng.uniform(0, 1),
                         cfo_scs=cfo, snr_db=snr_db)
    p = pss_search(x, c, integer_offsets=range(-3, 4), false_alarm_probability=1e-4)
    e = estimate_cfo(x, c, p)
    y = correct_cfo(x, e.cfo_hz, sample_rate_hz=c.sample_rate_hz)
    s = detect_sss(y, c, p)
    b = detect_pbch_dmrs(y, c, p, s)  # (pss_search only returns timings whose block fits)
    ok_cell = s.n_id_cell == cell
    ok_all = ok_cell and b.i_ssb == i_ssb and abs(b.frame_start_sample - start) < 1
    return {"pss": p.detected and p.n_id2 == cell % 3, "cell": ok_cell, "all": ok_all,
            "cfo": 100 * (e.cfo_scs + b.residual_cfo_hz / c.scs_hz - cfo),
            "timing": b.frame_start_sample + s.timing_offset_samples - start}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few trials (smoke run)")
    parser.add_argument("--trials", type=int, default=100)
    args = parser.parse_args(argv)
    trials = 8 if args.quick else args.trials
    snrs = (-9.0, -6.0, -3.0, 0.0, 3.0, 10.0)
    print(f"bench_receiver: {trials} trials per SNR, load average "
          f"{os.getloadavg()[0]:.1f} at start, {time.strftime('%Y-%m-%d')}")
    print()
    print("| SNR per RE (dB) | P(PSS detected) | P(cell ID) | P(all) | CFO rms (% SCS) "
          "| CFO 95 % (% SCS) | timing rms (samples) |")
    print("|---|---|---|---|---|---|---|")
    t0 = time.perf_counter()
    for k, snr in enumerate(snrs):
        rng = np.random.default_rng([2026, k])
        res = [_trial(rng, snr, t) for t in range(trials)]
        frac = {key: np.mean([r[key] for r in res]) for key in ("pss", "cell", "all")}
        se = {key: np.sqrt(v * (1 - v) / trials) for key, v in frac.items()}
        good = [r for r in res if r["all"]]
        cfo = np.abs([r["cfo"] for r in good])
        tim = np.array([r["timing"] for r in good])
        cfo_rms = f"{np.sqrt(np.mean(cfo ** 2)):.2f}" if good else "-"
        cfo_95 = f"{np.percentile(cfo, 95):.2f}" if good else "-"
        tim_rms = f"{np.sqrt(np.mean(tim ** 2)):.3f}" if good else "-"
        cells = " | ".join(f"{frac[key]:.3f} +- {se[key]:.3f}" for key in ("pss", "cell", "all"))
        print(f"| {snr:g} | {cells} | {cfo_rms} | {cfo_95} | {tim_rms} |")
    print()
    print(f"({time.perf_counter() - t0:.0f} s, load average {os.getloadavg()[0]:.1f} at end)")


if __name__ == "__main__":
    main()
