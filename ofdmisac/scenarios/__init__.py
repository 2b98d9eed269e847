"""Experiment presets stored as TOML files in this package, and their loader.

Presets: ``bm_mmwave`` and ``bm_thz`` ([BM] Table II), ``cc_default`` ([CC]
Section 5.1), in the experiment-configuration format of :mod:`ofdmisac.config` (which
resolves their ``base`` and checks every key). The typed scenarios build themselves from
them (``ofdmisac.network.BeamManagementScenario.from_preset`` reads the resolved
``[network]`` table, :func:`ofdmisac.config.coupling_scenario` the ``[coupling]`` table).
"""

from __future__ import annotations

import sys
from importlib import resources
from os import PathLike
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from .._validation import check_choice, check_instance

__all__ = ["available_presets", "load_preset", "load_toml", "preset_description"]


def available_presets() -> list[str]:
    """Names of the TOML presets shipped with ofdmisac."""
    return sorted(p.name[:-5] for p in resources.files(__name__).iterdir()
                  if p.name.endswith(".toml"))


def load_toml(path) -> dict:
    """Read a TOML file into a dict.

    Raises
    ------
    TypeError
        If ``path`` is not a ``str`` or ``os.PathLike``.
    ValueError
        If ``path`` is not an existing file.
    """
    check_instance("path", path, (str, PathLike), "str or os.PathLike")
    path = Path(path)
    if not path.is_file():
        # the whole path (fail() would shorten a long one)
        raise ValueError(f"path={str(path)!r} is not allowed; use the path of an existing "
                         "TOML file")
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def load_preset(name: str) -> dict:
    """Load the preset ``name`` (see :func:`available_presets`) into a dict.

    Raises
    ------
    ValueError
        If ``name`` is not one of :func:`available_presets`.
    """
    check_choice("name", name, available_presets())
    with resources.files(__name__).joinpath(f"{name}.toml").open("rb") as fh:
        return tomllib.load(fh)


def preset_description(name: str) -> str:
    """The first comment line of the preset ``name`` (what it is), without ``# ``.

    Raises
    ------
    ValueError
        If ``name`` is not one of :func:`available_presets`.
    """
    check_choice("name", name, available_presets())
    text = resources.files(__name__).joinpath(f"{name}.toml").read_text()
    first = text.splitlines()[0] if text else ""
    return first.lstrip("# ").split(": ", 1)[-1]
