"""Random-number conventions (DESIGN.md convention 4).

Every stochastic function takes ``rng``: a ``numpy.random.Generator``, an integer
seed, a ``SeedSequence`` or ``None``, normalized here. Sweeps spawn independent
children from one ``SeedSequence`` so results do not depend on the number of
workers.
"""

from __future__ import annotations

import numpy as np

from ._validation import check_int, fail

_RNG_KINDS = "use a numpy.random.Generator, an integer seed >= 0, a SeedSequence or None"


def as_generator(rng=None) -> np.random.Generator:
    """Normalize ``rng`` (Generator, seed, SeedSequence or None) to a Generator.

    Raises
    ------
    TypeError
        If ``rng`` is none of these (a legacy ``RandomState``, a string, a float).
    ValueError
        If ``rng`` is a negative seed.
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, (np.random.RandomState, str, bytes, float, bool)):
        fail("rng", rng, _RNG_KINDS, TypeError)
    try:
        return np.random.default_rng(rng)
    except TypeError:
        fail("rng", rng, _RNG_KINDS, TypeError)
    except ValueError:
        fail("rng", rng, _RNG_KINDS)


def spawn_seeds(seed, n: int) -> list[np.random.SeedSequence]:
    """Spawn ``n`` independent child ``SeedSequence`` objects from ``seed``.

    ``seed`` may be an int, None or a SeedSequence. The i-th child is the same
    whatever the number of workers that later consume them.
    """
    n = check_int("n", n, minimum=0)
    if not (seed is None or isinstance(seed, np.random.SeedSequence)):
        check_int("seed", seed, minimum=0)
    ss = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    return ss.spawn(n)
