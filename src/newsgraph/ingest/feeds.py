"""RSS, Atom and JSON Feed through feedparser: one article per item; the linked page is never fetched."""
from __future__ import annotations

import json
import re
from typing import Iterator

from ..errors import InputError
from ..model import Article, stable_id
from . import Reader, register
from .dates import normalize_date
from .decode import decode

_BLOCK_TAGS = re.compile(r"(?i)</?(?:p|div|br|li|h[1-6]|blockquote|tr|section|article)\b[^>]*>")


def html_fragment_text(fragment: str) -> str:
    """Text of an item's HTML body, one paragraph per block element, entities decoded."""
    if "<" not in fragment:
        import html as _h

        return re.sub(r"[ \t]+", " ", _h.unescape(fragment)).strip()
    import lxml.html

    marked = _BLOCK_TAGS.sub("\n\n", fragment)
    try:
        root = lxml.html.fromstring(f"<div>{marked}</div>")
        for bad in root.xpath("//script|//style"):
            bad.drop_tree()
        text = root.text_content()
    except Exception:  # lxml rejects some fragments outright; fall back to stripping tags
        import html as _h

        text = _h.unescape(re.sub(r"<[^>]+>", " ", marked))
    text = re.sub(r"[ \t\r\f\v\u00a0]+", " ", text)
    text = re.sub(r" *\n[ \n]*", "\n\n", text)
    return text.strip()


def _published(e) -> str | None:
    """The item's date in ISO form: feedparser's parse (UTC) if it made one, else our own reading of the
    raw string (dates in other languages, "Seg, 24 Set 2018 ..."); None when nothing is a date."""
    for key in ("published", "updated", "created"):
        raw = e.get(key)
        parsed = e.get(f"{key}_parsed")
        if parsed:
            iso = normalize_date(raw) if raw else None
            return iso or normalize_date(parsed)
        if raw:
            iso = normalize_date(raw)
            if iso:
                return iso
    return None


def _json_feed(data: bytes, origin: str) -> dict | None:
    try:
        obj = json.loads(decode(data, origin))
    except ValueError:
        return None
    if isinstance(obj, dict) and "jsonfeed.org" in str(obj.get("version", "")):
        return obj
    return None


def _read_json_feed(obj: dict, origin: str) -> Iterator[Article | InputError]:
    source = _str(obj.get("title"))
    items = obj.get("items") or []
    if not items:
        raise InputError(origin, "JSON Feed without items")
    if not isinstance(items, list):
        raise InputError(origin, f"JSON Feed items must be a list, not {type(items).__name__}")
    for n, it in enumerate(items):
        where = f"{origin}#item-{n + 1}"
        if not isinstance(it, dict):
            yield InputError(where, "feed item is not an object")
            continue
        # a field of the wrong JSON type (a number for a title, an object for a URL) counts as absent
        body = _str(it.get("content_text")) or html_fragment_text(_str(it.get("content_html")) or _str(it.get("summary")) or "")
        if not body.strip():
            body = html_fragment_text(_str(it.get("title")) or "")  # a headline-only item: its headline
        if not body.strip():
            yield InputError(where, "feed item without text or title")
            continue
        url = _str(it.get("url")) or _str(it.get("external_url"))
        aid = _str(it.get("id")) or (str(it["id"]) if isinstance(it.get("id"), (int, float)) else "") or stable_id(url or "", body)
        authors = it.get("authors") or ([it["author"]] if it.get("author") else [])
        authors = authors if isinstance(authors, list) else [authors]
        author = ", ".join(a["name"] for a in authors if isinstance(a, dict) and isinstance(a.get("name"), str)) or None
        published = _str(it.get("date_published")) or _str(it.get("date_modified"))
        yield Article(id=stable_id(aid) if len(aid) > 64 or "/" in aid else aid, text=body.strip(),
                      title=_str(it.get("title")), published=normalize_date(published) if published else None, url=url,
                      source=source, author=author, origin=where, format="feed")


def _str(v) -> str | None:
    """A JSON value that should be a string: the string, or None for anything else (or an empty one)."""
    return v if isinstance(v, str) and v else None


def read(data: bytes, *, origin: str, meta: dict) -> Iterator[Article | InputError]:
    jf = _json_feed(data, origin) if data.lstrip()[:1] == b"{" else None
    if jf is not None:
        yield from _read_json_feed(jf, origin)
        return
    import feedparser

    # feedparser copes with odd encodings and leading whitespace itself; never give it a URL
    parsed = feedparser.parse(data.lstrip(), sanitize_html=False, resolve_relative_uris=False)
    if not parsed.entries:
        why = parsed.get("bozo_exception")
        raise InputError(origin, f"no items in the feed{f' ({why})' if why else ''}")
    source = parsed.feed.get("title")
    for n, e in enumerate(parsed.entries):
        where = f"{origin}#item-{n + 1}"
        html_body = ""
        if e.get("content"):
            html_body = max((c.get("value", "") for c in e.content), key=len)
        if len(html_body) < len(e.get("summary", "")):
            html_body = e.get("summary", "")
        body = html_fragment_text(html_body)
        title = html_fragment_text(e.get("title", "")) or None
        if not body:
            body = title or ""  # a headline-only item (links, videos): the headline is its text
        if not body:
            yield InputError(where, "feed item without text or title")
            continue
        url = e.get("link")
        gid = e.get("id") or e.get("guid")
        aid = stable_id(gid or url or "", body)
        yield Article(id=aid, text=body, title=title, url=url, source=source, published=_published(e),
                      author=e.get("author") or None, origin=where, format="feed")


# the root element, after an XML declaration, processing instructions, comments and a DOCTYPE
_ROOT = re.compile(rb"(?:\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>))*\s*<([A-Za-z_][\w:.-]*)", re.S)


def _sniff(head: bytes, name: str) -> bool:
    h = head.lstrip(b"\xef\xbb\xbf \t\r\n\x00")[:8192]
    if h[:1] == b"<":
        m = _ROOT.match(h)
        return bool(m) and m.group(1).split(b":")[-1].lower() in (b"rss", b"feed", b"rdf")
    return h[:1] == b"{" and b"jsonfeed.org" in h[:2000]


register(Reader("feed", _sniff, read))
