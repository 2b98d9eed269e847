"""The context object passed to every pipeline stage."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class StageContext:
    """State shared by the stages of one ``ofdmisac run``.

    Attributes
    ----------
    out_dir : Path
        Results folder; each stage writes its files here (figures as PNG, numbers as
        JSON/CSV) through :mod:`ofdmisac.io`.
    quick : bool
        Smoke-run mode: every stage must finish in a few seconds.
    seed : int
        Root seed; stages derive their generators from it.
    progress : bool
        Show tqdm progress bars (on stderr).
    verbose : bool
        Print one log line per stage event on stderr.
    config : dict
        The resolved experiment configuration (:func:`ofdmisac.config.load_config`: nested
        dict, one table per section, every key present); empty: the ``bm_mmwave`` preset.
    config_name : str
        The preset name or file the configuration came from (figure titles, the report).
    artifacts : dict
        Objects earlier stages hand to later ones (e.g. ``"carrier"``, ``"frame"``).
    figures : list of dict
        One entry per figure written: ``{"stage", "path", "caption"}`` (the report's list).
    comparisons : list of dict
        One entry per analysis-versus-simulation comparison (see :meth:`compare`).
    """

    out_dir: Path
    quick: bool = False
    seed: int = 20261122
    progress: bool = False
    verbose: bool = True
    config: dict = field(default_factory=dict)
    config_name: str = "bm_mmwave"
    artifacts: dict = field(default_factory=dict)
    figures: list = field(default_factory=list)
    comparisons: list = field(default_factory=list)

    def __post_init__(self):
        self.out_dir = Path(self.out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        if not self.config:
            from ..config import load_config

            self.config = load_config(self.config_name)

    def trials(self, name: str) -> int:
        """Monte Carlo size ``name`` of ``[run.trials]`` (``[run.quick_trials]`` when quick)."""
        return int(self.config["run"]["quick_trials" if self.quick else "trials"][name])

    def log(self, message: str) -> None:
        """Print a progress line to stderr when verbose."""
        if self.verbose:
            print(message, file=sys.stderr, flush=True)

    def bar(self, iterable=None, *, total=None, desc: str = ""):
        """A tqdm progress bar on stderr, silent unless :attr:`progress` is set."""
        from tqdm.auto import tqdm

        return tqdm(iterable, total=total, desc=desc, file=sys.stderr,
                    disable=not self.progress, leave=False)

    def save_figure(self, stage: str, path, fig, *, caption: str) -> Path:
        """Save ``fig`` to ``path`` (:func:`ofdmisac.io.save_figure`) and record its caption.

        ``caption`` names the quantity and its source in words, e.g. "[BM] Theorem 1:
        sensing SCIR coverage versus the number of beams".
        """
        from ..io import save_figure

        written = save_figure(fig, path)
        self.figures.append({"stage": stage, "path": str(Path(written)), "caption": caption})
        return written

    def compare(self, stage: str, quantity: str, *, analytic: float, measured: float,
                se: float, source: str, n_se: float = 4.0) -> dict:
        """Record one analysis-versus-simulation comparison for the report.

        ``z = (measured - analytic) / se``; the row passes when ``|z| <= n_se``. A zero
        standard error (e.g. a probability measured as exactly 0 or 1) counts as a pass only
        when the two values are equal.
        """
        analytic, measured, se = float(analytic), float(measured), float(se)
        diff = measured - analytic
        z = diff / se if se > 0 else (0.0 if diff == 0 else float("inf"))
        row = {"stage": stage, "quantity": quantity, "source": source, "analytic": analytic,
               "measured": measured, "se": se, "z": z, "passed": bool(abs(z) <= n_se)}
        self.comparisons.append(row)
        return row
