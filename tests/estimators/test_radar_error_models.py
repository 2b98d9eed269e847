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


def test_bad_tables():
    with pytest.raises(ValueError, match="strictly increasing"):
        MeasuredErrorModel(scir_db=(1.0, 0.0), rmse_range_m=(1, 1), rmse_velocity_mps=(1, 1))
    with pytest.raises(ValueError, match="rmse_range_m="):
        MeasuredErrorModel(scir_db=(0.0, 1.0), rmse_range_m=(1, -1), rmse_velocity_mps=(1, 1))
    with pytest.raises(ValueError, match="var_range_unit_m2="):
        CrlbErrorModel(var_range_unit_m2=0.0, var_velocity_unit_mps2=1.0)
