"""The one sweep rule of the network coverage functions (``docs/conventions.md``, Sweeps).

A coverage-type function takes its threshold argument (any shape ``T``) and, as keyword
arrays, sweeps of the scenario's numeric fields (``n_beams=[64, 128]``,
``bs_density_per_m2=...``). The sweep arrays broadcast together by numpy rules to the
*sweep shape* ``S``; the result has shape ``S + T`` (the threshold axes last: one curve
per sweep point). Scalars everywhere give a 0-d result.

Private helpers:

* :func:`check_threshold` -- a linear threshold array (finite, > 0, non-empty);
* :func:`resolve_sweeps` -- validates the names and values of the keyword sweeps and
  broadcasts them to ``S`` (:class:`Sweep`);
* :meth:`Sweep.trailing` -- a swept field reshaped to ``S + (1,) * len(T)``, for code
  that broadcasts fields against the threshold inside its quadrature;
* :meth:`Sweep.points` -- one ``{field: scalar}`` per sweep point (C order), for code
  that loops over scenarios.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import numpy as np

from .._validation import check_array, fail

__all__: list[str] = []

SWEEPS_DOC = "see docs/conventions.md, Sweeps"


def check_threshold(name: str, value) -> np.ndarray:
    """A linear threshold (any shape, every element finite and > 0) as a float64 array.

    Raises
    ------
    TypeError
        ``value`` is not a real array.
    ValueError
        An element is NaN, infinite or <= 0, or ``value`` is empty.
    """
    requirement = "use finite numbers > 0 (linear, not dB)"
    try:
        arr = check_array(name, value)
    except ValueError:
        arr = None
    if arr is None or arr.size == 0 or np.any(arr <= 0):
        fail(name, value, requirement)
    return arr


class Sweep:
    """Keyword sweeps broadcast to the sweep shape ``S``.

    Attributes
    ----------
    shape : tuple of int
        The sweep shape ``S`` (``()`` without sweeps).
    values : dict of str to numpy.ndarray
        Each swept field broadcast to ``S`` (float64).
    integer_fields : frozenset of str
        Fields whose point values are passed on as ``int``.
    """

    def __init__(self, shape, values, integer_fields=frozenset()):
        self.shape = tuple(shape)
        self.values = values
        self.integer_fields = frozenset(integer_fields)

    @property
    def size(self) -> int:
        """Number of sweep points, ``prod(S)``."""
        return int(np.prod(self.shape, dtype=np.int64))

    def trailing(self, name: str, n_threshold_dims: int) -> np.ndarray:
        """Field ``name`` with shape ``S + (1,) * n_threshold_dims``."""
        return self.values[name].reshape(self.shape + (1,) * n_threshold_dims)

    def points(self) -> Iterator[dict]:
        """``{field: value}`` of each sweep point, in C order of ``S``."""
        for idx in np.ndindex(self.shape):
            yield {n: (int(a[idx]) if n in self.integer_fields else float(a[idx]))
                   for n, a in self.values.items()}


def resolve_sweeps(sweeps: dict, allowed: Sequence[str],
                   check_field: Callable[[str, object], np.ndarray], *,
                   integer_fields=()) -> Sweep:
    """Validate keyword sweeps and broadcast them to the sweep shape.

    Parameters
    ----------
    sweeps : dict
        The keyword sweeps as given by the caller (field name -> array_like).
    allowed : sequence of str
        The numeric scenario fields the function accepts.
    check_field : callable
        ``check_field(name, value)`` validates one sweep and returns it as an array.
    integer_fields : iterable of str, optional
        Fields whose point values are integers (see :meth:`Sweep.points`).

    Raises
    ------
    ValueError
        For a name not in ``allowed`` (the message lists them), a value outside the
        field's domain, or sweeps whose shapes do not broadcast together.
    """
    for name, value in sweeps.items():
        if name not in allowed:
            fail(name, value, "choose a swept scenario field among " + ", ".join(allowed)
                 + f" ({SWEEPS_DOC})")
    arrays = {name: np.asarray(check_field(name, value), dtype=np.float64)
              for name, value in sweeps.items()}
    try:
        shape = np.broadcast_shapes(*(a.shape for a in arrays.values()))
    except ValueError:
        listed = ", ".join(f"{n} (shape {a.shape})" for n, a in arrays.items())
        raise ValueError(f"the sweeps {listed} are not allowed together; use arrays whose "
                         f"shapes broadcast by numpy rules ({SWEEPS_DOC})") from None
    values = {n: np.broadcast_to(a, shape) for n, a in arrays.items()}
    return Sweep(shape, values, integer_fields)
