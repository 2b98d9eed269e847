"""Public names re-exported by the subpackage (this area's aggregator)."""

from ._bm_scenario import BeamManagementScenario
from ._geometry import (
    beam_switch_intensity,
    gob_gain,
    kth_nearest_distance_cdf,
    kth_nearest_distance_pdf,
    los_probability,
    nearest_distance_pdf,
    nearest_distances,
    sample_ppp_disk,
)
from ._quadrature import interval_rule, log_interval_rule, semi_infinite_rule, tail_rule

__all__: list[str] = [
    "BeamManagementScenario",
    "beam_switch_intensity",
    "gob_gain",
    "interval_rule",
    "kth_nearest_distance_cdf",
    "kth_nearest_distance_pdf",
    "log_interval_rule",
    "los_probability",
    "nearest_distance_pdf",
    "nearest_distances",
    "sample_ppp_disk",
    "semi_infinite_rule",
    "tail_rule",
]
