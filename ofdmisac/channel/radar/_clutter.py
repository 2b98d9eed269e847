"""Clutter: Poisson point scatterers in a target's range-beam resolution cell."""

from __future__ import annotations

import numpy as np

from ..._random import as_generator
from ..._validation import check_array, check_int, check_real, fail
from ._targets import Target

__all__ = ["clutter_cell_area_m2", "sample_clutter"]


def clutter_cell_area_m2(range_m, *, range_resolution_m, n_beams):
    """Area of the beam-wise resolution cell that holds the clutter.

    ``A(R_M) = dr theta_B R_M = 2 pi dr R_M / n_B`` with the beamwidth ``theta_B = 2 pi /
    n_B``: the cell of the clutter sum of [BM] eq. (5) (stated below it), also the area in
    the clutter factor of [BM] eq. (47).

    Parameters
    ----------
    range_m : array_like
        Range ``R_M`` of the cell (m, >= 0).
    range_resolution_m : float
        Range resolution ``dr`` (m, > 0), e.g. ``sensing.range_resolution_m``.
    n_beams : int
        Number of beams ``n_B`` (>= 1).

    Returns
    -------
    numpy.ndarray
        Area in m^2, float64, shape of ``range_m``.

    Raises
    ------
    ValueError
        A value outside its domain (named).

    References
    ----------
    [BM] eq. (5)

    Examples
    --------
    >>> from ofdmisac.channel import clutter_cell_area_m2
    >>> round(float(clutter_cell_area_m2(100.0, range_resolution_m=1.0, n_beams=64)), 3)
    9.817
    """
    dr = check_real("range_resolution_m", range_resolution_m, minimum=0.0, strict_min=True)
    n_beams = check_int("n_beams", n_beams, minimum=1)
    return 2.0 * np.pi * dr * check_array("range_m", range_m, minimum=0.0) / n_beams


def sample_clutter(range_m, density_per_m2, *, range_resolution_m, n_beams, mean_rcs_m2=1.0,
                   doppler_spread_mps=0.0, rng=None):
    """Draw the clutter scatterers of one resolution cell.

    They are returned as a list of :class:`Target`.

    The count is Poisson with mean ``density_per_m2 * A(R_M)``; each scatterer has a range
    uniform in ``[R_M - dr/2, R_M + dr/2)`` (clipped at 0), Swerling I (exponential) RCS of
    mean ``mean_rcs_m2`` and a zero-mean Gaussian radial velocity of standard deviation
    ``doppler_spread_mps``. Feed the result to :func:`synthesize_echo`.

    Parameters
    ----------
    range_m : float
        Range ``R_M`` of the cell (m, >= 0).
    density_per_m2 : float
        Scatterer (blocker) density ``lambda_O`` (1/m^2, >= 0).
    range_resolution_m : float
        Range resolution ``dr`` (m, > 0), e.g. ``sensing.range_resolution_m``.
    n_beams : int
        Number of beams ``n_B`` (>= 1).
    mean_rcs_m2 : float
        Mean RCS of a scatterer (m^2, > 0).
    doppler_spread_mps : float
        Standard deviation of the scatterers' radial velocity (m/s, >= 0).
    rng : numpy.random.Generator, int, SeedSequence or None
        Random source (None: fresh entropy).

    Returns
    -------
    list of Target
        The scatterers (Swerling I), possibly empty.

    Raises
    ------
    ValueError
        A value outside its domain (named).

    References
    ----------
    [BM] eq. (5)

    Examples
    --------
    >>> from ofdmisac.channel import sample_clutter
    >>> cl = sample_clutter(100.0, 0.5, range_resolution_m=1.0, n_beams=64, rng=3)
    >>> len(cl) > 0, all(abs(t.range_m - 100.0) <= 0.5 for t in cl)
    (True, True)
    """
    range_m = check_real("range_m", range_m, minimum=0.0)
    density_per_m2 = check_real("density_per_m2", density_per_m2, minimum=0.0)
    doppler_spread_mps = check_real("doppler_spread_mps", doppler_spread_mps, minimum=0.0)
    mean_rcs_m2 = check_real("mean_rcs_m2", mean_rcs_m2, minimum=0.0, strict_min=True)
    gen = as_generator(rng)
    mean = density_per_m2 * clutter_cell_area_m2(range_m, range_resolution_m=range_resolution_m,
                                                  n_beams=n_beams)
    if mean > 1e7:  # a list of Target objects: about 1 kB each
        fail("density_per_m2", density_per_m2, f"use a density that gives at most 1e7 "
             f"scatterers per cell (this one gives a mean of {float(mean):.3g})")
    count = gen.poisson(mean)
    ranges = np.maximum(range_m + range_resolution_m * (gen.random(count) - 0.5), 0.0)
    vels = doppler_spread_mps * gen.standard_normal(count)
    return [Target(range_m=float(r), velocity_mps=float(v), rcs_m2=mean_rcs_m2, swerling=1)
            for r, v in zip(ranges, vels, strict=True)]
