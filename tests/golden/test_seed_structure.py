"""The seed's block roles, as `newsgraph analyze -f json` gives them, pinned against the hand gold."""
from __future__ import annotations

import json

from click.testing import CliRunner

from newsgraph.cli import cli

from ngpaths import SEED_GOLD, SEED_TXT


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _analyze_json(shared) -> tuple[dict, str]:
    res = CliRunner().invoke(cli, ["analyze", "-f", "json", "--no-nlp", str(SEED_TXT)])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout), SEED_TXT.read_text(encoding="utf-8")


def test_seed_block_roles_match_gold_exactly(shared):
    rec, text = _analyze_json(shared)
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    want = {b["line"]: b["role"] for b in gold["blocks"]}
    want.update({n: "body" for n in gold["body_lines"]})
    got = {_line_of(text, b["start"]): b["role"] for b in rec["blocks"]}
    assert got == want


def test_seed_duplicate_caption_points_at_the_first(shared):
    rec, text = _analyze_json(shared)
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    starts = {_line_of(text, b["start"]): b for b in rec["blocks"]}
    for g in gold["blocks"]:
        b = starts[g["line"]]
        if "duplicate_of" in g:
            assert _line_of(text, b["duplicate_of"]) == g["duplicate_of"]
        else:
            assert "duplicate_of" not in b
        if "credit" in g:
            assert b["credit"]["text"] == g["credit"]


def test_seed_blocks_are_whole_lines_and_offsets_hold(shared):
    rec, text = _analyze_json(shared)
    lines = [l for l in text.split("\n") if l.strip()]
    assert [text[b["start"]:b["end"]] for b in rec["blocks"]] == lines
    for b in rec["blocks"]:
        if "credit" in b:
            c = b["credit"]
            assert text[c["start"]:c["end"]] == c["text"]


def test_seed_sentences_never_cross_a_block(seed_record):
    blocks = [(b["start"], b["end"]) for b in seed_record["blocks"]]
    for s in seed_record["sentences"]:
        assert any(bs <= s["start"] and s["end"] <= be for bs, be in blocks), s
