"""Tests of ``ofdmisac.sweep``: results depend on the root seed and the point only."""

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from ofdmisac.sweep import parameter_grid, run_sweep


def _noisy_mean(mean, n, rng):
    return float(mean + rng.standard_normal(n).mean())


def test_parameter_grid_order_and_size():
    points = parameter_grid(a=[1, 2, 3], b=["x", "y"])
    assert len(points) == 6
    assert points[0] == {"a": 1, "b": "x"} and points[1] == {"a": 1, "b": "y"}
    assert points[-1] == {"a": 3, "b": "y"}


def test_results_do_not_depend_on_executor_or_workers():
    points = parameter_grid(mean=[0.0, 1.0, 2.0], n=[10, 100])
    serial = run_sweep(_noisy_mean, points, seed=7)
    with ThreadPoolExecutor(max_workers=3) as pool:
        threaded = run_sweep(_noisy_mean, points, seed=7, executor=pool)
    processes = run_sweep(_noisy_mean, points, seed=7, workers=2)
    assert serial == threaded == processes
    # different points get independent streams, a different root seed changes results
    assert len({round(r - p["mean"], 12) for r, p in zip(serial, points)}) == len(points)
    assert run_sweep(_noisy_mean, points, seed=8) != serial


def test_point_i_gets_child_i():
    points = parameter_grid(mean=[0.0, 0.0], n=[5])
    first = run_sweep(_noisy_mean, points[:1], seed=3)
    both = run_sweep(_noisy_mean, points, seed=3)
    assert both[0] == first[0]
    child = np.random.SeedSequence(3).spawn(2)[1]
    assert both[1] == pytest.approx(_noisy_mean(0.0, 5, np.random.default_rng(child)))


def test_progress_bar_runs():
    assert run_sweep(_noisy_mean, [{"mean": 1.0, "n": 1}], seed=0, progress=True)


def test_bad_input():
    with pytest.raises(ValueError, match="at least one axis"):
        parameter_grid()
    with pytest.raises(ValueError, match=r"a=\[\] is not allowed"):
        parameter_grid(a=[])
    with pytest.raises(TypeError, match="a='abc' is not allowed; use a sequence"):
        parameter_grid(a="abc")
    with pytest.raises(ValueError, match="workers=0 is not allowed"):
        run_sweep(_noisy_mean, [], workers=0)
    with pytest.raises(TypeError, match="func=42 is not allowed; use a callable"):
        run_sweep(42, [])
    with pytest.raises(TypeError, match=r"points\[0\]=\(1, 2\) is not allowed; use a mapping"):
        run_sweep(_noisy_mean, [(1, 2)])
    with pytest.raises(TypeError, match="workers=2.0 is not allowed; use an integer >= 1"):
        run_sweep(_noisy_mean, [], workers=2.0)
    with pytest.raises(TypeError, match="progress='yes' is not allowed; use a bool"):
        run_sweep(_noisy_mean, [], progress="yes")
    with pytest.raises(TypeError, match="executor=4 is not allowed; use a concurrent"):
        run_sweep(_noisy_mean, [], executor=4)
