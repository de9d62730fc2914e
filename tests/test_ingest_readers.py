"""Each input format read correctly: fields, ISO dates, stable ids, sniffing from bytes, stdin, --map, sidecars.

Every input here is written by the test itself (short invented articles); nothing is copied from ../shared.
"""
from __future__ import annotations

import bz2
import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgraph.cli import cli
from newsgraph.ingest import read_bytes, read_path, sniff
from newsgraph.ingest.dates import normalize_date
from newsgraph.model import Article

BODY = ("The harbour authority said on Tuesday that the northern pier would reopen to ferries next month. "
        "\u201cWe have replaced every damaged pile,\u201d the authority\u2019s director, Mara Lindqvist, told reporters.")
BODY2 = ("Fishermen welcomed the decision but asked for a second crane. \u201cOne crane is not enough for the "
         "autumn catch,\u201d said Tomas Berg, who chairs the local cooperative.")

HTML = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Northern pier to reopen next month | Coastal Gazette</title>
<link rel="canonical" href="https://gazette.example.org/news/northern-pier-reopens">
<meta property="og:title" content="Northern pier to reopen next month">
<meta name="author" content="Ines Varga">
<meta property="article:published_time" content="2024-03-05T09:30:00+00:00">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>Northern pier to reopen next month</h1>
<p>{BODY}</p>
<p>{BODY2}</p>
<p>Repairs began in the spring after a storm tore away part of the deck and two mooring posts, and the
harbour has since handled ferries at a temporary berth on the southern quay.</p>
</article>
<footer>Copyright Coastal Gazette. All rights reserved.</footer>
</body></html>
"""

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Coastal Gazette</title><link>https://gazette.example.org/</link>
<item><title>Northern pier to reopen</title><link>https://gazette.example.org/news/pier</link>
<guid>gazette-pier-1</guid><pubDate>Tue, 05 Mar 2024 09:30:00 GMT</pubDate>
<description><![CDATA[<p>The harbour authority said the pier would reopen.</p><p>&#8220;We are ready,&#8221; the director said.</p>]]></description></item>
<item><title>Ferry timetable changes</title><link>https://gazette.example.org/news/ferries</link>
<pubDate>Wed, 06 Mar 2024 14:00:00 +0100</pubDate></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Gazette Atom</title>
<entry><title>Council approves budget</title><id>urn:gazette:2</id>
<link href="https://gazette.example.org/news/budget"/><updated>2024-03-07T08:00:00Z</updated>
<content type="html">&lt;p&gt;The council approved the budget, the mayor said.&lt;/p&gt;</content></entry>
</feed>
"""

JSON_FEED = {"version": "https://jsonfeed.org/version/1.1", "title": "Gazette JSON",
             "items": [{"id": "jf-1", "url": "https://gazette.example.org/news/jf-1", "title": "Lighthouse repainted",
                        "content_text": "Volunteers repainted the lighthouse, the society said.",
                        "date_published": "2024-03-08T10:00:00+01:00"}]}


def one(items) -> Article:
    items = list(items)
    arts = [a for a in items if isinstance(a, Article)]
    assert len(arts) == 1, items
    return arts[0]


def write(path: Path, data: bytes | str) -> str:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return str(path)


# --- plain text and its sidecar ----------------------------------------------------------------

def test_text_article_is_the_file_text_exactly_with_sidecar_fields(tmp_path):
    text = f"{BODY}\n\n{BODY2}\n"
    p = write(tmp_path / "pier-story.txt", text)
    write(tmp_path / "pier-story.meta.json", json.dumps({
        "title": "Pier to reopen", "published": "March 5, 2024", "source": "Coastal Gazette",
        "url": "https://gazette.example.org/p", "language": "en"}))
    a = one(read_path(p))
    assert a.text == text
    assert (a.id, a.title, a.published, a.source, a.url, a.lang, a.format) == (
        "pier-story", "Pier to reopen", "2024-03-05", "Coastal Gazette", "https://gazette.example.org/p", "en", "text")
    assert a.origin == p


