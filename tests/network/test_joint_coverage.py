"""[CC] joint coverage: distance laws, Theorems 1-2, corollaries, ergodic ratios, twins."""

import dataclasses

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.special import exp1, expn
from scipy.stats import kstest

from ofdmisac.network import (
    JointCoverageScenario,
    distance_ratio_cdf,
    distance_ratio_pdf,
    downlink_bounds_given_uplink_detection,
    downlink_coverage_bounds,
    downlink_coverage_geometry_twin,
    downlink_coverage_link_twin,
    downlink_coverage_measured_twin,
    downlink_joint_coverage,
    ergodic_enhancement_ratio,
    ergodic_interference_ratio,
    interference_ratio_alpha2_given_target,
    kth_nearest_distance_cdf,
    kth_nearest_distance_pdf,
    mean_kth_nearest_distance,
    nearest_distances,
    remark4_printed_bounds,
    sample_distance_ratio,
    sample_pair_geometry,
    uplink_coverage_geometry_twin,
    uplink_coverage_measured_twin,
    uplink_detection_coverage,
    uplink_joint_coverage,
    uplink_nmse_coverage,
    uplink_nmse_floor,
)
from ofdmisac.network import uplink_link as _link

LAM_U, LAM_T = 1e-4, 1e-3
# sensing-capable variant for the corrected models (P_T = 10 dB, eps_d = 10 dB), N0 small
CORR = {"target_power_w": 10.0, "glrt_threshold": 10.0, "noise_power_w": 1e-14}


def test_kth_distance_pdf_cdf_mean_and_sampler():
    r = np.linspace(0.0, 300.0, 7)
    for k in (1, 4):
        cdf = kth_nearest_distance_cdf(r, LAM_U, k)
        ref = [quad(lambda x: kth_nearest_distance_pdf(x, LAM_U, k), 0, v)[0] for v in r]
        np.testing.assert_allclose(cdf, ref, atol=1e-9)
        m = quad(lambda x: x * kth_nearest_distance_pdf(x, LAM_U, k), 0, np.inf)[0]
        assert mean_kth_nearest_distance(LAM_U, k) == pytest.approx(m, rel=1e-8)
    d = nearest_distances(LAM_U, 4, size=20000, rng=1)
    assert np.all(np.diff(d, axis=1) > 0)
    for k in (1, 4):
        res = kstest(d[:, k - 1], lambda x, k=k: kth_nearest_distance_cdf(x, LAM_U, k))
        assert res.pvalue > 1e-3


@pytest.mark.parametrize("k", [1, 2, 4, 8])
def test_tricomi_pdf_is_derivative_of_cdf_and_integrates(k):
    z = np.array([0.03, 0.1, 0.3, 0.7])
    h = 1e-6
    deriv = (distance_ratio_cdf(z + h, LAM_U, LAM_T, k)
             - distance_ratio_cdf(z - h, LAM_U, LAM_T, k)) / (2 * h)
    pdf = distance_ratio_pdf(z, LAM_U, LAM_T, k)
    big = pdf > 1e-3
    np.testing.assert_allclose(deriv[big], pdf[big], rtol=1e-5)
    # fixed-node CDF against adaptive quadrature of the Tricomi PDF (checked once)
    ref = [quad(lambda x: distance_ratio_pdf(x, LAM_U, LAM_T, k), 0, v, limit=400,
                epsabs=1e-13)[0] for v in z]
    np.testing.assert_allclose(distance_ratio_cdf(z, LAM_U, LAM_T, k), ref, atol=1e-8)


def test_tricomi_pdf_against_direct_integral_of_a1():
    # (A1) first line: int y f_X(yz) f_Y(y) dy, with argument lambda_T^2 pi / (4 lambda_U z^2)
    k, z = 2, 0.2
    a, b = LAM_U * np.pi, LAM_T * np.pi
    f = quad(lambda y: 2 * a**k * b**k * z ** (2 * k - 1) * y ** (3 * k - 1)
             * np.exp(-a * z * z * y * y - b * y), 0, np.inf)[0]
    assert distance_ratio_pdf(z, LAM_U, LAM_T, k) == pytest.approx(f, rel=1e-9)


