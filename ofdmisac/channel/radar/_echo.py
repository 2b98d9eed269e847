"""Monostatic OFDM radar echo synthesis on the resource grid of a sensing grid."""

from __future__ import annotations

import numpy as np

from ..._random import as_generator
from ..._validation import (
    check_array,
    check_bytes,
    check_choice,
    check_complex_array,
    check_dtype,
    check_instance,
    check_real,
    fail,
)
from ...units import SPEED_OF_LIGHT_MPS
from ...waveforms import SensingGrid
from ._targets import Target, sample_rcs

__all__ = ["delay_doppler", "round_trip_path_loss", "synthesize_echo"]


def round_trip_path_loss(range_m, fc_hz, path_loss_exponent=2.0):
    """Round-trip echo path loss, a linear power gain per m^2 of RCS.

    ``L_rt(r) = L(r^2) / (4 pi)`` with the one-way loss ``L(r) = (c / (4 pi f_c))^2
    r^(-alpha)`` evaluated at ``r^2``. With ``alpha = 2`` this is the radar equation
    ``lambda^2 / ((4 pi)^3 r^4)`` with unit antenna gains.

    Parameters
    ----------
    range_m : float or array_like of float
        Target range ``r`` in m, > 0.
    fc_hz : float
        Carrier frequency ``f_c`` in Hz, > 0.
    path_loss_exponent : float, default 2.0
        Exponent ``alpha`` of the one-way loss (2 = free space).

    Returns
    -------
    numpy.ndarray
        ``L_rt(r)`` in 1/m^2, float64, same shape as ``range_m``.

    Raises
    ------
    ValueError
        If a range is <= 0 or ``fc_hz`` <= 0.

    References
    ----------
    [BM] eq. (1)
    [BM] eq. (2)

    Examples
    --------
    >>> from ofdmisac.channel import round_trip_path_loss
    >>> f"{float(round_trip_path_loss(100.0, 28e9)):.3e}"
    '5.777e-16'
    """
    range_m = check_array("range_m", range_m, minimum=0.0, strict_min=True)
    fc_hz = check_real("fc_hz", fc_hz, minimum=0.0, strict_min=True)
    path_loss_exponent = check_real("path_loss_exponent", path_loss_exponent, minimum=0.0)
    return (SPEED_OF_LIGHT_MPS / (4 * np.pi * fc_hz)) ** 2 * (range_m**2) ** (
        -path_loss_exponent) / (4 * np.pi)


