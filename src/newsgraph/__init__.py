"""newsgraph: who said what, who did what to whom, and where every actor stands."""
from __future__ import annotations

__version__ = "0.1.0"

from .errors import InputError, NewsgraphError  # noqa: E402
from .model import Article, Block  # noqa: E402


def read(path, **kw):
    """Iterate over the articles in a file, directory or '-' (stdin). See newsgraph.ingest.read_path."""
    from .ingest import read_path

    return read_path(path, **kw)


def analyze(article_or_text, **kw) -> dict:
    """Analyse one Article (or a plain string) and return its JSON-able record (the CONTRACT shape)."""
    from .pipeline import analyze as _analyze

    return _analyze(article_or_text, **kw)


__all__ = ["Article", "Block", "InputError", "NewsgraphError", "analyze", "read", "__version__"]
