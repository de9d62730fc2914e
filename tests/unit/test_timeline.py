"""Position tracking across articles written for this test: one holder's stance on one issue
changes once, and the timeline flags exactly that change with both pieces of evidence."""
from __future__ import annotations

import pytest

from newsgraph.positions_timeline import changes, group_issues, same_issue, timeline

ARTICLES = [
    ("a1", "2024-01-10", "Norland rejects the deployment of foreign troops in Estmark. "
                         "The harbour of Estmark was quiet on Tuesday."),
    ("a2", "2024-03-02", "Norland opposes the deployment of foreign troops in Estmark, its foreign minister said. "
                         "Farmers in the north reported a good harvest."),
    ("a3", "2024-06-15", "Norland now supports the deployment of foreign troops in Estmark. "
                         "The decision follows months of debate in parliament."),
]


@pytest.fixture(scope="module")
def positions(nlp):
    from newsgraph.model import Article
    from newsgraph.pipeline import analyze

    out = []
    for aid, date, text in ARTICLES:
        rec = analyze(Article(id=aid, text=text, published=date, origin="<test>", format="text"), nlp=nlp)
        for p in rec["positions"]:
            out.append({**p, "article_id": aid, "date": p.get("date") or date})
    return out


def test_each_article_gives_the_holders_position(positions):
    mine = [p for p in positions if p["holder"] == "Norland"]
    assert [(p["article_id"], p["stance"]) for p in mine] == [("a1", "oppose"), ("a2", "oppose"), ("a3", "support")]


def test_timeline_flags_exactly_the_change(positions):
    tl = timeline(positions, "Norland", "foreign troops in Estmark")
    assert [r["stance"] for r in tl] == ["oppose", "oppose", "support"]
    assert [r["changed"] for r in tl] == [False, False, True]
    (ch,) = changes(positions, "Norland", "foreign troops in Estmark")
    assert ch["article_id"] == "a3" and ch["previous"]["article_id"] == "a2"
    assert ch["previous"]["stance"] == "oppose" and ch["stance"] == "support"
    assert "opposes" in ch["previous"]["evidence"][0]["text"] and "supports" in ch["evidence"][0]["text"]


def test_issue_grouping_is_lexical():
    assert same_issue("foreign forces in Estmark", "Western troops in Estmark")
    assert same_issue("peacekeeping troops stationed in Estmark", "foreign troops in Estmark")
    assert not same_issue("foreign troops in Estmark", "a buffer zone in the north")
    assert not same_issue("discussing foreign troops in Estmark", "foreign troops in Estmark")
    labels = group_issues(["foreign troops in Estmark", "foreign troops in Estmark", "Western forces in Estmark",
                           "grain exports"])
    assert labels["Western forces in Estmark"] == "foreign troops in Estmark"
    assert labels["grain exports"] == "grain exports"


def test_no_change_without_a_second_stance():
    ps = [{"holder": "Ostria", "issue": "tariffs on steel", "stance": "support", "date": "2023-01-01",
           "evidence": [{"start": 0, "end": 5, "text": "x"}]},
          {"holder": "Ostria", "issue": "steel tariffs", "stance": "support", "date": "2023-02-01",
           "evidence": [{"start": 0, "end": 5, "text": "y"}]}]
    assert changes(ps, "Ostria", "tariffs on steel") == []


def test_reports_of_one_event_are_linked():
    from newsgraph.positions_timeline import link_events

    base = {"type": "CONSULT", "actor": "Ostria", "target": "Valdoria", "modality": "asserted", "when": "2024-03-04"}
    evs = [{**base, "article_id": "x1", "start": 0, "end": 10},
           {**base, "article_id": "x2", "start": 5, "end": 20},
           {**base, "when": "2024-05-01", "article_id": "x3", "start": 0, "end": 10},
           {**base, "modality": "negated", "article_id": "x4", "start": 0, "end": 10}]
    linked = link_events(evs)
    assert [e["articles"] for e in linked] == [2, 1, 1]
    assert [r["article_id"] for r in linked[0]["reports"]] == ["x1", "x2"]
