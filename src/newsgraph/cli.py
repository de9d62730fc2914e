"""The newsgraph command line: thin commands over the library."""
from __future__ import annotations

import json
import sys
import time
from typing import Iterator

import click

from . import __version__, limits
from .engines import local as local_engine
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
    if rec.get("attributions"):
        lines.append("  who said what:")
    for a in rec.get("attributions", []):
        who = (a.get("speaker") or {}).get("name") or "(unresolved) " + ((a.get("source") or {}).get("text") or "?")
        mention = (a.get("source") or {}).get("text")
        if mention and mention != who:
            who = f"{who} [{mention}]"
        if a.get("via"):
            who += f" via {a['via']['text']}"
        content = " … ".join(c["text"] for c in a.get("content", []))
        kind = "NOT SAID" if a.get("negated") else a.get("kind", "?")
        lines.append(f"    {kind:<8} {who}: {content[:160]}")
    if rec.get("events"):
        lines.append("  events:")
    for e in rec.get("events", []):
        extra = "".join(f" {k} {e[k]}" for k in ("when", "where") if e.get(k))
        lines.append(f"    {e.get('type'):<10} {e.get('modality'):<12} {e.get('actor') or '?'} -> {e.get('target') or '-'}{extra}")
    if rec.get("positions"):
        lines.append("  positions:")
    for p in rec.get("positions", []):
        voice = f" (voiced by {p['voiced_by']})" if p.get("voiced_by") and p.get("voiced_by") != p.get("holder") else ""
        lines.append(f"    {p.get('holder')}{voice}: {p.get('stance')} on {p.get('issue')}")
    if rec.get("times"):
        lines.append("  times: " + "; ".join(f"{t['text']} = {t.get('value')}" for t in rec["times"]))
    return "\n".join(lines) + "\n"


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="newsgraph")
def cli() -> None:
    """newsgraph: who said what, who did what to whom, and where every actor stands.

    Reads news (text, HTML, RSS/Atom/JSON Feed, WARC, JSON Lines) and keeps a verifiable record:
    every fact carries its article, sentence and character offsets.
    """


def input_options(f):
    """The options every command that reads articles shares."""
    f = click.option("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, show_default=True,
                     help="Refuse any input (or decompressed input) larger than this; a gzipped JSON Lines "
                          "file is streamed and the limit applies to each line.")(f)
    f = click.option("--map", "jsonl_map", metavar="FIELD=NAME,...",
                     help="JSON Lines field mapping, e.g. 'text=content_original,published=date,id=ID'.")(f)
    f = click.option("--allow-private", is_flag=True,
                     help="Let http(s) URLs reach loopback, private, link-local and metadata addresses "
                          "(refused by default, after DNS and on every redirect).")(f)
    f = click.option("--article-max-chars", type=int, default=limits.DEFAULT_MAX_CHARS, show_default=True,
                     help="Skip (as an error) an article longer than this many characters; 0: no limit.")(f)
    f = click.option("--article-timeout", type=float, default=limits.DEFAULT_ARTICLE_TIMEOUT, show_default=True,
                     metavar="SECONDS", help="Skip (as an error) an article whose analysis takes longer; 0: no limit.")(f)
    f = click.option("--input-format", "in_format", type=click.Choice(["text", "html", "feed", "warc", "jsonl"]),
                     help="Skip sniffing and read every input as this format.")(f)
    return click.argument("paths", nargs=-1, required=True, metavar="PATH... | -")(f)


def _options(jsonl_map: str | None, allow_private: bool = False) -> dict:
    from .ingest.jsonl import parse_map

    try:
        opts = {"jsonl_map": parse_map(jsonl_map)} if jsonl_map else {}
    except InputError as exc:
        raise click.UsageError(str(exc)) from None
    if allow_private:
        opts["allow_private"] = True
    return opts


def _apply_limits(article_timeout: float, article_max_chars: int, worker_memory: int = 0,
                  batch_chars: int = limits.DEFAULT_BATCH_CHARS) -> None:
    """Per-article caps for this command (and the worker processes it starts): see newsgraph.limits."""
    lim = limits.Limits(max(0.0, article_timeout), max(0, article_max_chars), max(0, worker_memory),
                        max(0, batch_chars))
    click.get_current_context().with_resource(limits.applied(lim))


