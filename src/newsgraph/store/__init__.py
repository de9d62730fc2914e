"""The record: analyses stored durably and queried. SQLite by default."""
from __future__ import annotations

from .sqlite import SQLiteStore

DEFAULT_DB = "newsgraph.db"


def open_store(db: str | None = None):
    """Open (and create or migrate) the store at ``db``: a file path for SQLite (the default)."""
    db = db or DEFAULT_DB
    if db.startswith(("postgresql://", "postgres://")):
        from ..errors import ConfigError

        raise ConfigError(f"{db.split('@')[-1]}: the PostgreSQL store is not available in this version; use a SQLite file path")
    return SQLiteStore(db)


__all__ = ["open_store", "SQLiteStore", "DEFAULT_DB"]
