"""
Experiment configuration (:mod:`ofdmisac.config`)
=================================================

One TOML file describes an ``ofdmisac run`` from the waveform to the network numbers:

``[run]``
    ``seed``, ``stages`` and the Monte Carlo sizes ``[run.trials]`` (full run) and
    ``[run.quick_trials]`` (``--quick``: the same waveform, fewer trials and points).
``[carrier]``
    The NR carrier: ``fc_ghz`` (also the network scenario's f_c), ``scs_khz`` (also its
    f_Delta), ``n_rb`` (the ISAC frame).
``[frame]``
    The ISAC frame of the ``frame`` stage (durations in ms).
``[prs]``
    A TS 38.211 DL-PRS resource (the frame's PRS, and the sensing pilots when
    ``sensing.pilot = "prs"``).
``[sensing]``
    ``pilot``: ``"optimal"`` (the [BM] PRS block of Theorem 4 for the scenario, budget and
    spacings in ``[sensing.design]``; a spacing 0 means eq. (40)), ``"block"`` (the [BM] block
    ``[sensing.design]`` as given, ``delta`` included) or ``"prs"`` (``[prs]`` repeated in
    ``n_slots`` slots); ``scir_db``: the SCIR points of the measured error model.
``[scene]``
    The radar scene of the ``sensing`` stage: ``targets`` (range, velocity, RCS, Swerling
    model), ``[scene.clutter]``, ``[scene.interference]``, per-RE SCIR and SNR.
``[analysis]``
    The beam numbers n_B swept by the ``network`` stage (full and quick).
``[network]``
    The [BM] network scenario (:class:`~ofdmisac.network.BeamManagementScenario`, keys in
    human units with the unit as suffix; f_c and f_Delta come from ``[carrier]``).
``[coupling]``
    The [CC] scenario (:class:`~ofdmisac.network.JointCoverageScenario`; densities per km^2,
    the GLRT threshold in dB).

A file may start with ``base = "NAME"`` (a preset or another file, relative to this one)
and give only the keys it changes: tables merge key by key, other values replace. Every
key is checked: an unknown key, a wrong type or a value out of range is an error naming
the file, the dotted key and what is allowed. A file without ``base`` must give every key.
Presets ship as package data (``ofdmisac/scenarios/*.toml``): ``bm_mmwave`` and ``bm_thz``
([BM] Table II) and ``cc_default`` ([CC] Section 5.1).

The resolved configuration is a plain nested ``dict`` with every key present
(:func:`load_config`); :func:`network_scenario` and :func:`coupling_scenario` build the
typed scenarios from it, :func:`config_to_toml` writes it back as TOML.

Functions
---------

.. autosummary::

   available_presets -- Names of the experiment presets shipped with ofdmisac
   load_config       -- Load and resolve an experiment configuration (preset name or TOML file)
   resolve_config    -- Resolve and validate an experiment configuration given as a dict
   config_to_toml    -- The TOML text of a configuration (round trip through :func:`resolve_config`)
   network_scenario  -- The [BM] network scenario of a resolved configuration
   coupling_scenario -- The [CC] joint-coverage scenario of a resolved configuration
   prs_config        -- The TS 38.211 DL-PRS resource of a resolved configuration
"""

from __future__ import annotations

import copy
import difflib
import math
import sys
from os import PathLike
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["available_presets", "config_to_toml", "coupling_scenario", "load_config",
           "network_scenario", "prs_config", "resolve_config"]

_STAGES = ("frame", "sensing", "network", "mimo")


