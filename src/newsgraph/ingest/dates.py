"""Publication dates normalised to ISO 8601: ``YYYY-MM-DD`` for a date, a full datetime when a time is given.

Accepted: ISO dates and datetimes, RFC 822/2822 (RSS ``pubDate``, HTTP and WARC dates), ``September 30, 2022``,
``30 September 2022``, ``m/d/yy`` and ``m/d/yyyy`` (US order), ``time.struct_time``, and as a last resort
dateparser for other languages ("Seg, 24 Set 2018 19:42:40 -0300"). Anything else, and years outside
1900..next year (placeholders such as ``0001-01-01`` or ``2050-...``), gives None: a wrong date is worse than none.
"""
from __future__ import annotations

import datetime as _dt
import re
import time
from email.utils import parsedate_to_datetime
from functools import lru_cache

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_DT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)|(?<!\d)\d{1,2}/\d{1,2}/\d{2}(?!\d)")
_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%m/%d/%Y", "%m/%d/%y",
            "%Y/%m/%d", "%Y%m%d", "%d.%m.%Y")


def _plausible(year: int) -> bool:
    return 1900 <= year <= _dt.date.today().year + 1


def _fmt(d: _dt.datetime | _dt.date, with_time: bool) -> str | None:
    if not _plausible(d.year):
        return None
    if not with_time or not isinstance(d, _dt.datetime):
        return d.strftime("%Y-%m-%d")
    d = d.replace(microsecond=0)
    if d.tzinfo is not None and d.utcoffset() == _dt.timedelta(0):
        return d.replace(tzinfo=None).isoformat() + "Z"
    return d.isoformat()


def normalize_date(value) -> str | None:
    """The ISO form of ``value`` (a string, date, datetime or struct_time), or None when it is no usable date."""
    if value is None or value == "":
        return None
    if isinstance(value, time.struct_time):
        try:
            return _fmt(_dt.datetime(*value[:6], tzinfo=_dt.timezone.utc), True)
        except (TypeError, ValueError):
            return None
    if isinstance(value, _dt.datetime):
        return _fmt(value, True)
    if isinstance(value, _dt.date):
        return _fmt(value, False)
    if isinstance(value, (int, float)):
        return None
    return _normalize_str(" ".join(str(value).split()))


@lru_cache(maxsize=4096)
def _normalize_str(s: str) -> str | None:
    if not s or len(s) > 80:
        return None
    m = _ISO_DATE.match(s)
    if m:
        try:
            return _fmt(_dt.date(int(m[1]), int(m[2]), int(m[3])), False)
        except ValueError:
            return None
    if _ISO_DT.match(s):
        try:
            return _fmt(_dt.datetime.fromisoformat(s.replace(" ", "T", 1)), True)
        except ValueError:
            pass
    if "," in s[:5] or re.search(r"[+-]\d{4}$|GMT$|UT$|[A-Z]{3}$", s):  # RFC 822: "Tue, 30 Jan 2018 10:00:00 GMT"
        try:
            return _fmt(parsedate_to_datetime(s), True)
        except (TypeError, ValueError, IndexError):
            pass
    for f in _FORMATS:
        try:
            return _fmt(_dt.datetime.strptime(s, f), False)
        except ValueError:
            continue
    if not _YEAR.search(s):  # dateparser reads "now", "3" or "May" as dates: insist on a year
        return None
    return _dateparser(s)


def _dateparser(s: str) -> str | None:
    try:
        import dateparser
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    try:
        d = dateparser.parse(s, settings={"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past"})
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    if d is None:
        return None
    return _fmt(d, bool(_HAS_TIME.search(s)))


__all__ = ["normalize_date"]
