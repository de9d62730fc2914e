"""Article structure: split the canonical text into blocks with roles, without changing a character.

Roles: body | heading | caption | credit | byline | dateline. The rules are general typography of wire
copy and web articles (short unpunctuated lines between paragraphs are headings; a line ending in a
photographer/agency credit is a caption; "By ..." is a byline; "CITY (Agency) -" opens a dateline),
and repeated blocks are flagged so nothing downstream counts them twice.
"""
from __future__ import annotations

import itertools
import re
import unicodedata
from typing import Iterable

from .model import Block

# Agencies and picture desks that end photo credits (a general gazetteer, not tied to any article).
AGENCIES = (
    "AP", "AFP", "Reuters", "dpa", "DPA", "TASS", "Tass", "EPA", "EFE", "ANSA", "Xinhua", "Sputnik", "RIA Novosti",
    "Getty Images", "Getty", "Shutterstock", "Alamy", "ZUMA Press", "ZUMA Wire", "ZUMA", "Anadolu", "Anadolu Agency",
    "Bloomberg", "NurPhoto", "SOPA Images", "LightRocket", "Pool", "POOL", "Kremlin", "Ukrinform", "UNIAN",
    "PA", "PA Images", "PA Wire", "Imago", "IMAGO", "picture alliance", "picture-alliance", "Sipa", "SIPA", "Abaca",
    "Belga", "ANP", "TT", "NTB", "Ritzau", "Kyodo", "Yonhap", "AAP", "CP", "The Canadian Press", "NTB Scanpix",
    "Wikimedia Commons", "Handout", "HANDOUT", "Press Office", "Presidential Press Service", "AP Photo",
)
_AG = "|".join(sorted((re.escape(a) for a in AGENCIES), key=len, reverse=True))
_W = r"(?:[A-Z]\.|[A-Z][\w'’-]+)"
_NAME = rf"{_W}(?:\s+(?:{_W}|van|von|de|da|del|der|al|bin|el|la|le))*"
# "Alexander Kazakov/TASS via ZUMA Press/dpa", "Jane Doe/AP", "AP Photo/John Smith", "Photo: Jane Doe (Reuters)"
CREDIT_TAIL = re.compile(
    rf"""(?:^|(?<=[.!?”"’)\]]\s)|(?<=\s))(
        (?:(?:Photo|Photograph|Picture|Image|Foto|Credit|Source)s?\s*(?:by|:)\s*[^\n]{{2,120}})
      | (?:©\s*[^\n]{{2,120}})
      | (?:(?:{_NAME}|{_AG})\s*/\s*(?:{_NAME}|{_AG})(?:\s*(?:via|/)\s*(?:{_NAME}|{_AG}))*(?:\s*/\s*(?:{_NAME}|{_AG}))*)
      | (?:\((?:{_AG}|Photo|Credit)[^()\n]{{0,80}}\))
    )\s*$""",
    re.X,
)
BYLINE = re.compile(r"^(?:By|BY|Von|Par)\s+[A-Z][\w'’.-]+(?:[\s,]+(?:and\s+|&\s+)?[A-Z][\w'’.-]+){0,8}\s*(?:,\s*[\w .-]{2,60})?$")
DATELINE = re.compile(
    r"^((?:[A-Z][A-Z'’.-]+(?:\s+[A-Z][A-Z'’.-]+){0,3})(?:,\s*[A-Z][\w.]*(?:\s+[A-Z\d][\w.]*){0,3})?"
    r"\s*(?:\([A-Za-z .&/]{2,40}\))?\s*[-–—]{1,2})\s+(?=[A-Z“\"‘'])"
)
# Words that mark a caption's description of the picture.
CAPTION_CUES = re.compile(r"\((?:L|R|C|C\.|L\.|R\.|left|right|center|centre|front|back|2nd [LR]|\d+(?:st|nd|rd|th) [LR])\)"
                          r"|\b(?:pictured|poses?|posing|seen (?:here|during|at)|attends?|walks?|arrives?|gestures?|speaks? during|file photo|photo taken)\b", re.I)
