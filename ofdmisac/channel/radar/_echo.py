"""Monostatic OFDM radar echo synthesis on the resource grid."""

from __future__ import annotations

import numpy as np

from ..._random import as_generator
from ...units import SPEED_OF_LIGHT_MPS
from ._targets import Target, sample_rcs

__all__ = ["delay_doppler", "round_trip_path_loss", "symbol_times_s", "synthesize_echo"]


def round_trip_path_loss(range_m, fc_hz, path_loss_exponent=2.0):
    """Round-trip echo path loss ``L(r^2) / (4 pi)`` (linear power gain per m^2 of RCS).

    Implements [BM] eqs. (1)-(2): ``L(r) = (c / (4 pi f_c))^2 r^(-alpha)`` evaluated at
    ``r^2``, divided by ``4 pi``. With ``alpha = 2`` this is the radar equation
    ``lambda^2 / ((4 pi)^3 r^4)`` with unit antenna gains.
    """
    range_m = np.asarray(range_m, dtype=float)
    if np.any(range_m <= 0):
        raise ValueError(f"range_m must be > 0 for the path loss, got {range_m!r}")
    if fc_hz <= 0:
        raise ValueError(f"fc_hz must be > 0, got {fc_hz!r}")
    return (SPEED_OF_LIGHT_MPS / (4 * np.pi * fc_hz)) ** 2 * (range_m**2) ** (
        -path_loss_exponent) / (4 * np.pi)


def symbol_times_s(carrier, n_symbols: int) -> np.ndarray:
    """Start times (CP included) of ``n_symbols`` consecutive symbols from slot 0, ``[n]``."""
    sps = carrier.symbols_per_slot
    n_slots = -(-int(n_symbols) // sps)
    times = np.concatenate([carrier.symbol_start_times_s(s % carrier.slots_per_frame)
                            + (s // carrier.slots_per_frame) * 10e-3 for s in range(n_slots)])
    return times[:n_symbols]


def synthesize_echo(tx_grid, carrier, targets, fc_hz, *, amplitude="path_loss",
                    path_loss_exponent=2.0, tx_gain=1.0, rx_gain=1.0, random_phase=True,
                    fluctuate=True, return_components=False, symbol_times=None,
                    dtype=np.complex64, rng=None):
    """Received radar echo on the grid, frequency-domain model.

    Per target ``p`` with delay ``tau = 2 R / c`` and Doppler ``f_D = 2 v f_c / c``::

        Y[k, l] = sum_p a_p[l] X[k, l] exp(-j 2 pi f_k tau_p) exp(j 2 pi f_D,p t_l)

    with ``f_k`` the baseband subcarrier frequencies of ``carrier`` and ``t_l`` the real symbol
    start times (CP included, :func:`symbol_times_s`). This is exact when the Doppler is small
    against the subcarrier spacing (no ICI) and the delay is within the CP.

    Parameters
    ----------
    tx_grid : array_like
        ``[..., n_subcarriers, n_symbols]`` complex transmit grid.
    carrier : Carrier
        Numerology (subcarrier frequencies and symbol times).
    targets : sequence of Target
        Point targets (an empty sequence returns zeros).
    fc_hz : float
        Carrier frequency.
    amplitude : {"path_loss", "unit"}
        ``"path_loss"``: power ``G_t G_r sigma L_rt(R)`` from [BM] eq. (2) with exponent
        ``path_loss_exponent``; ``"unit"``: power ``sigma`` (RCS only, useful for tests).
    random_phase : bool
        Multiply each target by a uniform random phase (one per target and batch element).
    fluctuate : bool
        Draw the RCS per Swerling case (:func:`sample_rcs`); otherwise use ``rcs_m2``.
    return_components : bool
        Also return the per-target echoes ``[n_targets, ..., n_subcarriers, n_symbols]``.
    symbol_times : array_like, optional
        ``[n_symbols]`` times ``t_l`` (s) at which the Doppler phase is evaluated; default
        :func:`symbol_times_s` (symbol starts, CP included). The centres of the useful parts
        (:func:`useful_symbol_centres_s`) match the time-domain model
        (:func:`synthesize_echo_time`) to first order in the Doppler.
    dtype : numpy dtype
        Output dtype (complex64 by default).
    rng : Generator, seed or None

    Returns
    -------
    numpy.ndarray or (numpy.ndarray, numpy.ndarray)
        Received grid, same shape as ``tx_grid``.

    Raises
    ------
    ValueError
        Wrong grid shape, ``fc_hz <= 0``, unknown ``amplitude``, bad ``symbol_times``.
    TypeError
        A target that is not a :class:`Target`.

    References
    ----------
    [BM] eqs. (1)-(2) (round-trip path loss).
    """
    x = _check_echo_inputs(tx_grid, carrier, targets, fc_hz, amplitude)
    targets = list(targets)
    gen = as_generator(rng)
    n_sc, n_sym = x.shape[-2:]
    f_k = carrier.subcarrier_frequencies_hz()
    t_l = symbol_times_s(carrier, n_sym) if symbol_times is None else np.asarray(
        symbol_times, dtype=float)
    if t_l.shape != (n_sym,):
        raise ValueError(f"symbol_times has shape {t_l.shape}, expected ({n_sym},)")
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
    """Round-trip delay ``2 R / c`` (s) and Doppler shift ``2 v f_c / c`` (Hz) of a target."""
    return (2.0 * target.range_m / SPEED_OF_LIGHT_MPS,
            2.0 * target.velocity_mps * fc_hz / SPEED_OF_LIGHT_MPS)


def _check_echo_inputs(tx_grid, carrier, targets, fc_hz, amplitude) -> np.ndarray:
    """Shared validation of the echo synthesizers; returns ``tx_grid`` as an array."""
    x = np.asarray(tx_grid)
    if x.ndim < 2:
        raise ValueError(f"tx_grid must be [..., n_subcarriers, n_symbols], got shape {x.shape}")
    if x.shape[-2] != carrier.n_subcarriers:
        raise ValueError(f"tx_grid has {x.shape[-2]} subcarriers, carrier has "
                         f"{carrier.n_subcarriers}")
    if not np.isfinite(fc_hz) or fc_hz <= 0:
        raise ValueError(f"fc_hz must be > 0, got {fc_hz!r}")
    if amplitude not in ("path_loss", "unit"):
        raise ValueError(f"amplitude must be 'path_loss' or 'unit', got {amplitude!r}")
    for t in targets:
        if not isinstance(t, Target):
            raise TypeError(f"targets must contain Target instances, got {type(t).__name__}")
    return x


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
        if random_phase:
            amp = amp * np.exp(2j * np.pi * gen.random((*batch, 1)))
        amps[i] = amp
    return amps
