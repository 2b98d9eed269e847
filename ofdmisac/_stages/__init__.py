"""Stages of the ``ofdmisac run`` pipeline.

Each stage is a module of this package with a function ``run(ctx: StageContext)
-> dict`` that writes its files under ``ctx.out_dir`` and returns the entries it
adds to the run summary. Stages run in the order of :data:`STAGES`; a stage may
read what earlier stages left in ``ctx.artifacts``.
"""

from __future__ import annotations

import importlib
import time

from ._context import StageContext

__all__ = ["STAGES", "StageContext", "run_pipeline"]

STAGES: tuple[str, ...] = ("frame", "sensing", "network", "mimo")
"""Stage module names, in execution order."""


def run_pipeline(ctx: StageContext, stages=STAGES) -> dict:
    """Run ``stages`` in order and return the combined summary ``{stage: entries}``."""
    summary: dict = {}
    for name in stages:
        module = importlib.import_module(f"{__name__}.{name}")
        start = time.perf_counter()
        ctx.log(f"[{name}] running")
        entries = module.run(ctx)
        elapsed = time.perf_counter() - start
        summary[name] = dict(entries, elapsed_s=round(elapsed, 3))
        ctx.log(f"[{name}] done in {elapsed:.1f} s")
    return summary