@cli.command()
@input_options
@click.option("-f", "--format", "out_format", type=click.Choice(FORMATS_OUT), default="jsonl", show_default=True,
              help="jsonl: one record per line; json: one object (an array for several articles); text: for reading.")
@click.option("--no-nlp", is_flag=True, help="Ingest and structure only: skip the spaCy pipeline.")
@click.option("--with-text", is_flag=True, help="Include the canonical article text in each record.")
@click.option("-q", "--quiet", is_flag=True, help="No progress or summary on stderr (errors are still shown).")
def analyze(paths, out_format, in_format, jsonl_map, max_bytes, no_nlp, with_text, quiet, article_timeout,
            article_max_chars, allow_private) -> None:
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
    from .pipeline import analyze_stream

    stats = Stats()
    options = _options(jsonl_map, allow_private)
    _apply_limits(article_timeout, article_max_chars)
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


DB_OPTION = click.option("--db", default="newsgraph.db", show_default=True, envvar="NEWSGRAPH_DB",
                         help="The store: a SQLite file (created if absent). Also $NEWSGRAPH_DB.")


@cli.command()
@input_options
@DB_OPTION
@click.option("-w", "--workers", type=int, default=1, show_default=True,
              help="Worker processes, each loading the pipeline once.")
@click.option("--batch-size", type=int, default=32, show_default=True,
              help="Articles per batch; each batch is stored in one transaction.")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="local: worker processes here; ray: Ray Data and actors, on the cluster at $RAY_ADDRESS if set "
                   "(pip install 'newsgraph[ray]').")
@click.option("--parquet", metavar="DIR", default=None,
              help="Write the records as Parquet files in DIR (one per batch) instead of the store.")
@click.option("--worker-memory", type=int, default=0, show_default=True, metavar="MB",
              help="Cap each worker process's address space (with -w 2 or more); an article that needs more is "
                   "skipped as an error. 0: no cap.")
@click.option("--batch-chars", type=int, default=limits.DEFAULT_BATCH_CHARS, show_default=True, metavar="N",
              help="The most characters the model holds at once: a batch is cut before it would pass N. The "
                   "memory peak of each worker grows by about 2.5 KB per character held; 0: cut by --batch-size only.")
@click.option("--recycle-after", type=int, default=local_engine.DEFAULT_RECYCLE_ARTICLES, show_default=True,
              metavar="N", help="Replace the worker processes by fresh ones after every N articles (with -w 1, and in each "
                                "Ray actor, the pipeline is reloaded in place), so that memory stays flat on long "
                                "runs; 0: never.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary (errors are still shown).")
