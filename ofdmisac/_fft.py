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

Determinism (issue 11): the same inputs give the same bits in every process (a fresh
interpreter, a spawn or fork process pool, a Dask worker), whatever the thread count.
FFTW's measuring planners (``FFTW_MEASURE`` and up) time candidate algorithms, so two
processes pick different algorithms for one size and their results differ in the last bits
(measured: 1e-7..5e-6 relative). The default planner is therefore ``FFTW_ESTIMATE``, whose
plan depends only on the problem (size, strides, dtype, the pointers' 16-byte alignment) and
the FFTW build, and which plans any size in about a millisecond (no first-call cost to
cache). FFTW also reuses *wisdom* (measured plans remembered in the process) when planning
with ``FFTW_ESTIMATE``, so an estimate plan is made after ``pyfftw.forget_wisdom()``. The
transforms of this module and of the kernels built on it (OFDM, range-Doppler) do not
depend on the input arrays' addresses (misaligned arrays are planned for or copied to
aligned buffers). Measurements: ``benchmarks/RESULTS.md`` (2026-12-01, fft).

Opt-in measured plans: ``OFDMISAC_FFT_PLANNER=FFTW_MEASURE`` (or :func:`set_planner_effort`)
selects faster plans for some sizes (range-Doppler maps 1.05-1.35x faster), measured
once per size and machine and persisted as FFTW wisdom in ``$OFDMISAC_CACHE_DIR/fftw``
(default ``$XDG_CACHE_HOME/ofdmisac/fftw``, i.e. ``~/.cache/ofdmisac/fftw``). Planning runs
under a file lock that also merges the cached wisdom, so processes sharing the cache
directory and the thread count use the same plans and get the same bits, and a new
process's first transform of a size seen before does no measuring. The results are then a
function of the cache's content: delete the directory (or call :func:`clear_wisdom_cache`)
and they may change. ``OFDMISAC_FFT_WISDOM=off`` disables the cache (measured plans then
differ per process).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
from pathlib import Path

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
    "set_planner_effort", "get_planner_effort", "clear_plan_cache", "planned", "cache_dir",
    "clear_wisdom_cache",
]

_NORMS = ("backward", "ortho", "forward")
_PLANNER_EFFORTS = ("FFTW_ESTIMATE", "FFTW_MEASURE", "FFTW_PATIENT", "FFTW_EXHAUSTIVE")

_DEFAULT_EFFORT = "FFTW_ESTIMATE"

