"""Crash safety: real `newsgraph ingest` runs killed with SIGKILL at random points, over and over, then
one run to the end. The store must come out whole: ``PRAGMA integrity_check`` ok, no foreign-key
violation, no orphan row in any child table, every article exactly once, and every table holding the
same number of rows as an ingest that was never interrupted.

The kill points are drawn from a seeded generator: some at a random time after start (model loading,
reading, the first batch), most just after the store has grown (in the middle of the batches being
analysed and written). Each run resumes where the killed one stopped.
"""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

KILLS = 20
N = 360
SEED = 20240901
CHILD_TABLES = ("blocks", "entities", "mentions", "statements", "facts", "minhash")

pytestmark = pytest.mark.slow


def _articles(src):
    rnd = random.Random(SEED)
    names = ["Alder", "Birch", "Cedar", "Dogwood", "Elm", "Fir", "Hazel", "Juniper", "Larch", "Maple"]
    for i in range(N):
        who = f"{rnd.choice(names)} {rnd.choice(names)}son"
        paras = [f"Councillor {who} said on Tuesday that the library in ward {i} would stay open until {2025 + i % 7}.",
                 f"\u201cWe will not close it,\u201d {who.split()[1]} told reporters in the town hall.",
                 f"The council in {rnd.choice(names)}ford voted {rnd.randint(3, 12)} to {rnd.randint(0, 3)} on the plan."]
        rnd.shuffle(paras)
        (src / f"story{i:04d}.txt").write_text("\n\n".join(paras) + "\n", encoding="utf-8")


def _count(db: str) -> int:
    try:
        c = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return c.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            c.close()
    except sqlite3.Error:
        return 0


def _cmd(src, db):
    return [sys.executable, "-m", "newsgraph", "ingest", str(src), "--db", db, "--batch-size", "4", "-q"]


ENV = {**os.environ, "OMP_NUM_THREADS": "1"}


def _table_counts(db: str) -> dict[str, int]:
    c = sqlite3.connect(db)
    try:
        return {t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles",) + CHILD_TABLES}
    finally:
        c.close()


def test_twenty_random_sigkills_then_a_full_run_lose_and_duplicate_nothing(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    _articles(src)
    db = str(tmp_path / "killed.db")
    rnd = random.Random(SEED)
    kills, t0 = 0, time.monotonic()
    attempts = 0
    while kills < KILLS:
        attempts += 1
        assert attempts < KILLS * 3, f"only {kills} kills landed in {attempts} runs: too few articles left to kill mid-run"
        before = _count(db)
        p = subprocess.Popen(_cmd(src, db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
        if rnd.random() < 0.3:  # anywhere: start-up, reading, the first batch
            time.sleep(rnd.uniform(0.05, 2.5))
        else:  # while batches are being written: once the store has grown, after a little more
            grow_by = rnd.randint(1, 6)
            deadline = time.monotonic() + 60
            while p.poll() is None and _count(db) < before + grow_by and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(rnd.uniform(0, 0.25))
        if p.poll() is None:
            os.kill(p.pid, signal.SIGKILL)
            kills += 1
        p.wait()
    killed_at = _count(db)
    assert killed_at < N, "every article was stored before the last kill: the loop proves nothing"
    r = subprocess.run(_cmd(src, db), capture_output=True, text=True, timeout=600, env=ENV)
    assert r.returncode == 0, r.stderr
    loop_s = time.monotonic() - t0

    c = sqlite3.connect(db)
    assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert c.execute("PRAGMA foreign_key_check").fetchall() == []
    total, distinct = c.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone()
    assert total == distinct == N, (total, distinct)
    ids = {row[0] for row in c.execute("SELECT id FROM articles")}
    assert ids == {f"story{i:04d}" for i in range(N)}, "lost or renamed articles"
    for t in CHILD_TABLES:
        orphans = c.execute(f"SELECT count(*) FROM {t} WHERE article_id NOT IN (SELECT id FROM articles)").fetchone()[0]
        assert orphans == 0, f"{orphans} orphan rows in {t}"
    assert c.execute("SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM blocks)").fetchone()[0] == 0
    c.close()

    # the same inputs ingested without interruption: every table holds the same number of rows
    ref = str(tmp_path / "clean.db")
    r = subprocess.run(_cmd(src, ref), capture_output=True, text=True, timeout=600, env=ENV)
    assert r.returncode == 0, r.stderr
    assert _table_counts(db) == _table_counts(ref)
    print(f"\n{kills} SIGKILLs in {attempts} runs, {killed_at}/{N} stored before the final run; loop {loop_s:.0f} s")
