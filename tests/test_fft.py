"""Tests of ``ofdmisac._fft``: numpy agreement, dtypes, scipy fallback, plan cache."""

import numpy as np
import pytest

from ofdmisac import _fft


@pytest.fixture
def restore_backend():
    backend, threads = _fft.get_backend(), _fft.get_threads()
    yield
    _fft.set_backend(backend)
    _fft.set_threads(threads)


def _x(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape) + 1j * rng.standard_normal(shape)
    return x.real.astype(dtype) if np.dtype(dtype).kind == "f" else x.astype(dtype)


CASES = [(np.complex64, np.complex64, 2e-5), (np.complex128, np.complex128, 1e-12),
         (np.float32, np.complex64, 2e-5), (np.float64, np.complex128, 1e-12)]


@pytest.mark.parametrize("backend", ["pyfftw", "scipy"])
@pytest.mark.parametrize("norm", [None, "backward", "ortho", "forward"])
@pytest.mark.parametrize(("dtype", "out_dtype", "tol"), CASES)
def test_1d_matches_numpy(backend, norm, dtype, out_dtype, tol, restore_backend):
    _fft.set_backend(backend)
    x = _x((3, 5, 48), dtype)
    for ours, ref in ((_fft.fft, np.fft.fft), (_fft.ifft, np.fft.ifft)):
        for axis, n in ((-1, None), (1, None), (-1, 64), (0, 2)):
            got = ours(x, n=n, axis=axis, norm=norm)
            want = ref(x.astype(np.complex128), n=n, axis=axis, norm=norm)
            assert got.dtype == out_dtype
            assert got.shape == want.shape
            assert np.abs(got - want).max() <= tol * max(1.0, np.abs(want).max())


@pytest.mark.parametrize("backend", ["pyfftw", "scipy"])
@pytest.mark.parametrize("norm", ["backward", "ortho", "forward"])
@pytest.mark.parametrize(("dtype", "out_dtype", "tol"), CASES[:2])
def test_nd_matches_numpy(backend, norm, dtype, out_dtype, tol, restore_backend):
    _fft.set_backend(backend)
    x = _x((4, 6, 10), dtype, seed=1)
    for ours, ref in ((_fft.fftn, np.fft.fftn), (_fft.ifftn, np.fft.ifftn)):
        for axes, s in ((None, None), ((1, 2), None), ((-1, 0), (12, 3)), ((2,), (7,))):
            got = ours(x, s=s, axes=axes, norm=norm)
            want = ref(x.astype(np.complex128), s=s, axes=axes, norm=norm)
            assert got.dtype == out_dtype and got.shape == want.shape
            assert np.abs(got - want).max() <= tol * max(1.0, np.abs(want).max())


def test_round_trip_and_noncontiguous_input(restore_backend):
    _fft.set_backend("pyfftw")
    x = _x((16, 64), np.complex64)[:, ::2]  # strided view
    np.testing.assert_allclose(_fft.ifft(_fft.fft(x)), x, atol=1e-5)
    y = _x((8, 33), np.complex128).T  # transposed
    np.testing.assert_allclose(_fft.fft(y, axis=0), np.fft.fft(y, axis=0), atol=1e-12)
    # the input is never modified
    before = x.copy()
    _fft.ifft(x, norm="ortho")
    np.testing.assert_array_equal(x, before)


def test_plan_cache_reuse(restore_backend):
    _fft.set_backend("pyfftw")
    _fft.clear_plan_cache()
    x = _x((2, 128), np.complex64)
    _fft.fft(x, norm="ortho")
    n_plans = len(_fft._plans)
    plan = _fft.planned((2, 128), np.complex64, axes=(-1,), norm="ortho")
    assert len(_fft._plans) == n_plans  # same key as the call above
    _fft.fft(x * 2, norm="ortho")
    assert len(_fft._plans) == n_plans
    assert _fft.planned((2, 128), np.complex64, axes=(1,), norm="ortho") is plan
    _fft.ifft(x)  # a new direction/norm is a new plan
    assert len(_fft._plans) == n_plans + 1
    # the raw plan computes the same transform as the wrapper
    plan.input_array[:] = x
    plan()
    np.testing.assert_allclose(plan.output_array, _fft.fft(x, norm="ortho"), atol=1e-5)
    _fft.set_threads(_fft.get_threads() + 1)  # thread count is part of the key
    _fft.fft(x, norm="ortho")
    assert len(_fft._plans) == n_plans + 2
    _fft.clear_plan_cache()
    assert len(_fft._plans) == 0


def test_scipy_fallback_selected(restore_backend):
    _fft.set_backend("scipy")
    assert _fft.get_backend() == "scipy"
    n_plans = len(_fft._plans)
    x = _x((5, 32), np.complex64)
    got = _fft.fft(x, norm="ortho")
    assert got.dtype == np.complex64 and len(_fft._plans) == n_plans
    np.testing.assert_allclose(got, np.fft.fft(x, norm="ortho"), atol=1e-5)


