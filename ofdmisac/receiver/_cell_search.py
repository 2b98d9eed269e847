"""Cell search on a synchronised SS/PBCH block: SSS (N_ID^(1), the cell ID, fine frequency
offset, fractional timing) and PBCH DM-RS (i_SSB, half-frame bit) (TS 38.211 7.4.2.3,
7.4.1.4.1, 7.4.3.1).

The PSS symbol's DFT gives the channel on the 127 sync subcarriers, ``H[k] = Y_PSS[k]
d_PSS[k]``; the SSS symbol two symbols later gives ``z[k] = Y_SSS[k] conj(H[k]) ~ |h|^2
d_SSS[k] exp(j theta)``, where ``theta = 2 pi eps 2 (n_fft + N_CP) / n_fft`` is the phase a
residual frequency offset ``eps`` (subcarrier spacings) adds over two symbols. The SSS of
N_ID^(1) maximising ``|sum_k z[k] d_SSS[k]|`` is the detection; the phase of that sum gives
``eps``, and the phase slope of ``H`` over the subcarriers the fractional timing. The PBCH
DM-RS (symbols 1-3) are then equalised with this channel and correlated with the eight
DM-RS sequences ``i_SSB_bar = 0 .. 7`` of the cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .._validation import check_choice, check_instance, check_int, fail
from ..waveforms import Carrier, SsbChannel, pbch_dmrs, pss, ssb_channel_map, ssb_start_symbols, sss
from ._common import PSS_ROWS, base_cp, block_symbols, check_samples, ssb_first_row
from ._pss_search import PssDetection

__all__ = ["SssDetection", "detect_sss", "PbchDmrsDetection", "detect_pbch_dmrs"]

_CASE_OF_SCS = {15: "A", 30: "C", 120: "D", 240: "E", 480: "F", 960: "G"}


@dataclass(frozen=True, kw_only=True)
class SssDetection:
    """Result of :func:`detect_sss`: cell ID, fine frequency offset and timing

    Parameters
    ----------
    n_id_cell : int
        ``3 N_ID^(1) + N_ID^(2)``.
    n_id1 : int
        N_ID^(1), 0..335.
    metric : float
        ``|sum z d_SSS| / sum |z|`` of the detected N_ID^(1), in [0, 1].
    second_metric : float
        The same for the runner-up N_ID^(1).
    residual_cfo_hz : float
        Frequency offset left in the samples (Hz), from the PSS-SSS phase.
    timing_offset_samples : float
        Fractional timing: the signal's PSS DFT window starts at ``fft_start_sample +
        timing_offset_samples`` (from the phase slope of the PSS/SSS channel over the
        subcarriers, maximum-likelihood for a flat channel).
    pss_snr_db : float
        SNR per RE on the sync subcarriers estimated from the PSS and SSS channel estimates.
    metrics : numpy.ndarray, optional
        ``[336]`` normalised correlation of every N_ID^(1) (default empty).

    Raises
    ------
    TypeError
        A field given positionally or missing (dataclass constructor; not validated).

    Examples
    --------
    >>> from ofdmisac.receiver import SssDetection
    >>> SssDetection(n_id_cell=7, n_id1=2, metric=0.9, second_metric=0.1, residual_cfo_hz=1.0,
    ...              timing_offset_samples=0.2, pss_snr_db=10.0).n_id2
    1
    """

    n_id_cell: int
    n_id1: int
    metric: float
    second_metric: float
    residual_cfo_hz: float
    timing_offset_samples: float
    pss_snr_db: float
    metrics: np.ndarray = field(default_factory=lambda: np.zeros(0))

    @property
    def n_id2(self) -> int:
        """N_ID^(2) = ``n_id_cell mod 3``."""
        return self.n_id_cell % 3


_SLOPE_FFT = 8192


def _phase_slope(h: np.ndarray) -> float:
    """ML phase slope (radians per subcarrier) of ``h[k] ~ a exp(j s k)``: the peak of the
    zero-padded DFT of ``h``, refined by a parabola through the peak and its neighbours."""
    spec = np.abs(np.fft.fft(h, _SLOPE_FFT))
    i = int(np.argmax(spec))
    a, b, c = spec[(i - 1) % _SLOPE_FFT], spec[i], spec[(i + 1) % _SLOPE_FFT]
    den = a - 2 * b + c
    delta = 0.5 * (a - c) / den if den != 0 else 0.0
    freq = (i + delta) / _SLOPE_FFT
    freq = freq - 1 if freq > 0.5 else freq
    return float(2 * np.pi * freq)  # h exp(-j 2 pi f k) sums coherently at f = s / (2 pi)


def detect_sss(samples, carrier: Carrier, pss_detection: PssDetection, *,
               ssb_first_subcarrier: int | None = None) -> SssDetection:
    """Detect the SSS of a synchronised SS/PBCH block: the cell ID.

    See the module docstring. The samples should be frequency-corrected
    (:func:`correct_cfo` with :func:`estimate_cfo`); the residual offset is measured.

    Parameters
    ----------
    samples : array_like of complex, shape ``(n_samples,)``
        The recording (frequency offset removed).
    carrier : Carrier
        The numerology.
    pss_detection : PssDetection
        Timing and N_ID^(2) from :func:`pss_search`.
    ssb_first_subcarrier : int, optional
        Grid row of SSB subcarrier 0 (default centred).

    Returns
    -------
    SssDetection
        Cell ID and quality, fine frequency offset and timing.

    Raises
    ------
    ValueError
        If the block does not lie in the recording.
    TypeError
        If an argument has the wrong kind.

    References
    ----------
    3GPP TS 38.211, clauses 7.4.2.2, 7.4.2.3 and 7.4.3.1.

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.waveforms import Carrier, IsacFrame, IsacFrameConfig
    >>> from ofdmisac.receiver import detect_sss, pss_search
    >>> c = Carrier(scs_khz=30, n_rb=24)
    >>> frame = IsacFrame(IsacFrameConfig(carrier=c, duration_s=1e-3, ssb_period_s=5e-3,
    ...                                   ssb_indices=(0,), n_id_cell=601, prs_duration_s=0.0))
    >>> x = frame.waveform(rng=0)
    >>> detect_sss(x, c, pss_search(x, c)).n_id_cell
    601
    """
    x = check_samples(samples, carrier)
    check_instance("pss_detection", pss_detection, PssDetection)
    first = ssb_first_row(carrier, ssb_first_subcarrier)
    spectra = block_symbols(x, carrier, int(pss_detection.fft_start_sample), first, (0, 2))
    n2 = pss_detection.n_id2
    h = spectra[0, PSS_ROWS] * pss(n2)
    z = spectra[1, PSS_ROWS] * np.conj(h)
    table = sss(3 * np.arange(336) + n2)  # [336, 127]
    c = table @ z
    mag = np.abs(c)
    order = np.argsort(mag)[::-1]
    n1 = int(order[0])
    total = float(np.sum(np.abs(z)))
    n, cp = carrier.n_fft, base_cp(carrier)
    theta = float(np.angle(c[n1]))
    eps = theta / (2 * np.pi * 2 * (n + cp) / n)
    h_sss = spectra[1, PSS_ROWS] * table[n1] * np.exp(-1j * theta)
    slope = _phase_slope(h + h_sss)  # radians per subcarrier
    timing = -slope * n / (2 * np.pi)
    # SNR on the sync REs: signal |h|^2 from the coherent PSS/SSS average, noise from the rest
    both = np.concatenate([h, h_sss]) * np.tile(np.exp(-1j * slope * np.arange(127)), 2)
    signal = abs(np.mean(both)) ** 2
    noise = max(float(np.mean(np.abs(both - np.mean(both)) ** 2)), 1e-300)
    return SssDetection(n_id_cell=3 * n1 + n2, n_id1=n1,
                        metric=float(mag[n1] / total) if total > 0 else 0.0,
                        second_metric=float(mag[order[1]] / total) if total > 0 else 0.0,
                        residual_cfo_hz=eps * carrier.scs_hz, timing_offset_samples=timing,
                        pss_snr_db=float(10 * np.log10(max(signal, 1e-300) / noise)),
                        metrics=mag / total if total > 0 else np.zeros(336))


@dataclass(frozen=True, kw_only=True)
class PbchDmrsDetection:
    """Result of :func:`detect_pbch_dmrs`: block index, half frame and frame timing.

    Parameters
    ----------
    i_ssb_bar : int
        Detected i_SSB_bar, 0..7 (TS 38.211 7.4.1.4.1).
    i_ssb : int
        Candidate index: ``i_ssb_bar mod 4`` for L_max = 4, ``i_ssb_bar`` for L_max = 8;
        for L_max = 64 only its three LSBs (the rest is in the PBCH payload).
    half_frame : int or None
        n_hf for L_max = 4 (``i_ssb_bar // 4``); None otherwise (not in the DM-RS).
    metric : float
        Normalised correlation of the detected sequence, in [0, 1].
    metrics : numpy.ndarray
        ``[8]`` normalised correlation of every i_SSB_bar.
    residual_cfo_hz : float
        Frequency offset left in the samples (Hz), re-estimated from the phase progression
        over the block's four symbols of all its known REs (PSS, SSS, DM-RS): the fine
        estimate that replaces ``sss_detection.residual_cfo_hz``.
    half_frame_start_sample : int
        First sample of the half frame that holds the block (block start symbol from
        TS 38.213 4.1), in the recording's sample index.
    frame_start_sample : int
        ``half_frame_start_sample`` minus one half frame when ``half_frame == 1``.

    Raises
    ------
    TypeError
        A field given positionally or missing (dataclass constructor; not validated).

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.receiver import PbchDmrsDetection
    >>> PbchDmrsDetection(i_ssb_bar=5, i_ssb=1, half_frame=1, metric=0.9,
    ...                   metrics=np.zeros(8), residual_cfo_hz=0.0,
    ...                   half_frame_start_sample=76800,
    ...                   frame_start_sample=0).i_ssb
    1
    """

    i_ssb_bar: int
    i_ssb: int
    half_frame: int | None
    metric: float
    metrics: np.ndarray
    residual_cfo_hz: float
    half_frame_start_sample: int
    frame_start_sample: int


def detect_pbch_dmrs(samples, carrier: Carrier, pss_detection: PssDetection,
                     sss_detection: SssDetection, *, l_max: int = 8, case: str | None = None,
                     ssb_first_subcarrier: int | None = None) -> PbchDmrsDetection:
    """Detect the PBCH DM-RS of a synchronised block: i_SSB and half frame

    Pass the same samples as to :func:`detect_sss` (corrected by :func:`estimate_cfo`
    only). The DM-RS REs of symbols 1-3 (``k = 4 m + N_ID^cell mod 4``) are equalised with
    the channel of the sync subcarriers (a common gain, the phase slope of
    :func:`detect_sss` and the phase rotation of its residual frequency offset) and
    correlated coherently with
    the DM-RS of each i_SSB_bar = 0..7 (:func:`~ofdmisac.waveforms.pbch_dmrs`); the largest
    correlation wins. The block's start symbol (TS 38.213 4.1) then gives the frame timing.

    Parameters
    ----------
    samples : array_like of complex, shape ``(n_samples,)``
        The recording, corrected by :func:`estimate_cfo`.
    carrier : Carrier
        The numerology.
    pss_detection : PssDetection
        From :func:`pss_search`.
    sss_detection : SssDetection
        From :func:`detect_sss` (cell ID, residual offset, timing slope).
    l_max : {4, 8, 64}
        L_max of the burst.
    case : {"A", ..., "G"}, optional
        Burst case (default: the case of the carrier's SCS, C at 30 kHz).
    ssb_first_subcarrier : int, optional
        Grid row of SSB subcarrier 0 (default centred).

    Returns
    -------
    PbchDmrsDetection
        i_SSB_bar, i_SSB, half frame, quality and frame timing.

    Raises
    ------
    ValueError
        If ``l_max`` or ``case`` is not valid for the carrier, or the block does not lie in
        the recording.
    TypeError
        If an argument has the wrong kind.

    References
    ----------
    3GPP TS 38.211, clauses 7.4.1.4.1 and 7.4.3.1; TS 38.213, clause 4.1.

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.waveforms import Carrier, IsacFrame, IsacFrameConfig
    >>> from ofdmisac.receiver import detect_pbch_dmrs, detect_sss, pss_search
    >>> c = Carrier(scs_khz=30, n_rb=24)
    >>> frame = IsacFrame(IsacFrameConfig(carrier=c, duration_s=2e-3, ssb_period_s=5e-3,
    ...                                   ssb_indices=(3,), n_id_cell=601, prs_duration_s=0.0))
    >>> x = np.concatenate([np.zeros(50, np.complex64), frame.waveform(rng=0)])
    >>> p = pss_search(x, c)
    >>> d = detect_pbch_dmrs(x, c, p, detect_sss(x, c, p))
    >>> d.i_ssb, d.frame_start_sample
    (3, 50)
    """
    x = check_samples(samples, carrier)
    check_instance("pss_detection", pss_detection, PssDetection)
    check_instance("sss_detection", sss_detection, SssDetection)
    l_max = check_choice("l_max", check_int("l_max", l_max), (4, 8, 64))
    if case is None:
        case = _CASE_OF_SCS.get(carrier.scs_khz)
        if case is None:
            fail("scs_khz", carrier.scs_khz, "use a carrier whose SCS has an SS burst case")
    starts_sym = ssb_start_symbols(case, l_max)  # validates case / l_max
    first = ssb_first_row(carrier, ssb_first_subcarrier)
    m0 = int(pss_detection.fft_start_sample)
    spectra = block_symbols(x, carrier, m0, first, (0, 1, 2, 3))
    cell = sss_detection.n_id_cell
    n, cp = carrier.n_fft, base_cp(carrier)
    kk = np.arange(240)
    slope = -2 * np.pi * sss_detection.timing_offset_samples / n
    eps = sss_detection.residual_cfo_hz / carrier.scs_hz
    # channel: gain from the PSS (symbol 0), phase ramp over k, rotation per symbol
    h_pss = spectra[0, PSS_ROWS] * pss(cell)
    gain = np.mean(h_pss * np.exp(-1j * slope * PSS_ROWS))
    sym_phase = np.exp(2j * np.pi * eps * (n + cp) / n * np.arange(4))
    channel = gain * np.exp(1j * slope * kk)[None, :] * sym_phase[:, None]  # [4, 240]
    mask = (ssb_channel_map(cell) == SsbChannel.PBCH_DMRS).T  # [4, 240] (l, k)
    z = (spectra * np.conj(channel))[mask]  # order: l then k, the DM-RS mapping order
    refs = pbch_dmrs(cell, np.arange(8), dtype=np.complex128)  # [8, 144]
    c = np.abs(np.conj(refs) @ z)
    den = float(np.sqrt(np.sum(np.abs(z) ** 2) * 144))
    metrics = c / den if den > 0 else np.zeros(8)
    i_bar = int(np.argmax(metrics))
    # fine frequency offset: phase progression over the four symbols of every known RE
    known = np.zeros((4, 240), dtype=np.complex128)
    known[0, PSS_ROWS] = pss(cell)
    known[2, PSS_ROWS] = sss(cell)
    known[mask] = refs[i_bar]
    ramp = np.exp(-1j * slope * kk)[None, :]
    u = np.sum(spectra * ramp * np.conj(known), axis=1)  # [4]
    trial = np.linspace(-0.5, 0.5, 4001)  # radians per symbol
    fit = np.abs(np.exp(-1j * trial[:, None] * np.arange(4)[None, :]) @ u)
    step = float(trial[int(np.argmax(fit))])
    residual = step / (2 * np.pi * (n + cp) / n)
    if l_max == 4:
        i_ssb, n_hf = i_bar % 4, i_bar // 4
    else:
        i_ssb, n_hf = i_bar, None
    sym = int(starts_sym[i_ssb])
    per_slot = carrier.symbols_per_slot
    slot, l_in = divmod(sym, per_slot)
    start = (carrier.slot_start_sample(slot) + int(carrier.symbol_start_samples(slot)[l_in])
             + int(carrier.cp_lengths(slot)[l_in]))
    half = 5 * carrier.samples_per_subframe
    half_start = m0 - start
    return PbchDmrsDetection(i_ssb_bar=i_bar, i_ssb=int(i_ssb), half_frame=n_hf,
                             metric=float(metrics[i_bar]), metrics=metrics,
                             residual_cfo_hz=residual * carrier.scs_hz,
                             half_frame_start_sample=int(half_start),
                             frame_start_sample=int(half_start - half * (n_hf or 0)))
