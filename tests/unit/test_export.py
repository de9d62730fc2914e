"""Exports: every format written from a store filled with records built here."""
from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from newsgraph.cli import cli
from newsgraph.model import Article
from newsgraph.pipeline import record
from newsgraph.store import open_store
from newsgraph.store.export import GKG_COLUMNS

TEXT = "“The dam is safe,” engineer Rosa Lind said on Friday. Officials said repairs would cost 3 million euros."


def _store(tmp_path):
    db = str(tmp_path / "e.db")
    s = open_store(db)
    r = record(Article(id="dam", text=TEXT, published="2026-04-03", title="Dam, safe", source="Wire; Desk",
                       url="https://example.org/dam"), with_text=True)
    r["attributions"] = [{"kind": "direct", "source": {"start": 30, "end": 39, "text": TEXT[30:39]},
                          "speaker": {"name": "Rosa Lind", "entity_id": "e1"}, "cue": {"start": 40, "end": 44, "text": "said"},
                          "content": [{"start": 1, "end": 16, "text": TEXT[1:16]}], "via": None, "negated": False}]
    r["entities"] = [{"id": "e1", "name": "Rosa Lind", "type": "PERSON", "mentions": [{"start": 30, "end": 39, "text": TEXT[30:39]}]}]
    r["times"] = [{"start": 45, "end": 54, "text": TEXT[45:54], "value": "2026-04-03"}]
    r["quantities"] = [{"start": 84, "end": 100, "text": TEXT[84:100], "value": 3000000, "unit": "EUR", "bound": "exact"}]
    s.add([r])
    s.close()
    return db


def test_jsonl_export_gives_back_full_records(tmp_path):
    db = _store(tmp_path)
    res = CliRunner().invoke(cli, ["export", "--db", db, "-f", "jsonl"])
    rec = json.loads(res.stdout.splitlines()[0])
    assert rec["text"] == TEXT and rec["attributions"][0]["speaker"]["name"] == "Rosa Lind"


def test_csv_export_has_one_row_per_statement_with_offsets(tmp_path):
    db = _store(tmp_path)
    out = tmp_path / "s.csv"
    res = CliRunner().invoke(cli, ["export", "--db", db, "-f", "csv", "-o", str(out)])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 1 and rows[0]["speaker"] == "Rosa Lind"
    assert TEXT[int(rows[0]["content_start"]):int(rows[0]["content_end"])] == rows[0]["content"]
    assert not (tmp_path / "s.csv.partial").exists()


def test_gkg_export_has_the_27_columns_and_quotes_with_speakers(tmp_path):
    db = _store(tmp_path)
    res = CliRunner().invoke(cli, ["export", "--db", db, "-f", "gkg"])
    header, row = [l.split("\t") for l in res.stdout.splitlines()[:2]]
    assert header == GKG_COLUMNS and len(row) == 27
    g = dict(zip(header, row))
    assert g["V2.1DATE"] == "20260403000000"
    assert g["V1PERSONS"] == "Rosa Lind"
    assert g["V2.1QUOTATIONS"] == "1|15|said|The dam is safe|Rosa Lind"
    assert g["V2SOURCECOMMONNAME"] == "Wire  Desk"  # separators never leak into a field
    assert g["V2.1ENHANCEDDATES"] == "1#4#3#2026#45"


def test_parquet_export_writes_one_table_per_kind(tmp_path):
    import pyarrow.parquet as pq

    db = _store(tmp_path)
    res = CliRunner().invoke(cli, ["export", "--db", db, "-f", "parquet", "-o", str(tmp_path / "pq")])
    assert res.exit_code == 0, res.output
    st = pq.read_table(tmp_path / "pq" / "statements.parquet").to_pylist()
    assert st[0]["speaker"] == "Rosa Lind" and st[0]["content"] == "The dam is safe"
    assert pq.read_table(tmp_path / "pq" / "facts.parquet").num_rows == 2


def test_query_commands_refuse_a_missing_database_clearly(tmp_path):
    res = CliRunner().invoke(cli, ["quotes", "--db", str(tmp_path / "none.db")])
    assert res.exit_code != 0 and "no such database" in res.output


def test_quotes_on_an_issue_keep_only_statements_behind_positions_on_it(tmp_path):
    db = str(tmp_path / "i.db")
    s = open_store(db)
    text = ("Minister Ana Vold said her country rejects the pipeline across the bay. "
            "She also said the harbour festival was a success.")
    r = record(Article(id="bay", text=text, published="2026-05-01"), with_text=True)
    c1 = (text.index("her country"), text.index(" bay.") + 4)
    c2 = (text.index("the harbour"), len(text) - 1)
    r["attributions"] = [{"kind": "indirect", "source": None, "speaker": {"name": "Ana Vold", "entity_id": "e1"},
                          "cue": None, "content": [{"start": a, "end": b, "text": text[a:b]}], "via": None,
                          "negated": False} for a, b in (c1, c2)]
    r["positions"] = [{"holder": "Vold", "issue": "pipeline across the bay", "stance": "oppose",
                       "evidence": [{"start": 0, "end": c1[1] + 1, "text": text[:c1[1] + 1]}], "date": "2026-05-01"}]
    s.add([r])
    s.close()
    res = CliRunner().invoke(cli, ["quotes", "--db", db, "--issue", "pipeline across the bay", "-f", "json"])
    assert res.exit_code == 0, res.output
    assert [q["content"] for q in json.loads(res.stdout)] == [text[c1[0]:c1[1]]]
