"""
Network models (:mod:`ofdmisac.network`)
========================================

Stochastic-geometry models of the two source papers: [BM] beam management (sensing
and communication coverage, misalignment, PRS design, overhead, effective ASE) and [CC]
joint sensing-communication coverage of PPP users and targets. Every analytic result has
a Monte Carlo twin.

Every name below is importable from ``ofdmisac.network``; the modules under it
are private.

PPP geometry
------------

.. autosummary::

   sample_ppp_disk           -- Sample a homogeneous PPP in a disk centred at the origin
   nearest_distances         -- Draw the ``k`` nearest PPP distances from their exact joint law
   kth_nearest_distance_pdf  -- PDF of the distance to the k-th nearest point of a PPP
   nearest_distance_pdf      -- PDF of the distance r_1 to the nearest point of a PPP
   kth_nearest_distance_cdf  -- CDF of the distance to the k-th nearest point of a PPP
   los_probability           -- LoS probability of the Boolean blockage model of [BM]
   mean_kth_nearest_distance -- Mean distance to the k-th nearest point of a PPP

[BM] scenario
-------------

.. autosummary::

   BeamManagementScenario -- Parameters of the ISAC beam-management network of [BM], in SI units

[BM] beams
----------

.. autosummary::

   beam_switch_intensity -- Beam-switch point intensity mu_g along the MT path, per metre
   gob_gain              -- Grid-of-beams (sectorized) antenna gain G(phi) of [BM]

[BM] sensing coverage
---------------------

.. autosummary::

   SWEEPABLE_FIELDS             -- Scenario fields the sensing functions accept as array overrides
   sensing_coverage             -- Sensing SCIR coverage probability (Theorem 1 of [BM])
   sensing_coverage_conditional -- Sensing coverage given the serving distance r_1 (Theorem 1)
   scir_pdf                     -- PDF of the sensing SCIR under the law of Theorem 1 of [BM]

[BM] sensing coverage, Corollary 1
----------------------------------

.. autosummary::

   sensing_coverage_corollary1           -- Closed-form sensing coverage of Corollary 1 (corrected)
   sensing_coverage_corollary1_expansion -- Large-n_B expansion of Corollary 1's sensing coverage

[BM] sensing coverage, simulation
---------------------------------

.. autosummary::

   SensingCoverageSimulation -- Result of :func:`simulate_sensing_coverage` (coverage, samples)
   simulate_sensing_coverage -- Monte Carlo estimate of the sensing SCIR coverage of [BM]

[BM] sensing, waveform-level twin
---------------------------------

.. autosummary::

   BmSensingTwinResult -- Result of :func:`bm_sensing_twin` (coverage, detection, errors)
   bm_sensing_twin     -- Waveform-level twin of [BM] sensing: SCIR, CFAR detection, errors

[BM] beam misalignment
----------------------

.. autosummary::

   misalignment_probability_q               -- Probability q of the misalignment event (Lemma 2)
   timeout_probability                      -- Handover timeout probability p_to of Lemma 1 of [BM]
   conventional_misalignment_probability    -- Beam misalignment probability, conventional scheme
   sensing_sigma_m                          -- Combined sensing error sigma(eta), in metres
   sensing_misalignment_probability         -- Sensing-error beam misalignment probability p_v^s
   average_sensing_misalignment_probability -- SCIR-averaged misalignment probability (Theorem 3)

[BM] communication coverage
---------------------------

.. autosummary::

   communication_coverage            -- Downlink SIR coverage of the beam-managed network of [BM]
   asymptotic_communication_coverage -- Large-beam limit of SIR coverage (Corollary 2, corrected)

[BM] communication coverage, simulation
---------------------------------------

.. autosummary::

   simulate_communication_coverage -- Monte Carlo estimate of the downlink SIR coverage of [BM]
   sample_scir_analytic            -- Draw sensing SCIRs from the analytic law of Theorem 1 of [BM]

[BM] PRS design
---------------

.. autosummary::

   PrsDesign                      -- Optimal PRS pattern of Theorem 4 of [BM] and its error variance
   misalignment_vs_delta          -- Misalignment probability p_v^s versus the time-frequency ratio
   optimal_pilot_pattern          -- Optimal PRS pattern (delta*, S_t*, S_f*) of Theorem 4 of [BM]
   optimal_spacings               -- Optimal PRS spacings S_t*, S_f* of Theorem 4 of [BM]
   pattern_error_model            -- Sensing error model of [BM] for the PRS pattern at ``delta``
   scenario_sensing_grid          -- Sensing grid of the PRS block a [BM] scenario assumes
   sensing_error_variance         -- Sensing error variance sigma^2 of a PRS pattern (Theorem 4)
   simulate_misalignment_vs_delta -- Monte Carlo twin of :func:`misalignment_vs_delta`

[BM] handover
-------------

.. autosummary::

   handover_probability          -- Average proactive-handover probability p_HO of [BM]
   simulate_handover_probability -- Monte Carlo twin of :func:`handover_probability`

[BM] overhead
-------------

.. autosummary::

   Overhead              -- Beam-management overhead of one scheme, as fractions of time (s per s)
   conventional_overhead -- Beam-management overhead of the conventional scheme of [BM]
   isac_overhead         -- Beam-management overhead of the proposed ISAC scheme of [BM]
   distributed_overhead  -- Beam-management overhead of the distributed-pilot baseline of [BM]

[BM] distributed pilots
-----------------------

.. autosummary::

   DistributedPilots        -- The distributed-pilot ISAC baseline of [BM] Section V-C
   distributed_pilot_design -- Build the distributed-pilot baseline of [BM] Section V-C

[BM] rate and effective ASE
---------------------------

.. autosummary::

   rate_rule              -- Nodes and weights of the ergodic-rate integral, in nats
   ergodic_rate           -- Ergodic Shannon rate, bit/s, from an SIR coverage curve
   EffectiveAse           -- Effective ASE of one scheme over a sweep (an effective_ase result)
   effective_ase          -- Effective area spectral efficiency of a beam-management scheme of [BM]
   simulate_effective_ase -- Monte Carlo twin of :func:`effective_ase` for one scenario

[CC] scenario
-------------

.. autosummary::

   JointCoverageScenario -- Parameters of the [CC] joint coverage analysis (Section 5.1 defaults)

[CC] distance ratio
-------------------

.. autosummary::

   sample_distance_ratio -- Draw the distance ratio of independent PPP users and targets
   distance_ratio_cdf    -- CDF of the distance ratio of independent PPP users and targets
   distance_ratio_pdf    -- PDF of the distance ratio of independent PPP users and targets

[CC] uplink coverage
--------------------

.. autosummary::

   uplink_nmse_coverage      -- Uplink communication coverage of the K-th CU's channel estimate
   uplink_detection_coverage -- Uplink sensing coverage of the K-th ST's detection probability
   uplink_joint_coverage     -- Uplink joint coverage: NMSE and detection bounds met together
   uplink_nmse_floor         -- Lowest uplink NMSE compatible with a detection-probability bound

[CC] downlink coverage
----------------------

.. autosummary::

   downlink_joint_coverage                -- Downlink joint coverage: interference and benefit
   downlink_coverage_bounds               -- Downlink interference floor and benefit ceiling
   downlink_bounds_given_uplink_detection -- Downlink bounds implied by an uplink detection bound
   remark4_printed_bounds                 -- Uplink-downlink bounds as printed in [CC] Remark 4

[CC] ergodic ratios
-------------------

.. autosummary::

   ergodic_enhancement_ratio              -- Ergodic communication enhancement ratio of pair k
   ergodic_interference_ratio             -- Ergodic sensing interference ratio of pair k
   interference_ratio_alpha2_given_target -- CU-averaged sensing interference ratio for alpha = 2

[CC] twins: geometry
--------------------

.. autosummary::

   CoverageEstimate     -- Monte Carlo coverage estimates with standard errors
   sample_pair_geometry -- Draw the distances of the K-th nearest CU and ST of independent PPPs
   uplink_link          -- Build the uplink ISAC link of CU/ST pairs at given distances

[CC] uplink twins
-----------------

.. autosummary::

   uplink_coverage_geometry_twin -- Monte Carlo uplink coverage from per-geometry closed forms
   uplink_coverage_measured_twin -- Monte Carlo uplink coverage from measured NMSE and detections

[CC] downlink twins
-------------------

.. autosummary::

   downlink_coverage_geometry_twin -- Monte Carlo downlink coverage from per-geometry closed forms
   downlink_coverage_measured_twin -- Monte Carlo downlink coverage from measured beam powers
   downlink_coverage_link_twin     -- Monte Carlo downlink coverage from measured SINR and CRLB
"""

