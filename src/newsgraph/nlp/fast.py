"""Cheaper drop-in replacements for the model's ``attribute_ruler`` and ``lemmatizer``.

Both produce exactly what the originals produce (checked token by token in
``tests/test_fast_pipeline.py``); they only avoid the per-token Python work:

* ``FastAttributeRuler`` evaluates the ruler's own patterns once per distinct (TAG, LOWER, DEP)
  triple and caches the outcome, instead of running the Matcher over every token. Patterns of more
  than one token are checked only where their first token's pattern matched. Rules are applied in
  the ruler's order (later rules win), as ``AttributeRuler.set_annotations`` does. POS, MORPH and
  LEMMA are written with one ``Doc.from_array``; the rare rules that set anything else (TAG, DEP of
  whitespace tokens) go through spaCy's own ``set_token_attrs``.
* ``FastLemmatizer`` calls the model's own lemmatizer once per distinct (ORTH, POS, MORPH) and
  caches the lemma (the rule lemmatizer's result depends on nothing else), then writes the lemmas
  with one ``Doc.from_array``; tokens whose lemma the ruler set are left alone, as in spaCy.

If a pattern uses anything this module does not evaluate, ``replace_slow_components`` leaves the
model's components in place.
"""
from __future__ import annotations

import copy
import re

from spacy.attrs import DEP, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.errors import Errors
from spacy.language import Language
from spacy.lookups import Lookups, Table
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

_KEYS = {"TAG": "tag_", "LOWER": "lower_", "DEP": "dep_", "IS_SPACE": "is_space"}
_OPS = {"IN", "NOT_IN", "REGEX"}


class Unsupported(Exception):
    """A pattern this module does not evaluate exactly."""


def _check_token_pattern(tp: dict) -> None:
    for key, val in tp.items():
        if key not in _KEYS:
            raise Unsupported(key)
        if isinstance(val, dict):
            if len(val) != 1 or next(iter(val)) not in _OPS:
                raise Unsupported(repr(val))
        elif not isinstance(val, (str, bool)):
            raise Unsupported(repr(val))


def _match(tp: dict, tag: str, lower: str, dep: str) -> bool:
    """Whether one token pattern matches a token with these attributes (is_space follows from lower)."""
    values = {"TAG": tag, "LOWER": lower, "DEP": dep, "IS_SPACE": lower.isspace()}
    for key, want in tp.items():
        have = values[key]
        if isinstance(want, dict):
            (op, arg), = want.items()
            if op == "IN":
                if have not in arg:
                    return False
            elif op == "NOT_IN":
                if have in arg:
                    return False
            elif not re.search(arg, have):  # REGEX
                return False
        elif have != want:
            return False
    return True


_NEEDS_DEP = object()
# entries per cache before it is emptied (a few tens of MB at most; clearing changes no output)
CACHE_MAX = 200_000


