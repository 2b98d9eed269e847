"""Closed-form sensing coverage of [BM] Corollary 1 (equal path-loss exponents, corrected; see
``docs/errata.md``) and its large-beam expansion.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import erfcx, gamma

from .._sweep import check_threshold
from ._scenario import BeamManagementScenario
from ._sensing_coverage import _Params

__all__ = ['sensing_coverage_corollary1', 'sensing_coverage_corollary1_expansion']


def _corollary_inputs(scenario, scir_threshold, sweeps):
    scir_threshold = check_threshold("scir_threshold", scir_threshold)
    p = _Params(scenario, sweeps, scir_threshold.ndim)
    if np.any(p.alpha_l != p.alpha_n) or np.any(~(p.alpha_l > 2)):
        raise ValueError(f"alpha_los={p.alpha_l!r}, alpha_nlos={p.alpha_n!r} are not allowed; "
                         f"Corollary 1 needs alpha_los == alpha_nlos > 2")
    a = p.alpha_l
    gam = (2 * math.pi / a) * gamma(2 / a) * gamma(1 - 2 / a) * (4 * math.pi) ** (2 / a)
    # x = pi sqrt(lam) n^{2/a} / (2 eta^{1/a} sqrt(gamma)), so that x^2 is the exp argument
    log_x = (math.log(math.pi) + 0.5 * np.log(p.lam_b) + (2 / a) * np.log(p.n_b)
             - np.log(scir_threshold) / a - math.log(2.0) - 0.5 * np.log(gam))
    return np.exp(log_x), gam, p, a, scir_threshold


def sensing_coverage_corollary1(scenario: BeamManagementScenario, scir_threshold,
                                **sweeps) -> np.ndarray:
    """Closed-form sensing coverage of Corollary 1 (corrected).

    For ``alpha_L = alpha_N = alpha > 2`` and a large n_B. Implements [BM] eq. (22),
    first line, as corrected (``docs/errata.md``): the average over r_1 (eq. (20)) of
    ``F_S`` of eq. (23),
    ``p = sqrt(pi) x e^{x^2} erfc(x)`` with
    ``x = pi sqrt(lambda_B) n_B^{2/alpha} / (2 eta^{1/alpha} sqrt(gamma))`` and
    ``gamma = (2 pi / alpha) Gamma(2/alpha) Gamma(1 - 2/alpha) (4 pi)^{2/alpha}``
    (``e^{x^2} erfc(x)`` evaluated as ``erfcx(x)``, no overflow). It drops clutter and
    the mainlobe-interference term and uses rho = n_B^2 (the scenario's rho is ignored).

    Parameters
    ----------
    scenario : BeamManagementScenario
        Network parameters; ``alpha_los == alpha_nlos > 2`` is required.
    scir_threshold : array_like of float
        eta of [BM] eq. (17): SCIR threshold, linear (> 0, not dB), any shape ``T``.
    **sweeps : array_like
        Swept fields, see :func:`sensing_coverage` (docs/conventions.md, Sweeps).

    Returns
    -------
    numpy.ndarray of float64
        Approximate coverage in [0, 1], shape ``S + scir_threshold.shape``.

    Raises
    ------
    ValueError
        If ``alpha_los != alpha_nlos`` or ``alpha <= 2`` (after the sweeps), the threshold
        is empty or not finite and > 0, or a sweep is unknown, invalid or does not
        broadcast.
    TypeError
        If ``scenario`` is not a :class:`BeamManagementScenario`, or the threshold or a
        sweep is not a real number.

    References
    ----------
    [BM] Corollary 1
    [BM] eq. (22)
    [BM] eq. (23)

    Examples
    --------
    >>> s = BeamManagementScenario.mmwave(alpha_los=3.0, alpha_nlos=3.0)
    >>> 0 < float(sensing_coverage_corollary1(s, 1.0)) < 1
    True
    """
    x, _, _, _, _ = _corollary_inputs(scenario, scir_threshold, sweeps)
    return np.clip(math.sqrt(math.pi) * x * erfcx(x), 0.0, 1.0)


def sensing_coverage_corollary1_expansion(scenario: BeamManagementScenario, scir_threshold,
                                          **sweeps) -> np.ndarray:
    """Large-n_B expansion of Corollary 1's sensing coverage.

    ``1 - 2 gamma eta^{2/alpha} / (lambda_B pi^2 n_B^{4/alpha})``: implements [BM]
    eq. (22), step (a) (``1 - 1/(2 x^2)``, the first two terms of the erfc asymptotic
    series; right as printed), clipped to [0, 1].

    Parameters
    ----------
    scenario : BeamManagementScenario
        Network parameters; ``alpha_los == alpha_nlos > 2`` is required.
    scir_threshold : array_like of float
        eta of [BM] eq. (17): SCIR threshold, linear (> 0, not dB), any shape ``T``.
    **sweeps : array_like
        Swept fields, see :func:`sensing_coverage` (docs/conventions.md, Sweeps).

    Returns
    -------
    numpy.ndarray of float64
        Expansion value, clipped to [0, 1], shape ``S + scir_threshold.shape``.

    Raises
    ------
    ValueError
        If ``alpha_los != alpha_nlos`` or ``alpha <= 2`` (after the sweeps), the threshold
        is empty or not finite and > 0, or a sweep is unknown, invalid or does not
        broadcast.
    TypeError
        If ``scenario`` is not a :class:`BeamManagementScenario`, or the threshold or a
        sweep is not a real number.

    References
    ----------
    [BM] Corollary 1
    [BM] eq. (22)

    Examples
    --------
    >>> s = BeamManagementScenario.mmwave(alpha_los=3.0, alpha_nlos=3.0, n_beams=4096,
    ...                                   bs_density_per_m2=1e-2)
    >>> round(float(sensing_coverage_corollary1_expansion(s, 1.0)), 3)
    0.987
    """
    x, _, _, _, _ = _corollary_inputs(scenario, scir_threshold, sweeps)
    return np.clip(1.0 - 0.5 / x**2, 0.0, 1.0)

