"""From Articles to analysis records (the JSON shape of ../shared/eval/CONTRACT.md)."""
from __future__ import annotations

import bisect
from typing import Iterable, Iterator

from spacy.tokens import Doc

from .errors import InputError, NewsgraphError
from .model import SCHEMA_VERSION, Article, stable_id
from .structure import detect_blocks

EXTRACTOR = "newsgraph/0.1"
OUTPUT_KEYS = ("entities", "times", "quantities", "places", "events", "positions", "attributions")


def make_doc(nlp, article: Article) -> Doc:
    """Tokenise the canonical text and attach the article's metadata for the stages to read."""
    doc = nlp.make_doc(article.text)
    doc._.article = {"id": article.id, "published": article.published, "title": article.title,
                     "source": article.source, "url": article.url, "lang": article.lang}
    return doc


def sentence_spans(doc: Doc) -> list[dict]:
    """Sentences as offsets, trimmed of the whitespace between blocks."""
    out = []
    for s in doc.sents:
        raw = s.text
        stripped = raw.strip()
        if stripped:
            start = s.start_char + (len(raw) - len(raw.lstrip()))
            out.append({"start": start, "end": start + len(stripped)})
    return out


def _where(starts: list[int], pos: int) -> int:
    """Index of the last span starting at or before ``pos`` (spans sorted by start)."""
    return max(0, bisect.bisect_right(starts, pos) - 1)


def add_provenance(rec: dict) -> None:
    """Give each attribution, event and position the block (index into ``blocks``) and the sentence
    (offsets) it sits in, so every stored fact links to its block and sentence as well as its offsets."""
    blocks, sents = rec.get("blocks") or [], rec.get("sentences") or []
    bstarts, sstarts = [b["start"] for b in blocks], [x["start"] for x in sents]

    def anchor(fact: dict, pos: int | None) -> None:
        if pos is None:
            return
        if blocks:
            fact.setdefault("block", _where(bstarts, pos))
        if sents:
            sent = sents[_where(sstarts, pos)]
            fact.setdefault("sentence", {"start": sent["start"], "end": sent["end"]})

    for a in rec.get("attributions", []):
        spans = [c["start"] for c in a.get("content") or [] if isinstance(c, dict) and "start" in c]
        anchor(a, min(spans) if spans else (a.get("cue") or {}).get("start"))
    for key in ("events", "positions"):
        for f in rec.get(key, []):
            ev = f.get("evidence") or []
            pos = f.get("start") if isinstance(f.get("start"), int) else (
                ev[0].get("start") if ev and isinstance(ev[0], dict) else None)
            anchor(f, pos)


def record(article: Article, doc: Doc | None = None, *, with_text: bool = False) -> dict:
    """The analysis record of one article: a pure function of (Article, Doc)."""
    text = article.text
    blocks = doc._.blocks if doc is not None else detect_blocks(text)
    rec: dict = {
        "id": article.id,
        "schema_version": SCHEMA_VERSION,
        "extractor": EXTRACTOR,
        "title": article.title,
        "published": article.published,
        "source": article.source,
        "url": article.url,
        "lang": article.lang,
        "author": article.author,
        "origin": article.origin,
        "format": article.format,
        "content_hash": article.content_hash,
        "blocks": [b.to_dict(text) for b in blocks],
    }
    if doc is not None:
        rec["sentences"] = sentence_spans(doc)
    for key in OUTPUT_KEYS:  # each stage leaves its output on the Doc under the contract's key
        val = doc._.get(key) if doc is not None else None
        rec[key] = list(val) if val is not None else []
    if doc is not None:
        add_provenance(rec)
    if with_text:
        rec["text"] = text
    return rec


def analyze(article: Article | str, *, nlp=None, with_text: bool = False) -> dict:
    """Analyse one article (or a plain string) with the full pipeline."""
    if isinstance(article, str):
        article = Article(id=stable_id(article), text=article, origin="<string>", format="text")
    from .nlp.pipeline import load_nlp

    nlp = nlp or load_nlp()
    return record(article, nlp(make_doc(nlp, article)), with_text=with_text)


def analyze_stream(items: Iterable[Article | InputError], *, nlp=None, use_nlp: bool = True,
                   batch_size: int = 32, with_text: bool = False,
                   batch_chars: int | None = None) -> Iterator[dict | NewsgraphError]:
    """Analyse a stream of articles; errors pass through in order, and a failure while analysing
    one article becomes an error for that article, never the end of the batch. The model sees at
    most ``batch_size`` articles and ``batch_chars`` characters at a time (default: the limit in
    force, see :mod:`newsgraph.limits`; an article longer than that goes alone)."""
    if not use_nlp:
        for it in items:
            if isinstance(it, NewsgraphError):
                yield it
            else:
                yield record(it, with_text=with_text)
        return
    from .nlp.pipeline import load_nlp

    nlp = nlp or load_nlp()
    buf: list[Article] = []
    from . import limits as _limits

    lim = _limits.current()  # per-article caps (newsgraph.limits): length before, time during analysis
    cap = lim.batch_chars if batch_chars is None else batch_chars

    def flush() -> Iterator[dict | NewsgraphError]:
        if not buf:
            return
        try:  # the whole batch within one article's time budget; over it, each article gets its own
            with _limits.time_limit(lim.article_timeout):
                docs = list(nlp.pipe((make_doc(nlp, a) for a in buf), batch_size=batch_size))
        except (Exception, _limits.ArticleTimeout):  # one bad article must not sink its batch: redo one by one
            docs = None
        for i, a in enumerate(buf):
            try:
                if docs is not None:
                    yield record(a, docs[i], with_text=with_text)
                    continue
                with _limits.time_limit(lim.article_timeout):
                    rec = record(a, nlp(make_doc(nlp, a)), with_text=with_text)
                yield rec
            except _limits.ArticleTimeout:
                yield InputError(a.origin or a.id, _limits.timeout_reason(lim))
            except MemoryError:
                yield InputError(a.origin or a.id, "analysis ran out of memory (--worker-memory, --article-max-chars); skipped")
            except Exception as exc:
                yield InputError(a.origin or a.id, f"analysis failed ({type(exc).__name__}: {exc})")
        buf.clear()

    for it in items:
        if isinstance(it, NewsgraphError):
            yield from flush()
            yield it
            continue
        if (why := _limits.too_long(it.text, lim)) is not None:
            yield from flush()
            yield InputError(it.origin or it.id, why)
            continue
        if buf and cap and sum(len(a.text) for a in buf) + len(it.text) > cap:
            yield from flush()
        buf.append(it)
        if len(buf) >= batch_size:
            yield from flush()
    yield from flush()
