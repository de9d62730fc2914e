"""Bytes to text: BOM, declared or detected charset, else a clear refusal."""
from __future__ import annotations

import gzip
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
    m = _DECL.search(data[:2048])
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


def is_gzip(head: bytes) -> bool:
    return head[:2] == b"\x1f\x8b"


__all__ = ["decode", "gunzip", "is_gzip", "looks_binary", "gzip"]
