"""Figures for bm_comm (re-exported by ``ofdmisac.plotting``)."""

__all__: list[str] = []
