"""Entity clusters (doc._.entities) on sentences written for these tests: capitals as metonyms vs
places, country spelling variants, blocs, state adjectives, organisation class nouns, weapons,
titles with their organisation or state, and pronouns left alone when they point at no entity."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def clusters(nlp):
    def run(text: str) -> dict[str, dict]:
        return {e["name"]: e for e in nlp(text)._.entities}
    return run


def mentions(ent: dict) -> list[str]:
    return [m["text"] for m in ent["mentions"]]


def test_capital_as_actor_is_the_state_and_as_place_the_city(clusters):
    ents = clusters("Paris has rejected the proposal, the minister said. Protesters gathered in Paris on Sunday.")
    assert ents["France"]["type"] == "GPE" and mentions(ents["France"]) == ["Paris"]
    assert mentions(ents["Paris"]) == ["Paris"]


def test_capital_after_agentive_prepositions_and_attitude_verbs(clusters):
    ents = clusters("Aid for Kyiv was approved. Washington urged Kyiv to negotiate.")
    assert mentions(ents["Ukraine"]) == ["Kyiv", "Kyiv"]
    assert mentions(ents["United States"]) == ["Washington"]


def test_country_abbreviation_joins_the_full_name(clusters):
    ents = clusters("The US imposed tariffs. Officials in the United States defended them.")
    assert set(mentions(ents["United States"])) == {"US", "United States"}


def test_bloc_adjective_joins_the_bloc(clusters):
    ents = clusters("Western support has faded, and the West is divided.")
    assert ents["the West"]["type"] == "NORP"
    assert set(mentions(ents["the West"])) == {"Western", "the West"}


def test_state_adjective_with_government_is_the_country(clusters):
    ents = clusters("The talks were hosted by the Spanish government in Madrid.")
    assert ents["Spain"]["type"] == "GPE"
    assert mentions(ents["Spain"]) == ["the Spanish government"]


def test_organisation_class_noun_joins_the_organisation(clusters):
    ents = clusters("NATO met in Brussels on Monday. The alliance said it would boost alliance troops.")
    assert {"The alliance", "alliance"} <= set(mentions(ents["NATO"]))


def test_expletive_it_is_left_unresolved(clusters):
    ents = clusters("The board met on Monday. However, Jane Doe made it clear that it would be hard.")
    for e in ents.values():
        assert "it" not in mentions(e)


def test_titles_give_the_state_the_organisation_or_the_principal(clusters):
    ents = clusters("French President Emmanuel Macron met Google spokeswoman Jane Doe. "
                    "Smith's special adviser, Paul Ortega, said nothing.")
    assert ents["Emmanuel Macron"]["role"] == "president" and ents["Emmanuel Macron"]["country"] == "France"
    assert ents["Jane Doe"]["role"] == "spokeswoman" and ents["Jane Doe"]["org"] == "Google"
    assert ents["Paul Ortega"]["role"] == "special adviser" and ents["Paul Ortega"]["principal"] == "Smith"


def test_weapon_name_drops_its_gloss(clusters):
    ents = clusters("The army tested the hypersonic missile Zircon (Tsirkon) on Friday.")
    assert ents["Zircon"]["type"] == "WEAPON" and mentions(ents["Zircon"]) == ["Zircon (Tsirkon)"]


@pytest.fixture(scope="module")
def resolved(nlp):
    import re

    from newsgraph.resolve import Resolver

    def run(text: str, needle: str, nth: int = 1) -> str | None:
        doc = nlp(text)
        res = Resolver(doc)
        start = [m.start() for m in re.finditer(r"\b" + re.escape(needle) + r"\b", text)][nth - 1]
        k = res.resolve(doc.char_span(start, start + len(needle), alignment_mode="expand"))
        return res.entities[k].name if k is not None else None
    return run


def test_pronoun_skips_a_person_of_the_other_gender(resolved):
    assert resolved("Paul Ortega met Ana Ruiz on Monday. She said the talks went well.", "She") == "Ana Ruiz"


def test_pronoun_skips_names_inside_a_quotation(resolved):
    text = "Tom Kerr spoke after the vote. \u201cPaul Ortega has failed us all.\u201d He said the party would go on."
    assert resolved(text, "He") == "Tom Kerr"


def test_bare_surname_goes_to_the_principal_not_a_relative(resolved):
    text = ("Ted Nolan spoke first. His wife, Heidi Nolan, and his father, Rafe Nolan, listened. "
            "Nolan said he would run again.")
    assert resolved(text, "Nolan", 4) == "Ted Nolan"


def test_surname_with_a_particle_joins_the_full_name(resolved):
    assert resolved("Mayor Bill de Lucca spoke on Monday. De Lucca said the budget was fine.", "De Lucca") \
        == "Bill de Lucca"


def test_abbreviated_title_serves_a_descriptor(resolved):
    assert resolved("Ohio Gov. Jim Hale spoke on Monday. The governor said taxes would fall.", "The governor") \
        == "Jim Hale"
