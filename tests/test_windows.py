"""Tests of ofdmisac/_windows.py: windows and their gains."""

import pytest

from ofdmisac.estimators import (
    get_window,
    window_gains,
)


def test_window_bad_inputs():
    with pytest.raises(ValueError, match="n=0 is not allowed; use a positive integer window"):
        get_window("hann", 0)


def test_window_gains():
    g = window_gains(get_window("rect", 64))
    assert g["coherent_gain"] == 1.0 and g["processing_loss_db"] == pytest.approx(0.0)
    # Hann: coherent gain ~0.5, processing loss ~1.76 dB for long windows
    g = window_gains(get_window("hann", 4097))
    assert g["coherent_gain"] == pytest.approx(0.5, abs=1e-3)
    assert g["processing_loss_db"] == pytest.approx(1.76, abs=0.01)
    for name in ("hamming", "blackmanharris", "chebyshev"):
        assert window_gains(get_window(name, 33))["processing_loss_db"] > 0

