"""Monte Carlo twins of the [CC] uplink joint coverage: per-geometry closed forms and the
measured receiver chain on PPP realizations.
"""

from __future__ import annotations

import numpy as np

from ..._random import block_size_for, check_chunk_size, monte_carlo_chunks
from ..._validation import check_bytes, check_int, check_probability, check_units
from ...estimators.mimo._uplink_analysis import (
    glrt_detection_probability,
    glrt_detection_probability_paper,
    uplink_nmse,
)
from ...estimators.mimo._uplink_simulation import _CHUNK_ELEMENTS, _uplink_pass
from ._pair_geometry import (
    CoverageEstimate,
    _estimate,
    _thresholds,
    _x_of,
    sample_pair_geometry,
    uplink_link,
)
from ._scenario import JointCoverageScenario, _check_scenario
from ._uplink_coverage import (
    _check_model,
    _check_nmse_threshold,
    _x_detection,
    _x_nmse,
)

__all__ = ['uplink_coverage_geometry_twin', 'uplink_coverage_measured_twin']


def uplink_coverage_geometry_twin(scenario: JointCoverageScenario, nmse_threshold,
                                  detection_threshold, *, model: str = "paper",
                                  include_noise: bool = False, n_samples: int = 20000,
                                  rng=None, chunk_size: int | None = None,
                                  progress: bool = False) -> CoverageEstimate:
    """Monte Carlo uplink coverage from per-geometry closed forms.

    Estimates the joint coverage of [CC] eq. (9) and its marginals: draws ``d_U,K`` and
    ``d_T,K`` (:func:`sample_pair_geometry`) and, per realization, evaluates the NMSE of
    [CC] eq. (4) and ``P_D`` with ``|zeta| = 1`` (``model``: "paper" = printed
    [CC] eq. (8), "residual"/"chain" = corrected law with that GLRT normalization).
    ``include_noise=False`` uses the ``N0 = 0`` conditions of [CC] eq. (10) and
    [CC] eq. (11) (so it checks only the distance-law integration of
    :func:`uplink_joint_coverage`); ``include_noise=True`` keeps ``N0`` (the gap is the
    effect of neglecting it).

    Parameters
    ----------
    scenario : JointCoverageScenario
        The network; ``n_users`` is the pair index K.
    nmse_threshold : array_like, float64
        NMSE threshold ``eps_u^C`` (linear), finite and > 0.
    detection_threshold : array_like, float64
        Detection-probability threshold ``eps_u^S``, in (0, 1); broadcast with
        ``nmse_threshold`` to the threshold shape ``T``.
    model : {"paper", "residual", "chain"}, optional
        Detection law, as in :func:`uplink_detection_coverage` (default "paper").
    include_noise : bool, optional
        Keep ``N0`` in the per-geometry NMSE and ``P_D`` (default False: ``N0 = 0``, the
        analysis's conditions).
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
        Shape ``T``; ``first``: NMSE coverage, ``second``: detection coverage.

    Raises
    ------
    TypeError
        If ``n_samples`` is not an integer, a threshold is not a real array or ``rng``
        is not a valid randomness source.
    ValueError
        If a threshold is outside its domain, the thresholds do not broadcast together,
        ``model`` is unknown or ``n_samples < 1``.

    References
    ----------
    [CC] eq. (9)
    [CC] eq. (10)
    [CC] eq. (11)

    Examples
    --------
    >>> from ofdmisac.network import JointCoverageScenario, uplink_coverage_geometry_twin
    >>> est = uplink_coverage_geometry_twin(JointCoverageScenario(), [0.05, 0.1], 0.6,
    ...                                     n_samples=4000, rng=1)
    >>> est.joint.round(2)
    array([0.17, 0.27])
    """
    _check_model(model)
    n = check_units("n_samples", n_samples)
    e_c = _check_nmse_threshold(nmse_threshold)
    e_s = check_probability("detection_threshold", detection_threshold, open_interval=True)
    e_c, e_s, exp = _thresholds(e_c, e_s, 1)

    def events(gen, m):
        d_u, d_t = sample_pair_geometry(scenario, n_samples=m, rng=gen)
        if not include_noise:
            x = _x_of(scenario, d_u, d_t)[exp]
            return x >= _x_nmse(scenario, e_c), x <= _x_detection(scenario, e_s, model)
        link = uplink_link(scenario, d_u[exp], d_t[exp])
        ok1 = uplink_nmse(link) <= e_c
        if model == "paper":
            pd = glrt_detection_probability_paper(link, scenario.glrt_threshold)
        else:
            norm = "residual" if model == "residual" else "paper"
            pd = glrt_detection_probability(link, scenario.glrt_threshold, normalization=norm)
        return ok1, np.broadcast_to(pd >= e_s, ok1.shape)

    return _count_coverage(events, n, rng, chunk_size, progress,
                           "uplink_coverage_geometry_twin")


