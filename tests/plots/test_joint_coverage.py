"""Tests of ``ofdmisac/_plots/joint_coverage.py``: joint-coverage curves and surfaces."""

import numpy as np

from ofdmisac.plotting import plot_joint_coverage, plot_joint_coverage_surface


def test_joint_coverage_panels():
    panel = {"series": [{"x": [0.1, 0.2], "y": [0.3, 0.6], "label": "Theorem 1",
                         "style": "line"}], "xlabel": "eps_C", "ylabel": "coverage"}
    fig = plot_joint_coverage([panel, panel, panel])
    assert len(fig.axes) == 3 and fig.axes[0].get_xlabel() == "eps_C"


def test_surface_with_markers_and_bound():
    x = np.linspace(-10, 0, 4)
    y = np.linspace(0.1, 0.9, 3)
    z = np.outer(np.linspace(0, 1, 4), np.linspace(1, 0.5, 3))
    fig = plot_joint_coverage_surface(x, y, z, markers={"x": x[:2], "y": y[:2], "z": [0.1, 0.2]},
                                      bound={"x": x, "y": np.full(4, 0.5), "label": "floor"},
                                      xlabel="eps_C (dB)", ylabel="eps_S", title="t")
    ax = fig.axes[0]
    assert ax.name == "3d" and ax.get_xlabel() == "eps_C (dB)" and ax.get_zlabel() == "coverage"
