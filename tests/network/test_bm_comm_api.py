"""Public names of the communication-coverage area ([BM] Section IV-A) and its figure."""

import ofdmisac.network as network
import ofdmisac.plotting as plotting

COMM_NAMES = {
    "asymptotic_communication_coverage", "average_sensing_misalignment_probability",
    "communication_coverage", "conventional_misalignment_probability",
    "misalignment_probability_q", "sample_scir_analytic", "sensing_misalignment_probability",
    "sensing_sigma_m", "simulate_communication_coverage", "timeout_probability",
}


def test_public_names():
    from ofdmisac.network._api_bm_comm import __all__ as area

    assert set(area) == COMM_NAMES
    assert COMM_NAMES <= set(network.__all__)
    assert all(getattr(network, n).__doc__ for n in COMM_NAMES)
    assert "plot_coverage_vs_beams" in plotting.__all__
