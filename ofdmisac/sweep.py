"""Parameter sweeps on any ``concurrent.futures.Executor`` (DESIGN.md, "Scale").

A sweep evaluates one function at every point of a parameter grid. Each point gets its
own child :class:`numpy.random.SeedSequence`, spawned from one root seed in grid order,
so a stochastic result depends only on the root seed and the point, never on the number
of workers, the executor or the order in which points finish.

The executor can be a local :class:`~concurrent.futures.ProcessPoolExecutor` (the
default for ``workers > 1``, spawn start method), a thread pool, or a Dask cluster's
executor (``dask.distributed.Client().get_executor()``); ``executor=None`` with
``workers=1`` runs in the calling process.

A point whose call raises is recorded (exception type, message, point index and
parameters) and the sweep goes on. With ``results_file`` every finished point is appended
to a JSON-lines file as it finishes, and ``resume=True`` skips the points already there,
so an interrupted sweep continues where it stopped and ends with the same result.
The command-line front end is ``ofdmisac sweep --config FILE`` (README, "Sweeps").

Examples
--------
>>> from ofdmisac.sweep import parameter_grid, run_sweep
>>> def f(a, b):
...     return a * b
>>> points = parameter_grid(a=[1, 2], b=[10, 20])
>>> [p["a"] * p["b"] for p in points]
[10, 20, 20, 40]
>>> run_sweep(f, points, seed=1).values
[10, 20, 20, 40]
"""

from __future__ import annotations

import csv
import inspect
import itertools
import json
import math
import multiprocessing
import os
import pickle
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ._random import spawn_seeds
from ._validation import check_instance, check_int, fail

__all__ = ["SweepResult", "parameter_grid", "run_sweep"]


def parameter_grid(**axes: Sequence) -> list[dict]:
    """Cartesian product of named parameter values, last axis fastest.

    Parameters
    ----------
    **axes : sequence
        One non-empty sequence of values per parameter name.

    Returns
    -------
    list of dict
        ``prod(len(v))`` points, each ``{name: value}``, in row-major order.

    Raises
    ------
    ValueError
        If no axis is given or an axis is empty.
    TypeError
        If an axis is a string or not a sequence.

    Examples
    --------
    >>> parameter_grid(n_beams=[64, 128], eta=[1.0])
    [{'n_beams': 64, 'eta': 1.0}, {'n_beams': 128, 'eta': 1.0}]
    """
    if not axes:
        raise ValueError("parameter_grid needs at least one axis, e.g. n_beams=[64, 128]")
    values = []
    for name, vals in axes.items():
        if isinstance(vals, (str, bytes)) or not hasattr(vals, "__len__"):
            fail(name, vals, "use a sequence of values", TypeError)
        if len(vals) == 0:
            fail(name, vals, "use a sequence of at least one value")
        values.append(list(vals))
    return [dict(zip(axes, combo, strict=True)) for combo in itertools.product(*values)]


