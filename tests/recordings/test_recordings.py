"""Recordings: SigMF and .npz round trips, validator, configuration, bad files."""

import json
import sys
import warnings

import numpy as np
import pytest
import sigmf
import sigmf.validate

from ofdmisac.recordings import (
    SIGMF_EXTENSION,
    Annotation,
    Recording,
    frame_config_from_dict,
    frame_config_to_dict,
    frame_recording,
    prs_recording,
    read_recording,
    read_recording_npz,
    read_sigmf,
    regenerate_waveform,
    sigmf_metadata,
    write_recording,
    write_recording_npz,
    write_sigmf,
)
from ofdmisac.waveforms import Carrier, IsacFrame, IsacFrameConfig, PRSConfig

C30 = Carrier(scs_khz=30, n_rb=24)


@pytest.fixture(scope="module")
def frame_rec():
    frame = IsacFrame(IsacFrameConfig(carrier=C30, duration_s=5e-3, ssb_period_s=5e-3,
                                      prs_duration_s=1e-3, prs_offset_s=3e-3, n_id_cell=321))
    return frame_recording(frame, center_frequency_hz=3.5e9, seed=11)


def test_sigmf_round_trip_bit_identical_and_valid(tmp_path, frame_rec):
    meta_path = write_sigmf(frame_rec, tmp_path / "frame")
    assert meta_path.name == "frame.sigmf-meta"
    assert (tmp_path / "frame.sigmf-data").stat().st_size == 8 * frame_rec.n_samples
    metadata = json.loads(meta_path.read_text())
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an undeclared extension namespace would warn
        sigmf.validate.validate(metadata)
    glob = metadata["global"]
    assert glob["core:datatype"] == "cf32_le"
    assert glob["core:sample_rate"] == C30.sample_rate_hz
    assert glob["core:extensions"] == [SIGMF_EXTENSION]
    assert metadata["captures"][0]["core:frequency"] == 3.5e9
    ann = metadata["annotations"]
    assert len(ann) == 10 and ann[0]["core:label"] == "SSB i_SSB=0"
    assert ann[0]["core:freq_upper_edge"] - ann[0]["core:freq_lower_edge"] == 240 * 30e3
    back = read_sigmf(meta_path)
    assert back.samples.dtype == np.complex64
    assert np.array_equal(back.samples.view(np.uint64), frame_rec.samples.view(np.uint64))
    assert back.config == frame_rec.config and back.carrier == C30
    assert back.annotations == frame_rec.annotations
    assert back.center_frequency_hz == 3.5e9 and back.sample_rate_hz == C30.sample_rate_hz
    # the sigmf package reads the same samples
    handle = sigmf.fromfile(str(meta_path))
    assert np.array_equal(handle.read_samples().astype(np.complex64), frame_rec.samples)


def test_npz_round_trip_same_metadata(tmp_path, frame_rec):
    p = write_recording_npz(frame_rec, tmp_path / "frame")
    back = read_recording_npz(p)
    assert np.array_equal(back.samples, frame_rec.samples)
    assert back.config == frame_rec.config and back.annotations == frame_rec.annotations
    with np.load(p) as data:
        assert json.loads(str(data["metadata"])) == sigmf_metadata(frame_rec)


def test_configuration_regenerates_samples(frame_rec):
    assert np.array_equal(regenerate_waveform(frame_rec.config), frame_rec.samples)
    cfg = frame_config_from_dict(frame_rec.config["frame"])
    assert cfg.n_id_cell == 321 and frame_config_to_dict(cfg) == frame_rec.config["frame"]


def test_prs_recording_round_trip(tmp_path):
    rec = prs_recording(C30, PRSConfig(comb_size=2, num_symbols=2, start_symbol=5),
                        center_frequency_hz=3.5e9, n_slots=30, first_slot=3, period_slots=8,
                        offset_slots=2, repetition_factor=2)
    back = read_recording(write_recording(rec, tmp_path / "prs"))
    assert np.array_equal(back.samples, rec.samples)
    assert np.array_equal(regenerate_waveform(back.config), rec.samples)
    # the annotated symbols carry the PRS, the samples in between are zero
    mask = np.zeros(rec.n_samples, bool)
    for a in back.annotations:
        mask[a.sample_start:a.sample_stop] = True
    assert np.all(rec.samples[~mask] == 0)
    assert all(np.mean(np.abs(rec.samples[a.sample_start:a.sample_stop]) ** 2) > 0.01
               for a in back.annotations)


