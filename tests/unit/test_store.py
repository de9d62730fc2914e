"""The SQLite store: idempotent upserts, provenance, search and statements, on records built here."""
from __future__ import annotations

import sqlite3

import pytest

from newsgraph.model import Article
from newsgraph.pipeline import record
from newsgraph.store import open_store

TEXT = "The mayor of Dunmore said on Monday that the ferry would run again. “It is safe,” she said."


def rec(aid="a1", text=TEXT, published="2026-01-05", attributions=None):
    r = record(Article(id=aid, text=text, published=published, title=f"Story {aid}"), with_text=True)
    if attributions is None:
        i = text.index("that the") + 5
        j = text.index("“It is safe,”")
        attributions = [
            {"kind": "indirect", "source": {"start": 0, "end": 20, "text": text[0:20]},
             "speaker": {"name": "Ann Moor", "entity_id": "e1"}, "cue": None,
             "content": [{"start": i, "end": i + 27, "text": text[i:i + 27]}], "via": None, "negated": False},
            {"kind": "direct", "source": None, "speaker": {"name": "Ann Moor", "entity_id": "e1"}, "cue": None,
             "content": [{"start": j + 1, "end": j + 11, "text": text[j + 1:j + 11]}], "via": None, "negated": False},
        ]
    r["attributions"] = attributions
    return r


@pytest.fixture
def store(tmp_path):
    s = open_store(str(tmp_path / "t.db"))
    yield s
    s.close()


def test_adding_the_same_record_twice_stores_it_once(store):
    assert store.add([rec()]) == {"added": 1, "updated": 0, "unchanged": 0}
    assert store.add([rec()]) == {"added": 0, "updated": 0, "unchanged": 1}
    assert store.counts()["articles"] == 1 and store.counts()["statements"] == 2


def test_changed_text_replaces_the_article_and_its_facts(store):
    store.add([rec()])
    store.add([rec(text=TEXT + " More.", attributions=[])])
    assert store.counts()["articles"] == 1 and store.counts()["statements"] == 0
    assert store.search("ferry")[0]["article_id"] == "a1"
    assert len(store.search("ferry")) == 1  # the old text's index rows went with it


def test_a_failing_batch_leaves_nothing_half_written(store):
    bad = rec("a2")
    del bad["content_hash"]
    with pytest.raises(KeyError):
        store.add([rec("a1"), bad])
    assert store.counts()["articles"] == 0


def test_quotes_keep_offsets_into_the_article_text(store):
    store.add([rec()])
    rows = store.quotes(speaker="Moor")
    assert [r["kind"] for r in rows] == ["indirect", "direct"]
    for r in rows:
        assert TEXT[r["content_start"]:r["content_end"]] == r["content"]


def test_quotes_filter_by_date_and_text(store):
    store.add([rec("a1", published="2026-01-05"), rec("a2", text=TEXT.replace("ferry", "bridge"), published="2026-02-01")])
    assert {r["article_id"] for r in store.quotes(since="2026-01-10")} == {"a2"}
    assert {r["article_id"] for r in store.quotes(until="2026-01-05")} == {"a1"}
    assert {r["article_id"] for r in store.quotes(search="bridge")} == {"a2"}


def test_search_treats_user_text_as_words_not_fts_syntax(store):
    store.add([rec()])
    assert store.search('ferry" OR "x') == []  # no injection into the FTS5 query language
    assert store.search("FERRY")[0]["article_id"] == "a1"


def test_exact_copy_under_another_id_is_linked_as_duplicate(store):
    store.add([rec("a1"), rec("a2")])
    assert store.counts()["duplicates"] == 1
    assert {r["article_id"] for r in store.quotes()} == {"a1"}


def test_store_is_a_plain_sqlite_file_with_wal_and_foreign_keys(tmp_path):
    path = tmp_path / "x.db"
    open_store(str(path)).add([rec()])
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == "1"


def test_record_round_trips_through_the_store(store):
    from newsgraph.structure import detect_blocks  # noqa: F401  (blocks come from the record)

    text = TEXT + "\n\nThe mayor (L) at the pier on Monday. Ivo Dane/Reuters"
    r = rec(text=text)
    store.add([r])
    back = store.record("a1")
    for key in ("id", "text", "published", "content_hash", "blocks", "attributions"):
        assert back[key] == r[key], key
    assert back["blocks"][-1]["credit"]["text"] == "Ivo Dane/Reuters"


