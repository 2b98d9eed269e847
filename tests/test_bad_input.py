"""Property-based bad-input suite: every public callable, every parameter, invalid values.

The callables come from the ``__all__`` of the subpackages in ``SUBPACKAGES`` (plus the public
methods in ``METHODS``), so a new public function is covered automatically. Each callable
needs a *baseline*: a valid call. By default it is the first call of the callable in its own
docstring example (recorded while the doctest runs); ``BASELINES`` gives one explicitly where
the example has none, and ``EXEMPT`` lists result containers that are not entry points (with
the reason). A callable with neither fails ``test_every_public_callable_has_a_baseline`` with a
message saying where to register one.

From the baseline, each parameter in turn gets invalid values chosen by its *kind* (from
``KINDS``, by name pattern, or from the type of its baseline value): NaN, +-inf, None, strings,
zero/negative where a positive value is meant, probabilities outside [0, 1], non-integers for
integers, wrong kinds of objects, wrong dtypes, huge sizes. The call must raise a ``ValueError``
or ``TypeError`` whose message names the parameter. *Edge* values (1e300, empty arrays, wrong
shapes) may also be valid: the call must then either raise such an error or return without a
silent NaN. Every call runs under a time limit (``CALL_LIMIT_S``): a long run is a failure
(size guards). Hypothesis draws the values (``derandomize=True``, few examples, no deadline),
so CI is reproducible and bounded.

``KNOWN_GAPS`` (``tests/bad_input_known_gaps.txt``) lists the (callable, parameter, value)
cases that do not give a clear error yet; a listed case that now passes fails the suite too,
so the list only shrinks. ``python tests/test_bad_input.py`` prints the census (clear / not
clear per callable and in total) and, with ``--write-gaps``, rewrites the list.
"""

from __future__ import annotations

import contextlib
import copy
import doctest
import importlib
import inspect
import os
import re
import signal
import sys
import tempfile
import warnings
from functools import cache
from pathlib import Path

import numpy as np
import pytest
import scipy.integrate
import scipy.ndimage
import scipy.optimize
import scipy.signal
import scipy.special
import scipy.stats  # noqa: F401 - imported here so the time limit never interrupts an import
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SUBPACKAGES = ["waveforms", "channel", "estimators", "network", "units", "sweep", "scenarios",
               "io"]
GAPS_FILE = Path(__file__).with_name("bad_input_known_gaps.txt")
CALL_LIMIT_S = 20.0  # generous: a loaded CI machine must not turn a valid call into a failure
HUGE = 10**13  # a size no machine holds: must be refused before allocating or looping

# Result containers and abstract interfaces: returned by the package, not entry points.
EXEMPT = {
    "channel.InterferenceDraws": "result of synthesize_interference(return_draws=True)",
    "estimators.DownlinkSimulation": "result of simulate_downlink_sinr",
    "estimators.UplinkSimulation": "result of simulate_uplink",
    "estimators.ErrorModel": "abstract interface",
    "estimators.Detection": "result of detect_targets",
    "estimators.ErrorStatistics": "result of measure_error_statistics",
    "estimators.RangeDopplerFactor": "result of range_doppler_factor",
    "estimators.RangeDopplerMap": "result of range_doppler_map",
    "estimators.CrlbErrorModel": "built by CrlbErrorModel.from_sensing (tested as a method)",
    "network.EffectiveAse": "result of effective_ase",
    "waveforms.ReLabel": "enumeration (IntEnum): calling it looks up a member",
    "waveforms.SsbChannel": "enumeration (IntEnum): calling it looks up a member",
    "network.DistributedPilots": "result of distributed_pilot_design",
    "network.Overhead": "result of the overhead functions",
    "network.PrsDesign": "result of optimal_pilot_pattern",
    "network.SensingCoverageSimulation": "result of simulate_sensing_coverage",
    "network.BmSensingTwinResult": "result of bm_sensing_twin",
    "network.CoverageEstimate": "result of simulate_communication_coverage",
    "waveforms.WaveformOccasion": "result of frame_occasions / IsacFrame.occasions",
    "sweep.SweepResult": "result of run_sweep",
}