def test_default_frame_configuration_round_trip():
    cfg = IsacFrameConfig(prs_active=(True, False), extra_ssb_times_s=(10e-3,))
    assert frame_config_from_dict(json.loads(json.dumps(frame_config_to_dict(cfg)))) == cfg


def _written(tmp_path, rec=None):
    rec = rec or Recording(samples=np.arange(16) * (1 - 1j), sample_rate_hz=1e6,
                           center_frequency_hz=1e9,
                           annotations=(Annotation(sample_start=2, sample_count=4,
                                                   freq_lower_edge_hz=1e9,
                                                   freq_upper_edge_hz=1.1e9, label="x"),))
    meta = write_sigmf(rec, tmp_path / "r")
    return meta, json.loads(meta.read_text())


def _rewrite(meta, metadata):
    meta.write_text(json.dumps(metadata))


def test_bad_datatype(tmp_path):
    meta, md = _written(tmp_path)
    md["global"]["core:datatype"] = "ci16_le"
    _rewrite(meta, md)
    with pytest.raises(ValueError, match=r"r\.sigmf-meta: core:datatype='ci16_le' is not "
                                         r"allowed; ofdmisac reads 'cf32_le'"):
        read_sigmf(meta)


def test_missing_sample_rate(tmp_path):
    meta, md = _written(tmp_path)
    del md["global"]["core:sample_rate"]
    _rewrite(meta, md)
    with pytest.raises(ValueError, match=r"r\.sigmf-meta: core:sample_rate=None is not allowed"):
        read_sigmf(meta)


def test_truncated_data_file(tmp_path):
    meta, _ = _written(tmp_path)
    data = tmp_path / "r.sigmf-data"
    data.write_bytes(data.read_bytes()[:-3])
    with pytest.raises(ValueError, match=r"r\.sigmf-data: size=125 is not allowed; .*truncated"):
        read_sigmf(meta)
    data.write_bytes(data.read_bytes()[:-5])  # whole samples, but fewer than the metadata says
    with pytest.raises(ValueError, match=r"r\.sigmf-meta: ofdmisac:sample_count=16 is not "
                                         r"allowed; it must equal the 15 samples"):
        read_sigmf(meta)


def test_length_mismatch_annotation(tmp_path):
    meta, md = _written(tmp_path)
    del md["global"]["ofdmisac:sample_count"]
    md["annotations"][0]["core:sample_count"] = 40
    _rewrite(meta, md)
    with pytest.raises(ValueError, match=r"r\.sigmf-meta: annotations\[0\]\.core:sample_count=40"
                                         r" is not allowed; .*16 samples"):
        read_sigmf(meta)


def test_checksum_and_validator_errors(tmp_path):
    meta, md = _written(tmp_path)
    data = tmp_path / "r.sigmf-data"
    raw = bytearray(data.read_bytes())
    raw[0] ^= 1
    data.write_bytes(bytes(raw))
    with pytest.raises(ValueError, match=r"r\.sigmf-meta: core:sha512=.* is not allowed"):
        read_sigmf(meta)
    md["global"]["core:sample_rate"] = "fast"
    _rewrite(meta, md)
    with pytest.raises(ValueError, match=r"r\.sigmf-meta: global/core:sample_rate='fast' is not "
                                         r"allowed; the SigMF validator rejects it"):
        read_sigmf(meta)


