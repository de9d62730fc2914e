"""Positions on hand-built Docs: holder and voice, issue, stance. No model."""
from __future__ import annotations

import spacy
from spacy.tokens import Doc, Span

import newsgraph.nlp.pipeline  # noqa: F401  (registers the Doc extensions)
from newsgraph.nlp.positions import content_lemmas, find_positions

VOCAB = spacy.blank("en").vocab


def build(rows, ents=(), attributions=None, entities=None, published="2024-02-01", starts=(0,)):
    words = [r[0] for r in rows]
    doc = Doc(VOCAB, words=words, heads=[i + r[1] for i, r in enumerate(rows)], deps=[r[2] for r in rows],
              pos=[r[3] for r in rows], lemmas=[r[4] for r in rows], tags=[r[5] if len(r) > 5 else "" for r in rows],
              sent_starts=[i in starts for i in range(len(rows))])
    doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in ents]
    doc._.attributions = attributions(doc) if callable(attributions) else (attributions or [])
    doc._.entities = entities(doc) if callable(entities) else (entities or [])
    doc._.times, doc._.places, doc._.blocks = [], [], None
    doc._.article = {"id": "t", "published": published}
    return doc


def test_state_rejects_an_issue():
    # "Ostria rejects the deployment of foreign troops ."
    doc = build([("Ostria", 1, "nsubj", "PROPN", "Ostria"), ("rejects", 0, "ROOT", "VERB", "reject"),
                 ("the", 1, "det", "DET", "the"), ("deployment", -2, "dobj", "NOUN", "deployment"),
                 ("of", -1, "prep", "ADP", "of"), ("foreign", 1, "amod", "ADJ", "foreign"),
                 ("troops", -2, "pobj", "NOUN", "troop"), (".", -6, "punct", "PUNCT", ".")], ents=[(0, 1, "GPE")])
    (p,) = find_positions(doc)
    assert (p["holder"], p["voiced_by"], p["stance"]) == ("Ostria", None, "oppose")
    assert p["issue"] == "deployment of foreign troops" and p["date"] == "2024-02-01"
    assert doc.text[p["evidence"][0]["start"]:p["evidence"][0]["end"]] == p["evidence"][0]["text"]


def test_spokesman_voices_his_state_and_anaphoric_issue_resolved():
    # "Ostria rejects foreign troops . Her spokesman said such troops are a subject for discussion ."
    rows = [("Ostria", 1, "nsubj", "PROPN", "Ostria"), ("rejects", 0, "ROOT", "VERB", "reject"),
            ("foreign", 1, "amod", "ADJ", "foreign"), ("troops", -2, "dobj", "NOUN", "troop"),
            (".", -3, "punct", "PUNCT", "."),
            ("Paris", 1, "compound", "PROPN", "Paris"), ("spokesman", 1, "compound", "NOUN", "spokesman"),
            ("Lev", 1, "compound", "PROPN", "Lev"), ("Dorn", 1, "nsubj", "PROPN", "Dorn"),
            ("said", 0, "ROOT", "VERB", "say"), ("such", 1, "amod", "ADJ", "such"),
            ("troops", 1, "nsubj", "NOUN", "troop"), ("are", -3, "ccomp", "AUX", "be"),
            ("a", 1, "det", "DET", "a"), ("subject", -2, "attr", "NOUN", "subject"),
            ("for", -1, "prep", "ADP", "for"), ("discussion", -1, "pobj", "NOUN", "discussion"),
            (".", -8, "punct", "PUNCT", ".")]

    def atts(doc):
        s = doc[10].idx
        return [{"speaker": {"name": "Lev Dorn", "entity_id": "e2"},
                 "source": {"start": doc[5].idx, "end": doc[8].idx + 4, "text": "Paris spokesman Lev Dorn"},
                 "cue": {"start": doc[9].idx, "end": doc[9].idx + 4, "text": "said"},
                 "content": [{"start": s, "end": doc[16].idx + 10, "text": doc.text[s:doc[16].idx + 10]}],
                 "negated": False}]

    def ents(doc):
        return [{"id": "e2", "name": "Lev Dorn", "type": "PERSON",
                 "mentions": [{"start": doc[7].idx, "end": doc[8].idx + 4, "text": "Lev Dorn"}]}]
    doc = build(rows, ents=[(0, 1, "GPE"), (5, 6, "GPE"), (7, 9, "PERSON")], attributions=atts, entities=ents,
                starts=(0, 5))
    ps = find_positions(doc)
    assert [(p["holder"], p["stance"]) for p in ps] == [("Ostria", "oppose"), ("France", "open")]
    assert ps[1]["voiced_by"] == "Lev Dorn"
    assert ps[1]["issue"] == "discussing foreign troops"


def test_no_position_and_denied_report():
    # "There is no position from the Ostrian side ."
    doc = build([("There", 1, "expl", "PRON", "there"), ("is", 0, "ROOT", "VERB", "be"),
                 ("no", 1, "det", "DET", "no"), ("position", -2, "attr", "NOUN", "position"),
                 ("from", -1, "prep", "ADP", "from"), ("the", 2, "det", "DET", "the"),
                 ("Ostrian", 1, "amod", "ADJ", "ostrian"), ("side", -3, "pobj", "NOUN", "side"),
                 (".", -7, "punct", "PUNCT", ".")], ents=[(6, 7, "NORP")])
    # no earlier issue in the document: nothing to hold a position on
    assert find_positions(doc) == []


def test_issue_lemmas_fold_plurals_and_heads():
    assert content_lemmas("foreign forces in Ostria") == content_lemmas("foreign troops in Ostria")
    assert "the" not in content_lemmas("the buffer zone")
