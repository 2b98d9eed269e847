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

   RangeDopplerFactor   -- Precomputed per-RE factor of :func:`range_doppler_map` (pass it as ...
   RangeDopplerMap      -- Result of :func:`range_doppler_map`
   range_doppler_factor -- Per-RE factor of the periodogram for a transmitted grid (see ...
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

   newton_refine -- Refine delay and Doppler estimates to the maximum of the exact periodogram

CFAR
----

.. autosummary::

   ca_cfar_alpha -- CA-CFAR multiplier ``alpha = N (pfa^(-1/N) - 1)`` for exponential noise ...
   cfar_2d       -- Two-dimensional CFAR detector, cell averaging (CA) or ordered statistic (OS)
   os_cfar_alpha -- OS-CFAR multiplier ``alpha`` solving :func:`os_cfar_pfa` ``= pfa`` ...
   os_cfar_pfa   -- OS-CFAR false-alarm probability ``prod_{i=0}^{k-1} (N - i) / (N - i + alpha)``

Detection
---------

.. autosummary::

   Detection      -- One detected target: refined ``range_m``, ``velocity_mps``, peak ``power`` ...
   detect_targets -- Detect targets in a single (unbatched) :class:`RangeDopplerMap`

Range/velocity CRLB
-------------------

.. autosummary::

   crlb_range_velocity           -- CRB of range and velocity from the Fisher information of the ...
   crlb_range_velocity_full_grid -- Closed-form CRB on a full ``K x L`` grid with uniform per-RE ...

Error statistics
----------------

.. autosummary::

   ErrorStatistics          -- Per-SCIR statistics (arrays of shape ``(n_points,)``): ...
   measure_error_statistics -- Range and velocity errors of a single point target at per-RE SCIR ...

Sensing error models
--------------------

.. autosummary::

   CrlbErrorModel      -- Error model from the range/velocity CRLB at unit per-RE SCIR
   ErrorModel          -- Interface of a sensing error model (speed and lateral-motion RMS ...
   MeasuredErrorModel  -- Error model from a measured table of range/velocity RMSE versus SCIR
   PaperErrorModel     -- The analytic sensing accuracy of [BM] eq
   load_error_model    -- Load an error model from a JSON file path or from a dict made by ...
   motion_resolution_m -- Lateral motion resolution ``Delta d_b = 2 Delta r sin(pi / n_B)`` ...

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
