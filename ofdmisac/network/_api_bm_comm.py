"""Public names re-exported by the subpackage (this area's aggregator)."""

from ._bm_comm import (
    conventional_misalignment_probability,
    misalignment_probability_q,
    sensing_misalignment_probability,
    sensing_sigma_m,
    timeout_probability,
)

__all__: list[str] = [
    "conventional_misalignment_probability",
    "misalignment_probability_q",
    "sensing_misalignment_probability",
    "sensing_sigma_m",
    "timeout_probability",
]
