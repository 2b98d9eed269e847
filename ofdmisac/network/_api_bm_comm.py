"""Public names re-exported by the subpackage (this area's aggregator)."""

from ._bm_comm import misalignment_probability_q

__all__: list[str] = ["misalignment_probability_q"]