def ingest(paths, in_format, jsonl_map, max_bytes, db, workers, batch_size, engine, parquet, quiet, article_timeout,
           article_max_chars, allow_private, worker_memory, batch_chars, recycle_after) -> None:
    """Analyse articles and store them: idempotent, resumable, one transaction per batch.

    Articles already stored with the same text and extractor are skipped before any analysis, so
    re-ingesting adds nothing and a killed run, started again, finishes the rest. Per-article
    failures are recorded in the store's `errors` table and summarised at the end.

    \b
    Examples:
      newsgraph ingest examples/ --db news.db
      newsgraph ingest ../shared/data/allsides/articles.jsonl.gz --db news.db -w 2
    """
    from .engines import local
    from .pipeline import EXTRACTOR
    from .store import open_store

    stats = Stats()
    options = _options(jsonl_map, allow_private)
    _apply_limits(article_timeout, article_max_chars, worker_memory, batch_chars)
    try:
        if parquet:
            from .engines.parquet import ParquetSink

            store, db = ParquetSink(parquet), parquet
        else:
            store = open_store(db)
    except NewsgraphError as exc:
        raise click.ClickException(str(exc)) from None
    known = store.known()
    errors: list[tuple[str, str]] = []
    skipped = 0
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    prog = _Progress(quiet, "ingesting", _estimate_total(paths) if not quiet else None)

    def todo() -> Iterator[Article]:
        nonlocal skipped
        for it in _items(paths, in_format, max_bytes, options, stats):
            if isinstance(it, NewsgraphError):
                errors.append((getattr(it, "origin", "?"), getattr(it, "reason", str(it))))
                _err(f"error: {it}")
                store.add_errors([errors[-1]])
                continue
            if known.get(it.id) == (it.content_hash, EXTRACTOR):
                skipped += 1
                prog.advance(stats.articles + skipped, len(errors))
                continue
            yield it

    def on_result(results: list) -> None:
        recs = [r for r in results if isinstance(r, dict)]
        bad = [r for r in results if not isinstance(r, dict)]
        c = store.add(recs)
        for k in counts:
            counts[k] += c[k]
        if bad:
            store.add_errors(bad)
            errors.extend(bad)
            for o, r in bad:
                _err(f"error: {o}: {r}")
        stats.articles += len(recs)
        prog.advance(stats.articles + skipped, len(errors))

    try:
        if engine == "ray":
            from .engines import ray_engine

            def on_skip(n: int) -> None:
                nonlocal skipped
                skipped += n

            files = list(iter_files(paths))
            stats.files = len(files)
            ray_engine.run_files(files, fmt=in_format, max_bytes=max_bytes, options=options, known=known,
                                 extractor=EXTRACTOR, workers=workers, batch_size=batch_size,
                                 on_result=on_result, on_skip=on_skip, recycle_articles=max(0, recycle_after))
        else:
            local.run(todo(), workers=workers, batch_size=batch_size, on_result=on_result,
                      recycle_articles=max(0, recycle_after))
    except KeyboardInterrupt:
        prog.stop()
        _err(f"interrupted: {stats.articles} articles stored; run the same command again to finish")
        sys.exit(130)
    except NewsgraphError as exc:
        prog.stop()
        _err(f"error: {exc}")
        sys.exit(2)
    prog.stop()
    if not quiet:
        dt = time.perf_counter() - stats.t0
        rate = stats.articles / dt if dt else 0.0
        _err(f"{counts['added']} added, {counts['updated']} updated, {skipped + counts['unchanged']} already stored, "
             f"{len(errors)} errors from {stats.files} inputs in {dt:.1f}s ({rate:.1f} articles/s) -> {db}")
        if errors:
            _err(f"errors are kept in the store: newsgraph errors --db {db}")
    store.close()
    if errors:
        sys.exit(1)


def _estimate_total(paths) -> int | None:
    """How many articles the inputs hold, when that is cheap to know: one per plain file, one per line
    of a JSON Lines file. None (no ETA) when any input is a feed, WARC, URL or stdin."""
    import gzip
    import os

    total = 0
    for path in iter_files(paths):
        name = path.lower()
        if path == "-" or "://" in path or name.endswith((".xml", ".rss", ".atom", ".warc", ".arc", ".warc.gz",
                                                           ".arc.gz", ".json", ".feed")):
            return None
        if name.endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")):
            try:
                if os.path.getsize(path) > 1 << 30:
                    return None
                opener = gzip.open if name.endswith(".gz") else open
                with opener(path, "rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            except (OSError, EOFError):
                return None
        else:
            total += 1
    return total


class _Progress:
    """Progress on stderr: a live bar with rate and ETA on a terminal; otherwise (a log file, CI) one
    line every 30 seconds, so a long run shows it is alive."""

    EVERY = 30.0

    def __init__(self, quiet: bool, label: str, total: int | None = None):
        self.p = None
        self.t0 = self.last = time.perf_counter()
        self.quiet, self.label, self.total = quiet, label, total
        if quiet or not sys.stderr.isatty():
            return
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn,
                                   TimeElapsedColumn, TimeRemainingColumn)

        cols = [SpinnerColumn(), TextColumn("{task.description}")]
        if total:
            cols += [BarColumn(), MofNCompleteColumn(), TextColumn("ETA"), TimeRemainingColumn()]
        self.p = Progress(*cols, TimeElapsedColumn(), console=Console(stderr=True), transient=True)
        self.task = self.p.add_task(label, total=total or None)
        self.p.start()

    def advance(self, n: int, errors: int) -> None:
        now = time.perf_counter()
        rate = n / max(1e-9, now - self.t0)
        if self.p is not None:
            self.p.update(self.task, completed=n, description=f"{self.label}: {rate:.1f} articles/s, {errors} errors")
        elif not self.quiet and now - self.last >= self.EVERY:
            self.last = now
            eta = ""
            if self.total and rate > 0:
                eta = f", about {max(0, self.total - n) / rate / 60:.0f} min left"
            of = f"/{self.total}" if self.total else ""
            _err(f"{self.label}: {n}{of} articles ({rate:.1f}/s), {errors} errors{eta}")

    def stop(self) -> None:
        if self.p is not None:
            self.p.stop()
            self.p = None


