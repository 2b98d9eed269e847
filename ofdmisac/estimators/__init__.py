"""
Estimators (:mod:`ofdmisac.estimators`)
=======================================

OFDM radar processing (range-Doppler maps, CFAR, detection, CRLB, measured error
statistics and error models) and the [CC] massive-MIMO link (MMSE channel estimation,
GLRT detection, Marcum Q, MRT SINR, angle CRLB).

Every name below is importable from ``ofdmisac.estimators``; the modules under it
are private.

Range-Doppler processing
------------------------

.. autosummary::

   RangeDopplerFactor   -- Precomputed per-RE factor of range_doppler_map (pass it as tx_grid)
   RangeDopplerMap      -- Periodogram range-Doppler map with its range and velocity axes
   range_doppler_factor -- Precompute the periodogram's per-RE factor for a transmitted grid
   range_doppler_map    -- Periodogram range-Doppler map from received and transmitted grids

Windows
-------

.. autosummary::

   WINDOW_NAMES -- Names of the windows of get_window
   get_window   -- Return a symmetric spectral window of length ``n``
   window_gains -- Coherent gain and processing loss of a window

Peak refinement
---------------

.. autosummary::

   newton_refine -- Refine delay and Doppler to the maximum of the exact periodogram

CFAR
----

.. autosummary::

   ca_cfar_alpha -- CA-CFAR threshold multiplier for exponential (square-law) noise
   cfar_2d       -- Two-dimensional CFAR detector, cell averaging or ordered statistic
   os_cfar_alpha -- OS-CFAR threshold multiplier for a design false-alarm probability
   os_cfar_pfa   -- False-alarm probability of OS-CFAR for a given threshold multiplier

Detection
---------

.. autosummary::

   Detection      -- One detected target of detect_targets (range, velocity, power, SNR)
   detect_targets -- Detect targets in a single (unbatched) range-Doppler map

Range/velocity CRLB
-------------------

.. autosummary::

   crlb_range_velocity           -- Cramer-Rao bound of range and velocity on a grid's pilot REs
   crlb_range_velocity_full_grid -- Closed-form range/velocity CRB of a full pilot grid

Error statistics
----------------

.. autosummary::

   ErrorStatistics          -- Measured range and velocity error statistics per SCIR point
   measure_error_statistics -- Monte Carlo range and velocity errors of one point target versus SCIR

Sensing error models
--------------------

.. autosummary::

   CrlbErrorModel      -- Error model from the range/velocity CRLB at unit per-RE SCIR
   ErrorModel          -- Interface of a sensing error model: RMS speed and motion errors
   MeasuredErrorModel  -- Error model from a measured table of range/velocity RMSE versus SCIR
   PaperErrorModel     -- Analytic sensing error model of [BM] (RMS errors from the resolutions)
   load_error_model    -- Load an error model from a JSON file or from a dict made by to_dict
   motion_resolution_m -- Lateral motion resolution of a beam from the radial range resolution

Marcum Q
--------

.. autosummary::

   log_marcum_q1       -- Natural logarithm of the first-order Marcum Q-function, finite in the ...
   marcum_q1           -- First-order Marcum Q-function ``Q1(a, b)``
   marcum_q1_inverse_a -- Inverse of ``Q1(a, b)`` in its first argument
   marcum_q1_inverse_b -- Inverse of ``Q1(a, b)`` in its second argument (threshold for a given ...

Uplink link
-----------

.. autosummary::

   MimoUplink -- Parameters of the uplink ISAC link of [CC] section 3 for K CU/ST pairs

Uplink analysis
---------------

.. autosummary::

   uplink_nmse                      -- Channel-estimation NMSE of [CC] eq
   glrt_detection_probability       -- Detection probability of the GLRT (6)-(7) applied to the ...
   glrt_detection_probability_paper -- Detection probability as printed in [CC] eq
   glrt_false_alarm_probability     -- False-alarm probability of the GLRT on the MMSE residual ...
   nmse_coverage_ratio              -- Communication coverage condition of [CC] eq
   detection_coverage_ratio         -- Sensing coverage condition ``P_D,K >= eps_S`` as a bound ...

Uplink receiver
---------------

.. autosummary::

   pilot_sequences       -- Orthonormal pilot sequences ``v_k`` (columns of the unitary DFT matrix)
   received_pilot_matrix -- Received pilot matrix ``Y_P`` of [CC] section 3 (above (3))
   project_pilots        -- Project ``Y_P`` onto the pilots: ``y_P,k = Y_P v_k`` ([CC] eq
   mmse_channel_estimate -- MMSE channel estimate of [CC] below eq
   glrt_statistic        -- GLRT statistic of [CC] eqs
   uplink_receiver       -- BS processing of [CC] section 3 on received pilots: project, MMSE, ...

Uplink simulation
-----------------

.. autosummary::

   UplinkSimulation -- Per-realization results of :func:`simulate_uplink` (arrays of shape (..., K))
   simulate_uplink  -- Run the uplink chain of [CC] section 3 on simulated array data (Monte ...

Downlink MRT
------------

.. autosummary::

   mrt_precoders                   -- MRT precoders of [CC] below (19)
   mrt_sinr_lemma1                 -- SINR of CU k with MRT, [CC] Lemma 1 eq
   mrt_sinr_chain                  -- Exact SINR (15) with MRT on the MMSE estimates of the ...
   mrt_sinr_large_n                -- Large-N SINR of [CC] Lemma 2 eq
   sensing_interference_ratio      -- ``Psi_k`` of [CC] eq
   communication_enhancement_ratio -- ``Omega_k`` of [CC] eq

Angle estimation
----------------

.. autosummary::

   downlink_transmit_matrix     -- Transmit block ``X_d = sqrt(P rho) W_U S_U + sqrt(P (1 - ...
   angle_crlb                   -- Angle CRLB of [CC] eq
   angle_fisher_information     -- Fisher information (18) of ``xi = [theta, Re varpi, Im ...
   expected_transmit_covariance -- ``E[X X^H] / (P T_d)`` with orthogonal unit-power symbols ...
   angle_crlb_expected          -- Angle CRLB of [CC] Lemma 3 eq
   angle_crlb_large_n           -- Large-N angle CRLB of [CC] Lemma 4 eq
   angle_ml_estimate            -- Maximum-likelihood angle estimate from the echo ``Y = varpi a ...

Downlink simulation
-------------------

.. autosummary::

   DownlinkSimulation     -- Results of :func:`simulate_downlink_sinr` (shape ``(K,)`` unless noted)
   simulate_downlink_sinr -- Monte Carlo twin of the SINR (15)/(20): QPSK symbols through MRT on ...
"""

from types import ModuleType as _ModuleType

from .._windows import *  # noqa: F403
from .mimo._angle_crlb import *  # noqa: F403
from .mimo._downlink_simulation import *  # noqa: F403
from .mimo._marcum import *  # noqa: F403
from .mimo._mrt import *  # noqa: F403
from .mimo._uplink_analysis import *  # noqa: F403
from .mimo._uplink_link import *  # noqa: F403
from .mimo._uplink_receiver import *  # noqa: F403
from .mimo._uplink_simulation import *  # noqa: F403
from .radar._cfar import *  # noqa: F403
from .radar._crlb import *  # noqa: F403
from .radar._detection import *  # noqa: F403
from .radar._error_models import *  # noqa: F403
from .radar._error_statistics import *  # noqa: F403
from .radar._peak_refinement import *  # noqa: F403
from .radar._range_doppler import *  # noqa: F403

__all__ = [_name for _name, _value in list(globals().items())
           if not _name.startswith("_") and not isinstance(_value, _ModuleType)]
