"""Figures for bm_sensing (re-exported by ``ofdmisac.plotting``)."""

__all__: list[str] = []