def test_tricomi_pdf_matches_histogram_of_sampled_ratio():
    k = 4
    z = sample_distance_ratio(LAM_U, LAM_T, k, n_samples=40000, rng=8)
    edges = np.array([0.0, 0.03, 0.06, 0.1, 0.15, 0.25, 0.5])
    frac = np.histogram(z, bins=edges)[0] / z.size
    prob = np.array([quad(lambda x: distance_ratio_pdf(x, LAM_U, LAM_T, k), a, b)[0]
                     for a, b in zip(edges[:-1], edges[1:], strict=True)])
    _agree(frac, np.sqrt(prob * (1 - prob) / z.size), prob)


def test_ratio_sampler_matches_cdf():
    z = sample_distance_ratio(LAM_U, LAM_T, 4, n_samples=20000, rng=3)
    assert kstest(z, lambda t: distance_ratio_cdf(t, LAM_U, LAM_T, 4)).pvalue > 1e-3


def test_paper_fig5_numbers_of_corollary1():
    scenario = JointCoverageScenario()
    floor_db = 10 * np.log10(uplink_nmse_floor(scenario, [0.584, 0.981], model="paper"))
    np.testing.assert_allclose(floor_db, [-18.13, -5.64], atol=0.02)
    from ofdmisac.estimators import marcum_q1_inverse_a

    eb = marcum_q1_inverse_a(np.array([0.584, 0.981]), np.sqrt(2 * scenario.glrt_threshold)) ** 2
    np.testing.assert_allclose(uplink_nmse_floor(scenario, [0.584, 0.981], model="paper"),
                               1 - 128 / eb, rtol=1e-9)
    # corrected Corollary 1 (errata of (8), residual normalization): eps_bar / (eps_bar + 2N)
    corr = uplink_nmse_floor(scenario, [0.584, 0.981], model="residual")
    np.testing.assert_allclose(corr, eb / (eb + 128), rtol=1e-9)
    np.testing.assert_allclose(10 * np.log10(corr), [-2.98, -2.37], atol=0.01)
    chain = 10 * np.log10(uplink_nmse_floor(scenario, [0.584, 0.981], model="chain"))
    np.testing.assert_allclose(chain, [-2.08, -1.79], atol=0.01)


@pytest.mark.parametrize("model", ["paper", "residual", "chain"])
def test_joint_is_zero_below_corollary1_and_marginals_bound_it(model):
    scenario = JointCoverageScenario(**CORR) if model != "paper" else JointCoverageScenario()
    es = np.array([0.6, 0.75, 0.9])
    floor = uplink_nmse_floor(scenario, es, model=model)
    assert np.all(floor > 0)
    assert np.all(uplink_joint_coverage(scenario, 0.98 * floor, es, model=model) == 0)
    ec = np.array([0.05, 0.2, 0.5, 0.9])[:, None]
    j = uplink_joint_coverage(scenario, ec, es, model=model)
    c = uplink_nmse_coverage(scenario, ec)
    s = uplink_detection_coverage(scenario, es, model=model)
    assert np.all(j <= np.minimum(c, s) + 1e-12)
    assert np.all(j >= c + s - 1 - 1e-12)


def test_theorem1_printed_form_equals_paper_model():
    scenario = JointCoverageScenario()
    from ofdmisac.estimators import marcum_q1_inverse_a

    ec, es = np.array([0.05, 0.1, 0.3]), np.array([0.6, 0.8, 0.9])
    eb = marcum_q1_inverse_a(es, np.sqrt(2 * scenario.glrt_threshold)) ** 2
    n, a, pu, pt, kap = 64, 2.8, 1.0, 0.1, 1.0
    zc = (ec * pu / ((1 - ec) * pt * n * (1 + kap))) ** (1 / a)
    zs = ((eb - 2 * n) * pu / (2 * pt * n**2 * (1 + kap))) ** (1 / a)
    printed = np.where(ec >= 1 - 2 * n / eb, scenario.f_z(zc) - scenario.f_z(zs), 0.0)
    np.testing.assert_allclose(uplink_joint_coverage(scenario, ec, es, model="paper"), printed,
                               atol=1e-12)


def _agree(est, se, ref):
    assert np.all(np.abs(est - ref) <= 4 * np.maximum(se, 1e-12)), (est, se, ref)


