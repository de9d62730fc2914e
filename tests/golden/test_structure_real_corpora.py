"""Structure rules checked on real news: prose paragraphs of AllSides and the US government statements
stay body (the rules must not turn body text into headings, captions or credits)."""
from __future__ import annotations

import gzip
import json

from newsgraph.structure import detect_blocks


def _prose_blocks_not_body(texts) -> tuple[int, list[str]]:
    n, bad = 0, []
    for t in texts:
        for b in detect_blocks(t):
            seg = t[b.start:b.end]
            if len(seg.split()) >= 25 and seg.rstrip().endswith((".", "!", "?", "”", '"')):
                n += 1
                if b.role != "body":
                    bad.append(f"{b.role}: {seg[:80]}")
    return n, bad


def test_allsides_prose_paragraphs_stay_body(shared):
    with gzip.open(shared / "data" / "allsides" / "articles.jsonl.gz", "rt", encoding="utf-8") as fh:
        texts = [json.loads(line)["content_original"] for i, line in enumerate(fh) if i % 50 == 0]
    n, bad = _prose_blocks_not_body(texts)
    assert n > 10_000 and bad == []


def test_us_government_statements_prose_stays_body(shared):
    with open(shared / "data" / "us-gov-ukraine-2022" / "statements.jsonl", encoding="utf-8") as fh:
        texts = [json.loads(line).get("article") or "" for line in fh]
    n, bad = _prose_blocks_not_body(texts)
    assert n > 2_000 and bad == []
