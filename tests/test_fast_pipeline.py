"""nlp/fast.py: the cached attribute ruler and lemmatizer give exactly what the model's own give.

Every token's POS, morphology, lemma, tag, dependency label and head are compared between the model
as it ships and the model with the two components replaced. The fast test runs a few hundred
sentences (the seed, three PolNeAR dev texts, ten allsides articles, hand-written cases for the
ruler's multi-token and whitespace rules); the slow one runs all of PolNeAR dev and 300 allsides
articles."""
from __future__ import annotations

import gzip
import itertools
import json
from pathlib import Path

import pytest

from newsgraph.nlp.pipeline import MODEL_PACKAGE

# the ruler's exceptions that span two tokens or read DEP / IS_SPACE
CASES = [
    "I ain't going, and we're gonna stay. You gotta see it. Let's go, y'all. C'mon now.",
    "There is a plan. There are two. There was one and there were none; there's more.",
    "He said:  \"No.\"\n\n  She gets it and got it.\t Then   it ended.\n",
    "Ya'll ain't gonna believe this; they GOT it, gets it, and y' all know.",
]


def _pair():
    import spacy

    from newsgraph.nlp.fast import FastAttributeRuler, FastLemmatizer, replace_slow_components

    plain = spacy.load(MODEL_PACKAGE, exclude=["ner"])
    fast = replace_slow_components(spacy.load(MODEL_PACKAGE, exclude=["ner"]))
    assert isinstance(fast.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert isinstance(fast.get_pipe("lemmatizer"), FastLemmatizer)
    assert plain.pipe_names == fast.pipe_names
    return plain, fast


def _compare(texts: list[str]) -> tuple[int, int]:
    plain, fast = _pair()
    tokens = sentences = 0
    diffs = []
    for a, b in zip(plain.pipe(texts, batch_size=16), fast.pipe(texts, batch_size=16)):
        assert len(a) == len(b)
        sentences += sum(1 for _ in a.sents)
        for x, y in zip(a, b):
            tokens += 1
            ex = (x.pos_, str(x.morph), x.lemma_, x.tag_, x.dep_, x.head.i, x.is_sent_start)
            ey = (y.pos_, str(y.morph), y.lemma_, y.tag_, y.dep_, y.head.i, y.is_sent_start)
            if ex != ey:
                diffs.append((x.text, ex, ey))
    assert not diffs, diffs[:20]
    return tokens, sentences


def _allsides(shared: Path, n: int) -> list[str]:
    with gzip.open(shared / "data" / "allsides" / "articles.jsonl.gz", "rt", encoding="utf-8") as fh:
        return [json.loads(line).get("content_original") or "" for line in itertools.islice(fh, n)]


def _polnear(shared: Path, n: int | None = None) -> list[str]:
    paths = sorted((shared / "data" / "polnear" / "dev" / "text").glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in paths[:n]]


def test_hand_written_exceptions_identical():
    tokens, _ = _compare(CASES)
    assert tokens > 80


def test_load_nlp_uses_fast_components(nlp):
    from newsgraph.nlp.fast import FastAttributeRuler, FastLemmatizer

    assert isinstance(nlp.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert isinstance(nlp.get_pipe("lemmatizer"), FastLemmatizer)
    doc = nlp("The ministers were warned that there's more to come.")
    assert [t.lemma_ for t in doc][:4] == ["the", "minister", "be", "warn"]
    assert doc[0].pos_ == "DET" and doc[1].pos_ == "NOUN" and doc[2].pos_ == "AUX"


@pytest.mark.shared
def test_few_hundred_sentences_identical(shared):
    from ngpaths import SEED_TXT

    texts = [SEED_TXT.read_text(encoding="utf-8")] + _polnear(shared, 3) + _allsides(shared, 10)
    tokens, sentences = _compare(texts)
    assert sentences >= 200, sentences


@pytest.mark.shared
@pytest.mark.slow
def test_polnear_dev_and_300_allsides_identical(shared):
    texts = _polnear(shared) + _allsides(shared, 300)
    tokens, sentences = _compare(texts)
    assert len(texts) >= 384 and tokens > 100_000
