"""Range-Doppler map, CFAR, CRLB and window tests."""

import numpy as np
import pytest

from ofdmisac.estimators import (
    ca_cfar_alpha,
    cfar_2d,
    crlb_range_velocity,
    crlb_range_velocity_full_grid,
    get_window,
    range_doppler_map,
    window_gains,
)
from ofdmisac.units import SPEED_OF_LIGHT_MPS as C
from ofdmisac.waveforms import SensingGrid

SCS = 120e3
TSYM = 8.92e-6
FC = 28e9
K, L = 64, 32


def _sg(mask, *, fc_hz=FC, scs_hz=SCS, symbol_duration_s=TSYM, **processing):
    """Sensing grid of the test numerology on a pilot mask (or every RE of a grid shape)."""
    mask = np.ones(mask, bool) if isinstance(mask, tuple) else mask
    return SensingGrid(pilot_mask=mask, fc_hz=fc_hz, scs_hz=scs_hz,
                       symbol_duration_s=symbol_duration_s, **processing)


def _echo(r_m, v_mps, tx, amp=1.0):
    k = np.arange(tx.shape[-2])[:, None]
    t = np.arange(tx.shape[-1])[None, :] * TSYM
    return amp * tx * np.exp(-2j * np.pi * k * SCS * 2 * r_m / C) * np.exp(
        2j * np.pi * 2 * v_mps * FC / C * t)


def _qpsk(rng, shape):
    return (rng.choice([-1, 1], shape) + 1j * rng.choice([-1, 1], shape)) / np.sqrt(2)


def _peak(m):
    i = np.unravel_index(np.argmax(m.power), m.power.shape)
    return m.range_m[i[0]], m.velocity_mps[i[1]], m.power[i]


def test_on_grid_target_peak_and_scaling():
    rng = np.random.default_rng(1)
    tx = _qpsk(rng, (K, L))
    dr = C / (2 * SCS * K)
    dv = C / (2 * FC * TSYM * L)
    rx = _echo(10 * dr, -5 * dv, tx, amp=0.5)
    for method in ("divide", "conjugate"):
        m = range_doppler_map(rx, tx, _sg(tx.shape[-2:]), method=method)
        r, v, p = _peak(m)
        assert r == pytest.approx(10 * dr)
        assert v == pytest.approx(-5 * dv)
        assert p == pytest.approx(0.25, rel=1e-5)
        assert m.range_bin_m == pytest.approx(dr)


def test_batched_matches_single():
    rng = np.random.default_rng(2)
    tx = _qpsk(rng, (3, K, L)).astype(np.complex64)
    rx = (_echo(30.0, 12.0, tx) + 0.1 * _qpsk(rng, (3, K, L))).astype(np.complex64)
    sg = _sg((K, L), window_range="hann", n_range=128, n_doppler=64)
    mb = range_doppler_map(rx, tx, sg)
    m1 = range_doppler_map(rx[1], tx[1], sg)
    assert mb.power.shape == (3, 128, 64)
    np.testing.assert_allclose(mb.power[1], m1.power, rtol=1e-4, atol=1e-7)


def test_aliasing_lands_where_eq14_predicts():
    rng = np.random.default_rng(3)
    tx = _qpsk(rng, (K, L))
    sg = _sg((K, L))
    r_max, v_span = sg.unambiguous_range_m, sg.unambiguous_velocity_mps
    dr, dv = r_max / K, v_span / L
    r_true, v_true = r_max + 7 * dr, v_span / 2 + 3 * dv
    m = range_doppler_map(_echo(r_true, v_true, tx), tx, sg)
    r, v, _ = _peak(m)
    assert r == pytest.approx(r_true - r_max)
    assert v == pytest.approx(v_true - v_span)


