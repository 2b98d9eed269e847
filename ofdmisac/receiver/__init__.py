"""
Receiver for recorded IQ (:mod:`ofdmisac.receiver`)
===================================================

Synchronisation, cell search and demodulation of a recording of an NR / ISAC waveform
(samples at the carrier's sample rate, e.g. read with :mod:`ofdmisac.recordings`), and
range-Doppler processing of a monostatic echo recording. Each step is one function with a
result object holding its estimates and quality metrics::

    pss = pss_search(x, carrier, integer_offsets=range(-2, 3))   # timing, N_ID^(2)
    cfo = estimate_cfo(x, carrier, pss)                          # fractional + integer
    y = correct_cfo(x, cfo.cfo_hz, sample_rate_hz=carrier.sample_rate_hz)
    sss = detect_sss(y, carrier, pss)                            # cell ID
    dmrs = detect_pbch_dmrs(y, carrier, pss, sss, l_max=8)       # i_SSB, frame, fine CFO
    y = correct_cfo(y, dmrs.residual_cfo_hz, sample_rate_hz=carrier.sample_rate_hz)
    grid = demodulate_grid(y, carrier, frame_start_sample=dmrs.frame_start_sample, n_slots=4)

Every name below is importable from ``ofdmisac.receiver``; the modules under it are
private.

PSS search
----------

.. autosummary::

   PssDetection  -- Result of :func:`pss_search`: timing, N_ID^(2), frequency shift, quality
   pss_threshold -- Threshold of the normalised PSS correlation for a false-alarm probability
   pss_reference -- Time-domain PSS of N_ID^(2) at its place in the carrier (useful part)
   pss_search    -- Search a recording for the PSS: timing, N_ID^(2), integer frequency shift

Frequency offset
----------------

.. autosummary::

   CfoEstimate  -- Result of :func:`estimate_cfo`: the carrier frequency offset and its quality
   estimate_cfo -- Estimate the carrier frequency offset at a detected PSS
   correct_cfo  -- Remove a carrier frequency offset from samples

Cell search
-----------

.. autosummary::

   SssDetection      -- Result of :func:`detect_sss`: cell ID, fine frequency offset and timing
   detect_sss        -- Detect the SSS of a synchronised SS/PBCH block: the cell ID
   PbchDmrsDetection -- Result of :func:`detect_pbch_dmrs`: block index, half frame and frame timing
   detect_pbch_dmrs  -- Detect the PBCH DM-RS of a synchronised block: i_SSB and half frame

Demodulation
------------

.. autosummary::

   DemodulatedGrid -- Result of :func:`demodulate_grid`: the resource grid of a span of slots
   demodulate_grid -- CP-OFDM demodulate slots of a synchronised recording

Monostatic sensing
------------------

.. autosummary::

   EchoSensing -- Result of :func:`sense_echo`: the range-Doppler map and the detected targets
   sense_echo  -- Range-Doppler map of the demodulated PRS of an echo and its CFAR detections
"""

from types import ModuleType as _ModuleType

from ._cell_search import *  # noqa: F403
from ._demodulation import *  # noqa: F403
from ._frequency_offset import *  # noqa: F403
from ._monostatic import *  # noqa: F403
from ._pss_search import *  # noqa: F403

__all__ = [_name for _name, _value in list(globals().items())
           if not _name.startswith("_") and not isinstance(_value, _ModuleType)]
