"""Quantities: a number (digits or words), its unit or counted noun, and its bound.

``doc._.quantities`` gets ``[{"start", "end", "text", "value", "unit", "bound"}]``:
"more than 300 localities" -> 300, "localities", "lower"; "about 30 kilometres" -> 30, "km", "approximate";
"73-year-old" -> 73, "years (age)", "exact"; "6 percent" -> 6, "%"; "$5bn" -> 5000000000, "USD";
"between 20 and 30 km" -> 20, "km", "range" with ``"max": 30``. Bounds: exact | lower | upper |
approximate | range.

Units, currencies, number words and bound phrases come from a general lexicon; a number with no unit
takes the noun it counts from the parse ("300 localities", "three new drones"). Numbers that are
part of a time expression (years, days of the month) are left to the times stage.
"""
from __future__ import annotations

import re
from typing import Iterable

from spacy.language import Language
from spacy.tokens import Doc

from .times import _windows, doc_text

# --- lexicons ---------------------------------------------------------------------------------
_SMALL = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
          "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
          "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_SCALE_ABBR = {"k": 10**3, "m": 10**6, "mn": 10**6, "mln": 10**6, "bn": 10**9, "b": 10**9, "tn": 10**12, "trn": 10**12}

# surface (lower case) -> canonical unit; longest surfaces are tried first
UNITS: dict[str, str] = {}
for _canon, _surfaces in {
    "km": "kilometres kilometers kilometre kilometer km kms",
    "m": "metres meters metre meter",
    "cm": "centimetres centimeters centimetre centimeter cm",
    "mm": "millimetres millimeters millimetre millimeter mm",
    "mi": "miles mile",
    "ft": "feet foot ft",
    "inch": "inches inch",
    "km2": "square kilometres|square kilometers|square kilometre|square kilometer|sq km|km²|km2",
    "mi2": "square miles|square mile|sq mi",
    "ha": "hectares hectare",
    "kg": "kilograms kilogrammes kilogram kilogramme kilos kilo kg",
    "g": "grams gram grammes gramme",
    "t": "tonnes|tonne|tons|ton|metric tons|metric tonnes",
    "lb": "pounds-weight lbs lb",
    "l": "litres liters litre liter",
    "barrels": "barrels barrel",
    "%": "percent|per cent|%",
    "percentage points": "percentage points|percentage point",
    "°C": "degrees celsius|degrees centigrade|°c",
    "°F": "degrees fahrenheit|°f",
    "°": "degrees degree",
    "km/h": "kilometres per hour|kilometers per hour|km/h|kph",
    "mph": "miles per hour|mph",
    "knots": "knots knot",
    "MW": "megawatts megawatt mw",
    "GW": "gigawatts gigawatt gw",
    "kW": "kilowatts kilowatt kw",
    "MWh": "megawatt hours|megawatt-hours|mwh",
    "kWh": "kilowatt hours|kilowatt-hours|kwh",
    "bcm": "billion cubic metres|billion cubic meters|bcm",
    "m3": "cubic metres|cubic meters",
    "seconds": "seconds second",
    "minutes": "minutes minute",
    "hours": "hours hour",
    "days": "days day",
    "weeks": "weeks week",
    "months": "months month",
    "years": "years year",
    "decades": "decades decade",
}.items():
    for _s in (_surfaces.split("|") if "|" in _surfaces else _surfaces.split()):
        UNITS[_s] = _canon

# currency: symbols/codes before the number, words after it
CURRENCY_PREFIX = {"us$": "USD", "$": "USD", "usd": "USD", "a$": "AUD", "au$": "AUD", "c$": "CAD",
                   "ca$": "CAD", "hk$": "HKD", "nz$": "NZD", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP",
                   "¥": "JPY", "jpy": "JPY", "₽": "RUB", "rub": "RUB", "₴": "UAH", "uah": "UAH", "₹": "INR",
                   "inr": "INR", "cny": "CNY", "rmb": "CNY", "chf": "CHF", "₩": "KRW", "₺": "TRY", "zł": "PLN",
                   "pln": "PLN", "sek": "SEK", "nok": "NOK", "dkk": "DKK", "cad": "CAD", "aud": "AUD"}
CURRENCY_WORDS = {"us dollars": "USD", "u.s. dollars": "USD", "dollars": "USD", "dollar": "USD",
                  "euros": "EUR", "euro": "EUR", "pounds sterling": "GBP", "pounds": "GBP", "pound": "GBP",
                  "sterling": "GBP", "roubles": "RUB", "rubles": "RUB", "rouble": "RUB", "ruble": "RUB",
                  "hryvnias": "UAH", "hryvnia": "UAH", "hryvnas": "UAH", "yuan": "CNY", "renminbi": "CNY",
                  "yen": "JPY", "rupees": "INR", "rupee": "INR", "swiss francs": "CHF", "francs": "CHF",
                  "zlotys": "PLN", "zloty": "PLN", "won": "KRW", "lira": "TRY", "liras": "TRY",
                  "canadian dollars": "CAD", "australian dollars": "AUD", "kronor": "SEK", "kroner": "NOK",
                  "shekels": "ILS", "shekel": "ILS", "rand": "ZAR", "reais": "BRL", "pesos": "MXN"}
