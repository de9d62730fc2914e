"""The local engine: N worker processes that build the pipeline once and return plain records.

Workers never return spaCy Docs (shipping Docs between processes was measured far slower than
serial); they return the JSON-able record of each article, with its text, ready for the store.
"""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterable, Iterator

from ..errors import NewsgraphError
from ..model import Article

_NLP = None


def _init_worker(model: str | None) -> None:
    global _NLP
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from ..limits import apply_worker_limits
    from ..nlp.pipeline import load_nlp

    apply_worker_limits()  # --worker-memory: RLIMIT_AS in pool workers only (a no-op in the main process)

    _NLP = load_nlp(model)


def analyze_batch(articles: list[Article]) -> list[dict | tuple[str, str]]:
    """Records for a batch; an article that fails becomes (origin, reason) instead."""
    from ..pipeline import analyze_stream

    global _NLP
    if _NLP is None:
        _init_worker(None)
    out: list[dict | tuple[str, str]] = []
    for res in analyze_stream(articles, nlp=_NLP, with_text=True):
        if isinstance(res, NewsgraphError):
            out.append((getattr(res, "origin", "?"), getattr(res, "reason", str(res))))
        else:
            out.append(res)
    return out


def batches(items: Iterable, size: int) -> Iterator[list]:
    buf: list = []
    for it in items:
        buf.append(it)
        if len(buf) >= size:
            yield buf
            buf = []
    if buf:
        yield buf


def run(articles: Iterable[Article], *, workers: int = 1, batch_size: int = 32, model: str | None = None,
        on_result: Callable[[list], None]) -> None:
    """Analyse ``articles`` in batches; ``on_result(results)`` gets each batch's records and errors
    in input order (the caller stores them, one transaction per batch)."""
    if workers <= 1:
        global _NLP
        if _NLP is None:
            _init_worker(model)
        for b in batches(articles, batch_size):
            on_result(analyze_batch(b))
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(model,)) as pool:
        pending = []
        for b in batches(articles, batch_size):
            pending.append(pool.submit(analyze_batch, b))
            # keep a bounded number of batches in flight: memory stays flat on long runs
            while len(pending) >= workers * 2:
                on_result(pending.pop(0).result())
        for f in pending:
            on_result(f.result())
