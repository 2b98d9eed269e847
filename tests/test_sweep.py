"""Tests of ``ofdmisac.sweep``: results depend on the root seed and the point only."""

import json
from concurrent.futures import Executor, ThreadPoolExecutor

import numpy as np
import pytest

from ofdmisac.sweep import SweepResult, parameter_grid, run_sweep


def _noisy_mean(mean, n, rng):
    return float(mean + rng.standard_normal(n).mean())


def test_parameter_grid_order_and_size():
    points = parameter_grid(a=[1, 2, 3], b=["x", "y"])
    assert len(points) == 6
    assert points[0] == {"a": 1, "b": "x"} and points[1] == {"a": 1, "b": "y"}
    assert points[-1] == {"a": 3, "b": "y"}


def test_results_do_not_depend_on_executor_or_workers():
    points = parameter_grid(mean=[0.0, 1.0, 2.0], n=[10, 100])
    serial = run_sweep(_noisy_mean, points, seed=7).values
    with ThreadPoolExecutor(max_workers=3) as pool:
        threaded = run_sweep(_noisy_mean, points, seed=7, executor=pool).values
    processes = run_sweep(_noisy_mean, points, seed=7, workers=2).values
    assert serial == threaded == processes
    # different points get independent streams, a different root seed changes results
    assert len({round(r - p["mean"], 12) for r, p in zip(serial, points)}) == len(points)
    assert run_sweep(_noisy_mean, points, seed=8).values != serial


def test_point_i_gets_child_i():
    points = parameter_grid(mean=[0.0, 0.0], n=[5])
    first = run_sweep(_noisy_mean, points[:1], seed=3).values
    both = run_sweep(_noisy_mean, points, seed=3).values
    assert both[0] == first[0]
    child = np.random.SeedSequence(3).spawn(2)[1]
    assert both[1] == pytest.approx(_noisy_mean(0.0, 5, np.random.default_rng(child)))


def test_progress_bar_runs():
    assert run_sweep(_noisy_mean, [{"mean": 1.0, "n": 1}], seed=0, progress=True).ok


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
    with pytest.raises(TypeError, match="resume='no' is not allowed; use a bool"):
        run_sweep(_noisy_mean, [], resume="no")
    with pytest.raises(TypeError, match="results_file=3 is not allowed"):
        run_sweep(_noisy_mean, [], results_file=3)
    with pytest.raises(ValueError, match="resume=True is not allowed; give the results_file"):
        run_sweep(_noisy_mean, [], seed=1, resume=True)


def _product(a, b):
    return a * b


def _fails_at_zero(x):
    if x == 0:
        raise ValueError(f"x={x} is not allowed; use x != 0")
    return 1.0 / x


_STOP = {"at": None}  # the point at which a serial sweep is "killed"


def _stops_at(x, rng):
    if x == _STOP["at"]:
        raise KeyboardInterrupt
    return float(x + rng.random())


def test_function_without_rng():
    r = run_sweep(_product, parameter_grid(a=[1, 2], b=[10, 20]), seed=1)
    assert isinstance(r, SweepResult) and len(r) == 4
    assert r.values == [10, 20, 20, 40] and r.ok
    assert r.status == ["ok"] * 4 and r.errors == [None] * 4
    assert all(s >= 0 for s in r.seconds)
    assert run_sweep(_product, parameter_grid(a=[3], b=[4]), workers=2).values == [12]


def test_lambda_on_processes_is_a_clear_error():
    with pytest.raises(TypeError, match=r"func='.*<lambda>' is not allowed; .* picklable "
                                        r"function: use a function defined with def"):
        run_sweep(lambda a: a, [{"a": 1}], workers=2)

    def nested(a):
        return a

    with pytest.raises(TypeError, match="nested"):
        run_sweep(nested, [{"a": 1}], executor=_PlainExecutor())
    # threads share the process: a lambda is fine there
    with ThreadPoolExecutor(2) as pool:
        assert run_sweep(lambda a: a + 1, [{"a": 1}], executor=pool).values == [2]