OUT_TABLE = click.option("-f", "--format", "fmt", type=click.Choice(["table", "json", "jsonl", "csv"]), default="table",
                         show_default=True, help="Output format.")


def _open_existing(db: str):
    import os

    from .store import open_store

    if not db.startswith(("postgresql://", "postgres://")) and not os.path.exists(db):
        raise click.ClickException(f"{db}: no such database; create it with `newsgraph ingest PATH --db {db}`")
    try:
        return open_store(db)
    except NewsgraphError as exc:
        raise click.ClickException(str(exc)) from None


def _emit(rows: list[dict], fmt: str, columns: list[str]) -> None:
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
    elif fmt == "jsonl":
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False))
    elif fmt == "csv":
        import csv

        w = csv.DictWriter(sys.stdout, fieldnames=columns, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k) for k in columns})
    else:
        from rich.console import Console
        from rich.markup import escape
        from rich.table import Table

        console = Console(width=None if sys.stdout.isatty() else 160)
        t = Table(show_lines=False, expand=False)
        long_cols = {"content", "snippet", "title", "reason", "evidence_text", "text", "issue"}
        for c in columns:  # long text columns wrap; short ones keep at least their header's width
            t.add_column(c, overflow="fold", min_width=None if c in long_cols else min(len(c), 12))
        for r in rows:  # article text is untrusted: never let it be read as rich markup
            t.add_row(*["" if r.get(c) is None else escape(str(r.get(c))) for c in columns])
        console.print(t)


@cli.command()
@DB_OPTION
@click.option("--speaker", help="Speaker name or part of it (also matches the mention, e.g. 'spokesman').")
@click.option("--since", metavar="DATE", help="Only statements published on or after DATE (YYYY-MM-DD).")
@click.option("--until", metavar="DATE", help="Only statements published on or before DATE.")
@click.option("--search", "text", metavar="TEXT", help="Full-text search within the statements.")
@click.option("--issue", metavar="ISSUE", help="Only statements that are evidence of a position on ISSUE "
              "(issues grouped as `newsgraph timeline` groups them).")
@click.option("--negated", is_flag=True, help="Include denied reports (\"did not say that ...\").")
@click.option("--limit", type=int, default=100, show_default=True)
@click.option("--offset", type=int, default=0, show_default=True)
@OUT_TABLE
def quotes(db, speaker, since, until, text, issue, negated, limit, offset, fmt) -> None:
    """Who said what: statements in date order with speaker, kind, outlet and offsets."""
    store = _open_existing(db)
    if issue:
        from .issues import on_issue

        rows = on_issue(store, issue, speaker=speaker, since=since, until=until, search=text)
        rows = [r for r in rows if negated or not r["negated"]][offset:offset + limit]
    else:
        rows = store.quotes(speaker=speaker, since=since, until=until, search=text, include_negated=negated,
                            limit=limit, offset=offset)
    cols = ["published", "speaker", "kind", "cue", "content", "via", "outlet", "article_id", "content_start", "content_end"]
    if fmt == "table":  # the terminal view: what a reader needs; -f csv/json carry every column
        cols = ["published", "speaker", "kind", "content", "via", "article_id"]
        rows = [{**r, "published": (r["published"] or "")[:10]} for r in rows]
    _emit(rows, fmt, cols)


@cli.command()
@DB_OPTION
@click.argument("text")
@click.option("--limit", type=int, default=20, show_default=True)
@OUT_TABLE
def search(db, text, limit, fmt) -> None:
    """Full-text search over article titles and text."""
    _emit(_open_existing(db).search(text, limit=limit), fmt, ["published", "title", "source", "snippet", "article_id"])


