"""Monte Carlo twin of the [CC] downlink: MRT on the estimated channels, measured SINR.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..._random import block_size_for, block_sum, check_chunk_size, monte_carlo_chunks
from ..._validation import (
    check_array,
    check_bytes,
    check_int,
    check_probability,
    check_real,
    check_units,
)
from ...channel.mimo._array import steering_vector
from ._mrt import mrt_precoders
from ._uplink_link import MimoUplink, _check_link
from ._uplink_simulation import _CHUNK_ELEMENTS, _check_options, _trial_elements, _uplink_pass

__all__ = ['DownlinkSimulation', 'simulate_downlink_sinr']


@dataclass(frozen=True, kw_only=True, eq=False)
class DownlinkSimulation:
    """Results of :func:`simulate_downlink_sinr` (shape ``(K,)`` unless noted).

    Built by :func:`simulate_downlink_sinr`; one entry per CU.

    Parameters
    ----------
    sinr : ndarray, float64
        Measured SINR of [CC] (15): ``|E[y s^*]|^2 / (E|y|^2 - |E[y s^*]|^2)``.
    sinr_se : ndarray, float64
        Delta-method standard error of ``sinr`` over the channel realizations.
    desired_power : ndarray, float64
        Measured ``P rho |E h^H w_k|^2`` in W.
    sensing_interference : ndarray, float64
        Measured ``P (1 - rho) E|h^H w_T|^2`` in W.

    Raises
    ------
    TypeError
        If a field is missing or passed by position (a keyword-only dataclass; no
        checks of its own).

    Examples
    --------
    >>> link = MimoUplink(n_antennas=16, pilot_length=16, user_gain=[1e-7, 5e-8],
    ...                   target_gain=[1e-8, 3e-8])
    >>> sim = simulate_downlink_sinr(link, user_angle_rad=[-0.6, 0.1],
    ...     uplink_target_angle_rad=[0.3, -0.2], target_angle_rad=0.3,
    ...     comm_power_fraction=0.5, downlink_power_w=1.0, n_trials=200, rng=0)
    >>> sim.sinr.shape, sim.sinr_se.shape
    ((2,), (2,))
    """

    sinr: np.ndarray
    sinr_se: np.ndarray
    desired_power: np.ndarray
    sensing_interference: np.ndarray


def _qpsk(shape, rng):
    bits = rng.integers(0, 4, size=shape)
    return np.exp(1j * (np.pi / 4 + np.pi / 2 * bits))


def simulate_downlink_sinr(
    link: MimoUplink,
    *,
    user_angle_rad,
    uplink_target_angle_rad,
    target_angle_rad,
    comm_power_fraction,
    downlink_power_w,
    n_trials: int,
    n_symbols: int = 16,
    estimate_model: str = "chain",
    noise_power_w=None,
    form_pilot_matrix: bool = True,
    rng=None,
    chunk_size: int | None = None,
    progress: bool = False,
) -> DownlinkSimulation:
    """Monte Carlo twin of the [CC] downlink SINR with MRT on estimated CSI.

    Measures the SINR of [CC] eq. (15) on the received samples of [CC] eq. (14); its
    closed forms are :func:`mrt_sinr_lemma1` ([CC] eq. (20), ``estimate_model="white"``)
    and :func:`mrt_sinr_chain` (``estimate_model="chain"``).

    Each trial draws the Rician channels, runs the uplink chain of
    :func:`~ofdmisac.estimators.simulate_uplink` for ``h_hat`` (or, with
    ``estimate_model="white"``, draws ``h_hat = m + c (x + z)`` with white ``z`` so that
    ``h_hat ~ CN(m, phi I)`` exactly as [CC] eq. (20) assumes), builds the MRT precoders, sends
    ``n_symbols`` symbol vectors and records the received samples of every CU.

    Parameters
    ----------
    link : MimoUplink
        Shape ``(K,)`` (one geometry; trials are over fading, RCS and noise).
    user_angle_rad : array_like, shape (K,), float
        CU AoAs ``varphi_k`` in rad (``h_bar_k = a_N(varphi_k)``).
    uplink_target_angle_rad : array_like, shape (K,), float
        Angles of the pilot-sharing STs in rad.
    target_angle_rad : float
        Angle of the ST sensed in this downlink interval (rad).
    comm_power_fraction : float
        Communication power fraction ``rho`` in [0, 1].
    downlink_power_w : float
        BS transmit power ``P_d,l`` in W (> 0).
    n_trials : int
        Channel/noise realizations (>= 2 for the standard error).
    n_symbols : int, optional
        QPSK symbols per trial and CU (default 16).
    estimate_model : {"chain", "white"}, optional
        "chain" (default): ``h_hat`` from the simulated uplink chain; "white":
        ``h_hat ~ CN(m, phi I)`` as [CC] eq. (20) assumes.
    noise_power_w : float, optional
        Noise power at the CUs in W (default None: ``link.noise_power_w``).
    form_pilot_matrix : bool, optional
        Passed to :func:`~ofdmisac.estimators.simulate_uplink` (default True; False
        saves memory for large ``N T_u``; same law).
    rng : Generator, int, SeedSequence or None, optional
        Source of all draws (None: fresh OS entropy; an int seeds it).
    chunk_size : int, optional
        Trials evaluated at once (>= 1; default None: about 2e6 complex samples of the
        largest array per chunk), rounded up to whole blocks of trials. Each block draws
        from its own random stream and the statistics are accumulated block by block, so
        the results are the same for any ``chunk_size`` and the memory is bounded by it
        (independent of ``n_trials``).
    progress : bool, optional
        Show a tqdm progress bar over the chunks (default False).

    Returns
    -------
    DownlinkSimulation
        Measured SINR with its standard error and the measured powers per CU.

    Raises
    ------
    TypeError
        If ``comm_power_fraction`` or ``downlink_power_w`` cannot be read as real
        numbers, or ``rng`` is not a Generator, an int, a SeedSequence or None.
    ValueError
        If ``estimate_model`` is unknown, ``comm_power_fraction`` is outside [0, 1],
        ``downlink_power_w <= 0``, or from :func:`simulate_uplink` (e.g.
        ``n_trials < 1`` or more CUs than ``link.pilot_length``).

    References
    ----------
    [CC] eq. (14)
    [CC] eq. (15)

    Examples
    --------
    >>> link = MimoUplink(n_antennas=16, pilot_length=16, user_gain=[1e-7, 5e-8],
    ...                   target_gain=[1e-8, 3e-8])
    >>> sim = simulate_downlink_sinr(link, user_angle_rad=[-0.6, 0.1],
    ...     uplink_target_angle_rad=[0.3, -0.2], target_angle_rad=0.3,
    ...     comm_power_fraction=0.5, downlink_power_w=1.0, n_trials=200, rng=0)
    >>> np.round(sim.sinr, 2)  # mrt_sinr_chain: [7.98, 5.18]
    array([7.75, 5.09])
    """
    link = _check_link(link)
    if estimate_model not in ("chain", "white"):
        raise ValueError(
            f"estimate_model={estimate_model!r} is not allowed; choose 'chain' or 'white'"
        )
    comm_power_fraction = check_probability("comm_power_fraction", comm_power_fraction)
    p_d = float(check_array("downlink_power_w", downlink_power_w, minimum=0.0, strict_min=True))
    n0 = link.noise_power_w if noise_power_w is None else check_real(
        "noise_power_w", noise_power_w, minimum=0.0, strict_min=True)
    # two trials at least: the standard error needs a sample variance (n_trials - 1)
    n_trials = check_units("n_trials", n_trials, minimum=2)
    n_symbols = check_int("n_symbols", n_symbols, minimum=1)
    # the trials run in chunks; one trial's symbols are drawn at once
    check_bytes("n_symbols", n_symbols, 128.0 * n_symbols * max(np.size(user_angle_rad), 1),
                advice="use fewer symbols per trial")
    for name, value in (("user_angle_rad", user_angle_rad),
                        ("uplink_target_angle_rad", uplink_target_angle_rad),
                        ("target_angle_rad", target_angle_rad)):
        check_array(name, value)
    _check_options(link, 1.0, n_trials, "chain", "paper")
    k = link.shape[-1] if link.shape else 1
    per_trial = _trial_elements(link, (k,), "chain", form_pilot_matrix)
    chunk = check_chunk_size(chunk_size, _CHUNK_ELEMENTS // per_trial)
    los = steering_vector(np.asarray(user_angle_rad, dtype=np.float64), link.n_antennas)
    opts = dict(comm_power_fraction=comm_power_fraction, p_d=p_d, n0=n0, n_symbols=n_symbols,
                estimate_model=estimate_model, form_pilot_matrix=form_pilot_matrix,
                user_angle_rad=user_angle_rad, uplink_target_angle_rad=uplink_target_angle_rad,
                target_angle_rad=target_angle_rad, los=los)
    sums = [None] * 5
    for _, _, gen in monte_carlo_chunks(rng, n_trials, block_size=block_size_for(per_trial),
                                        chunk_size=chunk, progress=progress,
                                        desc="simulate_downlink_sinr"):
        parts = _downlink_pass(link, gen.n_units, gen, **opts)
        sums = [block_sum(tot, x, gen.sizes) for tot, x in zip(sums, parts, strict=True)]
    s_comp, s_outer, s_b, s_diag, s_gt2 = sums
    ma = (s_comp[:, 0] + 1j * s_comp[:, 1]) / n_trials
    mb = s_b / n_trials
    s = np.abs(ma) ** 2
    sinr = s / (mb - s)
    # delta method: f(Re a, Im a, b) = s / (b - s)
    da_coef = mb / (mb - s) ** 2  # df/ds
    grad_re = da_coef * 2 * ma.real
    grad_im = da_coef * 2 * ma.imag
    grad_b = -s / (mb - s) ** 2
    mean = s_comp / n_trials  # (K, 3)
    cov = (s_outer - n_trials * mean[:, :, None] * mean[:, None, :]) / (n_trials - 1)
    grad = np.stack([grad_re, grad_im, grad_b], axis=-1)
    var = np.einsum("ki,kij,kj->k", grad, cov, grad) / n_trials
    return DownlinkSimulation(
        sinr=sinr,
        sinr_se=np.sqrt(var),
        desired_power=p_d * comm_power_fraction * np.abs(s_diag / n_trials) ** 2,
        sensing_interference=p_d * (1 - comm_power_fraction) * s_gt2 / n_trials,
    )


def _downlink_pass(link, m, rng, *, comm_power_fraction, p_d, n0, n_symbols, estimate_model,
                   form_pilot_matrix, user_angle_rad, uplink_target_angle_rad,
                   target_angle_rad, los):
    """One pass over ``m`` trials; per-trial terms summed later: the components
    ``(Re a, Im a, b)`` (m, K, 3), their outer products (m, K, 3, 3), ``b`` (m, K), the
    desired gains ``h_k^H w_k`` (m, K) and ``|h_k^H w_T|^2`` (m, K)."""
    k = link.shape[-1] if link.shape else 1
    sim = _uplink_pass(link, np.asarray(1.0), (m, k), rng, user_angle_rad=user_angle_rad,
                       target_angle_rad=uplink_target_angle_rad, rcs=None,
                       target_present=True, error_model="chain", normalization="paper",
                       analytic=False, keep_signals=True, form_pilot_matrix=form_pilot_matrix)
    h = sim["channels"]  # (T, K, N)
    if estimate_model == "chain":
        h_hat = sim["estimates"]
    else:
        m_los = np.sqrt(link.mu * link.rician_factor)[..., None] * los
        pt = link.user_power_w * link.pilot_length
        var_z = (link.echo_pilot_power + link.noise_power_w) / pt
        z = (rng.standard_normal(h.shape) + 1j * rng.standard_normal(h.shape)) * np.sqrt(
            0.5 * var_z
        )[..., None]
        h_hat = m_los + link.mmse_weight[..., None] * (h - m_los + z)
    w_u, w_t = mrt_precoders(link, h_hat, los, target_angle_rad)
    s_u = _qpsk((m, k, n_symbols), rng)
    s_t = _qpsk((m, n_symbols), rng)
    # effective gains g[t, k, i] = h_k^H w_i and h_k^H w_T
    g_u = np.einsum("tkn,tin->tki", h.conj(), w_u)
    g_t = np.einsum("tkn,n->tk", h.conj(), w_t)
    noise = (
        rng.standard_normal((m, k, n_symbols))
        + 1j * rng.standard_normal((m, k, n_symbols))
    ) * np.sqrt(0.5 * n0)
    y = (
        np.sqrt(p_d * comm_power_fraction) * np.einsum("tki,tis->tks", g_u, s_u)
        + np.sqrt(p_d * (1 - comm_power_fraction)) * g_t[..., None] * s_t[:, None, :]
        + noise
    )
    a_r = np.mean(y * s_u.conj(), axis=-1)  # per trial, (T, K): estimates sqrt(P rho) h^H w_k
    b_r = np.mean(np.abs(y) ** 2, axis=-1)
    comps = np.stack([a_r.real, a_r.imag, b_r], axis=-1)  # (T, K, 3)
    return (comps, comps[..., :, None] * comps[..., None, :], b_r,
            np.einsum("tkk->tk", g_u), np.abs(g_t) ** 2)

