"""Structure detection and the full spaCy pipeline on hostile article texts: one-word articles, articles
of nothing but quotation marks, unbalanced and nested quotes, control, zero-width and right-to-left
characters. Every article gives a record whose spans point into its text, or a clear error naming it;
never an unhandled exception.
"""
from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from fuzz.fuzzkit import COUNT, check_error, fuzz_settings
from newsgraph.errors import InputError
from newsgraph.model import Article
from newsgraph.pipeline import analyze_stream, record
from newsgraph.structure import detect_blocks

QUOTES = list("\"'“”‘’«»„‚‹›「」『』")
ODD = list("\x00\x01\x07\x0b\x0c\x1b\x7f\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
           "\u2066\u2067\u2068\u2069\u2028\u2029\ufffd\u0301\u05d0\u0627\U0001f600\u00a0\u3000")
WORDS = ["the", "minister", "said", "told", "reporters", "Putin", "Kyiv", "according", "to", "spokesman", "denied",
         "that", "he", "she", "would", "not", "resign", "on", "Monday", "\n", "\n\n", ".", ",", ":", "?", "—", "-",
         "By", "Reuters", "(AP)", "3", "km", "$", "5m", "percent", "“We", "will”", "‘no’", "a" * 40]
TOKEN = st.one_of(st.sampled_from(WORDS), st.sampled_from(QUOTES), st.sampled_from(ODD),
                  st.text(max_size=8))
ARTICLE = st.one_of(
    st.sampled_from(WORDS + QUOTES),  # one-word articles
    st.lists(st.sampled_from(QUOTES + [" ", "\n"]), min_size=1, max_size=60).map("".join),  # only quotes
    st.lists(TOKEN, min_size=1, max_size=80).map(" ".join),  # prose with unbalanced quotes and odd characters
    st.lists(TOKEN, min_size=1, max_size=80).map("".join),
    st.builds(lambda d, w: "He said " + "“she said ‘" * d + w + "’”" * (d // 2) + ".", st.integers(0, 40),
              st.sampled_from(WORDS)),  # deeply nested quotes, some never closed
)


def _check_record(rec: dict, text: str) -> None:
    json.dumps(rec)  # JSON-able
    n = len(text)
    for b in rec["blocks"]:
        assert 0 <= b["start"] <= b["end"] <= n
    for s in rec.get("sentences", []):
        assert 0 <= s["start"] <= s["end"] <= n

    def walk(o):
        if isinstance(o, dict):
            if isinstance(o.get("start"), int) and isinstance(o.get("end"), int) and isinstance(o.get("text"), str):
                assert 0 <= o["start"] <= o["end"] <= n, o
                assert text[o["start"]:o["end"]] == o["text"], o
            for v in o.values():
                walk(v)
        elif isinstance(o, list):
            for v in o:
                walk(v)

    walk(rec)


@fuzz_settings(2000)
@given(ARTICLE)
def test_structure_on_hostile_text(text):
    COUNT["inputs"] += 1
    blocks = detect_blocks(text)
    last = 0
    for b in blocks:
        assert last <= b.start <= b.end <= len(text)
        last = b.end
    if text.strip():
        _check_record(record(Article(id="x", text=text, origin="fuzz", format="text")), text)


@fuzz_settings(250)
@given(st.lists(ARTICLE.filter(lambda t: t.strip()), min_size=1, max_size=4))
def test_full_pipeline_on_hostile_articles(nlp, texts):
    arts = [Article(id=f"a{i}", text=t, origin=f"fuzz#{i}", format="text") for i, t in enumerate(texts)]
    COUNT["pipeline"] += len(arts)
    out = list(analyze_stream(arts, nlp=nlp, batch_size=4))
    assert len(out) == len(arts)
    for a, res in zip(arts, out):
        if isinstance(res, InputError):
            check_error(res, a.origin)
            assert not res.reason.startswith("analysis failed"), f"pipeline crash on {a.text!r}: {res}"
        else:
            assert res["id"] == a.id
            _check_record(res, a.text)
