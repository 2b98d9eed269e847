"""Public names re-exported by the subpackage (this area's aggregator)."""

from ._ofdm import ofdm_demodulate, ofdm_modulate
from ._pilot_pattern import PilotPattern

__all__: list[str] = [
    "ofdm_modulate",
    "ofdm_demodulate",
    "PilotPattern",
]
