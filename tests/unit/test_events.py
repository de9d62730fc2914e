"""Events on hand-built Docs (words, heads, deps, parts of speech, lemmas, entities): no model."""
from __future__ import annotations

import pytest
from spacy.tokens import Doc, Span
import spacy

import newsgraph.nlp.pipeline  # noqa: F401  (registers the Doc extensions)
from newsgraph.nlp.events import find_events, lexicon, state_of

VOCAB = spacy.blank("en").vocab


def build(rows, ents=(), attributions=None, entities=None, times=None, places=None):
    """rows: (word, head offset, dep, pos, lemma[, tag])"""
    words = [r[0] for r in rows]
    heads = [i + r[1] for i, r in enumerate(rows)]
    doc = Doc(VOCAB, words=words, heads=heads, deps=[r[2] for r in rows], pos=[r[3] for r in rows],
              lemmas=[r[4] for r in rows], tags=[r[5] if len(r) > 5 else "" for r in rows],
              sent_starts=[True] + [False] * (len(rows) - 1))
    doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in ents]
    doc._.attributions = attributions(doc) if callable(attributions) else (attributions or [])
    doc._.entities = entities(doc) if callable(entities) else (entities or [])
    doc._.times = times or []
    doc._.places = places or []
    doc._.blocks = None
    return doc


def test_lexicon_covers_the_sixteen_types():
    lex = lexicon()
    types = set(lex.verbs.values()) | set(lex.nouns.values()) | set(lex.verb_particles.values())
    assert len(types) == 16


def test_asserted_attack_with_actor_target_place_and_time():
    # "Rebels attacked Dornvale in Kestria on Monday ."
    doc = build([("Rebels", 1, "nsubj", "NOUN", "rebel"), ("attacked", 0, "ROOT", "VERB", "attack"),
                 ("Dornvale", -1, "dobj", "PROPN", "Dornvale"), ("in", -2, "prep", "ADP", "in"),
                 ("Kestria", -1, "pobj", "PROPN", "Kestria"), ("on", -4, "prep", "ADP", "on"),
                 ("Monday", -1, "pobj", "PROPN", "Monday"), (".", -6, "punct", "PUNCT", ".")],
                ents=[(2, 3, "GPE"), (4, 5, "GPE")],
                times=[{"start": 35, "end": 44, "text": "on Monday", "value": "2024-05-06"}])
    (ev,) = find_events(doc)
    assert (ev["type"], ev["actor"], ev["target"], ev["modality"]) == ("ASSAULT", "Rebels", "Dornvale", "asserted")
    assert ev["where"] == "Kestria" and ev["when"] == "2024-05-06"
    assert doc.text[ev["start"]:ev["end"]] == ev["text"]


def test_has_not_signed_is_negated():
    # "Ostria has not signed the accord ."
    doc = build([("Ostria", 3, "nsubj", "PROPN", "Ostria"), ("has", 2, "aux", "AUX", "have"),
                 ("not", 1, "neg", "PART", "not"), ("signed", 0, "ROOT", "VERB", "sign"),
                 ("the", 1, "det", "DET", "the"), ("accord", -2, "dobj", "NOUN", "accord"),
                 (".", -3, "punct", "PUNCT", ".")], ents=[(0, 1, "GPE")])
    (ev,) = find_events(doc)  # "signed" is a support verb here: the accord is the event
    assert (ev["type"], ev["actor"], ev["modality"]) == ("AGREE", "Ostria", "negated")
    # "Ostria has not signed the paper ." : the verb is the event
    doc = build([("Ostria", 3, "nsubj", "PROPN", "Ostria"), ("has", 2, "aux", "AUX", "have"),
                 ("not", 1, "neg", "PART", "not"), ("signed", 0, "ROOT", "VERB", "sign"),
                 ("the", 1, "det", "DET", "the"), ("paper", -2, "dobj", "NOUN", "paper"),
                 (".", -3, "punct", "PUNCT", ".")], ents=[(0, 1, "GPE")])
    (ev,) = find_events(doc)
    assert (ev["trigger"]["text"], ev["type"], ev["modality"]) == ("signed", "AGREE", "negated")


