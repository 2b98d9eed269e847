"""Shared argument checks, with one message template for every error a user can trigger.

Every check raises with the message ``"{name}={value!r} is not allowed; {requirement}"``,
e.g. ``n_rb=0 is not allowed; use an integer in 1..275`` (a ``ValueError`` for a value
outside its domain, a ``TypeError`` for a value of the wrong kind). ``requirement`` says
what is allowed and starts with "use" or "choose". Array values are shown shortened.

The checks return the normalized value (``int``, ``float`` or a float64/complex array),
so a caller writes ``n = check_int("n_rb", n_rb, minimum=1, maximum=275)``.
"""

from __future__ import annotations

import math
import numbers
import os
from typing import NoReturn

import numpy as np

__all__ = [
    "DEFAULT_MAX_BYTES",
    "check_array",
    "check_bytes",
    "check_choice",
    "check_complex_array",
    "check_dtype",
    "check_instance",
    "check_model",
    "check_int",
    "check_int_tuple",
    "check_probability",
    "check_real",
    "check_shape",
    "fail",
    "max_bytes",
    "show",
]

DEFAULT_MAX_BYTES = 4 * 2**30
"""Default memory budget of one allocation (4 GiB); ``OFDMISAC_MAX_BYTES`` overrides it."""


def show(value) -> str:
    """``repr(value)``, shortened for large arrays and long strings (for messages)."""
    if isinstance(value, np.ndarray) and value.size > 6:
        with np.printoptions(threshold=6, edgeitems=2, precision=4):
            text = repr(value)
    else:
        text = repr(value)
    text = " ".join(text.split())
    return text if len(text) <= 80 else text[:76] + " ..."


def fail(name: str, value, requirement: str, error: type[Exception] = ValueError) -> NoReturn:
    """Raise ``error`` with the package's message template."""
    raise error(f"{name}={show(value)} is not allowed; {requirement}")


def _bound(value) -> str:
    """A bound for a message: integers in full (2147483647, not 2.14748e+09)."""
    if isinstance(value, (numbers.Integral, np.integer)):
        return str(int(value))
    return f"{value:g}"


def _range_text(minimum, maximum, *, strict_min=False, strict_max=False) -> str:
    lo = None if minimum is None else (">" if strict_min else ">=") + f" {_bound(minimum)}"
    hi = None if maximum is None else ("<" if strict_max else "<=") + f" {_bound(maximum)}"
    return " and ".join(p for p in (lo, hi) if p)


def check_int(name: str, value, *, minimum: int | None = None,
              maximum: int | None = None) -> int:
    """An integer (not bool, not float) in ``[minimum, maximum]``; returns ``int``.

    Raises
    ------
    TypeError
        ``value`` is not an integer.
    ValueError
        ``value`` is outside the range.
    """
    rng = (f" in {minimum}..{maximum}" if minimum is not None and maximum is not None
           else f" {_range_text(minimum, maximum)}" if (minimum, maximum) != (None, None) else "")
    if isinstance(value, bool) or not isinstance(value, (numbers.Integral, np.integer)):
        fail(name, value, f"use an integer{rng}", TypeError)
    v = int(value)
    if (minimum is not None and v < minimum) or (maximum is not None and v > maximum):
        fail(name, value, f"use an integer{rng}")
    return v


def check_real(name: str, value, *, minimum: float | None = None,
               maximum: float | None = None, strict_min: bool = False,
               strict_max: bool = False, allow_inf: bool = False) -> float:
    """A finite real number (not bool) in the given range; returns ``float``.

    ``strict_min``/``strict_max`` make the bounds exclusive; ``allow_inf`` admits +-inf
    (never NaN).

    Raises
    ------
    TypeError
        ``value`` is not a real number.
    ValueError
        ``value`` is NaN, infinite (unless allowed) or outside the range.
    """
    req = _range_text(minimum, maximum, strict_min=strict_min, strict_max=strict_max)
    what = "a finite number" if not allow_inf else "a number"
    requirement = f"use {what}" + (f" {req}" if req else "")
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, np.integer,
                                                         np.floating)):
        fail(name, value, requirement, TypeError)
    v = float(value)
    if math.isnan(v) or (math.isinf(v) and not allow_inf):
        fail(name, value, requirement)
    if minimum is not None and (v < minimum or (strict_min and v == minimum)):
        fail(name, value, requirement)
    if maximum is not None and (v > maximum or (strict_max and v == maximum)):
        fail(name, value, requirement)
    return v


