"""Server-side render time of the seed's article page (the issue's bar: under 100 ms).

    python benchmarks/page_render.py [--seed PATH] [--runs N]

Analyses the seed once with the full pipeline (not timed), stores it in a temporary SQLite store,
then times two things over N runs each and prints median, p95 and max in milliseconds:
  render   the page's HTML from the store (read the record, lay out the text, run the template)
  cpu      the same renders in process CPU time (what a busy machine's wall clock hides)
  request  the whole GET /article/ID through the app (routing, middleware, headers) with a test client
The last line is `render_ms <median wall-clock render time>` (the bar: < 100).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SHARED = Path(os.environ.get("NEWSGRAPH_SHARED", ROOT.parent / "shared")).resolve()


def stats(name: str, xs: list[float]) -> str:
    xs = sorted(x * 1000 for x in xs)
    p95 = xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]
    return f"{name:<8} median {statistics.median(xs):7.2f} ms   p95 {p95:7.2f} ms   max {xs[-1]:7.2f} ms   (n={len(xs)})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", default=str(SHARED / "seed" / "putin-defence-board.txt"))
    ap.add_argument("--runs", type=int, default=50)
    args = ap.parse_args()

    from newsgraph.api import create_app
    from newsgraph.ingest import read_path
    from newsgraph.pipeline import analyze
    from newsgraph.store import open_store
    from newsgraph.web import render_article

    (article,) = list(read_path(args.seed))
    rec = analyze(article, with_text=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.db")
        with open_store(db) as s:
            s.add([rec])
        print(f"seed {rec['id']}: {len(rec['text'])} chars, {len(rec['blocks'])} blocks, "
              f"{len(rec['attributions'])} attributions, {len(rec['entities'])} entities, "
              f"{len(rec.get('events') or [])} events, {len(rec.get('positions') or [])} positions")

        store = open_store(db)
        render_article(store, rec["id"])  # warm: templates compiled once per process
        times, cpu, size = [], [], 0
        for _ in range(args.runs):
            t0, c0 = time.perf_counter(), time.process_time()
            html = render_article(store, rec["id"])
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
            size = len(html)
        print(f"page {size:,} bytes of HTML; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
              "(wall time grows with it; CPU time much less)")
        print(stats("render", times))
        print(stats("cpu", cpu))

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from fastapi.testclient import TestClient
        client = TestClient(create_app(db))
        url = "/article/" + rec["id"]
        assert client.get(url).status_code == 200
        req = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            r = client.get(url)
            req.append(time.perf_counter() - t0)
            assert r.status_code == 200
        print(stats("request", req))
        print(f"render_ms {statistics.median(times) * 1000:.2f}")


if __name__ == "__main__":
    main()
