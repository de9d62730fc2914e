"""The cross-document entity registry: stable ids, conservative merges, aliases and roles over time."""
from __future__ import annotations

import pytest

from newsgraph.model import Article
from newsgraph.pipeline import record
from newsgraph.registry import entity_key, entity_uid
from newsgraph.store import open_store


def _rec(aid: str, published: str, entities: list[dict]) -> dict:
    text = f"Article {aid} text about several people and places, long enough to be stored."
    r = record(Article(id=aid, text=text, published=published), with_text=True)
    r["entities"] = [{"id": f"e{i}", "mentions": [{"start": 0, "end": 7, "text": e.pop("mention", text[0:7])}], **e}
                     for i, e in enumerate(entities)]
    return r


@pytest.fixture
def store(tmp_path):
    s = open_store(str(tmp_path / "r.db"))
    yield s
    s.close()


def test_same_full_name_in_two_articles_is_one_entity_with_a_stable_id(store):
    store.add([_rec("a1", "2026-01-01", [{"name": "Jane Smith", "type": "PERSON"}]),
               _rec("a2", "2026-02-01", [{"name": "JANE SMITH", "type": "PERSON"}])])
    (e,) = store.registry("Jane Smith")
    assert e["articles"] == 2
    assert e["uid"] == entity_uid(entity_key("Jane Smith", "PERSON")) == entity_uid(entity_key("jane smith", "PERSON"))


def test_people_sharing_a_surname_are_never_merged(store):
    store.add([_rec("a1", "2026-01-01", [{"name": "Jane Smith", "type": "PERSON"}]),
               _rec("a2", "2026-01-02", [{"name": "John Smith", "type": "PERSON"}]),
               _rec("a3", "2026-01-03", [{"name": "Smith", "type": "PERSON"}])])
    got = {e["name"]: e["uid"] for e in store.registry("Smith")}
    assert set(got) == {"Jane Smith", "John Smith", "Smith"} and len(set(got.values())) == 3


def test_place_spelling_variants_meet_through_the_gazetteer(store):
    store.add([_rec("a1", "2026-01-01", [{"name": "Kiev", "type": "GPE"}]),
               _rec("a2", "2026-01-02", [{"name": "Kyiv", "type": "GPE"}])])
    (e,) = store.registry("Kyiv")
    assert e["articles"] == 2 and {"Kiev", "Kyiv"} <= set(e["aliases"])


def test_roles_are_listed_over_time_with_their_article(store):
    store.add([_rec("a2", "2026-06-01", [{"name": "Ivo Marin", "type": "PERSON", "role": "prime minister", "country": "Ostland"}]),
               _rec("a1", "2025-03-01", [{"name": "Ivo Marin", "type": "PERSON", "role": "finance minister", "country": "Ostland"}])])
    (e,) = store.registry("Marin")
    assert [(r["role"], r["as_of"], r["article_id"]) for r in e["roles"]] == [
        ("finance minister", "2025-03-01", "a1"), ("prime minister", "2026-06-01", "a2")]


def test_pronouns_are_not_aliases(store):
    store.add([_rec("a1", "2026-01-01", [{"name": "Ivo Marin", "type": "PERSON", "mention": "He"}])])
    (e,) = store.registry("Ivo Marin")
    assert "He" not in e["aliases"] and "Ivo Marin" in e["aliases"]


def test_organisations_ignore_a_leading_article():
    assert entity_key("The Harbour Union", "ORG") == entity_key("Harbour Union", "ORG")
    assert entity_key("The Hague", "PERSON") != entity_key("Hague", "PERSON")
