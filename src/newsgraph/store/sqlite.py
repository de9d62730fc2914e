"""SQLite engine (the default): one file, WAL, foreign keys, FTS5 over statements and article text."""
from __future__ import annotations

import sqlite3

from ..errors import ConfigError
from .base import Store, fts_terms


def fts_query(text: str) -> str:
    """User text as an FTS5 query of quoted terms, so no FTS syntax can be injected."""
    return " ".join('"' + t.replace('"', '""') + '"' for t in fts_terms(text)) or '""'


class SQLiteStore(Store):
    """``path`` is a file (created if absent) or ':memory:'."""

    extra_ddl = [
        "CREATE VIRTUAL TABLE IF NOT EXISTS statements_fts USING fts5(content, speaker, article_id UNINDEXED, idx UNINDEXED)",
        "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(title, text, article_id UNINDEXED)",
    ]

    def __init__(self, path: str):
        self.path = path
        try:
            self.db = sqlite3.connect(path, timeout=60, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
        except sqlite3.Error as exc:
            raise ConfigError(f"{path}: cannot open the database ({exc})") from None
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self._migrate()

    def transaction(self):
        db = self.db

        class _Tx:
            def __enter__(self):
                db.execute("BEGIN IMMEDIATE")
                return db

            def __exit__(self, et, ev, tb):
                db.execute("COMMIT" if et is None else "ROLLBACK")
                return False

        return _Tx()

    def _fts_add(self, aid, rec, statements) -> None:
        self._executemany("INSERT INTO statements_fts(content, speaker, article_id, idx) VALUES(?,?,?,?)",
                          [(c, s, aid, i) for i, c, s in statements])
        self._execute("INSERT INTO articles_fts(title, text, article_id) VALUES(?,?,?)",
                      (rec.get("title") or "", rec["text"], aid))

    def _fts_delete(self, aid) -> None:
        self._execute("DELETE FROM statements_fts WHERE article_id=?", (aid,))
        self._execute("DELETE FROM articles_fts WHERE article_id=?", (aid,))

    def _statement_match(self, query):
        return ("(s.article_id, s.idx) IN (SELECT article_id, idx FROM statements_fts WHERE statements_fts MATCH ?)",
                (fts_query(query),))

    def _search_sql(self) -> str:
        return ("SELECT f.article_id, a.title, a.published, a.source, a.url,"
                " snippet(articles_fts, 1, '[', ']', '…', 12) AS snippet"
                " FROM articles_fts f JOIN articles a ON a.id = f.article_id"
                " WHERE articles_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?")

    def _search_args(self, text):
        return (fts_query(text),)
