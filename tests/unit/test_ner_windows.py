"""nlp/ner_windows.py: the model's NER over windows around the tokens that can be part of an entity."""
from __future__ import annotations

import copy

import pytest
import spacy
from spacy.tokens import Doc

from newsgraph.nlp import ner_windows
from newsgraph.nlp.ner_windows import LEFT, RIGHT, WindowedNER, _with_vectors, ner_reach, window_ner
from newsgraph.nlp.pipeline import MODEL_PACKAGE

# a news-like text with long stretches of lower-case words between the names, numbers and dates,
# so that the windows leave tokens out (checked below)
TEXT = (
    "The committee met on Tuesday to discuss the budget, and after a long and heated debate about "
    "whether the money should go to roads or to schools or to the hospitals that have been waiting "
    "for a very long time, the members agreed that nothing would be decided until the summer.\n\n"
    "Maria Lopez, who chairs the Finance Committee of the Ohio Senate, said the state would borrow "
    "$40 million from the World Bank. She added that she was not at all sure that the people who "
    "live in the small towns along the river would be happy with what they were going to be told, "
    "but that it was the best that could be done in the circumstances. Some of them have been waiting "
    "for years, she said, and they are tired of waiting and of hearing that there is no money for them.\n\n"
    "In Columbus, John Smith of the Democratic Party called it a disgrace and promised 3,000 new jobs "
    "by 2027. It was not clear how many of those would be in the places that had lost the most when "
    "the factories closed and the young people left for the cities and did not come back again."
)


@pytest.fixture(scope="module")
def model():
    return spacy.load(MODEL_PACKAGE)


def _before_ner(nlp, text: str) -> Doc:
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name == "ner":
            break
        doc = proc(doc)
    return doc


def test_the_small_models_ner_reaches_four_tokens_each_side(model):
    assert ner_reach(model.config) == 4


def test_a_ner_listening_to_a_shared_tok2vec_is_not_windowed(model):
    cfg = copy.deepcopy(model.config.interpolate())
    cfg["components"]["ner"]["model"]["tok2vec"] = {"@architectures": "spacy.Tok2VecListener.v1", "width": 96}
    assert ner_reach(cfg) is None
    cfg["components"]["ner"]["model"] = {"@architectures": "spacy.SpanCategorizer.v1"}
    assert ner_reach(cfg) is None
    assert ner_reach({"components": {}}) is None


def test_window_ner_replaces_ner_under_the_same_name_once(model):
    nlp = spacy.load(MODEL_PACKAGE)
    inner = nlp.get_pipe("ner")
    window_ner(nlp)
    window_ner(nlp)
    wrapped = nlp.get_pipe("ner")
    assert isinstance(wrapped, WindowedNER) and wrapped.ner is inner and wrapped.context == 4
    assert nlp.pipe_names == model.pipe_names
    assert wrapped.labels == inner.labels  # the wrapped component's attributes reach through


def test_tokens_far_from_any_candidate_are_left_out_and_candidates_keep_their_reach(model):
    words = ("the " * 12 + "Smith " + "the " * 12 + "in 2020 " + "the " * 12 + "next summer .").split()
    doc = Doc(model.vocab, words=words, sent_starts=[True] + [False] * (len(words) - 1))
    w = WindowedNER(model.get_pipe("ner"), model.vocab, 4)
    got = set(w.covered(doc).tolist())
    for seed in ("Smith", "2020", "summer"):
        i = words.index(seed)
        assert set(range(i - 4, min(len(words), i + 5))) <= got, seed
    assert 0 not in got and 3 not in got  # twelve "the" before the first candidate
    assert len(got) < len(words) - 15


def test_a_capitalised_stop_word_opening_a_sentence_is_no_candidate_elsewhere_it_is(model):
    w = WindowedNER(model.get_pipe("ner"), model.vocab, 1)
    words = "The cat sat . a b c d e The".split()
    doc = Doc(model.vocab, words=words, sent_starts=[True, False, False, False, True] + [False] * 5)
    assert w.covered(doc).tolist() == [8, 9]  # "The" opening sentence 1 is not a candidate; the last is


def test_a_doc_shorter_than_the_reach_stays_in_bounds(model):
    w = WindowedNER(model.get_pipe("ner"), model.vocab, 4)
    doc = Doc(model.vocab, words="the the the By".split())
    assert w.covered(doc).tolist() == [0, 1, 2, 3]
    w(doc)
    assert all(t.ent_iob_ in ("O", "B", "I") for t in doc)
    assert w.covered(Doc(model.vocab, words=[])).tolist() == []


