"""Argument checks of the random-number conventions and of the scenario loader."""

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


def test_scenario_loader_bad_input(tmp_path):
    from ofdmisac.scenarios import load_preset, load_toml

    with pytest.raises(ValueError, match=r"^name='bm_5g' is not allowed; choose one of"):
        load_preset("bm_5g")
    with pytest.raises(ValueError, match=r"^path='.*nope\.toml' is not allowed; use the path of"):
        load_toml(tmp_path / "nope.toml")
    with pytest.raises(TypeError, match=r"^path=None is not allowed; use a str or os\.PathLike$"):
        load_toml(None)
