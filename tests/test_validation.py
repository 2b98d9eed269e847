"""The shared argument checks and their one message template."""

import numpy as np
import pytest

from ofdmisac._validation import (
    check_array,
    check_choice,
    check_dtype,
    check_instance,
    check_int,
    check_probability,
    check_real,
    show,
)


def test_int():
    assert check_int("n", 3, minimum=1) == 3
    assert type(check_int("n", np.int64(3))) is int
    with pytest.raises(ValueError, match=r"^n=0 is not allowed; use an integer in 1\.\.5$"):
        check_int("n", 0, minimum=1, maximum=5)
    with pytest.raises(TypeError, match=r"^n=2\.5 is not allowed; use an integer >= 1$"):
        check_int("n", 2.5, minimum=1)
    with pytest.raises(TypeError, match="n=True"):
        check_int("n", True)


def test_real():
    assert check_real("x", 2) == 2.0
    with pytest.raises(ValueError, match=r"^x=nan is not allowed; use a finite number > 0$"):
        check_real("x", float("nan"), minimum=0, strict_min=True)
    with pytest.raises(ValueError, match="x=inf"):
        check_real("x", np.inf)
    assert check_real("x", np.inf, allow_inf=True) == np.inf
    with pytest.raises(TypeError, match="x='abc' is not allowed"):
        check_real("x", "abc")
    with pytest.raises(ValueError, match=r"use a finite number >= 0 and <= 1"):
        check_real("x", 1.5, minimum=0, maximum=1)


def test_array():
    a = check_array("a", [1, 2], minimum=0, strict_min=True)
    assert a.dtype == np.float64
    with pytest.raises(ValueError, match=r"^a=.* is not allowed; use finite numbers > 0$"):
        check_array("a", [1.0, -1.0], minimum=0, strict_min=True)
    with pytest.raises(TypeError, match="a=None"):
        check_array("a", None)
    with pytest.raises(TypeError, match="a='x'"):
        check_array("a", "x")
    with pytest.raises(TypeError, match="a=.*"):
        check_array("a", [1j])
    with pytest.raises(ValueError, match="use integers"):
        check_array("a", [1.5], integer=True)
    with pytest.raises(ValueError, match="2-D"):
        check_array("a", [1.0], ndim=2)
    assert check_probability("p", [0, 1]).tolist() == [0.0, 1.0]
    with pytest.raises(ValueError, match="p=1.5"):
        check_probability("p", 1.5)


def test_choice_instance_show():
    assert check_choice("kind", "CA", ("CA", "OS")) == "CA"
    with pytest.raises(ValueError, match=r"^kind='X' is not allowed; choose one of 'CA', 'OS'$"):
        check_choice("kind", "X", ("CA", "OS"))
    with pytest.raises(ValueError, match="kind=\\[1\\]"):
        check_choice("kind", [1], ("CA",))
    with pytest.raises(TypeError, match=r"^carrier=None is not allowed; use a int$"):
        check_instance("carrier", None, int)
    assert len(show(np.arange(10_000.0))) <= 80


def test_dtype():
    assert check_dtype("dtype", "complex64") == np.complex64
    assert check_dtype("dtype", np.float32, (np.float32,)) == np.float32
    with pytest.raises(ValueError,
                       match=r"^dtype=int32 is not allowed; choose complex64 "
                             r"or complex128$"):
        check_dtype("dtype", np.int32)
    with pytest.raises(TypeError, match=r"^dtype='abc' is not allowed; choose complex64"):
        check_dtype("dtype", "abc")
    with pytest.raises(TypeError, match=r"^dtype=None is not allowed"):
        check_dtype("dtype", None)


def test_array_nan_and_integer_bounds():
    a = check_array("a", [np.nan, 1.0], minimum=0, allow_nan=True)
    assert np.isnan(a[0]) and a[1] == 1.0
    with pytest.raises(ValueError, match=r"^a=.* is not allowed; use numbers >= 0$"):
        check_array("a", [np.nan, -1.0], minimum=0, allow_nan=True)
    with pytest.raises(ValueError, match="a=inf"):
        check_array("a", np.inf, allow_nan=True)
    with pytest.raises(ValueError, match=r"use integers >= 0 and <= 2147483647$"):
        check_array("a", 2**31, integer=True, minimum=0, maximum=2**31 - 1)


def test_int_tuple_shape_bytes_and_model_checks(monkeypatch):
    from ofdmisac._validation import (
        check_bytes,
        check_complex_array,
        check_int_tuple,
        check_model,
        check_shape,
        max_bytes,
    )

    assert check_int_tuple("n_nodes", (2, 3, 4), 3, minimum=2) == (2, 3, 4)
    with pytest.raises(ValueError, match=r"^n_nodes=\(8, 8\) is not allowed; use 3 integers "
                                         r"in 2\.\.4096$"):
        check_int_tuple("n_nodes", (8, 8), 3, minimum=2, maximum=4096)
    with pytest.raises(TypeError, match=r"^n_nodes=\(8, 2\.5, 8\) is not allowed"):
        check_int_tuple("n_nodes", (8, 2.5, 8), 3)
    assert check_shape("size", 3) == (3,) and check_shape("size", ()) == ()
    with pytest.raises(TypeError, match=r"^size=2\.5 is not allowed; use an integer >= 0 or a "
                                        r"tuple of them$"):
        check_shape("size", 2.5)
    with pytest.raises(ValueError, match=r"^size=\(-1,\) is not allowed"):
        check_shape("size", (-1,))
    monkeypatch.delenv("OFDMISAC_MAX_BYTES", raising=False)
    assert max_bytes() == 4 * 2**30
    check_bytes("n", 10, 1e6)
    with pytest.raises(ValueError, match=r"^n=10 is not allowed; use a smaller value: it needs "
                                         r"about 8 GiB, above the memory budget of 4 GiB "
                                         r"\(environment variable OFDMISAC_MAX_BYTES\); "
                                         r"chunk it$"):
        check_bytes("n", 10, 8 * 2**30, advice="chunk it")
    monkeypatch.setenv("OFDMISAC_MAX_BYTES", "2K")
    assert max_bytes() == 2048
    with pytest.raises(ValueError, match=r"^OFDMISAC_MAX_BYTES='-1' is not allowed"):
        monkeypatch.setenv("OFDMISAC_MAX_BYTES", "-1")
        max_bytes()
    x = check_complex_array("x", np.ones(3, np.complex64))
    assert x.dtype == np.complex64
    with pytest.raises(ValueError, match=r"^x=.* is not allowed; use an array of finite"):
        check_complex_array("x", [1.0, np.nan])
    with pytest.raises(TypeError, match=r"^x='abc' is not allowed"):
        check_complex_array("x", "abc")
    with pytest.raises(TypeError, match=r"^m=3 is not allowed; use an ErrorModel \(an object "
                                        r"with sigma_v, sigma_d\)$"):
        check_model("m", 3, ("sigma_v", "sigma_d"), "an ErrorModel")
