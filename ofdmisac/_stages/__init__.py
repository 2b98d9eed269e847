"""Stages of the ``ofdmisac run`` pipeline.

Each stage is a module of this package with a function ``run(ctx: StageContext)
-> dict`` that writes its files under ``ctx.out_dir`` and returns the entries it
adds to the run summary (``"files"``: the names it wrote in its folder), and a tuple
``FILES`` of those names. Stages run in the order of :data:`STAGES` whatever order they
are asked in; a stage that needs an upstream result runs after it (:data:`NEEDS`).
"""

from __future__ import annotations

import importlib
import time

from ._context import StageContext

__all__ = ["NEEDS", "STAGES", "StageContext", "plan_stages", "run_pipeline"]

STAGES: tuple[str, ...] = ("frame", "sensing", "network", "mimo")
"""Stage module names, in execution order."""

NEEDS: dict[str, tuple[str, ...]] = {"network": ("sensing",)}
"""Upstream stages a stage needs: ``network`` uses the error model ``sensing`` measures."""


def plan_stages(requested) -> tuple[tuple[str, ...], dict[str, str]]:
    """The stages to run, in pipeline order, and why each added one is added.

    Parameters
    ----------
    requested : iterable of str
        Stage names (any order, each in :data:`STAGES`).

    Returns
    -------
    stages : tuple of str
        ``requested`` plus their dependencies, in the order of :data:`STAGES`.
    added : dict
        ``{stage: reason}`` for each dependency that was not requested.
    """
    wanted = set(requested)
    added: dict[str, str] = {}
    for name in STAGES[::-1]:
        if name in wanted:
            for dep in NEEDS.get(name, ()):
                if dep not in wanted:
                    wanted.add(dep)
                    added[dep] = (f"'{name}' uses the error model that '{dep}' measures on "
                                  "the scenario's waveform")
    return tuple(s for s in STAGES if s in wanted), added


def run_pipeline(ctx: StageContext, stages=STAGES) -> dict:
    """Run ``stages`` (plus dependencies) in pipeline order; ``{stage: entries}``."""
    order, added = plan_stages(stages)
    for name, why in added.items():
        ctx.log(f"[{name}] added: {why}")
    summary: dict = {}
    for name in order:
        module = importlib.import_module(f"{__name__}.{name}")
        start = time.perf_counter()
        ctx.log(f"[{name}] running")
        entries = module.run(ctx)
        elapsed = time.perf_counter() - start
        summary[name] = dict(entries, elapsed_s=round(elapsed, 3))
        ctx.log(f"[{name}] done in {elapsed:.1f} s")
    return summary
