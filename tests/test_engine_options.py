"""The engines' edges that need no model: a missing Ray says what to install; the Parquet sink keeps
records whole and skips what it already holds."""
from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner

from newsgraph.cli import cli


def test_engine_ray_without_ray_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray -> ImportError
    src = tmp_path / "a.txt"
    src.write_text("The mayor said the bridge would open in May.\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["ingest", str(src), "--db", str(tmp_path / "x.db"), "--engine", "ray", "-q"])
    assert res.exit_code == 2
    assert "pip install 'newsgraph[ray]'" in res.output


def _rec(i: int, text: str = "Some text.") -> dict:
    import hashlib

    return {"id": f"a{i}", "content_hash": hashlib.sha256(text.encode()).hexdigest(), "extractor": "x/1",
            "title": f"T{i}", "published": "2024-01-02", "source": None, "url": None, "lang": "en", "author": None,
            "origin": "f", "format": "text", "blocks": [{"start": 0, "end": len(text), "role": "body"}],
            "attributions": [{"kind": "direct", "content": [{"start": 0, "end": 4, "text": text[:4]}]}],
            "entities": [], "text": text}


def test_parquet_sink_round_trip_and_skip(tmp_path):
    pytest.importorskip("pyarrow")
    from newsgraph.engines.parquet import ParquetSink, read_records

    sink = ParquetSink(str(tmp_path / "pq"))
    assert sink.known() == {}
    assert sink.add([_rec(1), _rec(2)]) == {"added": 2, "updated": 0, "unchanged": 0}
    sink.add_errors([("bad.txt", "unreadable")])
    again = ParquetSink(str(tmp_path / "pq"))
    assert set(again.known()) == {"a1", "a2"}
    assert again.add([_rec(1), _rec(2, "Other text.")]) == {"added": 0, "updated": 1, "unchanged": 1}
    got = {r["id"]: r for r in read_records(str(tmp_path / "pq"))}
    assert got["a1"] == _rec(1)
    assert got["a2"]["text"] == "Other text."
    assert not list((tmp_path / "pq").glob("*.tmp"))
    with pytest.raises(ValueError):
        again.add([{k: v for k, v in _rec(3).items() if k != "text"}])


def _reports(prefix: str, n: int):
    from newsgraph.model import Article

    return [Article(id=f"{prefix}{i}", text=f"The mayor of town {i} said the bridge would open in May.\n",
                    origin=f"{prefix}{i}.txt", format="text") for i in range(n)]


def _count_loads(monkeypatch) -> list:
    """Every pipeline load of the engines from now on (the real load still happens)."""
    from newsgraph.engines import local

    loads: list = []
    real = local._init_worker
    monkeypatch.setattr(local, "_init_worker", lambda model: (loads.append(model), real(model)))
    return loads


def _strip(r: dict) -> dict:
    return {k: v for k, v in r.items() if k not in ("analyzed_at", "extracted_at")}


def test_local_engine_replaces_its_pool_every_n_articles_and_keeps_the_order(nlp, monkeypatch):
    from concurrent.futures import ProcessPoolExecutor

    from newsgraph.engines import local

    pools: list = []

    class Counting(ProcessPoolExecutor):
        def __init__(self, *a, **kw):
            super().__init__(*a, **kw)
            pools.append(self)

    monkeypatch.setattr(local, "ProcessPoolExecutor", Counting)
    arts = _reports("a", 10)
    got: list = []
    local.run(iter(arts), workers=2, batch_size=2, recycle_articles=4, on_result=got.extend)
    assert [r["id"] for r in got] == [a.id for a in arts]  # every article once, in input order
    assert all(r["attributions"] for r in got)
    assert len(pools) == 3  # 10 articles, a fresh pool after every 4
    got2: list = []
    local.run(iter(arts), workers=2, batch_size=2, recycle_articles=0, on_result=got2.extend)
    assert len(pools) == 4  # 0: one pool for the whole run
    assert [_strip(r) for r in got2] == [_strip(r) for r in got]


def test_ray_actor_reloads_its_pipeline_every_n_articles_and_gives_the_same_records(nlp, monkeypatch):
    # the actor class is plain Python: called here directly, without Ray
    import json

    from newsgraph.engines import local, ray_engine

    loads = _count_loads(monkeypatch)
    arts = _reports("r", 6)
    batch = lambda xs: {"entries": [json.dumps([["article", a.to_dict()] for a in xs])]}
    records = lambda out: [data for row in out["entries"] for kind, data in json.loads(row) if kind == "record"]
    actor = ray_engine._Analyzer(recycle_articles=2)
    first = actor(batch(arts[:2]))
    assert len(loads) == 1  # loaded once, at start
    out = [actor(batch(arts[i:i + 2])) for i in (2, 4)]
    assert len(loads) == 3  # then afresh before each batch past 2 articles
    assert local._NLP is not nlp  # a new pipeline object
    recs = [r for b in [first, *out] for r in records(b)]
    assert [r["id"] for r in recs] == [a.id for a in arts]
    plain = ray_engine._Analyzer(recycle_articles=0)
    again = records(plain(batch(arts)))
    assert [_strip(r) for r in again] == [_strip(r) for r in recs]


def test_ray_read_stage_cuts_a_file_into_rows_of_one_batch_keeping_errors_and_skips_in_order(tmp_path):
    import json

    from newsgraph.engines import ray_engine

    src = tmp_path / "in.jsonl"
    lines = [json.dumps({"id": f"a{i}", "text": f"Report number {i}. The minister said it would rain."}) for i in range(5)]
    lines.insert(2, "{not json")
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    first = next(iter(ray_engine._read_file({"path": str(src)}, fmt=None, max_bytes=1 << 20, options={},
                                            known={}, extractor="x", batch_size=2)))
    from newsgraph.model import Article

    stored = Article(**json.loads(first["entries"])[0][1])
    rows = list(ray_engine._read_file({"path": str(src)}, fmt=None, max_bytes=1 << 20, options={},
                                      known={stored.id: (stored.content_hash, "x")}, extractor="x", batch_size=2))
    kinds = [[k for k, _ in json.loads(r["entries"])] for r in rows]
    # two articles per row; the stored one skipped and the bad line an error, each where it was read
    assert kinds == [["skip", "article", "error", "article"], ["article", "article"]]
    assert [d["id"] for r in rows for k, d in json.loads(r["entries"]) if k == "article"] == ["a1", "a2", "a3", "a4"]


def test_one_worker_reloads_the_pipeline_in_place_every_n_articles(nlp, monkeypatch):
    from newsgraph.engines import local

    loads = _count_loads(monkeypatch)
    monkeypatch.setattr(local, "_NLP", nlp)
    arts = _reports("o", 5)
    got: list = []
    local.run(iter(arts), workers=1, batch_size=2, recycle_articles=2, on_result=got.extend)
    assert [r["id"] for r in got] == [a.id for a in arts]
    assert len(loads) == 2  # before the second and the third batch
