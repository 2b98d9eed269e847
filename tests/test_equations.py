"""``docs/equations.md`` against the code's citations, both ways.

An object *implements* an equation when the ``References`` section of its numpydoc docstring
(or, for a property, its docstring) cites it in the fixed form ``[BM] eq. (17)``,
``[CC] Theorem 2`` (one equation per citation). Every such (citation, object) pair is a row
of the table in ``docs/equations.md`` and every row is such a pair; a row marked corrected
links to an entry of ``docs/errata.md`` that names the equation. Bare ranges like
``(17)-(20)`` are not allowed anywhere in the package.
"""

import importlib
import inspect
import re
from pathlib import Path

import pytest

numpydoc_docscrape = pytest.importorskip("numpydoc.docscrape")

ROOT = Path(__file__).parents[1]
CITATION = re.compile(r"\[(BM|CC)\] (eq\. \(\d+[a-z]?\)|(?:Theorem|Lemma|Corollary|Remark|"
                      r"Proposition) \d+)")
MODULES = ["waveforms", "channel", "estimators", "network", "units"]


def _objects():
    for sub in MODULES:
        module = importlib.import_module(f"ofdmisac.{sub}")
        for name in module.__all__:
            obj = getattr(module, name)
            if not (inspect.isfunction(obj) or inspect.isclass(obj)):
                continue
            yield f"ofdmisac.{sub}.{name}", obj, "object"
            if inspect.isclass(obj):
                for attr, value in vars(obj).items():
                    if attr.startswith("_"):
                        continue
                    if isinstance(value, property):
                        yield f"ofdmisac.{sub}.{name}.{attr}", value, "property"
                    elif inspect.isfunction(value) or isinstance(value, (classmethod,
                                                                         staticmethod)):
                        yield f"ofdmisac.{sub}.{name}.{attr}", value, "object"


def _code_pairs():
    pairs = set()
    for qualname, obj, kind in _objects():
        doc = inspect.getdoc(obj.__func__ if isinstance(obj, (classmethod, staticmethod))
                             else obj) or ""
        if kind == "property":
            text = doc
        else:
            refs = numpydoc_docscrape.NumpyDocString(doc)["References"]
            text = "\n".join(refs)
        for m in CITATION.finditer(text):
            pairs.add((m.group(0), qualname))
    return pairs


def _table_rows():
    rows = []
    for line in (ROOT / "docs" / "equations.md").read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and CITATION.fullmatch(cells[0]):
            objects = re.findall(r"`(ofdmisac\.[\w.]+)`", cells[2])
            rows.append((cells[0], objects, cells[3] if len(cells) > 3 else ""))
    return rows


def test_table_and_code_citations_agree_both_ways():
    table = {(c, o) for c, objs, _ in _table_rows() for o in objs}
    code = _code_pairs()
    assert not sorted(code - table), "cited in code, missing in docs/equations.md"
    assert not sorted(table - code), "in docs/equations.md, not cited by that object"


def test_corrected_rows_point_to_errata():
    errata = (ROOT / "docs" / "errata.md").read_text()
    for citation, _, corrected in _table_rows():
        if corrected:
            assert "errata.md" in corrected, citation
            number = re.search(r"\((\d+[a-z]?)\)|\d+$", citation).group(0)
            assert number in errata, f"{citation} is marked corrected but errata.md lacks it"


def test_no_bare_ranges_or_plural_citations():
    bad = re.compile(r"\(\d+[a-z]?\)\s*[-\u2013]\s*\(\d+|\beqs\. \(")
    hits = []
    for path in sorted((ROOT / "ofdmisac").rglob("*.py")):
        for i, line in enumerate(path.read_text().splitlines(), 1):
            if bad.search(line):
                hits.append(f"{path.relative_to(ROOT)}:{i}: {line.strip()}")
    assert not hits, "\n".join(hits[:40])
