"""``report.html``: one self-contained page per run (figures embedded, no network access).

Per stage: the configuration excerpt the stage reads, each figure (PNG, base64-embedded)
with its caption, and the table of the analysis-versus-simulation comparisons the stage
made (analytic value, Monte Carlo value +- standard error, z, pass at 4 SE). The
comparisons come from ``ctx.compare``, the figures from ``ctx.save_figure``.
"""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

__all__ = ["STAGE_SECTIONS", "mathtext_to_html", "write_report"]

STAGE_SECTIONS = {"frame": ("carrier", "frame", "prs"),
                  "sensing": ("carrier", "sensing", "scene"),
                  "network": ("network", "analysis", "sensing"),
                  "mimo": ("coupling", "run")}
"""The configuration tables shown with each stage."""

_GREEK = {r"\lambda": "&lambda;", r"\epsilon": "&epsilon;", r"\eta": "&eta;",
          r"\zeta": "&zeta;", r"\mathrm": "", r"\rho": "&rho;", r"\theta": "&theta;"}

_STYLE = """
body{font-family:sans-serif;max-width:70em;margin:1em auto;padding:0 1em;color:#222}
h1{font-size:1.5em}h2{border-bottom:1px solid #bbb;margin-top:2em}
table{border-collapse:collapse;font-size:0.85em;margin:0.5em 0}
td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}
td.l,th.l{text-align:left}
tr.fail td{background:#fdd}
pre{background:#f4f4f4;padding:0.5em;font-size:0.8em;overflow-x:auto}
figure{margin:1em 0}figure img{max-width:100%;border:1px solid #ddd}
figcaption{font-size:0.9em;color:#444;margin-top:0.3em}
"""


def mathtext_to_html(text: str) -> str:
    """Escape ``text`` for HTML and render its simple mathtext (``$P_D$``, ``km$^{-2}$``)."""
    out = []
    for k, part in enumerate(re.split(r"\$", text)):
        if k % 2 == 0:
            out.append(html.escape(part))
            continue
        s = html.escape(part)
        for tex, ent in _GREEK.items():
            s = s.replace(tex, ent)
        s = re.sub(r"\^\{([^}]*)\}", r"<sup>\1</sup>", s)
        s = re.sub(r"\^(\S)", r"<sup>\1</sup>", s)
        s = re.sub(r"_\{([^}]*)\}", r"<sub>\1</sub>", s)
        s = re.sub(r"_(\w)", r"<sub>\1</sub>", s)
        out.append("<i>" + s.replace("{", "").replace("}", "") + "</i>")
    return "".join(out)


def _num(x) -> str:
    return f"{x:.6g}" if isinstance(x, float) else html.escape(str(x))


def _comparison_table(rows) -> str:
    head = ("<tr><th class=l>quantity</th><th>analytic</th><th>Monte Carlo</th><th>SE</th>"
            "<th>z</th><th>pass (|z| &le; 4)</th><th class=l>source</th></tr>")
    body = []
    for r in rows:
        cls = "" if r["passed"] else " class=fail"
        body.append(f"<tr{cls}><td class=l>{mathtext_to_html(r['quantity'])}</td>"
                    f"<td>{_num(r['analytic'])}</td><td>{_num(r['measured'])} &plusmn; "
                    f"{_num(r['se'])}</td><td>{_num(r['se'])}</td><td>{r['z']:.2f}</td>"
                    f"<td>{'yes' if r['passed'] else 'NO'}</td>"
                    f"<td class=l>{mathtext_to_html(r['source'])}</td></tr>")
    return f"<table class=comparisons>{head}{''.join(body)}</table>"


def write_report(ctx, summary: dict, provenance: dict) -> Path:
    """Write ``ctx.out_dir / "report.html"`` and return its path."""
    from ..config import config_to_toml
    from ..io import write_text

    prov = provenance
    n_pass = sum(r["passed"] for r in ctx.comparisons)
    parts = [f"<!DOCTYPE html><html><head><meta charset=utf-8><title>ofdmisac run: "
             f"{html.escape(ctx.config_name)}</title><style>{_STYLE}</style></head><body>",
             f"<h1>ofdmisac run: {html.escape(ctx.config_name)}"
             f"{' (quick)' if ctx.quick else ''}</h1>",
             f"<p>{len(ctx.comparisons)} analysis-versus-simulation comparisons, {n_pass} "
             f"within 4 standard errors; {len(ctx.figures)} figures.</p>",
             "<table class=provenance>"]
    fft = prov["fft"]
    for key, value in (("command", " ".join(prov["command"])),
                       ("ofdmisac", f"{prov['ofdmisac_version']}"
                                    + (f" (git {prov['git_commit']})" if prov["git_commit"]
                                       else "")),
                       ("Python / numpy / scipy / pyFFTW",
                        f"{prov['python']} / {prov['numpy']} / {prov['scipy']} / "
                        f"{prov['pyfftw']}"),
                       ("FFT", f"{fft['backend']}, planner {fft['planner']}, "
                               f"{fft['threads']} thread(s)"),
                       ("seed", prov["seed"]),
                       ("started / finished (UTC)",
                        f"{prov['started_utc']} / {prov['finished_utc']}")):
        parts.append(f"<tr><th class=l>{html.escape(key)}</th>"
                     f"<td class=l>{html.escape(str(value))}</td></tr>")
    parts.append("</table>")
    for stage, entries in summary.items():
        parts.append(f"<h2 id={stage}>Stage {html.escape(stage)} "
                     f"({entries.get('elapsed_s', 0):.1f} s)</h2>")
        excerpt = {k: ctx.config[k] for k in STAGE_SECTIONS.get(stage, ()) if k in ctx.config}
        parts.append("<details><summary>configuration</summary><pre>"
                     + html.escape(config_to_toml(excerpt)) + "</pre></details>")
        scalars = {k: v for k, v in entries.items()
                   if isinstance(v, (int, float, str, bool)) and k != "elapsed_s"}
        if scalars:
            parts.append("<details open><summary>results (summary.json)</summary>"
                         "<table class=results>"
                         + "".join(f"<tr><th class=l>{html.escape(k)}</th><td>{_num(v)}</td>"
                                   "</tr>" for k, v in scalars.items())
                         + "</table></details>")
        for fig in (f for f in ctx.figures if f["stage"] == stage):
            path = Path(fig["path"])
            data = base64.b64encode(path.read_bytes()).decode("ascii")
            rel = path.relative_to(ctx.out_dir) if path.is_relative_to(ctx.out_dir) else path
            parts.append(f"<figure><img alt='{html.escape(str(rel))}' "
                         f"src='data:image/png;base64,{data}'><figcaption>"
                         f"<b>{html.escape(str(rel))}</b>: {mathtext_to_html(fig['caption'])}"
                         "</figcaption></figure>")
        rows = [r for r in ctx.comparisons if r["stage"] == stage]
        if rows:
            parts.append("<h3>Analysis versus simulation</h3>" + _comparison_table(rows))
    parts.append("</body></html>\n")
    return write_text(ctx.out_dir / "report.html", "\n".join(parts))