def test_text_offsets_follow_python_text_mode_crlf_and_bom(tmp_path):
    raw = ("\ufeff" + BODY + "\r\n\r\n" + BODY2 + "\r\n").encode("utf-8")
    p = write(tmp_path / "crlf.txt", raw)
    a = one(read_path(p))
    with open(p, encoding="utf-8") as fh:
        assert a.text == fh.read()


def test_text_in_latin1_and_utf16_is_decoded(tmp_path):
    latin = "Le ministre a déclaré que la réunion aura lieu à Genève la semaine prochaine, a précisé l'été."
    a = one(read_path(write(tmp_path / "fr.txt", latin.encode("latin-1"))))
    assert a.text == latin
    b = one(read_path(write(tmp_path / "u16.txt", BODY.encode("utf-16"))))
    assert b.text == BODY


def test_seed_text_is_the_decoded_file_exactly(shared):
    seed = shared / "seed" / "putin-defence-board.txt"
    a = one(read_path(str(seed)))
    with open(seed, encoding="utf-8") as fh:
        assert a.text == fh.read()
    assert a.id == "putin-defence-board"
    assert a.published == "2025-12-17" and a.title


# --- HTML ----------------------------------------------------------------------------------------

def test_html_page_gives_body_title_date_url_and_author(tmp_path):
    a = one(read_path(write(tmp_path / "page.html", HTML)))
    assert "northern pier would reopen" in a.text and "Tomas Berg" in a.text
    assert "All rights reserved" not in a.text and "Sport" not in a.text
    assert a.title.startswith("Northern pier to reopen")
    assert a.published.startswith("2024-03-05")
    assert a.url == "https://gazette.example.org/news/northern-pier-reopens"
    assert a.author == "Ines Varga" and a.format == "html"


# --- feeds ---------------------------------------------------------------------------------------

def test_rss_items_become_articles_with_iso_dates_and_headline_only_items_kept(tmp_path):
    items = list(read_path(write(tmp_path / "feed.xml", RSS)))
    assert all(isinstance(a, Article) for a in items) and len(items) == 2
    first, second = items
    assert first.title == "Northern pier to reopen" and first.url == "https://gazette.example.org/news/pier"
    assert first.published == "2024-03-05T09:30:00Z"
    assert first.text.startswith("The harbour authority said the pier would reopen.")
    assert "\u201cWe are ready,\u201d" in first.text and first.source == "Coastal Gazette"
    assert second.text == "Ferry timetable changes"  # no description: the headline is the text
    assert second.published == "2024-03-06T14:00:00+01:00"
    assert first.origin.endswith("#item-1") and second.origin.endswith("#item-2")


def test_atom_and_json_feed(tmp_path):
    a = one(read_path(write(tmp_path / "atom.xml", ATOM)))
    assert (a.title, a.published, a.url) == ("Council approves budget", "2024-03-07T08:00:00Z",
                                             "https://gazette.example.org/news/budget")
    assert a.text == "The council approved the budget, the mayor said."
    j = one(read_path(write(tmp_path / "feed.json", json.dumps(JSON_FEED))))
    assert (j.id, j.title, j.published, j.source) == ("jf-1", "Lighthouse repainted", "2024-03-08T10:00:00+01:00", "Gazette JSON")


def test_feed_in_gb2312_without_utf8_is_decoded(tmp_path):
    xml = ('<?xml version="1.0" encoding="gb2312"?><rss version="2.0"><channel><title>新闻</title>'
           '<item><title>港口码头下月重新开放</title><link>http://example.cn/1</link>'
           '<description>港务局周二表示，北码头将于下月重新开放。</description></item></channel></rss>')
    a = one(read_path(write(tmp_path / "cn.xml", xml.encode("gb2312"))))
    assert a.title == "港口码头下月重新开放" and a.text == "港务局周二表示，北码头将于下月重新开放。"


# --- WARC ----------------------------------------------------------------------------------------

def _warc_record(url: str, html: str, date: str = "2024-03-05T10:00:00Z", rid: str = "1") -> bytes:
    payload = html.encode("utf-8")
    http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: "
            + str(len(payload)).encode() + b"\r\n\r\n" + payload)
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:0000-{rid}>\r\n"
            f"WARC-Target-URI: {url}\r\nWARC-Date: {date}\r\nContent-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(http)}\r\n\r\n").encode()
    return head + http + b"\r\n\r\n"


