"""Tests of ``ofdmisac._random``: the random-number conventions (rng, spawned seeds)."""

import numpy as np
import pytest

from ofdmisac._random import as_generator, spawn_seeds


@pytest.mark.parametrize(("rng", "exc"), [
    ("seed", TypeError), (1.5, TypeError), (True, TypeError),
    (np.random.RandomState(0), TypeError), (-1, ValueError),
])
def test_bad_rng(rng, exc):
    with pytest.raises(exc, match=r"^rng=.* is not allowed; use a numpy\.random\.Generator"):
        as_generator(rng)


def test_bad_spawn_count():
    with pytest.raises(ValueError, match=r"^n=-1 is not allowed; use an integer >= 0$"):
        spawn_seeds(0, -1)
