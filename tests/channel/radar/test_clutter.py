"""Tests of ofdmisac/channel/radar/_clutter.py: clutter scatterers of a resolution cell."""

import numpy as np
import pytest

from ofdmisac.channel import clutter_cell_area_m2, sample_clutter


def test_clutter_count_mean_within_standard_error():
    rng = np.random.default_rng(5)
    for density, r in ((1e-3, 50.0), (1e-3, 200.0), (5e-4, 400.0)):
        mean = density * clutter_cell_area_m2(r, range_resolution_m=1.0, n_beams=8)
        counts = np.array([len(sample_clutter(r, density, range_resolution_m=1.0, n_beams=8,
                                              rng=rng)) for _ in range(400)])
        assert abs(counts.mean() - mean) < 4 * np.sqrt(mean / counts.size)


def test_clutter_bad_input():
    with pytest.raises(ValueError, match="range_resolution_m=0.0 is not allowed"):
        clutter_cell_area_m2(10.0, range_resolution_m=0.0, n_beams=4)
    with pytest.raises(ValueError, match="n_beams=0 is not allowed"):
        clutter_cell_area_m2(10.0, range_resolution_m=1.0, n_beams=0)
    with pytest.raises(ValueError, match="density_per_m2=-1.0 is not allowed"):
        sample_clutter(10.0, -1.0, range_resolution_m=1.0, n_beams=4)
    with pytest.raises(ValueError, match="doppler_spread_mps=-1.0 is not allowed"):
        sample_clutter(10.0, 1.0, range_resolution_m=1.0, n_beams=4, doppler_spread_mps=-1.0)
