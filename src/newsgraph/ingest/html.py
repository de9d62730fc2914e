"""HTML pages through trafilatura: main text, title, author, date and canonical URL."""
from __future__ import annotations

import logging
import re
from typing import Iterator

from ..errors import InputError
from ..model import Article, stable_id
from . import Reader, register
from .dates import normalize_date
from .decode import decode, looks_binary

_HTML = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<(?:p|div|article|meta|title)[\s>]", re.I)


# main text shorter than this (in words, or for scripts written without spaces in characters) is
# navigation or a stub, not an article
MIN_WORDS, MIN_CHARS = 8, 40

for _name in ("trafilatura", "htmldate", "courlan", "justext"):  # their warnings would land on our stderr
    logging.getLogger(_name).addHandler(logging.NullHandler())


def _too_short(text: str) -> bool:
    return len(text.split()) < MIN_WORDS and len("".join(text.split())) < MIN_CHARS


def extract(html: str, *, origin: str, url: str | None = None) -> dict:
    """Main text and metadata of one page; raises InputError when the page holds no article text."""
    try:
        import trafilatura
    except ImportError as exc:  # lxml 6 without lxml_html_clean is the usual cause
        raise InputError(origin, f"HTML support is not installed ({exc}); run `make install`") from None
    doc = None
    # precision mode drops more boilerplate (benchmark F1 0.965 against 0.959 balanced); when it
    # finds nothing, the balanced mode gets a second look so a terse page is not lost
    for precise in (True, False):
        try:
            doc = trafilatura.bare_extraction(
                html, url=url, with_metadata=True, include_comments=False, include_tables=True,
                favor_precision=precise, favor_recall=False, deduplicate=False,
            )
        except Exception as exc:  # trafilatura/lxml raise many types on broken markup
            raise InputError(origin, f"malformed HTML ({type(exc).__name__}: {exc})") from None
        if doc is not None and not _too_short(getattr(doc, "text", None) or ""):
            break
    if doc is None or not (getattr(doc, "text", None) or "").strip():
        raise InputError(origin, "no article text found in the HTML page")
    text = doc.text
    if _too_short(text):  # a menu, a cookie notice, a title: not an article
        raise InputError(origin, f"no article text found in the HTML page (only {len(text.split())} words of main text)")
    # trafilatura separates paragraphs with one newline; a blank line keeps paragraphs apart on screen
    text = re.sub(r"\n+", "\n\n", text.strip())
    return {"text": text, "title": doc.title or None, "author": doc.author or None,
            "published": normalize_date(doc.date), "url": doc.url or url or None,
            "source": getattr(doc, "sitename", None) or None, "lang": getattr(doc, "language", None) or None}


def read(data: bytes, *, origin: str, meta: dict) -> Iterator[Article]:
    if looks_binary(data[:8192]):
        raise InputError(origin, "binary data, not an HTML page")
    html = decode(data, origin)
    fields = extract(html, origin=origin, url=meta.get("url"))
    text = fields.pop("text")
    fields = {k: v for k, v in fields.items() if v}
    aid = stable_id(fields.get("url", ""), text)
    yield Article(id=aid, text=text, origin=origin, format="html", **fields)


_DOC = re.compile(rb"<!doctype\s+html|<html[\s>]", re.I)


def _sniff(head: bytes, name: str) -> bool:
    """Markup from the first visible byte (or a doctype/<html> early on, after a stray preamble)."""
    h = head.lstrip(b"\xef\xbb\xbf \t\r\n\x00")
    if h[:1] != b"<":
        return bool(_DOC.search(h[:1024]))
    if name.lower().endswith((".html", ".htm", ".xhtml", ".shtml")):
        return True
    return bool(_HTML.search(h[:8192]))


register(Reader("html", _sniff, read))
