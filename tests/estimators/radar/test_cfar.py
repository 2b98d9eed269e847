"""CFAR on noise-only range-Doppler maps (CA and OS) and Swerling 0/I detection through the
full chain (echo synthesis, noise, periodogram) against the closed forms."""

import numpy as np
import pytest

from ofdmisac.channel import Target, add_noise, swerling_detection_probability, synthesize_echo
from ofdmisac.estimators import (
    ca_cfar_alpha,
    cfar_2d,
    os_cfar_alpha,
    os_cfar_pfa,
    range_doppler_map,
)
from ofdmisac.waveforms import Carrier, SensingGrid

SCS, TSYM, FC = 120e3, 8.92e-6, 28e9


def _full_grid(shape):
    """Sensing grid of the test numerology, every RE a pilot."""
    return SensingGrid(pilot_mask=np.ones(shape, bool), fc_hz=FC, scs_hz=SCS,
                       symbol_duration_s=TSYM)


def _noise_maps(rng, n_maps, k, ll):
    tx = np.exp(2j * np.pi * rng.random((n_maps, k, ll))).astype(np.complex64)
    rx = add_noise(np.zeros_like(tx), 1.0, rng=rng)
    return range_doppler_map(rx, tx, _full_grid(tx.shape[-2:])).power


@pytest.mark.slow
@pytest.mark.parametrize("kind, pfa", [("CA", 1e-3), ("OS", 1e-3), ("CA", 1e-4)])
def test_cfar_false_alarm_rate_on_noise_only_maps(kind, pfa):
    rng = np.random.default_rng({"CA": 1, "OS": 2}[kind] + int(-np.log10(pfa)))
    p = _noise_maps(rng, 16, 256, 256)  # 1,048,576 cells
    det, _ = cfar_2d(p, kind=kind, pfa=pfa, guard=(1, 1), train=(2, 3))
    rate = det.mean()
    # cells are iid exponential, but each decision shares training cells with its
    # neighbours; the false alarms are nearly independent at these rates
    se = np.sqrt(pfa * (1 - pfa) / det.size)
    assert abs(rate - pfa) < 4 * se


def test_os_cfar_alpha_inverts_pfa_and_bad_input():
    n = np.array([8, 24, 40, 80])
    k = np.ceil(0.75 * n)
    for pfa in (1e-2, 1e-4, 1e-6):
        np.testing.assert_allclose(os_cfar_pfa(os_cfar_alpha(pfa, n, k), n, k), pfa, rtol=1e-9)
    # k = N = 1: Pfa = 1 / (1 + alpha)
    assert os_cfar_alpha(0.01, 1, 1) == pytest.approx(99.0)
    with pytest.raises(ValueError, match=r"rank=.* is not allowed; use ranks in 1\.\.n_train"):
        os_cfar_alpha(1e-3, 8, 9)
    with pytest.raises(ValueError, match="kind='GO' is not allowed"):
        cfar_2d(np.ones((8, 8)), kind="GO")
    with pytest.raises(ValueError, match="rank_fraction=0 is not allowed"):
        cfar_2d(np.ones((8, 8)), kind="OS", rank_fraction=0)


@pytest.mark.slow
def test_os_cfar_swerling1_detection_probability():
    rng = np.random.default_rng(8)
    pfa, n_maps = 1e-2, 4000
    n = (2 * 2 + 1) ** 2 - 1
    k = int(np.ceil(0.75 * n))
    alpha = os_cfar_alpha(pfa, n, k)
    for snr in (1.0, 5.0, 20.0):
        p = rng.exponential(1.0, size=(n_maps, 9, 9))
        p[:, 4, 4] = rng.exponential(1.0 + snr, size=n_maps)
        det, _ = cfar_2d(p, kind="OS", pfa=pfa, guard=(0, 0), train=(2, 2))
        pd_mc = det[:, 4, 4].mean()
        pd = os_cfar_pfa(alpha / (1 + snr), n, k)
        assert abs(pd_mc - pd) < 4 * np.sqrt(pd * (1 - pd) / n_maps)


