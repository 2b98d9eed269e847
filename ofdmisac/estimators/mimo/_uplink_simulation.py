"""Monte Carlo twin of the [CC] uplink chain: channels, echoes and noise drawn, the receiver run
on the data, batched over realizations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..._random import as_generator, block_size_for, check_chunk_size, monte_carlo_chunks
from ..._validation import check_array, check_bytes
from ...channel.mimo._array import steering_vector
from ...channel.mimo._channels import rcs_coefficients, rician_channels
from ._uplink_analysis import (
    _check_normalization,
    glrt_detection_probability,
    glrt_detection_probability_paper,
    glrt_false_alarm_probability,
    uplink_nmse,
)
from ._uplink_link import MimoUplink, _check_link
from ._uplink_receiver import (
    _complex_normal,
    glrt_statistic,
    mmse_channel_estimate,
    received_pilot_matrix,
    uplink_receiver,
)

__all__ = ['UplinkSimulation', 'simulate_uplink']


@dataclass(frozen=True, kw_only=True, eq=False)
class UplinkSimulation:
    """Per-realization results of :func:`simulate_uplink` (shape ``(..., K)``).

    Built by :func:`simulate_uplink`; the fields are its outputs, one entry per
    realization and pair (leading axis ``n_trials`` when given).

    Parameters
    ----------
    nmse : ndarray, float64
        Measured ``||h - h_hat||^2 / (N mu)`` (its mean is the NMSE of [CC] (4)).
    nmse_printed_definition : ndarray, float64
        Measured ``||h - h_hat||^2 / ||h||^2`` (the definition printed in [CC] (4)).
    statistic : ndarray, float64
        GLRT statistic ``Lambda`` of [CC] (6).
    detected : ndarray of bool
        ``Lambda > threshold``.
    rcs : ndarray, complex128
        The ``zeta_k`` used (all zero when the target is absent).
    detection_probability : ndarray, float64, or None
        Exact conditional ``P_D`` given ``|zeta_k|^2`` for the simulated error model
        (for ``target_present=False``: the false-alarm probability).
    detection_probability_paper : ndarray, float64, or None
        Printed [CC] (8) given ``|zeta_k|^2``.
    nmse_analytic : ndarray, float64, or None
        NMSE of [CC] (4). The three closed-form fields are None when
        ``analytic=False``.
    channels : ndarray, shape (..., K, N), complex128, or None
        Channels ``h`` when ``keep_signals=True``, else None.
    estimates : ndarray, shape (..., K, N), complex128, or None
        MMSE estimates ``h_hat`` when ``keep_signals=True``, else None.

    Raises
    ------
    TypeError
        If a field is missing or passed by position (a keyword-only dataclass; no
        checks of its own).

    Examples
    --------
    >>> link = MimoUplink(n_antennas=16, pilot_length=16, user_gain=[1e-7] * 2,
    ...                   target_gain=[1e-9] * 2)
    >>> sim = simulate_uplink(link, threshold=10.0, rng=1, n_trials=100)
    >>> sim.nmse.shape, round(float(sim.nmse_analytic[0, 0]), 3)
    ((100, 2), 0.031)
    """

    nmse: np.ndarray
    nmse_printed_definition: np.ndarray
    statistic: np.ndarray
    detected: np.ndarray
    rcs: np.ndarray
    detection_probability: np.ndarray | None
    detection_probability_paper: np.ndarray | None
    nmse_analytic: np.ndarray | None
    channels: np.ndarray | None = None
    estimates: np.ndarray | None = None


def simulate_uplink(
    link: MimoUplink,
    *,
    threshold,
    rng=None,
    n_trials: int | None = None,
    user_angle_rad=None,
    target_angle_rad=None,
    rcs=None,
    target_present: bool = True,
    error_model: str = "chain",
    normalization: str = "paper",
    keep_signals: bool = False,
    analytic: bool = True,
    form_pilot_matrix: bool = True,
    chunk_size: int | None = None,
    progress: bool = False,
) -> UplinkSimulation:
    """Monte Carlo twin of the [CC] uplink chain on simulated array data.

    Draws Rician channels and target echoes, forms ``Y_P`` with shared pilots, projects,
    computes the MMSE estimate from that data, the residual, and the GLRT statistic. No
    Python loop over realizations: everything is batched over ``(n_trials,) + link.shape``.

    Parameters
    ----------
    link : MimoUplink
        Per-pair parameters of shape ``(..., K)`` (e.g. one PPP geometry per row),
        ``K <= link.pilot_length``.
    threshold : array_like, float
        Linear GLRT threshold ``epsilon_d > 0``.
    rng : Generator, int, SeedSequence or None, optional
        Source of all draws (None: fresh OS entropy; an int seeds it).
    n_trials : int, optional
        Independent fading/noise draws per geometry, prepended as axis 0 (None: one draw
        per entry of ``link.shape``).
    user_angle_rad, target_angle_rad : array_like, optional
        AoAs broadcast with ``link.shape`` (default: uniform in [-pi/3, pi/3]). The user
        LoS is ``h_bar_k = a_N(varphi_k)``.
    rcs : None, "unit" or array_like, optional
        The RCS coefficient zeta_k of [CC] section 2: None (default) draws
        ``CN(0, 1)``; "unit" draws ``|zeta| = 1`` with a uniform phase (the coverage
        analysis of [CC] (9)); a complex array (broadcast with the realizations) is
        used as given.
    target_present : bool, optional
        H1 (True, default) or H0 (False: no echo; ``detected`` then measures false
        alarms).
    error_model : {"chain", "independent"}, optional
        "chain" (default) runs the estimator on the data and forms the residual from it;
        "independent" replaces the residual by ``sqrt(P_U T_u) e + echo + n`` with a fresh
        ``e ~ CN(0, (mu - phi) I)`` (the assumption behind the printed [CC] (8)).
    normalization : {"paper", "residual"}, optional
        GLRT normalization for "chain" (see :func:`glrt_detection_probability`); the
        "independent" model always uses the paper's (its residual variance is ``L0``).
    keep_signals : bool, optional
        Also return ``h`` and ``h_hat`` (default False).
    analytic : bool, optional
        Also evaluate the closed forms per realization (default True; False skips the
        Marcum-Q evaluations and leaves those fields None, e.g. for timing).
    form_pilot_matrix : bool, optional
        True (default): build ``Y_P`` (N x T_u per realization) and project it. False:
        draw the projected observations (3) directly, ``y_k = sqrt(P_U T_u) h_k +
        sqrt(P_T T_u) G_k w_k + n_k`` with ``n_k ~ CN(0, N0 I)``, which has the same law
        because the pilots are orthonormal; ``T_u / K`` times less noise to draw, for
        large PPP Monte Carlo runs.
    chunk_size : int, optional
        Trials evaluated at once (>= 1; default None: about 2e6 complex samples of the
        largest array per chunk), rounded up to whole blocks of trials. Each block draws
        from its own random stream, so the results are the same for any ``chunk_size``
        and the working memory is bounded by it (the per-trial results, and the signals
        with ``keep_signals``, are returned in full). Only with ``n_trials``.
    progress : bool, optional
        Show a tqdm progress bar over the chunks (default False).

    Returns
    -------
    UplinkSimulation
        Measured NMSE, GLRT statistic and decisions per realization, with the closed
        forms when ``analytic=True``.

    Raises
    ------
    TypeError
        If ``threshold`` cannot be read as real numbers or ``rng`` is not a Generator,
        an int, a SeedSequence or None.
    ValueError
        If ``threshold <= 0``, ``n_trials`` is not an integer >= 1, ``error_model``,
        ``normalization`` or an ``rcs`` string is unknown, or there are more pairs than
        ``link.pilot_length``.

    Examples
    --------
    >>> link = MimoUplink(n_antennas=16, pilot_length=16, user_gain=[1e-7] * 4,
    ...                   target_gain=[1e-9] * 4)
    >>> sim = simulate_uplink(link, threshold=10.0, rng=1, n_trials=100)
    >>> sim.detected.shape
    (100, 4)
    """
    link = _check_link(link)
    eps, shape = _check_options(link, threshold, n_trials, error_model, normalization)
    for name, value in (("user_angle_rad", user_angle_rad),
                        ("target_angle_rad", target_angle_rad)):
        if value is not None:
            check_array(name, value)
    # the per-trial results are returned (about 64 bytes per trial and pair); the working
    # memory is bounded by chunk_size
    check_bytes("n_trials", n_trials, 64.0 * math.prod(shape), advice="run several calls "
                "with fewer trials (different seeds) and pool them")
    norm = normalization if error_model == "chain" else "paper"
    opts = dict(user_angle_rad=user_angle_rad, target_angle_rad=target_angle_rad, rcs=rcs,
                target_present=target_present, error_model=error_model, normalization=norm,
                analytic=analytic, keep_signals=keep_signals,
                form_pilot_matrix=form_pilot_matrix)
    if n_trials is None:
        check_chunk_size(chunk_size, 1)
        return UplinkSimulation(**_uplink_pass(link, eps, shape, as_generator(rng), **opts))
    per_trial = _trial_elements(link, shape[1:], error_model, form_pilot_matrix)
    chunk = check_chunk_size(chunk_size, _CHUNK_ELEMENTS // per_trial)
    fields = None
    for lo, hi, gen in monte_carlo_chunks(rng, shape[0], block_size=block_size_for(per_trial),
                                          chunk_size=chunk, progress=progress,
                                          desc="simulate_uplink"):
        part = _uplink_pass(link, eps, (hi - lo, *shape[1:]), gen,
                            **_slice_inputs(opts, shape, lo, hi))
        if fields is None:
            fields = {k: None if v is None else np.empty(shape + v.shape[len(shape):],
                                                         dtype=v.dtype)
                      for k, v in part.items()}
        for k, v in part.items():
            if v is not None:
                fields[k][lo:hi] = v
    return UplinkSimulation(**fields)


_CHUNK_ELEMENTS = 1 << 21  # complex samples of the largest array per chunk (32 MiB)


def _trial_elements(link, pair_shape, error_model, form_pilot_matrix):
    """Complex samples of the largest array of one trial (``Y_P`` or the observations)."""
    t_u = link.pilot_length if (error_model == "chain" and form_pilot_matrix) else 1
    return max(1, int(np.prod(pair_shape)) * link.n_antennas * t_u)


def _slice_inputs(opts, shape, lo, hi):
    """The options with the given angle/RCS arrays cut to trials ``lo:hi``."""
    out = dict(opts)
    for key in ("user_angle_rad", "target_angle_rad", "rcs"):
        value = opts[key]
        if value is not None and not isinstance(value, str):
            dtype = np.complex128 if key == "rcs" else np.float64
            out[key] = np.broadcast_to(np.asarray(value, dtype=dtype), shape)[lo:hi]
    return out


def _uplink_pass(link, eps, shape, rng, *, user_angle_rad, target_angle_rad, rcs,
                 target_present, error_model, normalization, analytic, keep_signals,
                 form_pilot_matrix):
    """One vectorized pass over realizations of ``shape``; the fields of UplinkSimulation."""
    theta, zeta, los, h, echo = _draw_link(link, shape, rng, user_angle_rad, target_angle_rad,
                                           rcs, target_present)
    h_hat, stat = _receive(link, shape, rng, h, echo, los, theta, error_model=error_model,
                           normalization=normalization, form_pilot_matrix=form_pilot_matrix)
    err2 = np.sum(np.abs(h - h_hat) ** 2, axis=-1)
    pd, pd_paper, nmse_an = (None, None, None) if not analytic else _closed_forms(
        link, eps, np.abs(zeta) ** 2, shape, target_present=target_present,
        error_model=error_model, normalization=normalization)
    n = link.n_antennas
    return dict(
        nmse=err2 / (n * np.broadcast_to(link.mu, shape)),
        nmse_printed_definition=err2 / np.sum(np.abs(h) ** 2, axis=-1),
        statistic=stat,
        detected=stat > eps,
        rcs=np.ascontiguousarray(zeta),
        detection_probability=pd,
        detection_probability_paper=pd_paper,
        nmse_analytic=nmse_an,
        channels=h if keep_signals else None,
        estimates=h_hat if keep_signals else None,
    )


def _check_options(link, threshold, n_trials, error_model, normalization):
    """Validate the options of :func:`simulate_uplink`; return the threshold array and the
    realization shape ``(n_trials?, ..., K)``."""
    eps = check_array("threshold", threshold, minimum=0.0, strict_min=True)
    _check_normalization(normalization)
    if error_model not in ("chain", "independent"):
        raise ValueError(
            f"error_model={error_model!r} is not allowed; choose 'chain' or 'independent'"
        )
    if n_trials is not None and (not isinstance(n_trials, int | np.integer) or n_trials < 1):
        raise ValueError(f"n_trials={n_trials!r} is not allowed; use an integer >= 1 or None")
    shape = link.shape
    if len(shape) == 0:
        shape = (1,)
    if shape[-1] > link.pilot_length:
        raise ValueError(
            f"{shape[-1]} CU/ST pairs need {shape[-1]} orthonormal pilots; "
            f"got pilot_length={link.pilot_length} (use a leading axis for parameter sweeps)"
        )
    if n_trials is not None:
        shape = (int(n_trials), *shape)
    return eps, shape


def _draw_link(link, shape, rng, user_angle_rad, target_angle_rad, rcs, target_present):
    """Angles, RCS coefficients zeta_k of [CC], user LoS, Rician channels and target echoes
    (drawn in this order)."""
    n = link.n_antennas
    if user_angle_rad is None:
        user_angle_rad = rng.uniform(-np.pi / 3, np.pi / 3, shape)
    if target_angle_rad is None:
        target_angle_rad = rng.uniform(-np.pi / 3, np.pi / 3, shape)
    phi_u = np.broadcast_to(np.asarray(user_angle_rad, dtype=np.float64), shape)
    theta = np.broadcast_to(np.asarray(target_angle_rad, dtype=np.float64), shape)
    if rcs is None:
        zeta = rcs_coefficients(shape, rng=rng)
    elif isinstance(rcs, str):
        if rcs != "unit":
            raise ValueError(f"rcs={rcs!r} is not allowed; use None, 'unit' or an array")
        zeta = np.exp(2j * np.pi * rng.random(shape))
    else:
        zeta = np.broadcast_to(np.asarray(rcs, dtype=np.complex128), shape)
    if not target_present:
        zeta = np.zeros(shape, dtype=np.complex128)
    los = steering_vector(phi_u, n)  # (..., K, N)
    beta_u = np.broadcast_to(link.user_gain, shape)
    kappa = np.broadcast_to(link.rician_factor, shape)
    h = rician_channels(beta_u, kappa, los, rng=rng)
    a_t = steering_vector(theta, n)
    # G w = sqrt(beta_t) zeta a (a^H a) / sqrt(N) = sqrt(beta_t N) zeta a
    echo = (np.sqrt(link.target_gain * n) * zeta)[..., None] * a_t
    return theta, zeta, los, h, echo


def _receive(link, shape, rng, h, echo, los, theta, *, error_model, normalization,
             form_pilot_matrix):
    """The channel estimate and the GLRT statistic of one error model: the receiver run on
    ``Y_P`` or on the projected observations ("chain"), or the residual of the printed (8)
    with a fresh estimation error ("independent")."""
    n = link.n_antennas
    su = np.sqrt(link.user_power_w * link.pilot_length)[..., None]
    if error_model == "chain" and form_pilot_matrix:
        y_p = received_pilot_matrix(link, h, echo, rng=rng)
        h_hat, _, stat = uplink_receiver(link, y_p, los, theta, normalization=normalization)
        return h_hat, stat
    st = np.sqrt(link.target_power_w * link.pilot_length)[..., None]
    if error_model == "chain":
        y = su * h + st * echo + _complex_normal(rng, h.shape) * np.sqrt(link.noise_power_w)
        h_hat = mmse_channel_estimate(link, y, los)
        residual = y - su * h_hat
    else:
        var_e = np.broadcast_to(link.mu * (1.0 - link.mmse_weight), shape)
        e = rician_channels(var_e, 0.0, np.zeros(n), rng=rng)
        h_hat = h - e
        noise = rcs_coefficients((*shape, n), rng=rng) * np.sqrt(link.noise_power_w)
        residual = su * e + st * echo + noise
    return h_hat, glrt_statistic(link, residual, theta, normalization=normalization)


def _closed_forms(link, eps, z2, shape, *, target_present, error_model, normalization):
    """Per-realization ``P_D`` (or ``P_FA``) of the simulated model, the printed (8) and
    the NMSE (4), broadcast to ``shape``."""
    if not target_present:
        if error_model == "chain":
            pd = glrt_false_alarm_probability(link, eps, normalization=normalization)
        else:
            pd = np.exp(-eps) + 0.0 * link.mu
    elif error_model == "chain":
        pd = glrt_detection_probability(link, eps, rcs_power=z2, normalization=normalization)
    else:
        pd = glrt_detection_probability_paper(link, eps, rcs_power=z2)
    return (np.broadcast_to(pd, shape),
            np.broadcast_to(glrt_detection_probability_paper(link, eps, rcs_power=z2), shape),
            np.broadcast_to(uplink_nmse(link), shape))
