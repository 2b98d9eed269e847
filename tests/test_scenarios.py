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


def test_presets_are_experiment_files_with_descriptions():
    from ofdmisac.scenarios import available_presets, load_preset, preset_description

    assert available_presets() == ["bm_mmwave", "bm_thz", "cc_default"]
    assert load_preset("bm_thz")["base"] == "bm_mmwave"
    assert preset_description("cc_default").startswith("the [CC] Section 5.1 defaults")
    with pytest.raises(ValueError, match=r"^name='x' is not allowed; choose one of"):
        preset_description("x")
