"""The NER gate: CoNLL-2003 dev (eng.testa) through the pipeline as it runs (the model's NER over
windows, newsgraph's weights, the entities stage), scored by benchmarks/ner_conll.py; and, slow, the
windowed NER against the same NER over the whole text on allsides articles."""
from __future__ import annotations

import gzip
import itertools
import json

import pytest

from ngpaths import ROOT, load_module

pytestmark = pytest.mark.shared

# micro F1 over PER/ORG/LOC measured 0.9029, windowed or whole (`python benchmarks/ner_conll.py
# ../shared/data/conll2003/eng.testa`, 2026-11-27); pinned just under
CONLL_DEV_F1 = 0.900
# share of the whole-text NER's entities that the windowed NER finds identically (20,659 of 20,672,
# 0.9994, over the first 200 allsides articles: `python benchmarks/ner_windows.py --n 200`)
AGREEMENT = 0.999


def test_conll_dev_f1_through_the_pipeline_stays_above_its_floor(shared, nlp):
    from newsgraph.nlp.ner_windows import WindowedNER

    assert isinstance(nlp.get_pipe("ner"), WindowedNER)
    bench = load_module(ROOT / "benchmarks" / "ner_conll.py")
    disable = [p for p in nlp.pipe_names if p.startswith("newsgraph_") and p not in ("newsgraph_entities", "newsgraph_structure")]
    res, _ = bench.run_conll(nlp, str(shared / "data" / "conll2003" / "eng.testa"), None, disable)
    tp, fp, fn = (sum(res[k].values()) for k in ("tp", "fp", "fn"))
    f1 = bench.prf(tp, fp, fn)[2]
    assert f1 >= CONLL_DEV_F1, f1


@pytest.mark.slow
def test_windowed_ner_finds_the_entities_of_the_whole_text_ner_on_allsides(shared, nlp):
    from newsgraph.nlp.ner_windows import WindowedNER

    with gzip.open(shared / "data" / "allsides" / "articles.jsonl.gz", "rt", encoding="utf-8") as fh:
        texts = [json.loads(line).get("content_original") or "" for line in itertools.islice(fh, 200)]
    windowed = nlp.get_pipe("ner")
    assert isinstance(windowed, WindowedNER)
    upto = list(itertools.takewhile(lambda p: p != "ner", nlp.pipe_names))
    others = [p for p in nlp.pipe_names if p not in upto]
    same = total = cut = tokens = 0
    with nlp.select_pipes(disable=others):
        for doc in nlp.pipe(texts, batch_size=16):
            tokens += len(doc)
            cut += len(doc) - len(windowed.covered(doc))
            whole = {(e.start, e.end, e.label_) for e in windowed.ner(doc.copy()).ents}
            win = {(e.start, e.end, e.label_) for e in windowed(doc.copy()).ents}
            same += len(whole & win)
            total += len(whole)
    assert cut > 0.2 * tokens  # the windows do leave text out
    assert same >= AGREEMENT * total, (same, total)
