"""
Channels (:mod:`ofdmisac.channel`)
==================================

Radar targets with Swerling RCS, echo, clutter and interference synthesis on the
resource grid; uniform linear arrays and Rician massive-MIMO channels.

Every name below is importable from ``ofdmisac.channel``; the modules under it
are private.

Radar targets
-------------

.. autosummary::

   Target                         -- A point target seen by a monostatic radar
   sample_rcs                     -- Draw RCS realizations of one target per its Swerling case
   swerling_detection_probability -- Detection probability of a square-law detector, closed form

Radar echoes
------------

.. autosummary::

   delay_doppler        -- Round-trip delay and Doppler shift of a point target
   round_trip_path_loss -- Round-trip echo path loss, a linear power gain per m^2 of RCS
   synthesize_echo      -- Received radar echo on the grid, frequency-domain model

Time-domain echo
----------------

.. autosummary::

   ici_power               -- Mean Doppler ICI power per RE and the power kept on each subcarrier
   synthesize_echo_time    -- Received radar echo synthesized on the CP-OFDM waveform
   useful_symbol_centres_s -- Mid-points in s of the DFT windows of a sensing grid's symbols

Clutter
-------

.. autosummary::

   clutter_cell_area_m2 -- Area of the beam-wise resolution cell that holds the clutter
   sample_clutter       -- Draw the clutter scatterers of one resolution cell

Interference
------------

.. autosummary::

   InterferenceDraws       -- Random quantities of one :func:`synthesize_interference` call
   mean_interference_power -- Mean interference power per unit-power RE from a set of interferers
   one_way_path_loss       -- One-way path loss between two nodes, a linear power gain
   synthesize_interference -- Interference received by the sensing BS from other BSs

Scene scaling and noise
-----------------------

.. autosummary::

   add_noise           -- Add complex white Gaussian noise to a resource grid
   per_re_ratio        -- Realized per-RE power ratio of a signal and a disturbance grid
   scale_scene_to_scir -- Scale clutter and interference together to a given per-RE SCIR
   scale_to_scir       -- Scale a clutter-plus-interference grid to a given per-RE SCIR

Arrays
------

.. autosummary::

   steering_vector            -- Steering vector of a half-wavelength uniform linear array
   steering_vector_derivative -- Derivative of the ULA steering vector with respect to the angle

MIMO channels
-------------

.. autosummary::

   path_gain             -- One-way large-scale fading of a user (path gain) of [CC] section 2
   rcs_coefficients      -- Draw RCS coefficients of [CC] section 2
   rician_channels       -- Draw Rician user channels of a massive-MIMO BS
   target_channel_matrix -- Round-trip BS-target-BS channel matrix of a point target
   target_path_gain      -- Round-trip large-scale fading of a target of [CC] section 2
"""

from types import ModuleType as _ModuleType

from .mimo._array import *  # noqa: F403
from .mimo._channels import *  # noqa: F403
from .radar._clutter import *  # noqa: F403
from .radar._echo import *  # noqa: F403
from .radar._echo_time import *  # noqa: F403
from .radar._interference import *  # noqa: F403
from .radar._scene import *  # noqa: F403
from .radar._targets import *  # noqa: F403

__all__ = [_name for _name, _value in list(globals().items())
           if not _name.startswith("_") and not isinstance(_value, _ModuleType)]