def _grid():
    from ofdmisac.waveforms import SensingGrid

    return SensingGrid(fc_hz=28e9, scs_hz=120e3, symbol_duration_s=8.92e-6,
                       pilot_mask=np.ones((16, 8), bool))


def _carrier():
    from ofdmisac.waveforms import Carrier

    return Carrier(scs_khz=120, n_rb=8)


# Explicit baselines: qualified name -> () -> (args, kwargs).
BASELINES = {
    "waveforms.SensingGrid": lambda: ((), dict(fc_hz=28e9, scs_hz=120e3,
                                               symbol_duration_s=8.92e-6,
                                               pilot_mask=np.ones((16, 8), bool))),
    "network.BeamManagementScenario": lambda: ((), dict(n_beams=16)),
    "scenarios.available_presets": lambda: ((), {}),
    "scenarios.load_preset": lambda: (("bm_mmwave",), {}),
    "scenarios.load_toml": lambda: ((str(Path(importlib.import_module(
        "ofdmisac.scenarios").__file__).with_name("bm_mmwave.toml")),), {}),
    # public methods (self first)
    "waveforms.Carrier.cp_lengths": lambda: ((_carrier(), 1), {}),
    "waveforms.Carrier.slot_start_sample": lambda: ((_carrier(), 3), {}),
    "waveforms.Carrier.symbol_start_times_s": lambda: ((_carrier(), 1), {}),
    "waveforms.SensingGrid.from_carrier": lambda: ((_carrier(),), dict(fc_hz=28e9,
                                                                       n_symbols=14)),
    "waveforms.SensingGrid.delay_doppler": lambda: ((_grid(), 50.0, 3.0), {}),
    "network.BeamManagementScenario.replace": lambda: ((_mmwave(),), dict(n_beams=8)),
    "network.JointCoverageScenario.z_of_x": lambda: ((_joint(), 0.5), {}),
    "estimators.CrlbErrorModel.from_sensing": lambda: ((_grid(),), {}),
    "estimators.ErrorModelWaveform": lambda: ((), dict(fc_hz=28e9, bandwidth_hz=100e6,
                                                       duration_s=1e-3)),
    "scenarios.preset_description": lambda: (("bm_mmwave",), {}),
}
METHODS = [k for k in BASELINES if k.count(".") == 2]


def _mmwave():
    from ofdmisac.network import BeamManagementScenario

    return BeamManagementScenario.mmwave()


def _joint():
    from ofdmisac.network import JointCoverageScenario

    return JointCoverageScenario()


