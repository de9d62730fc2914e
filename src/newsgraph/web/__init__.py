"""Server-rendered pages (Jinja2, autoescaped) over the store: home, article, entity, issue, search.

Everything reads without JavaScript; /static holds the only CSS and script, served from here.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files
from urllib.parse import quote, urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.staticfiles import StaticFiles

from .. import __version__
from ..issues import cached, cached_issue_summaries, issue_view, on_issue
from .chart import bars_svg, issue_svg, legend_items
from .markup import ArticleMarkup, block_of, entity_url, tip_text

router = APIRouter(include_in_schema=False)
CHART_HOLDERS, CHART_DATES, TABLE_HOLDERS, TABLE_POINTS = 25, 40, 100, 50
DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"


def safe_url(url) -> str | None:
    """Only http(s) links leave the site: a javascript: or data: URL in an article is dropped."""
    if isinstance(url, str) and re.match(r"^https?://[^\s\"'<>]+$", url.strip(), re.I):
        return url.strip()
    return None


def snippet_html(s) -> Markup:
    """A search snippet with the store's [match] marks as <mark>, everything else escaped first."""
    return Markup(re.sub(r"\[([^\[\]]{1,200})\]", r"<mark>\1</mark>", str(escape(s or ""))))


@lru_cache(maxsize=1)
def env() -> Environment:
    e = Environment(loader=PackageLoader("newsgraph.web", "templates"),
                    autoescape=select_autoescape(["html", "svg"], default=True), trim_blocks=True, lstrip_blocks=True)
    e.filters["entity_url"] = entity_url
    e.filters["issue_url"] = issue_url
    e.filters["article_url"] = article_url
    e.filters["safe_url"] = safe_url
    e.filters["snippet"] = snippet_html
    e.filters["tip"] = tip_text
    e.filters["cls"] = lambda v: re.sub(r"[^A-Za-z0-9_-]", "", str(v))[:40]
    e.globals["version"] = __version__
    return e


def issue_url(issue: str) -> str:
    return "/issue/" + quote(str(issue), safe="")


def article_url(aid: str, anchor: str | None = None) -> str:
    return "/article/" + quote(str(aid), safe="") + (f"#{anchor}" if anchor else "")


def render(name: str, **ctx) -> str:
    return env().get_template(name).render(**ctx)


def render_error(status: int, message: str) -> str:
    return render("error.html", status=status, message=message, title=f"{status}")


def page(name: str, **ctx) -> HTMLResponse:
    return HTMLResponse(render(name, **ctx))


def static_app() -> StaticFiles:
    return StaticFiles(directory=str(files("newsgraph.web") / "static"))


def _store(request: Request):
    return request.app.state.stores.get()


@router.api_route("/", methods=["GET", "HEAD"], response_class=HTMLResponse)
def home(request: Request):
    s = _store(request)
    return page("home.html", title="newsgraph", counts=s.counts(), articles=s.articles(limit=15),
                speakers=cached(request.app, "speakers", s, lambda: s.speakers(limit=15)), issues=cached_issue_summaries(request.app, s, 10))


def render_article(store, article_id: str) -> str | None:
    """The article page's HTML (None if there is no such article); the render benchmark times this."""
    rec = store.record(article_id)
    if rec is None:
        return None
    am = ArticleMarkup(rec)
    blocks = am.blocks()
    text = rec.get("text") or ""

    def evidence(f: dict) -> list[dict]:
        ev = f.get("evidence") or ([{"start": f.get("start"), "end": f.get("end")}] if "start" in f else [])
        out = []
        for e in ev:
            if isinstance(e, dict) and isinstance(e.get("start"), int) and isinstance(e.get("end"), int):
                out.append({"text": text[e["start"]:e["end"]], "block": block_of(blocks, e["start"])})
        return out

    attributions = []
    for i, a in enumerate(rec.get("attributions") or []):
        starts = [c["start"] for c in a.get("content") or [] if isinstance(c.get("start"), int)]
        attributions.append({"i": i, "a": a, "anchor": f"q-{min(starts)}" if starts else None,
                             "content": " … ".join(c.get("text", "") for c in a.get("content") or [])})
    events = [{**ev, "evidence_": evidence(ev)} for ev in rec.get("events") or []]
    positions = [{**p, "i": i, "evidence_": evidence(p)} for i, p in enumerate(rec.get("positions") or [])]
    ents = sorted(rec.get("entities") or [], key=lambda e: (-len(e.get("mentions") or []), str(e.get("name"))))
    return render("article.html", title=rec.get("title") or rec["id"], rec=rec, blocks=blocks,
                  attributions=attributions, events=events, positions=positions, entities=ents,
                  times=rec.get("times") or [], copies=store.copies_of(article_id))


@router.api_route("/article/{article_id:path}", methods=["GET", "HEAD"], response_class=HTMLResponse)
def article(request: Request, article_id: str):
    html = render_article(_store(request), article_id)
    if html is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    return HTMLResponse(html)


@router.api_route("/entity/{name:path}", methods=["GET", "HEAD"], response_class=HTMLResponse)
def entity(request: Request, name: str, offset: int = Query(0, ge=0)):
    s = _store(request)
    prof = s.entity_profile(name)
    if prof is None:
        like = s.entity_names(name) if name.strip() else []
        if len(like) == 1:  # one name holds what was asked: go there
            return RedirectResponse(entity_url(like[0]["name"]), status_code=303)
        return HTMLResponse(render("names.html", title=name, query=name, names=like), status_code=404)
    limit = 200
    statements = s.statements_by(name, limit=limit, offset=offset)
    per_month = s.statements_per_month(prof["name"])

    def month_link(r: dict) -> str:
        return "/search?" + urlencode({"speaker": prof["name"], "since": r["month"], "until": r["month"]})

    return page("entity.html", title=prof["name"], prof=prof, statements=statements, offset=offset,
                bars=bars_svg(per_month, month_link, f"Statements by {prof['name']} per month"),
                next_offset=offset + limit if len(statements) == limit else None, positions=s.positions(holder=name))


