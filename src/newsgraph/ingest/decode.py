"""Bytes to text: BOM, declared or detected charset, else a clear refusal."""
from __future__ import annotations

import io
import re
import zlib

from ..errors import InputError

_DECL = re.compile(rb"""(?:encoding|charset)\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)


def looks_binary(head: bytes) -> bool:
    """NUL bytes or many control characters in a sample that is not UTF-16/32."""
    if not head:
        return False
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return False
    if b"\x00" in head:
        return True
    ctrl = sum(1 for b in head[:4096] if b < 32 and b not in (9, 10, 12, 13, 27))
    return ctrl > max(8, len(head[:4096]) // 20)


def decode(data: bytes, origin: str, *, declared: str | None = None) -> str:
    """Decode bytes to str. UTF-8 (with or without BOM) first, then a declared charset, then detection.

    UTF-8 text keeps every character (a BOM included) so offsets match the file as Python reads it.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(origin, f"invalid UTF-16 text ({exc.reason} at byte {exc.start})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if looks_binary(data[:8192]):
        raise InputError(origin, "binary data, not text (no article can be read from it)")
    cands = []
    if declared:
        cands.append(declared)
    m = _DECL.search(data[:16384])
    if m:
        cands.append(m.group(1).decode("ascii", "replace"))
    for enc in cands:
        try:
            return data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 1 << 20]).best()
    if best is not None and best.encoding:
        try:
            return data.decode(best.encoding)
        except (LookupError, UnicodeDecodeError):
            pass
    raise InputError(origin, "undecodable bytes: not UTF-8 and no charset could be detected; convert it to UTF-8")


def universal_newlines(text: str) -> str:
    """Line ends as Python's ``open(path, encoding=...)`` gives them: CRLF and CR become LF."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


# magic numbers of formats that are certainly not articles, or compressed in a way we do not open
_MAGIC = (
    (b"%PDF-", "a PDF document (convert it to text first, e.g. with pdftotext)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"),
    (b"RIFF", "a RIFF (audio/video/WebP) file"),
    (b"\x7fELF", "an executable (ELF)"),
    (b"MZ", "a Windows executable"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document): unzip it and pass the folder"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive: extract it first"),
    (b"Rar!\x1a\x07", "a RAR archive: extract it first"),
    (b"\x28\xb5\x2f\xfd", "Zstandard-compressed: decompress it first (zstd -d)"),
    (b"\x04\x22\x4d\x18", "LZ4-compressed: decompress it first (lz4 -d)"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Office document"),
)


def describe_binary(head: bytes) -> str | None:
    """What a binary file is, from its first bytes, when it is a known non-article format."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    return None


def compression(head: bytes) -> str | None:
    """'gzip', 'bz2' or 'xz' when the bytes are compressed in a way newsgraph opens itself."""
    if head[:2] == b"\x1f\x8b":
        return "gzip"
    if head[:3] == b"BZh" and head[3:4].isdigit() and head[4:10] in (b"1AY&SY", b"\x17rE8P\x90"):
        return "bz2"
    if head[:6] == b"\xfd7zXZ\x00":
        return "xz"
    return None


def decompress(data: bytes, origin: str, limit: int, kind: str | None = None) -> bytes:
    """Decompress gzip, bz2 or xz data, refusing truncated streams and anything bigger than ``limit``."""
    kind = kind or compression(data[:16])
    if kind == "gzip":
        return gunzip(data, origin, limit)
    if kind not in ("bz2", "xz"):
        raise InputError(origin, f"unknown compression {kind!r}")
    import bz2
    import lzma

    d = bz2.BZ2Decompressor() if kind == "bz2" else lzma.LZMADecompressor()
    try:
        out = d.decompress(data, limit + 1)
    except (OSError, EOFError, lzma.LZMAError, ValueError) as exc:
        raise InputError(origin, f"corrupt {kind} data ({exc})") from None
    if len(out) > limit:
        raise InputError(origin, f"decompresses to more than the size limit of {limit:,} bytes (--max-bytes)")
    if not d.eof:
        raise InputError(origin, f"truncated {kind} file: the compressed stream ends early")
    return out


def gunzip(data: bytes, origin: str, limit: int) -> bytes:
    """Decompress (possibly concatenated) gzip members, refusing truncated streams and bombs."""
    out = io.BytesIO()
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    rest = data
    while rest:
        try:
            out.write(d.decompress(rest, max(1, limit + 1 - out.tell())))
        except zlib.error as exc:
            raise InputError(origin, f"corrupt gzip data ({exc})") from None
        if out.tell() > limit:
            raise InputError(origin, f"decompresses to more than the size limit of {limit:,} bytes (--max-bytes)")
        if d.unconsumed_tail:
            rest = d.unconsumed_tail
            continue
        if not d.eof:
            raise InputError(origin, "truncated gzip file: the compressed stream ends early")
        rest = d.unused_data.lstrip(b"\x00")
        if rest:
            if not rest.startswith(b"\x1f\x8b"):
                break  # trailing garbage after the last member, as gzip(1) tolerates
            d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    return out.getvalue()


def gzip_lines(data: bytes, origin: str, line_limit: int):
    """The lines (bytes, without the newline) of gzip data, decompressed a megabyte at a time so a large
    or hostile file never sits in memory whole; a line longer than ``line_limit`` is refused, and a
    truncated stream raises after the complete lines before it."""
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    view = data
    pending = b""
    while True:
        try:
            out = d.decompress(view, 1 << 20)
        except zlib.error as exc:
            raise InputError(origin, f"corrupt gzip data ({exc})") from None
        view = d.unconsumed_tail
        if out:
            pending += out
            if b"\n" in out:
                lines = pending.split(b"\n")
                pending = lines.pop()
                yield from lines
            if len(pending) > line_limit:
                raise InputError(origin, f"a line decompresses to more than the size limit of {line_limit:,} bytes (--max-bytes)")
        if d.eof:
            rest = d.unused_data.lstrip(b"\x00")
            if rest.startswith(b"\x1f\x8b"):  # another gzip member
                d = zlib.decompressobj(16 + zlib.MAX_WBITS)
                view = rest
                continue
            break
        if not view and not out:
            raise InputError(origin, "truncated gzip file: the compressed stream ends early")
    if pending:
        yield pending


def is_gzip(head: bytes) -> bool:
    return head[:2] == b"\x1f\x8b"


__all__ = ["decode", "gunzip", "gzip_lines", "decompress", "compression", "describe_binary", "is_gzip", "looks_binary",
           "universal_newlines"]
