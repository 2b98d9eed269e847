"""Estimators: range-Doppler processing, CFAR, CRLBs, error models; MMSE, GLRT, MRT."""

from ._api_mimo import *  # noqa: F403
from ._api_mimo import __all__ as _api_mimo_all
from ._api_radar import *  # noqa: F403
from ._api_radar import __all__ as _api_radar_all
from .error_models import *  # noqa: F403
from .error_models import __all__ as _error_models_all

__all__ = [*_error_models_all, *_api_radar_all, *_api_mimo_all]
