"""JSON Lines (optionally gzipped): one article per line.

Fields: ``text``, ``title``, ``published``, ``source``, ``url``, ``id`` (also ``author``, ``lang``).
Common alternative names are recognised (``content``, ``body``, ``article``, ``content_original``,
``date``, ``ID`` ...); ``--map published=date,text=content_original`` sets them explicitly.
``text`` is the field's string exactly (offsets point into it); ``published`` is normalised to ISO
(None when it is no usable date); the id is the given one, else a hash of the URL, else of the text.
A file holding one JSON array of such objects (or a single object) is read the same way.
"""
from __future__ import annotations

import codecs
import json
import re
from typing import Iterable, Iterator

from ..errors import InputError
from ..model import Article, stable_id
from . import Reader, register
from .dates import normalize_date
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


def _article(rec, where: str, mapping: dict[str, str]) -> Article | InputError:
    if not isinstance(rec, dict):
        return InputError(where, "a JSON line must be an object")
    body = _pick(rec, "text", mapping)
    if not isinstance(body, str) or not body.strip():
        hint = f"the mapped field {mapping['text']!r}" if "text" in mapping else "a 'text' field; map another with --map text=FIELD"
        return InputError(where, f"no article text (expected {hint})")
    vals = {}
    for f in FIELDS:
        if f == "text":
            continue
        v = _pick(rec, f, mapping)
        if isinstance(v, list):
            v = ", ".join(str(x) for x in v if x not in (None, ""))
        elif isinstance(v, dict):
            v = v.get("name") or v.get("title")
        if v not in (None, "") and not isinstance(v, (dict, list)):
            vals[f] = " ".join(str(v).split()) if f != "url" else str(v).strip()
    if "published" in vals:
        vals["published"] = normalize_date(vals["published"])  # None when it is no usable date
    aid = vals.pop("id", None) or stable_id(vals.get("url", ""), body)
    return Article(id=aid, text=body, origin=where, format="jsonl",
                   **{k: v for k, v in vals.items() if v})


# byte-order marks of encodings whose lines cannot be cut at the byte b"\n"
_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def read(data: bytes, *, origin: str, meta: dict) -> Iterator[Article | InputError]:
    """One article per line; a whole-file JSON array of objects (or one object) is read too.

    Lines are cut from the bytes and decoded one at a time, so that a large file is never held as
    text as well (reading 12,000 allsides articles, a 78 MB file, peaked at 682 MiB that way and at
    165 MiB this way, interpreter included);
    only a whole-file JSON document, or a UTF-16/32 file, is decoded whole."""
    mapping = meta.get("jsonl_map") or {}
    if not data.startswith(_WIDE_BOMS) and b"\x00" not in data[:4]:
        head = data[:1 << 16]
        lead = len(head) - len(head.lstrip(b"\xef\xbb\xbf \t\r\n"))
        end = data.find(b"\n", lead)
        first = data[lead:end if end >= 0 else len(data)]
        if not (first[:1] == b"[" or (first[:1] == b"{" and not _first_line_is_object(first.decode("utf-8", "replace")))):
            yield from _lines(_byte_lines(data), origin=origin, mapping=mapping)
            return
    text = decode(data, origin)
    lead = text.lstrip("\ufeff \t\r\n")
    if lead[:1] == "[" or (lead[:1] == "{" and not _first_line_is_object(lead)):
        try:
            whole = json.loads(lead)
        except json.JSONDecodeError as exc:
            raise InputError(origin, f"not JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from None
        recs = whole if isinstance(whole, list) else [whole]
        for n, rec in enumerate(recs, 1):
            yield _article(rec, f"{origin}#{n}", mapping)
        return
    # split on "\n" only: str.splitlines() would also cut at U+2028 and other breaks that JSON strings may hold raw
    yield from _lines(((line.rstrip("\r") for line in text.split("\n"))), origin=origin, mapping=mapping)


def _byte_lines(data: bytes) -> Iterator[bytes]:
    """The lines of ``data``, cut at b"\\n" only (as the text path cuts at "\\n": JSON strings may hold
    U+2028 and other breaks raw), one at a time."""
    i, n = 0, len(data)
    while i < n:
        j = data.find(b"\n", i)
        if j < 0:
            j = n
        yield data[i:j].rstrip(b"\r")
        i = j + 1


def _lines(lines: Iterable[str | bytes], *, origin: str, mapping: dict[str, str]) -> Iterator[Article | InputError]:
    for n, line in enumerate(lines, 1):
        where = f"{origin}:{n}"
        if isinstance(line, bytes):
            if not line.strip():
                continue
            try:
                line = line.decode("utf-8")
            except UnicodeDecodeError:
                try:
                    line = decode(line, where)
                except InputError as exc:
                    yield exc
                    continue
            if n == 1:
                line = line.lstrip("\ufeff")
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(where, f"not JSON ({exc.msg} at column {exc.colno})")
            continue
        yield _article(rec, where, mapping)


def read_lines(lines: Iterable[bytes], *, origin: str, meta: dict) -> Iterator[Article | InputError]:
    """Stream articles from raw lines (a gzipped JSON Lines file is read this way, never whole in memory)."""
    yield from _lines(lines, origin=origin, mapping=meta.get("jsonl_map") or {})


def _first_line_is_object(s: str) -> bool:
    first = s.split("\n", 1)[0].strip()
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return False


def _sniff(head: bytes, name: str) -> bool:
    s = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if name.lower().endswith((".jsonl", ".ndjson", ".json")) and s[:1] in (b"{", b"["):
        return True
    if re.match(rb"\[\s*\{", s):  # a JSON array of article objects
        return True
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
