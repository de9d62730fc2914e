"""WARC and WARC.gz (and legacy ARC) through warcio: each HTML response becomes an article.

Per record: ``response`` and ``resource`` records with a 2xx status and an HTML payload (by Content-Type,
or sniffed when there is none) go through the HTML reader; the article keeps the record's target URI,
and its date is the page's own date, else the record's ``WARC-Date``. A record that is cut short (a
clipped file), whose chunked encoding is broken or whose payload is over the size limit is reported as
an error naming the record, and reading goes on. A page without article text (an index, a stub) is
skipped quietly, as crawls are full of them; a WARC with no article at all is one error. A whole-file gzip (not gzip-per-record, which warcio
refuses) is decompressed within the size limit and read as a plain WARC.
"""
from __future__ import annotations

import io
import logging
import re
import sys
import zlib
from collections import Counter
from typing import Iterator

from ..errors import InputError
from ..model import Article, stable_id
from . import DEFAULT_MAX_BYTES, Reader, register
from .dates import normalize_date
from .decode import decode, gunzip, is_gzip
from .html import _sniff as _looks_html
from .html import extract

_CHARSET = re.compile(r"charset=([\w.:-]+)", re.I)

# warcio warns through the logging module ("Replacing spaces in invalid WARC-Target-URI"); with no
# logging configured Python would print those on stderr, where only our one-line errors belong
logging.getLogger("warcio").addHandler(logging.NullHandler())
logging.getLogger("warcio").propagate = False


class _Restart(Exception):
    """warcio cannot read this gzip member by member: read it again as one decompressed stream."""


def _iterator(stream, warnings: list[str]):
    from warcio.archiveiterator import ArchiveIterator

    class QuietIterator(ArchiveIterator):
        """warcio writes "record not followed by newline" straight to stderr: keep it as a warning."""

        def _consume_blanklines(self):
            saved, sys.stderr = sys.stderr, io.StringIO()
            try:
                return super()._consume_blanklines()
            finally:
                msg, sys.stderr = sys.stderr.getvalue(), saved
                if msg.strip():
                    m = re.search(r"Offset:\s*(\d+)", msg)
                    warnings.append(f"record at offset {m.group(1) if m else '?'} is not followed by a blank line "
                                    "(its Content-Length is probably wrong)")

    return QuietIterator(stream, arc2warc=True)


def _complete_payload(rec, body: bytes) -> bool:
    """A record shorter than its WARC/ARC length still holds the whole page when its HTTP Content-Length
    is met (an ARC whose CRLFs became LFs is short by one byte per header line, not truncated)."""
    if rec.http_headers is None:
        return False
    try:
        want = int(rec.http_headers.get_header("Content-Length") or -1)
    except ValueError:
        return False
    return 0 <= want <= len(body)


def _whole_file_gzip(data: bytes) -> bool:
    """True when the first gzip member holds more than one record: a WARC gzipped as a whole, which
    warcio cannot read member by member."""
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = d.decompress(data, 1 << 20)
    except zlib.error:
        return False
    if d.eof:
        return False
    return re.search(rb"\r?\n(?:WARC/\d|https?://\S+ \d+\.\d+\.\d+\.\d+ \d{14} )", out[16:]) is not None


def _drain(stream) -> None:
    while stream.read(1 << 16):
        pass


def _guarded(it):
    """warcio's records; its own crashes on a broken header (a line cut before its colon leaves the
    target URI None) become a ValueError, reported as a corrupt WARC."""
    while True:
        try:
            rec = next(it)
        except StopIteration:
            return
        except (AttributeError, TypeError, KeyError, IndexError) as exc:
            raise ValueError(f"malformed record header: {type(exc).__name__}") from None
        yield rec


