"""Exports of a store: JSON Lines records, CSV statements, Parquet tables and a GKG-like TSV.

The GKG export follows the 27 tab-separated columns of the GDELT Global Knowledge Graph 2.1 and fills
the ones newsgraph can: dates, source, URL, persons, organisations, locations, enhanced dates, amounts,
all names and quotations. GKG quotations are `offset|length|verb|quote` joined by `#`; newsgraph adds
the resolved speaker as a fifth field (`offset|length|verb|quote|speaker`), the part GDELT lacks.
"""
from __future__ import annotations

import csv
import json
import os
import re
from typing import IO, Iterator

from .base import Store

GKG_COLUMNS = [
    "GKGRECORDID", "V2.1DATE", "V2SOURCECOLLECTIONIDENTIFIER", "V2SOURCECOMMONNAME", "V2DOCUMENTIDENTIFIER",
    "V1COUNTS", "V2.1COUNTS", "V1THEMES", "V2ENHANCEDTHEMES", "V1LOCATIONS", "V2ENHANCEDLOCATIONS",
    "V1PERSONS", "V2ENHANCEDPERSONS", "V1ORGANIZATIONS", "V2ENHANCEDORGANIZATIONS", "V1.5TONE",
    "V2.1ENHANCEDDATES", "V2GCAM", "V2.1SHARINGIMAGE", "V2.1RELATEDIMAGES", "V2.1SOCIALIMAGEEMBEDS",
    "V2.1SOCIALVIDEOEMBEDS", "V2.1QUOTATIONS", "V2.1ALLNAMES", "V2.1AMOUNTS", "V2.1TRANSLATIONINFO", "V2EXTRASXML",
]
STATEMENT_COLUMNS = ["article_id", "published", "speaker", "kind", "cue", "content", "via", "negated",
                     "content_start", "content_end", "outlet", "title", "url"]
_GKG_UNSAFE = re.compile(r"[\t\r\n#;|,]")


def records(store: Store) -> Iterator[dict]:
    for aid in list(store.article_ids()):
        rec = store.record(aid)
        if rec is not None:
            yield rec


def write_jsonl(store: Store, out: IO[str]) -> int:
    n = 0
    for rec in records(store):
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(store: Store, out: IO[str]) -> int:
    """One row per statement: who said what, when, where it was published, and its offsets."""
    w = csv.DictWriter(out, fieldnames=STATEMENT_COLUMNS, extrasaction="ignore")
    w.writeheader()
    n, offset = 0, 0
    while True:
        rows = store.quotes(include_negated=True, include_duplicates=True, limit=1000, offset=offset)
        if not rows:
            return n
        for r in rows:
            w.writerow({k: r.get(k) for k in STATEMENT_COLUMNS})
        n += len(rows)
        offset += len(rows)


