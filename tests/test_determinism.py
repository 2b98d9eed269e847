"""Same inputs, same bits (issue 11 item 6): FFT-based sweep results compared bitwise
across the calling process, spawn and fork process pools and a Dask ``LocalCluster``; the
planner choice that makes it so (``FFTW_ESTIMATE``, wisdom dropped before planning) and
the opt-in persisted wisdom of measured plans (cache in a tmp dir)."""

import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from ofdmisac import _fft
from ofdmisac.sweep import run_sweep

HERE = str(Path(__file__).resolve().parent)
POINTS = [{"n_rb": 11, "scs_khz": 30, "pad": 2}, {"n_rb": 24, "scs_khz": 120, "pad": 3},
          {"n_rb": 25, "scs_khz": 60, "pad": 3}, {"n_rb": 51, "scs_khz": 30, "pad": 2}]


@pytest.fixture
def work(monkeypatch):
    monkeypatch.syspath_prepend(HERE)  # spawned children inherit sys.path
    import _determinism_work

    return _determinism_work


@pytest.fixture
def restore_fft():
    state = (_fft.get_backend(), _fft.get_threads(), _fft.get_planner_effort())
    yield
    _fft.set_backend(state[0])
    _fft.set_threads(state[1])
    _fft.set_planner_effort(state[2])
    _fft.clear_plan_cache()


def _digests(results):
    return [r["digests"] for r in results]


def test_default_planner_is_estimate():
    if os.environ.get("OFDMISAC_FFT_PLANNER") in (None, ""):
        assert _fft.get_planner_effort() == "FFTW_ESTIMATE"


@pytest.mark.skipif(_fft.get_backend() != "pyfftw", reason="pyFFTW backend only")
def test_serial_spawn_fork_dask_bitwise(work, restore_fft):
    """The same sweep (4 points: OFDM modulation and demodulation, windowed zero-padded
    range-Doppler maps, public 1-D/2-D transforms) in this process with 1 and 2 FFT
    threads, in spawn and fork pools (a forked child plans single-threaded) and on a real
    Dask LocalCluster: identical bits everywhere."""
    _fft.set_threads(2)
    serial = _digests(run_sweep(work.fft_point, POINTS, seed=5).values)
    _fft.set_threads(1)
    _fft.clear_plan_cache()
    assert _digests(run_sweep(work.fft_point, POINTS, seed=5).values) == serial
    _fft.set_threads(2)
    for method in ("spawn", "fork"):
        ctx = multiprocessing.get_context(method)
        with ProcessPoolExecutor(max_workers=2, mp_context=ctx) as pool:
            got = run_sweep(work.fft_point, POINTS, seed=5, executor=pool).values
        assert _digests(got) == serial, method
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        got = run_sweep(work.fft_point, POINTS, seed=5,
                        executor=client.get_executor()).values
    assert {r["effort"] for r in got} == {_fft.get_planner_effort()}
    assert _digests(got) == serial


@pytest.mark.skipif(_fft.get_backend() != "pyfftw", reason="pyFFTW backend only")
def test_estimate_ignores_measured_wisdom(work, restore_fft, monkeypatch):
    """FFTW reuses in-process wisdom when planning with FFTW_ESTIMATE: a measured plan made
    earlier in the process must not change the estimate plans' bits."""
    point = dict(POINTS[2])
    before = work.fft_point(**point, rng=np.random.default_rng(1))
    monkeypatch.setenv("OFDMISAC_FFT_WISDOM", "off")
    _fft.set_planner_effort("FFTW_MEASURE")
    _fft.clear_plan_cache()
    work.fft_point(**point, rng=np.random.default_rng(1))  # leaves measured wisdom behind
    _fft.set_planner_effort("FFTW_ESTIMATE")
    _fft.clear_plan_cache()
    assert work.fft_point(**point, rng=np.random.default_rng(1)) == before


