"""Tests of ``ofdmisac.network.beam_management._sensing_twin``: waveform-level [BM] twin."""

import numpy as np
import pytest

from ofdmisac.channel import Target, synthesize_echo
from ofdmisac.estimators import detect_targets, range_doppler_map
from ofdmisac.network import BeamManagementScenario, bm_sensing_twin
from ofdmisac.network.beam_management import _sensing_twin as tw

MM = BeamManagementScenario.mmwave()
ETA_DB = np.array([-20.0, -10.0, 0.0, 10.0])


def _check_theorem1(r):
    se = np.sqrt(r.theorem1_coverage * (1 - r.theorem1_coverage) / r.n_trials)
    assert np.all(np.abs(r.scir_coverage - r.theorem1_coverage) <= 4 * se + 1 / r.n_trials)


def test_scir_coverage_matches_theorem1_quick():
    _check_theorem1(bm_sensing_twin(MM, scir_threshold_db=ETA_DB, n_trials=400, rng=11))


@pytest.mark.slow
@pytest.mark.parametrize(("scenario", "seed"), [
    (MM.replace(n_beams=64), 1),
    (MM.replace(bs_density_per_m2=1e-3), 2),
    (MM.replace(bs_density_per_m2=1e-3, n_beams=64), 3),
    (BeamManagementScenario.thz(), 4),
])
def test_scir_coverage_matches_theorem1(scenario, seed):
    """Two densities x two beam numbers (and THz), four thresholds each: within 4 SE."""
    _check_theorem1(bm_sensing_twin(scenario, scir_threshold_db=ETA_DB, n_trials=1000,
                                    rng=seed))


def test_results_do_not_depend_on_chunk_size():
    a = bm_sensing_twin(MM, scir_threshold_db=[0.0], n_trials=40, rng=5, chunk_size=7)
    b = bm_sensing_twin(MM, scir_threshold_db=[0.0], n_trials=40, rng=5)
    for name in ("scir_db", "sinr_post_db", "detected", "range_error_m", "velocity_error_mps"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))


def test_processing_gain_and_detection():
    """Interference from other sequences is suppressed by the processing gain N: the
    matched-filter SINR is the per-RE SCIR plus 10 log10 N; a covered realization at
    per-RE SCIR >= 0 dB is detected within one resolution cell."""
    r = bm_sensing_twin(MM, scir_threshold_db=ETA_DB, n_trials=300, rng=7)
    n_pilots = tw.twin_grid(MM).n_pilots
    mid = (r.scir_db > -10) & (r.scir_db < 20)
    gain = np.median(r.sinr_post_db[mid] - r.scir_db[mid])
    assert abs(gain - 10 * np.log10(n_pilots)) < 1.0
    assert np.mean(r.detected[r.scir_db > 0]) > 0.97
    assert np.all(r.scir_coverage_and_detection <= r.scir_coverage)
    assert 0 < r.detection_coverage < 1


def test_synthesis_matches_synthesize_echo():
    """The target part of the batched synthesis is synthesize_echo's model."""
    grid = tw.twin_grid(MM)
    m = 2
    rng = np.random.default_rng(0)
    ph = rng.integers(0, 4, size=(m, 1 + tw._N_STRONG, grid.n_pilots), dtype=np.int8)
    d = dict(r1=np.array([37.0, 81.5]), v_r=np.array([4.2, -11.0]),
             signal=np.array([2.0, 0.5]), phase=np.zeros(m),
             ct_amp2=np.zeros((m, tw._N_CLUTTER)), ct_range=np.full((m, tw._N_CLUTTER), 1.0),
             ct_phase=np.zeros((m, tw._N_CLUTTER)), i_pow=np.zeros((m, tw._N_STRONG)),
             i_dist=np.ones((m, tw._N_STRONG)), i_phase=np.zeros((m, tw._N_STRONG)),
             residual=np.zeros(m))
    y, x = tw._synthesize(grid, d, ph, np.zeros((m, grid.n_pilots, 2)))
    for i in range(m):
        ref = synthesize_echo(x[i], grid, [Target(range_m=d["r1"][i],
                                                  velocity_mps=d["v_r"][i], rcs_m2=1.0,
                                                  swerling=0)],
                              amplitude="unit", random_phase=False, fluctuate=False,
                              dtype=np.complex128)
        np.testing.assert_allclose(y[i], np.sqrt(d["signal"][i]) * ref, rtol=0, atol=2e-6)


def test_batched_detection_matches_detect_targets():
    """The batched CFAR decision at the global peak is detect_targets' strongest detection."""
    grid = tw.twin_grid(MM)
    lay = tw._Layout(MM)
    m = 40
    rng = np.random.default_rng(3)
    u = rng.random((m, lay.n_cols))
    ph = rng.integers(0, 4, size=(m, 1 + tw._N_STRONG, grid.n_pilots), dtype=np.int8)
    w = rng.standard_normal((m, grid.n_pilots, 2))
    d = tw._draw(MM, lay, u)
    y, x = tw._synthesize(grid, d, ph, w)
    guard, train = tw._cfar_window(grid)
    det, *_ = tw._process(grid, y, x, 0, guard, train)
    assert 0 < det.sum() < m
    for i in range(m):
        rd = range_doppler_map(y[i], x[i], grid)
        found = detect_targets(rd, pfa=tw._PFA, guard=guard, train=train, max_targets=1)
        peak = np.unravel_index(np.argmax(rd.power), rd.power.shape)
        strongest = bool(found) and np.isclose(found[0].power, rd.power[peak])
        assert strongest == det[i]


@pytest.mark.parametrize(("kwargs", "match"), [
    (dict(n_trials=0), "n_trials=0 is not allowed"),
    (dict(n_trials=5, chunk_size=0), "chunk_size=0 is not allowed"),
    (dict(n_trials=5, scir_threshold_db=[np.nan]), "scir_threshold_db="),
    (dict(n_trials=5, scir_threshold_db=[]), "scir_threshold_db=.*is not allowed"),
])
def test_bad_input(kwargs, match):
    args = dict(scir_threshold_db=[0.0]) | kwargs
    with pytest.raises(ValueError, match=match):
        bm_sensing_twin(MM, **args)


def test_bad_scenario():
    with pytest.raises(TypeError, match="scenario="):
        bm_sensing_twin("mmwave", scir_threshold_db=[0.0], n_trials=5)
