"""Figures for mimo_joint (re-exported by ``ofdmisac.plotting``)."""

__all__: list[str] = []
