"""The newsgraph command line: thin commands over the library."""
from __future__ import annotations

import json
import sys
import time
from typing import Iterator

import click

from . import __version__
from .errors import InputError, NewsgraphError
from .ingest import DEFAULT_MAX_BYTES, iter_files, read_path, readers
from .model import Article

FORMATS_OUT = ("json", "jsonl", "text")


def _err(msg: str) -> None:
    click.echo(msg, err=True)


class Stats:
    def __init__(self) -> None:
        self.files = self.articles = self.errors = 0
        self.t0 = time.perf_counter()


def _items(paths: tuple[str, ...], fmt: str | None, max_bytes: int, options: dict, stats: Stats) -> Iterator:
    """Every article of every input, with errors in line; a bad file never stops the others."""
    for path in iter_files(paths):
        stats.files += 1
        try:
            yield from read_path(path, fmt=fmt, max_bytes=max_bytes, options=options)
        except NewsgraphError as exc:
            yield exc


def _render_text(rec: dict, text: str | None) -> str:
    lines = [f"# {rec.get('title') or rec['id']}",
             f"id {rec['id']}  published {rec.get('published') or '-'}  source {rec.get('source') or '-'}  from {rec.get('origin')}"]
    for b in rec["blocks"]:
        tag = b["role"] + (f" (duplicate of {b['duplicate_of']})" if "duplicate_of" in b else "")
        body = text[b["start"]:b["end"]] if text is not None else ""
        body = body if len(body) <= 100 else body[:97] + "..."
        lines.append(f"  [{b['start']:>6}-{b['end']:<6}] {tag:<10} {body}")
    for a in rec.get("attributions", []):
        who = (a.get("speaker") or {}).get("name") or (a.get("source") or {}).get("text") or "?"
        content = " … ".join(c["text"] for c in a.get("content", []))
        lines.append(f"  {a.get('kind', '?'):<8} {who}: {content[:160]}")
    return "\n".join(lines) + "\n"


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="newsgraph")
def cli() -> None:
    """newsgraph: who said what, who did what to whom, and where every actor stands.

    Reads news (text, HTML, RSS/Atom/JSON Feed, WARC, JSON Lines) and keeps a verifiable record:
    every fact carries its article, sentence and character offsets.
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH... | -")
@click.option("-f", "--format", "out_format", type=click.Choice(FORMATS_OUT), default="jsonl", show_default=True,
              help="jsonl: one record per line; json: one object (an array for several articles); text: for reading.")
@click.option("--input-format", "in_format", type=click.Choice(["text", "html", "feed", "warc", "jsonl"]),
              help="Skip sniffing and read every input as this format.")
@click.option("--map", "jsonl_map", metavar="FIELD=NAME,...",
              help="JSON Lines field mapping, e.g. 'text=content_original,published=date,id=ID'.")
@click.option("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, show_default=True,
              help="Refuse any input (or decompressed input) larger than this.")
@click.option("--no-nlp", is_flag=True, help="Ingest and structure only: skip the spaCy pipeline.")
@click.option("--with-text", is_flag=True, help="Include the canonical article text in each record.")
@click.option("-q", "--quiet", is_flag=True, help="No progress or summary on stderr (errors are still shown).")
def analyze(paths, out_format, in_format, jsonl_map, max_bytes, no_nlp, with_text, quiet) -> None:
    """Analyse articles and print one record per article on stdout.

    PATH may be a file, a directory (read recursively) or - for stdin. The format of each file is
    sniffed from its bytes. A plain-text file may have a NAME.meta.json sidecar with title,
    published, source, url and language. Problems are reported on stderr, one line per file or
    item naming it and the reason; the rest of the batch is still done and the exit code is 1.

    \b
    Examples:
      newsgraph analyze ../shared/seed/putin-defence-board.txt -f text
      newsgraph analyze examples/ -f jsonl > out.jsonl
      newsgraph analyze ../shared/data/allsides/articles.jsonl.gz --no-nlp
      cat page.html | newsgraph analyze - -f json
    """
    from .ingest.jsonl import parse_map
    from .pipeline import analyze_stream

    stats = Stats()
    try:
        options = {"jsonl_map": parse_map(jsonl_map)} if jsonl_map else {}
    except InputError as exc:
        raise click.UsageError(str(exc)) from None
    texts: dict[str, str] = {}

    def articles() -> Iterator:
        for it in _items(paths, in_format, max_bytes, options, stats):
            if isinstance(it, Article) and out_format == "text":
                texts[it.id] = it.text
            yield it

    progress = None
    if not quiet and sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                            console=Console(stderr=True), transient=True)
        task = progress.add_task("analysing", total=None)
        progress.start()
    collected: list[dict] = []
    try:
        for res in analyze_stream(articles(), use_nlp=not no_nlp, with_text=with_text):
            if isinstance(res, NewsgraphError):
                stats.errors += 1
                _err(f"error: {res}")
                continue
            stats.articles += 1
            if progress is not None:
                progress.update(task, description=f"analysing: {stats.articles} articles, {stats.errors} errors")
            if out_format == "jsonl":
                sys.stdout.write(json.dumps(res, ensure_ascii=False) + "\n")
                sys.stdout.flush()
            elif out_format == "text":
                sys.stdout.write(_render_text(res, texts.pop(res["id"], None)))
            else:
                collected.append(res)
    except NewsgraphError as exc:  # e.g. the model is missing: nothing can be analysed
        if progress is not None:
            progress.stop()
        _err(f"error: {exc}")
        sys.exit(2)
    except KeyboardInterrupt:
        if progress is not None:
            progress.stop()
        _err("interrupted")
        sys.exit(130)
    if progress is not None:
        progress.stop()
    if out_format == "json":
        obj = collected[0] if len(collected) == 1 else collected
        sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=1) + "\n")
    if not quiet:
        dt = time.perf_counter() - stats.t0
        _err(f"{stats.articles} articles from {stats.files} inputs in {dt:.1f}s, {stats.errors} errors")
    if stats.errors:
        sys.exit(1)


@cli.command()
def formats() -> None:
    """List the input formats newsgraph reads, in the order they are sniffed."""
    for r in readers():
        click.echo(f"{r.name:<6} {(sys.modules[r.read.__module__].__doc__ or '').strip().splitlines()[0]}")


def main() -> None:
    cli(prog_name="newsgraph")


if __name__ == "__main__":
    main()
