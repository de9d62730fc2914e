"""A real run of `newsgraph ingest` killed with SIGKILL and started again stores every article once."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

N = 80


def _count(db):
    try:
        c = sqlite3.connect(db, timeout=5)
        return c.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone()
    except sqlite3.Error:
        return (0, 0)


def test_sigkill_then_rerun_stores_every_article_exactly_once(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(N):
        (src / f"story{i:03d}.txt").write_text(
            f"Councillor Number{i} said on Tuesday that the library in ward {i} would stay open. "
            f"“We will not close it,” Number{i} told reporters.\n", encoding="utf-8")
    db = str(tmp_path / "news.db")
    cmd = [sys.executable, "-m", "newsgraph", "ingest", str(src), "--db", db, "--batch-size", "4", "-q"]
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 120
    while time.time() < deadline and _count(db)[0] < 8 and p.poll() is None:
        time.sleep(0.05)
    if p.poll() is not None:
        pytest.fail(f"ingest ended before it could be killed: {p.stderr.read().decode()[-500:]}")
    os.kill(p.pid, signal.SIGKILL)
    p.wait()
    partial = _count(db)[0]
    assert 0 < partial < N
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    total, distinct = _count(db)
    assert total == distinct == N
    c = sqlite3.connect(db)
    assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert c.execute("SELECT count(*) FROM blocks WHERE article_id NOT IN (SELECT id FROM articles)").fetchone()[0] == 0
    # and a third run adds nothing
    r = subprocess.run(cmd[:-1], capture_output=True, text=True, timeout=300)
    assert f"0 added, 0 updated, {N} already stored" in r.stderr