@router.api_route("/articles", methods=["GET", "HEAD"], response_class=HTMLResponse)
def articles(request: Request, offset: int = Query(0, ge=0)):
    limit = 100
    rows = _store(request).articles(limit=limit, offset=offset)
    return page("articles.html", title="Articles", articles=rows, offset=offset,
                next_offset=offset + limit if len(rows) == limit else None)


@router.api_route("/issues", methods=["GET", "HEAD"], response_class=HTMLResponse)
def issues(request: Request):
    return page("issues.html", title="Issues", issues=cached_issue_summaries(request.app, _store(request), 200))


@router.api_route("/issue/{issue:path}", methods=["GET", "HEAD"], response_class=HTMLResponse)
def issue(request: Request, issue: str):
    view = issue_view(_store(request), issue)
    if view is None:
        return HTMLResponse(render("issue.html", title=issue, view=None, query=issue), status_code=404)

    def link(p: dict) -> str:
        return article_url(p["article_id"], f"p-{p['idx']}")

    # a big corpus can hold hundreds of holders on one issue: the chart shows those that moved most and
    # the latest dates; the table more, each holder's latest points
    holders = view["holders"]
    table = [{**h, "points": h["points"][-TABLE_POINTS:], "hidden": max(0, len(h["points"]) - TABLE_POINTS)}
             for h in holders[:TABLE_HOLDERS]]
    dates = sorted({str(p.get("date") or "?") for h in holders[:CHART_HOLDERS] for p in h["points"]})[-CHART_DATES:]
    keep = set(dates)
    chart_rows = [{**h, "points": [p for p in h["points"] if str(p.get("date") or "?") in keep]}
                  for h in holders[:CHART_HOLDERS]]
    chart_rows = [h for h in chart_rows if h["points"]]
    return page("issue.html", title=issue, view=view, query=issue, chart=issue_svg(chart_rows, link),
                legend=legend_items(), link=link, table=table, more_holders=max(0, len(holders) - TABLE_HOLDERS),
                chart_note=(len(chart_rows) < len(holders) or len(dates) < len({str(p.get("date") or "?") for h in holders for p in h["points"]})),
                limits={"holders": CHART_HOLDERS, "dates": CHART_DATES})


@router.api_route("/search", methods=["GET", "HEAD"], response_class=HTMLResponse)
def search(request: Request, q: str = Query("", max_length=500), speaker: str = Query("", max_length=200),
           since: str = Query("", pattern=r"^$|" + DATE[1:-1] + "$"),
           until: str = Query("", pattern=r"^$|" + DATE[1:-1] + "$"), issue: str = Query("", max_length=300),
           every: bool = Query(False, alias="all"), offset: int = Query(0, ge=0)):
    s = _store(request)
    limit = 50
    statements, articles = [], []
    if q.strip() or speaker.strip() or issue.strip() or since or until or every:
        args = dict(speaker=speaker.strip() or None, since=since or None, until=until or None, search=q.strip() or None)
        if issue.strip():
            statements = on_issue(s, issue, **args)[offset:offset + limit]
        else:
            statements = s.quotes(**args, limit=limit, offset=offset)
    if q.strip():
        articles = [a for a in s.search(q, limit=limit * 4)
                    if (not since or (a.get("published") or "") >= since)
                    and (not until or (a.get("published") or "") <= until + "\uffff")][:limit]
    more = urlencode({"q": q, "speaker": speaker, "since": since, "until": until, "issue": issue,
                      **({"all": "1"} if every else {}), "offset": offset + limit})
    csv_url = "/api/quotes.csv?" + urlencode({k: v for k, v in (("search", q), ("speaker", speaker), ("since", since),
                                                                 ("until", until), ("issue", issue)) if v})
    return page("search.html", title=f"Search: {q}" if q else "Search", q=q, speaker=speaker, since=since,
                until=until, issue=issue, every=every, csv_url=csv_url, issues=[r["issue"] for r in cached_issue_summaries(request.app, s, 50)], statements=statements, articles=articles,
                more=("/search?" + more) if len(statements) == limit else None)


@router.api_route("/docs", methods=["GET", "HEAD"], response_class=HTMLResponse)
def docs(request: Request):
    """The OpenAPI description as a page of its own (FastAPI's default page loads from a CDN)."""
    spec = request.app.openapi()
    ops = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            ops.append({"method": method.upper(), "path": path, "summary": op.get("summary") or "",
                        "description": op.get("description") or "",
                        "params": [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                                    "description": p.get("description") or "",
                                    "type": _schema_type(p.get("schema") or {})} for p in op.get("parameters", [])]})
    return page("docs.html", title="API", spec=spec, ops=ops)


def _schema_type(sch: dict) -> str:
    if "anyOf" in sch:
        return " | ".join(_schema_type(x) for x in sch["anyOf"])
    t = sch.get("type", "")
    bits = [t] + [f"{k} {sch[k]}" for k in ("minimum", "maximum", "pattern", "default") if k in sch]
    return ", ".join(str(b) for b in bits if b != "")
