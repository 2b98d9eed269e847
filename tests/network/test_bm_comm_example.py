"""[BM] Fig. 7 example (quick mode) and the coverage-versus-beams figure."""


import numpy as np
import pytest

from ofdmisac.plotting import plot_coverage_vs_beams


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


def test_plot_coverage_vs_beams_shapes():
    nb = [8, 16, 32]
    ana = np.full((2, 1, 3), 0.5)
    sim = ana.copy()
    sim[0, 0, 1] = np.nan
    fig = plot_coverage_vs_beams(nb, ana, labels=["1/km^2"], simulation=sim,
                                 std_error=np.full_like(ana, 0.01), reference=ana * 0.9,
                                 reference_label="conv.", titles=["a", "b"], suptitle="t")
    assert len(fig.axes) == 2
    assert fig.axes[0].get_xscale() == "log"
    with pytest.raises(ValueError, match="analysis has shape"):
        plot_coverage_vs_beams(nb, ana[..., :2], labels=["x"])
    with pytest.raises(ValueError, match="simulation has shape"):
        plot_coverage_vs_beams(nb, ana, labels=["x"], simulation=ana[0])
    with pytest.raises(ValueError, match="titles has 1 entries"):
        plot_coverage_vs_beams(nb, ana, labels=["x"], titles=["a"])
