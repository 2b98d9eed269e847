"""The tuned 2-D CFAR (flat doubling window sums for CA, segment gather and partition for OS)
against the cell-by-cell reference of ``ofdmisac/estimators/radar/_cfar_reference.py``; both
wrap the training window along range and Doppler.

Tolerances. OS selects the same training cell as the reference and multiplies by the same
``alpha`` (``os_cfar_alpha``, a deterministic bisection): float64 thresholds are bitwise
equal, float32 thresholds are the reference rounded once to float32 (bitwise). CA: the
tuned sums are trees of additions of non-negative cells (no box differences, so no
cancellation next to a strong target) of depth ``D = _ring_depth(guard, train)``; with the
scaling by ``alpha / N`` and its rounding the relative error is at most ``(D + 2) u`` in the
map's precision (``u = 2^-24`` float32, ``2^-53`` float64), and the float64 reference
(pairwise mean, times ``alpha``) adds at most ``(ceil(log2 N) + 3) u_64``. Detections
(``power > threshold``) agree except where the power lies within that bound of the
threshold, where either answer is rounding.
"""

import numpy as np
import pytest

from ofdmisac.estimators import cfar_2d, os_cfar_alpha
from ofdmisac.estimators.radar._cfar import _ring_depth
from ofdmisac.estimators.radar._cfar_reference import (
    cfar_2d_reference,
    training_offsets_reference,
)

U64 = 2.0**-53


def _map(rng, shape, n_targets=4, dtype=np.float64):
    """Exponential (square-law) noise of mean 1 plus a few strong targets (20-40 dB)."""
    p = rng.exponential(size=shape)
    flat = p.reshape((-1,) + shape[-2:])
    for m in flat:
        rows = rng.integers(0, shape[-2], n_targets)
        cols = rng.integers(0, shape[-1], n_targets)
        m[rows, cols] += 10 ** rng.uniform(2, 4, n_targets)
    return p.astype(dtype)


def _rtol(kind, dtype, guard, train):
    """The stated bound on |tuned - reference| / reference (module docstring)."""
    if kind == "OS":
        return 0.0 if dtype == np.float64 else 2.0**-24
    u = 2.0**-24 if dtype == np.float32 else U64
    n = training_offsets_reference(guard=guard, train=train)[0].size
    return (_ring_depth(*guard, *train) + 2) * u + (np.ceil(np.log2(n)) + 3) * U64


def _compare(p, kind="CA", guard=(1, 1), train=(4, 4), **opts):
    det, thr = cfar_2d(p, kind=kind, guard=guard, train=train, **opts)
    det_ref, thr_ref = cfar_2d_reference(p, kind=kind, guard=guard, train=train, **opts)
    assert thr.shape == thr_ref.shape == p.shape and det.shape == p.shape
    assert thr.dtype == (np.float32 if p.dtype == np.float32 else np.float64)
    rtol = _rtol(kind, p.dtype, guard, train)
    if kind == "OS":  # bitwise: the same cell times the same alpha, rounded once
        assert np.array_equal(thr, thr_ref.astype(thr.dtype))
    else:
        np.testing.assert_allclose(thr, thr_ref, rtol=rtol, atol=0)
    ambiguous = np.abs(p - thr_ref) <= max(rtol, 2.0**-24) * np.abs(thr_ref)
    assert np.array_equal(det[~ambiguous], det_ref[~ambiguous])
    return det_ref, thr_ref


def test_training_geometry():
    """The reference's training cells: guard box removed, the same N for every cell."""
    di, dj = training_offsets_reference(guard=(1, 1), train=(4, 4))
    assert di.size == 11 * 11 - 3 * 3 and not np.any((np.abs(di) <= 1) & (np.abs(dj) <= 1))
    assert set(di) == set(range(-5, 6)) and set(dj) == set(range(-5, 6))
    di, dj = training_offsets_reference(guard=(0, 0), train=(2, 1))
    assert set(di) == {-2, -1, 0, 1, 2} and di.size == 5 * 3 - 1


