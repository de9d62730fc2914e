"""Positions the United States takes on its top issues over 2022-2023, from the US government
statements of ../shared/data/us-gov-ukraine-2022 (291 dated documents).

    python benchmarks/us_positions.py [--db STORE] [--top 8] [--holder "United States"]

With ``--db`` naming a store that holds them (``newsgraph ingest statements.jsonl --map
text=article,published=date --db STORE``) the positions are read from it; otherwise the statements
are analysed here. Prints, per top issue (issues grouped lexically), the holder's positions in date
order with each change of stance flagged, then a line per issue with its stance counts; last line:
``positions N issues M changes K``.
"""
from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SHARED = Path(os.environ.get("NEWSGRAPH_SHARED", ROOT.parent / "shared"))
DATA = SHARED / "data" / "us-gov-ukraine-2022" / "statements.jsonl"


def load_positions(db: str | None) -> list[dict]:
    if db and os.path.exists(db):
        from newsgraph.store import open_store

        with open_store(db) as store:
            return store.positions_of(limit=1_000_000)
    from newsgraph.ingest import read_path
    from newsgraph.ingest.jsonl import parse_map
    from newsgraph.pipeline import analyze_stream

    arts = read_path(str(DATA), fmt="jsonl", options={"jsonl_map": parse_map("text=article,published=date")})
    out = []
    for rec in analyze_stream(arts):
        if isinstance(rec, dict):
            for p in rec.get("positions", []):
                out.append({**p, "article_id": rec["id"], "title": rec.get("title"),
                            "date": p.get("date") or rec.get("published")})
    return out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db")
    ap.add_argument("--holder", default="United States")
    ap.add_argument("--top", type=int, default=8)
    args = ap.parse_args(argv)
    from newsgraph.positions_timeline import group_issues, timeline

    allpos = load_positions(args.db)
    mine = [p for p in allpos if (p.get("holder") or "").lower() == args.holder.lower()]
    labels = group_issues([p["issue"] for p in mine])
    counts = Counter(labels[p["issue"]] for p in mine)
    n_changes = 0
    summary = []
    for label, n in counts.most_common(args.top):
        rows = [p for p in mine if labels[p["issue"]] == label]
        tl = timeline(rows, args.holder, label)  # every member of a group matches its label
        print(f"\n## {args.holder} on: {label}  ({n} positions)")
        for r in tl:
            ev = (r.get("evidence") or [{}])[0].get("text", "")
            flag = f"  CHANGE {r['previous']['stance']} -> {r['stance']}" if r.get("changed") else ""
            print(f"  {r.get('date') or '?':<10} {r['stance']:<9} {r.get('voiced_by') or '':<18} {ev[:110]!r}{flag}")
            n_changes += bool(r.get("changed"))
        st = Counter(r["stance"] for r in tl)
        summary.append(f"{label[:60]:<60} " + " ".join(f"{k}={v}" for k, v in st.most_common()))
    print("\n## summary")
    for line in summary:
        print("  " + line)
    print(f"positions {len(mine)} issues {len(counts)} changes {n_changes}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
