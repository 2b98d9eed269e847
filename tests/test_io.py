"""Tests of ``ofdmisac.io``: round trips, file modes, errors, no temporary file left behind."""

import os
import stat

import matplotlib

matplotlib.use("Agg")
import matplotlib.figure  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from ofdmisac import io  # noqa: E402


def _leftovers(folder):
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


def _figure():
    fig = matplotlib.figure.Figure()
    fig.add_subplot().plot([0, 1], [1, 0])
    return fig


def test_json_round_trip(tmp_path):
    obj = {"a": np.float64(1.5), "b": np.arange(3), "c": [1, "x"], "d": tmp_path,
           "e": complex(1, -2), "f": float("nan"), "g": {"h": None}}
    p = io.write_json(tmp_path / "sub" / "r.json", obj)
    assert p == tmp_path / "sub" / "r.json"
    back = io.read_json(p)
    assert back["a"] == 1.5 and back["b"] == [0, 1, 2] and back["c"] == [1, "x"]
    assert back["d"] == str(tmp_path) and back["e"] == {"real": 1.0, "imag": -2.0}
    assert np.isnan(back["f"]) and back["g"] == {"h": None}
    assert _leftovers(p.parent) == []


def test_csv_round_trip_is_exact(tmp_path):
    x = np.array([0.1, 1 / 3, -2e-300, np.inf, np.nan])
    cols = {"x": x, "k": np.arange(5), "flag": [True, False, True, True, False],
            "label": ["a", "b,c", 'q"', "e", "f"]}
    back = io.read_csv(io.write_csv(tmp_path / "c.csv", cols))
    assert list(back) == ["x", "k", "flag", "label"]
    assert back["x"].dtype == np.float64
    np.testing.assert_array_equal(back["x"], x)
    np.testing.assert_array_equal(back["k"], np.arange(5.0))
    np.testing.assert_array_equal(back["flag"], [1.0, 0.0, 1.0, 1.0, 0.0])
    assert back["label"].tolist() == ["a", "b,c", 'q"', "e", "f"]


def test_csv_empty_columns_round_trip(tmp_path):
    back = io.read_csv(io.write_csv(tmp_path / "e.csv", {"a": [], "b": np.zeros(0)}))
    assert set(back) == {"a", "b"} and back["a"].size == 0


def test_npz_and_figure(tmp_path):
    p = io.save_npz(tmp_path / "g.npz", grid=np.eye(3))
    with np.load(p) as data:
        np.testing.assert_array_equal(data["grid"], np.eye(3))
    for suffix in (".png", ".pdf", ".svg", ""):
        f = io.save_figure(_figure(), tmp_path / f"fig{suffix}", dpi=50)
        assert f.stat().st_size > 100
    assert (tmp_path / "fig").read_bytes()[:4] == b"\x89PNG"
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_written_files_get_the_umask_mode(tmp_path, umask):
    old = os.umask(umask)
    try:
        paths = [io.write_json(tmp_path / "a.json", {}), io.write_csv(tmp_path / "a.csv",
                                                                      {"x": [1]}),
                 io.save_npz(tmp_path / "a.npz", x=np.ones(1)),
                 io.save_figure(_figure(), tmp_path / "a.png")]
    finally:
        os.umask(old)
    for p in paths:
        assert stat.S_IMODE(p.stat().st_mode) == 0o666 & ~umask, p


def test_overwrite_is_atomic_and_keeps_old_file_on_error(tmp_path):
    p = io.write_json(tmp_path / "a.json", {"v": 1})
    with pytest.raises(TypeError, match="not JSON serializable"):
        io.write_json(p, {"v": object()})
    assert io.read_json(p) == {"v": 1}
    fig = _figure()
    fig.savefig = _raise
    with pytest.raises(RuntimeError, match="disk full"):
        io.save_figure(fig, tmp_path / "b.png")
    with pytest.raises(RuntimeError, match="disk full"):
        io.save_npz(tmp_path / "c.npz", x=_Unsavable())
    assert sorted(q.name for q in tmp_path.iterdir()) == ["a.json"]


