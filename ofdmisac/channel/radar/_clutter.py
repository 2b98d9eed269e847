"""Clutter: Poisson point scatterers in a target's range-beam resolution cell."""

from __future__ import annotations

import numpy as np

from ..._random import as_generator
from ._targets import Target

__all__ = ["clutter_cell_area_m2", "sample_clutter"]


def clutter_cell_area_m2(range_m, range_resolution_m, n_beams):
    """Resolution-cell area ``A(R_M) = 2 pi dr R_M / n_B`` ([BM] eqs. (5), (47))."""
    if range_resolution_m <= 0:
        raise ValueError(f"range_resolution_m must be > 0, got {range_resolution_m!r}")
    if not isinstance(n_beams, (int, np.integer)) or n_beams < 1:
        raise ValueError(f"n_beams must be a positive integer, got {n_beams!r}")
    return 2.0 * np.pi * range_resolution_m * np.asarray(range_m, dtype=float) / n_beams


def sample_clutter(range_m, density_per_m2, range_resolution_m, n_beams, *, mean_rcs_m2=1.0,
                   doppler_spread_mps=0.0, rng=None):
    """Draw the clutter scatterers of one resolution cell as a list of :class:`Target`.

    The count is Poisson with mean ``density_per_m2 * A(R_M)``; each scatterer has a range
    uniform in ``[R_M - dr/2, R_M + dr/2)`` (clipped at 0), Swerling I (exponential) RCS of
    mean ``mean_rcs_m2`` and a zero-mean Gaussian radial velocity of standard deviation
    ``doppler_spread_mps``. Feed the result to :func:`synthesize_echo`.
    """
    if density_per_m2 < 0:
        raise ValueError(f"density_per_m2 must be >= 0, got {density_per_m2!r}")
    if doppler_spread_mps < 0:
        raise ValueError(f"doppler_spread_mps must be >= 0, got {doppler_spread_mps!r}")
    gen = as_generator(rng)
    mean = density_per_m2 * clutter_cell_area_m2(range_m, range_resolution_m, n_beams)
    count = gen.poisson(mean)
    ranges = np.maximum(range_m + range_resolution_m * (gen.random(count) - 0.5), 0.0)
    vels = doppler_spread_mps * gen.standard_normal(count)
    return [Target(range_m=float(r), velocity_mps=float(v), rcs_m2=mean_rcs_m2, swerling=1)
            for r, v in zip(ranges, vels, strict=True)]
