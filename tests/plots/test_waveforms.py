"""Tests of ``ofdmisac._plots.waveforms``: resource-grid figures."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from ofdmisac.plotting import plot_grid_magnitude, plot_resource_grid
from ofdmisac.waveforms import Carrier, IsacFrame, IsacFrameConfig, PRSConfig, prs_grid


def _frame():
    return IsacFrame(IsacFrameConfig(carrier=Carrier(scs_khz=30, n_rb=52), duration_s=5e-3,
                                     ssb_period_s=5e-3, prs_duration_s=1e-3,
                                     prs_offset_s=2e-3))


def test_resource_grid_figure_from_frame_and_label_map():
    frame = _frame()
    fig = plot_resource_grid(frame, 4, 6, subcarriers=(0, 120), title="zoom")
    assert isinstance(fig, Figure)
    image = fig.axes[0].get_images()[0].get_array()
    np.testing.assert_array_equal(image, frame.labels(4, 6)[:120])
    assert isinstance(plot_resource_grid(frame.labels(0, 1)), Figure)


def test_magnitude_zoom_keeps_the_comb():
    carrier = Carrier(scs_khz=30, n_rb=52)
    grid = prs_grid(carrier, PRSConfig(comb_size=4, num_symbols=4, start_symbol=2))
    fig = plot_grid_magnitude(grid, carrier=carrier, subcarriers=(12, 60))
    image = np.asarray(fig.axes[0].get_images()[0].get_array())
    assert image.shape == (48, 14)
    np.testing.assert_array_equal(image > -40, grid[12:60] != 0)
    lo, hi = fig.axes[0].get_ylim()
    assert hi - lo == pytest.approx(48 * 30e3 / 1e6)


@pytest.mark.parametrize(("call", "match"), [
    (lambda: plot_grid_magnitude(np.ones((10, 14)), subcarriers=(5, 20)),
     r"subcarriers=\(5, 20\) is not allowed; use \(first, stop\) with 0 <= first < stop <= 10"),
    (lambda: plot_grid_magnitude(np.ones(10)), r"grid shape \(10,\) is not allowed"),
    (lambda: plot_resource_grid(np.full((4, 4), 7)), r"label values 7\.\.7 are not allowed"),
])
def test_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()
