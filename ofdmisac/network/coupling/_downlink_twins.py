"""Monte Carlo twins of the [CC] downlink joint coverage: per-geometry closed forms, beam-power
measurement and the link-level twin on PPP realizations.
"""

from __future__ import annotations

import numpy as np

from ..._random import block_size_for, check_chunk_size, monte_carlo_chunks
from ..._validation import check_array, check_bytes, check_choice, check_int, check_units
from ...channel.mimo._array import steering_vector, steering_vector_derivative
from ...channel.mimo._channels import rician_channels
from ...estimators.mimo._angle_crlb import angle_crlb, downlink_transmit_matrix
from ...estimators.mimo._mrt import mrt_precoders
from ...estimators.mimo._uplink_receiver import mmse_channel_estimate
from ...estimators.mimo._uplink_simulation import _CHUNK_ELEMENTS
from ._downlink_coverage import _check_open_rho, _x_benefit, _x_interference
from ._pair_geometry import (
    CoverageEstimate,
    _estimate,
    _thresholds,
    _x_of,
    sample_pair_geometry,
    uplink_link,
)
from ._scenario import JointCoverageScenario, _check_scenario
from ._uplink_twins import _count_coverage

__all__ = [
    "downlink_coverage_geometry_twin", "downlink_coverage_measured_twin",
    "downlink_coverage_link_twin"
]


def downlink_coverage_geometry_twin(scenario: JointCoverageScenario, interference_threshold,
                                    benefit_threshold, *, include_noise: bool = False,
                                    n_samples: int = 20000, rng=None,
                                    chunk_size: int | None = None,
                                    progress: bool = False) -> CoverageEstimate:
    """Monte Carlo downlink coverage from per-geometry closed forms.

    Estimates the joint coverage of [CC] eq. (28) on PPP draws of ``d_U,K`` and
    ``d_T,K`` with the per-realization ``Psi_K`` and ``Omega_K``.
    ``include_noise=False`` uses the ``N0 = 0`` events inside [CC] eq. (29) (checks the
    distance-law integration of :func:`downlink_joint_coverage`, ``model="paper"``);
    ``True`` evaluates [CC] eq. (24) and [CC] eq. (25) with ``N0`` (``N0 / T_u`` as
    corrected in ``docs/errata.md``, through ``phi`` of the uplink).

    Parameters
    ----------
    scenario : JointCoverageScenario
        The network; needs ``0 < comm_power_fraction < 1``.
    interference_threshold : array_like, float64
        Threshold ``eps_d^C`` (linear, finite and > 0) on the mutual interference
        ``1 / Psi_K``.
    benefit_threshold : array_like, float64
        Threshold ``eps_d^S`` (linear, finite and > 0) on the mutual benefit
        ``1 / Omega_K``; broadcast with ``interference_threshold`` to the threshold shape
        ``T``.
    include_noise : bool, optional
        Keep ``N0`` in ``Psi_K`` and ``Omega_K`` (default False: ``N0 = 0``).
    n_samples : int, optional
        Number of PPP geometries, >= 1 (default 20000).
    rng : numpy.random.Generator, int, numpy.random.SeedSequence or None, optional
        Randomness source (None: fresh entropy).
    chunk_size : int, optional
        Geometries evaluated at once (>= 1; default None: 65536), rounded up to whole
        blocks of geometries. Each block draws from its own random stream, so the
        results are the same for any ``chunk_size`` and the memory is bounded by it
        (independent of ``n_samples``).
    progress : bool, optional
        Show a tqdm progress bar over the chunks (default False).

    Returns
    -------
    CoverageEstimate
        Shape ``T``; ``first``: ``1/Psi <= eps_C``, ``second``: ``1/Omega >= eps_S``.

    Raises
    ------
    TypeError
        If ``scenario`` is not a :class:`JointCoverageScenario`, ``n_samples`` is not an
        integer or ``rng`` is not a valid randomness source.
    ValueError
        If a threshold is not a finite number > 0, the thresholds do not broadcast
        together, ``comm_power_fraction`` is not in (0, 1) or ``n_samples < 1``.

    References
    ----------
    [CC] eq. (24)
    [CC] eq. (25)
    [CC] eq. (28)
    [CC] eq. (29)

    Examples
    --------
    >>> from ofdmisac.network import JointCoverageScenario, downlink_coverage_geometry_twin
    >>> scenario = JointCoverageScenario(rician_factor=0.2)
    >>> est = downlink_coverage_geometry_twin(scenario, 0.015, 0.012, n_samples=4000, rng=1)
    >>> round(float(est.joint), 2), round(float(est.joint_se), 3)
    (0.95, 0.004)
    """
    _check_scenario(scenario)
    check_array("interference_threshold", interference_threshold)
    check_array("benefit_threshold", benefit_threshold)
    n_samples = check_units("n_samples", n_samples)
    _check_open_rho(scenario)
    n = check_int("n_samples", n_samples, minimum=1)
    x_c = _x_interference(scenario, interference_threshold)
    x_s = _x_benefit(scenario, benefit_threshold)
    e_c, e_s, exp = _thresholds(interference_threshold, benefit_threshold, 1)
    x_c, x_s = np.broadcast_to(x_c, e_c.shape), np.broadcast_to(x_s, e_s.shape)

    def events(gen, m):
        d_u, d_t = sample_pair_geometry(scenario, n_samples=m, rng=gen)
        if not include_noise:
            x = _x_of(scenario, d_u, d_t)[exp]
            return x >= x_c, x >= x_s
        link = uplink_link(scenario, d_u, d_t)
        c = link.mmse_weight
        rho, nn, kap = scenario.comm_power_fraction, scenario.n_antennas, scenario.rician_factor
        inv_psi = ((1 - rho) / (rho * nn * (kap + c)))[exp]
        inv_omega = (2 * rho * c / ((1 - rho) * nn * (kap + c)))[exp]
        return inv_psi <= e_c, inv_omega >= e_s

    return _count_coverage(events, n, rng, chunk_size, progress,
                           "downlink_coverage_geometry_twin")