class FastAttributeRuler:
    def __init__(self, ruler, vocab):
        self.vocab = vocab
        self.rules: list[tuple[int, list, dict, int]] = []  # (order, patterns, attrs, index)
        for order, rule in enumerate(ruler.patterns):
            for pat in rule["patterns"]:
                for tp in pat:
                    _check_token_pattern(tp)
            attrs = rule["attrs"]
            if not set(attrs) <= {"POS", "MORPH", "LEMMA", "TAG", "DEP"}:
                raise Unsupported(repr(attrs))
            self.rules.append((order, rule["patterns"], attrs, rule.get("index", 0)))
        # ruler.attrs holds the attributes as the ruler sets them (ids and hashes)
        self.ruler = ruler
        self._single: dict[tuple[int, int, int], tuple] = {}
        self._by_tl: dict[tuple[int, int], object] = {}
        self._strings_cache: dict[tuple[int, int, int], tuple] = {}
        self._dep_class: dict[int, int] = {}
        self._dep_sig: dict[tuple, int] = {}
        self._dep_conditions = []
        for _, patterns, _, _ in self.rules:
            for pat in patterns:
                for tp in pat:
                    if "DEP" in tp and tp["DEP"] not in self._dep_conditions:
                        self._dep_conditions.append(tp["DEP"])
        # an index of the (rule, pattern) pairs by the exact TAG and LOWER values their first token
        # requires, so that a new (TAG, LOWER, DEP) is tested only against the rules that can fire
        self._by_tag: dict[str, set] = {}
        self._by_lower: dict[str, set] = {}
        self._any_tag: set = set()
        self._any_lower: set = set()
        for order, patterns, _, _ in self.rules:
            for p, pat in enumerate(patterns):
                first = pat[0]
                for key, by, anyset in (("TAG", self._by_tag, self._any_tag),
                                        ("LOWER", self._by_lower, self._any_lower)):
                    want = first.get(key)
                    if isinstance(want, str):
                        by.setdefault(want, set()).add((order, p))
                    elif isinstance(want, dict) and "IN" in want:
                        for w in want["IN"]:
                            by.setdefault(w, set()).add((order, p))
                    else:  # no constraint, NOT_IN or REGEX: a candidate for every value
                        anyset.add((order, p))

    def _new_dep_class(self, dep: int) -> int:
        """Rules read DEP only through a few conditions: DEP values that pass the same conditions
        are interchangeable, and one of them (the first seen) stands for all in the cache keys."""
        s = self.vocab.strings[dep] if dep else ""
        sig = tuple(_match({"DEP": want}, "", "", s) for want in self._dep_conditions)
        c = self._dep_sig.setdefault(sig, dep)
        self._dep_class[dep] = c
        return c

    def _effects_tl(self, key: tuple[int, int, int]):
        """The effects for one (TAG, LOWER) when no rule that can fire on it reads DEP, else
        ``_NEEDS_DEP``."""
        s = self.vocab.strings
        tag, lower = (s[h] if h else "" for h in key[:2])
        cands = ((self._by_tag.get(tag, set()) | self._any_tag) & (self._by_lower.get(lower, set()) | self._any_lower))
        if any("DEP" in self.rules[order][1][p][0] for order, p in cands):
            e = _NEEDS_DEP
        else:
            e = self._effects((key[0], key[1], 0))
        self._by_tl[key[:2]] = e
        return e

    def _effects(self, key: tuple[int, int, int]) -> tuple:
        """For one (TAG, LOWER, DEP): the single-token rules that fire (order, attrs) in order, and
        the multi-token (rule, pattern) pairs whose first token matches."""
        got = self._single.get(key)
        if got is not None:
            return got
        s = self.vocab.strings
        tag, lower, dep = (s[h] if h else "" for h in key)
        single, multi = [], []
        cands = ((self._by_tag.get(tag, set()) | self._any_tag) & (self._by_lower.get(lower, set()) | self._any_lower))
        fired = set()
        for order, p in sorted(cands):
            _, patterns, attrs, index = self.rules[order]
            pat = patterns[p]
            if not _match(pat[0], tag, lower, dep):
                continue
            if len(pat) == 1:
                if index not in (0, -1):
                    raise Unsupported(f"index {index} of a one-token pattern")
                if order not in fired:  # one rule's patterns set the same attrs: once is enough
                    fired.add(order)
                    single.append((order, attrs))
                continue
            multi.append((order, p))
        merged = {}
        for _, attrs in single:
            merged.update(attrs)
        got = (tuple(single), tuple(multi), merged)
        self._single[key] = got
        return got

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        if len(self._single) + len(self._by_tl) > CACHE_MAX:  # bounded memory over a long run
            self._single.clear()
            self._by_tl.clear()
            self._strings_cache.clear()
        arr = doc.to_array([TAG, LOWER, DEP])
        dep_class = self._dep_class
        keys = []
        for tag, lower, dep in arr.tolist():
            c = dep_class.get(dep)
            if c is None:
                c = self._new_dep_class(dep)
            keys.append((tag, lower, c))
        by_tl, by_tld = self._by_tl, self._single
        effects = []
        for key in keys:
            e = by_tl.get(key[:2])
            if e is None:
                e = self._effects_tl(key)
            if e is _NEEDS_DEP:
                e = by_tld.get(key) or self._effects(key)
            effects.append(e)
        extra: dict[int, list] = {}  # token -> multi-token effects (order, attrs)
        for i, (_, multi, _) in enumerate(effects):
            for order, p in multi:
                _, patterns, attrs, index = self.rules[order]
                pat = patterns[p]
                end = i + len(pat)
                if end > n:
                    continue
                if all(_match(pat[k], *self._strings(keys[i + k])) for k in range(1, len(pat))):
                    at = i + index if index >= 0 else end + index
                    extra.setdefault(at, []).append((order, attrs))
        out = doc.to_array([POS, MORPH, LEMMA])
        slow = []
        strings, morphology = self.vocab.strings, self.vocab.morphology
        for i, (single, _, merged) in enumerate(effects):
            if i in extra:
                seq = sorted(list(single) + extra[i], key=lambda e: e[0])
                merged = {}
                for _, attrs in seq:
                    merged.update(attrs)
            else:
                seq = single
            if not merged:
                continue
            if "TAG" in merged or "DEP" in merged:
                slow.append((i, seq))
                continue
            if "POS" in merged:
                out[i, 0] = strings[merged["POS"]] if isinstance(merged["POS"], str) else merged["POS"]
            if "MORPH" in merged:
                out[i, 1] = morphology.add(merged["MORPH"])
            if "LEMMA" in merged:
                out[i, 2] = strings.add(merged["LEMMA"])
        doc.from_array([POS, MORPH, LEMMA], out)
        for i, seq in slow:
            for order, _ in seq:
                set_token_attrs(doc[i], self.ruler.attrs[order])  # the ruler's own normalised attrs
        return doc

    def _strings(self, key):
        got = self._strings_cache.get(key)
        if got is None:
            s = self.vocab.strings
            got = self._strings_cache[key] = tuple(s[h] if h else "" for h in key)
        return got


