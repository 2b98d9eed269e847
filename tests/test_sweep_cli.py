"""Tests of ``ofdmisac sweep``: executors give identical tables, errors, resume, usage."""

import csv
import re

import numpy as np
import pytest

from ofdmisac import _quantities
from ofdmisac._sweep_command import SweepPoint, SweepUsageError, _axis_values, parse_sweep
from ofdmisac.cli import main

SWEEP = """base = "bm_mmwave"
[sweep]
quantities = ["bm_sensing_coverage_mc", "cc_joint_coverage"]
[sweep.axes]
"network.n_beams" = [64, 0]
network.bs_density_per_km2 = {start = 50.0, stop = 150.0, step = 50.0}
[sweep.options]
n_trials = 300
"""


def _write(tmp_path, text=SWEEP, name="sweep.toml"):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def _table(folder, drop=("seconds",)):
    with open(folder / "results.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [{k: v for k, v in r.items() if k not in drop} for r in rows]


def _sweep(cfg, out, *extra):
    assert main(["sweep", "--config", cfg, "--out", str(out), "--no-progress", *extra]) == 0


def test_serial_processes_and_dask_tables_are_identical(tmp_path, capsys):
    cfg = _write(tmp_path)
    _sweep(cfg, tmp_path / "serial")
    serial = _table(tmp_path / "serial")
    assert len(serial) == 6
    assert list(serial[0]) == ["point", "network.n_beams", "network.bs_density_per_km2",
                               "bm_sensing_coverage_mc", "bm_sensing_coverage_mc_se",
                               "cc_joint_coverage", "status", "error"]
    assert [r["network.bs_density_per_km2"] for r in serial[:3]] == ["50.0", "100.0", "150.0"]
    # the point with n_beams = 0 is recorded, the others complete
    bad = [r for r in serial if r["network.n_beams"] == "0"]
    assert [r["status"] for r in bad] == ["error"] * 3
    assert all("network.n_beams=0 is not allowed" in r["error"] for r in bad)
    assert all(r["bm_sensing_coverage_mc"] == "" for r in bad)
    good = [r for r in serial if r["status"] == "ok"]
    assert len(good) == 3 and all(0 < float(r["bm_sensing_coverage_mc"]) < 1 for r in good)
    assert "3 point(s) failed" in capsys.readouterr().out
    for name in ("results.jsonl", "provenance.json", "bm_sensing_coverage_mc.png",
                 "cc_joint_coverage.png"):
        assert (tmp_path / "serial" / name).is_file(), name
    _sweep(cfg, tmp_path / "procs", "--workers", "2")
    assert _table(tmp_path / "procs") == serial
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster:
        _sweep(cfg, tmp_path / "dask", "--scheduler", cluster.scheduler_address,
               "--no-figures")
    assert _table(tmp_path / "dask") == serial


def test_killed_sweep_resumed_gives_the_same_table(tmp_path):
    cfg = _write(tmp_path)
    _sweep(cfg, tmp_path / "full", "--no-figures")
    full = _table(tmp_path / "full")
    lines = (tmp_path / "full" / "results.jsonl").read_text().splitlines()
    for k, extra in ((2, ()), (5, ("--seed", "20261122"))):
        out = tmp_path / f"killed{k}"
        out.mkdir()
        # what a kill after k finished points leaves: k lines and a cut one
        (out / "results.jsonl").write_text("\n".join(lines[:k]) + "\n" + lines[k][:25])
        (out / "sweep.json").write_text((tmp_path / "full" / "sweep.json").read_text())
        _sweep(cfg, out, "--resume", "--no-figures", *extra)
        assert _table(out) == full
        assert _table(out, drop=())[:k] == _table(tmp_path / "full", drop=())[:k]


def test_registered_quantities_run(tmp_path):
    from ofdmisac.config import load_config

    cfg = load_config("bm_mmwave")
    opts = {k: v[0] for k, v in _quantities.OPTIONS.items()}
    names = ["bm_sensing_coverage", "bm_comm_coverage", "bm_effective_ase", "measured_rmse"]
    out = SweepPoint(cfg, names, dict(opts, n_trials=40), "test")(
        np.random.default_rng(0), **{"options.scir_db": 20.0})
    assert 0 < out["bm_sensing_coverage"] < 1 and 0 < out["bm_comm_coverage"] < 1
    assert out["bm_effective_ase_bps_per_m2"] > 0
    assert 0 < out["rmse_range_m_se"] < out["rmse_range_m"]
    assert 0 < out["rmse_velocity_mps_se"] < out["rmse_velocity_mps"]
    for name in names:
        assert set(_quantities.QUANTITIES[name].columns) <= set(out)
    # a quantity's value does not depend on the others asked for (own child seed)
    mc = ["bm_sensing_coverage_mc"]
    a = SweepPoint(cfg, mc, dict(opts, n_trials=200), "t")(np.random.default_rng(5))
    b = SweepPoint(cfg, ["bm_sensing_coverage", *mc], dict(opts, n_trials=200), "t")(
        np.random.default_rng(5))
    assert a["bm_sensing_coverage_mc"] == b["bm_sensing_coverage_mc"]


def test_bm_sensing_twin_quantity():
    from ofdmisac.config import load_config

    opts = {k: v[0] for k, v in _quantities.OPTIONS.items()}
    point = SweepPoint(load_config("bm_mmwave"), ["bm_sensing_twin"], dict(opts, n_trials=8),
                       "t")
    out = point(np.random.default_rng(0))
    assert set(_quantities.QUANTITIES["bm_sensing_twin"].columns) <= set(out)


def test_axis_ranges():
    assert _axis_values("a", {"start": 1, "stop": 3, "num": 3}, "f") == [1, 2, 3]
    assert _axis_values("a", {"start": 0.0, "stop": 1.0, "num": 3}, "f") == [0.0, 0.5, 1.0]
    assert _axis_values("a", {"start": 64, "stop": 256, "step": 64}, "f") == [64, 128, 192,
                                                                           256]
    assert _axis_values("a", {"start": 0.0, "stop": 0.3, "step": 0.1}, "f") == pytest.approx(
        [0.0, 0.1, 0.2, 0.3])
    assert _axis_values("a", {"start": 5.0, "stop": 1.0, "step": -2.0}, "f") == [5.0, 3.0,
                                                                               1.0]
    spec = parse_sweep({"quantities": ["cc_joint_coverage"],
                        "axes": {"coupling": {"n_antennas": [32, 64]},
                                 "options.detection_threshold": [0.5, 0.7]}}, "f")
    assert spec["axes"] == {"coupling.n_antennas": [32, 64],
                            "options.detection_threshold": [0.5, 0.7]}
    assert spec["options"]["n_trials"] == _quantities.OPTIONS["n_trials"][0]


@pytest.mark.parametrize(("body", "match"), [
    ('quantities = ["bm_sensing_coverage"]\n[sweep.axes]\n"network.n_beam" = [1]',
     r"unknown axis key 'network.n_beam'; .* \(did you mean 'network.n_beams'\?\)"),
    ('quantities = ["bm_sensing_coverage"]\n[sweep.axes]\n"network" = [1]',
     "unknown axis key 'network'"),
    ('quantities = ["bm_sensing_coverage"]\n[sweep.axes]\n"options.nope" = [1]',
     "unknown axis key 'options.nope'; an options axis is one of options.scir_threshold_db"),
    ('quantities = ["nope"]\n[sweep.axes]\n"network.n_beams" = [1]',
     "unknown quantity 'nope' in sweep.quantities; choose from bm_sensing_coverage, "
     "bm_sensing_coverage_mc, bm_comm_coverage, bm_effective_ase, cc_joint_coverage, "
     "measured_rmse, bm_sensing_twin"),
    ('quantities = ["cc_joint_coverage", "cc_joint_coverage"]\n[sweep.axes]\n'
     '"network.n_beams" = [1]', "name each quantity once"),
    ('quantities = []\n[sweep.axes]\n"network.n_beams" = [1]',
     r"sweep.quantities=\[\] is not allowed; use a non-empty list"),
    ('quantities = ["bm_sensing_coverage"]\n[sweep.axes]\n"network.n_beams" = '
     '{start = 4, stop = 1, step = 1}',
     "sweep.axes.network.n_beams.step=1 is not allowed; use a step that goes from start=4"),
    ('quantities = ["bm_sensing_coverage"]\n[sweep.axes]\n"network.n_beams" = '
     '{start = 4, stop = 1, num = 0}',
     "sweep.axes.network.n_beams.num=0 is not allowed; use an integer >= 1"),
    ('quantities = ["bm_sensing_coverage"]\n[sweep.axes]\n"network.n_beams" = '
     '{start = 4, stop = 1}',
     r"sweep.axes.network.n_beams=\{'start': 4, 'stop': 1\} is not allowed; use a list"),
    ('quantities = ["bm_sensing_coverage"]\n[sweep.axes]\n"network.n_beams" = []',
     r"sweep.axes.network.n_beams=\[\] is not allowed"),
    ('quantities = ["bm_sensing_coverage"]\n[sweep.axes]\n"network.n_beams" = '
     '{start = 4, stop = "x", num = 2}',
     "sweep.axes.network.n_beams.stop='x' is not allowed; use a finite number"),
    ('quantities = ["bm_sensing_coverage"]\naxes = {}', "sweep.axes={} is not allowed"),
    ('quantities = ["bm_sensing_coverage"]\nbogus = 1\n[sweep.axes]\n"network.n_beams" = [1]',
     "key 'sweep.bogus' is not allowed; use one of the keys of \\[sweep\\]"),
    ('quantities = ["bm_sensing_coverage"]\n[sweep.axes]\n"network.n_beams" = [1]\n'
     '[sweep.options]\nn_trial = 3', "unknown option 'n_trial'; use one of scir_threshold_db"),
    ('quantities = ["bm_sensing_coverage"]\n[sweep.axes]\n"network.n_beams" = [1]\n'
     '[sweep.options]\nn_trials = 1.5',
     "sweep.options.n_trials=1.5 is not allowed; use an integer >= 2"),
    ('quantities = ["bm_sensing_coverage"]\n[sweep.axes]\n"options.scheme" = [3]',
     "sweep.axes.options.scheme=3 is not allowed; use a string"),
])
def test_sweep_table_mistakes_are_one_line_exit_2(tmp_path, capsys, body, match):
    cfg = _write(tmp_path, 'base = "bm_mmwave"\n[sweep]\n' + body + "\n")
    assert main(["sweep", "--config", cfg, "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert re.search(match, err), err
    assert not (tmp_path / "o").exists()


def test_command_line_mistakes_are_one_line_exit_2(tmp_path, capsys):
    cfg = _write(tmp_path)
    cases = [
        (["sweep"], "--config is required"),
        (["sweep", "--config", cfg, "--workers", "0"], "--workers=0 is not allowed"),
        (["sweep", "--config", cfg, "--dask-local", "0"], "--dask-local=0 is not allowed"),
        (["sweep", "--config", cfg, "--seed", "-1"], "--seed=-1 is not allowed"),
        (["sweep", "--config", str(tmp_path / "none.toml")], "config=.* is not allowed"),
        (["sweep", "--config", "bm_mmwave"], "preset bm_mmwave: no \\[sweep\\] table"),
        (["sweep", "--config", _write(tmp_path, 'base = "bm_mmwave"\nnetwork = {n_beams = 0}\n'
                                      + SWEEP.split("\n", 1)[1], "bad.toml")],
         "network.n_beams=0 is not allowed"),
    ]
    for argv, match in cases:
        assert main([*argv, "--out", str(tmp_path / "o")]) == 2, argv
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and "Traceback" not in err, err
        assert re.search(match, err), (argv, err)
    out = tmp_path / "done"
    out.mkdir()
    (out / "results.jsonl").write_text("")
    assert main(["sweep", "--config", cfg, "--out", str(out)]) == 2
    assert "holds a sweep (results.jsonl): pass --resume" in capsys.readouterr().err
    assert main(["sweep", "--config", cfg, "--out", str(out), "--resume"]) == 2
    assert "has results.jsonl but no sweep.json" in capsys.readouterr().err
    (out / "results.jsonl").unlink()
    _sweep(cfg, out, "--no-figures", "--seed", "3")  # 6 cheap points
    (out / "results.jsonl").write_text('{"index": 0, "point": {"x": 1}}\n')
    assert main(["sweep", "--config", cfg, "--out", str(out), "--resume", "--seed", "3"]) == 2
    assert "resume a sweep with the same points" in capsys.readouterr().err
    other = _write(tmp_path, SWEEP.replace("n_trials = 300", "n_trials = 200"), "other.toml")
    for argv in (["--config", other, "--seed", "3"], ["--config", cfg]):
        assert main(["sweep", *argv, "--out", str(out), "--resume"]) == 2
        err = capsys.readouterr().err
        assert re.search(r"--resume is not allowed; the sweep in .* was made with another "
                         r"(options|seed) \(sweep.json\)", err), err
    with pytest.raises(SystemExit) as exc:
        main(["sweep", "--config", cfg, "--workers", "2", "--dask-local", "2"])
    assert exc.value.code == 2


def test_list_quantities(capsys):
    assert main(["sweep", "--list-quantities"]) == 0
    text = capsys.readouterr().out
    for name in (*_quantities.QUANTITIES, *_quantities.OPTIONS):
        assert name in text


def test_example_sweep_file_parses():
    from pathlib import Path

    import tomllib

    path = Path(__file__).resolve().parents[1] / "examples" / "sweep_bm_density_beams.toml"
    spec = parse_sweep(tomllib.loads(path.read_text())["sweep"], str(path))
    assert spec["axes"]["network.bs_density_per_km2"] == [50.0, 100.0, 150.0, 200.0]
    with pytest.raises(SweepUsageError):
        parse_sweep([], "x")


def test_readme_sweep_example_and_docs_list_every_quantity_and_option():
    from pathlib import Path

    import tomllib

    root = Path(__file__).resolve().parents[1]
    blocks = re.findall(r"```toml\n(.*?)```", (root / "README.md").read_text(), re.S)
    block = next(b for b in blocks if "[sweep]" in b)
    spec = parse_sweep(tomllib.loads(block)["sweep"], "README.md")
    assert spec["axes"]["network.n_beams"] == [64, 256]
    doc = (root / "docs" / "configuration.md").read_text()
    for name in _quantities.QUANTITIES:
        assert f"| `{name}` |" in doc, name
    for name in _quantities.OPTIONS:
        assert f"| `sweep.options.{name}` |" in doc, name


def test_dask_local_starts_and_closes_a_local_cluster(tmp_path, monkeypatch):
    """--dask-local N: a LocalCluster of N single-threaded worker processes, closed after
    the sweep (faked here: the real cluster path is the --scheduler test above)."""
    distributed = pytest.importorskip("dask.distributed")
    from concurrent.futures import Executor, Future

    made = {}

    class InlineExecutor(Executor):  # runs in this process, like a remote worker would
        def submit(self, fn, /, *args, **kwargs):
            fut = Future()
            fut.set_result(fn(*args, **kwargs))
            return fut

    class FakeCluster:
        def __init__(self, **kw):
            made["cluster"] = kw

        def close(self):
            made["cluster_closed"] = True

    class FakeClient:
        def __init__(self, target, **kw):
            made["client"] = target

        def get_executor(self):
            return InlineExecutor()

        def close(self):
            made["client_closed"] = True

    monkeypatch.setattr(distributed, "LocalCluster", FakeCluster)
    monkeypatch.setattr(distributed, "Client", FakeClient)
    cfg = _write(tmp_path)
    _sweep(cfg, tmp_path / "serial", "--no-figures")
    _sweep(cfg, tmp_path / "local", "--dask-local", "3", "--no-figures")
    assert made["cluster"] == {"n_workers": 3, "processes": True, "threads_per_worker": 1,
                               "dashboard_address": None}
    assert made["cluster_closed"] and made["client_closed"]
    assert _table(tmp_path / "local") == _table(tmp_path / "serial")
    prov = (tmp_path / "local" / "provenance.json").read_text()
    assert "dask LocalCluster(3)" in prov


def test_twin_sweep_on_dask_matches_serial(tmp_path):
    """Issue 13, item 3: a small sweep of the waveform twin on a Dask LocalCluster equals
    the serial one bit for bit."""
    distributed = pytest.importorskip("dask.distributed")
    cfg = _write(tmp_path, 'base = "bm_mmwave"\n[sweep]\nquantities = ["bm_sensing_twin"]\n'
                 '[sweep.axes]\n"network.n_beams" = [64, 256]\n'
                 '"network.bs_density_per_km2" = [50.0, 100.0]\n'
                 '[sweep.options]\nn_trials = 8\n')
    _sweep(cfg, tmp_path / "serial", "--no-figures")
    serial = _table(tmp_path / "serial")
    assert [r["status"] for r in serial] == ["ok"] * 4, serial
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster:
        _sweep(cfg, tmp_path / "dask", "--scheduler", cluster.scheduler_address,
               "--no-figures")
    assert _table(tmp_path / "dask") == serial
