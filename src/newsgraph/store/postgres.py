"""PostgreSQL engine: the same schema and API as SQLite, for corpora that outgrow one file.

Full-text search uses generated ``tsvector`` columns with GIN indexes. Connect with a
``postgresql://user@host:port/db`` URL (psycopg 3, the ``postgres`` extra).
"""
from __future__ import annotations

from ..errors import ConfigError
from .base import Store, fts_terms


class PostgresStore(Store):
    placeholder = "%s"
    extra_ddl = [
        "ALTER TABLE statements ADD COLUMN IF NOT EXISTS fts tsvector"
        " GENERATED ALWAYS AS (to_tsvector('english', coalesce(speaker, '') || ' ' || content)) STORED",
        "ALTER TABLE articles ADD COLUMN IF NOT EXISTS fts tsvector"
        " GENERATED ALWAYS AS (to_tsvector('english', coalesce(title, '') || ' ' || text)) STORED",
        "CREATE INDEX IF NOT EXISTS statements_fts ON statements USING gin(fts)",
        "CREATE INDEX IF NOT EXISTS articles_fts ON articles USING gin(fts)",
    ]

    def __init__(self, url: str):
        self.path = url.split("@")[-1]  # never echo a password
        try:
            import psycopg
        except ImportError:
            raise ConfigError("PostgreSQL support is not installed: pip install 'newsgraph[postgres]'") from None
        try:
            self.db = psycopg.connect(url, autocommit=True)
        except psycopg.Error as exc:
            raise ConfigError(f"{self.path}: cannot connect to PostgreSQL ({str(exc).strip().splitlines()[0]})") from None
        self._migrate()

    def _execute(self, sql: str, args: tuple = ()):
        sql = sql.replace("%", "%%") if args else sql
        return super()._execute(sql, args)

    def _executemany(self, sql: str, rows: list) -> None:
        if rows:
            with self.db.cursor() as cur:
                cur.executemany(sql.replace("%", "%%").replace("?", "%s"), rows)

    def transaction(self):
        return self.db.transaction()

    def _statement_match(self, query):
        return "s.fts @@ plainto_tsquery('english', ?)", (" ".join(fts_terms(query)),)

    def _search_sql(self) -> str:
        return ("SELECT a.id AS article_id, a.title, a.published, a.source, a.url,"
                " ts_headline('english', a.text, plainto_tsquery('english', ?),"
                " 'StartSel=[, StopSel=], MaxWords=24, MinWords=8') AS snippet"
                " FROM articles a WHERE a.fts @@ plainto_tsquery('english', ?)"
                " ORDER BY ts_rank(a.fts, plainto_tsquery('english', ?)) DESC, a.id LIMIT ? OFFSET ?")

    def _search_args(self, text):
        q = " ".join(fts_terms(text))
        return (q, q, q)
