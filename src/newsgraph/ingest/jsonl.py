"""JSON Lines (optionally gzipped): one article per line.

Fields: ``text``, ``title``, ``published``, ``source``, ``url``, ``id`` (also ``author``, ``lang``).
Common alternative names are recognised (``content``, ``body``, ``article``, ``content_original``,
``date``, ``ID`` ...); ``--map published=date,text=content_original`` sets them explicitly.
"""
from __future__ import annotations

import json
from typing import Iterator

from ..errors import InputError
from ..model import Article, stable_id
from . import Reader, register
from .decode import decode

FIELDS = ("id", "text", "title", "published", "source", "url", "author", "lang")
ALIASES = {
    "text": ("text", "content_original", "content", "body", "article", "maintext", "full_text", "articleBody"),
    "title": ("title", "headline"),
    "published": ("published", "date", "date_publish", "pubdate", "datePublished", "published_at"),
    "source": ("source", "outlet", "publisher", "source_name"),
    "url": ("url", "link", "source_url"),
    "id": ("id", "ID", "_id", "guid", "uid"),
    "author": ("author", "authors", "byline"),
    "lang": ("lang", "language"),
}


def parse_map(spec: str | None) -> dict[str, str]:
    """'published=date,text=content_original' -> {'published': 'date', 'text': 'content_original'}."""
    out: dict[str, str] = {}
    for part in (spec or "").split(","):
        if not part.strip():
            continue
        ours, sep, theirs = part.partition("=")
        ours, theirs = ours.strip(), theirs.strip()
        if not sep or ours not in FIELDS or not theirs:
            raise InputError("--map", f"{part!r} is not FIELD=NAME with FIELD one of {', '.join(FIELDS)}")
        out[ours] = theirs
    return out


def _pick(rec: dict, field: str, mapping: dict[str, str]):
    if field in mapping:
        return rec.get(mapping[field])
    for k in ALIASES[field]:
        if rec.get(k) not in (None, ""):
            return rec[k]
    return None


def read(data: bytes, *, origin: str, meta: dict) -> Iterator[Article | InputError]:
    text = decode(data, origin)
    mapping = meta.get("jsonl_map") or {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{origin}:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(where, f"not JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(rec, dict):
            yield InputError(where, "a JSON line must be an object")
            continue
        body = _pick(rec, "text", mapping)
        if not isinstance(body, str) or not body.strip():
            yield InputError(where, "no article text (expected a 'text' field; map another with --map text=FIELD)")
            continue
        vals = {f: _pick(rec, f, mapping) for f in FIELDS if f != "text"}
        vals = {k: (", ".join(map(str, v)) if isinstance(v, list) else str(v)) for k, v in vals.items() if v not in (None, "")}
        aid = vals.pop("id", None) or stable_id(vals.get("url", ""), body)
        yield Article(id=aid, text=body, origin=where, format="jsonl", **vals)


def _sniff(head: bytes, name: str) -> bool:
    if name.endswith((".jsonl", ".ndjson", ".jsonl.gz")):
        return True
    s = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not s.startswith(b"{"):
        return False
    first = s.split(b"\n", 1)[0].strip()
    if b"\n" not in s:  # a first line longer than the sniffed head
        return first.startswith(b'{"') and b"jsonfeed.org" not in first[:300]
    try:
        return isinstance(json.loads(first), dict) and b"jsonfeed.org" not in first[:300]
    except ValueError:
        return False


register(Reader("jsonl", _sniff, read))
