"""ISAC frame to a SigMF recording and back: synchronisation, cell search and sensing.

A 30 kHz NR carrier at 3.5 GHz (52 RB, 30.72 MHz) sends an ISAC frame: an SS burst (case C,
L_max = 8) with a cell ID the receiver does not know, and a comb-4 PRS block. A receiver
next to the transmitter, not synchronised to it, records the direct path (3 m) and the
echoes of two moving targets, with an unknown start time (a fractional delay), an oscillator
offset of 1.27 subcarrier spacings and noise; the recording is written as SigMF
(``cf32_le``, sample rate, centre frequency, the numerology in the ``ofdmisac`` extension;
the transmitter's PRS/frame layout without its cell ID).

From the file alone the receiver finds the PSS (timing, N_ID^(2)), estimates and removes the
frequency offset (cyclic prefixes, then the PSS over integer shifts), detects the SSS (cell
ID) and the PBCH DM-RS (i_SSB, frame timing, fine offset), demodulates the PRS slots, and
forms the range-Doppler map of the PRS divided by the transmitted PRS of the detected cell's
frame, after removing the static channel (the direct path). The direct path, located in a
first map, calibrates range (it is known to be at 3 m) and frequency (it does not move: its
Doppler is the offset left after the SS/PBCH estimate, removed before the final map). One
figure per stage.

Usage: python examples/isac_recording_receiver.py [OUT_DIR] [--quick]
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

import numpy as np

from ofdmisac.channel import Target, synthesize_echo_time
from ofdmisac.io import save_figure, write_json
from ofdmisac.plotting import plot_grid_magnitude, plot_range_doppler_map, plot_resource_grid
from ofdmisac.receiver import (
    correct_cfo,
    demodulate_grid,
    detect_pbch_dmrs,
    detect_sss,
    estimate_cfo,
    pss_search,
    sense_echo,
)
from ofdmisac.recordings import (
    Recording,
    frame_config_from_dict,
    frame_config_to_dict,
    read_sigmf,
    write_sigmf,
)
from ofdmisac.units import SPEED_OF_LIGHT_MPS
from ofdmisac.waveforms import Carrier, IsacFrame, IsacFrameConfig, SensingGrid

FC_HZ = 3.5e9
CELL_ID = 737
DIRECT_M = 3.0
TARGETS = [(75.0, 18.0, 0.05), (190.0, -30.0, 0.02)]  # range m, velocity m/s, |a|^2
LEAD_SAMPLES, FRACTIONAL_DELAY, CFO_SCS, NOISE_POWER = 1234, 0.37, 1.27, 0.01


def _frame(quick: bool, n_id_cell: int = CELL_ID) -> IsacFrame:
    carrier = Carrier(scs_khz=30, n_rb=52)
    if quick:
        cfg = IsacFrameConfig(carrier=carrier, duration_s=5e-3, ssb_period_s=5e-3,
                              n_id_cell=n_id_cell, prs_duration_s=3e-3, prs_offset_s=2e-3)
    else:
        cfg = IsacFrameConfig(carrier=carrier, duration_s=10e-3, ssb_period_s=10e-3,
                              n_id_cell=n_id_cell, prs_duration_s=8e-3, prs_offset_s=2e-3)
    return IsacFrame(cfg)


def _record(frame: IsacFrame, rng) -> tuple[Recording, float]:
    """The receiver's recording (and the true frame start in samples)."""
    carrier = frame.carrier
    tx = frame.grid(rng=rng)
    sensing = SensingGrid.from_frame(frame, fc_hz=FC_HZ)
    targets = [Target(range_m=DIRECT_M, velocity_mps=0.0, rcs_m2=1.0, swerling=0)]
    targets += [Target(range_m=r, velocity_mps=v, rcs_m2=g, swerling=0) for r, v, g in TARGETS]
    _, rx = synthesize_echo_time(tx, sensing, targets, amplitude="unit",
                                 return_waveform=True, dtype=np.complex128, rng=rng)
    n = 1 << int(np.ceil(np.log2(LEAD_SAMPLES + rx.size + 1000)))
    x = np.zeros(n, np.complex128)
    x[LEAD_SAMPLES:LEAD_SAMPLES + rx.size] = rx
    f = np.fft.fftfreq(n)
    x = np.fft.ifft(np.fft.fft(x) * np.exp(-2j * np.pi * f * FRACTIONAL_DELAY))
    x *= np.exp(2j * np.pi * CFO_SCS * np.arange(n) / carrier.n_fft)
    x += np.sqrt(NOISE_POWER / 2) * (rng.standard_normal(n) + 1j * rng.standard_normal(n))
    layout = frame_config_to_dict(frame.config)
    del layout["n_id_cell"]  # unknown to the receiver
    rec = Recording(samples=x, sample_rate_hz=carrier.sample_rate_hz, center_frequency_hz=FC_HZ,
                    carrier=carrier, config={"waveform": "received", "transmitter": layout},
                    description="ISAC frame: direct path + two targets, unknown cell ID")
    return rec, LEAD_SAMPLES + FRACTIONAL_DELAY


