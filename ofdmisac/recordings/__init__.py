"""
Recordings on disk (:mod:`ofdmisac.recordings`)
===============================================

IQ recordings of ofdmisac waveforms (or of a radio) with their sample rate, centre
frequency, annotations of every SS/PBCH block and PRS occasion, and the configuration that
made them: SigMF (``cf32_le``, written and read with the optional ``sigmf`` package, whose
validator checks the metadata) and ``.npz`` with the same metadata.

Every name below is importable from ``ofdmisac.recordings``; the modules under it are
private.

Recordings
----------

.. autosummary::

   Annotation             -- A labelled sample range and band of a recording (SigMF annotation)
   Recording              -- IQ samples with rate, centre frequency, annotations and configuration
   frame_recording        -- Recording of an ISAC frame's waveform, annotations and configuration
   prs_recording          -- Recording of a multi-slot PRS waveform, one annotation per PRS slot
   frame_config_to_dict   -- JSON-ready dict of an ISAC frame configuration (all fields)
   frame_config_from_dict -- Rebuild an ISAC frame configuration from :func:`frame_config_to_dict`
   regenerate_waveform    -- Remake the samples of a recording from its ofdmisac configuration

SigMF
-----

.. autosummary::

   SIGMF_EXTENSION -- Declaration of the ``ofdmisac`` namespace in ``core:extensions``
   sigmf_metadata  -- SigMF metadata (``global``, ``captures``, ``annotations``) of a recording
   write_sigmf     -- Write a recording as a SigMF pair ``NAME.sigmf-meta`` / ``NAME.sigmf-data``
   read_sigmf      -- Read a SigMF recording written by :func:`write_sigmf` (or any ``cf32_le`` one)

npz and either format
---------------------

.. autosummary::

   write_recording_npz -- Write a recording as one ``.npz`` file (samples + SigMF metadata as JSON)
   read_recording_npz  -- Read a recording written by :func:`write_recording_npz`
   write_recording     -- Write a recording as SigMF or ``.npz`` (from ``format`` or the name)
   read_recording      -- Read a SigMF or ``.npz`` recording (chosen from the file name)
"""

from types import ModuleType as _ModuleType

from ._npz import *  # noqa: F403
from ._recording import *  # noqa: F403
from ._sigmf import *  # noqa: F403

__all__ = [_name for _name, _value in list(globals().items())
           if not _name.startswith("_") and not isinstance(_value, _ModuleType)]
