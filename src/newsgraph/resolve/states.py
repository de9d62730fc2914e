"""States behind names: countries, capitals used as metonyms, adjectives of nationality, blocs.

A capital or seat of government stands for its state when the text makes it an actor: the subject of
a verb ("Washington has not signed"), a possessor ("Moscow's position"), the agent of a passive
("demanded by Kiev"), the object of a non-locative preposition ("support for Kiev", "talks with
Moscow") or of an attitude verb ("urged Kiev"). It stays the city where the text means the place:
the object of a locative preposition ("in Moscow", "to Berlin"), a modifier of a noun ("the Moscow
metro"). The gazetteer tells capitals (a country's coordinates are its capital's).
"""
from __future__ import annotations

import functools

from spacy.tokens import Span, Token

LOCATIVE_PREPS = frozenset({
    "in", "at", "to", "from", "into", "near", "around", "across", "through", "outside", "inside",
    "toward", "towards", "via", "within", "throughout", "over", "of", "out", "onto", "beyond", "off",
    "along", "past", "behind", "beneath", "under", "above", "until", "till",
})
ACTOR_PREPS = frozenset({"by", "for", "with", "against", "between", "on", "upon", "among", "like", "than"})
ATTITUDE_VERBS = frozenset({
    "urge", "warn", "accuse", "blame", "support", "back", "criticize", "criticise", "pressure", "pressurize",
    "tell", "ask", "help", "arm", "sanction", "condemn", "thank", "praise", "persuade", "convince", "push",
    "invite", "inform", "notify", "reassure", "threaten", "trust", "recognize", "recognise", "fund",
})
PLACE_NOUNS = frozenset({
    "street", "mayor", "resident", "population", "center", "centre", "outskirt", "suburb", "airport",
    "district", "metro", "people", "skyline", "region", "area", "citizen", "hotel", "square", "river",
    "park", "university", "museum", "station", "neighbourhood", "neighborhood", "downtown",
})
STATE_HEADS = frozenset({
    "government", "administration", "cabinet", "authority", "leadership", "parliament", "state",
    "side", "chancellery", "presidency", "regime", "delegation",
})
# Blocs named by a direction or continent: the adjective and the plural join the noun ("Western",
# "Westerners" -> "the West"; "European" -> "Europeans").
BLOCS = {"west": "the West", "western": "the West", "westerner": "the West", "westerners": "the West"}
# Well-known organisations and the common noun that stands for them ("the alliance" -> NATO).
ORG_CLASSES = {
    "nato": ("alliance", "bloc"), "north atlantic treaty organization": ("alliance", "bloc"),
    "north atlantic treaty organisation": ("alliance", "bloc"), "csto": ("alliance", "bloc"),
    "eu": ("bloc", "union"), "european union": ("bloc", "union"), "asean": ("bloc",),
    "brics": ("bloc", "group"), "opec": ("cartel", "group"), "african union": ("bloc", "union"),
    "un": ("organisation", "organization", "body", "world body"),
    "united nations": ("organisation", "organization", "body", "world body"),
    "iaea": ("agency", "watchdog"), "who": ("agency", "organisation", "organization"),
    "imf": ("fund", "lender"), "world bank": ("bank", "lender"),
    "rt": ("network", "channel", "broadcaster"), "rt america": ("network", "channel", "broadcaster"),
    "cnn": ("network", "channel", "broadcaster"), "bbc": ("network", "broadcaster", "corporation"),
    "msnbc": ("network", "channel"), "nbc": ("network", "broadcaster"), "abc": ("network", "broadcaster"),
    "cbs": ("network", "broadcaster"), "fox news": ("network", "channel"), "al jazeera": ("network", "channel"),
    "fbi": ("bureau", "agency"), "cia": ("agency",), "nsa": ("agency",), "epa": ("agency",),
    "va": ("agency", "department"), "pentagon": ("department", "military"), "kremlin": ("government",),
}
# Words in an organisation's name that tell its class: "the union" -> "... Association of ...".
CLASS_NAME_WORDS = {
    "union": ("union", "association", "federation", "guild", "brotherhood", "teamsters", "afl-cio"),
    "network": ("network", "broadcasting", "television", "tv", "channel", "news"),
    "agency": ("agency", "administration", "bureau", "service", "office"),
    "company": ("inc", "corp", "corporation", "company", "co", "ltd", "llc", "plc", "group", "holdings"),
    "firm": ("inc", "corp", "corporation", "company", "co", "ltd", "llc", "plc", "group", "partners"),
    "court": ("court",), "committee": ("committee",), "party": ("party",), "group": ("group",),
    "campaign": ("campaign",), "newspaper": ("times", "post", "journal", "herald", "tribune", "gazette"),
    "paper": ("times", "post", "journal", "herald", "tribune", "gazette"),
    "alliance": ("alliance",), "bloc": ("union",), "ministry": ("ministry",), "department": ("department",),
    "foundation": ("foundation",), "institute": ("institute",), "university": ("university", "college"),
}


