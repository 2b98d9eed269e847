"""Tests of ``ofdmisac/_plots/radar.py``: the range-Doppler map and RMSE figures."""

import numpy as np

from ofdmisac.estimators import Detection, ErrorStatistics, range_doppler_map
from ofdmisac.plotting import plot_range_doppler_map, plot_rmse_vs_scir, plot_rmse_vs_snr
from ofdmisac.waveforms import SensingGrid


def test_range_doppler_map_in_db_with_detections_and_truth():
    sg = SensingGrid(fc_hz=28e9, scs_hz=120e3, symbol_duration_s=8.92e-6,
                     pilot_mask=np.ones((16, 8), bool))
    x = np.ones((16, 8), complex)
    rd = range_doppler_map(x, x, sg)  # a single peak at range 0, velocity 0
    det = [Detection(range_m=0.0, velocity_mps=0.0, power=1.0, snr=10.0)]
    fig = plot_range_doppler_map(rd, det, truth=[(0.0, 0.0)], dynamic_range_db=30.0)
    ax = fig.axes[0]
    mesh = ax.collections[0]
    values = np.asarray(mesh.get_array()).reshape(rd.power.shape)
    assert values.max() == 0.0 and values.min() == -30.0  # dB re peak, clipped at the range
    assert [line.get_label() for line in ax.lines] == ["detections", "truth"]
    assert ax.get_xlabel() == "radial velocity (m/s)" and ax.get_ylabel() == "range (m)"


def _stats():
    z = np.zeros(3)
    r = np.array([1.0, 0.3, 0.1])
    v = 2 * r
    return ErrorStatistics(scir_db=np.array([0.0, 10.0, 20.0]), rmse_range_m=r,
                           rmse_range_m_lo=0.5 * r, rmse_range_m_hi=1.5 * r, bias_range_m=z,
                           rmse_velocity_mps=v, rmse_velocity_mps_lo=0.5 * v,
                           rmse_velocity_mps_hi=1.5 * v, bias_velocity_mps=z, outlier_rate=z,
                           outlier_ci=z, n_trials=10)


def test_rmse_vs_scir_two_panels_with_bounds():
    fig = plot_rmse_vs_scir(_stats(), crlb_range_m=[0.9, 0.3, 0.1],
                            crlb_velocity_mps=[1.8, 0.6, 0.2], paper_range_m=[1, 1, 1],
                            paper_velocity_mps=[2, 2, 2])
    assert len(fig.axes) == 2
    assert all(len(ax.lines) >= 2 for ax in fig.axes)  # measured and the bounds


def test_rmse_vs_snr_three_panels():
    curve = {"snr_db": np.array([0.0, 10.0]), "range": np.array([1.0, 0.3]),
             "velocity": np.array([2.0, 0.6]), "label": "MC", "color": "C0", "style": "marker"}
    out = {"snr_db": np.array([0.0, 10.0]), "rate": np.array([0.5, 1e-4]), "label": "MC",
           "color": "C0"}
    fig = plot_rmse_vs_snr([curve, dict(curve, style="line", label="CRLB")],
                           outlier_curves=[out])
    assert len(fig.axes) == 3
