"""Paths to the shared, read-only data beside the repository (importable from every test)."""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSGRAPH_SHARED", ROOT.parent / "shared")).resolve()
SEED_TXT = SHARED / "seed" / "putin-defence-board.txt"
SEED_GOLD = SHARED / "gold" / "putin-defence-board.gold.json"
SCORER = SHARED / "eval" / "score_attribution.py"


def load_module(path: Path):
    """Import a script that is not a package module (a benchmark, the shared scorer) from its path."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod
