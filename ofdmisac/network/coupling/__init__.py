"""Topic folder of :mod:`ofdmisac.network` (coupling); its modules are private:
import their names from ``ofdmisac.network``."""
