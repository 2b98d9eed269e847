"""Tests of ``ofdmisac.network.beam_management._ase``: ergodic rate (45), effective ASE."""

import math

import numpy as np
import pytest
from scipy.integrate import quad

from ofdmisac.network import BeamManagementScenario
from ofdmisac.network.beam_management._ase import (
    EffectiveAse,
    effective_ase,
    ergodic_rate,
    rate_rule,
    simulate_effective_ase,
)
from ofdmisac.network.beam_management._overhead import conventional_overhead

NODES = (24, 16, 48)


def _rayleigh_ppp(zeta, alpha=4.0):
    """Interference-limited Rayleigh PPP coverage (nearest-BS association)."""
    zeta = np.asarray(zeta, dtype=float)
    if alpha == 4.0:
        s = np.sqrt(zeta)
        rho = s * (np.pi / 2 - np.arctan(1 / s))
    else:
        rho = np.array([z ** (2 / alpha) * quad(lambda u: 1 / (1 + u ** (alpha / 2)),
                                                z ** (-2 / alpha), np.inf)[0] for z in zeta])
    return 1 / (1 + rho)


@pytest.mark.parametrize("alpha", [4.0, 3.0, 2.5])
def test_rate_vs_adaptive_quad(alpha):
    ref = quad(lambda z: _rayleigh_ppp([z], alpha)[0] / (1 + z), 0, np.inf, limit=400,
               epsabs=1e-12)[0] / math.log(2)
    got = float(ergodic_rate(lambda z: _rayleigh_ppp(z, alpha), 1.0))
    assert got == pytest.approx(ref, rel=1e-5)
    if alpha == 4.0:
        assert got == pytest.approx(2.15, abs=0.01)  # [43]: 2.15 bit/s/Hz


def test_rate_broadcasts_and_scales():
    cov = lambda z: np.stack([1 / (1 + z), np.exp(-z)])  # noqa: E731
    r = ergodic_rate(cov, 400e6)
    assert r.shape == (2,)
    assert r[0] == pytest.approx(400e6 / math.log(2), rel=1e-10)
    ei = quad(lambda z: np.exp(-z) / (1 + z), 0, np.inf)[0]
    assert r[1] == pytest.approx(400e6 * ei / math.log(2), rel=1e-8)
    zeta, w = rate_rule(8)
    assert zeta.shape == w.shape == (48,) and zeta[0] > 0


@pytest.mark.slow
def test_rate_vs_monte_carlo_ppp():
    """E[log2(1 + SIR)] of a simulated Rayleigh PPP (alpha = 4) vs the rate of its law."""
    rng = np.random.default_rng(5)
    n, k = 20_000, 400
    gamma = np.cumsum(rng.exponential(1.0, (n, k)), axis=1)  # pi lambda = 1
    r2 = gamma
    h = rng.exponential(1.0, (n, k))
    tail = 1.0 / gamma[:, -1]  # mean interference beyond R_K: pi lam int r^-4 2r dr
    sir = h[:, 0] / r2[:, 0] ** 2 / (np.sum(h[:, 1:] / r2[:, 1:] ** 2, axis=1) + tail)
    c = np.log2(1 + sir)
    est, se = c.mean(), c.std(ddof=1) / np.sqrt(n)
    assert abs(float(ergodic_rate(_rayleigh_ppp, 1.0)) - est) < 4 * se


@pytest.mark.slow
def test_ase_composition_and_ordering():
    s = BeamManagementScenario.mmwave()
    res = {sch: effective_ase(s, sch, n_beams=[16, 256], sensing_scir=1.0, coverage_nodes=NODES,
                              rate_nodes=4)
           for sch in ("conventional", "distributed", "isac", "ideal")}
    conv = res["conventional"]
    assert isinstance(conv, EffectiveAse)
    assert conv.overhead[1] == pytest.approx(conventional_overhead(s).total)
    for r in res.values():
        np.testing.assert_allclose(
            r.ase_bps_per_m2, s.bs_density_per_m2 * np.maximum(1 - r.overhead, 0) * r.rate_bps)
        assert np.all(r.ase_bps_per_m2 <= res["ideal"].ase_bps_per_m2 * (1 + 1e-9))
    assert res["ideal"].overhead.tolist() == [0.0, 0.0]
    assert res["isac"].ase_bps_per_m2[1] > res["conventional"].ase_bps_per_m2[1]
    assert np.all(res["isac"].misalignment_probability > 0)
    assert len(conv.to_columns()["ase_bps_per_m2"]) == 2


