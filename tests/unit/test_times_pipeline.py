"""`newsgraph analyze -f jsonl` fills times, quantities and places (invented article with a sidecar)."""
from __future__ import annotations

import json

from click.testing import CliRunner

from newsgraph.cli import cli

TEXT = ("Harbour workers in Kiev ended a strike on Monday after more than 200 dockers walked out last week.\n\n"
        "The union said wages would rise by about 4 percent by the end of the year, and that the 52-year-old "
        "negotiator Mira Olsen would return to Kyiv next month.\n")


def _run(tmp_path, meta):
    f = tmp_path / "harbour.txt"
    f.write_text(TEXT, encoding="utf-8")
    if meta is not None:
        (tmp_path / "harbour.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    res = CliRunner().invoke(cli, ["analyze", "-f", "jsonl", str(f)])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout.strip().splitlines()[0])


def test_analyze_fills_times_quantities_places(tmp_path):
    rec = _run(tmp_path, {"published": "2024-03-13", "title": "Harbour strike ends"})
    times = {t["text"]: t["value"] for t in rec["times"]}
    assert times == {"on Monday": "2024-03-11", "last week": "2024-W10", "by the end of the year": "2024-12-31",
                     "next month": "2024-04"}
    qs = {q["text"]: (q["value"], q["unit"], q["bound"]) for q in rec["quantities"]}
    assert qs["more than 200 dockers"] == (200, "dockers", "lower")
    assert qs["about 4 percent"] == (4, "%", "approximate")
    assert qs["52-year-old"] == (52, "years (age)", "exact")
    for key in ("times", "quantities", "places"):
        for item in rec[key]:
            assert TEXT[item["start"]:item["end"]] == item["text"]
    kyiv = [p for p in rec["places"] if p["text"] in ("Kiev", "Kyiv")]
    assert kyiv and all(p["name"] == "Kyiv" and p["country_code"] == "UA" for p in kyiv)


def test_analyze_without_publication_date(tmp_path):
    rec = _run(tmp_path, None)
    assert rec["published"] is None
    assert rec["times"] and all(t["value"] is None for t in rec["times"])