def _check_angles(angles):
    check_choice("angles", angles, ("uniform", "orthogonal"))


def _draw_angles(angles, m, n, rng):
    """ST angle ``theta`` and CU angle ``varphi`` per geometry (see the downlink twins)."""
    theta = rng.uniform(-np.pi / 3, np.pi / 3, m)
    if angles == "uniform":
        return theta, rng.uniform(-np.pi / 3, np.pi / 3, m)
    s_t = np.sin(theta)
    # nonzero shift 2 j / N keeping sin(varphi) in [-sin(pi/3), sin(pi/3)]
    smax = np.sin(np.pi / 3)
    j_lo = np.ceil((-smax - s_t) * n / 2)
    j_hi = np.floor((smax - s_t) * n / 2)
    j = j_lo + np.floor(rng.random(m) * (j_hi - j_lo))  # j_hi excluded, 0 skipped
    j = np.where(j >= 0, j + 1, j)
    return theta, np.arcsin(np.clip(s_t + 2 * j / n, -1, 1))


def downlink_coverage_measured_twin(scenario: JointCoverageScenario, interference_threshold,
                                    benefit_threshold, *, n_geometries: int = 2000,
                                    n_trials: int = 128, angles: str = "uniform",
                                    chunk_size: int | None = None, rng=None,
                                    return_measurements: bool = False,
                                    progress: bool = False):
    """Monte Carlo downlink coverage from measured beam powers.

    Estimates the joint coverage of [CC] eq. (28). For every geometry, pair K's uplink
    chain is simulated ``n_trials`` times (Rician channel with LoS ``a_N(varphi)``, echo
    of the pilot-sharing ST at ``theta``, noise, MMSE estimate), the MRT precoder
    ``w = h_hat / sqrt(E||h_hat||^2)`` and the sensing beam ``w_T = a_N(theta) / sqrt(N)``
    are formed, and

    * ``1/Psi_meas = (1 - rho) E|h^H w_T|^2 / (rho |E h^H w|^2)`` (sensing-beam power over
      desired power at the CU, the ratio [CC] eq. (24) stands for in [CC] eq. (21));
    * ``1/Omega_meas = 2 rho mean||h_hat - m||^2 / ((1 - rho) N mean||h_hat||^2)`` with
      ``m = sqrt(mu kappa) h_bar``: the measured share of the CU beam's power in its random
      part, the part that enters the large-N Fisher information (D6) next to the sensing
      beam (its expectation is ``phi / (mu kappa + phi)``, i.e. [CC] eq. (25)). This is a power
      share, blind to direction: it cannot see the angle information that the CU beam's
      LoS part and (for the chain estimate) its echo part carry, which makes (25) wrong
      (``docs/errata.md``, [CC] eq. (25)). :func:`downlink_coverage_link_twin` measures the
      SINR and the angle CRLB themselves.

    ``angles="uniform"``: ``varphi`` (CU) and ``theta`` (ST) uniform in [-pi/3, pi/3]
    per geometry; the finite-N LoS leakage ``kappa mu |a^H h_bar|^2 / N`` into the
    sensing-beam interference, which (21) drops (``a^H h_bar / N -> 0``), is kept, and
    the gap to the analysis measures that approximation. ``angles="orthogonal"``:
    ``sin varphi - sin theta`` is a nonzero multiple of ``2 / N`` (``a^H h_bar = 0``
    exactly), the condition under which [CC] eq. (21), [CC] eq. (24) and
    [CC] eq. (25) are exact.

    Parameters
    ----------
    scenario : JointCoverageScenario
        The network (``N0`` included); needs ``0 < comm_power_fraction < 1``.
    interference_threshold : array_like, float64
        Threshold ``eps_d^C`` (linear, finite and > 0) on ``1/Psi_meas``.
    benefit_threshold : array_like, float64
        Threshold ``eps_d^S`` (linear, finite and > 0) on ``1/Omega_meas``; broadcast
        with ``interference_threshold`` to the threshold shape ``T``.
    n_geometries : int, optional
        Number of PPP geometries, >= 1 (default 2000).
    n_trials : int, optional
        Fading/noise/RCS-phase draws per geometry, >= 1 (default 128).
    angles : {"uniform", "orthogonal"}, optional
        How the CU and ST angles are drawn (default "uniform"), see above.
    chunk_size : int, optional
        Geometries evaluated at once (>= 1; default None: about 2e6 complex samples
        per chunk), rounded up to whole blocks of geometries. Each block (its geometries
        and their trials) draws from its own random stream, so the results are the same
        for any ``chunk_size`` and the working memory is bounded by it.
    rng : numpy.random.Generator, int, numpy.random.SeedSequence or None, optional
        Randomness source (None: fresh entropy).
    return_measurements : bool, optional
        Also return the per-geometry measurements (default False).
    progress : bool, optional
        Show a tqdm progress bar over the chunks (default False).

    Returns
    -------
    estimate : CoverageEstimate
        Shape ``T``; ``first``: ``1/Psi_meas <= eps_C``, ``second``:
        ``1/Omega_meas >= eps_S``.
    measurements : dict of str to numpy.ndarray
        Only with ``return_measurements``: ``d_user_m``, ``d_target_m``, ``inverse_psi``
        and ``inverse_omega``, each of shape ``(n_geometries,)``.

    Raises
    ------
    TypeError
        If ``scenario`` is not a :class:`JointCoverageScenario`, a count is not an
        integer or ``rng`` is not a valid randomness source.
    ValueError
        If a threshold is not a finite number > 0, the thresholds do not broadcast
        together, ``comm_power_fraction`` is not in (0, 1), a count is < 1 or ``angles``
        is unknown.

    References
    ----------
    [CC] eq. (28)

    Examples
    --------
    >>> from ofdmisac.network import JointCoverageScenario, downlink_coverage_measured_twin
    >>> scenario = JointCoverageScenario(rician_factor=0.2)
    >>> est = downlink_coverage_measured_twin(scenario, 0.015, 0.012, n_geometries=50,
    ...                                       n_trials=16, rng=1)
    >>> est.n_geometries, round(float(est.joint), 2)
    (50, 0.64)
    """
    _check_scenario(scenario)
    check_array("interference_threshold", interference_threshold)
    check_array("benefit_threshold", benefit_threshold)
    n_geometries = check_units("n_geometries", n_geometries)
    n_trials = check_int("n_trials", n_trials, minimum=1)
    # the geometries run in chunks; one geometry's trials are evaluated at once
    check_bytes("n_trials", n_trials, 8.0 * n_trials * scenario.n_users,
                advice="use fewer trials per geometry")
    _check_open_rho(scenario)
    n_g = check_int("n_geometries", n_geometries, minimum=1)
    n_t = check_int("n_trials", n_trials, minimum=1)
    _check_angles(angles)
    _x_interference(scenario, interference_threshold)
    _x_benefit(scenario, benefit_threshold)
    e_c, e_s, exp = _thresholds(interference_threshold, benefit_threshold, 1)
    n = scenario.n_antennas
    rho = scenario.comm_power_fraction
    d_u, d_t, inv_psi, inv_omega = (np.empty(n_g) for _ in range(4))
    chunk = check_chunk_size(chunk_size, _CHUNK_ELEMENTS // (n_t * n))
    for lo, hi, gen in monte_carlo_chunks(rng, n_g, block_size=block_size_for(n_t * n),
                                          chunk_size=chunk, progress=progress,
                                          desc="downlink_coverage_measured_twin"):
        m = hi - lo
        d_u[lo:hi], d_t[lo:hi] = sample_pair_geometry(scenario, n_samples=m, rng=gen)
        link = uplink_link(scenario, d_u[lo:hi], d_t[lo:hi])
        theta, phi_u = _draw_angles(angles, m, n, gen)
        trials = gen.along(1)  # trial draws (n_trials, m, ...)
        los = steering_vector(phi_u, n)  # (m, N)
        a_t = steering_vector(theta, n)
        h = rician_channels(np.broadcast_to(link.user_gain, (n_t, m)), scenario.rician_factor,
                            los, rng=trials)  # (T, m, N)
        zeta = np.exp(2j * np.pi * trials.random((n_t, m)))
        su = np.sqrt(scenario.user_power_w * scenario.pilot_length)
        st = np.sqrt(scenario.target_power_w * scenario.pilot_length)
        echo = (np.sqrt(link.target_gain * n) * zeta)[..., None] * a_t
        noise = (trials.standard_normal(h.shape) + 1j * trials.standard_normal(h.shape))
        y = su * h + st * echo + noise * np.sqrt(0.5 * scenario.noise_power_w)
        mean = np.sqrt(link.mu * scenario.rician_factor)[:, None] * los
        c = link.mmse_weight[:, None]
        h_hat = mean + c * (y / su - mean)
        en2 = link.mu * scenario.rician_factor * n + link.phi * n  # (B2)
        g_k = np.einsum("tgn,tgn->tg", h.conj(), h_hat) / np.sqrt(en2)
        g_t = np.einsum("tgn,gn->tg", h.conj(), a_t) / np.sqrt(n)
        desired = np.abs(g_k.mean(axis=0)) ** 2
        inv_psi[lo:hi] = (1 - rho) * np.mean(np.abs(g_t) ** 2, axis=0) / (rho * desired)
        rand = np.mean(np.sum(np.abs(h_hat - mean) ** 2, axis=-1), axis=0)
        tot = np.mean(np.sum(np.abs(h_hat) ** 2, axis=-1), axis=0)
        inv_omega[lo:hi] = 2 * rho * rand / ((1 - rho) * n * tot)
    est = _estimate(inv_psi[exp] <= e_c, inv_omega[exp] >= e_s)
    if return_measurements:
        return est, {"d_user_m": d_u, "d_target_m": d_t, "inverse_psi": inv_psi,
                     "inverse_omega": inv_omega}
    return est


def _downlink_link_measurements(scenario, link, theta, phi_u, *, n_trials, n_symbols,
                                estimate_model, decouple, rng):
    """Measured ``1/Psi`` (SINR loss) and ``1/Omega`` (CRLB gain) for a batch of geometries.

    ``link`` has shape ``(m, 1)`` (pair K of ``m`` geometries); angles have shape ``(m,)``.
    """
    n, rho, p_d = scenario.n_antennas, scenario.comm_power_fraction, scenario.downlink_power_w
    m = theta.shape[0]
    shape = (n_trials, m, 1)
    a_t = steering_vector(theta, n)[:, None, :]  # (m, 1, N)
    los = steering_vector(phi_u, n)[:, None, :]
    if decouple:
        # LoS vector with a^H h_bar = da^H h_bar = 0, ||h_bar||^2 = N (see the twin)
        basis, _ = np.linalg.qr(np.stack([a_t[:, 0], steering_vector_derivative(theta, n)],
                                         axis=-1))  # (m, N, 2)
        los = los - np.einsum("gnr,gr->gn", basis, np.einsum("gnr,gn->gr", basis.conj(),
                                                             los[:, 0]))[:, None, :]
        los *= np.sqrt(n / np.sum(np.abs(los) ** 2, axis=-1, keepdims=True))
    # uplink of pair K (projected pilots (3)), unit-modulus RCS, MMSE estimate
    h = rician_channels(np.broadcast_to(link.user_gain, shape), scenario.rician_factor, los,
                        rng=rng)  # (T, m, 1, N)
    zeta = np.exp(2j * np.pi * rng.random(shape))
    echo = (np.sqrt(link.target_gain * n) * zeta)[..., None] * a_t
    noise_ul = (rng.standard_normal(h.shape) + 1j * rng.standard_normal(h.shape)) * np.sqrt(
        0.5 * scenario.noise_power_w)
    y_p = (np.sqrt(scenario.user_power_w * scenario.pilot_length) * h
           + np.sqrt(scenario.target_power_w * scenario.pilot_length) * echo + noise_ul)
    if estimate_model == "chain":
        h_hat = mmse_channel_estimate(link, y_p, los)
    else:
        # h_hat = m + c (h - m + z), white z: h_hat ~ CN(m, phi I) as [CC] eq. (20) to (25) assume
        mean = np.sqrt(link.mu * scenario.rician_factor)[..., None] * los
        var_z = (link.echo_pilot_power + link.noise_power_w) / (
            scenario.user_power_w * scenario.pilot_length)
        z = (rng.standard_normal(h.shape) + 1j * rng.standard_normal(h.shape)) * np.sqrt(
            0.5 * var_z)[..., None]
        h_hat = mean + link.mmse_weight[..., None] * (h - mean + z)
    w_u, w_t = mrt_precoders(link, h_hat, los, theta[:, None])  # (T, m, 1, N), (m, 1, N)
    # unit-modulus data symbols; the ST symbols are orthogonal to them in every block
    s_u = np.exp(1j * (np.pi / 4 + np.pi / 2 * rng.integers(0, 4, (n_trials, m, 1,
                                                                    n_symbols))))
    s_t = s_u[..., 0, :] * np.exp(2j * np.pi * np.arange(n_symbols) / n_symbols)
    # SINR (15) measured on the received symbols, with and without the sensing beam
    g_u = np.einsum("tgkn,tgkn->tgk", h.conj(), w_u)[..., 0]
    g_t = np.einsum("tgkn,gkn->tgk", h.conj(), w_t)[..., 0]
    noise = (rng.standard_normal((n_trials, m, n_symbols))
             + 1j * rng.standard_normal((n_trials, m, n_symbols))) * np.sqrt(
        0.5 * scenario.noise_power_w)
    y0 = np.sqrt(p_d * rho) * g_u[..., None] * s_u[..., 0, :] + noise
    y = y0 + np.sqrt(p_d * (1 - rho)) * g_t[..., None] * s_t
    a_r = np.mean(y * s_u[..., 0, :].conj(), axis=(0, 2))
    desired = np.abs(a_r) ** 2
    inv_sinr = np.mean(np.abs(y) ** 2, axis=(0, 2)) / desired - 1.0
    inv_sinr0 = np.mean(np.abs(y0) ** 2, axis=(0, 2)) / desired - 1.0
    # angle CRLB (19) of the realized transmit blocks of all trials (N x T T_d), against
    # the sensing beam alone with the same symbols
    w_t = w_t[:, 0, :]
    x = downlink_transmit_matrix(w_u, w_t, s_u, s_t, comm_power_fraction=rho,
                                 power_w=p_d)  # (T, m, N, Td)
    x_ref = downlink_transmit_matrix(np.zeros_like(w_u), w_t, s_u, s_t,
                                     comm_power_fraction=rho,
                                     power_w=p_d)
    crlb = angle_crlb(_blocks(x), theta, target_gain=link.target_gain[:, 0],
                      noise_power_w=scenario.noise_power_w)
    crlb_ref = angle_crlb(_blocks(x_ref), theta, target_gain=link.target_gain[:, 0],
                          noise_power_w=scenario.noise_power_w)
    return {"inverse_psi": inv_sinr - inv_sinr0, "inverse_omega": crlb_ref / crlb - 1.0,
            "sinr": 1.0 / inv_sinr, "crlb_rad2": crlb}


def _blocks(x):
    """(T, m, N, T_d) -> (m, N, T T_d): the trials' blocks side by side."""
    t, m, n, td = x.shape
    return np.moveaxis(x, 0, -2).reshape(m, n, t * td)


def downlink_coverage_link_twin(scenario: JointCoverageScenario, interference_threshold,
                                benefit_threshold, *, n_geometries: int = 600,
                                n_trials: int = 64, n_symbols: int = 16,
                                angles: str = "orthogonal", estimate_model: str = "white",
                                chunk_size: int | None = None, rng=None,
                                return_measurements: bool = False, progress: bool = False):
    """Monte Carlo downlink coverage from measured SINR and CRLB.

    Estimates the joint coverage of [CC] eq. (28). For every PPP geometry (K-th nearest
    CU and ST, pilot K shared) pair K's uplink is run ``n_trials`` times
    (:func:`~ofdmisac.estimators.simulate_uplink`: Rician channel with LoS
    ``a_N(varphi)``, unit-modulus RCS, echo of the ST at ``theta``, noise, MMSE
    estimate), the MRT precoder ``w = h_hat / sqrt(E||h_hat||^2)`` and the sensing beam
    ``a_N(theta) / sqrt(N)`` form the downlink block ``X_d`` ([CC] Section 4, power split
    ``comm_power_fraction``, ``n_symbols`` unit-modulus symbols per trial, ST symbols
    orthogonal to the CU's), and per geometry:

    * the SINR of [CC] eq. (15) is measured on the received symbols, ``|E[y s^*]|^2 / (E|y|^2 -
      |E[y s^*]|^2)`` over trials and symbols, with the sensing beam (``gamma``) and
      without it (``gamma_0``, same draws); ``1/Psi_meas = 1/gamma - 1/gamma_0`` is the
      SINR loss the sensing beam causes, i.e. its interference power over the desired
      power, the ratio [CC] eq. (24) stands for in [CC] eq. (21);
    * the angle CRLB of [CC] eq. (19) is evaluated by :func:`~ofdmisac.estimators.angle_crlb` on the
      realized transmit blocks of all trials side by side (``N x n_trials n_symbols``),
      and on the sensing beam alone with the same symbols; ``1/Omega_meas =
      C_sensing_only / C_ISAC - 1`` is the relative Fisher information the CU beam adds
      to the angle estimate, the ratio [CC] eq. (25) stands for in [CC] eq. (22) and
      [CC] eq. (23).

    The geometry is covered when ``1/Psi_meas <= eps_C`` and ``1/Omega_meas >= eps_S``.

    The analysis of [CC] eq. (29) assumes ``N0 = 0``, ``a^H h_bar = 0`` (eq. (21)),
    ``h_hat ~ CN(m, phi I)`` (eq. (20) to eq. (25)) and large N (eq. (23), (D10)).
    ``angles="orthogonal"`` (``sin varphi - sin theta`` a nonzero multiple of ``2 / N``)
    and ``estimate_model="white"`` (``h_hat = m + c (h - m + z)`` with white ``z``, the
    law eq. (20) assumes) meet the first two; ``angles="decoupled"`` (uniform angles,
    the LoS vector projected orthogonal to ``a_N(theta)`` and its derivative and
    rescaled to ``||h_bar||^2 = N``) also removes the angle information of the LoS part
    (``a^H h_bar = a_c^H h_bar = 0``), the condition under which (25) is exact;
    ``angles="uniform"`` keeps the LoS leakage into the sensing beam and
    ``estimate_model="chain"`` uses the MMSE estimate of the simulated pilots, whose
    rank-one echo component steers the CU beam towards the ST (``docs/errata.md``, [CC]
    eq. (25)): the coverage gaps to (29) measure those approximations.

    Parameters
    ----------
    scenario : JointCoverageScenario
        The network; needs ``0 < comm_power_fraction < 1``; ``downlink_power_w`` is
        ``P_d``.
    interference_threshold : array_like, float64
        Threshold ``eps_d^C`` (linear, finite and > 0) on ``1/Psi_meas``.
    benefit_threshold : array_like, float64
        Threshold ``eps_d^S`` (linear, finite and > 0) on ``1/Omega_meas``; broadcast
        with ``interference_threshold`` to the threshold shape ``T``.
    n_geometries : int, optional
        Number of PPP geometries, >= 1 (default 600).
    n_trials : int, optional
        Fading/noise/symbol draws per geometry, >= 1 (default 64).
    n_symbols : int, optional
        Data symbols per draw, >= 2 (default 16).
    angles : {"orthogonal", "uniform", "decoupled"}, optional
        How the CU and ST angles (and the CU's LoS vector) are drawn (default
        "orthogonal"), see above.
    estimate_model : {"white", "chain"}, optional
        Channel estimate behind the MRT precoder (default "white"), see above.
    chunk_size : int, optional
        Geometries evaluated at once (>= 1; default None: about 2e6 complex samples
        per chunk), rounded up to whole blocks of geometries. Each block (its geometries
        and their trials) draws from its own random stream, so the results are the same
        for any ``chunk_size`` and the working memory is bounded by it.
    rng : numpy.random.Generator, int, numpy.random.SeedSequence or None, optional
        Randomness source (None: fresh entropy).
    return_measurements : bool, optional
        Also return the per-geometry measurements (default False).
    progress : bool, optional
        Show a tqdm progress bar over the chunks (default False).

    Returns
    -------
    estimate : CoverageEstimate
        Shape ``T``; ``first``: ``1/Psi_meas <= eps_C``, ``second``:
        ``1/Omega_meas >= eps_S``; binomial standard errors over the geometries.
    measurements : dict of str to numpy.ndarray
        Only with ``return_measurements``: ``d_user_m``, ``d_target_m``,
        ``inverse_psi``, ``inverse_omega``, ``sinr`` and ``crlb_rad2``, each of shape
        ``(n_geometries,)``.

    Raises
    ------
    TypeError
        If ``scenario`` is not a :class:`JointCoverageScenario`, a count is not an
        integer or ``rng`` is not a valid randomness source.
    ValueError
        If a threshold is not a finite number > 0, the thresholds do not broadcast
        together, ``comm_power_fraction`` is not in (0, 1), a count is out of range, or
        ``angles`` / ``estimate_model`` is unknown.

    References
    ----------
    [CC] eq. (15)
    [CC] eq. (19)
    [CC] eq. (28)

    Examples
    --------
    >>> from ofdmisac.network import JointCoverageScenario, downlink_coverage_link_twin
    >>> scenario = JointCoverageScenario(rician_factor=0.2, noise_power_w=1e-14)
    >>> est = downlink_coverage_link_twin(scenario, 0.02, 0.02, n_geometries=20, n_trials=8,
    ...                                   rng=1)
    >>> est.joint.shape, est.n_geometries
    ((), 20)
    """
    _check_scenario(scenario)
    check_array("interference_threshold", interference_threshold)
    check_array("benefit_threshold", benefit_threshold)
    n_geometries = check_units("n_geometries", n_geometries)
    n_trials = check_int("n_trials", n_trials, minimum=2)
    n_symbols = check_int("n_symbols", n_symbols, minimum=1)
    # the geometries run in chunks; one geometry's trials and symbols are evaluated at once
    check_bytes("n_trials", n_trials, 16.0 * n_trials * n_symbols * scenario.n_users
                * scenario.n_antennas, advice="use fewer trials or symbols")
    _check_open_rho(scenario)
    n_g = check_int("n_geometries", n_geometries, minimum=1)
    n_t = check_int("n_trials", n_trials, minimum=1)
    n_s = check_int("n_symbols", n_symbols, minimum=1)
    if n_s < 2:
        raise ValueError(f"n_symbols={n_symbols!r} is not allowed; use an integer >= 2 "
                         "(the ST symbols must be orthogonal to the CU's)")
    if angles not in ("orthogonal", "uniform", "decoupled"):
        raise ValueError(f"angles={angles!r} is not allowed; choose 'decoupled', "
                         "'orthogonal' or 'uniform'")
    if estimate_model not in ("white", "chain"):
        raise ValueError(f"estimate_model={estimate_model!r} is not allowed; choose 'white' "
                         "or 'chain'")
    _x_interference(scenario, interference_threshold)
    _x_benefit(scenario, benefit_threshold)
    e_c, e_s, exp = _thresholds(interference_threshold, benefit_threshold, 1)
    n = scenario.n_antennas
    keys = ("inverse_psi", "inverse_omega", "sinr", "crlb_rad2")
    meas = {key: np.empty(n_g) for key in keys}
    d_u, d_t = np.empty(n_g), np.empty(n_g)
    per_geometry = n_t * n * n_s
    chunk = check_chunk_size(chunk_size, _CHUNK_ELEMENTS // per_geometry)
    for lo, hi, gen in monte_carlo_chunks(rng, n_g, block_size=block_size_for(per_geometry),
                                          chunk_size=chunk, progress=progress,
                                          desc="downlink_coverage_link_twin"):
        d_u[lo:hi], d_t[lo:hi] = sample_pair_geometry(scenario, n_samples=hi - lo, rng=gen)
        link = uplink_link(scenario, d_u[lo:hi, None], d_t[lo:hi, None])
        theta, phi_u = _draw_angles("uniform" if angles == "decoupled" else angles,
                                    hi - lo, n, gen)
        got = _downlink_link_measurements(scenario, link, theta, phi_u, n_trials=n_t,
                                          n_symbols=n_s, estimate_model=estimate_model,
                                          decouple=angles == "decoupled", rng=gen.along(1))
        for key in keys:
            meas[key][lo:hi] = got[key]
    est = _estimate(meas["inverse_psi"][exp] <= e_c, meas["inverse_omega"][exp] >= e_s)
    if return_measurements:
        return est, {"d_user_m": d_u, "d_target_m": d_t, **meas}
    return est

