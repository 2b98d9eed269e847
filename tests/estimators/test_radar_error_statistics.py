"""Measured RMSE of the radar chain against the CRLB, full grid and comb-4 PRS."""

import numpy as np
import pytest

from ofdmisac.estimators import crlb_range_velocity, measure_error_statistics

SCS, TSYM, FC, K, L = 120e3, 8.92e-6, 28e9, 32, 16
VMAX = 3e8 / (4 * FC * TSYM)  # half the unambiguous velocity span of eq. (14)


def _mask(comb):
    mask = np.zeros((K, L), bool)
    for ll in range(L):
        mask[(ll % comb)::comb, ll] = True
    return mask


@pytest.mark.slow
@pytest.mark.parametrize("comb", [1, 4])
def test_rmse_within_12_of_crlb_above_threshold(comb):
    mask = _mask(comb)
    scir_db = np.array([0.0, 5.0, 10.0, 20.0, 30.0, 40.0])  # high SNR: no interpolation bias
    s = measure_error_statistics(scir_db, pilot_mask=mask, scs_hz=SCS, symbol_duration_s=TSYM,
                                 fc_hz=FC, n_trials=500, rng=2026 + comb,
                                 max_speed_mps=VMAX / comb)
    for i, db in enumerate(scir_db):
        vr, vv = crlb_range_velocity(mask, SCS, np.arange(L) * TSYM, FC, 10 ** (db / 10))
        # the estimator is efficient above threshold: RMSE >= root CRLB (up to MC error)
        # and <= 1.2 root CRLB
        assert s.rmse_range_m_hi[i] >= np.sqrt(vr)
        assert s.rmse_velocity_mps_hi[i] >= np.sqrt(vv)
        assert s.rmse_range_m[i] <= 1.2 * np.sqrt(vr)
        assert s.rmse_velocity_mps[i] <= 1.2 * np.sqrt(vv)
        assert s.outlier_rate[i] == 0.0


def test_threshold_effect_and_bad_input():
    mask = _mask(4)
    s = measure_error_statistics([-12.0, 5.0], pilot_mask=mask, scs_hz=SCS,
                                 symbol_duration_s=TSYM, fc_hz=FC, n_trials=200, rng=3,
                                 max_speed_mps=VMAX / 4)
    assert s.outlier_rate[0] > s.outlier_rate[1]
    with pytest.raises(ValueError, match="with pilot REs"):
        measure_error_statistics([0.0], pilot_mask=np.zeros((4, 4), bool), scs_hz=SCS,
                                 symbol_duration_s=TSYM, fc_hz=FC)
    with pytest.raises(ValueError, match="refine='cubic' is not allowed"):
        measure_error_statistics([0.0], pilot_mask=mask, scs_hz=SCS, symbol_duration_s=TSYM,
                                 fc_hz=FC, refine="cubic")
    with pytest.raises(ValueError, match="n_trials=1"):
        measure_error_statistics([0.0], pilot_mask=mask, scs_hz=SCS, symbol_duration_s=TSYM,
                                 fc_hz=FC, n_trials=1)
