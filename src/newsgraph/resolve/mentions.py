"""Resolve the mentions of one document to entities, without a coreference model.

Names cluster by surname ("Jane Q. Doe" <- "Doe"), the longest form naming the cluster. Personal
pronouns go to the most salient person before them: the subject of the closest sentence that has
one (the main-clause subject first), else the last person named. Role descriptors ("the foreign
minister") go to the most recent person who carried that title ("Foreign Minister Jane Doe",
"Doe, the minister, ..."); age descriptors ("the 52-year-old") to a person whose age was given,
else to the salient person. Organisations and places cluster by name; a plural common noun phrase
("Farmers in the north") becomes a group entity of its own. What cannot be resolved stays None:
a guess is worse than nothing.

Clusters for ``doc._.entities``: countries join their spelling variants through the gazetteer ("US",
"the United States"); a capital is its state where the text makes it an actor and stays the city where
it means the place (``states.metonymic``); "the German government" is Germany; blocs and demonyms join
their noun ("Western" -> "the West", "European" -> "Europeans"); "the neighbouring country" and class
nouns ("the alliance", "the union", "the network") go to the entity of that class named before; named
weapons drop their gloss from the name. Pronouns skip persons of the other gender (honorifics,
gendered titles, common given names, pronouns already linked) and names inside quotations; "it" is
linked only as the subject of a speech verb. A bare surname goes to whoever the text already calls by
it, else to the first named. Titles give role, organisation, state or principal, dated by the article.
Names in captions are listed but never salient; caption credits are marked ``credit``.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from spacy.symbols import NOUN, PRON, PROPN
from spacy.tokens import Doc, Span, Token

from ..nlp.pipeline import doc_text, token_lowers

from .states import (CLASS_NAME_WORDS, ORG_CLASSES, STATE_HEADS, capital_of, city_key, country_name, metonymic, norp_key,
                     state_of)

RESOURCES = Path(__file__).resolve().parents[1] / "nlp" / "resources"

PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers", "himself", "herself"})
NEUTER_PRONOUNS = frozenset({"it", "its"})
NAMED_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "WEAPON", "EVENT"})
AGE_RE = re.compile(r"\b(\d{1,3})-year-old\b")
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
DESCRIPTOR_DEPS = frozenset({"nsubj", "nsubjpass", "poss"})
LOOKBACK_SENTENCES = 5
MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
SURNAME_PARTICLES = frozenset({"de", "del", "della", "di", "da", "van", "von", "der", "den", "la", "le", "bin",
                               "al", "el", "ben", "dos", "du", "st", "st."})
HONORIFIC_GENDER = {"mr": "m", "mr.": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f", "miss": "f",
                    "sir": "m", "lady": "f", "madam": "f", "dame": "f", "lord": "m"}
GENDERED_TITLES = {"spokeswoman": "f", "chairwoman": "f", "congresswoman": "f", "businesswoman": "f",
                   "spokesman": "m", "chairman": "m", "congressman": "m", "businessman": "m", "queen": "f",
                   "king": "m", "prince": "m", "princess": "f", "widow": "f", "widower": "m", "wife": "f",
                   "husband": "m", "mother": "f", "father": "m", "daughter": "f", "son": "m", "sister": "f",
                   "brother": "m", "grandmother": "f", "grandfather": "m", "actress": "f", "first lady": "f"}
TITLE_ABBREVIATIONS = {"gov.": "governor", "gov": "governor", "sen.": "senator", "sen": "senator",
                       "rep.": "representative", "rep": "representative", "gen.": "general", "gen": "general",
                       "lt.": "lieutenant", "col.": "colonel", "sgt.": "sergeant", "capt.": "captain",
                       "adm.": "admiral", "pres.": "president", "sec.": "secretary", "supt.": "superintendent",
                       "atty.": "attorney", "gov't": "government"}
QUOTE_OPEN = frozenset("\u201c\u2018\u00ab")
QUOTE_CLOSE = frozenset("\u201d\u2019\u00bb")


@functools.lru_cache(maxsize=4096)
def _place_kind(name: str) -> str | None:
    try:
        from .. import gazetteer

        e = gazetteer.lookup(name)
    except Exception:
        return None
    return e.get("kind") if e else None


@functools.lru_cache(maxsize=None)
def first_names() -> dict[str, str]:
    out = {}
    path = RESOURCES / "resolve_first_names.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "\t" in line:
            name, g = line.split("\t", 1)
            out[name.strip().lower()] = g.strip()
    return out


def pronoun_gender(word: str) -> str | None:
    w = word.lower()
    return "m" if w in MALE_PRONOUNS else "f" if w in FEMALE_PRONOUNS else None
GLOSS_RE = re.compile(r"\s*\([^()]*\)\s*$")
NEIGHBOUR_WORDS = frozenset({"neighbouring", "neighboring", "neighbour", "neighbor"})
COUNTRY_NOUNS = frozenset({"country", "nation", "state", "neighbour", "neighbor"})


@functools.lru_cache(maxsize=None)
def load_lexicon(name: str) -> frozenset[str]:
    """A lexicon from nlp/resources: one entry per line, '#' comments, lower-cased."""
    out = set()
    for line in (RESOURCES / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip().lower()
        if line:
            out.add(line)
    return frozenset(out)


@dataclass
class Entity:
    id: str
    name: str
    type: str
    mentions: list[tuple[int, int]] = field(default_factory=list)  # token spans
    titles: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)  # lower-cased words of names and titles
    age: int | None = None
    last_token: int = -1
    role: str | None = None  # the title phrase as written, lower-cased: "foreign minister"
    org: str | None = None  # the organisation a title belongs to: "Kremlin spokesman X"
    country: str | None = None  # the state a title belongs to: "German Chancellor X"
    principal: str | None = None  # the person a title serves: "Trump's special envoy, X"
    bare: int = 0  # mentions by the surname alone
    gender: str | None = None  # "m" or "f" from an honorific, a gendered title or a given name
    credit: bool = False  # only named in a caption credit (photographer, agency): never a news actor
    credit_mentions: set[tuple[int, int]] = field(default_factory=set)
    caption_only: bool = True

    def to_dict(self, doc: Doc, text: str | None = None, as_of: str | None = None) -> dict:
        text = doc_text(doc) if text is None else text
        ms = []
        for s, e in sorted(set(self.mentions)):
            a, b = doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)
            ms.append({"start": a, "end": b, "text": text[a:b]})
        out = {"id": self.id, "name": self.name, "type": self.type, "mentions": ms}
        if self.role or self.titles:
            out["role"] = self.role or " ".join(sorted(self.titles))
        for key in ("org", "country", "principal"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        if as_of and (self.role or self.titles):
            out["as_of"] = as_of
        if self.credit:
            out["credit"] = True
        elif self.credit_mentions:
            for m, (s, e) in zip(ms, sorted(set(self.mentions))):
                if (s, e) in self.credit_mentions:
                    m["credit"] = True
        return out


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    entity: int
    subject: bool
    depth: int


def _depth(tok: Token) -> int:
    d = 0
    while tok.head.i != tok.i and d < 50:
        tok = tok.head
        d += 1
    return d


def _strip(span: Span) -> Span:
    """Drop a leading determiner and a trailing possessive from a name span."""
    s, e = span.start, span.end
    doc = span.doc
    while e > s and (doc[e - 1].tag_ == "POS" or doc[e - 1].is_punct):
        e -= 1
    while s < e and (doc[s].lower_ in DETERMINERS or doc[s].is_punct):
        s += 1
    return doc[s:e]


_MENTION_POS = frozenset({PROPN, NOUN, PRON})


def _in_ranges(offsets: list[int], ranges: list[tuple[int, int]]) -> list[bool]:
    """For each ascending offset, whether it lies in one of the sorted (start, end) ranges: one pass
    over both lists, not one scan of the ranges per token."""
    out, k, n = [], 0, len(ranges)
    for x in offsets:
        while k < n and ranges[k][1] <= x:
            k += 1
        out.append(k < n and ranges[k][0] <= x)
    return out


class Resolver:
    """Mentions of one Doc resolved to entities. ``allowed`` lists the (start, end) character ranges
    whose mentions count (body and heading blocks: not captions or credits)."""

    def __init__(self, doc: Doc, allowed: Iterable[tuple[int, int]] | None = None):
        self.doc = doc
        self.text = doc_text(doc)
        self.entities: list[Entity] = []
        self.mentions: list[Mention] = []
        self.by_sent: dict[int, list[Mention]] = {}
        self.token_entity: dict[int, int] = {}
        self.titles = load_lexicon("titles.txt")
        self.org_heads = load_lexicon("org_heads.txt")
        self.nominal_cues = load_lexicon("cues_nouns.txt")
        self.speech_verbs = load_lexicon("cues_verbs.txt")
        self.quoted = self._quotes()
        self.sent_starts = [s.start for s in doc.sents]
        self.sent_of = [0] * len(doc)
        for k, s in enumerate(doc.sents):
            for i in range(s.start, s.end):
                self.sent_of[i] = k
        ranges = sorted(allowed) if allowed is not None else [(0, len(self.text))]
        self._ok = _in_ranges(doc.to_array("IDX").tolist(), ranges)
        self._key: dict[tuple[str, str], int] = {}
        self._build()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        doc = self.doc
        ent_start = {e.start: e for e in doc.ents if e.label_ in NAMED_TYPES}
        pos = doc.to_array("POS").tolist()
        i = 0
        while i < len(doc):
            if not self._ok[i] or (pos[i] not in _MENTION_POS and i not in ent_start):
                i += 1  # only names, nouns and pronouns can be mentions
                continue
            tok = doc[i]
            ent = ent_start.get(i)
            if ent is not None:
                self._register_named(ent)
                i = ent.end
                continue
            if tok.pos_ == "PROPN" and tok.ent_type_ == "" and self._bare_surname(tok):
                self._add_mention(self._bare_surname(tok), i, i + 1)
            elif tok.lower_ in PERSON_PRONOUNS and tok.tag_ in ("PRP", "PRP$"):
                g = pronoun_gender(tok.text)
                k = self.salient(tok, ("PERSON",), g)
                if k is not None:
                    self._add_mention(k, i, i + 1)
                    if g and self.entities[k].gender is None and not self.quoted[i]:
                        self.entities[k].gender = g  # "Doe ... he said": Doe is a man from here on
            elif tok.dep_ in DESCRIPTOR_DEPS and tok.pos_ == "NOUN" and i not in self.token_entity \
                    and self.resolve_descriptor(self.doc[tok.left_edge.i:tok.i + 1]) is not None:
                span = self.doc[tok.left_edge.i:tok.i + 1]
                self._add_mention(self.resolve_descriptor(span), span.start, span.end)
            elif tok.lower_ == "it" and tok.dep_ == "nsubj" and tok.head.lemma_.lower() in self.speech_verbs \
                    and not any(c.dep_ in ("ccomp", "xcomp") and c.i < tok.i for c in tok.head.children):
                # "it said", "it warned": a speaking organisation; never "made it clear", "it would be"
                k = self.salient(tok, ("ORG",))
                if k is not None:
                    self._add_mention(k, i, i + 1)
            elif tok.pos_ == "NOUN" and i not in self.token_entity:
                got = self._class_descriptor(tok)
                if got is not None:
                    k, s0, e0 = got
                    self._add_mention(k, s0, e0)
                    i = e0
                    continue
            i += 1
        # a surname the tagger left unlabelled ("Doe spoke first."), once the full name is known
        surnames = {e.name.lower().split()[-1]: k for k, e in enumerate(self.entities)
                    if e.type == "PERSON" and len(e.name.split()) > 1}
        for tok in doc:
            if tok.pos_ == "PROPN" and self._ok[tok.i] and tok.i not in self.token_entity and tok.ent_type_ == "" \
                    and tok.lower_ in surnames and not (tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "PROPN") \
                    and not (tok.i > 0 and doc[tok.i - 1].pos_ == "PROPN"):
                self._add_mention(surnames[tok.lower_], tok.i, tok.i + 1)
        for ms in self.by_sent.values():
            ms.sort(key=lambda m: m.start)
        self._captions_and_credits()

    def _add_mention(self, k: int, s: int, e: int, index: bool = True) -> None:
        doc = self.doc
        ent = self.entities[k]
        if not index:  # captions and credits: listed, but never salient for a pronoun
            ent.mentions.append((s, e))
            for i in range(s, e):
                self.token_entity.setdefault(i, k)
            return
        ent.caption_only = False
        root = doc[s:e].root
        m = Mention(s, e, k, root.dep_ in SUBJECT_DEPS, _depth(root))
        self.mentions.append(m)
        self.by_sent.setdefault(self.sent_of[s], []).append(m)
        ent.mentions.append((s, e))
        ent.last_token = max(ent.last_token, s)
        for i in range(s, e):
            self.token_entity.setdefault(i, k)

    def _new(self, name: str, typ: str) -> int:
        self.entities.append(Entity(id=f"e{len(self.entities) + 1}", name=name, type=typ))
        return len(self.entities) - 1

    def _register_named(self, ent: Span, index: bool = True) -> int | None:
        span = _strip(ent)
        if ent.label_ == "WEAPON" and len(span) and ent[-1].text == ")":
            span = self.doc[span.start:ent.end]  # keep the gloss in the mention: "X (Gloss)"
        if not len(span):
            return None
        typ = ent.label_
        if typ == "PERSON" and len(span) == 1 and not any(
                e.type == "PERSON" and e.name.lower().split()[-1] == span[0].lower_ for e in self.entities):
            place = _place_kind(span.text)
            if place in ("country", "region", "continent"):
                typ = "GPE"  # the tagger's "Crimea" as a person
        if typ == "PERSON":
            span = self._hyphen_extend(span)
        name = span.text
        if typ != "PERSON" and len(span) == 1 and span[0].pos_ == "PROPN":
            # the tagger's label is less reliable than a surname already known: "According to Doe"
            w = span[0].text.lower()
            if any(e.type == "PERSON" and len(e.name.split()) > 1 and e.name.lower().split()[-1] == w
                   for e in self.entities):
                typ = "PERSON"
        if typ == "PERSON":
            k = self._match_person(span)
            if k is None:
                k = self._new(name, typ)
            elif len(name.split()) > len(self.entities[k].name.split()):
                self.entities[k].name = name
            e = self.entities[k]
            e.words.update(w.lower() for w in name.split())
            if len(name.split()) == 1:
                e.bare += 1
            self._gender(span, e)
            self._collect_titles(span, e)
            self._add_mention(k, span.start, span.end, index)
            return k
        else:
            got = self._named_key(ent, span, name, typ)
            if got is None:
                return None
            key, name, typ, span = got
            k = self._key.get(key)
            if k is None:
                k = self._key[key] = self._new(name, typ)
            elif typ == "NORP" and self._better_norp(name, self.entities[k].name):
                self.entities[k].name = name
        self._add_mention(k, span.start, span.end, index)
        return k

    def _named_key(self, ent: Span, span: Span, name: str, typ: str):
        """(cluster key, name, type, mention span) of a non-person name."""
        doc = self.doc
        if typ == "WEAPON":
            base = GLOSS_RE.sub("", name) or name  # "X (Gloss)" -> "X"
            return ("WEAPON", base.lower()), base, typ, span
        if typ in ("GPE", "LOC"):
            country = country_name(name)
            if country:
                return ("GPE", country.lower()), country, "GPE", span
            cap = capital_of(name)
            if cap and metonymic(span):
                return ("GPE", cap.lower()), cap, "GPE", span
            return (typ, city_key(name)), name, typ, span
        if typ == "NORP":
            root = span.root
            head = root.head
            if root.dep_ in ("amod", "compound") and head.pos_ == "NOUN" and head.i > root.i \
                    and head.lemma_.lower() in STATE_HEADS and head.tag_ in ("NN", "NNP"):
                country = state_of(name)
                if country:  # "the German government" stands for the state
                    s0 = head.left_edge.i
                    if doc[s0].lower_ not in ("the", "a", "an") and s0 != root.i:
                        s0 = root.i
                    return ("GPE", country.lower()), country, "GPE", doc[s0:head.i + 1]
            key, pref = norp_key(name)
            if (pref.startswith("the ") or name.endswith("s")) and root.pos_ in ("PROPN", "NOUN"):
                # a bloc named as a noun keeps its article and adjectives: "the collective West"
                s0 = span.start
                while s0 > 0 and doc[s0 - 1].pos_ == "ADJ" and doc[s0 - 1].head.i == root.i and span.start - s0 < 2:
                    s0 -= 1
                if s0 > 0 and doc[s0 - 1].lower_ == "the" and doc[s0 - 1].head.i == root.i:
                    span = doc[s0 - 1:span.end]
            return ("NORP", key), pref, typ, span
        if typ == "ORG" and len(span) == 1 and (typ, name.lower()) not in self._key:
            # a short form of an organisation named in full before: "the Post" after "The New York Post"
            for (t2, n2), k2 in self._key.items():
                if t2 == "ORG" and " " in n2 and n2.split()[-1] == name.lower() and not self.entities[k2].credit:
                    return (t2, n2), self.entities[k2].name, typ, span
        return (typ, name.lower()), name, typ, span

    @staticmethod
    def _better_norp(new: str, old: str) -> bool:
        """A noun form names a group better than its adjective: "Europeans" over "European"."""
        if old.startswith("the "):
            return False
        if new.startswith("the "):
            return True
        return new.endswith("s") and not old.endswith("s")

    def _bare_surname(self, tok: Token) -> int | None:
        """A surname the tagger left unlabelled ("Doe spoke first."), once the full name is known."""
        doc = self.doc
        if (tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "PROPN") or (tok.i > 0 and doc[tok.i - 1].pos_ == "PROPN"):
            return None
        return self._by_surname(tok.lower_, min_words=2)

    def _by_surname(self, w: str, min_words: int = 1) -> int | None:
        """The person (of at least ``min_words`` words, not a photo credit) whose name ends in ``w``:
        the one most often called by it bare, else the first named."""
        same = [k for k, e in enumerate(self.entities)
                if e.type == "PERSON" and not e.credit and len(e.name.split()) >= min_words
                and e.name.lower().split()[-1] == w]
        return min(same, key=lambda k: (-self.entities[k].bare, k)) if same else None

    def name_label(self, span: Span) -> int | None:
        """The person a speaker's label in a transcript stands for ('LOPEZ:', 'JANE DOE:'): the entity
        the label's last word is already part of, else the person the document names with that surname
        (the label then becomes a mention of them); None when the document names no such person."""
        if not len(span):
            return None
        k = self.entity_at(span[-1])
        if k is not None:
            return k if self.entities[k].type == "PERSON" else None
        k = self._by_surname(span[-1].lower_)
        if k is not None:
            self._add_mention(k, span.start, span.end)
        return k

    def _hyphen_extend(self, span: Span) -> Span:
        """A name the tokenizer cut at a hyphen: "Jo-" + "Renee Doe", "Ban Ki" + "-moon"."""
        doc = self.doc
        s, e = span.start, span.end
        while s >= 2 and doc[s - 1].text == "-" and not doc[s - 1].whitespace_ and not doc[s - 2].whitespace_ \
                and doc[s - 2].is_alpha and doc[s - 2].text[:1].isupper():
            s -= 2
        while e + 1 < len(doc) and doc[e].text == "-" and not doc[e - 1].whitespace_ and not doc[e].whitespace_ \
                and doc[e + 1].is_alpha:
            e += 2
        return doc[s:e] if (s, e) != (span.start, span.end) else span

    def _name_gender(self, span: Span) -> str | None:
        doc = self.doc
        before = doc[span.start - 1].lower_ if span.start > 0 else ""
        if before in HONORIFIC_GENDER:
            return HONORIFIC_GENDER[before]
        words = span.text.split()
        return first_names().get(words[0].lower()) if len(words) > 1 else None

    def _gender(self, span: Span, ent: Entity) -> None:
        """An honorific before the name ("Mrs. Doe") or a known given name ("Jane Doe")."""
        doc = self.doc
        if ent.gender is not None:
            return
        before = doc[span.start - 1].lower_ if span.start > 0 else ""
        first = span[0].lower_
        if before in HONORIFIC_GENDER or first in HONORIFIC_GENDER:
            ent.gender = HONORIFIC_GENDER.get(before) or HONORIFIC_GENDER.get(first)
            return
        words = span.text.split()
        if len(words) > 1:
            ent.gender = first_names().get(words[0].lower())

    def _match_person(self, span: Span) -> int | None:
        words = [w for w in span.text.lower().replace("\u2019", "'").split() if w.strip(".,'")]
        if not words:
            return None
        cands = sorted((k for k, e in enumerate(self.entities) if e.type == "PERSON" and not e.credit),
                       key=lambda k: -self.entities[k].last_token)
        if len(words) == 1:
            # a bare surname goes to whoever the text already calls by it, else to the first named:
            # relatives and namesakes come with their full names
            same = [k for k in cands if self.entities[k].name.lower().split()[-1] == words[0]]
            if same:
                return min(same, key=lambda k: (-self.entities[k].bare, k))
        g = self._name_gender(span)
        for k in cands:
            ew = self.entities[k].name.lower().split()
            eg = self.entities[k].gender
            if g and eg and g != eg:
                continue  # "Obama ... he" is not "Michelle Obama"
            if ew[-1] == words[-1] and (len(words) == 1 or len(ew) == 1 or ew[0] == words[0]):
                return k
            short, long_ = (ew, words) if len(ew) < len(words) else (words, ew)
            if len(short) > 1 and short[0] in SURNAME_PARTICLES and long_[-len(short):] == short:
                return k  # "De Blasio" and "Bill de Blasio"
        if len(words) == 1:  # a first name alone, for someone already named in full
            for k in cands:
                ew = self.entities[k].name.lower().split()
                if len(ew) > 1 and ew[0] == words[0]:
                    return k
        return None

    @staticmethod
    def _appositive(t: Token, span: Span) -> bool:
        """Whether ``t`` sits in an apposition to the name ("Doe, the agency's spokeswoman, said"),
        not in the clause that follows it ("in Chelsea, the mayor said")."""
        for _ in range(4):
            if t.dep_ == "appos" and span.start <= t.head.i < span.end:
                return True
            if t.head.i == t.i:
                return False
            t = t.head
        return False

    def _is_title(self, t: Token) -> bool:
        return t.lower_ in self.titles or t.lemma_.lower() in self.titles or t.lower_ in TITLE_ABBREVIATIONS

    def _title(self, t: Token) -> str:
        low = t.lower_
        if low in TITLE_ABBREVIATIONS:
            return TITLE_ABBREVIATIONS[low]
        return t.lemma_.lower() if t.lemma_.lower() in self.titles else low

    def _affiliation(self, j: int, ent: Entity, sent_start: int) -> None:
        """The organisation, state or person a title before a name belongs to, from the token at ``j``
        ("Kremlin spokesman", "German Chancellor", "Russia's President", "Trump's special envoy")."""
        doc = self.doc
        if j >= sent_start and doc[j].tag_ == "POS":
            j -= 1
        if j < sent_start:
            return
        k = self.token_entity.get(j)
        if k is not None:
            other = self.entities[k]
            if other.type == "PERSON":
                ent.principal = other.name
            elif other.type == "ORG":
                ent.org = other.name
            elif other.type in ("GPE", "NORP"):
                ent.country = country_name(other.name) or state_of(other.name) or ent.country
            return
        if doc[j].ent_type_ in ("NORP", "GPE"):
            ent.country = state_of(doc[j].text) or ent.country

    def _collect_titles(self, span: Span, ent: Entity) -> None:
        doc = self.doc
        sent = doc[span.start].sent
        j = span.start - 1
        role_words: list[str] = []
        while j >= sent.start and doc[j].pos_ in ("PROPN", "NOUN", "ADJ") and doc[j].i not in self.token_entity \
                and not (doc[j].ent_type_ in ("NORP", "GPE", "ORG") and not self._is_title(doc[j])):
            w = doc[j].lower_
            if self._is_title(doc[j]):
                ent.titles.add(self._title(doc[j]))
            if self._is_title(doc[j]) or role_words:
                role_words.insert(0, self._title(doc[j]) if w in TITLE_ABBREVIATIONS else w)
            if w in GENDERED_TITLES or w in HONORIFIC_GENDER:  # stronger than a given name's guess
                ent.gender = GENDERED_TITLES.get(w) or HONORIFIC_GENDER.get(w)
            ent.words.add(w)
            j -= 1
        if role_words:
            ent.role = " ".join(role_words)
            self._affiliation(j, ent, sent.start)
        if span.start >= 2 and doc[span.start - 1].text == "," and doc[span.start - 2].lower_ in GENDERED_TITLES:
            ent.gender = GENDERED_TITLES[doc[span.start - 2].lower_]  # "his daughter, Ellie"
        if not role_words and span.start >= 3 and doc[span.start - 1].text == "," and self._is_title(doc[span.start - 2]):
            # a title in apposition before the name: "Acme's chief executive, Jane Doe, said"
            j = span.start - 2
            words = []
            while j >= sent.start and doc[j].pos_ in ("NOUN", "ADJ", "PROPN") and j not in self.token_entity:
                words.insert(0, doc[j].lower_)
                j -= 1
            if words:
                if self._is_title(doc[span.start - 2]):
                    ent.titles.add(doc[span.start - 2].lemma_.lower())
                ent.role = ent.role or " ".join(words)
                self._affiliation(j, ent, sent.start)
        # an apposition after the name: "Jane Doe, the agency's spokeswoman, ..." or an age: "Doe, 52,"
        k = span.end
        if k + 1 < len(doc) and doc[k].text == ",":
            if doc[k + 1].like_num and k + 2 < len(doc) and doc[k + 2].text in (",", ".") and doc[k + 1].text.isdigit():
                ent.age = int(doc[k + 1].text)
            else:
                j = k + 1
                while j < sent.end and j < k + 10 and doc[j].text not in (",", ".", ";", "(", ")"):
                    w = doc[j].lower_
                    if w in GENDERED_TITLES and self._appositive(doc[j], span):
                        ent.gender = GENDERED_TITLES[w]
                    if doc[j].pos_ in ("NOUN", "PROPN") and (w in self.titles or doc[j].lemma_.lower() in self.titles) \
                            and self._appositive(doc[j], span):
                        ent.titles.add(doc[j].lemma_.lower() if doc[j].lemma_.lower() in self.titles else w)
                    if doc[j].pos_ in ("ADJ", "PROPN", "NOUN"):
                        ent.words.add(w)
                    j += 1

    def _country_entities(self) -> list[int]:
        return [k for k, e in enumerate(self.entities) if e.type == "GPE" and country_name(e.name)]

    def _class_descriptor(self, tok: Token) -> tuple[int, int, int] | None:
        """A common noun standing for an entity named before: "the neighbouring country" (the last
        country named, not the speaker's own), "the alliance"/"alliance troops" (an organisation of that
        class: NATO). (entity, start, end) or None."""
        doc = self.doc
        low = tok.lemma_.lower()
        if tok.tag_ not in ("NN", "NNP"):
            return None
        dets = [c for c in tok.children if c.dep_ in ("det", "poss")]
        if dets and dets[0].lower_ != "the":
            return None
        start = dets[0].i if dets else tok.i
        if not dets and tok.dep_ != "compound":
            return None
        mods = {c.lower_ for c in tok.children if c.dep_ in ("amod", "compound")}
        if low in COUNTRY_NOUNS and (mods & NEIGHBOUR_WORDS or low in ("neighbour", "neighbor")) and dets:
            own = None
            p = self.salient(tok, ("PERSON",))
            if p is not None:
                own = self.entities[p].country
            best = None
            for k in self._country_entities():
                e = self.entities[k]
                last = max((s for s, _ in e.mentions if s < tok.i), default=-1)
                if last < 0 or (own and e.name == own):
                    continue
                if best is None or last > best[1]:
                    best = (k, last)
            if best is not None and self.sent_of[tok.i] - self.sent_of[best[1]] <= LOOKBACK_SENTENCES:
                return best[0], start, tok.i + 1
            return None
        if mods - {"military", "western", "defence", "defense", "security", "political", "trade"}:
            return None
        best = None
        for m in self.mentions:
            e = self.entities[m.entity]
            if e.type != "ORG" or m.start >= tok.i:
                continue
            name = e.name.lower()
            words = set(name.replace(".", "").split())
            if low in ORG_CLASSES.get(name, ()) or (low in self.org_heads and name.endswith(" " + low)) \
                    or words & set(CLASS_NAME_WORDS.get(low, ())):
                if best is None or m.start > best[1]:
                    best = (m.entity, m.start)
        if best is not None:
            return best[0], start, tok.i + 1
        return None

    def _captions_and_credits(self) -> None:
        """Names in captions join the entities (never salient for pronouns); caption credits give
        photographers and agencies, marked as credits."""
        doc = self.doc
        blocks = doc._.blocks if Doc.has_extension("blocks") else None
        if not blocks:
            return
        captions, credits = [], []
        for b in blocks:
            if getattr(b, "role", None) != "caption" or getattr(b, "duplicate_of", None) is not None:
                continue
            cr = getattr(b, "credit", None)
            captions.append((b.start, cr[0] if cr else b.end))
            if cr:
                credits.append(cr)
        if not captions:
            return
        for ent in doc.ents:
            if ent.label_ in NAMED_TYPES and any(a <= ent.start_char and ent.end_char <= b for a, b in captions) \
                    and ent.start not in self.token_entity:
                self._register_named(ent, index=False)
        for sp in doc.spans.get("credits", ()) if "credits" in doc.spans else ():
            if sp.label_ not in ("CREDIT_PERSON", "CREDIT_AGENCY") or sp.start in self.token_entity:
                continue
            if not any(a <= sp.start_char < b for a, b in credits):
                continue
            typ = "PERSON" if sp.label_ == "CREDIT_PERSON" else "ORG"
            key = ("CREDIT", typ, sp.text.lower())
            k = self._key.get(key)
            if k is None:
                same = [k2 for k2, e in enumerate(self.entities)
                        if e.type == typ and e.name.lower() == sp.text.lower() and not e.credit]
                if same:
                    k = same[0]
                    self.entities[k].credit_mentions.add((sp.start, sp.end))
                else:
                    k = self._key[key] = self._new(sp.text, typ)
                    self.entities[k].credit = True
            self._add_mention(k, sp.start, sp.end, index=False)

    # ------------------------------------------------------------------ resolving
    def _quotes(self) -> list[bool]:
        """Whether each token lies inside double quotation marks (reset at each line break)."""
        out = [False] * len(self.doc)
        inside = False
        for i, txt in enumerate(token_lowers(self.doc)):  # (no quotation mark has a case)
            if "\n" in txt:  # (a token's trailing whitespace is a space or nothing)
                out[i] = inside
                inside = False
                continue
            if txt in QUOTE_OPEN or txt == "\u201c":
                inside = True
            elif txt in QUOTE_CLOSE:
                inside = False
            elif txt == '"' or txt == "''" or txt == "``":
                inside = not inside if txt == '"' else txt == "``"
            else:
                out[i] = inside
        return out

    def salient(self, tok: Token, types: tuple[str, ...], gender: str | None = None) -> int | None:
        """The most salient entity of the given types before ``tok``: not one named inside a quotation
        (unless ``tok`` is quoted too), nor a person of the other gender when it is known."""
        k0 = self.sent_of[tok.i]
        quoted = self.quoted
        own_q = quoted[tok.i]
        for k in range(k0, max(-1, k0 - LOOKBACK_SENTENCES), -1):
            ms = [m for m in self.by_sent.get(k, ()) if self.entities[m.entity].type in types
                  and m.end <= tok.i and not (m.start <= tok.i < m.end)
                  and (own_q or not quoted[m.start])
                  and not (gender and self.entities[m.entity].gender not in (None, gender))]
            if not ms:
                continue
            subj = [m for m in ms if m.subject]
            if subj:
                best = min(subj, key=lambda m: (m.depth, m.start))
            else:
                best = ms[-1]
            return best.entity
        return None

    def resolve_descriptor(self, span: Span) -> int | None:
        """A role or age descriptor ("the foreign minister", "the 52-year-old") to a person named before."""
        doc = self.doc
        m = AGE_RE.search(span.text)
        if m:
            age = int(m.group(1))
            for e in sorted(self.entities, key=lambda e: -e.last_token):
                if e.type == "PERSON" and e.age == age and e.last_token < span.start:
                    return self.entities.index(e)
            if span[0].lower_ in ("the", "this"):
                return self.salient(span[0], ("PERSON",))
            return None
        if not len(span) or span[0].lower_ not in ("the", "this"):
            return None
        head = span.root
        if head.tag_ in ("NNS", "NNPS"):
            return None
        title = head.lemma_.lower() if head.lemma_.lower() in self.titles else head.lower_
        if title not in self.titles or any(t.ent_type_ == "PERSON" for t in span):
            return None
        mods = {t.lower_ for t in span if t.i != head.i and t.pos_ in ("ADJ", "PROPN", "NOUN")}
        cands = [k for k, e in enumerate(self.entities)
                 if e.type == "PERSON" and title in e.titles and 0 <= e.last_token < span.start]
        if not cands:
            return None
        cands.sort(key=lambda k: -self.entities[k].last_token)
        if mods:
            for k in cands:
                if mods <= self.entities[k].words:
                    return k
        return cands[0]

    def entity_at(self, tok: Token) -> int | None:
        return self.token_entity.get(tok.i)

    def _appositive_name(self, span: Span) -> int | None:
        """The named entity set off by commas in a descriptor's apposition: "Her counterpart, Jane Doe"
        (the parser's appos, or a proper name between commas, or after one at the span's end)."""
        head = span.root
        for c in head.children:
            if c.dep_ == "appos" and span.start <= c.i < span.end:
                k = self.entity_at(c)
                if k is not None and self.entities[k].type in ("PERSON", "ORG"):
                    return k
        doc = self.doc
        for t in span:
            if t.text != ",":
                continue
            j = t.i + 1
            names = []
            while j < span.end and doc[j].pos_ == "PROPN":
                names.append(j)
                j += 1
            if not names or not (j == span.end or doc[j].text == ","):
                continue
            ks = {self.entity_at(doc[i]) for i in names}
            if len(ks) == 1:
                k = ks.pop()
                if k is not None and self.entities[k].type == "PERSON":
                    return k
        return None

    def resolve(self, span: Span, register: bool = True) -> int | None:
        """The entity a source mention stands for, or None."""
        if not len(span):
            return None
        doc = self.doc
        head = span.root
        if head.lower_ in PERSON_PRONOUNS:
            k = self.entity_at(head)
            return k if k is not None else self.salient(head, ("PERSON",), pronoun_gender(head.text))
        if head.lower_ in NEUTER_PRONOUNS:
            k = self.entity_at(head)
            return k if k is not None else self.salient(head, ("ORG",))
        if head.pos_ == "PRON":
            return None
        k = self.entity_at(head)
        if k is not None and self.entities[k].type in ("GPE", "LOC", "NORP"):
            # a place or nationality before a person's name modifies it: "Acme police Chief Jane Doe"
            persons = [self.entity_at(t) for t in span if t.i > head.i and self.entity_at(t) is not None
                       and self.entities[self.entity_at(t)].type == "PERSON"]
            if persons:
                return persons[-1]
        if k is not None:
            return k
        # an apposition names the descriptor: "Her counterpart, Jane Doe," / "the agency, Acme,"
        k = self._appositive_name(span)
        if k is not None:
            return k
        # a title or an organisation's head noun with the name beside it: "spokeswoman Jane Doe",
        # "the Acme news agency", "Doe's campaign"
        inside = [self.entity_at(t) for t in span if self.entity_at(t) is not None]
        lemma = head.lemma_.lower()
        if inside:
            persons = [k for k in inside if self.entities[k].type == "PERSON"]
            if lemma in self.titles and persons:
                return persons[-1]
            if lemma in self.org_heads:
                return inside[0]
        # "the view of the farmers", "her statement": the holder of a nominal cue
        if lemma in self.nominal_cues:
            for c in head.children:
                if c.dep_ == "poss":
                    return self.resolve(doc[c.left_edge.i:c.right_edge.i + 1], register)
                if c.dep_ == "prep" and c.lower_ in ("of", "by"):
                    objs = [g for g in c.children if g.dep_ == "pobj"]
                    if objs:
                        return self.resolve(doc[objs[0].left_edge.i:objs[0].right_edge.i + 1], register)
            return None
        k = self.resolve_descriptor(span)
        if k is not None:
            if register:
                self._add_mention(k, span.start, span.end)
            return k
        if head.pos_ == "NOUN" and span[0].lower_ == "the":
            got = self._class_descriptor(head)
            if got is not None:
                if register:
                    self._add_mention(got[0], got[1], got[2])
                return got[0]
        # a group: a plural common noun ("Officials in the capital", "Critics")
        if head.tag_ == "NNS" and head.pos_ == "NOUN" and lemma not in self.org_heads:
            s = _strip(span)
            if not len(s):
                return None
            key = ("GROUP", s.text.lower())
            k = self._key.get(key)
            if k is None:
                k = self._key[key] = self._new(s.text[0].upper() + s.text[1:], "GROUP")
            if register:
                self._add_mention(k, s.start, s.end)
            return k
        return None

    def to_dicts(self) -> list[dict]:
        art = self.doc._.article if Doc.has_extension("article") else None
        as_of = art.get("published") if isinstance(art, dict) else None
        return [e.to_dict(self.doc, self.text, as_of) for e in self.entities]
