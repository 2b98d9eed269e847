"""Tests of ofdmisac/estimators/radar/_crlb.py: the CRLB against closed forms and Monte Carlo."""

import numpy as np
import pytest

from ofdmisac.estimators import (
    crlb_range_velocity,
    crlb_range_velocity_full_grid,
)
from ofdmisac.units import SPEED_OF_LIGHT_MPS as C
from ofdmisac.waveforms import SensingGrid

SCS, TSYM, FC = 120e3, 8.92e-6, 28e9


K, L = 64, 32


def _sg(mask, *, fc_hz=FC, scs_hz=SCS, symbol_duration_s=TSYM, **processing):
    """Sensing grid of the test numerology on a pilot mask (or every RE of a grid shape)."""
    mask = np.ones(mask, bool) if isinstance(mask, tuple) else mask
    return SensingGrid(pilot_mask=mask, fc_hz=fc_hz, scs_hz=scs_hz,
                       symbol_duration_s=symbol_duration_s, **processing)


def test_crlb_bad_inputs():
    with pytest.raises(ValueError, match="snr=0.0 is not allowed; use a positive SNR on at least"):
        crlb_range_velocity(_sg((4, 4)), 0.0)
    with pytest.raises(ValueError, match="snr=.* is not allowed; use a scalar or an array"):
        crlb_range_velocity(_sg((4, 4)), np.ones(3))
    with pytest.raises(ValueError, match="sensing=.* is not allowed; use a grid whose every RE"):
        crlb_range_velocity_full_grid(_sg(np.eye(4, dtype=bool)), 1.0)


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



def test_full_grid_closed_form_uses_the_actual_symbol_times():
    # NR start times (longer CP on symbol 0 of each 0.5 ms): the closed form with the actual
    # time spread equals the general FIM; the uniform-T formula is off by 0.19 % here
    from ofdmisac.waveforms import Carrier

    g = SensingGrid.from_carrier(Carrier(scs_khz=120, n_rb=4), fc_hz=FC,
                                 pilot_mask=np.ones((48, 56), bool))
    vr, vv = crlb_range_velocity(g, 5.0)
    cr, cv = crlb_range_velocity_full_grid(g, 5.0)
    assert (cr, cv) == (pytest.approx(vr, rel=1e-10), pytest.approx(vv, rel=1e-10))
    t_u = g.symbol_duration_s
    uniform = 6.0 / ((2 * np.pi * t_u) ** 2 * 5.0 * 48 * 56 * (56**2 - 1)) * (C / (2 * FC)) ** 2
    assert cv / uniform == pytest.approx(1.00187, abs=1e-4)