def _raise(*args, **kwargs):
    raise RuntimeError("disk full")


class _Unsavable:
    def __array__(self, *args, **kwargs):
        raise RuntimeError("disk full")


@pytest.mark.parametrize("columns, match", [
    ([1, 2], r"columns=\[1, 2\] is not allowed; use a mapping"),
    ({}, r"columns=\{\} is not allowed; use at least one column"),
    ({"a": [1, 2], "b": [1]}, r"columns=\{'a': 2, 'b': 1\} is not allowed; use 1-D columns "
                              "of equal length"),
    ({"a": np.ones((2, 2))}, r"columns\['a'\]=.* is not allowed; use a 1-D sequence .*"
                             r"\(got shape \(2, 2\)\)"),
    ({"a": 3.0}, r"columns\['a'\]=3.0 is not allowed; use a 1-D sequence"),
    ({"a": [1, [2, 3]]}, r"columns\['a'\]=.* is not allowed; use a 1-D sequence"),
    ({"a,b": [1]}, r"columns='a,b' is not allowed; use non-empty string column names"),
    ({3: [1]}, r"columns=3 is not allowed; use non-empty string column names"),
])
def test_write_csv_rejects_bad_columns(tmp_path, columns, match):
    error = TypeError if isinstance(columns, list) else ValueError
    with pytest.raises(error, match=match):
        io.write_csv(tmp_path / "x.csv", columns)
    assert list(tmp_path.iterdir()) == []


def test_bad_paths_and_figures(tmp_path):
    with pytest.raises(TypeError, match=r"path=None is not allowed; use a str or os.PathLike"):
        io.write_json(None, {})
    with pytest.raises(TypeError, match=r"path=3 is not allowed"):
        io.read_csv(3)
    with pytest.raises(ValueError, match=r"path='.*x\.xyz' is not allowed; use a suffix among "
                                         r"\..*\.pdf, .*\.png, .*\.svg"):
        io.save_figure(_figure(), tmp_path / "x.xyz")
    with pytest.raises(TypeError, match=r"fig='x' is not allowed; use a matplotlib.figure"):
        io.save_figure("x", tmp_path / "x.png")
    with pytest.raises(ValueError, match=r"dpi=0 is not allowed; use an integer >= 1"):
        io.save_figure(_figure(), tmp_path / "x.png", dpi=0)
    assert list(tmp_path.iterdir()) == []


def test_readers_reject_malformed_files(tmp_path):
    (tmp_path / "bad.json").write_text("{nope")
    with pytest.raises(ValueError, match=r"path='.*bad\.json' is not allowed; use a JSON file"):
        io.read_json(tmp_path / "bad.json")
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(ValueError, match=r"use a CSV file with a header row"):
        io.read_csv(tmp_path / "empty.csv")
    (tmp_path / "ragged.csv").write_text("a,b\n1,2\n3\n")
    with pytest.raises(ValueError, match=r"use a CSV file with 2 fields per row \(line 3 has 1\)"):
        io.read_csv(tmp_path / "ragged.csv")
    (tmp_path / "dup.csv").write_text("a,a\n1,2\n")
    with pytest.raises(ValueError, match=r"use a CSV file with distinct column names"):
        io.read_csv(tmp_path / "dup.csv")
    with pytest.raises(FileNotFoundError):
        io.read_json(tmp_path / "missing.json")


def test_long_paths_keep_their_file_name_in_messages(tmp_path):
    deep = tmp_path.joinpath(*["a_rather_long_folder_name"] * 4, "figure.xyz")
    with pytest.raises(ValueError, match=r"path='\.\.\..*/figure\.xyz' is not allowed"):
        io.save_figure(_figure(), deep)


def test_write_text(tmp_path):
    from ofdmisac.io import write_text

    p = write_text(tmp_path / "sub" / "r.html", "<p>&lambda;</p>\n")
    assert p.read_text(encoding="utf-8") == "<p>&lambda;</p>\n"
    with pytest.raises(TypeError, match=r"^text=3 is not allowed"):
        write_text(tmp_path / "x.txt", 3)
    assert not (tmp_path / "x.txt").exists()
