"""Public names re-exported by the subpackage: the ISAC frame of [BM] Fig. 2."""

from ._frame import SSB_CASE_SCS_KHZ, IsacFrame, IsacFrameConfig, ReLabel, default_isac_frame

__all__: list[str] = [
    "ReLabel",
    "IsacFrameConfig",
    "IsacFrame",
    "default_isac_frame",
    "SSB_CASE_SCS_KHZ",
]
