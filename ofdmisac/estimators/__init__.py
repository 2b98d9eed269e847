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
   ErrorModelWaveform  -- The sensing waveform an error model was measured on (or describes)
   MeasuredErrorModel  -- Error model from a measured table of range/velocity RMSE versus SCIR
   PaperErrorModel     -- Analytic sensing error model of [BM] (RMS errors from the resolutions)
   load_error_model    -- Load an error model from a JSON file or from a dict made by to_dict
   motion_resolution_m -- Lateral motion resolution of a beam from the radial range resolution

Marcum Q
--------

.. autosummary::

   log_marcum_q1       -- Logarithm of the first-order Marcum Q-function, finite in the far tail
   marcum_q1           -- First-order Marcum Q-function ``Q1(a, b)``
   marcum_q1_inverse_a -- Inverse of ``Q1(a, b)`` in its first argument
   marcum_q1_inverse_b -- Inverse of ``Q1(a, b)`` in its second argument (the threshold)

Uplink link
-----------

.. autosummary::

   MimoUplink -- Parameters of the [CC] section 3 uplink ISAC link for K CU/ST pairs

Uplink analysis
---------------

.. autosummary::

   uplink_nmse                      -- Channel-estimation NMSE of the [CC] uplink MMSE estimate
   glrt_detection_probability       -- Exact detection probability of the GLRT on the MMSE residual
   glrt_detection_probability_paper -- Detection probability of the uplink GLRT as printed in [CC]
   glrt_false_alarm_probability     -- False-alarm probability of the GLRT on the MMSE residual
   nmse_coverage_ratio              -- NMSE coverage condition as a bound on ``mu_K / beta_t,K``
   detection_coverage_ratio         -- Sensing coverage condition as a bound on ``mu_K / beta_t,K``

Uplink receiver
---------------

.. autosummary::

   pilot_sequences       -- Orthonormal pilot sequences (columns of the unitary DFT matrix)
   received_pilot_matrix -- Received pilot matrix ``Y_P`` of the [CC] uplink (pilots plus noise)
   project_pilots        -- Project the received pilot matrix onto the orthonormal pilots
   mmse_channel_estimate -- MMSE channel estimate of the [CC] uplink from the projected pilots
   glrt_statistic        -- GLRT statistic of the [CC] uplink target detection on the residual
   uplink_receiver       -- BS processing of the [CC] uplink: projection, MMSE, residual, GLRT

Uplink simulation
-----------------

.. autosummary::

   UplinkSimulation -- Per-realization results of :func:`simulate_uplink` (shape ``(..., K)``)
   simulate_uplink  -- Monte Carlo twin of the [CC] uplink chain on simulated array data

Downlink MRT
------------

.. autosummary::

   mrt_precoders                   -- MRT precoders of the [CC] downlink for the CUs and the ST
   mrt_sinr_lemma1                 -- MRT SINR per CU with white estimation error ([CC] Lemma 1)
   mrt_sinr_chain                  -- Exact MRT SINR per CU on the shared-pilot MMSE estimates
   mrt_sinr_large_n                -- Large-N MRT SINR per CU, as in [CC] Lemma 2
   sensing_interference_ratio      -- Sensing interference ratio ``Psi_k`` of the [CC] downlink
   communication_enhancement_ratio -- Communication enhancement ratio ``Omega_k`` ([CC] downlink)

Angle estimation
----------------

.. autosummary::

   downlink_transmit_matrix     -- Downlink ISAC transmit block ``X_d`` of [CC] section 4
   angle_crlb                   -- Target-angle CRLB for a given downlink transmit block ``X_d``
   angle_fisher_information     -- Fisher information of the target angle and the echo amplitude
   expected_transmit_covariance -- Expected normalized transmit covariance of the [CC] MRT downlink
   angle_crlb_expected          -- Angle CRLB on the expected transmit covariance ([CC] Lemma 3)
   angle_crlb_large_n           -- Large-N angle CRLB of the sensed ST, as in [CC] Lemma 4
   angle_ml_estimate            -- Maximum-likelihood target-angle estimate from the downlink echo

Downlink simulation
-------------------

.. autosummary::

   DownlinkSimulation     -- Results of :func:`simulate_downlink_sinr` (shape ``(K,)`` unless noted)
   simulate_downlink_sinr -- Monte Carlo twin of the [CC] downlink SINR with MRT on estimated CSI
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
