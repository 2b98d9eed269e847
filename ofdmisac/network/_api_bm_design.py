"""Public names re-exported by the subpackage (this area's aggregator): PRS design,
overhead and effective ASE of [BM] Sections IV-B and IV-C."""

from ._overhead import (
    DistributedPilots,
    EffectiveAse,
    Overhead,
    conventional_overhead,
    distributed_overhead,
    distributed_pilot_design,
    effective_ase,
    ergodic_rate,
    handover_probability,
    isac_overhead,
    rate_rule,
    simulate_handover_probability,
)
from ._prs_design import (
    PrsDesign,
    misalignment_vs_delta,
    optimal_pilot_pattern,
    optimal_spacings,
    pattern_error_model,
    sensing_error_variance,
    simulate_misalignment_vs_delta,
)

__all__: list[str] = [
    "DistributedPilots",
    "EffectiveAse",
    "Overhead",
    "conventional_overhead",
    "distributed_overhead",
    "distributed_pilot_design",
    "effective_ase",
    "ergodic_rate",
    "handover_probability",
    "isac_overhead",
    "rate_rule",
    "simulate_handover_probability",
    "PrsDesign",
    "misalignment_vs_delta",
    "optimal_pilot_pattern",
    "optimal_spacings",
    "pattern_error_model",
    "sensing_error_variance",
    "simulate_misalignment_vs_delta",
]
