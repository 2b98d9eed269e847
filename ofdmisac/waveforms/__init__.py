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

   Carrier       -- An NR carrier: numerology, grid size and sampling (TS 38.211 4.2-4.4, 5.3.1)
   numerology_mu -- Return the numerology index mu of a subcarrier spacing, Delta f = 2**mu * 15 kHz

Sequences
---------

.. autosummary::

   gold_sequence    -- Pseudo-random (Gold) sequence c(n), n = 0 .. length-1
   qpsk_modulate    -- QPSK symbols of bit pairs: d(i) = ((1 - 2 b(2i)) + j (1 - 2 b(2i+1))) / ...
   pss              -- Primary synchronization signal d_PSS(n), n = 0..126
   sss              -- Secondary synchronization signal d_SSS(n), n = 0..126
   pbch_dmrs        -- PBCH demodulation reference signal r(m), m = 0..143
   pbch_dmrs_c_init -- Initialization of the PBCH DM-RS Gold sequence (TS 38.211 7.4.1.4.1)

SS/PBCH block
-------------

.. autosummary::

   SSB_CASE_SCS_KHZ  -- Subcarrier spacing of each SS/PBCH burst case A-G
   SSB_PBCH_BITS     -- Number of PBCH payload bits per SS/PBCH block
   SsbChannel        -- Codes of :func:`ssb_channel_map` (the rows of TS 38.211 Table 7.4.3.1-1)
   ssb_channel_map   -- Channel of every RE of the SS/PBCH block (TS 38.211 Table 7.4.3.1-1)
   ssb_i_bar         -- i_SSB_bar of the PBCH DM-RS (TS 38.211 7.4.1.4.1)
   ssb_grid          -- The SS/PBCH block: PSS, SSS, PBCH DM-RS and PBCH data on its 240 x 4 REs
   ssb_start_symbols -- First OFDM symbol of each candidate SS/PBCH block of a half frame
   ssb_burst_grid    -- Resource grid of one half frame carrying an SS burst

Positioning reference signal
----------------------------

.. autosummary::

   PRSConfig        -- One DL PRS resource within a slot (TS 38.211 7.4.1.7; TS 38.331 ...
   PRS_COMB_SYMBOLS -- Allowed PRS (comb size, number of symbols) pairs
   prs_k_prime      -- Frequency offsets k' of TS 38.211 Table 7.4.1.7.3-1 for symbols l - ...
   prs_c_init       -- Gold-sequence initialization of a PRS symbol (TS 38.211 7.4.1.7.2)
   prs_sequence     -- PRS sequence r(m) = ((1 - 2 c(2m)) + j (1 - 2 c(2m+1))) / sqrt(2), m = ...
   prs_indices      -- Resource elements (k, l) of the PRS in the carrier grid of one slot
   prs_grid         -- The PRS of one slot in the carrier resource grid (zero elsewhere)

[BM] PRS pilot block
--------------------

.. autosummary::

   PilotPattern -- PRS pilot block of [BM] IV-B: ``n_re`` pilots, time-frequency ratio ``delta``

ISAC frame
----------

.. autosummary::

   ReLabel            -- Resource-element label of the ISAC frame (values of the ``uint8`` label ...
   IsacFrameConfig    -- Configuration of the ISAC frame of [BM] Fig
   IsacFrame          -- An ISAC frame: SSB bursts, PRS blocks and data on every resource element
   default_isac_frame -- The default ISAC frame for the paper's mmWave scenario ([BM] Table II)

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
from ._sequences import *  # noqa: F403
from ._ssb import *  # noqa: F403

__all__ = [_name for _name, _value in list(globals().items())
           if not _name.startswith("_") and not isinstance(_value, _ModuleType)]
