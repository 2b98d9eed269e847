"""Public names of the sensing-coverage area ([BM] Section III) and its figures."""

import numpy as np

import ofdmisac.network as network
import ofdmisac.plotting as plotting
from ofdmisac.network import BeamManagementScenario, sensing_coverage

SENSING_NAMES = {
    "BeamManagementScenario", "SWEEPABLE_FIELDS", "SensingCoverageSimulation",
    "beam_switch_intensity", "gob_gain", "interval_rule", "kth_nearest_distance_cdf",
    "kth_nearest_distance_pdf", "log_interval_rule", "los_probability",
    "nearest_distance_pdf", "nearest_distances", "sample_ppp_disk", "scir_pdf",
    "semi_infinite_rule", "sensing_coverage", "sensing_coverage_conditional",
    "sensing_coverage_corollary1", "sensing_coverage_corollary1_expansion",
    "simulate_sensing_coverage", "tail_rule",
}


def test_public_names():
    from ofdmisac.network._api_bm_sensing import __all__ as area

    assert set(area) == SENSING_NAMES
    assert SENSING_NAMES <= set(network.__all__)
    assert all(getattr(network, n).__doc__ for n in SENSING_NAMES if n != "SWEEPABLE_FIELDS")
    assert {"plot_sensing_coverage", "plot_scir_pdf"} <= set(plotting.__all__)


def test_swept_blockage_uses_exact_inner_path():
    s = BeamManagementScenario.mmwave()
    lam_o = np.array([1e-4, 1e-3])
    got = sensing_coverage(s, [0.1, 10.0], blocker_density_per_m2=lam_o[:, None])
    for i, lo in enumerate(lam_o):
        ref = sensing_coverage(s.replace(blocker_density_per_m2=float(lo)), [0.1, 10.0])
        np.testing.assert_allclose(got[i], ref, rtol=1e-9)
