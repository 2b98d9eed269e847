"""Topic folder of :mod:`ofdmisac.estimators` (radar); its modules are private:
import their names from ``ofdmisac.estimators``."""
