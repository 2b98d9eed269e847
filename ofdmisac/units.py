"""Physical constants and unit conversions.

The library works in SI units internally; decibels and per-km^2 densities only
appear at the edges (configuration files, CLI, plots).
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "SPEED_OF_LIGHT_MPS", "BOLTZMANN_J_PER_K", "db_to_linear", "linear_to_db", "dbm_to_watt",
    "watt_to_dbm", "per_km2_to_per_m2", "per_m2_to_per_km2", "kmh_to_mps", "mps_to_kmh"
]

SPEED_OF_LIGHT_MPS = 299_792_458.0
"""Speed of light in vacuum, m/s (exact, SI definition)."""

BOLTZMANN_J_PER_K = 1.380_649e-23
"""Boltzmann constant, J/K (exact, SI definition)."""


def db_to_linear(value_db):
    """Convert a power ratio from decibels to linear scale, ``10**(x/10)``."""
    return np.power(10.0, np.asarray(value_db, dtype=float) / 10.0)


def linear_to_db(value):
    """Convert a linear power ratio to decibels, ``10*log10(x)``.

    Zero maps to ``-inf``; negative input raises ``ValueError``.
    """
    value = np.asarray(value, dtype=float)
    if np.any(value < 0):
        raise ValueError("linear_to_db: power ratios must be >= 0")
    with np.errstate(divide="ignore"):
        return 10.0 * np.log10(value)


def dbm_to_watt(value_dbm):
    """Convert a power from dBm to watt."""
    return db_to_linear(value_dbm) * 1e-3


def watt_to_dbm(value_w):
    """Convert a power from watt to dBm."""
    return linear_to_db(np.asarray(value_w, dtype=float) * 1e3)


def per_km2_to_per_m2(density_per_km2):
    """Convert a spatial density from 1/km^2 to 1/m^2."""
    return np.asarray(density_per_km2, dtype=float) * 1e-6


def per_m2_to_per_km2(density_per_m2):
    """Convert a spatial density from 1/m^2 to 1/km^2."""
    return np.asarray(density_per_m2, dtype=float) * 1e6


def kmh_to_mps(speed_kmh):
    """Convert a speed from km/h to m/s."""
    return np.asarray(speed_kmh, dtype=float) / 3.6


def mps_to_kmh(speed_mps):
    """Convert a speed from m/s to km/h."""
    return np.asarray(speed_mps, dtype=float) * 3.6
