"""Score events and positions on the seed against its gold, as the gold's ``how_to_match`` says.

    python benchmarks/seed_events_positions.py [RECORD.jsonl]

Without a record the seed is analysed here. Events: a required gold event is found when a prediction
has its type (or a ``type_alt``), contains the gold actor's last word in its actor, and has its
modality. Positions: holder equal (case ignored; a predicted holder may be a gold alias of the
speaker), stance equal, and the issue a lexical match of ``issue`` or ``issue_alt`` (content lemmas
shared: at least half of the smaller set, and at least two when both have two or more).
Prints one line per gold item and, last, ``events F/R positions F/R negated_as_asserted N``.
"""
from __future__ import annotations

import json
import math
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SHARED = Path(os.environ.get("NEWSGRAPH_SHARED", ROOT.parent / "shared"))
GOLD = SHARED / "gold" / "putin-defence-board.gold.json"
SEED = SHARED / "seed" / "putin-defence-board.txt"


def issue_match(pred: str, gold: str) -> bool:
    from newsgraph.nlp.positions import content_lemmas

    a, b = content_lemmas(pred), content_lemmas(gold.replace("/", " "))
    if not a or not b:
        return False
    shared = len(a & b)
    need = max(1, math.ceil(0.5 * min(len(a), len(b))))
    if min(len(a), len(b)) >= 2:
        need = max(need, 2) if min(len(a), len(b)) >= 3 else need
    return shared >= need


def event_match(p: dict, g: dict) -> bool:
    types = {g["type"], *g.get("type_alt", [])}
    last = g["actor"].split()[-1].lower()
    return p.get("type") in types and last in (p.get("actor") or "").lower() and p.get("modality") == g["modality"]


def position_match(p: dict, g: dict) -> bool:
    if (p.get("holder") or "").lower() != g["holder"].lower() or p.get("stance") != g["stance"]:
        return False
    return any(issue_match(p.get("issue") or "", gi) for gi in [g["issue"], *([g["issue_alt"]] if g.get("issue_alt") else [])])


def score(rec: dict, gold: dict, out=print) -> dict:
    text = rec.get("text")
    req = [g for g in gold["events"] if g.get("required")]
    found_e = 0
    for g in req:
        hit = next((p for p in rec.get("events", []) if event_match(p, g)), None)
        found_e += hit is not None
        out(f"event    {'ok  ' if hit else 'MISS'} line {g['line']:>2} {g['type']:<9} {g['actor']:<22} {g['modality']}")
    # the negated gold events must never be stored as asserted
    neg_bad = 0
    for g in gold["events"]:
        if g["modality"] != "negated" or text is None:
            continue
        lines = text.split("\n")
        lo = sum(len(x) + 1 for x in lines[: g["line"] - 1])
        hi = lo + len(lines[g["line"] - 1])
        for p in rec.get("events", []):
            if lo <= p["start"] < hi and p.get("modality") == "asserted" and \
                    p["type"] in {g["type"], *g.get("type_alt", [])} and g["actor"].split()[-1].lower() in (p.get("actor") or "").lower():
                neg_bad += 1
    found_p = 0
    used: set[int] = set()  # one prediction per gold position; the one with the same voice first
    for g in gold["positions"]:
        cands = [i for i, p in enumerate(rec.get("positions", [])) if i not in used and position_match(p, g)]
        cands.sort(key=lambda i: (rec["positions"][i].get("voiced_by") or "") != (g.get("voiced_by") or ""))
        hit = rec["positions"][cands[0]] if cands else None
        if cands:
            used.add(cands[0])
        found_p += hit is not None
        out(f"position {'ok  ' if hit else 'MISS'} {g['holder']:<14} {g['stance']:<9} {g['issue']}"
            + (f"  <- {hit['issue']}" if hit else ""))
    res = {"events": found_e, "events_total": len(req), "positions": found_p,
           "positions_total": len(gold["positions"]), "negated_as_asserted": neg_bad}
    out(f"events {found_e}/{len(req)} positions {found_p}/{len(gold['positions'])} negated_as_asserted {neg_bad}")
    return res


def analyse_seed() -> dict:
    from newsgraph.ingest import read_path
    from newsgraph.pipeline import analyze

    (article,) = list(read_path(str(SEED)))
    return analyze(article, with_text=True)


def main(argv: list[str]) -> int:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    if argv:
        rec = json.loads(Path(argv[0]).read_text(encoding="utf-8").splitlines()[0])
        rec.setdefault("text", SEED.read_text(encoding="utf-8"))
    else:
        rec = analyse_seed()
    score(rec, gold)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
