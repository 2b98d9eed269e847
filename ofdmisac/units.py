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
    """Convert a power ratio from decibels to linear scale, ``10**(x/10)``.

    Raises ``TypeError`` (naming ``value_db``) if ``value_db`` is not real numbers.
    """
    return np.power(10.0, _real("value_db", value_db) / 10.0)


def linear_to_db(value):
    """Convert a linear power ratio to decibels, ``10*log10(x)``.

    Zero maps to ``-inf``; negative input raises ``ValueError``, input that is not real
    numbers ``TypeError`` (both naming ``value``).
    """
    value = _real("value", value, minimum=0.0)
    with np.errstate(divide="ignore"):
        return 10.0 * np.log10(value)


def dbm_to_watt(value_dbm):
    """Convert a power from dBm to watt."""
    return np.power(10.0, _real("value_dbm", value_dbm) / 10.0) * 1e-3


def watt_to_dbm(value_w):
    """Convert a power from watt to dBm (negative powers raise ``ValueError``)."""
    with np.errstate(divide="ignore"):
        return 10.0 * np.log10(_real("value_w", value_w, minimum=0.0) * 1e3)


def per_km2_to_per_m2(density_per_km2):
    """Convert a spatial density from 1/km^2 to 1/m^2."""
    return _real("density_per_km2", density_per_km2) * 1e-6


def per_m2_to_per_km2(density_per_m2):
    """Convert a spatial density from 1/m^2 to 1/km^2."""
    return _real("density_per_m2", density_per_m2) * 1e6


def kmh_to_mps(speed_kmh):
    """Convert a speed from km/h to m/s."""
    return _real("speed_kmh", speed_kmh) / 3.6


def mps_to_kmh(speed_mps):
    """Convert a speed from m/s to km/h."""
    return _real("speed_mps", speed_mps) * 3.6
