"""Per-article resource limits: one pathological article is recorded as an error and skipped, and the
batch it came in finishes.

Three caps, each a plain mechanism:

* **length** (``max_chars``, default 1,000,000 characters): a longer article is refused before any
  analysis; the parser's memory and time grow with the text, so this is the per-article memory cap;
* **time** (``article_timeout``, default 120 s): ``signal.setitimer(ITIMER_REAL)`` raises
  :class:`ArticleTimeout` in the thread doing the analysis. A batch first runs through ``nlp.pipe``
  under one such budget; if it runs over, its articles are redone one by one, each under its own
  budget, and only the one(s) still over are skipped. Signals reach the main thread only, so outside
  it (the API's thread pool) the time cap is off; Python checks for the signal between bytecodes, so
  a single call into C that never returns to Python is not cut short (see docs/security.md);
* **batch size in characters** (``batch_chars``, default 30,000): the model's memory peak grows with
  the characters it holds at once (its tok2vec keeps every token of a batch: about 2.5 KB per
  character, 0.5 GiB above the loaded model for 32 articles of 6,000 characters), so a batch is cut
  when the next article would take it past this many; an article longer than the cap goes alone;
* **worker memory** (``worker_memory_mb``, default off): ``RLIMIT_AS`` in pool worker processes only,
  never in the CLI's own process; an article that would exceed it fails with MemoryError and is
  recorded as an error.

The CLI sets them with :func:`applied`, which puts them in the environment for the duration of the
command, so worker processes (forked or spawned) see the same values; :func:`current` reads them.
"""
from __future__ import annotations

import os
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

DEFAULT_ARTICLE_TIMEOUT = 120.0
DEFAULT_MAX_CHARS = 1_000_000
DEFAULT_BATCH_CHARS = 30_000
ENV = {"article_timeout": "NEWSGRAPH_ARTICLE_TIMEOUT", "max_chars": "NEWSGRAPH_ARTICLE_MAX_CHARS",
       "worker_memory_mb": "NEWSGRAPH_WORKER_MEMORY_MB", "batch_chars": "NEWSGRAPH_BATCH_CHARS"}


@dataclass(frozen=True)
class Limits:
    article_timeout: float = DEFAULT_ARTICLE_TIMEOUT  # seconds; 0 turns the cap off
    max_chars: int = DEFAULT_MAX_CHARS  # 0 turns the cap off
    worker_memory_mb: int = 0  # 0: no cap
    batch_chars: int = DEFAULT_BATCH_CHARS  # characters the model holds at once; 0: batches by count only


# after the first alarm, another every REPEAT_S seconds until the analysis gives up (see time_limit)
REPEAT_S = 0.5


class ArticleTimeout(BaseException):
    """The analysis of one article (or one batch) ran past its time budget.

    A ``BaseException``, as ``KeyboardInterrupt`` is: the alarm can land anywhere in the analysis,
    including inside a stage's ``except Exception`` around a library call, which must not swallow it
    (it did: one pathological article then ran on past its budget, the one-shot timer spent)."""


def current() -> Limits:
    """The limits in force: the environment's (set by the CLI), else the defaults."""
    d = Limits()

    def get(key, cast, default):
        raw = os.environ.get(ENV[key])
        try:
            return cast(raw) if raw not in (None, "") else default
        except ValueError:
            return default

    return Limits(get("article_timeout", float, d.article_timeout), get("max_chars", int, d.max_chars),
                  get("worker_memory_mb", int, d.worker_memory_mb), get("batch_chars", int, d.batch_chars))


@contextmanager
def applied(lim: Limits) -> Iterator[Limits]:
    """Put ``lim`` in the environment (inherited by worker processes) and restore it afterwards."""
    saved = {k: os.environ.get(v) for k, v in ENV.items()}
    for k, v in ENV.items():
        os.environ[v] = str(getattr(lim, k))
    try:
        yield lim
    finally:
        for k, v in ENV.items():
            if saved[k] is None:
                os.environ.pop(v, None)
            else:
                os.environ[v] = saved[k]


def can_time_out() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise ArticleTimeout in this (main) thread after ``seconds``; a no-op when off or not possible."""
    if not seconds or seconds <= 0 or not can_time_out():
        yield
        return

    def on_alarm(signum, frame):
        raise ArticleTimeout(f"over the time limit of {seconds:g} s")

    import time

    previous = signal.signal(signal.SIGALRM, on_alarm)
    t0 = time.monotonic()
    # the timer repeats until it is cancelled: an alarm whose exception is swallowed where Python
    # discards exceptions (a __del__ or weakref callback run by the garbage collector, a library's
    # "except BaseException") is followed by another instead of leaving the article to run for ever
    outer_delay, outer_interval = signal.setitimer(signal.ITIMER_REAL, seconds, min(seconds, REPEAT_S))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_delay > 0:  # someone else's timer (a test runner's, say) was running: give back what is left
            signal.setitimer(signal.ITIMER_REAL, max(0.001, outer_delay - (time.monotonic() - t0)), outer_interval)


def too_long(text: str, lim: Limits) -> str | None:
    """The reason an article is refused before analysis for its length, or None."""
    if lim.max_chars and len(text) > lim.max_chars:
        return (f"{len(text):,} characters is over the per-article limit of {lim.max_chars:,} "
                "(--article-max-chars); skipped")
    return None


def timeout_reason(lim: Limits) -> str:
    return f"analysis took longer than the per-article limit of {lim.article_timeout:g} s (--article-timeout); skipped"


def apply_worker_limits(lim: Limits | None = None) -> bool:
    """Cap the address space of a pool worker process (never the main process). True when applied."""
    import multiprocessing

    lim = lim or current()
    if not lim.worker_memory_mb or multiprocessing.parent_process() is None:
        return False
    import resource

    cap = lim.worker_memory_mb * 1024 * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    return True


class TokenBucket:
    """Requests per client: ``rate_per_minute`` sustained, bursts of up to that many; in-process only
    (each server process counts its own). Thread-safe; clients idle long enough to be full are forgotten."""

    def __init__(self, rate_per_minute: float, *, burst: float | None = None, clock=None):
        import time

        self.rate = max(0.0, rate_per_minute) / 60.0
        self.capacity = float(burst if burst is not None else max(1.0, rate_per_minute))
        self.clock = clock or time.monotonic
        self._buckets: dict[str, tuple[float, float]] = {}  # client -> (tokens, last time)
        self._lock = threading.Lock()

    def take(self, client: str) -> float:
        """0.0 when ``client`` may go ahead (one token spent), else the seconds until it may retry."""
        now = self.clock()
        with self._lock:
            tokens, last = self._buckets.get(client, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[client] = (tokens - 1.0, now)
                wait = 0.0
            else:
                self._buckets[client] = (tokens, now)
                wait = (1.0 - tokens) / self.rate if self.rate else float("inf")
            if len(self._buckets) > 10_000:  # forget clients whose bucket has refilled
                full = [c for c, (t, at) in self._buckets.items()
                        if min(self.capacity, t + (now - at) * self.rate) >= self.capacity]
                for c in full:
                    del self._buckets[c]
            return wait


__all__ = ["Limits", "ArticleTimeout", "current", "applied", "time_limit", "too_long", "timeout_reason",
           "apply_worker_limits", "can_time_out", "DEFAULT_ARTICLE_TIMEOUT", "DEFAULT_MAX_CHARS", "TokenBucket"]