from types import ModuleType as _ModuleType

from ._geometry import *  # noqa: F403
from .beam_management._ase import *  # noqa: F403
from .beam_management._beams import *  # noqa: F403
from .beam_management._comm_coverage import *  # noqa: F403
from .beam_management._comm_simulation import *  # noqa: F403
from .beam_management._distributed_pilots import *  # noqa: F403
from .beam_management._handover import *  # noqa: F403
from .beam_management._misalignment import *  # noqa: F403
from .beam_management._overhead import *  # noqa: F403
from .beam_management._prs_design import *  # noqa: F403
from .beam_management._scenario import *  # noqa: F403
from .beam_management._sensing_corollary import *  # noqa: F403
from .beam_management._sensing_coverage import *  # noqa: F403
from .beam_management._sensing_simulation import *  # noqa: F403
from .beam_management._sensing_twin import *  # noqa: F403
from .beam_management._sensing_waveform import *  # noqa: F403
from .coupling._distance_ratio import *  # noqa: F403
from .coupling._downlink_coverage import *  # noqa: F403
from .coupling._downlink_twins import *  # noqa: F403
from .coupling._ergodic import *  # noqa: F403
from .coupling._pair_geometry import *  # noqa: F403
from .coupling._scenario import *  # noqa: F403
from .coupling._uplink_coverage import *  # noqa: F403
from .coupling._uplink_twins import *  # noqa: F403

__all__ = [_name for _name, _value in list(globals().items())
           if not _name.startswith("_") and not isinstance(_value, _ModuleType)]