# Parameter kinds by name: (callable pattern, parameter pattern) -> kind; first match wins.
# Kinds: "real" (any finite number), "nonneg" (>= 0), "positive" (> 0), "prob" ([0, 1]),
# "int" (any integer), "index" (integer >= 0), "count" (integer >= 1), "size" (a count that
# sizes an allocation or a loop: also HUGE), "flag" (bool: not driven), "free" (not driven:
# any value is meaningful), "choice" (a string option), "object", "array", "dtype", "rng",
# "elementwise" (NaN and inf pass through, e.g. unit conversions).
KINDS = [
    (r"^units\.", r"", "elementwise"),
    (r"", r"^(rng|seed)$", "rng"),
    (r"", r"^dtype$", "dtype"),
    (r"^estimators\.load_error_model", r"^source$", "free"),
    (r"^io\.|^scenarios\.load_toml", r"^(path|obj|columns|arrays|fig|module|qualname|"
                                     r"names|source|text)$", "free"),
    # a record of how many trials a measured model came from, not a size to allocate
    (r"^estimators\.MeasuredErrorModel$", r"^n_trials$", "count"),
    # the grid size a model's waveform records (metadata, nothing is allocated from it)
    (r"^estimators\.ErrorModelWaveform$", r"^n_(subcarriers|symbols)$", "count"),
    # a chunk larger than the number of trials is one chunk of all of them
    (r"", r"^chunk_size$", "count"),
    (r"", r"^(func|coverage|executor|progress|kwargs|axes|sweeps|points|config|out|"
          r"type|name|changes|extra_ssb_times_s)$", "free"),
    (r"", r"(_db|_dbm|_rad|_deg)$", "real"),
    (r"", r"^(pfa|p|detection_probability|misalignment_probability|rank_fraction|"
          r"comm_power_fraction|.*_probability|.*_fraction)$", "prob"),
    (r"", r"^(velocity_mps|doppler_hz|normalized_doppler|value|theta_rad|phi|mu|z|x|"
          r"delta|a|b|c0|exponent|step|varpi|g_ml|start|sigma_db)$", "real"),
    (r"", r"^(n_trials|n_samples|n_pairs|n_geometries|n_users|n_antennas|n_nodes|"
          r"n_symbols|n_subcarriers|n_fft|n_inner|n_outer|n_iter|chunk_size|"
          r"max_batch_elements|n_grid|n_per_10db|n_sequences|n_refine|n_hf|rate_nodes|"
          r"num_symbols|length|data_length|pilot_length|size|shape|n_re)$", "size"),
    (r"", r"^(n_beams|n_integrated|n_train|n_rb|workers|n_targets|n_near|n_far|"
          r"n_nearest|comb_size|symbols_per_slot|prs_slot_period|dpi|k|rank)$", "count"),
    (r"", r"^(n_.*|i_.*|slot|symbol|start_symbol|re_offset|rb_offset|l_max|"
          r"spacing_[ft]|first_subcarrier|ssb_first_rb|swerling)$", "index"),
    (r"", r"(_m|_hz|_s|_w|_m2|_per_m2|_per_km2|_per_m|_kmh|_mps|_khz)$", "nonneg"),
    (r"", r"^(snr|scir|scir_threshold|sir_threshold|nmse_threshold|noise_power|power|"
          r"rcs_power|tx_power|target_gain|user_gain|tx_gain|rx_gain|mainlobe_gain|"
          r"threshold|detection_threshold|glrt_threshold|interference_threshold|"
          r"benefit_threshold|rician_factor|alpha|path_loss_exponent|beta_.*|eta_.*|"
          r"mu0|mu_g|r|sigma)$", "nonneg"),
]


def kind_of(qual: str, pname: str, base, default) -> str:
    """The kind of parameter ``pname`` of ``qual`` (see ``KINDS``)."""
    for cpat, ppat, kind in KINDS:
        if re.search(cpat, qual) and re.search(ppat, pname):
            if kind in ("size", "count", "index") and isinstance(base, float):
                return "nonneg"
            return kind
    if isinstance(base, bool) or isinstance(default, bool):
        return "flag"
    if isinstance(base, str):
        return "choice"
    if isinstance(base, (complex, np.complexfloating)):
        return "complex"
    if isinstance(base, (int, float, np.integer, np.floating)):
        return "int" if isinstance(base, (int, np.integer)) else "real"
    if isinstance(base, np.ndarray) or _is_number_sequence(base):
        return "array"
    if base is None:
        return "optional"
    if type(base).__module__.startswith("ofdmisac"):
        return "object"
    if isinstance(base, (list, tuple)) and base and all(
            type(b).__module__.startswith("ofdmisac") for b in base):
        return "objects"
    return "unregistered"


def _is_number_sequence(v) -> bool:
    if not isinstance(v, (list, tuple)) or not v:
        return False
    try:
        a = np.asarray(v)
    except (TypeError, ValueError):
        return False
    return a.dtype.kind in "biufc"


NAN, INF = float("nan"), float("inf")
# strategies of invalid values per kind: (label, value) pairs
_COMMON = [("None", None), ("str", "abc")]
_FLOAT_BAD = [("nan", NAN), ("inf", INF), ("-inf", -INF)] + _COMMON


