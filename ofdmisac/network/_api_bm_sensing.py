"""Public names re-exported by the subpackage (this area's aggregator)."""

from ._bm_scenario import BeamManagementScenario
from ._bm_sensing import (
    SWEEPABLE_FIELDS,
    scir_pdf,
    sensing_coverage,
    sensing_coverage_conditional,
    sensing_coverage_corollary1,
    sensing_coverage_corollary1_expansion,
)
from ._bm_sensing_sim import SensingCoverageSimulation, simulate_sensing_coverage
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
    "SWEEPABLE_FIELDS",
    "SensingCoverageSimulation",
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
    "scir_pdf",
    "semi_infinite_rule",
    "sensing_coverage",
    "sensing_coverage_conditional",
    "sensing_coverage_corollary1",
    "sensing_coverage_corollary1_expansion",
    "simulate_sensing_coverage",
    "tail_rule",
]