def check_array(name: str, value, *, minimum: float | None = None,
                maximum: float | None = None, strict_min: bool = False,
                strict_max: bool = False, allow_inf: bool = False, allow_nan: bool = False,
                integer: bool = False, ndim: int | None = None, nonempty: bool = False,
                dtype=np.float64, requirement: str | None = None) -> np.ndarray:
    """A real array (any shape) with every element finite and in range; returns it as
    ``dtype`` (float64 by default; None keeps a float32 or float64 array's own dtype).

    ``allow_nan`` admits NaN elements (elementwise conversions that pass NaN through, as
    numpy's ufuncs do); the range is checked on the other elements. ``requirement``
    replaces the generated text of the messages (e.g. "use probabilities in [0, 1]").

    Raises
    ------
    TypeError
        ``value`` cannot be read as a real array (strings, None, complex values).
    ValueError
        An element is NaN, infinite (unless allowed), outside the range or not an integer
        (``integer=True``); a wrong ``ndim``; an empty array with ``nonempty=True``.
    """
    req = _range_text(minimum, maximum, strict_min=strict_min, strict_max=strict_max)
    kind = "integers" if integer else ("numbers" if allow_inf or allow_nan
                                       else "finite numbers")
    if requirement is None:
        requirement = f"use {kind}" + (f" {req}" if req else "")
    if value is None or isinstance(value, (str, bytes)):
        fail(name, value, requirement, TypeError)
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError):
        fail(name, value, requirement, TypeError)
    if arr.dtype == object or arr.dtype.kind not in "biuf":
        fail(name, value, requirement, TypeError)
    if arr.dtype == bool:
        fail(name, value, requirement, TypeError)
    if ndim is not None and arr.ndim != ndim:
        fail(name, value, f"use a {ndim}-D array (got shape {arr.shape})")
    if nonempty and arr.size == 0:
        fail(name, value, "use a non-empty array")
    if dtype is None:  # keep float32 / float64, read anything else as float64
        dtype = arr.dtype if arr.dtype in (np.float32, np.float64) else np.float64
    if arr.dtype.kind == "f" and arr.size and not (allow_nan or integer):
        # fast path for large maps: two reductions (NaN propagates into both) instead of
        # elementwise masks; anything out of range falls through to the exact check below
        lo, hi = float(np.min(arr)), float(np.max(arr))
        if ((allow_inf or math.isfinite(lo) and math.isfinite(hi)) and lo == lo and hi == hi
                and (minimum is None or (lo > minimum if strict_min else lo >= minimum))
                and (maximum is None or (hi < maximum if strict_max else hi <= maximum))):
            return arr.astype(dtype, copy=False)
    a = arr.astype(np.float64, copy=False)
    nan = np.isnan(a)
    bad = np.zeros(a.shape, dtype=bool) if allow_nan else nan.copy()
    if not allow_inf:
        bad |= np.isinf(a)
    if minimum is not None:
        bad |= (a <= minimum) if strict_min else (a < minimum)
    if maximum is not None:
        bad |= (a >= maximum) if strict_max else (a > maximum)
    if integer:
        bad |= a != np.round(a)
    if allow_nan:
        bad &= ~nan
    if np.any(bad):
        fail(name, value, requirement)
    return arr.astype(dtype, copy=False)


