"""`newsgraph eval attribution`: the shared scorer's table from one command, and clear errors."""
from __future__ import annotations

import json

from click.testing import CliRunner

from newsgraph.cli import cli
from ngpaths import SCORER, SEED_GOLD


def test_eval_attribution_on_the_seed_prints_the_scorers_table(shared, tmp_path):
    out, figs = tmp_path / "pred.jsonl", tmp_path / "figs.json"
    res = CliRunner().invoke(cli, ["eval", "attribution", "--gold", f"seed:{SEED_GOLD}", "--scorer", str(SCORER),
                                   "--out", str(out), "--json", str(figs)])
    assert res.exit_code == 0, res.output
    rec = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert rec["id"] == "putin-defence-board" and rec["attributions"]
    got = json.loads(figs.read_text(encoding="utf-8"))
    assert got["required_found"] == got["required"] == 19


def test_eval_attribution_on_a_polnear_subset_writes_one_record_per_article(shared, tmp_path):
    out, figs = tmp_path / "pred.jsonl", tmp_path / "figs.json"
    res = CliRunner().invoke(cli, ["eval", "attribution", "--gold", f"polnear:{shared / 'data/polnear/dev'}",
                                   "--limit", "2", "--scorer", str(SCORER), "--out", str(out), "--json", str(figs)])
    assert res.exit_code == 0, res.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2
    got = json.loads(figs.read_text(encoding="utf-8"))
    assert got["documents"] == 2 and got["documents_without_prediction"] == 0


def test_eval_attribution_rejects_a_gold_that_is_not_polnear_or_seed(tmp_path):
    res = CliRunner().invoke(cli, ["eval", "attribution", "--gold", f"conll:{tmp_path}", "--scorer", __file__])
    assert res.exit_code != 0 and "polnear:DIR or seed:FILE" in res.output


def test_eval_attribution_names_the_folder_that_is_not_a_polnear_split(tmp_path):
    res = CliRunner().invoke(cli, ["eval", "attribution", "--gold", f"polnear:{tmp_path}", "--scorer", __file__])
    assert res.exit_code != 0 and str(tmp_path) in res.output and "text/ and attributions/" in res.output


def test_eval_attribution_says_where_it_looked_for_a_missing_scorer(tmp_path):
    res = CliRunner().invoke(cli, ["eval", "attribution", "--gold", f"polnear:{tmp_path}",
                                   "--scorer", str(tmp_path / "nope.py")])
    assert res.exit_code != 0 and "nope.py" in res.output and "--scorer" in res.output
