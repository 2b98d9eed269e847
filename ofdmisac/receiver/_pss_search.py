"""PSS search: timing, N_ID^(2) and coarse integer frequency offset (TS 38.211 7.4.2.2).

The received samples are correlated with the time-domain PSS of each N_ID^(2) (the
127-subcarrier PSS at its place in the carrier, unitary IDFT, useful part only), optionally
shifted by whole subcarriers, at every sample. The statistic of a timing hypothesis ``m``
is the normalised correlation

    rho[m] = |sum_n y[m + n] conj(r[n])|^2 / (sum_n |y[m + n]|^2 sum_n |r[n]|^2),

``n = 0 .. n_fft - 1``, in [0, 1]. On complex white Gaussian noise ``y / ||y||`` is uniform
on the unit sphere of C^N, so ``rho`` is Beta(1, N - 1) distributed for any fixed ``r``:
``P(rho > t) = (1 - t)^(N-1)``, and the threshold for a false-alarm probability ``p`` per
tested cell (one timing, one N_ID^(2), one frequency shift) is ``t = 1 - p^(1/(N-1))``
(exact, independent of the noise power).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import signal as _signal

from .._validation import check_array, check_probability, fail
from ..waveforms import Carrier, pss
from ._common import PSS_ROWS, base_cp, check_samples, ssb_bins, ssb_first_row

__all__ = ["PssDetection", "pss_threshold", "pss_reference", "pss_search"]


def pss_threshold(false_alarm_probability: float, n_fft: int) -> float:
    """Threshold of the normalised PSS correlation for a false-alarm probability

    ``t = 1 - p^(1/(N-1))`` with ``N = n_fft``: on white Gaussian noise the statistic is
    Beta(1, N - 1), so ``P(rho > t) = p`` per tested cell.

    Parameters
    ----------
    false_alarm_probability : float
        ``p`` per tested cell, in (0, 1).
    n_fft : int
        Correlation length ``N`` (the FFT size), >= 2.

    Returns
    -------
    float
        The threshold ``t`` in (0, 1).

    Raises
    ------
    ValueError
        If ``false_alarm_probability`` is not in (0, 1) or ``n_fft < 2``.
    TypeError
        If an argument has the wrong kind.

    Examples
    --------
    >>> from ofdmisac.receiver import pss_threshold
    >>> round(pss_threshold(1e-3, 512), 5)
    0.01343
    """
    p = float(check_probability("false_alarm_probability", false_alarm_probability,
                                open_interval=True))
    n = int(check_array("n_fft", n_fft, minimum=2, integer=True))
    return float(-np.expm1(np.log(p) / (n - 1)))


def pss_reference(carrier: Carrier, n_id2: int, *, integer_offset: int = 0,
                  ssb_first_subcarrier: int | None = None) -> np.ndarray:
    """Time-domain PSS of N_ID^(2) at its place in the carrier (useful part)

    Parameters
    ----------
    carrier : Carrier
        The carrier (FFT size, grid size).
    n_id2 : {0, 1, 2}
        N_ID^(2).
    integer_offset : int
        Frequency shift in whole subcarriers (``r[n] exp(j 2 pi q n / n_fft)``).
    ssb_first_subcarrier : int, optional
        Grid row of SSB subcarrier 0 (default: the 20 RB centred on whole RBs, as
        :class:`~ofdmisac.waveforms.IsacFrameConfig`).

    Returns
    -------
    numpy.ndarray
        complex128 ``[n_fft]`` of energy 127.

    Raises
    ------
    ValueError
        If ``n_id2`` is not 0, 1 or 2 or the SSB does not fit in the carrier.
    TypeError
        If an argument has the wrong kind.

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.waveforms import Carrier
    >>> from ofdmisac.receiver import pss_reference
    >>> r = pss_reference(Carrier(scs_khz=30, n_rb=24), 1)
    >>> r.shape, round(float(np.sum(abs(r) ** 2)), 6)
    ((512,), 127.0)
    """
    n_id2 = int(check_array("n_id2", n_id2, minimum=0, maximum=2, integer=True))
    q = int(check_array("integer_offset", integer_offset, integer=True))
    first = ssb_first_row(carrier, ssb_first_subcarrier)
    spectrum = np.zeros(carrier.n_fft, dtype=np.complex128)
    spectrum[ssb_bins(carrier, first)[PSS_ROWS]] = pss(n_id2)
    r = np.fft.ifft(spectrum, norm="ortho")
    if q:
        r = r * np.exp(2j * np.pi * q * np.arange(carrier.n_fft) / carrier.n_fft)
    return r


@dataclass(frozen=True, kw_only=True)
class PssDetection:
    """Result of :func:`pss_search`: timing, N_ID^(2), frequency shift, quality

    Parameters
    ----------
    detected : bool
        ``metric > threshold``.
    fft_start_sample : int
        First sample of the DFT window (useful part, after the CP) of the PSS symbol.
    n_id2 : int
        N_ID^(2) of the peak.
    integer_offset : int
        Frequency shift (whole subcarriers) of the peak's reference.
    metric : float
        Normalised correlation ``rho`` at the peak, in [0, 1].
    metrics_n_id2 : numpy.ndarray
        ``[3]`` ``rho`` of the three N_ID^(2) at the peak's timing and shift.
    threshold : float
        Detection threshold (:func:`pss_threshold`).
    false_alarm_probability : float
        Design false-alarm probability per tested cell.
    n_cells : int
        Number of tested cells (timings x 3 x shifts).
    statistic : numpy.ndarray, optional
        float64 ``rho`` maximised over N_ID^(2) and shifts at each tested timing
        ``statistic_start, statistic_start + 1, ...`` (default empty).
    statistic_start : int
        Sample of the first entry of ``statistic`` (default 0).

    Raises
    ------
    TypeError
        A field given positionally or missing (dataclass constructor; not validated).

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.receiver import PssDetection
    >>> d = PssDetection(detected=True, fft_start_sample=10, n_id2=1, integer_offset=0,
    ...                  metric=0.5, metrics_n_id2=np.array([0.0, 0.5, 0.0]), threshold=0.01,
    ...                  false_alarm_probability=1e-3, n_cells=3000)
    >>> round(d.margin_db, 1)
    17.0
    """

    detected: bool
    fft_start_sample: int
    n_id2: int
    integer_offset: int
    metric: float
    metrics_n_id2: np.ndarray
    threshold: float
    false_alarm_probability: float
    n_cells: int
    statistic: np.ndarray = field(default_factory=lambda: np.zeros(0))
    statistic_start: int = 0

    @property
    def margin_db(self) -> float:
        """``10 log10(metric / threshold)``: > 0 when detected."""
        return float(10 * np.log10(max(self.metric, 1e-300) / self.threshold))


def _sliding_energy(x: np.ndarray, n: int) -> np.ndarray:
    c = np.concatenate(([0.0], np.cumsum(np.abs(x.astype(np.complex128)) ** 2)))
    return c[n:] - c[:-n]


def pss_statistic(x: np.ndarray, reference: np.ndarray, energy: np.ndarray) -> np.ndarray:
    """``rho[m]`` for every timing ``m = 0 .. len(x) - n_fft`` (FFT correlation)."""
    corr = _signal.oaconvolve(x, np.conj(reference[::-1]), mode="valid")
    den = energy * float(np.sum(np.abs(reference) ** 2))
    with np.errstate(invalid="ignore", divide="ignore"):
        rho = np.abs(corr) ** 2 / den
    return np.where(den > 0, rho, 0.0)


def pss_search(samples, carrier: Carrier, *, false_alarm_probability: float = 1e-4,
               integer_offsets=(0,), ssb_first_subcarrier: int | None = None,
               search_window=None) -> PssDetection:
    """Search a recording for the PSS: timing, N_ID^(2), integer frequency shift

    Every timing ``m``, N_ID^(2) and shift in ``integer_offsets`` is one cell tested with
    the normalised correlation of the module docstring; the result is the cell with the
    largest statistic and ``detected`` says whether it exceeds the threshold of the
    false-alarm probability per cell (:func:`pss_threshold`; the probability of at least one
    false alarm in a search of ``n_cells`` cells is at most ``n_cells`` times it). A
    fractional frequency offset ``eps`` (in subcarrier spacings) reduces the statistic by
    ``(sin(pi eps) / (N sin(pi eps / N)))^2`` (-2.4 dB at 0.4); searching integer shifts
    covers larger offsets.

    Parameters
    ----------
    samples : array_like of complex, shape ``(n_samples,)``
        The recording at ``carrier.sample_rate_hz``; at least one SS/PBCH block long.
    carrier : Carrier
        The numerology (FFT size, grid size).
    false_alarm_probability : float
        Design false-alarm probability per tested cell, in (0, 1) (default 1e-4).
    integer_offsets : sequence of int
        Frequency shifts (whole subcarriers) to search (default ``(0,)``).
    ssb_first_subcarrier : int, optional
        Grid row of SSB subcarrier 0 (default centred, see :func:`pss_reference`).
    search_window : (int, int), optional
        Search only DFT-window starts ``start <= m < stop`` (default: every timing whose
        whole SS/PBCH block lies in the recording).

    Returns
    -------
    PssDetection
        The strongest cell and its quality.

    Raises
    ------
    ValueError
        If the recording is shorter than one SS/PBCH block, not 1-D or not finite, or an
        argument is out of range.
    TypeError
        If an argument has the wrong kind.

    References
    ----------
    3GPP TS 38.211, clauses 7.4.2.2 and 7.4.3.1.

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.waveforms import Carrier, IsacFrame, IsacFrameConfig
    >>> from ofdmisac.receiver import pss_search
    >>> c = Carrier(scs_khz=30, n_rb=24)
    >>> frame = IsacFrame(IsacFrameConfig(carrier=c, duration_s=1e-3, ssb_period_s=5e-3,
    ...                                   ssb_indices=(0,), n_id_cell=7, prs_duration_s=0.0))
    >>> x = np.concatenate([np.zeros(100, np.complex64), frame.waveform(rng=0)])
    >>> d = pss_search(x, c)
    >>> d.detected, d.n_id2, d.fft_start_sample - 100  # symbol 2: CPs 44 + 36 + 36
    (True, 1, 1140)
    """
    x = check_samples(samples, carrier)
    p = float(check_probability("false_alarm_probability", false_alarm_probability,
                                open_interval=True))
    offsets = check_array("integer_offsets", integer_offsets, integer=True).ravel()
    if offsets.size == 0:
        fail("integer_offsets", integer_offsets, "use at least one shift")
    n = carrier.n_fft
    # timings whose whole SS/PBCH block (PSS and the 3 symbols after it) lies in the samples
    lo, hi = 0, x.size - (3 * (n + base_cp(carrier)) + n) + 1
    if search_window is not None:
        w = check_array("search_window", search_window, minimum=0, integer=True).ravel()
        if w.size != 2 or not w[0] < w[1]:
            fail("search_window", search_window, "use (start, stop) with start < stop")
        lo, hi = int(w[0]), int(min(w[1], hi))
        if lo >= hi:
            fail("search_window", search_window, f"it must overlap 0..{hi - 1}")
    seg = x[lo:hi + n - 1]
    energy = _sliding_energy(seg, n)
    best = np.full(hi - lo, -1.0)
    which = np.zeros((hi - lo, 2), dtype=np.int64)
    for qi, q in enumerate(offsets.tolist()):  # a few references: 3 x len(offsets)
        for n_id2 in range(3):
            rho = pss_statistic(seg, pss_reference(carrier, n_id2, integer_offset=q,
                                                   ssb_first_subcarrier=ssb_first_subcarrier),
                                energy)
            better = rho > best
            best[better] = rho[better]
            which[better] = (n_id2, qi)
    m = int(np.argmax(best))
    n_id2, qi = (int(v) for v in which[m])
    q = int(offsets[qi])
    seg_m = seg[m:m + n]
    e = float(energy[m])
    metrics = np.array([float(np.abs(np.vdot(pss_reference(
        carrier, i, integer_offset=q, ssb_first_subcarrier=ssb_first_subcarrier), seg_m)) ** 2
        / (127.0 * e)) if e > 0 else 0.0 for i in range(3)])
    threshold = pss_threshold(p, n)
    return PssDetection(detected=bool(best[m] > threshold), fft_start_sample=lo + m,
                        n_id2=n_id2, integer_offset=q, metric=float(best[m]),
                        metrics_n_id2=metrics, threshold=threshold,
                        false_alarm_probability=p, n_cells=int(best.size * 3 * offsets.size),
                        statistic=best, statistic_start=lo)
