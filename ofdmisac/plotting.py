"""
Figures (:mod:`ofdmisac.plotting`)
==================================

Every function takes results and returns a ``matplotlib.figure.Figure``; nothing opens a
window. Save a figure with :func:`ofdmisac.io.save_figure`. The functions live in one
private module per topic under ``ofdmisac._plots``.
"""

from types import ModuleType as _ModuleType

from ._plots.comm_coverage import *  # noqa: F403
from ._plots.joint_coverage import *  # noqa: F403
from ._plots.mimo_link import *  # noqa: F403
from ._plots.network_design import *  # noqa: F403
from ._plots.radar import *  # noqa: F403
from ._plots.sensing_coverage import *  # noqa: F403
from ._plots.waveforms import *  # noqa: F403

__all__ = [_name for _name, _value in list(globals().items())
           if not _name.startswith("_") and not isinstance(_value, _ModuleType)]
