"""Measured RMSE of the radar chain against the CRLB, full grid and comb-4 PRS."""

import numpy as np
import pytest

from ofdmisac.estimators import crlb_range_velocity, measure_error_statistics
from ofdmisac.waveforms import SensingGrid

SCS, TSYM, FC, K, L = 120e3, 8.92e-6, 28e9, 32, 16


def _grid(comb):
    """Staggered comb over K x L REs, 4x zero padding, rectangular windows."""
    mask = np.zeros((K, L), bool)
    for ll in range(L):
        mask[(ll % comb)::comb, ll] = True
    return SensingGrid(fc_hz=FC, scs_hz=SCS, symbol_duration_s=TSYM, pilot_mask=mask,
                       n_range=4 * K, n_doppler=4 * L)


@pytest.mark.slow
@pytest.mark.parametrize("comb", [1, 4])
def test_rmse_within_12_of_crlb_above_threshold(comb):
    sg = _grid(comb)
    assert sg.symbol_step == comb
    scir_db = np.array([0.0, 5.0, 10.0, 20.0, 30.0, 40.0])  # high SNR: no interpolation bias
    # search half the unambiguous velocity interval of eq. (14): no replica of the lattice
    s = measure_error_statistics(sg, scir_db, n_trials=500, rng=2026 + comb,
                                 max_speed_mps=sg.unambiguous_velocity_mps / 2)
    for i, db in enumerate(scir_db):
        vr, vv = crlb_range_velocity(sg, 10 ** (db / 10))
        # the estimator is efficient above threshold: RMSE >= root CRLB (up to MC error)
        # and <= 1.2 root CRLB
        assert s.rmse_range_m_hi[i] >= np.sqrt(vr)
        assert s.rmse_velocity_mps_hi[i] >= np.sqrt(vv)
        assert s.rmse_range_m[i] <= 1.2 * np.sqrt(vr)
        assert s.rmse_velocity_mps[i] <= 1.2 * np.sqrt(vv)
        assert s.outlier_rate[i] == 0.0


def test_threshold_effect_and_bad_input():
    sg = _grid(4)
    s = measure_error_statistics(sg, [-12.0, 5.0], n_trials=200, rng=3,
                                 max_speed_mps=sg.unambiguous_velocity_mps / 2)
    assert s.outlier_rate[0] > s.outlier_rate[1]
    with pytest.raises(TypeError, match="sensing=.* is not allowed; use a SensingGrid"):
        measure_error_statistics(sg.pilot_mask, [0.0])
    with pytest.raises(ValueError, match="refine='cubic' is not allowed"):
        measure_error_statistics(sg, [0.0], refine="cubic")
    with pytest.raises(ValueError, match="n_trials=1 is not allowed"):
        measure_error_statistics(sg, [0.0], n_trials=1)
    with pytest.raises(ValueError, match="scir_db=.* is not allowed"):
        measure_error_statistics(sg, [np.nan])
