"""The vectorized NR symbol start times against the plain per-slot loop, and the size guard."""

import numpy as np
import pytest

from ofdmisac.waveforms import Carrier, SensingGrid
from ofdmisac.waveforms._sensing_grid import _nr_symbol_times_s


def _reference(carrier, n_symbols):
    """Plain per-slot loop (the former implementation)."""
    sps = carrier.symbols_per_slot
    n_slots = -(-n_symbols // sps)
    times = np.concatenate([carrier.symbol_start_times_s(s % carrier.slots_per_frame)
                            + (s // carrier.slots_per_frame) * 10e-3 for s in range(n_slots)])
    return times[:n_symbols]


@pytest.mark.parametrize("scs_khz, cp", [(15, "normal"), (30, "normal"), (60, "extended"),
                                         (120, "normal"), (960, "normal")])
def test_vectorized_times_equal_the_slot_loop_bitwise(scs_khz, cp):
    c = Carrier(scs_khz=scs_khz, n_rb=4, cyclic_prefix=cp)
    n = 2 * 10 * c.slots_per_subframe * c.symbols_per_slot + 7  # two frames and a bit
    np.testing.assert_array_equal(_nr_symbol_times_s(c, n), _reference(c, n))


def test_huge_symbol_count_is_refused_with_the_size():
    c = Carrier(scs_khz=120, n_rb=8)
    with pytest.raises(ValueError, match=r"^n_symbols=1000000000 is not allowed; use a smaller "
                                         r"value: it needs about .* GiB, above the memory "
                                         r"budget of 4 GiB \(environment variable "
                                         r"OFDMISAC_MAX_BYTES\); use fewer symbols"):
        SensingGrid.from_carrier(c, fc_hz=28e9, n_symbols=10**9)


def test_the_budget_follows_the_environment(monkeypatch):
    c = Carrier(scs_khz=120, n_rb=8)
    monkeypatch.setenv("OFDMISAC_MAX_BYTES", "1M")
    with pytest.raises(ValueError, match=r"n_symbols=14000 .* budget of 1 MiB"):
        SensingGrid.from_carrier(c, fc_hz=28e9, n_symbols=14000)
    monkeypatch.setenv("OFDMISAC_MAX_BYTES", "abc")
    with pytest.raises(ValueError, match=r"^OFDMISAC_MAX_BYTES='abc' is not allowed"):
        SensingGrid.from_carrier(c, fc_hz=28e9, n_symbols=14)
    monkeypatch.delenv("OFDMISAC_MAX_BYTES")
    assert SensingGrid.from_carrier(c, fc_hz=28e9, n_symbols=14000).n_symbols == 14000