def _stage_figures(out: Path, frame, rec, pss, cfo, sss, dmrs, demod, result, truth):
    import matplotlib.pyplot as plt

    carrier = frame.carrier
    fs = carrier.sample_rate_hz
    # 1: the transmitted frame and where its SSBs and PRS occasions lie
    fig, axes = plt.subplots(2, 1, figsize=(9, 6.5), constrained_layout=True)
    plot_resource_grid(frame, 0, 6, title="transmitted ISAC frame, slots 0-5", ax=axes[0])
    wave = frame.waveform(0, 6, rng=0)
    t_ms = np.arange(wave.size) / fs * 1e3
    axes[1].plot(t_ms, np.abs(wave), lw=0.3, color="0.4")
    for o in frame.occasions(0, 6):
        color = "tab:orange" if o.kind == "ssb" else "tab:green"
        axes[1].axvspan(o.sample_start / fs * 1e3, o.sample_stop / fs * 1e3, color=color,
                        alpha=0.25, lw=0)
    axes[1].set(xlabel="time (ms)", ylabel="|x|",
                title="waveform; annotations written to SigMF: SSB (orange), PRS (green)")
    save_figure(fig, out / "isac_recording_receiver_1_frame.png")
    # 2: the recording read back from the SigMF file
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.6), constrained_layout=True)
    x = rec.samples
    axes[0].plot(np.arange(x.size) / fs * 1e3, np.abs(x), lw=0.3)
    axes[0].set(xlabel="time (ms)", ylabel="|y|", title="recording (read from SigMF)")
    seg = x[: (x.size // 1024) * 1024].reshape(-1, 1024)
    psd = np.mean(np.abs(np.fft.fftshift(np.fft.fft(seg, axis=1), axes=1)) ** 2, axis=0)
    freq = np.fft.fftshift(np.fft.fftfreq(1024, 1 / fs)) / 1e6
    axes[1].plot(freq, 10 * np.log10(psd / psd.max()))
    axes[1].set(xlabel="baseband frequency (MHz)", ylabel="PSD (dB)",
                title=f"spectrum at {rec.center_frequency_hz / 1e9:g} GHz")
    save_figure(fig, out / "isac_recording_receiver_2_recording.png")
    # 3: PSS search
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.6), constrained_layout=True)
    m = pss.statistic_start + np.arange(pss.statistic.size)
    axes[0].plot(m / fs * 1e3, pss.statistic, lw=0.5)
    axes[0].axhline(pss.threshold, color="r", ls="--", label=f"threshold, p_FA = "
                    f"{pss.false_alarm_probability:g} per cell")
    axes[0].set(xlabel="DFT window start (ms)", ylabel="rho",
                title=f"PSS search: N_ID^(2) = {pss.n_id2}, shift {pss.integer_offset} SCS")
    axes[0].legend(fontsize=8, loc="upper right")
    zoom = slice(max(0, pss.fft_start_sample - pss.statistic_start - 40),
                 pss.fft_start_sample - pss.statistic_start + 40)
    axes[1].plot(m[zoom], pss.statistic[zoom], ".-")
    axes[1].axvline(truth["pss_fft_start"], color="k", ls=":", label="true timing")
    axes[1].set(xlabel="sample", ylabel="rho", title="around the peak")
    axes[1].legend(fontsize=8, loc="upper right")
    save_figure(fig, out / "isac_recording_receiver_3_pss.png")
    # 4: frequency offset and cell search
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.4), constrained_layout=True)
    axes[0].bar(cfo.candidates, cfo.integer_metrics)
    axes[0].set(xlabel="integer shift q (SCS)", ylabel="rho",
                title=f"CFO: q = {cfo.integer_offset}, eps = {cfo.fractional_offset:+.3f}")
    axes[1].plot(sss.metrics, lw=0.7)
    axes[1].set(xlabel="N_ID^(1)", ylabel="normalised correlation",
                title=f"SSS: cell ID {sss.n_id_cell}")
    axes[2].bar(np.arange(8), dmrs.metrics)
    axes[2].set(xlabel="i_SSB_bar", ylabel="normalised correlation",
                title=f"PBCH DM-RS: i_SSB = {dmrs.i_ssb}")
    save_figure(fig, out / "isac_recording_receiver_4_cell_search.png")
    # 5: the demodulated grid
    fig, ax = plt.subplots(figsize=(9, 3.8), constrained_layout=True)
    plot_grid_magnitude(demod.grid, carrier=carrier, ax=ax,
                        title=f"demodulated slots {demod.slot}-{demod.slot + demod.n_slots - 1}")
    save_figure(fig, out / "isac_recording_receiver_5_grid.png")
    # 6: range-Doppler map of the PRS (static channel removed), first 400 m, one lattice cell
    m = result.rd_map
    rows = np.asarray(m.range_m) <= 400.0
    cols = np.abs(np.asarray(m.velocity_mps)) <= m.sensing.unambiguous_velocity_mps / 2
    shown = dataclasses.replace(m, power=np.asarray(m.power)[np.ix_(rows, cols)],
                                range_m=np.asarray(m.range_m)[rows],
                                velocity_mps=np.asarray(m.velocity_mps)[cols])
    fig = plot_range_doppler_map(shown, result.detections, truth=truth["map_targets"])
    fig.axes[0].set_title("PRS range-Doppler map, direct path removed", fontsize=10)
    save_figure(fig, out / "isac_recording_receiver_6_range_doppler.png")


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", nargs="?", default="examples-output")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(20261201)

    frame = _frame(args.quick)
    rec, true_start = _record(frame, rng)
    meta_path = write_sigmf(rec, out / "isac_recording_receiver", overwrite=True)

    # --- the receiver: only the file
    rec = read_sigmf(meta_path)
    carrier = rec.carrier
    x = rec.samples
    pss = pss_search(x, carrier, integer_offsets=range(-3, 4))
    cfo = estimate_cfo(x, carrier, pss)
    y = correct_cfo(x, cfo.cfo_hz, sample_rate_hz=rec.sample_rate_hz)
    sss = detect_sss(y, carrier, pss)
    layout = dict(rec.config["transmitter"])
    l_max = layout["ssb_l_max"]
    dmrs = detect_pbch_dmrs(y, carrier, pss, sss, l_max=l_max)
    total_cfo_hz = cfo.cfo_hz + dmrs.residual_cfo_hz
    y = correct_cfo(x, total_cfo_hz, sample_rate_hz=rec.sample_rate_hz)
    rx_frame = IsacFrame(frame_config_from_dict({**layout, "n_id_cell": sss.n_id_cell}))
    first, n_prs = rx_frame.prs_blocks[0][0], rx_frame.prs_blocks[0][1]
    demod = demodulate_grid(y, carrier, frame_start_sample=dmrs.frame_start_sample, slot=first,
                            n_slots=n_prs)
    sensing = SensingGrid.from_frame(rx_frame, fc_hz=rec.center_frequency_hz, slot_start=first,
                                     slot_stop=first + n_prs, window_range="hann",
                                     window_doppler="hann", n_range=2048, n_doppler=256)
    tx_prs = rx_frame.grid(first, first + n_prs, data="zero")
    v_max = sensing.unambiguous_velocity_mps / 2
    static = sense_echo(demod.grid, tx_prs, sensing, max_targets=1, max_speed_mps=v_max)
    direct = static.detections[0]  # the strongest return: the direct path
    # calibration on the known direct path; the range axis is cyclic (detections are
    # reported in [0, span)), so the offset is taken in [-span/2, span/2)
    span_m = sensing.range_bin_m * sensing.n_range
    offset_m = (direct.range_m - DIRECT_M + span_m / 2) % span_m - span_m / 2
    # the direct path does not move: its Doppler is the frequency offset left after the
    # SSB estimate; remove it so that the static channel is static over the whole block
    direct_doppler_hz = 2 * direct.velocity_mps * rec.center_frequency_hz / SPEED_OF_LIGHT_MPS
    total_cfo_hz += direct_doppler_hz
    y = correct_cfo(x, total_cfo_hz, sample_rate_hz=rec.sample_rate_hz)
    demod = demodulate_grid(y, carrier, frame_start_sample=dmrs.frame_start_sample, slot=first,
                            n_slots=n_prs)
    result = sense_echo(demod.grid, tx_prs, sensing, max_targets=len(TARGETS),
                        max_speed_mps=v_max, remove_static=True)
    est_targets = sorted(((d.range_m - offset_m) % span_m, d.velocity_mps)
                         for d in result.detections)

    # --- truth and errors
    l_pss = int(frame.ssb_symbols[dmrs.i_ssb])
    slot, l_in = divmod(l_pss, carrier.symbols_per_slot)
    pss_offset = (carrier.slot_start_sample(slot) + carrier.symbol_start_samples(slot)[l_in]
                  + carrier.cp_lengths(slot)[l_in])
    true_start += 2 * DIRECT_M / SPEED_OF_LIGHT_MPS * carrier.sample_rate_hz  # direct path
    truth = {"pss_fft_start": true_start + pss_offset,
             "map_targets": [(r + offset_m, v) for r, v, _ in TARGETS]}
    _stage_figures(out, frame, rec, pss, cfo, sss, dmrs, demod, result, truth)
    timing_error = dmrs.frame_start_sample + sss.timing_offset_samples - true_start
    summary = {
        "sigmf_meta": meta_path.name, "n_samples": rec.n_samples,
        "cell_id_true": CELL_ID, "cell_id": sss.n_id_cell, "i_ssb": dmrs.i_ssb,
        "pss_detected": pss.detected, "pss_margin_db": pss.margin_db,
        "frame_start_sample": dmrs.frame_start_sample, "frame_start_true": true_start,
        "timing_error_samples": timing_error,
        "cfo_scs_true": CFO_SCS, "cfo_scs": total_cfo_hz / carrier.scs_hz,
        "cfo_error_percent_scs": 100 * (total_cfo_hz / carrier.scs_hz - CFO_SCS),
        "cfo_error_percent_scs_ssb": 100 * ((total_cfo_hz - direct_doppler_hz) / carrier.scs_hz
                                            - CFO_SCS),
        "targets_true": [[r, v] for r, v, _ in TARGETS],
        "targets": [[float(r), float(v)] for r, v in est_targets],
        "range_resolution_m": sensing.range_resolution_m,
        "velocity_resolution_mps": sensing.velocity_resolution_mps,
        "direct_path_range_offset_m": offset_m,
    }
    write_json(out / "isac_recording_receiver.json", summary)
    print(f"cell ID {sss.n_id_cell} (true {CELL_ID}), timing error {timing_error:+.3f} samples, "
          f"CFO error {summary['cfo_error_percent_scs_ssb']:+.3f} % SCS from the SS/PBCH "
          f"block, {summary['cfo_error_percent_scs']:+.4f} % after the direct path")
    for (r, v), (rt, vt, _) in zip(est_targets, TARGETS, strict=False):
        print(f"target at {r:7.2f} m, {v:+7.2f} m/s (true {rt:g} m, {vt:+g} m/s)")
    return summary


if __name__ == "__main__":
    main()
