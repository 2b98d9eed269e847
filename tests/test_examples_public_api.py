"""The examples and the pipeline stages use only the public API of the package.

Every ``examples/*.py`` and every ``ofdmisac/_stages/*.py`` (and ``ofdmisac/cli.py``) is
parsed with :mod:`ast`; an import of a module path with a component starting with ``_``
below ``ofdmisac`` (``ofdmisac._random``, ``ofdmisac.network._geometry``) or of a private
name from an ``ofdmisac`` module (``from ofdmisac.io import _atomic_path``) fails the test,
listed as ``file:line``. The stages may import each other (``ofdmisac._stages.*``,
``ofdmisac._stages._context`` included), the command line may import the stages, and both
may use the shared message template of ``ofdmisac._validation`` for command-line options.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.py"))
STAGES = sorted((ROOT / "ofdmisac" / "_stages").glob("*.py")) + [ROOT / "ofdmisac" / "cli.py"]
# the pipeline's own package, and the shared message template for command-line options
ALLOWED_PRIVATE = ("ofdmisac._stages", "ofdmisac._validation", "ofdmisac._waveform_command")
# the provenance block records the FFT backend, planner and threads of ofdmisac._fft
# the command line registers the ``sweep`` subcommand of ofdmisac._sweep_command
ALLOWED_PER_FILE = {"_provenance.py": ("ofdmisac._fft",), "cli.py": ("ofdmisac._sweep_command",)}


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _resolve(path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _private(module: str) -> bool:
    parts = module.split(".")
    return parts[0] == "ofdmisac" and any(p.startswith("_") for p in parts[1:])


def private_imports(path: Path, allowed: tuple = ()) -> list[str]:
    """``file:line: what`` for every import of private ``ofdmisac`` API in ``path``."""
    tree = ast.parse(path.read_text(), filename=str(path))
    rel = path.relative_to(ROOT)
    found = []

    def ok(module):
        return any(module == a or module.startswith(a + ".") for a in allowed)

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _private(alias.name) and not ok(alias.name):
                    found.append(f"{rel}:{node.lineno}: import {alias.name}")
        elif isinstance(node, ast.ImportFrom):
            module = _resolve(path, node)
            if not (module == "ofdmisac" or module.startswith("ofdmisac.")) or ok(module):
                continue
            if _private(module):
                found.append(f"{rel}:{node.lineno}: from {module} import ...")
                continue
            for alias in node.names:
                full = f"{module}.{alias.name}"
                if alias.name.startswith("_") and alias.name != "__version__" and not ok(full):
                    found.append(f"{rel}:{node.lineno}: from {module} import {alias.name}")
    return found


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_import_only_public_api(path):
    found = private_imports(path)
    assert not found, "private API imported:\n" + "\n".join(found)


@pytest.mark.parametrize("path", STAGES, ids=lambda p: p.name)
def test_stages_import_only_public_api(path):
    found = private_imports(path, allowed=ALLOWED_PRIVATE
                            + ALLOWED_PER_FILE.get(path.name, ()))
    assert not found, "private API imported:\n" + "\n".join(found)


def test_the_checker_finds_private_imports(tmp_path, monkeypatch):
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    fake = tmp_path / "ofdmisac" / "_stages" / "probe.py"
    fake.parent.mkdir(parents=True)
    fake.write_text(
        "import numpy as np\n"
        "from ofdmisac import io, __version__\n"
        "from ofdmisac.network import uplink_link\n"
        "from . import _context\n"
        "from ._context import StageContext\n"
        "from .._random import as_generator\n"
        "import ofdmisac.network._geometry\n"
        "def f():\n"
        "    from ..io import _atomic_path\n"
        "    from ofdmisac.estimators.mimo._marcum import marcum_q1\n"
    )
    found = private_imports(fake, allowed=ALLOWED_PRIVATE)
    assert [f.split(":")[1] for f in found] == ["6", "7", "9", "10"], found
    assert "from ofdmisac._random import ..." in found[0]
    assert len(private_imports(fake)) == 6  # without the stage exception
