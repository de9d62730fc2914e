"""Places: GPE and LOC entities resolved to the offline gazetteer (``newsgraph.gazetteer``).

``doc._.places`` gets ``[{"start", "end", "text", "name", "country_code", "admin1"?, "lat", "lon",
"kind"}]``, one per GPE/LOC entity in a block (credits excluded) that the gazetteer knows. The tables are
built once per process, when the pipeline is loaded.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .. import gazetteer
from .times import doc_text

PLACE_LABELS = {"GPE", "LOC"}


def find_places(doc: Doc, regions: list[tuple[int, int]] | None = None) -> list[dict]:
    out: list[dict] = []
    full = doc_text(doc)  # Doc.text joins every token: once per doc
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS:
            continue
        s, e = ent.start_char, ent.end_char
        if regions is not None and not any(rs <= s and e <= re_ for rs, re_ in regions):
            continue
        text = ent.text
        # possessive outside the entity is fine; a possessive inside it is trimmed
        for suffix in ("'s", "’s"):
            if text.endswith(suffix):
                text, e = text[: -len(suffix)], e - len(suffix)
        entry = gazetteer.lookup(text)
        if entry is None:
            continue
        entry.pop("geonameid", None) if entry.get("geonameid") is None else None
        out.append({"start": s, "end": e, "text": full[s:e], **entry})
    return out


@Language.factory("newsgraph_places", assigns=["doc._.places"])
def make_places(nlp: Language, name: str):
    from .times import _doc_regions

    gazetteer.warm()  # build the tables with the pipeline, not on the first document

    def places_component(doc: Doc) -> Doc:
        doc._.places = find_places(doc, _doc_regions(doc))
        return doc

    return places_component
