"""Public names re-exported by the subpackage (this area's aggregator)."""

from ._joint_distances import distance_ratio_cdf

__all__: list[str] = ["distance_ratio_cdf"]
