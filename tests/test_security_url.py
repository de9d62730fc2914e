"""URL ingest cannot be turned against the network it runs in (SSRF), and is capped in size, time and
redirects.

No test sends a packet anywhere but 127.0.0.1: DNS is a stub (``url.resolve``), and
``socket.create_connection`` is replaced by a guard that connects only to the loopback test server.
Names the stub calls public (``news.example`` -> 93.184.216.34) are routed by that guard to the local
server, so "a public site that redirects inside" can be played without leaving the machine; any other
connection attempt fails the test.
"""
from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.cli import cli
from newsgraph.errors import InputError
from newsgraph.ingest import read_path, url as urlmod
from newsgraph.ingest.url import fetch

STORY = ("The harbour master said on Monday that the old pier would reopen next month after repairs. "
         "\u201cThe work is nearly finished,\u201d she told reporters at the quay.\n")
PUBLIC_IP = "93.184.216.34"  # what the stub says news.example is; the guard routes it to 127.0.0.1


class Handler(BaseHTTPRequestHandler):
    seen: list[dict] = []
    robots: bytes | None = b"User-agent: *\nDisallow: /private/\n\nUser-agent: newsgraph\nDisallow: /no-newsgraph/\n"

    def log_message(self, *a):  # quiet
        pass

    def do_GET(self):
        u = urlsplit(self.path)
        q = parse_qs(u.query)
        Handler.seen.append({"path": self.path, "ua": self.headers.get("User-Agent"), "host": self.headers.get("Host")})
        if u.path == "/robots.txt":
            if Handler.robots is None:
                return self._send(404, b"not here")
            return self._send(200, Handler.robots, "text/plain")
        if u.path in ("/story.txt", "/private/story.txt", "/no-newsgraph/story.txt", "/other/story.txt"):
            return self._send(200, STORY.encode(), "text/plain; charset=utf-8")
        if u.path == "/redirect":
            self.send_response(int(q.get("code", ["302"])[0]))
            self.send_header("Location", q.get("to", ["/story.txt"])[0])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if u.path == "/loop":
            n = int(q.get("n", ["0"])[0])
            self.send_response(302)
            self.send_header("Location", f"/loop?n={n + 1}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if u.path == "/big":  # honest Content-Length over the cap
            return self._send(200, b"word " * 100_000, "text/plain")
        if u.path == "/big-unannounced":  # no Content-Length: the cap must hold while reading
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            try:
                for _ in range(200):
                    self.wfile.write(b"word " * 2000)
            except OSError:
                pass
            self.close_connection = True
            return None
        if u.path == "/slow":  # drips one byte every 0.2 s for a long time
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            try:
                for _ in range(100):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.2)
            except OSError:
                pass
            self.close_connection = True
            return None
        return self._send(404, b"no")

    def _send(self, code, body, ctype="text/plain"):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield srv.server_address[1]
    srv.shutdown()
    srv.server_close()


DNS = {
    "news.example": [PUBLIC_IP],
    "metadata.google.internal": ["169.254.169.254"],
    "inside.example": ["10.1.2.3"],
    "rebind.example": [PUBLIC_IP, "127.0.0.1"],  # one inside answer among public ones
    "mapped.example": ["::ffff:10.0.0.1"],
    "localhost": ["127.0.0.1"],
}
connections: list[tuple[str, int]] = []


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch, server):
    """Stub DNS; let sockets reach only the local server (the public test name is routed to it)."""
    real = socket.create_connection

    def stub_resolve(host, port):
        if host not in DNS:
            raise socket.gaierror(f"stub DNS has no {host}")
        return list(DNS[host])

    def guarded(address, timeout=None, source_address=None, **kw):
        host, port = address[0], address[1]
        connections.append((host, port))
        if host == PUBLIC_IP:
            host = "127.0.0.1"
        assert host in ("127.0.0.1", "::1"), f"test tried to connect to {address}"
        return real((host, port), timeout, source_address)

    monkeypatch.setattr(urlmod, "resolve", stub_resolve)
    monkeypatch.setattr(socket, "create_connection", guarded)
    monkeypatch.setattr(urlmod, "_ROBOTS_CACHE", {})
    Handler.seen.clear()
    connections.clear()
    yield


