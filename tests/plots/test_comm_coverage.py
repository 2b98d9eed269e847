"""Tests of ``ofdmisac._plots.comm_coverage``: the coverage-versus-beams figure."""

import numpy as np
import pytest

from ofdmisac.plotting import plot_coverage_vs_beams


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
