"""Radar processing (range-Doppler, CFAR, detection, CRLB, error statistics); private topic
folder: import from ofdmisac.estimators."""
