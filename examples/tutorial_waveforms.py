"""Tutorial: NR waveforms in ofdmisac (carrier, PSS/SSS, SS/PBCH block, PRS, ISAC frame, OFDM).

Walks through the waveform layer in six steps and writes

* ``tutorial_waveforms.png``: PSS cyclic correlation (the three N_ID^(2)), |X| of one
  SS/PBCH block, |X| of a comb-4 PRS slot, and two slots of the ISAC frame label map;
* ``tutorial_waveforms_frame.png``: the whole ISAC frame of [BM] Fig. 2 (SSB burst, PRS block);
* ``tutorial_waveforms.csv``: the PSS cyclic correlations (lag, one column per pair).

Usage: python examples/tutorial_waveforms.py [OUT_DIR] [--quick]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

from ofdmisac.io import save_figure, write_csv
from ofdmisac.plotting import plot_grid_magnitude, plot_resource_grid
from ofdmisac.waveforms import (
    Carrier,
    IsacFrame,
    IsacFrameConfig,
    PRSConfig,
    ReLabel,
    ofdm_demodulate,
    ofdm_modulate,
    prs_grid,
    pss,
    ssb_grid,
    ssb_start_symbols,
    sss,
)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", nargs="?", default="examples-output")
    parser.add_argument("--quick", action="store_true", help="a 5 ms frame instead of 20 ms")
    args = parser.parse_args(argv)
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    summary = {}

    # 1. A carrier: 240 kHz SCS, 132 RB (the [BM] Table II mmWave numerology).
    carrier = Carrier(scs_khz=240, n_rb=132)
    summary["n_fft"] = carrier.n_fft
    summary["symbol_duration_us"] = carrier.symbol_duration_s * 1e6

    # 2. PSS and SSS (TS 38.211 7.4.2): +-1 sequences of length 127. The three PSS are
    #    cyclic shifts (by 43) of one m-sequence: cyclic correlation 127 at one lag, -1 else.
    n_id_cell = 301
    p = pss([0, 1, 2])
    lags = np.arange(127)
    corr = {f"pss{a}_pss{b}": np.array([p[a] @ np.roll(p[b], s) for s in lags])
            for a in range(3) for b in range(a, 3)}
    summary["pss_zero_lag_cross_correlation"] = float(p[0] @ p[1])
    summary["sss_energy"] = float(sss(n_id_cell) @ sss(n_id_cell))

    # 3. One SS/PBCH block (TS 38.211 7.4.3.1): 240 subcarriers x 4 symbols.
    block = ssb_grid(n_id_cell, i_ssb=3, l_max=64, rng=0)
    summary["ssb_nonzero_res"] = int(np.count_nonzero(block))  # 127 + 127 + 144 + 432
    summary["case_e_first_symbols"] = ssb_start_symbols("E", 64)[:8].tolist()

    # 4. A PRS slot (TS 38.211 7.4.1.7): comb 4 over 12 symbols, staggered by k'.
    prs = PRSConfig(comb_size=4, num_symbols=12, start_symbol=2, n_rb=84, rb_offset=24, n_id=7)
    slot_grid = prs_grid(carrier, prs, slot=40)
    summary["prs_res_per_symbol"] = int(np.count_nonzero(slot_grid[:, 2]))  # 84 * 12 / 4

    # 5. The ISAC frame of [BM] Fig. 2: an SSB burst, then a PRS block, data elsewhere.
    duration = 5e-3 if args.quick else 20e-3
    frame = IsacFrame(IsacFrameConfig(carrier=carrier, duration_s=duration,
                                      ssb_period_s=min(duration, 20e-3), n_id_cell=n_id_cell,
                                      prs=prs, prs_duration_s=1e-3 if args.quick else 5e-3,
                                      prs_offset_s=3e-3 if args.quick else 5e-3))
    over = frame.overhead()
    summary["re_fraction_ssb"] = over["re_fraction_ssb"]
    summary["re_fraction_prs"] = over["re_fraction_prs"]

    # 6. OFDM round trip of two slots of the frame (a PRS slot and the next one).
    first = frame.prs_slots[0]
    grid = frame.grid(first, first + 2, rng=1)
    x = ofdm_modulate(grid, carrier, slot=int(first))
    back = ofdm_demodulate(x, carrier, slot=int(first))
    summary["ofdm_samples"] = int(x.size)
    summary["ofdm_round_trip_max_error"] = float(np.abs(back - grid).max())

    fig = Figure(figsize=(12, 8), layout="constrained")
    axes = fig.subplots(2, 2)
    for key, values in corr.items():
        axes[0, 0].plot(lags, values, label=key)
    axes[0, 0].set(xlabel="cyclic lag", ylabel="correlation", title="PSS cyclic correlation")
    axes[0, 0].legend(fontsize="small")
    plot_grid_magnitude(block, title=f"SS/PBCH block, N_ID={n_id_cell}, i_SSB=3",
                        ax=axes[0, 1])
    k0 = 12 * prs.rb_offset
    plot_grid_magnitude(slot_grid[k0:k0 + 48], title="PRS comb 4 (first 4 RB of its band)",
                        ax=axes[1, 0])
    plot_resource_grid(frame, int(first) - 1, int(first) + 1, subcarriers=(k0 - 24, k0 + 48),
                       title=f"frame, slots {first - 1}-{first}, PRS band edge", ax=axes[1, 1])
    save_figure(fig, out / "tutorial_waveforms.png")
    save_figure(plot_resource_grid(frame, title="ISAC frame ([BM] Fig. 2)"),
                out / "tutorial_waveforms_frame.png")
    write_csv(out / "tutorial_waveforms.csv", {"lag": lags, **corr})
    summary["n_prs_res_frame"] = int((frame.labels() == ReLabel.PRS).sum())
    return summary


if __name__ == "__main__":
    for key, value in main().items():
        print(f"{key}: {value}")
