"""Figures for mimo_link (re-exported by ``ofdmisac.plotting``)."""

__all__: list[str] = []