@pytest.mark.slow
@pytest.mark.parametrize("model", ["paper", "residual", "chain"])
def test_uplink_geometry_twin_checks_theorem1(model):
    scenario = JointCoverageScenario(**CORR) if model != "paper" else JointCoverageScenario()
    ec = np.array([0.1, 0.3, 0.6, 0.6])
    es = np.array([0.6, 0.6, 0.9, 0.3])
    tw = uplink_coverage_geometry_twin(scenario, ec, es, model=model, n_samples=40000, rng=11)
    _agree(tw.joint, tw.joint_se, uplink_joint_coverage(scenario, ec, es, model=model))
    _agree(tw.first, tw.first_se, uplink_nmse_coverage(scenario, ec))
    _agree(tw.second, tw.second_se, uplink_detection_coverage(scenario, es, model=model))


@pytest.mark.slow
@pytest.mark.parametrize(
    "model,kw,ec,es",
    [
        ("paper", {"target_power_w": 1.0, "noise_power_w": 1e-14}, [0.1, 0.3, 0.6],
         [0.6, 0.6, 0.9]),
        ("residual", CORR, [0.3, 0.6, 0.45], [0.6, 0.9, 0.6]),
        ("chain", CORR, [0.6, 0.6, 0.5], [0.3, 0.9, 0.5]),
    ],
)
def test_uplink_measured_twin_matches_theorem1(model, kw, ec, es):
    """Measured NMSE and detection rates (estimators run per geometry) decide coverage."""
    scenario = JointCoverageScenario(**kw)
    est = uplink_coverage_measured_twin(scenario, ec, es, model=model, n_geometries=800,
                                        n_trials=128, rng=3)
    _agree(est.joint, est.joint_se, uplink_joint_coverage(scenario, ec, es, model=model))


@pytest.mark.slow
def test_uplink_noise_gap_at_section51_noise_is_reported_by_twin():
    """With N0 = -80 dBm the paper-model coverage near the Remark 1 floor drops (N0 matters)."""
    scenario = JointCoverageScenario(target_power_w=1.0)
    ec, es = 0.1, 0.6
    noisy = uplink_coverage_geometry_twin(scenario, ec, es, include_noise=True, n_samples=40000,
                                          rng=5)
    ana = uplink_joint_coverage(scenario, ec, es)
    assert ana - noisy.joint > 6 * noisy.joint_se


def test_downlink_theorem2_cases_and_corollary2():
    scenario = JointCoverageScenario(rician_factor=0.2)
    b = downlink_coverage_bounds(scenario)
    assert b["interference_floor"] == pytest.approx(0.5 / (0.5 * 64 * 1.2))
    es = np.array([0.005, 0.012, 0.02])
    assert np.all(downlink_joint_coverage(scenario, 0.99 * b["interference_floor"], es) == 0)
    assert np.all(downlink_joint_coverage(scenario, 0.02, 1.01 * b["benefit_ceiling"]) == 0)
    # printed first case of (29)
    ec, e_s = 0.016, 0.015
    rho, n, kap, pu, pt, a = 0.5, 64, 0.2, 1.0, 0.1, 2.8
    z1 = (pu * (rho * ec * n * (1 + kap) + rho - 1)
          / (pt * n * (1 + kap) * (1 - rho - kap * rho * ec * n))) ** (1 / a)
    z2 = (pu * (2 * rho - (kap + 1) * (1 - rho) * n * e_s)
          / (kap * (1 + kap) * pt * n**2 * (1 - rho) * e_s)) ** (1 / a)
    assert downlink_joint_coverage(scenario, ec, e_s) == pytest.approx(scenario.f_z(min(z1, z2)))
    # second case: kappa >= (1 - rho) / (rho eps_C N): communication always covered
    scn2 = dataclasses.replace(scenario, rician_factor=1.0)
    e_s2 = 0.01
    z2 = (pu / (1 * 2 * pt * n) * (2 * rho / ((1 - rho) * n * e_s2) - 2)) ** (1 / a)
    assert downlink_joint_coverage(scn2, 0.05, e_s2) == pytest.approx(scn2.f_z(z2))