FORBIDDEN = [
    "http://127.0.0.1/", "http://127.1.2.3/", "http://[::1]/", "http://localhost/",
    "http://10.0.0.1/", "http://172.16.5.4/", "http://192.168.1.1/", "http://[fc00::1]/", "http://[fd12:3456::1]/",
    "http://169.254.169.254/latest/meta-data/", "http://metadata.google.internal/computeMetadata/v1/",
    "http://[fe80::1]/", "http://[fd00:ec2::254]/latest/meta-data/",
    "http://100.64.0.1/", "http://100.100.100.200/latest/meta-data/",
    "http://224.0.0.1/", "http://[ff02::1]/", "http://0.0.0.0/", "http://[::]/",
    "http://[::ffff:127.0.0.1]/", "http://[::ffff:169.254.169.254]/", "http://[::ffff:10.0.0.1]/",
    "http://[2002:7f00:1::]/",  # 6to4 wrapping 127.0.0.1
    "http://[64:ff9b::a00:1]/",  # NAT64 wrapping 10.0.0.1
    "http://2130706433/", "http://0x7f.1/", "http://0177.0.0.1/", "http://0xa9fea9fe/",  # numeric forms of 127.0.0.1, 169.254.169.254
    "http://inside.example/", "http://rebind.example/", "http://mapped.example/",
    "http://255.255.255.255/", "http://240.0.0.1/",
]


@pytest.mark.parametrize("target", FORBIDDEN)
def test_forbidden_target_is_refused_before_any_connection(target):
    with pytest.raises(InputError) as ei:
        fetch(target)
    assert "refused" in ei.value.reason and target in str(ei.value)
    assert connections == []


def test_decimal_host_is_refused_even_through_real_resolution(monkeypatch):
    # getaddrinfo turns "2130706433" into 127.0.0.1 locally (no query leaves the machine for a number)
    monkeypatch.setattr(urlmod, "resolve", lambda h, p: [a[4][0] for a in socket.getaddrinfo(h, p, type=socket.SOCK_STREAM)])
    with pytest.raises(InputError, match="loopback"):
        fetch("http://2130706433/")


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://news.example/", "gopher://news.example/",
                                    "http://user:pw@news.example/story.txt"])
def test_other_schemes_and_credentials_are_refused(target):
    with pytest.raises(InputError, match="refused"):
        fetch(target)
    assert connections == []


def test_public_site_is_fetched_with_honest_user_agent_and_robots(server):
    got = fetch(f"http://news.example:{server}/story.txt")
    assert got.status == 200 and got.body.decode() == STORY
    paths = [s["path"] for s in Handler.seen]
    assert paths == ["/robots.txt", "/story.txt"]
    ua = Handler.seen[-1]["ua"]
    assert ua == urlmod.USER_AGENT and ua.startswith("newsgraph/") and "(+" in ua
    assert Handler.seen[-1]["host"] == f"news.example:{server}"
    # connected to the vetted address only: no second lookup of the name
    assert {c[0] for c in connections} == {PUBLIC_IP}


@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("inside", ["http://169.254.169.254/latest/meta-data/", "http://127.0.0.1:{port}/story.txt",
                                    "http://inside.example/x", "http://[::ffff:127.0.0.1]:{port}/story.txt"])
def test_redirect_from_public_site_to_inside_address_is_refused(server, code, inside):
    target = inside.format(port=server)
    with pytest.raises(InputError) as ei:
        fetch(f"http://news.example:{server}/redirect?code={code}&to={target}")
    assert "refused" in ei.value.reason
    assert all(c[0] == PUBLIC_IP for c in connections)  # never reached the inside address
    assert not any(s["path"] == "/story.txt" for s in Handler.seen)


def test_redirect_with_a_control_character_in_its_location_is_refused(server):
    with pytest.raises(InputError, match="control characters"):
        fetch(f"http://news.example:{server}/redirect?to=http://news.example%09:{server}/story.txt")
    assert all(c[0] == PUBLIC_IP for c in connections)


def test_redirect_to_public_site_is_followed(server):
    got = fetch(f"http://news.example:{server}/redirect?to=/other/story.txt")
    assert got.body.decode() == STORY and got.url.endswith("/other/story.txt")


def test_local_server_is_refused_without_allow_private_and_reached_with_it(server):
    u = f"http://127.0.0.1:{server}/story.txt"
    with pytest.raises(InputError, match="allow-private"):
        fetch(u)
    assert connections == [] and Handler.seen == []
    assert fetch(u, allow_private=True).body.decode() == STORY


