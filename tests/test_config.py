"""Tests of ``ofdmisac.config``: presets, ``base`` and overrides, validation messages."""

import pytest

from ofdmisac.config import (
    available_presets,
    config_to_toml,
    coupling_scenario,
    load_config,
    network_scenario,
    resolve_config,
    tomllib,  # tomllib, or tomli on Python 3.10
)
from ofdmisac.network import BeamManagementScenario, JointCoverageScenario


def _write(path, text):
    path.write_text(text)
    return path


def test_presets_resolve_completely_and_round_trip():
    assert available_presets() == ["bm_mmwave", "bm_thz", "cc_default"]
    for name in available_presets():
        cfg = load_config(name)
        assert tomllib.loads(config_to_toml(cfg)) == cfg
        assert resolve_config(tomllib.loads(config_to_toml(cfg))) == cfg
    assert load_config("cc_default")["run"]["stages"] == ["mimo"]


def test_presets_are_the_typed_scenarios():
    assert network_scenario(load_config("bm_mmwave"), name="mmwave") == \
        BeamManagementScenario.mmwave()
    thz = network_scenario(load_config("bm_thz"), name="thz")
    assert thz == BeamManagementScenario.thz()
    assert thz.fc_hz == 100e9 and thz.max_range_m == 200.0
    assert coupling_scenario(load_config("cc_default")) == JointCoverageScenario()


def test_partial_network_table_inherits_from_its_base(tmp_path):
    path = _write(tmp_path / "exp.toml", 'base = "bm_thz"\n[network]\nn_beams = 64\n'
                                        '[run]\nseed = 5\n')
    cfg = load_config(path)
    s = network_scenario(cfg)
    assert s.n_beams == 64 and s.max_range_m == 200.0 and s.fc_hz == 100e9  # THz, not mmWave
    assert s.max_velocity_mps == pytest.approx(100 / 3.6)
    assert cfg["run"]["seed"] == 5 and cfg["run"]["stages"] == load_config("bm_thz")["run"][
        "stages"]


def test_relative_base_file_and_cycles(tmp_path):
    _write(tmp_path / "a.toml", 'base = "bm_mmwave"\n[carrier]\nfc_ghz = 28.0\n')
    (tmp_path / "sub").mkdir()
    b = _write(tmp_path / "sub" / "b.toml", 'base = "../a.toml"\n[network]\nn_beams = 32\n')
    cfg = load_config(b)
    assert cfg["carrier"]["fc_ghz"] == 28.0 and cfg["network"]["n_beams"] == 32
    _write(tmp_path / "c.toml", 'base = "d.toml"\n')
    _write(tmp_path / "d.toml", 'base = "c.toml"\n')
    with pytest.raises(ValueError, match=r"base='c\.toml' is not allowed; it makes a cycle"):
        load_config(tmp_path / "c.toml")


def test_misspelled_key_names_file_key_allowed_keys_and_close_match(tmp_path):
    path = _write(tmp_path / "typo.toml", 'base = "bm_thz"\n[sensing]\npilto = "optimal"\n')
    with pytest.raises(ValueError) as exc:
        load_config(path)
    msg = str(exc.value)
    assert msg.startswith(f"{path}: key 'sensing.pilto' is not allowed; use one of the keys "
                          "of [sensing]: pilot, scir_db,")
    assert msg.endswith("(did you mean 'sensing.pilot'?)")
    with pytest.raises(ValueError, match=r"key 'netwrok' is not allowed; use one of the keys "
                                         r"of the top level: .* \(did you mean 'network'\?\)"):
        resolve_config({"base": "bm_mmwave", "netwrok": {}})
    with pytest.raises(ValueError, match=r"key 'scene\.targets\[0\]\.rcs' is not allowed"):
        resolve_config({"base": "bm_mmwave", "scene": {"targets": [
            {"range_m": 1.0, "velocity_mps": 0.0, "rcs": 1.0, "swerling": 0}]}})


