"""The main job: ``ofdmisac run`` end to end, every stage, quick and full.

The full run is the command of the README's Quick start (``make run``); it must not
fail on a fresh checkout, so it runs here (slow, a few minutes on 2 cores).
"""

import html
import json
import os
import re

import pytest

from ofdmisac._stages import STAGES
from ofdmisac._stages._results import MARKER
from ofdmisac.cli import main
from ofdmisac.io import read_csv


def _check_results(out, quick, stages=STAGES):
    summary = json.loads((out / "summary.json").read_text())
    assert summary["quick"] is quick
    assert list(summary["stages"]) == list(stages)
    for stage, entries in summary["stages"].items():
        assert entries["elapsed_s"] >= 0
        assert entries["files"]
        for name in entries["files"]:
            assert (out / stage / name).stat().st_size > 0, (stage, name)
    if "sensing" in stages:
        assert summary["stages"]["sensing"]["n_detections"] >= 2
    if "network" in stages:
        assert summary["stages"]["network"]["error_model"] == "MeasuredErrorModel"
    assert (out / "report.html").is_file() and (out / MARKER).is_file()
    return summary


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("quick") / "results"
    assert main(["run", "--quick", "--no-progress", "--out", str(out)]) == 0
    return out


def test_stages_in_pipeline_order():
    assert STAGES == ("frame", "sensing", "network", "mimo")


def test_unknown_stage_is_refused(tmp_path, capsys):
    assert main(["run", "--quick", "--stages", "frame,nope", "--out", str(tmp_path)]) == 2
    assert "unknown stage(s) ['nope']" in capsys.readouterr().err


@pytest.mark.slow
def test_quick_run_all_stages(quick_run):
    _check_results(quick_run, quick=True)


@pytest.mark.slow
def test_provenance_block(quick_run):
    import numpy
    import scipy

    import ofdmisac

    summary = json.loads((quick_run / "summary.json").read_text())
    prov = summary["provenance"]
    assert prov["ofdmisac_version"] == ofdmisac.__version__
    assert prov["numpy"] == numpy.__version__ and prov["scipy"] == scipy.__version__
    assert "pyfftw" in prov and prov["python"].count(".") == 2
    assert set(prov["fft"]) == {"backend", "planner", "threads"}
    assert prov["command"][:3] == ["ofdmisac", "run", "--quick"]
    assert prov["config_source"] == "bm_mmwave" and prov["config"]["carrier"]["fc_ghz"] == 30.0
    assert prov["seed"] == summary["seed"] == 20261122
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", prov["started_utc"])
    assert prov["finished_utc"] >= prov["started_utc"]
    assert set(prov["elapsed_s"]) == {"total", *STAGES}
    if (ofdmisac.__file__ and os.path.isdir(os.path.join(os.path.dirname(ofdmisac.__file__),
                                                         "..", ".git"))):
        assert prov["git_commit"]


@pytest.mark.slow
def test_result_files_respect_the_umask(quick_run):
    mask = os.umask(0o022)
    os.umask(mask)
    for path in quick_run.rglob("*"):
        if path.is_file():
            assert path.stat().st_mode & 0o777 == 0o666 & ~mask, path


@pytest.mark.slow
def test_report_embeds_every_figure_and_every_comparison(quick_run):
    summary = json.loads((quick_run / "summary.json").read_text())
    text = (quick_run / "report.html").read_text()
    assert "http://" not in text and "https://" not in text  # self-contained
    pngs = sorted(str(p.relative_to(quick_run)) for p in quick_run.rglob("*.png"))
    assert len(pngs) == 12  # frame 4, sensing 2, network 4 (incl. the sensing twin), mimo 2
    embedded = re.findall(r"<img alt='([^']+)' src='data:image/png;base64,([A-Za-z0-9+/=]+)'",
                          text)
    assert sorted(alt for alt, _ in embedded) == pngs
    assert all(len(data) > 1000 for _, data in embedded)
    assert text.count("<figcaption>") == len(pngs)
    rows = summary["comparisons"]
    assert len(rows) >= 20 and {r["stage"] for r in rows} == {"sensing", "network", "mimo"}
    table_rows = re.findall(r"<tr(?: class=fail)?><td class=l>(.*?)</td>", text)
    from ofdmisac._stages._report import mathtext_to_html

    assert table_rows == [mathtext_to_html(r["quantity"]) for r in rows]
    for r in rows:
        assert f"{r['z']:.2f}" in text
    for stage in STAGES:
        assert f"<h2 id={stage}>" in text
    assert html.escape("[BM] Theorem 1: sensing SCIR coverage") in text


