"""Monte Carlo functions: the same bits for any ``chunk_size`` at a given seed, and working
memory bounded by the chunk (independent of the number of trials)."""

import tracemalloc

import numpy as np
import pytest

from ofdmisac._random import BlockGenerator, block_size_for, monte_carlo_chunks
from ofdmisac.estimators import MimoUplink, simulate_downlink_sinr, simulate_uplink
from ofdmisac.network import (
    BeamManagementScenario,
    JointCoverageScenario,
    downlink_coverage_geometry_twin,
    downlink_coverage_link_twin,
    downlink_coverage_measured_twin,
    simulate_communication_coverage,
    simulate_sensing_coverage,
    uplink_coverage_geometry_twin,
    uplink_coverage_measured_twin,
)

LINK = MimoUplink(n_antennas=16, pilot_length=16, user_gain=[1e-7] * 4,
                  target_gain=[1e-9] * 4)
DL_LINK = MimoUplink(n_antennas=16, pilot_length=16, user_gain=[1e-7, 5e-8],
                     target_gain=[1e-8, 3e-8])
BM = BeamManagementScenario.mmwave()
CC = JointCoverageScenario(n_antennas=16, pilot_length=16)
CC_DL = JointCoverageScenario(n_antennas=16, pilot_length=16, rician_factor=0.2,
                              noise_power_w=1e-14)


def _fields(result):
    if isinstance(result, tuple):
        return [x for part in result for x in _fields(part)]
    if isinstance(result, dict):
        return [np.asarray(v) for v in result.values()]
    if hasattr(result, "__dataclass_fields__"):
        return [np.asarray(getattr(result, f)) for f in result.__dataclass_fields__
                if getattr(result, f) is not None]
    return [np.asarray(result)]


# (name, call(chunk_size), units, block): units > 2 blocks so that chunk sizes 1, 7 and
# all give different chunkings
CASES = [
    ("simulate_uplink", lambda c: simulate_uplink(
        LINK, threshold=10.0, rng=1, n_trials=700, chunk_size=c, keep_signals=True),
     700, block_size_for(4 * 16 * 16)),
    ("simulate_uplink_projected", lambda c: simulate_uplink(
        LINK, threshold=10.0, rng=2, n_trials=9000, chunk_size=c, error_model="independent",
        form_pilot_matrix=False), 9000, block_size_for(4 * 16)),
    ("simulate_downlink_sinr", lambda c: simulate_downlink_sinr(
        DL_LINK, user_angle_rad=[-0.6, 0.1], uplink_target_angle_rad=[0.3, -0.2],
        target_angle_rad=0.3, comm_power_fraction=0.5, downlink_power_w=1.0, n_trials=1100,
        rng=0, chunk_size=c), 1100, block_size_for(2 * 16 * 16)),
    ("simulate_downlink_sinr_white", lambda c: simulate_downlink_sinr(
        DL_LINK, user_angle_rad=[-0.6, 0.1], uplink_target_angle_rad=[0.3, -0.2],
        target_angle_rad=0.3, comm_power_fraction=0.5, downlink_power_w=1.0, n_trials=1100,
        rng=0, chunk_size=c, estimate_model="white"), 1100, block_size_for(2 * 16 * 16)),
    ("simulate_sensing_coverage", lambda c: simulate_sensing_coverage(
        BM, [0.1, 1.0], 700, rng=1, n_nearest=16, chunk_size=c, model="geometric"),
     700, 256),
    ("simulate_communication_coverage", lambda c: simulate_communication_coverage(
        BM, [0.5, 1.0], 700, rng=1, n_near=8, n_far=8, chunk_size=c), 700, 256),
    ("simulate_communication_coverage_analytic", lambda c: simulate_communication_coverage(
        BM, [0.5, 1.0], 700, rng=1, n_near=8, n_far=8, chunk_size=c,
        scir_source="analytic"), 700, 256),
    ("simulate_communication_coverage_joint", lambda c: simulate_communication_coverage(
        BM, [0.5, 1.0], 700, rng=1, n_near=8, n_far=8, chunk_size=c, scir_source="joint"),
     700, 256),
    ("uplink_coverage_geometry_twin", lambda c: uplink_coverage_geometry_twin(
        CC, [0.05, 0.1], 0.6, n_samples=20000, rng=1, chunk_size=c, include_noise=True),
     20000, 512),
    ("downlink_coverage_geometry_twin", lambda c: downlink_coverage_geometry_twin(
        CC_DL, 0.015, 0.012, n_samples=20000, rng=1, chunk_size=c), 20000,
     512),
    ("uplink_coverage_measured_twin", lambda c: uplink_coverage_measured_twin(
        CC, 0.1, 0.6, n_geometries=70, n_trials=512, rng=2, chunk_size=c,
        return_measurements=True), 70, block_size_for(512 * 16)),
    ("downlink_coverage_measured_twin", lambda c: downlink_coverage_measured_twin(
        CC, 0.02, 0.02, n_geometries=70, n_trials=512, rng=2, chunk_size=c,
        return_measurements=True), 70, block_size_for(512 * 16)),
    ("downlink_coverage_link_twin", lambda c: downlink_coverage_link_twin(
        CC_DL, 0.02, 0.02, n_geometries=20, n_trials=256, n_symbols=8, rng=1, chunk_size=c,
        angles="decoupled", estimate_model="chain", return_measurements=True), 20,
     block_size_for(256 * 16 * 8)),
]


