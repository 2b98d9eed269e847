"""The ``ofdmisac waveform`` subcommand: write a waveform recording (SigMF or ``.npz``).

``ofdmisac waveform --config FILE|PRESET --out NAME.sigmf-meta [--format npz]`` builds the
waveform a configuration describes (an ISAC frame or a multi-slot PRS resource), with its
annotations and configuration, and writes it with :mod:`ofdmisac.recordings`.

The configuration hook is :func:`load_waveform_config` (a preset name or a TOML file to one
normalised dict); :func:`recording_from_config` turns that dict into the recording. Presets:

* ``isac-frame``: the default ISAC frame (:func:`~ofdmisac.waveforms.default_isac_frame`,
  20 ms, 240 kHz, 9.8 M samples) at 30 GHz (the [BM] mmWave scenario's ``fc_hz``);
* ``isac-frame-quick``: its 5 ms quick variant;
* ``prs``: a comb-4, 12-symbol PRS on a 30 kHz, 52-RB carrier at 3.5 GHz, every 4th slot of
  one 10 ms frame.

A TOML file has a ``[waveform]`` table (``kind = "isac_frame" | "prs"``,
``center_frequency_hz``, optional ``seed``, ``slot_start``, ``slot_stop``, ``data``) and
``[carrier]`` (:class:`~ofdmisac.waveforms.Carrier` fields), ``[prs]``
(:class:`~ofdmisac.waveforms.PRSConfig` fields), ``[frame]`` (other
:class:`~ofdmisac.waveforms.IsacFrameConfig` fields, for ``isac_frame``) and
``[occasions]`` (``n_slots``, ``first_slot``, ``period_slots``, ``offset_slots``,
``repetition_factor``, for ``prs``).
"""

from __future__ import annotations

import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["add_arguments", "run", "load_waveform_config", "recording_from_config", "PRESETS"]

PRESETS = {
    "isac-frame": {"waveform": "isac_frame", "center_frequency_hz": 30e9, "frame": {}},
    "isac-frame-quick": {"waveform": "isac_frame", "center_frequency_hz": 30e9,
                         "frame": {"duration_s": 5e-3, "ssb_period_s": 5e-3,
                                   "prs_duration_s": 1e-3, "prs_offset_s": 3e-3}},
    "prs": {"waveform": "prs", "center_frequency_hz": 3.5e9,
            "carrier": {"scs_khz": 30, "n_rb": 52},
            "prs": {"comb_size": 4, "num_symbols": 12, "start_symbol": 2},
            "occasions": {"n_slots": 20, "period_slots": 4}},
}
"""Built-in waveform configurations (normalised dicts of :func:`load_waveform_config`)."""


def load_waveform_config(spec: str) -> dict:
    """Waveform configuration of a preset name or a TOML file, as one normalised dict.

    The single configuration hook of the subcommand: ``{"waveform": "isac_frame" | "prs",
    "center_frequency_hz": float, "frame": {...}}`` or ``{..., "carrier": {...},
    "prs": {...}, "occasions": {...}}``, plus optional ``seed``, ``slot_start``,
    ``slot_stop``, ``data``.
    """
    from .config import available_presets, load_config

    if spec in PRESETS:
        import copy

        return copy.deepcopy(PRESETS[spec])
    if spec in available_presets():
        return experiment_waveform_config(load_config(spec))
    path = Path(spec)
    if not path.is_file():
        raise ValueError(f"config={spec!r} is not allowed; use a waveform preset "
                         f"({', '.join(PRESETS)}), an experiment preset "
                         f"({', '.join(available_presets())}) or an existing TOML file")
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"config={spec!r} is not allowed; it is not valid TOML ({exc})") from None
    if "waveform" not in doc:  # an experiment configuration (ofdmisac.config format)
        return experiment_waveform_config(load_config(path))
    head = dict(doc.get("waveform", {}))
    kind = head.pop("kind", "isac_frame")
    if kind not in ("isac_frame", "prs"):
        raise ValueError(f"{path.name}: waveform.kind={kind!r} is not allowed; choose one of "
                         "'isac_frame', 'prs'")
    out = {"waveform": kind, "center_frequency_hz": head.pop("center_frequency_hz", None)}
    if out["center_frequency_hz"] is None:
        raise ValueError(f"{path.name}: waveform.center_frequency_hz=None is not allowed; "
                         "state the RF centre frequency in Hz")
    for key in ("seed", "slot_start", "slot_stop", "data"):
        if key in head:
            out[key] = head.pop(key)
    if head:
        raise ValueError(f"{path.name}: waveform={sorted(head)!r} is not allowed; unknown keys")
    if kind == "isac_frame":
        frame = dict(doc.get("frame", {}))
        if "carrier" in doc:
            frame["carrier"] = doc["carrier"]
        if "prs" in doc:
            frame["prs"] = doc["prs"]
        out["frame"] = frame
    else:
        for key in ("carrier", "prs"):
            if key not in doc:
                raise ValueError(f"{path.name}: {key}=None is not allowed; a PRS waveform needs "
                                 f"a [{key}] table")
            out[key] = doc[key]
        out["occasions"] = dict(doc.get("occasions", {"n_slots": 1}))
    return out


