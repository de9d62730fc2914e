"""The Ray engine (``newsgraph ingest --engine ray``): Ray Data reads the inputs, a pool of actors that
each load the pipeline once analyses them, and the driver writes each batch of records to the sink
(the SQLite/PostgreSQL store, one transaction per batch, or a Parquet folder).

Locally (no ``RAY_ADDRESS``) Ray starts in-process, bound to 127.0.0.1, without the dashboard UI or
usage statistics. With ``RAY_ADDRESS`` set (``ray start --head`` on one machine, ``ray start
--address=HEAD:6379`` on the others, newsgraph and its model installed on every node) the same
command runs on the cluster.

A row is one batch: a JSON list of ``[kind, payload]`` entries in input order (``article``, ``error``,
``skip``; the actor turns each article into a ``record`` or an ``error``), up to ``batch_size``
articles per row and one row per block, so the blocks are Arrow tables of one string column whatever
the records hold, every actor call analyses one whole batch, and the driver stores each block in
one transaction as it comes. Order is preserved end to end, so the store sees the articles in input
order, as with the local engine (near-duplicates are linked to the earliest stored original).
"""
from __future__ import annotations

import json
import os
from functools import partial
from typing import Callable, Iterable

from ..errors import ConfigError, InputError, NewsgraphError
from . import local

INSTALL_HINT = "the Ray engine needs Ray: pip install 'newsgraph[ray]'"


def _ray():
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise ConfigError(INSTALL_HINT) from None
    return ray


def available() -> bool:
    try:
        _ray()
        return True
    except ConfigError:
        return False


def init(num_cpus: int | None = None) -> None:
    """Start (or attach to) Ray once per process. ``RAY_ADDRESS`` attaches to a running cluster;
    otherwise a local instance with ``num_cpus`` (default: this machine's, or $NEWSGRAPH_RAY_CPUS)."""
    ray = _ray()
    if ray.is_initialized():
        return
    import logging

    if os.environ.get("RAY_ADDRESS"):
        ray.init(address=os.environ["RAY_ADDRESS"], logging_level=logging.WARNING, log_to_driver=False)
        return _quiet()
    n = num_cpus or int(os.environ.get("NEWSGRAPH_RAY_CPUS") or 0) or os.cpu_count() or 1
    ray.init(num_cpus=n, include_dashboard=False, _node_ip_address="127.0.0.1",
             logging_level=logging.WARNING, log_to_driver=False)
    _quiet()


def _quiet() -> None:
    import logging

    for name in ("ray", "ray.data"):
        logging.getLogger(name).setLevel(logging.WARNING)
    # Ray Data's own progress bars are off because the CLI prints its progress; Ray warns about that
    logging.getLogger("ray.data._internal.progress").setLevel(logging.ERROR)


def shutdown() -> None:
    ray = _ray()
    if ray.is_initialized():
        ray.shutdown()


# ------------------------------------------------------------------ the stages, run inside Ray workers
def _read_file(row: dict, *, fmt, max_bytes, options, known, extractor, batch_size) -> Iterable[dict]:
    """One input file -> rows of up to ``batch_size`` articles each (as JSON), with the read errors and
    already-stored ids among them, in order."""
    from ..ingest import read_path

    path = row["path"]
    entries: list = []
    articles = 0
    try:
        for it in read_path(path, fmt=fmt, max_bytes=max_bytes, options=options):
            if isinstance(it, NewsgraphError):
                entries.append(["error", [getattr(it, "origin", path), getattr(it, "reason", str(it))]])
            elif known.get(it.id) == (it.content_hash, extractor):
                entries.append(["skip", it.id])
            else:
                entries.append(["article", it.to_dict()])
                articles += 1
                if articles >= batch_size:
                    yield {"entries": json.dumps(entries, ensure_ascii=False)}
                    entries, articles = [], 0
    except NewsgraphError as exc:
        entries.append(["error", [getattr(exc, "origin", path), getattr(exc, "reason", str(exc))]])
    if entries:
        yield {"entries": json.dumps(entries, ensure_ascii=False)}


