"""The store's schema, shared by SQLite and PostgreSQL. Bump SCHEMA_VERSION with a migration."""
from __future__ import annotations

SCHEMA_VERSION = 1

# Portable DDL: types and constraints both engines accept. Offsets are Python str indices into
# articles.text; every fact row carries its article, offsets and the extractor that made it.
TABLES = [
    """CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS articles (
        id TEXT PRIMARY KEY,
        content_hash TEXT NOT NULL,
        title TEXT, published TEXT, source TEXT, url TEXT, lang TEXT, author TEXT,
        origin TEXT, format TEXT,
        text TEXT NOT NULL,
        duplicate_of TEXT,
        extractor TEXT NOT NULL,
        ingested_at TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS blocks (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL, start_char INTEGER NOT NULL, end_char INTEGER NOT NULL,
        role TEXT NOT NULL, duplicate_of INTEGER, credit_start INTEGER, credit_end INTEGER,
        PRIMARY KEY (article_id, idx)
    )""",
    """CREATE TABLE IF NOT EXISTS entities (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        entity_id TEXT NOT NULL, name TEXT NOT NULL, type TEXT, role TEXT, data TEXT, uid TEXT,
        PRIMARY KEY (article_id, entity_id)
    )""",
    """CREATE TABLE IF NOT EXISTS registry (
        uid TEXT PRIMARY KEY, key TEXT NOT NULL, name TEXT NOT NULL, type TEXT
    )""",
    """CREATE TABLE IF NOT EXISTS mentions (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        entity_id TEXT NOT NULL, start_char INTEGER NOT NULL, end_char INTEGER NOT NULL, text TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS statements (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        kind TEXT, speaker TEXT, speaker_entity TEXT,
        source_text TEXT, source_start INTEGER, source_end INTEGER,
        cue_text TEXT, cue_start INTEGER, cue_end INTEGER,
        content TEXT NOT NULL, content_start INTEGER NOT NULL, content_end INTEGER NOT NULL,
        via TEXT, negated INTEGER NOT NULL DEFAULT 0,
        block_idx INTEGER, sentence_start INTEGER, sentence_end INTEGER,
        published TEXT, extractor TEXT NOT NULL, data TEXT NOT NULL,
        PRIMARY KEY (article_id, idx)
    )""",
    """CREATE TABLE IF NOT EXISTS facts (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        kind TEXT NOT NULL, idx INTEGER NOT NULL,
        start_char INTEGER, end_char INTEGER, text TEXT,
        label TEXT, value TEXT, data TEXT NOT NULL, extractor TEXT NOT NULL,
        PRIMARY KEY (article_id, kind, idx)
    )""",
    """CREATE TABLE IF NOT EXISTS minhash (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        band INTEGER NOT NULL, key TEXT NOT NULL, signature TEXT
    )""",
    """CREATE TABLE IF NOT EXISTS errors (
        origin TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL
    )""",
]

INDEXES = [
    "CREATE INDEX IF NOT EXISTS statements_speaker ON statements(speaker)",
    "CREATE INDEX IF NOT EXISTS statements_published ON statements(published)",
    "CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id, entity_id)",
    "CREATE INDEX IF NOT EXISTS entities_name ON entities(name)",
    "CREATE INDEX IF NOT EXISTS entities_uid ON entities(uid)",
    "CREATE INDEX IF NOT EXISTS facts_kind ON facts(kind, label)",
    "CREATE INDEX IF NOT EXISTS articles_hash ON articles(content_hash)",
    "CREATE INDEX IF NOT EXISTS minhash_band ON minhash(band, key)",
    "CREATE INDEX IF NOT EXISTS articles_published ON articles(published)",
]

# Fact kinds stored generically in `facts`: the record key and the field used as `label`/`value`.
FACT_KINDS = {
    "times": ("text", "value"),
    "quantities": ("unit", "value"),
    "places": ("name", "country_code"),
    "events": ("type", "modality"),
    "positions": ("issue", "stance"),
}
