"""Argument checks of ofdmisac.io, the random-number conventions and the scenario loader."""

import numpy as np
import pytest

from ofdmisac import io
from ofdmisac._random import as_generator, spawn_seeds


def test_io_bad_input(tmp_path):
    with pytest.raises(ValueError, match=r"^columns=\{'a': 2, 'b': 3\} is not allowed; use "
                                         r"columns of one length"):
        io.write_csv(tmp_path / "x.csv", {"a": [1, 2], "b": [1, 2, 3]})
    with pytest.raises(TypeError, match=r"^columns=\[1, 2\] is not allowed; use a mapping"):
        io.write_csv(tmp_path / "x.csv", [1, 2])
    with pytest.raises(TypeError, match=r"^dpi=1\.5 is not allowed; use an integer >= 1$"):
        io.save_figure(None, tmp_path / "x.png", dpi=1.5)


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
