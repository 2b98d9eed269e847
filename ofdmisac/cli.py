"""The ``ofdmisac`` command line.

``ofdmisac run [--config FILE|PRESET] [--quick] [--out DIR] [--overwrite]`` runs the
end-to-end pipeline on an experiment configuration (:mod:`ofdmisac.config`) and writes a
results folder with ``summary.json`` (results and provenance) and ``report.html``;
``ofdmisac run --print-config`` prints the resolved configuration; ``ofdmisac presets
[NAME]`` lists the shipped presets or prints one; ``ofdmisac grid`` draws the resource grid
of the default ISAC frame (or of a PRS/SSB configuration); ``ofdmisac sweep --config FILE``
evaluates registered quantities on a parameter grid (in process, on local processes or on
a Dask cluster; README "Sweeps"). Mistakes on the command line
print one line on stderr and exit with status 2.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

__all__ = ["main", "build_parser"]


def build_parser() -> argparse.ArgumentParser:
    """Build the argparse parser of the ``ofdmisac`` command."""
    from . import __version__

    parser = argparse.ArgumentParser(
        prog="ofdmisac",
        description="OFDM ISAC toolkit: 3GPP NR waveforms, sensing link, network models.",
    )
    parser.add_argument("--version", action="version", version=f"ofdmisac {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the end-to-end pipeline and write a results folder")
    run.add_argument("--config", default="bm_mmwave", metavar="FILE|PRESET",
                     help="experiment configuration: a TOML file or a preset name "
                          "(default bm_mmwave; see `ofdmisac presets`)")
    run.add_argument("--print-config", action="store_true",
                     help="print the resolved configuration as TOML and exit")
    run.add_argument("--quick", action="store_true",
                     help="smoke run (same waveform, fewer trials; well under a minute)")
    run.add_argument("--out", type=Path, default=Path("ofdmisac-results"),
                     help="results folder (default: ofdmisac-results/)")
    run.add_argument("--overwrite", action="store_true",
                     help="replace the run already in --out (only its files are removed)")
    run.add_argument("--seed", type=int, default=None,
                     help="root random seed (default: run.seed of the configuration)")
    run.add_argument("--no-progress", action="store_true", help="hide progress bars")
    run.add_argument("--stages", default=None,
                     help="comma-separated subset of stages to run (default: run.stages of "
                          "the configuration); they run in pipeline order")

    presets = sub.add_parser("presets", help="list the experiment presets, or print one")
    presets.add_argument("name", nargs="?", default=None, help="preset to print (resolved)")

    sweep = sub.add_parser("sweep", help="sweep registered quantities over a parameter grid")
    from . import _sweep_command

    _sweep_command.add_arguments(sweep)

    grid = sub.add_parser("grid", help="draw a resource grid figure")
    from ._stages import frame as _frame_stage

    _frame_stage.add_grid_arguments(grid)
    from . import _waveform_command

    _waveform_command.add_arguments(sub)
    return parser


class _UsageError(Exception):
    """A mistake on the command line: one line on stderr, exit status 2."""


def _parse_stages(text, stages_all):
    stages = tuple(s.strip() for s in text.split(",") if s.strip())
    if not stages:
        raise _UsageError(f"--stages={text!r} is not allowed; name at least one stage of "
                          f"{', '.join(stages_all)}")
    unknown = [s for s in stages if s not in stages_all]
    if unknown:
        raise _UsageError(f"unknown stage(s) {unknown}; choose from {list(stages_all)}")
    return stages


def _cmd_run(args, argv) -> int:
    from . import config as config_mod
    from ._stages import STAGES, StageContext, plan_stages, run_pipeline
    from ._stages._provenance import provenance, utc_now
    from ._stages._report import write_report
    from ._stages._results import (
        MARKER,
        OutDirError,
        check_out_dir,
        clear_run,
        holds_run,
        remove_stale_temporaries,
    )
    from .io import write_json

    try:
        cfg = config_mod.load_config(args.config)
    except (ValueError, TypeError) as exc:
        raise _UsageError(str(exc)) from None
    if args.seed is not None:
        if args.seed < 0:
            raise _UsageError(f"--seed={args.seed} is not allowed; use an integer >= 0")
        cfg["run"]["seed"] = args.seed
    if args.stages is not None:
        cfg["run"]["stages"] = list(_parse_stages(args.stages, STAGES))
    if args.print_config:
        sys.stdout.write(config_mod.config_to_toml(cfg))
        return 0
    name = args.config if isinstance(args.config, str) else str(args.config)
    try:
        out = check_out_dir(args.out)
    except OutDirError as exc:
        raise _UsageError(str(exc)) from None
    if holds_run(out):
        if not args.overwrite:
            raise _UsageError(f"--out={str(args.out)!r} is not allowed; it holds another run "
                              "(summary.json or .ofdmisac-run): choose another folder or "
                              "pass --overwrite to replace it")
        removed = clear_run(out)
        print(f"--overwrite: removed {len(removed)} files of the previous run in {out}",
              file=sys.stderr)
    remove_stale_temporaries(out)
    started = utc_now()
    write_json(out / MARKER, {"tool": "ofdmisac", "started_utc": started, "config": name})
    stages, added = plan_stages(cfg["run"]["stages"])
    ctx = StageContext(out_dir=out, quick=args.quick, seed=cfg["run"]["seed"],
                       progress=not args.no_progress, config=cfg, config_name=name)
    t0 = time.perf_counter()
    try:
        summary = run_pipeline(ctx, stages)
    except ValueError as exc:  # a configuration value only a stage can check
        raise _UsageError(f"{name}: {exc}") from None
    finished = utc_now()
    prov = provenance(command=["ofdmisac", *argv], config=cfg, config_name=name,
                      seed=ctx.seed, quick=args.quick, started_utc=started,
                      finished_utc=finished,
                      elapsed_s={"total": round(time.perf_counter() - t0, 3),
                                 **{k: v["elapsed_s"] for k, v in summary.items()}})
    doc = {"quick": args.quick, "seed": ctx.seed, "config": name,
           "stages_requested": list(cfg["run"]["stages"]),
           "stages_added": added, "stages": summary,
           "comparisons": ctx.comparisons, "provenance": prov}
    summary_path = write_json(out / "summary.json", doc)
    report = write_report(ctx, summary, prov)
    n_pass = sum(r["passed"] for r in ctx.comparisons)
    print(f"results written to {out} (summary: {summary_path}; report: {report}); "
          f"{n_pass}/{len(ctx.comparisons)} comparisons within 4 SE")
    return 0


def _cmd_presets(args) -> int:
    from . import config as config_mod
    from .scenarios import preset_description

    if args.name is None:
        for n in config_mod.available_presets():
            print(f"{n:12s} {preset_description(n)}")
        return 0
    if args.name not in config_mod.available_presets():
        raise _UsageError(f"preset={args.name!r} is not allowed; choose one of "
                          f"{', '.join(config_mod.available_presets())}")
    sys.stdout.write(config_mod.config_to_toml(config_mod.load_config(args.name)))
    return 0


def main(argv=None) -> int:
    """Entry point of the ``ofdmisac`` console script."""
    import matplotlib

    matplotlib.use("Agg")
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    try:
        if args.command == "run":
            return _cmd_run(args, argv)
        if args.command == "presets":
            return _cmd_presets(args)
        if args.command == "sweep":
            from . import _sweep_command

            try:
                return _sweep_command.sweep_command(args, argv)
            except _sweep_command.SweepUsageError as exc:
                raise _UsageError(str(exc)) from None
        if args.command == "grid":
            from ._stages import frame as _frame_stage

            return _frame_stage.grid_command(args)
        if args.command == "waveform":
            from . import _waveform_command

            return _waveform_command.run(args)
    except _UsageError as exc:
        print(f"ofdmisac {args.command}: {exc}", file=sys.stderr)
        return 2
    raise AssertionError(args.command)  # pragma: no cover - argparse enforces choices


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