def test_could_be_stationed_is_hypothetical_and_will_is_future():
    # "Troops could be stationed in Kestria ."
    doc = build([("Troops", 3, "nsubjpass", "NOUN", "troop"), ("could", 2, "aux", "AUX", "could"),
                 ("be", 1, "auxpass", "AUX", "be"), ("stationed", 0, "ROOT", "VERB", "station"),
                 ("in", -1, "prep", "ADP", "in"), ("Kestria", -1, "pobj", "PROPN", "Kestria"),
                 (".", -3, "punct", "PUNCT", ".")], ents=[(5, 6, "GPE")])
    (ev,) = find_events(doc)
    assert (ev["type"], ev["modality"], ev["where"]) == ("MOBILIZE", "hypothetical", "Kestria")
    # "Ostria will withdraw its troops ."
    doc = build([("Ostria", 2, "nsubj", "PROPN", "Ostria"), ("will", 1, "aux", "AUX", "will"),
                 ("withdraw", 0, "ROOT", "VERB", "withdraw"), ("its", 1, "poss", "PRON", "its"),
                 ("troops", -2, "dobj", "NOUN", "troop"), (".", -3, "punct", "PUNCT", ".")], ents=[(0, 1, "GPE")])
    (ev,) = find_events(doc)
    assert (ev["type"], ev["actor"], ev["modality"]) == ("RETREAT", "Ostria", "future")


def test_event_inside_a_report_is_claimed_and_the_report_verb_asserted():
    # "Mara Venn said rebels attacked the town ."   (the cue "said" is no event; "attacked" is her claim)
    def atts(doc):
        return [{"speaker": {"name": "Mara Venn", "entity_id": "e1"}, "source": {"start": 0, "end": 9, "text": "Mara Venn"},
                 "cue": {"start": 10, "end": 14, "text": "said"},
                 "content": [{"start": 15, "end": 38, "text": doc.text[15:38]}], "negated": False}]
    doc = build([("Mara", 1, "compound", "PROPN", "Mara"), ("Venn", 1, "nsubj", "PROPN", "Venn"),
                 ("said", 0, "ROOT", "VERB", "say"), ("rebels", 1, "nsubj", "NOUN", "rebel"),
                 ("attacked", -2, "ccomp", "VERB", "attack"), ("the", 1, "det", "DET", "the"),
                 ("town", -2, "dobj", "NOUN", "town"), (".", -5, "punct", "PUNCT", ".")],
                ents=[(0, 2, "PERSON")], attributions=atts)
    (ev,) = find_events(doc)
    assert (ev["type"], ev["modality"], ev["claimed_by"]) == ("ASSAULT", "claimed", "Mara Venn")


def test_pronoun_actor_resolved_through_entities():
    # "She blamed the rebels ."
    ents = [{"id": "e1", "name": "Mara Venn", "type": "PERSON", "mentions": [{"start": 0, "end": 3, "text": "She"}]}]
    doc = build([("She", 1, "nsubj", "PRON", "she"), ("blamed", 0, "ROOT", "VERB", "blame"),
                 ("the", 1, "det", "DET", "the"), ("rebels", -2, "dobj", "NOUN", "rebel"),
                 (".", -3, "punct", "PUNCT", ".")], entities=ents)
    (ev,) = find_events(doc)
    assert (ev["type"], ev["actor"], ev["target"]) == ("ACCUSE", "Mara Venn", "rebels")


def test_expected_in_a_capital_is_a_visit_and_its_negation_kept():
    # "The envoy is not expected in Paris ."
    doc = build([("The", 1, "det", "DET", "the"), ("envoy", 3, "nsubjpass", "NOUN", "envoy"),
                 ("is", 2, "auxpass", "AUX", "be"), ("not", 1, "neg", "PART", "not"),
                 ("expected", 0, "ROOT", "VERB", "expect", "VBN"), ("in", -1, "prep", "ADP", "in"),
                 ("Paris", -1, "pobj", "PROPN", "Paris"), (".", -3, "punct", "PUNCT", ".")], ents=[(6, 7, "GPE")])
    (ev,) = find_events(doc)
    assert (ev["type"], ev["actor"], ev["modality"], ev["where"]) == ("CONSULT", "envoy", "negated", "Paris")


@pytest.mark.parametrize("name,state", [("Paris", "France"), ("the White House", "United States"),
                                        ("Japanese", "Japan"), ("Tokyo", "Japan"), ("Lyon", None),
                                        ("rebels", None)])
def test_state_by_metonymy(name, state):
    assert state_of(name) == state
