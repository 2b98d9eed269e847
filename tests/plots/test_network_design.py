"""Tests of ``ofdmisac._plots.network_design``: the [BM] design figures."""

import numpy as np

from ofdmisac.plotting import plot_ase_density_maps, plot_misalignment_vs_delta, plot_scheme_curves


def test_plot_functions_return_figures():
    f1 = plot_misalignment_vs_delta(
        [{"title": "t", "p_to": 0.05, "curves": [
            {"delta": [0.1, 0.5, 0.9], "p": [0.02, 0.01, 0.1], "label": "a",
             "delta_star": 0.5, "p_star": 0.01, "mc_delta": [0.5], "mc_p": [0.011],
             "mc_se": [0.001]}]}] * 3)
    assert sum(ax.get_visible() for ax in f1.axes) == 3
    f2 = plot_scheme_curves([{"title": "t", "n_beams": [4, 8, 16],
                              "series": [{"y": [1, 2, 3], "label": "a"}]}] * 2,
                            ylabel="y", logy=True, suptitle="s")
    assert len(f2.axes) == 2
    f3 = plot_ase_density_maps([{"title": "m", "bs_density_per_km2": [10, 100, 1000],
                                 "blocker_density_per_km2": [100, 1000],
                                 "ase": np.arange(6.0).reshape(2, 3)}] * 2, n_cols=2)
    assert len(f3.axes) == 4
