"""Plain text, with an optional NAME.meta.json sidecar (title, published, source, url, language, id)."""
from __future__ import annotations

import json
import os
from typing import Iterator

from ..errors import InputError
from ..model import Article, stable_id
from . import Reader, register
from .dates import normalize_date
from .decode import decode, looks_binary, universal_newlines

SIDECAR_KEYS = {"title": "title", "published": "published", "date": "published", "source": "source",
                "url": "url", "language": "lang", "lang": "lang", "author": "author", "id": "id"}


def sidecar_for(path: str) -> str:
    """``a/story.txt`` (or ``a/story.txt.gz``, ``a/story``) -> ``a/story.meta.json``."""
    base = path
    for ext in (".gz", ".bz2", ".xz"):
        if base.lower().endswith(ext):
            base = base[: -len(ext)]
    base, _ = os.path.splitext(base)
    return base + ".meta.json"


def load_sidecar(path: str) -> dict:
    """The sidecar's fields mapped to Article fields; a broken sidecar is an error naming it."""
    side = sidecar_for(path)
    if not os.path.exists(side):
        return {}
    try:
        with open(side, encoding="utf-8") as fh:
            raw = json.load(fh)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(side, f"sidecar is not valid JSON ({exc})") from None
    if not isinstance(raw, dict):
        raise InputError(side, "sidecar must be a JSON object")
    out = {}
    for k, v in raw.items():
        if k in SIDECAR_KEYS and v not in (None, ""):
            out.setdefault(SIDECAR_KEYS[k], str(v))
    if "published" in out:
        out["published"] = normalize_date(out["published"]) or out["published"]
    return out


def read(data: bytes, *, origin: str, meta: dict) -> Iterator[Article]:
    """``Article.text`` is the file's text exactly as ``open(path, encoding=...).read()`` gives it
    (CRLF/CR read as LF, a BOM kept), so offsets match what an editor and Python show."""
    if looks_binary(data[:8192]):
        raise InputError(origin, "binary data, not text (no article can be read from it)")
    text = universal_newlines(decode(data, origin))
    if not text.strip():
        raise InputError(origin, "empty input: no article in it")
    path = meta.get("path")
    fields = load_sidecar(path) if path else {}
    if path:
        name = os.path.basename(path)
        for ext in (".gz", ".bz2", ".xz", ".txt", ".text"):
            if name.lower().endswith(ext):
                name = name[: -len(ext)]
        aid = fields.pop("id", None) or os.path.splitext(name)[0] or name or stable_id(fields.get("url", ""), text)
    else:
        aid = fields.pop("id", None) or stable_id(meta.get("url") or "", text)
    yield Article(id=aid, text=text, origin=origin, format="text", **fields)


register(Reader("text", lambda head, name: True, read))
