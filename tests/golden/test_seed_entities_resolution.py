"""The seed's entity clusters and in-document resolution, as `newsgraph analyze` gives them, scored
against the hand gold with benchmarks/seed_entities.py: the gold entities found with their canonical
name and type, and the listed pronoun, descriptor and metonym occurrences inside a mention of their
entity. Floors sit at what the pipeline reaches (23/23, 14/14)."""
from __future__ import annotations

import json
from pathlib import Path

from ngpaths import load_module

ROOT = Path(__file__).resolve().parents[2]
ENTITIES_FLOOR = 23
RESOLUTION_FLOOR = 14


def _bench():
    return load_module(ROOT / "benchmarks" / "seed_entities.py")


def _gold(shared):
    gold = json.loads((shared / "gold" / "putin-defence-board.gold.json").read_text(encoding="utf-8"))
    text = (shared / "seed" / "putin-defence-board.txt").read_text(encoding="utf-8")
    return gold, text


def test_seed_entities_and_resolution(shared, seed_record):
    gold, text = _gold(shared)
    res = _bench().score_entities(seed_record, gold, text)
    misses = [d for d in res["details"] if not d[-1]]
    assert res["entities"][0] >= ENTITIES_FLOOR, misses
    assert res["resolution"][0] >= RESOLUTION_FLOOR, misses


def test_seed_entities_are_well_formed(seed_record):
    text = seed_record["text"]
    ids = [e["id"] for e in seed_record["entities"]]
    assert len(ids) == len(set(ids))
    for e in seed_record["entities"]:
        assert e["mentions"] and e["type"]
        for m in e["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"]


def test_seed_credit_is_no_news_actor(seed_record):
    credits = [e for e in seed_record["entities"] if e.get("credit")]
    assert any(e["type"] == "PERSON" for e in credits)
    credited = {e["id"] for e in credits}
    for a in seed_record["attributions"]:
        assert (a.get("speaker") or {}).get("entity_id") not in credited


def test_seed_titles_give_role_affiliation_and_date(seed_record):
    persons = [e for e in seed_record["entities"] if e["type"] == "PERSON" and e.get("role")]
    assert persons
    for e in persons:
        assert e.get("as_of") == seed_record["published"]
        assert e.get("org") or e.get("country") or e.get("principal"), e
