"""Tests of ``examples/bm_fig07_comm_coverage.py`` in quick mode."""

import pytest


@pytest.mark.slow
def test_fig07_example_quick(tmp_path, run_example):
    summary = run_example("bm_fig07_comm_coverage", tmp_path)
    assert (tmp_path / "bm_fig07_comm_coverage.png").stat().st_size > 10_000
    csv = (tmp_path / "bm_fig07_comm_coverage.csv").read_text().splitlines()
    assert len(csv) == 1 + 2 * 4 * 8 and csv[0].startswith("band,density_per_km2")
    # bell shape: the optimum n_B moves left with density ([BM] Sec. V-B)
    best = [summary[f"mmwave_{d}_best_n_beams"] for d in ("1", "10", "100", "10000")]
    assert best == sorted(best, reverse=True) and best[0] > best[-1]
    assert summary["mmwave_max_abs_z"] < 4 and summary["thz_max_abs_z"] < 4
