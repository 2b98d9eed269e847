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