@dataclass(frozen=True)
class SweepResult:
    """Result of :func:`run_sweep`: one entry per point, in the order of the points.

    Parameters
    ----------
    points : list of dict
        The keyword arguments of each call.
    values : list
        The function's return value per point; None where the call raised.
    status : list of str
        ``"ok"`` or ``"error"`` per point.
    errors : list of dict or None
        Per point None, or ``{"index", "type", "message", "point"}`` of the exception.
    seconds : list of float
        Wall time of each call in its worker, s.

    Raises
    ------
    TypeError
        If a field is missing (all are required).

    Examples
    --------
    >>> from ofdmisac.sweep import run_sweep
    >>> def inverse(x):
    ...     return 1.0 / x
    >>> r = run_sweep(inverse, [{"x": 2.0}, {"x": 0.0}])
    >>> r.values, r.status
    ([0.5, None], ['ok', 'error'])
    >>> r.errors[1]["type"], r.errors[1]["index"]
    ('ZeroDivisionError', 1)
    >>> [row["value"] for row in r.to_rows()]
    [0.5, None]
    """

    points: list
    values: list
    status: list
    errors: list
    seconds: list

    def __len__(self) -> int:
        return len(self.points)

    @property
    def ok(self) -> bool:
        """True when every point finished without an error."""
        return all(s == "ok" for s in self.status)

    def to_rows(self) -> list[dict]:
        """Tidy table: one dict per point (parameters, values, status, error, seconds).

        A value that is a mapping gives one column per key; any other value one column
        ``value``. ``error`` is ``"Type: message"`` or the empty string.

        Returns
        -------
        list of dict
            One row per point, in the order of the points.
        """
        keys: list = []
        for v in self.values:
            if isinstance(v, Mapping):
                keys += [k for k in v if k not in keys]
        rows = []
        for p, v, s, e, t in zip(self.points, self.values, self.status, self.errors,
                                 self.seconds, strict=True):
            row = dict(p)
            if keys:
                row.update({k: (v.get(k) if isinstance(v, Mapping) else None) for k in keys})
            else:
                row["value"] = v
            row["status"] = s
            row["error"] = "" if e is None else f"{e['type']}: {e['message']}"
            row["seconds"] = t
            rows.append(row)
        return rows

    def to_csv(self, path) -> Path:
        """Write :meth:`to_rows` as CSV (floats written exactly, ``repr``); returns the path.

        Parameters
        ----------
        path : str or os.PathLike
            The CSV file to write (replaced).

        Returns
        -------
        pathlib.Path
            ``path``.
        """
        return _write_rows_csv(self.to_rows(), path)

    def to_xarray(self):
        """The values as an ``xarray.Dataset`` over a ``point`` dimension (optional extra).

        The parameters become coordinates of ``point``; each value column (and
        ``status``, ``seconds``) a variable, NaN where a point failed. For a full grid,
        ``ds.set_index(point=names).unstack("point")`` gives one dimension per parameter.

        Returns
        -------
        xarray.Dataset
            Dimension ``point`` (the index of the point).

        Raises
        ------
        ImportError
            If xarray is not installed (``pip install ofdmisac[xarray]``).
        """
        try:
            import xarray as xr
        except ImportError:  # pragma: no cover - depends on the environment
            raise ImportError("to_xarray needs the optional xarray package: "
                              "pip install 'ofdmisac[xarray]'") from None
        rows = self.to_rows()
        params = list(self.points[0]) if self.points else []
        data_vars, coords = {}, {}
        for key in (rows[0] if rows else {}):
            col = [r[key] for r in rows]
            if key in params:
                coords[key] = ("point", col)
            elif key not in ("error",):
                col = [np.nan if c is None else c for c in col]
                data_vars[key] = ("point", col)
        return xr.Dataset(data_vars, coords={"point": np.arange(len(rows)), **coords})


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (float, np.floating)):
        return repr(float(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    return str(value)


def _write_rows_csv(rows: list, path) -> Path:
    """Write a list of dicts as a CSV table (columns in order of first appearance)."""
    path = Path(path)
    keys: list = []
    for r in rows:
        keys += [k for k in r if k not in keys]
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(keys)
        for r in rows:
            w.writerow([_cell(r.get(k)) for k in keys])
    os.replace(tmp, path)
    return path


def _json_default(obj):
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    raise TypeError(f"value={obj!r} is not allowed in a results file; return numbers, "
                    "strings, lists or dicts of them")


def _accepts_rng(func) -> bool:
    try:
        sig = inspect.signature(func)
    except (TypeError, ValueError):
        return True
    return any(p.name == "rng" or p.kind is p.VAR_KEYWORD for p in sig.parameters.values())


def _func_name(func) -> str:
    return getattr(func, "__qualname__", None) or type(func).__name__


def _call(func, point, seed_sequence, index, pass_rng):
    """Run one point in a worker: ``(index, value, error or None, seconds)``."""
    t0 = time.perf_counter()
    try:
        if pass_rng:
            value = func(**point, rng=np.random.default_rng(seed_sequence))
        else:
            value = func(**point)
        error = None
    except Exception as exc:  # noqa: BLE001 - a failing point is recorded, the sweep goes on
        value = None
        error = {"index": index, "type": type(exc).__name__, "message": str(exc),
                 "point": point}
    return index, value, error, time.perf_counter() - t0


def _read_results(path: Path, points: list) -> dict:
    """Finished points of a results file: ``{index: record}`` (checked against points)."""
    done = {}
    if not path.is_file():
        return done
    lines = path.read_text().splitlines()
    kept = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:
            if n == len(lines):  # the last line, cut by a kill: that point runs again
                break
            raise ValueError(f"results_file={str(path)!r} is not allowed; line {n} is "
                             "not JSON") from None
        i = rec.get("index")
        if not isinstance(i, int) or not 0 <= i < len(points):
            raise ValueError(f"results_file={str(path)!r} is not allowed; line {n} has "
                             f"index {i!r} outside the {len(points)} points of this sweep")
        if json.loads(json.dumps(dict(points[i]), default=_json_default)) != rec["point"]:
            raise ValueError(f"results_file={str(path)!r} is not allowed; point {i} there "
                             f"is {rec['point']} but this sweep's is {dict(points[i])}: "
                             "resume a sweep with the same points")
        done[i] = rec
        kept.append(line)
    path.write_text("".join(k + "\n" for k in kept))
    return done


def run_sweep(func: Callable, points: Sequence[Mapping], *, seed=None,
              executor: Executor | None = None, workers: int = 1,
              progress: bool = False, results_file=None,
              resume: bool = False) -> SweepResult:
    """Evaluate a function at every point of a sweep; errors are recorded per point.

    Each call is ``func(**point, rng=Generator)`` when ``func`` accepts ``rng`` (a
    parameter named ``rng`` or ``**kwargs``), else ``func(**point)``.

    Parameters
    ----------
    func : callable
        Called as ``func(**point, rng=rng)`` or ``func(**point)``; ``rng`` is a
        ``numpy.random.Generator`` seeded with the point's child seed. Must be picklable
        (a module-level function) for process pools and Dask.
    points : sequence of mapping
        Keyword arguments of each call, e.g. from :func:`parameter_grid`.
    seed : int, SeedSequence or None
        Root seed; the i-th point always receives the i-th spawned child.
    executor : concurrent.futures.Executor, optional
        Where to run the calls (any executor: process or thread pool, Dask's
        ``Client.get_executor()``). Not shut down here.
    workers : int
        With ``executor=None``: 1 runs in this process; more creates a local
        :class:`~concurrent.futures.ProcessPoolExecutor` (spawn) with that many workers.
    progress : bool
        Show a tqdm bar (off by default in library calls).
    results_file : str or os.PathLike, optional
        JSON-lines file; one line ``{"index", "point", "status", "value", "error",
        "seconds"}`` is appended per point as it finishes (values must be JSON numbers,
        strings, lists or dicts). Without ``resume`` an existing file is replaced.
    resume : bool
        Skip the points already in ``results_file`` (their recorded values are used);
        needs ``results_file`` and a ``seed`` that is not None. The points are checked
        against the file; the function and the seed must be those of the interrupted
        sweep (``ofdmisac sweep --resume`` checks them too, in ``sweep.json``). A last line
        cut by a kill is dropped and its point runs again.

    Returns
    -------
    SweepResult
        Points, values, status, errors and seconds, in the order of ``points``.

    Raises
    ------
    ValueError
        If ``workers < 1``, ``resume`` without ``results_file`` or with ``seed=None``, or
        a results file that belongs to other points.
    TypeError
        If ``func`` is not callable, or not picklable while the executor is not a thread
        pool; a point is not a mapping; ``workers`` is not an integer; ``progress`` or
        ``resume`` not a bool; or ``executor`` not an Executor.

    Examples
    --------
    >>> from ofdmisac.sweep import parameter_grid, run_sweep
    >>> def draw(scale, rng):
    ...     return round(float(scale * rng.random()), 3)
    >>> r = run_sweep(draw, parameter_grid(scale=[1.0, 10.0]), seed=7)
    >>> len(r.values), r.status
    (2, ['ok', 'ok'])
    """
    if not callable(func):
        fail("func", func, "use a callable", TypeError)
    workers = check_int("workers", workers, minimum=1)
    check_instance("progress", progress, (bool, np.bool_), "bool")
    check_instance("resume", resume, (bool, np.bool_), "bool")
    if executor is not None:
        check_instance("executor", executor, Executor, "concurrent.futures.Executor or None")
    if results_file is not None:
        check_instance("results_file", results_file, (str, os.PathLike), "str or os.PathLike")
    if resume and results_file is None:
        raise ValueError("resume=True is not allowed; give the results_file to resume from")
    if resume and seed is None:
        raise ValueError("resume=True is not allowed with seed=None; give the root seed of "
                         "the interrupted sweep (its points' child seeds depend on it)")
    points = [p for p in points]
    for i, p in enumerate(points):
        check_instance(f"points[{i}]", p, Mapping, "mapping of keyword arguments")
    points = [dict(p) for p in points]
    own = executor is None and workers > 1
    if own or (executor is not None and not isinstance(executor, ThreadPoolExecutor)):
        try:
            pickle.dumps(func)
        except Exception:  # noqa: BLE001 - pickling raises many types
            raise TypeError(f"func={_func_name(func)!r} is not allowed; a process pool or "
                            "Dask sends it to other processes, which needs a picklable "
                            "function: use a function defined with def at module level "
                            "(not a lambda or a nested function)") from None
    pass_rng = _accepts_rng(func)
    seeds = spawn_seeds(seed, len(points))
    values: list = [None] * len(points)
    errors: list = [None] * len(points)
    seconds: list = [math.nan] * len(points)
    done: set = set()
    path = None if results_file is None else Path(results_file)
    if path is not None:
        if resume:
            for i, rec in _read_results(path, points).items():
                values[i], errors[i], seconds[i] = rec["value"], rec["error"], rec["seconds"]
                if errors[i] is not None:
                    errors[i]["point"] = points[i]
                done.add(i)
        else:
            path.write_text("")
    todo = [i for i in range(len(points)) if i not in done]
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(points), initial=len(done), desc="sweep")
    fh = None if path is None else open(path, "a")

    def finish(index, value, error, sec):
        values[index], errors[index], seconds[index] = value, error, sec
        if fh is not None:
            rec = {"index": index, "point": points[index],
                   "status": "ok" if error is None else "error", "value": value,
                   "error": error, "seconds": sec}
            fh.write(json.dumps(rec, default=_json_default) + "\n")
            fh.flush()
        if bar is not None:
            bar.update()

    pool = (ProcessPoolExecutor(max_workers=int(workers),
                                mp_context=multiprocessing.get_context("spawn"))
            if own else executor)
    try:
        if pool is None:
            for i in todo:
                finish(*_call(func, points[i], seeds[i], i, pass_rng))
        else:
            futures = [pool.submit(_call, func, points[i], seeds[i], i, pass_rng)
                       for i in todo]
            for fut in as_completed(futures):
                finish(*fut.result())
    finally:
        if own:
            pool.shutdown(cancel_futures=True)
        if fh is not None:
            fh.close()
        if bar is not None:
            bar.close()
    status = ["ok" if e is None else "error" for e in errors]
    return SweepResult(points=points, values=values, status=status, errors=errors,
                       seconds=seconds)
