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
from ..._validation import check_array, check_bytes, check_instance, check_int, fail
from ...waveforms import SensingGrid, ofdm_demodulate, ofdm_modulate
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


def useful_symbol_centres_s(sensing: SensingGrid) -> np.ndarray:
    """Mid-points in s of the DFT windows of a sensing grid's symbols.

    Times are counted from the start of slot 0.

    The centre of symbol ``l`` is ``(u_l + (n_fft - 1) / 2) / f_s`` with ``u_l`` the first
    sample after its cyclic prefix. Evaluating the Doppler phase of the frequency-domain echo
    model at these times matches the time-domain model up to ICI and the common real gain
    ``sin(pi eps) / (N sin(pi eps / N))`` (``N = n_fft``, ``eps`` the Doppler in subcarrier
    spacings; signed: negative for ``1 < |eps| < 2``; its square is the kept power of
    :func:`ici_power`):
    ``sensing.replace(symbol_times_s=useful_symbol_centres_s(sensing))``.

    Parameters
    ----------
    sensing : SensingGrid
        A grid on a carrier (``sensing.carrier``) with a whole number of slots.

    Returns
    -------
    numpy.ndarray
        float64, shape ``(sensing.n_symbols,)``.

    Raises
    ------
    ValueError
        A grid without a carrier, or whose ``n_symbols`` is not a multiple of
        ``carrier.symbols_per_slot``.
    TypeError
        ``sensing`` is not a :class:`~ofdmisac.waveforms.SensingGrid`.

    Examples
    --------
    >>> from ofdmisac.channel import useful_symbol_centres_s
    >>> from ofdmisac.waveforms import Carrier, SensingGrid
    >>> g = SensingGrid.from_carrier(Carrier(scs_khz=120, n_rb=8), fc_hz=28e9, n_symbols=14)
    >>> t = useful_symbol_centres_s(g)
    >>> t.shape, round(float(t[1] - t[0]) * 1e6, 3)
    ((14,), 8.919)
    """
    carrier = _carrier_of(sensing)
    _, useful = _symbol_layout(carrier, sensing.n_symbols)
    return (useful + (carrier.n_fft - 1) / 2.0) / carrier.sample_rate_hz


def _carrier_of(sensing):
    """The carrier of a sensing grid that the time-domain model can use (whole slots)."""
    check_instance("sensing", sensing, SensingGrid)
    carrier = sensing.carrier
    if carrier is None:
        fail("sensing", "SensingGrid(carrier=None)", "use a grid on a carrier "
             "(SensingGrid.from_carrier): the time-domain model needs its CP layout")
    sps = carrier.symbols_per_slot
    if sensing.n_symbols % sps:
        fail("sensing.n_symbols", sensing.n_symbols, "use a multiple of "
             f"symbols_per_slot={sps} for the time-domain model")
    return carrier


def ici_power(normalized_doppler, n_fft: int, n_subcarriers: int | None = None):
    """Mean Doppler ICI power per RE and the power kept on each subcarrier.

    For a Doppler shift ``eps = f_D / scs`` (subcarriers), the DFT of one CP-OFDM symbol maps
    subcarrier ``m`` to ``k`` with the Dirichlet weight
    ``D_N(x) = (1/N) sum_n exp(j 2 pi x n / N)``, ``x = m - k + eps``. With independent
    unit-power symbols on ``n_subcarriers`` contiguous subcarriers the ICI power at ``k`` is
    ``sum_{m != k} |D_N(m - k + eps)|^2``; this function returns its average over ``k``, and
    ``|D_N(eps)|^2`` (the power kept on the right subcarrier). For small ``eps`` and a full
    band the ICI power is ``(pi eps)^2 / 3`` (Russell and Stuber's approximation).

    Parameters
    ----------
    normalized_doppler : float or array_like of float
        ``eps = f_D / scs`` (Doppler shift in subcarrier spacings).
    n_fft : int
        DFT size.
    n_subcarriers : int, optional
        Occupied contiguous subcarriers, ``1 <= n_subcarriers <= n_fft`` (default
        ``n_fft``: a full band).

    Returns
    -------
    ici : numpy.ndarray
        Mean ICI power per RE relative to the echo power, float64, shape of
        ``normalized_doppler``.
    kept : numpy.ndarray
        ``|D_N(eps)|^2``, the power kept on the right subcarrier, same shape.

    Raises
    ------
    TypeError
        If ``n_fft`` or ``n_subcarriers`` is not an integer, or ``normalized_doppler`` is not
        numeric.
    ValueError
        If ``normalized_doppler`` is not finite, ``n_fft < 1``, ``n_subcarriers`` is outside
        ``1..n_fft``, or the evaluation would exceed the memory budget
        (``OFDMISAC_MAX_BYTES``).

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.channel import ici_power
    >>> ici, kept = ici_power(0.01, 256)
    >>> round(float(ici), 6), round(float((np.pi * 0.01) ** 2 / 3), 6)
    (0.000329, 0.000329)
    """
    eps = check_array("normalized_doppler", normalized_doppler)
    n_fft = check_int("n_fft", n_fft, minimum=1)
    n_sc = check_int("n_subcarriers", n_fft if n_subcarriers is None else n_subcarriers,
                     minimum=1, maximum=n_fft)
    check_bytes("n_subcarriers" if n_subcarriers is not None else "n_fft",
                n_sc, 3 * 8 * max(eps.size, 1) * (2 * n_sc - 1),
                advice="evaluate fewer Doppler values per call")

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


