"""The cross-document entity registry: one stable id per real-world entity across articles.

In-document resolution (``newsgraph.resolve``) gives each article's entities a canonical name. Across
articles, entities are merged by a key built from their type and their canonical name, normalised for
case, accents and punctuation, with places first mapped through the gazetteer so spelling variants
(Kiev/Kyiv) meet. The merge rules are deliberately conservative:

- a person is keyed by the full canonical name: "Jane Smith" and "John Smith" never merge, and a bare
  surname that the article could not expand ("Smith") stays its own entry rather than being guessed
  into one of them;
- organisations and groups are keyed by name without a leading article ("the Alliance" = "Alliance");
- places are keyed by the gazetteer's entry (name and country code) when there is one.

Ids are ``ent_`` + 12 hex digits of the SHA-1 of the key: stable across runs, machines and stores.
"""
from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

PLACE_TYPES = ("GPE", "LOC")


@functools.lru_cache(maxsize=1 << 16)  # a pure function of the name; the same names recur across articles
def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("’", "'").lower()
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"[^\w]+", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def entity_key(name: str, etype: str | None) -> str:
    """The registry key of an entity of one article (see the module docstring for the rules)."""
    etype = (etype or "MISC").upper()
    folded = _fold(name)
    if etype in PLACE_TYPES:
        from .gazetteer import try_lookup  # an optional refinement, never a reason to fail a store

        hit = try_lookup(name)
        if hit and hit.get("name"):
            return f"{etype}:{_fold(hit['name'])}:{(hit.get('country_code') or '').lower()}"
    if etype != "PERSON":
        folded = re.sub(r"^the ", "", folded)
    return f"{etype}:{folded}"


def entity_uid(key: str) -> str:
    return "ent_" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
