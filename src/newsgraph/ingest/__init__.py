"""Readers: bytes in, Articles out. Each reader sniffs its format from the bytes, not only the name.

A reader is ``read(data, *, origin, meta) -> Iterator[Article | InputError]``: a problem with one item
(a bad JSON line, an unreadable WARC record) is yielded as an InputError and the reader goes on; a
problem with the whole input raises InputError.
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
from .decode import is_gzip, gunzip, looks_binary

DEFAULT_MAX_BYTES = 50 * 1024 * 1024

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
    _load_builtins()
    return list(_READERS)


_loaded = False


def _load_builtins() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    # registration order = reverse priority: text is the fallback, WARC the most specific
    from . import text, jsonl, html, feeds, warc  # noqa: F401


def sniff(head: bytes, name: str = "") -> Reader:
    for r in readers():
        if r.sniff(head, name):
            return r
    raise InputError(name or "<input>", "unrecognised format")


def _gzip_head(data: bytes, n: int = 1 << 17) -> bytes:
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data, n)
    except zlib.error:
        return b""


def read_bytes(data: bytes, *, origin: str, meta: dict | None = None, fmt: str | None = None,
               max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Read articles from bytes already in memory (a file's or stdin's)."""
    meta = dict(meta or {})
    if len(data) > max_bytes:
        raise InputError(origin, f"{len(data):,} bytes is over the size limit of {max_bytes:,} (raise it with --max-bytes)")
    if not data.strip():
        raise InputError(origin, "empty input: no article in it")
    name = os.path.basename(origin)
    if is_gzip(data):
        head = _gzip_head(data)
        inner = name[:-3] if name.endswith(".gz") else name
        r = _by_name(fmt) if fmt else sniff(head, inner)
        if r.name == "warc":  # warcio reads gzip-per-record itself and survives a clipped tail
            yield from r.read(data, origin=origin, meta=meta)
            return
        data = gunzip(data, origin, max_bytes)
        if not data.strip():
            raise InputError(origin, "empty input after decompression")
        yield from r.read(data, origin=origin, meta=meta)
        return
    head = data[: 1 << 17]
    r = _by_name(fmt) if fmt else sniff(head, name)
    yield from r.read(data, origin=origin, meta=meta)


def _by_name(fmt: str) -> Reader:
    for r in readers():
        if r.name == fmt:
            return r
    raise InputError("--format", f"unknown input format {fmt!r}; choose one of {', '.join(sorted(x.name for x in readers()))}")


SKIP_SUFFIXES = (".meta.json",)


def iter_files(paths: Iterable[str]) -> Iterator[str]:
    """Expand directories recursively (sorted, hidden files and sidecars skipped); '-' is stdin."""
    for p in paths:
        if p == "-":
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
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        yield from read_bytes(data, origin="<stdin>", meta=meta, fmt=fmt, max_bytes=max_bytes)
        return
    try:
        size = os.path.getsize(path)
        if size > max_bytes:
            raise InputError(path, f"{size:,} bytes is over the size limit of {max_bytes:,} (raise it with --max-bytes)")
        with open(path, "rb") as fh:
            data = fh.read()
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
