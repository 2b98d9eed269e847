"""Plain reference of the tuned CP-OFDM kernels, used only by tests.

Mirrors ``ofdmisac/waveforms/_ofdm.py`` (:func:`ofdmisac.waveforms.ofdm_modulate` and
:func:`ofdmisac.waveforms.ofdm_demodulate`), written from the definitions of
``docs/conventions.md`` (TS 38.211 5.3.1 with ``k0 = 0``) with one ``np.fft`` call per OFDM
symbol: grid row ``k`` goes to FFT bin ``(k - n_sc/2) mod n_fft``, each symbol is the unitary
inverse DFT (``norm="ortho"``) of its column preceded by its cyclic prefix (its last
``N_CP,l`` samples), with the CP lengths ``Carrier.cp_lengths(s)`` of each slot ``s`` covered
by the grid. No caching, workspaces, views or chunking; always complex128.
"""

from __future__ import annotations

import numpy as np

from ._numerology import Carrier

__all__ = ["ofdm_demodulate_reference", "ofdm_modulate_reference"]


def _symbol_cp_lengths(carrier: Carrier, slot: int, n_slots: int) -> np.ndarray:
    """CP length of every symbol of ``n_slots`` consecutive slots starting at ``slot``."""
    return np.concatenate([carrier.cp_lengths(slot + s) for s in range(n_slots)])


def _grid_bins(carrier: Carrier) -> np.ndarray:
    """FFT bin ``(k - n_sc/2) mod n_fft`` of every grid row ``k``, ``[n_sc]`` int."""
    n_sc = carrier.n_subcarriers
    return (np.arange(n_sc) - n_sc // 2) % carrier.n_fft


def ofdm_modulate_reference(grid, carrier: Carrier, *, slot: int = 0) -> np.ndarray:
    """CP-OFDM modulate a resource grid, symbol by symbol (reference of ``ofdm_modulate``).

    Parameters
    ----------
    grid : array_like, complex or real, shape ``(..., n_sc, n_symbols)``
        ``n_sc = carrier.n_subcarriers``; ``n_symbols`` a positive multiple of
        ``carrier.symbols_per_slot``: consecutive slots starting at ``slot``. Leading
        dimensions are batch dimensions.
    carrier : Carrier
        Numerology, FFT size and cyclic prefixes.
    slot : int
        Index of the first slot (places the long CP of every 0.5 ms).

    Returns
    -------
    numpy.ndarray, complex128, shape ``(..., n_samples)``
        ``n_samples = sum_s carrier.samples_per_slot(slot + s)``. Symbol ``l`` is
        ``x_l[n] = n_fft**-0.5 sum_k X[k, l] exp(2j pi (k - n_sc/2) n / n_fft)`` for
        ``-N_CP,l <= n < n_fft``; symbols follow each other without gaps.

    Raises
    ------
    ValueError
        Grid shape not ``(..., n_sc, multiple of symbols_per_slot)``.
    """
    grid = np.asarray(grid, dtype=np.complex128)
    n_sc, n_fft = carrier.n_subcarriers, carrier.n_fft
    n_per_slot = carrier.symbols_per_slot
    if grid.ndim < 2 or grid.shape[-2] != n_sc or grid.shape[-1] == 0 \
            or grid.shape[-1] % n_per_slot:
        raise ValueError(f"grid shape {grid.shape} is not (..., {n_sc}, k * {n_per_slot})")
    cps = _symbol_cp_lengths(carrier, slot, grid.shape[-1] // n_per_slot)
    bins = _grid_bins(carrier)
    symbols = []
    for l, cp in enumerate(cps):
        spectrum = np.zeros(grid.shape[:-2] + (n_fft,), dtype=np.complex128)
        spectrum[..., bins] = grid[..., :, l]
        useful = np.fft.ifft(spectrum, axis=-1, norm="ortho")  # n = 0 .. n_fft - 1
        symbols.append(np.concatenate([useful[..., n_fft - cp:], useful], axis=-1))
    return np.concatenate(symbols, axis=-1)


def ofdm_demodulate_reference(waveform, carrier: Carrier, *, slot: int = 0) -> np.ndarray:
    """CP-OFDM demodulate a waveform, symbol by symbol (reference of ``ofdm_demodulate``).

    Parameters
    ----------
    waveform : array_like, complex or real, shape ``(..., n_samples)``
        ``n_samples`` the length of a whole number of consecutive slots starting at ``slot``.
    carrier : Carrier
        Numerology, FFT size and cyclic prefixes.
    slot : int
        Index of the first slot.

    Returns
    -------
    numpy.ndarray, complex128, shape ``(..., n_sc, n_symbols)``
        ``Y[k, l] = n_fft**-0.5 sum_n y_l[n] exp(-2j pi (k - n_sc/2) n / n_fft)``, with
        ``y_l[n]`` (``0 <= n < n_fft``) the samples of symbol ``l`` after its CP.

    Raises
    ------
    ValueError
        ``n_samples`` is not the length of a whole number of slots starting at ``slot``.
    """
    waveform = np.asarray(waveform, dtype=np.complex128)
    n_samples, n_fft = waveform.shape[-1], carrier.n_fft
    n_slots, total = 0, 0
    while total < n_samples:
        total += carrier.samples_per_slot(slot + n_slots)
        n_slots += 1
    if total != n_samples or n_slots == 0:
        raise ValueError(f"waveform length {n_samples} is not a whole number of slots "
                         f"starting at slot={slot}")
    bins = _grid_bins(carrier)
    columns, start = [], 0
    for cp in _symbol_cp_lengths(carrier, slot, n_slots):
        useful = waveform[..., start + cp:start + cp + n_fft]  # the CP is dropped
        columns.append(np.fft.fft(useful, axis=-1, norm="ortho")[..., bins])
        start += cp + n_fft
    return np.stack(columns, axis=-1)