def _numbers(out):
    """Every JSON and CSV of a results folder, timestamps, elapsed times and paths aside."""
    skip = {"elapsed_s", "started_utc", "finished_utc", "command"}

    def clean(obj):
        if isinstance(obj, dict):
            return {k: clean(v) for k, v in obj.items() if k not in skip}
        if isinstance(obj, list):
            return [clean(v) for v in obj]
        return obj

    data = {}
    for path in sorted(out.rglob("*")):
        rel = str(path.relative_to(out))
        if path.suffix == ".json" or path.name == MARKER:
            data[rel] = clean(json.loads(path.read_text()))
        elif path.suffix == ".csv":
            data[rel] = {k: v.tolist() for k, v in read_csv(path).items()}
    return data


@pytest.mark.slow
def test_two_quick_runs_with_one_seed_give_identical_numbers(quick_run, tmp_path):
    import subprocess
    import sys

    out = tmp_path / "again"  # the second run in another process
    proc = subprocess.run([sys.executable, "-m", "ofdmisac.cli", "run", "--quick",
                           "--no-progress", "--out", str(out)], capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr
    first, second = _numbers(quick_run), _numbers(out)
    assert sorted(first) == sorted(second)
    for name in first:
        assert first[name] == second[name], name


@pytest.mark.slow
def test_a_folder_holds_one_run(tmp_path, capsys):
    out = tmp_path / "r"
    assert main(["run", "--quick", "--no-progress", "--stages", "frame", "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["run", "--quick", "--stages", "frame", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "holds another run" in err and "--overwrite" in err and len(err.splitlines()) == 1
    # a stale stage folder from an older run, a stale temporary, a file of the user
    (out / "mimo").mkdir()
    (out / "mimo" / "summary.json").write_text("{}")
    (out / "frame" / ".frame.json.abc123.tmp").write_text("")
    (out / "notes.txt").write_text("mine")
    (out / "frame" / "my_plot.png").write_text("mine too")
    assert main(["run", "--quick", "--no-progress", "--stages", "frame", "--overwrite",
                 "--out", str(out)]) == 0
    assert not (out / "mimo").exists()
    assert not (out / "frame" / ".frame.json.abc123.tmp").exists()
    assert (out / "notes.txt").read_text() == "mine"
    assert (out / "frame" / "my_plot.png").read_text() == "mine too"
    assert list(json.loads((out / "summary.json").read_text())["stages"]) == ["frame"]


def test_overwrite_leaves_a_folder_without_a_run_alone(tmp_path):
    from ofdmisac._stages._results import clear_run

    (tmp_path / "frame").mkdir()
    (tmp_path / "frame" / "frame.json").write_text("{}")
    assert clear_run(tmp_path) == []
    assert (tmp_path / "frame" / "frame.json").exists()


@pytest.mark.slow
def test_stage_order_and_dependencies(tmp_path):
    out = tmp_path / "r"
    assert main(["run", "--quick", "--no-progress", "--stages", "mimo,frame", "--out",
                 str(out)]) == 0
    assert list(json.loads((out / "summary.json").read_text())["stages"]) == ["frame", "mimo"]


@pytest.mark.slow
@pytest.mark.parametrize("preset", ["bm_thz", "cc_default"])
def test_presets_run_end_to_end(tmp_path, preset):
    from ofdmisac.config import load_config

    assert main(["run", "--quick", "--no-progress", "--config", preset, "--out",
                 str(tmp_path)]) == 0
    stages = tuple(load_config(preset)["run"]["stages"])
    summary = _check_results(tmp_path, quick=True, stages=stages)
    assert summary["config"] == preset
    if "network" in stages:
        net = summary["stages"]["network"]
        assert net["fc_hz"] == 100e9 and net["error_model_waveform"]["fc_hz"] == 100e9


@pytest.mark.slow
def test_user_toml_with_base_and_overrides(tmp_path):
    cfg = tmp_path / "my_experiment.toml"
    cfg.write_text('base = "bm_thz"\n\n[run]\nseed = 11\nstages = ["sensing", "network"]\n\n'
                   '[network]\nbs_density_per_km2 = 500.0\n\n[analysis]\n'
                   'quick_n_beams = [32, 128]\n')
    out = tmp_path / "r"
    assert main(["run", "--quick", "--no-progress", "--config", str(cfg), "--out",
                 str(out)]) == 0
    summary = _check_results(out, quick=True, stages=("sensing", "network"))
    assert summary["seed"] == 11
    net = summary["stages"]["network"]
    assert net["n_beams"] == [32, 128] and net["fc_hz"] == 100e9
    assert summary["provenance"]["config"]["network"]["max_range_m"] == 200.0  # from bm_thz


@pytest.mark.slow
def test_full_run_all_stages(tmp_path):
    assert main(["run", "--no-progress", "--out", str(tmp_path)]) == 0
    summary = _check_results(tmp_path, quick=False)
    assert summary["stages"]["frame"]["n_slots"] == 320
    sensing = summary["stages"]["sensing"]
    truth = sensing["truth"]
    for tgt in truth:
        assert any(abs(det["range_m"] - tgt["range_m"]) < sensing["range_bin_m"]
                   and abs(det["velocity_mps"] - tgt["velocity_mps"]) < sensing["velocity_bin_mps"]
                   for det in sensing["detections"])
