"""The same store behaviour on SQLite and on a real PostgreSQL server.

PostgreSQL comes from `scripts/pg.sh start`, which `make test` and `.ci/run` call; its URL arrives in
NEWSGRAPH_TEST_PG. Without it the PostgreSQL cases are skipped locally with the reason, and fail in CI.
"""
from __future__ import annotations

import os
import uuid

import pytest

from newsgraph.model import Article
from newsgraph.pipeline import record
from newsgraph.store import open_store

TEXT = "Port officials in Kelby said on Monday that the harbour would reopen. “We are ready,” the harbour master said."


def _rec(aid: str, text: str = TEXT) -> dict:
    r = record(Article(id=aid, text=text, published="2026-02-03", title="Harbour to reopen"), with_text=True)
    i = text.index("that the") + 5
    j = text.index("We are ready")
    r["attributions"] = [
        {"kind": "indirect", "source": {"start": 0, "end": 20, "text": text[:20]}, "speaker": {"name": "Port officials", "entity_id": None},
         "cue": None, "content": [{"start": i, "end": i + 24, "text": text[i:i + 24]}], "via": None, "negated": False},
        {"kind": "direct", "source": None, "speaker": {"name": "Lee Ward", "entity_id": "e2"}, "cue": None,
         "content": [{"start": j, "end": j + 12, "text": text[j:j + 12]}], "via": None, "negated": False}]
    r["times"] = [{"start": 33, "end": 42, "text": text[33:42], "value": "2026-02-02"}]
    return r


def _pg_url():
    url = os.environ.get("NEWSGRAPH_TEST_PG")
    if not url:
        msg = "no PostgreSQL test server: run `scripts/pg.sh start` and set NEWSGRAPH_TEST_PG (make test does both)"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    return url


@pytest.fixture(params=["sqlite", "postgres"])
def store(request, tmp_path):
    if request.param == "sqlite":
        s = open_store(str(tmp_path / "t.db"))
        yield s
        s.close()
        return
    import psycopg

    base = _pg_url()
    schema = "t_" + uuid.uuid4().hex[:10]
    admin = psycopg.connect(base, autocommit=True)
    admin.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in base else "?"
    s = open_store(f"{base}{sep}options=-csearch_path%3D{schema}")
    yield s
    s.close()
    admin.execute(f"DROP SCHEMA {schema} CASCADE")
    admin.close()


def test_upsert_is_idempotent_on_every_backend(store):
    assert store.add([_rec("x1")])["added"] == 1
    assert store.add([_rec("x1")])["unchanged"] == 1
    assert store.counts()["articles"] == 1 and store.counts()["statements"] == 2 and store.counts()["facts"] == 1


def test_quotes_and_search_agree_across_backends(store):
    store.add([_rec("x1"), _rec("x2", TEXT.replace("harbour would reopen", "bridge would close"))])
    assert [q["speaker"] for q in store.quotes(speaker="ward")] == ["Lee Ward", "Lee Ward"]
    assert {q["article_id"] for q in store.quotes(search="bridge")} == {"x2"}
    hits = store.search("bridge")
    assert [h["article_id"] for h in hits] == ["x2"] and "[" in hits[0]["snippet"]
    for q in store.quotes():
        text = TEXT if q["article_id"] == "x1" else TEXT.replace("harbour would reopen", "bridge would close")
        assert text[q["content_start"]:q["content_end"]] == q["content"]


def test_a_failed_batch_rolls_back_on_every_backend(store):
    bad = _rec("x2")
    del bad["content_hash"]
    with pytest.raises(KeyError):
        store.add([_rec("x1"), bad])
    assert store.counts()["articles"] == 0


def test_errors_are_kept_with_their_origin(store):
    store.add_errors([("feeds/bad.xml", "no items in the feed")])
    assert store.errors()[0]["origin"] == "feeds/bad.xml"


def test_registry_merges_across_articles_on_every_backend(store):
    a, b = _rec("x1"), _rec("x2", TEXT.replace("Kelby", "Kelbyton"))
    for r, role, date in ((a, "harbour master", "2026-02-03"), (b, "port director", "2026-03-03")):
        r["published"] = date
        r["entities"] = [{"id": "e2", "name": "Lee Ward", "type": "PERSON", "role": role,
                          "mentions": [{"start": 0, "end": 4, "text": "Port"}]}]
    store.add([a, b])
    (e,) = store.registry("Lee Ward")
    assert e["articles"] == 2 and e["statements"] == 2
    assert [r["role"] for r in e["roles"]] == ["harbour master", "port director"]
