"""Point radar targets and Swerling RCS fluctuation models."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import special

from ..._random import as_generator
from ..._validation import (
    check_array,
    check_bytes,
    check_instance,
    check_int,
    check_real,
    check_shape,
    fail,
)

__all__ = ["Target", "sample_rcs", "swerling_detection_probability"]


@dataclass(frozen=True, kw_only=True)
class Target:
    """A point target seen by a monostatic radar.

    Parameters
    ----------
    range_m : float
        One-way range, >= 0. Beyond the unambiguous range is allowed (it aliases).
    velocity_mps : float
        Radial velocity, positive when approaching (positive Doppler shift).
    rcs_m2 : float
        Mean radar cross section sigma, > 0.
    swerling : int
        Swerling case 0 (non-fluctuating) to 4.
    angle_rad : float
        Azimuth (informative; the echo model is single-antenna).

    Raises
    ------
    ValueError
        If a value is not finite, ``range_m < 0``, ``rcs_m2 <= 0`` or ``swerling`` is not
        one of 0 to 4.

    Examples
    --------
    >>> from ofdmisac.channel import Target
    >>> t = Target(range_m=120.0, velocity_mps=-5.0, swerling=0)
    >>> t.range_m, t.rcs_m2
    (120.0, 1.0)
    """

    range_m: float
    velocity_mps: float
    rcs_m2: float = 1.0
    swerling: int = 1
    angle_rad: float = 0.0

    def __post_init__(self):
        for name, low, strict in (("range_m", 0.0, False), ("velocity_mps", None, False),
                                  ("rcs_m2", 0.0, True), ("angle_rad", None, False)):
            object.__setattr__(self, name, check_real(name, getattr(self, name), minimum=low,
                                                      strict_min=strict))
        if (isinstance(self.swerling, bool) or not isinstance(self.swerling, (int, np.integer))
                or self.swerling not in (0, 1, 2, 3, 4)):
            fail("swerling", self.swerling, "choose one of 0, 1, 2, 3, 4")


def sample_rcs(target: Target, n_symbols: int, size=(), rng=None) -> np.ndarray:
    """Draw RCS realizations of one target per its Swerling case.

    Swerling 0: constant ``rcs_m2``. I / III: one draw per coherent processing interval
    (repeated over symbols), exponential (I) or chi-square with 4 degrees of freedom scaled to
    mean ``rcs_m2`` (III). II / IV: the same laws drawn independently per OFDM symbol
    (pulse-to-pulse fluctuation, the OFDM symbol being the pulse).
    The mean is ``rcs_m2`` in every case; the echo amplitude is ``sqrt`` of the RCS times a
    uniform random phase, applied by the echo synthesis: one phase per interval for 0, I and
    III, an independent phase per symbol for II and IV (so a Swerling II amplitude is an
    independent complex Gaussian per symbol, the textbook model, and only a fraction ``1/M``
    of the power of ``M`` symbols adds coherently, docs/conventions.md).

    Parameters
    ----------
    target : Target
        The target (its ``rcs_m2`` and ``swerling`` are used).
    n_symbols : int
        Number of OFDM symbols of the processing interval, >= 1.
    size : int or tuple of int, default ()
        Batch shape put in front of the symbol axis.
    rng : numpy.random.Generator, int, SeedSequence or None
        Random source (None: fresh entropy).

    Returns
    -------
    numpy.ndarray
        RCS in m^2, shape ``(*size, n_symbols)``, float64.

    Raises
    ------
    TypeError
        If ``target`` is not a :class:`Target`, ``n_symbols`` is not an integer or ``size``
        not an integer or tuple of integers.
    ValueError
        If ``n_symbols < 1``, an entry of ``size`` is negative, or the draws would exceed
        the memory budget (``OFDMISAC_MAX_BYTES``).

    Examples
    --------
    >>> from ofdmisac.channel import Target, sample_rcs
    >>> s = sample_rcs(Target(range_m=50.0, velocity_mps=0.0), 4, size=3, rng=1)
    >>> s.shape, bool((s[:, 0] == s[:, 3]).all())
    ((3, 4), True)
    """
    check_instance("target", target, Target)
    n_symbols = check_int("n_symbols", n_symbols, minimum=1)
    size = check_shape("size", size)
    full = (*size, n_symbols)
    check_bytes("n_symbols" if n_symbols > max(size, default=1) else "size",
                n_symbols if n_symbols > max(size, default=1) else size,
                8.0 * math.prod(full), advice="draw fewer symbols or a smaller batch per call")
    gen = as_generator(rng)
    if target.swerling == 0:
        return np.full(full, float(target.rcs_m2))
    per_symbol = target.swerling in (2, 4)
    draw_shape = full if per_symbol else (*size, 1)
    if target.swerling in (1, 2):
        draws = gen.exponential(target.rcs_m2, size=draw_shape)
    else:
        draws = gen.gamma(2.0, target.rcs_m2 / 2.0, size=draw_shape)
    return np.broadcast_to(draws, full).copy()


def swerling_detection_probability(pfa, snr, swerling, n_integrated=1):
    """Detection probability of a square-law detector, closed form.

    Swerling 0 (steady target, single pulse): ``Q_1(sqrt(2 snr), sqrt(-2 ln pfa))``
    (Marcum Q); with ``n_integrated > 1`` non-coherently integrated pulses the generalized
    Marcum ``Q_N`` with the threshold set for a Gamma(N) noise sum. Swerling I with
    non-coherent integration of N pulses (closed form of Swerling / Skolnik):
    ``N = 1: P_D = pfa ** (1 / (1 + snr))``.

    Parameters
    ----------
    pfa : array_like
        False-alarm probability in (0, 1).
    snr : array_like
        Mean per-pulse SNR (linear, >= 0).
    swerling : int
        0 or 1.
    n_integrated : int
        Number of non-coherently integrated cells/pulses, >= 1 (default 1).

    Returns
    -------
    numpy.ndarray
        float64, broadcast of ``pfa`` and ``snr``.

    Raises
    ------
    TypeError
        If ``pfa`` or ``snr`` is not numeric, or ``n_integrated`` is not an integer.
    ValueError
        If ``pfa`` is outside (0, 1), ``snr`` is negative or not finite, ``n_integrated``
        is < 1 or ``swerling`` is not 0 or 1.

    Examples
    --------
    >>> from ofdmisac.channel import swerling_detection_probability
    >>> round(float(swerling_detection_probability(1e-4, 100.0, 1)), 4)
    0.9128
    """
    pfa = check_array("pfa", pfa, minimum=0.0, maximum=1.0, strict_min=True, strict_max=True,
                      requirement="use probabilities in (0, 1)")
    snr = check_array("snr", snr, minimum=0.0)
    n = check_int("n_integrated", n_integrated, minimum=1)
    if isinstance(swerling, bool) or swerling not in (0, 1):
        fail("swerling", swerling, "choose 0 or 1 (the closed forms)")
    # threshold on the sum of n unit-mean exponential noise powers
    thr = special.gammainccinv(n, pfa)
    if swerling == 0:
        # sum of |s + w|^2 with total noncentrality 2 n snr in units of noise/2
        from scipy import stats  # 0.6 s to import: only where it is needed

        return stats.ncx2.sf(2.0 * thr, 2 * n, 2.0 * n * snr)
    if swerling == 1:
        if n == 1:
            return pfa ** (1.0 / (1.0 + snr))
        # Swerling I, N pulses (one fluctuation per scan)
        a = 1.0 + 1.0 / (n * snr)
        term = (a ** (n - 1)) * np.exp(-thr / (1.0 + n * snr)) * special.gammainc(
            n - 1, thr / (1.0 + 1.0 / (n * snr)))
        return special.gammaincc(n - 1, thr) + term
    raise AssertionError("unreachable")  # pragma: no cover
