"""The server: one FastAPI app holding the JSON API (``/api/...``) and the HTML pages.

Every request reads through a store connection owned by the thread serving it: sqlite3 objects may not
cross threads, and FastAPI runs plain ``def`` endpoints in a thread pool. Errors have one JSON shape
under ``/api`` (``{"ok": false, "error": ..., "status": N}``) and an HTML page elsewhere; neither ever
carries a stack trace.
"""
from __future__ import annotations

import logging
import os
import threading

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import ConfigError

MAX_LIMIT = 500  # the most rows one page of any list may ask for
MAX_BODY_BYTES = 5 * 1024 * 1024  # the write endpoint refuses larger request bodies
WRITE_RATE_PER_MINUTE = 30  # submissions per client (address) per minute, in bursts of as many; 429 beyond

log = logging.getLogger("newsgraph.api")

# No inline script or style, nothing from another origin: whatever an article carries cannot run.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class StoreHolder:
    """One store connection per thread, opened on first use in that thread."""

    def __init__(self, db: str):
        from ..store import open_store

        self.db = db
        self._open = open_store
        self._local = threading.local()
        open_store(db).close()  # create or migrate once, up front, so a bad path fails at start-up

    def get(self):
        s = getattr(self._local, "store", None)
        if s is None:
            s = self._local.store = self._open(self.db)
        return s


def _wants_json(request: Request) -> bool:
    p = request.url.path
    return p.startswith("/api") or p == "/openapi.json"


def error_response(request: Request, status: int, message: str, headers: dict | None = None):
    if _wants_json(request):
        return JSONResponse({"ok": False, "error": message, "status": status}, status_code=status, headers=headers)
    from ..web import render_error

    return HTMLResponse(render_error(status, message), status_code=status, headers=headers)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for e in exc.errors():
        where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body"))
        parts.append(f"{where}: {e.get('msg')}" if where else str(e.get("msg")))
    return "invalid request: " + "; ".join(parts)


def create_app(db: str, *, token: str | None = None, read_only: bool = True,
               max_body_bytes: int = MAX_BODY_BYTES, write_rate_per_minute: float | None = None,
               cors_origins: list[str] | None = None) -> FastAPI:
    """The API and pages over the store ``db`` (a SQLite path or a postgresql:// URL).

    ``read_only`` (the default) turns the write endpoint off. A writable server needs a token
    (``token`` or ``$NEWSGRAPH_TOKEN``); clients send it as ``Authorization: Bearer TOKEN``.
    Submitted articles are analysed with the full pipeline, loaded on the first submission.
    The write endpoint takes ``write_rate_per_minute`` requests per client ($NEWSGRAPH_WRITE_RATE,
    default 30). No cross-origin access is granted unless ``cors_origins`` ($NEWSGRAPH_CORS_ORIGINS,
    comma-separated) names the origins allowed to read.
    """
    token = token if token is not None else (os.environ.get("NEWSGRAPH_TOKEN") or None)
    if not read_only and not token:
        raise ConfigError("a writable server needs a token: set NEWSGRAPH_TOKEN (clients send it as a Bearer token)")
    app = FastAPI(title="newsgraph", version=__version__,
                  description="Who said what, with every statement linked to its article and offsets. "
                              "Lists take `limit` (at most %d) and `offset`." % MAX_LIMIT,
                  docs_url=None, redoc_url=None, swagger_ui_oauth2_redirect_url=None)
    app.state.stores = StoreHolder(db)
    app.state.token = token
    app.state.read_only = read_only
    app.state.max_body_bytes = max_body_bytes
    from ..limits import TokenBucket

    if write_rate_per_minute is None:
        try:
            write_rate_per_minute = float(os.environ.get("NEWSGRAPH_WRITE_RATE") or WRITE_RATE_PER_MINUTE)
        except ValueError:
            raise ConfigError("NEWSGRAPH_WRITE_RATE must be a number of requests per minute") from None
    app.state.write_bucket = TokenBucket(write_rate_per_minute)
    app.state.nlp = None
    app.state.summary_cache = {}  # see newsgraph.issues.cached
    app.state.nlp_lock = threading.Lock()

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return error_response(request, exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        return error_response(request, 422, _validation_message(exc))

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception):
        # the trace goes to the server's log, never to the client
        log.exception("error serving %s %s", request.method, request.url.path)
        return error_response(request, 500, "internal server error; the server log has the details")

    # issue grouping imports spaCy (about 2 s): pay that at start-up rather than on the first page
    from .. import positions_timeline  # noqa: F401
    from ..web import router as web_router
    from ..web import static_app
    from .routes import router as api_router

    app.include_router(api_router)
    app.include_router(web_router)
    app.mount("/static", static_app(), name="static")
    app.add_middleware(SecurityHeaders)
    if cors_origins is None:
        cors_origins = [o.strip() for o in (os.environ.get("NEWSGRAPH_CORS_ORIGINS") or "").split(",") if o.strip()]
    if cors_origins:  # closed by default: no Access-Control-Allow-Origin unless origins are named
        if "*" in cors_origins:
            raise ConfigError("NEWSGRAPH_CORS_ORIGINS must name origins; '*' would let any site read the API")
        from starlette.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=cors_origins, allow_methods=["GET"],
                           allow_credentials=False)
    return app


class SecurityHeaders:
    """Adds the security headers to every response (a plain ASGI middleware: no buffering)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for k, v in SECURITY_HEADERS.items():
                    if k not in headers:
                        headers[k] = v
            await send(message)

        await self.app(scope, receive, send_with_headers)
