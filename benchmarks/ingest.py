"""Ingest throughput: articles per second through the readers and structure, no NLP.

Usage: python benchmarks/ingest.py [--data DIR] [--jsonl-lines N] [--text-files N] [--html-pages N]

This is what ``newsgraph analyze --no-nlp`` does per article: ``newsgraph.ingest.read_path`` (format
sniffing, decoding, the reader) then ``newsgraph.pipeline.record`` (structure blocks, the JSON record)
and ``json.dumps`` of the record. Three inputs, each timed on its own, on one core (single process):

* JSONL: the first N lines of ``allsides/articles.jsonl.gz`` written (uncompressed) to a temporary
  file, read with ``--map text=content_original``;
* text: N ``.txt`` files written into a temporary folder from the same allsides bodies at run time
  (deleted afterwards), each read as one file as ``newsgraph analyze DIR`` would;
* HTML: the gzipped pages of ``article-extraction-benchmark/html`` (181), through trafilatura.

DIR defaults to ``../shared/data`` beside the repository (or ``$NEWSGRAPH_SHARED/data``). Each line printed is
``<format> <articles> articles in <cpu>s CPU: <rate> articles/s on one core (wall ...)``: the rate is
articles per CPU second of this single-threaded process, so other work on a shared machine does not
distort it; the wall-clock rate is printed beside it.
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _default_data() -> Path:
    shared = Path(os.environ.get("NEWSGRAPH_SHARED", ROOT.parent / "shared"))
    return shared / "data"


def run(paths: list[str], options: dict | None = None) -> tuple[int, int, float, float]:
    """Articles and errors from ``paths`` through read_path + record + json.dumps, and the wall-clock
    and CPU seconds it took (CPU time is what one core spends, whatever else shares the machine)."""
    from newsgraph.errors import NewsgraphError
    from newsgraph.ingest import iter_files, read_path
    from newsgraph.pipeline import record

    n = errors = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for path in iter_files(paths):
        try:
            for it in read_path(path, options=options):
                if isinstance(it, NewsgraphError):
                    errors += 1
                    continue
                json.dumps(record(it), ensure_ascii=False)
                n += 1
        except NewsgraphError:
            errors += 1
    return n, errors, time.perf_counter() - t0, time.process_time() - c0


def report(name: str, n: int, errors: int, wall: float, cpu: float) -> float:
    rate = n / cpu if cpu else float("inf")
    extra = f" ({errors} errors)" if errors else ""
    print(f"{name:<5} {n} articles in {cpu:.2f}s CPU: {rate:.0f} articles/s on one core "
          f"(wall {wall:.2f}s: {n / wall if wall else 0:.0f} articles/s){extra}", flush=True)
    return rate


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=_default_data())
    ap.add_argument("--jsonl-lines", type=int, default=5000)
    ap.add_argument("--text-files", type=int, default=2000)
    ap.add_argument("--html-pages", type=int, default=181)
    args = ap.parse_args(argv)
    allsides = args.data / "allsides" / "articles.jsonl.gz"
    aeb = args.data / "article-extraction-benchmark" / "html"
    if not allsides.exists() or not aeb.is_dir():
        print(f"data not found under {args.data} (need allsides/ and article-extraction-benchmark/)", file=sys.stderr)
        return 2
    # warm up imports and lazy state (regexes, trafilatura) outside the timings
    run([str(next(iter(sorted(aeb.glob("*.html.gz")))))])

    tmp = Path(tempfile.mkdtemp(prefix="newsgraph-bench-"))
    try:
        with gzip.open(allsides, "rt", encoding="utf-8") as fh:
            lines = list(itertools.islice(fh, max(args.jsonl_lines, args.text_files)))
        jsonl = tmp / "allsides-head.jsonl"
        jsonl.write_text("".join(lines[: args.jsonl_lines]), encoding="utf-8")
        report("jsonl", *run([str(jsonl)], {"jsonl_map": {"text": "content_original"}}))

        texts = tmp / "texts"
        texts.mkdir()
        for i, line in enumerate(lines[: args.text_files]):
            (texts / f"a{i:05d}.txt").write_text(json.loads(line)["content_original"], encoding="utf-8")
        report("text", *run([str(texts)]))

        pages = sorted(aeb.glob("*.html.gz"))[: args.html_pages]
        report("html", *run([str(p) for p in pages]))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
