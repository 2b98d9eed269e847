"""Numpydoc validation of the public API (configured in pyproject.toml,
``[tool.numpydoc_validation]``).

Every public function and class of the package, and every public method or classmethod of
a public class, is validated with :func:`numpydoc.validate.validate`; the checks listed in
the configuration must pass except where an ``exclude`` pattern (``"qualified.name:CODE"``,
a regular expression with a reason next to it in the configuration) says otherwise. ``RS01``
is this project's own check: functions and classes have a ``Raises`` section.
"""

import importlib
import inspect
import re
import sys
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

numpydoc_validate = pytest.importorskip("numpydoc.validate")

CONFIG = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())[
    "tool"]["numpydoc_validation"]
MODULES = ["waveforms", "channel", "estimators", "network", "io", "units", "sweep", "plotting",
           "config", "recordings", "receiver"]


def _public_objects():
    out = []
    for sub in MODULES:
        module = importlib.import_module(f"ofdmisac.{sub}")
        for name in module.__all__:
            obj = getattr(module, name)
            if not (inspect.isfunction(obj) or inspect.isclass(obj)):
                continue
            out.append((f"ofdmisac.{sub}.{name}", obj, False))
            if inspect.isclass(obj):
                for attr, value in vars(obj).items():
                    if attr.startswith("_"):
                        continue
                    if inspect.isfunction(value) or isinstance(value, (classmethod,
                                                                       staticmethod)):
                        out.append((f"ofdmisac.{sub}.{name}.{attr}", value, True))
    return out


OBJECTS = _public_objects()


def _excluded(qualname, code):
    return any(re.search(p, f"{qualname}:{code}") for p in CONFIG["exclude"])


def _errors(qualname, is_method):
    result = numpydoc_validate.validate(qualname)
    errors = [(c, m) for c, m in result["errors"] if c in CONFIG["checks"]]
    if "RS01" in CONFIG["checks"] and not is_method:
        doc = numpydoc_validate.get_doc_object(numpydoc_validate.Validator._load_obj(qualname))
        if not doc["Raises"]:
            errors.append(("RS01", "No Raises section found"))
    return [(c, m) for c, m in errors if not _excluded(qualname, c)]


@pytest.mark.parametrize("qualname, is_method", [(q, m) for q, _, m in OBJECTS],
                         ids=[q for q, _, _ in OBJECTS])
def test_numpydoc(qualname, is_method):
    errors = _errors(qualname, is_method)
    assert not errors, "\n".join(f"{qualname}: {c} {m}" for c, m in errors)


def test_exclusions_are_used():
    # an exclusion that matches nothing is stale: remove it
    names = [q for q, _, _ in OBJECTS]
    for pattern in CONFIG["exclude"]:
        assert any(re.search(pattern, f"{q}:{c}") for q in names for c in CONFIG["checks"]), \
            pattern
