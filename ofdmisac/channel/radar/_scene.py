"""Scene-level helpers: thermal noise and exact per-RE SCIR scaling."""

from __future__ import annotations

import numpy as np

from ..._random import as_generator
from ..._validation import check_bytes, check_complex_array, check_real, fail

__all__ = ["add_noise", "per_re_ratio", "scale_scene_to_scir", "scale_to_scir"]


def add_noise(grid, noise_power, rng=None):
    """Add complex white Gaussian noise to a resource grid.

    The noise has variance ``noise_power`` per RE (N0, docs/conventions.md).

    Parameters
    ----------
    grid : array_like, shape (..., n_subcarriers, n_symbols)
        Grid to add the noise to (any shape; complex keeps its dtype).
    noise_power : float
        Noise variance per RE, finite and >= 0.
    rng : numpy.random.Generator, int, SeedSequence or None
        Random source (None: fresh entropy).

    Returns
    -------
    numpy.ndarray
        ``grid`` plus noise, same shape; the dtype of a complex ``grid``, else complex64.

    Raises
    ------
    ValueError
        If ``noise_power`` is not finite or < 0.

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.channel import add_noise
    >>> y = add_noise(np.zeros((64, 64), np.complex64), 2.0, rng=0)
    >>> y.dtype, round(float(np.mean(abs(y) ** 2)), 1)
    (dtype('complex64'), 2.0)
    """
    noise_power = check_real("noise_power", noise_power, minimum=0.0)
    grid = check_complex_array("grid", grid)
    check_bytes("grid", grid, 32.0 * grid.size, advice="add the noise to smaller batches")
    gen = as_generator(rng)
    w = gen.standard_normal((*grid.shape, 2)) * np.sqrt(noise_power / 2.0)
    return (grid + (w[..., 0] + 1j * w[..., 1])).astype(grid.dtype if np.iscomplexobj(grid)
                                                          else np.complex64)


def per_re_ratio(signal, disturbance):
    """Realized per-RE power ratio of a signal and a disturbance grid.

    ``mean |S|^2 / mean |D|^2`` over the last two axes.

    Parameters
    ----------
    signal : array_like, shape (..., n_subcarriers, n_symbols)
        Signal grid ``S``.
    disturbance : array_like, shape (..., n_subcarriers, n_symbols)
        Disturbance grid ``D`` (clutter, interference or noise).

    Returns
    -------
    numpy.ndarray or float
        Linear ratio per batch element, shape ``(...)``.

    Raises
    ------
    ValueError
        If a disturbance has zero power.

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.channel import per_re_ratio
    >>> float(per_re_ratio(np.full((4, 4), 2.0), np.ones((4, 4))))
    4.0
    """
    signal = _check_scene_grid("signal", signal)
    disturbance = _check_scene_grid("disturbance", disturbance)
    p_s = np.mean(np.abs(signal) ** 2, axis=(-2, -1))
    p_d = np.mean(np.abs(disturbance) ** 2, axis=(-2, -1))
    if np.any(p_d == 0):
        raise ValueError("disturbance has zero power: the ratio is undefined")
    return p_s / p_d


def scale_to_scir(signal, clutter_plus_interference, scir):
    """Scale a clutter-plus-interference grid to a given per-RE SCIR.

    Afterwards the realized per-RE SCIR equals ``scir``.

    The ratio of [BM] eq. (7) realized on the grid.

    Parameters
    ----------
    signal : array_like, shape (..., n_subcarriers, n_symbols)
        Target echo grid.
    clutter_plus_interference : array_like, shape (..., n_subcarriers, n_symbols)
        Disturbance grid to scale (clutter plus interference).
    scir : float
        Target SCIR, linear, finite and > 0.

    Returns
    -------
    numpy.ndarray
        The scaled disturbance, same shape and dtype as ``clutter_plus_interference``.

    Raises
    ------
    ValueError
        If ``scir`` is not finite and > 0 or the disturbance has zero power (no clutter
        and no interference).

    References
    ----------
    [BM] eq. (7)

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.channel import per_re_ratio, scale_to_scir
    >>> s, d = np.ones((4, 4)), np.full((4, 4), 0.1)
    >>> round(float(per_re_ratio(s, scale_to_scir(s, d, 10.0))), 6)
    10.0
    """
    scir = check_real("scir", scir, minimum=0.0, strict_min=True)
    signal = _check_scene_grid("signal", signal)
    d = _check_scene_grid("clutter_plus_interference", clutter_plus_interference)
    p_d = np.mean(np.abs(d) ** 2, axis=(-2, -1))
    if np.any(p_d == 0):
        raise ValueError("SCIR requested for a scene with no clutter and no interference")
    ratio = per_re_ratio(signal, d)
    return (d * np.sqrt(ratio / scir)[..., None, None]).astype(d.dtype)


def scale_scene_to_scir(signal, scir, *, clutter=None, interference=None):
    """Scale clutter and interference together to a given per-RE SCIR.

    Afterwards the realized per-RE SCIR equals ``scir``.

    The SCIR of [BM] eq. (7) realized on the grid: one common factor ``c`` (per batch element) is
    applied to both disturbances, keeping their ratio, so that
    ``mean |S|^2 / mean |c (C + I)|^2 = scir`` over the last two axes.

    Parameters
    ----------
    signal : array_like
        ``[..., n_subcarriers, n_symbols]`` target echo.
    scir : float
        Linear SCIR (> 0).
    clutter, interference : array_like, optional
        Grids of the same shape; at least one must be given with non-zero power.

    Returns
    -------
    clutter, interference : numpy.ndarray or None
        The scaled grids (None where not given), same dtypes.

    Raises
    ------
    ValueError
        Both absent or of zero power ("SCIR requested for a scene with no clutter and no
        interference"), shapes that differ, ``scir`` not > 0.

    References
    ----------
    [BM] eq. (7)

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.channel import scale_scene_to_scir
    >>> c, i = scale_scene_to_scir(np.ones((4, 4)), 100.0, clutter=np.ones((4, 4)),
    ...                            interference=np.ones((4, 4)))
    >>> round(float(np.mean(abs(c + i) ** 2)), 6)
    0.01
    """
    scir = check_real("scir", scir, minimum=0.0, strict_min=True)
    s = _check_scene_grid("signal", signal)
    clutter = None if clutter is None else _check_scene_grid("clutter", clutter)
    interference = (None if interference is None
                    else _check_scene_grid("interference", interference))
    parts = [p for p in (clutter, interference) if p is not None]
    if not parts:
        raise ValueError("SCIR requested for a scene with no clutter and no interference")
    for p in parts:
        if np.shape(p) != s.shape:
            raise ValueError(f"clutter/interference shape {np.shape(p)} does not match the "
                             f"signal shape {s.shape}")
    total = sum(np.asarray(p) for p in parts)
    scaled_total = scale_to_scir(s, total, scir)
    p_t = np.mean(np.abs(total) ** 2, axis=(-2, -1))
    p_scaled = np.mean(np.abs(scaled_total) ** 2, axis=(-2, -1))
    factor = np.sqrt(p_scaled / p_t)[..., None, None]
    return tuple(None if p is None else (np.asarray(p) * factor).astype(np.asarray(p).dtype)
                 for p in (clutter, interference))


def _check_scene_grid(name, value) -> np.ndarray:
    """A finite grid ``[..., n_subcarriers, n_symbols]`` (at least 2-D, not empty)."""
    grid = check_complex_array(name, value, min_ndim=2)
    if grid.size == 0:
        fail(name, value, f"use a non-empty grid (got shape {grid.shape})")
    return grid
