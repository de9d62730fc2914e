"""The attribution eval gate: the seed gold and PolNeAR dev, scored with the shared scorer
(../shared/eval/score_attribution.py, imported as is), against floors pinned just under what the
stage reaches. A change that loses ground fails here; raise the floors when it gains."""
from __future__ import annotations

import hashlib
import json

import pytest

from newsgraph.evaluate import polnear_subset

from ngpaths import load_module

SEED_GOLD_SHA256 = "37663f6dded8500e188650b4dd0b7dde9d8ba34740910ca5956e873b534ce178"

# PolNeAR dev, a fixed subset of 10 articles spread over the sorted list (every 8th, from the first)
SUBSET_STEP = 8
SUBSET_SIZE = 10
# (relation_overlap 0.725 -> 0.72 on 2026-11-27: the source-less hedges "X seems to Y" took this
# subset from 0.726 to 0.724 while the whole dev split went 0.701 -> 0.704 and train 0.659 -> 0.664)
SUBSET_FLOORS = {"source_exact": 0.775, "cue_exact": 0.74, "content_exact": 0.64, "relation_overlap": 0.72}
SUBSET_DIRECT_RECALL = 0.95
# the whole dev split (slow)
DEV_FLOORS = {"source_exact": 0.765, "cue_exact": 0.71, "content_exact": 0.598, "relation_overlap": 0.715}
DEV_DIRECT_RECALL = 0.90


@pytest.fixture(scope="module")
def scorer(shared):
    return load_module(shared / "eval" / "score_attribution.py")


def _predict(nlp, paths) -> dict:
    from newsgraph.ingest import read_path
    from newsgraph.pipeline import analyze_stream

    arts = [a for p in paths for a in read_path(str(p))]
    return {r["id"]: r["attributions"] for r in analyze_stream(arts, nlp=nlp)}


def _check(res: dict, floors: dict, direct: float) -> None:
    got = {k: res[k]["f1"] for k in floors}
    assert all(got[k] >= v for k, v in floors.items()), (got, floors)
    assert res["relation_overlap_recall_by_kind"]["direct"] >= direct, res["relation_overlap_recall_by_kind"]


def test_seed_gold_is_the_pinned_file(shared):
    data = (shared / "gold" / "putin-defence-board.gold.json").read_bytes()
    assert hashlib.sha256(data).hexdigest() == SEED_GOLD_SHA256, "the seed gold changed: review it, then re-pin"


def test_seed_attributions_meet_the_floors(shared, scorer, seed_record):
    res = scorer.score_seed(str(shared / "gold" / "putin-defence-board.gold.json"),
                            {seed_record["id"]: seed_record["attributions"]})
    assert res["required_found"] == 19, res["missed_required"]
    assert res["required_found_with_right_speaker"] == 19, res["wrong_speaker"]
    assert res["required_all_right (content, speaker, kind)"] >= 19, res["wrong_kind"]
    assert res["resolution (pronoun/descriptor mentions)"] == "10/10"
    assert res["critical_errors"] == []
    assert res["denials_flagged"] >= 1
    assert res["false_positives"] <= 1, res["false_positive_contents"]


def test_seed_json_lines_from_the_cli_score_the_same(shared, scorer, seed_record, tmp_path):
    """The record as `newsgraph analyze -f jsonl` writes it is what the scorer reads."""
    out = tmp_path / "seed.jsonl"
    out.write_text(json.dumps({k: v for k, v in seed_record.items() if k != "text"}) + "\n", encoding="utf-8")
    preds = scorer.load_preds(str(out))
    res = scorer.score_seed(str(shared / "gold" / "putin-defence-board.gold.json"), preds)
    assert res["required_found_with_right_speaker"] == 19


def test_polnear_dev_subset_meets_the_floors(shared, scorer, nlp, tmp_path):
    dev = shared / "data" / "polnear" / "dev"
    texts = sorted((dev / "text").glob("*.txt"))[::SUBSET_STEP][:SUBSET_SIZE]
    folder = polnear_subset(dev, texts, tmp_path / "gold")
    res = scorer.score_polnear(str(folder), _predict(nlp, texts))
    assert res["documents_without_prediction"] == 0
    _check(res, SUBSET_FLOORS, SUBSET_DIRECT_RECALL)


@pytest.mark.slow
def test_polnear_dev_meets_the_floors(shared, scorer, nlp):
    dev = shared / "data" / "polnear" / "dev"
    texts = sorted((dev / "text").glob("*.txt"))
    res = scorer.score_polnear(str(dev), _predict(nlp, texts))
    _check(res, DEV_FLOORS, DEV_DIRECT_RECALL)
