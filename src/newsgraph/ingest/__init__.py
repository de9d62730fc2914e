"""Readers: bytes in, Articles out. Each reader sniffs its format from the bytes, not only the name.

A reader is ``read(data, *, origin, meta) -> Iterator[Article | InputError]``: a problem with one item
(a bad JSON line, an unreadable WARC record) is yielded as an InputError and the reader goes on; a
problem with the whole input raises InputError.

Around every reader, ``read_bytes``:
* refuses input over ``max_bytes`` and empty input;
* opens gzip, bz2 and xz itself (each decompressed layer bounded by ``max_bytes``; more than two
  layers is refused as a likely bomb); gzipped WARC goes to warcio record by record, and gzipped
  JSON Lines is streamed line by line, so neither is ever decompressed whole;
* names known binary formats (PDF, images, ZIP, zstd, LZ4 ...) instead of guessing a charset;
* sniffs the format from the bytes (WARC/ARC header, feed root element, markup, JSON object per
  line, else text); the file name only breaks ties;
* makes every error one line, turns an unexpected failure inside a reader into an InputError for
  that input (a batch never dies on one file), and reports an input that gives no article at all.
"""
from __future__ import annotations

import os
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..errors import InputError
from ..model import Article
from .decode import compression, decompress, describe_binary, gzip_lines, looks_binary

DEFAULT_MAX_BYTES = 200 * 1024 * 1024  # a file, and each decompressed file (each line of a gzipped JSONL)

Item = Article | InputError


@dataclass(frozen=True)
class Reader:
    name: str
    sniff: Callable[[bytes, str], bool]  # (first bytes, file name) -> can I read it?
    read: Callable[..., Iterator[Item]]


_READERS: list[Reader] = []


def register(reader: Reader) -> Reader:
    """Add a reader; later registrations are tried first, so an extension can override a built-in."""
    _READERS.insert(0, reader)
    return reader


def readers() -> list[Reader]:
    """Readers in the order they are tried; the plain-text fallback always comes last, whatever
    order the reader modules happened to be imported in."""
    _load_builtins()
    return [r for r in _READERS if r.name != "text"] + [r for r in _READERS if r.name == "text"]


_loaded = False


def _load_builtins() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    # registration order = reverse priority: text is the fallback, WARC the most specific
    from . import text, jsonl, html, feeds, warc  # noqa: F401


def sniff(head: bytes, name: str = "") -> Reader:
    """The reader for these bytes. The bytes decide; the file name only breaks a tie, so a page saved
    as ``.txt`` or a JSON Lines file without an extension is still read as what it is."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: sniff its UTF-8 transcoding
        head = head.decode("utf-16", "ignore").encode("utf-8")
    rs = readers()
    for hint in ("", name):  # the bytes alone first; then with the name's help; then the text fallback
        for r in rs:
            if r.name != "text" and r.sniff(head, hint):
                return r
    for r in rs:
        if r.sniff(head, name):
            return r
    raise InputError(name or "<input>", "unrecognised format")


def _gzip_head(data: bytes, n: int = 1 << 17) -> bytes:
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data, n)
    except zlib.error:
        return b""


MAX_LAYERS = 2  # compressed inside compressed once is tolerated; deeper nesting is refused


def _one_line(s: str) -> str:
    return " ".join(str(s).split())


def _clean(exc: InputError) -> InputError:
    origin, reason = _one_line(exc.origin), _one_line(exc.reason)
    if (origin, reason) == (exc.origin, exc.reason):
        return exc
    return InputError(origin, reason)


def read_bytes(data: bytes, *, origin: str, meta: dict | None = None, fmt: str | None = None,
               max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Read articles from bytes already in memory (a file's or stdin's).

    Every error, yielded or raised, is an InputError with a one-line reason; an unexpected failure
    inside a reader becomes one too (it never ends a batch), and an input that gives neither an
    article nor an error raises "no article found".
    """
    n = 0
    try:
        for it in _read_bytes(data, origin=origin, meta=dict(meta or {}), fmt=fmt, max_bytes=max_bytes):
            n += 1
            yield _clean(it) if isinstance(it, InputError) else it
    except InputError as exc:
        raise _clean(exc) from None
    except (MemoryError, RecursionError) as exc:
        raise InputError(origin, f"too large or too deeply nested to read ({type(exc).__name__})") from None
    except Exception as exc:  # a bug or a library failure on odd input: report it, go on with the batch
        raise InputError(origin, _one_line(f"could not be read ({type(exc).__name__}: {exc})")) from None
    if n == 0:
        raise InputError(origin, "no article found in it")


