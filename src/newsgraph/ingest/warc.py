"""WARC and WARC.gz (and legacy ARC) through warcio: each HTML response becomes an article."""
from __future__ import annotations

import io
import re
from typing import Iterator

from ..errors import InputError
from ..model import Article, stable_id
from . import Reader, register
from .decode import decode
from .html import extract

_CHARSET = re.compile(r"charset=([\w.:-]+)", re.I)


def read(data: bytes, *, origin: str, meta: dict) -> Iterator[Article | InputError]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    n_html = 0
    it = ArchiveIterator(io.BytesIO(data), arc2warc=True)
    n = 0
    try:
        for rec in it:
            n += 1
            if rec.rec_type not in ("response", "resource"):
                continue
            url = rec.rec_headers.get_header("WARC-Target-URI")
            date = rec.rec_headers.get_header("WARC-Date")
            ctype = ""
            if rec.http_headers is not None:
                ctype = rec.http_headers.get_header("Content-Type") or ""
                status = rec.http_headers.get_statuscode()
                if status and not str(status).startswith("2"):
                    continue
            else:
                ctype = rec.rec_headers.get_header("Content-Type") or ""
            if ctype and "html" not in ctype.lower():
                continue
            where = f"{origin}#{url or f'record-{n}'}"
            try:
                body = rec.content_stream().read()
            except Exception as exc:  # chunked-encoding and decompression errors inside one record
                yield InputError(where, f"unreadable WARC record ({type(exc).__name__}: {exc})")
                continue
            if not body.strip():
                continue
            m = _CHARSET.search(ctype)
            try:
                html = decode(body, where, declared=m.group(1) if m else None)
                fields = extract(html, origin=where, url=url)
            except InputError as exc:
                yield exc
                continue
            n_html += 1
            text = fields.pop("text")
            fields["url"] = url or fields.get("url")
            fields["published"] = fields.get("published") or date
            fields = {k: v for k, v in fields.items() if v}
            yield Article(id=stable_id(url or "", text), text=text, origin=where, format="warc", **fields)
    except ArchiveLoadFailed as exc:
        raise InputError(origin, f"malformed WARC after {n} records ({exc.msg if hasattr(exc, 'msg') else exc})") from None
    except (EOFError, OSError, ValueError) as exc:
        raise InputError(origin, f"truncated or corrupt WARC after {n} records ({type(exc).__name__}: {exc})") from None
    if n == 0:
        raise InputError(origin, "no WARC records in the file")


def _sniff(head: bytes, name: str) -> bool:
    h = head.lstrip()[:64]
    return h.startswith((b"WARC/", b"filedesc://")) or name.lower().endswith((".warc", ".arc"))


register(Reader("warc", _sniff, read))
