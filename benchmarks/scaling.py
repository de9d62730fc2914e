"""Scaling: `newsgraph ingest` with 2 workers against 1, on the local engine and on Ray in local mode.

    python benchmarks/scaling.py [--n 400] [--batch-size 16] [--engines local,ray] [--repeat 1]

For each engine the same N allsides articles are ingested into a fresh SQLite store with ``-w 1`` and
then ``-w 2`` (Ray: ``--engine ray``, a local Ray instance of 2 CPUs); printed for each run: wall
time, articles/s over the whole command and in the steady state (from the first stored batch to the
last, so start-up and model loading are left out), peak RSS of every process that loaded the model
(the workers; target <= 1 GiB each), and the load average. The ratios 2 workers / 1 worker are
printed (target >= 1.7x on 2 cores). On a machine that others are using the ratio is bounded by the
CPU left over: read it beside the load average printed with it. The speed of a shared machine also
drifts from one run to the next (the same work can take 40 % more CPU-seconds an hour later), so
``--repeat R`` runs R pairs, alternating which of -w 1 and -w 2 goes first, and prints each pair's
ratio and the median; "articles per CPU-second" shows when the machine changed speed within a pair.

The "speed-matched" ratio scales the 1-worker run's time by the CPU per article of the analysing
processes (Ray: the actors; local: every process of the run) in the 2-worker run against the 1-worker
run: what the ratio would have been had the machine run at one speed through both runs. It also takes
out the real parallel overhead (two workers sharing caches and memory), so it is not a better figure
than the whole-command ratio, only a check on it: the smaller of the two is the safe one, and
``--repeat`` prints the median of that smaller figure as well.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sqlite3
import tempfile
import time
from pathlib import Path

from throughput import ALLSIDES, gib, header, ingest, load, write_slice


def steady_rate(db: Path) -> float | None:
    """Articles/s between the first and the last stored batch (ingested_at has one-second resolution)."""
    rows = [r[0] for r in sqlite3.connect(db).execute("SELECT ingested_at FROM articles ORDER BY ingested_at")]
    if len(rows) < 2:
        return None
    t = [time.mktime(time.strptime(x, "%Y-%m-%dT%H:%M:%SZ")) for x in rows]
    first = sum(1 for x in t if x == t[0])
    span = t[-1] - t[0]
    return (len(t) - first) / span if span > 0 else None


def run_one(engine: str, w: int, rep: int, path: Path, n: int, tmp: Path, args) -> tuple:
    """One ingest into a fresh store; prints its line and returns (articles/s, steady articles/s, articles/CPU-s,
    CPU-s of the analysing processes per article)."""
    db = tmp / f"{engine}-{w}-{rep}.db"
    print(f"   {engine} -w {w}: running ... [{load()}]", flush=True)
    r = ingest(path, db, workers=w, batch_size=args.batch_size, engine=engine, env={"NEWSGRAPH_RAY_CPUS": "2"})
    stored = sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0]
    sr = steady_rate(db)
    workers = r["workers"]
    print(f"   {engine} -w {w}: {stored} articles in {r['wall']:.1f}s wall ({n / r['wall']:.2f} articles/s; "
          f"steady state {sr or 0:.2f}/s), {r['cpu']:.0f}s CPU; peak RSS of the processes holding the "
          f"model: {', '.join(gib(x) for x in workers) or '-'}; max {gib(max(workers or [0]))} "
          f"({'<=' if max(workers or [0]) <= 1 << 30 else '>'} 1 GiB)   [{load()}]", flush=True)
    if args.breakdown:
        by: dict[str, float] = {}
        for pid, sec in r["cpu_by_pid"].items():
            name = r["peaks"].get(pid, ("?", 0))[0].split()[0:3]
            key = " ".join(x.rsplit("/", 1)[-1] for x in name)[:60]
            by[key] = by.get(key, 0.0) + sec
        top = sorted(by.items(), key=lambda x: -x[1])[:8]
        print("      CPU-s by process: " + "; ".join(f"{k} {v:.1f}" for k, v in top if v >= 0.5), flush=True)
    names = {pid: r["peaks"].get(pid, ("?", 0))[0] for pid in r["cpu_by_pid"]}
    actors = sum(sec for pid, sec in r["cpu_by_pid"].items() if names[pid].startswith("ray::MapWorker"))
    analysis = actors if engine == "ray" and actors else r["cpu"]
    return n / r["wall"], sr, n / r["cpu"], analysis / n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=400)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--engines", default="local,ray")
    ap.add_argument("--data", type=Path, default=ALLSIDES)
    ap.add_argument("--repeat", type=int, default=1,
                    help="pairs of runs, alternating which goes first; each ratio and the median are printed")
    ap.add_argument("--breakdown", action="store_true",
                    help="also print the CPU seconds of each process of each run (driver, workers, Ray's daemons)")
    args = ap.parse_args()
    header(f"scaling: 2 workers vs 1, {args.n} allsides articles")
    tmp = Path(tempfile.mkdtemp(prefix="ng-scaling-"))
    try:
        path, n, _ = write_slice(args.n, tmp, data=args.data)
        for engine in args.engines.split(","):
            wholes, steadies, safes = [], [], []
            for rep in range(args.repeat):
                res = {}
                for w in ((1, 2) if rep % 2 == 0 else (2, 1)):
                    res[w] = run_one(engine, w, rep, path, n, tmp, args)
                whole = res[2][0] / res[1][0]
                steady = (res[2][1] / res[1][1]) if res[1][1] and res[2][1] else float("nan")
                matched = whole * res[2][3] / res[1][3]
                wholes.append(whole)
                steadies.append(steady)
                safes.append(min(whole, matched))
                print(f"   {engine}: 2 workers / 1 worker = {whole:.2f}x whole command, {steady:.2f}x steady state "
                      f"(target >= 1.7x); articles per CPU-second {res[1][2]:.2f} -> {res[2][2]:.2f} "
                      f"({res[2][2] / res[1][2]:.2f}x: the parallel overhead, and the drift of the machine's speed "
                      f"between the two runs)", flush=True)
                print(f"   {engine}: analysing CPU per article {1000 * res[1][3]:.1f} ms (1 worker) -> "
                      f"{1000 * res[2][3]:.1f} ms (2 workers); speed-matched ratio {matched:.2f}x; "
                      f"safe figure (the smaller) {min(whole, matched):.2f}x",
                      flush=True)
            if args.repeat > 1:
                print(f"   {engine}: median of {args.repeat} pairs = {statistics.median(wholes):.2f}x whole command "
                      f"({', '.join(f'{x:.2f}' for x in wholes)}), {statistics.median(steadies):.2f}x steady state, "
                      f"{statistics.median(safes):.2f}x safe figure ({', '.join(f'{x:.2f}' for x in safes)})",
                      flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
