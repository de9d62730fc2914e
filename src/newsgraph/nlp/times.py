"""Time expressions, normalised against the article's publication date.

``doc._.times`` gets ``[{"start", "end", "text", "value", "granularity"}]`` where ``value`` is ISO 8601:
``2025-12-17`` (day), ``2025-W51`` (week), ``2025-12`` (month), ``2025`` (year), ``199`` (decade).

How it works: general rules (weekday and month names, "this/last/next week", "by the end of the year",
"two years ago", ...) find the expressions in the text of the blocks, including a leading preposition
("on Wednesday", "in February 2022"); spaCy DATE entities the rules do not cover are handed to
``dateparser`` (English only, cached, no network), and only those that resolve to a point in time are
kept. A relative expression needs the publication date: without one its value is ``None``, never a
guess; absolute expressions (those that name a year) resolve either way. News convention for bare
weekdays and months: the nearest one at or before publication (past tense), unless the clause's verb
is in the future ("will", "is to", "is expected to"), when it points forward.
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from typing import Iterable

from spacy.language import Language
from spacy.tokens import Doc

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december"]
MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
              "sept": 9, "oct": 10, "nov": 11, "dec": 12}
NUM_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
             "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
             "a couple of": 2, "a few": 3, "several": 3}

_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
          r"|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)")
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[6-9]\d\d|20\d\d)"
_PREP = r"(?:(?:[Oo]n|[Ii]n|[Bb]y|[Ss]ince|[Uu]ntil|[Tt]ill|[Bb]efore|[Aa]fter|[Ff]rom|[Dd]uring|[Tt]hroughout|[Tt]hrough)\s+)"
_PART = r"(?:\s+(?:morning|afternoon|evening|night))"
_UNIT = r"(?:week|month|year|weekend)"
_NUM = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a couple of|a few|several)"

# (name, compiled regex); case-sensitive on purpose where names are capitalised ("may" is a verb).
_RULES: list[tuple[str, re.Pattern]] = [
    # 17 December 2025 / Wednesday, 17 December / December 17, 2025 / December 17
    ("dmy", re.compile(rf"\b{_PREP}?(?:{_WD},?\s+)?(?:the\s+)?(?P<d>{_DAY})(?:\s+of)?\s+(?P<m>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?\b")),
    ("mdy", re.compile(rf"\b{_PREP}?(?:{_WD},?\s+)?(?P<m>{_MONTH})\s+(?P<d>{_DAY})(?:,?\s+(?P<y>{_YEAR}))?\b(?![,.]?\d)")),
    # the end of the year / the end of 2025 / the end of next month / the end of March
    ("edge", re.compile(rf"\b{_PREP}?(?:[Aa]t\s+)?(?:the\s+)?(?P<edge>end|beginning|start|middle|turn)\s+of\s+"
                        rf"(?:(?:the|this|next|last)\s+(?P<eu>{_UNIT})|(?P<ey>{_YEAR})|(?P<em>{_MONTH})(?:\s+(?P<emy>{_YEAR}))?)\b",
                        re.I)),
    # (early|mid|late) February 2022 / February 2022
    ("my", re.compile(rf"\b{_PREP}?(?:(?:early|mid|late)[\s-])?(?P<m>{_MONTH})(?:\s+of)?,?\s+(?P<y>{_YEAR})\b")),
    # in February / since March / early March / last March
    ("m", re.compile(rf"\b(?:(?P<p>{_PREP})|(?P<rel>[Ll]ast|[Nn]ext|[Tt]his)\s+|(?:[Ee]arly|[Mm]id|[Ll]ate)[\s-])(?:(?:early|mid|late)[\s-])?(?P<m>{_MONTH})\b(?!\s+\d)")),
    # mid-2024 / early 2024 / in 2019 / since 2014 / the 1990s
    ("decade", re.compile(rf"\b{_PREP}?(?:the\s+)?(?:(?:early|mid|late)[\s-])?(?P<dec>1[6-9]\d0|20\d0)['’]?s\b", re.I)),
    # the summer of 2010 / in spring 2022 (year granularity: the contract has no seasons)
    ("season", re.compile(rf"\b{_PREP}?(?:the\s+)?(?:(?:early|late)\s+)?(?:spring|summer|fall|autumn|winter)(?:\s+of)?\s+(?P<y>{_YEAR})\b", re.I)),
    ("y", re.compile(rf"\b(?:(?P<p>{_PREP})(?:(?:early|mid|late)[\s-])?|(?:[Ee]arly|[Mm]id|[Ll]ate)[\s-])(?P<y>{_YEAR})\b(?![-–]\d|\s*(?:%|percent|per\s+cent))")),
    # this week / last year / next month / earlier this week / the past week / the previous month
    ("rel", re.compile(rf"\b{_PREP}?(?:(?:earlier|later)\s+)?(?P<rel>this|last|next|past|previous|coming|following)\s+(?P<u>{_UNIT})\b", re.I)),
    ("the_rel", re.compile(rf"\b{_PREP}?the\s+(?P<rel>past|previous|coming|following|next|last)\s+(?P<u>{_UNIT})\b", re.I)),
    # over the weekend / at the weekend: the nearest weekend at or before publication (or after, future)
    ("weekend", re.compile(r"\b(?:[Oo]ver|[Aa]t|[Dd]uring)\s+the\s+weekend\b")),
    # two years ago / three weeks earlier (relative to publication only for "ago")
    ("ago", re.compile(rf"\b(?P<n>{_NUM})\s+(?P<u>day|week|month|year)s?\s+ago\b", re.I)),
    # today / yesterday / tomorrow (morning) / tonight / last night / this morning
    ("deictic", re.compile(rf"\b(?P<w>today|yesterday|tomorrow|tonight|(?:this|last)\s+(?:morning|afternoon|evening|night)|"
                           rf"the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow)\b(?:{_PART})?", re.I)),
    # on Wednesday / last Friday / next Monday / Wednesday evening
    ("wd", re.compile(rf"\b(?:(?P<p>{_PREP})|(?P<rel>[Ll]ast|[Nn]ext|[Tt]his|[Cc]oming)\s+)?(?P<wd>{_WD})(?!\s*,?\s+(?:the\s+)?\d)(?:{_PART})?\b(?!['’]s)")),
    ("wd_poss", re.compile(rf"\b(?P<wd>{_WD})['’]s\b")),
]

_FUTURE_AUX = {"will", "shall", "'ll", "wo"}
_FUTURE_GOVERNORS = {"expect", "schedule", "plan", "due", "set", "go", "intend", "aim"}


def _month_num(s: str) -> int:
    s = s.lower().rstrip(".")
    if s in MONTH_ABBR:
        return MONTH_ABBR[s]
    return MONTHS.index(s) + 1


def _iso_week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    i = y * 12 + (m - 1) + k
    return i // 12, i % 12 + 1


def parse_published(published) -> dt.date | None:
    """The publication date from an ISO date or datetime string (or date), else None."""
    if not published:
        return None
    if isinstance(published, dt.datetime):
        return published.date()
    if isinstance(published, dt.date):
        return published
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", str(published))
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _num(s: str) -> int:
    s = s.lower()
    return int(s) if s.isdigit() else NUM_WORDS.get(s, 1)


def _resolve(name: str, m: re.Match, pub: dt.date | None, future: bool) -> tuple[str | None, str]:
    """(value, granularity) for a rule match."""
    g = m.groupdict()
    if name in ("dmy", "mdy"):
        mon, day = _month_num(g["m"]), int(re.match(r"\d+", g["d"]).group())
        if g.get("y"):
            y = int(g["y"])
        elif pub is None:
            return None, "day"
        else:
            y = pub.year
            cand = _safe_date(y, mon, day)
            if cand and not future and cand > pub + dt.timedelta(days=1) and (cand - pub).days > 31:
                y -= 1  # "March 3" in a December article: this year; in a January one: last year
            elif cand and future and cand < pub:
                y += 1
        d = _safe_date(y, mon, day)
        return (d.isoformat() if d else None), "day"
    if name == "my":
        return f"{int(g['y']):04d}-{_month_num(g['m']):02d}", "month"
    if name == "m":
        mon = _month_num(g["m"])
        if pub is None:
            return None, "month"
        rel = (g.get("rel") or "").lower()
        y = pub.year
        if rel == "next" or (future and rel != "last" and rel != "this"):
            if mon <= pub.month and not (rel == "" and mon == pub.month):
                y += 1
        elif rel == "this":
            pass
        else:  # past: the nearest such month at or before publication (strictly before for "last")
            if mon > pub.month or (rel == "last" and mon == pub.month):
                y -= 1
        return f"{y:04d}-{mon:02d}", "month"
    if name in ("y", "season"):
        return g["y"], "year"
    if name == "decade":
        return g["dec"][:3], "decade"
    if name == "edge":
        edge = g["edge"].lower()
        if g.get("ey"):
            y = int(g["ey"])
            if edge == "end":
                return f"{y}-12-31", "day"
            if edge in ("beginning", "start"):
                return f"{y}-01", "month"
            return str(y), "year"
        if g.get("em"):
            mon = _month_num(g["em"])
            if g.get("emy"):
                y = int(g["emy"])
            elif pub is None:
                return None, "day"
            else:
                y = pub.year
            if edge == "end":
                return f"{y}-{mon:02d}-{calendar.monthrange(y, mon)[1]:02d}", "day"
            return f"{y}-{mon:02d}", "month"
        if pub is None:
            return None, "day"
        unit = g["eu"].lower()
        rel_word = re.search(r"of\s+(the|this|next|last)", m.group(0), re.I).group(1).lower()
        k = {"next": 1, "last": -1}.get(rel_word, 0)
        if unit == "year":
            y = pub.year + k
            if edge == "end":
                return f"{y}-12-31", "day"
            if edge in ("beginning", "start"):
                return f"{y}-01", "month"
            return str(y), "year"
        if unit == "month":
            y, mo = _shift_month(pub.year, pub.month, k)
            if edge == "end":
                return f"{y}-{mo:02d}-{calendar.monthrange(y, mo)[1]:02d}", "day"
            return f"{y}-{mo:02d}", "month"
        return _iso_week(pub + dt.timedelta(weeks=k)), "week"
    if name in ("rel", "the_rel"):
        unit = g["u"].lower()
        gran = "week" if unit == "weekend" else unit
        if pub is None:
            return None, gran
        rel = g["rel"].lower()
        k = {"this": 0, "last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1, "following": 1}[rel]
        if name == "the_rel" and rel in ("past", "coming", "next", "last") and unit != "weekend":
            # "the past week" is a span ending at publication; its week/month/year is the current one
            k = 0 if rel in ("past", "last") else k
        if unit in ("week", "weekend"):
            return _iso_week(pub + dt.timedelta(weeks=k)), "week"
        if unit == "month":
            y, mo = _shift_month(pub.year, pub.month, k)
            return f"{y}-{mo:02d}", "month"
        return str(pub.year + k), "year"
    if name == "weekend":
        if pub is None:
            return None, "week"
        sat = pub - dt.timedelta(days=(pub.weekday() - 5) % 7)  # the latest Saturday at or before publication
        if future and pub.weekday() < 5:
            sat += dt.timedelta(days=7)
        return _iso_week(sat), "week"
    if name == "ago":
        unit = g["u"].lower()
        if pub is None:
            return None, unit
        n = _num(g["n"])
        if unit == "day":
            return (pub - dt.timedelta(days=n)).isoformat(), "day"
        if unit == "week":
            return _iso_week(pub - dt.timedelta(weeks=n)), "week"
        if unit == "month":
            y, mo = _shift_month(pub.year, pub.month, -n)
            return f"{y}-{mo:02d}", "month"
        return str(pub.year - n), "year"
    if name == "deictic":
        if pub is None:
            return None, "day"
        w = re.sub(r"\s+", " ", g["w"].lower())
        k = {"yesterday": -1, "tomorrow": 1, "the day before yesterday": -2, "the day after tomorrow": 2}.get(w, 0)
        if w == "last night":
            k = -1  # the evening before publication
        return (pub + dt.timedelta(days=k)).isoformat(), "day"
    if name in ("wd", "wd_poss"):
        if pub is None:
            return None, "day"
        wd = WEEKDAYS.index(g["wd"].lower())
        rel = (g.get("rel") or "").lower()
        back = (pub.weekday() - wd) % 7
        fwd = (wd - pub.weekday()) % 7
        if rel == "last":
            d = pub - dt.timedelta(days=back or 7)
        elif rel in ("next", "coming"):
            d = pub + dt.timedelta(days=fwd or 7)
        elif rel == "this" or future:
            d = pub + dt.timedelta(days=fwd)
        else:
            d = pub - dt.timedelta(days=back)
        return d.isoformat(), "day"
    return None, "day"


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


_NAME_LABELS = {"ORG", "WORK_OF_ART", "EVENT", "PERSON", "FAC", "PRODUCT", "LAW", "GPE", "LOC", "NORP"}


def _in_name(doc: Doc | None, char: int) -> bool:
    """Whether the token at ``char`` lies inside a named entity that is not a date or time."""
    if doc is None:
        return False
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span is not None and len(span) > 0 and span[0].ent_type_ in _NAME_LABELS


def _is_future(doc: Doc | None, start: int, end: int) -> bool:
    """Whether the clause a time expression attaches to is in the future tense."""
    if doc is None or not doc.has_annotation("DEP"):
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    tok = span.root
    for _ in range(4):  # up to the governing verb
        if tok.pos_ in ("VERB", "AUX") and tok not in span:
            break
        if tok.head is tok:
            break
        tok = tok.head
    verbs = [tok]
    if tok.dep_ in ("xcomp", "ccomp", "conj") and tok.head is not tok:
        verbs.append(tok.head)
    for v in verbs:
        for c in v.children:
            if c.dep_ in ("aux", "auxpass") and c.lower_ in _FUTURE_AUX:
                return True
            # "is to be delivered", "is expected to", "is due to", "are going to"
            if c.dep_ == "aux" and c.lower_ == "to" and v.head is not v and v.head.lemma_ in ({"be"} | _FUTURE_GOVERNORS):
                if v.head.lemma_ != "be" or v.head.tag_ in ("VBZ", "VBP"):
                    return True
        if v.lower_ in _FUTURE_AUX and v.tag_ == "MD":
            return True
    return False


@functools.lru_cache(maxsize=64)
def _date_parser(base: dt.date | None, prefer: str):
    """One dateparser parser per (publication date, direction): English only, nothing fetched."""
    from dateparser.date import DateDataParser

    settings = {"PREFER_DATES_FROM": prefer, "RETURN_TIME_AS_PERIOD": True, "STRICT_PARSING": False}
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime(base.year, base.month, base.day)
    return DateDataParser(languages=["en"], settings=settings)


@functools.lru_cache(maxsize=4096)
def _dateparse(text: str, base: dt.date | None, prefer: str) -> tuple[str | None, str] | None:
    """dateparser on one candidate phrase (cached); (value, granularity) or None when it does not resolve."""
    try:
        data = _date_parser(base, prefer).get_date_data(text)
    except Exception:  # dateparser can raise on odd input; a candidate that fails is just dropped
        return None
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj.date()
    period = data.period or "day"
    if period == "year":
        return str(d.year), "year"
    if period == "month":
        return f"{d.year:04d}-{d.month:02d}", "month"
    if period == "week":
        return _iso_week(d), "week"
    return d.isoformat(), "day"


_DP_GATE = re.compile(rf"{_MONTH}|\b\d{{1,2}}[/.-]\d{{1,2}}(?:[/.-]\d{{2,4}})?\b|\b{_WD}\b")
_DP_OK = re.compile(rf"(?:\d|{_MONTH}|{_WD})")
_HAS_YEAR = re.compile(rf"\b{_YEAR}\b")
_DURATION = re.compile(r"^\s*(?:the\s+)?(?:(?:past|last|next|first|coming)\s+)?(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few|many)\s+"
                       r"(?:\w+\s+)?(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries)\b", re.I)


# words without which no rule can match: the rules run only in windows around them
_TRIGGER_WORDS = frozenset(WEEKDAYS + MONTHS + list(MONTH_ABBR) + [
    "this", "last", "next", "past", "previous", "coming", "following", "today", "yesterday", "tomorrow",
    "tonight", "ago", "end", "beginning", "start", "middle", "turn", "spring", "summer", "fall", "autumn",
    "winter", "weekend"])
_WORD = re.compile(r"\w+")


_TIME_EXTRA = re.compile(r"\b\d{4}")


@functools.lru_cache(maxsize=512)
def _word_rx(w: str) -> re.Pattern:
    return re.compile(rf"\b{re.escape(w)}\b")


def _windows(text: str, regions: Iterable[tuple[int, int]], words: frozenset, before: int, after: int,
             extra: re.Pattern | None = None) -> list[tuple[int, int]]:
    """Merged windows (inside the regions) around every occurrence of one of ``words`` (lower case)
    and every match of ``extra``. Finding which words occur at all is one C-level pass."""
    out: list[tuple[int, int]] = []
    for rs, re_ in regions:
        low = text[rs:re_].lower()
        hits = []
        for w in words.intersection(_WORD.findall(low)):
            hits.extend((m.start() + rs, m.end() + rs) for m in _word_rx(w).finditer(low))
        if extra is not None:
            hits.extend((m.start(), m.end()) for m in extra.finditer(text, rs, re_))
        hits.sort()
        first = len(out)
        for hs, he in hits:
            ws, we = max(rs, hs - before), min(re_, he + after)
            if len(out) > first and ws <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], we))
            else:
                out.append((ws, we))
    return out


from .pipeline import doc_text  # noqa: E402,F401  (re-exported: places and quantities import it from here)


def find_times(text: str, published=None, *, doc: Doc | None = None,
               regions: Iterable[tuple[int, int]] | None = None) -> list[dict]:
    """All time expressions in ``text`` (within ``regions`` if given), normalised against ``published``."""
    pub = parse_published(published)
    regions = list(regions) if regions is not None else [(0, len(text))]
    cands: list[tuple[int, int, str, re.Match]] = []
    seen: set[tuple[int, int, str]] = set()
    for ws, we in _windows(text, regions, _TRIGGER_WORDS, 45, 60, _TIME_EXTRA):
        for name, rx in _RULES:
            for m in rx.finditer(text, ws, we):
                key = (m.start(), m.end(), name)
                if key not in seen:
                    seen.add(key)
                    cands.append((m.start(), m.end(), name, m))
    # longest first, then leftmost; keep non-overlapping
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken: list[tuple[int, int]] = []
    out: list[dict] = []
    for s, e, name, m in cands:
        if any(s < te and ts < e for ts, te in taken):
            continue
        if _in_name(doc, e - 1):
            continue  # "the Sunday Times", "USA TODAY", "Hurricane May" are names, not dates
        absolute = bool(_HAS_YEAR.search(m.group(0))) or name == "decade"
        future = _is_future(doc, s, e) if name in ("wd", "wd_poss", "m", "mdy", "dmy", "weekend") else False
        value, gran = _resolve(name, m, pub, future)
        if pub is None and not absolute:
            value = None
        taken.append((s, e))
        out.append({"start": s, "end": e, "text": text[s:e], "value": value, "granularity": gran})
    # spaCy DATE entities the rules missed: dateparser, if they name a point in time
    if doc is not None:
        for ent in doc.ents:
            if ent.label_ != "DATE":
                continue
            s, e = ent.start_char, ent.end_char
            if any(s < te and ts < e for ts, te in taken):
                continue
            if not any(rs <= s and e <= re_ for rs, re_ in regions):
                continue
            t = ent.text
            if not _DP_OK.search(t) or _DURATION.match(t) or re.search(r"\bold\b|-year|\bage", t, re.I):
                continue
            if re.fullmatch(r"\d{1,3}(?:,\d{3})*", t.strip()) or re.fullmatch(r"[\d\s,.]+", t) and not _HAS_YEAR.fullmatch(t.strip()):
                continue
            absolute = bool(_HAS_YEAR.search(t))
            bare = re.fullmatch(rf"(?:the\s+(?:year\s+)?)?({_YEAR})", t.strip())
            if bare:  # "2010" as a DATE entity
                taken.append((s, e))
                out.append({"start": s, "end": e, "text": t, "value": bare.group(1), "granularity": "year"})
                continue
            if not _DP_GATE.search(t) or re.search(r"\d['’]", t):
                continue
            month_only = re.fullmatch(rf"(?:(?:early|mid|late)[\s-])?(?P<m>{_MONTH})", t.strip())
            if month_only:  # "July" as a DATE entity: as "in July"
                val, gran = _resolve("m", month_only, pub, _is_future(doc, s, e))
                taken.append((s, e))
                out.append({"start": s, "end": e, "text": t, "value": val, "granularity": gran})
                continue
            if pub is None and not absolute:
                continue  # cannot tell what a relative phrase means; not worth a null without a rule for it
            future = _is_future(doc, s, e)
            res = _dateparse(t, pub, "future" if future else "past")
            if res is None:
                continue
            taken.append((s, e))
            out.append({"start": s, "end": e, "text": t, "value": res[0], "granularity": res[1]})
    out.sort(key=lambda d: d["start"])
    return out


def _doc_regions(doc: Doc) -> list[tuple[int, int]]:
    blocks = doc._.blocks
    if not blocks:
        return [(0, len(doc_text(doc)))]
    regs = []
    for b in blocks:
        start = getattr(b, "start", None)
        if start is None and isinstance(b, dict):
            start, end, role = b["start"], b["end"], b.get("role")
        else:
            end, role = b.end, getattr(b, "role", None)
        if role == "credit":
            continue
        regs.append((start, end))
    return regs


@Language.factory("newsgraph_times", assigns=["doc._.times"])
def make_times(nlp: Language, name: str):
    def times_component(doc: Doc) -> Doc:
        art = doc._.article or {}
        doc._.times = find_times(doc_text(doc), art.get("published"), doc=doc, regions=_doc_regions(doc))
        return doc

    return times_component
