"""``ofdmisac sweep --config FILE``: a parameter sweep of registered quantities.

The experiment TOML (:mod:`ofdmisac.config`) gains a ``[sweep]`` table:

``quantities``
    Names of registered quantities (:mod:`ofdmisac._quantities`; ``ofdmisac sweep
    --list-quantities``).
``[sweep.axes]``
    Any configuration key in dotted form (``"network.n_beams"``, or the TOML sub-table
    ``network.n_beams = ...``), or ``options.NAME`` for an option below, mapped to a list of
    values or a range ``{start, stop, num}`` (``num`` values, both ends included) or
    ``{start, stop, step}`` (``start + k step`` up to ``stop`` included). The grid is the
    Cartesian product, last axis fastest.
``[sweep.options]``
    Options of the quantities (thresholds, Monte Carlo trials; defaults in
    :data:`ofdmisac._quantities.OPTIONS`).

Every point resolves the configuration with its axis values (so a value out of range is an
error of that point, recorded in the table) and evaluates every quantity; quantity ``j`` of
the registry draws from child ``j`` of the point's seed, so a value does not depend on the
other quantities asked for. Outputs in ``--out``: ``sweep.json`` (what is swept; ``--resume``
must match it), ``results.jsonl`` (one line per point, as
it finishes; ``--resume`` skips those), ``results.csv`` (the tidy table), ``provenance.json``
and one figure per quantity.
"""

from __future__ import annotations

import copy
import math
import sys
import time
from pathlib import Path

import numpy as np

__all__ = ["SweepPoint", "add_arguments", "parse_sweep", "sweep_command"]

_SWEEP_KEYS = ("quantities", "axes", "options")
_RANGE_KEYS = ({"start", "stop", "num"}, {"start", "stop", "step"})


class SweepUsageError(Exception):
    """A mistake in the sweep table or on the command line (one line, exit status 2)."""


def add_arguments(p) -> None:
    """The options of ``ofdmisac sweep``."""
    p.add_argument("--config", default=None, metavar="FILE",
                   help="experiment TOML with a [sweep] table (README, 'Sweeps')")
    p.add_argument("--out", type=Path, default=Path("ofdmisac-sweep"),
                   help="results folder (default: ofdmisac-sweep/)")
    ex = p.add_mutually_exclusive_group()
    ex.add_argument("--workers", type=int, default=1,
                    help="local worker processes (spawn; default 1: in this process)")
    ex.add_argument("--scheduler", default=None, metavar="tcp://HOST:PORT",
                    help="address of a running Dask scheduler")
    ex.add_argument("--dask-local", type=int, default=None, metavar="N",
                    help="start a Dask LocalCluster with N worker processes")
    p.add_argument("--resume", action="store_true",
                   help="continue the sweep in --out, skipping its finished points")
    p.add_argument("--seed", type=int, default=None,
                   help="root random seed (default: run.seed of the configuration)")
    p.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    p.add_argument("--no-figures", action="store_true", help="do not draw the figures")
    p.add_argument("--list-quantities", action="store_true",
                   help="list the registered quantities and options, then exit")


def _leaf_keys(schema, prefix=""):
    for k, spec in schema.items():
        if isinstance(spec, dict):
            yield from _leaf_keys(spec, f"{prefix}{k}.")
        else:
            yield f"{prefix}{k}", spec


def _flatten_axes(table, prefix=""):
    out = {}
    for k, v in table.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict) and not set(v) & {"start", "stop", "num", "step"}:
            out.update(_flatten_axes(v, key + "."))
        else:
            out[key] = v
    return out


def _axis_values(key, spec, source):
    where = f"{source}: sweep.axes.{key}"
    if isinstance(spec, list):
        if not spec:
            raise SweepUsageError(f"{where}=[] is not allowed; use a non-empty list or a "
                                  "range {start, stop, num} / {start, stop, step}")
        return list(spec)
    if not isinstance(spec, dict) or set(spec) not in _RANGE_KEYS:
        raise SweepUsageError(f"{where}={spec!r} is not allowed; use a list of values or a "
                              "range {start, stop, num} / {start, stop, step}")
    for k, v in spec.items():
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            raise SweepUsageError(f"{where}.{k}={v!r} is not allowed; use a finite number")
    start, stop = spec["start"], spec["stop"]
    if "num" in spec:
        num = spec["num"]
        if not isinstance(num, int) or num < 1:
            raise SweepUsageError(f"{where}.num={num!r} is not allowed; use an integer >= 1")
        vals = np.linspace(start, stop, num) if num > 1 else np.array([start], float)
    else:
        step = spec["step"]
        if step == 0 or (stop - start) * step < 0:
            raise SweepUsageError(f"{where}.step={step!r} is not allowed; use a step "
                                  f"that goes from start={start!r} towards stop={stop!r}")
        n = math.floor((stop - start) / step * (1 + 1e-12) + 1e-9) + 1
        if n > 100_000:
            raise SweepUsageError(f"{where}.step={step!r} is not allowed; it makes {n} "
                                  "values (at most 100000)")
        vals = start + step * np.arange(n)
    if all(isinstance(spec[k], int) for k in spec if k != "num") and np.all(vals == np.round(vals)):
        return [int(v) for v in np.round(vals)]
    return [float(v) for v in vals]


