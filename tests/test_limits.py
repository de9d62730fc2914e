"""Per-article caps: one pathological article is recorded as an error naming it and skipped; the rest
of its batch is analysed and stored.

The pathological article is real, not a mock: one 70,000-character "sentence" of nested reported
speech ("the minister said that the minister said that ...") takes the full pipeline far more than a
minute (the attribution and parse work grow faster than linearly with sentence length: 18,000
characters already take about 45 s on one core). With ``--article-timeout 2`` it is cut off.
"""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from newsgraph import limits
from newsgraph.cli import cli
from newsgraph.errors import InputError
from newsgraph.model import Article
from newsgraph.pipeline import analyze_stream

PATHOLOGICAL = "The spokesman said that " + "the minister said that " * 3000 + "the talks would resume.\n"
GOOD = ["The mayor said on Monday that the bridge would reopen next week. \u201cThe work is done,\u201d she added.\n",
        "Officials in the port said the ferry would run again on Friday after a storm closed the harbour.\n",
        "\u201cWe will not raise taxes,\u201d the finance minister told parliament on Tuesday.\n"]


def _articles(tmp_path):
    paths = []
    for i, t in enumerate([GOOD[0], GOOD[1], PATHOLOGICAL, GOOD[2]]):
        p = tmp_path / f"a{i}.txt"
        p.write_text(t, encoding="utf-8")
        paths.append(str(p))
    return paths


def test_time_limit_raises_article_timeout_in_python_loop():
    t0 = time.monotonic()
    with pytest.raises(limits.ArticleTimeout):
        with limits.time_limit(0.3):
            while True:
                pass
    assert time.monotonic() - t0 < 2


def test_time_limit_off_is_a_no_op_and_restores_the_alarm_handler():
    import signal

    before = signal.getsignal(signal.SIGALRM)
    with limits.time_limit(0):
        pass
    with limits.time_limit(5):
        pass
    assert signal.getsignal(signal.SIGALRM) == before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_an_outer_timer_is_given_back_after_the_article_cap():
    import signal

    fired = []
    old = signal.signal(signal.SIGALRM, lambda *a: fired.append(1))
    try:
        signal.setitimer(signal.ITIMER_REAL, 5.0)
        with limits.time_limit(1.0):
            pass
        left = signal.getitimer(signal.ITIMER_REAL)[0]
        assert 3.0 < left <= 5.0
        assert signal.getsignal(signal.SIGALRM) is not None and not fired
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def test_applied_limits_reach_current_and_are_restored():
    before = limits.current()
    with limits.applied(limits.Limits(3.5, 1234, 0)):
        assert limits.current() == limits.Limits(3.5, 1234, 0)
    assert limits.current() == before


def test_pathological_article_is_cut_off_and_the_batch_finishes(nlp):
    arts = [Article(id=f"a{i}", text=t, origin=f"a{i}.txt", format="text")
            for i, t in enumerate([GOOD[0], GOOD[1], PATHOLOGICAL, GOOD[2]])]
    t0 = time.monotonic()
    with limits.applied(limits.Limits(article_timeout=2.0, max_chars=1_000_000)):
        out = list(analyze_stream(arts, nlp=nlp, batch_size=8))
    took = time.monotonic() - t0
    assert took < 30, f"the cap did not hold: {took:.0f} s"
    errs = [o for o in out if isinstance(o, InputError)]
    recs = [o for o in out if isinstance(o, dict)]
    assert [r["id"] for r in recs] == ["a0", "a1", "a3"]
    assert len(errs) == 1 and errs[0].origin == "a2.txt" and "--article-timeout" in errs[0].reason
    assert "\n" not in str(errs[0])