def write_parquet(store: Store, folder: str) -> dict[str, int]:
    """A folder of Parquet files: articles, statements, entities, facts (one row per fact)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        from ..errors import ConfigError

        raise ConfigError("Parquet export needs pyarrow: pip install 'newsgraph[parquet]'") from None
    os.makedirs(folder, exist_ok=True)
    tables: dict[str, list[dict]] = {"articles": [], "statements": [], "entities": [], "facts": []}
    for rec in records(store):
        aid = rec["id"]
        tables["articles"].append({k: rec.get(k) for k in ("id", "title", "published", "source", "url", "lang",
                                                           "author", "origin", "format", "content_hash",
                                                           "extractor", "duplicate_of", "text")})
        for i, a in enumerate(rec["attributions"]):
            content = a.get("content") or []
            tables["statements"].append({
                "article_id": aid, "idx": i, "published": rec.get("published"), "kind": a.get("kind"),
                "speaker": (a.get("speaker") or {}).get("name"), "source": (a.get("source") or {}).get("text"),
                "cue": (a.get("cue") or {}).get("text"), "via": (a.get("via") or {}).get("text"),
                "negated": bool(a.get("negated")), "content": " … ".join(c["text"] for c in content),
                "content_start": min((c["start"] for c in content), default=None),
                "content_end": max((c["end"] for c in content), default=None)})
        for e in rec["entities"]:
            tables["entities"].append({"article_id": aid, "entity_id": e.get("id"), "name": e.get("name"),
                                       "type": e.get("type"), "role": e.get("role"),
                                       "mentions": len(e.get("mentions", []))})
        for kind in ("times", "quantities", "places", "events", "positions"):
            for i, f in enumerate(rec.get(kind, [])):
                tables["facts"].append({"article_id": aid, "kind": kind, "idx": i, "start": f.get("start"),
                                        "end": f.get("end"), "text": f.get("text"),
                                        "data": json.dumps(f, ensure_ascii=False)})
    counts = {}
    for name, rows in tables.items():
        table = pa.Table.from_pylist(rows) if rows else pa.table({})
        pq.write_table(table, os.path.join(folder, f"{name}.parquet"))
        counts[name] = len(rows)
    return counts


def _clean(s: str | None) -> str:
    return _GKG_UNSAFE.sub(" ", s or "").strip()


def _gkg_date(published: str | None) -> str:
    digits = re.sub(r"\D", "", published or "")[:14]
    return digits.ljust(14, "0") if len(digits) >= 8 else ""


def gkg_row(rec: dict, n: int) -> list[str]:
    ents = rec.get("entities", [])

    def names(types: tuple[str, ...]) -> tuple[str, str]:
        sel = [e for e in ents if e.get("type") in types]
        v1 = ";".join(sorted({_clean(e["name"]) for e in sel}))
        v2 = ";".join(f"{_clean(e['name'])},{m['start']}" for e in sel for m in e.get("mentions", [])[:1])
        return v1, v2

    persons, persons2 = names(("PERSON",))
    orgs, orgs2 = names(("ORG",))
    locs, locs2 = [], []
    for p in rec.get("places", []):
        kind = {"country": 1, "city": 4, "region": 2}.get(p.get("kind"), 4)
        fields = [str(kind), _clean(p.get("name") or p.get("text")), p.get("country_code") or "", p.get("admin1") or "",
                  str(p.get("lat") or ""), str(p.get("lon") or ""), ""]
        locs.append("#".join(fields))
        locs2.append("#".join(fields[:6] + [fields[6], str(p.get("start", ""))]))
    dates = []
    for t in rec.get("times", []):
        v = t.get("value") or ""
        m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$", v)
        if m:
            res = 1 if m.group(3) else 2 if m.group(2) else 3
            dates.append(f"{res}#{int(m.group(2) or 0)}#{int(m.group(3) or 0)}#{m.group(1)}#{t.get('start', '')}")
    amounts = [f"{q.get('value')},{_clean(str(q.get('unit') or ''))},{q.get('start', '')}"
               for q in rec.get("quantities", []) if q.get("value") is not None]
    quotes = []
    for a in rec.get("attributions", []):
        if a.get("negated") or a.get("kind") not in ("direct", "mixed"):
            continue
        for c in a.get("content") or []:
            quotes.append("|".join([str(c["start"]), str(c["end"] - c["start"]), _clean((a.get("cue") or {}).get("text")),
                                    _clean(c["text"]), _clean((a.get("speaker") or {}).get("name"))]))
    allnames = ";".join(f"{_clean(e['name'])},{m['start']}" for e in ents for m in e.get("mentions", [])[:1])
    date = _gkg_date(rec.get("published"))
    row = {c: "" for c in GKG_COLUMNS}
    row.update({
        "GKGRECORDID": f"{date or '00000000000000'}-{n}", "V2.1DATE": date, "V2SOURCECOLLECTIONIDENTIFIER": "1",
        "V2SOURCECOMMONNAME": _clean(rec.get("source")), "V2DOCUMENTIDENTIFIER": rec.get("url") or rec["id"],
        "V1LOCATIONS": ";".join(locs), "V2ENHANCEDLOCATIONS": ";".join(locs2),
        "V1PERSONS": persons, "V2ENHANCEDPERSONS": persons2, "V1ORGANIZATIONS": orgs, "V2ENHANCEDORGANIZATIONS": orgs2,
        "V2.1ENHANCEDDATES": ";".join(dates), "V2.1QUOTATIONS": "#".join(quotes), "V2.1ALLNAMES": allnames,
        "V2.1AMOUNTS": ";".join(amounts),
        "V2EXTRASXML": f"<PAGE_TITLE>{_clean(rec.get('title'))}</PAGE_TITLE>".replace("&", "&amp;"),
    })
    return [row[c] for c in GKG_COLUMNS]


def write_gkg(store: Store, out: IO[str], header: bool = True) -> int:
    if header:
        out.write("\t".join(GKG_COLUMNS) + "\n")
    n = 0
    for rec in records(store):
        if rec.get("duplicate_of"):
            continue
        n += 1
        out.write("\t".join(gkg_row(rec, n)) + "\n")
    return n