def _values(kind: str, base, default) -> list[tuple[str, object, bool]]:
    """(label, value, edge) triples; ``edge`` values may be valid (then no silent NaN)."""
    out: list[tuple[str, object, bool]] = []
    if kind in ("real", "nonneg", "positive", "prob"):
        out += [(lab, v, False) for lab, v in _FLOAT_BAD]
        out += [("1e300", 1e300, True)]
        if kind in ("nonneg", "positive"):
            out += [("-1", -1.0, False)]
        if kind == "positive":
            out += [("0", 0.0, False)]
        if kind == "prob":
            out += [("-0.5", -0.5, False), ("1.5", 1.5, False)]
    elif kind in ("int", "index", "count", "size"):
        out += [("2.5", 2.5, False), ("nan", NAN, False)] + [(a, b, False) for a, b in _COMMON]
        if kind in ("index", "count", "size"):
            out += [("-1", -1, False)]
        if kind in ("count", "size"):
            out += [("0", 0, True)]
        if kind == "size":
            out += [("huge", HUGE, False)]
    elif kind == "complex":
        out += [("nan", complex(NAN, 0.0), False), ("str", "abc", False)]
    elif kind == "choice":
        out += [("unknown", "no-such-option", False), ("int", 3, False)]
    elif kind in ("object", "objects"):
        out += [("float", 3.5, False), ("str", "abc", False)]
        if kind == "objects":
            out += [("[str]", ["abc"], False)]
    elif kind == "array":
        a = np.array(base)
        out += [("str", "abc", False), ("[]", np.array([]), True),
                ("1e300", np.full(a.shape, 1e300), True)]
        if a.size:
            bad = a.astype(complex if a.dtype.kind == "c" else float).copy()
            bad.flat[0] = NAN
            out += [("nan-element", bad, False)]
            if a.ndim >= 1:
                out += [("extra-axis", a[..., None] * np.ones(3), True)]
    elif kind == "dtype":
        out += [("int32", np.int32, False), ("float64", np.float64, False),
                ("str", "abc", False)]
    elif kind == "rng":
        out += [("str", "abc", False), ("-1", -1, False), ("2.5", 2.5, False)]
    elif kind == "optional":
        out += [("str", "abc", True)]
    if default is not inspect.Parameter.empty and default is None:
        out = [o for o in out if o[1] is not None]
    # dtype=None is a valid choice where it means "the complex result type of the inputs"
    if kind not in ("free", "flag", "elementwise", "optional", "dtype") and not (
            default is not inspect.Parameter.empty and default is None) and not any(
            o[1] is None for o in out):
        out.append(("None", None, False))
    return out


# ----------------------------------------------------------------------------------------
# callables and baselines

def _target(qual: str):
    parts = qual.split(".")
    obj = importlib.import_module(f"ofdmisac.{parts[0]}")
    for p in parts[1:]:
        obj = getattr(obj, p)
    return obj


def public_callables() -> list[str]:
    """Qualified names ``"sub.name"`` of every public callable, plus ``METHODS``."""
    out = []
    for sub in SUBPACKAGES:
        module = importlib.import_module(f"ofdmisac.{sub}")
        for name in module.__all__:
            obj = getattr(module, name)
            if callable(obj) and not isinstance(obj, (np.ndarray, dict)):
                out.append(f"{sub}.{name}")
    return sorted(out) + sorted(METHODS)


@cache
def _doctest_baseline(qual: str):
    """(args, kwargs) of the first call of ``qual`` in its docstring example, or None."""
    sub, name = qual.split(".")
    module = importlib.import_module(f"ofdmisac.{sub}")
    obj = getattr(module, name)
    calls = []

    def recorder(*args, **kwargs):
        if not calls:
            calls.append(copy.deepcopy((args, kwargs)))
        return obj(*args, **kwargs)

    globs = {**{k: getattr(module, k) for k in module.__all__}, "np": np, name: recorder}
    setattr(module, name, recorder)
    try:
        tests = doctest.DocTestFinder(recurse=False).find(obj, name, globs=globs)
        with tempfile.TemporaryDirectory() as tmp, _chdir(tmp), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for test in tests[:1]:
                doctest.DocTestRunner(optionflags=doctest.ELLIPSIS).run(
                    test, out=lambda s: None)
    finally:
        setattr(module, name, obj)
    return calls[0] if calls else None


@contextlib.contextmanager
def _chdir(path):
    old = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def baseline(qual: str):
    """A fresh copy of the valid call of ``qual``: (args, kwargs), or None."""
    if qual in BASELINES:
        return BASELINES[qual]()
    if qual.count(".") == 1:
        found = _doctest_baseline(qual)
        return None if found is None else copy.deepcopy(found)
    return None