def test_remark4_matches_printed_and_bounds_hold_on_samples():
    scenario = JointCoverageScenario()
    es = np.array([0.6, 0.8, 0.95])
    got = downlink_bounds_given_uplink_detection(scenario, es, model="paper")
    ref = remark4_printed_bounds(scenario, es)
    for key in ref:
        np.testing.assert_allclose(got[key], ref[key], rtol=1e-9)
    d_u, d_t = sample_pair_geometry(dataclasses.replace(scenario, noise_power_w=1e-20),
                                    n_samples=20000, rng=2)
    link = _link(dataclasses.replace(scenario, noise_power_w=1e-20), d_u, d_t)
    from ofdmisac.estimators import glrt_detection_probability_paper

    pd = glrt_detection_probability_paper(link, scenario.glrt_threshold)
    c = link.mmse_weight
    inv_psi = 0.5 / (0.5 * 64 * (1 + c))
    inv_omega = 2 * 0.5 * c / (0.5 * 64 * (1 + c))
    for i, e in enumerate(es):
        sel = pd >= e
        assert sel.any()
        assert inv_psi[sel].min() >= got["interference_floor"][i] * (1 - 1e-9)
        assert inv_omega[sel].max() <= got["benefit_ceiling"][i] * (1 + 1e-9)


@pytest.mark.slow
def test_downlink_geometry_twin_checks_theorem2():
    scenario = JointCoverageScenario(rician_factor=0.2)
    ec = np.array([0.014, 0.016, 0.02, 0.03])
    es = np.array([0.012, 0.015, 0.02, 0.01])
    tw = downlink_coverage_geometry_twin(scenario, ec, es, n_samples=40000, rng=7)
    _agree(tw.joint, tw.joint_se, downlink_joint_coverage(scenario, ec, es))


@pytest.mark.slow
def test_downlink_measured_twin_matches_theorem2_at_orthogonal_angles():
    scenario = JointCoverageScenario(rician_factor=0.2, noise_power_w=1e-14)
    ec = np.array([0.016, 0.02, 0.03])
    es = np.array([0.015, 0.02, 0.01])
    est = downlink_coverage_measured_twin(scenario, ec, es, n_geometries=600, n_trials=256,
                                          angles="orthogonal", rng=2)
    _agree(est.joint, est.joint_se, downlink_joint_coverage(scenario, ec, es))


# downlink scenario where both events of (29) bind at mid-range probabilities
DL = {"rician_factor": 0.2, "noise_power_w": 1e-14, "target_power_w": 10.0}
DL_EC, DL_ES = np.array([0.016, 0.02, 0.03]), np.array([0.01, 0.015, 0.02])


def _downlink_marginals(scenario, ec, es):
    from ofdmisac.network.coupling._downlink_coverage import _x_benefit, _x_interference

    return (scenario.f_z(scenario.z_of_x(_x_interference(scenario, ec))),
            scenario.f_z(scenario.z_of_x(_x_benefit(scenario, es))))


@pytest.mark.slow
def test_downlink_link_twin_matches_theorem2_when_assumptions_hold():
    """Measured SINR loss and angle-CRLB gain per PPP geometry decide coverage; with
    N0 ~ 0, a^H h_bar = da^H h_bar = 0 and h_hat ~ CN(m, phi I) (the assumptions of
    (21)-(25)) the coverages agree with Theorem 2 within 4 standard errors."""
    scenario = JointCoverageScenario(**DL)
    est, meas = downlink_coverage_link_twin(
        scenario, DL_EC, DL_ES, n_geometries=600, n_trials=256, n_symbols=4, angles="decoupled",
        estimate_model="white", rng=2, return_measurements=True)
    _agree(est.joint, est.joint_se, downlink_joint_coverage(scenario, DL_EC, DL_ES))
    first, second = _downlink_marginals(scenario, DL_EC, DL_ES)
    _agree(est.first, est.first_se, first)
    _agree(est.second, est.second_se, second)
    assert np.all((est.joint > 0.1) & (est.joint < 0.9))
    assert np.all(est.second < 0.95)  # the sensing event binds too
    # per geometry: measured ratios vs (24)-(25) (mean relative error within 4 SE)
    c = _link(scenario, meas["d_user_m"], meas["d_target_m"]).mmse_weight
    ana_psi = 0.5 / (0.5 * 64 * (0.2 + c))
    ana_omega = 2 * 0.5 * c / (0.5 * 64 * (0.2 + c))
    for got, ana in ((meas["inverse_psi"], ana_psi), (meas["inverse_omega"], ana_omega)):
        rel = got / ana - 1
        _agree(rel.mean(), rel.std() / np.sqrt(rel.size), 0.0)


