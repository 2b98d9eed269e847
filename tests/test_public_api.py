"""The single pin of the public API.

Every public name of the package is listed here once, by subpackage. The test checks that
each subpackage exports exactly these names, that every name is defined in one of the
subpackage's private implementation modules (where its ``__all__`` lists it), that the
subpackage docstring (its API map) lists every name exactly once, and that classes and
functions are documented. Adding or removing a public name means editing this file.
"""

import ast
import importlib
import importlib.util
import inspect
import re

import pytest

import ofdmisac

PUBLIC = {
    "waveforms": {
        "Carrier", "IsacFrame", "IsacFrameConfig", "PRSConfig", "PRS_COMB_SYMBOLS",
        "PilotPattern", "ReLabel", "SSB_CASE_SCS_KHZ", "SSB_PBCH_BITS", "SensingGrid",
        "SsbChannel", "default_isac_frame", "gold_sequence", "numerology_mu", "ofdm_demodulate",
        "ofdm_modulate", "pbch_dmrs", "pbch_dmrs_c_init", "prs_c_init", "prs_grid", "prs_indices",
        "prs_k_prime", "prs_sequence", "pss", "qpsk_modulate", "ssb_burst_grid",
        "ssb_channel_map", "ssb_grid", "ssb_i_bar", "ssb_start_symbols", "sss",
        "prs_occasion_slots", "prs_multi_slot_grid", "WaveformOccasion", "frame_occasions",
        "prs_waveform"
    },
    "recordings": {
        "Annotation", "Recording", "frame_recording", "prs_recording", "frame_config_to_dict",
        "frame_config_from_dict", "regenerate_waveform", "SIGMF_EXTENSION", "sigmf_metadata",
        "write_sigmf", "read_sigmf", "write_recording_npz", "read_recording_npz",
        "write_recording", "read_recording"
    },
    "receiver": {
        "PssDetection", "pss_threshold", "pss_reference", "pss_search", "CfoEstimate",
        "estimate_cfo", "correct_cfo", "SssDetection", "detect_sss", "PbchDmrsDetection",
        "detect_pbch_dmrs", "DemodulatedGrid", "demodulate_grid", "EchoSensing", "sense_echo"
    },
    "channel": {
        "InterferenceDraws", "Target", "add_noise", "clutter_cell_area_m2", "delay_doppler",
        "ici_power", "mean_interference_power", "one_way_path_loss", "path_gain", "per_re_ratio",
        "rcs_coefficients", "rician_channels", "round_trip_path_loss", "sample_clutter",
        "sample_rcs", "scale_scene_to_scir", "scale_to_scir", "steering_vector",
        "steering_vector_derivative", "swerling_detection_probability", "synthesize_echo",
        "synthesize_echo_time", "synthesize_interference", "target_channel_matrix",
        "target_path_gain", "useful_symbol_centres_s"
    },
    "estimators": {
        "CrlbErrorModel", "Detection", "DownlinkSimulation", "ErrorModel", "ErrorModelWaveform",
        "ErrorStatistics",
        "MeasuredErrorModel", "MimoUplink", "PaperErrorModel", "RangeDopplerFactor",
        "RangeDopplerMap", "UplinkSimulation", "WINDOW_NAMES", "angle_crlb",
        "angle_crlb_expected", "angle_crlb_large_n", "angle_fisher_information",
        "angle_ml_estimate", "ca_cfar_alpha", "cfar_2d", "communication_enhancement_ratio",
        "crlb_range_velocity", "crlb_range_velocity_full_grid", "detect_targets",
        "detection_coverage_ratio", "downlink_transmit_matrix", "expected_transmit_covariance",
        "get_window", "glrt_detection_probability", "glrt_detection_probability_paper",
        "glrt_false_alarm_probability", "glrt_statistic", "load_error_model", "log_marcum_q1",
        "marcum_q1", "marcum_q1_inverse_a", "marcum_q1_inverse_b", "measure_error_statistics",
        "mmse_channel_estimate", "motion_resolution_m", "mrt_precoders", "mrt_sinr_chain",
        "mrt_sinr_large_n", "mrt_sinr_lemma1", "newton_refine", "nmse_coverage_ratio",
        "os_cfar_alpha", "os_cfar_pfa", "pilot_sequences", "project_pilots",
        "range_doppler_factor", "range_doppler_map", "received_pilot_matrix",
        "sensing_interference_ratio", "simulate_downlink_sinr", "simulate_uplink", "uplink_nmse",
        "uplink_receiver", "window_gains"
    },
    "network": {
        "BeamManagementScenario", "CoverageEstimate", "DistributedPilots", "EffectiveAse",
        "JointCoverageScenario", "Overhead", "PrsDesign", "SWEEPABLE_FIELDS",
        "SensingCoverageSimulation", "BmSensingTwinResult", "bm_sensing_twin",
        "asymptotic_communication_coverage",
        "average_sensing_misalignment_probability", "beam_switch_intensity",
        "communication_coverage", "conventional_misalignment_probability",
        "conventional_overhead", "distance_ratio_cdf", "distance_ratio_pdf",
        "distributed_overhead", "distributed_pilot_design",
        "downlink_bounds_given_uplink_detection", "downlink_coverage_bounds",
        "downlink_coverage_geometry_twin", "downlink_coverage_link_twin",
        "downlink_coverage_measured_twin", "downlink_joint_coverage", "effective_ase",
        "ergodic_enhancement_ratio", "ergodic_interference_ratio", "ergodic_rate", "gob_gain",
        "handover_probability", "interference_ratio_alpha2_given_target", "isac_overhead",
        "kth_nearest_distance_cdf", "kth_nearest_distance_pdf", "los_probability",
        "mean_kth_nearest_distance", "misalignment_probability_q", "misalignment_vs_delta",
        "nearest_distance_pdf", "nearest_distances", "optimal_pilot_pattern", "optimal_spacings",
        "pattern_error_model", "rate_rule", "remark4_printed_bounds", "sample_distance_ratio",
        "sample_pair_geometry", "sample_ppp_disk", "sample_scir_analytic",
        "scenario_sensing_grid", "scir_pdf",
        "sensing_coverage", "sensing_coverage_conditional", "sensing_coverage_corollary1",
        "sensing_coverage_corollary1_expansion", "sensing_error_variance",
        "sensing_misalignment_probability", "sensing_sigma_m", "simulate_communication_coverage",
        "simulate_effective_ase", "simulate_handover_probability",
        "simulate_misalignment_vs_delta", "simulate_sensing_coverage", "timeout_probability",
        "uplink_coverage_geometry_twin", "uplink_coverage_measured_twin",
        "uplink_detection_coverage", "uplink_joint_coverage", "uplink_link",
        "uplink_nmse_coverage", "uplink_nmse_floor"
    },
    "config": {
        "available_presets", "config_to_toml", "coupling_scenario", "load_config",
        "network_scenario", "prs_config", "resolve_config"
    },
    "io": {
        "read_csv", "read_json", "save_figure", "save_npz", "write_csv", "write_json",
        "write_text"
    },
    "plotting": {
        "RE_LABEL_COLORS", "plot_ase_density_maps", "plot_coverage_vs_beams",
        "plot_grid_magnitude", "plot_joint_coverage", "plot_joint_coverage_surface",
        "plot_link_panels", "plot_misalignment_vs_delta", "plot_range_doppler_map",
        "plot_resource_grid", "plot_rmse_vs_scir", "plot_rmse_vs_snr", "plot_scheme_curves",
        "plot_scir_pdf", "plot_sensing_coverage"
    },
    "sweep": {
        "SweepResult", "parameter_grid", "run_sweep"
    },
    "units": {
        "BOLTZMANN_J_PER_K", "SPEED_OF_LIGHT_MPS", "db_to_linear", "dbm_to_watt", "kmh_to_mps",
        "linear_to_db", "mps_to_kmh", "per_km2_to_per_m2", "per_m2_to_per_km2", "watt_to_dbm"
    },
}
MAPPED = ["waveforms", "channel", "estimators", "network", "plotting", "recordings",
          "receiver"]


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_exported_names_are_pinned(name):
    module = importlib.import_module(f"ofdmisac.{name}")
    assert len(module.__all__) == len(set(module.__all__))
    assert set(module.__all__) == PUBLIC[name]
    for n in module.__all__:
        obj = getattr(module, n)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            assert inspect.getdoc(obj), f"ofdmisac.{name}.{n} has no docstring"