# ----------------------------------------------------------------------------------------
# running one case

class _TimeLimit(Exception):
    pass


@contextlib.contextmanager
def _time_limit(seconds):
    if not hasattr(signal, "setitimer"):  # pragma: no cover
        yield
        return

    def handler(signum, frame):
        raise _TimeLimit

    old = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _has_nan(result) -> bool:
    if isinstance(result, (float, complex, np.floating, np.complexfloating)):
        return bool(np.isnan(result))
    if isinstance(result, np.ndarray) and result.dtype.kind in "fc":
        return bool(np.isnan(result).any())
    if isinstance(result, (tuple, list)):
        return any(_has_nan(r) for r in result[:50])
    if hasattr(result, "__dataclass_fields__"):
        return any(_has_nan(getattr(result, f)) for f in result.__dataclass_fields__)
    return False


def parameters(qual: str):
    """[(name, baseline value, default, kind)] of the parameters that are driven."""
    base = baseline(qual)
    if base is None:
        return []
    func = _target(qual)
    sig = inspect.signature(func)
    args, kwargs = base
    bound = sig.bind(*args, **kwargs)
    out = []
    for pname, p in sig.parameters.items():
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) or pname in ("self", "cls"):
            continue
        if (qual.count(".") == 2 and inspect.isfunction(func)
                and pname == next(iter(sig.parameters))):
            continue
        value = bound.arguments.get(pname, p.default)
        if value is inspect.Parameter.empty:
            continue
        out.append((pname, value, p.default, kind_of(qual, pname, value, p.default)))
    return out


def run_case(qual: str, pname: str, value, edge: bool) -> str | None:
    """None if the call behaves (clear error, or a NaN-free result for an edge value),
    else a one-line description of what went wrong."""
    func = _target(qual)
    args, kwargs = baseline(qual)
    bound = inspect.signature(func).bind(*args, **kwargs)
    bound.arguments[pname] = value
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"), _time_limit(CALL_LIMIT_S):
            warnings.simplefilter("ignore")
            result = func(*bound.args, **bound.kwargs)
    except _TimeLimit:
        return f"ran over {CALL_LIMIT_S:g} s"
    except (ValueError, TypeError) as exc:
        msg = str(exc)
        if re.search(rf"(?<![A-Za-z0-9_]){re.escape(pname)}(?![A-Za-z0-9_])", msg):
            return None
        return f"{type(exc).__name__} not naming {pname}: {msg[:100]}"
    except Exception as exc:  # noqa: BLE001 - the point is to report any other error
        return f"{type(exc).__name__}: {str(exc)[:100]}"
    if edge:
        return "silent NaN" if _has_nan(result) else None
    return "accepted" + (" (NaN result)" if _has_nan(result) else "")


def cases(qual: str):
    """Every (pname, label, value, edge) of ``qual``."""
    out = []
    for pname, base, default, kind in parameters(qual):
        for label, value, edge in _values(kind, base, default):
            out.append((pname, label, value, edge))
    return out


@cache
def known_gaps() -> frozenset[str]:
    if not GAPS_FILE.exists():
        return frozenset()
    return frozenset(line.split("  #")[0].strip() for line in GAPS_FILE.read_text().splitlines()
                     if line.strip() and not line.startswith("#"))


def _key(qual, pname, label):
    return f"{qual}:{pname}={label}"


# ----------------------------------------------------------------------------------------
# the tests

CALLABLES = public_callables()


def test_every_public_callable_has_a_baseline():
    missing = [q for q in CALLABLES if q not in EXEMPT and baseline(q) is None]
    assert not missing, (
        f"no baseline call for {missing}: give the docstring an example that calls it, or "
        "register one in BASELINES (or, for a result container, in EXEMPT) in "
        "tests/test_bad_input.py")


def test_every_parameter_has_a_strategy():
    bad = [f"{q}:{p}" for q in CALLABLES if q not in EXEMPT
           for p, _, _, kind in parameters(q) if kind == "unregistered"]
    assert not bad, (f"no strategy for {bad}: register the parameter's kind in KINDS in "
                     "tests/test_bad_input.py")


