"""Public names re-exported by the subpackage (this area's aggregator)."""

__all__: list[str] = []
