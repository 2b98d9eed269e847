"""
NR waveforms (:mod:`ofdmisac.waveforms`)
========================================

3GPP NR numerology, reference sequences, PRS, SSB, the [BM] pilot block and ISAC
frame, the sensing grid, and CP-OFDM modulation.

Every name below is importable from ``ofdmisac.waveforms``; the modules under it
are private.

Numerology
----------

.. autosummary::

   Carrier       -- An NR carrier: numerology, grid size and sampling
   numerology_mu -- Return the numerology index mu of an NR subcarrier spacing

Sequences
---------

.. autosummary::

   gold_sequence    -- Pseudo-random (Gold) sequence of NR
   qpsk_modulate    -- QPSK symbols of bit pairs
   pss              -- Primary synchronization signal (PSS) of a cell
   sss              -- Secondary synchronization signal (SSS) of a cell
   pbch_dmrs        -- PBCH demodulation reference signal (DM-RS) of an SS/PBCH block
   pbch_dmrs_c_init -- Initialization of the PBCH DM-RS Gold sequence (TS 38.211 7.4.1.4.1)

SS/PBCH block
-------------

.. autosummary::

   SSB_CASE_SCS_KHZ  -- Subcarrier spacing of each SS/PBCH burst case A-G
   SSB_PBCH_BITS     -- Number of PBCH payload bits per SS/PBCH block
   SsbChannel        -- Channel codes of :func:`ssb_channel_map`
   ssb_channel_map   -- Channel of every RE of the SS/PBCH block (TS 38.211 Table 7.4.3.1-1)
   ssb_i_bar         -- i_SSB_bar of the PBCH DM-RS (TS 38.211 7.4.1.4.1)
   ssb_grid          -- The SS/PBCH block: PSS, SSS, PBCH DM-RS and PBCH data
   ssb_start_symbols -- First OFDM symbol of each candidate SS/PBCH block of a half frame
   ssb_burst_grid    -- Resource grid of one half frame carrying an SS burst

Positioning reference signal
----------------------------

.. autosummary::

   PRSConfig        -- One NR downlink PRS resource within a slot
   PRS_COMB_SYMBOLS -- Allowed PRS (comb size, number of symbols) pairs
   prs_k_prime      -- Frequency offsets k' of the PRS symbols (TS 38.211 Table 7.4.1.7.3-1)
   prs_c_init       -- Gold-sequence initialization of a PRS symbol (TS 38.211 7.4.1.7.2)
   prs_sequence     -- QPSK PRS sequence of one or more OFDM symbols
   prs_indices      -- Resource elements (k, l) of the PRS in the carrier grid of one slot
   prs_grid         -- The PRS of one slot in the carrier resource grid (zero elsewhere)
   prs_occasion_slots  -- Slots of the PRS occasions given periodicity, offset and repetition
   prs_multi_slot_grid -- The PRS resource over several slots and frames in one carrier grid

[BM] PRS pilot block
--------------------

.. autosummary::

   PilotPattern -- PRS pilot block of [BM] section IV-B split between time and frequency

ISAC frame
----------

.. autosummary::

   ReLabel            -- Resource-element label of the ISAC frame
   IsacFrameConfig    -- Configuration of an ISAC frame: SSB bursts, PRS blocks and data
   IsacFrame          -- An ISAC frame: SSB bursts, PRS blocks and data on every RE
   default_isac_frame -- The default ISAC frame of the paper's mmWave scenario

Sensing grid
------------

.. autosummary::

   SensingGrid -- Numerology, pilot REs and processing window of a radar measurement

Frame and PRS waveforms
-----------------------

.. autosummary::

   WaveformOccasion -- One SS/PBCH block or PRS occasion of a waveform: samples and band
   frame_occasions  -- SS/PBCH blocks and PRS occasions of an ISAC frame's waveform, in time order
   prs_waveform     -- CP-OFDM waveform of a PRS resource over several slots

OFDM
----

.. autosummary::

   ofdm_modulate   -- CP-OFDM modulate a resource grid (TS 38.211 5.3.1, unitary IDFT)
   ofdm_demodulate -- CP-OFDM demodulate a waveform back to a resource grid (unitary DFT)
"""

from types import ModuleType as _ModuleType

from ._frame import *  # noqa: F403
from ._numerology import *  # noqa: F403
from ._ofdm import *  # noqa: F403
from ._pilot_pattern import *  # noqa: F403
from ._prs import *  # noqa: F403
from ._sensing_grid import *  # noqa: F403
from ._sequences import *  # noqa: F403
from ._ssb import *  # noqa: F403
from ._waveform import *  # noqa: F403

__all__ = [_name for _name, _value in list(globals().items())
           if not _name.startswith("_") and not isinstance(_value, _ModuleType)]
