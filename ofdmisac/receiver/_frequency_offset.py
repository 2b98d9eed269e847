"""Carrier frequency offset: fractional part from the cyclic prefixes, integer part from the
PSS over candidate shifts, and its correction.

With a frequency offset ``f = (q + eps) scs`` the samples are ``y[n] = x[n] exp(j 2 pi f n /
f_s)``; the cyclic prefix repeats the symbol's last samples ``n_fft`` samples later, so
``gamma = sum_CP y[n + n_fft] conj(y[n]) = exp(j 2 pi (q + eps)) sum |x[n]|^2`` gives
``eps = arg(gamma) / (2 pi)`` in (-1/2, 1/2] (van de Beek et al.) over the CPs of the four
SS/PBCH symbols. After removing ``eps``, the PSS correlation at the detected timing over
candidate whole-subcarrier shifts picks ``q``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validation import check_array, check_instance, check_real, fail
from ..waveforms import Carrier
from ._common import _Shown, base_cp, check_samples
from ._pss_search import PssDetection, pss_reference

__all__ = ["CfoEstimate", "estimate_cfo", "correct_cfo"]


@dataclass(frozen=True, kw_only=True)
class CfoEstimate:
    """Result of :func:`estimate_cfo`: the carrier frequency offset and its quality.

    Parameters
    ----------
    cfo_hz : float
        Estimated offset ``(integer_offset + fractional_offset) scs`` in Hz.
    integer_offset : int
        Whole subcarriers ``q``.
    fractional_offset : float
        ``eps`` in subcarrier spacings, in (-1/2, 1/2].
    cp_correlation : float
        ``|gamma| / (sum over the CP pairs of (|y[n]|^2 + |y[n + n_fft]|^2) / 2)``, in
        [0, 1]: 1 without noise, ``SNR / (1 + SNR)`` for a time-domain SNR.
    integer_metrics : numpy.ndarray
        Normalised PSS correlation of each candidate shift (``candidates``).
    candidates : numpy.ndarray
        The integer shifts tried.
    scs_hz : float
        Subcarrier spacing.

    Raises
    ------
    TypeError
        A field given positionally or missing (dataclass constructor; not validated).

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.receiver import CfoEstimate
    >>> e = CfoEstimate(cfo_hz=63e3, integer_offset=2, fractional_offset=0.1,
    ...                 cp_correlation=0.9, integer_metrics=np.array([0.1, 0.8, 0.1]),
    ...                 candidates=np.array([1, 2, 3]), scs_hz=30e3)
    >>> round(e.cfo_scs, 3)
    2.1
    """

    cfo_hz: float
    integer_offset: int
    fractional_offset: float
    cp_correlation: float
    integer_metrics: np.ndarray
    candidates: np.ndarray
    scs_hz: float

    @property
    def cfo_scs(self) -> float:
        """Offset in subcarrier spacings, ``cfo_hz / scs_hz``."""
        return self.cfo_hz / self.scs_hz


def correct_cfo(samples, cfo_hz: float, *, sample_rate_hz: float) -> np.ndarray:
    """Remove a carrier frequency offset from samples

    The phase is referred to sample 0 and computed in float64 (exact for any length).

    Parameters
    ----------
    samples : array_like of complex, shape ``(n_samples,)``
        The recording.
    cfo_hz : float
        Offset to remove (Hz).
    sample_rate_hz : float
        Sample rate (> 0).

    Returns
    -------
    numpy.ndarray
        Corrected samples; complex64 unless the input is complex128.

    Raises
    ------
    ValueError
        If ``samples`` is not 1-D or an argument is not finite (or the rate not > 0).
    TypeError
        If an argument has the wrong kind.

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.receiver import correct_cfo
    >>> n = np.arange(8)
    >>> y = np.exp(2j * np.pi * 1e3 * n / 8e3)
    >>> bool(np.allclose(correct_cfo(y, 1e3, sample_rate_hz=8e3), 1))
    True
    """
    f = check_real("cfo_hz", cfo_hz)
    fs = check_real("sample_rate_hz", sample_rate_hz, minimum=0.0, strict_min=True)
    x = np.asarray(samples)
    if x.ndim != 1:
        fail("samples", _Shown(f"<array of shape {x.shape}>"), "use a 1-D array of IQ samples")
    dt = np.complex128 if x.dtype == np.complex128 else np.complex64
    cycles = np.mod(np.arange(x.size, dtype=np.float64) * (f / fs), 1.0)
    return (x * np.exp(-2j * np.pi * cycles)).astype(dt, copy=False)


def estimate_cfo(samples, carrier: Carrier, pss: PssDetection, *, integer_offsets=None,
                 ssb_first_subcarrier: int | None = None) -> CfoEstimate:
    """Estimate the carrier frequency offset at a detected PSS.

    Fractional part from the CP correlation of the four SS/PBCH symbols (module
    docstring; the two CP samples at the window edges are left out so that a timing error
    of one sample does not bias it), integer part from the PSS correlation at
    ``pss.fft_start_sample`` (and its two neighbours) after removing the fractional part.

    Parameters
    ----------
    samples : array_like of complex, shape ``(n_samples,)``
        The recording.
    carrier : Carrier
        The numerology.
    pss : PssDetection
        From :func:`pss_search` (timing and N_ID^(2)).
    integer_offsets : sequence of int, optional
        Candidate shifts ``q`` (default ``pss.integer_offset + (-1, 0, 1)``).
    ssb_first_subcarrier : int, optional
        Grid row of SSB subcarrier 0 (default centred).

    Returns
    -------
    CfoEstimate
        ``cfo_hz`` and the quality of both parts.

    Raises
    ------
    ValueError
        If the SS/PBCH block does not lie in the recording, or an argument is out of range.
    TypeError
        If ``pss`` is not a :class:`PssDetection` or an argument has the wrong kind.

    References
    ----------
    J.-J. van de Beek, M. Sandell, P. O. Borjesson, "ML estimation of time and frequency
    offset in OFDM systems", IEEE Trans. Signal Process. 45(7), 1997.

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.waveforms import Carrier, IsacFrame, IsacFrameConfig
    >>> from ofdmisac.receiver import correct_cfo, estimate_cfo, pss_search
    >>> c = Carrier(scs_khz=30, n_rb=24)
    >>> frame = IsacFrame(IsacFrameConfig(carrier=c, duration_s=1e-3, ssb_period_s=5e-3,
    ...                                   ssb_indices=(0,), n_id_cell=7, prs_duration_s=0.0))
    >>> x = correct_cfo(frame.waveform(rng=0), -2.3 * c.scs_hz, sample_rate_hz=c.sample_rate_hz)
    >>> d = pss_search(x, c, integer_offsets=range(-3, 4))
    >>> round(estimate_cfo(x, c, d).cfo_scs, 3)
    2.3
    """
    x = check_samples(samples, carrier)
    check_instance("pss", pss, PssDetection)
    n, cp = carrier.n_fft, base_cp(carrier)
    step = n + cp
    m0 = int(pss.fft_start_sample)
    starts = m0 + step * np.arange(4)
    if m0 < 0 or starts[-1] + n > x.size:
        fail("pss.fft_start_sample", m0, f"the SS/PBCH block must lie in the {x.size} samples")
    # CP samples of each symbol: [start - cp + 1, start - 1) paired with n samples later
    offs = np.arange(-cp + 1, -1)
    idx = (starts[:, None] + offs[None, :]).ravel()
    idx = idx[idx >= 0]
    if idx.size == 0:
        fail("pss.fft_start_sample", m0, "the cyclic prefixes of the block must be recorded")
    a = x[idx].astype(np.complex128)
    b = x[idx + n].astype(np.complex128)
    gamma = np.sum(b * np.conj(a))
    power = 0.5 * np.sum(np.abs(a) ** 2 + np.abs(b) ** 2)
    eps = float(np.angle(gamma) / (2 * np.pi))
    cp_corr = float(abs(gamma) / power) if power > 0 else 0.0
    if integer_offsets is None:
        cands = pss.integer_offset + np.arange(-1, 2)
    else:
        cands = check_array("integer_offsets", integer_offsets, integer=True).ravel()
        if cands.size == 0:
            fail("integer_offsets", integer_offsets, "use at least one shift")
    lo = max(0, m0 - 1)
    hi = min(x.size - n, m0 + 1)
    t = np.arange(lo, hi + 1)
    win = x[t[:, None] + np.arange(n)[None, :]].astype(np.complex128)
    win = win * np.exp(-2j * np.pi * eps * (t[:, None] + np.arange(n)[None, :]) / n)
    energy = np.sum(np.abs(win) ** 2, axis=1)
    metrics = np.empty(cands.size)
    for i, q in enumerate(cands.tolist()):
        r = pss_reference(carrier, pss.n_id2, integer_offset=q,
                          ssb_first_subcarrier=ssb_first_subcarrier)
        rho = np.abs(win @ np.conj(r)) ** 2 / (127.0 * np.maximum(energy, 1e-300))
        metrics[i] = rho.max()
    q = int(cands[int(np.argmax(metrics))])
    return CfoEstimate(cfo_hz=(q + eps) * carrier.scs_hz, integer_offset=q,
                       fractional_offset=eps, cp_correlation=cp_corr, integer_metrics=metrics,
                       candidates=np.asarray(cands), scs_hz=carrier.scs_hz)
