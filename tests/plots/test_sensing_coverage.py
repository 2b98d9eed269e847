"""Tests of ``ofdmisac/_plots/sensing_coverage.py``: the [BM] Fig. 4 and Fig. 5 layouts."""

import numpy as np

from ofdmisac.plotting import plot_scir_pdf, plot_sensing_coverage


def test_sensing_coverage_panels_curves_and_label():
    nb = [16, 64, 256]
    ana = np.linspace(0.1, 0.6, 6).reshape(2, 1, 3)
    fig = plot_sensing_coverage(nb, ana, labels=["100/km^2"], simulation=ana,
                                std_error=np.full_like(ana, 0.01), titles=["mmWave", "THz"])
    assert len(fig.axes) == 2
    assert fig.axes[0].get_ylabel() == "sensing coverage p_cov,S"
    legend = [t.get_text() for t in fig.axes[1].get_legend().get_texts()]
    assert legend[0].startswith("100/km^2")


def test_scir_pdf_line_over_histogram():
    x = np.linspace(-40.0, 40.0, 81)
    pdf = np.exp(-0.5 * (x / 10.0) ** 2) / (10.0 * np.sqrt(2 * np.pi))
    samples = np.random.default_rng(0).normal(0.0, 10.0, 5000)
    fig = plot_scir_pdf(x, pdf[None], [samples], titles=["a"], bin_width_db=4.0)
    ax = fig.axes[0]
    assert len(ax.lines) >= 1 and len(ax.patches) > 5  # the analytic line and the bars
    heights = np.array([p.get_height() for p in ax.patches])
    assert abs(heights.sum() * 4.0 - 1.0) < 0.01  # density per dB of all samples