def experiment_waveform_config(config: dict) -> dict:
    """The ISAC frame of an experiment configuration (:mod:`ofdmisac.config`) as a waveform
    configuration: the ``[carrier]``, ``[frame]`` and ``[prs]`` tables the ``frame`` stage of
    ``ofdmisac run`` uses, at the carrier frequency ``carrier.fc_ghz``."""
    from .config import prs_config
    from .recordings import frame_config_to_dict
    from .waveforms import Carrier, IsacFrameConfig

    f = config["frame"]
    carrier = Carrier(scs_khz=config["carrier"]["scs_khz"], n_rb=config["carrier"]["n_rb"])
    frame = IsacFrameConfig(carrier=carrier, duration_s=f["duration_ms"] * 1e-3,
                            ssb_period_s=f["ssb_period_ms"] * 1e-3, prs=prs_config(config),
                            prs_duration_s=f["prs_duration_ms"] * 1e-3,
                            prs_offset_s=f["prs_offset_ms"] * 1e-3)
    return {"waveform": "isac_frame", "center_frequency_hz": config["carrier"]["fc_ghz"] * 1e9,
            "frame": frame_config_to_dict(frame), "seed": config["run"]["seed"]}


def recording_from_config(config: dict):
    """The recording (:class:`~ofdmisac.recordings.Recording`) a normalised config describes."""
    from .recordings import frame_config_from_dict, frame_recording, prs_recording
    from .waveforms import Carrier, IsacFrame, PRSConfig

    fc = config["center_frequency_hz"]
    if config["waveform"] == "isac_frame":
        frame = IsacFrame(frame_config_from_dict(config.get("frame", {})))
        return frame_recording(frame, center_frequency_hz=fc,
                               slot_start=config.get("slot_start", 0),
                               slot_stop=config.get("slot_stop"),
                               data=config.get("data", "qpsk"), seed=config.get("seed"))
    return prs_recording(Carrier(**config["carrier"]), PRSConfig(**config["prs"]),
                         center_frequency_hz=fc, **config.get("occasions", {}))


def add_arguments(subparsers) -> None:
    """Register the ``waveform`` subcommand on an argparse subparsers object."""
    p = subparsers.add_parser("waveform", help="write a waveform recording (SigMF or .npz)")
    p.add_argument("--config", default="isac-frame-quick",
                   help=f"waveform preset ({', '.join(PRESETS)}), experiment preset "
                        "(the ISAC frame of its [carrier], [frame], [prs]) or TOML file "
                        "(default: isac-frame-quick)")
    p.add_argument("--out", type=Path, required=True,
                   help="output NAME.sigmf-meta (SigMF pair) or NAME.npz")
    p.add_argument("--format", choices=("sigmf", "npz"), default=None,
                   help="file format (default: from the --out name)")
    p.add_argument("--seed", type=int, default=None,
                   help="seed of the data and PBCH bits (default: the config's or fresh)")
    p.add_argument("--overwrite", action="store_true", help="replace existing files")


def run(args) -> int:
    """Run the ``waveform`` subcommand; returns the exit status."""
    from .recordings import write_recording

    try:
        config = load_waveform_config(args.config)
        if args.seed is not None:
            config["seed"] = args.seed
        recording = recording_from_config(config)
        path = write_recording(recording, args.out, format=args.format,
                               overwrite=args.overwrite)
    except (ValueError, TypeError, FileExistsError) as exc:
        print(f"ofdmisac waveform: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {path} ({recording.n_samples} samples at {recording.sample_rate_hz:g} Hz, "
          f"{len(recording.annotations)} annotations)")
    return 0