def test_npz_errors(tmp_path):
    p = tmp_path / "bad.npz"
    np.savez(p, samples=np.zeros(4, np.complex128), metadata=np.array("{}"))
    with pytest.raises(ValueError, match=r"bad\.npz: global='dict' is not allowed"):
        read_recording_npz(p)
    rec = Recording(samples=np.zeros(4), sample_rate_hz=1e6, center_frequency_hz=0.0)
    np.savez(p, samples=np.zeros(4, np.complex128),
             metadata=np.array(json.dumps(sigmf_metadata(rec))))
    with pytest.raises(ValueError, match=r"bad\.npz: samples=<array of shape \(4,\), dtype "
                                         r"complex128> is not allowed"):
        read_recording_npz(p)
    p.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(ValueError, match=r"bad\.npz: file=.* is not allowed"):
        read_recording_npz(p)
    with pytest.raises(FileNotFoundError, match="no such recording file"):
        read_recording_npz(tmp_path / "missing.npz")


def test_write_refuses_to_overwrite(tmp_path):
    rec = Recording(samples=np.zeros(4), sample_rate_hz=1e6, center_frequency_hz=0.0)
    write_recording(rec, tmp_path / "a")
    with pytest.raises(FileExistsError, match="overwrite=True"):
        write_recording(rec, tmp_path / "a.sigmf-meta")
    write_recording(rec, tmp_path / "a", overwrite=True)
    with pytest.raises(ValueError, match="format='wav' is not allowed"):
        write_recording(rec, tmp_path / "b", format="wav")


@pytest.mark.parametrize("kwargs,error,match", [
    ({"samples": np.zeros((2, 2))}, ValueError, r"samples=<array of shape \(2, 2\)>"),
    ({"samples": np.array([np.nan])}, ValueError, "samples=<array with NaN or inf>"),
    ({"sample_rate_hz": 0.0}, ValueError, "sample_rate_hz=0.0 is not allowed"),
    ({"center_frequency_hz": -1.0}, ValueError, "center_frequency_hz=-1.0 is not allowed"),
    ({"carrier": C30}, ValueError, "sample_rate_hz=1000000.0 is not allowed; it must equal"),
    ({"config": [1]}, TypeError, "config=\\[1\\] is not allowed"),
    ({"annotations": (Annotation(sample_start=3, sample_count=2, freq_lower_edge_hz=0,
                                 freq_upper_edge_hz=1, label=""),)}, ValueError,
     r"annotations\[0\]=\(3, 2\) is not allowed"),
])
def test_recording_errors(kwargs, error, match):
    base = {"samples": np.zeros(4), "sample_rate_hz": 1e6, "center_frequency_hz": 0.0}
    base.update(kwargs)
    with pytest.raises(error, match=match):
        Recording(**base)


def test_configuration_errors():
    with pytest.raises(ValueError, match="waveform='wav' is not allowed"):
        regenerate_waveform({"waveform": "wav"})
    with pytest.raises(ValueError, match=r"frame=\['colour'\] is not allowed"):
        frame_config_from_dict({"colour": 1})
    with pytest.raises(ValueError, match="frame.carrier=.* is not allowed; it does not describe"):
        frame_config_from_dict({"carrier": {"scs_khz": 7, "n_rb": 3}})
    with pytest.raises(ValueError, match="seed=-1 is not allowed"):
        frame_recording(IsacFrame(), center_frequency_hz=1e9, seed=-1)


def test_missing_sigmf_package_names_the_extra(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "sigmf", None)
    rec = Recording(samples=np.zeros(4), sample_rate_hz=1e6, center_frequency_hz=0.0)
    with pytest.raises(ImportError, match=r"optional dependency 'sigmf'.*ofdmisac\[sigmf\]"):
        write_sigmf(rec, tmp_path / "a")


def test_npz_works_without_the_sigmf_package(monkeypatch, tmp_path):
    rec = Recording(samples=np.arange(3) * 1j, sample_rate_hz=1e6, center_frequency_hz=2e9)
    monkeypatch.setitem(sys.modules, "sigmf", None)
    back = read_recording(write_recording(rec, tmp_path / "a.npz"))
    assert np.array_equal(back.samples, rec.samples)
    with pytest.raises(ImportError, match="ofdmisac\\[sigmf\\]"):
        read_sigmf(tmp_path / "a")
