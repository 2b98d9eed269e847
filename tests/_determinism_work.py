"""Workload of ``tests/test_determinism.py``: a small FFT-based sweep point (importable by
name, so that spawn pools and Dask workers can unpickle it; the test puts this folder on
``sys.path``, which spawned children inherit)."""

import hashlib

import numpy as np

from ofdmisac import _fft
from ofdmisac.estimators import range_doppler_map
from ofdmisac.waveforms import Carrier, SensingGrid, ofdm_demodulate, ofdm_modulate


def digest(a) -> str:
    a = np.ascontiguousarray(a)
    return f"{a.dtype}{a.shape}:" + hashlib.sha256(a.tobytes()).hexdigest()[:20]


def fft_point(n_rb, scs_khz, pad, rng):
    """OFDM modulation of a random QPSK grid (2 slots), a delayed and Doppler-shifted echo
    with noise, demodulation, a windowed range-Doppler map (zero-padded to ``pad`` times the
    grid, mixed-radix sizes) and the public 1-D/2-D transforms in both precisions; returns
    the SHA-256 digests of every FFT output (bitwise comparison) and a few numbers."""
    carrier = Carrier(scs_khz=scs_khz, n_rb=n_rb)
    n_sc, n_sym = carrier.n_subcarriers, 2 * carrier.symbols_per_slot
    qpsk = (rng.integers(0, 2, (2, n_sc, n_sym)) * 2 - 1
            + 1j * (rng.integers(0, 2, (2, n_sc, n_sym)) * 2 - 1)) / np.sqrt(2)
    grid = qpsk.astype(np.complex64)
    x = ofdm_modulate(grid, carrier)
    k = np.arange(n_sc)[:, None]
    l = np.arange(n_sym)[None, :]
    echo = grid * (np.exp(-2j * np.pi * k * 0.137) * np.exp(2j * np.pi * l * 0.061))
    noise = rng.standard_normal(echo.shape) + 1j * rng.standard_normal(echo.shape)
    rx_wave = ofdm_modulate((echo + 0.1 * noise).astype(np.complex64), carrier)
    rx = ofdm_demodulate(rx_wave, carrier)
    sensing = SensingGrid.from_carrier(carrier, fc_hz=28e9, n_symbols=n_sym,
                                       window_range="hann", window_doppler="hamming",
                                       n_range=pad * n_sc, n_doppler=pad * n_sym)
    rd = range_doppler_map(rx, grid, sensing)
    y = rng.standard_normal((6, 90)) + 1j * rng.standard_normal((6, 90))
    outputs = {
        "modulated": x, "demodulated": rx, "map": rd.power,
        "fft128": _fft.fft(y), "ifftn64": _fft.ifftn(y.astype(np.complex64), s=(12, 100)),
    }
    return {"digests": {name: digest(v) for name, v in outputs.items()},
            "peak": float(rd.power.max()), "threads": _fft.get_threads(),
            "effort": _fft.get_planner_effort()}
