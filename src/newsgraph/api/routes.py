"""The JSON API: the CLI's queries over HTTP, paginated, plus one write endpoint behind a token."""
from __future__ import annotations

import csv
import hmac
import io
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import PlainTextResponse, Response
from starlette.concurrency import run_in_threadpool

from ..errors import NewsgraphError
from .app import MAX_LIMIT
from ..issues import cached_issue_summaries, issue_view, on_issue

router = APIRouter(prefix="/api", tags=["api"])

DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"rows per page, at most {MAX_LIMIT}")]
Offset = Annotated[int, Query(ge=0, description="rows to skip")]
DateQ = Annotated[str | None, Query(pattern=DATE, description="YYYY, YYYY-MM or YYYY-MM-DD")]


def store(request: Request):
    return request.app.state.stores.get()


def page(rows: list, limit: int, offset: int) -> dict:
    return {"ok": True, "rows": rows, "limit": limit, "offset": offset,
            "next_offset": offset + limit if len(rows) == limit else None}


@router.get("/quotes", summary="Statements in date order")
def quotes(request: Request, speaker: str | None = None, since: DateQ = None, until: DateQ = None,
           search: str | None = None, issue: str | None = None, negated: bool = False,
           limit: Limit = 100, offset: Offset = 0) -> dict:
    """Who said what: each statement with its speaker, kind, cue, via, article and offsets. `issue`
    keeps the statements that are evidence of a position on that issue."""
    s = store(request)
    if not issue:
        rows = s.quotes(speaker=speaker, since=since, until=until, search=search, include_negated=negated,
                        limit=limit, offset=offset)
        return page(rows, limit, offset)
    rows = on_issue(s, issue, speaker=speaker, since=since, until=until, search=search)
    return page(rows[offset:offset + limit], limit, offset)


CSV_COLUMNS = ["published", "speaker", "kind", "cue", "content", "via", "negated", "outlet", "title", "url",
               "article_id", "content_start", "content_end"]


def _cell(v) -> str:
    s = "" if v is None else str(v)
    # a spreadsheet runs a cell that starts with = + - @ as a formula: article text must stay text
    return "'" + s if s[:1] in ("=", "+", "-", "@", "\t", "\r") else s


@router.get("/quotes.csv", summary="Statements as CSV, for a spreadsheet", response_class=PlainTextResponse)
def quotes_csv(request: Request, speaker: str | None = None, since: DateQ = None, until: DateQ = None,
               search: str | None = None, issue: str | None = None, negated: bool = False,
               limit: Annotated[int, Query(ge=1, le=50_000)] = 10_000):
    """The same filters as `/api/quotes`, up to `limit` rows, one statement per row."""
    s = store(request)
    if issue:
        rows = on_issue(s, issue, speaker=speaker, since=since, until=until, search=search)[:limit]
    else:
        rows = s.quotes(speaker=speaker, since=since, until=until, search=search, include_negated=negated, limit=limit)
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(CSV_COLUMNS)
    for r in rows:
        w.writerow([_cell(r.get(c)) for c in CSV_COLUMNS])
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="newsgraph-quotes.csv"'})


@router.get("/search", summary="Full-text search over articles")
def search(request: Request, q: Annotated[str, Query(min_length=1, max_length=500)],
           limit: Limit = 50, offset: Offset = 0) -> dict:
    return page(store(request).search(q, limit=limit, offset=offset), limit, offset)


@router.get("/articles", summary="Articles, newest first")
def articles(request: Request, limit: Limit = 50, offset: Offset = 0) -> dict:
    return page(store(request).articles(limit=limit, offset=offset), limit, offset)


@router.get("/articles/{article_id:path}", summary="One article's full record")
def article(request: Request, article_id: str) -> dict:
    """Text, blocks, attributions, entities, times, quantities, places, events and positions."""
    s = store(request)
    rec = s.record(article_id)
    if rec is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    rec["copies"] = s.copies_of(article_id)
    return {"ok": True, "article": rec}


@router.get("/entities/{name:path}", summary="An entity: aliases, roles and statements")
def entity(request: Request, name: str, limit: Limit = 100, offset: Offset = 0) -> dict:
    s = store(request)
    prof = s.entity_profile(name)
    if prof is None:
        raise HTTPException(404, f"no entity or speaker named {name!r}")
    prof["positions"] = s.positions(holder=name)
    return {"ok": True, "entity": prof, **page(s.statements_by(name, limit=limit, offset=offset), limit, offset)}


@router.get("/speakers", summary="Speakers by number of statements")
def speakers(request: Request, limit: Limit = 50, offset: Offset = 0) -> dict:
    return page(store(request).speakers(limit=limit, offset=offset), limit, offset)


@router.get("/issues", summary="Issues by movement (stance shifts)")
def issues(request: Request, limit: Limit = 50) -> dict:
    return {"ok": True, "rows": cached_issue_summaries(request.app, store(request), limit)}


@router.get("/issues/{issue:path}", summary="An issue: holders and their stances over time")
def issue(request: Request, issue: str, limit: Limit = 100, offset: Offset = 0) -> dict:
    """Holders (those that moved most first, `limit` of them from `offset`), each with its positions
    in date order and `shift` set where its stance changed."""
    view = issue_view(store(request), issue)
    if view is None:
        raise HTTPException(404, f"no positions on an issue matching {issue!r}")
    holders = view.pop("holders")
    return {"ok": True, **view, "holders_total": len(holders), **page(holders[offset:offset + limit], limit, offset)}


