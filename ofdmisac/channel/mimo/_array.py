"""Half-wavelength uniform linear array (ULA) steering vectors.

The element spacing is half a wavelength, so element ``n`` (0-based) of the steering
vector towards the angle ``theta`` (radians from broadside) is ``exp(j pi n sin theta)``,
as in [CC] section 2. The derivative with respect to ``theta`` is the vector called
``a_check`` in [CC] section 4 (the FIM entries below [CC] eq. (18)).
"""

from __future__ import annotations

import numpy as np

from ..._validation import check_array, check_dtype, check_int

__all__ = ["steering_vector", "steering_vector_derivative"]


def _check_n_antennas(n_antennas: int) -> int:
    """Validate an antenna count and return it as ``int``.

    Raises
    ------
    TypeError
        If ``n_antennas`` is not an integer.
    ValueError
        If ``n_antennas`` is outside ``1..MAX_ANTENNAS`` (2**20: a bound far above any
        array and a size guard for the vectors).
    """
    return check_int("n_antennas", n_antennas, minimum=1, maximum=MAX_ANTENNAS)


MAX_ANTENNAS = 2**20


def steering_vector(theta_rad, n_antennas: int, *, dtype=np.complex128) -> np.ndarray:
    """Steering vector of a half-wavelength uniform linear array.

    Implements ``a_N(theta) = [1, e^{j pi sin theta}, ..., e^{j pi (N-1) sin theta}]^T``
    of [CC] section 2 (unit-modulus entries, ``||a_N||^2 = N``).

    Parameters
    ----------
    theta_rad : array_like, shape (...)
        Angles from broadside in radians; any batch shape.
    n_antennas : int
        Number of elements ``N >= 1``.
    dtype : {complex128, complex64}, optional
        Output dtype (default complex128).

    Returns
    -------
    numpy.ndarray
        Shape ``(..., N)``, complex of ``dtype``: one steering vector per angle along the last axis.

    Raises
    ------
    TypeError
        If ``theta_rad`` is not real numbers, ``n_antennas`` not an integer or ``dtype``
        not a dtype.
    ValueError
        If an angle is NaN or infinite, ``n_antennas < 1`` or ``dtype`` is not complex64 or
        complex128.

    Examples
    --------
    >>> from ofdmisac.channel import steering_vector
    >>> steering_vector(0.0, 3)
    array([1.+0.j, 1.+0.j, 1.+0.j])
    """
    n = _check_n_antennas(n_antennas)
    dtype = check_dtype("dtype", dtype)
    theta = check_array("theta_rad", theta_rad)
    if n <= 8:
        phase = np.pi * np.sin(theta)[..., None] * np.arange(n)
        return np.exp(1j * phase).astype(dtype, copy=False)
    # exp(j pi n s) = (exp(j pi 8 s))^(n // 8) * exp(j pi (n % 8) s): 8 exponentials and
    # a cumulative product over blocks of 8 (relative error ~ (N / 8) * 1e-16)
    s = np.sin(theta)[..., None]
    head = np.exp(1j * np.pi * s * np.arange(8))  # (..., 8)
    n_blocks = -(-n // 8)
    step = np.broadcast_to(np.exp(8j * np.pi * s), (*theta.shape, n_blocks)).copy()
    step[..., 0] = 1.0
    blocks = np.cumprod(step, axis=-1)  # (..., n_blocks)
    out = (blocks[..., :, None] * head[..., None, :]).reshape(*theta.shape, n_blocks * 8)
    return out[..., :n].astype(dtype, copy=False)


def steering_vector_derivative(theta_rad, n_antennas: int, *, dtype=np.complex128) -> np.ndarray:
    """Derivative of the ULA steering vector with respect to the angle.

    ``d a_N(theta) / d theta``.

    Implements ``a_check_N(theta) = [0, j pi cos(theta) e^{j pi sin theta}, ...,
    j pi (N-1) cos(theta) e^{j pi (N-1) sin theta}]^T`` of [CC] section 4 (the FIM entries
    below [CC] eq. (18)).

    Parameters
    ----------
    theta_rad : array_like, shape (...)
        Angles in radians.
    n_antennas : int
        Number of elements ``N >= 1``.
    dtype : {complex128, complex64}, optional
        Output dtype (default complex128).

    Returns
    -------
    numpy.ndarray
        One derivative vector per angle, shape ``(..., N)``, complex of ``dtype``.

    Raises
    ------
    TypeError
        As :func:`steering_vector`.
    ValueError
        As :func:`steering_vector`.

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.channel import steering_vector_derivative
    >>> np.round(steering_vector_derivative(0.0, 2), 6)
    array([0.+0.j      , 0.+3.141593j])
    """
    n = _check_n_antennas(n_antennas)
    dtype = check_dtype("dtype", dtype)
    theta = check_array("theta_rad", theta_rad)
    idx = np.arange(n)
    a = steering_vector(theta, n)
    out = (1j * np.pi * np.cos(theta)[..., None]) * idx * a
    return out.astype(dtype, copy=False)