def _records(data: bytes, origin: str, limit: int, done: set[str], state: dict) -> Iterator[Article | InputError]:
    from warcio.exceptions import ArchiveLoadFailed

    warnings: list[str] = []
    it = _iterator(io.BytesIO(data), warnings)
    kinds: Counter = Counter()
    n = 0
    try:
        for rec in _guarded(it):
            n += 1
            kinds[rec.rec_type] += 1
            for w in warnings:
                yield InputError(origin, w)
            warnings.clear()
            key = rec.rec_headers.get_header("WARC-Record-ID") or f"#{n}"
            if rec.rec_type not in ("response", "resource"):
                continue
            url = rec.rec_headers.get_header("WARC-Target-URI")
            date = rec.rec_headers.get_header("WARC-Date") or rec.rec_headers.get_header("ARC-Date")
            if rec.http_headers is not None and rec.rec_type == "response":
                ctype = rec.http_headers.get_header("Content-Type") or ""
                status = rec.http_headers.get_statuscode()
                if status and not str(status).startswith("2"):
                    continue
            else:
                ctype = rec.rec_headers.get_header("Content-Type") or ""
            if ctype and "html" not in ctype.lower():
                continue
            where = f"{origin}#{url or f'record-{n}'}"
            if key in done:  # already given before a restart
                continue
            try:
                body = rec.content_stream().read(limit + 1)
                _drain(rec.raw_stream)
            except Exception as exc:  # chunked-encoding and decompression errors inside one record
                done.add(key)
                yield InputError(where, f"unreadable WARC record ({type(exc).__name__}: {exc})")
                continue
            left = getattr(rec.raw_stream, "limit", 0) or 0
            if left > 0 and not _complete_payload(rec, body):
                if is_gzip(data) and not state.get("restarted"):
                    try:  # gzip members cut across records: the whole stream may still be sound
                        raise _Restart(gunzip(data, origin, limit))
                    except InputError:
                        pass
                done.add(key)
                yield InputError(where, f"truncated WARC record: {left:,} of its {rec.length or 0:,} bytes are missing")
                continue
            if len(body) > limit:
                done.add(key)
                yield InputError(where, f"record payload is over the size limit of {limit:,} bytes (--max-bytes)")
                continue
            if not body.strip() or (not ctype and not _looks_html(body[: 1 << 14], "")):
                continue
            m = _CHARSET.search(ctype)
            done.add(key)
            try:
                html = decode(body, where, declared=m.group(1) if m else None)
                fields = extract(html, origin=where, url=url)
            except InputError as exc:
                if exc.reason.startswith("no article text"):  # a crawl is full of index and stub pages
                    state["stubs"] += 1
                    continue
                yield exc
                continue
            state["articles"] += 1
            text = fields.pop("text")
            fields["url"] = url or fields.get("url")
            fields["published"] = fields.get("published") or normalize_date(date)
            fields = {k: v for k, v in fields.items() if v}
            yield Article(id=stable_id(url or "", text), text=text, origin=where, format="warc", **fields)
        for w in warnings:
            yield InputError(origin, w)
    except ArchiveLoadFailed as exc:
        if is_gzip(data) and not state.get("restarted"):
            raise _Restart(None) from None
        what = "malformed WARC" if n else "not a readable WARC/ARC file"
        raise InputError(origin, f"{what} after {n} records ({getattr(exc, 'msg', None) or exc})") from None
    except (EOFError, OSError, ValueError) as exc:
        raise InputError(origin, f"truncated or corrupt WARC after {n} records ({type(exc).__name__}: {exc})") from None
    state["records"] = n
    state["kinds"] = kinds


def read(data: bytes, *, origin: str, meta: dict) -> Iterator[Article | InputError]:
    limit = int(meta.get("max_bytes") or DEFAULT_MAX_BYTES)
    done: set[str] = set()  # records already reported, so a restart never repeats one
    state: dict = {"articles": 0, "stubs": 0, "errors": 0}
    def counted(items):
        for it in items:
            if isinstance(it, InputError):
                state["errors"] += 1
            yield it

    try:
        if is_gzip(data) and _whole_file_gzip(data):
            raise _Restart(None)
        yield from counted(_records(data, origin, limit, done, state))
    except _Restart as restart:
        state["restarted"] = True
        plain = restart.args[0] if restart.args and restart.args[0] is not None else gunzip(data, origin, limit)
        yield from counted(_records(plain, origin, limit, done, state))
    if not state.get("records"):
        raise InputError(origin, "no WARC records in the file")
    if not state["articles"] and not state["stubs"] and not done:
        kinds = ", ".join(f"{v} {k}" for k, v in sorted(state["kinds"].items()))
        raise InputError(origin, f"no HTML page in it ({state['records']} WARC records: {kinds})")
    if not state["articles"] and state["stubs"] and not state["errors"]:
        raise InputError(origin, f"no article text in any of its {state['stubs']} HTML pages")


def _sniff(head: bytes, name: str) -> bool:
    h = head.lstrip()[:64]
    return h.startswith((b"WARC/", b"filedesc://"))


register(Reader("warc", _sniff, read))