@pytest.mark.slow
@pytest.mark.parametrize("swerling", [0, 1])
def test_swerling_detection_through_the_chain_matches_closed_form(swerling):
    carrier = Carrier(scs_khz=120, n_rb=2)  # 24 subcarriers
    k, ll, n_maps, pfa = carrier.n_subcarriers, 14, 4000, 1e-3
    sensing = SensingGrid.from_carrier(carrier, fc_hz=FC, n_symbols=ll)
    rng = np.random.default_rng(20 + swerling)
    tx = np.exp(2j * np.pi * rng.random((n_maps, k, ll))).astype(np.complex64)
    dr = 299792458.0 / (2 * SCS * k)
    thr = -np.log(pfa) / (k * ll)  # noise power per map cell: N0 / (K L) with N0 = 1
    for snr_cell_db in (10.0, 13.0, 16.0):
        snr_re = 10 ** (snr_cell_db / 10) / (k * ll)
        tgt = [Target(range_m=3 * dr, velocity_mps=0.0, rcs_m2=snr_re, swerling=swerling)]
        rx = add_noise(synthesize_echo(tx, sensing, tgt, amplitude="unit", rng=rng), 1.0,
                       rng=rng)
        m = range_doppler_map(rx, tx, sensing)
        cell = m.power[:, 3, ll // 2]
        pd_mc = np.mean(cell > thr)
        pd = float(swerling_detection_probability(pfa, snr_re * k * ll, swerling))
        assert abs(pd_mc - pd) < 4 * np.sqrt(pd * (1 - pd) / n_maps)



def test_cfar_bad_inputs():
    with pytest.raises(ValueError, match="pfa=2"):
        cfar_2d(np.ones((8, 8)), pfa=2)
    with pytest.raises(ValueError, match="does not exceed n_doppler"):
        cfar_2d(np.ones((8, 8)), guard=(1, 2), train=(2, 4))


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



def test_cfar_arguments_named_in_errors():
    with pytest.raises(ValueError, match="pfa=1.5 is not allowed"):
        ca_cfar_alpha(1.5, 16)
    with pytest.raises(ValueError, match="n_train=0 is not allowed; use integers >= 1"):
        ca_cfar_alpha(1e-3, 0)
    with pytest.raises(ValueError, match="alpha=-1.0 is not allowed"):
        os_cfar_pfa(-1.0, 16, 12)
    with pytest.raises(ValueError, match=r"pfa=nan is not allowed"):
        os_cfar_alpha(np.nan, 16, 12)
    with pytest.raises(TypeError, match="power_map=None is not allowed"):
        cfar_2d(None)
    with pytest.raises(TypeError, match="guard=3 is not allowed; use a pair"):
        cfar_2d(np.ones((8, 8)), guard=3)
    with pytest.raises(ValueError, match="guard=-1 is not allowed"):
        cfar_2d(np.ones((8, 8)), guard=(-1, 0))
    with pytest.raises(ValueError, match="power_map=.* is not allowed; use a map of shape"):
        cfar_2d(np.ones(8))


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64])
def test_cfar_map_checks_and_dtype(dtype):
    """The map check (a two-reduction fast path for float maps) still names the map for
    NaN, inf and negative powers; float32 maps give float32 thresholds, others float64."""
    p = np.ones((16, 16), dtype)
    det, thr = cfar_2d(p)
    assert thr.dtype == (np.float32 if dtype == np.float32 else np.float64) and not det.any()
    if dtype == np.int64:
        return
    for bad in (np.nan, np.inf, -1.0):
        q = p.copy()
        q[3, 4] = bad
        with pytest.raises(ValueError, match=r"power_map=.* is not allowed; use finite "
                                             r"numbers >= 0"):
            cfar_2d(q)
