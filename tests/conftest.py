"""Shared fixtures. ../shared (beside the repository) holds read-only data; tests that need it are
skipped with a clear reason when it is absent, except in CI where its absence is a failure."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSGRAPH_SHARED", ROOT.parent / "shared")).resolve()
SEED_TXT = SHARED / "seed" / "putin-defence-board.txt"
SEED_GOLD = SHARED / "gold" / "putin-defence-board.gold.json"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"../shared is missing at {SHARED}; CI must have it")
        pytest.skip(f"../shared not found at {SHARED} (set NEWSGRAPH_SHARED)")
    return SHARED


@pytest.fixture(scope="session")
def nlp():
    from newsgraph.nlp.pipeline import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def seed_record(shared, nlp):
    """The seed analysed once per test session (the full record, as `newsgraph analyze` gives it)."""
    from newsgraph.ingest import read_path
    from newsgraph.pipeline import analyze

    (article,) = list(read_path(str(SEED_TXT)))
    return analyze(article, nlp=nlp, with_text=True)
