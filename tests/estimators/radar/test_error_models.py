"""CRLB and measured-table error models: consistency with eq. (15), JSON round trip."""

import numpy as np
import pytest

from ofdmisac.estimators import (
    CrlbErrorModel,
    MeasuredErrorModel,
    PaperErrorModel,
    load_error_model,
)


def test_measured_table_reproduces_paper_model_and_extrapolates_as_inverse_sqrt(tmp_path):
    paper = PaperErrorModel(prs_bandwidth_hz=100e6, prs_duration_s=0.5e-3, fc_hz=28e9)
    db = np.array([-10.0, 0.0, 10.0, 20.0])
    eta = 10 ** (db / 10)
    rr = paper.range_resolution_m / np.sqrt(eta)
    model = MeasuredErrorModel(scir_db=tuple(db), rmse_range_m=tuple(rr),
                               rmse_velocity_mps=tuple(paper.sigma_v(eta)))
    test_eta = 10 ** (np.array([-20.0, -3.3, 7.1, 30.0]) / 10)
    np.testing.assert_allclose(model.sigma_v(test_eta), paper.sigma_v(test_eta), rtol=1e-12)
    np.testing.assert_allclose(model.sigma_d(test_eta, 8), paper.sigma_d(test_eta, 8),
                               rtol=1e-12)
    model.save(tmp_path / "m.json")
    back = load_error_model(tmp_path / "m.json")
    assert back == model


def test_crlb_model_round_trip_and_scaling():
    m = CrlbErrorModel(var_range_unit_m2=4.0, var_velocity_unit_mps2=0.25)
    assert m.sigma_v(4.0) == pytest.approx(0.25)
    assert m.sigma_d(1.0, 2) == pytest.approx(2 * np.sqrt(2) * 2.0)
    assert load_error_model(m.to_dict()) == m


def test_models_from_a_sensing_grid():
    from ofdmisac.estimators import crlb_range_velocity
    from ofdmisac.waveforms import SensingGrid

    sg = SensingGrid(fc_hz=28e9, scs_hz=120e3, symbol_duration_s=8.92e-6,
                     pilot_mask=np.ones((32, 16), bool))
    paper = PaperErrorModel.from_sensing(sg)
    assert paper.prs_bandwidth_hz == sg.bandwidth_hz
    assert paper.prs_duration_s == sg.observation_time_s
    assert paper.range_resolution_m == pytest.approx(sg.range_resolution_m)
    crlb = CrlbErrorModel.from_sensing(sg)
    var_r, var_v = crlb_range_velocity(sg, 10.0)
    assert crlb.sigma_v(10.0) == pytest.approx(np.sqrt(var_v), rel=1e-12)
    with pytest.raises(TypeError, match="sensing=.* is not allowed; use a SensingGrid"):
        PaperErrorModel.from_sensing(None)
    with pytest.raises(ValueError, match="scir=.* is not allowed"):
        paper.sigma_v(-1.0)
    with pytest.raises(TypeError):
        PaperErrorModel(100e6, 0.5e-3, 28e9)  # keyword-only


def test_bad_tables():
    with pytest.raises(ValueError, match="strictly increasing"):
        MeasuredErrorModel(scir_db=(1.0, 0.0), rmse_range_m=(1, 1), rmse_velocity_mps=(1, 1))
    with pytest.raises(ValueError, match="rmse_range_m="):
        MeasuredErrorModel(scir_db=(0.0, 1.0), rmse_range_m=(1, -1), rmse_velocity_mps=(1, 1))
    with pytest.raises(ValueError, match="var_range_unit_m2="):
        CrlbErrorModel(var_range_unit_m2=0.0, var_velocity_unit_mps2=1.0)


# --- the waveform an error model was measured on (issue 10 item 2) ---

def _sg(fc_hz=28e9, n_sc=32, n_sym=16):
    from ofdmisac.waveforms import SensingGrid

    return SensingGrid(fc_hz=fc_hz, scs_hz=120e3, symbol_duration_s=8.92e-6,
                       pilot_mask=np.ones((n_sc, n_sym), bool), n_range=4 * n_sc,
                       n_doppler=4 * n_sym)