def test_over_long_article_is_refused_before_analysis(nlp):
    arts = [Article(id="long", text="word " * 50_000, origin="long.txt", format="text"),
            Article(id="ok", text=GOOD[0], origin="ok.txt", format="text")]
    with limits.applied(limits.Limits(article_timeout=60, max_chars=100_000)):
        out = list(analyze_stream(arts, nlp=nlp))
    assert isinstance(out[0], InputError) and out[0].origin == "long.txt" and "--article-max-chars" in out[0].reason
    assert isinstance(out[1], dict) and out[1]["id"] == "ok"


def test_cli_analyze_article_timeout_skips_pathological_article(tmp_path):
    paths = _articles(tmp_path)
    t0 = time.monotonic()
    r = CliRunner().invoke(cli, ["analyze", "-q", "--article-timeout", "2", *paths])
    assert time.monotonic() - t0 < 60
    assert r.exit_code == 1
    ids = [json.loads(line)["id"] for line in r.stdout.splitlines()]
    assert ids == ["a0", "a1", "a3"]
    (err,) = r.stderr.strip().splitlines()
    assert paths[2] in err and "--article-timeout" in err


def test_ingest_records_pathological_article_as_error_and_stores_the_rest(tmp_path):
    """A real `newsgraph ingest` process with two pool workers (the signal works in worker processes)."""
    paths = _articles(tmp_path)
    db = str(tmp_path / "n.db")
    t0 = time.monotonic()
    r = subprocess.run([sys.executable, "-m", "newsgraph", "ingest", "-q", "--db", db, "-w", "2", "--batch-size", "2",
                        "--article-timeout", "3", "--worker-memory", "8192", *paths],
                       capture_output=True, text=True, timeout=240, env={**os.environ, "OMP_NUM_THREADS": "1"})
    assert time.monotonic() - t0 < 200
    assert r.returncode == 1, r.stderr
    c = sqlite3.connect(db)
    assert sorted(x for (x,) in c.execute("SELECT id FROM articles")) == ["a0", "a1", "a3"]
    (origin, reason), = c.execute("SELECT origin, reason FROM errors").fetchall()
    assert origin == paths[2] and "--article-timeout" in reason


def test_worker_memory_cap_is_applied_only_in_pool_workers():
    import resource

    before = resource.getrlimit(resource.RLIMIT_AS)
    assert limits.apply_worker_limits(limits.Limits(worker_memory_mb=64)) is False  # the main process is never capped
    assert resource.getrlimit(resource.RLIMIT_AS) == before


def _child_cap(_):
    import resource

    applied = limits.apply_worker_limits(limits.Limits(worker_memory_mb=512))
    try:
        bytearray(1024 * 1024 * 1024)
        blew = False
    except MemoryError:
        blew = True
    return applied, resource.getrlimit(resource.RLIMIT_AS)[0], blew


def test_worker_memory_cap_stops_a_worker_allocating_past_it():
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1) as pool:
        applied, soft, blew = pool.submit(_child_cap, None).result(timeout=60)
    assert applied and soft == 512 * 1024 * 1024 and blew


def test_ten_megabyte_one_line_article_is_refused_by_the_length_cap_and_the_rest_analysed(tmp_path):
    big = tmp_path / "one-line.txt"
    big.write_bytes(b"word " * (2 * 1024 * 1024))  # 10 MB, no newline
    good = tmp_path / "good.txt"
    good.write_text(GOOD[0], encoding="utf-8")
    t0 = time.monotonic()
    r = CliRunner().invoke(cli, ["analyze", "-q", str(big), str(good)])
    assert time.monotonic() - t0 < 60
    assert r.exit_code == 1
    assert [json.loads(line)["id"] for line in r.stdout.splitlines()] == ["good"]
    (err,) = r.stderr.strip().splitlines()
    assert str(big) in err and "--article-max-chars" in err