_END_PUNCT = tuple(".!?:;,…\"”’'»)]–—-")


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Paragraph spans. Blank lines separate paragraphs; a single newline also does, unless the text
    is hard-wrapped (paragraphs of several short lines between blank lines), where it is a wrap."""
    chunks = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n(?![ \t]*\n)[^\n]*)*", text)]
    multi = [c for c in chunks if "\n" in text[c[0]:c[1]].strip()]
    wrapped = False
    if multi:
        lines = [len(x) for c in multi for x in text[c[0]:c[1]].split("\n")[:-1]]
        # hard wrap: most inner lines are of similar width below 100 characters
        wrapped = bool(lines) and sum(40 <= n <= 100 for n in lines) >= 0.8 * len(lines) and len(multi) >= 0.5 * len(chunks)
    spans: list[tuple[int, int]] = []
    if wrapped:
        for s, e in chunks:
            spans.append((s, e))
    else:
        for m in re.finditer(r"[^\n]+", text):
            s, e = m.start(), m.end()
            # a line that breaks off mid-sentence (the next line goes on in lower case) is one block
            if spans and _continues(text[spans[-1][0]:spans[-1][1]], text[s:e]):
                spans[-1] = (spans[-1][0], e)
            else:
                spans.append((s, e))
    out = []
    for s, e in spans:  # trim surrounding whitespace so blocks start and end on visible characters
        seg = text[s:e]
        ls = len(seg) - len(seg.lstrip())
        rs = len(seg.rstrip())
        if rs > ls:
            out.append((s + ls, s + rs))
    return out


def _continues(prev: str, line: str) -> bool:
    p, n = prev.rstrip(), line.lstrip()
    return bool(p and n) and n[0].islower() and not p.endswith(tuple(".!?:;…\"”’'»)]"))


_NORM_PAIRS = (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("„", '"'), ("–", "-"), ("—", "-"), ("\u00a0", " "))
_WORD = re.compile(r"\w+")


def _norm(s: str) -> str:
    if not s.isascii():  # NFKC and the quote/dash table leave ASCII unchanged
        s = unicodedata.normalize("NFKC", s)
        for a, b in _NORM_PAIRS:  # str.replace is much faster than str.translate with a dict table
            if a in s:
                s = s.replace(a, b)
    return " ".join(s.split()).casefold()  # str.split() and re's \s agree on what whitespace is


def _shingles(s: str, k: int = 3) -> set:
    """Word k-grams (as tuples); a text of fewer than k words is one shingle of all its words."""
    w = _WORD.findall(s)
    if len(w) < k:
        return {tuple(w)}
    return set(zip(*(w[i:] for i in range(k))))


_CREDIT_WORD = re.compile(r"Photo|Picture|Image|Foto|Credit|Source")


def credit_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The photographer/agency credit that ends a block, as (start, end), or None."""
    seg = text[start:end]
    # every credit form needs a slash, a ©, a closing parenthesis at the end or a photo keyword:
    # skip the (slow, end-anchored) pattern for the many paragraphs that have none of them
    if "/" not in seg and "©" not in seg and not seg.rstrip().endswith(")") and not _CREDIT_WORD.search(seg):
        return None
    m = CREDIT_TAIL.search(seg)
    if not m:
        return None
    cs = start + m.start(1)
    # a credit needs a slash, a colon-introduced photo line, a © or a parenthesised agency
    return (cs, start + m.end(1))


def is_heading(seg: str, prev: str | None, nxt: str | None) -> bool:
    words = seg.split()
    if not (1 <= len(words) <= 14) or len(seg) > 110:
        return False
    if seg.endswith(_END_PUNCT) or seg.startswith(("“", '"', "‘", "'", "-", "–", "—", "•", "*")):
        return False
    if not (seg[0].isupper() or seg[0].isdigit()):
        return False
    if nxt is None:  # a heading introduces something
        return False
    if len(words) <= 2 and not prev:
        return False
    # a heading stands between longer paragraphs of prose
    return len(nxt.split()) >= 8 and len(nxt) > len(seg)


def detect_blocks(text: str) -> list[Block]:
    """Split ``text`` into role-tagged blocks (offsets into ``text``; ``text[b.start:b.end]`` is the block)."""
    paras = _paragraph_spans(text)
    blocks: list[Block] = []
    segs = [text[s:e] for s, e in paras]
    for i, (s, e) in enumerate(paras):
        seg = segs[i]
        prev = segs[i - 1] if i else None
        nxt = segs[i + 1] if i + 1 < len(segs) else None
        cr = credit_span(text, s, e)
        if cr is not None:
            before = text[s:cr[0]].strip()
            if not before or len(before.split()) <= 3:
                blocks.append(Block(s, e, "credit"))
                continue
            if CAPTION_CUES.search(before) or i >= len(paras) - 2 or (prev is not None and _norm(prev) == _norm(seg)):
                blocks.append(Block(s, e, "caption", credit=cr))
                continue
        if i <= 2 and BYLINE.match(seg):
            blocks.append(Block(s, e, "byline"))
            continue
        m = DATELINE.match(seg) if i <= 3 else None
        if m and len(seg) > m.end() + 20:
            ds, de = s, s + len(m.group(1))
            blocks.append(Block(ds, de, "dateline"))
            rest = s + m.end()
            blocks.append(Block(rest, e, "body"))
            continue
        if is_heading(seg, prev, nxt):
            blocks.append(Block(s, e, "heading"))
            continue
        blocks.append(Block(s, e, "body"))
    return mark_duplicates(text, blocks)


def mark_duplicates(text: str, blocks: Iterable[Block]) -> list[Block]:
    """Flag a block that repeats an earlier one (same words once quotes, dashes, case and spacing are
    normalised, or 90% of its word trigrams) with ``duplicate_of`` = the first one's start."""
    out: list[Block] = []
    seen: dict[str, int] = {}
    firsts: list[tuple[int, set, int]] = []  # (start, shingles, their number) of each long block, in order
    # Candidates by pigeonhole: a block B that shares 90% of its shingles with A has fewer than
    # len(B) // 10 + 2 shingles outside A, so ANY that many of B's shingles include one of A's.
    # Indexing just those keeps the result exactly that of comparing A with every earlier block.
    index: dict[tuple, list[int]] = {}
    for b in blocks:
        seg = text[b.start:b.end]
        key = _norm(seg)
        if len(key) < 20:
            out.append(b)
            continue
        dup = seen.get(key)
        if dup is None and len(key) >= 80:
            sh = _shingles(key)
            ns = len(sh)
            cands = {j for g in index.keys() & sh for j in index[g]}
            for j in sorted(cands):  # the earliest block that overlaps enough, as a scan in order finds
                start, other, n = firsts[j]
                inter = len(sh & other)
                if inter and inter >= 0.9 * max(ns, n):
                    dup = start
                    break
            pos = len(firsts)
            firsts.append((b.start, sh, ns))
            for g in itertools.islice(sh, ns // 10 + 2):
                index.setdefault(g, []).append(pos)
        if dup is not None:
            out.append(Block(b.start, b.end, b.role, duplicate_of=dup, credit=b.credit))
        else:
            seen[key] = b.start
            out.append(b)
    return out
