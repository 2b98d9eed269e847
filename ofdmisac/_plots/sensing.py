"""Figures for sensing (re-exported by ``ofdmisac.plotting``)."""

__all__: list[str] = []