class _PlainExecutor(Executor):  # another process's executor (like Dask's), not threads
    def submit(self, fn, /, *args, **kwargs):  # pragma: no cover - never reached
        raise AssertionError


def test_failing_point_is_recorded_and_sweep_goes_on():
    points = parameter_grid(x=[2.0, 0, 4.0])
    for kw in ({}, {"workers": 2}):
        r = run_sweep(_fails_at_zero, points, **kw)
        assert r.values == [0.5, None, 0.25]
        assert r.status == ["ok", "error", "ok"] and not r.ok
        assert r.errors[1] == {"index": 1, "type": "ValueError",
                               "message": "x=0 is not allowed; use x != 0", "point": {"x": 0}}
        rows = r.to_rows()
        assert rows[1]["error"] == "ValueError: x=0 is not allowed; use x != 0"
        assert rows[1]["value"] is None and rows[0]["error"] == ""


def test_rows_csv_and_mapping_values(tmp_path):
    def both(a):
        return {"double": 2 * a, "half": a / 3}

    r = run_sweep(both, parameter_grid(a=[1.0, 7.0]))
    rows = r.to_rows()
    assert list(rows[0]) == ["a", "double", "half", "status", "error", "seconds"]
    path = r.to_csv(tmp_path / "t.csv")
    lines = path.read_text().splitlines()
    assert lines[0] == "a,double,half,status,error,seconds"
    assert lines[2].startswith(f"7.0,14.0,{7.0 / 3!r},ok,,")
    assert float(lines[2].split(",")[2]) == 7.0 / 3  # exact round trip


def test_to_xarray():
    pytest.importorskip("xarray")
    ds = run_sweep(_product, parameter_grid(a=[1, 2], b=[3])).to_xarray()
    assert list(ds["value"].values) == [3, 6]


def test_results_file_and_resume(tmp_path):
    points = parameter_grid(x=[0.0, 1.0, 2.0, 3.0, 4.0])
    path = tmp_path / "r.jsonl"
    full = run_sweep(_stops_at, points, seed=4, results_file=path)
    assert len(path.read_text().splitlines()) == 5
    rec = json.loads(path.read_text().splitlines()[2])
    assert rec["index"] == 2 and rec["value"] == full.values[2] and rec["status"] == "ok"
    # killed at point 3: three points on file, the rest runs on resume
    _STOP["at"] = 3.0
    try:
        with pytest.raises(KeyboardInterrupt):
            run_sweep(_stops_at, points, seed=4, results_file=path)
    finally:
        _STOP["at"] = None
    assert len(path.read_text().splitlines()) == 3
    with open(path, "a") as fh:  # a line cut by the kill
        fh.write('{"index": 3, "po')
    calls = points
    resumed = run_sweep(_stops_at, calls, seed=4, results_file=path, resume=True)
    assert resumed.values == full.values
    assert [json.loads(t)["index"] for t in path.read_text().splitlines()] == [0, 1, 2, 3, 4]
    # everything done: nothing runs again, the same values come back
    again = run_sweep(_stops_at, calls, seed=4, results_file=path, resume=True,
                      workers=2)
    assert again.values == full.values and again.seconds == resumed.seconds
    with pytest.raises(ValueError, match="resume=True is not allowed with seed=None"):
        run_sweep(_stops_at, calls, results_file=path, resume=True)
    with pytest.raises(ValueError, match=r"point 0 there is .* resume a sweep with the same"):
        run_sweep(_stops_at, parameter_grid(x=[9.0] * 5), seed=4, results_file=path,
                  resume=True)
    path.write_text('{"index": 9, "point": {}}\n')
    with pytest.raises(ValueError, match="index 9 outside the 5 points"):
        run_sweep(_stops_at, calls, seed=4, results_file=path, resume=True)
    path.write_text('not json\n{"index": 0}\n')
    with pytest.raises(ValueError, match="line 1 is not JSON"):
        run_sweep(_stops_at, calls, seed=4, results_file=path, resume=True)