_state = {
    "backend": "pyfftw" if (_HAVE_PYFFTW and os.environ.get("OFDMISAC_FFT", "").lower() != "scipy")
    else "scipy",
    "threads": int(os.environ.get("OFDMISAC_FFT_THREADS", os.cpu_count() or 1)),
    "effort": check_choice(
        "OFDMISAC_FFT_PLANNER", os.environ.get("OFDMISAC_FFT_PLANNER") or _DEFAULT_EFFORT,
        _PLANNER_EFFORTS),
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
    """Set the FFTW planner effort used for new plans (default ``FFTW_ESTIMATE``, the
    deterministic one; see the module docstring)."""
    check_choice("effort", effort, _PLANNER_EFFORTS)
    _state["effort"] = effort


def get_planner_effort() -> str:
    """Return the FFTW planner effort used for new plans."""
    return _state["effort"]


def cache_dir() -> Path:
    """The user cache directory of ofdmisac: ``$OFDMISAC_CACHE_DIR`` if set, else
    ``$XDG_CACHE_HOME/ofdmisac`` (default ``~/.cache/ofdmisac``). Not created here."""
    env = os.environ.get("OFDMISAC_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "ofdmisac"


def _wisdom_enabled() -> bool:
    value = os.environ.get("OFDMISAC_FFT_WISDOM", "on").strip().lower()
    return value not in ("0", "off", "false", "no")


def _wisdom_path() -> Path:
    version = str(getattr(pyfftw, "__version__", "unknown")).replace(os.sep, "_")
    return cache_dir() / "fftw" / f"wisdom-pyfftw-{version}.bin"


_WISDOM_MAGIC = b"ofdmisac fftw wisdom 1\n"


def _read_wisdom(path: Path):
    """The three wisdom strings (double, single, long double) of a cache file, or None for
    a missing or malformed file (the cache is only an optimization)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.startswith(_WISDOM_MAGIC):
        return None
    parts, pos = [], len(_WISDOM_MAGIC)
    for _ in range(3):
        n = int.from_bytes(data[pos:pos + 8], "little")
        parts.append(data[pos + 8:pos + 8 + n])
        pos += 8 + n
    return tuple(parts) if pos == len(data) else None


def _write_wisdom(path: Path, wisdom) -> None:
    """Atomic write: a temporary file in the same directory, then ``os.replace``."""
    blob = _WISDOM_MAGIC + b"".join(len(w).to_bytes(8, "little") + w for w in wisdom)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".wisdom-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(blob)
        os.replace(tmp, path)
    except OSError:  # pragma: no cover - a full or read-only disk: keep no cache
        with contextlib.suppress(OSError):
            os.unlink(tmp)


@contextlib.contextmanager
def _wisdom_lock(path: Path):
    """Exclusive lock on ``<cache>/fftw/wisdom.lock`` between processes (POSIX ``flock``;
    no inter-process lock where ``fcntl`` is missing)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    with open(path.parent / "wisdom.lock", "a+b") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def clear_wisdom_cache() -> None:
    """Delete the persisted FFTW wisdom (the folder ``cache_dir() / "fftw"``), forget the
    wisdom of this process and its cached plans: measured plans are measured again."""
    folder = cache_dir() / "fftw"
    if folder.is_dir():
        for f in folder.iterdir():
            with contextlib.suppress(OSError):
                f.unlink()
        with contextlib.suppress(OSError):
            folder.rmdir()
    if _HAVE_PYFFTW:
        pyfftw.forget_wisdom()
    clear_plan_cache()


def _make_plan(a, b, *, axes, inverse, extra_flags=(), normalise_idft=False, ortho=False):
    """``pyfftw.FFTW(a, b, ...)`` planned with the current effort and thread count.

    ``FFTW_ESTIMATE``: after forgetting the process's wisdom (FFTW would otherwise reuse
    measured plans, which are not reproducible). Measuring efforts: under the cache's file
    lock, with the cached wisdom imported first and the merged wisdom written back when it
    grew (see the module docstring)."""
    effort = _state["effort"]
    kwargs = dict(axes=axes, direction="FFTW_BACKWARD" if inverse else "FFTW_FORWARD",
                  flags=(effort, *extra_flags), threads=_state["threads"],
                  normalise_idft=normalise_idft, ortho=ortho)
    if effort == "FFTW_ESTIMATE":
        pyfftw.forget_wisdom()
        return pyfftw.FFTW(a, b, **kwargs)
    if not _wisdom_enabled():
        return pyfftw.FFTW(a, b, **kwargs)
    path = _wisdom_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _wisdom_lock(path):
            cached = _read_wisdom(path)
            if cached is not None:
                pyfftw.import_wisdom(cached)
            before = pyfftw.export_wisdom()
            plan = pyfftw.FFTW(a, b, **kwargs)
            after = pyfftw.export_wisdom()
            if after != before or cached is None:
                _write_wisdom(path, after)
    except OSError:  # no writable cache directory: plan without it
        plan = pyfftw.FFTW(a, b, **kwargs)
    return plan


def clear_plan_cache() -> None:
    """Forget all cached pyFFTW plans."""
    with _lock:
        _plans.clear()
        _strided_plans.clear()
        _workspaces.clear()
        _workspaces_fast.clear()


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
                plan = _make_plan(a, b, axes=axes, inverse=inverse,
                                  normalise_idft=(norm == "backward"), ortho=(norm == "ortho"))
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
            plan = _make_plan(a, b, axes=(axis,), inverse=inverse,
                              extra_flags=("FFTW_DESTROY_INPUT",) if destroy_input else ())
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
            self._plan = _make_plan(self.input, self.output, axes=axes, inverse=inverse)
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
_workspaces_fast: dict = {}  # the same workspaces keyed by the arguments as given


def workspace(shape, dtype=np.complex64, axes=None, inverse=False, plan=True) -> Workspace:
    """Return the cached :class:`Workspace` for a shape (private fast path for estimators
    that fill the transform input in place, e.g. the range-Doppler map; ``plan=False``: the
    input buffer only, e.g. the scratch buffers of OFDM modulation)."""
    try:  # fast path for a repeated call (validation and key building cost ~5-20 us)
        fast = (shape, dtype, axes, inverse, plan, _state["backend"], _state["threads"],
                _state["effort"])
        ws = _workspaces_fast.get(fast)
    except TypeError:  # unhashable arguments: the checked path below
        fast = ws = None
    if ws is not None:
        return ws
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
        if fast is not None:
            _workspaces_fast[fast] = ws
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
    _workspaces_fast.clear()


if hasattr(os, "register_at_fork"):  # pragma: no branch
    os.register_at_fork(after_in_child=_after_fork_in_child)