LONG = ("The regional assembly voted on Thursday to extend the emergency water rationing for another three months, "
        "after engineers reported that the northern reservoir had fallen to its lowest level in two decades. "
        "Farmers' groups said the decision would cost them most of the spring harvest, while the water authority "
        "argued that without the rationing the towns along the coast could run dry before the autumn rains arrive. "
        "The assembly's speaker told reporters that the vote had been close and that several members had asked for "
        "compensation for the farms hit hardest, a request the finance committee is expected to examine next week. "
        "Engineers will measure the reservoir again at the end of the month, and the authority has promised to publish "
        "the figures together with a plan for repairing the leaking canals that feed the coastal towns. "
        "Residents of the coastal towns have been asked to limit showers, stop watering gardens and report leaks, "
        "and inspectors have begun visiting hotels and swimming pools to check that the new limits are respected. ")


def test_a_wire_copy_with_small_edits_is_linked_as_near_duplicate(store):
    copy = LONG.replace("on Thursday", "late on Thursday").replace("two decades", "20 years") + "Reporting by a stringer."
    other = ("A museum in the old port reopened its doors after a long renovation, showing ceramics and maps "
             "collected by sailors over three centuries, and the curators said they expected large crowds. ") * 2
    store.add([rec("orig", text=LONG, attributions=[]), rec("copy", text=copy, attributions=[]),
               rec("other", text=other, attributions=[])])
    got = {r["id"]: r["duplicate_of"] for r in store.articles()}
    assert got == {"orig": None, "copy": "orig", "other": None}


def test_minhash_similarity_tracks_word_overlap():
    from newsgraph.store import dedup

    a = dedup.signature(LONG * 2)
    assert dedup.similarity(a, dedup.signature(LONG * 2)) == 1.0
    assert dedup.similarity(a, dedup.signature(LONG.upper() * 2)) == 1.0  # case does not matter
    unrelated = dedup.signature(" ".join(f"word{i}" for i in range(300)))
    assert dedup.similarity(a, unrelated) < 0.1
    assert dedup.signature("too short to compare") is None


# A signature stored by an earlier version must still match a new one: the values are pinned.
PINNED_TEXT = ("Ministers from twelve countries met in the capital on Tuesday to discuss the rules of fishing — naïve "
               "café talks, résumé and all; the talks ended without a deal, officials said. ") * 2
PINNED_SIGNATURE = (
    "0a16eb60433b4e0637bffaca0f1d773d8a6f457c15d133c535845952d44dd3b22e5ae9c572a932d5da5e2b976b694b735eca125190e4d4"
    "3b851c33f52876576caab9edbe239cf48d39bf2adeac94ded9db3e205394b874c9e360922771826beb1d539ade037e4117b99f581ad162"
    "e3ea506458f672105fcae770e2ea41dc104fe340d8b2268652a690383297a78310b18f63adc174cd3bf3a9a62008bc42c7779a62c1d162"
    "e418c84ef97f98fb71363beb01b2bfe07f08dcf7b26374c388aabcfac7ff70a7d01e060c9ee231c297ca408b2d9fcbe8445bf1033f58ac"
    "2405cd3dbcef4755c5b7de61a7329e7ba1b45bfb01c977fbe4398c7c2e8630c8c71cfb4b")


def test_minhash_signature_values_are_stable_across_versions():
    from newsgraph.store import dedup

    assert dedup.to_text(dedup.signature(PINNED_TEXT)) == PINNED_SIGNATURE


@pytest.mark.parametrize("words", [["a"] * 5, "the cat sat on the mat again".split(), "naïve café ünïcode résumé x y".split(),
                                   ["λόγος", "слово", "word", "語", "mot", "palabra", "wort"]])
def test_shingle_hashes_are_the_crc32_of_each_space_joined_word_5gram(words):
    import zlib

    from newsgraph.store import dedup

    want = [zlib.crc32(" ".join(words[i:i + 5]).encode()) for i in range(len(words) - 4)]
    assert dedup.shingle_hashes(words) == want


def test_every_statement_keeps_its_block_sentence_offsets_and_extractor(tmp_path, nlp):
    from newsgraph.pipeline import analyze

    text = ("Harbour talks resume\n\nThe mayor of Dunmore said on Monday that the ferry would run again. "
            "“It is safe,” she told reporters.")
    r = analyze(Article(id="p1", text=text, published="2026-01-05"), nlp=nlp, with_text=True)
    s = open_store(str(tmp_path / "p.db"))
    s.add([r])
    rows = s.quotes()
    assert rows
    for q in rows:
        assert r["blocks"][q["block"]]["role"] == "body"
        assert q["sentence_start"] <= q["content_start"] < q["content_end"] <= q["sentence_end"]
        assert text[q["content_start"]:q["content_end"]] == q["content"]
        assert q["extractor"] == r["extractor"]