class _Analyzer:
    """An actor: loads the pipeline once, turns batches of articles into records. After every
    ``recycle_articles`` articles (0: never) it loads the pipeline afresh, dropping the words its
    vocabulary gathered, so that its memory stays flat on long runs (an actor is not replaced, as the
    local engine's workers are)."""

    def __init__(self, model: str | None = None, recycle_articles: int = 0):
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        self._model = model
        self._recycle, self._since = max(0, recycle_articles), 0
        local._init_worker(model)
        self._analyze = local.analyze_batch

    def __call__(self, batch: dict) -> dict:
        from ..model import Article

        rows = [json.loads(x) for x in batch["entries"]]
        todo = [e for entries in rows for e in entries if e[0] == "article"]
        if self._recycle and todo and self._since >= self._recycle:
            local.reload(self._model)
            self._since = 0
        self._since += len(todo)
        results = self._analyze([Article(**e[1]) for e in todo]) if todo else []
        for e, res in zip(todo, results):
            e[:] = ["record", res] if isinstance(res, dict) else ["error", list(res)]
        return {"entries": [json.dumps(entries, ensure_ascii=False) for entries in rows]}


def dataset(files: list[str], *, fmt: str | None, max_bytes: int, options: dict | None, known: dict,
            extractor: str, workers: int, batch_size: int, model: str | None = None, recycle_articles: int = 0):
    """The lazy Ray Dataset of result rows for ``files`` (Ray must be initialised)."""
    ray = _ray()
    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = True
    # every row (one batch of articles) is a block of its own: a large input file is cut into tasks for
    # the actors as it is read, each actor call gets one whole batch, and records come back batch by batch
    ctx.target_max_block_size = 1024
    try:
        ctx.enable_progress_bars = False
    except AttributeError:  # pragma: no cover  (older Ray)
        pass
    read = partial(_read_file, fmt=fmt, max_bytes=max_bytes, options=dict(options or {}), known=known,
                   extractor=extractor, batch_size=max(1, batch_size))
    ds = ray.data.from_items([{"path": f} for f in files])
    # reading is light next to the analysis: it takes no CPU slot, so the actors can have them all
    ds = ds.flat_map(read, num_cpus=0)
    extra = {"fn_constructor_kwargs": {"model": model, "recycle_articles": recycle_articles}}
    return ds.map_batches(_Analyzer, **extra, batch_size=1,
                          compute=ray.data.ActorPoolStrategy(size=max(1, workers)), num_cpus=1,
                          batch_format="numpy")


def run_files(files: list[str], *, fmt: str | None = None, max_bytes: int, options: dict | None = None,
              known: dict | None = None, extractor: str = "", workers: int = 1, batch_size: int = 32,
              model: str | None = None, on_result: Callable[[list], None],
              on_skip: Callable[[int], None] | None = None, num_cpus: int | None = None,
              recycle_articles: int = 0) -> None:
    """Analyse every article of ``files`` on Ray; ``on_result(results)`` gets each batch's records
    (dicts) and errors ((origin, reason) pairs) in input order, as with the local engine; articles
    whose id, content hash and extractor are in ``known`` are skipped before analysis (``on_skip(n)``)."""
    if "-" in files:
        raise InputError("-", "the Ray engine reads files, not stdin: save the input to a file first")
    init(num_cpus)
    ds = dataset(files, fmt=fmt, max_bytes=max_bytes, options=options, known=known or {}, extractor=extractor,
                 workers=workers, batch_size=batch_size, model=model, recycle_articles=recycle_articles)
    for block in ds.iter_batches(batch_size=None, batch_format="pyarrow", prefetch_batches=2):
        for payload in block.column("entries").to_pylist():
            out: list = []
            skipped = 0
            for kind, data in json.loads(payload):
                if kind == "record":
                    out.append(data)
                elif kind == "error":
                    out.append(tuple(data))
                elif kind == "skip":
                    skipped += 1
                else:  # pragma: no cover
                    raise RuntimeError(f"unexpected entry kind {kind!r}")
            if skipped and on_skip:
                on_skip(skipped)
            if out:
                on_result(out)