def check_complex_array(name: str, value, *, ndim: int | None = None,
                        min_ndim: int | None = None, nonempty: bool = False,
                        allow_nan: bool = False) -> np.ndarray:
    """A numeric (real or complex) array with finite elements; returned as an array of its
    own dtype (complex64 stays complex64; integers and bools are read as float64).

    Raises
    ------
    TypeError
        ``value`` cannot be read as a numeric array (strings, None, objects).
    ValueError
        An element is NaN or infinite (NaN allowed with ``allow_nan``), a wrong ``ndim``
        (exactly ``ndim``, or at least ``min_ndim``), an empty array with ``nonempty=True``.
    """
    requirement = "use an array of finite (real or complex) numbers"
    if value is None or isinstance(value, (str, bytes)):
        fail(name, value, requirement, TypeError)
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError):
        fail(name, value, requirement, TypeError)
    if arr.dtype.kind not in "biufc":
        fail(name, value, requirement, TypeError)
    if arr.dtype.kind in "biu":
        arr = arr.astype(np.float64)
    if ndim is not None and arr.ndim != ndim:
        fail(name, value, f"use a {ndim}-D array (got shape {arr.shape})")
    if min_ndim is not None and arr.ndim < min_ndim:
        fail(name, value, f"use an array of at least {min_ndim} dimensions (got shape "
             f"{arr.shape})")
    if nonempty and arr.size == 0:
        fail(name, value, "use a non-empty array")
    finite = np.isfinite(arr) | (np.isnan(arr) if allow_nan else False)
    if not np.all(finite):
        fail(name, value, requirement.replace("finite", "finite" if not allow_nan
                                              else "non-infinite"))
    return arr


def check_int_tuple(name: str, value, length: int, *, minimum: int | None = None,
                    maximum: int | None = None) -> tuple[int, ...]:
    """A tuple (or list) of ``length`` integers, each in ``[minimum, maximum]``.

    Raises
    ------
    TypeError
        ``value`` is not a sequence of ``length`` integers.
    ValueError
        An entry is outside the range.
    """
    rng = (f" in {minimum}..{maximum}" if minimum is not None and maximum is not None
           else f" {_range_text(minimum, maximum)}" if (minimum, maximum) != (None, None) else "")
    requirement = f"use {length} integers{rng}"
    if not isinstance(value, (tuple, list)):
        fail(name, value, requirement, TypeError)
    if len(value) != length:
        fail(name, value, requirement)
    for v in value:
        if isinstance(v, bool) or not isinstance(v, (numbers.Integral, np.integer)):
            fail(name, value, requirement, TypeError)
        if (minimum is not None and v < minimum) or (maximum is not None and v > maximum):
            fail(name, value, requirement)
    return tuple(int(v) for v in value)


def check_shape(name: str, value) -> tuple[int, ...]:
    """A batch shape: an integer >= 0 or a sequence of them; returns a tuple of ``int``.

    Raises
    ------
    TypeError
        ``value`` is not an integer or a sequence of integers.
    ValueError
        A negative entry.
    """
    requirement = "use an integer >= 0 or a tuple of them"
    if isinstance(value, (numbers.Integral, np.integer)) and not isinstance(value, bool):
        items = (value,)
    elif isinstance(value, (tuple, list)):
        items = tuple(value)
    else:
        fail(name, value, requirement, TypeError)
    for v in items:
        if isinstance(v, bool) or not isinstance(v, (numbers.Integral, np.integer)):
            fail(name, value, requirement, TypeError)
        if v < 0:
            fail(name, value, requirement)
    return tuple(int(v) for v in items)


