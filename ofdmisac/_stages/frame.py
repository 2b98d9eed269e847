"""Pipeline stage ``frame``: the configured ISAC frame, its OFDM waveform and grid figures.

Builds the ISAC frame of [BM] Fig. 2 from ``[carrier]``, ``[frame]`` and ``[prs]`` of the
configuration (the presets give :func:`ofdmisac.waveforms.default_isac_frame`; with
``ctx.quick`` the 5 ms frame with a 1 ms PRS block at 3 ms), OFDM-modulates it (the whole
frame in 1 ms chunks; two slots with ``ctx.quick``) and checks the demodulation round trip,
draws the
resource grid (whole frame and zooms on an SSB and a PRS slot) and writes ``frame.json``
(numerology, SSB/PRS RE counts, durations, overhead fractions, waveform statistics).
Leaves ``carrier``, ``frame`` and ``prs`` (the PRSConfig) in ``ctx.artifacts``.

Also holds the ``ofdmisac grid`` subcommand (:func:`add_grid_arguments`,
:func:`grid_command`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

__all__ = ["FILES", "run", "add_grid_arguments", "grid_command"]

FILES = ("frame.json", "grid_frame.png", "grid_prs_magnitude.png", "grid_prs_slots.png",
         "grid_ssb_slots.png")
"""The files the stage writes in its folder."""


def _waveform_stats(frame, slot_ranges, rng, bar=iter) -> dict:
    from ..waveforms import ofdm_demodulate, ofdm_modulate

    carrier = frame.carrier
    n_samples, energy, peak, max_err = 0, 0.0, 0.0, 0.0
    for start, stop in bar(slot_ranges):
        grid = frame.grid(start, stop, rng=rng)
        x = ofdm_modulate(grid, carrier, slot=start)
        back = ofdm_demodulate(x, carrier, slot=start)
        max_err = max(max_err, float(np.abs(back - grid).max()))
        power = np.abs(x) ** 2
        n_samples += x.size
        energy += float(power.sum(dtype=np.float64))
        peak = max(peak, float(power.max()))
    mean_power = energy / n_samples
    return {"n_samples": n_samples, "n_slots": sum(b - a for a, b in slot_ranges),
            "sample_rate_hz": carrier.sample_rate_hz, "mean_power": mean_power,
            "papr_db": 10 * np.log10(peak / mean_power), "round_trip_max_error": max_err,
            "dtype": "complex64"}


def run(ctx) -> dict:
    """Run the frame stage; returns summary numbers (see the module docstring)."""
    from ..config import prs_config
    from ..io import write_json
    from ..plotting import plot_grid_magnitude, plot_resource_grid
    from ..waveforms import Carrier, IsacFrame, IsacFrameConfig

    out = ctx.out_dir / "frame"
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(ctx.seed)
    cfg = ctx.config
    f = cfg["frame"]
    times = ((5e-3, 5e-3, 1e-3, 3e-3) if ctx.quick else
             (f["duration_ms"] * 1e-3, f["ssb_period_ms"] * 1e-3, f["prs_duration_ms"] * 1e-3,
              f["prs_offset_ms"] * 1e-3))
    carrier = Carrier(scs_khz=cfg["carrier"]["scs_khz"], n_rb=cfg["carrier"]["n_rb"])
    frame = IsacFrame(IsacFrameConfig(carrier=carrier, duration_s=times[0],
                                      ssb_period_s=times[1], prs=prs_config(cfg),
                                      prs_duration_s=times[2], prs_offset_s=times[3]))
    carrier = frame.carrier
    per_ms = carrier.slots_per_subframe
    first_prs = frame.prs_blocks[0][0] if frame.prs_blocks else 0
    if ctx.quick:
        ranges = [(first_prs, first_prs + 2)]
    else:
        ranges = [(s, min(frame.n_slots, s + per_ms)) for s in range(0, frame.n_slots, per_ms)]
    ctx.log(f"[frame] {frame.n_slots} slots x {carrier.symbols_per_slot} symbols x "
            f"{carrier.n_subcarriers} subcarriers; modulating {sum(b - a for a, b in ranges)} "
            "slots")
    wave = _waveform_stats(frame, ranges, rng,
                           bar=lambda r: ctx.bar(r, desc="frame: OFDM modulation (1 ms chunks)"))
    summary = frame.summary()
    summary["waveform"] = wave
    write_json(out / "frame.json", summary)
    n_sc = carrier.n_subcarriers
    k_ssb = frame.ssb_first_subcarrier
    k_prs = 12 * int(frame.config.prs.rb_offset)
    figures = {
        "grid_frame.png": plot_resource_grid(frame, title="ISAC frame"),
        "grid_ssb_slots.png": plot_resource_grid(
            frame, 0, 2, subcarriers=(max(0, k_ssb - 24), min(n_sc, k_ssb + 264)),
            title="SSB burst, slots 0-1"),
        "grid_prs_slots.png": plot_resource_grid(
            frame, max(0, first_prs - 1), first_prs + 1,
            subcarriers=(max(0, k_prs - 24), min(n_sc, k_prs + 48)),
            title=f"data and PRS (lower band edge), slots {max(0, first_prs - 1)}-{first_prs}"),
        "grid_prs_magnitude.png": plot_grid_magnitude(
            frame.grid(first_prs, first_prs + 1, rng=rng), carrier=carrier,
            subcarriers=(max(0, k_prs - 24), min(n_sc, k_prs + 48)),
            title=f"|X| of slot {first_prs} (data and PRS, lower band edge)"),
    }
    captions = {
        "grid_frame.png": "Resource grid of the whole ISAC frame: SSB bursts, PRS block and "
                          "data, resource elements coloured by type",
        "grid_ssb_slots.png": "Zoom on the SSB burst of slots 0-1 (PSS, SSS, PBCH and its "
                              "DM-RS)",
        "grid_prs_slots.png": "Zoom on the lower edge of the PRS band: the comb pattern of the "
                              "TS 38.211 DL-PRS next to data",
        "grid_prs_magnitude.png": "Magnitude of one realization of a PRS slot (data and PRS), "
                                  "in dB",
    }
    for name, fig in figures.items():
        fig.axes[0].set_title(f"{ctx.config_name}: {fig.axes[0].get_title()}", fontsize=9)
        ctx.save_figure("frame", out / name, fig, caption=captions[name])
    ctx.artifacts["carrier"] = carrier
    ctx.artifacts["frame"] = frame
    ctx.artifacts["prs"] = frame.config.prs
    counts, over = summary["re_counts"], summary["overhead"]
    return {
        "scs_hz": carrier.scs_hz, "n_rb": carrier.n_rb, "n_fft": carrier.n_fft,
        "frame_duration_s": frame.duration_s, "n_slots": frame.n_slots,
        "ssb_res": counts["ssb"], "prs_res": counts["prs"], "data_res": counts["data"],
        "empty_res": counts["empty"], "prs_block_duration_s": frame.prs_block_duration_s,
        "ssb_burst_duration_s": frame.ssb_burst_duration_s,
        "re_fraction_ssb": over["re_fraction_ssb"], "re_fraction_prs": over["re_fraction_prs"],
        "time_fraction_prs": over["time_fraction_prs"],
        "round_trip_max_error": wave["round_trip_max_error"],
        "files": sorted(["frame.json", *figures]),
    }


# --- the ``ofdmisac grid`` subcommand --------------------------------------------------------
def _slot_range(text: str) -> tuple[int, int | None]:
    try:
        if ":" in text:
            a, b = text.split(":", 1)
            return int(a or 0), (int(b) if b else None)
        n = int(text)
        return 0, n
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--slots={text!r} is not allowed; use N (first N slots) or A:B") from None


def add_grid_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``ofdmisac grid`` to ``parser``."""
    parser.add_argument("--scs-khz", type=int, default=240,
                        help="subcarrier spacing in kHz (default 240)")
    parser.add_argument("--n-rb", type=int, default=132, help="carrier RBs (default 132)")
    parser.add_argument("--duration-ms", type=float, default=20.0,
                        help="frame duration in ms (default 20, one SSB period)")
    parser.add_argument("--comb-size", type=int, default=4, help="PRS comb size (2, 4, 6, 12)")
    parser.add_argument("--prs-symbols", type=int, default=12,
                        help="PRS symbols per slot (default 12)")
    parser.add_argument("--prs-start-symbol", type=int, default=2,
                        help="first PRS symbol in the slot (default 2)")
    parser.add_argument("--prs-rb", type=int, default=None,
                        help="PRS bandwidth in RBs, centred (default min(84, n_rb))")
    parser.add_argument("--prs-ms", type=float, default=5.0,
                        help="PRS block duration T_PRS in ms (default 5)")
    parser.add_argument("--prs-offset-ms", type=float, default=5.0,
                        help="start of the PRS block in ms (default 5)")
    parser.add_argument("--muted", action="store_true", help="draw the PRS block muted")
    parser.add_argument("--extra-ssb-ms", type=float, action="append", default=[],
                        help="start (ms) of an extra SSB burst; repeatable")
    parser.add_argument("--slots", type=_slot_range, default=(0, None),
                        help="slot range to draw: N (first N slots) or A:B (default: all)")
    parser.add_argument("--magnitude", action="store_true",
                        help="draw |X| in dB of a random realization instead of the labels")
    parser.add_argument("--seed", type=int, default=0, help="seed of the data/PBCH bits")
    parser.add_argument("--out", type=Path, default=Path("resource_grid.png"),
                        help="output PNG (default resource_grid.png)")


