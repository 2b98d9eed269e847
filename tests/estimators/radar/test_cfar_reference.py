"""The tuned 2-D CFAR (cumulative-sum box sums for CA, sliding-window sort for OS) equals the
cell-by-cell reference of ``ofdmisac/estimators/radar/_cfar_reference.py``.

Tolerances: both sides are float64 and use the same multipliers (``ca_cfar_alpha``,
``os_cfar_alpha``: deterministic element-wise bisection). OS picks the same training value,
so only the multiplier's rounding differs (~1e-16). CA box sums are differences of
cumulative sums over the whole (Doppler-extended) map, so their absolute error is ~eps64 x
the largest cumulative sum, relative to a local sum of ~N noise cells: with targets of at
most 1e4 x the noise and maps of ~1e3 cells this is ~1e-16 x 1e5 / 10 ~ 1e-12 of the
threshold. Thresholds: rtol 1e-9. Detections (``power > threshold``) must agree except where
the power lies within 1e-9 (relative) of the threshold, where either answer is rounding.
"""

import numpy as np
import pytest

from ofdmisac.estimators import cfar_2d
from ofdmisac.estimators.radar._cfar_reference import (
    cfar_2d_reference,
    training_offsets_reference,
)

RTOL = 1e-9


def _map(rng, shape, n_targets=4):
    """Exponential (square-law) noise of mean 1 plus a few strong targets (20-40 dB)."""
    p = rng.exponential(size=shape)
    flat = p.reshape((-1,) + shape[-2:])
    for m in flat:
        rows = rng.integers(0, shape[-2], n_targets)
        cols = rng.integers(0, shape[-1], n_targets)
        m[rows, cols] += 10 ** rng.uniform(2, 4, n_targets)
    return p


def _compare(p, **opts):
    det, thr = cfar_2d(p, **opts)
    det_ref, thr_ref = cfar_2d_reference(p, **opts)
    assert thr.shape == thr_ref.shape == p.shape and det.shape == p.shape
    np.testing.assert_allclose(thr, thr_ref, rtol=RTOL, atol=0)
    ambiguous = np.abs(p - thr_ref) <= RTOL * np.abs(thr_ref)
    assert np.array_equal(det[~ambiguous], det_ref[~ambiguous])
    return det_ref, thr_ref


def test_training_geometry():
    """The reference's training cells: guard box removed, range truncated, count per row."""
    di, dj = training_offsets_reference(5, 20, guard=(1, 1), train=(4, 4))
    assert di.size == 11 * 11 - 3 * 3 and not np.any((np.abs(di) <= 1) & (np.abs(dj) <= 1))
    di, dj = training_offsets_reference(0, 20, guard=(1, 1), train=(4, 4))
    assert di.min() == 0 and di.size == 6 * 11 - 2 * 3  # rows 0..5 only
    di, _ = training_offsets_reference(1, 3, guard=(0, 0), train=(2, 1))
    assert set(di) == {-1, 0, 1} and di.size == 3 * 3 - 1


def test_reference_by_hand():
    """CA on a 3 x 5 map, guard 0, train (1, 1): cell (0, 0) averages 5 wrapped cells."""
    p = np.arange(15, dtype=float).reshape(3, 5) + 1.0
    _, thr = cfar_2d_reference(p, kind="CA", pfa=1e-3, guard=(0, 0), train=(1, 1))
    cells = [p[0, 4], p[0, 1], p[1, 4], p[1, 0], p[1, 1]]
    alpha = 5 * (1e-3 ** (-1 / 5) - 1)
    assert thr[0, 0] == pytest.approx(alpha * np.mean(cells), rel=1e-14)
    _, thr = cfar_2d_reference(p, kind="OS", pfa=1e-3, guard=(0, 0), train=(1, 1),
                               rank_fraction=0.5)  # k = ceil(2.5) = 3
    from ofdmisac.estimators import os_cfar_alpha
    assert thr[0, 0] == pytest.approx(os_cfar_alpha(1e-3, 5, 3) * np.sort(cells)[2], rel=1e-14)


GEOMETRIES = [
    ((1, 1), (4, 4)),
    ((0, 0), (2, 3)),  # zero guard
    ((0, 2), (1, 2)),
    ((2, 1), (3, 0)),  # no Doppler training beyond the guard columns
    ((1, 0), (0, 3)),  # no range training beyond the guard rows
]


@pytest.mark.parametrize("kind", ["CA", "OS"])
@pytest.mark.parametrize(("guard", "train"), GEOMETRIES)
def test_single_map(kind, guard, train):
    rng = np.random.default_rng(1)
    p = _map(rng, (40, 24))
    det, _ = _compare(p, kind=kind, pfa=1e-4, guard=guard, train=train)
    assert det.any()


@pytest.mark.parametrize("kind", ["CA", "OS"])
@pytest.mark.parametrize("rank_fraction", [0.75, 0.5, 1.0])
def test_batched_maps(kind, rank_fraction):
    rng = np.random.default_rng(2)
    p = _map(rng, (3, 2, 20, 16))
    _compare(p, kind=kind, pfa=1e-5, guard=(1, 2), train=(3, 2), rank_fraction=rank_fraction)


@pytest.mark.parametrize("kind", ["CA", "OS"])
@pytest.mark.parametrize("n_range", [1, 2, 5, 9])
def test_map_narrower_than_window_in_range(kind, n_range):
    """Range window 2 (1 + 4) + 1 = 11 rows: every row truncated, some on both sides."""
    rng = np.random.default_rng(3)
    p = _map(rng, (2, n_range, 16), n_targets=1)
    _compare(p, kind=kind, pfa=1e-3, guard=(1, 1), train=(4, 4))


@pytest.mark.parametrize("kind", ["CA", "OS"])
def test_doppler_window_exactly_the_map_width(kind):
    """2 (g_d + t_d) + 1 = n_doppler: each training row covers the whole Doppler circle."""
    rng = np.random.default_rng(4)
    p = _map(rng, (12, 9), n_targets=2)
    _compare(p, kind=kind, pfa=1e-3, guard=(1, 1), train=(2, 3))


def test_strong_targets_do_not_break_ca_precision():
    """60 dB targets: the CA cumulative sums still give thresholds to ~1e-11."""
    rng = np.random.default_rng(5)
    p = rng.exponential(size=(64, 32))
    p[10, 3] = p[50, 30] = 1e6
    _compare(p, kind="CA", pfa=1e-6, guard=(1, 1), train=(4, 4))
