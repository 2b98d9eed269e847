"""Matplotlib figures (DESIGN.md convention 9).

Every function takes results and returns a ``matplotlib.figure.Figure``; nothing
opens a window. Callers save figures with :func:`ofdmisac._io.save_figure`.
The functions live in one private module per area under ``ofdmisac._plots``.
"""

from ._plots.bm_comm import *  # noqa: F403
from ._plots.bm_comm import __all__ as _bm_comm_all
from ._plots.bm_design import *  # noqa: F403
from ._plots.bm_design import __all__ as _bm_design_all
from ._plots.bm_sensing import *  # noqa: F403
from ._plots.bm_sensing import __all__ as _bm_sensing_all
from ._plots.mimo_joint import *  # noqa: F403
from ._plots.mimo_joint import __all__ as _mimo_joint_all
from ._plots.mimo_link import *  # noqa: F403
from ._plots.mimo_link import __all__ as _mimo_link_all
from ._plots.sensing import *  # noqa: F403
from ._plots.sensing import __all__ as _sensing_all
from ._plots.waveforms import *  # noqa: F403
from ._plots.waveforms import __all__ as _waveforms_all

__all__ = [
    *_waveforms_all,
    *_sensing_all,
    *_bm_sensing_all,
    *_bm_comm_all,
    *_bm_design_all,
    *_mimo_link_all,
    *_mimo_joint_all,
]