def test_warc_and_per_record_gzip_warc(tmp_path):
    rec = _warc_record("https://gazette.example.org/w", HTML)
    a = one(read_path(write(tmp_path / "crawl.warc", rec)))
    assert a.url == "https://gazette.example.org/w" and "Tomas Berg" in a.text and a.format == "warc"
    assert a.published.startswith("2024-03-05")
    gz = write(tmp_path / "crawl.warc.gz", gzip.compress(rec) + gzip.compress(_warc_record("https://x.example/2", HTML, rid="2")))
    arts = [x for x in read_path(gz)]
    assert [x.url for x in arts] == ["https://gazette.example.org/w", "https://x.example/2"]


def test_warc_gzipped_as_a_whole_is_read(tmp_path):
    data = gzip.compress(_warc_record("https://a.example/1", HTML, rid="1") + _warc_record("https://a.example/2", HTML, rid="2"))
    arts = list(read_path(write(tmp_path / "whole.warc.gz", data)))
    assert [a.url for a in arts] == ["https://a.example/1", "https://a.example/2"]


# --- JSON Lines ----------------------------------------------------------------------------------

def test_jsonl_fields_dates_and_ids(tmp_path):
    lines = [{"id": "a1", "text": BODY, "title": "Pier", "published": "September 30, 2022", "source": "Gazette",
              "url": "https://g.example/a1"},
             {"text": BODY2, "date": "3/7/16", "url": "https://g.example/a2"},
             {"text": "No URL, no id: the text hash is the id.", "published": "0001-01-01"}]
    p = write(tmp_path / "arts.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n")
    arts = list(read_path(p))
    assert [a.published for a in arts] == ["2022-09-30", "2016-03-07", None]
    assert arts[0].id == "a1" and arts[0].text == BODY and arts[0].source == "Gazette"
    assert arts[1].origin == f"{p}:2"
    again = list(read_path(p))
    assert [a.id for a in arts] == [a.id for a in again]  # stable across runs
    assert arts[1].id != arts[2].id and len(arts[2].id) == 16


def test_jsonl_map_flag_reads_other_field_names(tmp_path):
    rec = {"ID": "x9", "content_original": BODY, "headline": "Pier", "date": "2020-02-29", "outlet": "Gazette"}
    p = write(tmp_path / "other.jsonl", json.dumps(rec) + "\n")
    res = CliRunner().invoke(cli, ["analyze", "--no-nlp", "-q", "--map", "text=content_original,published=date,id=ID,source=outlet", p])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert (out["id"], out["published"], out["source"], out["title"]) == ("x9", "2020-02-29", "Gazette", "Pier")
    bad = CliRunner().invoke(cli, ["analyze", "--no-nlp", "--map", "body", p])
    assert bad.exit_code == 2 and "FIELD=NAME" in bad.output


def test_jsonl_gzip_and_bz2(tmp_path):
    line = (json.dumps({"id": "z1", "text": BODY}) + "\n").encode()
    assert one(read_path(write(tmp_path / "a.jsonl.gz", gzip.compress(line)))).id == "z1"
    assert one(read_path(write(tmp_path / "b.jsonl.bz2", bz2.compress(line)))).id == "z1"


# --- sniffing, ids, stdin -------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["page.txt", "page", "page.jsonl", "page.xml"])
def test_html_is_sniffed_from_bytes_whatever_the_name(tmp_path, name):
    a = one(read_path(write(tmp_path / name, HTML)))
    assert a.format == "html" and "Tomas Berg" in a.text


@pytest.mark.parametrize("name,data,fmt", [
    ("feed.html", RSS, "feed"),
    ("lines.txt", json.dumps({"id": "q", "text": BODY}) + "\n", "jsonl"),
    ("story.html", BODY + "\n", "text"),
    ("noext", ATOM, "feed"),
    ("crawl.txt", _warc_record("https://w.example/", HTML).decode(), "warc"),
])
def test_format_is_sniffed_from_bytes_despite_a_misleading_or_missing_extension(tmp_path, name, data, fmt):
    arts = [a for a in read_path(write(tmp_path / name, data)) if isinstance(a, Article)]
    assert arts and {a.format for a in arts} == {fmt}


