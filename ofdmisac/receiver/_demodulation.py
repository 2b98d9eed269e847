"""Demodulation of a synchronised recording back to the carrier's resource grid."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validation import check_int, fail
from ..waveforms import Carrier, ofdm_demodulate
from ._common import check_samples

__all__ = ["DemodulatedGrid", "demodulate_grid"]


@dataclass(frozen=True, kw_only=True)
class DemodulatedGrid:
    """Result of :func:`demodulate_grid`: the resource grid of a span of slots.

    Parameters
    ----------
    grid : numpy.ndarray
        ``[n_subcarriers, n_slots * symbols_per_slot]`` complex grid.
    first_sample : int
        Recording sample at which slot ``slot`` starts (its first CP sample).
    slot : int
        Frame index of the first demodulated slot.
    n_slots : int
        Number of slots.
    mean_power : float
        Mean ``|Y|^2`` over the grid.

    Raises
    ------
    TypeError
        A field given positionally or missing (dataclass constructor; not validated).

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.receiver import DemodulatedGrid
    >>> DemodulatedGrid(grid=np.ones((12, 14)), first_sample=0, slot=0, n_slots=1,
    ...                 mean_power=1.0).grid.shape
    (12, 14)
    """

    grid: np.ndarray
    first_sample: int
    slot: int
    n_slots: int
    mean_power: float


def demodulate_grid(samples, carrier: Carrier, *, frame_start_sample: int, slot: int = 0,
                    n_slots: int = 1) -> DemodulatedGrid:
    """CP-OFDM demodulate slots of a synchronised recording

    Slot ``s`` of the frame starts at ``frame_start_sample + carrier.slot_start_sample(s)``
    (TS 38.211 5.3.1 CP layout); the samples are
    :func:`~ofdmisac.waveforms.ofdm_demodulate`-ed from there (frequency offset removed
    beforehand with :func:`correct_cfo`).

    Parameters
    ----------
    samples : array_like of complex, shape ``(n_samples,)``
        The recording.
    carrier : Carrier
        The numerology.
    frame_start_sample : int
        Recording sample of the frame start (e.g. ``PbchDmrsDetection.frame_start_sample``);
        may be negative when the recording starts inside the frame.
    slot : int
        First slot (frame index, >= 0).
    n_slots : int
        Number of slots (>= 1).

    Returns
    -------
    DemodulatedGrid
        The grid and where it came from.

    Raises
    ------
    ValueError
        If the slots do not lie in the recording.
    TypeError
        If an argument has the wrong kind.

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.waveforms import Carrier, ofdm_modulate
    >>> from ofdmisac.receiver import demodulate_grid
    >>> c = Carrier(scs_khz=30, n_rb=24)
    >>> g = np.ones((288, 28), np.complex64)
    >>> x = np.concatenate([np.zeros(9, np.complex64), ofdm_modulate(g, c)])
    >>> d = demodulate_grid(x, c, frame_start_sample=9, n_slots=2)
    >>> bool(np.allclose(d.grid, g, atol=1e-5))
    True
    """
    x = check_samples(samples, carrier)
    start0 = check_int("frame_start_sample", frame_start_sample)
    slot = check_int("slot", slot, minimum=0)
    n_slots = check_int("n_slots", n_slots, minimum=1)
    first = start0 + carrier.slot_start_sample(slot)
    stop = start0 + carrier.slot_start_sample(slot + n_slots)
    if first < 0 or stop > x.size:
        fail("n_slots", n_slots, f"slots {slot}..{slot + n_slots - 1} (samples {first}.."
             f"{stop - 1}) must lie in the {x.size} samples of the recording")
    grid = ofdm_demodulate(x[first:stop], carrier, slot=slot)
    return DemodulatedGrid(grid=grid, first_sample=int(first), slot=slot, n_slots=n_slots,
                           mean_power=float(np.mean(np.abs(grid) ** 2)))
