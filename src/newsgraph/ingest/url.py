"""Fetch one web page (``newsgraph ingest https://...``) without letting a URL reach inside the network.

Guards, on the first request, on robots.txt and on every redirect:
* only ``http`` and ``https``; no credentials in the URL;
* the host is resolved once and *every* address it resolves to is vetted: loopback, private (RFC 1918,
  ULA), link-local (169.254/16 holds the cloud metadata endpoints, fe80::/10), CGNAT (100.64/10),
  multicast, unspecified, reserved and documentation ranges, and IPv6 forms that carry an IPv4 address
  (IPv4-mapped, 6to4, NAT64, Teredo) are refused unless ``allow_private``;
* the connection goes to the vetted address itself (the Host header and TLS name stay the URL's), so a
  second DNS answer cannot rebind the name to an inside address;
* at most ``max_redirects`` redirects, ``max_bytes`` of body and ``timeout`` seconds in all;
* an honest User-Agent, and robots.txt honoured for it (a missing robots.txt allows; a server error
  on it disallows, as RFC 9309 asks).

Proxies from the environment are never used. The body is handed to the same readers as a file's.
"""
from __future__ import annotations

import dataclasses
import http.client
import ipaddress
import socket
import ssl
import time
import urllib.robotparser
from dataclasses import dataclass
from typing import Iterator
from urllib.parse import urljoin, urlsplit, urlunsplit

from .. import __version__
from ..errors import InputError
from ..model import Article

PROJECT_URL = "local"  # no public home page yet: say so rather than invent one
USER_AGENT = f"newsgraph/{__version__} (+{PROJECT_URL})"
ROBOTS_AGENT = "newsgraph"  # the product token robots.txt groups are matched against

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_REDIRECTS = 5
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
ROBOTS_MAX_BYTES = 512 * 1024
REDIRECTS = (301, 302, 303, 307, 308)

# ranges the ipaddress module does not flag as non-global on every supported Python
_EXTRA_FORBIDDEN = [ipaddress.ip_network(n) for n in (
    "100.64.0.0/10",      # CGNAT (Alibaba's metadata service sits at 100.100.100.200)
    "192.0.0.0/24",       # IETF protocol assignments
    "198.18.0.0/15",      # benchmarking
    "240.0.0.0/4",        # reserved
    "255.255.255.255/32",
    "fd00:ec2::/32",      # AWS IMDS over IPv6 (inside ULA, listed for the record)
    "64:ff9b:1::/48",     # local-use NAT64
)]


def is_url(s: str) -> bool:
    return s[:8].lower().startswith(("http://", "https://"))