_SETTINGS = settings(max_examples=6, deadline=None, derandomize=True, database=None,
                     suppress_health_check=list(HealthCheck))


@pytest.mark.parametrize("qual", [q for q in CALLABLES if q not in EXEMPT])
@_SETTINGS
@given(data=st.data())
def test_invalid_values_give_a_clear_error(qual, data):
    all_cases = cases(qual)
    if not all_cases:
        return
    gaps = known_gaps()
    pname, label, value, edge = data.draw(st.sampled_from(all_cases), label="case")
    problem = run_case(qual, pname, value, edge)
    key = _key(qual, pname, label)
    if key in gaps:
        assert problem is not None, f"{key} now gives a clear error: remove it from {GAPS_FILE}"
    else:
        assert problem is None, f"{qual}({pname}={label}): {problem}"


def _random_value(kind):
    neg = st.floats(max_value=-1e-9, min_value=-1e12)
    if kind in ("nonneg", "positive"):
        return neg
    if kind == "prob":
        return st.one_of(neg, st.floats(min_value=1.0 + 1e-9, max_value=1e12))
    if kind in ("index", "count", "size"):
        return st.one_of(st.integers(max_value=-1, min_value=-10**6),
                         st.floats(min_value=0.01, max_value=1e6).filter(
                             lambda v: v != round(v)))
    if kind == "int":
        return st.floats(min_value=0.01, max_value=1e6).filter(lambda v: v != round(v))
    return None


def _random_parameters(qual):
    """(name, kind) of the numeric parameters of ``qual`` without a known gap."""
    gaps = known_gaps()
    return [(p, k) for p, _, _, k in parameters(qual) if _random_value(k) is not None
            and not any(g.startswith(f"{qual}:{p}=") for g in gaps)]


@pytest.mark.parametrize("qual", [q for q in CALLABLES if q not in EXEMPT])
@settings(max_examples=3, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_random_out_of_domain_numbers_give_a_clear_error(qual, data):
    eligible = _random_parameters(qual)
    if not eligible:
        return
    pname, kind = data.draw(st.sampled_from(eligible), label="parameter")
    value = data.draw(_random_value(kind), label=pname)
    problem = run_case(qual, pname, value, False)
    assert problem is None, f"{qual}({pname}={value!r}): {problem}"


def test_known_gaps_are_real_cases():
    every = {_key(q, p, lab) for q in CALLABLES if q not in EXEMPT
             for p, lab, _, _ in cases(q)}
    stale = sorted(known_gaps() - every)
    assert not stale, f"{GAPS_FILE.name} lists cases that do not exist: {stale[:10]}"


# ----------------------------------------------------------------------------------------
# census

def census(write_gaps: bool = False):
    """Run every case once; print the counts; optionally rewrite the known-gap list."""
    total = clear = 0
    problems = {}
    for qual in CALLABLES:
        if qual in EXEMPT:
            continue
        for pname, label, value, edge in cases(qual):
            total += 1
            problem = run_case(qual, pname, value, edge)
            if problem is None:
                clear += 1
            else:
                problems[_key(qual, pname, label)] = problem
    kinds: dict[str, int] = {}
    for p in problems.values():
        head = p.split(":")[0].split(" (")[0]
        head = "unnamed ValueError/TypeError" if "not naming" in head else head
        kinds[head] = kinds.get(head, 0) + 1
    print(f"{len([q for q in CALLABLES if q not in EXEMPT])} callables, {total} cases: "
          f"{clear} clear, {total - clear} not")
    for k, n in sorted(kinds.items(), key=lambda kv: -kv[1]):
        print(f"  {n:5d}  {k}")
    if write_gaps:
        lines = ["# (callable:parameter=value) cases without a clear error yet; only shrinks.",
                 "# Regenerate with: python tests/test_bad_input.py --write-gaps"]
        lines += [f"{k}  # {v}" for k, v in sorted(problems.items())]
        GAPS_FILE.write_text("\n".join(lines) + "\n")
    return total, clear, problems


if __name__ == "__main__":
    census(write_gaps="--write-gaps" in sys.argv)
