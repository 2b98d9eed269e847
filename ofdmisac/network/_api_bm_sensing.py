"""Public names re-exported by the subpackage (this area's aggregator)."""

from ._bm_scenario import BeamManagementScenario

__all__: list[str] = ["BeamManagementScenario"]
