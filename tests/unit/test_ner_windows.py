"""nlp/ner_windows.py: the model's NER over windows around the tokens that can be part of an entity."""
from __future__ import annotations

import copy
from types import SimpleNamespace

import numpy as np
import pytest
import spacy
from spacy.attrs import NORM
from spacy.tokens import Doc, Span
from thinc.api import Model

from newsgraph.nlp import ner_windows
from newsgraph.nlp.ner_windows import GreedyNERDecoder, WindowedNER, ner_reach, window_flags, window_ner
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
    # the embedding reads the doc's own norms for the windows' tokens ("n't" reads as "not")
    rows = ner_windows._Rows(base, w.covered(base))
    assert rows.to_array([NORM]).tolist() == [base[int(i)].norm for i in w.covered(base)]


def test_pipe_handles_empty_docs_and_docs_without_candidates(model):
    inner = model.get_pipe("ner")
    w = WindowedNER(inner, model.vocab, 4)
    docs = [model.make_doc(""), model.make_doc("and so it goes on and on."), _before_ner(model, TEXT)]
    out = list(w.pipe(docs, batch_size=2))
    assert out == docs
    assert not out[0].ents and not out[1].ents and all(t.ent_iob_ == "O" for t in out[1])
    assert len(out[2].ents) > 5


TEXTS = [
    TEXT,
    "The talks dragged on by the end of June, when more than 10,000 people and hundreds of millions "
    "of dollars were at stake for the city of Lyon.\n\nOn Monday, the U.N. Security Council met in New "
    "York; Sen. Elizabeth Warren (D-Mass.) said 42 percent of voters agreed.  \n  Apple Inc. fell 3%.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_the_decoder_finds_the_entities_of_the_models_own_loop_on_the_whole_text(model, text):
    base = _before_ner(model, text)
    inner = model.get_pipe("ner")
    decoder = GreedyNERDecoder.of(inner)
    vectors = inner.model.get_ref("tok2vec").predict([base])
    got = decoder(vectors, *window_flags(base, np.arange(len(base))))
    want = [(e.start, e.end - 1, e.label_) for e in inner(base.copy()).ents]
    assert got == want and len(want) > 5


def _loop_on_vectors(inner, doc: Doc, idx, vectors):
    """The reference: spaCy's own greedy loop over a doc made of the tokens at ``idx`` (a sentence
    start after each gap), with its embedding's output replaced by ``vectors``."""
    starts = window_flags(doc, idx)[0]
    short = Doc(doc.vocab, words=[doc[int(i)].text for i in idx],
                spaces=[bool(doc[int(i)].whitespace_) for i in idx], sent_starts=starts.tolist())

    def given(layer, docs, is_train):
        return vectors, lambda d: []

    model = inner.model
    layers = list(model.layers)
    layers[0] = Model("given_vectors", given)
    inner.model = Model(model.name, model._func, layers=layers, attrs=dict(model.attrs), dims={"nI": None})
    try:
        inner.set_annotations([short], inner.predict([short]))
    finally:
        inner.model = model
    return [(e.start, e.end - 1, e.label_) for e in short.ents]


def test_the_decoder_matches_the_models_loop_on_windows_with_gaps(model):
    base = _before_ner(model, TEXT)
    inner = model.get_pipe("ner")
    w = WindowedNER(inner, model.vocab, 4)
    idx = w.covered(base)
    assert len(idx) < 0.9 * len(base) and (np.diff(idx) > 1).any()
    vectors = inner.model.get_ref("tok2vec").predict([ner_windows._Rows(base, idx)])
    got = w.decoder(vectors, *window_flags(base, idx))
    assert got == _loop_on_vectors(inner, base, idx, vectors) and len(got) > 5


def test_entities_never_open_on_whitespace_nor_run_past_a_sentence_start(model):
    inner = model.get_pipe("ner")
    d = GreedyNERDecoder(inner)
    d.b = d.b.copy()
    person = [i for i in d.B.tolist() if d.label[i] == "PERSON"][0]
    i_col, l_col = d.I_of_B[d.B.tolist().index(person)], d.L_of_B[d.B.tolist().index(person)]
    u_col = [i for i in d.U.tolist() if d.label[i] == "GPE"][0]
    d.b[person], d.b[i_col], d.b[u_col] = 1e4, 1e5, 1e3  # B-PERSON first, then I-PERSON, then U-GPE
    vectors = inner.model.ops.alloc2f(9, inner.model.get_ref("lower").get_dim("nI"))
    start = np.array([1, 0, 0, 0, 1, 0, 1, 1, 1], dtype=bool)
    space = np.array([0, 0, 1, 0, 0, 0, 1, 0, 0], dtype=bool)
    # 0-3: B, I (also over whitespace), I, L before the start at 4; 4-5: B, L before the start at 6;
    # 6 is whitespace: O; 7 is a sentence of its own: U (no B); 8, the last token: U
    assert d(vectors, start, space) == [(0, 3, "PERSON"), (4, 5, "PERSON"), (7, 7, "GPE"), (8, 8, "GPE")]
    assert d(vectors[:0], start[:0], space[:0]) == []


def test_a_doc_with_entities_already_set_goes_through_the_models_own_loop(model):
    base = _before_ner(model, TEXT)
    inner = model.get_pipe("ner")
    w = WindowedNER(inner, model.vocab, 4)
    preset = base.copy()
    preset.set_ents([Span(preset, 0, 2, label="EVENT")], default="unmodified")
    want = inner(preset.copy())
    got = w(preset)
    assert [(e.start, e.end, e.label_) for e in got.ents] == [(e.start, e.end, e.label_) for e in want.ents]
    assert got.ents[0].label_ == "EVENT"


def test_a_ner_the_decoder_does_not_read_keeps_its_own_loop(model):
    inner = model.get_pipe("ner")
    Beam = SimpleNamespace(cfg={"beam_width": 4}, model=inner.model, moves=inner.moves)
    assert GreedyNERDecoder.of(SimpleNamespace(cfg={}, model=inner.model, moves=inner.moves)) is not None
    assert GreedyNERDecoder.of(Beam) is None
    assert GreedyNERDecoder.of(object()) is None
    assert WindowedNER(Beam, model.vocab, 4).decoder is None


def test_decisions_run_on_vectors_from_the_windows_and_match_the_whole_text(model, monkeypatch):
    text = ("The talks dragged on and on and nobody in the room was sure of anything at all, so they "
            "waited and waited for the answer that would settle it by the end of June, when more than "
            "10,000 people and hundreds of millions of dollars were at stake for the city of Lyon.")
    base = _before_ner(model, text)
    inner = model.get_pipe("ner")

    class NoLoop:  # the model's NER, its own loop refused
        def __getattr__(self, attr):
            return getattr(inner, attr)

        def predict(self, docs):
            pytest.fail("the model's own loop ran")

    w = WindowedNER(NoLoop(), model.vocab, ner_reach(model.config))
    embedded, real_rows = [], ner_windows._Rows
    monkeypatch.setattr(ner_windows, "_Rows", lambda doc, idx: embedded.append(len(idx)) or real_rows(doc, idx))
    whole = inner
    cnn = len(w.covered(base))
    windowed = w(base.copy())
    assert cnn < 0.9 * len(base) and embedded == [cnn]
    monkeypatch.undo()
    got = [(e.text, e.label_) for e in windowed.ents]
    assert got == [(e.text, e.label_) for e in whole(base.copy()).ents]
    assert ("the end of June", "DATE") in got and ("more than 10,000", "CARDINAL") in got
