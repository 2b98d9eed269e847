"""Monostatic radar echo synthesized in the time domain on the CP-OFDM waveform.

This is the reference against which the frequency-domain model of
:func:`~ofdmisac.channel.synthesize_echo` (one phase rotation per resource element) is
validated: it delays the continuous-time CP-OFDM signal by an arbitrary (fractional) delay,
applies a continuous Doppler rotation sample by sample, and demodulates. It therefore
contains inter-carrier interference (ICI) from the Doppler and inter-symbol interference
(ISI) when the delay exceeds the cyclic prefix, which the frequency-domain model ignores.
"""

from __future__ import annotations

import numpy as np

from ..._random import as_generator
from ...waveforms import ofdm_demodulate, ofdm_modulate
from ._echo import _check_echo_inputs, _target_amplitudes, delay_doppler

__all__ = ["ici_power", "synthesize_echo_time", "useful_symbol_centres_s"]


def _symbol_layout(carrier, n_symbols: int):
    """Start sample (CP included) and useful-part start of each symbol from slot 0, int64."""
    sps = carrier.symbols_per_slot
    n_slots = int(n_symbols) // sps
    starts = np.concatenate([carrier.slot_start_sample(s) + carrier.symbol_start_samples(s)
                             for s in range(n_slots)])
    cps = np.concatenate([carrier.cp_lengths(s) for s in range(n_slots)])
    return starts.astype(np.int64), (starts + cps).astype(np.int64)


def useful_symbol_centres_s(carrier, n_symbols: int) -> np.ndarray:
    """Mid-points of the DFT windows of ``n_symbols`` symbols from slot 0, ``[n_symbols]`` s.

    The centre of symbol ``l`` is ``(u_l + (n_fft - 1) / 2) / f_s`` with ``u_l`` the first
    sample after its cyclic prefix. Evaluating the Doppler phase of the frequency-domain echo
    model at these times matches the time-domain model up to ICI and the common amplitude
    loss ``|D_N(eps)|`` (see :func:`ici_power`).

    Raises
    ------
    ValueError
        ``n_symbols`` not a positive multiple of ``carrier.symbols_per_slot``.
    """
    _check_n_symbols(carrier, n_symbols)
    _, useful = _symbol_layout(carrier, n_symbols)
    return (useful + (carrier.n_fft - 1) / 2.0) / carrier.sample_rate_hz


def _check_n_symbols(carrier, n_symbols) -> None:
    sps = carrier.symbols_per_slot
    if not isinstance(n_symbols, (int, np.integer)) or n_symbols < 1 or n_symbols % sps:
        raise ValueError(f"n_symbols={n_symbols!r} is not allowed for the time-domain model; "
                         f"use a positive multiple of symbols_per_slot={sps}")


def ici_power(normalized_doppler, n_fft: int, n_subcarriers: int | None = None):
    """Mean ICI power per RE relative to the echo power, and the common-phase gain.

    For a Doppler shift ``eps = f_D / scs`` (subcarriers), the DFT of one CP-OFDM symbol maps
    subcarrier ``m`` to ``k`` with the Dirichlet weight
    ``D_N(x) = (1/N) sum_n exp(j 2 pi x n / N)``, ``x = m - k + eps``. With independent
    unit-power symbols on ``n_subcarriers`` contiguous subcarriers the ICI power at ``k`` is
    ``sum_{m != k} |D_N(m - k + eps)|^2``; this function returns its average over ``k``, and
    ``|D_N(eps)|^2`` (the power kept on the right subcarrier). For small ``eps`` and a full
    band the ICI power is ``(pi eps)^2 / 3`` (Russell and Stuber's approximation).

    Parameters
    ----------
    normalized_doppler : float or array_like
        ``eps = f_D / scs``.
    n_fft : int
        DFT size.
    n_subcarriers : int, optional
        Occupied contiguous subcarriers (default ``n_fft``).

    Returns
    -------
    ici, kept : numpy.ndarray
        float64, shape of ``normalized_doppler``.
    """
    eps = np.asarray(normalized_doppler, dtype=float)
    n_sc = int(n_fft if n_subcarriers is None else n_subcarriers)
    if not 1 <= n_sc <= n_fft:
        raise ValueError(f"n_subcarriers={n_subcarriers!r} must lie in 1..n_fft={n_fft}")

    def dirichlet2(x):
        num = np.sin(np.pi * x) ** 2
        den = (n_fft * np.sin(np.pi * x / n_fft)) ** 2
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(np.abs(den) > 1e-300, num / np.where(den == 0, 1, den), 1.0)

    q = np.arange(-(n_sc - 1), n_sc)  # m - k
    mult = n_sc - np.abs(q)  # number of (m, k) pairs at that offset
    kept = dirichlet2(eps)
    d2 = dirichlet2(eps[..., None] + q)
    total = np.sum(mult * d2, axis=-1) / n_sc
    return total - kept, kept