def parse_sweep(raw: dict, source: str) -> dict:
    """Check a ``[sweep]`` table: ``{"quantities", "axes" (key -> values), "options"}``."""
    from . import _quantities as q
    from .config import _SCHEMA

    if not isinstance(raw, dict):
        raise SweepUsageError(f"{source}: sweep={raw!r} is not allowed; use a table [sweep]")
    unknown = [k for k in raw if k not in _SWEEP_KEYS]
    if unknown:
        raise SweepUsageError(f"{source}: key 'sweep.{unknown[0]}' is not allowed; use one "
                              f"of the keys of [sweep]: {', '.join(_SWEEP_KEYS)}")
    names = raw.get("quantities")
    known = ", ".join(q.QUANTITIES)
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        raise SweepUsageError(f"{source}: sweep.quantities={names!r} is not allowed; use a "
                              f"non-empty list of quantity names: {known}")
    for n in names:
        if n not in q.QUANTITIES:
            raise SweepUsageError(f"{source}: unknown quantity {n!r} in sweep.quantities; "
                                  f"choose from {known}")
    if len(set(names)) != len(names):
        raise SweepUsageError(f"{source}: sweep.quantities={names!r} is not allowed; name "
                              "each quantity once")
    options = {k: v[0] for k, v in q.OPTIONS.items()}
    given = raw.get("options", {})
    if not isinstance(given, dict):
        raise SweepUsageError(f"{source}: sweep.options={given!r} is not allowed; use a "
                              "table [sweep.options]")
    for k, v in given.items():
        options[k] = _check_option(k, v, f"{source}: sweep.options.{k}")
    axes_raw = raw.get("axes")
    if not isinstance(axes_raw, dict) or not axes_raw:
        raise SweepUsageError(f"{source}: sweep.axes={axes_raw!r} is not allowed; use a "
                              "table [sweep.axes] of at least one axis, e.g. "
                              "\"network.n_beams\" = [64, 128]")
    leaves = dict(_leaf_keys(_SCHEMA))
    axes = {}
    for key, spec in _flatten_axes(axes_raw).items():
        if key.startswith("options."):
            if key[8:] not in q.OPTIONS:
                raise SweepUsageError(f"{source}: unknown axis key {key!r}; an options axis "
                                      f"is one of options.{', options.'.join(q.OPTIONS)}")
        elif key not in leaves:
            import difflib

            close = difflib.get_close_matches(key, list(leaves), n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise SweepUsageError(f"{source}: unknown axis key {key!r}; use a configuration "
                                  "key in dotted form (docs/configuration.md) or "
                                  f"options.NAME{hint}")
        values = _axis_values(key, spec, source)
        if key.startswith("options."):
            values = [_check_option(key[8:], v, f"{source}: sweep.axes.{key}") for v in values]
        axes[key] = values
    return {"quantities": list(names), "axes": axes, "options": options}


def _check_option(name, value, where):
    from . import _quantities as q

    if name not in q.OPTIONS:
        raise SweepUsageError(f"{where.rsplit('.', 1)[0]}: unknown option {name!r}; use one "
                              f"of {', '.join(q.OPTIONS)}")
    kind = q.OPTIONS[name][1]
    ok = (isinstance(value, str) if kind is str else
          (not isinstance(value, bool) and isinstance(value, int) and value >= 2)
          if kind is int else
          (not isinstance(value, bool) and isinstance(value, (int, float))
           and math.isfinite(value)))
    if not ok:
        want = {str: "a string", int: "an integer >= 2", float: "a finite number"}[kind]
        raise SweepUsageError(f"{where}={value!r} is not allowed; use {want}")
    return float(value) if kind is float else value


def _set(data, dotted, value):
    *tables, leaf = dotted.split(".")
    for t in tables:
        data = data[t]
    data[leaf] = value


class SweepPoint:
    """The picklable point function of ``ofdmisac sweep`` (one call per grid point)."""

    def __init__(self, config: dict, quantities: list, options: dict, source: str):
        self.config, self.quantities = config, list(quantities)
        self.options, self.source = dict(options), source

    def __call__(self, rng, **axes) -> dict:
        from . import _quantities as q
        from .config import resolve_config

        data = copy.deepcopy(self.config)
        options = dict(self.options)
        for key, value in axes.items():
            if key.startswith("options."):
                options[key[8:]] = value
            else:
                _set(data, key, value)
        cfg = resolve_config(data, source=self.source)
        ss = rng.bit_generator.seed_seq
        order = list(q.QUANTITIES)
        out = {}
        for name in self.quantities:
            child = np.random.SeedSequence(ss.entropy,
                                           spawn_key=(*ss.spawn_key, order.index(name)))
            out.update(q.QUANTITIES[name].func(cfg, options, np.random.default_rng(child)))
        return out


def _list_quantities() -> int:
    from . import _quantities as q

    print("quantities (sweep.quantities):")
    for n, spec in q.QUANTITIES.items():
        print(f"  {n:24s} {spec.summary}")
        print(f"  {'':24s} columns: {', '.join(spec.columns)}; options: "
              f"{', '.join(spec.options)}")
    print("options (sweep.options, or an axis options.NAME):")
    for n, (default, _, what) in q.OPTIONS.items():
        print(f"  {n:24s} {what} (default {default!r})")
    return 0


def _figures(rows, axes, quantities, out) -> list:
    import matplotlib.pyplot as plt

    from . import _quantities as q

    names = list(axes)
    x_key = names[0]
    series_keys = names[1:]
    paths = []
    for name in quantities:
        col = q.QUANTITIES[name].columns[0]
        try:
            paths.append(_figure(plt, rows, name, col, x_key, series_keys, out))
        except (TypeError, ValueError) as exc:  # e.g. an axis of lists: the table is written
            plt.close("all")
            print(f"ofdmisac sweep: no figure for {name} ({type(exc).__name__}: {exc})",
                  file=sys.stderr)
    return paths


def _figure(plt, rows, name, col, x_key, series_keys, out):
    from . import _quantities as q

    fig, ax = plt.subplots(figsize=(6, 4))
    groups: dict = {}
    for r in rows:
        if r["status"] == "ok":
            groups.setdefault(tuple(r[k] for k in series_keys), []).append(r)
    for label, rs in groups.items():
        xs = [r[x_key] for r in rs]
        ys = [r[col] for r in rs]
        se = [r.get(col + "_se") for r in rs]
        text = ", ".join(f"{k}={v}" for k, v in zip(series_keys, label, strict=True))
        if all(s is not None for s in se):
            ax.errorbar(xs, ys, yerr=[2 * s for s in se], marker="o", capsize=3,
                        label=text or None)
        else:
            ax.plot(xs, ys, marker="o", label=text or None)
    ax.set_xlabel(x_key)
    ax.set_ylabel(col)
    ax.set_title(f"{name} (error bars: 2 SE)" if col + "_se" in
                 q.QUANTITIES[name].columns else name)
    ax.grid(alpha=0.3)
    if series_keys and groups:
        ax.legend(fontsize=8)
    fig.tight_layout()
    path = out / f"{name}.png"
    try:
        fig.savefig(path, dpi=110)
    finally:
        plt.close(fig)
    return path


def _check_same_sweep(out: Path, definition: dict, resume: bool) -> None:
    """``sweep.json`` in ``out`` records what the sweep is; ``--resume`` must match it."""
    import json

    from .io import write_json

    path = out / "sweep.json"
    current = json.loads(json.dumps(definition))
    if resume and path.is_file():
        recorded = json.loads(path.read_text())
        diff = [k for k in current if recorded.get(k) != current[k]]
        if diff:
            raise SweepUsageError(f"--resume is not allowed; the sweep in {str(out)!r} was "
                                  f"made with another {', '.join(diff)} (sweep.json): resume "
                                  "with the same file and --seed, or choose another --out")
        return
    if resume and (out / "results.jsonl").is_file():
        raise SweepUsageError(f"--resume is not allowed; {str(out)!r} has results.jsonl but "
                              "no sweep.json, so what was swept is unknown")
    write_json(path, current)


def sweep_command(args, argv) -> int:
    """Run ``ofdmisac sweep`` (argparse namespace ``args``); returns the exit status."""
    from . import _quantities as q
    from ._stages._provenance import provenance, utc_now
    from .config import _read, resolve_config
    from .io import write_json
    from .sweep import _write_rows_csv, parameter_grid, run_sweep

    if args.list_quantities:
        return _list_quantities()
    if args.config is None:
        raise SweepUsageError("--config is required; give an experiment TOML file with a "
                              "[sweep] table (README, 'Sweeps')")
    if args.workers < 1:
        raise SweepUsageError(f"--workers={args.workers} is not allowed; use an integer >= 1")
    if args.dask_local is not None and args.dask_local < 1:
        raise SweepUsageError(f"--dask-local={args.dask_local} is not allowed; use an "
                              "integer >= 1")
    if args.seed is not None and args.seed < 0:
        raise SweepUsageError(f"--seed={args.seed} is not allowed; use an integer >= 0")
    try:
        raw, name, folder = _read(args.config, None)
    except (ValueError, TypeError) as exc:
        raise SweepUsageError(str(exc)) from None
    raw = dict(raw)
    if "sweep" not in raw:
        raise SweepUsageError(f"{name}: no [sweep] table; add one with quantities and axes "
                              "(README, 'Sweeps')")
    spec = parse_sweep(raw.pop("sweep"), name)
    try:
        cfg = resolve_config(raw, source=name, origin=folder)
    except (ValueError, TypeError) as exc:
        raise SweepUsageError(str(exc)) from None
    seed = cfg["run"]["seed"] if args.seed is None else args.seed
    out = Path(args.out)
    results = out / "results.jsonl"
    if out.exists() and not out.is_dir():
        raise SweepUsageError(f"--out={str(out)!r} is not allowed; it is a file, use a folder")
    if results.exists() and not args.resume:
        raise SweepUsageError(f"--out={str(out)!r} is not allowed; it holds a sweep "
                              "(results.jsonl): pass --resume to continue it or choose "
                              "another folder")
    out.mkdir(parents=True, exist_ok=True)
    _check_same_sweep(out, {"seed": seed, "quantities": spec["quantities"],
                            "options": spec["options"], "axes": spec["axes"], "config": cfg},
                      args.resume)
    points = parameter_grid(**spec["axes"])
    func = SweepPoint(cfg, spec["quantities"], spec["options"], name)
    started = utc_now()
    t0 = time.perf_counter()
    client = cluster = None
    executor = None
    try:
        if args.scheduler is not None or args.dask_local is not None:
            from dask.distributed import Client, LocalCluster

            if args.scheduler is not None:
                client = Client(args.scheduler, timeout=30)
            else:
                cluster = LocalCluster(n_workers=args.dask_local, processes=True,
                                       threads_per_worker=1, dashboard_address=None)
                client = Client(cluster)
            executor = client.get_executor()
        try:
            result = run_sweep(func, points, seed=seed, executor=executor,
                               workers=args.workers, progress=not args.no_progress,
                               results_file=results, resume=args.resume)
        except ValueError as exc:  # a results file of another sweep
            raise SweepUsageError(str(exc)) from None
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
    rows = [{"point": i, **r} for i, r in enumerate(result.to_rows())]
    for r in rows:  # the value columns of every requested quantity, in registry order
        for n in spec["quantities"]:
            for c in q.QUANTITIES[n].columns:
                r.setdefault(c, None)
    cols = ["point", *spec["axes"],
            *[c for n in spec["quantities"] for c in q.QUANTITIES[n].columns],
            "status", "error", "seconds"]
    rows = [{c: r.get(c) for c in cols} for r in rows]
    csv_path = _write_rows_csv(rows, out / "results.csv")
    executor_text = (f"dask scheduler {args.scheduler}" if args.scheduler else
                     f"dask LocalCluster({args.dask_local})" if args.dask_local else
                     f"process pool ({args.workers}, spawn)" if args.workers > 1 else
                     "in process")
    prov = provenance(command=["ofdmisac", *argv], config=cfg, config_name=name, seed=seed,
                      quick=False, started_utc=started, finished_utc=utc_now(),
                      elapsed_s={"total": round(time.perf_counter() - t0, 3)})
    prov["sweep"] = {**spec, "n_points": len(points), "executor": executor_text,
                     "resumed": bool(args.resume)}
    write_json(out / "provenance.json", prov)
    figures = [] if args.no_figures else _figures(rows, spec["axes"], spec["quantities"], out)
    figures = [f for f in figures if f is not None]
    try:
        ds = result.to_xarray()
        ds.to_netcdf(out / "results.nc")
    except Exception:  # noqa: BLE001 - the optional xarray/netCDF extra is missing
        pass
    n_err = sum(s != "ok" for s in result.status)
    print(f"sweep of {len(points)} points ({executor_text}) written to {out} "
          f"(table: {csv_path}; {len(figures)} figure(s)); {n_err} point(s) failed",
          file=sys.stdout)
    for e in result.errors:
        if e is not None:
            print(f"  point {e['index']} {e['point']}: {e['type']}: {e['message']}",
                  file=sys.stderr)
    return 0
