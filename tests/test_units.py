"""Tests of ``ofdmisac.units``: values, NaN/inf pass-through, errors naming the parameter."""

import numpy as np
import pytest

from ofdmisac import units


def test_conversions():
    assert units.db_to_linear(10.0) == pytest.approx(10.0)
    assert units.linear_to_db(0.0) == -np.inf
    assert units.dbm_to_watt(30.0) == pytest.approx(1.0)
    assert units.watt_to_dbm(1.0) == pytest.approx(30.0)
    assert units.per_km2_to_per_m2(1.0) == pytest.approx(1e-6)
    assert units.per_m2_to_per_km2(1e-6) == pytest.approx(1.0)
    assert units.kmh_to_mps(36.0) == pytest.approx(10.0)
    assert units.mps_to_kmh(10.0) == pytest.approx(36.0)
    # elementwise, like numpy's ufuncs: NaN and infinities pass through
    assert np.isnan(units.linear_to_db([np.nan, 1.0])[0])
    assert units.db_to_linear(-np.inf) == 0.0


@pytest.mark.parametrize(("call", "exc", "match"), [
    (lambda: units.linear_to_db(-1.0), ValueError,
     r"^value=-1\.0 is not allowed; use numbers >= 0$"),
    (lambda: units.watt_to_dbm([1.0, -2.0]), ValueError, r"^value_w=.* is not allowed"),
    (lambda: units.db_to_linear("3 dB"), TypeError, r"^value_db='3 dB' is not allowed"),
    (lambda: units.dbm_to_watt(None), TypeError, r"^value_dbm=None is not allowed"),
    (lambda: units.per_km2_to_per_m2("x"), TypeError, r"^density_per_km2='x' is not"),
    (lambda: units.per_m2_to_per_km2([1j]), TypeError, r"^density_per_m2=\[1j\] is not"),
    (lambda: units.kmh_to_mps(None), TypeError, r"^speed_kmh=None is not allowed"),
    (lambda: units.mps_to_kmh("fast"), TypeError, r"^speed_mps='fast' is not allowed"),
])
def test_bad_input(call, exc, match):
    with pytest.raises(exc, match=match):
        call()
