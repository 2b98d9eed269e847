"""The one FFT backend of ofdmisac (DESIGN.md convention 7).

Planned pyFFTW transforms, with plans cached by (shape, dtype, axes, direction,
normalization, threads), and a ``scipy.fft`` fallback used when pyFFTW is not
importable, when the environment variable ``OFDMISAC_FFT=scipy`` is set, or when
:func:`set_backend` selects it.

Normalization follows numpy's ``norm`` argument: ``"backward"`` (forward
unscaled, inverse scaled by 1/N), ``"ortho"`` (both scaled by 1/sqrt(N)) and
``"forward"`` (forward scaled by 1/N, inverse unscaled).

All functions preserve single precision: complex64 in, complex64 out; real input
is promoted to the matching complex type.
"""

from __future__ import annotations

import os
import threading

import numpy as np
import scipy.fft

from ._validation import check_choice, check_dtype, check_int

try:  # pragma: no cover - exercised depending on the environment
    import pyfftw

    _HAVE_PYFFTW = True
except ImportError:  # pragma: no cover
    pyfftw = None
    _HAVE_PYFFTW = False

__all__ = [
    "fft", "ifft", "fftn", "ifftn", "get_backend", "set_backend", "set_threads", "get_threads",
    "clear_plan_cache", "planned"
]

_NORMS = ("backward", "ortho", "forward")
_PLANNER_EFFORTS = ("FFTW_ESTIMATE", "FFTW_MEASURE", "FFTW_PATIENT", "FFTW_EXHAUSTIVE")

_state = {
    "backend": "pyfftw" if (_HAVE_PYFFTW and os.environ.get("OFDMISAC_FFT", "").lower() != "scipy")
    else "scipy",
    "threads": int(os.environ.get("OFDMISAC_FFT_THREADS", os.cpu_count() or 1)),
    "effort": os.environ.get("OFDMISAC_FFT_PLANNER", "FFTW_MEASURE"),
}
_plans: dict = {}
_lock = threading.Lock()


def get_backend() -> str:
    """Return the active backend name, ``"pyfftw"`` or ``"scipy"``."""
    return _state["backend"]


def set_backend(name: str) -> None:
    """Select the FFT backend: ``"pyfftw"`` (if importable) or ``"scipy"``."""
    check_choice("backend", name, ("pyfftw", "scipy"))
    if name == "pyfftw" and not _HAVE_PYFFTW:
        raise ValueError("backend='pyfftw' is not available: pyFFTW is not importable")
    _state["backend"] = name


def set_threads(n_threads: int) -> None:
    """Set the number of threads used by FFT plans (cached plans are rebuilt lazily)."""
    _state["threads"] = check_int("n_threads", n_threads, minimum=1)


def get_threads() -> int:
    """Return the number of threads FFT plans use."""
    return _state["threads"]


def set_planner_effort(effort: str) -> None:
    """Set the FFTW planner effort used for new plans (default ``FFTW_MEASURE``)."""
    check_choice("effort", effort, _PLANNER_EFFORTS)
    _state["effort"] = effort


def clear_plan_cache() -> None:
    """Forget all cached pyFFTW plans."""
    with _lock:
        _plans.clear()
        _strided_plans.clear()
        _workspaces.clear()


def _complex_dtype(x: np.ndarray) -> np.dtype:
    if x.dtype in (np.complex64, np.float32, np.float16):
        return np.dtype(np.complex64)
    if x.dtype == np.clongdouble or x.dtype == np.longdouble:
        raise TypeError("long double FFTs are not supported; use complex128 or complex64")
    return np.dtype(np.complex128)


def _normalize_axes(ndim: int, axes) -> tuple[int, ...]:
    if axes is None:
        axes = tuple(range(ndim))
    elif np.isscalar(axes):
        axes = (int(axes),)
    out = []
    for ax in axes:
        a = int(ax)
        if not -ndim <= a < ndim:
            raise ValueError(f"axis {ax} is out of range for an array of {ndim} dimensions")
        out.append(a % ndim)
    if len(set(out)) != len(out):
        raise ValueError(f"axes={tuple(axes)} repeats an axis")
    return tuple(out)


