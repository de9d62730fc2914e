"""Score times, quantities, entities and resolution of an analysis record against the seed gold.

    python benchmarks/seed_entities.py [--pred out.jsonl] [--shared ../shared]

Without ``--pred`` the seed is analysed with the full pipeline (its ``.meta.json`` sidecar gives the
publication date). A gold time is found when a predicted time overlaps it (on the gold's line) and its
value equals the gold value or one of its ``alt_values``; a gold quantity when a predicted quantity
overlaps it and value, unit and bound are equal. A gold entity is found when a predicted entity has its
type and its name equals the canonical name (for persons: ends with the surname). A ``resolution``
occurrence (line, text, n-th whole-word occurrence in the line) is right when it lies inside a mention of
an entity that matches the named gold entity. Prints one line per gold item and a summary.
"""
from __future__ import annotations

import argparse
import json
import os
import re
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


def word_span(text: str, line: int, phrase: str, nth: int = 1) -> tuple[int, int] | None:
    """Like ``gold_span`` but whole words only: "he" is not the "he" inside "the"."""
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return None
    base = sum(len(x) + 1 for x in lines[: line - 1])
    hits = [m.start() for m in re.finditer(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", lines[line - 1])]
    if len(hits) < nth:
        return None
    return base + hits[nth - 1], base + hits[nth - 1] + len(phrase)


def _norm(s: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", s.lower()).split())


def entity_matches(pred: dict, gold: dict) -> bool:
    """Same type, and the name equals the canonical name (persons: ends with the surname)."""
    if pred.get("type") != gold["type"]:
        return False
    name, canon = _norm(pred.get("name") or ""), _norm(gold["canonical"])
    if name == canon:
        return True
    if gold["type"] == "PERSON" and canon.split() and name.split():
        return name.split()[-1] == canon.split()[-1]
    return False


def score_entities(record: dict, gold: dict, text: str) -> dict:
    """{"entities": (found, total), "resolution": (right, total), "details": [...]}"""
    details = []
    preds = record.get("entities") or []
    found_e = 0
    for g in gold.get("entities", []):
        hits = [p for p in preds if entity_matches(p, g)]
        found_e += bool(hits)
        details.append(("entity", g["canonical"], g["type"], [(p["name"], p["type"]) for p in hits], bool(hits)))
    right = 0
    for g in gold.get("resolution", []):
        span = word_span(text, g["line"], g["text"], g.get("nth", 1))
        gent = next((e for e in gold.get("entities", []) if e["canonical"] == g["entity"]), None)
        got = [p["name"] for p in preds if span and any(m["start"] <= span[0] and span[1] <= m["end"]
                                                        for m in p.get("mentions") or [])]
        ok = bool(span and gent and any(entity_matches(p, gent) and any(
            m["start"] <= span[0] and span[1] <= m["end"] for m in p.get("mentions") or []) for p in preds))
        right += ok
        details.append(("resolution", f"{g['text']!r} line {g['line']}", g["entity"], got, ok))
    return {"entities": (found_e, len(gold.get("entities", []))),
            "resolution": (right, len(gold.get("resolution", []))), "details": details}


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
    ents = score_entities(record, gold, text)
    for kind, what, want, got, ok in ents["details"]:
        print(f"{'ok  ' if ok else 'MISS'} {kind:10} {what}: gold {want} got {got}")
    print(f"times {res['times'][0]}/{res['times'][1]}  quantities {res['quantities'][0]}/{res['quantities'][1]}")
    print(f"entities {ents['entities'][0]}/{ents['entities'][1]}")
    print(f"resolution {ents['resolution'][0]}/{ents['resolution'][1]}")
    full = all(a == b for a, b in (res["times"], res["quantities"], ents["entities"], ents["resolution"]))
    return 0 if full else 1


if __name__ == "__main__":
    sys.exit(main())
