"""Tests of ``ofdmisac.scenarios``: the preset and TOML scenario loader."""

import pytest


def test_scenario_loader_bad_input(tmp_path):
    from ofdmisac.scenarios import load_preset, load_toml

    with pytest.raises(ValueError, match=r"^name='bm_5g' is not allowed; choose one of"):
        load_preset("bm_5g")
    with pytest.raises(ValueError, match=r"^path='.*nope\.toml' is not allowed; use the path of"):
        load_toml(tmp_path / "nope.toml")
    with pytest.raises(TypeError, match=r"^path=None is not allowed; use a str or os\.PathLike$"):
        load_toml(None)