def _get_plan(shape, dtype, axes, inverse, norm):
    key = (shape, dtype.str, axes, inverse, norm, _state["threads"], _state["effort"])
    plan = _plans.get(key)
    if plan is None:
        with _lock:
            plan = _plans.get(key)
            if plan is None:
                a = pyfftw.empty_aligned(shape, dtype=dtype)
                b = pyfftw.empty_aligned(shape, dtype=dtype)
                plan = pyfftw.FFTW(
                    a,
                    b,
                    axes=axes,
                    direction="FFTW_BACKWARD" if inverse else "FFTW_FORWARD",
                    flags=(_state["effort"],),
                    threads=_state["threads"],
                    normalise_idft=(norm == "backward"),
                    ortho=(norm == "ortho"),
                )
                _plans[key] = plan
    return plan


def _pad_or_crop(x: np.ndarray, s, axes) -> np.ndarray:
    if s is None:
        return x
    if len(s) != len(axes):
        raise ValueError(f"s={tuple(s)} and axes={axes} must have the same length")
    for n_out, ax in zip(s, axes, strict=True):
        n_out = int(n_out)
        if n_out < 1:
            raise ValueError(f"transform length {n_out} is not allowed; use an integer >= 1")
        n_in = x.shape[ax]
        if n_out < n_in:
            x = np.take(x, np.arange(n_out), axis=ax)
        elif n_out > n_in:
            pad = [(0, 0)] * x.ndim
            pad[ax] = (0, n_out - n_in)
            x = np.pad(x, pad)
    return x


def _transform(x, s, axes, norm, inverse):
    if norm is None:
        norm = "backward"
    check_choice("norm", norm, _NORMS)
    x = np.asarray(x)
    axes = _normalize_axes(x.ndim, axes)
    dtype = _complex_dtype(x)
    x = _pad_or_crop(x, s, axes)
    if _state["backend"] == "scipy":
        func = scipy.fft.ifftn if inverse else scipy.fft.fftn
        return func(x.astype(dtype, copy=False), axes=axes, norm=norm, workers=_state["threads"])
    # pyFFTW's normalise_idft=False moves the 1/N to the forward transform, which is
    # numpy's norm='forward'; ortho=True scales both by 1/sqrt(N).
    plan = _get_plan(x.shape, dtype, axes, inverse, norm)
    out = pyfftw.empty_aligned(x.shape, dtype=dtype)
    plan(input_array=x.astype(dtype, copy=False), output_array=out)
    return out


_strided_plans: dict = {}


def _view_span(shape, strides, itemsize) -> int:
    return itemsize + sum((n - 1) * st for n, st in zip(shape, strides, strict=True))


def _scratch_like(view: np.ndarray, misalign: int) -> np.ndarray:
    """A scratch array with the shape, strides and pointer misalignment of ``view``."""
    span = _view_span(view.shape, view.strides, view.itemsize)
    raw = pyfftw.empty_aligned(span + misalign, dtype=np.uint8)
    return np.ndarray(view.shape, view.dtype, buffer=raw, offset=misalign, strides=view.strides)