def test_measured_model_records_its_waveform_and_old_files_load_as_unknown(tmp_path):
    import json

    from ofdmisac.estimators import ErrorModelWaveform, measure_error_statistics

    sg = _sg()
    stats = measure_error_statistics(sg, [-20.0, 0.0, 10.0, 20.0], n_trials=20, rng=1)
    m = MeasuredErrorModel.from_statistics(stats)
    w = m.waveform
    assert w == ErrorModelWaveform.from_sensing(sg) and m.n_trials == 20
    assert (w.fc_hz, w.bandwidth_hz, w.duration_s) == (28e9, sg.bandwidth_hz,
                                                         sg.observation_time_s)
    assert (w.scs_hz, w.n_subcarriers, w.n_symbols, w.n_pilots) == (120e3, 32, 16, 512)
    assert (w.subcarrier_step, w.symbol_step) == (1, 1)
    m.save(tmp_path / "error_model.json")
    data = json.loads((tmp_path / "error_model.json").read_text())
    assert data["waveform"]["bandwidth_hz"] == sg.bandwidth_hz
    assert load_error_model(tmp_path / "error_model.json") == m
    old = {k: data[k] for k in ("kind", "scir_db", "rmse_range_m", "rmse_velocity_mps")}
    assert load_error_model(old).waveform is None  # unknown
    kept = MeasuredErrorModel.from_statistics(stats, max_outlier_rate=0.0)
    assert len(kept.scir_db) == int(np.sum(stats.outlier_rate == 0))
    with pytest.raises(ValueError, match="max_outlier_rate=-0.1 is not allowed"):
        MeasuredErrorModel.from_statistics(stats, max_outlier_rate=-0.1)
    with pytest.raises(TypeError, match="stats=.* is not allowed"):
        MeasuredErrorModel.from_statistics(m)
    with pytest.raises(TypeError, match="waveform=.* is not allowed"):
        MeasuredErrorModel(scir_db=(0, 1), rmse_range_m=(1, 1), rmse_velocity_mps=(1, 1),
                           waveform=3.0)
    with pytest.raises(ValueError, match="fc_hz=-1.0 is not allowed"):
        ErrorModelWaveform(fc_hz=-1.0, bandwidth_hz=1e6, duration_s=1e-3)
    with pytest.raises(TypeError, match="n_pilots=2.5 is not allowed"):
        ErrorModelWaveform(fc_hz=1e9, bandwidth_hz=1e6, duration_s=1e-3, n_pilots=2.5)


def test_crlb_and_paper_models_say_what_waveform_they_describe():
    sg = _sg()
    c = CrlbErrorModel.from_sensing(sg)
    assert c.waveform.n_pilots == sg.n_pilots
    assert load_error_model(c.to_dict()) == c
    p = PaperErrorModel(prs_bandwidth_hz=100e6, prs_duration_s=1e-3, fc_hz=28e9)
    assert (p.waveform.bandwidth_hz, p.waveform.duration_s, p.waveform.n_pilots) == (
        100e6, 1e-3, None)
    assert p.analytic and not c.analytic


