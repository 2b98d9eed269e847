"""Figures for waveforms (re-exported by ``ofdmisac.plotting``)."""

__all__: list[str] = []
