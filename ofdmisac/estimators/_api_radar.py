"""Public names re-exported by the subpackage (this area's aggregator)."""

from ._cfar import ca_cfar_alpha, cfar_2d, os_cfar_alpha, os_cfar_pfa
from ._crlb_radar import crlb_range_velocity, crlb_range_velocity_full_grid
from ._detection import Detection, detect_targets
from ._error_statistics import ErrorStatistics, measure_error_statistics, newton_refine
from ._range_doppler import (
    RangeDopplerFactor,
    RangeDopplerMap,
    range_doppler_factor,
    range_doppler_map,
    range_resolution_m,
    unambiguous_range_m,
    unambiguous_velocity_mps,
    velocity_resolution_mps,
)
from ._windows import WINDOW_NAMES, get_window, window_gains

__all__ = [
    "WINDOW_NAMES",
    "Detection",
    "ErrorStatistics",
    "measure_error_statistics",
    "detect_targets",
    "RangeDopplerFactor",
    "RangeDopplerMap",
    "range_doppler_factor",
    "ca_cfar_alpha",
    "cfar_2d",
    "crlb_range_velocity",
    "crlb_range_velocity_full_grid",
    "get_window",
    "newton_refine",
    "os_cfar_alpha",
    "os_cfar_pfa",
    "range_doppler_map",
    "range_resolution_m",
    "unambiguous_range_m",
    "unambiguous_velocity_mps",
    "velocity_resolution_mps",
    "window_gains",
]
