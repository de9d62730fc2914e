"""API hardening: the write endpoint is rate-limited per client (before the token check, so guessing
counts too), CORS is closed unless origins are configured, the token is compared in constant time, and
no response ever carries a stack trace, whatever breaks."""
from __future__ import annotations

import warnings

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from newsgraph.api import create_app
from newsgraph.errors import ConfigError
from newsgraph.limits import TokenBucket

TOKEN = "t0ken-for-security-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.delenv("NEWSGRAPH_CORS_ORIGINS", raising=False)
    monkeypatch.delenv("NEWSGRAPH_WRITE_RATE", raising=False)
    return str(tmp_path / "s.db")


def test_token_bucket_allows_a_burst_then_refills_at_the_rate():
    now = [0.0]
    b = TokenBucket(6, clock=lambda: now[0])  # 6 per minute: one every 10 s, bursts of 6
    assert [b.take("a") for _ in range(6)] == [0.0] * 6
    wait = b.take("a")
    assert 9.9 < wait <= 10.0
    assert b.take("b") == 0.0  # another client has its own bucket
    now[0] += 10.0
    assert b.take("a") == 0.0 and b.take("a") > 0


def test_write_endpoint_answers_429_with_retry_after_past_the_rate(db):
    c = TestClient(create_app(db, token=TOKEN, read_only=False, write_rate_per_minute=3), raise_server_exceptions=False)
    codes = [c.post("/api/articles?analyze=false", json={"id": f"r{i}", "text": f"Note {i} on the council."},
                    headers=AUTH).status_code for i in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    r = c.post("/api/articles?analyze=false", json={"text": "x"}, headers=AUTH)
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
    body = r.json()
    assert body == {"ok": False, "error": body["error"], "status": 429} and "retry" in body["error"]
    assert c.get("/api/stats").json()["counts"]["articles"] == 3
    assert c.get("/api/stats").status_code == 200  # reads are not limited


def test_token_guessing_is_rate_limited_too(db):
    c = TestClient(create_app(db, token=TOKEN, read_only=False, write_rate_per_minute=5), raise_server_exceptions=False)
    codes = [c.post("/api/articles", json={"text": "x"}, headers={"Authorization": f"Bearer guess{i}"}).status_code
             for i in range(8)]
    assert codes[:5] == [401] * 5 and set(codes[5:]) == {429}


def test_write_rate_comes_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("NEWSGRAPH_WRITE_RATE", "1")
    c = TestClient(create_app(db, token=TOKEN, read_only=False), raise_server_exceptions=False)
    assert c.post("/api/articles?analyze=false", json={"text": "One note."}, headers=AUTH).status_code == 200
    assert c.post("/api/articles?analyze=false", json={"text": "Two notes."}, headers=AUTH).status_code == 429


def test_cors_is_closed_by_default(db):
    c = TestClient(create_app(db), raise_server_exceptions=False)
    r = c.get("/api/stats", headers={"Origin": "https://evil.example"})
    assert r.status_code == 200 and "access-control-allow-origin" not in r.headers
    pre = c.options("/api/articles", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST",
                                              "Access-Control-Request-Headers": "authorization"})
    assert "access-control-allow-origin" not in pre.headers
    assert "access-control-allow-headers" not in pre.headers


def test_cors_opens_only_to_configured_origins_and_only_for_reading(db, monkeypatch):
    monkeypatch.setenv("NEWSGRAPH_CORS_ORIGINS", "https://dash.example")
    c = TestClient(create_app(db), raise_server_exceptions=False)
    ok = c.get("/api/stats", headers={"Origin": "https://dash.example"})
    assert ok.headers["access-control-allow-origin"] == "https://dash.example"
    assert "access-control-allow-credentials" not in ok.headers
    other = c.get("/api/stats", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers
    pre = c.options("/api/articles", headers={"Origin": "https://dash.example", "Access-Control-Request-Method": "POST"})
    assert pre.status_code == 400  # writing cross-origin is not allowed


def test_cors_wildcard_is_refused(db):
    with pytest.raises(ConfigError):
        create_app(db, cors_origins=["*"])


def test_token_comparison_is_constant_time_for_every_guess(db, monkeypatch):
    import hmac

    import newsgraph.api.routes as routes

    seen = []
    real = hmac.compare_digest
    monkeypatch.setattr(routes.hmac, "compare_digest", lambda a, b: seen.append((a, b)) or real(a, b))
    c = TestClient(create_app(db, token=TOKEN, read_only=False), raise_server_exceptions=False)
    for guess in ("t", TOKEN[:-1], TOKEN + "x", "\u00e9\u00e9"):  # the last as raw latin-1 bytes on the wire
        hdr = f"Bearer {guess}".encode("latin-1")
        assert c.post("/api/articles", json={"text": "x"}, headers={"Authorization": hdr}).status_code == 401
    assert len(seen) == 4 and all(b == TOKEN.encode() for _, b in seen)
    assert "==" not in open(routes.__file__, encoding="utf-8").read().split("def _authorize", 1)[1].split("def ", 1)[0]


@pytest.mark.parametrize("path", ["/api/stats", "/api/quotes", "/", "/api/articles/x"])
def test_no_stack_trace_in_any_response_when_the_store_breaks(db, monkeypatch, path):
    app = create_app(db)
    c = TestClient(app, raise_server_exceptions=False)
    store = app.state.stores.get()

    def boom(*a, **k):
        raise ZeroDivisionError("internal detail /srv/secret.db line 42")

    for name in ("counts", "quotes", "record", "articles", "speakers"):
        if hasattr(type(store), name):
            monkeypatch.setattr(type(store), name, boom)
    r = c.get(path)
    assert r.status_code in (404, 500)
    text = r.text
    for leak in ("Traceback", "ZeroDivisionError", "secret.db", 'File "', "line 42"):
        assert leak not in text, (path, leak)


def test_malformed_requests_get_the_json_shape_without_internals(db):
    c = TestClient(create_app(db, token=TOKEN, read_only=False, max_body_bytes=1000), raise_server_exceptions=False)
    for r in (c.post("/api/articles", content=b"\xff\xfe\x00garbage", headers=AUTH),
              c.post("/api/articles", content=b"[" * 900, headers=AUTH),
              c.post("/api/articles", content=b'{"text": ' + b"1" * 500 + b"}", headers=AUTH),
              c.post("/api/articles", content=b"x", headers={**AUTH, "Content-Length": "abc"}),
              c.get("/api/quotes?limit=-1"), c.get("/api/quotes?since=%00")):
        assert 400 <= r.status_code < 500, (r.status_code, r.text)
        body = r.json()
        assert body["ok"] is False and "Traceback" not in body["error"] and 'File "' not in body["error"]