def synthesize_echo(tx_grid, sensing: SensingGrid, targets, *, amplitude="path_loss",
                    path_loss_exponent=2.0, tx_gain=1.0, rx_gain=1.0, random_phase=True,
                    fluctuate=True, return_components=False, dtype=np.complex64, rng=None):
    """Received radar echo on the grid, frequency-domain model.

    Per target ``p`` with delay ``tau = 2 R / c`` and Doppler ``f_D = 2 v f_c / c``::

        Y[k, l] = sum_p a_p[l] X[k, l] exp(-j 2 pi f_k tau_p) exp(j 2 pi f_D,p t_l)

    with ``f_k`` the baseband subcarrier frequencies of ``sensing`` (its carrier's) and ``t_l =
    sensing.symbol_times_s`` (the NR symbol start times, CP included, for a grid built by
    :meth:`~ofdmisac.waveforms.SensingGrid.from_carrier`). This is exact when the Doppler is
    small against the subcarrier spacing (no ICI) and the delay is within the CP. Replace the
    times (``sensing.replace(symbol_times_s=...)``, e.g. the centres of the useful parts
    :func:`useful_symbol_centres_s`) to match the time-domain model
    (:func:`synthesize_echo_time`) to first order in the Doppler.

    Parameters
    ----------
    tx_grid : array_like, shape (..., n_subcarriers, n_symbols), complex
        Transmit grid (``sensing.shape`` last).
    sensing : SensingGrid
        Carrier frequency, subcarrier frequencies and symbol times.
    targets : sequence of Target
        Point targets (an empty sequence returns zeros).
    amplitude : {"path_loss", "unit"}
        ``"path_loss"``: power ``G_t G_r sigma L_rt(R)`` ([BM] eq. (4), ``L_rt`` of [BM]
        eq. (2)) with exponent ``path_loss_exponent``; ``"unit"``: power ``sigma`` (RCS
        only, useful for tests).
    path_loss_exponent : float, default 2.0
        Exponent ``alpha`` of :func:`round_trip_path_loss` (used with ``"path_loss"``).
    tx_gain, rx_gain : float, default 1.0
        Linear transmit and receive antenna gains ``G_t``, ``G_r`` (used with
        ``"path_loss"``).
    random_phase : bool
        Multiply each target by a uniform random phase (one per target and batch element).
    fluctuate : bool
        Draw the RCS per Swerling case (:func:`sample_rcs`); otherwise use ``rcs_m2``.
        Swerling II and IV fluctuate pulse to pulse (here: symbol to symbol): with
        ``fluctuate`` each symbol also gets an independent uniform phase (Swerling II: an
        independent complex Gaussian amplitude per symbol), whatever ``random_phase``.
    return_components : bool
        Also return the per-target echoes ``[n_targets, ..., n_subcarriers, n_symbols]``.
    dtype : {complex64, complex128} or None
        Output dtype (complex64 by default); None: the complex result type of ``tx_grid``
        (complex64 for a complex64 or float32 grid, complex128 otherwise). A real or integer
        dtype is refused (it would drop the imaginary part).
    rng : numpy.random.Generator, int, SeedSequence or None
        Random source of the RCS draws and phases (None: fresh entropy).

    Returns
    -------
    numpy.ndarray or (numpy.ndarray, numpy.ndarray)
        Received grid, same shape as ``tx_grid``; with ``return_components`` also the
        per-target echoes.

    Raises
    ------
    ValueError
        A grid that does not match ``sensing`` or with a non-finite element, an unknown
        ``amplitude``, a real or integer ``dtype``, a negative or non-finite
        ``path_loss_exponent``, ``tx_gain`` or ``rx_gain``, a request above the memory
        budget (``OFDMISAC_MAX_BYTES``, docs/conventions.md).
    TypeError
        ``sensing`` is not a :class:`~ofdmisac.waveforms.SensingGrid`, a target that is not a
        :class:`Target`.

    References
    ----------
    [BM] eq. (2)
    [BM] eq. (4)

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.channel import Target, synthesize_echo
    >>> from ofdmisac.waveforms import SensingGrid
    >>> g = SensingGrid(fc_hz=28e9, scs_hz=120e3, symbol_duration_s=8.92e-6,
    ...                 pilot_mask=np.ones((16, 8), bool))
    >>> t = Target(range_m=50.0, velocity_mps=0.0)
    >>> y = synthesize_echo(np.ones(g.shape), g, [t], amplitude="unit", fluctuate=False, rng=0)
    >>> y.shape, round(float(abs(y[0, 0])), 3)
    ((16, 8), 1.0)
    """
    x, targets, dtype = _check_echo_inputs(tx_grid, sensing, targets, amplitude, dtype,
                                           path_loss_exponent, tx_gain, rx_gain)
    check_bytes("tx_grid", tx_grid, (len(targets) + 1) * x.size * dtype.itemsize,
                advice="synthesize fewer targets or a smaller batch per call")
    gen = as_generator(rng)
    fc_hz = sensing.fc_hz
    n_sym = x.shape[-1]
    f_k = sensing.subcarrier_frequencies_hz()
    t_l = sensing.symbol_times_s
    amps = _target_amplitudes(targets, x.shape[:-2], n_sym, fc_hz, amplitude=amplitude,
                              path_loss_exponent=path_loss_exponent, tx_gain=tx_gain,
                              rx_gain=rx_gain, random_phase=random_phase, fluctuate=fluctuate,
                              gen=gen)
    comps = np.zeros((len(targets), *x.shape), dtype=dtype)
    for i, t in enumerate(targets):
        tau, f_d = delay_doppler(t, fc_hz)
        steer = np.exp(-2j * np.pi * f_k * tau)[:, None] * np.exp(2j * np.pi * f_d * t_l)[None]
        comps[i] = x * steer * amps[i][..., None, :]
    y = comps.sum(axis=0).astype(dtype)
    return (y, comps) if return_components else y


