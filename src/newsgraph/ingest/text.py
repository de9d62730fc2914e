"""Plain text, with an optional NAME.meta.json sidecar (title, published, source, url, language, id)."""
from __future__ import annotations

import json
import os
from typing import Iterator

from ..errors import InputError
from ..model import Article, stable_id
from . import Reader, register
from .decode import decode, looks_binary

SIDECAR_KEYS = {"title": "title", "published": "published", "date": "published", "source": "source",
                "url": "url", "language": "lang", "lang": "lang", "author": "author", "id": "id"}


def sidecar_for(path: str) -> str:
    base, _ = os.path.splitext(path)
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
            out[SIDECAR_KEYS[k]] = str(v)
    return out


def read(data: bytes, *, origin: str, meta: dict) -> Iterator[Article]:
    if looks_binary(data[:8192]):
        raise InputError(origin, "binary data, not text (no article can be read from it)")
    text = decode(data, origin)
    if not text.strip():
        raise InputError(origin, "empty input: no article in it")
    path = meta.get("path")
    fields = load_sidecar(path) if path else {}
    if path:
        name = os.path.basename(path)
        for ext in (".gz", ".txt", ".text"):
            if name.endswith(ext):
                name = name[: -len(ext)]
        aid = fields.pop("id", None) or os.path.splitext(name)[0] or stable_id(text)
    else:
        aid = fields.pop("id", None) or stable_id(text)
    yield Article(id=aid, text=text, origin=origin, format="text", **fields)


register(Reader("text", lambda head, name: True, read))