class FastLemmatizer:
    def __init__(self, lemmatizer, vocab):
        # The rule lemmatizer tests ``form in index`` against the lemma_index table, whose values
        # are lists (57,528 nouns): a linear scan per candidate form. A shallow copy of it gets the
        # same tables with each index as a set (the same membership, in constant time); the model's
        # own component and tables are not modified.
        lemmatizer = copy.copy(lemmatizer)
        lookups = Lookups()
        for name in lemmatizer.lookups.tables:
            table = lemmatizer.lookups.get_table(name)
            if name == "lemma_index":
                fast = Table(name=name)
                for key, value in table.items():
                    fast[key] = frozenset(value)
                table = fast
            lookups.set_table(name, table)
        lemmatizer.lookups = lookups
        lemmatizer.cache = {}
        # the copied ``lemmatize`` is still bound to the original object: bind it to the copy
        lemmatizer.lemmatize = getattr(lemmatizer, f"{lemmatizer.mode}_lemmatize")
        self.lemmatizer = lemmatizer
        self.vocab = vocab
        self.overwrite = lemmatizer.overwrite
        self.cache: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        if not self.lemmatizer._validated:
            self.lemmatizer._validate_tables(Errors.E1004)
        if len(self.cache) > CACHE_MAX:  # bounded memory over a long run
            self.cache.clear()
            self.lemmatizer.cache.clear()
        arr = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = arr[:, 3].copy()
        cache, strings = self.cache, self.vocab.strings
        changed = False
        for i, (orth, pos, morph, lemma) in enumerate(arr.tolist()):
            if lemma and not self.overwrite:
                continue
            key = (orth, pos, morph)
            h = cache.get(key)
            if h is None:
                h = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
                cache[key] = h
            lemmas[i] = h
            changed = True
        if changed:
            doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc


def replace_slow_components(nlp: Language) -> Language:
    """Swap the model's attribute_ruler and rule lemmatizer for the cached versions, in place,
    under the same names (so that ``select_pipes``, ``pipe_names`` and ``exclude`` keep working)."""
    for i, (name, proc) in enumerate(list(nlp._components)):
        try:
            if name == "attribute_ruler" and type(proc).__name__ == "AttributeRuler":
                nlp._components[i] = (name, FastAttributeRuler(proc, nlp.vocab))
            elif name == "lemmatizer" and getattr(proc, "mode", None) == "rule":
                nlp._components[i] = (name, FastLemmatizer(proc, nlp.vocab))
        except Unsupported:
            pass
    return nlp
