"""Property: every block and span points into the canonical text, for any text.

For random texts (paragraphs, blank lines, unicode, quotes, credits, bylines, datelines, stray whitespace):
blocks lie inside the text, in order and without overlap, each is a non-empty stripped slice; the JSON
record survives a JSON round trip, and every ``{"start", "end", "text"}`` span in it satisfies
``text[start:end] == span["text"]``.
"""
from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.model import Article
from newsgraph.pipeline import record
from newsgraph.structure import detect_blocks

WORDS = st.sampled_from([
    "the", "minister", "said", "Kyiv", "Genève", "naïve", "中文", "Москва", "🙂", "“Yes,”", "‘no’", '"quoted"', "it’s",
    "—", "–", "-", "(AP)", "AP", "Reuters", "/", "Photo:", "©", "By", "KYIV", "LONDON", "(Reuters)", "2024", "…", ".",
    ",", "?", "!", ":", "\u00a0", "\t", "e\u0301", "ﬁ", "Ⅻ", "x" * 30,
])
SENTENCE = st.lists(WORDS, min_size=1, max_size=25).map(" ".join)
SPECIAL = st.sampled_from([
    "Talks resume in Geneva", "By Jane Doe and John Roe", "KYIV, Ukraine (Reuters) - The minister said on Monday",
    "A soldier walks past a damaged building (L) in the town. Jane Doe/AP", "Jane Doe/TASS via ZUMA Press/dpa",
    "Photo: Jane Doe (Reuters)", "© Some Agency", "   ", "", "\u2028", "“It’s over,” she said.",
])
PARAGRAPH = st.one_of(SENTENCE, SPECIAL, st.lists(SENTENCE, min_size=2, max_size=4).map(" ".join),
                      st.text(max_size=80))
SEP = st.sampled_from(["\n", "\n\n", "\n \n", "\n\n\n", "\r\n", "\r\n\r\n", " \n\t\n", "\n\u00a0\n"])


@st.composite
def texts(draw) -> str:
    paras = draw(st.lists(PARAGRAPH, min_size=0, max_size=14))
    out = draw(st.sampled_from(["", "\n", "  ", "\ufeff"]))
    for p in paras:
        out += p + draw(SEP)
    if paras and draw(st.booleans()):
        out += paras[0]  # a repeated paragraph, to exercise duplicate marking
    return out


def spans(obj):
    """Every dict in the record that has start, end and text."""
    if isinstance(obj, dict):
        if {"start", "end", "text"} <= obj.keys():
            yield obj
        for v in obj.values():
            yield from spans(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from spans(v)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts())
def test_blocks_are_ordered_disjoint_stripped_slices(text):
    blocks = detect_blocks(text)
    prev_end = 0
    for b in blocks:
        assert 0 <= b.start < b.end <= len(text)
        assert b.start >= prev_end  # in order, no overlap
        prev_end = b.end
        seg = text[b.start:b.end]
        assert seg and seg == seg.strip()
        if b.duplicate_of is not None:
            assert b.duplicate_of < b.start and any(o.start == b.duplicate_of for o in blocks)
        if b.credit is not None:
            assert b.start <= b.credit[0] < b.credit[1] <= b.end


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts())
def test_record_round_trips_and_every_span_cuts_the_text(text):
    rec = record(Article(id="p", text=text, origin="<property>", format="text"), with_text=True)
    assert json.loads(json.dumps(rec)) == rec
    assert json.loads(json.dumps(rec, ensure_ascii=False)) == rec
    assert rec["text"] == text
    for sp in spans(rec):
        assert 0 <= sp["start"] <= sp["end"] <= len(text)
        assert text[sp["start"]:sp["end"]] == sp["text"]
    for b in rec["blocks"]:
        assert text[b["start"]:b["end"]].strip() == text[b["start"]:b["end"]] != ""
