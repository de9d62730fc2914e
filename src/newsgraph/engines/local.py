"""The local engine: N worker processes that build the pipeline once and return plain records.

Workers never return spaCy Docs (shipping Docs between processes was measured far slower than
serial); they return the JSON-able record of each article, with its text, ready for the store.
"""
from __future__ import annotations

import os
from collections import deque
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


def reload(model: str | None) -> None:
    """Load the pipeline afresh in this process, dropping the old one and the words its vocabulary
    gathered (spaCy keeps every new word it meets; its authors' advice for long runs is to reload)."""
    import gc

    from ..nlp.pipeline import load_nlp

    global _NLP
    _NLP = None
    load_nlp.cache_clear()
    gc.collect()
    _init_worker(model)


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


# A worker's memory grows slowly over a long run (spaCy's vocabulary keeps every new word: about
# 25-40 MB per 1,000 allsides articles), so the pool is replaced by a fresh one after this many articles.
DEFAULT_RECYCLE_ARTICLES = 4000


def run(articles: Iterable[Article], *, workers: int = 1, batch_size: int = 32, model: str | None = None,
        on_result: Callable[[list], None], recycle_articles: int = DEFAULT_RECYCLE_ARTICLES) -> None:
    """Analyse ``articles`` in batches; ``on_result(results)`` gets each batch's records and errors
    in input order (the caller stores them, one transaction per batch).

    With several workers the pool is replaced after every ``recycle_articles`` articles (0: never), so
    that each worker's memory stays flat on long runs: the next pool is started (its workers load the
    pipeline) while the last batches of the old one finish, and the old one then exits. (Python 3.11's
    own ``max_tasks_per_child`` can deadlock with batches queued, CPython issue 115634.) With one
    worker the pipeline is reloaded in place instead."""
    if workers <= 1:  # in this process; the pipeline is reloaded in place instead of replacing a worker
        if _NLP is None:
            _init_worker(model)
        since = 0
        for b in batches(articles, batch_size):
            if recycle_articles > 0 and since >= recycle_articles:
                reload(model)
                since = 0
            on_result(analyze_batch(b))
            since += len(b)
        return
    per_pool = max(1, -(-recycle_articles // max(1, batch_size))) if recycle_articles > 0 else 0

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(model,))

    pool = new_pool()
    pending: deque = deque()
    sent = 0
    try:
        for b in batches(articles, batch_size):
            if per_pool and sent >= per_pool:
                pool.shutdown(wait=False)  # its queued batches still run; it exits when they are done
                pool, sent = new_pool(), 0
            pending.append(pool.submit(analyze_batch, b))
            sent += 1
            # keep a bounded number of batches in flight: memory stays flat on long runs
            while len(pending) >= workers * 2:
                on_result(pending.popleft().result())
        while pending:
            on_result(pending.popleft().result())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