class _RecordingNlp:
    """The real pipeline, with the sizes of the batches handed to ``nlp.pipe`` recorded."""

    def __init__(self, nlp):
        self._nlp, self.batches = nlp, []

    def __getattr__(self, name):
        return getattr(self._nlp, name)

    def __call__(self, doc):
        return self._nlp(doc)

    def pipe(self, docs, batch_size=32):
        docs = list(docs)
        self.batches.append([len(d.text) for d in docs])
        return self._nlp.pipe(docs, batch_size=batch_size)


def _plain(i: int, n: int) -> Article:
    body = (f"Officials in town {i} said the road would reopen on Friday after repairs. " * 40)[:n]
    return Article(id=f"a{i}", text=body, origin=f"a{i}.txt", format="text")


def test_batches_are_cut_by_characters_so_the_model_never_holds_more_than_batch_chars(nlp):
    rec = _RecordingNlp(nlp)
    arts = [_plain(i, n) for i, n in enumerate([900, 900, 900, 2500, 900, 900])]
    out = list(analyze_stream(arts, nlp=rec, batch_size=32, batch_chars=2000))
    assert [r["id"] for r in out] == [a.id for a in arts]  # every article, in order
    # 900+900 fit; a third would pass 2,000; the 2,500-character article goes alone
    assert rec.batches == [[900, 900], [900], [2500], [900, 900]]


def test_batch_chars_comes_from_the_limits_in_force_and_zero_cuts_by_count_only(nlp):
    arts = [_plain(i, 900) for i in range(4)]
    rec = _RecordingNlp(nlp)
    with limits.applied(limits.Limits(batch_chars=1000)):
        list(analyze_stream(arts, nlp=rec, batch_size=32))
    assert rec.batches == [[900]] * 4
    rec = _RecordingNlp(nlp)
    with limits.applied(limits.Limits(batch_chars=0)):
        list(analyze_stream(arts, nlp=rec, batch_size=3))
    assert rec.batches == [[900, 900, 900], [900]]


def test_batches_cut_by_characters_give_the_same_records(nlp):
    arts = [_plain(i, n) for i, n in enumerate([700, 1800, 400, 1200])]
    strip = lambda r: {k: v for k, v in r.items() if k not in ("analyzed_at", "extracted_at")}
    whole = [strip(r) for r in analyze_stream(arts, nlp=nlp, batch_chars=0)]
    cut = [strip(r) for r in analyze_stream(arts, nlp=nlp, batch_chars=1000)]
    assert cut == whole


def test_a_timeout_landing_in_a_stage_except_exception_is_not_swallowed():
    # the alarm may fire inside a stage's `except Exception` around a library call: it must get out
    t0 = time.monotonic()

    def stage_guarding_a_library_call():
        while time.monotonic() - t0 < 5:  # bounded, so that a swallowed alarm fails the test, not hangs it
            try:
                sum(range(100_000))
            except Exception:  # what a stage does around dateparser and the like
                pass

    with pytest.raises(limits.ArticleTimeout):
        with limits.time_limit(0.3):
            stage_guarding_a_library_call()
    assert time.monotonic() - t0 < 4


def test_an_alarm_swallowed_where_python_discards_exceptions_is_followed_by_another():
    # an exception raised in a __del__ or a weakref callback that the garbage collector runs is
    # printed and dropped: the first alarm can vanish that way, so the timer must fire again
    t0 = time.monotonic()
    swallowed = []

    def analysis_that_loses_the_first_alarm():
        while time.monotonic() - t0 < 5:  # bounded, so that a lost alarm fails the test, not hangs it
            try:
                sum(range(100_000))
            except limits.ArticleTimeout:
                if not swallowed:
                    swallowed.append(time.monotonic() - t0)  # dropped, as Python drops it in a __del__
                    continue
                raise

    with pytest.raises(limits.ArticleTimeout):
        with limits.time_limit(0.3):
            analysis_that_loses_the_first_alarm()
    # no wall-clock bound here (shared machines are noisy): without a second alarm the loop above
    # ends after 5 s with no exception, and pytest.raises fails
    assert swallowed
