"""In-document mention resolution on sentences written for these tests (model-parsed Docs)."""
from __future__ import annotations

import re

import pytest

from newsgraph.resolve import Resolver


@pytest.fixture(scope="module")
def resolve(nlp):
    def run(text: str):
        doc = nlp(text)
        return doc, Resolver(doc)
    return run


def name_at(doc, res: Resolver, needle: str, nth: int = 1) -> str | None:
    """The entity name resolved for the nth occurrence of ``needle`` (a whole mention)."""
    start = [m.start() for m in re.finditer(r"\b" + re.escape(needle) + r"\b", doc.text)][nth - 1]
    span = doc.char_span(start, start + len(needle), alignment_mode="expand")
    k = res.resolve(span)
    return res.entities[k].name if k is not None else None


def test_surname_joins_the_full_name(resolve):
    doc, res = resolve("Mara Lindqvist chairs the board. Lindqvist said profits fell.")
    assert name_at(doc, res, "Lindqvist", 2) == "Mara Lindqvist"
    persons = [e for e in res.entities if e.type == "PERSON"]
    assert len(persons) == 1 and len(persons[0].mentions) >= 2


def test_full_name_after_the_surname_renames_the_cluster(resolve):
    doc, res = resolve("Lindqvist spoke first. Later, Mara Lindqvist left the room.")
    assert name_at(doc, res, "Lindqvist") == "Mara Lindqvist"


def test_pronoun_goes_to_the_speaker_in_focus_not_the_last_name(resolve):
    text = ("According to Lindqvist, the talks stalled. He said that the envoy Paul Ortega is not expected "
            "this week. Therefore, no deal will come soon, he said.")
    doc, res = resolve(text)
    assert name_at(doc, res, "He") == "Lindqvist"
    assert name_at(doc, res, "he", 1) == "Lindqvist"


def test_pronoun_in_the_same_sentence_goes_to_its_subject(resolve):
    doc, res = resolve("Ana Ruiz met Kofi Mensah. Later, Mensah raised alarm when he said prices would rise.")
    assert name_at(doc, res, "he") == "Kofi Mensah"


def test_role_descriptor_goes_to_the_person_with_that_title(resolve):
    text = "Foreign Minister Ana Ruiz met Prime Minister Kofi Mensah. The foreign minister said little."
    doc, res = resolve(text)
    assert name_at(doc, res, "The foreign minister") == "Ana Ruiz"


def test_descriptor_with_no_matching_title_is_not_guessed(resolve):
    doc, res = resolve("Ana Ruiz met the press. The spokesman said little.")
    assert name_at(doc, res, "The spokesman") is None


def test_group_noun_phrase_becomes_a_group_entity(resolve):
    doc, res = resolve("Farmers in the valley warned of floods.")
    assert name_at(doc, res, "Farmers in the valley") == "Farmers in the valley"
    assert any(e.type == "GROUP" for e in res.entities)


def test_organisation_head_noun_takes_the_name_beside_it(resolve):
    doc, res = resolve("The Acme news agency reported the fire.")
    k = res.resolve(doc.char_span(0, len("The Acme news agency")))
    assert k is not None and res.entities[k].type == "ORG"


def test_entities_serialise_with_mentions_cut_from_the_text(resolve):
    doc, res = resolve("Mara Lindqvist chairs the board. She said profits fell.")
    for e in res.to_dicts():
        for m in e["mentions"]:
            assert doc.text[m["start"]:m["end"]] == m["text"]
    (lind,) = [e for e in res.to_dicts() if e["name"] == "Mara Lindqvist"]
    assert "She" in [m["text"] for m in lind["mentions"]]


def test_offsets_in_ranges_agrees_with_a_scan_of_every_range():
    from hypothesis import given, strategies as st

    from newsgraph.resolve.mentions import _in_ranges

    @given(st.lists(st.integers(0, 200)), st.lists(st.tuples(st.integers(0, 200), st.integers(0, 60))))
    def check(offsets, raw):
        offsets = sorted(offsets)
        ranges = sorted((a, a + w) for a, w in raw)
        assert _in_ranges(offsets, ranges) == [any(a <= x < b for a, b in ranges) for x in offsets]

    check()
