"""Shared pieces of the receiver: argument checks, the SS/PBCH block's place in the carrier,
one-symbol DFTs of the block."""

from __future__ import annotations

import numpy as np

from .._validation import check_instance, check_int, fail
from ..waveforms import Carrier

SSB_N_SC, SSB_N_SYM = 240, 4


class _Shown:
    """Stands for a value in a message (shape, dtype, a note) without quotes."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.text

PSS_ROWS = np.arange(56, 183)  # SSB subcarriers of the PSS / SSS (TS 38.211 Table 7.4.3.1-1)


def check_samples(samples, carrier: Carrier) -> np.ndarray:
    """1-D complex samples long enough for one SS/PBCH block."""
    check_instance("carrier", carrier, Carrier)
    x = np.asarray(samples)
    if x.ndim != 1 or not (np.issubdtype(x.dtype, np.complexfloating)
                           or np.issubdtype(x.dtype, np.floating)):
        fail("samples", _Shown(f"<array of shape {x.shape}, dtype {x.dtype}>"),
             "use a 1-D array of complex IQ samples")
    need = SSB_N_SYM * (carrier.n_fft + base_cp(carrier))
    if x.size < need:
        fail("samples", _Shown(f"<{x.size} samples>"), "the recording must hold at least one "
             f"SS/PBCH block ({need} samples at {carrier.sample_rate_hz:g} Hz)")
    if not np.all(np.isfinite(x)):
        fail("samples", _Shown("<array with NaN or inf>"), "use finite samples")
    return x.astype(np.complex128 if x.dtype == np.complex128 else np.complex64, copy=False)


def base_cp(carrier: Carrier) -> int:
    """Cyclic prefix of the symbols of an SS/PBCH block (never a long-CP symbol)."""
    return int(carrier.cp_lengths(0).min())


def ssb_first_row(carrier: Carrier, ssb_first_subcarrier) -> int:
    """First grid row of the SS/PBCH block: the given subcarrier (checked), else centred on
    the carrier as in ``IsacFrameConfig``."""
    if ssb_first_subcarrier is None:
        if carrier.n_rb < 20:
            fail("n_rb", carrier.n_rb, "an SS/PBCH block needs a carrier of at least 20 RB")
        return 12 * ((carrier.n_rb - 20) // 2)
    return check_int("ssb_first_subcarrier", ssb_first_subcarrier, minimum=0,
                     maximum=carrier.n_subcarriers - SSB_N_SC)


def ssb_bins(carrier: Carrier, first_row: int) -> np.ndarray:
    """FFT bin of each of the 240 SSB subcarriers (docs/conventions.md, OFDM modulation)."""
    rows = first_row + np.arange(SSB_N_SC)
    return (rows - carrier.n_subcarriers // 2) % carrier.n_fft


def block_symbols(x: np.ndarray, carrier: Carrier, fft_start: int, first_row: int,
                  symbols=(0, 1, 2, 3)) -> np.ndarray:
    """``[len(symbols), 240]`` unitary DFT of the block's symbols; symbol 0 (the PSS) has its
    DFT window at ``fft_start``, the others follow every ``n_fft + cp`` samples."""
    n_fft = carrier.n_fft
    step = n_fft + base_cp(carrier)
    starts = fft_start + step * np.asarray(symbols)
    if starts.min() < 0 or starts.max() + n_fft > x.size:
        fail("fft_start_sample", fft_start, f"the SS/PBCH block must lie in the {x.size} "
             "samples of the recording")
    idx = starts[:, None] + np.arange(n_fft)[None, :]
    spectra = np.fft.fft(x[idx].astype(np.complex128), axis=-1, norm="ortho")
    return spectra[:, ssb_bins(carrier, first_row)]