def synthesize_echo_time(tx_grid, sensing: SensingGrid, targets, *, amplitude="path_loss",
                         path_loss_exponent=2.0, tx_gain=1.0, rx_gain=1.0, random_phase=True,
                         fluctuate=True, return_waveform=False, dtype=np.complex64, rng=None):
    """Received radar echo synthesized on the CP-OFDM waveform.

    The echo waveform is then demodulated to a grid.

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
        ``[..., n_subcarriers, n_symbols]`` (``sensing.shape`` last).
    sensing : SensingGrid
        A grid on a carrier (its CP layout from slot 0, sample rate, subcarrier frequencies)
        with a whole number of slots; supplies ``fc_hz``.
    targets : sequence of Target
        Point targets (an empty sequence returns zeros).
    amplitude, path_loss_exponent, tx_gain, rx_gain, random_phase, fluctuate
        As in :func:`~ofdmisac.channel.synthesize_echo`.
    return_waveform : bool
        Also return the received waveform ``[..., n_samples]``.
    dtype : {complex64, complex128} or None
        Output dtype (complex64 by default); None: the complex result type of ``tx_grid``.
    rng : numpy.random.Generator, int, SeedSequence or None
        Random source of the RCS draws and phases (None: fresh entropy).

    Returns
    -------
    numpy.ndarray or (numpy.ndarray, numpy.ndarray)
        Demodulated grid ``[..., n_subcarriers, n_symbols]`` of ``dtype`` (and the waveform).

    Raises
    ------
    ValueError
        A grid that does not match ``sensing`` or with a non-finite element, a sensing grid
        without a carrier or with a partial slot, an unknown ``amplitude`` or ``dtype``, a
        negative or non-finite ``path_loss_exponent``, ``tx_gain`` or ``rx_gain``, a request
        above the memory budget (``OFDMISAC_MAX_BYTES``).
    TypeError
        ``sensing`` is not a :class:`~ofdmisac.waveforms.SensingGrid`, a target that is not a
        :class:`Target`.

    References
    ----------
    [BM] eq. (2)
    [BM] eq. (4)
    TS 38.211 5.3.1 (CP-OFDM).

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.waveforms import Carrier, SensingGrid
    >>> from ofdmisac.channel import Target
    >>> g = SensingGrid.from_carrier(Carrier(scs_khz=120, n_rb=8), fc_hz=28e9, n_symbols=14)
    >>> x = np.ones((96, 14), dtype=np.complex64)
    >>> y = synthesize_echo_time(x, g, [Target(range_m=10.0, velocity_mps=0.0)],
    ...                          amplitude="unit", random_phase=False, fluctuate=False)
    >>> y.shape
    (96, 14)
    """
    x, targets, dtype = _check_echo_inputs(tx_grid, sensing, targets, amplitude, dtype,
                                           path_loss_exponent, tx_gain, rx_gain)
    carrier = _carrier_of(sensing)
    fc_hz = sensing.fc_hz
    n_sym = x.shape[-1]
    n_wave = x.size // x.shape[-2] // n_sym * carrier.slot_start_sample(
        n_sym // carrier.symbols_per_slot)
    check_bytes("tx_grid", tx_grid, 6 * max(len(targets), 1) * n_wave * 16,
                advice="synthesize fewer targets or a smaller batch per call")
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
