"""HTML body quality: newsgraph's HTML reader against gold article bodies.

Usage: python benchmarks/html_extraction.py DIR [--limit N] [--ids FILE] [--no-baseline] [-v]

DIR is any folder in the layout ``html/<id>.html.gz`` + ``ground-truth.json`` where the JSON maps
``{id: {"articleBody": <gold body>, "url": <page url>}}`` (the Article Extraction Benchmark layout).

Each page goes through ``newsgraph.ingest.read_path`` - the same code path as ``newsgraph analyze``
(gzip, charset detection, format sniffing, the HTML reader) - and the article's ``text`` is the body.
A page the reader refuses counts as an empty body (P = R = F1 = 0).

Metric (per page, then the mean over pages):
  tokens(s) = the words of ``s.lower()`` matched by the regex ``\\w+`` (Unicode word characters);
  the prediction and the gold body are compared as bags (multisets) of tokens:
  overlap = sum over tokens t of min(count_pred(t), count_gold(t));
  P = overlap / |pred|, R = overlap / |gold|, F1 = 2PR / (P + R)
  (P = 1 when both are empty, P = 0 when only the prediction is empty; likewise R; F1 = 0 when P + R = 0).
The printed figures are the arithmetic means of per-page P, R and F1 over all pages.

As a baseline the same run scores ``trafilatura.extract(html)`` with its default options (the HTML
decoded the same way). The LAST line printed is ``F1 <mean F1 of newsgraph>``.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

_TOKEN = re.compile(r"\w+")


def tokens(s: str) -> Counter:
    return Counter(_TOKEN.findall(s.lower()))


def prf(pred: str, gold: str) -> tuple[float, float, float]:
    p_tok, g_tok = tokens(pred), tokens(gold)
    n_p, n_g = sum(p_tok.values()), sum(g_tok.values())
    overlap = sum((p_tok & g_tok).values())
    p = overlap / n_p if n_p else (1.0 if not n_g else 0.0)
    r = overlap / n_g if n_g else (1.0 if not n_p else 0.0)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def newsgraph_body(path: Path) -> str:
    from newsgraph.ingest import read_path
    from newsgraph.model import Article

    try:
        items = list(read_path(str(path)))
    except Exception:  # a refused page scores 0
        return ""
    return "\n\n".join(a.text for a in items if isinstance(a, Article))


def baseline_body(path: Path) -> str:
    import trafilatura
    from newsgraph.ingest.decode import decode

    html = decode(gzip.decompress(path.read_bytes()), str(path))
    return trafilatura.extract(html) or ""


def load(folder: Path, limit: int | None = None, ids: list[str] | None = None) -> list[tuple[str, Path, str]]:
    gold = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    keys = ids if ids is not None else sorted(gold)
    if limit:
        keys = keys[:limit]
    out = []
    for k in keys:
        p = folder / "html" / f"{k}.html.gz"
        if p.exists():
            out.append((k, p, gold[k].get("articleBody") or ""))
    return out


def score(pages, body_of) -> tuple[float, float, float, list]:
    rows = []
    for k, path, gold in pages:
        rows.append((k, *prf(body_of(path), gold)))
    n = max(1, len(rows))
    return (sum(r[1] for r in rows) / n, sum(r[2] for r in rows) / n, sum(r[3] for r in rows) / n, rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", type=Path)
    ap.add_argument("--limit", type=int, help="only the first N ids in sorted order")
    ap.add_argument("--no-baseline", action="store_true", help="skip the trafilatura.extract() baseline")
    ap.add_argument("-v", "--verbose", action="store_true", help="per-page scores, worst first")
    args = ap.parse_args(argv)
    pages = load(args.dir, args.limit)
    if not pages:
        print(f"no pages in {args.dir} (expected html/<id>.html.gz and ground-truth.json)", file=sys.stderr)
        return 2
    if not args.no_baseline:
        t0 = time.perf_counter()
        bp, br, bf, _ = score(pages, baseline_body)
        print(f"baseline trafilatura.extract(): P {bp:.4f}  R {br:.4f}  F1 {bf:.4f}  "
              f"({len(pages)} pages, {time.perf_counter() - t0:.1f}s)")
    t0 = time.perf_counter()
    p, r, f, rows = score(pages, newsgraph_body)
    if args.verbose:
        for k, pp, rr, ff in sorted(rows, key=lambda x: x[3])[:25]:
            print(f"  {ff:.3f}  P {pp:.3f}  R {rr:.3f}  {k}")
    print(f"newsgraph HTML reader: P {p:.4f}  R {r:.4f}  F1 {f:.4f}  ({len(pages)} pages, {time.perf_counter() - t0:.1f}s)")
    print(f"F1 {f:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
