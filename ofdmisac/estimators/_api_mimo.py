"""Public names re-exported by the subpackage (this area's aggregator): [CC] link level."""

from ._marcum import log_marcum_q1, marcum_q1, marcum_q1_inverse_a, marcum_q1_inverse_b
from ._mimo_uplink import (
    MimoUplink,
    UplinkSimulation,
    glrt_detection_probability,
    glrt_detection_probability_paper,
    glrt_false_alarm_probability,
    glrt_statistic,
    mmse_channel_estimate,
    pilot_sequences,
    project_pilots,
    received_pilot_matrix,
    simulate_uplink,
    uplink_nmse,
)

__all__: list[str] = [
    "MimoUplink",
    "UplinkSimulation",
    "glrt_detection_probability",
    "glrt_detection_probability_paper",
    "glrt_false_alarm_probability",
    "glrt_statistic",
    "log_marcum_q1",
    "marcum_q1",
    "marcum_q1_inverse_a",
    "marcum_q1_inverse_b",
    "mmse_channel_estimate",
    "pilot_sequences",
    "project_pilots",
    "received_pilot_matrix",
    "simulate_uplink",
    "uplink_nmse",
]