def test_jsonl_whose_text_holds_markup_is_still_jsonl():
    head = json.dumps({"text": "<p>Quoted markup <div> in a body</p>", "title": "<rss> in a title"}).encode()
    assert sniff(head + b"\n", "").name == "jsonl"


def test_ids_are_stable_across_runs_for_every_format(tmp_path):
    paths = [write(tmp_path / "a.html", HTML), write(tmp_path / "b.xml", RSS), write(tmp_path / "c.txt", BODY)]
    first = [a.id for p in paths for a in read_path(p)]
    second = [a.id for p in paths for a in read_path(p)]
    assert first == second and len(set(first)) == len(first)


def test_stdin_dash_reads_sniffed_input():
    res = CliRunner().invoke(cli, ["analyze", "--no-nlp", "-q", "-"], input=HTML.encode("utf-8"))
    assert res.exit_code == 0, res.output
    rec = json.loads(res.stdout)
    assert rec["format"] == "html" and rec["origin"] == "<stdin>" and rec["title"].startswith("Northern pier")


def test_read_bytes_in_memory():
    a = one(read_bytes(BODY.encode(), origin="mem"))
    assert a.text == BODY and a.origin == "mem"


@pytest.mark.parametrize("raw,iso", [
    ("September 30, 2022", "2022-09-30"), ("2022-09-30", "2022-09-30"),
    ("Tue, 05 Mar 2024 09:30:00 GMT", "2024-03-05T09:30:00Z"), ("Wed, 06 Mar 2024 14:00:00 +0100", "2024-03-06T14:00:00+01:00"),
    ("2024-03-05T09:30:00+00:00", "2024-03-05T09:30:00Z"), ("3/7/16", "2016-03-07"), ("12 March 2020", "2020-03-12"),
    ("Seg, 24 Set 2018 19:42:40 -0300", "2018-09-24T19:42:40-03:00"),
    ("", None), ("0001-01-01", None), ("2999-01-01", None), ("not a date", None), ("May", None), (None, None),
])
def test_published_dates_are_normalised_to_iso(raw, iso):
    assert normalize_date(raw) == iso


# --- real data: every reader on the real files of ../shared ---------------------------------------

@pytest.mark.shared
def test_real_feeds_all_read_with_iso_dates(shared):
    rss = shared / "data" / "rss"
    feeds = [p for p in rss.rglob("*") if p.is_file() and p.suffix in (".xml", ".rss", ".atom", ".json")
             and "expected" not in p.parts]
    assert len(feeds) == 11
    for p in feeds:
        items = list(read_path(str(p)))
        assert items and all(isinstance(a, Article) for a in items), (p, [i for i in items if not isinstance(i, Article)][:2])
        assert all(a.published is None or a.published[:4].isdigit() and a.published[4] == "-" for a in items), p
    uol = list(read_path(str(rss / "rss-parser" / "uolNoticias.rss")))
    assert len(uol) == 15 and "simulações" in uol[0].title and uol[0].published == "2018-09-24T19:42:40-03:00"
    assert len(list(read_path(str(rss / "rss-parser" / "encoding-gb2312.xml")))) == 20


@pytest.mark.shared
def test_real_us_gov_statements_have_iso_dates_and_given_ids(shared):
    arts = list(read_path(str(shared / "data" / "us-gov-ukraine-2022" / "statements.jsonl")))
    assert len(arts) == 291 and all(isinstance(a, Article) for a in arts)
    assert all(a.published and len(a.published) == 10 for a in arts)
    assert len({a.id for a in arts}) == 291


@pytest.mark.shared
def test_real_allsides_head_with_map(shared):
    src = shared / "data" / "allsides" / "articles.jsonl.gz"
    with gzip.open(src, "rt", encoding="utf-8") as fh:
        head = "".join(next(fh) for _ in range(200))
    arts = list(read_bytes(head.encode(), origin="allsides-head.jsonl", meta={"jsonl_map": {"text": "content_original"}}))
    assert len(arts) == 200 and all(isinstance(a, Article) for a in arts)
    assert all(a.published is None or len(a.published) == 10 for a in arts)
    assert all(a.id and a.source and a.url for a in arts)


