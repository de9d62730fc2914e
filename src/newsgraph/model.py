"""Plain data records. Every span is (start, end) in Python str indices into Article.text."""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA_VERSION = 1
ROLES = ("body", "heading", "caption", "credit", "byline", "dateline")


def stable_id(*parts: str) -> str:
    """A short, stable id from the first non-empty part (URL, else text)."""
    for p in parts:
        if p:
            return hashlib.sha256(p.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return hashlib.sha256(b"").hexdigest()[:16]


@dataclass(frozen=True)
class Article:
    """One news article. ``text`` is the canonical string every offset points into."""

    id: str
    text: str
    title: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) or datetime, as given
    source: str | None = None  # outlet
    url: str | None = None
    lang: str | None = None
    author: str | None = None
    origin: str | None = None  # where it came from: file path, "path#item-3", "stdin"
    format: str | None = None  # reader name that produced it
    meta: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8", "surrogatepass")).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("meta")
        return d


@dataclass(frozen=True)
class Block:
    """A structural block of an article: a paragraph, heading, caption, credit, byline or dateline."""

    start: int
    end: int
    role: str = "body"
    duplicate_of: int | None = None  # start offset of the block this one repeats
    credit: tuple[int, int] | None = None  # a photo credit at the end of a caption: (start, end)

    def to_dict(self, text: str | None = None) -> dict[str, Any]:
        d: dict[str, Any] = {"start": self.start, "end": self.end, "role": self.role}
        if self.duplicate_of is not None:
            d["duplicate_of"] = self.duplicate_of
        if self.credit is not None:
            d["credit"] = span(text, *self.credit) if text is not None else {"start": self.credit[0], "end": self.credit[1]}
        return d


def span(text: str, start: int, end: int, **extra: Any) -> dict[str, Any]:
    """The contract's span object; the text is always cut from the canonical string."""
    return {"start": start, "end": end, "text": text[start:end], **extra}