def synthesize_echo_time(tx_grid, carrier, targets, fc_hz, *, amplitude="path_loss",
                         path_loss_exponent=2.0, tx_gain=1.0, rx_gain=1.0, random_phase=True,
                         fluctuate=True, return_waveform=False, dtype=np.complex64, rng=None):
    """Received radar echo synthesized on the CP-OFDM waveform, then demodulated.

    The transmit grid is CP-OFDM modulated (:func:`~ofdmisac.waveforms.ofdm_modulate`,
    slot 0 first). For each target with delay ``tau = 2 R / c`` and Doppler
    ``f_D = 2 v f_c / c`` the received samples are ::

        r[m] = sum_p a_p s(m / f_s - tau_p) exp(j 2 pi f_D,p m / f_s)

    with ``s(t)`` the continuous-time CP-OFDM signal (rectangular symbols): the sample
    ``m`` takes the symbol ``q`` whose span contains ``m / f_s - tau`` and evaluates its
    periodic (band-limited) continuation exactly, so any fractional delay is exact and a
    delay longer than the cyclic prefix produces ISI. Before the first transmitted sample the
    signal is zero. The Doppler rotation is continuous over the samples (ICI); the baseband
    time scaling ``(1 - 2 v / c)`` is neglected. Amplitudes (path loss, Swerling RCS of the
    source symbol, random phase) are drawn exactly as in
    :func:`~ofdmisac.channel.synthesize_echo`, so one seed gives the same draws in both.

    Parameters
    ----------
    tx_grid : array_like
        ``[..., n_subcarriers, n_symbols]``; ``n_symbols`` a multiple of
        ``carrier.symbols_per_slot``.
    carrier : Carrier
    targets : sequence of Target
    fc_hz : float
    amplitude, path_loss_exponent, tx_gain, rx_gain, random_phase, fluctuate
        As in :func:`~ofdmisac.channel.synthesize_echo`.
    return_waveform : bool
        Also return the received waveform ``[..., n_samples]``.
    dtype : {complex64, complex128}
    rng : Generator, seed or None

    Returns
    -------
    numpy.ndarray or (numpy.ndarray, numpy.ndarray)
        Demodulated grid ``[..., n_subcarriers, n_symbols]`` of ``dtype`` (and the waveform).

    Raises
    ------
    ValueError
        Wrong grid shape or symbol count, ``fc_hz <= 0``, unknown ``amplitude``.
    TypeError
        A target that is not a :class:`Target`.

    References
    ----------
    [BM] eqs. (1)-(2) (round-trip path loss); TS 38.211 5.3.1 (CP-OFDM).

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.waveforms import Carrier
    >>> from ofdmisac.channel import Target
    >>> c = Carrier(scs_khz=120, n_rb=8)
    >>> x = np.ones((96, 14), dtype=np.complex64)
    >>> y = synthesize_echo_time(x, c, [Target(range_m=10.0, velocity_mps=0.0)], 28e9,
    ...                          amplitude="unit", random_phase=False, fluctuate=False)
    >>> y.shape
    (96, 14)
    """
    x = _check_echo_inputs(tx_grid, carrier, targets, fc_hz, amplitude)
    targets = list(targets)
    n_sym = x.shape[-1]
    _check_n_symbols(carrier, n_sym)
    dtype = np.dtype(dtype)
    if dtype not in (np.complex64, np.complex128):
        raise ValueError(f"dtype={dtype} is not allowed; choose complex64 or complex128")
    gen = as_generator(rng)
    batch = x.shape[:-2]
    amps = _target_amplitudes(targets, batch, n_sym, fc_hz, amplitude=amplitude,
                              path_loss_exponent=path_loss_exponent, tx_gain=tx_gain,
                              rx_gain=rx_gain, random_phase=random_phase, fluctuate=fluctuate,
                              gen=gen)
    fs = carrier.sample_rate_hz
    n_fft = carrier.n_fft
    starts, useful = _symbol_layout(carrier, n_sym)
    if not targets:
        n_samples = carrier.slot_start_sample(n_sym // carrier.symbols_per_slot)
        wave = np.zeros((*batch, n_samples), dtype=dtype)
        grid = ofdm_demodulate(wave, carrier).astype(dtype, copy=False)
        return (grid, wave) if return_waveform else grid
    dd = np.array([delay_doppler(t, fc_hz) for t in targets])
    tau, f_d = dd[:, 0], dd[:, 1]
    f_k = carrier.subcarrier_frequencies_hz()
    # every symbol delayed by tau (periodic continuation): one modulation for all targets
    rot = np.exp(-2j * np.pi * tau[:, None] * f_k[None, :])  # [n_t, n_sc]
    rot = rot.reshape((len(targets),) + (1,) * len(batch) + (x.shape[-2], 1))
    waves = ofdm_modulate((x[None] * rot).astype(dtype), carrier, dtype=dtype)
    n_samples = waves.shape[-1]
    m = np.arange(n_samples)
    src = m[None, :] - tau[:, None] * fs  # source time in samples [n_t, n_samples]
    q = np.searchsorted(starts, src, side="right") - 1
    valid = q >= 0
    qc = np.maximum(q, 0)
    idx = useful[qc] + np.mod(m[None, :] - useful[qc], n_fft)
    expand = (len(targets),) + (1,) * len(batch) + (n_samples,)
    r = np.take_along_axis(waves, idx.reshape(expand), axis=-1)
    a = np.take_along_axis(amps, qc.reshape(expand), axis=-1) * valid.reshape(expand)
    doppler = np.exp(2j * np.pi * f_d[:, None] * (m[None, :] / fs)).reshape(expand)
    wave = np.sum(r * a * doppler, axis=0).astype(dtype)
    grid = ofdm_demodulate(wave, carrier).astype(dtype, copy=False)
    return (grid, wave) if return_waveform else grid