# --- key specifications --------------------------------------------------------------------
class _Spec:
    """One key: its kind, range and the words that say what is allowed."""

    def __init__(self, kind, *, minimum=None, maximum=None, strict_min=False, choices=None,
                 item=None, min_len=0, fields=None):
        self.kind, self.minimum, self.maximum = kind, minimum, maximum
        self.strict_min, self.choices, self.item = strict_min, choices, item
        self.min_len, self.fields = min_len, fields

    def allowed(self) -> str:
        if self.kind == "choice":
            return "choose one of " + ", ".join(repr(c) for c in self.choices)
        if self.kind == "list":
            return (f"use a list of at least {self.min_len} item(s), each: "
                    + self.item.allowed().removeprefix("use "))
        if self.kind == "tables":
            return ("use a list of tables with the keys " + ", ".join(self.fields)
                    + f" (at least {self.min_len})")
        word = {"int": "an integer", "float": "a finite number", "bool": "true or false",
                "str": "a string"}[self.kind]
        bounds = []
        if self.minimum is not None:
            bounds.append(("> " if self.strict_min else ">= ") + f"{self.minimum:g}")
        if self.maximum is not None:
            bounds.append(f"<= {self.maximum:g}")
        return f"use {word}" + (" " + " and ".join(bounds) if bounds else "")

    def check(self, value) -> bool:
        if self.kind == "choice":
            return (not isinstance(value, bool) and value in self.choices
                    and type(value) in {type(c) for c in self.choices})
        if self.kind == "bool":
            return isinstance(value, bool)
        if self.kind == "str":
            return isinstance(value, str)
        if self.kind == "list":
            return (isinstance(value, list) and len(value) >= self.min_len
                    and all(self.item.check(v) for v in value))
        if self.kind == "tables":
            return False  # checked item by item in _check_tables
        if isinstance(value, bool):
            return False
        if self.kind == "int" and not isinstance(value, int):
            return False
        if self.kind == "float":
            if not isinstance(value, (int, float)) or not math.isfinite(value):
                return False
        if self.minimum is not None and (value < self.minimum
                                         or (self.strict_min and value == self.minimum)):
            return False
        return self.maximum is None or value <= self.maximum


def _int(minimum=None, maximum=None):
    return _Spec("int", minimum=minimum, maximum=maximum)


def _pos():
    return _Spec("float", minimum=0.0, strict_min=True)


def _nonneg():
    return _Spec("float", minimum=0.0)


def _real():
    return _Spec("float")


_TRIALS = {"sensing": _int(2), "uplink": _int(2), "downlink": _int(2),
           "coverage_geometries": _int(1), "coverage_trials": _int(1)}

_TARGET = {"range_m": _pos(), "velocity_mps": _real(), "rcs_m2": _pos(),
           "swerling": _int(0, 4)}

