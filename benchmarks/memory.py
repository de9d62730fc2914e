"""Peak memory per worker: `newsgraph ingest -w 2` as it ships against the same command without the
two memory bounds (``--batch-chars 0 --recycle-after 0``, batches cut by article count only and one
pool for the whole run), over the same articles, in one run.

    python benchmarks/memory.py [--n 300] [--longest] [--offset 0] [--batch-size 32]

``--longest`` takes the N longest allsides articles (the worst case for the model's memory peak,
which grows with the characters a batch holds); otherwise the N articles after ``--offset``. Printed
for each: wall time, articles per CPU-second, and the peak RSS (VmHWM) of every worker process, with
the target of issue 8 (<= 1 GiB each). The peak of a long run (growth of spaCy's vocabulary) is
what ``--recycle-after`` bounds; ``python benchmarks/full_corpus.py --limit N`` measures that.
"""
from __future__ import annotations

import argparse
import gzip
import heapq
import json
import shutil
import sqlite3
import tempfile
from pathlib import Path

from throughput import ALLSIDES, gib, header, ingest, load, write_slice

CONFIGS = [("as shipped", []), ("without the bounds (--batch-chars 0 --recycle-after 0)",
                                ["--batch-chars", "0", "--recycle-after", "0"])]


def longest(n: int, folder: Path, data: Path) -> tuple[Path, int, int]:
    """The N longest articles (by content characters) as a JSON Lines file, in corpus order."""
    best: list = []
    with gzip.open(data, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            k = len(json.loads(line).get("content_original") or "")
            item = (k, i, line)
            if len(best) < n:
                heapq.heappush(best, item)
            elif item > best[0]:
                heapq.heapreplace(best, item)
    path = folder / f"allsides-longest-{n}.jsonl"
    rows = sorted(best, key=lambda x: x[1])
    path.write_text("".join(r[2] for r in rows), encoding="utf-8")
    return path, len(rows), sum(r[0] for r in rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--longest", action="store_true")
    ap.add_argument("--offset", type=int, default=0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--data", type=Path, default=ALLSIDES)
    args = ap.parse_args()
    what = f"the {args.n} longest" if args.longest else f"{args.n}"
    header(f"memory: peak RSS per worker, {what} allsides articles, -w {args.workers}")
    tmp = Path(tempfile.mkdtemp(prefix="ng-memory-"))
    try:
        if args.longest:
            path, n, chars = longest(args.n, tmp, args.data)
        else:
            path, n, chars = write_slice(args.n, tmp, data=args.data, offset=args.offset)
        print(f"   {n} articles, {chars:,} characters (mean {chars // max(1, n):,})", flush=True)
        peaks = {}
        for name, extra in CONFIGS:
            db = tmp / f"{len(peaks)}.db"
            r = ingest(path, db, workers=args.workers, batch_size=args.batch_size, extra=extra)
            stored = sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0]
            top = max(r["workers"] or [0])
            peaks[name] = top
            print(f"   {name}: {stored} articles in {r['wall']:.1f}s wall, {n / r['cpu']:.2f} articles per CPU-second; "
                  f"peak RSS per worker {', '.join(gib(x) for x in r['workers'][:6]) or '-'} "
                  f"({len(r['workers'])} worker processes); max {gib(top)} "
                  f"({'<=' if top <= 1 << 30 else '>'} 1 GiB)   [{load()}]", flush=True)
        a, b = (peaks[c[0]] for c in CONFIGS)
        print(f"   peak per worker as shipped / without the bounds: {a / b:.2f}x" if b else "")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
