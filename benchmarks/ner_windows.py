"""The NER over windows (nlp/ner_windows.py) against the same NER over whole texts, on allsides.

    python benchmarks/ner_windows.py [--n 200] [--reach 4 3 2] [--data FILE]

Runs the pipeline up to the NER over the first N articles once, then, doc by doc and in one
process, the model's NER over each whole text (the baseline) and the windowed NER at each reach
given (the pipeline's own reach, 4 for the small model, first). Prints per reach: the share of the
tokens that go through the NER's CNN, the NER's CPU seconds against the baseline's and their ratio
(the windowed NER makes its decisions with nlp/ner_windows.py's GreedyNERDecoder, the baseline in
spaCy's own loop), and how many of the baseline's entities the windowed NER finds identically
(start, end, label).
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SHARED = Path(os.environ.get("NEWSGRAPH_SHARED", ROOT.parent / "shared")).resolve()
ALLSIDES = SHARED / "data" / "allsides" / "articles.jsonl.gz"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200, help="the first N allsides articles (default 200)")
    ap.add_argument("--reach", type=int, nargs="*", default=None, help="reaches to try (default: the pipeline's)")
    ap.add_argument("--data", type=Path, default=ALLSIDES)
    args = ap.parse_args(argv)

    os.environ["NEWSGRAPH_NER_WINDOWS"] = "1"
    from newsgraph.nlp.ner_windows import WindowedNER
    from newsgraph.nlp.pipeline import load_nlp

    nlp = load_nlp()
    windowed = nlp.get_pipe("ner")
    if not isinstance(windowed, WindowedNER):
        print("the pipeline's NER is not windowed (it listens to a shared tok2vec?)", file=sys.stderr)
        return 2
    with gzip.open(args.data, "rt", encoding="utf-8") as fh:
        texts = [json.loads(line).get("content_original") or "" for line in itertools.islice(fh, args.n)]
    upto = list(itertools.takewhile(lambda p: p != "ner", nlp.pipe_names))
    with nlp.select_pipes(disable=[p for p in nlp.pipe_names if p not in upto]):
        docs = list(nlp.pipe(texts, batch_size=16))
    tokens = sum(len(d) for d in docs)
    print(f"== NER over windows vs whole texts, {len(docs)} allsides articles, {tokens:,} tokens: "
          f"{time.strftime('%Y-%m-%d %H:%M:%S %Z')}; load average {os.getloadavg()[0]:.2f}")
    t = time.process_time()
    whole = [{(e.start, e.end, e.label_) for e in windowed.ner(d.copy()).ents} for d in docs]
    base = time.process_time() - t
    total = sum(len(w) for w in whole)
    print(f"   whole texts: {base:.1f} CPU-s, {total:,} entities")
    for k in args.reach or [windowed.context]:
        windowed.context = k
        covered = sum(len(windowed.covered(d)) for d in docs)
        t = time.process_time()
        got = [{(e.start, e.end, e.label_) for e in windowed(d.copy()).ents} for d in docs]
        cpu = time.process_time() - t
        same = sum(len(a & b) for a, b in zip(whole, got))
        print(f"   reach {k}: {covered / tokens:.3f} of the tokens through the NER's CNN; {cpu:.1f} CPU-s "
              f"({cpu / base:.2f}x of whole texts); entities identical {same:,} of {total:,} ({same / total:.4f}), "
              f"{sum(len(g) for g in got) - same} others")
    return 0


if __name__ == "__main__":
    sys.exit(main())