_SCHEMA: dict = {
    "run": {
        "seed": _int(0),
        "stages": _Spec("list", item=_Spec("choice", choices=_STAGES), min_len=1),
        "trials": dict(_TRIALS),
        "quick_trials": dict(_TRIALS),
    },
    "carrier": {"fc_ghz": _pos(), "scs_khz": _Spec("choice", choices=(15, 30, 60, 120, 240)),
                "n_rb": _int(1, 275)},
    "frame": {"duration_ms": _pos(), "ssb_period_ms": _pos(), "prs_offset_ms": _nonneg(),
              "prs_duration_ms": _nonneg()},
    "prs": {"comb_size": _Spec("choice", choices=(2, 4, 6, 12)), "num_symbols": _int(1, 12),
            "start_symbol": _int(0, 13), "n_rb": _int(1, 275), "rb_offset": _int(0, 274),
            "n_slots": _int(1, 80)},
    "sensing": {
        "pilot": _Spec("choice", choices=("optimal", "block", "prs")),
        "scir_db": _Spec("list", item=_real(), min_len=2),
        "quick_scir_db": _Spec("list", item=_real(), min_len=2),
        "design": {"n_re": _int(2), "spacing_t": _int(0), "spacing_f": _int(0),
                   "delta": _Spec("float", minimum=0.0, strict_min=True, maximum=1.0)},
    },
    "scene": {
        "scir_db": _real(), "snr_db": _real(),
        "targets": _Spec("tables", fields=tuple(_TARGET), min_len=1),
        "clutter": {"enabled": _Spec("bool"), "density_per_m2": _pos(), "mean_rcs_m2": _pos(),
                    "n_beams": _int(1), "doppler_spread_mps": _nonneg()},
        "interference": {"distances_m": _Spec("list", item=_pos(), min_len=0),
                         "n_beams": _int(1)},
    },
    "analysis": {"n_beams": _Spec("list", item=_int(1), min_len=1),
                 "quick_n_beams": _Spec("list", item=_int(1), min_len=1)},
    "network": {
        "alpha_los": _pos(), "alpha_nlos": _Spec("float", minimum=2.0, strict_min=True),
        "bs_density_per_km2": _pos(), "blocker_density_per_km2": _pos(),
        "blocker_radius_m": _pos(), "n_beams": _int(1), "mainlobe_gain_db": _real(),
        "sensing_power_dbm": _real(), "comm_power_dbm": _real(), "speed_kmh": _nonneg(),
        "prs_duration_ms": _pos(), "prs_bandwidth_mhz": _pos(), "carrier_bandwidth_mhz": _pos(),
        "ssb_bandwidth_mhz": _pos(), "symbol_duration_us": _pos(), "ssb_period_ms": _nonneg(),
        "rrc_delay_ms": _nonneg(), "rach_delay_ms": _nonneg(), "prs_resource_elements": _int(1),
        "prs_symbol_spacing": _int(1), "prs_subcarrier_spacing": _int(1),
        "max_range_m": _pos(), "max_velocity_kmh": _pos(),
    },
    "coupling": {
        "user_density_per_km2": _pos(), "target_density_per_km2": _pos(), "n_users": _int(1),
        "n_targets": _int(1), "n_antennas": _int(1), "user_power_w": _pos(),
        "target_power_w": _pos(), "c0": _pos(), "path_loss_exponent": _pos(),
        "noise_power_w": _pos(), "pilot_length": _int(1), "glrt_threshold_db": _real(),
        "rician_factor": _nonneg(),
        "comm_power_fraction": _Spec("float", minimum=0.0, maximum=1.0),
        "downlink_power_w": _pos(), "data_length": _int(1),
    },
}


# --- errors ----------------------------------------------------------------------------------
def _error(source, key, value, requirement):
    from ._validation import show

    return ValueError(f"{source}: {key}={show(value)} is not allowed; {requirement}")


def _unknown(source, prefix, key, allowed):
    dotted = f"{prefix}{key}"
    table = f"[{prefix[:-1]}]" if prefix else "the top level"
    close = difflib.get_close_matches(key, list(allowed), n=1, cutoff=0.6)
    hint = f" (did you mean {prefix + close[0]!r}?)" if close else ""
    return ValueError(f"{source}: key {dotted!r} is not allowed; use one of the keys of "
                      f"{table}: {', '.join(allowed)}{hint}")


def _check_tables(source, dotted, value, spec):
    if not isinstance(value, list) or len(value) < spec.min_len:
        raise _error(source, dotted, value, spec.allowed())
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            raise _error(source, f"{dotted}[{i}]", item, spec.allowed())
        for k, v in item.items():
            if k not in _TARGET:
                raise _unknown(source, f"{dotted}[{i}].", k, _TARGET)
            if not _TARGET[k].check(v):
                raise _error(source, f"{dotted}[{i}].{k}", v, _TARGET[k].allowed())
        missing = [k for k in _TARGET if k not in item]
        if missing:
            raise ValueError(f"{source}: {dotted}[{i}] is missing the key(s) "
                             f"{', '.join(missing)}")


def _validate(data, schema, source, prefix=""):
    """Check the keys and values present in ``data`` (a layer; missing keys are allowed)."""
    for key, value in data.items():
        if key not in schema:
            raise _unknown(source, prefix, key, schema)
        spec, dotted = schema[key], f"{prefix}{key}"
        if isinstance(spec, dict):
            if not isinstance(value, dict):
                raise _error(source, dotted, value, f"use a table [{dotted}]")
            _validate(value, spec, source, dotted + ".")
        elif spec.kind == "tables":
            _check_tables(source, dotted, value, spec)
        elif not spec.check(value):
            raise _error(source, dotted, value, spec.allowed())