def test_ofdm_independent_of_array_address(restore_fft):
    """An 8-byte (one complex64 sample) misaligned waveform or ``out=`` array gives the same
    bits as an aligned one (FFTW plans scalar code for misaligned pointers)."""
    from ofdmisac.waveforms import Carrier, ofdm_demodulate, ofdm_modulate

    carrier = Carrier(scs_khz=30, n_rb=11)  # n_fft 256, CPs of 18/20 samples
    rng = np.random.default_rng(3)
    shape = (carrier.n_subcarriers, 28)
    grid = (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)).astype(np.complex64)
    x = ofdm_modulate(grid, carrier)
    buf = np.empty(x.size + 1, np.complex64)
    start = 1 if buf.ctypes.data % 16 == 0 else 0
    shifted = buf[start:start + x.size]
    assert shifted.ctypes.data % 16 == 8
    ofdm_modulate(grid, carrier, out=shifted)
    np.testing.assert_array_equal(shifted, x)
    want = ofdm_demodulate(x, carrier)
    np.testing.assert_array_equal(ofdm_demodulate(shifted, carrier), want)


def _measured(work, point):
    _fft.clear_plan_cache()
    return work.fft_point(**point, rng=np.random.default_rng(2))["digests"]


@pytest.mark.skipif(_fft.get_backend() != "pyfftw", reason="pyFFTW backend only")
def test_measured_plans_persisted_wisdom(work, restore_fft, tmp_path, monkeypatch):
    """Opt-in FFTW_MEASURE: the wisdom goes to the cache directory (atomic file, lock file),
    a spawned process that imports it reproduces the bits, and clearing removes it."""
    monkeypatch.setenv("OFDMISAC_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("OFDMISAC_FFT_PLANNER", "FFTW_MEASURE")  # for the spawned child
    monkeypatch.delenv("OFDMISAC_FFT_WISDOM", raising=False)
    _fft.set_planner_effort("FFTW_MEASURE")
    _fft.set_threads(1)
    point = dict(POINTS[0])
    first = _measured(work, point)
    path = _fft._wisdom_path()
    assert path.parent == tmp_path / "cache" / "fftw" and path.is_file()
    wisdom = _fft._read_wisdom(path)
    assert wisdom is not None and len(wisdom[1]) > 0  # single-precision plans recorded
    assert {p.name for p in path.parent.iterdir()} == {"wisdom.lock", path.name}
    assert _measured(work, point) == first  # same process, same wisdom
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=ctx,
                             initializer=_fft.set_threads, initargs=(1,)) as pool:
        got = pool.submit(work.fft_point, **point, rng=np.random.default_rng(2)).result()
    assert got["effort"] == "FFTW_MEASURE" and got["digests"] == first
    path.write_bytes(b"not wisdom")  # a damaged cache is ignored and rewritten
    assert _fft._read_wisdom(path) is None
    _measured(work, point)
    assert _fft._read_wisdom(path) is not None
    _fft.clear_wisdom_cache()
    assert not path.parent.exists()
    monkeypatch.setenv("OFDMISAC_FFT_WISDOM", "off")  # disabled: nothing written
    _measured(work, point)
    assert not path.parent.exists()


def test_cache_dir_resolution(monkeypatch, tmp_path):
    monkeypatch.setenv("OFDMISAC_CACHE_DIR", str(tmp_path / "x"))
    assert _fft.cache_dir() == tmp_path / "x"
    monkeypatch.delenv("OFDMISAC_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert _fft.cache_dir() == tmp_path / "xdg" / "ofdmisac"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert _fft.cache_dir() == tmp_path / "home" / ".cache" / "ofdmisac"


def test_bad_planner_environment_variable():
    """An unknown ``OFDMISAC_FFT_PLANNER`` is a clear error at import."""
    import subprocess

    env = dict(os.environ, OFDMISAC_FFT_PLANNER="FFTW_FAST")
    proc = subprocess.run([sys.executable, "-c", "import ofdmisac._fft"], env=env,
                          capture_output=True, text=True, check=False)
    assert proc.returncode != 0
    assert "OFDMISAC_FFT_PLANNER='FFTW_FAST' is not allowed; choose one of" in proc.stderr
