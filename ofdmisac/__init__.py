"""ofdmisac: OFDM integrated sensing and communication toolkit.

Subpackages (flat namespaces; each docstring is the map of its API)
-------------------------------------------------------------------
waveforms
    3GPP NR numerology, reference signals (PRS, SSB), the ISAC frame, the sensing grid,
    OFDM.
channel
    Radar targets, echo/clutter/interference synthesis; arrays and MIMO channels.
estimators
    Range-Doppler processing, CFAR, CRLBs, error models; MMSE, GLRT, MRT.
network
    Stochastic-geometry network models of the two source papers.
recordings
    IQ recordings on disk: SigMF and ``.npz`` with annotations and configuration.
receiver
    PSS search, frequency offset, cell search, demodulation, monostatic sensing of
    recordings.

Modules
-------
units
    Physical constants and unit conversions.
io
    Results on disk: JSON, CSV, ``.npz``, text and figures, written atomically.
config
    Experiment configuration of ``ofdmisac run``: TOML format, presets, checks.
sweep
    Parameter sweeps on any ``concurrent.futures.Executor``.
plotting
    Figure functions (imported on first use: it loads matplotlib).
"""

__version__ = "0.1.0"

from . import (  # noqa: E402
    channel,
    config,
    estimators,
    io,
    network,
    receiver,
    recordings,
    sweep,
    units,
    waveforms,
)

__all__ = ["__version__", "channel", "config", "estimators", "io", "network", "plotting",
           "receiver", "recordings", "sweep", "units", "waveforms"]


def __getattr__(name):
    if name == "plotting":  # matplotlib is imported only when figures are asked for
        import importlib

        return importlib.import_module(".plotting", __name__)
    raise AttributeError(f"module 'ofdmisac' has no attribute {name!r}")