@cli.command()
@DB_OPTION
@click.argument("name")
@OUT_TABLE
def entity(db, name, fmt) -> None:
    """An entity across the store: its names, types, roles and statements."""
    res = _open_existing(db).entity(name)
    if fmt in ("json", "jsonl"):
        click.echo(json.dumps(res, ensure_ascii=False, indent=1 if fmt == "json" else None))
        return
    if not res["registry"]:
        click.echo(f"{name}: no entity of that name or alias in the store")
    for e in res["registry"][:5]:
        click.echo(f"{e['name']} ({e['type']}, {e['uid']}): in {e['articles']} articles, {e['statements']} statements")
        click.echo(f"  aliases: {', '.join(e['aliases'][:12]) or '-'}")
        for r in e["roles"]:
            of = r.get("org") or r.get("country") or r.get("principal")
            click.echo(f"  {r['as_of'] or '?'}  {r['role']}{' of ' + of if of else ''}  ({r['article_id']})")
    _emit(res["statements"], fmt, ["published", "speaker", "kind", "content", "outlet", "article_id"])


@cli.command()
@DB_OPTION
@click.option("-f", "--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet", "gkg"]), default="jsonl",
              show_default=True, help="jsonl: full records; csv: one row per statement; parquet: a folder of "
                                      "tables; gkg: GDELT GKG 2.1 columns, quotations with their speaker.")
@click.option("-o", "--output", default="-", show_default=True,
              help="Output file ('-' for stdout); a folder for parquet.")
def export(db, fmt, output) -> None:
    """Export the store for spreadsheets, data frames or GDELT tooling."""
    from .store import export as ex

    store = _open_existing(db)
    if fmt == "parquet":
        if output == "-":
            raise click.UsageError("parquet needs a folder: -o FOLDER")
        try:
            counts = ex.write_parquet(store, output)
        except NewsgraphError as exc:
            raise click.ClickException(str(exc)) from None
        _err(", ".join(f"{v} {k}" for k, v in counts.items()) + f" -> {output}/")
        return
    writer = {"jsonl": ex.write_jsonl, "csv": ex.write_csv, "gkg": ex.write_gkg}[fmt]
    if output == "-":
        n = writer(store, sys.stdout)
    else:  # write beside the target and rename, so a failed export never leaves half a file
        import os

        tmp = output + ".partial"
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            n = writer(store, fh)
        os.replace(tmp, output)
    _err(f"{n} rows -> {output if output != '-' else 'stdout'}")


@cli.command()
@DB_OPTION
@OUT_TABLE
def errors(db, fmt) -> None:
    """Inputs and articles that failed during ingest, with the reason."""
    _emit(_open_existing(db).errors(), fmt, ["at", "origin", "reason"])


@cli.command()
@DB_OPTION
def stats(db) -> None:
    """Counts of what the store holds."""
    for k, v in _open_existing(db).counts().items():
        click.echo(f"{k:<12} {v}")


