"""
Figures (:mod:`ofdmisac.plotting`)
==================================

Every function takes results and returns a ``matplotlib.figure.Figure``; nothing opens a
window. Save a figure with :func:`ofdmisac.io.save_figure`. Importing this module loads
matplotlib (``import ofdmisac`` does not).

Every name below is importable from ``ofdmisac.plotting``; the modules under
``ofdmisac._plots`` are private.

Waveforms
---------

.. autosummary::

   plot_resource_grid  -- Resource grid coloured by channel: SSB, PRS, data, empty
   plot_grid_magnitude -- Magnitude view ``20 log10 |X|`` of a complex resource grid
   RE_LABEL_COLORS     -- ``{label: (name, colour)}`` of the resource-grid channels

Radar sensing
-------------

.. autosummary::

   plot_range_doppler_map -- Range-Doppler map (dB) with detections (x) and truth (o)
   plot_rmse_vs_scir      -- Measured RMSE vs per-RE SCIR beside root-CRLB and [BM] eq. (15)
   plot_rmse_vs_snr       -- RMSE versus per-RE SNR: range, velocity and outlier panels

[BM] sensing and communication coverage
---------------------------------------

.. autosummary::

   plot_sensing_coverage  -- Sensing coverage versus beam number, one panel per scenario (Fig. 4)
   plot_scir_pdf          -- Analytic SCIR PDF over the Monte Carlo histogram (Fig. 5)
   plot_coverage_vs_beams -- Communication coverage versus beam number, one panel per band (Fig. 7)

[BM] network design
-------------------

.. autosummary::

   plot_misalignment_vs_delta -- ``p_v^s`` versus the time-frequency ratio delta (Fig. 6)
   plot_scheme_curves         -- Curves of several schemes versus the beam number n_B (Figs. 8, 9)
   plot_ase_density_maps      -- Effective ASE over a (lambda_B, lambda_O) grid per scheme (Fig. 10)

[CC] massive-MIMO link and joint coverage
-----------------------------------------

.. autosummary::

   plot_link_panels            -- Panels of link-level trade-off curves (Figs. 2, 6, 7)
   plot_joint_coverage         -- Coverage curves, twin estimates with error bars, and bounds
   plot_joint_coverage_surface -- Joint coverage over two thresholds as a surface
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
