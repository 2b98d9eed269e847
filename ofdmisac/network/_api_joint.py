"""Public names re-exported by the subpackage (this area's aggregator): [CC] joint coverage."""

from ._joint_coverage import (
    JointCoverageScenario,
    downlink_bounds_given_uplink_detection,
    downlink_coverage_bounds,
    downlink_joint_coverage,
    ergodic_enhancement_ratio,
    ergodic_interference_ratio,
    interference_ratio_alpha2_given_target,
    remark4_printed_bounds,
    uplink_detection_coverage,
    uplink_joint_coverage,
    uplink_nmse_coverage,
    uplink_nmse_floor,
)
from ._joint_distances import (
    distance_ratio_cdf,
    distance_ratio_pdf,
    mean_kth_nearest_distance,
    sample_distance_ratio,
)
from ._joint_twins import (
    CoverageEstimate,
    downlink_coverage_geometry_twin,
    downlink_coverage_link_twin,
    downlink_coverage_measured_twin,
    sample_pair_geometry,
    uplink_coverage_geometry_twin,
    uplink_coverage_measured_twin,
)

__all__: list[str] = [
    "CoverageEstimate",
    "JointCoverageScenario",
    "distance_ratio_cdf",
    "distance_ratio_pdf",
    "downlink_bounds_given_uplink_detection",
    "downlink_coverage_bounds",
    "downlink_coverage_geometry_twin",
    "downlink_coverage_link_twin",
    "downlink_coverage_measured_twin",
    "downlink_joint_coverage",
    "ergodic_enhancement_ratio",
    "ergodic_interference_ratio",
    "interference_ratio_alpha2_given_target",
    "mean_kth_nearest_distance",
    "remark4_printed_bounds",
    "sample_distance_ratio",
    "sample_pair_geometry",
    "uplink_coverage_geometry_twin",
    "uplink_coverage_measured_twin",
    "uplink_detection_coverage",
    "uplink_joint_coverage",
    "uplink_nmse_coverage",
    "uplink_nmse_floor",
]
