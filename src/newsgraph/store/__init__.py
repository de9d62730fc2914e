"""The record: analyses stored durably and queried. SQLite by default, PostgreSQL at scale."""
from __future__ import annotations

from .base import Store
from .sqlite import SQLiteStore

DEFAULT_DB = "newsgraph.db"


def is_postgres(db: str) -> bool:
    return db.startswith(("postgresql://", "postgres://"))


def open_store(db: str | None = None) -> Store:
    """Open (creating or migrating) the store: a SQLite file path (the default) or a postgresql:// URL."""
    db = db or DEFAULT_DB
    if is_postgres(db):
        from .postgres import PostgresStore

        return PostgresStore(db)
    return SQLiteStore(db)


__all__ = ["open_store", "is_postgres", "Store", "SQLiteStore", "DEFAULT_DB"]
