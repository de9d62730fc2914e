"""NER benchmark: the newsgraph pipeline's entities on a CoNLL-2003 file, and weapon recall on re3d.

    python benchmarks/ner_conll.py ../shared/data/conll2003/eng.testa [--limit N] [--baseline]
                                   [--re3d ../shared/data/re3d]

Reads any CoNLL-2003-format file (``-DOCSTART-`` lines, ``token POS chunk NER`` per line, IOB1 or IOB2
tags), builds one Doc per sentence from the gold tokens and runs the pipeline's components on it
(the model's NER plus ``newsgraph_entities``; ``--baseline`` leaves ``newsgraph_entities`` out).
Types are mapped PERSON→PER, ORG→ORG, GPE/LOC/FAC→LOC; MISC and every other type are ignored on both
sides. Prints per-type precision/recall/F1, then ``weapon_recall <value>`` when ``--re3d`` is given,
and ``F1 <value>`` (micro over PER/ORG/LOC, exact span match) as its last line.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

TYPES = ("PER", "ORG", "LOC")
MAP = {"PERSON": "PER", "PER": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
NO_SPACE_BEFORE = {",", ".", ":", ";", "!", "?", ")", "]", "}", "'s", "'", "n't", "%", "'re", "'ve", "'ll", "'d", "'m"}
NO_SPACE_AFTER = {"(", "[", "{", "$"}


def read_conll(path: str) -> list[tuple[list[str], list[str]]]:
    """Sentences as (words, tags); document boundaries are dropped."""
    sents: list[tuple[list[str], list[str]]] = []
    words: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            line = line.strip()
            if not line or line.startswith("-DOCSTART-"):
                if words:
                    sents.append((words, tags))
                words, tags = [], []
                continue
            parts = line.split()
            words.append(parts[0])
            tags.append(parts[-1])
    if words:
        sents.append((words, tags))
    return sents


def gold_spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """Spans from IOB1 or IOB2 tags: B- always opens a span; I- opens one after O or another type."""
    spans: set[tuple[int, int, str]] = set()
    start, typ = None, None
    for i, tag in enumerate(tags + ["O"]):
        pre, _, t = tag.partition("-")
        if tag == "O" or pre == "B" or t != typ:
            if typ is not None:
                spans.add((start, i, typ))
            start, typ = (i, t) if tag != "O" else (None, None)
    return {s for s in spans if s[2] in TYPES}


def spaces_for(words: list[str]) -> list[bool]:
    sp = []
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else None
        sp.append(nxt is not None and nxt not in NO_SPACE_BEFORE and w not in NO_SPACE_AFTER)
    return sp


def run_conll(nlp, path: str, limit: int | None, disable: list[str]) -> tuple[dict, float]:
    from spacy.tokens import Doc

    sents = read_conll(path)[: limit or None]
    docs = (Doc(nlp.vocab, words=w, spaces=spaces_for(w)) for w, _ in sents)
    tp, fp, fn = Counter(), Counter(), Counter()
    t0 = time.perf_counter()
    with nlp.select_pipes(disable=disable):
        for (words, tags), doc in zip(sents, nlp.pipe(docs, batch_size=256)):
            gold = gold_spans(tags)
            pred = {(e.start, e.end, MAP[e.label_]) for e in doc.ents if e.label_ in MAP}
            for s in pred & gold:
                tp[s[2]] += 1
            for s in pred - gold:
                fp[s[2]] += 1
            for s in gold - pred:
                fn[s[2]] += 1
    return {"tp": tp, "fp": fp, "fn": fn, "n": len(sents)}, time.perf_counter() - t0


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def weapon_recall(nlp, root: str, disable: list[str], verbose: bool = False) -> tuple[float, float, int]:
    """A gold Weapon (confidence >= 0.5) is found when a predicted WEAPON span overlaps it. Predicted
    spans: WEAPON entities plus ``doc.spans["weapons"]`` (every weapon mention, generic ones included);
    the second value counts WEAPON entities (named systems) only."""
    found = found_ents = total = 0
    for folder in sorted(p for p in Path(root).iterdir() if (p / "documents.json").is_file()):
        texts = {}
        for line in (folder / "documents.json").read_text(encoding="utf-8-sig").splitlines():
            if line.strip():
                d = json.loads(line)
                texts[d["_id"]] = d["text"]
        gold: dict[str, set[tuple[int, int]]] = {}
        for line in (folder / "entities.json").read_text(encoding="utf-8-sig").splitlines():
            if line.strip():
                e = json.loads(line)
                if e["type"] == "Weapon" and float(e.get("confidence", 0)) >= 0.5 and e["documentId"] in texts:
                    gold.setdefault(e["documentId"], set()).add((e["begin"], e["end"]))
        ids = sorted(gold)
        with nlp.select_pipes(disable=disable):
            for doc_id, doc in zip(ids, nlp.pipe(texts[i] for i in ids)):
                ents = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "WEAPON"]
                preds = ents + [(e.start_char, e.end_char) for e in doc.spans.get("weapons", ()) if e.label_ == "WEAPON"]
                for b, e in sorted(gold[doc_id]):
                    total += 1
                    hit = any(s < e and b < t for s, t in preds)
                    found += hit
                    found_ents += any(s < e and b < t for s, t in ents)
                    if verbose and not hit:
                        print(f"  missed weapon: {texts[doc_id][b:e]!r}", file=sys.stderr)
    return (found / total if total else 0.0), (found_ents / total if total else 0.0), total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", help="a CoNLL-2003-format file")
    ap.add_argument("--limit", type=int, default=None, help="only the first N sentences")
    ap.add_argument("--baseline", action="store_true", help="the model alone, without newsgraph_entities")
    ap.add_argument("--no-rules", action="store_true", help="the trained NER weights without the stage's rules")
    ap.add_argument("--re3d", default=None, help="a re3d folder: also print weapon recall")
    ap.add_argument("-v", "--verbose", action="store_true", help="list missed weapons on stderr")
    args = ap.parse_args(argv)

    if args.baseline:  # the stock model, untouched (newsgraph_entities loads new NER weights into it)
        import spacy

        from newsgraph.nlp.pipeline import MODEL_PACKAGE

        nlp = spacy.load(MODEL_PACKAGE)
        disable = ["newsgraph_entities"]
    else:
        from newsgraph.nlp.pipeline import load_nlp

        nlp = load_nlp()
        disable = ["newsgraph_entities"] if args.no_rules else []
    # later stages (times, attribution, ...) do not touch entities: leave them out for speed
    disable = [p for p in nlp.pipe_names if p.startswith("newsgraph_") and p != "newsgraph_entities"
               and p != "newsgraph_structure"] + [p for p in disable if p in nlp.pipe_names]
    res, secs = run_conll(nlp, args.file, args.limit, disable)
    used = [p for p in nlp.pipe_names if p not in disable]
    print(f"{res['n']} sentences in {secs:.1f}s ({'baseline, ' if args.baseline else ''}pipes: {', '.join(used)})")
    print(f"{'type':5} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}")
    for t in TYPES:
        p, r, f = prf(res["tp"][t], res["fp"][t], res["fn"][t])
        print(f"{t:5} {p:6.3f} {r:6.3f} {f:6.3f} {res['tp'][t] + res['fn'][t]:6d}")
    p, r, f = prf(sum(res["tp"].values()), sum(res["fp"].values()), sum(res["fn"].values()))
    print(f"{'micro':5} {p:6.3f} {r:6.3f} {f:6.3f}")
    if args.re3d:
        rec, rec_ents, total = weapon_recall(nlp, args.re3d, disable, args.verbose)
        print(f"{total} gold weapons; named WEAPON entities alone overlap {rec_ents:.4f}")
        print(f"weapon_recall {rec:.4f}")
    print(f"F1 {f:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