for _code in ("USD", "EUR", "GBP", "RUB", "UAH", "CNY", "JPY", "INR", "CHF", "PLN", "CAD", "AUD", "SEK", "NOK", "ILS"):
    CURRENCY_WORDS[_code.lower()] = _code

BOUNDS = [
    ("lower", "more than|over|above|in excess of|upwards of|at least|no fewer than|no less than|not less than|"
              "a minimum of|a minimum|just over|just above|well over|north of|greater than|exceeding|"
              "longer than|higher than|larger than|bigger than|older than|at minimum"),
    ("upper", "less than|fewer than|under|below|up to|at most|no more than|not more than|a maximum of|as many as|"
              "as much as|just under|just below|well under|a maximum|maximum|shorter than|lower than|smaller than|"
              "younger than|at most|at maximum|south of"),
    ("approximate", "about|around|approximately|roughly|some|nearly|almost|close to|an estimated|estimated|"
                    "circa|c\\.|approx\\.|more or less|an approximate|approximate|upward of|the equivalent of|roundabout"),
]
_BOUND_OF = {}
for _b, _alts in BOUNDS:
    for _a in _alts.split("|"):
        _BOUND_OF.setdefault(_a.replace("\\", ""), _b)

# --- regexes ----------------------------------------------------------------------------------
_W = "|".join(sorted(list(_SMALL) + list(_SCALES) + ["hundred", "dozen"], key=len, reverse=True))
_WORDNUM = rf"(?:(?:an?\s+(?=(?:hundred|thousand|million|billion|trillion|dozen)\b))?(?:{_W})(?:(?:\s+and\s+|[\s-]+)(?:{_W}))*)"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SCALE_WORDS = r"(?:thousand|million|billion|trillion)"
_NUMBER = rf"(?:{_DIGITS}(?:\s*(?:{_SCALE_WORDS})\b|(?:bn|mn|mln|tn|trn|m|k|b)\b)?|{_WORDNUM}\b)"
_BOUND_RX = "|".join(sorted((re.escape(k).replace("\\ ", r"\s+") for k in _BOUND_OF), key=len, reverse=True))
_CUR_PRE = "|".join(sorted((re.escape(k) for k in CURRENCY_PREFIX), key=len, reverse=True))
_CUR_WORD = "|".join(sorted((re.escape(k).replace("\\ ", r"\s+") for k in CURRENCY_WORDS), key=len, reverse=True))
_UNIT_RX = "|".join(sorted((re.escape(k).replace("\\ ", r"\s+") for k in UNITS), key=len, reverse=True))

_AGE = re.compile(rf"\b(?P<n>\d{{1,3}}|{_WORDNUM})[\s-]years?[\s-]old(?:s)?\b|\baged\s+(?P<n2>\d{{1,3}})\b", re.I)
_QTY = re.compile(
    rf"(?<![\w$€£¥.,/-])(?:(?P<bound>{_BOUND_RX})\s+)?(?P<between>between\s+|from\s+)?"
    rf"(?:(?P<cur>{_CUR_PRE})\s?)?(?P<num>{_NUMBER})"
    rf"(?:\s*(?:-|–|to|and)\s*(?:(?:{_CUR_PRE})\s?)?(?P<num2>{_NUMBER}))?"
    rf"(?:(?P<sep>[\s-]?)(?P<unit>%|{_UNIT_RX})(?![\w]))?"
    rf"(?:\s+(?P<curw>{_CUR_WORD})\b)?",
    re.I)
_TIME_OF_DAY = re.compile(r"^\s*(?::\d|[ap]\.?m\b|o'clock)", re.I)


_ONE_IDIOMS = {"point", "issue", "thing", "way", "another", "time", "side", "hand", "reason", "priority",
               "problem", "question", "concern", "goal", "option"}
_NAME_LABELS = {"ORG", "PERSON", "WORK_OF_ART", "FAC", "PRODUCT", "EVENT", "LAW", "GPE", "LOC", "NORP"}
_RATIO_BEFORE = re.compile(rf"(?:\d+|\b(?:{'|'.join(_SMALL)}))\s+(?:in|of|out\s+of)\s+$", re.I)


