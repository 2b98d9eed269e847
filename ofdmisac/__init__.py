"""ofdmisac: OFDM integrated sensing and communication toolkit.

Subpackages
-----------
waveforms
    3GPP NR numerology, reference signals (PRS, SSB), the ISAC frame, OFDM.
channel
    Radar targets, echo/clutter/interference synthesis; arrays and MIMO channels.
estimators
    Range-Doppler processing, CFAR, CRLBs, error models; MMSE, GLRT, MRT.
network
    Stochastic-geometry network models of the two source papers.
"""

__version__ = "0.1.0"

from . import channel, estimators, network, units, waveforms  # noqa: E402

__all__ = ["__version__", "channel", "estimators", "network", "units", "waveforms"]
