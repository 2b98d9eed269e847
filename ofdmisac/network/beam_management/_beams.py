"""Grid-of-beams model of [BM] Section II-B: the sectorized beam gain and the beam-switch
intensity of a moving terminal.
"""

from __future__ import annotations

import math

import numpy as np

from ..._validation import check_array, check_real

__all__ = ['beam_switch_intensity', 'gob_gain']


def beam_switch_intensity(n_beams, density_per_m2) -> np.ndarray:
    """Beam-switch point intensity mu_g along the MT path, per metre.

    ``mu_g = n_B sqrt(lambda_B) / pi`` ([BM] Section II-B).

    Parameters
    ----------
    n_beams : array_like of int
        Beam number n_B (>= 1).
    density_per_m2 : array_like of float
        BS intensity lambda_B (> 0).

    Returns
    -------
    numpy.ndarray of float64
        mu_g, 1/m; the distance between switch points is Exp(mu_g).

    Raises
    ------
    ValueError
        If ``n_beams < 1`` or the density is not positive.

    References
    ----------
    [BM] Section II-B.

    Examples
    --------
    >>> round(float(beam_switch_intensity(256, 1e-4)), 6)
    0.814873
    """
    nb = check_array("n_beams", n_beams, minimum=1, integer=True)
    lam = check_array("density_per_m2", density_per_m2, minimum=0.0, strict_min=True)
    return nb * np.sqrt(lam) / math.pi


def gob_gain(phi, n_beams, *, mainlobe_to_sidelobe_ratio=None, mainlobe_gain=1.0) -> np.ndarray:
    """Grid-of-beams (sectorized) antenna gain G(phi) of [BM].

    [BM] eq. (3): ``G_ml`` if ``|phi| <= theta_B / 2 = pi / n_B`` (``phi`` wrapped to
    ``(-pi, pi]``), ``G_sl = G_ml / rho`` otherwise (rho = ``mainlobe_to_sidelobe_ratio``).

    Parameters
    ----------
    phi : array_like of float
        Angle off boresight, rad.
    n_beams : array_like of int
        Beam number n_B (>= 1).
    mainlobe_to_sidelobe_ratio : array_like of float or None, optional
        Mainlobe-to-sidelobe ratio rho = G_ml / G_sl of [BM] (>= 1); ``None`` means the squared law
        ``n_B^2``.
    mainlobe_gain : float, optional
        G_ml (> 0).

    Returns
    -------
    numpy.ndarray of float64
        Gain, broadcast shape.

    Raises
    ------
    ValueError
        If ``n_beams < 1``, ``mainlobe_to_sidelobe_ratio < 1``, ``mainlobe_gain <= 0`` or ``phi``
        is not finite.

    References
    ----------
    [BM] eq. (3)

    Examples
    --------
    >>> gob_gain([0.0, 0.5], 8)
    array([1.      , 0.015625])
    """
    phi = check_array("phi", phi)
    nb = check_array("n_beams", n_beams, minimum=1, integer=True)
    rho = (nb**2 if mainlobe_to_sidelobe_ratio is None
           else check_array("mainlobe_to_sidelobe_ratio", mainlobe_to_sidelobe_ratio,
                            minimum=1.0))
    mainlobe_gain = check_real("mainlobe_gain", mainlobe_gain, minimum=0.0, strict_min=True)
    wrapped = np.abs(np.angle(np.exp(1j * phi)))
    return np.where(wrapped <= math.pi / nb, mainlobe_gain, mainlobe_gain / rho)

