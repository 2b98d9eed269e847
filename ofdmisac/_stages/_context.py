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
        Show tqdm progress bars.
    artifacts : dict
        Objects earlier stages hand to later ones (e.g. ``"carrier"``, ``"frame"``).
    """

    out_dir: Path
    quick: bool = False
    seed: int = 20261122
    progress: bool = False
    verbose: bool = True
    artifacts: dict = field(default_factory=dict)

    def __post_init__(self):
        self.out_dir = Path(self.out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)

    def log(self, message: str) -> None:
        """Print a progress line to stderr when verbose."""
        if self.verbose:
            print(message, file=sys.stderr, flush=True)