def test_ase_zero_when_overhead_exceeds_one():
    s = BeamManagementScenario.thz(n_beams=256)
    r = effective_ase(s, "conventional", coverage_nodes=NODES, rate_nodes=4)
    assert r.overhead > 1 and r.ase_bps_per_m2 == 0.0 and r.rate_bps > 0


def test_bad_input():
    s = BeamManagementScenario.mmwave()
    with pytest.raises(ValueError, match="scheme='x' is not allowed"):
        effective_ase(s, "x")
    with pytest.raises(ValueError, match="n_beams=.* is not allowed"):
        effective_ase(s, "isac", n_beams=[0, 4])
    with pytest.raises(ValueError, match="bandwidth_hz=0 is not allowed"):
        ergodic_rate(lambda z: 1 / (1 + z), 0)
    with pytest.raises(ValueError, match="outside"):
        ergodic_rate(lambda z: 2 / (1 + z), 1.0)
    with pytest.raises(ValueError, match="last axis"):
        ergodic_rate(lambda z: np.ones(3), 1.0)
    with pytest.raises(ValueError, match="n_nodes=1 is not allowed"):
        rate_rule(1)


@pytest.mark.slow
@pytest.mark.parametrize(("scenario", "scheme"), [
    (BeamManagementScenario.mmwave(n_beams=64), "isac"),
    (BeamManagementScenario.thz(n_beams=64), "distributed"),
    (BeamManagementScenario.mmwave(n_beams=256), "conventional"),
    (BeamManagementScenario.thz(n_beams=16), "ideal"),
])
def test_ase_vs_monte_carlo(scenario, scheme):
    ana = float(effective_ase(scenario, scheme, sensing_scir=1.0, coverage_nodes=NODES,
                              rate_nodes=6).ase_bps_per_m2)
    est, se = simulate_effective_ase(scenario, scheme, sensing_scir=1.0, n_trials=20_000, rng=21,
                                     rate_nodes=6)
    assert se > 0
    assert abs(ana - est) < 4 * se, (ana, est, se)


def test_simulate_ase_bad_input():
    s = BeamManagementScenario.mmwave()
    with pytest.raises(ValueError, match="n_trials=10 is not allowed"):
        simulate_effective_ase(s, "isac", n_trials=10)
    with pytest.raises(ValueError, match="scheme='y' is not allowed"):
        simulate_effective_ase(s, "y")


def test_swept_ase_matches_point_by_point_calls():
    # one broadcast evaluation over the sweep == separate calls per point (cold caches)
    from ofdmisac.network.beam_management._comm_coverage import _clear_terms_cache

    s = BeamManagementScenario.thz()
    nb = np.array([16, 64, 256])
    kw = dict(coverage_nodes=(10, 8, 24), rate_nodes=3)
    for scheme in ("conventional", "distributed", "isac", "ideal"):
        _clear_terms_cache()
        swept = effective_ase(s, scheme, n_beams=nb, **kw)
        for i, n in enumerate(nb):
            _clear_terms_cache()
            one = effective_ase(s.replace(n_beams=int(n)), scheme, **kw)
            np.testing.assert_allclose(swept.ase_bps_per_m2[i], one.ase_bps_per_m2, rtol=1e-13)
            np.testing.assert_allclose(swept.misalignment_probability[i],
                                       one.misalignment_probability, rtol=1e-13, atol=0)


def test_ideal_ase_overrides_a_swept_rrc_delay():
    s = BeamManagementScenario.mmwave()
    kw = dict(coverage_nodes=(8, 8, 16), rate_nodes=2)
    swept = effective_ase(s, "ideal", rrc_delay_s=[0.0, 0.01], n_beams=[[64], [256]], **kw)
    assert swept.ase_bps_per_m2.shape == (2, 2)
    np.testing.assert_allclose(swept.ase_bps_per_m2[:, 0], swept.ase_bps_per_m2[:, 1],
                               rtol=1e-14)
