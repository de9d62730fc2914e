"""Drift: does an analysing process get slower as it goes, or does the machine change speed?

    python benchmarks/drift.py [--n 2000] [--chunk 200]

Two fresh processes start together and analyse allsides articles in batches of 16 through the local
engine's ``analyze_batch`` (the code every worker and Ray actor runs): A takes articles 0..N-1, B takes
articles N/2..N-1. Each prints, for every chunk of articles, the CPU milliseconds per 1,000 characters
and the seconds spent in garbage collection. B's articles are A's second half, analysed at other
moments, so for each of them the two costs are printed side by side:

- if a process slowed as it went (a growing vocabulary, more objects to collect), A's second half
  would cost more than B's, chunk for chunk, and A's last chunk more than its first;
- if the machine changes speed with time, both processes slow and recover at the same moments, and
  the same articles cost more in whichever process analysed them during a slow spell.

This is why ``benchmarks/scaling.py`` prints a speed-matched ratio beside the whole-command one.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from throughput import PY, header, write_slice

CHILD = r"""
import gc, json, sys, time
from newsgraph.ingest import read_path
from newsgraph.engines import local
path, chunk = sys.argv[1], int(sys.argv[2])
arts = [a for a in read_path(path, max_bytes=1 << 31) if hasattr(a, "text")]
gc_cpu, started = [0.0], [0.0]
def on_gc(phase, info):
    if phase == "start":
        started[0] = time.process_time()
    else:
        gc_cpu[0] += time.process_time() - started[0]
gc.callbacks.append(on_gc)
local._init_worker(None)
t_start = time.perf_counter()
for i in range(0, len(arts), chunk):
    c0, g0, w0 = time.process_time(), gc_cpu[0], time.perf_counter() - t_start
    part = arts[i:i + chunk]
    for j in range(0, len(part), 16):
        local.analyze_batch(part[j:j + 16])
    cpu = time.process_time() - c0
    chars = sum(len(a.text) for a in part)
    print(json.dumps({"first": i, "n": len(part), "cpu": cpu, "chars": chars, "gc": gc_cpu[0] - g0,
                      "at": w0, "objects": len(gc.get_objects())}), flush=True)
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=2000, help="articles for process A (B takes the second half)")
    ap.add_argument("--chunk", type=int, default=200, help="articles per printed chunk")
    args = ap.parse_args()
    half = args.n // 2
    if half % args.chunk:
        sys.exit("--n / 2 must be a multiple of --chunk, so that B's chunks are A's chunks")
    header(f"drift: one process over {args.n} articles beside another over its second half")
    tmp = Path(tempfile.mkdtemp(prefix="ng-drift-"))
    paths = {"a": write_slice(args.n, tmp)[0], "b": write_slice(args.n - half, tmp, offset=half)[0]}
    procs = {name: subprocess.Popen([PY, "-c", CHILD, str(path), str(args.chunk)],
                                    stdout=subprocess.PIPE, text=True, env={**os.environ, "OMP_NUM_THREADS": "1"})
             for name, path in paths.items()}
    rows = {}
    try:
        for name, p in procs.items():
            out, _ = p.communicate()
            if p.returncode:
                sys.exit(f"process {name.upper()} failed with {p.returncode}")
            rows[name] = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    finally:
        for p in procs.values():
            if p.poll() is None:
                p.kill()
        shutil.rmtree(tmp, ignore_errors=True)
    ms = lambda r: 1e6 * r["cpu"] / r["chars"]  # noqa: E731  (CPU ms per 1,000 characters)
    print("   process A, chunk by chunk (CPU ms per 1,000 characters; GC seconds; started at second; objects):")
    for r in rows["a"]:
        print(f"     A articles {r['first']:>5}-{r['first'] + r['n'] - 1:<5} {ms(r):6.2f} ms  GC {r['gc']:4.2f} s  "
              f"at {r['at']:6.1f} s  {r['objects']:>8} objects")
    print("   the same articles in A and in B (B analysed them first; B ran alongside A's first half):")
    for rb in rows["b"]:
        ra = next(r for r in rows["a"] if r["first"] == rb["first"] + half)
        span = f"{ra['first']:>5}-{ra['first'] + ra['n'] - 1:<5}"
        print(f"     articles {span} A {ms(ra):6.2f} ms at {ra['at']:6.1f} s   "
              f"B {ms(rb):6.2f} ms at {rb['at']:6.1f} s   A/B {ms(ra) / ms(rb):.2f}")
    a = rows["a"]
    second = [r for r in a if r["first"] >= half]
    a2 = sum(r["cpu"] for r in second) / sum(r["chars"] for r in second)
    b2 = sum(r["cpu"] for r in rows["b"]) / sum(r["chars"] for r in rows["b"])
    print(f"   A's first chunk {ms(a[0]):.2f} ms, its last {ms(a[-1]):.2f} ms; the second half in A {1e6 * a2:.2f} ms, "
          f"in B {1e6 * b2:.2f} ms ({a2 / b2:.2f}x); GC {sum(r['gc'] for r in a):.1f} s in A over "
          f"{sum(r['cpu'] for r in a):.0f} CPU-s")
    print("   read: a process that slowed as it went shows A/B above 1 on every line and a last chunk dearer than "
          "the first; a machine that changes speed shows A/B moving both ways with the moment")


if __name__ == "__main__":
    main()
