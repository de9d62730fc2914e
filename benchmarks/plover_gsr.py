"""Event typing on the PLOVER gold-standard records (322 sentences from the CAMEO manual).

    python benchmarks/plover_gsr.py ../shared/data/plover-gsr/PLOVER_GSR_CAMEO.json

The old v0.5 categories are mapped to the current 16 types as the data's FORMAT.md says (DEMAND ->
REQUEST, DISAPPROVE and INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT). Each sentence goes through the full
pipeline; its predicted type is that of the main event: the trigger nearest the root of the parse
(the earliest on a tie), read as PLOVER reads a stated intention (``intent_type``: "will provide aid"
is AGREE, "will impose a blockade" THREATEN). A sentence without a trigger counts as wrong ("NONE").
Prints a confusion table (gold rows, predicted columns) and, last, ``accuracy <value>``.
"""
from __future__ import annotations

import collections
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

OLD_TO_NEW = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


def depth(tok) -> int:
    d = 0
    while tok.head is not tok and d < 50:
        tok, d = tok.head, d + 1
    return d


def main_event(doc) -> str:
    from newsgraph.nlp.events import find_events

    evs = doc._.events if doc._.events is not None else find_events(doc)
    if not evs:
        return "NONE"
    def key(e):
        span = doc.char_span(e["trigger"]["start"], e["trigger"]["end"], alignment_mode="expand")
        return (depth(span.root) if span is not None else 99, e["trigger"]["start"])
    ev = min(evs, key=key)
    return ev.get("intent_type") or ev["type"]


def main(argv: list[str]) -> int:
    path = argv[0] if argv else str(ROOT.parent / "shared" / "data" / "plover-gsr" / "PLOVER_GSR_CAMEO.json")
    recs = [r for r in json.loads(Path(path).read_text(encoding="utf-8")) if r.get("event") != "DOCUMENT" and r.get("text")]
    from newsgraph.nlp.pipeline import load_nlp

    nlp = load_nlp()
    gold = [OLD_TO_NEW.get(r["event"], r["event"]) for r in recs]
    pred = [main_event(d) for d in nlp.pipe((r["text"] for r in recs), batch_size=64)]
    conf = collections.Counter(zip(gold, pred))
    labels = sorted(set(gold) | set(pred))
    short = {lab: lab[:4] for lab in labels}
    print("gold\\pred " + " ".join(f"{short[p]:>4}" for p in labels) + "   n  acc")
    for g in sorted(set(gold)):
        row = [conf[(g, p)] for p in labels]
        n = sum(row)
        print(f"{g:<9} " + " ".join(f"{c:>4}" if c else "   ." for c in row) + f" {n:>3} {conf[(g, g)] / n:.2f}")
    if "--errors" in argv:
        for r, g, p in zip(recs, gold, pred):
            if g != p:
                print(f"  {g:<9} {p:<9} {r['text'][:150]}")
    acc = sum(g == p for g, p in zip(gold, pred)) / len(gold)
    print(f"accuracy {acc:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
