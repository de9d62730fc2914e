"""The store's logic, written once for both engines; the engines override a few dialect hooks.

``add(records)`` is an idempotent upsert keyed by article id and content hash, in one transaction per
call: a killed run loses at most the batch in flight, and a rerun adds nothing twice.
"""
from __future__ import annotations

import json
import time
from typing import Any, Iterable, Iterator

from .. import registry
from . import dedup
from .schema import FACT_KINDS, INDEXES, SCHEMA_VERSION, TABLES
from ..errors import ConfigError


def now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)  # built once: json.dumps builds one a call


def dumps(x: Any) -> str:
    return _ENCODER.encode(x)


def fts_terms(text: str) -> list[str]:
    return [t for t in text.split() if t.strip()]


class Store:
    """Shared behaviour. Engines set ``self.db`` (a DB-API connection) and implement the hooks."""

    path: str
    placeholder = "?"
    extra_ddl: list[str] = []

    # ---------------------------------------------------------------- engine hooks
    def _execute(self, sql: str, args: tuple = ()):  # -> cursor
        if self.placeholder != "?":
            sql = sql.replace("?", self.placeholder)
        return self.db.execute(sql, args)

    def _executemany(self, sql: str, rows: list) -> None:
        if rows:
            cur = self.db.cursor()
            cur.executemany(sql.replace("?", self.placeholder) if self.placeholder != "?" else sql, rows)

    def transaction(self):  # a context manager: BEGIN ... COMMIT or ROLLBACK
        raise NotImplementedError

    def _fts_add(self, aid: str, rec: dict, statements: list[tuple[int, str, str]]) -> None:
        """Index an article's title/text and its statements (idx, content, speaker)."""

    def _fts_delete(self, aid: str) -> None:
        """Remove an article's index rows (engines whose index is not cascaded)."""

    def _statement_match(self, query: str) -> tuple[str, tuple]:
        raise NotImplementedError

    def _search_sql(self) -> str:
        raise NotImplementedError

    def _search_args(self, text: str) -> tuple:
        raise NotImplementedError

    # ---------------------------------------------------------------- schema
    def _migrate(self) -> None:
        with self.transaction():
            self._execute(TABLES[0])
            row = self._execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            version = int(row[0]) if row else 0
            if version > SCHEMA_VERSION:
                raise ConfigError(f"{self.path}: written by a newer newsgraph (schema {version} > {SCHEMA_VERSION});"
                                  " upgrade newsgraph")
            for ddl in TABLES[1:] + INDEXES + self.extra_ddl:
                self._execute(ddl)
            self._execute("INSERT INTO meta(key, value) VALUES('schema_version', ?) "
                          "ON CONFLICT(key) DO UPDATE SET value=excluded.value", (str(SCHEMA_VERSION),))

    def close(self) -> None:
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ---------------------------------------------------------------- writes
    def known(self) -> dict[str, tuple[str, str]]:
        """article id -> (content hash, extractor) of everything stored, to skip work on a rerun."""
        return {r[0]: (r[1], r[2]) for r in self._execute("SELECT id, content_hash, extractor FROM articles").fetchall()}

    def add(self, records: Iterable[dict]) -> dict[str, int]:
        """Upsert analysis records (each with its ``text``) in one transaction."""
        counts = {"added": 0, "updated": 0, "unchanged": 0}
        with self.transaction():
            for rec in records:
                if "text" not in rec:
                    raise ValueError(f"record {rec.get('id')!r} has no text: analyse with with_text=True")
                row = self._execute("SELECT content_hash, extractor FROM articles WHERE id=?", (rec["id"],)).fetchone()
                if row and row[0] == rec["content_hash"] and row[1] == rec["extractor"]:
                    counts["unchanged"] += 1
                    continue
                if row:
                    self._execute("DELETE FROM articles WHERE id=?", (rec["id"],))  # children cascade
                    self._fts_delete(rec["id"])
                    counts["updated"] += 1
                else:
                    counts["added"] += 1
                self._insert(rec)
        return counts

    def _insert(self, rec: dict) -> None:
        aid, text, ext = rec["id"], rec["text"], rec["extractor"]
        dup = self._execute("SELECT id FROM articles WHERE content_hash=? AND id<>? AND duplicate_of IS NULL LIMIT 1",
                            (rec["content_hash"], aid)).fetchone()
        sig = dedup.signature(_body_text(rec))
        if dup is None and sig is not None:
            dup = self._near_duplicate(aid, sig)
        self._execute(
            "INSERT INTO articles(id, content_hash, title, published, source, url, lang, author, origin, format,"
            " text, duplicate_of, extractor, ingested_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (aid, rec["content_hash"], rec.get("title"), rec.get("published"), rec.get("source"), rec.get("url"),
             rec.get("lang"), rec.get("author"), rec.get("origin"), rec.get("format"), text,
             dup[0] if dup else None, ext, now()))
        if sig is not None:
            sig_text = dedup.to_text(sig)
            self._executemany("INSERT INTO minhash VALUES(?,?,?,?)",
                              [(aid, b, k, sig_text if b == 0 else None) for b, k in dedup.band_keys(sig)])
        self._executemany("INSERT INTO blocks VALUES(?,?,?,?,?,?,?,?)",
                          [(aid, i, b["start"], b["end"], b["role"], b.get("duplicate_of"),
                            (b.get("credit") or {}).get("start"), (b.get("credit") or {}).get("end"))
                           for i, b in enumerate(rec.get("blocks", []))])
        reg_rows, ent_rows, mention_rows = [], [], []
        for e in rec.get("entities", []):
            key = registry.entity_key(e.get("name") or "", e.get("type"))
            uid = registry.entity_uid(key)
            reg_rows.append((uid, key, e.get("name") or "", e.get("type")))
            ent_rows.append((aid, e["id"], e.get("name") or "", e.get("type"), e.get("role"), dumps(e), uid))
            mention_rows += [(aid, e["id"], m["start"], m["end"], m["text"]) for m in e.get("mentions", [])]
        # the registry keeps the first spelling it saw as the entity's display name
        self._executemany("INSERT INTO registry(uid, key, name, type) VALUES(?,?,?,?) ON CONFLICT(uid) DO NOTHING",
                          reg_rows)
        self._executemany("INSERT INTO entities VALUES(?,?,?,?,?,?,?) ON CONFLICT(article_id, entity_id) DO NOTHING",
                          ent_rows)
        self._executemany("INSERT INTO mentions VALUES(?,?,?,?,?)", mention_rows)
        fts, st_rows = [], []
        for i, a in enumerate(rec.get("attributions", [])):
            content = a.get("content") or []
            if not content:
                continue
            ctext = " … ".join(c["text"] for c in content)
            sp, src = a.get("speaker") or {}, a.get("source") or {}
            cue, via = a.get("cue") or {}, a.get("via") or {}
            st_rows.append(
                (aid, i, a.get("kind"), sp.get("name"), sp.get("entity_id"), src.get("text"), src.get("start"),
                 src.get("end"), cue.get("text"), cue.get("start"), cue.get("end"), ctext,
                 min(c["start"] for c in content), max(c["end"] for c in content), via.get("text"),
                 int(bool(a.get("negated"))), a.get("block"), (a.get("sentence") or {}).get("start"),
                 (a.get("sentence") or {}).get("end"), rec.get("published"), ext, dumps(a)))
            fts.append((i, ctext, sp.get("name") or src.get("text") or ""))
        self._executemany(
            "INSERT INTO statements(article_id, idx, kind, speaker, speaker_entity, source_text, source_start,"
            " source_end, cue_text, cue_start, cue_end, content, content_start, content_end, via, negated,"
            " block_idx, sentence_start, sentence_end,"
            " published, extractor, data) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", st_rows)
        rows = []
        for kind, (label_key, value_key) in FACT_KINDS.items():
            for i, f in enumerate(rec.get(kind, [])):
                lab, val = f.get(label_key), f.get(value_key)
                rows.append((aid, kind, i, f.get("start"), f.get("end"), f.get("text"),
                             None if lab is None else str(lab), None if val is None else str(val), dumps(f), ext))
        self._executemany("INSERT INTO facts VALUES(?,?,?,?,?,?,?,?,?,?)", rows)
        self._fts_add(aid, rec, fts)

    def _near_duplicate(self, aid: str, sig) -> tuple[str] | None:
        """The earliest stored original whose MinHash similarity to ``sig`` reaches the threshold."""
        keys = dedup.band_keys(sig)
        where = " OR ".join("(band=? AND key=?)" for _ in keys)
        args = tuple(x for bk in keys for x in bk)
        cands = [r[0] for r in self._execute(
            f"SELECT DISTINCT m.article_id FROM minhash m JOIN articles a ON a.id = m.article_id"
            f" WHERE ({where}) AND a.duplicate_of IS NULL AND m.article_id<>?", (*args, aid)).fetchall()]
        best = None
        for cid in sorted(cands):
            row = self._execute("SELECT signature FROM minhash WHERE article_id=? AND band=0", (cid,)).fetchone()
            if row and row[0]:
                sim = dedup.similarity(sig, dedup.from_text(row[0]))
                if sim >= dedup.THRESHOLD and (best is None or sim > best[1]):
                    best = (cid, sim)
        return (best[0],) if best else None

    def add_errors(self, errors: Iterable[tuple[str, str]]) -> None:
        errors = list(errors)
        if errors:
            with self.transaction():
                self._executemany("INSERT INTO errors VALUES(?,?,?)", [(o, r, now()) for o, r in errors])

    # ---------------------------------------------------------------- reads
    def counts(self) -> dict[str, int]:
        q = {"articles": "SELECT count(*) FROM articles", "statements": "SELECT count(*) FROM statements",
             "entities": "SELECT count(*) FROM entities", "facts": "SELECT count(*) FROM facts",
             "errors": "SELECT count(*) FROM errors",
             "duplicates": "SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL"}
        return {k: self._execute(v).fetchone()[0] for k, v in q.items()}

    def quotes(self, speaker: str | None = None, since: str | None = None, until: str | None = None,
               search: str | None = None, include_negated: bool = False, include_duplicates: bool = False,
               limit: int = 100, offset: int = 0) -> list[dict]:
        """Statements in date order, each with its article and offsets."""
        where, args = [], []
        if speaker:
            where.append("(lower(s.speaker) LIKE ? OR lower(s.source_text) LIKE ?)")
            args += [f"%{speaker.lower()}%", f"%{speaker.lower()}%"]
        if since:
            where.append("s.published >= ?"); args.append(since)
        if until:
            where.append("s.published <= ?"); args.append(until + "\uffff")
        if not include_negated:
            where.append("s.negated = 0")
        if not include_duplicates:
            where.append("a.duplicate_of IS NULL")
        if search:
            clause, a = self._statement_match(search)
            where.append(clause); args += list(a)
        sql = ("SELECT s.article_id, s.idx, s.published, s.kind, s.speaker, s.source_text, s.cue_text, s.content,"
               " s.content_start, s.content_end, s.via, s.negated, s.block_idx, s.sentence_start, s.sentence_end,"
               " s.extractor, s.data, a.title, a.url, a.source AS outlet"
               " FROM statements s JOIN articles a ON a.id = s.article_id"
               + (" WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY s.published, s.article_id, s.content_start LIMIT ? OFFSET ?")
        cur = self._execute(sql, (*args, limit, offset))
        names = [d[0] for d in cur.description]
        return [_statement(dict(zip(names, r))) for r in cur.fetchall()]

    def search(self, text: str, limit: int = 50, offset: int = 0) -> list[dict]:
        """Full-text search over article titles and text, best first, with a snippet."""
        if not fts_terms(text):
            return []
        cur = self._execute(self._search_sql(), (*self._search_args(text), limit, offset))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]

    def entity(self, name: str, limit: int = 100) -> dict:
        """An entity across articles: its names, types and roles, and the statements it made."""
        cur = self._execute("SELECT DISTINCT name, type, role, article_id FROM entities WHERE lower(name) LIKE ?",
                            (f"%{name.lower()}%",))
        rows = cur.fetchall()
        return {"query": name, "names": sorted({r[0] for r in rows}), "types": sorted({r[1] for r in rows if r[1]}),
                "roles": sorted({r[2] for r in rows if r[2]}), "articles": len({r[3] for r in rows}),
                "registry": self.registry(name),
                "statements": self.quotes(speaker=name, limit=limit)}

    def registry(self, name: str, limit: int = 20) -> list[dict]:
        """Registry entries whose name or any alias matches ``name``: stable id, type, the aliases seen
        (names and descriptors, not pronouns), roles over time with their article and date, and how
        many articles and statements each has."""
        q = f"%{name.lower()}%"
        uids = [r[0] for r in self._execute(
            "SELECT DISTINCT e.uid FROM entities e LEFT JOIN mentions m ON m.article_id = e.article_id"
            " AND m.entity_id = e.entity_id WHERE e.uid IS NOT NULL AND (lower(e.name) LIKE ? OR lower(m.text) LIKE ?)"
            " ORDER BY e.uid LIMIT ?", (q, q, limit)).fetchall()]
        for etype in registry.PLACE_TYPES:  # a place asked by another spelling (Kyiv for Kiev)
            uid = registry.entity_uid(registry.entity_key(name, etype))
            if uid not in uids and self._execute("SELECT 1 FROM registry WHERE uid=?", (uid,)).fetchone():
                uids.append(uid)
        out = []
        for uid in uids:
            reg = self._execute("SELECT name, type, key FROM registry WHERE uid=?", (uid,)).fetchone()
            ents = self._execute(
                "SELECT e.article_id, e.entity_id, e.name, e.data, a.published FROM entities e"
                " JOIN articles a ON a.id = e.article_id WHERE e.uid=? ORDER BY a.published, e.article_id",
                (uid,)).fetchall()
            aliases: dict[str, int] = {}
            roles = []
            statements = 0
            for aid, eid, ename, data, published in ents:
                aliases[ename] = aliases.get(ename, 0) + 1
                for (text,) in self._execute("SELECT text FROM mentions WHERE article_id=? AND entity_id=?",
                                             (aid, eid)).fetchall():
                    if text.lower() not in _PRONOUNS:
                        aliases[text] = aliases.get(text, 0) + 1
                d = json.loads(data or "{}")
                if d.get("role"):
                    roles.append({"role": d["role"], "org": d.get("org"), "country": d.get("country"),
                                  "principal": d.get("principal"), "as_of": d.get("as_of") or published,
                                  "article_id": aid})
                statements += self._execute("SELECT count(*) FROM statements WHERE article_id=? AND speaker_entity=?",
                                            (aid, eid)).fetchone()[0]
            out.append({"uid": uid, "name": reg[0] if reg else name, "type": reg[1] if reg else None,
                        "key": reg[2] if reg else None, "articles": len({e[0] for e in ents}),
                        "statements": statements,
                        "aliases": [a for a, _ in sorted(aliases.items(), key=lambda kv: (-kv[1], kv[0]))],
                        "roles": roles})
        out.sort(key=lambda r: (-r["articles"], r["name"]))
        return out

    def articles(self, limit: int = 50, offset: int = 0) -> list[dict]:
        cur = self._execute("SELECT id, title, published, source, url, origin, duplicate_of FROM articles"
                            " ORDER BY published DESC, id LIMIT ? OFFSET ?", (limit, offset))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]

    def errors(self) -> list[dict]:
        cur = self._execute("SELECT origin, reason, at FROM errors ORDER BY at")
        return [dict(zip(("origin", "reason", "at"), r)) for r in cur.fetchall()]

    def article_ids(self) -> Iterator[str]:
        for r in self._execute("SELECT id FROM articles ORDER BY id").fetchall():
            yield r[0]

    def record(self, aid: str) -> dict | None:
        """The stored article back as its full analysis record (text included), or None."""
        cur = self._execute("SELECT * FROM articles WHERE id=?", (aid,))
        row = cur.fetchone()
        if row is None:
            return None
        a = dict(zip([d[0] for d in cur.description], row))
        a.pop("fts", None)
        rec = {k: a[k] for k in ("id", "title", "published", "source", "url", "lang", "author", "origin", "format",
                                 "content_hash", "extractor", "duplicate_of", "text")}
        rec["blocks"] = []
        text = rec["text"]
        for start, end, role, dup, cs, ce in self._execute(
                "SELECT start_char, end_char, role, duplicate_of, credit_start, credit_end FROM blocks"
                " WHERE article_id=? ORDER BY idx", (aid,)).fetchall():
            b = {"start": start, "end": end, "role": role}
            if dup is not None:
                b["duplicate_of"] = dup
            if cs is not None:
                b["credit"] = {"start": cs, "end": ce, "text": text[cs:ce]}
            rec["blocks"].append(b)
        rec["entities"] = [json.loads(r[0]) for r in self._execute(
            "SELECT data FROM entities WHERE article_id=? ORDER BY entity_id", (aid,)).fetchall()]
        rec["attributions"] = [json.loads(r[0]) for r in self._execute(
            "SELECT data FROM statements WHERE article_id=? ORDER BY idx", (aid,)).fetchall()]
        for kind in FACT_KINDS:
            rec[kind] = [json.loads(r[0]) for r in self._execute(
                "SELECT data FROM facts WHERE article_id=? AND kind=? ORDER BY idx", (aid, kind)).fetchall()]
        return rec


    # --- reads for the API and web pages
    # Dialect-neutral (``?`` placeholders through ``self._execute``) so PostgreSQL serves the same pages.
    _STATEMENT_COLS = ("SELECT s.article_id, s.idx, s.published, s.kind, s.speaker, s.source_text, s.cue_text,"
                       " s.content, s.content_start, s.content_end, s.via, s.negated, s.block_idx, s.sentence_start,"
                       " s.sentence_end, s.extractor, s.data, a.title, a.url,"
                       " a.source AS outlet FROM statements s JOIN articles a ON a.id = s.article_id")

    def _rows(self, sql: str, args: tuple = ()) -> list[dict]:
        cur = self._execute(sql, args)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]

    def speakers(self, limit: int = 20, offset: int = 0) -> list[dict]:
        """Resolved speakers by number of statements (denials and duplicate articles left out)."""
        return self._rows(
            "SELECT s.speaker AS name, count(*) AS statements, count(DISTINCT s.article_id) AS articles,"
            " max(s.published) AS last FROM statements s JOIN articles a ON a.id = s.article_id"
            " WHERE s.speaker IS NOT NULL AND s.negated = 0 AND a.duplicate_of IS NULL"
            " GROUP BY s.speaker ORDER BY count(*) DESC, s.speaker LIMIT ? OFFSET ?", (limit, offset))

    def statements_by(self, name: str, limit: int = 100, offset: int = 0) -> list[dict]:
        """Every statement whose resolved speaker is exactly ``name`` (any case), in date order."""
        # the exact name first (the speaker index answers it); any case only when that finds nothing
        for clause, key in (("s.speaker = ?", name), ("lower(s.speaker) = ?", name.lower())):
            rows = self._rows(self._STATEMENT_COLS + f" WHERE {clause} AND a.duplicate_of IS NULL"
                              " ORDER BY s.published, s.article_id, s.content_start LIMIT ? OFFSET ?",
                              (key, limit, offset))
            if rows or offset:
                break
        return [_statement(r) for r in rows]

    def statements_per_month(self, name: str) -> list[dict]:
        """How many statements ``name`` (exactly) made each month: [{"month": "YYYY-MM", "n": N}], oldest first."""
        return self._rows("SELECT substr(s.published, 1, 7) AS month, count(*) AS n FROM statements s"
                          " JOIN articles a ON a.id = s.article_id WHERE s.speaker = ? AND s.negated = 0"
                          " AND a.duplicate_of IS NULL AND s.published IS NOT NULL"
                          " GROUP BY substr(s.published, 1, 7) ORDER BY substr(s.published, 1, 7)", (name,))

    def entity_profile(self, name: str) -> dict | None:
        """One entity by its canonical name across articles: types, aliases (the mentions that resolved
        to it, with counts) and roles over time. None when no article names it and no statement is its."""
        for col, key in (("e.name", name), ("lower(e.name)", name.lower())):  # exact (indexed) first
            ents = self._rows("SELECT e.article_id, e.entity_id, e.name, e.type, e.role, a.published"
                              f" FROM entities e JOIN articles a ON a.id = e.article_id WHERE {col} = ?"
                              " ORDER BY a.published, e.article_id", (key,))
            if ents:
                break
        said = self._execute("SELECT count(*) FROM statements WHERE speaker = ?", (name,)).fetchone()[0] or \
            self._execute("SELECT count(*) FROM statements WHERE lower(speaker) = ?", (name.lower(),)).fetchone()[0]
        if not ents and not said:
            return None
        aliases = self._rows("SELECT m.text AS text, count(*) AS n FROM mentions m JOIN entities e"
                             " ON e.article_id = m.article_id AND e.entity_id = m.entity_id"
                             f" WHERE {col} = ? GROUP BY m.text ORDER BY count(*) DESC, m.text", (key,))
        roles: dict[str, dict] = {}
        for e in ents:
            if e["role"]:
                r = roles.setdefault(e["role"], {"role": e["role"], "first": e["published"], "last": e["published"],
                                                 "articles": 0})
                r["articles"] += 1
                r["last"] = e["published"] or r["last"]
        return {"name": ents[0]["name"] if ents else name, "types": sorted({e["type"] for e in ents if e["type"]}),
                "aliases": aliases, "roles": list(roles.values()), "articles": len({e["article_id"] for e in ents}),
                "statements": said}

    def positions(self, issue: str | None = None, holder: str | None = None, limit: int = 5000) -> list[dict]:
        """Stored positions with their article and date, oldest first (duplicate articles left out)."""
        where, args = ["f.kind = 'positions'", "a.duplicate_of IS NULL"], []
        if issue:  # a stored label exactly (the index on kind, label answers it)
            where.append("f.label = ?"); args.append(issue)
        if holder:  # narrowed in SQL, decided on the parsed record below
            where.append("lower(f.data) LIKE ?"); args.append(f"%{holder.lower()}%")
        sql = ("SELECT f.article_id, f.idx, f.data, a.published, a.title FROM facts f"
               " JOIN articles a ON a.id = f.article_id WHERE " + " AND ".join(where)
               + " ORDER BY a.published, f.article_id, f.idx LIMIT ?")
        out = []
        for r in self._rows(sql, (*args, limit)):
            p = json.loads(r.pop("data"))
            if holder and holder.lower() not in {str(p.get("holder") or "").lower(), str(p.get("voiced_by") or "").lower()}:
                continue
            out.append({**r, **p, "date": p.get("date") or p.get("when") or r["published"]})
        return out

    def statements_in(self, article_ids: list[str]) -> list[dict]:
        """Every statement of the given articles (denials and duplicate articles left out), in date order."""
        out: list[dict] = []
        ids = sorted(set(article_ids))
        for i in range(0, len(ids), 500):  # bounded IN lists
            chunk = ids[i:i + 500]
            out += [_statement(r) for r in self._rows(
                self._STATEMENT_COLS + " WHERE s.article_id IN (" + ",".join("?" * len(chunk)) + ")"
                " AND s.negated = 0 AND a.duplicate_of IS NULL", tuple(chunk))]
        out.sort(key=lambda r: (r["published"] or "", r["article_id"], r["content_start"]))
        return out

    def issue_labels(self) -> list[dict]:
        """Every issue that has a position, with how many positions and holders."""
        return self._rows("SELECT f.label AS issue, count(*) AS positions FROM facts f WHERE f.kind = 'positions'"
                          " AND f.label IS NOT NULL GROUP BY f.label ORDER BY count(*) DESC, f.label")

    def facts_of(self, kind: str, limit: int = 50, offset: int = 0) -> list[dict]:
        """Facts of one kind (events, places, ...) across articles, newest article first."""
        rows = self._rows("SELECT f.article_id, f.idx, f.data, a.published, a.title FROM facts f"
                          " JOIN articles a ON a.id = f.article_id WHERE f.kind = ?"
                          " ORDER BY a.published DESC, f.article_id, f.idx LIMIT ? OFFSET ?", (kind, limit, offset))
        return [{**{k: v for k, v in r.items() if k != "data"}, **json.loads(r["data"])} for r in rows]

    def entity_names(self, part: str, limit: int = 20) -> list[dict]:
        """Canonical entity and speaker names holding ``part`` (any case), most named first."""
        like = f"%{part.lower()}%"
        return self._rows("SELECT name, count(*) AS n FROM (SELECT e.name AS name FROM entities e WHERE lower(e.name) LIKE ?"
                          " UNION ALL SELECT s.speaker AS name FROM statements s WHERE lower(s.speaker) LIKE ?) t"
                          " GROUP BY name ORDER BY count(*) DESC, name LIMIT ?", (like, like, limit))

    def facts_version(self) -> tuple:
        """Changes whenever articles are added or replaced: a key for caching what is computed from them."""
        return tuple(self._execute("SELECT count(*), max(ingested_at) FROM articles").fetchone())

    def copies_of(self, aid: str) -> list[str]:
        """Articles stored as copies (exact or near) of ``aid``."""
        return [r[0] for r in self._execute("SELECT id FROM articles WHERE duplicate_of = ? ORDER BY id", (aid,)).fetchall()]

    # --- positions and events queries (issue 5) ---------------------------------------------------
    def _facts(self, kind: str, where: list[str], args: list, limit: int) -> list[dict]:
        sql = ("SELECT f.article_id, f.idx, f.data, a.published, a.title, a.url, a.source FROM facts f"
               " JOIN articles a ON a.id = f.article_id WHERE f.kind = ? AND a.duplicate_of IS NULL"
               + "".join(" AND " + w for w in where) + " ORDER BY a.published, f.article_id, f.idx LIMIT ?")
        out = []
        for aid, idx, data, published, title, url, outlet in self._execute(sql, (kind, *args, limit)).fetchall():
            d = json.loads(data)
            d.update({"article_id": aid, "idx": idx, "published": published, "title": title, "url": url,
                      "outlet": outlet})
            d.setdefault("date", published)
            out.append(d)
        return out

    def positions_of(self, holder: str | None = None, issue: str | None = None, stance: str | None = None,
                  limit: int = 1000) -> list[dict]:
        """Stored positions in date order; ``holder`` matches the holder or the person voicing it,
        ``issue`` any issue grouped with it (lexically, see ``newsgraph.positions_timeline``)."""
        where, args = [], []
        if holder:
            where.append("(lower(f.data) LIKE ?)")
            args.append(f"%{holder.lower()}%")
        if stance:
            where.append("f.value = ?")
            args.append(stance)
        rows = self._facts("positions", where, args, limit if not (holder or issue) else 100_000)
        from ..positions_timeline import _holder_match, same_issue

        if holder:
            rows = [r for r in rows if _holder_match(r, holder)]
        if issue:
            rows = [r for r in rows if same_issue(r.get("issue") or "", issue)]
        return rows[:limit]

    def events_of(self, actor: str | None = None, type: str | None = None, modality: str | None = None,
               limit: int = 1000) -> list[dict]:
        """Stored events in date order, by actor (part of the name), PLOVER type and modality."""
        where, args = [], []
        if type:
            where.append("f.label = ?")
            args.append(type.upper())
        if modality:
            where.append("f.value = ?")
            args.append(modality)
        if actor:
            where.append("lower(f.data) LIKE ?")
            args.append(f"%{actor.lower()}%")
        rows = self._facts("events", where, args, limit if not actor else 100_000)
        if actor:
            rows = [r for r in rows if actor.lower() in (r.get("actor") or "").lower()
                    or actor.lower() in (r.get("actor_text") or "").lower()]
        return rows[:limit]

    def issue_timeline(self, issue: str, holder: str | None = None) -> list[dict]:
        """Positions on an issue in date order, per holder, each change of stance flagged with the
        earlier evidence (``changed``, ``previous``)."""
        from ..positions_timeline import timeline

        rows = self.positions_of(holder=holder, issue=issue, limit=100_000)
        out = []
        for h in sorted({r["holder"] for r in rows if r.get("holder")}):
            out += timeline([r for r in rows if r.get("holder") == h], h, issue)
        out.sort(key=lambda r: (r.get("date") or "", r.get("holder") or ""))
        return out


_PRONOUNS = {"he", "she", "it", "they", "him", "her", "his", "its", "their", "them", "we", "us", "i", "you"}


def _body_text(rec: dict) -> str:
    """The words that make an article itself: body blocks, not headings, captions or credits."""
    text = rec["text"]
    body = [text[b["start"]:b["end"]] for b in rec.get("blocks", []) if b.get("role") == "body"]
    return "\n".join(body) if body else text


def _statement(r: dict) -> dict:
    return {"article_id": r["article_id"], "idx": r["idx"], "published": r["published"], "title": r["title"],
            "url": r["url"], "outlet": r["outlet"], "kind": r["kind"], "speaker": r["speaker"],
            "source": r["source_text"], "cue": r["cue_text"], "content": r["content"],
            "content_start": r["content_start"], "content_end": r["content_end"], "via": r["via"],
            "negated": bool(r["negated"]), "block": r.get("block_idx"), "sentence_start": r.get("sentence_start"),
            "sentence_end": r.get("sentence_end"), "extractor": r.get("extractor"),
            "attribution": json.loads(r["data"])}
