"""Score times and quantities of an analysis record against the seed gold.

    python benchmarks/seed_entities.py [--pred out.jsonl] [--shared ../shared]

Without ``--pred`` the seed is analysed with the full pipeline (its ``.meta.json`` sidecar gives the
publication date). A gold time is found when a predicted time overlaps it (on the gold's line) and its
value equals the gold value or one of its ``alt_values``; a gold quantity when a predicted quantity
overlaps it and value, unit and bound are equal. Prints one line per gold item and a summary.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSGRAPH_SHARED", ROOT.parent / "shared")).resolve()


def gold_span(text: str, line: int, phrase: str, nth: int = 1) -> tuple[int, int] | None:
    """Offsets of the ``nth`` occurrence of ``phrase`` on 1-based line ``line`` of ``text``."""
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return None
    base = sum(len(x) + 1 for x in lines[: line - 1])
    pos = -1
    for _ in range(nth):
        pos = lines[line - 1].find(phrase, pos + 1)
        if pos < 0:
            return None
    return base + pos, base + pos + len(phrase)


def _overlaps(a: tuple[int, int], b: dict) -> bool:
    return a[0] < b["end"] and b["start"] < a[1]


def score(record: dict, gold: dict, text: str) -> dict:
    """{"times": (found, total), "quantities": (found, total), "details": [...]}"""
    details = []
    found_t = 0
    for g in gold.get("times", []):
        span = gold_span(text, g["line"], g["text"], g.get("nth", 1))
        ok_values = {g["value"], *g.get("alt_values", [])}
        preds = [p for p in record.get("times", []) if span and _overlaps(span, p)]
        ok = any(p.get("value") in ok_values for p in preds)
        found_t += ok
        details.append(("time", g["text"], g["line"], g["value"], [p.get("value") for p in preds], ok))
    found_q = 0
    for g in gold.get("quantities", []):
        span = gold_span(text, g["line"], g["text"], g.get("nth", 1))
        preds = [p for p in record.get("quantities", []) if span and _overlaps(span, p)]
        ok = any(p.get("value") == g["value"] and p.get("unit") == g["unit"] and p.get("bound") == g["bound"]
                 for p in preds)
        found_q += ok
        details.append(("quantity", g["text"], g["line"], (g["value"], g["unit"], g["bound"]),
                        [(p.get("value"), p.get("unit"), p.get("bound")) for p in preds], ok))
    return {"times": (found_t, len(gold.get("times", []))),
            "quantities": (found_q, len(gold.get("quantities", []))), "details": details}


def analyze_seed(shared: Path = SHARED) -> tuple[dict, str]:
    sys.path.insert(0, str(ROOT / "src"))
    from newsgraph.ingest import read_path
    from newsgraph.pipeline import analyze

    txt = shared / "seed" / "putin-defence-board.txt"
    (article,) = list(read_path(str(txt)))
    return analyze(article), txt.read_text(encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pred", help="JSON Lines of analysis records (the seed's is picked by id)")
    ap.add_argument("--shared", default=str(SHARED))
    args = ap.parse_args(argv)
    shared = Path(args.shared)
    gold = json.loads((shared / "gold" / "putin-defence-board.gold.json").read_text(encoding="utf-8"))
    text = (shared / "seed" / "putin-defence-board.txt").read_text(encoding="utf-8")
    if args.pred:
        recs = [json.loads(x) for x in Path(args.pred).read_text(encoding="utf-8").splitlines() if x.strip()]
        record = next(r for r in recs if r.get("id") == "putin-defence-board")
    else:
        record, text = analyze_seed(shared)
    res = score(record, gold, text)
    for kind, phrase, line, want, got, ok in res["details"]:
        print(f"{'ok  ' if ok else 'MISS'} {kind:8} line {line:>2} {phrase!r}: gold {want} got {got}")
    print(f"times {res['times'][0]}/{res['times'][1]}  quantities {res['quantities'][0]}/{res['quantities'][1]}")
    return 0 if res["times"][0] == res["times"][1] and res["quantities"][0] == res["quantities"][1] else 1


if __name__ == "__main__":
    sys.exit(main())