def test_windowed_entities_are_the_models_own_and_every_other_token_is_outside(model):
    base = _before_ner(model, TEXT)
    inner = model.get_pipe("ner")
    w = WindowedNER(inner, model.vocab, ner_reach(model.config))
    assert len(w.covered(base)) < 0.9 * len(base)  # the text is cut into windows, not run whole
    whole, windowed = inner(base.copy()), w(base.copy())
    assert [(e.start, e.end, e.label_) for e in windowed.ents] == [(e.start, e.end, e.label_) for e in whole.ents]
    assert {e.label_ for e in windowed.ents} >= {"PERSON", "ORG", "GPE", "MONEY", "DATE"}
    assert [t.ent_iob_ for t in windowed] == [t.ent_iob_ for t in whole]
    # the norms of the tokenizer's exceptions travel into the short doc ("n't" reads as "not")
    short = w._short_doc(base, w.covered(base))
    assert [t.norm_ for t in short] == [base[int(i)].norm_ for i in w.covered(base)]


def test_pipe_handles_empty_docs_and_docs_without_candidates(model):
    inner = model.get_pipe("ner")
    w = WindowedNER(inner, model.vocab, 4)
    docs = [model.make_doc(""), model.make_doc("and so it goes on and on."), _before_ner(model, TEXT)]
    out = list(w.pipe(docs, batch_size=2))
    assert out == docs
    assert not out[0].ents and not out[1].ents and all(t.ent_iob_ == "O" for t in out[1])
    assert len(out[2].ents) > 5


def test_the_decisions_window_reaches_three_tokens_before_a_candidate_and_one_after(model):
    words = ("the " * 8 + "by the end of June " + "the " * 8).split()
    doc = Doc(model.vocab, words=words, sent_starts=[True] + [False] * (len(words) - 1))
    w = WindowedNER(model.get_pipe("ner"), model.vocab, 4)
    june, end = words.index("June"), words.index("end")
    # "end" is a word of time too: the window runs from three before "end" to one after "June"
    assert w.covered(doc, LEFT, RIGHT).tolist() == list(range(end - LEFT, june + RIGHT + 1))
    assert (LEFT, RIGHT) == (3, 1)
    # the vectors' window is the CNN's reach either side, and holds the decisions' window
    assert set(w.covered(doc, LEFT, RIGHT).tolist()) < set(w.covered(doc).tolist())


def test_decisions_run_on_vectors_from_the_wider_window_and_match_the_whole_text(model, monkeypatch):
    text = ("The talks dragged on and on and nobody in the room was sure of anything at all, so they "
            "waited and waited for the answer that would settle it by the end of June, when more than "
            "10,000 people and hundreds of millions of dollars were at stake for the city of Lyon.")
    base = _before_ner(model, text)
    inner = model.get_pipe("ner")
    w = WindowedNER(inner, model.vocab, ner_reach(model.config))
    own = inner.model
    shorts, given, embedded = [], [], []
    real_short, real_given, real_rows = w._short_doc, ner_windows._with_vectors, ner_windows._Rows
    monkeypatch.setattr(w, "_short_doc", lambda doc, idx: shorts.append(len(idx)) or real_short(doc, idx))
    monkeypatch.setattr(ner_windows, "_with_vectors", lambda m, v: given.append(len(v)) or real_given(m, v))
    monkeypatch.setattr(ner_windows, "_Rows", lambda doc, idx: embedded.append(len(idx)) or real_rows(doc, idx))
    whole, windowed = inner(base.copy()), w(base.copy())
    cnn, decide = len(w.covered(base)), len(w.covered(base, LEFT, RIGHT))
    assert decide < cnn < 0.9 * len(base)
    # the embedding reads the wider window, the decisions run over a short doc of the narrower one
    assert embedded == [cnn] and shorts == [decide] and given == [decide]
    assert inner.model is own  # the NER has its own model back afterwards
    got = [(e.text, e.label_) for e in windowed.ents]
    assert got == [(e.text, e.label_) for e in whole.ents]
    assert ("the end of June", "DATE") in got and ("more than 10,000", "CARDINAL") in got


def test_vectors_given_for_other_docs_are_refused(model):
    inner = model.get_pipe("ner")
    given = _with_vectors(inner.model, inner.model.ops.alloc2f(3, 64))
    with pytest.raises(ValueError, match="other docs"):
        given.predict([model.make_doc("one two")])
