"""Paths to the shared, read-only data beside the repository (importable from every test)."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSGRAPH_SHARED", ROOT.parent / "shared")).resolve()
SEED_TXT = SHARED / "seed" / "putin-defence-board.txt"
SEED_GOLD = SHARED / "gold" / "putin-defence-board.gold.json"
SCORER = SHARED / "eval" / "score_attribution.py"
