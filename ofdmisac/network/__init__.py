"""Network models: beam-management coverage, PRS design, overhead and ASE; joint C&S coverage."""

from ._api_bm_comm import *  # noqa: F403
from ._api_bm_comm import __all__ as _api_bm_comm_all
from ._api_bm_design import *  # noqa: F403
from ._api_bm_design import __all__ as _api_bm_design_all
from ._api_bm_sensing import *  # noqa: F403
from ._api_bm_sensing import __all__ as _api_bm_sensing_all
from ._api_joint import *  # noqa: F403
from ._api_joint import __all__ as _api_joint_all

__all__ = [*_api_bm_sensing_all, *_api_bm_comm_all, *_api_bm_design_all, *_api_joint_all]
