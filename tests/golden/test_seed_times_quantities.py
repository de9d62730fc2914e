"""The seed's times and quantities, as `newsgraph analyze` gives them, scored against the hand gold
with benchmarks/seed_entities.py: 8/8 times (value given the sidecar's publication date), 3/3
quantities (value, unit and bound)."""
from __future__ import annotations

import json
from pathlib import Path

from ngpaths import load_module

ROOT = Path(__file__).resolve().parents[2]


def _bench():
    return load_module(ROOT / "benchmarks" / "seed_entities.py")


def test_seed_times_and_quantities(shared, seed_record):
    gold = json.loads((shared / "gold" / "putin-defence-board.gold.json").read_text(encoding="utf-8"))
    text = (shared / "seed" / "putin-defence-board.txt").read_text(encoding="utf-8")
    meta = json.loads((shared / "seed" / "putin-defence-board.meta.json").read_text(encoding="utf-8"))
    assert seed_record["published"] == meta["published"]
    res = _bench().score(seed_record, gold, text)
    misses = [d for d in res["details"] if not d[-1]]
    assert res["times"] == (8, 8), misses
    assert res["quantities"] == (3, 3), misses
    for t in seed_record["times"]:
        assert text[t["start"]:t["end"]] == t["text"] and t["granularity"]
    for q in seed_record["quantities"]:
        assert text[q["start"]:q["end"]] == q["text"]


def test_seed_places_resolve(seed_record):
    places = seed_record["places"]
    assert places, "no places resolved"
    for p in places:
        assert seed_record["text"][p["start"]:p["end"]] == p["text"]
        assert p["kind"] in ("country", "city", "region") and "lat" in p and "lon" in p
    kiev = [p for p in places if p["text"] in ("Kiev", "Kyiv")]
    assert all(p["country_code"] == "UA" for p in kiev)


def test_seed_relative_times_are_null_without_publication(shared, nlp):
    from newsgraph.ingest import read_path
    from newsgraph.pipeline import analyze

    import dataclasses

    (article,) = list(read_path(str(shared / "seed" / "putin-defence-board.txt")))
    rec = analyze(dataclasses.replace(article, published=None), nlp=nlp)
    vals = {t["text"]: t["value"] for t in rec["times"]}
    assert vals["in February 2022"] == "2022-02"
    assert vals["this week"] is None and vals["on Wednesday"] is None
