"""The REST API and the web UI on one FastAPI server: ``create_app(db)``; ``newsgraph serve`` runs it."""
from __future__ import annotations

from .app import MAX_BODY_BYTES, MAX_LIMIT, create_app

__all__ = ["create_app", "MAX_LIMIT", "MAX_BODY_BYTES"]