@cli.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (127.0.0.1: this machine only).")
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--write", is_flag=True, help="Enable POST /api/articles (needs $NEWSGRAPH_TOKEN; clients send it as a Bearer token).")
def serve(db, host, port, write) -> None:
    """Serve the web UI and the REST API (OpenAPI at /docs) over the store."""
    try:
        import uvicorn

        from .api import create_app
    except ImportError as exc:
        raise click.ClickException(f"the web UI is not installed ({exc.name}): pip install 'newsgraph[web]'") from None
    _open_existing(db).close()
    try:
        app = create_app(db, read_only=not write)
    except NewsgraphError as exc:
        raise click.ClickException(str(exc)) from None
    _err(f"newsgraph: serving {db} at http://{host}:{port}/  (API reference at /docs; Ctrl-C stops)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


# --- positions and events (issue 5) ---------------------------------------------------------------
def _evidence(r: dict) -> str:
    ev = (r.get("evidence") or [{}])[0]
    return (ev.get("text") or r.get("text") or "")[:140]


@cli.command()
@DB_OPTION
@click.option("--holder", required=True, help="Holder (or the person voicing it), or part of the name.")
@click.option("--issue", help="Only this issue (and the issues grouped with it).")
@click.option("--limit", type=int, default=200, show_default=True)
@OUT_TABLE
def positions(db, holder, issue, limit, fmt) -> None:
    """Where a holder stands: positions in date order with issue, stance, voice and evidence."""
    rows = _open_existing(db).positions_of(holder=holder, issue=issue, limit=limit)
    for r in rows:
        r["evidence_text"] = _evidence(r)
    _emit(rows, fmt, ["date", "holder", "voiced_by", "issue", "stance", "evidence_text", "article_id"])


@cli.command()
@DB_OPTION
@click.argument("issue")
@click.option("--holder", help="Only this holder.")
@OUT_TABLE
def timeline(db, issue, holder, fmt) -> None:
    """Positions on an issue over time, per holder; a change of stance is flagged with both pieces of
    evidence."""
    rows = _open_existing(db).issue_timeline(issue, holder=holder)
    for r in rows:
        r["evidence_text"] = _evidence(r)
        prev = r.get("previous")
        r["change"] = f"{prev['stance']} -> {r['stance']} (was: {_evidence(prev)[:80]})" if prev else ""
    _emit(rows, fmt, ["date", "holder", "voiced_by", "issue", "stance", "change", "evidence_text", "article_id"])


@cli.command()
@DB_OPTION
@click.option("--actor", help="Actor, or part of the name.")
@click.option("--type", "etype", help="PLOVER type (AGREE, ASSAULT, CONSULT, THREATEN, ...).")
@click.option("--modality", type=click.Choice(["asserted", "negated", "hypothetical", "future", "claimed"]))
@click.option("--linked", is_flag=True, help="One row per event, however many articles report it.")
@click.option("--limit", type=int, default=200, show_default=True)
@OUT_TABLE
def events(db, actor, etype, modality, linked, limit, fmt) -> None:
    """Who did what to whom: events with type, actor, target, modality, time, place and evidence."""
    rows = _open_existing(db).events_of(actor=actor, type=etype, modality=modality, limit=limit)
    if linked:
        from .positions_timeline import link_events

        rows = link_events(rows)
    for r in rows:
        r["evidence_text"] = (r.get("text") or "")[:140]
    _emit(rows, fmt, ["published", "type", "actor", "target", "modality", "when", "where", "evidence_text", "article_id"]
          + (["articles"] if linked else []))


@cli.group("eval")
def eval_group() -> None:
    """Score newsgraph against gold annotations with the shared scorer."""


@eval_group.command("attribution")
@click.option("--gold", required=True, metavar="polnear:DIR | seed:FILE",
              help="A PolNeAR split (text/ and attributions/) or a seed gold JSON file.")
@click.option("--scorer", metavar="PATH", envvar="NEWSGRAPH_SCORER",
              help="score_attribution.py (default: eval/ under $NEWSGRAPH_SHARED or ../shared). "
                   "Also $NEWSGRAPH_SCORER.")
@click.option("--limit", type=int, default=None, metavar="N",
              help="Only N PolNeAR articles, spread evenly over the split.")
@click.option("--out", "out_path", metavar="FILE", help="Keep the predictions here (JSON Lines).")
@click.option("--json", "json_out", metavar="FILE", help="Also write the scorer's figures here.")
def eval_attribution(gold, scorer, limit, out_path, json_out) -> None:
    """Run the pipeline over a gold folder or file and print the shared scorer's table, then the
    analysis speed (model load excluded).

    \b
    newsgraph eval attribution --gold polnear:../shared/data/polnear/dev
    newsgraph eval attribution --gold seed:../shared/gold/putin-defence-board.gold.json
    """
    import tempfile
    from pathlib import Path

    from .evaluate import EvalError, find_scorer, gold_inputs, run_pipeline, run_scorer

    with tempfile.TemporaryDirectory(prefix="newsgraph-eval-") as tmpd:
        tmp = Path(tmpd)
        try:
            scorer_path = find_scorer(scorer)
            gold_arg, paths = gold_inputs(gold, limit, tmp)
        except EvalError as exc:
            raise click.ClickException(str(exc)) from None
        out = Path(out_path) if out_path else tmp / "pred.jsonl"
        errors = []
        wall, cpu = run_pipeline(paths, out, on_error=lambda e: (errors.append(e), _err(f"error: {e}")))
        rc = run_scorer(scorer_path, gold_arg, out, json_out)
        n = len(paths)
        _err(f"{n} documents analysed in {wall:.1f}s ({n / wall:.2f} docs/s, {cpu:.1f} CPU-s), "
             f"{len(errors)} errors; predictions {'in ' + str(out) if out_path else 'not kept'}")
        if rc:
            raise click.ClickException(f"the scorer {scorer_path} failed (exit status {rc})")
        if errors:
            sys.exit(1)


def main() -> None:
    cli(prog_name="newsgraph")


if __name__ == "__main__":
    main()
