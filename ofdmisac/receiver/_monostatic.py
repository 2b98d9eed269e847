"""Range-Doppler processing of the demodulated PRS of a monostatic echo recording.

The transmitter knows its waveform: the echo recording is demodulated at the transmit
timing (:func:`demodulate_grid`), divided by the transmitted PRS on the PRS REs of the
sensing grid and turned into a range-Doppler map
(:func:`~ofdmisac.estimators.range_doppler_map`), in which CFAR
(:func:`~ofdmisac.estimators.detect_targets`) finds the targets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validation import check_instance, fail
from ..estimators import RangeDopplerMap, detect_targets, range_doppler_map
from ..waveforms import SensingGrid
from ._common import _Shown

__all__ = ["EchoSensing", "sense_echo"]


@dataclass(frozen=True, kw_only=True)
class EchoSensing:
    """Result of :func:`sense_echo`: the range-Doppler map and the detected targets.

    Parameters
    ----------
    rd_map : RangeDopplerMap
        The map (with its sensing grid and axes).
    detections : list of Detection
        CFAR detections (refined range and velocity), strongest first.
    noise_floor : float
        Median of the map power (a robust noise-floor estimate).

    Attributes
    ----------
    ranges_m, velocities_mps : numpy.ndarray
        Refined range and velocity of each detection.

    Raises
    ------
    TypeError
        A field given positionally or missing (dataclass constructor; not validated).

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.estimators import range_doppler_map
    >>> from ofdmisac.waveforms import SensingGrid
    >>> from ofdmisac.receiver import EchoSensing
    >>> g = SensingGrid(fc_hz=28e9, scs_hz=120e3, symbol_duration_s=8.92e-6,
    ...                 pilot_mask=np.ones((8, 4), bool))
    >>> m = range_doppler_map(np.ones((8, 4)), np.ones((8, 4)), g)
    >>> EchoSensing(rd_map=m, detections=[], noise_floor=0.0).ranges_m.size
    0
    """

    rd_map: RangeDopplerMap
    detections: list
    noise_floor: float

    @property
    def ranges_m(self) -> np.ndarray:
        """Refined range of each detection (m)."""
        return np.array([d.range_m for d in self.detections], dtype=float)

    @property
    def velocities_mps(self) -> np.ndarray:
        """Refined radial velocity of each detection (m/s)."""
        return np.array([d.velocity_mps for d in self.detections], dtype=float)


def sense_echo(rx_grid, tx_grid, sensing: SensingGrid, *, false_alarm_probability: float = 1e-6,
               max_targets: int | None = None, guard=None, train=None,
               max_speed_mps: float | None = None, remove_static: bool = False) -> EchoSensing:
    """Range-Doppler map of the demodulated PRS of an echo and its CFAR detections.

    Parameters
    ----------
    rx_grid : array_like of complex, shape ``sensing.shape``
        Demodulated echo grid (e.g. ``demodulate_grid(...).grid`` of the PRS slots).
    tx_grid : array_like of complex, shape ``sensing.shape``
        Transmitted grid of the same slots (its PRS REs are the pilots).
    sensing : SensingGrid
        Pilot REs (the PRS), numerology, windows and FFT sizes
        (e.g. :meth:`SensingGrid.from_frame <ofdmisac.waveforms.SensingGrid.from_frame>`).
    false_alarm_probability : float
        CFAR design false-alarm probability per cell (default 1e-6).
    max_targets : int, optional
        Keep at most this many detections.
    guard, train : (int, int), optional
        CFAR guard and training half-widths (range, Doppler bins). Default: scaled with the
        zero padding ``p = ceil(n_fft / grid size)`` of each axis, guard ``3 p`` and
        training ``2 p + 2`` bins, so that the guard covers the main lobe of a Hann window.
    max_speed_mps : float, optional
        Keep only ``|v| <= max_speed_mps``.
    remove_static : bool
        Subtract the static (zero-Doppler) channel first: on the pilot REs
        ``Y - X mean_l(Y / X)``, the mean over each subcarrier's pilot symbols. It removes the
        direct path (transmit-receive leakage) and static clutter, whose sidelobes and the
        ghosts of an irregular pilot pattern would otherwise mask weak moving targets.

    Returns
    -------
    EchoSensing
        Map, detections and noise floor.

    Raises
    ------
    ValueError
        If the grids do not match ``sensing.shape`` or a CFAR argument is out of range.
    TypeError
        If ``sensing`` is not a SensingGrid.

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.waveforms import SensingGrid
    >>> from ofdmisac.receiver import sense_echo
    >>> g = SensingGrid(fc_hz=28e9, scs_hz=120e3, symbol_duration_s=8.92e-6,
    ...                 pilot_mask=np.ones((64, 32), bool), n_range=256, n_doppler=128)
    >>> k, l = np.arange(64)[:, None], np.arange(32)[None, :]
    >>> rx = np.exp(-2j * np.pi * k * 0.1) + 0.01 * np.random.default_rng(0).standard_normal(
    ...     (64, 32))
    >>> s = sense_echo(rx, np.ones((64, 32)), g, max_targets=1)
    >>> round(float(s.ranges_m[0]) / g.range_bin_m / 256, 2)
    0.1
    """
    check_instance("sensing", sensing, SensingGrid)
    rx = np.asarray(rx_grid)
    if rx.shape != sensing.shape:
        fail("rx_grid", _Shown(f"<array of shape {rx.shape}>"), f"use shape {sensing.shape}")
    if remove_static:
        tx = np.asarray(tx_grid)
        mask = sensing.pilot_mask
        with np.errstate(invalid="ignore", divide="ignore"):
            h = np.where(mask, rx / np.where(mask, tx, 1), 0)
        count = mask.sum(axis=1)
        static = h.sum(axis=1) / np.maximum(count, 1)
        rx = np.where(mask, rx - tx * static[:, None], rx)
    m = range_doppler_map(rx, tx_grid, sensing)
    pad = (-(-m.power.shape[-2] // sensing.n_subcarriers), -(-m.power.shape[-1]
                                                            // sensing.n_symbols))
    guard = tuple(3 * p for p in pad) if guard is None else guard
    train = tuple(2 * p + 2 for p in pad) if train is None else train
    detections = detect_targets(m, pfa=false_alarm_probability, guard=guard, train=train,
                                max_targets=max_targets, max_speed_mps=max_speed_mps)
    return EchoSensing(rd_map=m, detections=list(detections),
                       noise_floor=float(np.median(np.asarray(m.power))))
