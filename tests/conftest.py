"""Shared fixtures. ../shared (beside the repository) holds read-only data; tests that need it are
skipped with a clear reason when it is absent, except in CI where its absence is a failure."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from ngpaths import ROOT, SCORER, SEED_GOLD, SEED_TXT, SHARED  # noqa: F401  (re-exported for tests)


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
