"""Random-number conventions (DESIGN.md convention 4).

Every stochastic function takes ``rng``: a ``numpy.random.Generator``, an integer
seed, a ``SeedSequence`` or ``None``, normalized here. Sweeps spawn independent
children from one ``SeedSequence`` so results do not depend on the number of
workers.
"""

from __future__ import annotations

import numpy as np


def as_generator(rng=None) -> np.random.Generator:
    """Normalize ``rng`` (Generator, seed, SeedSequence or None) to a Generator."""
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, (np.random.RandomState,)):
        raise TypeError("rng: legacy RandomState is not supported; pass a numpy Generator or seed")
    return np.random.default_rng(rng)


def spawn_seeds(seed, n: int) -> list[np.random.SeedSequence]:
    """Spawn ``n`` independent child ``SeedSequence`` objects from ``seed``.

    ``seed`` may be an int, None or a SeedSequence. The i-th child is the same
    whatever the number of workers that later consume them.
    """
    if n < 0:
        raise ValueError(f"n={n} is not allowed; the number of children must be >= 0")
    ss = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    return ss.spawn(n)