_GEOMETRY_CHUNK = 1 << 16
_GEOMETRY_BLOCK = 512  # geometries per random-stream block (fixed)


def _count_coverage(events, n, rng, chunk_size, progress, desc):
    """CoverageEstimate from ``events(gen, m) -> (ok1, ok2)`` (``(m, *T)`` booleans),
    counted chunk by chunk over ``n`` geometries."""
    chunk = check_chunk_size(chunk_size, _GEOMETRY_CHUNK)
    block = _GEOMETRY_BLOCK
    counts = None
    for _, _, gen in monte_carlo_chunks(rng, n, block_size=block, chunk_size=chunk,
                                        progress=progress, desc=desc):
        ok1, ok2 = events(gen, gen.n_units)
        part = [np.sum(ok1 & ok2, axis=0), np.sum(ok1, axis=0), np.sum(ok2, axis=0)]
        counts = part if counts is None else [c + p for c, p in zip(counts, part, strict=True)]
    out = {}
    for name, c in zip(("joint", "first", "second"), counts, strict=True):
        p = c / n
        out[name] = p
        out[name + "_se"] = np.sqrt(np.maximum(p * (1 - p), 0.0) / n)
    return CoverageEstimate(n_geometries=n, **out)


def uplink_coverage_measured_twin(scenario: JointCoverageScenario, nmse_threshold,
                                  detection_threshold, *, model: str = "paper",
                                  n_geometries: int = 2000, n_trials: int = 256,
                                  chunk_size: int | None = None, rng=None,
                                  return_measurements: bool = False, progress: bool = False):
    """Monte Carlo uplink coverage from measured NMSE and detections.

    Estimates the joint coverage of [CC] eq. (9) by running the receiver chain.

    For every PPP geometry the uplink of pair K is simulated ``n_trials`` times
    (:func:`~ofdmisac.estimators.simulate_uplink`, Rician channel, unit-modulus RCS with
    random phase, noise ``N0``, MMSE estimate and GLRT at ``scenario.glrt_threshold``). The
    geometry is covered when the mean of ``||e||^2 / (N mu)`` (the NMSE of [CC] eq. (4),
    normalized by the scattered part as corrected in ``docs/errata.md``) is <= ``eps_C``
    and the fraction of detections is >= ``eps_S``. ``model`` picks the simulated
    receiver: "paper" = estimation error independent of noise and echo (the assumption
    of the printed [CC] eq. (8)), "chain" = the MMSE/GLRT chain with the normalization
    of [CC] eq. (6), "residual" = the chain normalized by the residual variance.
    Geometries are processed in chunks of ``chunk_size`` (no loop over geometries
    within a chunk).

    Parameters
    ----------
    scenario : JointCoverageScenario
        The network (``N0`` included); ``n_users`` is the pair index K.
    nmse_threshold : array_like, float64
        NMSE threshold ``eps_u^C`` (linear), finite and > 0.
    detection_threshold : array_like, float64
        Detection-rate threshold ``eps_u^S``, in (0, 1); broadcast with
        ``nmse_threshold`` to the threshold shape ``T``.
    model : {"paper", "residual", "chain"}, optional
        Simulated receiver (default "paper"), see above.
    n_geometries : int, optional
        Number of PPP geometries, >= 1 (default 2000).
    n_trials : int, optional
        Fading/noise/RCS-phase draws per geometry, >= 1 (default 256).
    chunk_size : int, optional
        Geometries evaluated at once (>= 1; default None: about 2e6 complex samples
        ``n_trials x n_antennas x geometries`` per chunk), rounded up to whole blocks of
        geometries. Each block (its geometries and their trials) draws from its own
        random stream, so the results are the same for any ``chunk_size`` and the
        working memory is bounded by it.
    rng : numpy.random.Generator, int, numpy.random.SeedSequence or None, optional
        Randomness source (None: fresh entropy).
    return_measurements : bool, optional
        Also return the per-geometry measurements (default False).
    progress : bool, optional
        Show a tqdm progress bar over the chunks (default False).

    Returns
    -------
    estimate : CoverageEstimate
        Shape ``T``; ``first``: NMSE coverage, ``second``: detection coverage.
    measurements : dict of str to numpy.ndarray
        Only with ``return_measurements``: ``d_user_m``, ``d_target_m``, ``nmse`` and
        ``detection_rate``, each of shape ``(n_geometries,)``.

    Raises
    ------
    TypeError
        If a count is not an integer, a threshold is not a real array or ``rng`` is not
        a valid randomness source.
    ValueError
        If a threshold is outside its domain, the thresholds do not broadcast together,
        ``model`` is unknown or a count is < 1.

    References
    ----------
    [CC] eq. (4)
    [CC] eq. (9)

    Examples
    --------
    >>> from ofdmisac.network import JointCoverageScenario, uplink_coverage_measured_twin
    >>> est = uplink_coverage_measured_twin(JointCoverageScenario(), 0.1, 0.6,
    ...                                     n_geometries=50, n_trials=16, rng=2)
    >>> est.n_geometries, round(float(est.joint), 2)
    (50, 0.18)
    """
    _check_scenario(scenario)
    _check_model(model)
    n_g = check_units("n_geometries", n_geometries)
    n_t = check_int("n_trials", n_trials, minimum=1)
    # the geometries run in chunks; one geometry's trials are evaluated at once
    check_bytes("n_trials", n_t, 64.0 * n_t * scenario.n_users,
                advice="use fewer trials per geometry")
    e_c = _check_nmse_threshold(nmse_threshold)
    e_s = check_probability("detection_threshold", detection_threshold, open_interval=True)
    e_c, e_s, exp = _thresholds(e_c, e_s, 1)
    error_model = "independent" if model == "paper" else "chain"
    norm = "residual" if model == "residual" else "paper"
    per_geometry = n_t * scenario.n_antennas
    chunk = check_chunk_size(chunk_size, _CHUNK_ELEMENTS // per_geometry)
    d_u, d_t, nmse, rate = (np.empty(n_g) for _ in range(4))
    eps = np.asarray(scenario.glrt_threshold, dtype=np.float64)
    for lo, hi, gen in monte_carlo_chunks(rng, n_g, block_size=block_size_for(per_geometry),
                                          chunk_size=chunk, progress=progress,
                                          desc="uplink_coverage_measured_twin"):
        d_u[lo:hi], d_t[lo:hi] = sample_pair_geometry(scenario, n_samples=hi - lo, rng=gen)
        link = uplink_link(scenario, d_u[lo:hi, None], d_t[lo:hi, None])
        sim = _uplink_pass(link, eps, (n_t, hi - lo, 1), gen.along(1), user_angle_rad=None,
                           target_angle_rad=None, rcs="unit", target_present=True,
                           error_model=error_model, normalization=norm, analytic=False,
                           keep_signals=False, form_pilot_matrix=False)
        nmse[lo:hi] = sim["nmse"].mean(axis=0)[:, 0]
        rate[lo:hi] = sim["detected"].mean(axis=0)[:, 0]
    est = _estimate(nmse[exp] <= e_c, rate[exp] >= e_s)
    if return_measurements:
        return est, {"d_user_m": d_u, "d_target_m": d_t, "nmse": nmse,
                     "detection_rate": rate}
    return est

