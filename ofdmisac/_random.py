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
    if isinstance(rng, (np.random.Generator, BlockGenerator)):
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


# --- chunk-invariant Monte Carlo streams -------------------------------------------------
#
# A Monte Carlo function splits its independent units (trials, geometries) into fixed
# blocks; block b draws from its own stream, ``SeedSequence(entropy, spawn_key=(b,))``,
# where ``entropy`` is drawn once from the caller's ``rng``. The block size depends only on
# the problem (never on ``chunk_size``), and a chunk is a run of whole blocks whose draws
# are made block by block (``BlockGenerator``) and computed together. So a unit's draws,
# and every per-block partial sum, are the same whatever the chunking: the results are
# bitwise identical for any ``chunk_size``.

_ELEMENTS_PER_BLOCK = 1 << 18
_MAX_BLOCK = 4096
_OUT_METHODS = ("random", "standard_normal", "standard_exponential")


def block_size_for(elements_per_unit: int, *, budget: int = _ELEMENTS_PER_BLOCK,
                   maximum: int = _MAX_BLOCK) -> int:
    """Units per random-stream block: the largest power of two whose working set stays
    within ``budget`` elements (at least 1, at most ``maximum``). Depends only on the
    problem size, never on the chunking."""
    per = max(1, int(elements_per_unit))
    b = 1 << max(0, (budget // per).bit_length() - 1) if per <= budget else 1
    return int(min(b, maximum))


def check_chunk_size(chunk_size, default: int) -> int:
    """``chunk_size``: None (``default``) or an integer >= 1 (units evaluated at once)."""
    if chunk_size is None:
        return max(1, int(default))
    return check_int("chunk_size", chunk_size, minimum=1)


class BlockGenerator:
    """Generator-like source for a chunk of whole blocks, one stream per block.

    Each draw's output has the chunk's units along ``axis`` (checked); block ``b``'s slice
    comes from block ``b``'s own Generator, with array parameters sliced alike. The
    methods are those of ``numpy.random.Generator`` that the Monte Carlo code uses.
    """

    def __init__(self, generators, sizes, axis: int = 0):
        self._gens = list(generators)
        self._sizes = [int(m) for m in sizes]
        self.axis = int(axis)
        self.n_units = sum(self._sizes)

    def along(self, axis: int) -> BlockGenerator:
        """The same streams, with the units along ``axis`` of every draw."""
        return BlockGenerator(self._gens, self._sizes, axis)

    @property
    def sizes(self) -> list[int]:
        """Units per block of this chunk, in order."""
        return list(self._sizes)

    def _draw(self, name, params, size):
        if size is None:
            shape = np.broadcast_shapes(*(np.shape(p) for p in params))
        else:
            shape = (int(size),) if np.ndim(size) == 0 else tuple(int(s) for s in size)
        ax = self.axis
        if len(shape) <= ax or shape[ax] != self.n_units:
            raise RuntimeError(f"draw of shape {shape} has no axis {ax} of {self.n_units} "
                               "units (a draw that would depend on the chunking)")
        if not params and ax == 0 and name in _OUT_METHODS:
            # draw each block straight into its rows (same values as size=, no copy)
            res, lo = np.empty(shape), 0
            for gen, m in zip(self._gens, self._sizes, strict=True):
                getattr(gen, name)(out=res[lo:lo + m])
                lo += m
            return res
        params = [np.broadcast_to(p, shape) if np.ndim(p) else p for p in params]
        out, lo = [], 0
        for gen, m in zip(self._gens, self._sizes, strict=True):
            sl = (slice(None),) * ax + (slice(lo, lo + m),)
            sub = shape[:ax] + (m,) + shape[ax + 1:]
            args = [p[sl] if np.ndim(p) else p for p in params]
            out.append(getattr(gen, name)(*args, size=sub))
            lo += m
        return out[0] if len(out) == 1 else np.concatenate(out, axis=ax)

    def random(self, size=None):
        """Uniform [0, 1) draws (``Generator.random``)."""
        return self._draw("random", (), size)

    def standard_normal(self, size=None):
        """``Generator.standard_normal``."""
        return self._draw("standard_normal", (), size)

    def standard_exponential(self, size=None):
        """``Generator.standard_exponential``."""
        return self._draw("standard_exponential", (), size)

    def uniform(self, low=0.0, high=1.0, size=None):
        """``Generator.uniform``."""
        return self._draw("uniform", (low, high), size)

    def normal(self, loc=0.0, scale=1.0, size=None):
        """``Generator.normal``."""
        return self._draw("normal", (loc, scale), size)

    def exponential(self, scale=1.0, size=None):
        """``Generator.exponential``."""
        return self._draw("exponential", (scale,), size)

    def integers(self, low, high, size=None):
        """``Generator.integers`` (``high`` required)."""
        return self._draw("integers", (low, high), size)

    def poisson(self, lam=1.0, size=None):
        """``Generator.poisson``."""
        return self._draw("poisson", (lam,), size)

    def standard_gamma(self, shape=1.0, size=None):
        """``Generator.standard_gamma``."""
        return self._draw("standard_gamma", (shape,), size)


def monte_carlo_chunks(rng, n_units: int, *, block_size: int, chunk_size: int,
                       progress: bool = False, desc: str | None = None):
    """Yield ``(lo, hi, BlockGenerator)`` over ``n_units`` in chunks of whole blocks.

    ``chunk_size`` is rounded up to a whole number of blocks of ``block_size`` units.
    One 256-bit entropy value is drawn from ``rng`` (so a Generator advances once); block
    ``b`` uses ``SeedSequence(entropy, spawn_key=(b,))``. ``progress`` shows a tqdm bar.
    """
    gen = as_generator(rng)
    entropy = [int(x) for x in gen.integers(0, 2**63, size=4, dtype=np.int64)]
    n_units, block_size = int(n_units), max(1, int(block_size))
    per_chunk = max(1, -(-int(chunk_size) // block_size))
    n_blocks = -(-n_units // block_size)
    starts = range(0, n_blocks, per_chunk)
    if progress:
        from tqdm.auto import tqdm

        starts = tqdm(starts, desc=desc, unit="chunk")
    for b0 in starts:
        b1 = min(b0 + per_chunk, n_blocks)
        gens, sizes = [], []
        for b in range(b0, b1):
            ss = np.random.SeedSequence(entropy, spawn_key=(b,))
            gens.append(np.random.Generator(np.random.PCG64(ss)))
            sizes.append(min(block_size, n_units - b * block_size))
        yield b0 * block_size, b0 * block_size + sum(sizes), BlockGenerator(gens, sizes)


def block_sum(total, values, sizes, axis: int = 0):
    """Add ``values`` summed over ``axis`` block by block (blocks of ``sizes``) to
    ``total`` in order: the same bits whatever the chunking of the blocks."""
    lo = 0
    for m in sizes:
        sl = (slice(None),) * axis + (slice(lo, lo + m),)
        part = np.sum(values[sl], axis=axis)
        total = part if total is None else total + part
        lo += m
    return total
