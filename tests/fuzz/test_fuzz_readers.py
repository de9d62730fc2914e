"""Every reader, fed hostile and broken bytes, gives Articles or clear one-line InputErrors naming the
input, never an unhandled exception (and never an exception wrapped as "could not be read (...)").

Generated: random bytes (alone, behind each format's magic, forced through each reader); text with
control, zero-width and right-to-left characters in a dozen encodings, mixed within one file; gzip,
bz2 and xz nested up to four deep and truncated anywhere; HTML nested thousands deep and with
megabyte attributes; RSS/Atom with entity expansion (billion laughs, external entities); JSON Lines
with arbitrary JSON; WARC records with lying lengths and cut tails.
"""
from __future__ import annotations

import bz2
import gzip
import json
import lzma

from hypothesis import given
from hypothesis import strategies as st

from fuzz.fuzzkit import fuzz_settings, read_all
from newsgraph.errors import InputError
from newsgraph.model import Article

FORMATS = ["text", "html", "feed", "warc", "jsonl"]
MAGIC = [b"", b"WARC/1.0\r\n", b"filedesc://x 0.0.0.0 20200101000000 text/plain 10\n", b"<rss>", b"<feed>",
         b"<?xml version='1.0'?><rdf:RDF>", b"<!doctype html>", b"<html><body><p>", b"{", b"[{", b'{"text": "',
         b"\x1f\x8b", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", b"BZh91AY&SY", b"\xfd7zXZ\x00", b"\xef\xbb\xbf",
         b"\xff\xfe", b"\xfe\xff", b"%PDF-", b"PK\x03\x04", b"{\"version\": \"https://jsonfeed.org/version/1\", "]
ENCODINGS = ["utf-8", "utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252", "cp1251", "koi8-r", "shift_jis",
             "euc-kr", "gb18030", "iso-8859-7", "big5", "utf-8-sig", "cp437"]
ODD = ("\x00\x01\x02\x07\x08\x0b\x0c\x0e\x1b\x1f\x7f\x85\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a\u202b"
       "\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\u2028\u2029\ufffd\ufffe\U0001f600\u0301\u05d0\u05d1"
       "\u0627\u0644\u0639\u0631\u0628\u064a\u0629\u4e2d\u6587\u0416\u00e9\u00a0\u3000\"'\u201c\u201d\u2018"
       "\u2019\u00ab\u00bb<>&;")
TEXT = st.text(alphabet=st.one_of(st.characters(codec="utf-8"), st.sampled_from(list(ODD))), max_size=600)
WORDY = st.lists(st.one_of(st.sampled_from(["the", "minister", "said", "“", "”", "‘", "’", '"', "«", "»", "\n\n",
                                             ".", "Kyiv", "\u202eevil", "\u200b", "Reuters", "—"]), TEXT),
                 max_size=40).map(" ".join)


def _encode(parts: list[tuple[str, str]]) -> bytes:
    return b"".join(t.encode(enc, "replace") for t, enc in parts)


@fuzz_settings(3500)
@given(st.binary(max_size=4096))
def test_random_bytes_give_articles_or_clear_errors(data):
    read_all(data)


@fuzz_settings(1800)
@given(st.sampled_from(MAGIC), st.binary(max_size=2048), st.sampled_from(["x.bin", "x.txt", "x.html", "x.jsonl",
                                                                         "x.warc", "x.xml", "x.gz", "x.warc.gz"]))
def test_random_bytes_behind_format_magic(magic, rest, name):
    read_all(magic + rest, origin=name)


@fuzz_settings(1000)
@given(st.sampled_from(FORMATS), st.one_of(st.binary(max_size=2048), WORDY.map(lambda s: s.encode("utf-8", "replace"))))
def test_random_input_forced_through_each_reader(fmt, data):
    read_all(data, fmt=fmt)


@fuzz_settings(800)
@given(st.lists(st.tuples(WORDY, st.sampled_from(ENCODINGS)), min_size=1, max_size=4))
def test_mixed_encodings_control_zero_width_and_rtl_text(parts):
    data = _encode(parts)
    out = read_all(data, origin="mixed.txt")
    for it in out:
        if isinstance(it, Article):
            assert "\r" not in it.text  # universal newlines, whatever the encoding


LAYER = st.sampled_from(["gzip", "bz2", "xz"])


def _compress(data: bytes, kind: str) -> bytes:
    return {"gzip": lambda d: gzip.compress(d, mtime=0), "bz2": bz2.compress, "xz": lzma.compress}[kind](data)


