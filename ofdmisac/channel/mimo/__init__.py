"""Topic folder of :mod:`ofdmisac.channel` (mimo); its modules are private:
import their names from ``ofdmisac.channel``."""