def _check_grid_args(args) -> None:
    """Check the numeric options of ``ofdmisac grid``; the messages name the option."""
    from .._validation import check_int, check_real

    check_real("--duration-ms", args.duration_ms, minimum=0.0, strict_min=True)
    check_real("--prs-ms", args.prs_ms, minimum=0.0)
    check_real("--prs-offset-ms", args.prs_offset_ms, minimum=0.0)
    for t in args.extra_ssb_ms:
        check_real("--extra-ssb-ms", t, minimum=0.0)
    check_int("--n-rb", args.n_rb, minimum=1, maximum=275)
    if args.prs_rb is not None:
        check_int("--prs-rb", args.prs_rb, minimum=1, maximum=args.n_rb)
    start, stop = args.slots
    check_int("--slots", start, minimum=0)
    if stop is not None:
        check_int("--slots", stop, minimum=start + 1)


def _frame_from_args(args):
    from ..waveforms import Carrier, IsacFrame, IsacFrameConfig, PRSConfig

    _check_grid_args(args)

    carrier = Carrier(scs_khz=args.scs_khz, n_rb=args.n_rb)
    n_rb_prs = args.prs_rb if args.prs_rb is not None else min(84, carrier.n_rb // 4 * 4)
    prs = PRSConfig(comb_size=args.comb_size, num_symbols=args.prs_symbols,
                    start_symbol=args.prs_start_symbol, n_rb=n_rb_prs,
                    rb_offset=max(0, (carrier.n_rb - n_rb_prs) // 2))
    cfg = IsacFrameConfig(carrier=carrier, duration_s=args.duration_ms * 1e-3,
                          ssb_period_s=args.duration_ms * 1e-3
                          if args.duration_ms in (5.0, 10.0) else 20e-3,
                          prs=prs, prs_duration_s=args.prs_ms * 1e-3,
                          prs_offset_s=args.prs_offset_ms * 1e-3,
                          prs_active=(not args.muted,),
                          extra_ssb_times_s=tuple(t * 1e-3 for t in args.extra_ssb_ms))
    return IsacFrame(cfg)


def grid_command(args) -> int:
    """Draw the resource grid described by ``args`` and save it to ``args.out``.

    Returns 0 on success, 2 (with a message on stderr) on invalid parameters.
    """
    from ..io import save_figure
    from ..plotting import plot_grid_magnitude, plot_resource_grid

    try:
        suffix = args.out.suffix.lstrip(".").lower() or "png"
        import matplotlib.figure

        supported = matplotlib.figure.Figure().canvas.get_supported_filetypes()
        if suffix not in supported:
            raise ValueError(f"--out={str(args.out)!r} is not allowed; use a suffix among "
                             + ", ".join(f".{s}" for s in sorted(supported)))
        from ._results import check_file_parent

        check_file_parent(args.out, "--out")
        frame = _frame_from_args(args)
        start, stop = args.slots
        stop = frame.n_slots if stop is None else stop
        if args.magnitude:
            fig = plot_grid_magnitude(frame.grid(start, stop, rng=args.seed),
                                      carrier=frame.carrier, title=f"|X|, slots {start}-{stop - 1}")
        else:
            fig = plot_resource_grid(frame, start, stop,
                                     title=f"ISAC frame, slots {start}-{stop - 1}")
    except (ValueError, TypeError) as exc:
        print(f"ofdmisac grid: {exc}", file=sys.stderr)
        return 2
    try:
        path = save_figure(fig, args.out)
    except OSError as exc:
        print(f"ofdmisac grid: --out={str(args.out)!r} is not allowed; it cannot be written "
              f"({exc.strerror or exc})", file=sys.stderr)
        return 2
    print(f"resource grid written to {path}")
    return 0