def test_cli_reaches_local_server_only_with_allow_private(server):
    u = f"http://127.0.0.1:{server}/story.txt"
    r = CliRunner().invoke(cli, ["analyze", "--no-nlp", "-q", u])
    assert r.exit_code == 1 and r.stdout == ""
    assert u in r.stderr and "refused" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    r = CliRunner().invoke(cli, ["analyze", "--no-nlp", "-q", "--allow-private", u])
    assert r.exit_code == 0, r.stderr
    rec = json.loads(r.stdout)
    assert rec["url"] == u and rec["origin"] == u


def test_cli_ingest_fetches_url_into_store_with_allow_private(server, tmp_path):
    import sqlite3

    db = str(tmp_path / "n.db")
    u = f"http://127.0.0.1:{server}/story.txt"
    r = CliRunner().invoke(cli, ["ingest", "-q", "--db", db, u])
    assert r.exit_code == 1 and "refused" in r.stderr
    r = CliRunner().invoke(cli, ["ingest", "-q", "--db", db, "--allow-private", u])
    assert r.exit_code == 0, r.stderr
    assert sqlite3.connect(db).execute("SELECT url FROM articles").fetchall() == [(u,)]


def test_robots_disallow_for_newsgraph_is_honoured(server):
    with pytest.raises(InputError, match="robots.txt"):
        fetch(f"http://news.example:{server}/no-newsgraph/story.txt")
    # the group naming newsgraph is the one that applies, not the * group
    assert fetch(f"http://news.example:{server}/private/story.txt").status == 200
    assert not any(s["path"] == "/no-newsgraph/story.txt" for s in Handler.seen)


def test_robots_disallow_for_every_agent_is_honoured(server, monkeypatch):
    monkeypatch.setattr(Handler, "robots", b"User-agent: *\nDisallow: /private/\n")
    with pytest.raises(InputError, match="robots.txt"):
        fetch(f"http://news.example:{server}/private/story.txt")
    assert not any(s["path"] == "/private/story.txt" for s in Handler.seen)


def test_missing_robots_allows(server, monkeypatch):
    monkeypatch.setattr(Handler, "robots", None)
    assert fetch(f"http://news.example:{server}/private/story.txt").status == 200


def test_robots_redirecting_inside_refuses_the_page(server, monkeypatch):
    orig = Handler.do_GET

    def do_get(self):
        if self.path == "/robots.txt":
            self.path = "/redirect?to=http://169.254.169.254/robots.txt"
        return orig(self)

    monkeypatch.setattr(Handler, "do_GET", do_get)
    with pytest.raises(InputError, match="refused"):
        fetch(f"http://news.example:{server}/story.txt")
    assert not any(s["path"] == "/story.txt" for s in Handler.seen)


def test_redirect_cap(server):
    with pytest.raises(InputError, match="more than 3 redirects"):
        fetch(f"http://news.example:{server}/loop", max_redirects=3)
    assert sum(s["path"].startswith("/loop") for s in Handler.seen) == 4


def test_size_cap_with_content_length(server):
    with pytest.raises(InputError, match="size limit"):
        fetch(f"http://news.example:{server}/big", max_bytes=100_000)


def test_size_cap_without_content_length(server):
    with pytest.raises(InputError, match="size limit"):
        fetch(f"http://news.example:{server}/big-unannounced", max_bytes=100_000)


def test_time_cap_on_a_dripping_server(server):
    t0 = time.monotonic()
    with pytest.raises(InputError, match="time limit"):
        fetch(f"http://news.example:{server}/slow", timeout=1.0)
    assert time.monotonic() - t0 < 5


def test_read_path_dispatches_urls(server):
    (a,) = list(read_path(f"http://127.0.0.1:{server}/story.txt", options={"allow_private": True}))
    assert a.text == STORY and a.url == f"http://127.0.0.1:{server}/story.txt"


def test_forbidden_reason_accepts_public_addresses():
    import ipaddress

    for a in ("93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"):
        assert urlmod.forbidden_reason(ipaddress.ip_address(a)) is None, a


@settings(max_examples=400, derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(["http://", "https://", "HTTP://", "http://news.example:{port}/"]),
       st.text(alphabet=st.characters(codec="utf-8"), max_size=60),
       st.sampled_from(["", "/story.txt", "/redirect?to=", "?#@[]"]))
def test_any_url_gives_an_article_or_a_clear_error_never_an_exception(server, scheme, junk, tail):
    u = scheme.format(port=server) + junk + tail
    try:
        list(read_path(u))
    except InputError as exc:
        assert "\n" not in str(exc) and exc.reason
    assert all(h in ("127.0.0.1", PUBLIC_IP) for h, _ in connections)
