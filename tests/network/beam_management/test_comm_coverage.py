"""Tests of ``ofdmisac.network.beam_management._comm_coverage``: [BM] (8)-(12), Thms 2-3."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad

from ofdmisac.estimators.radar._error_models import PaperErrorModel
from ofdmisac.network import (
    BeamManagementScenario,
    asymptotic_communication_coverage,
    average_sensing_misalignment_probability,
    communication_coverage,
    simulate_communication_coverage,
)
from ofdmisac.network.beam_management import _comm_coverage as bc


def _reference_log_u(zeta, s_pow, ell, p, omega):
    """Adaptive quad per quarter decade of w from ell to 1e10 ell (the rest is < 1e-12).

    The integrand 1 - R loses relative accuracy where it is tiny (R -> 1), so each piece
    is asked for 1e-10 absolute (40 pieces: <= 4e-9, far below the 1e-5 compared)."""
    def f(w):
        return float(bc._one_minus_r(np.array(zeta), np.array(s_pow), np.array(w), p,
                                     omega)) * w

    edges = ell * np.logspace(0.0, 10.0, 41)
    tot = sum(quad(f, a, b, limit=200, epsrel=1e-10, epsabs=1e-10)[0]
              for a, b in zip(edges[:-1], edges[1:], strict=True))
    return -2.0 * np.pi * p.lam * tot


class _NanModel:
    def sigma_v(self, eta):
        return np.full(np.shape(eta), np.nan)

    def sigma_d(self, eta, n_beams):
        return np.ones(np.shape(eta))


@pytest.mark.parametrize(("omega", "r", "alpha_attr", "zeta"), [
    ("ml", 40.0, "a_los", 1.0), ("sl", 40.0, "a_los", 10.0), ("ml", 300.0, "a_nlos", 0.1),
    ("sl", 5.0, "a_nlos", 100.0)])
def test_inner_pgfl_vs_adaptive_quad(omega, r, alpha_attr, zeta):
    p = bc._Params(BeamManagementScenario.mmwave())
    s_pow = r ** getattr(p, alpha_attr)
    ref = _reference_log_u(zeta, s_pow, r, p, omega)
    got = bc._log_u(np.array(zeta), np.array(s_pow), np.array(r), p, omega, 96)
    assert got == pytest.approx(ref, rel=1e-5, abs=1e-9)


@pytest.mark.slow
def test_coverage_vs_adaptive_quad_outer_levels():
    # r_1 and r_2 | r_1 levels by adaptive quad (inner PGFL from the library) vs the
    # fixed Gauss-Legendre levels of communication_coverage
    s = BeamManagementScenario.mmwave(bs_density_per_m2=3e-6, n_beams=64)
    p = bc._Params(s)
    z = np.array([1.0])
    lam = p.lam

    def u(zeta, s_pow, ell, omega):
        return float(np.exp(bc._log_u(z, np.array(s_pow), np.array(ell), p, omega, 96))[0])

    def handover(r1, omega):
        def f2(r2):
            pl2 = np.exp(-p.beta * r2)
            bs2 = float(bc._interferer_null(1.0, r1**p.a_nlos, r2, p.a_nlos,
                                            *bc._gain_ratios(p, omega), p.n_beams))
            nn = bs2 * u(1.0, r1**p.a_nlos, r2, omega)
            dens = 2 * np.pi * lam * r2 * np.exp(-np.pi * lam * (r2**2 - r1**2))
            return (pl2 * u(1.0, r2**p.a_los, r2, omega) + (1 - pl2) * nn) * dens
        inner = quad(f2, r1, r1 + 6.0 / np.sqrt(np.pi * lam) * 2, epsrel=1e-9, limit=100)[0]
        pl1 = np.exp(-p.beta * r1)
        return pl1 * u(1.0, r1**p.a_los, r1, omega) + (1 - pl1) * inner

    ref = quad(lambda r1: handover(r1, "ml") * 2 * np.pi * lam * r1
               * np.exp(-np.pi * lam * r1**2), 0, 4.0 / np.sqrt(np.pi * lam),
               epsrel=1e-9, limit=100)[0]
    _, got = bc._coverage_terms(p, z, (40, 32, 96))
    assert got["ml"][0] == pytest.approx(ref, abs=1e-5)


def test_sweep_shape_matches_single_calls():
    s = BeamManagementScenario.thz()
    nb = np.array([16, 256])
    lam = np.array([1e-5, 1e-3])
    z = np.array([0.5, 5.0])
    grid = communication_coverage(s, z, "isac", sensing_scir=1.0, n_beams=nb[None, :],
                                  bs_density_per_m2=lam[:, None])
    assert grid.shape == (2, 2, 2)
    one = communication_coverage(s.replace(n_beams=256, bs_density_per_m2=1e-5), z, "isac",
                                 sensing_scir=1.0)
    np.testing.assert_allclose(grid[0, 1], one, rtol=1e-12)


def test_schemes_order_and_misalignment_override():
    s = BeamManagementScenario.mmwave()
    z = np.array([0.1, 1.0, 10.0])
    ideal = communication_coverage(s, z, "isac_ideal")
    isac = communication_coverage(s, z, "isac", sensing_scir=1e-3)
    conv = communication_coverage(s, z, "conventional")
    assert np.all(ideal >= isac) and np.all(isac > conv)
    np.testing.assert_allclose(
        communication_coverage(s, z, "isac", misalignment_probability=0.0), ideal, rtol=1e-12)


def test_bad_input():
    s = BeamManagementScenario.mmwave()
    with pytest.raises(ValueError, match="sir_threshold=.* is not allowed; use finite numbers > 0"):
        communication_coverage(s, [1.0, 0.0])
    with pytest.raises(ValueError, match="sir_threshold=.* is not allowed; use finite numbers > 0"):
        simulate_communication_coverage(s, -1.0, 10, 0)
    with pytest.raises(ValueError, match="scheme='bogus' is not allowed"):
        communication_coverage(s, 1.0, "bogus")
    with pytest.raises(ValueError, match="scheme='bogus' is not allowed"):
        simulate_communication_coverage(s, 1.0, 10, 0, "bogus")
    with pytest.raises(ValueError, match="error_model _NanModel.sigma_v returned nan"):
        communication_coverage(s, 1.0, "isac", sensing_scir=1.0, error_model=_NanModel())
    with pytest.raises(ValueError, match="error_model _NanModel.sigma_v returned nan"):
        simulate_communication_coverage(s, 1.0, 10, 0, sensing_scir=1.0, error_model=_NanModel())
    with pytest.raises(ValueError, match="sensing_scir=.* is not allowed; use finite numbers > 0"):
        communication_coverage(s, 1.0, "isac", sensing_scir=-1.0)
    with pytest.raises(ValueError, match="misalignment_probability=1.5 is not allowed"):
        communication_coverage(s, 1.0, "isac", misalignment_probability=1.5)
    with pytest.raises(ValueError, match="n_nodes=.* is not allowed"):
        communication_coverage(s, 1.0, "conventional", n_nodes=(8, 8))
    with pytest.raises(ValueError, match="n_beams"):
        communication_coverage(s, 1.0, "conventional", n_beams=[0, 4])
    with pytest.raises(ValueError, match="n_trials=0 is not allowed"):
        simulate_communication_coverage(s, 1.0, 0, 0)
    with pytest.raises(ValueError, match="n_near=2 is not allowed"):
        simulate_communication_coverage(s, 1.0, 10, 0, n_near=2)
    with pytest.raises(ValueError, match="scir_source='x' is not allowed"):
        simulate_communication_coverage(s, 1.0, 10, 0, scir_source="x")
    with pytest.raises(ValueError, match="alpha=.* is not allowed"):
        asymptotic_communication_coverage(1.0, 2.0)
    with pytest.raises(ValueError, match="n_per_10db=1 is not allowed"):
        average_sensing_misalignment_probability(s, n_per_10db=1)
    with pytest.raises(ValueError, match="eta_min_db=.* are not allowed"):
        average_sensing_misalignment_probability(s, eta_min_db=10.0, eta_max_db=0.0)


@settings(max_examples=25, deadline=None)
@given(log_nb=st.integers(0, 11), log_lam=st.floats(-7.0, -1.0), log_zeta=st.floats(-3, 3),
       a_n=st.floats(2.05, 5.0), log_beta=st.floats(-5.0, -1.0), speed=st.floats(0.0, 80.0),
       scheme=st.sampled_from(["isac", "isac_ideal", "conventional"]))
def test_property_sweep_finite_in_unit_interval(log_nb, log_lam, log_zeta, a_n, log_beta,
                                               speed, scheme):
    s = BeamManagementScenario.mmwave(
        n_beams=2**log_nb, bs_density_per_m2=10.0**log_lam, alpha_nlos=a_n,
        blocker_density_per_m2=10.0**log_beta / 2.0, speed_mps=speed)
    z = np.array([10.0**log_zeta, 10.0 ** (log_zeta + 1)])
    p = communication_coverage(s, z, scheme, sensing_scir=0.5, n_nodes=(24, 16, 64))
    assert np.all(np.isfinite(p)) and np.all((p >= 0) & (p <= 1))
    assert p[0] >= p[1] - 1e-9


@pytest.mark.parametrize("alpha", [2.5, 3.3, 4.0, 5.0])
@pytest.mark.parametrize("zeta", [0.1, 1.0, 10.0])
def test_corollary2_closed_form_vs_numeric_limit(alpha, zeta):
    lam = 1e-4

    def u_sl(r):
        i = quad(lambda w: w * zeta * r**alpha / (w**alpha + zeta * r**alpha), r, np.inf,
                 limit=200)[0]
        return np.exp(-2 * np.pi * lam * i)

    x, w = bc._outer_rule(48)
    r = x / np.sqrt(np.pi * lam)
    limit36 = np.sum(w * np.array([u_sl(ri) for ri in r]))
    assert asymptotic_communication_coverage(zeta, alpha) == pytest.approx(limit36, rel=1e-7)


def test_corollary2_model_limit_and_corollary3_finite_optimum():
    # alpha > 4: the ISAC coverage approaches (35) as n_B grows, and some finite n_B beats it
    alpha = 5.0
    s = BeamManagementScenario.mmwave(alpha_los=alpha, alpha_nlos=alpha)
    nb = 2 ** np.arange(3, 22, 2)
    cov = communication_coverage(s, 1.0, "isac", sensing_scir=1.0, n_beams=nb)
    limit = asymptotic_communication_coverage(1.0, alpha)
    gap = np.abs(cov[-4:] - limit)     # closes like n_B^(4/alpha - 1): slowly
    assert np.all(np.diff(gap) < 0) and gap[-1] < 0.04
    assert cov.max() > limit + 0.2 and nb[np.argmax(cov)] < 1024
    # printed (35) does not give the limit of (36)
    from scipy.special import hyp2f1
    d = 2.0 / alpha
    printed = 1 / (1 + np.pi * d / np.sin(np.pi * d) * hyp2f1(d, 1, d + 1, -1.0))
    assert abs(printed - limit) > 0.1


def test_error_model_is_used():
    s = BeamManagementScenario.mmwave()
    fine = PaperErrorModel(prs_bandwidth_hz=2.4e9, prs_duration_s=50e-3, fc_hz=30e9)
    a = communication_coverage(s, 1.0, "isac", sensing_scir=1e-4)
    b = communication_coverage(s, 1.0, "isac", sensing_scir=1e-4, error_model=fine)
    assert b > a


def test_threshold_shape_and_blocks():
    s = BeamManagementScenario.thz()
    z = np.logspace(-2, 2, 18).reshape(2, 9)      # more than one block of 8 thresholds
    got = communication_coverage(s, z, "isac", sensing_scir=1.0, n_nodes=(24, 16, 64))
    flat = communication_coverage(s, z.ravel(), "isac", sensing_scir=1.0, n_nodes=(24, 16, 64))
    assert got.shape == (2, 9)
    np.testing.assert_array_equal(got.ravel(), flat)
    assert np.all(np.diff(flat) < 0)



# ------------------------------------------------------------------ batched kernel vs reference
@pytest.mark.parametrize("band", ["mmwave", "thz"])
def test_batched_terms_match_per_point_reference(band):
    # the tuned kernel (all sweep points at once, shared gain states, node sums as matrix
    # products, separable LoS part) against the per-point reference _coverage_terms:
    # the same rule, so agreement to rounding
    base = getattr(BeamManagementScenario, band)()
    scs = [base.replace(n_beams=n, bs_density_per_m2=lam)
           for n, lam in ((16, 1e-6), (256, 1e-4), (1024, 1e-2))]
    z = np.array([0.01, 0.3, 1.0, 10.0, 1e3, 1e6])
    nodes = (12, 10, 40)
    bc._clear_terms_cache()
    single, handover = bc._batched_terms(bc._BatchParams(scs), z, nodes, True)
    for i, sc in enumerate(scs):
        ref_single, ref_handover = bc._coverage_terms(bc._Params(sc), z, nodes)
        for o in ("ml", "sl"):
            np.testing.assert_allclose(single[o][i], ref_single[o], rtol=1e-12, atol=1e-15)
            np.testing.assert_allclose(handover[o][i], ref_handover[o], rtol=1e-12, atol=1e-15)


def test_memoized_terms_are_read_only_and_reused():
    bc._clear_terms_cache()
    p = bc._BatchParams([BeamManagementScenario.mmwave()])
    z = np.array([1.0, 2.0])
    first = bc._batched_terms(p, z, (8, 8, 16), True)
    assert bc._batched_terms(p, z, (8, 8, 16), False) is first  # full entry serves both
    assert not first[1]["ml"].flags.writeable
    bc._clear_terms_cache()
    again = bc._batched_terms(p, z, (8, 8, 16), True)
    assert again is not first
    np.testing.assert_array_equal(again[1]["sl"], first[1]["sl"])
