"""Where every actor stands: (holder, issue, stance, evidence, date, voiced_by) from stance cues.

A stance cue (``resources/positions_cues.tsv``: "reject", "categorical rejection of", "legitimate
targets", "a subject for discussion", "willingness to discuss", "left open whether", "no ... position",
"intention to establish", "insists on" ...) in a body sentence gives a position on the cue's object.

Who holds it: inside an attribution's content, the speaker, unless the content names a state as the
cue's own subject or possessor ("Russia's position of rejection", "the country insists"); outside,
the cue's subject (or the subject of the verb a cue noun depends on: "signalled a willingness").
A person who speaks for a state (a title with a country, capital, seat of government or adjective of
nationality: "Kremlin spokesman X", "German Chancellor Y") voices it: ``holder`` is the state and
``voiced_by`` the person. A withheld or denied report ("did not say that ...") gives no position.

The issue is a short noun phrase: the object of the cue, with "the idea of", "the possible" and such
trimmed; an anaphoric one ("such troops", "such a move", "it") takes the latest issue of the document
with the same head (or the latest issue at all); an open stance on discussing X is the issue
"discussing X". ``issue_key`` holds its content lemmas, for grouping across articles.

Writes ``doc._.positions``.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .pipeline import token_lemmas

from .events import (Context, _np_text, _rows, actor_name, affiliation, body_regions,
                     speaker_state, state_of)

EXTRACTOR = "newsgraph.positions/1"
RESOURCES = Path(__file__).resolve().parent / "resources"
STANCES = ("support", "oppose", "open", "undecided", "none")
DISCUSS = frozenset({"discuss", "discussion", "negotiate", "negotiation", "talk", "talks", "consider", "debate"})
# adjectives that judge their subject ("X is unacceptable"); others qualify their holder ("X is opposed")
EVALUATIVE = frozenset({"unacceptable", "welcome", "inadmissible", "intolerable"})
ANAPHOR_DETS = frozenset({"such", "this", "that", "these", "those"})
VAGUE_HEADS = frozenset({"move", "idea", "step", "plan", "proposal", "issue", "matter", "question", "option",
                         "thing", "one", "it", "this", "that", "them", "they", "possibility", "prospect"})
TRIM_LEAD = re.compile(r"^(?:(?:the|a|an|such|any|its|their|his|her|our|possible|potential|so-called|up to|to|"
                       r"more than|nearly|about|over|some|"
                       r"idea of|question of|issue of|prospect of|possibility of|matter of)\s+)+", re.I)
STOP = frozenset("""a an the of in on at to for from by with and or but as is are was were be been being
that this these those such it its their his her our your my we they he she you i not no any some more most
very so than then there here which who whom whose what when where how whether if would could should will
shall may might can must do does did has have had about into over under after before between against
also only just both either each other own same""".split())
# head nouns that name the same kind of thing: "foreign forces" and "Western troops"
SYNONYMS = {"force": "troop", "soldier": "troop", "peacekeeper": "troop", "contingent": "troop",
            "deployment": "troop", "stationing": "troop", "talks": "talk", "negotiation": "talk",
            "discussion": "talk", "membership": "membership", "accession": "membership", "enlargement": "expansion"}


@functools.lru_cache(maxsize=None)
def cues() -> dict:
    verbs, vprep, nouns, adjs, phrases = {}, {}, {}, {}, {}
    for kind, cue, stance in _rows("positions_cues.tsv"):
        if stance not in STANCES:
            raise ValueError(f"positions_cues.tsv: unknown stance {stance!r}")
        cue = cue.lower()
        if kind == "v" and "+" in cue:
            v, p = cue.split("+", 1)
            vprep[(v, p)] = stance
        elif kind == "v":
            verbs[cue] = stance
        elif kind == "n":
            nouns[cue] = stance
        elif kind == "a":
            adjs[cue] = stance
        elif kind == "p":
            phrases[tuple(cue.split())] = stance
    return {"v": verbs, "vp": vprep, "n": nouns, "a": adjs, "p": phrases}


def content_lemmas(text: str) -> frozenset[str]:
    """The content words of an issue, lower-cased and crudely lemmatised (for grouping without a
    model: plural -s and -ing forms folded, synonyms of a few heads merged)."""
    out = set()
    for w in re.findall(r"[A-Za-z][A-Za-z\-]+", text.lower()):
        for part in w.split("-"):
            if len(part) < 2 or part in STOP:
                continue
            out.add(_fold(part))
    return frozenset(out)


def _fold(w: str) -> str:
    if w in SYNONYMS:
        return SYNONYMS[w]
    for suf, rep in (("ies", "y"), ("ing", ""), ("ed", ""), ("s", "")):
        if w.endswith(suf) and len(w) - len(suf) >= 3 and not w.endswith("ss"):
            stem = w[: -len(suf)] + rep
            return SYNONYMS.get(stem, stem)
    return w


# ---------------------------------------------------------------- issues
def _issue_of(tok: Token | None) -> Token | None:
    """The object of a cue token."""
    if tok is None:
        return None
    for c in tok.children:
        if c.dep_ in ("dobj", "attr"):
            return c
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("of", "on", "to", "against", "for", "over", "about"):
            for g in c.children:
                if g.dep_ in ("pobj",):
                    return g
                if g.dep_ == "pcomp":
                    return _issue_of(g) or g
    for c in tok.children:  # "intention to establish X", "willingness to discuss X"
        if c.dep_ in ("acl", "xcomp", "relcl") and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
            return _issue_of(c) or c
    return None


def issue_text(tok: Token) -> str:
    """A short noun phrase for an issue head: modifiers, "of"/"in" phrases and a participle
    ("troops stationed in X"), at most a dozen tokens."""
    if tok.pos_ == "VERB":  # "deploying Western troops": the verb's object carries the issue
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        if obj is not None:
            return f"{tok.text} {issue_text(obj)}"
    keep = {tok.i}
    for c in tok.children:
        if c.dep_ in ("det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "advmod") and c.i < tok.i:
            keep |= {t.i for t in c.subtree}
        elif c.dep_ == "prep" and c.i > tok.i and c.lower_ in ("of", "in", "from", "on", "for", "with"):
            cut = {t.i for r in c.subtree if r.dep_ in ("relcl", "appos") for t in r.subtree}
            keep |= {t.i for t in c.subtree} - cut
        elif c.dep_ == "acl" and c.tag_ == "VBN":
            keep |= {t.i for t in c.subtree}
    for c in tok.children:  # a relative clause or apposition ends the phrase
        if c.dep_ in ("relcl", "appos", "conj", "cc") and c.i > tok.i:
            keep -= {t.i for t in c.subtree} | {c.i}
    idx = sorted(keep)
    lo = idx[0]
    hi = lo
    for i in idx:  # contiguous from the start (quotation marks and hyphens may sit between)
        if i > hi + 1 and not all(tok.doc[j].is_punct and tok.doc[j].text not in ",;:" for j in range(hi + 1, i)):
            break
        hi = i
    hi = min(hi, lo + 12)
    text = re.sub(r"\s*[“”\"]\s*", " ", tok.doc[lo:hi + 1].text).strip(" ,.;:'")
    text = re.sub(r"\s+", " ", text)
    text = TRIM_LEAD.sub("", text).strip()
    return text


def _anaphoric(tok: Token) -> bool:
    if tok.pos_ == "PRON":
        return True
    if any(c.dep_ in ("det", "amod", "predet") and c.lower_ in ANAPHOR_DETS for c in tok.children):
        return True
    return tok.lemma_.lower() in VAGUE_HEADS and not any(
        c.dep_ in ("prep", "acl", "compound", "amod") for c in tok.children)


# ---------------------------------------------------------------- holders
def holder_of(ctx: Context, tok: Token | None) -> tuple[str | None, str | None]:
    """(holder, voiced_by) for a noun phrase that takes a stance."""
    if tok is None or tok.lower_ in ("who", "whose", "which", "that", "whom", "what"):
        return None, None
    from .events import _agentive

    if not _agentive(ctx, tok):  # "the world", "any entities": no holder to track
        return None, None
    name, _ = actor_name(ctx, tok)
    if not name:
        return None, None
    ent = ctx.ent_of.get(tok.i)
    person = (ent or {}).get("type") == "PERSON" or (ent is None and tok.ent_type_ == "PERSON")
    if person:
        st = None
        for m in (ent or {}).get("mentions", []) or []:
            span = ctx.doc.char_span(m["start"], m["end"], alignment_mode="expand")
            if span is not None:
                st = affiliation(ctx, span.root)
                if st:
                    break
        if st is None:
            st = affiliation(ctx, tok)
        return (st, name) if st else (name, None)
    return name, None


def _att_holder(ctx: Context, att: dict) -> tuple[str | None, str | None]:
    sp = att.get("speaker") or {}
    name = sp.get("name")
    if not name:
        return None, None
    ent = next((e for e in ctx.doc._.entities or [] if e.get("id") == sp.get("entity_id")), None)
    if ent is not None and ent.get("type") == "PERSON":
        st = speaker_state(ctx, att)
        return (st, name) if st else (name, None)
    return state_of(name) or name, None


def _subject_of(tok: Token) -> Token | None:
    cur = tok
    for _ in range(5):
        for c in cur.children:
            if c.dep_ in ("nsubj", "nsubjpass", "poss"):
                return c
        if cur.dep_ in ("dobj", "xcomp", "acomp", "pobj", "prep", "attr", "conj", "acl", "ccomp", "advcl") \
                and cur.head is not cur:
            cur = cur.head
            continue
        return None
    return None


# ---------------------------------------------------------------- the extractor
class _State:
    def __init__(self):
        self.issues: list[tuple[str, Token | None]] = []  # issues so far in the document, in order

    def resolve(self, head: Token | None) -> str | None:
        if not self.issues:
            return None
        if head is not None and head.pos_ != "PRON":
            want = _fold(head.lemma_.lower())
            for text, _ in reversed(self.issues):
                if want in content_lemmas(text):
                    return text
        return self.issues[-1][0]


@functools.lru_cache(maxsize=None)
def _cue_words() -> frozenset[str]:
    """Every lemma a single-word stance cue can have (verb, verb with particle, noun, adjective)."""
    c = cues()
    return frozenset(c["v"]) | frozenset(v for v, _ in c["vp"]) | frozenset(c["n"]) | frozenset(c["a"])


def _cue_hits(sent: Span) -> list[tuple[Token, str, str, Span | None]]:
    """(anchor token, stance, kind, phrase span) for every stance cue in a sentence."""
    c = cues()
    out = []
    lemmas = token_lemmas(sent.doc)[sent.start:sent.end]
    present = set(lemmas)
    used: set[int] = set()
    for phrase, stance in sorted(c["p"].items(), key=lambda kv: -len(kv[0])):
        if not present.issuperset(phrase):
            continue
        n = len(phrase)
        for i in range(len(lemmas) - n + 1):
            if tuple(lemmas[i:i + n]) == phrase and not (set(range(i, i + n)) & used):
                used |= set(range(i, i + n))
                span = sent[i:i + n]
                out.append((span[0], stance, "p", span))
    words = _cue_words()
    for k, lem in enumerate(lemmas):
        if k in used or lem not in words:
            continue
        tok = sent[k]
        if tok.pos_ in ("VERB", "AUX"):
            hit = None
            for ch in tok.children:
                if ch.dep_ in ("prep", "prt") and (lem, ch.lower_) in c["vp"]:
                    hit = c["vp"][(lem, ch.lower_)]
            hit = hit or c["v"].get(lem)
            if hit:
                out.append((tok, hit, "v", None))
        elif tok.pos_ in ("NOUN",) and lem in c["n"] and tok.dep_ != "compound":  # not "opposition leader"
            out.append((tok, c["n"][lem], "n", None))
        elif tok.pos_ == "ADJ" and lem in c["a"]:
            out.append((tok, c["a"][lem], "a", None))
    return sorted(out, key=lambda h: h[0].i)


def _noun_holder(tok: Token) -> Token | None:
    """Who holds a stance named by a noun: its possessor ("Russia's rejection"), the subject of the
    verb it is the object of ("signalled a willingness"), or the possessor of the noun it qualifies
    ("Russia's position of categorical rejection")."""
    for c in tok.children:
        if c.dep_ == "poss":
            return c
    for c in tok.children:  # "Western support", "Russian opposition"
        if c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE"):
            return c
    if tok.dep_ == "dobj" and tok.head.pos_ in ("VERB", "AUX"):
        return next((c for c in tok.head.children if c.dep_ in ("nsubj",)), None)
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ == "NOUN":
        return _noun_holder(tok.head.head)
    return None


def _proposal_issue(ctx: Context, att: dict) -> str | None:
    """What a proposal's content proposes: its subject, verb and place ("a force stationed in X")."""
    c = att["content"][0]
    span = ctx.doc.char_span(c["start"], c["end"], alignment_mode="expand")
    if span is None:
        return None
    root = span.root
    subj = next((t for t in root.children if t.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        return None
    text = issue_text(subj)
    if root.pos_ == "VERB":
        text += " " + root.text
        for ch in root.children:
            if ch.dep_ == "prep" and ch.lower_ in ("in", "at", "on", "to", "into"):
                text += " " + " ".join(t.text for t in ch.subtree if t.dep_ != "relcl")[:60]
                break
    return text


def _negated(tok: Token) -> bool:
    cur = tok
    for _ in range(3):
        if any(c.dep_ == "neg" for c in cur.children):
            return True
        if cur.dep_ in ("xcomp", "acomp", "dobj", "ccomp") and cur.head is not cur:
            cur = cur.head
        else:
            break
    return False


def positions_in_sentence(ctx: Context, sent: Span, state: _State, date: str | None) -> list[dict]:
    out = []
    if sent.text.strip().rstrip(" ”\"'").endswith("?"):
        return out  # a question asks where someone stands; it takes no position
    for anchor, stance, kind, phrase in _cue_hits(sent):
        att = ctx.attribution_at(anchor.idx)
        if att is None:
            # a denied report ("did not say that ...") gives no position
            if any(a.get("negated") and any(c["start"] <= anchor.idx < c["end"] for c in a.get("content") or [])
                   for a in ctx.atts):
                continue
        issue_head: Token | None = None
        lem = anchor.lemma_.lower()
        if kind == "p":
            if stance == "undecided":  # "left open whether X": the whether-clause
                tail = phrase[-1]
                clause = tail.head if tail.dep_ == "mark" else tail
                words = [t for t in clause.subtree if t.i > tail.i and t.dep_ not in ("aux", "auxpass") and t.lower_ not in ("whether", "if")]
                issue = " ".join(t.text for t in words).strip(" ,.")
                issue = TRIM_LEAD.sub("", issue)
                holder_tok = _subject_of(phrase[0])
            else:
                v = phrase.root.head if phrase.root.dep_ in ("attr", "oprd", "dobj", "pobj", "acomp") else phrase.root
                while v.dep_ in ("prep",) and v.head is not v:
                    v = v.head
                subj = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                issue_head = subj
                issue = None
                holder_tok = None
        elif stance == "none":
            if not any(c.lower_ == "no" for c in anchor.children):
                continue
            issue_head = _issue_of(anchor)
            issue = None
            holder_tok = None
            for c in anchor.children:
                if c.dep_ == "prep" and c.lower_ in ("from", "of", "by"):
                    holder_tok = next((g for g in c.children if g.dep_ == "pobj"), None)
            if issue_head is not None and issue_head is holder_tok:
                issue_head = None
        elif kind == "a" or lem == "willingness":
            if stance != "open":
                # "X is unacceptable": X is the issue; the speaker of the report holds the stance
                v = anchor.head if anchor.dep_ in ("acomp", "attr", "oprd") and lem in EVALUATIVE else anchor
                issue_head = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None) \
                    if v is not anchor else _issue_of(anchor)
                issue = None
                if v is not anchor:
                    if att is None:
                        continue
                    holder_tok = None
                    if issue_head is None or (issue_head.pos_ == "PRON" and not _anaphoric(issue_head)):
                        continue
                else:
                    holder_tok = _subject_of(anchor)
            else:
                comp = next((c for c in anchor.children if c.dep_ in ("xcomp", "acl", "prep")), None)
                if comp is None or comp.lemma_.lower() not in DISCUSS and not (
                        comp.dep_ == "prep" and any(g.lemma_.lower() in DISCUSS for g in comp.subtree)):
                    continue
                issue_head = _issue_of(comp) if comp.dep_ != "prep" else None
                issue = None
                holder_tok = _subject_of(anchor)
        else:
            if _negated(anchor):
                continue
            issue_head = _issue_of(anchor)
            issue = None
            src_att = next((a for a in ctx.atts if a.get("source") and not a.get("negated")
                            and a["source"]["start"] <= anchor.idx < a["source"]["end"] and a.get("content")), None)
            if anchor.pos_ == "NOUN" and src_att is not None:
                # "according to the vision of X, A could be done": X supports A
                issue = _proposal_issue(ctx, src_att)
                att = src_att
                holder_tok = None
            elif anchor.pos_ == "NOUN":
                holder_tok = _noun_holder(anchor)
                if holder_tok is None and att is None:
                    continue
            elif anchor.dep_ == "acl" and anchor.tag_ == "VBN":  # "guarantees demanded by X"
                issue_head = None
                issue = _np_text(anchor.head)
                holder_tok = next((g for c in anchor.children if c.dep_ == "agent"
                                   for g in c.children if g.dep_ == "pobj"), None)
                if holder_tok is None:
                    continue
            else:
                holder_tok = next((c for c in anchor.children if c.dep_ in ("nsubj",)), None) or _subject_of(anchor)
            if issue_head is not None and (issue_head.dep_ == "dobj" and issue_head.pos_ == "PRON"
                                           or issue_head.lower_.endswith("self") or issue_head.lower_.endswith("selves")):
                continue
        if issue is None and issue_head is None and kind in ("v", "n") and stance != "none":
            continue  # a cue without an object: nothing to carry over from earlier sentences
        if issue is None:
            if issue_head is not None and issue_head.pos_ == "PRON":
                # "X's position on Y was clear, but it could be discussed": Y
                on = [t for t in sent if t.lemma_.lower() in ("position", "stance", "view") and t.i < issue_head.i]
                for t in on:
                    obj = next((g for c in t.children if c.dep_ == "prep" and c.lower_ in ("on", "regarding", "about")
                                for g in c.children if g.dep_ == "pobj"), None)
                    if obj is not None:
                        issue_head = obj
                        break
            if issue_head is None or _anaphoric(issue_head):
                issue = state.resolve(issue_head)
                if issue and issue.startswith("discussing "):
                    issue = issue[len("discussing "):]
            else:
                issue = issue_text(issue_head)
        if not issue or not content_lemmas(issue):
            continue
        m = re.match(r"^(?:non-|non |no )(.+)$", issue, re.I)
        if m and stance in ("support", "oppose"):  # insisting on non-expansion opposes expansion
            issue = m.group(1)
            stance = "oppose" if stance == "support" else "support"
        if stance == "open" and not issue.startswith("discussing "):
            issue = "discussing " + issue
        # who holds it
        holder = voiced = None
        if holder_tok is not None and holder_tok.pos_ != "PRON" and att is not None:
            st = state_of(actor_name(ctx, holder_tok)[0] or "") if holder_tok is not None else None
            if st:  # the content names the state itself: "Russia's position of rejection"
                own, person = _att_holder(ctx, att)
                if own != st:
                    continue  # someone else's claim about this state's stance ("X alleged that Y supports")
                holder, voiced = st, person
        if holder is None and att is not None and not (holder_tok is not None and holder_tok.pos_ != "PRON"
                                                        and holder_tok.idx >= min(c["start"] for c in att["content"])
                                                        and kind != "p" and stance != "none"):
            holder, voiced = _att_holder(ctx, att)
        if holder is None:
            holder, voiced = holder_of(ctx, holder_tok)
        if holder is None and att is not None:
            holder, voiced = _att_holder(ctx, att)
        if holder is None:
            # a report continued past its content's end ("X said that A - but it could be B")
            near = [a for a in ctx.atts if not a.get("negated") and a.get("content")
                    and sent.start_char <= a["content"][0]["start"] < anchor.idx]
            if near:
                holder, voiced = _att_holder(ctx, near[-1])
        if holder is None:
            continue
        if voiced == holder:
            voiced = None
        s, e = sent.start_char, sent.end_char
        raw = ctx.text[s:e]
        s += len(raw) - len(raw.lstrip())
        e = s + len(raw.strip())
        out.append({"holder": holder, "voiced_by": voiced, "issue": issue, "stance": stance,
                    "issue_key": sorted(content_lemmas(issue)),
                    "cue": {"start": anchor.idx, "end": anchor.idx + len(anchor.text), "text": anchor.text},
                    "evidence": [{"start": s, "end": e, "text": ctx.text[s:e]}],
                    "date": _date(ctx, sent) or date})
        state.issues.append((issue, issue_head))
    return out


def _date(ctx: Context, sent: Span) -> str | None:
    for t in ctx.times:
        if sent.start_char <= t["start"] < sent.end_char and t.get("value") and re.match(r"^\d{4}-\d{2}-\d{2}$", t["value"]):
            return t["value"]
    return None


def find_positions(doc: Doc, ctx: Context | None = None) -> list[dict]:
    ctx = ctx or Context(doc)
    regions = body_regions(doc)
    art = doc._.article if Doc.has_extension("article") else None
    date = (art or {}).get("published")
    date = date[:10] if isinstance(date, str) else None
    state = _State()
    out: list[dict] = []
    seen = set()
    for sent in doc.sents:
        if regions is not None and not any(a <= sent.start_char < b for a, b in regions):
            continue
        for p in positions_in_sentence(ctx, sent, state, date):
            key = (p["holder"], p["issue"].lower(), p["stance"], p["evidence"][0]["start"])
            if key not in seen:
                seen.add(key)
                out.append(p)
    return out


class PositionsComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.positions = find_positions(doc)
        return doc


@Language.factory("newsgraph_positions", assigns=["doc._.positions"])
def make_positions(nlp: Language, name: str) -> PositionsComponent:
    return PositionsComponent()