def test_reference_by_hand():
    """CA on a 3 x 5 map, guard 0, train (1, 1): cell (0, 0) averages 8 cells wrapped along
    both axes (rows 2, 0, 1; columns 4, 0, 1)."""
    p = np.arange(15, dtype=float).reshape(3, 5) + 1.0
    _, thr = cfar_2d_reference(p, kind="CA", pfa=1e-3, guard=(0, 0), train=(1, 1))
    cells = [p[2, 4], p[2, 0], p[2, 1], p[0, 4], p[0, 1], p[1, 4], p[1, 0], p[1, 1]]
    alpha = 8 * (1e-3 ** (-1 / 8) - 1)
    assert thr[0, 0] == pytest.approx(alpha * np.mean(cells), rel=1e-14)
    _, thr = cfar_2d_reference(p, kind="OS", pfa=1e-3, guard=(0, 0), train=(1, 1),
                               rank_fraction=0.5)  # k = ceil(4) = 4
    assert thr[0, 0] == pytest.approx(os_cfar_alpha(1e-3, 8, 4) * np.sort(cells)[3], rel=1e-14)


GEOMETRIES = [
    ((1, 1), (4, 4)),
    ((0, 0), (2, 3)),  # zero guard
    ((0, 2), (1, 2)),
    ((2, 1), (3, 0)),  # no Doppler training beyond the guard columns
    ((1, 0), (0, 3)),  # no range training beyond the guard rows
    ((8, 8), (8, 8)),  # the pipeline's window (800 training cells)
]


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("kind", ["CA", "OS"])
@pytest.mark.parametrize(("guard", "train"), GEOMETRIES)
def test_single_map(kind, guard, train, dtype):
    rng = np.random.default_rng(1)
    p = _map(rng, (40, 36), dtype=dtype)
    det, _ = _compare(p, kind=kind, pfa=1e-4, guard=guard, train=train)
    assert det.any()


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("kind", ["CA", "OS"])
@pytest.mark.parametrize("rank_fraction", [0.75, 0.5, 1.0])
def test_batched_maps(kind, rank_fraction, dtype):
    rng = np.random.default_rng(2)
    p = _map(rng, (3, 2, 20, 16), dtype=dtype)
    _compare(p, kind=kind, pfa=1e-5, guard=(1, 2), train=(3, 2), rank_fraction=rank_fraction)


@pytest.mark.parametrize("kind", ["CA", "OS"])
def test_blocks_and_wrap_of_a_large_map(kind, monkeypatch):
    """Small blocks (several row bands, rows wrapped at both ends of the map) give the same
    thresholds as one block, and both match the reference."""
    from ofdmisac.estimators.radar import _cfar

    rng = np.random.default_rng(6)
    p = _map(rng, (2, 70, 30), n_targets=6, dtype=np.float32)
    det, thr = cfar_2d(p, kind=kind, pfa=1e-4, guard=(2, 1), train=(3, 4))
    monkeypatch.setattr(_cfar, "_BLOCK_BYTES", 8000)  # bands of ~20 rows
    monkeypatch.setattr(_cfar, "_OS_ELEMENTS", 3000)  # a few rows per chunk
    det_b, thr_b = cfar_2d(p, kind=kind, pfa=1e-4, guard=(2, 1), train=(3, 4))
    assert np.array_equal(thr, thr_b) and np.array_equal(det, det_b)
    _compare(p, kind=kind, pfa=1e-4, guard=(2, 1), train=(3, 4))


@pytest.mark.parametrize("kind", ["CA", "OS"])
def test_window_exactly_the_map_size(kind):
    """2 (g + t) + 1 = n along both axes: each training row and column covers the whole
    circle."""
    rng = np.random.default_rng(4)
    p = _map(rng, (11, 9), n_targets=2)
    _compare(p, kind=kind, pfa=1e-3, guard=(1, 1), train=(4, 3))


def test_window_wider_than_the_map_is_refused():
    with pytest.raises(ValueError, match=r"train=\(4, 4\) is not allowed; use a range window "
                       r"2\*\(guard\+train\)\+1=11 that does not exceed n_range=9"):
        cfar_2d(np.ones((9, 16)), guard=(1, 1), train=(4, 4))
    with pytest.raises(ValueError, match="does not exceed n_doppler=8"):
        cfar_2d(np.ones((16, 8)), guard=(1, 1), train=(4, 4))


def test_strong_targets_do_not_break_ca_precision():
    """60 dB targets: no box differences, so the thresholds next to them keep the bound."""
    rng = np.random.default_rng(5)
    for dtype in (np.float64, np.float32):
        p = rng.exponential(size=(64, 32)).astype(dtype)
        p[10, 3] = p[50, 30] = p[0, 0] = 1e6
        _compare(p, kind="CA", pfa=1e-6, guard=(1, 1), train=(4, 4))
