"""Public names re-exported by the subpackage (this area's aggregator)."""

from ._bm_comm import (
    asymptotic_communication_coverage,
    average_sensing_misalignment_probability,
    communication_coverage,
    conventional_misalignment_probability,
    misalignment_probability_q,
    sensing_misalignment_probability,
    sensing_sigma_m,
    timeout_probability,
)
from ._bm_comm_sim import sample_scir_analytic, simulate_communication_coverage

__all__: list[str] = [
    "asymptotic_communication_coverage",
    "average_sensing_misalignment_probability",
    "communication_coverage",
    "conventional_misalignment_probability",
    "misalignment_probability_q",
    "sample_scir_analytic",
    "sensing_misalignment_probability",
    "sensing_sigma_m",
    "simulate_communication_coverage",
    "timeout_probability",
]
