"""Channels: radar targets, echoes, clutter and interference; arrays and MIMO channels."""

from ._api_mimo import *  # noqa: F403
from ._api_mimo import __all__ as _api_mimo_all
from ._api_radar import *  # noqa: F403
from ._api_radar import __all__ as _api_radar_all

__all__ = [*_api_radar_all, *_api_mimo_all]
