"""Physical constants and unit conversions.

The library works in SI units internally; decibels and per-km^2 densities only
appear at the edges (configuration files, CLI, plots).
"""

from __future__ import annotations

import numpy as np

from ._validation import check_array

__all__ = [
    "SPEED_OF_LIGHT_MPS", "BOLTZMANN_J_PER_K", "db_to_linear", "linear_to_db", "dbm_to_watt",
    "watt_to_dbm", "per_km2_to_per_m2", "per_m2_to_per_km2", "kmh_to_mps", "mps_to_kmh"
]

SPEED_OF_LIGHT_MPS = 299_792_458.0
"""Speed of light in vacuum, m/s (exact, SI definition)."""

BOLTZMANN_J_PER_K = 1.380_649e-23
"""Boltzmann constant, J/K (exact, SI definition)."""


def _real(name: str, value, minimum: float | None = None) -> np.ndarray:
    """``value`` as a float64 array; like numpy's ufuncs the conversions pass NaN and
    infinities through, but a value that is not a real number raises ``TypeError`` naming
    the parameter."""
    return check_array(name, value, minimum=minimum, allow_inf=True, allow_nan=True)


def db_to_linear(value_db):
    """Convert a power ratio from decibels to linear scale.

    Computes ``10**(x/10)``; NaN and infinities pass through like a numpy ufunc.

    Parameters
    ----------
    value_db : float or array_like of float
        Power ratio in dB, any real value (``-inf`` maps to 0).

    Returns
    -------
    numpy.ndarray
        The linear ratio, float64, same shape as ``value_db`` (0-d for a scalar).

    Raises
    ------
    TypeError
        If ``value_db`` is not real numbers (message names ``value_db``).

    Examples
    --------
    >>> from ofdmisac.units import db_to_linear
    >>> float(db_to_linear(20.0))
    100.0
    """
    return np.power(10.0, _real("value_db", value_db) / 10.0)


def linear_to_db(value):
    """Convert a linear power ratio to decibels.

    Computes ``10*log10(x)``; zero maps to ``-inf``.

    Parameters
    ----------
    value : float or array_like of float
        Linear power ratio, >= 0.

    Returns
    -------
    numpy.ndarray
        The ratio in dB, float64, same shape as ``value``.

    Raises
    ------
    TypeError
        If ``value`` is not real numbers (message names ``value``).
    ValueError
        If ``value`` has a negative entry (message names ``value``).

    Examples
    --------
    >>> from ofdmisac.units import linear_to_db
    >>> float(linear_to_db(1000.0))
    30.0
    """
    value = _real("value", value, minimum=0.0)
    with np.errstate(divide="ignore"):
        return 10.0 * np.log10(value)


def dbm_to_watt(value_dbm):
    """Convert a power from dBm to watt.

    Parameters
    ----------
    value_dbm : float or array_like of float
        Power in dBm, any real value.

    Returns
    -------
    numpy.ndarray
        The power in W, float64, same shape as ``value_dbm``.

    Raises
    ------
    TypeError
        If ``value_dbm`` is not real numbers (message names ``value_dbm``).

    Examples
    --------
    >>> from ofdmisac.units import dbm_to_watt
    >>> float(dbm_to_watt(30.0))
    1.0
    """
    return np.power(10.0, _real("value_dbm", value_dbm) / 10.0) * 1e-3


def watt_to_dbm(value_w):
    """Convert a power from watt to dBm.

    Zero watt maps to ``-inf`` dBm.

    Parameters
    ----------
    value_w : float or array_like of float
        Power in W, >= 0.

    Returns
    -------
    numpy.ndarray
        The power in dBm, float64, same shape as ``value_w``.

    Raises
    ------
    TypeError
        If ``value_w`` is not real numbers (message names ``value_w``).
    ValueError
        If ``value_w`` has a negative entry (message names ``value_w``).

    Examples
    --------
    >>> from ofdmisac.units import watt_to_dbm
    >>> float(watt_to_dbm(0.001))
    0.0
    """
    with np.errstate(divide="ignore"):
        return 10.0 * np.log10(_real("value_w", value_w, minimum=0.0) * 1e3)


def per_km2_to_per_m2(density_per_km2):
    """Convert a spatial density from 1/km^2 to 1/m^2.

    Parameters
    ----------
    density_per_km2 : float or array_like of float
        Density in 1/km^2.

    Returns
    -------
    numpy.ndarray
        The density in 1/m^2, float64, same shape as ``density_per_km2``.

    Raises
    ------
    TypeError
        If ``density_per_km2`` is not real numbers (message names ``density_per_km2``).

    Examples
    --------
    >>> from ofdmisac.units import per_km2_to_per_m2
    >>> float(per_km2_to_per_m2(1e6))
    1.0
    """
    return _real("density_per_km2", density_per_km2) * 1e-6


def per_m2_to_per_km2(density_per_m2):
    """Convert a spatial density from 1/m^2 to 1/km^2.

    Parameters
    ----------
    density_per_m2 : float or array_like of float
        Density in 1/m^2.

    Returns
    -------
    numpy.ndarray
        The density in 1/km^2, float64, same shape as ``density_per_m2``.

    Raises
    ------
    TypeError
        If ``density_per_m2`` is not real numbers (message names ``density_per_m2``).

    Examples
    --------
    >>> from ofdmisac.units import per_m2_to_per_km2
    >>> float(per_m2_to_per_km2(1e-4))
    100.0
    """
    return _real("density_per_m2", density_per_m2) * 1e6


def kmh_to_mps(speed_kmh):
    """Convert a speed from km/h to m/s.

    Parameters
    ----------
    speed_kmh : float or array_like of float
        Speed in km/h.

    Returns
    -------
    numpy.ndarray
        The speed in m/s, float64, same shape as ``speed_kmh``.

    Raises
    ------
    TypeError
        If ``speed_kmh`` is not real numbers (message names ``speed_kmh``).

    Examples
    --------
    >>> from ofdmisac.units import kmh_to_mps
    >>> float(kmh_to_mps(36.0))
    10.0
    """
    return _real("speed_kmh", speed_kmh) / 3.6


def mps_to_kmh(speed_mps):
    """Convert a speed from m/s to km/h.

    Parameters
    ----------
    speed_mps : float or array_like of float
        Speed in m/s.

    Returns
    -------
    numpy.ndarray
        The speed in km/h, float64, same shape as ``speed_mps``.

    Raises
    ------
    TypeError
        If ``speed_mps`` is not real numbers (message names ``speed_mps``).

    Examples
    --------
    >>> from ofdmisac.units import mps_to_kmh
    >>> float(mps_to_kmh(10.0))
    36.0
    """
    return _real("speed_mps", speed_mps) * 3.6
