"""Topic folder of :mod:`ofdmisac.channel` (radar); its modules are private:
import their names from ``ofdmisac.channel``."""
