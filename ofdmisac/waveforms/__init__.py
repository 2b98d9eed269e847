"""3GPP NR waveforms: numerology, reference sequences, PRS, SSB, the ISAC frame, OFDM."""

from ._api_frame import *  # noqa: F403
from ._api_frame import __all__ as _api_frame_all
from ._api_ofdm import *  # noqa: F403
from ._api_ofdm import __all__ as _api_ofdm_all
from ._api_refsig import *  # noqa: F403
from ._api_refsig import __all__ as _api_refsig_all
from ._numerology import Carrier, numerology_mu

__all__ = ['Carrier', 'numerology_mu', *_api_ofdm_all, *_api_refsig_all, *_api_frame_all]