def _dft_into(src: np.ndarray, dst: np.ndarray, axis: int, inverse: bool,
              destroy_input: bool = False) -> None:
    """Unnormalized DFT of ``src`` along ``axis`` written into ``dst`` (private fast path).

    ``src`` and ``dst`` are complex arrays of the same shape and dtype, with any positive
    strides (e.g. strided views into a larger waveform), that do not overlap. The forward
    transform is ``sum_n x[n] exp(-2j pi k n / N)``, the inverse the same with ``+`` and no
    ``1/N``. With pyFFTW, plans are cached by shape, strides, dtype and pointer alignment
    and executed on the given arrays directly (no copies); ``destroy_input`` lets FFTW use
    ``src`` as scratch. With the scipy backend the result is computed and copied into ``dst``.
    """
    if src.shape != dst.shape or src.dtype != dst.dtype or src.dtype not in (
            np.complex64, np.complex128):
        raise ValueError("src and dst must be complex64/complex128 arrays of one shape and dtype")
    if not -src.ndim <= axis < src.ndim:
        raise ValueError(f"axis {axis} is out of range for an array of {src.ndim} dimensions")
    axis %= src.ndim
    if _state["backend"] == "scipy":
        if inverse:
            dst[...] = scipy.fft.ifft(src, axis=axis, norm="forward", workers=_state["threads"])
        else:
            dst[...] = scipy.fft.fft(src, axis=axis, workers=_state["threads"])
        return
    align = pyfftw.simd_alignment
    src_mis = src.__array_interface__["data"][0] % align
    dst_mis = dst.__array_interface__["data"][0] % align
    key = (src.shape, src.strides, dst.strides, src.dtype.str, axis, inverse, destroy_input,
           src_mis, dst_mis, _state["threads"], _state["effort"])
    with _lock:
        entry = _strided_plans.get(key)
        if entry is None:
            a, b = _scratch_like(src, src_mis), _scratch_like(dst, dst_mis)
            flags = (_state["effort"],) + (("FFTW_DESTROY_INPUT",) if destroy_input else ())
            plan = pyfftw.FFTW(a, b, axes=(axis,),
                               direction="FFTW_BACKWARD" if inverse else "FFTW_FORWARD",
                               flags=flags, threads=_state["threads"], normalise_idft=False,
                               ortho=False)
            entry = _strided_plans[key] = (plan, a, b)
        plan, a, b = entry
        plan.update_arrays(src, dst)
        plan.execute()
        plan.update_arrays(a, b)  # do not keep the caller's arrays alive


def fftn(x, s=None, axes=None, norm="backward") -> np.ndarray:
    """N-dimensional forward DFT over ``axes`` (all axes by default).

    ``X[k] = sum_n x[n] exp(-2j pi k n / N)`` with the scaling given by ``norm``.
    ``s`` zero-pads (or crops) each transformed axis to the given length.
    """
    return _transform(x, s, axes, norm, inverse=False)


def ifftn(x, s=None, axes=None, norm="backward") -> np.ndarray:
    """N-dimensional inverse DFT over ``axes``, ``x[n] = (1/N) sum_k X[k] exp(2j pi k n / N)``
    for ``norm="backward"``."""
    return _transform(x, s, axes, norm, inverse=True)


def fft(x, n=None, axis=-1, norm="backward") -> np.ndarray:
    """One-dimensional forward DFT along ``axis`` (optionally zero-padded to ``n``)."""
    return _transform(x, None if n is None else (n,), (axis,), norm, inverse=False)


def ifft(x, n=None, axis=-1, norm="backward") -> np.ndarray:
    """One-dimensional inverse DFT along ``axis`` (optionally zero-padded to ``n``)."""
    return _transform(x, None if n is None else (n,), (axis,), norm, inverse=True)


def planned(shape, dtype=np.complex64, axes=None, inverse=False, norm="backward"):
    """Return the raw cached ``pyfftw.FFTW`` plan for a shape (benchmark reference).

    Only available with the pyFFTW backend. The returned object executes with
    ``plan()`` on its own internal arrays ``plan.input_array``/``plan.output_array``.
    """
    if not _HAVE_PYFFTW:
        raise ValueError("planned() needs pyFFTW, which is not importable")
    shape = tuple(int(n) for n in shape)
    axes = _normalize_axes(len(shape), axes)
    return _get_plan(shape, np.dtype(dtype), axes, inverse, norm)