def _lookup(name: str) -> dict | None:
    from ..gazetteer import try_lookup

    return try_lookup(name)


@functools.lru_cache(maxsize=4096)
def state_of(name: str) -> str | None:
    """The country a name stands for (a country, its capital, its seat, its adjective), or None."""
    try:
        from ..nlp.events import state_of as _state_of
    except Exception:  # pragma: no cover
        return None
    try:
        return _state_of(name)
    except Exception:
        return None


@functools.lru_cache(maxsize=4096)
def country_name(name: str) -> str | None:
    """The gazetteer's name when ``name`` is a country ("US" -> "United States"), else None."""
    e = _lookup(name)
    if e and e.get("kind") == "country":
        return e["name"]
    return None


@functools.lru_cache(maxsize=4096)
def capital_of(name: str) -> str | None:
    """The country whose capital ``name`` is ("Kiev" -> "Ukraine"), else None."""
    e = _lookup(name)
    if not e or e.get("kind") != "city":
        return None
    return state_of(name)


@functools.lru_cache(maxsize=4096)
def city_key(name: str) -> str:
    """A key that joins spelling variants of one place ("Kiev"/"Kyiv")."""
    e = _lookup(name)
    if e and e.get("geonameid"):
        return f"geo:{e['geonameid']}"
    return name.lower()


def _head_lemma(t: Token) -> str:
    return t.lemma_.lower()


def metonymic(span: Span) -> bool:
    """Whether a place name is used for the state it houses (see the module's docstring)."""
    tok = span.root
    for _ in range(4):
        if tok.dep_ != "conj" or tok.head.i == tok.i:
            break
        tok = tok.head
    dep = tok.dep_
    head = tok.head
    if dep in ("nsubj", "nsubjpass", "csubj"):
        if head.lemma_.lower() == "be" and any(c.dep_ == "attr" and c.pos_ in ("NOUN", "PROPN")
                                                 and c.lemma_.lower() in ("city", "capital", "town")
                                                 for c in head.children):
            return False
        return True
    if dep == "poss":
        return head.lemma_.lower() not in PLACE_NOUNS
    if dep == "pobj":
        prep = head.lower_
        if prep in ACTOR_PREPS:
            return True
        return False
    if dep == "dobj":
        return head.lemma_.lower() in ATTITUDE_VERBS
    return False


def norp_key(text: str) -> tuple[str, str]:
    """(key, preferred name) of a nationality, bloc or group word: "Western" -> ("west", "the West")."""
    low = text.lower().strip()
    if low.startswith("the "):
        low = low[4:]
    if low in BLOCS:
        return "bloc:" + BLOCS[low].lower(), BLOCS[low]
    base = low
    if base.endswith("ans") or base.endswith("ians") or base.endswith("ers") or base.endswith("is"):
        base = base[:-1] if base.endswith("s") else base
    return base, text
