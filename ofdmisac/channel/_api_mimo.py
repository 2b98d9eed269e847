"""Public names re-exported by the subpackage (this area's aggregator): ULA and MIMO channels."""

from ._array import steering_vector, steering_vector_derivative
from ._mimo_channel import (
    path_gain,
    rcs_coefficients,
    rician_channels,
    target_channel_matrix,
    target_path_gain,
)

__all__: list[str] = [
    "path_gain",
    "rcs_coefficients",
    "rician_channels",
    "steering_vector",
    "steering_vector_derivative",
    "target_channel_matrix",
    "target_path_gain",
]
