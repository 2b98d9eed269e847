"""detect_targets: off-grid accuracy, resolution, SNR estimate."""

import numpy as np
import pytest

from ofdmisac.estimators import detect_targets, range_doppler_map
from ofdmisac.units import SPEED_OF_LIGHT_MPS as C
from ofdmisac.waveforms import SensingGrid

SCS, TSYM, FC, K, L = 120e3, 8.92e-6, 28e9, 64, 32
DR = C / (2 * SCS * K)
DV = C / (2 * FC * TSYM * L)


def _sg(**processing):
    """Sensing grid of the test numerology, every RE a pilot."""
    return SensingGrid(pilot_mask=np.ones((K, L), bool), fc_hz=FC, scs_hz=SCS,
                       symbol_duration_s=TSYM, **processing)


def _grid(rng, targets, noise_std=0.0):
    tx = np.exp(2j * np.pi * rng.random((K, L)))
    k = np.arange(K)[:, None]
    t = np.arange(L)[None] * TSYM
    rx = sum(a * tx * np.exp(-2j * np.pi * k * SCS * 2 * r / C)
             * np.exp(2j * np.pi * 2 * v * FC / C * t) for r, v, a in targets)
    rx = rx + noise_std * (rng.standard_normal((K, L)) + 1j * rng.standard_normal((K, L)))
    return rx, tx


@pytest.mark.parametrize("fr, fv", [(0.0, 0.0), (0.23, 0.71), (0.5, 0.5), (0.87, 0.12)])
def test_noise_free_off_grid_within_005_bin(fr, fv):
    rng = np.random.default_rng(10)
    r0, v0 = (12 + fr) * DR, (-4 + fv) * DV
    rx, tx = _grid(rng, [(r0, v0, 1.0)], noise_std=1e-6)
    m = range_doppler_map(rx, tx, _sg(window_range="hann", window_doppler="hann",
                                      n_range=4 * K, n_doppler=4 * L))
    d = detect_targets(m, pfa=1e-6, guard=(8, 8), train=(8, 8))
    assert len(d) >= 1
    assert abs(d[0].range_m - r0) < 0.05 * DR
    assert abs(d[0].velocity_mps - v0) < 0.05 * DV


def test_two_targets_one_cell_apart_in_range_and_velocity_are_separated():
    rng = np.random.default_rng(11)
    for (r1, v1), (r2, v2) in [((20.3 * DR, 2.2 * DV), (21.3 * DR, 2.2 * DV)),
                               ((20.3 * DR, 2.2 * DV), (20.3 * DR, 3.2 * DV))]:
        rx, tx = _grid(rng, [(r1, v1, 1.0), (r2, v2, 1.0)], noise_std=1e-6)
        m = range_doppler_map(rx, tx, _sg(n_range=4 * K, n_doppler=4 * L))
        d = detect_targets(m, pfa=1e-6, guard=(8, 8), train=(8, 8), max_targets=2)
        assert len(d) == 2
        got = sorted((x.range_m, x.velocity_mps) for x in d)
        want = sorted([(r1, v1), (r2, v2)])
        np.testing.assert_allclose(np.array(got)[:, 0], np.array(want)[:, 0], atol=0.25 * DR)
        np.testing.assert_allclose(np.array(got)[:, 1], np.array(want)[:, 1], atol=0.25 * DV)


def test_snr_estimate_and_batched_map_rejected():
    rng = np.random.default_rng(12)
    snr_re = 0.1  # per-RE SNR; coherent gain K L on an on-grid target
    rx, tx = _grid(rng, [(10 * DR, 3 * DV, 1.0)], noise_std=np.sqrt(0.5 / snr_re))
    m = range_doppler_map(rx, tx, _sg())
    d = detect_targets(m, pfa=1e-6, guard=(2, 2), train=(6, 6))
    assert d[0].snr == pytest.approx(snr_re * K * L, rel=0.5)
    # OS-CFAR: the k-th order statistic scaled by alpha_OS also estimates the noise level
    d_os = detect_targets(m, pfa=1e-6, guard=(2, 2), train=(6, 6), kind="OS")
    assert d_os[0].snr == pytest.approx(snr_re * K * L, rel=0.5)
    assert d_os[0].range_m == d[0].range_m
    m3 = range_doppler_map(np.stack([rx, rx]), tx, _sg())
    with pytest.raises(ValueError, match="takes one map"):
        detect_targets(m3)


def _cyclic_error(got, want, span):
    """``got - want`` taken modulo ``span`` into ``[-span/2, span/2)``."""
    return (got - want + span / 2) % span - span / 2


# map bins (4x padding): a range row is DR / 4, a Doppler column DV / 4; rows 0..255 cover
# [0, 64 DR), columns 0..127 cover [-16 DV, 16 DV)
EDGE_RANGES = [0.1, 0.45, 256 - 0.3, 256 - 0.45, 255.2]  # peaks in row 0, row 255
EDGE_DOPPLERS = [-64 + 0.1, 64 - 0.3, 63.2, 3.3]  # peaks in column 0, column 127, inside


@pytest.mark.parametrize("row", EDGE_RANGES)
@pytest.mark.parametrize("col", EDGE_DOPPLERS)
def test_peaks_on_the_map_edges_are_refined_and_detected_once(row, col):
    """Both axes are cyclic: a peak in the first or last range row (or Doppler column) is
    refined with its neighbours across the wrap, to the accuracy of an inner peak, and gives
    one detection (no second one from the other side of the wrap)."""
    rng = np.random.default_rng(14)
    r0, v0 = row * DR / 4, col * DV / 4
    rx, tx = _grid(rng, [(r0, v0, 1.0)], noise_std=1e-6)
    m = range_doppler_map(rx, tx, _sg(window_range="hann", window_doppler="hann",
                                      n_range=4 * K, n_doppler=4 * L))
    for kind in ("CA", "OS"):
        d = detect_targets(m, pfa=1e-6, guard=(8, 8), train=(8, 8), kind=kind)
        if kind == "CA":
            assert len(d) == 1
        else:  # OS also reports the far window sidelobes of a noise-free target (its
            # 75 % order statistic is the noise floor there), but not the peak twice
            near = [x for x in d[1:]
                    if abs(_cyclic_error(x.range_m, r0, K * DR)) < 2 * DR
                    and abs(_cyclic_error(x.velocity_mps, v0, L * DV)) < 2 * DV]
            assert near == []
        assert abs(_cyclic_error(d[0].range_m, r0, K * DR)) < 0.05 * DR
        assert abs(_cyclic_error(d[0].velocity_mps, v0, L * DV)) < 0.05 * DV
        # reported inside the axis intervals [0, 64 DR) and [-16 DV, 16 DV)
        assert 0 <= d[0].range_m < K * DR
        assert -L * DV / 2 <= d[0].velocity_mps < L * DV / 2
