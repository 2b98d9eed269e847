"""Sensing interference: other base stations' reference signals received by the sensing BS."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..._random import as_generator
from ..._validation import (
    check_array,
    check_bytes,
    check_complex_array,
    check_dtype,
    check_instance,
    check_int,
    check_real,
    fail,
)
from ...units import SPEED_OF_LIGHT_MPS
from ...waveforms import SensingGrid

__all__ = [
    "InterferenceDraws", "mean_interference_power", "one_way_path_loss", "synthesize_interference"
]


def one_way_path_loss(distance_m, fc_hz, path_loss_exponent=2.0):
    """One-way path loss between two nodes, a linear power gain.

    ``L(r) = (c / (4 pi f_c))^2 r^(-alpha)``.

    Parameters
    ----------
    distance_m : float or array_like of float
        Distance ``r`` in m, > 0.
    fc_hz : float
        Carrier frequency ``f_c`` in Hz, finite and > 0.
    path_loss_exponent : float or array_like of float, default 2.0
        Exponent ``alpha`` (2 = free space); broadcast against ``distance_m``.

    Returns
    -------
    numpy.ndarray
        ``L(r)``, float64, broadcast shape of ``distance_m`` and ``path_loss_exponent``.

    Raises
    ------
    ValueError
        ``distance_m <= 0`` or ``fc_hz <= 0``.

    References
    ----------
    [BM] eq. (1)

    Examples
    --------
    >>> from ofdmisac.channel import one_way_path_loss
    >>> f"{float(one_way_path_loss(100.0, 28e9)):.3e}"
    '7.259e-11'
    """
    d = check_array("distance_m", distance_m, minimum=0.0, strict_min=True)
    fc_hz = check_real("fc_hz", fc_hz, minimum=0.0, strict_min=True)
    alpha = check_array("path_loss_exponent", path_loss_exponent, minimum=0.0)
    return (SPEED_OF_LIGHT_MPS / (4 * np.pi * fc_hz)) ** 2 * d ** (-alpha)


def _check_beams(n_beams, mainlobe_to_sidelobe_ratio) -> float:
    n_beams = check_int("n_beams", n_beams, minimum=1)
    if mainlobe_to_sidelobe_ratio is None:
        return float(n_beams) ** 2
    return check_real("mainlobe_to_sidelobe_ratio", mainlobe_to_sidelobe_ratio, minimum=1.0)


def mean_interference_power(distances_m, fc_hz, *, n_beams, mainlobe_to_sidelobe_ratio=None,
                            path_loss_exponent=2.0, tx_power=1.0, g_ml=1.0):
    """Mean interference power per unit-power RE from a set of interferers.

    ``sum_i P L(l_i) E[G]``: the mean of [BM] eq. (6) with ``E[h] = 1`` and
    ``E[G] = G_ml / n_B^2 + (1 - 1 / n_B^2) G_ml / rho`` (``rho`` the mainlobe-to-sidelobe
    ratio).

    Parameters
    ----------
    distances_m : array_like of float, shape (n_interferers,)
        Distances ``l_i`` (m, > 0).
    fc_hz : float
        Carrier frequency in Hz, > 0.
    n_beams : int
        Number of beams ``n_B`` (>= 1); the mainlobe probability is ``1 / n_B^2``.
    mainlobe_to_sidelobe_ratio : float, optional
        ``rho = G_ml / G_sl`` (>= 1), default ``n_B^2``.
    path_loss_exponent : float or array_like
        ``alpha`` (one per interferer or common).
    tx_power, g_ml : float
        Transmit power per RE (W) and linear mainlobe gain ``G_ml`` (default 1).

    Returns
    -------
    float
        Mean interference power (W per RE for ``tx_power`` in W).

    Raises
    ------
    ValueError
        If ``n_beams`` is not an integer >= 1, ``mainlobe_to_sidelobe_ratio`` < 1, a
        distance <= 0 or ``fc_hz`` <= 0.
    TypeError
        If ``n_beams`` or ``mainlobe_to_sidelobe_ratio`` is not a number.

    References
    ----------
    [BM] eq. (6)

    Examples
    --------
    >>> from ofdmisac.channel import mean_interference_power
    >>> f"{mean_interference_power([100.0, 200.0], 28e9, n_beams=8):.3e}"
    '2.814e-12'
    """
    rho = _check_beams(n_beams, mainlobe_to_sidelobe_ratio)
    distances_m = check_array("distances_m", distances_m, minimum=0.0, strict_min=True)
    path_loss_exponent = check_array("path_loss_exponent", path_loss_exponent, minimum=0.0)
    tx_power = check_real("tx_power", tx_power, minimum=0.0)
    g_ml = check_real("g_ml", g_ml, minimum=0.0)
    p_ml = 1.0 / n_beams**2
    mean_gain = g_ml * (p_ml + (1.0 - p_ml) / rho)
    return float(np.sum(tx_power * one_way_path_loss(distances_m, fc_hz, path_loss_exponent))
                 * mean_gain)


@dataclass(frozen=True, kw_only=True)
class InterferenceDraws:
    """Random quantities of one :func:`synthesize_interference` call.

    Each array has shape ``(n_interferers, *batch)``.

    Parameters
    ----------
    gain : numpy.ndarray of float
        Boresight gain of each interferer, ``G_ml`` or ``G_sl``.
    mainlobe : numpy.ndarray of bool
        True where the interfering beam points at the sensing BS (gain ``G_ml``).
    fading : numpy.ndarray of complex
        Complex Rayleigh amplitude, ``|h|^2 ~ Exp(1)``.
    delay_s : numpy.ndarray of float
        Delay of each interferer in s.

    Raises
    ------
    TypeError
        If a field is not given (all are keyword-only and required); no other check.

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.channel import synthesize_interference
    >>> from ofdmisac.waveforms import Carrier, SensingGrid
    >>> g = SensingGrid.from_carrier(Carrier(scs_khz=120, n_rb=4), fc_hz=28e9)
    >>> _, d = synthesize_interference(np.ones((3, 48, 14)), g, [90.0, 120.0, 150.0],
    ...                                n_beams=8, return_draws=True, rng=0)
    >>> d.gain.shape, d.mainlobe.dtype
    ((3,), dtype('bool'))
    """

    gain: np.ndarray
    mainlobe: np.ndarray
    fading: np.ndarray
    delay_s: np.ndarray


def synthesize_interference(interferer_grids, sensing: SensingGrid, distances_m, *, n_beams,
                            mainlobe_to_sidelobe_ratio=None, path_loss_exponent=2.0,
                            tx_power=1.0, g_ml=1.0,
                            delay_range_s=(0.0, 0.0), return_draws=False, dtype=np.complex64,
                            rng=None):
    """Interference received by the sensing BS from other BSs.

    Synthesized from the other BSs' transmitted grids.

    Each interferer ``i`` (e.g. a BS sending its own PRS with another ``n_id``) arrives with
    one-way path loss ``L(l_i)`` ([BM] eq. (1)), a boresight gain ``G_ml`` with probability
    ``1 / n_B^2`` and ``G_sl = G_ml / rho`` otherwise ([BM] eq. (6)), Rayleigh block fading
    (complex Gaussian amplitude, ``h = |amplitude|^2 ~ Exp(1)``, uniform phase) and a delay
    uniform on ``delay_range_s`` (frequency-domain model: a per-subcarrier phase ramp, valid
    while the delay is within the cyclic prefix)::

        I[k, l] = sum_i sqrt(P L(l_i) G_i) g_i X_i[k, l] exp(-j 2 pi f_k tau_i)

    One draw of ``(G_i, g_i, tau_i)`` per interferer and batch element, constant over the
    grid (BSs are static: no Doppler).

    Parameters
    ----------
    interferer_grids : array_like
        ``[n_interferers, ..., n_subcarriers, n_symbols]`` transmitted grids.
    sensing : SensingGrid
        Supplies the carrier frequency and the subcarrier frequencies.
    distances_m : array_like
        ``[n_interferers]`` distances (m, > 0).
    n_beams : int
        ``n_B``; the mainlobe probability is ``1 / n_B^2``.
    mainlobe_to_sidelobe_ratio : float, optional
        ``rho = G_ml / G_sl`` (>= 1), default ``n_B^2``.
    path_loss_exponent : float or array_like
        ``alpha`` (common or ``[n_interferers]``).
    tx_power, g_ml : float
        Transmit power per RE (W) and linear mainlobe gain ``G_ml`` (default 1).
    delay_range_s : (float, float)
        ``0 <= low <= high`` bounds of the uniform delay.
    return_draws : bool
        Also return the :class:`InterferenceDraws`.
    dtype : {complex64, complex128} or None
        Output dtype (complex64 by default); None: the complex result type of
        ``interferer_grids``. Real dtypes are refused.
    rng : numpy.random.Generator, int, SeedSequence or None
        Random source (None: fresh entropy).

    Returns
    -------
    numpy.ndarray or (numpy.ndarray, InterferenceDraws)
        ``[..., n_subcarriers, n_symbols]`` interference grid.

    Raises
    ------
    ValueError
        Bad grid shape, distances not matching the interferers or not > 0, bad ``n_beams``,
        ``mainlobe_to_sidelobe_ratio`` or delay range.
    TypeError
        ``sensing`` is not a :class:`~ofdmisac.waveforms.SensingGrid`.

    References
    ----------
    [BM] eq. (1)
    [BM] eq. (6)

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.waveforms import Carrier, SensingGrid
    >>> g = SensingGrid.from_carrier(Carrier(scs_khz=120, n_rb=4), fc_hz=28e9)
    >>> grids = np.ones((2, 48, 14), dtype=np.complex64)
    >>> synthesize_interference(grids, g, [100.0, 150.0], n_beams=8, rng=0).shape
    (48, 14)
    """
    check_instance("sensing", sensing, SensingGrid)
    fc_hz = sensing.fc_hz
    x = check_complex_array("interferer_grids", interferer_grids)
    dtype = (np.result_type(x.dtype, np.complex64) if dtype is None
             else check_dtype("dtype", dtype))
    tx_power = check_real("tx_power", tx_power, minimum=0.0)
    g_ml = check_real("g_ml", g_ml, minimum=0.0)
    check_array("path_loss_exponent", path_loss_exponent, minimum=0.0)
    delays = check_array("delay_range_s", delay_range_s, minimum=0.0)
    if delays.shape != (2,) or delays[0] > delays[1]:
        fail("delay_range_s", delay_range_s, "use (low, high) with 0 <= low <= high")
    check_bytes("interferer_grids", interferer_grids, 3 * x.size * 16.0,
                advice="synthesize fewer interferers or a smaller batch per call")
    if x.ndim < 3 or x.shape[-2:] != sensing.shape:
        fail("interferer_grids", interferer_grids, "use grids of shape [n_interferers, ..., "
             f"{sensing.n_subcarriers}, {sensing.n_symbols}] (got shape {x.shape})")
    n_i = x.shape[0]
    d = check_array("distances_m", distances_m, minimum=0.0, strict_min=True)
    if d.shape != (n_i,):
        raise ValueError(f"distances_m has shape {d.shape}; expected ({n_i},), one per "
                         "interferer")
    rho = _check_beams(n_beams, mainlobe_to_sidelobe_ratio)
    lo, hi = (float(v) for v in delays)
    alpha = np.asarray(path_loss_exponent, dtype=float)
    if alpha.ndim and alpha.shape != (n_i,):
        raise ValueError(f"path_loss_exponent has shape {alpha.shape}; expected a scalar or "
                         f"({n_i},)")
    loss = one_way_path_loss(d, fc_hz, path_loss_exponent)
    gen = as_generator(rng)
    batch = x.shape[1:-2]
    draw_shape = (n_i, *batch)
    mainlobe = gen.random(draw_shape) < 1.0 / n_beams**2
    gain = np.where(mainlobe, g_ml, g_ml / rho)
    fading = (gen.standard_normal(draw_shape) + 1j * gen.standard_normal(draw_shape)) \
        / np.sqrt(2.0)
    delay = lo + (hi - lo) * gen.random(draw_shape)
    expand = (n_i,) + (1,) * len(batch)
    amp = np.sqrt(tx_power * loss.reshape(expand) * gain) * fading
    f_k = sensing.subcarrier_frequencies_hz()
    ramp = np.exp(-2j * np.pi * delay[..., None] * f_k)  # [n_i, *batch, n_sc]
    y = np.sum(x * (amp[..., None] * ramp)[..., None], axis=0).astype(dtype)
    if return_draws:
        return y, InterferenceDraws(gain=gain, mainlobe=mainlobe, fading=fading, delay_s=delay)
    return y
