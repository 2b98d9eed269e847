"""The ``ofdmisac`` command line.

``ofdmisac run [--quick] [--out DIR]`` runs the end-to-end pipeline on the
default scenario and writes a results folder; ``ofdmisac grid`` draws the
resource grid of the default ISAC frame (or of a PRS/SSB configuration).
"""

from __future__ import annotations

import argparse
import sys
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
    run.add_argument("--quick", action="store_true", help="smoke run (well under a minute)")
    run.add_argument("--out", type=Path, default=Path("ofdmisac-results"),
                     help="results folder (default: ofdmisac-results/)")
    run.add_argument("--seed", type=int, default=20261122, help="root random seed")
    run.add_argument("--no-progress", action="store_true", help="hide progress bars")
    run.add_argument("--stages", default=None,
                     help="comma-separated subset of stages to run (default: all)")

    grid = sub.add_parser("grid", help="draw a resource grid figure")
    from ._stages import frame as _frame_stage

    _frame_stage.add_grid_arguments(grid)
    from . import _waveform_command

    _waveform_command.add_arguments(sub)
    return parser


def _cmd_run(args) -> int:
    from ._stages import STAGES, StageContext, run_pipeline
    from .io import write_json

    stages = STAGES
    if args.stages:
        stages = tuple(s.strip() for s in args.stages.split(",") if s.strip())
        unknown = [s for s in stages if s not in STAGES]
        if unknown:
            print(f"ofdmisac: unknown stage(s) {unknown}; choose from {list(STAGES)}",
                  file=sys.stderr)
            return 2
    ctx = StageContext(out_dir=args.out, quick=args.quick, seed=args.seed,
                       progress=not args.no_progress)
    summary = run_pipeline(ctx, stages)
    summary_path = write_json(ctx.out_dir / "summary.json",
                              {"quick": args.quick, "seed": args.seed, "stages": summary})
    print(f"results written to {ctx.out_dir} (summary: {summary_path})")
    return 0


def main(argv=None) -> int:
    """Entry point of the ``ofdmisac`` console script."""
    import matplotlib

    matplotlib.use("Agg")
    args = build_parser().parse_args(argv)
    if args.command == "run":
        return _cmd_run(args)
    if args.command == "grid":
        from ._stages import frame as _frame_stage

        return _frame_stage.grid_command(args)
    if args.command == "waveform":
        from . import _waveform_command

        return _waveform_command.run(args)
    raise AssertionError(args.command)  # pragma: no cover - argparse enforces choices


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