def test_comb_ghosts_spaced_by_comb_unambiguous_range():
    rng = np.random.default_rng(4)
    comb = 4
    mask = np.zeros((K, L), bool)
    mask[::comb, :] = True
    tx = np.where(mask, _qpsk(rng, (K, L)), 0)
    dr = C / (2 * SCS * K)
    sg = _sg(mask)
    m = range_doppler_map(_echo(5 * dr, 0.0, tx), tx, sg)
    zero_v = np.argmin(np.abs(m.velocity_mps))
    col = m.power[:, zero_v]
    peaks = np.sort(np.argsort(col)[-comb:])
    np.testing.assert_array_equal(peaks, 5 + np.arange(comb) * K // comb)
    # the map is normalised by the pilot gain: every replica has the full target power
    np.testing.assert_allclose(col[peaks], 1.0, rtol=1e-6)
    assert sg.subcarrier_step == comb and sg.symbol_step == 1
    assert sg.unambiguous_range_m == pytest.approx(K // comb * dr)
    assert sg.range_resolution_m == pytest.approx(dr)


def test_bad_inputs():
    tx = np.ones((K, L), complex)
    sg = _sg((K, L))
    with pytest.raises(ValueError, match=r"rx_grid=.* is not allowed; use a grid of shape"):
        range_doppler_map(np.ones((K, L + 1)), tx, sg)
    with pytest.raises(ValueError, match="no pilot REs"):
        range_doppler_map(tx, np.zeros_like(tx), sg)
    with pytest.raises(ValueError, match="window_range='kaiser' is not allowed; choose one of"):
        _sg((K, L), window_range="kaiser")
    with pytest.raises(ValueError, match="method='fft' is not allowed"):
        range_doppler_map(tx, tx, sg, method="fft")
    with pytest.raises(ValueError, match="n_range=8 is not allowed; use an integer >= 64"):
        _sg((K, L), n_range=8)
    with pytest.raises(ValueError, match="fc_hz=0.0 is not allowed; use a finite number > 0"):
        _sg((K, L), fc_hz=0.0)
    with pytest.raises(ValueError, match="scs_hz=-1.0 is not allowed"):
        _sg((K, L), scs_hz=-1.0)
    with pytest.raises(TypeError, match="pilot_mask=.* is not allowed; use a boolean array"):
        SensingGrid(fc_hz=FC, scs_hz=SCS, symbol_duration_s=TSYM, pilot_mask=np.ones((K, L)))
    with pytest.raises(ValueError, match="pilot_mask=.* is not allowed; use a mask with at least"):
        _sg(np.zeros((K, L), bool))
    with pytest.raises(ValueError, match="pfa=2"):
        cfar_2d(np.ones((8, 8)), pfa=2)
    with pytest.raises(ValueError, match="exceeds n_doppler"):
        cfar_2d(np.ones((8, 8)), guard=(1, 2), train=(2, 4))
    with pytest.raises(ValueError, match="window length"):
        get_window("hann", 0)
    with pytest.raises(ValueError, match="snr=0.0 is not allowed; use a positive SNR on at least"):
        crlb_range_velocity(_sg((4, 4)), 0.0)
    with pytest.raises(ValueError, match="symbol_times_s=.* is not allowed; use 4 finite times"):
        _sg((4, 4), symbol_times_s=np.arange(3) * TSYM)
    with pytest.raises(ValueError, match="snr=.* is not allowed; use a scalar or an array"):
        crlb_range_velocity(_sg((4, 4)), np.ones(3))
    with pytest.raises(ValueError, match="sensing=.* is not allowed; use a grid whose every RE"):
        crlb_range_velocity_full_grid(_sg(np.eye(4, dtype=bool)), 1.0)


def test_map_reports_window_processing_loss():
    rng = np.random.default_rng(9)
    tx = _qpsk(rng, (K, L))
    assert range_doppler_map(tx, tx, _sg((K, L))).processing_loss_db == 0.0
    m = range_doppler_map(tx, tx, _sg((K, L), window_range="hann", window_doppler="chebyshev"))
    expect = (window_gains(get_window("hann", K))["processing_loss_db"]
              + window_gains(get_window("chebyshev", L))["processing_loss_db"])
    assert m.processing_loss_db == pytest.approx(expect)
    # a target still peaks at its full power: the loss is in the noise floor
    r, v, p = _peak(range_doppler_map(_echo(0.0, 0.0, tx), tx, _sg((K, L), window_range="hann")))
    assert p == pytest.approx(1.0, rel=1e-6)


def test_window_gains():
    g = window_gains(get_window("rect", 64))
    assert g["coherent_gain"] == 1.0 and g["processing_loss_db"] == pytest.approx(0.0)
    # Hann: coherent gain ~0.5, processing loss ~1.76 dB for long windows
    g = window_gains(get_window("hann", 4097))
    assert g["coherent_gain"] == pytest.approx(0.5, abs=1e-3)
    assert g["processing_loss_db"] == pytest.approx(1.76, abs=0.01)
    for name in ("hamming", "blackmanharris", "chebyshev"):
        assert window_gains(get_window(name, 33))["processing_loss_db"] > 0


def test_ca_cfar_false_alarm_rate_matches_design():
    rng = np.random.default_rng(5)
    pfa = 1e-3
    noise = rng.exponential(1.0, size=(16, 256, 256))
    det, _ = cfar_2d(noise, pfa=pfa, guard=(1, 1), train=(3, 3))
    n_cells = noise.size
    rate = det.sum() / n_cells
    se = np.sqrt(pfa * (1 - pfa) / n_cells)
    assert abs(rate - pfa) < 4 * se


def test_ca_cfar_detection_probability_swerling1():
    # Swerling I target in CA-CFAR: P_D = (1 + alpha / (N (1 + snr)))^(-N)
    rng = np.random.default_rng(6)
    pfa, n_maps = 1e-2, 4000
    guard, train = (0, 0), (2, 2)
    n = (2 * 2 + 1) ** 2 - 1
    alpha = ca_cfar_alpha(pfa, n)
    for snr in (1.0, 5.0, 20.0):
        p = rng.exponential(1.0, size=(n_maps, 9, 9))
        p[:, 4, 4] = rng.exponential(1.0 + snr, size=n_maps)
        det, _ = cfar_2d(p, pfa=pfa, guard=guard, train=train)
        pd_mc = det[:, 4, 4].mean()
        pd = (1 + alpha / (n * (1 + snr))) ** (-n)
        assert abs(pd_mc - pd) < 4 * np.sqrt(pd * (1 - pd) / n_maps)


def test_crlb_general_matches_full_grid_closed_form_and_comb_scaling():
    vr, vv = crlb_range_velocity(_sg((K, L)), 3.0)
    cr, cv = crlb_range_velocity_full_grid(_sg((K, L)), 3.0)
    assert vr == pytest.approx(cr, rel=1e-10)
    assert vv == pytest.approx(cv, rel=1e-10)
    mask = np.zeros((K, L), bool)
    mask[::4] = True
    vr4, vv4 = crlb_range_velocity(_sg(mask), 3.0)
    # a quarter of the REs: velocity variance x4; range spread nearly unchanged
    assert vv4 == pytest.approx(4 * vv, rel=1e-10)
    assert 3.5 * vr < vr4 < 4.5 * vr


def test_crlb_monte_carlo_twin_linearized_ml():
    # ML on a fine grid around the truth (high SNR): RMSE approaches sqrt(CRLB)
    rng = np.random.default_rng(7)
    k, ll, snr, n_trials = 16, 8, 10.0, 600
    t = np.arange(ll) * TSYM
    mask = np.zeros((k, ll), bool)
    mask[::4] = True
    mask[2::4, 1::2] = True
    vr, vv = crlb_range_velocity(_sg(mask), snr)
    r0, v0 = 17.3, 4.1
    kk = np.arange(k)[:, None]
    noise = (rng.standard_normal((n_trials, k, ll))
             + 1j * rng.standard_normal((n_trials, k, ll))) / np.sqrt(2 * snr)
    y = (np.exp(-2j * np.pi * kk * SCS * 2 * r0 / C) * np.exp(2j * np.pi * 2 * v0 * FC / C * t)
         + noise) * mask
    rs = r0 + np.linspace(-6, 6, 121) * np.sqrt(vr)
    vs = v0 + np.linspace(-6, 6, 121) * np.sqrt(vv)
    ar = np.exp(-2j * np.pi * kk[None] * SCS * 2 * rs[:, None, None] / C)  # (nr, k, 1)
    ad = np.exp(2j * np.pi * 2 * vs[:, None] * FC / C * t[None])  # (nv, ll)
    z = np.einsum("nkl,rkl,vl->nrv", y, np.conj(ar) * mask[None], np.conj(ad), optimize=True)
    idx = np.abs(z.reshape(n_trials, -1)).argmax(axis=1)
    ir, iv = np.unravel_index(idx, (rs.size, vs.size))
    mse_r = np.mean((rs[ir] - r0) ** 2)
    mse_v = np.mean((vs[iv] - v0) ** 2)
    assert 0.8 < mse_r / vr < 1.2 ** 2
    assert 0.8 < mse_v / vv < 1.2 ** 2
