"""An article's text as HTML: blocks, attributions (source, cue, content, via) and entity mentions.

Spans may nest or cross (a mention inside a quote, one report inside another). They are laid out as a
tree: a span that crosses the end of the one enclosing it is split there and goes on after it.
Attribution parts are laid out first, so a mention never cuts a quote in two; mentions are placed
inside the pieces of text left between them. Every piece of article text and every attribute value is
escaped here: the article is untrusted.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import quote

from markupsafe import Markup, escape

BLOCK_TAGS = {"heading": "h2", "body": "p", "caption": "p", "credit": "p", "byline": "p", "dateline": "p"}


class Span(NamedTuple):
    start: int
    end: int
    rank: int  # at equal extent the lower rank encloses the higher
    kind: str  # content | source | cue | via | credit | mention
    ref: int = -1  # attribution or entity index
    first: bool = False  # the attribution's first content span (carries the anchor)


def replace(s: Span, **kw) -> Span:
    return s._replace(**kw)


def _key(s: Span):
    return (s.start, -s.end, s.rank)


def nest(lo: int, hi: int, spans: list[Span]) -> list:
    """Lay spans out as a tree over [lo, hi): a list of (start, end) text pieces and (Span, children)."""
    out: list = []
    pos = lo
    rest = sorted(spans, key=_key)
    while rest:
        s = rest.pop(0)
        if s.start < pos:  # what is left of a span cut by the one before it
            s = replace(s, start=pos)
            if s.start < s.end:
                rest = sorted(rest + [s], key=_key)
            continue
        if s.start > pos:
            out.append((pos, s.start))
        inner, outer = [], []
        for t in rest:
            if t.start < s.end:
                inner.append(replace(t, end=min(t.end, s.end)))
                if t.end > s.end:
                    outer.append(replace(t, start=s.end))
            else:
                outer.append(t)
        out.append((s, nest(s.start, s.end, inner)))
        pos = s.end
        rest = sorted(outer, key=_key)
    if pos < hi:
        out.append((pos, hi))
    return out


def _place_mentions(tree: list, mentions: list[Span]) -> list:
    """Put mentions into the text pieces of a tree already holding the attribution parts."""
    out = []
    for node in tree:
        if isinstance(node[0], Span):
            out.append((node[0], _place_mentions(node[1], mentions)))
            continue
        a, b = node
        inside = [replace(m, start=max(m.start, a), end=min(m.end, b)) for m in mentions if m.start < b and m.end > a]
        out.extend(nest(a, b, inside) if inside else [node])
    return out


@lru_cache(maxsize=4096)
def entity_url(name: str) -> str:
    return "/entity/" + quote(name, safe="")


def _clip(sp: dict | None, n: int) -> tuple[int, int] | None:
    if not isinstance(sp, dict):
        return None
    s, e = sp.get("start"), sp.get("end")
    if not isinstance(s, int) or not isinstance(e, int):
        return None
    s, e = max(0, s), min(n, e)
    return (s, e) if s < e else None


def tip_text(a: dict) -> str:
    """What hovering or focusing a quote shows: the mention, whom it resolves to, the cue and the via."""
    src = (a.get("source") or {}).get("text")
    who = (a.get("speaker") or {}).get("name") or "unresolved speaker"
    parts = [f"{src} → {who}" if src and src != who else who]
    if (a.get("cue") or {}).get("text"):
        parts.append(f"cue “{a['cue']['text']}”")
    if (a.get("via") or {}).get("text"):
        parts.append(f"via {a['via']['text']}")
    parts.append(str(a.get("kind") or "?") + (", denied" if a.get("negated") else ""))
    return " · ".join(parts)


class ArticleMarkup:
    """Builds the HTML of one article record's text (blocks with their quotes and mentions)."""

    def __init__(self, rec: dict):
        self.rec = rec
        self.text = rec.get("text") or ""
        n = len(self.text)
        self.attrs = rec.get("attributions") or []
        self.ents = rec.get("entities") or []
        self.parts: list[Span] = []
        for i, a in enumerate(self.attrs):
            contents = [c for c in (_clip(c, n) for c in a.get("content") or []) if c]
            first = min(contents) if contents else None
            for c in contents:
                self.parts.append(Span(c[0], c[1], 1, "content", i, c == first))
            for kind in ("source", "cue", "via"):
                c = _clip(a.get(kind), n)
                if c:
                    self.parts.append(Span(c[0], c[1], 2, kind, i))
        self.mentions = []
        for j, e in enumerate(self.ents):
            for m in e.get("mentions") or []:
                c = _clip(m, n)
                if c:
                    self.mentions.append(Span(c[0], c[1], 3, "mention", j))
        self.anchors: set[str] = set()
        self._ent_open: dict[int, str] = {}
        self._tips: dict[int, str] = {}

    def blocks(self) -> list[dict]:
        n = len(self.text)
        blocks = self.rec.get("blocks") or [{"start": 0, "end": n, "role": "body"}]
        out = []
        for b in blocks:
            lo, hi = max(0, int(b.get("start", 0))), min(n, int(b.get("end", n)))
            if lo >= hi:
                continue
            parts = [replace(s, start=max(s.start, lo), end=min(s.end, hi)) for s in self.parts if s.start < hi and s.end > lo]
            credit = _clip(b.get("credit"), n)
            if credit:
                parts.append(Span(credit[0], credit[1], 0, "credit"))
            ments = [m for m in self.mentions if m.start < hi and m.end > lo]
            tree = _place_mentions(nest(lo, hi, parts), ments)
            role = str(b.get("role") or "body")
            out.append({"start": lo, "end": hi, "role": role if role in BLOCK_TAGS else "body",
                        "duplicate_of": b.get("duplicate_of"), "html": self._html(tree, False)})
        return out

    def _tip(self, i: int) -> str:
        if i not in self._tips:
            self._tips[i] = str(escape(tip_text(self.attrs[i])))
        return self._tips[i]

    def _html(self, tree: list, in_link: bool) -> Markup:
        buf: list[str] = []
        for node in tree:
            if not isinstance(node[0], Span):
                buf.append(str(escape(self.text[node[0]:node[1]])))
                continue
            s, kids = node
            if s.kind == "mention" and not in_link:
                tag = self._ent_open.get(s.ref)
                if tag is None:
                    e = self.ents[s.ref]
                    name = str(e.get("name") or self.text[s.start:s.end])
                    etype = re.sub(r"[^A-Za-z_]", "", str(e.get("type") or "x"))
                    tag = self._ent_open[s.ref] = (f'<a class="ent ent-{etype}" href="{escape(entity_url(name))}" '
                                                   f'title="{escape(name)}">')
                buf.append(f'{tag}{self._html(kids, True)}</a>')
            elif s.kind == "mention":
                buf.append(str(self._html(kids, True)))
            elif s.kind == "content":
                a = self.attrs[s.ref]
                kind = re.sub(r"[^a-z]", "", str(a.get("kind") or "x"))
                speaker = (a.get("speaker") or {}).get("name") or ""
                anchor = f"q-{s.start}"
                idattr = ""
                if s.first and anchor not in self.anchors:
                    self.anchors.add(anchor)
                    idattr = f' id="{anchor}"'
                neg = " q-negated" if a.get("negated") else ""
                buf.append(f'<mark class="q q-{kind}{neg}"{idattr} tabindex="0" data-a="{s.ref}" '
                           f'data-speaker="{escape(speaker)}" aria-describedby="a-{s.ref}">'
                           f'{self._html(kids, in_link)}'
                           f'<span class="tip" aria-hidden="true">{self._tip(s.ref)}</span></mark>')
            else:
                cls = {"source": "q-source", "cue": "q-cue", "via": "q-via", "credit": "credit"}[s.kind]
                buf.append(f'<span class="{cls}" data-a="{s.ref}">{self._html(kids, in_link)}</span>')
        return Markup("".join(buf))


def block_of(blocks: list[dict], offset: int | None) -> int | None:
    """The start of the block holding ``offset`` (the page's anchors are ``#o-START``)."""
    if not isinstance(offset, int):
        return None
    for b in blocks:
        if b.get("start", 0) <= offset < b.get("end", 0):
            return b["start"]
    return None