@router.get("/positions", summary="Where holders stand, in date order")
def positions(request: Request, holder: str | None = None, issue: str | None = None,
              stance: Annotated[str | None, Query(pattern=r"^(support|oppose|open|undecided|none)$")] = None,
              limit: Limit = 100, offset: Offset = 0) -> dict:
    """Positions (holder, issue, stance, voiced_by, evidence offsets, date); `holder` also matches the
    person voicing it, `issue` takes the issues grouped with it (as `newsgraph positions`)."""
    rows = store(request).positions_of(holder=holder, issue=issue, stance=stance, limit=offset + limit)
    return page(rows[offset:offset + limit], limit, offset)


@router.get("/timeline/{issue:path}", summary="Positions on an issue over time, changes flagged")
def timeline(request: Request, issue: str, holder: str | None = None, limit: Limit = 100, offset: Offset = 0) -> dict:
    """As `newsgraph timeline ISSUE`: each change of stance carries `changed` and the `previous` stance
    with its evidence."""
    rows = store(request).issue_timeline(issue, holder=holder)
    return page(rows[offset:offset + limit], limit, offset)


@router.get("/events", summary="Who did what to whom")
def events(request: Request, actor: str | None = None, type: str | None = None,
           modality: Annotated[str | None, Query(pattern=r"^(asserted|negated|hypothetical|future|claimed)$")] = None,
           limit: Limit = 100, offset: Offset = 0) -> dict:
    """Events with PLOVER type, actor, target, modality, time, place and evidence offsets (as `newsgraph events`)."""
    rows = store(request).events_of(actor=actor, type=type, modality=modality, limit=offset + limit)
    return page(rows[offset:offset + limit], limit, offset)


@router.get("/errors", summary="Inputs that failed during ingest")
def errors(request: Request, limit: Limit = 100, offset: Offset = 0) -> dict:
    return page(store(request).errors()[offset:offset + limit], limit, offset)


@router.get("/stats", summary="Counts of what the store holds")
def stats(request: Request) -> dict:
    return {"ok": True, "counts": store(request).counts()}


def _rate_limit(request: Request) -> None:
    client = request.client.host if request.client else "?"
    wait = request.app.state.write_bucket.take(client)
    if wait > 0:
        raise HTTPException(429, f"too many submissions from {client}; retry in {wait:.0f} s",
                            headers={"Retry-After": str(max(1, int(wait + 0.999)))})


def _authorize(request: Request) -> None:
    state = request.app.state
    if state.read_only:
        raise HTTPException(403, "this server is read-only; start it with `newsgraph serve --write` and NEWSGRAPH_TOKEN")
    scheme, _, given = (request.headers.get("authorization") or "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise HTTPException(401, "a bearer token is required: Authorization: Bearer TOKEN",
                            headers={"WWW-Authenticate": "Bearer"})
    # constant time, so the token cannot be guessed byte by byte from response times
    if not hmac.compare_digest(given.strip().encode(), state.token.encode()):
        raise HTTPException(401, "the bearer token is not valid", headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})


async def _body(request: Request, limit: int) -> bytes:
    too_big = HTTPException(413, f"request body over the limit of {limit:,} bytes")
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise HTTPException(400, "invalid Content-Length")
        if int(declared) > limit:
            raise too_big
    buf = bytearray()
    async for chunk in request.stream():  # a chunked body has no length up front: count as it comes
        buf += chunk
        if len(buf) > limit:
            raise too_big
    return bytes(buf)


@router.post("/articles", summary="Submit articles for ingest (token required)", status_code=200)
async def submit(request: Request, analyze: bool = True) -> dict:
    """Body: one article object or an array of them, as JSON (fields `text`, `title`, `published`,
    `source`, `url`, `id`, as the JSON Lines reader takes them). `analyze=false` stores the structure
    only. Needs `Authorization: Bearer TOKEN`; bodies over the size limit are refused with 413, and a
    client over the rate limit (tried before the token, so guesses count too) with 429."""
    _rate_limit(request)
    _authorize(request)
    data = await _body(request, request.app.state.max_body_bytes)
    return await run_in_threadpool(_ingest, request, data, analyze)


def _ingest(request: Request, data: bytes, use_nlp: bool) -> dict:
    from ..ingest import read_bytes
    from ..pipeline import analyze_stream

    try:
        items = list(read_bytes(data, origin="request", fmt="jsonl", max_bytes=request.app.state.max_body_bytes))
    except NewsgraphError as exc:
        raise HTTPException(400, getattr(exc, "reason", str(exc))) from None
    records, errors = [], []
    if not any(not isinstance(it, NewsgraphError) for it in items):  # say so before loading any model
        raise HTTPException(400, "no article could be read: " + "; ".join(getattr(e, "reason", str(e)) for e in items))
    with request.app.state.nlp_lock:  # a spaCy pipeline is not to be shared by threads at once
        nlp = _nlp(request.app) if use_nlp else None
        for r in analyze_stream(items, nlp=nlp, use_nlp=use_nlp, with_text=True):
            if isinstance(r, NewsgraphError):
                errors.append({"origin": getattr(r, "origin", "request"), "reason": getattr(r, "reason", str(r))})
            else:
                records.append(r)
    if not records:
        raise HTTPException(400, "no article could be read: " + "; ".join(e["reason"] for e in errors))
    counts = store(request).add(records)
    return {"ok": True, **counts, "ids": [r["id"] for r in records], "errors": errors}


def _nlp(app):
    if app.state.nlp is None:  # loaded once, by the first submission (the caller holds nlp_lock)
        from ..nlp.pipeline import load_nlp

        app.state.nlp = load_nlp()
    return app.state.nlp
