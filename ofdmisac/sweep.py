"""Parameter sweeps on any ``concurrent.futures.Executor`` (DESIGN.md, "Scale").

A sweep evaluates one function at every point of a parameter grid. Each point gets its
own child :class:`numpy.random.SeedSequence`, spawned from one root seed in grid order,
so a stochastic result depends only on the root seed and the point, never on the number
of workers, the executor or the order in which points finish.

The executor can be a local :class:`~concurrent.futures.ProcessPoolExecutor` (the
default for ``workers > 1``), a thread pool, or a Dask cluster's executor
(``dask.distributed.Client().get_executor()``); ``executor=None`` with ``workers=1``
runs in the calling process.

Examples
--------
>>> from ofdmisac.sweep import parameter_grid, run_sweep
>>> def f(a, b, rng):
...     return a * b
>>> points = parameter_grid(a=[1, 2], b=[10, 20])
>>> [p["a"] * p["b"] for p in points]
[10, 20, 20, 40]
>>> run_sweep(f, points, seed=1)
[10, 20, 20, 40]
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor

import numpy as np

from ._random import spawn_seeds
from ._validation import check_instance, check_int, fail

__all__ = ["parameter_grid", "run_sweep"]


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


def _call(func, point, seed_sequence):
    return func(**point, rng=np.random.default_rng(seed_sequence))


def run_sweep(func: Callable, points: Sequence[Mapping], *, seed=None,
              executor: Executor | None = None, workers: int = 1,
              progress: bool = False) -> list:
    """Evaluate a function at every point of a sweep, in order.

    Each call is ``func(**point, rng=Generator)``.

    Parameters
    ----------
    func : callable
        Called as ``func(**point, rng=rng)``; ``rng`` is a ``numpy.random.Generator``
        seeded with the point's child seed. Must be picklable (a module-level function)
        for process pools and Dask.
    points : sequence of mapping
        Keyword arguments of each call, e.g. from :func:`parameter_grid`.
    seed : int, SeedSequence or None
        Root seed; the i-th point always receives the i-th spawned child.
    executor : concurrent.futures.Executor, optional
        Where to run the calls (any executor: process or thread pool, Dask's
        ``Client.get_executor()``). Not shut down here.
    workers : int
        With ``executor=None``: 1 runs in this process; more creates a local
        :class:`~concurrent.futures.ProcessPoolExecutor` with that many workers.
    progress : bool
        Show a tqdm bar (off by default in library calls).

    Returns
    -------
    list
        ``func``'s results, in the order of ``points``.

    Raises
    ------
    ValueError
        If ``workers < 1``.
    TypeError
        If ``func`` is not callable, a point is not a mapping, ``workers`` is not an
        integer, ``progress`` not a bool or ``executor`` not an Executor.

    Examples
    --------
    >>> from ofdmisac.sweep import parameter_grid, run_sweep
    >>> def draw(scale, rng):
    ...     return round(float(scale * rng.random()), 3)
    >>> len(run_sweep(draw, parameter_grid(scale=[1.0, 10.0]), seed=7))
    2
    """
    if not callable(func):
        fail("func", func, "use a callable", TypeError)
    workers = check_int("workers", workers, minimum=1)
    check_instance("progress", progress, (bool, np.bool_), "bool")
    if executor is not None:
        check_instance("executor", executor, Executor, "concurrent.futures.Executor or None")
    points = list(points)
    for i, p in enumerate(points):
        check_instance(f"points[{i}]", p, Mapping, "mapping of keyword arguments")
    seeds = spawn_seeds(seed, len(points))
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(points), desc="sweep")
    own = executor is None and workers > 1
    pool = ProcessPoolExecutor(max_workers=int(workers)) if own else executor
    try:
        if pool is None:
            results = []
            for p, s in zip(points, seeds, strict=True):
                results.append(_call(func, dict(p), s))
                if bar is not None:
                    bar.update()
            return results
        futures = [pool.submit(_call, func, dict(p), s) for p, s in zip(points, seeds,
                                                                        strict=True)]
        results = []
        for fut in futures:
            results.append(fut.result())
            if bar is not None:
                bar.update()
        return results
    finally:
        if own:
            pool.shutdown()
        if bar is not None:
            bar.close()