def test_check_waveform_names_every_mismatch_and_warns_when_unknown():
    from ofdmisac.estimators import ErrorModelWaveform

    w = ErrorModelWaveform(fc_hz=28e9, bandwidth_hz=100e6, duration_s=1e-3)
    m = MeasuredErrorModel(scir_db=(0.0, 20.0), rmse_range_m=(1.0, 0.1),
                           rmse_velocity_mps=(0.5, 0.05), waveform=w)
    m.check_waveform(fc_hz=28.1e9, bandwidth_hz=100.5e6, duration_s=1e-3)  # within 1 %
    with pytest.raises(ValueError, match=r"error_model='MeasuredErrorModel\(...\)' is not "
                       r"allowed; .*fc_hz 2.8e\+10 \(the scenario: 3e\+10\), duration_s 0.001 "
                       r"\(the scenario: 0.005\); .*law='resolution'"):
        m.check_waveform(fc_hz=30e9, bandwidth_hz=100e6, duration_s=5e-3)
    unknown = MeasuredErrorModel(scir_db=(0.0, 20.0), rmse_range_m=(1.0, 0.1),
                                 rmse_velocity_mps=(0.5, 0.05))
    with pytest.warns(UserWarning, match="records no waveform"):
        unknown.check_waveform(fc_hz=30e9, bandwidth_hz=100e6, duration_s=5e-3)
    # an analytic model is a formula of its own parameters: never refused
    PaperErrorModel(prs_bandwidth_hz=1e6, prs_duration_s=1.0, fc_hz=1e9).check_waveform(
        fc_hz=30e9, bandwidth_hz=100e6, duration_s=5e-3)
    with pytest.raises(ValueError, match="law='sqrt' is not allowed"):
        m.rescaled(fc_hz=30e9, law="sqrt")
    with pytest.raises(ValueError, match="error_model=.* is not allowed; rescale a model whose"):
        unknown.rescaled(fc_hz=30e9)
    with pytest.raises(ValueError, match="fc_hz=0.0 is not allowed"):
        m.rescaled(fc_hz=0.0)


@pytest.mark.slow
def test_rescaled_28_to_30_ghz_matches_a_measurement_at_30_ghz():
    # the resolution law of [BM] eq. (13)/(15) is exact for a change of fc alone: measured
    # at 28 GHz and rescaled, the table matches one measured at 30 GHz within 4 MC SE
    from ofdmisac.estimators import measure_error_statistics

    db, n = [0.0, 10.0, 20.0], 400
    m28 = MeasuredErrorModel.from_statistics(
        measure_error_statistics(_sg(28e9), db, n_trials=n, rng=28))
    m30 = MeasuredErrorModel.from_statistics(
        measure_error_statistics(_sg(30e9), db, n_trials=n, rng=30))
    w30 = m30.waveform
    r = m28.rescaled(fc_hz=30e9)
    r.check_waveform(fc_hz=w30.fc_hz, bandwidth_hz=w30.bandwidth_hz, duration_s=w30.duration_s)
    assert r.rescaled_from == m28.waveform and r.rescale_law == "resolution"
    for a, b in ((r.rmse_velocity_mps, m30.rmse_velocity_mps),
                 (r.rmse_range_m, m30.rmse_range_m)):
        a, b = np.array(a), np.array(b)
        se = np.hypot(a, b) / np.sqrt(2 * n)  # SE of an RMSE: rmse / sqrt(2 n)
        assert np.all(np.abs(a - b) < 4 * se), (a, b, se)
    # fc changes velocity by 28/30, range not at all
    np.testing.assert_allclose(np.array(r.rmse_velocity_mps) / m28.rmse_velocity_mps, 28 / 30)
    np.testing.assert_allclose(r.rmse_range_m, m28.rmse_range_m)


def test_where_the_resolution_law_fails_more_res_at_one_per_re_scir():
    # doubling the bandwidth with the same scs doubles the pilot REs: at a fixed per-RE SCIR
    # the CRLB range std falls by 2 sqrt((4 K^2 - 1) / (2 (K^2 - 1))) ~ 2 sqrt(2), the law
    # says 2: it is pessimistic by ~sqrt(N_new / N_old); for fc alone the law is exact
    k = 32
    a = CrlbErrorModel.from_sensing(_sg(n_sc=k))
    b = CrlbErrorModel.from_sensing(_sg(n_sc=2 * k))
    law = a.rescaled(bandwidth_hz=b.waveform.bandwidth_hz)
    ratio = np.sqrt(law.var_range_unit_m2 / b.var_range_unit_m2)
    assert ratio == pytest.approx(np.sqrt((4 * k**2 - 1) / (2 * (k**2 - 1))), rel=1e-9)
    assert ratio == pytest.approx(np.sqrt(2), rel=1e-3)
    c = CrlbErrorModel.from_sensing(_sg(30e9)).var_velocity_unit_mps2
    assert CrlbErrorModel.from_sensing(_sg(28e9)).rescaled(
        fc_hz=30e9).var_velocity_unit_mps2 == pytest.approx(c, rel=1e-12)