@pytest.mark.slow
def test_downlink_link_twin_reports_gaps_where_assumptions_fail():
    """A steering-vector LoS adds angle information (da^H a(varphi) != 0) and the chain's
    estimate carries the ST echo: both raise the measured sensing benefit above (25)."""
    scenario = JointCoverageScenario(**DL)
    _, second = _downlink_marginals(scenario, DL_EC, DL_ES)
    los, meas = downlink_coverage_link_twin(
        scenario, DL_EC, DL_ES, n_geometries=400, n_trials=128, n_symbols=4, angles="orthogonal",
        rng=4, return_measurements=True)
    assert np.all(los.second > second)
    c = _link(scenario, meas["d_user_m"], meas["d_target_m"]).mmse_weight
    rel = meas["inverse_omega"] / (2 * 0.5 * c / (0.5 * 64 * (0.2 + c))) - 1
    assert rel.mean() > 4 * rel.std() / np.sqrt(rel.size)
    chain = downlink_coverage_link_twin(scenario, DL_EC, DL_ES, n_geometries=200, n_trials=64,
                                        n_symbols=4, angles="decoupled",
                                        estimate_model="chain", rng=4,
                                        return_measurements=True)
    assert np.all(chain[0].second > 0.98) and np.all(second < 0.95)
    # the echo share of h_hat adds rho c (1 - c) / ((1 - rho)(kappa + c)) along a(theta)
    # and shrinks the white part to c phi: 1/Omega = rho c (2c/N + 1 - c) / ((1-rho)(kappa+c))
    c = _link(scenario, chain[1]["d_user_m"], chain[1]["d_target_m"]).mmse_weight
    rel = chain[1]["inverse_omega"] / (c * (2 * c / 64 + 1 - c) / (0.2 + c)) - 1
    _agree(rel.mean(), rel.std() / np.sqrt(rel.size), 0.0)


@pytest.mark.slow
def test_downlink_link_twin_chain_matches_corrected_theorem2():
    """With the chain's estimate the measured SINR/CRLB coverage follows model="chain"."""
    scenario = JointCoverageScenario(**DL)
    ec, es = np.array([0.02, 0.03, 0.05]), np.array([0.1, 0.2, 0.3])
    est = downlink_coverage_link_twin(scenario, ec, es, n_geometries=600, n_trials=128,
                                      n_symbols=4, angles="decoupled",
                                      estimate_model="chain", rng=2)
    ana = downlink_joint_coverage(scenario, ec, es, model="chain")
    _agree(est.joint, est.joint_se, ana)
    assert np.all((ana > 0.3) & (ana < 0.7))
    assert np.all(ana > downlink_joint_coverage(scenario, ec, es) + 4 * est.joint_se)


def test_downlink_chain_model_limits():
    scenario = JointCoverageScenario(**DL)
    # the benefit ceiling of the chain exceeds Corollary 2's; far above it nothing covers
    assert downlink_joint_coverage(scenario, 1.0, 0.2, model="paper") == 0
    assert downlink_joint_coverage(scenario, 1.0, 0.2, model="chain") > 0.5
    assert downlink_joint_coverage(scenario, 1.0, 0.99, model="chain") == 0
    # monotone in both thresholds, and bounded by the interference marginal
    ec = np.array([0.016, 0.02, 0.05, 1.0])[:, None]
    es = np.array([0.01, 0.05, 0.2, 0.4])
    p = downlink_joint_coverage(scenario, ec, es, model="chain")
    assert np.all(np.diff(p, axis=0) >= -1e-12) and np.all(np.diff(p, axis=1) <= 1e-12)
    assert np.all(p <= downlink_joint_coverage(scenario, ec, 1e-9, model="chain") + 1e-12)
    with pytest.raises(ValueError, match="model='x'"):
        downlink_joint_coverage(scenario, 0.02, 0.01, model="x")


def test_ergodic_ratios_against_monte_carlo():
    scenario = JointCoverageScenario()
    d_u, d_t = sample_pair_geometry(scenario, n_samples=200000, rng=9)
    c = _link(scenario, d_u, d_t).mmse_weight
    om = 0.5 * 64 / (2 * 0.5) * (1 + c) / c
    ps = 0.5 * 64 / 0.5 * (1 + c)
    _agree(ergodic_enhancement_ratio(scenario), om.std() / np.sqrt(om.size), om.mean())
    _agree(ergodic_interference_ratio(scenario), ps.std() / np.sqrt(ps.size), ps.mean())