class Workspace:
    """Private input and output buffers with a cached unnormalized transform between them.

    Attributes
    ----------
    input, output : numpy.ndarray
        Aligned buffers of the workspace's shape and dtype. Fill ``input`` (it is preserved
        by :meth:`execute`), call :meth:`execute`, read ``output``. Both are overwritten by
        the next user: copy what must be kept.
    lock : threading.Lock
        Hold it while filling, executing and reading (workspaces are shared per shape).
    tag : object
        Free for the user to record what ``input`` holds between uses (e.g. which zero
        padding is already in place); None for a new workspace.

    A workspace made with ``plan=False`` holds only the aligned ``input`` buffer (``output``
    is None and :meth:`execute` raises): a cached scratch buffer for callers that run their
    own transforms out of it (e.g. with ``_dft_into`` into strided views), which saves
    allocating, and page-faulting, a large buffer per call.
    """

    def __init__(self, shape, dtype, axes, inverse, plan=True):
        self.shape, self.dtype, self.axes, self.inverse = shape, dtype, axes, inverse
        self.lock = threading.Lock()
        self.tag = None
        if not plan:
            self.input = (pyfftw.empty_aligned(shape, dtype=dtype) if _HAVE_PYFFTW
                          else np.empty(shape, dtype=dtype))
            self.output = self._plan = None
        elif _state["backend"] == "pyfftw":
            self.input = pyfftw.empty_aligned(shape, dtype=dtype)
            self.output = pyfftw.empty_aligned(shape, dtype=dtype)
            self._plan = pyfftw.FFTW(self.input, self.output, axes=axes,
                                     direction="FFTW_BACKWARD" if inverse else "FFTW_FORWARD",
                                     flags=(_state["effort"],), threads=_state["threads"],
                                     normalise_idft=False, ortho=False)
        else:
            self.input = np.zeros(shape, dtype=dtype)
            self.output = np.zeros(shape, dtype=dtype)
            self._plan = None

    def execute(self) -> None:
        """Transform ``input`` into ``output``: ``sum_n x[n] exp(-+2j pi k n / N)``, no
        scaling (the sign is ``+`` for an inverse workspace)."""
        if self.output is None:
            raise ValueError("this workspace was made with plan=False and has no transform")
        if self._plan is not None:
            self._plan.execute()
        elif self.inverse:
            self.output[...] = scipy.fft.ifftn(self.input, axes=self.axes, norm="forward",
                                               workers=_state["threads"])
        else:
            self.output[...] = scipy.fft.fftn(self.input, axes=self.axes,
                                              workers=_state["threads"])


_workspaces: dict = {}


def workspace(shape, dtype=np.complex64, axes=None, inverse=False, plan=True) -> Workspace:
    """Return the cached :class:`Workspace` for a shape (private fast path for estimators
    that fill the transform input in place, e.g. the range-Doppler map; ``plan=False``: the
    input buffer only, e.g. the scratch buffers of OFDM modulation)."""
    shape = tuple(int(n) for n in shape)
    dtype = check_dtype("dtype", dtype)
    if plan:
        axes = _normalize_axes(len(shape), axes)
        key = (shape, dtype.str, axes, bool(inverse), _state["backend"], _state["threads"],
               _state["effort"])
    else:  # a scratch buffer: axes, direction and planner state do not matter
        key = (shape, dtype.str, "buffer only")
    with _lock:
        ws = _workspaces.get(key)
        if ws is None:
            ws = _workspaces[key] = Workspace(shape, dtype, axes, bool(inverse), bool(plan))
    return ws


def _after_fork_in_child() -> None:
    """FFTW's worker threads do not survive ``fork``: a multithreaded plan executed in a
    forked child (e.g. a ``ProcessPoolExecutor`` worker) waits forever. The child drops the
    cached plans and plans single-threaded from then on (one worker per core is the usual
    process-pool layout anyway). Locks possibly held by other parent threads are replaced."""
    global _lock
    _lock = threading.Lock()
    _state["threads"] = 1
    _plans.clear()
    _strided_plans.clear()
    _workspaces.clear()


if hasattr(os, "register_at_fork"):  # pragma: no branch
    os.register_at_fork(after_in_child=_after_fork_in_child)
