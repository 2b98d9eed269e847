"""Topic folder of :mod:`ofdmisac.estimators` (mimo); its modules are private:
import their names from ``ofdmisac.estimators``."""
