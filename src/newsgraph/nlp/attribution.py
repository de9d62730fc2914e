"""Who said what: direct, indirect and mixed attributions from rules on the dependency parse.

For every reporting cue in a body sentence (a reporting verb, "according to", a verb whose object or
prepositional object is the content) the component finds the source mention (the cue's subject, a
postposed noun phrase, the object of "quoted X as saying"), the content (the clausal complement on
either side of the cue, the object phrase, a quotation after a colon, both halves of a quotation
split by its cue) and resolves the source to an entity of the document. A report that is denied or
withheld ("did not say that", "declined to say", "denied that") is given with ``negated: true``.

Writes ``doc._.attributions`` (the CONTRACT shape) and ``doc._.entities``.
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..resolve import Resolver, load_lexicon
from .pipeline import doc_text, token_lemmas, token_lowers

EXTRACTOR = "newsgraph.attribution/1"
OPEN_QUOTES = "“«„‟"
CLOSE_QUOTES = "”»"
STRAIGHT_QUOTE = '"'
ALL_QUOTES = OPEN_QUOTES + CLOSE_QUOTES + STRAIGHT_QUOTE
SUBJ = ("nsubj", "nsubjpass", "csubj")
# governors that turn a report into a withheld or denied one: "declined to say", "refused to confirm"
WITHHOLD = frozenset({"decline", "refuse", "fail"})
DENY = frozenset({"deny"})
# verbs whose infinitival complement is content: "urged the court to act", "promised to cut taxes"
XCOMP_CUES = frozenset({"urge", "ask", "promise", "vow", "pledge", "tell", "warn", "demand", "call",
                        "threaten", "advise", "remind", "expect", "plan", "want", "hope", "seek", "aim",
                        "intend", "wish", "refuse", "decline", "propose", "agree", "offer"})
# dependents of a cue that belong to the cue clause, not to the content
CLAUSE_DEPS = frozenset({"nsubj", "nsubjpass", "aux", "auxpass", "neg", "advmod", "npadvmod", "punct",
                         "dative", "prt", "agent", "cc", "mark", "intj"})
# prepositional adjuncts that set the scene of a report rather than carry its content
CIRCUMSTANCE_PREPS = frozenset({"during", "amid", "at", "after", "before", "since", "following", "despite",
                                "while", "in", "on", "throughout", "via", "through"})
# subordinators of a time clause: "condemned the launch as the leaders met" says when, not what
TIME_MARKS = frozenset({"when", "while", "as", "until", "till", "before", "after", "since", "once"})
# verbs of a report without a source ("seems to", "appears to"; "is expected to" is handled beside them)
RAISING = frozenset({"seem", "appear"})
# adverbs that mark a clause as reported by someone unnamed ("The FBI is reportedly ...")
EVIDENTIAL = frozenset({"reportedly", "allegedly", "purportedly", "reputedly", "supposedly"})
# what speaks for the people it asked: "In a CNN poll released Monday, ..." ("In" is the cue); wider lists
# (report, statement, interview, view ...) cost PolNeAR train more precision than they gained
DOCUMENT_SOURCES = frozenset({"poll", "survey"})
# verbs of judging whose "X as Y" object is a view held: "voters see the plan as unfair"
SEE_AS = frozenset({"see", "view", "regard"})
# nouns of a held view that make "in X's view" a source phrase, like "according to X"
VIEW_NOUNS = frozenset({"view", "opinion", "estimation", "judgment", "judgement", "word"})
# prepositions whose object is the content after any reporting verb: "spoke about", "was asked about"
# verbs of the manner of speaking, and "read" of a document: cues only of a quotation right before or
# after them ('"What curfew?" they chanted', 'the letter reads: "..."'), never of a clause
QUOTE_ONLY_VERBS = frozenset({"yell", "scream", "shout", "sing", "chant", "quip", "muse", "mutter", "whisper",
                              "exclaim", "shriek", "holler", "cry", "read", "crow", "gush", "sneer", "snap"})
GENERIC_PREPS = frozenset({"about", "of", "on", "for", "against"})
CONCESSIVE = frozenset({"while", "although", "though", "whereas", "if", "unless"})
SIGNED_RE = re.compile(r"(?P<c>[" + ALL_QUOTES + r"][^\n]+?[" + ALL_QUOTES + r"])\s*(?P<d>[―—–]+)\s*"
                       r"(?P<s>[A-Z][^\n]{1,80}?)\s*$")
# a speaker's turn in a transcript: a paragraph led by a name in capitals and a colon ('WALLACE: ...',
# '"JANE DOE: ...'), after an optional opening quotation mark or dash
TURN_RE = re.compile(r"[\"“'‘—–-]?\s*(?P<l>[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,2}):\s+(?=\S)")
SOURCE_POS = frozenset({"DET", "ADJ", "NOUN", "PROPN", "NUM", "PRON", "PART"})
CONTENT_TRIM = set(" \n\t,.;:–—-") | {"(", ")"}


@functools.lru_cache(maxsize=None)
def _lexicons():
    learnt = load_lexicon("cues_verbs_learnt.txt")
    verbs = load_lexicon("cues_verbs.txt") | learnt
    obj_verbs = load_lexicon("cues_verbs_object.txt") | learnt
    prep: dict[str, set[str]] = {}
    for line in load_lexicon("cues_verbs_prep.txt"):
        words = line.split()
        prep.setdefault(words[0], set()).add(words[-1])
    return verbs, obj_verbs, prep


# the dependents of a cue whose clause says nothing of its own ("as many experts have pointed out")
BARE_CLAUSE = frozenset({"nsubj", "aux", "advmod", "neg", "mark", "prt", "punct", "npadvmod"})
# a relative clause that the writer adds after the reported words (', which ...')
RELATIVE_ASIDE = frozenset({"which", "who"})
# a description the writer adds after the last name of the reported words (', a former governor')
APPOSITIVE_ASIDE = frozenset({"a", "an", "the"})


@dataclass
class _Att:
    cue: list[tuple[int, int]]  # char spans
    content: list[tuple[int, int]]  # char spans
    source: tuple[int, int] | None  # token span
    via: tuple[int, int] | None = None  # token span
    negated: bool = False
    rank: int = 0  # lower wins when two readings share a content
    cue_tokens: set[int] = field(default_factory=set)
    bare: bool = False  # no cue word: a signed quotation ('"..." ― Jane Doe') or a 'Name:' line; cue is null


_QUOTE_MARKS = re.compile("''|[" + OPEN_QUOTES + CLOSE_QUOTES + STRAIGHT_QUOTE + "]")


def find_quotes(text: str, ranges) -> list[tuple[int, int]]:
    """Quotations (with their marks) inside the given character ranges; one left open runs to the
    end of its range (a quotation continued in the next paragraph reopens there)."""
    out = []
    for a, b in ranges:
        open_at = None
        for m in _QUOTE_MARKS.finditer(text, a, b):  # jump from mark to mark
            i, c = m.start(), m.group()
            if c == "''":  # two apostrophes for a double quote
                if open_at is None:
                    open_at = i
                else:
                    out.append((open_at, i + 2))
                    open_at = None
            elif c in OPEN_QUOTES:
                open_at = i
            elif c in CLOSE_QUOTES:
                if open_at is not None:
                    out.append((open_at, i + 1))
                    open_at = None
            elif c == STRAIGHT_QUOTE:
                if open_at is None:
                    open_at = i
                else:
                    out.append((open_at, i + 1))
                    open_at = None
        if open_at is not None and b - open_at > 1:
            out.append((open_at, b))
    return out


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in CONTENT_TRIM:
        a += 1
    while b > a and text[b - 1] in CONTENT_TRIM:
        b -= 1
    return a, b


_DANGLING_END = re.compile(r"(?:[\s,;:–—-]+(?:and|but|or|nor))+\s*$")


# sentence connectives the writer adds before reported words (PolNeAR leaves them out; "But" it keeps)
_CONNECTIVES = "However|Still|Also|In addition|Moreover|Furthermore"  # each set off by a comma; "And" is not
_CONNECTIVE_START = re.compile(rf"(?:And|(?:{_CONNECTIVES}),)\s+")
_CONNECTIVE_ALONE = re.compile(rf"(?:And|{_CONNECTIVES}),?")


def _drop_dangling(text: str, a: int, b: int) -> tuple[int, int]:
    """A content that ends in a conjunction ("... not complete, and") ends before it."""
    m = _DANGLING_END.search(text, a, b)
    return _trim(text, a, m.start()) if m and m.start() > a else (a, b)


def _drop_connective(text: str, a: int, b: int) -> tuple[int, int]:
    """A content that starts with a connective ("However, the plan ...") starts after it."""
    m = _CONNECTIVE_START.match(text, a, b)
    return (m.end(), b) if m and m.end() < b else (a, b)


def kind_of(text: str, spans: list[tuple[int, int]], quotes: list[tuple[int, int]]) -> str:
    """direct: every part of the content is a quotation; mixed: it holds quotation marks; else indirect."""
    if spans and all(any(q0 <= a <= q0 + 1 and q1 - 1 <= b <= q1 for q0, q1 in quotes) for a, b in spans):
        return "direct"
    if any(c in ALL_QUOTES for a, b in spans for c in text[a:b]) or any("''" in text[a:b] for a, b in spans):
        return "mixed"
    return "indirect"


class AttributionComponent:
    def __init__(self) -> None:
        self.verbs, self.obj_verbs, self.prep_verbs = _lexicons()
        self.nouns = load_lexicon("cues_nouns.txt")
        self.all_verbs = self.verbs | self.obj_verbs | set(self.prep_verbs) | {"quote", "make", "point"}
        # every lemma (or word) that can start a report; other tokens are passed over unbuilt
        self.cue_words = frozenset(self.nouns | self.all_verbs | QUOTE_ONLY_VERBS | RAISING | EVIDENTIAL
                                   | SEE_AS | VIEW_NOUNS | {"quote", "cite", "according", "in"})
        self._text = ""  # the doc's text, while __call__ runs

    # ------------------------------------------------------------------ entry
    def __call__(self, doc: Doc) -> Doc:
        text = self._text = doc_text(doc)  # Doc.text is rebuilt on every access: read it once
        blocks = doc._.blocks
        if blocks is None:
            body = [(0, len(text))]
            allowed = body
        else:
            body = [(b.start, b.end) for b in blocks if b.role == "body" and b.duplicate_of is None]
            allowed = [(b.start, b.end) for b in blocks if b.role in ("body", "heading") and b.duplicate_of is None]
        res = Resolver(doc, allowed)
        quotes = find_quotes(text, body)
        self._in_quote = [False] * len(doc)
        for q0, q1 in quotes:
            for t in doc.char_span(q0, q1, alignment_mode="expand") or ():
                if q0 < t.idx < q1 - 1:
                    self._in_quote[t.i] = True
        atts: list[_Att] = []
        for sent in doc.sents:
            if not any(a <= sent.start_char < b for a, b in body):
                continue
            atts.extend(self._sentence(sent, quotes))
        atts.extend(self._signed_quotes(doc, body))
        atts.extend(self._transcript_turns(doc, body, res))
        for at in atts:
            if at.content:
                at.content[-1] = _drop_dangling(text, *at.content[-1])
        atts = self._dedupe(atts)
        for at in atts:  # (after _dedupe, which reads an interposed cue from the pieces around it)
            if len(at.content) > 1 and _CONNECTIVE_ALONE.fullmatch(text, *at.content[0]):
                at.content.pop(0)  # "Still, the minister said, the talks go on": the first piece is no words
            if at.content:
                at.content[0] = _drop_connective(text, *at.content[0])
        self._quotes_run_on(doc, quotes, atts)
        self._continued_quotes(body, quotes, atts)
        out = []
        for at in sorted(atts, key=lambda x: x.content[0]):
            out.append(self._to_dict(doc, at, res, quotes))
        doc._.attributions = out
        doc._.entities = res.to_dicts()
        self._text = ""
        return doc

    # ------------------------------------------------------------------ per sentence
    def _sentence(self, sent: Span, quotes) -> list[_Att]:
        doc = sent.doc
        out: list[_Att] = []
        lemmas, lowers, words = token_lemmas(doc), token_lowers(doc), self.cue_words
        for i in range(sent.start, sent.end):
            if self._in_quote[i] or (lemmas[i] not in words and lowers[i] not in words):
                continue
            tok = doc[i]
            if tok.lower_ == "according" and tok.i + 1 < sent.end and doc[tok.i + 1].lower_ == "to":
                at = self._according(tok, sent)
                if at:
                    out.append(at)
                continue
            lem = tok.lemma_.lower()
            if tok.pos_ == "NOUN" and lem in VIEW_NOUNS:
                at = self._in_view(tok, sent)
                if at:
                    out.append(at)
                    continue
            if tok.pos_ == "NOUN" and lem in self.nouns:
                at = self._nominal(tok, sent)
                if at:
                    out.append(at)
                continue
            if lem in ("quote", "cite"):
                at = self._quoted_as_saying(tok, sent)
                if at:
                    out.append(at)
                    continue
            if lowers[i] == "in":
                at = self._in_document(tok, sent)
                if at:
                    out.append(at)
                continue
            if lowers[i] in EVIDENTIAL:
                at = self._evidential(tok, sent)
                if at:
                    out.append(at)
                continue
            if lem in RAISING or (lem == "expect" and tok.tag_ == "VBN"):
                at = self._hedge(tok, sent)
                if at:
                    out.append(at)
                    continue
            if tok.pos_ != "VERB":
                continue
            if lem in SEE_AS:
                at = self._seen_as(tok, sent)
                if at:
                    out.append(at)
                    continue
            if lem not in self.all_verbs and lem not in QUOTE_ONLY_VERBS:
                continue
            if tok.dep_ == "amod" or (tok.dep_ == "acl" and tok.tag_ == "VBN"):
                continue
            if tok.dep_ == "advcl" and tok.i < tok.head.i and any(
                    c.dep_ == "mark" and c.lower_ in CONCESSIVE for c in tok.children):
                continue  # "While the ministry prefers talks, ...": background, not a report (after
                # its clause, "..., while other voters said they had not heard of it" is one)
            out.extend(self._verb(tok, sent, quotes))
        out.extend(self._name_colon(sent, quotes, out))
        out.extend(self._colon_quotes(sent, quotes, out))
        return out

    @staticmethod
    def _colons(sent: Span) -> list[int]:
        """Indices of the sentence's ':' tokens."""
        lowers = token_lowers(sent.doc)
        return [i for i in range(sent.start, sent.end) if lowers[i] == ":"]

    def _name_colon(self, sent: Span, quotes, found: list[_Att]) -> list[_Att]:
        """A headline or digest line led by a name and a colon: "Jane Doe: We Will Not Back Down",
        "- Acme Polling: “The race is tied.”" — the name speaks the rest of the line."""
        doc = sent.doc
        out = []
        for i in self._colons(sent):
            tok = doc[i]
            if self._in_quote[i] or i == sent.start:
                continue
            j = tok.i - 1
            while j >= sent.start and (doc[j].pos_ == "PROPN" or doc[j].lower_ == "and" and j < tok.i - 1) \
                    and "\n" not in doc[j].text_with_ws and tok.i - j <= 5:
                j -= 1
            start = j + 1
            if start == tok.i or doc[start].lower_ == "and" or not any(doc[k].pos_ == "PROPN" for k in range(start, tok.i)):
                continue
            if not (j < sent.start or "\n" in doc[j].text_with_ws or doc[j].text in ("-", "–", "—")
                    or doc[j].lower_ == "from" and j - 1 >= sent.start and doc[j - 1].lower_ == "more"):
                continue
            if any(doc[k].ent_type_ in ("GPE", "LOC", "DATE", "TIME") for k in range(start, tok.i)):
                continue  # a dateline, not a speaker
            k = tok.i + 1
            while k < sent.end and doc[k].is_space:
                k += 1
            q = self._quote_at(doc, k, quotes) if k < sent.end else None
            if q is not None:
                span = q
            else:
                end = k
                while end < sent.end and "\n" not in doc[end].text:
                    end += 1
                if end <= k:
                    continue
                span = self._chars(doc, k, end)
            if span[1] - span[0] < 8 or any(a <= span[0] < b for at in found for a, b in at.content):
                continue
            out.append(_Att([(tok.idx, tok.idx + 1)], [span], (start, tok.i), None, False, 2, {tok.i}, bare=True))
        return out

    def _subject(self, tok: Token, depth: int = 0) -> tuple[Token | None, bool]:
        """The subject of the cue (its head token) and whether it came from an agent phrase."""
        subjects = [c for c in tok.children if c.dep_ in ("nsubj", "csubj")]
        if len(subjects) > 1:  # '"... full panic mode," said Jane Doe': the quoted words are not the subject
            subjects = [c for c in subjects if not self._in_quote[c.i]] or subjects
        if subjects:
            return subjects[-1] if len(subjects) > 1 else subjects[0], False
        for c in tok.children:
            if c.dep_ == "agent":
                objs = [g for g in c.children if g.dep_ == "pobj"]
                if objs:
                    return objs[0], True
        for c in tok.children:
            if c.dep_ == "nsubjpass" and c.lower_ not in ("it", "this"):
                if tok.lemma_.lower() in ("quote", "cite"):
                    return c, False
                return None, False
        if depth < 3 and tok.tag_ == "VBG" and tok.dep_ == "pcomp" and tok.head.dep_ == "prep" \
                and tok.head.head.pos_ in ("VERB", "AUX") and tok.head.lower_ in ("by", "after", "before", "in", "while", "without"):
            # "She answered by saying that ...": the participle's subject is the clause's
            return self._subject(tok.head.head, depth + 1)
        if depth < 3 and tok.tag_ == "VBG" and tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN") \
                and tok.head.dep_ in SUBJ + ("appos",) and not self._in_quote[tok.head.i]:
            # "The ministry, saying that ...": the noun the participle hangs on
            return tok.head, False
        if depth < 3 and tok.dep_ in ("conj", "xcomp", "advcl") and tok.head.i != tok.i:
            if tok.dep_ == "advcl" and tok.tag_ != "VBG" and not (
                    tok.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)):
                return None, False  # (an infinitive of purpose, "came on the show to talk about X", has it)
            head = tok.head
            if tok.dep_ == "advcl" and head.dep_ == "ccomp" and head.head.i < head.i and head.head.pos_ == "VERB" \
                    and head.head.lemma_.lower() in self.all_verbs:
                # "X said that A, arguing B": the parser hung the participle on the reported clause,
                # but the one arguing is the one who said it
                return self._subject(head.head, depth + 1)
            if tok.dep_ == "conj" and head.dep_ == "ccomp" and head.head.pos_ == "VERB" \
                    and head.head.lemma_.lower() in self.all_verbs \
                    and getattr(self._misattached_conj(head, head.head), "i", None) == tok.i:
                return self._subject(head.head, depth + 1)
            return self._subject(head, depth + 1)
        return None, False

    def _misattached_conj(self, comp: Token, tok: Token) -> Token | None:
        """'China said it was opposed to the test and warned North Korea ...': a cue verb without a
        subject, coordinated with the reported clause's verb but in the tense of the cue, which the
        parser hung on the reported clause; it is the speaker's second report."""
        for v in comp.children:
            if v.dep_ == "conj" and v.i > comp.i and v.pos_ == "VERB" and v.tag_ == tok.tag_ \
                    and v.lemma_.lower() in self.verbs and not self._in_quote[v.i] \
                    and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in v.children) \
                    and (comp.tag_ != tok.tag_ or any(c.dep_ in ("aux", "auxpass") for c in comp.children)):
                return v
        return None

    def _postposed_source(self, tok: Token, sent: Span) -> tuple[int, int] | None:
        """ '..., the 52-year-old said': a noun phrase right before a cue the parser left subjectless."""
        doc = tok.doc
        j = tok.i - 1
        while j >= sent.start and doc[j].dep_ in ("advmod", "aux") and doc[j].pos_ in ("ADV", "AUX"):
            j -= 1
        end = j + 1
        while j >= sent.start and (doc[j].pos_ in SOURCE_POS or doc[j].tag_ == "HYPH" or doc[j].is_title) \
                and not self._in_quote[j] and (not doc[j].is_punct or doc[j].tag_ == "HYPH"):
            j -= 1
        start = j + 1
        if start < end and (j < sent.start or doc[j].is_punct) and any(doc[k].pos_ in ("NOUN", "PROPN", "PRON") for k in range(start, end)):
            return start, end
        if start == end and j > sent.start and doc[j].text == "," and j == tok.i - 1:
            # '"...," Flynn, a top adviser, said': a name with its appositive between a closing
            # quotation mark and the cue
            k = j - 1
            while k >= sent.start and k > j - 14 and not self._in_quote[k] and doc[k].text not in CLOSE_QUOTES + STRAIGHT_QUOTE \
                    and (doc[k].pos_ in SOURCE_POS or doc[k].is_title or doc[k].text == "," or doc[k].tag_ == "HYPH"):
                k -= 1
            first = k + 1
            if k >= sent.start and doc[k].text in CLOSE_QUOTES + STRAIGHT_QUOTE + "''" and first < j \
                    and doc[first].pos_ == "PROPN" \
                    and sum(1 for x in doc[first:j] if x.text == ",") == 1:
                return first, j
        return None

    def _span_tokens(self, toks: list[int]) -> tuple[int, int] | None:
        if not toks:
            return None
        return min(toks), max(toks) + 1

    def _chars(self, doc: Doc, s: int, e: int) -> tuple[int, int]:
        a, b = doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)
        return _trim(self._text, a, b)

    def _clause_left(self, tok: Token, exclude: Token | None) -> int:
        """Leftmost token of the cue clause (subject, auxiliaries, adverbs before the cue)."""
        left = tok.i
        for c in tok.lefts:
            if exclude is not None and c.i == exclude.i:
                continue
            if c.dep_ in CLAUSE_DEPS and c.dep_ != "punct":
                left = min(left, c.left_edge.i)
        return left

    def _clause_right(self, tok: Token) -> int:
        """Last token of the cue clause to the right of the cue (a postposed subject, 'told reporters')."""
        right = tok.i
        for c in tok.rights:
            if c.dep_ in ("nsubj", "nsubjpass", "dative", "npadvmod", "prt", "advmod", "neg") or (
                    c.dep_ == "dobj" and tok.lemma_.lower() in ("tell", "ask", "inform", "remind", "assure", "warn")):
                if c.left_edge.i <= right + 1 or all(t.is_punct or t.pos_ in ("ADV",) for t in tok.doc[right + 1:c.left_edge.i]):
                    right = c.right_edge.i
            elif c.dep_ == "prep" and c.i == right + 1 and c.lower_ in ("in", "on", "during", "at", "to", "with"):
                right = c.right_edge.i
        return right

    def _content_of_clause(self, comp: Token, tok: Token, sent: Span) -> list[int]:
        """The complement's tokens on its own side of the cue."""
        if comp.i > tok.i:
            toks = [t.i for t in comp.subtree if t.i > tok.i]
            start, end = min(toks), max(toks)
            # "said that A, contradicting B": a trailing participle clause set off by a comma is the writer's
            for c in comp.rights:
                if c.dep_ == "advcl" and c.tag_ == "VBG" and c.left_edge.i > start + 1 \
                        and tok.doc[c.left_edge.i - 1].text == "," and not self._in_quote[c.i]:
                    end = min(end, c.left_edge.i - 2)
            second = self._misattached_conj(comp, tok)
            if second is not None:  # "said A and warned B": A only
                cc = [c.i for c in comp.children if c.dep_ == "cc" and c.i < second.i]
                end = min(end, (cc[-1] if cc else second.left_edge.i) - 1)
            # "said that A – but B": a coordinated clause hung on the cue continues the content
            for c in tok.rights:
                if c.dep_ == "conj" and c.i > end and c.pos_ in ("VERB", "AUX") and \
                        c.lemma_.lower() not in self.all_verbs and not any(g.dep_ == "conj" for g in c.children):
                    end = c.right_edge.i
            return list(range(start, end + 1))
        left = self._clause_left(tok, comp)
        toks = [t.i for t in comp.subtree if t.i < left]
        if not toks:
            return []
        if self._set_off(tok, None):  # '..., she said': the whole lead of the sentence
            return list(range(sent.start, max(toks) + 1))
        return list(range(max(sent.start, min(toks)), max(toks) + 1))

    def _verb(self, tok: Token, sent: Span, quotes) -> list[_Att]:
        doc = tok.doc
        lem = tok.lemma_.lower()
        subj, _ = self._subject(tok)
        if subj is not None and self._in_quote[subj.i]:
            subj = None  # the quotation's own subject ("We will ...," the chief said), not the speaker
        source = (subj.left_edge.i, subj.right_edge.i + 1) if subj is not None else None
        if source is not None and source[0] <= tok.i < source[1]:
            source = (source[0], tok.i)
        if source is None:
            source = self._postposed_source(tok, sent)
        via = None
        cue_toks = {tok.i}
        inner = tok
        # "Agency X quoted Y as saying that ...": Y speaks, via X
        if lem in ("quote", "cite"):
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "as":
                    pc = [g for g in c.children if g.dep_ in ("pcomp", "pobj") and g.lemma_.lower() in self.verbs]
                    objs = [g for g in tok.children if g.dep_ in ("dobj", "nsubjpass")]
                    if pc:
                        inner = pc[0]
                        if objs:
                            via = source if objs[0].dep_ == "dobj" else None
                            source = (objs[0].left_edge.i, objs[0].right_edge.i + 1)
            if inner is tok and lem == "quote":
                return []
        elif lem == "make":  # "made it clear that ..."
            if not any(c.lower_ in ("clear", "plain") for c in tok.children):
                return []
        elif lem == "point":  # "pointed out that ...", "pointed to her record"
            if not any(c.dep_ == "prt" and c.lower_ == "out" for c in tok.children) and \
                    not any(c.dep_ == "prep" and c.lower_ == "to" for c in tok.children):
                return []
            cue_toks |= {c.i for c in tok.children if c.dep_ == "prt"}
        if inner is tok:
            # "issued a statement Tuesday saying that ...": what the statement says is the content, and
            # the cue runs from the verb to the participle
            objs = [c for c in tok.children if c.dep_ == "dobj" and c.i > tok.i and c.lemma_.lower() in self.nouns]
            part = next((c for o in objs for c in o.children if c.dep_ == "acl" and c.tag_ == "VBG"
                         and c.lemma_.lower() in self.all_verbs and not self._in_quote[c.i]), None)
            if part is not None:
                inner = part
                cue_toks |= set(range(tok.i, part.i + 1))
        negated = any(c.dep_ == "neg" and not self._in_quote[c.i] for c in tok.children) or lem in DENY or (
            tok.dep_ in ("xcomp",) and tok.head.lemma_.lower() in WITHHOLD)
        content: list[int] = []
        rank = 0
        ilem = inner.lemma_.lower()
        if inner is tok and source is not None and ilem in self.verbs and tok.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ == "as" for c in tok.children) and all(
                c.dep_ in BARE_CLAUSE for c in tok.children):
            # "As many experts have pointed out, Y", "Y, as the minister noted, Z": the clause the
            # as-clause hangs on is what was said
            spans = self._around(tok, sent)
            if spans:
                return [_Att([self._cue_span(tok, sent, cue_toks)], spans, source, via, negated, 1, cue_toks)]
        if ilem not in self.all_verbs:  # QUOTE_ONLY_VERBS: a quotation right before or after, or nothing
            if source is None:
                return []
            q = self._quote_before(tok, sent, source, quotes) or self._quote_after(tok, sent, quotes)
            if q is None:
                return []
            return [_Att([self._cue_span(tok, sent, cue_toks)], [q], source, via, negated, 1, cue_toks)]
        comps = [c for c in inner.children if c.dep_ in ("ccomp",) and c.pos_ in ("VERB", "AUX")]
        if not comps and ilem == "make":
            comps = [g for c in inner.children if c.lower_ in ("clear", "plain") for g in c.children
                     if g.dep_ in ("ccomp", "advcl") and g.pos_ in ("VERB", "AUX")]
        if not comps:
            comps = [c for c in inner.children if c.dep_ in ("ccomp",)]
        if not comps and ilem in ("ask", "wonder"):  # "Asked if he was bullied": the parser's advcl
            comps = [c for c in inner.children if c.dep_ == "advcl" and c.i > inner.i and any(
                g.dep_ == "mark" and g.lower_ in ("whether", "if") and g.i == c.left_edge.i for g in c.children)]
        if comps:
            # two complements ("A; by contrast, they argued that B"): the one the cue introduces
            marked = [c for c in comps if c.i > inner.i and any(
                g.dep_ == "mark" and g.lower_ in ("that", "whether", "if") for g in c.children)]
            comp = marked[0] if len(comps) > 1 and marked else comps[0]
            after = [c for c in comps if c.i > inner.i]
            if len(comps) > 1 and not marked and after and comp.i < inner.i and (
                    any(t.text == ";" for t in doc[comp.right_edge.i:inner.i]) or comp.left_edge.pos_ == "ADP"):
                # "A; B said C" and "In a statement released after ..., she said C": the clause the
                # parser also hung on the cue, before a semicolon or inside a phrase, is not what was said
                comp = after[0]
            content = self._content_of_clause(comp, inner, sent)
            if source is None and comp.i < tok.i:
                source = self._postposed_source(tok, sent)
        elif tok.dep_ in ("parataxis", "ccomp", "conj") and tok.head.i < tok.i and self._set_off(tok, subj) and (
                subj is not None or self._postposed_source(tok, sent)) and not (
                tok.dep_ == "conj" and any(c.dep_ in ("dobj", "xcomp") and c.i > tok.i for c in tok.children)):
            # (not "X urged A, and criticized B": a coordinated cue with its own object reports that)
            # "The talks will go on, the minister said": the cue hangs below the content's verb
            head = tok.head
            left = self._clause_left(tok, None)
            if source is None:
                source = self._postposed_source(tok, sent)
                if source:
                    left = min(left, source[0])
            toks = [t.i for t in head.subtree if t.i < left and t.i >= sent.start]
            if toks and not (tok.dep_ == "conj" and any(c.dep_ in SUBJ for c in head.children if c.i < left and c.lower_ in ("i", "we"))):
                content = list(range(min(toks), max(toks) + 1))
                if tok.dep_ == "conj":
                    rank = 2
        elif tok.dep_ in ("parataxis", "ccomp") and tok.head.i > tok.i and ilem in self.verbs and \
                self._set_off(tok, subj) and (subj is not None or self._postposed_source(tok, sent)):
            # "The permit, his campaign said, had been hard to get": a cue clause set inside its content
            got = self._interposed(tok, subj, sent, quotes)
            if got is not None:
                if source is None:
                    source = self._postposed_source(tok, sent)
                if source is not None:
                    return [_Att([self._cue_span(tok, sent, cue_toks)], got, source, via, negated, 1, cue_toks)]
        # "X was asked about Y", "Asked whether ...": a question whose asker goes unnamed
        unasked = lem == "ask" and source is None and not self._in_quote[tok.i] and (
            any(c.dep_ == "nsubjpass" for c in tok.children) or (tok.dep_ in ("advcl", "relcl") and tok.tag_ == "VBN"))
        if not content and source is None and not unasked:
            return []
        if not content and source is not None and ilem in self.verbs:
            q = self._quote_after_phrase(inner, sent, quotes)
            if q is not None:  # 'asking her, "Where do we go?"', 'joked of the museum, "..."'
                return [_Att([self._cue_span(tok, sent, cue_toks)], [q], source, via, negated, 1, cue_toks)]
        if not content and ilem in self.verbs:
            x = [c for c in inner.children if c.dep_ == "xcomp" and c.i > inner.i]
            if x and ilem in XCOMP_CUES:
                objs = [c for c in inner.children if c.dep_ == "dobj" and inner.i < c.i < x[0].i] or [
                    g for c in inner.children if c.dep_ == "prep" and c.lower_ in ("on", "upon") and inner.i < c.i < x[0].i
                    for g in c.children if g.dep_ == "pobj"]  # "called on fellow members to stand up"
                start = objs[0].left_edge.i if objs else x[0].left_edge.i
                end = x[0].right_edge.i
                # "wants to triple A, grow B and create C": bare infinitives the parser hung on the cue
                # continue the infinitive ("to" is not repeated), not a second report of the speaker
                if x[0].tag_ == "VB" and inner.tag_ != "VB":
                    for c in inner.rights:
                        if c.dep_ == "conj" and c.i > end and c.tag_ == "VB" \
                                and not any(g.dep_ in SUBJ + ("aux",) for g in c.children):
                            end = c.right_edge.i
                content = list(range(start, end + 1))
                rank = 1
        if not content and ilem in self.obj_verbs | self.verbs:
            objs = [c for c in inner.children if c.dep_ in ("dobj",) and c.i > inner.i]
            if objs and objs[0].lower_.endswith("self"):
                objs = []
            if objs and (ilem in self.obj_verbs or objs[0].pos_ in ("PRON",) or objs[0].lower_ in ("that",)):
                content = self._object_content(inner, objs[0], sent)
                rank = 3
        if not content:
            # the generic reading only for a verb without an object ("defended itself against" is not one)
            has_obj = any(c.dep_ == "dobj" for c in inner.children)
            preps = self.prep_verbs.get(ilem, frozenset() if has_obj else GENERIC_PREPS)
            for c in inner.children:
                if c.dep_ == "prep" and c.lower_ in preps and c.i > inner.i:
                    objs = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
                    if objs:
                        content = self._object_content(inner, objs[0], sent)
                        cue_toks |= {c.i} | {p.i for p in inner.children if p.dep_ == "prt"}
                        rank = 3
                        break
        if not content and ilem in self.verbs:
            # a that-clause the parser hung elsewhere in the cue's subtree
            for t in doc[inner.i + 1:min(sent.end, inner.i + 8)]:
                if t.lower_ == "that" and t.dep_ == "mark" and any(a.i == inner.i for a in t.ancestors):
                    end = max(x.i for x in inner.subtree)
                    content = list(range(t.i, end + 1))
                    rank = 2
                    break
        if not content and source is not None and ilem in self.verbs:
            q = self._quote_before(tok, sent, source, quotes)
            if q is not None:
                spans = [q]
                right = self._clause_right(tok)
                q2 = self._quote_at(doc, right + 1, quotes)
                if q2 and q2[0] > q[1] and self._quote_stands_alone(doc, q2):
                    spans.append(q2)
                return [_Att([self._cue_span(tok, sent, cue_toks)], spans, source, via, negated, 1, cue_toks)]
            q = self._quote_after(tok, sent, quotes)
            if q is not None:  # 'She said, "Not now."' where the parse hung the quotation elsewhere
                return [_Att([self._cue_span(tok, sent, cue_toks)], [q], source, via, negated, 1, cue_toks)]
        if not content or (source is None and not unasked):
            return []
        spans = self._spans(doc, content, quotes, tok)
        if not spans:
            return []
        if min(content) > tok.i:
            spans[-1] = self._without_trailing_relative(doc, content, spans[-1])
            rel = tok.left_edge
            if tok.dep_ == "relcl" and rel.tag_ in ("WDT", "WP") and rel.lower_ in ("which", "that", "who", "whom") \
                    and rel.i < tok.i and not self._in_quote[rel.i] and (source is None or rel.i < source[0]):
                # "the wall, which he said Mexico should pay for": the relative pronoun stands for part
                # of what was said and is a span of the content (as PolNeAR marks it)
                spans.insert(0, self._chars(doc, rel.i, rel.i + 1))
        if max(content) < tok.i and source is not None:
            # '"...," Acme police Chief Jane Doe said': words after the closing mark belong to the source
            a, b = spans[0]
            for q0, q1 in quotes:
                if q0 <= a <= q0 + 1 and q1 < b <= q1 + 60:
                    k = source[0]
                    while k > 0 and doc[k - 1].idx >= q1 and not doc[k - 1].is_punct:
                        k -= 1
                    if k > 0 and doc[k - 1].idx >= q1:
                        # '"...jail time" for criminal behavior, she said': the words after the
                        # closing mark are set off from the source; the quotation is mixed, the
                        # content runs on to the cue clause
                        break
                    spans[0] = (a, q1)
                    source = (k, source[1])
                    break
        if min(content) > tok.i and source is not None and any(q0 <= spans[0][0] <= q0 + 1 for q0, _ in quotes):
            # '"A," she said, referring to B, "C."': the parse hung the second quotation below the
            # cue; the one closing right before the cue clause is the same speech's first part
            q = self._quote_before(tok, sent, source, quotes)
            if q is not None and q[1] <= spans[0][0] and self._text[q[1] - 2:q[1] - 1] in (",", "…") \
                    and "," not in self._text[q[1]:tok.idx]:
                spans.insert(0, q)
        # a quotation split by its cue: '"A," she said, "B."' or '"A," she said. "B."'
        if content and max(content) < tok.i:
            right = self._clause_right(tok)
            q = self._quote_at(doc, right + 1, quotes)
            if q is None and self._text[spans[-1][1] - 1:spans[-1][1]] in CLOSE_QUOTES + STRAIGHT_QUOTE:
                # '"A," she said, adding that ... . "B."': a quotation that is the whole next sentence of
                # the same paragraph, with no cue of its own, goes on with the same speech
                nq = self._quote_at(doc, sent.end, quotes) if sent.end < len(doc) else None
                if nq and "\n" not in self._text[spans[-1][1]:nq[0]] and self._quote_stands_alone(doc, nq):
                    q = nq
            if q and q[0] > spans[-1][1] and self._quote_stands_alone(doc, q):
                spans.append(q)
            elif q is None and not (spans[-1][1] > spans[-1][0] and self._text[spans[-1][1] - 1] in CLOSE_QUOTES + STRAIGHT_QUOTE):
                # (a closed quotation is whole: what follows the cue clause is the writer's)
                # a parenthetical cue clause: "A, she said, because B" goes on with the same clause
                cset = set(content)
                roots = [doc[i] for i in content if doc[i].head.i not in cset or doc[i].head.i == i]
                rest = [t.i for t in doc[right + 1:sent.end] if not t.is_punct and roots and
                        any(a.i == roots[0].i for a in t.ancestors) and not any(a.i == tok.i for a in t.ancestors)]
                if rest and rest[0] <= right + 3:
                    a, b = self._chars(doc, rest[0], max(rest) + 1)
                    if b > a:
                        spans.append((a, b))
        cue = [self._cue_span(tok, sent, cue_toks)]
        return [_Att(cue, spans, source, via, negated, rank, cue_toks)]

    def _without_trailing_relative(self, doc: Doc, content: list[int], span: tuple[int, int]) -> tuple[int, int]:
        """'said the rules would stay, which angered the unions': a relative clause set off by a
        comma at the end of the reported clause is the writer's aside, not the speaker's words."""
        a, b = span
        end = max(content)
        for i in content:
            t = doc[i]
            if t.dep_ not in ("relcl", "advcl", "appos") or t.right_edge.i < end - 1 or self._in_quote[i]:
                continue
            first = t.left_edge
            if first.lower_ not in (APPOSITIVE_ASIDE if t.dep_ == "appos" else RELATIVE_ASIDE) or first.i < 1 \
                    or doc[first.i - 1].text != ",":
                continue
            if t.dep_ == "appos" and any(c.dep_ in ("conj", "cc") for c in (*t.children, *t.head.children)):
                continue  # a list ('tax fairness, the closure of loopholes and ...'), not a description
            comma = doc[first.i - 1]
            if a < comma.idx and not self._in_quote[comma.i]:
                return _trim(self._text, a, comma.idx)
        return span

    def _around(self, tok: Token, sent: Span) -> list[tuple[int, int]]:
        """The clause that ``tok``'s own clause hangs on, without it: the words before and after it
        (a leading conjunction or adverb such as "Yet" left out), as character spans."""
        doc = tok.doc
        own = {t.i for t in tok.subtree}
        rest = [t.i for t in tok.head.subtree if t.i not in own and sent.start <= t.i < sent.end]
        while rest and (doc[rest[0]].is_punct or doc[rest[0]].dep_ in ("cc", "advmod", "mark") and doc[rest[0]].i < tok.i):
            rest.pop(0)
        spans = []
        for part in ([i for i in rest if i < tok.i], [i for i in rest if i > tok.i]):
            if part:
                a, b = _trim(self._text, *self._chars(doc, min(part), max(part) + 1))
                if b > a:
                    spans.append((a, b))
        return spans

    def _interposed(self, tok: Token, subj: Token | None, sent: Span, quotes) -> list[tuple[int, int]] | None:
        """The two halves of a content around a cue clause set off by commas: "A, she said, B"."""
        doc = tok.doc
        head = tok.head
        left = self._clause_left(tok, None)
        if subj is not None:
            left = min(left, subj.left_edge.i)
        right = max(self._clause_right(tok), max(t.i for t in tok.subtree if not t.is_punct))
        if right + 1 >= sent.end or doc[right + 1].text not in (",", "–", "—"):
            return None
        before = [t.i for t in head.subtree if sent.start <= t.i < left]
        after = [t.i for t in head.subtree if right + 1 < t.i < sent.end]
        if not before or not after:
            return None
        a = self._chars(doc, min(before), max(before) + 1)
        b = self._chars(doc, min(after), max(after) + 1)
        if a[1] <= a[0] or b[1] <= b[0]:
            return None
        # a piece that starts at a quotation's opening or ends at its closing, on its side of the cue, is
        # the whole quotation
        # ("''A,'' he said, ''B''", where the parse leaves a mark alone on one side)
        cue = tok.idx
        pieces = []
        for x0, x1 in (a, b):
            for q0, q1 in quotes:
                if (q1 <= cue or q0 > cue) and (q0 <= x0 <= q0 + 2 or q1 - 2 <= x1 <= q1) and x0 < q1 and x1 > q0:
                    x0, x1 = min(x0, q0), max(x1, q1)
            pieces.append((x0, x1))
        return pieces

    def _left_edge(self, doc: Doc, sent: Span, i: int, deps=("aux", "auxpass", "neg", "advmod")) -> int:
        """The first token of verb i with the auxiliaries, negation and adverbs before it, an adverb's own
        adverb included ("has also said", "isn't saying", "is once again questioning"), but not a "when"
        or "how" that opens the clause ("when asked")."""
        inside = {i}
        j = i - 1
        while j >= sent.start and not self._in_quote[j] and (
                (doc[j].head.i in inside and doc[j].dep_ in deps and doc[j].tag_ != "WRB")
                or (doc[j].is_space and j - 1 >= sent.start and doc[j - 1].head.i in inside)):
            inside.add(j)
            j -= 1
        return j + 1

    def _cue_span(self, tok: Token, sent: Span, cue_toks: set[int]) -> tuple[int, int]:
        """The cue with its auxiliaries, negation and adverbs: "has also said", "isn't saying"."""
        doc = tok.doc
        cue_toks.add(self._left_edge(doc, sent, tok.i))
        head = tok.head
        if tok.dep_ == "xcomp" and head.i < tok.i <= head.i + 3 and head.pos_ in ("VERB", "AUX") \
                and head.i >= sent.start and not self._in_quote[head.i]:
            # the verb the cue depends on: "wanted to know", "was just beginning to realize"
            cue_toks.add(self._left_edge(doc, sent, head.i))
        nxt = tok.i + 1
        if nxt < sent.end and doc[nxt].head.i == tok.i and doc[nxt].dep_ in ("prep", "prt") \
                and doc[nxt].lower_ in self.prep_verbs.get(tok.lemma_.lower(), ()) \
                and (doc[nxt].lower_ != "of" or nxt in cue_toks):
            # a verb's own preposition: "called for", "pressed on"; but "of" only where its object is
            # the content: in '"...," he said of the plan' the plan is what was spoken about, not said
            cue_toks.add(nxt)
        return self._chars(doc, min(cue_toks), max(cue_toks) + 1)

    def _quote_before(self, tok: Token, sent: Span, source: tuple[int, int], quotes) -> tuple[int, int] | None:
        """'"Why not?" she asked.': a cue clause that is a sentence of its own right after a quotation."""
        doc = tok.doc
        i = min(source[0], tok.i) - 1
        while i >= 0 and doc[i].head.i == tok.i and doc[i].dep_ in ("aux", "auxpass", "advmod", "neg"):
            i -= 1
        while i >= 0 and doc[i].text == "," and "\n" not in doc[i].text_with_ws:
            i -= 1
        if i < 0 or "\n" in doc[i].text_with_ws or doc[i].text not in CLOSE_QUOTES + STRAIGHT_QUOTE + "''":
            return None
        end = doc[i].idx + len(doc[i].text)
        for q0, q1 in quotes:
            if q1 == end:
                return q0, q1
        return None

    def _quote_after(self, tok: Token, sent: Span, quotes) -> tuple[int, int] | None:
        """'She said, "Not now."', 'they chanted "What curfew?"': a quotation that opens right after the
        cue clause (after a comma or a colon at most)."""
        right = self._clause_right(tok)
        if right + 1 >= sent.end:
            return None
        q = self._quote_at(tok.doc, right + 1, quotes)
        if q is None or q[0] < tok.idx:
            return None
        return q

    def _quote_after_phrase(self, tok: Token, sent: Span, quotes) -> tuple[int, int] | None:
        """A quotation after a comma or colon that closes the cue's own phrase ('asking her, "..."'):
        every word between the cue and the mark hangs below the cue and none is a verb."""
        doc = tok.doc
        for j in range(tok.i + 1, min(sent.end, tok.i + 12)):
            t = doc[j]
            if t.text in (",", ":"):
                q = self._quote_at(doc, j, quotes)
                return q if q is not None and q[0] > tok.idx else None
            if self._in_quote[j] or t.pos_ in ("VERB", "AUX") or t.is_punct or not any(a.i == tok.i for a in t.ancestors):
                return None
        return None

    def _set_off(self, tok: Token, subj: Token | None) -> bool:
        """Whether a cue clause stands apart from what precedes it (', she said'), rather than being
        embedded in it ('insisted that she said')."""
        if any(c.dep_ == "mark" for c in tok.children):
            return False
        left = self._clause_left(tok, None)
        if subj is not None:
            left = min(left, subj.left_edge.i)
        if left == 0:
            return False
        prev = tok.doc[left - 1]
        if prev.text == ";":  # "A; they learned B" is a clause of its own, not a cue set off from A
            return False
        return prev.is_punct or prev.text in ALL_QUOTES

    def _object_content(self, verb: Token, obj: Token, sent: Span) -> list[int]:
        """From the object to the end of the verb's phrase, stopping at a coordinated clause or a colon."""
        doc = verb.doc
        end = obj.right_edge.i
        for c in verb.rights:
            if c.i <= obj.i:
                continue
            comma_before = c.left_edge.i > 0 and doc[c.left_edge.i - 1].text == ","
            if c.dep_ in ("conj", "cc", "parataxis", "ccomp", "npadvmod") or (c.dep_ == "advcl" and (
                    comma_before or any(g.dep_ == "mark" and g.lower_ in TIME_MARKS for g in c.children))) or (
                    c.dep_ == "punct" and c.text in (":", ";", "–", "—")) or (
                    c.dep_ == "prep" and c.lower_ in CIRCUMSTANCE_PREPS):
                break
            if c.dep_ == "punct":
                continue
            end = max(end, c.right_edge.i)
        # "criticized the law as a crazy system during a stop in Flint": the occasion is the writer's
        # even where the parser hung it on the object
        for t in doc[obj.i + 1:end + 1]:
            if t.dep_ == "prep" and t.lower_ in ("during", "amid") and t.head.pos_ in ("NOUN", "PROPN") \
                    and not self._in_quote[t.i]:  # (not in a clause: "the strategy he laid out during ...")
                end = t.i - 1
                break
        toks = list(range(obj.left_edge.i if obj.left_edge.i > verb.i else obj.i, end + 1))
        # an aside on the object after a comma ("..., who is 70") is the writer's, not the content
        for k, i in enumerate(toks):
            if doc[i].text == "," and i + 1 < len(doc) and doc[i + 1].dep_ in ("nsubj", "nsubjpass") and \
                    doc[i + 1].tag_ in ("WP", "WDT") and doc[i + 1].head.dep_ == "relcl":
                toks = toks[:k]
                break
        # stop at a colon that introduces a quotation: that is a content of its own
        for k, i in enumerate(toks):
            if doc[i].text in (":", ";"):
                toks = toks[:k]
                break
        return [i for i in toks if i < sent.end]

    def _quote_stands_alone(self, doc: Doc, q: tuple[int, int]) -> bool:
        """A quotation with no cue clause of its own after it ('"B," he added' has one)."""
        span = doc.char_span(q[1] - 1, q[1], alignment_mode="expand")
        if span is None:
            return False
        sent = span[0].sent
        return all(t.is_punct or t.is_space for t in doc[span.end:sent.end])

    def _quote_at(self, doc: Doc, tok_i: int, quotes) -> tuple[int, int] | None:
        """The quotation that opens at token ``tok_i`` (after commas, a full stop, spaces), if any."""
        while tok_i < len(doc) and doc[tok_i].text in (",", ":", ".", ";") and "\n" not in doc[tok_i].whitespace_:
            tok_i += 1
        if tok_i >= len(doc):
            return None
        c = doc[tok_i].idx
        for q0, q1 in quotes:
            if q0 == c:
                return q0, q1
        return None

    def _spans(self, doc: Doc, toks: list[int], quotes, cue: Token) -> list[tuple[int, int]]:
        a, b = self._chars(doc, min(toks), max(toks) + 1)
        if a >= b:
            return []
        # a semicolon outside quotation marks ends the reported clause ("said A; B" reports A)
        semis, k = [], self._text.find(";", a, b)
        while k != -1:
            if not any(q0 < k < q1 for q0, q1 in quotes):
                semis.append(k)
            k = self._text.find(";", k + 1, b)
        if semis:
            if cue.idx >= b:
                a = semis[-1] + 1
            elif cue.idx < a:
                b = semis[0]
            a, b = _trim(self._text, a, b)
            if a >= b:
                return []
        # a quotation that runs beyond the sentence belongs to the content whole
        for q0, q1 in quotes:
            if q0 <= cue.idx < q1:
                continue
            # the marks' widths: one character, or two for a double quote written as two apostrophes
            w0 = 2 if self._text.startswith("''", q0) else 1
            w1 = 2 if self._text.startswith("''", q1 - 2) else 1
            if q0 <= a <= q0 + w0 and q1 > b:
                b = q1
            elif q0 < a < q1 - w1 and q1 - w1 <= b + 1:
                a = q0
            if q0 <= a <= q0 + w0 and b < q1 and all(not ch.isalnum() for ch in self._text[b:q1]):
                b = q1  # up to the closing mark
            if a == q0 + w0 and b >= q1 - w1:
                a = q0  # a whole quotation: from its opening mark
        return [(a, b)]

    # ------------------------------------------------------------------ special forms
    def _hedge(self, tok: Token, sent: Span) -> _Att | None:
        """A report without a source: "the plan seems to work", "Smith is expected to resign", "it
        appears that the vote failed". The cue is the verb with its auxiliaries and negation; the
        content is the clause without it (subject and complement), as PolNeAR annotates them."""
        doc = tok.doc
        if self._in_quote[tok.i] or tok.dep_ in ("amod", "acl", "xcomp", "ccomp"):
            return None
        kids = list(tok.children)
        if any(c.dep_ == "agent" for c in kids):
            return None  # "is expected by analysts to ...": a report with a source, left to _verb
        subj = next((c for c in kids if c.dep_ in ("nsubj", "nsubjpass") and c.i < tok.i), None)
        if tok.lemma_.lower() == "expect":
            comp = next((c for c in kids if c.dep_ == "xcomp" and c.i > tok.i), None)
            if comp is None or not any(c.dep_ == "auxpass" for c in kids):
                return None
        else:
            comp = next((c for c in kids if c.dep_ in ("xcomp", "oprd", "acomp", "ccomp") and c.i > tok.i), None)
            if comp is None or comp.pos_ in ("ADP", "PART"):
                return None  # "appeared on television": an appearance, not a report
        if subj is None:
            return None
        first = self._left_edge(doc, sent, tok.i, ("aux", "auxpass", "neg"))  # "is not expected"; no adverbs
        end = comp.right_edge.i
        while end > comp.i and doc[end].is_punct:
            end -= 1
        cue = self._chars(doc, first, tok.i + 1)
        if subj.lower_ == "it" and comp.dep_ == "ccomp":
            left = comp.left_edge.i  # "it appears that ...": the that-clause alone
            spans = [self._chars(doc, left, end + 1)]
        else:
            spans = [self._chars(doc, subj.left_edge.i, first), self._chars(doc, tok.i + 1, end + 1)]
        spans = [_trim(self._text, a, b) for a, b in spans]
        spans = [(a, b) for a, b in spans if a < b]
        if not spans:
            return None
        return _Att([cue], spans, None, None, False, 4, set(range(first, tok.i + 1)))

    def _seen_as(self, tok: Token, sent: Span) -> _Att | None:
        """'Investors see the plan as a risk': the subject holds the view, the cue is the verb and the
        content runs from the object through the as-phrase. Only with a subject, an object after the
        verb and "as" after the object ("saw him there" is no view)."""
        doc = tok.doc
        if self._in_quote[tok.i] or tok.dep_ in ("amod", "acl", "relcl"):
            return None
        subj = next((c for c in tok.children if c.dep_ == "nsubj" and c.i < tok.i), None)
        obj = next((c for c in tok.children if c.dep_ == "dobj" and c.i > tok.i), None)
        if subj is None or obj is None or subj.lower_ == "it":
            return None
        as_ = doc[obj.right_edge.i + 1] if obj.right_edge.i + 1 < sent.end else None
        if as_ is None or as_.lower_ != "as":
            return None
        # the parser hangs "as" on the verb or the object (a preposition), or on what follows it
        # ("as most unfair", "as captured by ..."), a complement of the verb
        phrase = as_ if as_.dep_ == "prep" and as_.head.i in (tok.i, obj.i) else as_.head
        if phrase.i != as_.i and (phrase.head.i != tok.i or any(c.dep_ in SUBJ for c in phrase.children)):
            return None  # (not "saw him as he left": a clause with a subject of its own is a time)
        end = phrase.right_edge.i
        if end <= as_.i:
            return None
        while end > as_.i and doc[end].is_punct:
            end -= 1
        content = _trim(self._text, *self._chars(doc, obj.left_edge.i, end + 1))
        if content[0] >= content[1]:
            return None
        negated = any(c.dep_ == "neg" for c in tok.children)
        return _Att([self._chars(doc, tok.i, tok.i + 1)], [content], (subj.left_edge.i, subj.right_edge.i + 1),
                    None, negated, 3, {tok.i})

    def _in_document(self, tok: Token, sent: Span) -> _Att | None:
        """'In a CNN poll released Monday, 50 percent chose Clinton': the poll or survey is
        the source, "In" the cue and the clause the content. A reporting verb the phrase hangs on
        ("said in an interview") is left to _verb."""
        doc, head = tok.doc, tok.head
        if tok.dep_ != "prep" or self._in_quote[tok.i] or head.pos_ not in ("VERB", "AUX") \
                or head.lemma_.lower() in self.all_verbs:
            return None
        obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if obj is None or obj.lemma_.lower() not in DOCUMENT_SOURCES:
            return None
        pp = (tok.i, obj.right_edge.i)
        rest = [t.i for t in head.subtree if not pp[0] <= t.i <= pp[1] and sent.start <= t.i < sent.end]
        before = [i for i in rest if i < pp[0]]  # "... chose Clinton in a poll"; else "In a poll, ..."
        side = before or [i for i in rest if i > pp[1]]
        if not side:
            return None
        a, b = min(side), max(side)
        while a < b and (doc[a].is_punct or doc[a].dep_ == "cc"):
            a += 1
        while b > a and doc[b].is_punct:
            b -= 1
        content = _trim(self._text, *self._chars(doc, a, b + 1))
        if content[0] >= content[1] or b - a < 2:
            return None
        return _Att([self._chars(doc, tok.i, tok.i + 1)], [content], (obj.left_edge.i, obj.right_edge.i + 1),
                    None, False, 4, {tok.i})

    def _evidential(self, tok: Token, sent: Span) -> _Att | None:
        """'The FBI is reportedly making arrangements ...': a report without a source whose cue is the
        adverb; the content is the clause around it (from its subject to its end), as PolNeAR
        annotates them. A reporting verb the adverb qualifies ("reportedly told") is left to _verb."""
        doc, head = tok.doc, tok.head
        if tok.dep_ != "advmod" or self._in_quote[tok.i] or head.i == tok.i or head.pos_ not in ("VERB", "AUX", "ADJ", "ADP") \
                or head.lemma_.lower() in self.verbs or head.lemma_.lower() in self.obj_verbs:
            return None
        subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < tok.i), None)
        if subj is None:
            return None
        end = head.right_edge.i
        for c in head.children:  # a coordinated clause with a subject of its own is another statement
            if c.dep_ == "conj" and c.i > tok.i and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children):
                end = min(end, c.left_edge.i - 1)
        while end > tok.i and (doc[end].is_punct or doc[end].dep_ == "cc"):
            end -= 1
        if end <= tok.i:
            return None
        spans = [_trim(self._text, *self._chars(doc, subj.left_edge.i, tok.i)),
                 _trim(self._text, *self._chars(doc, tok.i + 1, end + 1))]
        spans = [(a, b) for a, b in spans if a < b]
        return _Att([self._chars(doc, tok.i, tok.i + 1)], spans, None, None, False, 4, {tok.i}) if spans else None

    def _according(self, tok: Token, sent: Span) -> _Att | None:
        doc = tok.doc
        to = doc[tok.i + 1]
        objs = [c for c in to.children if c.dep_ == "pobj"] or [c for c in tok.children if c.dep_ == "pobj"]
        if not objs:
            return None
        obj = objs[0]
        src = (obj.left_edge.i, obj.right_edge.i + 1)
        if src[0] <= to.i:
            src = (to.i + 1, src[1])
        spans = self._rest_of_sentence(doc, sent, (tok.i, src[1]))
        if not spans:
            return None
        cue = (tok.idx, to.idx + len(to.text))
        return _Att([cue], spans, src, None, False, 1, {tok.i, to.i})

    def _rest_of_sentence(self, doc: Doc, sent: Span, phrase: tuple[int, int]) -> list[tuple[int, int]]:
        """The sentence around a source phrase ("according to X", "in X's view"): the part that holds
        the main clause, else the longer one."""
        spans = []
        for s, e in ((sent.start, phrase[0]), (phrase[1], sent.end)):
            if e > s:
                a, b = self._chars(doc, s, e)
                if b - a > 3 and any(ch.isalpha() for ch in self._text[a:b]):
                    spans.append((a, b))
        if len(spans) == 2:
            root = sent.root
            main = [sp for sp in spans if sp[0] <= root.idx < sp[1]]
            spans = main[:1] or [max(spans, key=lambda s: s[1] - s[0])]
        return spans

    def _in_view(self, tok: Token, sent: Span) -> _Att | None:
        """"In Smith's view, the plan fails" and "the plan, in their opinion, fails": the possessor holds
        the view; the cue is the noun and the content the rest of the sentence."""
        doc = tok.doc
        prep, lem = tok.head, tok.lemma_.lower()
        poss = [c for c in tok.children if c.dep_ == "poss"]
        if tok.dep_ != "pobj" or prep.lower_ != "in" or len(poss) != 1 or self._in_quote[tok.i] \
                or any(c.dep_ in ("prep", "acl", "relcl") for c in tok.children):
            return None
        src = (poss[0].left_edge.i, poss[0].right_edge.i + 1)
        if lem == "word" and tok.tag_ != "NNS":
            return None
        if sent.start < prep.i and tok.i + 1 < sent.end - 1 and doc[prep.i - 1].text == "," \
                and doc[tok.i + 1].text == "," and prep.head.i > tok.i:
            # set inside the clause it qualifies ("The cost, in her view, is too high"): both sides
            spans = [_trim(self._text, *self._chars(doc, sent.start, prep.i - 1)),
                     _trim(self._text, *self._chars(doc, tok.i + 2, sent.end))]
        else:
            spans = self._rest_of_sentence(doc, sent, (prep.i, tok.i + 1))
        spans = [(a, b) for a, b in spans if a < b]
        if not spans:
            return None
        return _Att([self._chars(doc, tok.i, tok.i + 1)], spans, src, None, False, 4, {tok.i})

    def _quotes_run_on(self, doc: Doc, quotes, atts: list[_Att]) -> None:
        """'"A," she said. "B." ': a quotation that makes up the next sentence of the same paragraph, with
        no cue of its own, goes on with the quotation before the cue (one report, its content in
        several spans)."""
        text = self._text
        taken = [(a, b) for at in atts for a, b in at.content] + [c for at in atts for c in at.cue]
        starts = {q0: (q0, q1) for q0, q1 in quotes}
        for at in atts:
            if at.source is None or not at.cue_tokens or at.bare:
                continue
            last = at.content[-1]
            if text[last[0]] not in ALL_QUOTES or last[1] > at.cue[0][0]:
                continue  # only a quotation before its cue: '"A," she said.'
            end = doc[max(at.cue_tokens)].sent.end_char
            if any(not (ch in ' .,"”' or ch.isalnum()) for ch in text[at.cue[0][1]:end]) or "\n" in text[last[1]:end]:
                continue
            while True:
                k = end
                while k < len(text) and text[k] == " ":
                    k += 1
                q = starts.get(k)
                if q is None or any(q[0] <= a < q[1] or a <= q[0] < b for a, b in taken):
                    break
                after = text[q[1]:q[1] + 2].lstrip(" .")
                if after[:1] not in ("", "\n") and not after[:1].isupper() and after[:1] not in OPEN_QUOTES + STRAIGHT_QUOTE:
                    break
                at.content.append(q)
                taken.append(q)
                end = q[1]

    def _continued_quotes(self, body, quotes, atts: list[_Att]) -> None:
        """A paragraph that is a quotation with no cue of its own, right after a paragraph that ends
        with a quoted speaker's words, goes on with the same speech: '"A," she said.' + '"B."' is one
        report whose content is A and B (as PolNeAR annotates it)."""
        text = self._text
        for (p0, p1), (a, b) in zip(body, body[1:]):
            if text[p1:a].strip() or text[a] not in OPEN_QUOTES + STRAIGHT_QUOTE:
                continue
            q = next(((q0, q1) for q0, q1 in quotes if q0 == a), None)
            if q is None or text[q[1]:b].strip(" \n.,") or q[1] - q[0] < 10:
                continue
            if any(q[0] <= c0 < q[1] or c0 <= q[0] < c1 for at in atts for c0, c1 in at.content) or \
                    any(q[0] <= at.cue[0][0] < q[1] for at in atts):
                continue
            prev = [at for at in atts if p0 <= at.cue[0][0] < p1 and at.source is not None]
            if not prev:
                continue
            last = max(prev, key=lambda at: at.cue[0][0])
            if not any(text[c0] in ALL_QUOTES or text[c1 - 1] in ALL_QUOTES for c0, c1 in last.content):
                continue
            last.content.append(q)

    def _signed_quotes(self, doc: Doc, body) -> list[_Att]:
        """A paragraph that is a quotation signed with a dash: '"We will win." ― Jane Doe'."""
        out = []
        text = self._text
        for a, b in body:
            m = SIGNED_RE.match(text, a, b)
            if not m:
                continue
            c0, c1 = _trim(text, m.start("c"), m.end("c"))
            s0, s1 = _trim(text, m.start("s"), m.end("s"))
            span = doc.char_span(s0, s1, alignment_mode="expand")
            if span is None or c1 <= c0 or len(span) > 8:
                continue
            out.append(_Att([(m.start("d"), m.end("d"))], [(c0, c1)], (span.start, span.end), None, False, 0, bare=True))
        return out

    def _transcript_turns(self, doc: Doc, body, res: Resolver) -> list[_Att]:
        """A transcript: paragraphs led by a speaker's name in capitals and a colon ('SMITH: ...'). The
        name speaks the rest of the paragraph, and, where the transcript opens every paragraph with a
        quotation mark, the unlabelled quoted paragraphs after it ('"But the truth is ...') up to the
        next name or a bracketed note ('"(CROSSTALK.)'). A label counts as a speaker when its last
        word is the surname of a person the document names, or when the document is a dialogue
        (two labels or more, each leading two paragraphs or more); 'UPDATE:', 'VIDEO:' are neither."""
        text = self._text
        turns = []
        for a0, b0 in body:
            for line in re.finditer(r"[^\n]+", text[a0:b0]):
                a, b = _trim(text, a0 + line.start(), a0 + line.end())
                if a < b:
                    m = TURN_RE.match(text, a, b)
                    turns.append((a, b, m if m and len(m.group("l").replace(" ", "")) >= 3 else None))
        labels = [m.group("l") for _, _, m in turns if m]
        if not labels:
            return []
        counts = Counter(labels)
        dialogue = sum(1 for n in counts.values() if n >= 2) >= 2
        out = []
        for i, (a, b, m) in enumerate(turns):
            if m is None:
                continue
            label = m.group("l")
            src = doc.char_span(m.start("l"), m.end("l"), alignment_mode="expand")
            if src is None or res.name_label(src) is None and not (dialogue and counts[label] >= 2):
                continue
            spans = [_trim(text, m.end(), b)]
            quoted, end = text[a] in ALL_QUOTES, b
            for c, d, m2 in turns[i + 1:]:
                if not quoted or m2 is not None or text[c] not in ALL_QUOTES or \
                        any(not (ch.isspace() or ch in CONTENT_TRIM) for ch in text[end:c]) or \
                        text[c + 1:d].lstrip().startswith(("(", "[")):
                    break
                end = d
                nxt = _trim(text, c + 1, d)
                if nxt[0] >= nxt[1]:
                    break
                spans.append(nxt)
            if spans[0][0] >= spans[0][1]:
                continue
            colon = m.end("l")
            out.append(_Att([(colon, colon + 1)], spans, (src.start, src.end), None, False, 0, bare=True))
        return out

    def _nominal(self, tok: Token, sent: Span) -> _Att | None:
        """A nominal cue with its holder and content: "her claim that ...", "the group's warning that ..."."""
        doc = tok.doc
        poss = [c for c in tok.children if c.dep_ == "poss"]
        comp = [c for c in tok.children if c.dep_ in ("acl", "ccomp") and c.i > tok.i and any(
            g.dep_ == "mark" and g.lower_ == "that" or g.dep_ == "aux" and g.lower_ == "to" for g in c.children)]
        if not poss or not comp:
            return None
        toks = [t.i for t in comp[0].subtree if t.i > tok.i]
        spans = self._spans(doc, list(range(min(toks), max(toks) + 1)), [], tok)
        if not spans:
            return None
        src = (poss[0].left_edge.i, poss[0].right_edge.i + 1)
        if doc[src[1] - 1].tag_ == "POS":
            src = (src[0], src[1] - 1)
        return _Att([(tok.idx, tok.idx + len(tok.text))], spans, src, None, False, 2, {tok.i})

    def _quoted_as_saying(self, tok: Token, sent: Span) -> _Att | None:
        """'The Ledger quoted minister Jane Doe as saying that ...': Doe speaks, via the Ledger. Read off the
        surface, as the parser often misreads the construction."""
        doc = tok.doc
        as_ = next((t for t in doc[tok.i + 1:min(sent.end, tok.i + 14)] if t.lower_ == "as"), None)
        if as_ is None or as_.i + 1 >= sent.end or as_.i == tok.i + 1:
            return None
        say = doc[as_.i + 1]
        if say.tag_ != "VBG" or say.lemma_.lower() not in self.verbs:
            return None
        speaker = (tok.i + 1, as_.i)
        if any(t.is_punct for t in doc[speaker[0]:speaker[1]]):
            return None
        subj, _ = self._subject(tok)
        via = (subj.left_edge.i, subj.right_edge.i + 1) if subj is not None and subj.i < tok.i else None
        if via is None:
            j = tok.i - 1
            while j >= sent.start and doc[j].pos_ in SOURCE_POS and not doc[j].is_punct:
                j -= 1
            via = (j + 1, tok.i) if j + 1 < tok.i else None
        comps = [c for c in say.children if c.dep_ == "ccomp"]
        if comps:
            toks = self._content_of_clause(comps[0], say, sent)
        else:
            toks = list(range(say.i + 1, sent.end))
        if not toks:
            return None
        spans = self._spans(doc, toks, [], tok)
        if not spans:
            return None
        cue = self._cue_span(tok, sent, {tok.i})
        return _Att([cue], spans, speaker, via, False, 0, {tok.i, as_.i, say.i})

    def _colon_quotes(self, sent: Span, quotes, found: list[_Att]) -> list[_Att]:
        """'She blamed the weather: "It was the storm."' — a quotation after a colon is the speech of the
        clause before it."""
        doc = sent.doc
        out = []
        for i in self._colons(sent):
            tok = doc[i]
            if self._in_quote[i]:
                continue
            j = tok.i + 1
            while j < len(doc) and doc[j].is_space:  # 'He said:' closing a paragraph, the quotation next
                j += 1
            q = self._quote_at(doc, j, quotes)
            if not q:
                continue
            if any(a <= q[0] < b for at in found for a, b in at.content):
                continue
            # the verb of the clause before the colon and its subject
            verb = None
            for t in reversed(sent[: tok.i - sent.start]):
                if t.pos_ in ("VERB", "AUX") and not self._in_quote[t.i] and t.dep_ not in ("aux", "auxpass", "relcl", "acl", "amod"):
                    verb = t
                    break
            while verb is not None:
                subj, _ = self._subject(verb)
                if subj is not None:
                    break
                if verb.head.i == verb.i:
                    verb = None
                    break
                verb = verb.head
            if verb is None or subj is None:
                continue
            source = (subj.left_edge.i, subj.right_edge.i + 1)
            if verb.lemma_.lower() in self.all_verbs:
                cue = (verb.idx, verb.idx + len(verb.text))
            else:
                cue = (tok.idx, tok.idx + 1)
            out.append(_Att([cue], [q], source, None, False, 2, {verb.i}))
        return out

    # ------------------------------------------------------------------ output
    def _nested(self, outer: _Att, inner: _Att) -> bool:
        """A report inside the content of another, kept beside it: inside "according to" ("According
        to X, Y said that ...") or inside the unquoted content around an interposed cue clause
        ("Still, he said, officials have to decide ..."); each has its own cue and its own source."""
        if outer.source is None or inner.source is None or outer.cue_tokens & inner.cue_tokens:
            return False
        if not (outer.source[1] <= inner.source[0] or inner.source[1] <= outer.source[0]):
            return False
        c0, c1 = inner.cue[0]
        if not any(a <= c0 and c1 <= b for a, b in outer.content):
            return False
        if any(self._text[a:b].lower().startswith("according") for a, b in (outer.cue[0], inner.cue[0])):
            return True
        # "Still, he said, officials have to decide who ...": a cue clause set inside unquoted
        # content, which holds a report of its own
        first, last = outer.content[0], outer.content[-1]
        return len(outer.content) >= 2 and first[1] <= outer.cue[0][0] < last[0] and \
            not any(self._text[a] in ALL_QUOTES for a, _ in outer.content)

    def _dedupe(self, atts: list[_Att]) -> list[_Att]:
        def chars(at):
            return sum(b - a for a, b in at.content)

        keep: list[_Att] = []
        for at in sorted(atts, key=lambda x: (x.rank, -chars(x))):
            clash = False
            for k in keep:
                inter = sum(max(0, min(b, d) - max(a, c)) for a, b in at.content for c, d in k.content)
                if inter < 0.5 * min(chars(at), chars(k)):
                    continue
                if self._nested(at, k) or self._nested(k, at):
                    continue
                clash = True
                break
            if not clash:
                keep.append(at)
        return keep

    def _to_dict(self, doc: Doc, at: _Att, res: Resolver, quotes) -> dict:
        text = self._text
        src = None
        speaker = None
        if at.source is not None:
            s, e = at.source
            while e - s > 1 and doc[e - 1].is_punct and doc[e - 1].text not in ALL_QUOTES + ")":
                e -= 1
            if e - s > 2 and doc[e - 1].like_num and doc[e - 2].text == ",":
                e -= 2  # an age set off after the name: "Jane Doe, 52,"
            a, b = self._chars(doc, s, e)
            while a < b and (text[a] in ALL_QUOTES or text[a].isspace()):
                a += 1  # a closing mark the parser hung on the name
            if a < b:
                src = {"start": a, "end": b, "text": text[a:b]}
                span = doc.char_span(a, b, alignment_mode="expand")
                if span is not None and len(span) == 1 and span[0].tag_ in ("WP", "WDT") \
                        and span[0].head.dep_ == "relcl" and span[0].head.head.i < span[0].i:
                    # "Jane Doe, who said ...": the source is the relative pronoun, the speaker its antecedent
                    ante, k = span[0].head.head, None
                    # the antecedent itself, the name it is in apposition to, or its own appositive name
                    cands = [ante] + ([ante.head] if ante.dep_ == "appos" else []) + \
                        [c for c in ante.children if c.dep_ == "appos" and c.i < span[0].i]
                    for c in cands:
                        k = res.entity_at(c)
                        if k is not None:
                            break
                    if k is None:
                        k = res.resolve(doc[ante.left_edge.i:ante.i + 1])
                else:
                    k = res.resolve(span) if span is not None else None
                if k is not None:
                    ent = res.entities[k]
                    speaker = {"name": ent.name, "entity_id": ent.id}
        via = None
        if at.via is not None:
            a, b = self._chars(doc, *at.via)
            via = {"start": a, "end": b, "text": text[a:b]}
        return {
            "kind": kind_of(text, at.content, quotes),
            "source": src,
            "speaker": speaker,
            "cue": None if at.bare else {"start": at.cue[0][0], "end": at.cue[0][1], "text": text[at.cue[0][0]:at.cue[0][1]]},
            "content": [{"start": a, "end": b, "text": text[a:b]} for a, b in at.content],
            "via": via,
            "negated": bool(at.negated),
            "extractor": EXTRACTOR,
        }


@Language.factory("newsgraph_attribution", assigns=["doc._.attributions", "doc._.entities"])
def make_attribution(nlp: Language, name: str) -> AttributionComponent:
    return AttributionComponent()