_COMPRESSED_EXT = {"gzip": ".gz", "bz2": ".bz2", "xz": ".xz"}


def _read_bytes(data: bytes, *, origin: str, meta: dict, fmt: str | None, max_bytes: int) -> Iterator[Item]:
    if len(data) > max_bytes:
        raise InputError(origin, f"{len(data):,} bytes is over the size limit of {max_bytes:,} (raise it with --max-bytes)")
    if not data.strip():
        raise InputError(origin, "empty input: no article in it")
    name = os.path.basename(origin)
    layers = 0
    while (kind := compression(data[:16])) is not None:
        if kind == "gzip" and layers == 0:
            head = _gzip_head(data)
            r = _by_name(fmt) if fmt else sniff(head, _strip_ext(name, ".gz"))
            if r.name == "warc":  # warcio reads gzip-per-record itself and survives a clipped tail
                meta.setdefault("max_bytes", max_bytes)
                yield from r.read(data, origin=origin, meta=meta)
                return
            if r.name == "jsonl" and _one_object_per_line(head):  # streamed: a corpus far bigger than memory is fine, each line is limited
                from .jsonl import read_lines

                yield from read_lines(gzip_lines(data, origin, max_bytes), origin=origin, meta=meta)
                return
        layers += 1
        if layers > MAX_LAYERS:
            raise InputError(origin, f"compressed more than {MAX_LAYERS} times over: nested archives are refused "
                                     "(a possible decompression bomb)")
        data = decompress(data, origin, max_bytes, kind)
        name = _strip_ext(name, _COMPRESSED_EXT[kind])
        if not data.strip():
            raise InputError(origin, f"empty input after {kind} decompression")
    what = describe_binary(data[:16])
    if what and fmt is None:
        raise InputError(origin, f"binary file, {what}: no article can be read from it")
    r = _by_name(fmt) if fmt else sniff(data[: 1 << 17], name)
    if r.name == "warc":
        meta.setdefault("max_bytes", max_bytes)
    yield from r.read(data, origin=origin, meta=meta)


def _one_object_per_line(head: bytes) -> bool:
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0].rstrip()
    return first.startswith(b"{") and (first.endswith(b"}") or b"\n" not in head)


def _strip_ext(name: str, ext: str) -> str:
    return name[: -len(ext)] if name.lower().endswith(ext) else name


def _by_name(fmt: str) -> Reader:
    for r in readers():
        if r.name == fmt:
            return r
    raise InputError("--format", f"unknown input format {fmt!r}; choose one of {', '.join(sorted(x.name for x in readers()))}")


SKIP_SUFFIXES = (".meta.json",)


def iter_files(paths: Iterable[str]) -> Iterator[str]:
    """Expand directories recursively (sorted, hidden files and sidecars skipped); '-' is stdin."""
    for p in paths:
        if p == "-" or p[:8].lower().startswith(("http://", "https://")):  # stdin, or a URL (ingest.url)
            yield p
            continue
        path = Path(p)
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                rel = f.relative_to(path)
                if any(part.startswith(".") for part in rel.parts):
                    continue
                if f.is_file() and not f.name.endswith(SKIP_SUFFIXES):
                    yield str(f)
        else:
            yield p


def read_path(path: str, *, fmt: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
              options: dict | None = None) -> Iterator[Item]:
    """Read one file (or '-' for stdin). Whole-file problems raise InputError naming the file."""
    meta = dict(options or {})
    if path[:8].lower().startswith(("http://", "https://")):  # fetched within the SSRF guards of ingest.url
        from .url import read_url

        yield from read_url(path, fmt=fmt, max_bytes=max_bytes, options=meta)
        return
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        yield from read_bytes(data, origin="<stdin>", meta=meta, fmt=fmt, max_bytes=max_bytes)
        return
    try:
        size = os.path.getsize(path)
        if size > max_bytes:
            raise InputError(path, f"{size:,} bytes is over the size limit of {max_bytes:,} (raise it with --max-bytes)")
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)  # bounded: a device or FIFO reports size 0
    except FileNotFoundError:
        raise InputError(path, "no such file or directory") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None
    meta.setdefault("path", path)
    yield from read_bytes(data, origin=path, meta=meta, fmt=fmt, max_bytes=max_bytes)


__all__ = ["Reader", "register", "readers", "sniff", "read_bytes", "read_path", "iter_files",
           "DEFAULT_MAX_BYTES", "looks_binary"]