def _module_all(module) -> set:
    tree = ast.parse(inspect.getsource(module))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "__all__":
            return {ast.literal_eval(e) for e in node.value.elts}
    return set()


@pytest.mark.parametrize("name", MAPPED)
def test_names_live_in_private_implementation_modules(name):
    package = importlib.import_module(f"ofdmisac.{name}")
    for n in package.__all__:
        obj = getattr(package, n)
        home = getattr(obj, "__module__", None)
        if home is None or not (inspect.isfunction(obj) or inspect.isclass(obj)):
            continue  # constants: checked through the modules' __all__ below
        private = rf"ofdmisac\.({name}(\.[a-z_]+)*\._[a-z_]+|_plots\.[a-z_]+|_windows)$"
        assert re.match(private, home), (n, home)
        assert n in _module_all(importlib.import_module(home)), f"{home}.__all__ lacks {n}"
    owners = {}
    for mod_name in _implementation_modules(name):
        for n in _module_all(importlib.import_module(mod_name)):
            owners.setdefault(n, []).append(mod_name)
    assert {n for n in owners} == set(package.__all__)
    assert all(len(v) == 1 for v in owners.values()), {k: v for k, v in owners.items()
                                                       if len(v) > 1}


def _implementation_modules(name):
    package = importlib.import_module(f"ofdmisac.{name}")
    source = inspect.getsource(package)
    anchor = package.__name__ if name != "plotting" else "ofdmisac"
    return [importlib.util.resolve_name(m, anchor)
            for m in re.findall(r"^from (\.[\w.]+) import \*", source, re.M)]


@pytest.mark.parametrize("name", [*MAPPED, "io"])
def test_docstring_map_lists_every_name_once(name):
    package = importlib.import_module(f"ofdmisac.{name}")
    listed = re.findall(r"^   (\w+)\s+--\s", package.__doc__, re.M)
    assert sorted(listed) == sorted(set(listed)), "a name is listed twice"
    assert set(listed) == set(package.__all__)


def test_top_level():
    assert set(ofdmisac.__all__) == {"__version__", "channel", "config", "estimators", "io",
                                     "network", "plotting", "receiver", "recordings", "sweep",
                                     "units", "waveforms"}
    assert ofdmisac.__version__.count(".") == 2
