"""SQLite store: one file, WAL, foreign keys, FTS5 over statements and article text.

``add(records)`` is an idempotent upsert keyed by article id and content hash, in one transaction per
call: a killed run loses at most the batch in flight, and a rerun adds nothing twice.
"""
from __future__ import annotations

import json
import sqlite3
import time
from typing import Any, Iterable, Iterator

from ..errors import ConfigError
from .schema import FACT_KINDS, INDEXES, SCHEMA_VERSION, TABLES

FTS = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS statements_fts USING fts5(content, speaker, article_id UNINDEXED, idx UNINDEXED)",
    "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(title, text, article_id UNINDEXED)",
]


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _j(x: Any) -> str:
    return json.dumps(x, ensure_ascii=False, sort_keys=True)


class SQLiteStore:
    """The default store. ``path`` is a file (created if absent) or ':memory:'."""

    def __init__(self, path: str):
        self.path = path
        try:
            self.db = sqlite3.connect(path, timeout=60, isolation_level=None)
        except sqlite3.Error as exc:
            raise ConfigError(f"{path}: cannot open the database ({exc})") from None
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self._migrate()

    # ------------------------------------------------------------------ schema
    def _migrate(self) -> None:
        cur = self.db.execute("SELECT name FROM sqlite_master WHERE type='table' AND name='meta'").fetchone()
        version = 0
        if cur:
            row = self.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            version = int(row[0]) if row else 0
        if version > SCHEMA_VERSION:
            raise ConfigError(f"{self.path}: written by a newer newsgraph (schema {version} > {SCHEMA_VERSION}); upgrade newsgraph")
        with self.transaction():
            for ddl in TABLES + INDEXES + FTS:
                self.db.execute(ddl)
            self.db.execute("INSERT INTO meta(key, value) VALUES('schema_version', ?) "
                            "ON CONFLICT(key) DO UPDATE SET value=excluded.value", (str(SCHEMA_VERSION),))

    def transaction(self):
        store = self

        class _Tx:
            def __enter__(self):
                store.db.execute("BEGIN IMMEDIATE")
                return store.db

            def __exit__(self, et, ev, tb):
                store.db.execute("COMMIT" if et is None else "ROLLBACK")
                return False

        return _Tx()

    def close(self) -> None:
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ------------------------------------------------------------------ writes
    def known(self) -> dict[str, tuple[str, str]]:
        """article id -> (content hash, extractor) of everything stored, to skip work on a rerun."""
        return {r[0]: (r[1], r[2]) for r in self.db.execute("SELECT id, content_hash, extractor FROM articles")}

    def add(self, records: Iterable[dict]) -> dict[str, int]:
        """Upsert analysis records (each with its ``text``) in one transaction."""
        counts = {"added": 0, "updated": 0, "unchanged": 0}
        with self.transaction() as db:
            for rec in records:
                if "text" not in rec:
                    raise ValueError(f"record {rec.get('id')!r} has no text: analyse with with_text=True")
                row = db.execute("SELECT content_hash, extractor FROM articles WHERE id=?", (rec["id"],)).fetchone()
                if row and row[0] == rec["content_hash"] and row[1] == rec["extractor"]:
                    counts["unchanged"] += 1
                    continue
                if row:
                    self._delete(db, rec["id"])
                    counts["updated"] += 1
                else:
                    counts["added"] += 1
                self._insert(db, rec)
        return counts

    def _delete(self, db, aid: str) -> None:
        db.execute("DELETE FROM articles WHERE id=?", (aid,))  # children cascade
        db.execute("DELETE FROM statements_fts WHERE article_id=?", (aid,))
        db.execute("DELETE FROM articles_fts WHERE article_id=?", (aid,))

    def _insert(self, db, rec: dict) -> None:
        aid, text = rec["id"], rec["text"]
        dup = db.execute("SELECT id FROM articles WHERE content_hash=? AND id<>? AND duplicate_of IS NULL LIMIT 1",
                         (rec["content_hash"], aid)).fetchone()
        db.execute(
            "INSERT INTO articles(id, content_hash, title, published, source, url, lang, author, origin, format,"
            " text, duplicate_of, extractor, ingested_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (aid, rec["content_hash"], rec.get("title"), rec.get("published"), rec.get("source"), rec.get("url"),
             rec.get("lang"), rec.get("author"), rec.get("origin"), rec.get("format"), text,
             dup[0] if dup else None, rec["extractor"], _now()))
        db.executemany("INSERT INTO blocks VALUES(?,?,?,?,?,?)",
                       [(aid, i, b["start"], b["end"], b["role"], b.get("duplicate_of"))
                        for i, b in enumerate(rec.get("blocks", []))])
        for e in rec.get("entities", []):
            db.execute("INSERT OR REPLACE INTO entities VALUES(?,?,?,?,?,?)",
                       (aid, e["id"], e.get("name") or "", e.get("type"), e.get("role"), _j(e)))
            db.executemany("INSERT INTO mentions VALUES(?,?,?,?,?)",
                           [(aid, e["id"], m["start"], m["end"], m["text"]) for m in e.get("mentions", [])])
        for i, a in enumerate(rec.get("attributions", [])):
            content = a.get("content") or []
            if not content:
                continue
            ctext = " … ".join(c["text"] for c in content)
            sp = a.get("speaker") or {}
            src, cue, via = a.get("source") or {}, a.get("cue") or {}, a.get("via") or {}
            db.execute(
                "INSERT INTO statements VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (aid, i, a.get("kind"), sp.get("name"), sp.get("entity_id"),
                 src.get("text"), src.get("start"), src.get("end"),
                 cue.get("text"), cue.get("start"), cue.get("end"),
                 ctext, min(c["start"] for c in content), max(c["end"] for c in content),
                 via.get("text"), int(bool(a.get("negated"))), rec.get("published"), rec["extractor"], _j(a)))
            db.execute("INSERT INTO statements_fts(content, speaker, article_id, idx) VALUES(?,?,?,?)",
                       (ctext, sp.get("name") or src.get("text") or "", aid, i))
        for kind, (label_key, value_key) in FACT_KINDS.items():
            for i, f in enumerate(rec.get(kind, [])):
                db.execute("INSERT INTO facts VALUES(?,?,?,?,?,?,?,?,?,?)",
                           (aid, kind, i, f.get("start"), f.get("end"), f.get("text"),
                            None if f.get(label_key) is None else str(f.get(label_key)),
                            None if f.get(value_key) is None else str(f.get(value_key)), _j(f), rec["extractor"]))
        db.execute("INSERT INTO articles_fts(title, text, article_id) VALUES(?,?,?)", (rec.get("title") or "", text, aid))

    def add_errors(self, errors: Iterable[tuple[str, str]]) -> None:
        errors = list(errors)
        if errors:
            with self.transaction() as db:
                db.executemany("INSERT INTO errors VALUES(?,?,?)", [(o, r, _now()) for o, r in errors])

    # ------------------------------------------------------------------ reads
    def counts(self) -> dict[str, int]:
        q = {"articles": "SELECT count(*) FROM articles", "statements": "SELECT count(*) FROM statements",
             "entities": "SELECT count(*) FROM entities", "facts": "SELECT count(*) FROM facts",
             "errors": "SELECT count(*) FROM errors",
             "duplicates": "SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL"}
        return {k: self.db.execute(v).fetchone()[0] for k, v in q.items()}

    def quotes(self, speaker: str | None = None, since: str | None = None, until: str | None = None,
               search: str | None = None, include_negated: bool = False, include_duplicates: bool = False,
               limit: int = 100, offset: int = 0) -> list[dict]:
        """Statements in date order, each with its article and offsets."""
        where, args = [], []
        if speaker:
            where.append("(s.speaker LIKE ? OR s.source_text LIKE ?)")
            args += [f"%{speaker}%", f"%{speaker}%"]
        if since:
            where.append("s.published >= ?"); args.append(since)
        if until:
            where.append("s.published <= ?"); args.append(until + "\uffff")
        if not include_negated:
            where.append("s.negated = 0")
        if not include_duplicates:
            where.append("a.duplicate_of IS NULL")
        if search:
            where.append("(s.article_id, s.idx) IN (SELECT article_id, idx FROM statements_fts WHERE statements_fts MATCH ?)")
            args.append(_fts_query(search))
        sql = ("SELECT s.*, a.title, a.url, a.source AS outlet FROM statements s JOIN articles a ON a.id = s.article_id"
               + (" WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY s.published, s.article_id, s.content_start LIMIT ? OFFSET ?")
        rows = self.db.execute(sql, (*args, limit, offset)).fetchall()
        return [_statement(r) for r in rows]

    def search(self, text: str, limit: int = 50, offset: int = 0) -> list[dict]:
        """Full-text search over article titles and text, best first, with a snippet."""
        rows = self.db.execute(
            "SELECT f.article_id, a.title, a.published, a.source, a.url,"
            " snippet(articles_fts, 1, '[', ']', '…', 12) AS snippet"
            " FROM articles_fts f JOIN articles a ON a.id = f.article_id"
            " WHERE articles_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?", (_fts_query(text), limit, offset)).fetchall()
        return [dict(r) for r in rows]

    def entity(self, name: str, limit: int = 100) -> dict:
        """An entity across articles: its names and types, and the statements it made."""
        rows = self.db.execute("SELECT DISTINCT name, type, role, article_id FROM entities WHERE name LIKE ?",
                               (f"%{name}%",)).fetchall()
        names = sorted({r["name"] for r in rows})
        return {"query": name, "names": names, "types": sorted({r["type"] for r in rows if r["type"]}),
                "roles": sorted({r["role"] for r in rows if r["role"]}),
                "articles": len({r["article_id"] for r in rows}),
                "statements": self.quotes(speaker=name, limit=limit)}

    def articles(self, limit: int = 50, offset: int = 0) -> list[dict]:
        rows = self.db.execute("SELECT id, title, published, source, url, origin, duplicate_of FROM articles"
                               " ORDER BY published DESC, id LIMIT ? OFFSET ?", (limit, offset)).fetchall()
        return [dict(r) for r in rows]

    def errors(self) -> list[dict]:
        return [dict(r) for r in self.db.execute("SELECT * FROM errors ORDER BY at")]

    def records(self) -> Iterator[dict]:
        """Every stored article back as its analysis record (for exports)."""
        for a in self.db.execute("SELECT * FROM articles ORDER BY id"):
            yield dict(a)


def _fts_query(text: str) -> str:
    """User text as an FTS5 query of quoted terms (no operator injection)."""
    terms = [t.replace('"', '""') for t in text.split() if t.strip()]
    return " ".join(f'"{t}"' for t in terms) or '""'


def _statement(r: sqlite3.Row) -> dict:
    d = json.loads(r["data"])
    return {"article_id": r["article_id"], "idx": r["idx"], "published": r["published"], "title": r["title"],
            "url": r["url"], "outlet": r["outlet"], "kind": r["kind"], "speaker": r["speaker"],
            "source": r["source_text"], "cue": r["cue_text"], "content": r["content"],
            "content_start": r["content_start"], "content_end": r["content_end"], "via": r["via"],
            "negated": bool(r["negated"]), "attribution": d}