def max_bytes() -> int:
    """The memory budget of one allocation in bytes: ``OFDMISAC_MAX_BYTES`` if set (an
    integer, or a number with a K/M/G/T suffix, powers of 1024), else
    :data:`DEFAULT_MAX_BYTES` (4 GiB)."""
    text = os.environ.get("OFDMISAC_MAX_BYTES", "").strip()
    if not text:
        return DEFAULT_MAX_BYTES
    scale = {"K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}.get(text[-1:].upper())
    try:
        number = float(text[:-1] if scale else text) * (scale or 1)
    except ValueError:
        fail("OFDMISAC_MAX_BYTES", text, "use a number of bytes such as 4294967296 or 4G")
    if not number > 0:
        fail("OFDMISAC_MAX_BYTES", text, "use a number of bytes > 0 such as 4G")
    return int(number)


def _size_text(n: float) -> str:
    for unit, scale in (("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= scale:
            return f"{n / scale:.3g} {unit}"
    return f"{int(n)} bytes"


def check_bytes(name: str, value, n_bytes: float, *, advice: str = "") -> None:
    """Refuse a request whose estimated memory ``n_bytes`` exceeds :func:`max_bytes`.

    Called before a large allocation; ``value`` is the parameter that sets the size and
    ``advice`` says how to split the work (e.g. "run it in chunks of fewer trials").

    Raises
    ------
    ValueError
        ``n_bytes`` is above the budget; the message gives the size, the budget, how to
        raise the budget and ``advice``.
    """
    budget = max_bytes()
    if n_bytes > budget:
        fail(name, value, f"use a smaller value: it needs about {_size_text(n_bytes)}, above "
             f"the memory budget of {_size_text(budget)} (environment variable "
             f"OFDMISAC_MAX_BYTES)" + (f"; {advice}" if advice else ""))


MAX_MONTE_CARLO_UNITS = 10**12
"""Most trials (or geometries) one Monte Carlo call accepts. The work runs in chunks of
bounded memory, so this is a time limit, not a memory one: 10^12 units take days."""


def check_units(name: str, value, *, minimum: int = 1) -> int:
    """A Monte Carlo size (trials, geometries): an integer in ``minimum..10^12``."""
    value = check_int(name, value, minimum=minimum)
    if value > MAX_MONTE_CARLO_UNITS:
        fail(name, value, f"use at most {MAX_MONTE_CARLO_UNITS:.0e} (the trials run in chunks of "
             "bounded memory, but this many take days): split the study into several calls "
             "with different seeds and pool them")
    return value


def check_probability(name: str, value, *, open_interval: bool = False) -> np.ndarray:
    """Probabilities in [0, 1] (or (0, 1) with ``open_interval``), as a float64 array."""
    return check_array(name, value, minimum=0.0, maximum=1.0, strict_min=open_interval,
                       strict_max=open_interval)


def check_choice(name: str, value, choices):
    """``value`` must be one of ``choices`` (compared with ``==``); returns it."""
    try:
        ok = value in tuple(choices)
    except TypeError:
        ok = False
    if not ok:
        fail(name, value, "choose one of " + ", ".join(repr(c) for c in choices))
    return value


_COMPLEX_DTYPES = (np.dtype(np.complex64), np.dtype(np.complex128))


def check_dtype(name: str, value, choices=_COMPLEX_DTYPES) -> np.dtype:
    """``value`` must name one of the numpy dtypes ``choices`` (complex64 or complex128 by
    default); returns it as a ``numpy.dtype``.

    Raises
    ------
    TypeError
        ``value`` is not a dtype at all (``"abc"``, ``3``).
    ValueError
        ``value`` is a dtype outside ``choices`` (e.g. ``np.int32``).
    """
    choices = tuple(np.dtype(c) for c in choices)
    requirement = "choose " + " or ".join(c.name for c in choices)
    try:
        dt = np.dtype(value) if value is not None else None
    except (TypeError, ValueError):
        dt = None
    if dt is None:
        fail(name, value, requirement, TypeError)
    if dt not in choices:  # shown by its name: dtype=int32 (for np.int32, "int32", ...)
        raise ValueError(f"{name}={dt.name} is not allowed; {requirement}")
    return dt


def check_model(name: str, value, methods: tuple[str, ...], what: str):
    """``value`` must have the callable ``methods`` (duck typing, e.g. an error model);
    TypeError naming ``what`` otherwise; returns it."""
    if not all(callable(getattr(value, m, None)) for m in methods):
        fail(name, value, f"use {what} (an object with {', '.join(methods)})", TypeError)
    return value


def check_instance(name: str, value, cls, what: str | None = None):
    """``value`` must be an instance of ``cls`` (TypeError otherwise); returns it."""
    if not isinstance(value, cls):
        label = what or (cls.__name__ if isinstance(cls, type)
                         else " or ".join(c.__name__ for c in cls))
        fail(name, value, f"use a {label}", TypeError)
    return value
