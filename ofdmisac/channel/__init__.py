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
   sample_rcs                     -- Draw RCS realizations ``[*size, n_symbols]`` (float64, m^2) ...
   swerling_detection_probability -- Detection probability of a square-law detector, closed form

Radar echoes
------------

.. autosummary::

   delay_doppler        -- Round-trip delay ``2 R / c`` (s) and Doppler shift ``2 v f_c / c`` ...
   round_trip_path_loss -- Round-trip echo path loss ``L(r^2) / (4 pi)`` (linear power gain per ...
   symbol_times_s       -- Start times (CP included) of ``n_symbols`` consecutive symbols from ...
   synthesize_echo      -- Received radar echo on the grid, frequency-domain model

Time-domain echo
----------------

.. autosummary::

   ici_power               -- Mean ICI power per RE relative to the echo power, and the ...
   synthesize_echo_time    -- Received radar echo synthesized on the CP-OFDM waveform, then ...
   useful_symbol_centres_s -- Mid-points of the DFT windows of ``n_symbols`` symbols from slot ...

Clutter
-------

.. autosummary::

   clutter_cell_area_m2 -- Resolution-cell area ``A(R_M) = 2 pi dr R_M / n_B`` ([BM] eqs
   sample_clutter       -- Draw the clutter scatterers of one resolution cell as a list of ...

Interference
------------

.. autosummary::

   InterferenceDraws       -- Random quantities of one :func:`synthesize_interference` call, ...
   mean_interference_power -- Mean interference power per unit-power RE, ``sum_i P L(l_i) E[G]``
   one_way_path_loss       -- One-way path loss ``L(r) = (c / (4 pi f_c))^2 r^(-alpha)`` ([BM] eq
   synthesize_interference -- Interference received by the sensing BS from other BSs' ...

Scene scaling and noise
-----------------------

.. autosummary::

   add_noise           -- Add complex AWGN of variance ``noise_power`` (N0 per RE, ...
   per_re_ratio        -- Realized per-RE power ratio ``mean |S|^2 / mean |D|^2`` over the last ...
   scale_scene_to_scir -- Scale clutter and interference together so the realized per-RE SCIR ...
   scale_to_scir       -- Scale the clutter-plus-interference grid so the realized per-RE SCIR ...

Arrays
------

.. autosummary::

   steering_vector            -- Steering vector ``a_N(theta)`` of a half-wavelength ULA
   steering_vector_derivative -- Derivative ``d a_N(theta) / d theta`` of the ULA steering vector

MIMO channels
-------------

.. autosummary::

   path_gain             -- One-way large-scale fading ``beta_u = C_0 d^-alpha`` of [CC] section 2
   rcs_coefficients      -- Draw RCS coefficients ``zeta ~ CN(0, 1)`` ([CC] section 2), complex128
   rician_channels       -- Draw Rician channels ``h = sqrt(mu kappa) h_bar + sqrt(mu) h_tilde``
   target_channel_matrix -- Round-trip target channel ``G = sqrt(beta_t) zeta a_N(theta) ...
   target_path_gain      -- Round-trip large-scale fading ``beta_t = C_0 d^-2 alpha`` of [CC] ...
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