@fuzz_settings(600)
@given(st.one_of(WORDY.map(lambda s: s.encode("utf-8", "replace")), st.binary(max_size=1024)),
       st.lists(LAYER, max_size=4), st.one_of(st.none(), st.floats(0, 1)), st.binary(max_size=8))
def test_nested_and_truncated_compression(payload, layers, cut, tail):
    data = payload
    for kind in layers:
        data = _compress(data, kind)
    if cut is not None:
        data = data[: int(len(data) * cut)]
    out = read_all(data + tail, origin="nested.gz")
    if len(layers) > 2 and cut is None and not tail:
        assert isinstance(out[-1], InputError) and "compressed more than" in out[-1].reason


@fuzz_settings(40)
@given(st.integers(1, 6000), st.sampled_from(["div", "p", "span", "table", "b", "blockquote", "li", "q"]), WORDY)
def test_deeply_nested_html(depth, tag, body):
    html = ("<html><head><title>t</title></head><body>" + f"<{tag}>" * depth + body + " word" * 20
            + f"</{tag}>" * (depth // 2) + "</body></html>")
    read_all(html.encode("utf-8", "replace"), origin="deep.html")


@fuzz_settings(10)
@given(st.integers(1, 1_500_000), st.sampled_from(["title", "class", "style", "href", "data-x", "content"]),
       st.sampled_from(["a", "\"", "&amp;", "\u202e", "<", " "]))
def test_huge_html_attributes(size, attr, ch):
    val = (ch * (size // len(ch)))[:size].replace('"', "&quot;")
    html = (f'<html><head><meta name="description" {attr}="{val}"></head><body><article '
            f'{attr}="{val}"><p>The minister said on Monday that the talks would resume next week in Geneva.</p>'
            "</article></body></html>")
    read_all(html.encode(), origin="attr.html")


HTML_TOKENS = st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<script>", "</script>", "<style>", "<!--", "-->",
                               "<![CDATA[", "]]>", "<br/>", "<article>", "<table><tr><td>", "&amp;", "&#0;",
                               "&#x110000;", "&nbsp;", "<meta charset='koi8-r'>", "<meta charset='nonsense'>",
                               "<title>", "</title>", "<html>", "<body>", "<?xml?>", "<", ">", "\x00", "<svg><foreignObject>"])


@fuzz_settings(200)
@given(st.lists(st.one_of(HTML_TOKENS, WORDY), min_size=1, max_size=60))
def test_random_html_soup(tokens):
    read_all(("<!doctype html>" + "".join(tokens)).encode("utf-8", "replace"), origin="soup.html")


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
<!ENTITY lol "lol">
<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
{extra}
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>{title}</title><description>{body} &lol9; {ref}</description></item>
</channel></rss>"""
XXE = ['<!ENTITY xxe SYSTEM "file:///etc/passwd">', '<!ENTITY xxe SYSTEM "http://127.0.0.1:9/x">',
       '<!ENTITY % p SYSTEM "file:///etc/hostname"> %p;', "<!ENTITY xxe \"&lol9;&lol9;\">", ""]


def _xml_escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@fuzz_settings(150)
@given(st.sampled_from(XXE), WORDY, WORDY)
def test_feed_entity_expansion_and_external_entities(extra, title, body):
    ref = "&xxe;" if "xxe" in extra else ""
    doc = BILLION_LAUGHS.format(extra=extra, title=_xml_escape(title), body=_xml_escape(body), ref=ref)
    out = read_all(doc.encode("utf-8", "replace"), origin="laughs.xml")
    for it in out:
        if isinstance(it, Article):
            assert len(it.text) < 200_000, "an entity was expanded"
            assert "root:" not in it.text, "an external entity was read"
            assert "lollollol" not in it.text, "an entity was expanded"


ITEM = st.tuples(WORDY, WORDY, st.sampled_from(["", "Mon, 06 Sep 2021 16:45:00 +0000", "not a date", "2021-13-45",
                                               "Seg, 24 Set 2018 10:00:00", "\u202e9102"]))


@fuzz_settings(200)
@given(st.sampled_from(["rss", "atom", "rdf"]), st.lists(ITEM, max_size=6), st.booleans(), st.booleans())
def test_generated_feeds(kind, items, escape, cdata):
    def wrap(s):
        if cdata:
            return "<![CDATA[" + s.replace("]]>", "") + "]]>"
        return _xml_escape(s) if escape else s

    if kind == "rss":
        body = "".join(f"<item><title>{wrap(t)}</title><description>{wrap(d)}</description><pubDate>{p}</pubDate>"
                       f"<guid>{_xml_escape(t[:20])}</guid></item>" for t, d, p in items)
        doc = f'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>{body}</channel></rss>'
    elif kind == "atom":
        body = "".join(f"<entry><title>{wrap(t)}</title><content type='html'>{wrap(d)}</content><updated>{p}</updated>"
                       "</entry>" for t, d, p in items)
        doc = f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">{body}</feed>'
    else:
        body = "".join(f"<item><title>{wrap(t)}</title><description>{wrap(d)}</description></item>" for t, d, _ in items)
        doc = (f'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
               f'xmlns="http://purl.org/rss/1.0/">{body}</rdf:RDF>')
    read_all(doc.encode("utf-8", "replace"), origin="feed.xml")


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | TEXT,
                    lambda c: st.lists(c, max_size=4) | st.dictionaries(st.one_of(st.sampled_from(
                        ["text", "title", "published", "url", "id", "author", "body", "content", "date", "source",
                         "lang", "items", "version", "content_html", "authors"]), TEXT), c, max_size=6), max_leaves=20)


@fuzz_settings(700)
@given(st.lists(st.one_of(JSON.map(lambda v: json.dumps(v)), TEXT), min_size=1, max_size=8),
       st.sampled_from(["x.jsonl", "x.json", "x"]), st.booleans())
def test_json_lines_with_arbitrary_json(lines, name, gz):
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    read_all(gzip.compress(data, mtime=0) if gz else data, origin=name + (".gz" if gz else ""))


@fuzz_settings(300)
@given(JSON)
def test_json_feed_with_arbitrary_items(items):
    doc = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "x", "items": items})
    read_all(doc.encode("utf-8", "surrogatepass"), origin="feed.json")


def _warc_record(payload: bytes, length_delta: int, rtype: str, ctype: str, status: str) -> bytes:
    http = f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\n\r\n".encode() + payload
    head = (f"WARC/1.0\r\nWARC-Type: {rtype}\r\nWARC-Record-ID: <urn:uuid:{len(payload)}>\r\n"
            f"WARC-Target-URI: http://news.example/a\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n"
            f"Content-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {max(0, len(http) + length_delta)}\r\n\r\n").encode()
    return head + http + b"\r\n\r\n"


PAGE = ("<html><body><article><p>The minister said on Monday that the talks would resume next week in Geneva "
        "after a pause of several months.</p></article></body></html>").encode()


@fuzz_settings(300)
@given(st.lists(st.tuples(st.one_of(st.just(PAGE), st.binary(max_size=300)), st.integers(-50, 50),
                          st.sampled_from(["response", "resource", "request", "metadata", "bogus"]),
                          st.sampled_from(["text/html", "text/html; charset=nonsense", "", "image/png", "text/html; charset=koi8-r"]),
                          st.sampled_from(["200 OK", "404 Not Found", "abc", "200"])), min_size=1, max_size=4),
       st.one_of(st.none(), st.floats(0.05, 1)), st.booleans())
def test_generated_warc_records(records, cut, gz):
    data = b"".join(_warc_record(*r) for r in records)
    if gz:
        data = b"".join(gzip.compress(_warc_record(*r), mtime=0) for r in records)
    if cut is not None:
        data = data[: max(1, int(len(data) * cut))]
    read_all(data, origin="crawl.warc.gz" if gz else "crawl.warc")


def test_ten_megabyte_single_line_files():
    """10 MB on one line, as text, as a JSON Lines line, as HTML and as a feed: read or refused clearly."""
    word = b"word "
    big = word * (10 * 1024 * 1024 // len(word))
    cases = {
        "one-line.txt": big,
        "one-line.jsonl": b'{"text": "' + big + b'"}',
        "one-line.html": b"<html><body><p>" + big + b"</p></body></html>",
        "one-line.xml": b"<rss><channel><item><description>" + big + b"</description></item></channel></rss>",
        "one-line-binaryish.txt": bytes(range(1, 256)) * (10 * 1024 * 1024 // 255),
    }
    for name, data in cases.items():
        out = read_all(data, origin=name)
        if name in ("one-line.txt", "one-line.jsonl"):
            assert isinstance(out[0], Article) and len(out[0].text) >= 10 * 1024 * 1024 - 5
    out = read_all(big, origin="capped.txt", max_bytes=1024 * 1024)
    assert isinstance(out[0], InputError) and "size limit" in out[0].reason