def test_corrected_eq27_alpha2_and_printed_form():
    scenario = JointCoverageScenario(path_loss_exponent=2.0)
    bt = 1e-3 * 30.0**-4
    d_u = nearest_distances(LAM_U, 4, size=200000, rng=4)[:, -1]
    c = _link(scenario, d_u, np.full_like(d_u, 30.0)).mmse_weight
    ps = 64 * (1 + c)
    _agree(interference_ratio_alpha2_given_target(scenario, bt), ps.std() / np.sqrt(ps.size),
           ps.mean())
    y = (LAM_U * np.pi * 1e-3 / (2 * (0.1 * 64 * bt + 1e-11 / 64)))
    printed = 64 * (1 + y**4 * np.exp(y) * expn(4, y))
    assert abs(printed - ps.mean()) > 100 * ps.std() / np.sqrt(ps.size)
    assert exp1(1.0) > 0  # scipy's E_1 used for k = 1


@pytest.mark.parametrize(
    "kwargs,match",
    [
        ({"user_density_per_m2": 0.0}, "user_density_per_m2"),
        ({"target_density_per_m2": -1.0}, "target_density_per_m2"),
        ({"rician_factor": -0.1}, "rician_factor"),
        ({"comm_power_fraction": 1.5}, "comm_power_fraction"),
        ({"n_targets": 3}, "n_targets=3 differs"),
        ({"n_users": 0, "n_targets": 0}, "n_users"),
        ({"target_power_w": 0.0}, "target_power_w"),
        ({"pilot_length": 2}, "pilot_length"),
        ({"glrt_threshold": 0.0}, "glrt_threshold"),
    ],
)
def test_scenario_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        JointCoverageScenario(**kwargs)


def test_threshold_bad_input():
    scenario = JointCoverageScenario()
    with pytest.raises(ValueError, match="nmse_threshold"):
        uplink_joint_coverage(scenario, 0.0, 0.5)
    with pytest.raises(ValueError, match="detection_threshold"):
        uplink_joint_coverage(scenario, 0.1, 1.0)
    with pytest.raises(ValueError, match="detection_threshold"):
        uplink_detection_coverage(scenario, 0.0)
    with pytest.raises(ValueError, match="model"):
        uplink_joint_coverage(scenario, 0.1, 0.5, model="x")
    with pytest.raises(ValueError, match="interference_threshold"):
        downlink_joint_coverage(scenario, -1.0, 0.01)
    with pytest.raises(ValueError, match="benefit_threshold"):
        downlink_joint_coverage(scenario, 0.1, 0.0)
    with pytest.raises(ValueError, match="comm_power_fraction"):
        downlink_joint_coverage(dataclasses.replace(scenario, comm_power_fraction=1.0), 0.1, 0.01)
    with pytest.raises(ValueError, match="k=2"):
        ergodic_enhancement_ratio(scenario, 2)
    with pytest.raises(ValueError, match="n_geometries"):
        uplink_coverage_measured_twin(scenario, 0.1, 0.5, n_geometries=0)
    with pytest.raises(ValueError, match="angles"):
        downlink_coverage_measured_twin(scenario, 0.1, 0.01, angles="x")
    with pytest.raises(ValueError, match="angles='x'"):
        downlink_coverage_link_twin(scenario, 0.1, 0.01, angles="x")
    with pytest.raises(ValueError, match="estimate_model"):
        downlink_coverage_link_twin(scenario, 0.1, 0.01, estimate_model="x")
    with pytest.raises(ValueError, match="n_symbols=1"):
        downlink_coverage_link_twin(scenario, 0.1, 0.01, n_symbols=1)
    with pytest.raises(ValueError, match="density_per_m2"):
        kth_nearest_distance_pdf(1.0, 0.0, 1)
    with pytest.raises(ValueError, match="k="):
        nearest_distances(1e-4, 0, size=3)
    with pytest.raises(ValueError, match="target_density_per_m2"):
        distance_ratio_pdf(1.0, 1e-4, -1e-3, 2)
    with pytest.raises(ValueError, match="z=-1.0 is not allowed"):
        distance_ratio_pdf(-1.0, 1e-4, 1e-3, 2)


def test_interference_ratio_rejects_zero_target_gain():
    with pytest.raises(ValueError, match="target_gain"):
        interference_ratio_alpha2_given_target(JointCoverageScenario(), 0.0)