def _missing(data, schema, prefix=""):
    out = []
    for key, spec in schema.items():
        if key not in data:
            out.append(f"{prefix}{key}")
        elif isinstance(spec, dict):
            out += _missing(data[key], spec, f"{prefix}{key}.")
    return out


def _merge(base: dict, over: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _floats(data, schema):
    """Integers given for real-valued keys become floats (so the TOML round trip is exact)."""
    for key, spec in schema.items():
        if key not in data:
            continue
        if isinstance(spec, dict):
            _floats(data[key], spec)
        elif spec.kind == "float":
            data[key] = float(data[key])
        elif spec.kind == "list" and spec.item.kind == "float":
            data[key] = [float(v) for v in data[key]]
        elif spec.kind == "tables":
            for item in data[key]:
                for k in ("range_m", "velocity_mps", "rcs_m2"):
                    item[k] = float(item[k])


# --- presets and files -----------------------------------------------------------------------
def available_presets() -> list[str]:
    """Names of the experiment presets shipped with ofdmisac.

    Returns
    -------
    list of str
        Sorted preset names (the TOML files of ``ofdmisac/scenarios``).

    Raises
    ------
    OSError
        Only if the package data cannot be read (a broken installation).

    Examples
    --------
    >>> from ofdmisac.config import available_presets
    >>> available_presets()
    ['bm_mmwave', 'bm_thz', 'cc_default']
    """
    from .scenarios import available_presets as names

    return names()


def _read(source, origin: Path | None):
    """``(raw dict, name for messages, folder for relative bases)`` of a preset or a file."""
    from .scenarios import load_preset

    if isinstance(source, str) and source in available_presets():
        return load_preset(source), f"preset {source}", None
    if not isinstance(source, (str, PathLike)):
        raise TypeError(f"source={source!r} is not allowed; use a preset name "
                        f"({', '.join(available_presets())}) or the path of a TOML file")
    path = Path(source)
    if origin is not None and not path.is_absolute():
        path = origin / path
    path = path.resolve() if path.is_file() else path
    if not path.is_file():
        raise ValueError(f"config={str(source)!r} is not allowed; use a preset name "
                         f"({', '.join(available_presets())}) or the path of an existing "
                         "TOML file")
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: not valid TOML ({exc})") from None
    return data, str(path), path.parent


def _resolve(data, source, origin, chain):
    if not isinstance(data, dict):
        raise TypeError(f"data={data!r} is not allowed; use a dict (a parsed TOML document)")
    data = dict(data)
    base = data.pop("base", None)
    _validate(data, _SCHEMA, source)
    if base is None:
        merged = copy.deepcopy(data)
    else:
        if not isinstance(base, str):
            raise _error(source, "base", base, "use a preset name or the path of a TOML file")
        raw, name, folder = _read(base, origin)
        if name in chain:
            raise ValueError(f"{source}: base={base!r} is not allowed; it makes a cycle "
                             f"({' -> '.join([*chain, name])})")
        merged = _merge(_resolve(raw, name, folder, (*chain, name)), data)
    return merged


def resolve_config(data: dict, *, source: str = "<config>", origin=None) -> dict:
    """Resolve and validate an experiment configuration given as a dict.

    Parameters
    ----------
    data : dict
        A parsed TOML document: the tables of the format (module docstring), optionally
        ``base`` (a preset name or a TOML path) whose values the others override.
    source : str, optional
        How errors name the document (default ``"<config>"``).
    origin : str or os.PathLike, optional
        Folder that a relative ``base`` path is relative to (default: the working folder).

    Returns
    -------
    dict
        The configuration with every key present (real-valued keys as ``float``).

    Raises
    ------
    ValueError
        An unknown key (the message names the source, the dotted key, the allowed keys
        and a close match), a value of the wrong type or out of range (naming what is
        allowed), missing keys without a ``base``, a ``base`` cycle or an unknown preset,
        or values the typed scenarios refuse.
    TypeError
        ``data`` is not a dict.

    Examples
    --------
    >>> from ofdmisac.config import resolve_config
    >>> cfg = resolve_config({"base": "bm_thz", "network": {"n_beams": 64}})
    >>> cfg["carrier"]["fc_ghz"], cfg["network"]["n_beams"], cfg["network"]["max_range_m"]
    (100.0, 64, 200.0)
    >>> try:
    ...     resolve_config({"base": "bm_thz", "network": {"n_beam": 64}})
    ... except ValueError as exc:
    ...     message = str(exc)
    >>> print(message.split(";")[0])
    <config>: key 'network.n_beam' is not allowed
    >>> print(message.split("(")[-1])
    did you mean 'network.n_beams'?)
    """
    folder = None if origin is None else Path(origin)
    merged = _resolve(data, source, folder, (source,))
    missing = _missing(merged, _SCHEMA)
    if missing:
        raise ValueError(f"{source}: missing key(s) {', '.join(missing)}; give them or start "
                         f"the file with base = \"NAME\" (one of {', '.join(available_presets())})")
    _floats(merged, _SCHEMA)
    _check_typed(merged, source)
    return merged


def load_config(source) -> dict:
    """Load and resolve an experiment configuration (preset name or TOML file).

    Parameters
    ----------
    source : str or os.PathLike
        A preset name (:func:`available_presets`) or the path of a TOML file in the format
        of this module.

    Returns
    -------
    dict
        The resolved configuration (:func:`resolve_config`).

    Raises
    ------
    ValueError
        No such preset or file, invalid TOML, or any error of :func:`resolve_config`
        (messages name the file).
    TypeError
        ``source`` is not a string or path.

    Examples
    --------
    >>> from ofdmisac.config import load_config
    >>> cfg = load_config("bm_mmwave")
    >>> cfg["carrier"], cfg["sensing"]["pilot"]
    ({'fc_ghz': 30.0, 'scs_khz': 240, 'n_rb': 132}, 'optimal')
    """
    data, name, folder = _read(source, None)
    return resolve_config(data, source=name, origin=folder)


# --- typed views -----------------------------------------------------------------------------
def network_scenario(config: dict, *, name: str = "custom"):
    """The [BM] network scenario of a resolved configuration.

    Parameters
    ----------
    config : dict
        A resolved configuration (:func:`load_config`); ``[network]`` plus f_c and
        f_Delta of ``[carrier]``.
    name : str, optional
        The scenario's label (default ``"custom"``).

    Returns
    -------
    BeamManagementScenario
        Built by :meth:`~ofdmisac.network.BeamManagementScenario.from_dict` (SI units).

    Raises
    ------
    ValueError
        A value the scenario refuses.

    Examples
    --------
    >>> from ofdmisac.config import load_config, network_scenario
    >>> s = network_scenario(load_config("bm_thz"))
    >>> s.fc_hz, s.max_range_m
    (100000000000.0, 200.0)
    """
    from .network import BeamManagementScenario

    data = dict(config["network"], fc_ghz=config["carrier"]["fc_ghz"],
                scs_khz=float(config["carrier"]["scs_khz"]), name=name)
    return BeamManagementScenario.from_dict(data)


def coupling_scenario(config: dict):
    """The [CC] joint-coverage scenario of a resolved configuration.

    Parameters
    ----------
    config : dict
        A resolved configuration (:func:`load_config`); uses ``[coupling]``.

    Returns
    -------
    JointCoverageScenario
        Densities converted from per km^2 to per m^2, the GLRT threshold from dB.

    Raises
    ------
    ValueError
        A value the scenario refuses (e.g. ``n_targets != n_users``).

    Examples
    --------
    >>> from ofdmisac.config import coupling_scenario, load_config
    >>> s = coupling_scenario(load_config("cc_default"))
    >>> s.n_antennas, s.user_density_per_m2
    (64, 0.0001)
    """
    from .network import JointCoverageScenario

    c = dict(config["coupling"])
    c["user_density_per_m2"] = c.pop("user_density_per_km2") / 1e6
    c["target_density_per_m2"] = c.pop("target_density_per_km2") / 1e6
    c["glrt_threshold"] = 10.0 ** (c.pop("glrt_threshold_db") / 10.0)
    return JointCoverageScenario(**c)


def _check_typed(config, source):
    """Build the typed objects once so that their checks name the file and the table."""
    from .waveforms import Carrier

    for table, build in (("network", lambda: network_scenario(config)),
                         ("coupling", lambda: coupling_scenario(config)),
                         ("carrier", lambda: Carrier(scs_khz=config["carrier"]["scs_khz"],
                                                     n_rb=config["carrier"]["n_rb"])),
                         ("prs", lambda: prs_config(config))):
        try:
            build()
        except (ValueError, TypeError) as exc:
            raise ValueError(f"{source}: [{table}] {exc}") from None
    prs = config["prs"]
    if prs["rb_offset"] + prs["n_rb"] > config["carrier"]["n_rb"]:
        raise _error(source, "prs.n_rb", prs["n_rb"],
                     f"use rb_offset + n_rb <= carrier.n_rb = {config['carrier']['n_rb']}")


def prs_config(config: dict):
    """The TS 38.211 DL-PRS resource of a resolved configuration.

    Parameters
    ----------
    config : dict
        A resolved configuration (:func:`load_config`); uses ``[prs]`` (``n_slots`` is the
        length of the sensing grid, not part of the resource).

    Returns
    -------
    PRSConfig
        Comb size, symbols, start symbol, bandwidth and RB offset of ``[prs]``.

    Raises
    ------
    ValueError
        A combination :class:`~ofdmisac.waveforms.PRSConfig` refuses.

    Examples
    --------
    >>> from ofdmisac.config import load_config, prs_config
    >>> p = prs_config(load_config("bm_mmwave"))
    >>> p.comb_size, p.num_symbols, p.n_rb
    (4, 12, 84)
    """
    from .waveforms import PRSConfig

    p = config["prs"]
    return PRSConfig(comb_size=p["comb_size"], num_symbols=p["num_symbols"],
                     start_symbol=p["start_symbol"], n_rb=p["n_rb"], rb_offset=p["rb_offset"])


# --- TOML output ----------------------------------------------------------------------------
def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"value={value!r} is not allowed; TOML output takes numbers, strings, "
                    "lists and tables")


def _toml_table(data: dict, name: str, lines: list) -> None:
    scalars = {k: v for k, v in data.items() if not isinstance(v, dict)}
    tables = {k: v for k, v in data.items() if isinstance(v, dict)}
    if name:
        lines.append(f"[{name}]")
    for k, v in scalars.items():
        lines.append(f"{k} = {_toml_value(v)}")
    if name or scalars:
        lines.append("")
    for k, v in tables.items():
        _toml_table(v, f"{name}.{k}" if name else k, lines)


def config_to_toml(config: dict) -> str:
    """The TOML text of a configuration (round trip through :func:`resolve_config`).

    Parameters
    ----------
    config : dict
        A resolved configuration.

    Returns
    -------
    str
        TOML: one table per section, ``scene.targets`` as a list of inline tables;
        ``tomllib.loads`` of it gives ``config`` back.

    Raises
    ------
    TypeError
        A value TOML cannot hold.

    Examples
    --------
    >>> from ofdmisac.config import config_to_toml, load_config, resolve_config
    >>> text = config_to_toml(load_config("bm_mmwave"))
    >>> print(text.splitlines()[0])
    [run]
    """
    lines: list = []
    _toml_table(config, "", lines)
    return "\n".join(lines).rstrip() + "\n"