@pytest.mark.shared
def test_real_constructed_warc_gives_one_article_per_page(shared):
    src = shared / "data" / "warc" / "constructed" / "aeb_news_pages.warc.gz"
    import itertools

    arts = list(itertools.islice(read_path(str(src)), 12))
    assert len(arts) == 12 and all(isinstance(a, Article) and a.url and a.text for a in arts)


def test_gzipped_jsonl_is_streamed_beyond_the_size_limit_per_line(tmp_path):
    recs = [{"id": f"s{i}", "text": f"{BODY} Item {i}."} for i in range(300)]
    data = gzip.compress(("\n".join(json.dumps(r) for r in recs) + "\n").encode())
    path = write(tmp_path / "big.jsonl.gz", data)
    limit = len(data) + 1000  # the file fits, its decompressed whole does not, each line does
    assert sum(len(json.dumps(r)) + 1 for r in recs) > limit
    arts = list(read_path(path, max_bytes=limit))
    assert [a.id for a in arts] == [r["id"] for r in recs]


def test_jsonl_keeps_line_separator_characters_inside_strings(tmp_path):
    text = "First part\u2028second part\u0085third, the mayor said."
    p = write(tmp_path / "u.jsonl", json.dumps({"id": "u", "text": text}, ensure_ascii=False) + "\n")
    assert one(read_path(p)).text == text


def test_json_array_file_is_read_as_articles(tmp_path):
    p = write(tmp_path / "arr.json", json.dumps([{"id": "a", "text": BODY}, {"id": "b", "text": BODY2}], indent=2))
    assert [a.id for a in read_path(p)] == ["a", "b"]


def test_sniffing_does_not_depend_on_which_reader_module_was_imported_first(tmp_path):
    """Importing a reader module before the registry loads (as the CLI's --map parsing does) must not
    put the text fallback ahead of a real format."""
    import subprocess
    import sys

    p = write(tmp_path / "pretty.json", json.dumps({"id": "pj", "text": BODY}, indent=2))
    code = ("import newsgraph.ingest.jsonl, newsgraph.ingest.text\n"
            "from newsgraph.ingest import read_path, readers\n"
            f"a = list(read_path({str(p)!r}))\n"
            "print(readers()[-1].name, a[0].format, a[0].id)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.split() == ["text", "jsonl", "pj"], out.stderr


def test_warc_skips_pages_without_article_text_quietly(tmp_path):
    nav = "<html><body><nav><a href='/'>Home</a> <a href='/a'>About</a></nav></body></html>"
    data = _warc_record("https://a.example/index", nav, rid="1") + _warc_record("https://a.example/story", HTML, rid="2")
    items = list(read_path(write(tmp_path / "crawl.warc", data)))
    assert [type(x).__name__ for x in items] == ["Article"] and items[0].url == "https://a.example/story"


def test_plain_jsonl_lines_are_decoded_one_by_one_with_bom_crlf_and_a_latin1_line(tmp_path):
    lines = [json.dumps({"id": "a", "text": "Caf\u00e9 owners said prices rose."}, ensure_ascii=False),
             json.dumps({"id": "b", "text": "The mayor said \u201cno\u201d."}, ensure_ascii=False),
             "", json.dumps({"id": "c", "text": "Fa\u00e7ade repairs, the council said."}, ensure_ascii=False)]
    data = b"\xef\xbb\xbf" + lines[0].encode() + b"\r\n" + lines[1].encode() + b"\r\n\r\n" + lines[3].encode("cp1252")
    arts = list(read_path(write(tmp_path / "m.jsonl", data)))
    assert [(a.id, a.text) for a in arts] == [("a", "Caf\u00e9 owners said prices rose."),
                                              ("b", "The mayor said \u201cno\u201d."),
                                              ("c", "Fa\u00e7ade repairs, the council said.")]


def test_utf16_jsonl_is_still_read_whole(tmp_path):
    recs = [{"id": "a", "text": BODY}, {"id": "b", "text": BODY2}]
    data = ("\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\n").encode("utf-16")
    assert [(a.id, a.text) for a in read_path(write(tmp_path / "w.jsonl", data))] == [("a", BODY), ("b", BODY2)]