@pytest.mark.parametrize("name, call, units, block", CASES, ids=[c[0] for c in CASES])
def test_same_bits_for_any_chunk_size(name, call, units, block):
    if block is not None:
        assert units > 2 * block  # several blocks: the chunkings differ
    results = [_fields(call(c)) for c in (1, 7, None, 10**9)]
    for other in results[1:]:
        assert len(other) == len(results[0])
        for a, b in zip(results[0], other, strict=True):
            np.testing.assert_array_equal(a, b)


def test_a_generator_advances_and_seeds_differ():
    gen = np.random.default_rng(3)
    a = simulate_sensing_coverage(BM, 1.0, 200, rng=gen, n_nearest=16).scir
    b = simulate_sensing_coverage(BM, 1.0, 200, rng=gen, n_nearest=16).scir
    c = simulate_sensing_coverage(BM, 1.0, 200, rng=3, n_nearest=16).scir
    assert not np.array_equal(a, b)
    np.testing.assert_array_equal(a, c)  # an int seed is default_rng(seed)


def _peak_bytes(fn):
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


TRIALS = (100, 1000, 10000)
GEOMETRIES = (1000, 10000, 100000)  # cheap per geometry: more of them to see any growth
MEMORY_CASES = [
    ("simulate_sensing_coverage", TRIALS, lambda n: simulate_sensing_coverage(
        BM, [0.1, 1.0], n, rng=1, n_nearest=16, chunk_size=256, keep_samples=False)),
    ("simulate_communication_coverage", TRIALS, lambda n: simulate_communication_coverage(
        BM, [0.5, 1.0], n, rng=1, n_near=8, n_far=8, chunk_size=256)),
    ("simulate_downlink_sinr", TRIALS, lambda n: simulate_downlink_sinr(
        DL_LINK, user_angle_rad=[-0.6, 0.1], uplink_target_angle_rad=[0.3, -0.2],
        target_angle_rad=0.3, comm_power_fraction=0.5, downlink_power_w=1.0, n_trials=n,
        rng=0, chunk_size=256)),
    ("uplink_coverage_geometry_twin", GEOMETRIES, lambda n: uplink_coverage_geometry_twin(
        CC, [0.05, 0.1], 0.6, n_samples=n, rng=1, chunk_size=256)),
    ("downlink_coverage_geometry_twin", GEOMETRIES, lambda n: downlink_coverage_geometry_twin(
        CC_DL, 0.015, 0.012, n_samples=n, rng=1, chunk_size=256)),
]


@pytest.mark.slow
@pytest.mark.parametrize("name, sizes, call", MEMORY_CASES, ids=[c[0] for c in MEMORY_CASES])
def test_peak_memory_independent_of_n_trials(name, sizes, call):
    call(sizes[0])  # warm caches (quadrature rules, imports)
    peaks = [_peak_bytes(lambda n=n: call(n)) for n in sizes]
    # the smallest fits in one chunk; the other two run full chunks: the same working set
    # (without chunking, 10x the units would need about 10x the memory)
    slack = 256 * 1024
    assert peaks[0] <= 1.2 * peaks[1] + slack, peaks
    assert peaks[2] <= 1.2 * peaks[1] + slack, peaks


@pytest.mark.slow
def test_uplink_memory_grows_only_by_its_results():
    def run(n):
        return simulate_uplink(LINK, threshold=10.0, rng=1, n_trials=n, chunk_size=64)

    run(100)
    out = {}
    for n in (100, 1000, 10000):
        tracemalloc.start()
        try:
            sim = run(n)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        kept = sum(a.nbytes for a in _fields(sim))
        out[n] = peak - kept
    assert out[10000] <= 1.2 * out[1000] + 256 * 1024, out


def test_huge_n_trials_is_lazy():
    chunks = monte_carlo_chunks(1, 10**9, block_size=256, chunk_size=2048)
    lo, hi, gen = next(chunks)
    assert (lo, hi, gen.sizes) == (0, 2048, [256] * 8)
    lo, hi, _ = next(chunks)
    assert (lo, hi) == (2048, 4096)


def test_block_generator_refuses_a_draw_not_along_its_units():
    _, _, gen = next(monte_carlo_chunks(0, 10, block_size=4, chunk_size=10))
    assert gen.random((10, 3)).shape == (10, 3)
    assert gen.along(1).standard_normal((2, 10)).shape == (2, 10)
    with pytest.raises(RuntimeError, match="depend on the chunking"):
        gen.random(3)


@pytest.mark.parametrize("bad, exc", [(0, ValueError), (1.5, TypeError), ("a", TypeError)])
def test_chunk_size_is_checked(bad, exc):
    with pytest.raises(exc, match="chunk_size="):
        simulate_uplink(LINK, threshold=10.0, rng=1, n_trials=10, chunk_size=bad)
    with pytest.raises(exc, match="chunk_size="):
        simulate_sensing_coverage(BM, 1.0, 10, rng=1, chunk_size=bad)
    with pytest.raises(exc, match="chunk_size="):
        uplink_coverage_measured_twin(CC, 0.1, 0.6, n_geometries=2, n_trials=2, chunk_size=bad)


def test_block_generator_is_accepted_as_rng():
    from ofdmisac._random import as_generator

    _, _, gen = next(monte_carlo_chunks(0, 4, block_size=4, chunk_size=4))
    assert isinstance(gen, BlockGenerator)
    assert as_generator(gen) is gen