def test_bad_input(restore_backend):
    with pytest.raises(ValueError, match=r"backend='cufft' is not allowed; choose one of 'pyfftw'"):
        _fft.set_backend("cufft")
    with pytest.raises(TypeError, match=r"n_threads=2\.0 is not allowed; use an integer >= 1"):
        _fft.set_threads(2.0)
    with pytest.raises(ValueError, match=r"dtype=float64 is not allowed; choose complex64"):
        _fft.workspace((4,), np.float64)
    with pytest.raises(ValueError, match=r"n_threads=0 is not allowed"):
        _fft.set_threads(0)
    with pytest.raises(ValueError, match=r"norm='unitary' is not allowed"):
        _fft.fft(np.ones(4), norm="unitary")
    with pytest.raises(ValueError, match=r"axis 2 is out of range"):
        _fft.fft(np.ones((2, 2)), axis=2)
    with pytest.raises(ValueError, match=r"repeats an axis"):
        _fft.fftn(np.ones((2, 2)), axes=(0, 0))
    with pytest.raises(ValueError, match=r"transform length 0 is not allowed"):
        _fft.fft(np.ones(4), n=0)
    with pytest.raises(ValueError, match=r"must have the same length"):
        _fft.fftn(np.ones((2, 2)), s=(2,), axes=(0, 1))
    with pytest.raises(TypeError, match=r"long double FFTs are not supported"):
        _fft.fft(np.ones(4, dtype=np.clongdouble))
    with pytest.raises(ValueError, match=r"effort='FAST' is not allowed"):
        _fft.set_planner_effort("FAST")


@pytest.mark.parametrize("backend", ["pyfftw", "scipy"])
@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
def test_dft_into_strided_views(backend, dtype, restore_backend):
    """The private fast path writes unnormalized DFTs into strided views, any alignment."""
    _fft.set_backend(backend)
    rng = np.random.default_rng(7)
    tol = 1e-4 if dtype == np.complex64 else 1e-10
    for offset in (0, 1, 3):  # pointer misalignment in elements
        buf = np.zeros(offset + 5 * 40, dtype)
        src = np.ndarray((5, 32), dtype, buffer=buf, offset=offset * buf.itemsize,
                         strides=(40 * buf.itemsize, buf.itemsize))
        src[...] = rng.standard_normal((5, 32)) + 1j * rng.standard_normal((5, 32))
        keep = buf.copy()
        dst = np.zeros((32, 5), dtype).T  # transposed destination
        _fft._dft_into(src, dst, axis=-1, inverse=False)
        np.testing.assert_allclose(dst, np.fft.fft(src, axis=-1), atol=tol * 32)
        np.testing.assert_array_equal(buf, keep)  # input preserved
        _fft._dft_into(src, dst, axis=-1, inverse=True)
        np.testing.assert_allclose(dst, np.fft.ifft(src, axis=-1) * 32, atol=tol * 32)
    with pytest.raises(ValueError, match=r"src and dst must be complex64/complex128"):
        _fft._dft_into(np.zeros(4), np.zeros(4), axis=0, inverse=False)
    with pytest.raises(ValueError, match=r"axis 2 is out of range for an array of 2 dim"):
        _fft._dft_into(src, dst, axis=2, inverse=False)


@pytest.mark.parametrize("backend", ["pyfftw", "scipy"])
def test_buffer_only_workspace(backend, restore_backend):
    """``workspace(..., plan=False)``: a cached aligned scratch buffer with a free ``tag``,
    separate from the planned workspace of the same shape, and no transform."""
    _fft.set_backend(backend)
    ws = _fft.workspace((3, 8), np.complex64, plan=False)
    assert ws.input.shape == (3, 8) and ws.input.dtype == np.complex64 and ws.output is None
    assert ws.tag is None
    ws.tag = "zero band"
    assert _fft.workspace((3, 8), np.complex64, plan=False) is ws  # cached, tag kept
    planned = _fft.workspace((3, 8), np.complex64, axes=(-1,))
    assert planned is not ws and planned.output is not None
    with pytest.raises(ValueError, match=r"made with plan=False and has no transform"):
        ws.execute()
    _fft.clear_plan_cache()
    assert _fft.workspace((3, 8), np.complex64, plan=False).tag is None


def test_workspace_fast_path_and_planner_key(restore_backend):
    """A repeated ``workspace`` call returns the cached object (fast path keyed by the
    arguments as given); the planner effort, thread count and backend are part of the key;
    ``clear_plan_cache`` empties both caches; a bad dtype is still rejected."""
    effort = _fft.get_planner_effort()
    a = _fft.workspace((2, 16), np.complex64, axes=(-1,))
    assert _fft.workspace((2, 16), np.complex64, axes=(-1,)) is a
    assert _fft.workspace((2, 16), np.dtype(np.complex64), axes=(-1,)) is a  # checked path
    _fft.set_threads(_fft.get_threads() + 1)
    assert _fft.workspace((2, 16), np.complex64, axes=(-1,)) is not a
    try:
        _fft.set_planner_effort("FFTW_MEASURE" if effort == "FFTW_ESTIMATE" else "FFTW_ESTIMATE")
        b = _fft.workspace((2, 16), np.complex64, axes=(-1,))
        assert b is not a
    finally:
        _fft.set_planner_effort(effort)
    _fft.clear_plan_cache()
    assert _fft.workspace((2, 16), np.complex64, axes=(-1,)) is not a
    for _ in range(2):  # not cached when rejected
        with pytest.raises(ValueError, match=r"dtype=float64 is not allowed"):
            _fft.workspace((2, 16), np.float64, axes=(-1,))