def forbidden_reason(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why a connection to ``ip`` is refused, or None when it is a public unicast address."""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = ip.ipv4_mapped or ip.sixtofour
        if inner is None and ip in ipaddress.ip_network("64:ff9b::/96"):
            inner = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if inner is None and ip.teredo:
            inner = ip.teredo[1]
        if inner is None and ip in ipaddress.ip_network("::/96") and int(ip) > 1:  # IPv4-compatible (deprecated)
            inner = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if inner is not None:
            why = forbidden_reason(inner)
            return f"{why} (inside the IPv6 address {ip})" if why else None
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address (cloud metadata lives there)"
    if ip.is_multicast:
        return "a multicast address"
    if any(ip in n for n in _EXTRA_FORBIDDEN if n.version == ip.version):
        return "a shared, reserved or metadata address (CGNAT and the like)"
    if ip.is_private:
        return "a private address"
    if ip.is_reserved or not ip.is_global:
        return "a reserved or non-public address"
    return None


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (tests replace this; it is the only DNS lookup made)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


@dataclass
class Fetched:
    url: str  # after redirects
    status: int
    content_type: str
    body: bytes


class _Budget:
    def __init__(self, url: str, seconds: float):
        self.url, self.seconds, self.end = url, seconds, time.monotonic() + seconds

    def left(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise InputError(self.url, f"took longer than the time limit of {self.seconds:g} s")
        return left


def _vet(url: str, origin: str, allow_private: bool) -> tuple[str, str, int, str, str]:
    """(scheme, host, port, address to connect to, path+query) for a URL that may be fetched."""
    if any(c.isspace() or not c.isprintable() for c in url):  # urlsplit would drop tabs and newlines silently
        raise InputError(origin, f"malformed URL {printable(url)!r}: it holds whitespace or control characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise InputError(origin, f"malformed URL {url!r} ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise InputError(origin, f"refused to fetch {url!r}: only http and https URLs are fetched")
    if parts.username or parts.password:
        raise InputError(origin, f"refused to fetch {url!r}: credentials in a URL are not sent")
    host = parts.hostname
    if not host:
        raise InputError(origin, f"malformed URL {url!r}: no host")
    port = port or (443 if scheme == "https" else 80)
    try:
        addrs = [str(ipaddress.ip_address(host))]
    except ValueError:
        addrs = []
    if not addrs and all(c in "0123456789abcdefxABCDEFX." for c in host):
        try:  # the numeric forms inet_aton reads (2130706433, 0x7f.1, 0177.0.0.1): a literal, not a name
            addrs = [socket.inet_ntoa(socket.inet_aton(host))]
        except OSError:
            pass
    if not addrs:
        try:
            addrs = resolve(host, port)
        except (OSError, UnicodeError) as exc:
            raise InputError(origin, f"cannot resolve {host!r} ({exc})") from None
    if not addrs:
        raise InputError(origin, f"cannot resolve {host!r} (no address)")
    if not allow_private:
        for a in addrs:  # one inside address among public ones is enough to refuse (DNS rebinding)
            try:
                why = forbidden_reason(ipaddress.ip_address(a.split("%", 1)[0]))
            except ValueError:
                why = "not an IP address"
            if why:
                raise InputError(origin, f"refused to fetch {url!r}: {host} resolves to {a}, {why} "
                                         "(pass --allow-private to fetch from inside the network)")
    path = urlunsplit(("", "", parts.path or "/", parts.query, "")) or "/"
    return scheme, host, port, addrs[0], path


def _connection(scheme: str, host: str, port: int, ip: str, timeout: float) -> http.client.HTTPConnection:
    if scheme == "https":
        conn: http.client.HTTPConnection = http.client.HTTPSConnection(host, port, timeout=timeout,
                                                                       context=ssl.create_default_context())
    else:
        conn = http.client.HTTPConnection(host, port, timeout=timeout)

    def create_connection(address, timeout=None, source_address=None):  # the vetted address, never a new lookup
        return socket.create_connection((ip, port), timeout, source_address)

    conn._create_connection = create_connection  # type: ignore[attr-defined]
    return conn


def printable(url: str) -> str:
    """The URL as it can be shown on one line (control and space characters escaped)."""
    return "".join(c if c.isprintable() and not c.isspace() else ascii(c)[1:-1] for c in url)


def fetch(url: str, *, allow_private: bool = False, timeout: float = DEFAULT_TIMEOUT,
          max_bytes: int = DEFAULT_MAX_BYTES, max_redirects: int = DEFAULT_MAX_REDIRECTS,
          check_robots: bool = True, origin: str | None = None) -> Fetched:
    """GET ``url`` within the guards above; every refusal or failure is an InputError naming the URL."""
    origin = origin or printable(url)
    budget = _Budget(origin, timeout)
    robots_checked: set[tuple[str, str, int]] = set()
    current = url
    for _hop in range(max_redirects + 1):
        scheme, host, port, ip, path = _vet(current, origin, allow_private)
        if check_robots and (scheme, host, port) not in robots_checked:
            robots_checked.add((scheme, host, port))
            if not robots_allow(current, allow_private=allow_private, budget=budget, origin=origin):
                raise InputError(origin, f"robots.txt of {host} disallows {current!r} for {ROBOTS_AGENT}")
        conn = _connection(scheme, host, port, ip, budget.left())
        try:
            conn.request("GET", path, headers={"User-Agent": USER_AGENT, "Accept": "*/*", "Connection": "close"})
            resp = conn.getresponse()
            if resp.status in REDIRECTS:
                loc = resp.getheader("Location")
                if not loc:
                    raise InputError(origin, f"redirect {resp.status} from {current!r} without a Location")
                loc = loc.strip()
                if any(c.isspace() or not c.isprintable() for c in loc):  # before urljoin drops them
                    raise InputError(origin, f"redirect to a malformed URL {printable(loc)!r}: it holds whitespace "
                                             "or control characters")
                current = urljoin(current, loc)
                continue
            body = _read_body(resp, budget, max_bytes, origin)
            return Fetched(current, resp.status, resp.getheader("Content-Type") or "", body)
        except InputError:
            raise
        except (socket.timeout, TimeoutError):
            raise InputError(origin, f"took longer than the time limit of {timeout:g} s") from None
        except (OSError, http.client.HTTPException, ValueError) as exc:  # ValueError: http.client's InvalidURL
            raise InputError(origin, f"fetch failed ({type(exc).__name__}: {exc or 'no detail'})") from None
        finally:
            conn.close()
    raise InputError(origin, f"more than {max_redirects} redirects")


def _read_body(resp, budget: _Budget, max_bytes: int, origin: str) -> bytes:
    length = resp.getheader("Content-Length")
    if length and length.strip().isdigit() and int(length) > max_bytes:
        raise InputError(origin, f"response of {int(length):,} bytes is over the size limit of {max_bytes:,} (--max-bytes)")
    chunks, n = [], 0
    while True:
        if resp.fp is not None and resp.fp.raw is not None:
            try:
                resp.fp.raw._sock.settimeout(budget.left())  # each read within what is left of the budget
            except AttributeError:
                pass
        chunk = resp.read1(min(1 << 16, max_bytes + 1 - n))  # one recv at most: the budget is checked between
        budget.left()
        if not chunk:
            break
        chunks.append(chunk)
        n += len(chunk)
        if n > max_bytes:
            raise InputError(origin, f"response is over the size limit of {max_bytes:,} bytes (--max-bytes)")
    return b"".join(chunks)


_ROBOTS_CACHE: dict[tuple[str, str, int], urllib.robotparser.RobotFileParser] = {}


def robots_allow(url: str, *, allow_private: bool, budget: _Budget, origin: str) -> bool:
    """Whether robots.txt of ``url``'s site lets ROBOTS_AGENT fetch it (fetched with the same guards)."""
    parts = urlsplit(url)
    key = (parts.scheme.lower(), parts.hostname or "", parts.port or (443 if parts.scheme.lower() == "https" else 80))
    rp = _ROBOTS_CACHE.get(key)
    if rp is None:
        rp = urllib.robotparser.RobotFileParser()
        robots = urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))
        try:
            got = fetch(robots, allow_private=allow_private, timeout=max(0.1, budget.left()),
                        max_bytes=ROBOTS_MAX_BYTES, check_robots=False, origin=origin)
        except InputError as exc:
            if exc.reason.startswith("refused"):
                raise  # robots.txt redirected inside the network: refuse the page too
            got = None
        if got is None or got.status >= 500:
            rp.disallow_all = True  # unreachable: assume complete disallow (RFC 9309 2.3.1.4)
        elif got.status >= 400:
            rp.allow_all = True  # none there: everything allowed
        else:
            rp.parse(got.body.decode("utf-8", "replace").splitlines())
        _ROBOTS_CACHE[key] = rp
    return rp.can_fetch(ROBOTS_AGENT, url)


def read_url(url: str, *, fmt: str | None = None, max_bytes: int | None = None,
             options: dict | None = None) -> Iterator:
    """Articles from one URL: fetched within the guards, then read like a file's bytes."""
    from . import read_bytes

    opts = dict(options or {})
    origin = printable(url)
    cap = int(opts.pop("fetch_max_bytes", None) or max_bytes or DEFAULT_MAX_BYTES)
    got = fetch(url, allow_private=bool(opts.pop("allow_private", False)),
                timeout=float(opts.pop("fetch_timeout", None) or DEFAULT_TIMEOUT), max_bytes=cap,
                max_redirects=int(opts.pop("max_redirects", DEFAULT_MAX_REDIRECTS)), origin=origin)
    if not 200 <= got.status < 300:
        raise InputError(origin, f"HTTP status {got.status}")
    opts["url"] = got.url
    for it in read_bytes(got.body, origin=origin, meta=opts, fmt=fmt, max_bytes=cap):
        if isinstance(it, Article) and not it.url and it.format != "feed":  # a page's address is where it was found
            it = dataclasses.replace(it, url=got.url)
        yield it


__all__ = ["fetch", "read_url", "forbidden_reason", "is_url", "resolve", "USER_AGENT"]