def delay_doppler(target: Target, fc_hz: float) -> tuple[float, float]:
    """Round-trip delay and Doppler shift of a point target.

    ``tau = 2 R / c`` and ``f_D = 2 v f_c / c`` (positive for an approaching target with
    ``velocity_mps > 0``, docs/conventions.md).

    Parameters
    ----------
    target : Target
        Point target (its ``range_m`` and ``velocity_mps`` are used).
    fc_hz : float
        Carrier frequency in Hz.

    Returns
    -------
    tau_s : float
        Round-trip delay in s.
    doppler_hz : float
        Doppler shift in Hz.

    Raises
    ------
    TypeError
        If ``target`` is not a :class:`Target`.
    ValueError
        If ``fc_hz`` is not a finite number > 0.

    Examples
    --------
    >>> from ofdmisac.channel import Target, delay_doppler
    >>> tau, f_d = delay_doppler(Target(range_m=150.0, velocity_mps=10.0), 28e9)
    >>> round(tau * 1e6, 3), round(f_d, 1)
    (1.001, 1868.0)
    """
    check_instance("target", target, Target)
    fc_hz = check_real("fc_hz", fc_hz, minimum=0.0, strict_min=True)
    return (2.0 * target.range_m / SPEED_OF_LIGHT_MPS,
            2.0 * target.velocity_mps * fc_hz / SPEED_OF_LIGHT_MPS)


def _check_echo_inputs(tx_grid, sensing, targets, amplitude, dtype, path_loss_exponent,
                       tx_gain, rx_gain):
    """Shared validation of the echo synthesizers; returns ``(tx_grid as an array, targets
    as a list, output dtype)``. ``dtype=None`` is the complex result type of the grid."""
    check_instance("sensing", sensing, SensingGrid)
    x = check_complex_array("tx_grid", tx_grid)
    if x.ndim < 2 or x.shape[-2:] != sensing.shape:
        fail("tx_grid", tx_grid, f"use a grid of shape [..., {sensing.n_subcarriers}, "
             f"{sensing.n_symbols}] as the sensing grid (got shape {x.shape})")
    check_choice("amplitude", amplitude, ("path_loss", "unit"))
    if isinstance(targets, (str, bytes, Target)) or not hasattr(targets, "__iter__"):
        fail("targets", targets, "use a sequence of Target", TypeError)
    targets = list(targets)
    for t in targets:
        check_instance("targets", t, Target, "sequence of Target")
    dtype = (np.result_type(x.dtype, np.complex64) if dtype is None
             else check_dtype("dtype", dtype))
    check_real("path_loss_exponent", path_loss_exponent, minimum=0.0)
    check_real("tx_gain", tx_gain, minimum=0.0)
    check_real("rx_gain", rx_gain, minimum=0.0)
    return x, targets, np.dtype(dtype)


def _target_amplitudes(targets, batch, n_sym, fc_hz, *, amplitude, path_loss_exponent,
                       tx_gain, rx_gain, random_phase, fluctuate, gen) -> np.ndarray:
    """Complex per-symbol amplitudes ``[n_targets, *batch, n_sym]`` (complex128).

    Draw order (RCS then phase, target by target) is shared by both synthesizers, so the
    same seed gives the same amplitudes in the frequency- and time-domain models.
    """
    amps = np.empty((len(targets), *batch, n_sym), dtype=complex)
    for i, t in enumerate(targets):
        if fluctuate:
            gain = sample_rcs(t, n_sym, size=batch, rng=gen)
        else:
            gain = np.full((*batch, n_sym), t.rcs_m2)
        if amplitude == "path_loss":
            if t.range_m <= 0:
                raise ValueError(f"a target at range_m={t.range_m!r} has an infinite echo "
                                 "power with amplitude='path_loss'; use range_m > 0 or "
                                 "amplitude='unit'")
            gain = gain * tx_gain * rx_gain * round_trip_path_loss(
                t.range_m, fc_hz, path_loss_exponent)
        amp = np.sqrt(gain).astype(complex)
        if fluctuate and t.swerling in (2, 4):
            # pulse-to-pulse (textbook) Swerling II / IV: an independent phase per symbol, so
            # the amplitude of a Swerling II target is complex Gaussian per symbol
            amp = amp * np.exp(2j * np.pi * gen.random((*batch, n_sym)))
        elif random_phase:
            amp = amp * np.exp(2j * np.pi * gen.random((*batch, 1)))
        amps[i] = amp
    return amps
