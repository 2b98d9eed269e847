"""The ``ofdmisac waveform`` subcommand: presets, a TOML file, both formats, errors."""

import numpy as np
import pytest

from ofdmisac import _waveform_command
from ofdmisac.cli import main
from ofdmisac.recordings import read_recording, regenerate_waveform


def test_preset_to_sigmf(tmp_path, capsys):
    assert main(["waveform", "--out", str(tmp_path / "f.sigmf-meta"), "--seed", "4"]) == 0
    assert "80 annotations" in capsys.readouterr().out
    rec = read_recording(tmp_path / "f.sigmf-meta")
    assert rec.config["seed"] == 4 and rec.center_frequency_hz == 30e9
    assert np.array_equal(regenerate_waveform(rec.config), rec.samples)


def test_toml_prs_to_npz(tmp_path):
    cfg = tmp_path / "prs.toml"
    cfg.write_text('[waveform]\nkind = "prs"\ncenter_frequency_hz = 3.5e9\n'
                   '[carrier]\nscs_khz = 30\nn_rb = 24\n'
                   '[prs]\ncomb_size = 2\nnum_symbols = 2\nstart_symbol = 4\nn_id = 9\n'
                   '[occasions]\nn_slots = 8\nperiod_slots = 4\noffset_slots = 1\n')
    assert main(["waveform", "--config", str(cfg), "--out", str(tmp_path / "p"),
                 "--format", "npz"]) == 0
    rec = read_recording(tmp_path / "p.npz")
    assert [a.label for a in rec.annotations] == ["PRS slot 1", "PRS slot 5"]
    assert rec.config["prs"]["n_id"] == 9


def test_toml_frame(tmp_path):
    cfg = tmp_path / "frame.toml"
    cfg.write_text('[waveform]\ncenter_frequency_hz = 3.5e9\nseed = 2\nslot_stop = 4\n'
                   '[carrier]\nscs_khz = 30\nn_rb = 24\n'
                   '[frame]\nduration_s = 5e-3\nssb_period_s = 5e-3\nn_id_cell = 17\n'
                   'prs_duration_s = 1e-3\nprs_offset_s = 1e-3\n')
    config = _waveform_command.load_waveform_config(str(cfg))
    rec = _waveform_command.recording_from_config(config)
    assert rec.config["frame"]["n_id_cell"] == 17 and rec.config["slot_stop"] == 4
    assert rec.n_samples == 4 * 7680


def test_errors(tmp_path, capsys):
    assert main(["waveform", "--config", "nope", "--out", str(tmp_path / "x")]) == 2
    assert "config='nope' is not allowed" in capsys.readouterr().err
    bad = tmp_path / "bad.toml"
    bad.write_text('[waveform]\nkind = "radar"\n')
    with pytest.raises(ValueError, match=r"bad\.toml: waveform\.kind='radar' is not allowed"):
        _waveform_command.load_waveform_config(str(bad))
    bad.write_text('[waveform]\nkind = "prs"\n')
    with pytest.raises(ValueError, match="waveform.center_frequency_hz=None is not allowed"):
        _waveform_command.load_waveform_config(str(bad))
    bad.write_text('[waveform]\nkind = "prs"\ncenter_frequency_hz = 1e9\n')
    with pytest.raises(ValueError, match=r"carrier=None is not allowed; a PRS waveform needs"):
        _waveform_command.load_waveform_config(str(bad))
    bad.write_text("[waveform\n")
    with pytest.raises(ValueError, match="it is not valid TOML"):
        _waveform_command.load_waveform_config(str(bad))
    out = tmp_path / "y.npz"
    assert main(["waveform", "--config", "prs", "--out", str(out)]) == 0
    assert main(["waveform", "--config", "prs", "--out", str(out)]) == 2
    assert "overwrite=True" in capsys.readouterr().err


def test_experiment_config_gives_the_frame_of_the_run(tmp_path):
    # an experiment preset gives the ISAC frame its frame stage builds ([carrier], [frame], [prs])
    config = _waveform_command.load_waveform_config("bm_thz")
    assert config["waveform"] == "isac_frame" and config["center_frequency_hz"] == 100e9
    # a user experiment file with base + overrides, written as npz
    cfg = tmp_path / "exp.toml"
    cfg.write_text('base = "bm_mmwave"\n[carrier]\nn_rb = 24\n[prs]\nn_rb = 24\nrb_offset = 0\n'
                   '[frame]\nduration_ms = 5.0\nssb_period_ms = 5.0\nprs_duration_ms = 1.0\n'
                   'prs_offset_ms = 3.0\n')
    assert main(["waveform", "--config", str(cfg), "--out", str(tmp_path / "e"),
                 "--format", "npz"]) == 0
    rec = read_recording(tmp_path / "e.npz")
    assert rec.center_frequency_hz == 30e9
    assert rec.config["frame"]["carrier"]["n_rb"] == 24
    assert {a.label.split()[0] for a in rec.annotations} == {"SSB", "PRS"}
    assert np.array_equal(regenerate_waveform(rec.config), rec.samples)
