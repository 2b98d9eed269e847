"""Topic folder of :mod:`ofdmisac.network` (beam management); its modules are private:
import their names from ``ofdmisac.network``."""