def words_to_number(s: str) -> float | None:
    """'two dozen' -> 24, 'three hundred and five' -> 305, 'a million' -> 1000000."""
    total, current, seen = 0, 0, False
    for w in re.split(r"[\s-]+", s.lower().strip()):
        if w in ("and", ""):
            continue
        if w in ("a", "an"):
            current = current or 1
            continue
        if w in _SMALL:
            current += _SMALL[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w == "dozen":
            current = (current or 1) * 12
        elif w in _SCALES:
            total += (current or 1) * _SCALES[w]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def parse_number(s: str, *, money: bool = False) -> float | None:
    s = s.strip()
    m = re.match(rf"({_DIGITS})\s*(thousand|million|billion|trillion|bn|mn|mln|tn|trn|m|k|b)?$", s, re.I)
    if m:
        v = float(m.group(1).replace(",", ""))
        sc = (m.group(2) or "").lower()
        if sc in _SCALES:
            v *= _SCALES[sc]
        elif sc:
            if not money and sc in ("m", "b"):
                return None
            v *= _SCALE_ABBR[sc]
        return v
    return words_to_number(s)


def _clean(v: float | None):
    if v is None:
        return None
    return int(v) if float(v).is_integer() else round(v, 6)


def _counted_noun(doc: Doc | None, end: int, limit: int) -> tuple[int, str] | None:
    """The noun a number at ``end`` counts: (end offset, noun text) or None."""
    if doc is None:
        return None
    span = doc.char_span(end, min(limit, end + 80), alignment_mode="contract")
    if span is None or not len(span) or span[0].idx - end > 1:
        return None
    num_tok = doc[span[0].i - 1] if span[0].i > 0 else None
    for k, tok in enumerate(span[:5]):
        if tok.pos_ in ("NOUN", "PROPN") and not (tok.pos_ == "PROPN" and k == 0 and tok.ent_type_ in ("GPE", "NORP", "ORG")):
            # take the last noun of a compound chain: "300 border villages"
            j = tok.i
            while j + 1 < len(doc) and doc[j + 1].pos_ in ("NOUN", "PROPN") and doc[j].dep_ == "compound":
                j += 1
            noun = doc[j]
            if num_tok is not None and num_tok.head.i not in range(span[0].i, j + 1) and noun.i != num_tok.head.i \
                    and num_tok.dep_ not in ("nummod", "compound", "quantmod", "amod", "npadvmod"):
                return None
            if noun.lower_ in ("of", "percent"):
                return None
            return noun.idx + len(noun.text), noun.text
        if tok.pos_ in ("ADJ", "ADV", "NUM", "PUNCT") and tok.text not in (",", ".", ";", ":", "(", ")", "–", "—"):
            continue
        if tok.lower_ == "new" or tok.tag_ in ("JJ", "JJR", "VBN"):
            continue
        return None
    return None


_NUM_WORDS = frozenset(list(_SMALL) + list(_SCALES) + ["hundred", "dozen"])
_QTY_EXTRA = re.compile(r"\d+|[$€£¥₽₴₹₩₺]")


def find_quantities(text: str, *, doc: Doc | None = None, regions: Iterable[tuple[int, int]] | None = None,
                    exclude: Iterable[tuple[int, int]] = ()) -> list[dict]:
    """Quantities in ``text`` (within ``regions``), skipping numbers inside the ``exclude`` spans (times)."""
    regions = list(regions) if regions is not None else [(0, len(text))]
    exclude = list(exclude)
    out: list[dict] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return not any(s < te and ts < e for ts, te in taken)

    for rs, rend in regions:
        for ws, we in _windows(text, [(rs, rend)], _NUM_WORDS, 25, 70, _QTY_EXTRA):
            for m in _AGE.finditer(text, ws, we):
                s, e = m.start(), m.end()
                n = m.group("n") or m.group("n2")
                v = float(n) if n.isdigit() else words_to_number(n)
                if v is None:
                    continue
                taken.append((s, e))
                out.append({"start": s, "end": e, "text": text[s:e], "value": _clean(v), "unit": "years (age)", "bound": "exact"})
            for m in _QTY.finditer(text, ws, we):
                s, e = m.start(), m.end()
                ns, ne = m.start("num"), m.end("num")
                numtxt = m.group("num")
                if not free(ns, ne):
                    continue
                cur = CURRENCY_PREFIX.get((m.group("cur") or "").lower()) or CURRENCY_WORDS.get(
                    re.sub(r"\s+", " ", (m.group("curw") or "").lower()))
                unit_s = (m.group("unit") or "").lower()
                unit = UNITS.get(re.sub(r"\s+", " ", unit_s)) if unit_s else None
                if unit_s == "%":
                    unit = "%"
                if unit and cur and unit in ("m",):  # "$5 m" is money, not metres
                    unit = None
                value = parse_number(numtxt, money=bool(cur))
                if value is None:
                    continue
                plain = re.fullmatch(r"\d+", numtxt.strip()) is not None
                is_word = not re.match(r"\d", numtxt.strip())
                # numbers that belong to dates, times of day, scores, ids
                if any(ns < te and ts < ne for ts, te in exclude) and not cur:
                    continue
                after = text[ne:ne + 6]
                before = text[max(0, ns - 2):ns]
                if _TIME_OF_DAY.match(after) or re.match(r"^[/:]\d|^-\d", after) and not m.group("num2"):
                    continue
                if re.search(r"(?:No\.|#)\s?$", text[max(0, ns - 4):ns]) or re.search(r"\d[-/.:]$", before):
                    continue
                if plain and 1600 <= value <= 2100 and not (cur or unit):
                    continue  # a year
                if re.match(r"^(?:st|nd|rd|th)\b", after):
                    continue
                if re.match(r"^[\s-](?:thirds?|quarters?|halves|half|fifths?|sixths?|eighths?|tenths?)\b", text[ne:ne + 9], re.I):
                    continue  # fractions ("two-thirds majority")
                end = e
                label = cur or unit
                if cur and unit and unit != "%":
                    label = cur
                if label is None:
                    if unit_s or text[ne:ne + 1] == "-":
                        continue  # "a two-way race", "a three-judge panel": part of an adjective
                    cn = _counted_noun(doc, ne, rend)
                    if cn is None:
                        continue
                    end, noun = cn
                    if is_word and numtxt.strip().lower() in ("one", "a", "an"):
                        if noun.lower() in UNITS or noun.lower() in _ONE_IDIOMS:
                            continue  # "one day", "at one point", "number one issue": not a count
                        if re.search(r"\b(?:at|number|no\.?|in)\s+$", text[max(0, ns - 8):ns], re.I):
                            continue
                    if noun.lower() in ("times", "fold"):
                        continue  # "three times the rate": a multiplier
                    label = UNITS.get(noun.lower(), noun) if noun.lower() in UNITS and UNITS[noun.lower()] in (
                        "seconds", "minutes", "hours", "days", "weeks", "months", "years", "decades") else noun
                elif unit in ("seconds", "minutes", "hours", "days", "weeks", "months", "years", "decades"):
                    if re.match(r"\s+(?:ago|earlier|later|old)\b", text[e:e + 10]):
                        continue
                    if is_word and numtxt.strip().lower() in ("one", "a", "an"):
                        continue  # "one day" (some day), "a year"
                if doc is not None:
                    tok = doc.char_span(ns, ne, alignment_mode="expand")
                    ent = tok[0].ent_type_ if tok is not None and len(tok) else ""
                    # spaCy DATE entities with no unit: time, not quantity
                    if ent in ("DATE", "TIME") and label not in UNITS.values() and not cur and label != "%":
                        continue
                    if ent in _NAME_LABELS and is_word:
                        continue  # "Zero Hedge", "Three Mile Island"
                # "1 in 4 residents", "eight of 10 voters": a ratio, not a count
                if _RATIO_BEFORE.search(text[max(0, s - 24):s]):
                    continue
                bound_s = re.sub(r"\s+", " ", (m.group("bound") or "").lower())
                bound = _BOUND_OF.get(bound_s, "exact")
                item = {"start": s, "end": end, "text": text[s:end], "value": _clean(value), "unit": label, "bound": bound}
                if m.group("num2"):
                    v2 = parse_number(m.group("num2"), money=bool(cur))
                    if v2 is not None and v2 > value:
                        item["bound"] = "range"
                        item["max"] = _clean(v2)
                    elif v2 is None:
                        continue
                    else:  # "from $64.8 million to $45.1 million": two values, keep the first
                        item["end"], item["text"] = ne, text[s:ne]
                if m.group("between") and item["bound"] != "range":
                    # "between"/"from" belongs to a range only: "from 300 villages" is just 300
                    item["start"] = m.start("cur") if m.group("cur") else ns
                    item["text"] = text[item["start"]:item["end"]]
                taken.append((item["start"], item["end"]))
                out.append(item)
    out.sort(key=lambda d: d["start"])
    return out


@Language.factory("newsgraph_quantities", assigns=["doc._.quantities"])
def make_quantities(nlp: Language, name: str):
    from .times import _doc_regions, find_times

    def quantities_component(doc: Doc) -> Doc:
        times = doc._.times
        if times is None:
            art = doc._.article or {}
            times = find_times(doc_text(doc), art.get("published"), doc=doc, regions=_doc_regions(doc))
        doc._.quantities = find_quantities(doc_text(doc), doc=doc, regions=_doc_regions(doc),
                                           exclude=[(t["start"], t["end"]) for t in times])
        return doc

    return quantities_component