@pytest.mark.parametrize("override, match", [
    ({"network": {"n_beams": "64"}}, r"network\.n_beams='64' is not allowed; use an integer >= 1"),
    ({"network": {"n_beams": 0}}, r"network\.n_beams=0 is not allowed; use an integer >= 1"),
    ({"carrier": {"scs_khz": 100}}, r"carrier\.scs_khz=100 is not allowed; choose one of 15, "),
    ({"carrier": {"fc_ghz": -1.0}}, r"carrier\.fc_ghz=-1\.0 is not allowed; use a finite "
                                    r"number > 0"),
    ({"carrier": 3}, r"carrier=3 is not allowed; use a table \[carrier\]"),
    ({"sensing": {"pilot": "comb"}}, r"sensing\.pilot='comb' is not allowed; choose one of "
                                     r"'optimal', 'block', 'prs'"),
    ({"run": {"stages": ["frame", "nope"]}}, r"run\.stages=\['frame', 'nope'\] is not "
                                             r"allowed; use a list of at least 1"),
    ({"scene": {"targets": []}}, r"scene\.targets=\[\] is not allowed; use a list of tables"),
    ({"prs": {"n_rb": 200}}, r"prs\.n_rb=200 is not allowed; use rb_offset \+ n_rb <= "
                             r"carrier\.n_rb = 132"),
    ({"coupling": {"n_targets": 3}}, r"^<config>: \[coupling\] n_targets=3 differs from"),
    ({"network": {"alpha_nlos": 2.0}}, r"network\.alpha_nlos=2\.0 is not allowed; use a finite "
                                       r"number > 2"),
])
def test_bad_values_name_source_key_and_what_is_allowed(override, match):
    with pytest.raises(ValueError, match=match):
        resolve_config({"base": "bm_mmwave", **override})


def test_missing_keys_without_base_and_bad_sources(tmp_path):
    with pytest.raises(ValueError, match=r"^<config>: missing key\(s\) run, carrier, .*start "
                                         r"the file with base = \"NAME\""):
        resolve_config({})
    with pytest.raises(ValueError, match=r"^config='nope' is not allowed; use a preset name "
                                         r"\(bm_mmwave, bm_thz, cc_default\)"):
        load_config("nope")
    bad = _write(tmp_path / "bad.toml", "[run\n")
    with pytest.raises(ValueError, match=r"bad\.toml: not valid TOML"):
        load_config(bad)
    with pytest.raises(TypeError, match=r"^source=3 is not allowed"):
        load_config(3)
    with pytest.raises(TypeError, match=r"^data=\[\] is not allowed; use a dict"):
        resolve_config([])
    with pytest.raises(ValueError, match=r"<config>: base=3 is not allowed; use a preset name"):
        resolve_config({"base": 3})


def test_integers_for_real_keys_become_floats():
    cfg = resolve_config({"base": "bm_mmwave", "carrier": {"fc_ghz": 28}})
    assert cfg["carrier"]["fc_ghz"] == 28.0 and isinstance(cfg["carrier"]["fc_ghz"], float)


def test_readme_example_and_docs_list_every_key():
    import re
    from pathlib import Path

    from ofdmisac.config import _SCHEMA

    root = Path(__file__).resolve().parents[1]
    block = re.search(r"```toml\n(.*?)```", (root / "README.md").read_text(), re.S).group(1)
    cfg = resolve_config(tomllib.loads(block), source="README.md")
    assert cfg["coupling"]["n_antennas"] == 128 and cfg["network"]["max_range_m"] == 200.0
    doc = (root / "docs" / "configuration.md").read_text()

    def keys(schema, prefix=""):
        for k, spec in schema.items():
            yield from (keys(spec, f"{prefix}{k}.") if isinstance(spec, dict) else
                        [f"{prefix}{k}"])

    for key in keys(_SCHEMA):
        assert f"| `{key}` |" in doc, key
