"""The pages, rendered on the server from hand-built records: structure, highlighted attributions,
speaker and issue pages, search filters, escaping, and graceful empty states."""
from __future__ import annotations

import re
import warnings
from html.parser import HTMLParser

import pytest

from e2e.webdata import EVIL_SPEAKER, ISSUE, fill

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from newsgraph.api import create_app
from newsgraph.web.markup import ArticleMarkup, Span, nest


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("web") / "news.db")
    fill(path)
    return TestClient(create_app(path), raise_server_exceptions=False)


class Tags(HTMLParser):
    """Every start tag with its attributes, and whether the document's tags balance."""

    VOID = {"meta", "link", "input", "br", "img", "hr", "circle", "rect", "polygon", "polyline", "line"}

    def __init__(self):
        super().__init__()
        self.tags, self.stack, self.balanced = [], [], True

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack.pop() != tag:
            self.balanced = False


def parse(html: str) -> Tags:
    t = Tags()
    t.feed(html)
    return t


def test_article_page_sets_headings_and_captions_apart(client):
    html = client.get("/article/r-1").text
    assert re.search(r'<h2 class="blk blk-heading" id="o-0">Ferry talks resume', html)
    assert re.search(r'<aside class="blk blk-caption[^"]*"[^>]*>.*The harbour at dawn', html)
    assert '<span class="credit"' in html


def test_each_quote_is_focusable_and_names_the_mention_and_the_speaker(client):
    t = parse(client.get("/article/r-1").text)
    marks = [a for tag, a in t.tags if tag == "mark" and "q" in a.get("class", "").split()]
    assert len(marks) == 3 and all(m.get("tabindex") == "0" for m in marks)
    assert [m["data-speaker"] for m in marks] == ["Ann Moor", "Ann Moor", "Russia"]
    html = client.get("/article/r-1").text
    assert "she → Ann Moor" in html  # the tip shown on hover and focus
    assert "via the Dunmore Herald" in html


def test_speaker_cue_content_and_via_have_distinct_styles(client):
    html = client.get("/article/r-1").text
    assert re.search(r'<span class="q-source" data-a="1">(<a [^>]*>)?she', html)
    assert '<span class="q-cue" data-a="1">told</span>' in html
    assert re.search(r'<span class="q-via" data-a="1">the <a [^>]*href="/entity/Dunmore%20Herald"', html)


def test_pages_are_well_formed(client):
    for url in ("/", "/article/r-1", "/article/x-1", "/entity/Ann%20Moor", f"/issue/{ISSUE}", "/search?q=ferry",
                "/issues", "/docs"):
        assert parse(client.get(url).text).balanced, url


def test_entity_page_lists_aliases_roles_and_statements_in_date_order(client):
    html = client.get("/entity/Russia").text
    assert html.index("Russia rejects foreign troops") < html.index("Russia is now open to talks")
    assert 'href="/article/r-1#q-' in html and 'href="/article/r-2#q-' in html
    moor = client.get("/entity/Ann%20Moor").text
    assert "“the mayor of Dunmore”" in moor and "<td>mayor</td>" in moor


def test_statement_links_point_at_an_anchor_on_the_article_page(client):
    html = client.get("/entity/Ann%20Moor").text
    for aid, anchor in re.findall(r'href="/article/([^"#]+)#(q-\d+)"', html):
        assert f'id="{anchor}"' in client.get(f"/article/{aid}").text


def test_issue_page_marks_the_shift_and_draws_a_chart(client):
    html = client.get(f"/issue/{ISSUE}").text
    assert "<svg" in html and "shift from oppose" in html
    assert 'href="/article/r-2#p-0"' in html
    assert 'id="p-0"' in client.get("/article/r-2").text


def test_issue_page_groups_labels_holding_every_word_asked(client):
    html = client.get("/issue/troops%20port").text
    assert "shift from oppose" in html


def test_pages_render_when_there_are_no_positions(tmp_path):
    c = TestClient(create_app(str(tmp_path / "empty.db")), raise_server_exceptions=False)
    assert "No positions recorded yet" in c.get("/").text
    r = c.get("/issue/foreign%20troops%20in%20Ukraine")
    assert r.status_code == 404 and "No positions recorded" in r.text
    assert "No positions recorded yet" in c.get("/issues").text


def test_home_lists_articles_speakers_and_moving_issues(client):
    html = client.get("/").text
    assert "Ferry talks resume in Dunmore" in html
    assert 'href="/entity/Ann%20Moor"' in html and 'href="/entity/Russia"' in html
    assert f'href="/issue/{ISSUE.replace(" ", "%20")}"' in html and "1 shifts" in html


def test_search_filters_by_speaker_and_date(client):
    html = client.get("/search", params={"q": "troops", "speaker": "Russia", "since": "2026-02-01"}).text
    assert "Russia is now open to talks" in html and "Russia rejects foreign troops" not in html
    assert "Moscow shifts on port troops" in html  # the article matches too
    r = client.get("/search", params={"q": "x", "since": "tomorrow"})
    assert r.status_code == 422 and "text/html" in r.headers["content-type"]


def test_hostile_text_title_url_and_speaker_are_escaped(client):
    for url in ("/article/x-1", "/", "/entity/" + EVIL_SPEAKER.replace('"', "%22"), "/search?q=officials",
                "/search?q=%3Cscript%3Ealert(1)%3C/script%3E", "/issues",
                "/issue/%3Cscript%3Ealert('issue')%3C%2Fscript%3E"):
        html = client.get(url).text
        t = parse(html)
        scripts = [a for tag, a in t.tags if tag == "script"]
        assert scripts == [{"src": "/static/app.js", "defer": None}], url
        assert not any(k.startswith("on") for _, a in t.tags for k in a), url
        assert not any(str(v).strip().lower().startswith("javascript:") for _, a in t.tags for v in a.values()), url
        assert "<img" not in html and "<svg onload" not in html, url
        assert client.get(url).status_code == 200, url


def test_an_unknown_page_is_an_html_404(client):
    r = client.get("/article/nope")
    assert r.status_code == 404 and "text/html" in r.headers["content-type"] and "no article" in r.text


def test_crossing_spans_are_split_not_misnested():
    # a mention that starts inside a quote and ends after it is cut at the quote's end
    tree = nest(0, 10, [Span(0, 5, 1, "content"), Span(3, 8, 3, "mention")])
    assert tree == [(Span(0, 5, 1, "content"), [(0, 3), (Span(3, 5, 3, "mention"), [(3, 5)])]),
                    (Span(5, 8, 3, "mention"), [(5, 8)]), (8, 10)]


def test_markup_keeps_every_character_of_the_text():
    from e2e.webdata import first_article

    rec = first_article()
    blocks = ArticleMarkup(rec).blocks()
    text = rec["text"]
    for b in blocks:
        plain = re.sub(r'<span class="tip"[^>]*>.*?</span></mark>', "</mark>", str(b["html"]))
        plain = re.sub(r"<[^>]+>", "", plain).replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&")
        assert plain == text[b["start"]:b["end"]]


def test_search_filters_by_issue(client):
    html = client.get("/search", params={"issue": ISSUE}).text
    assert "Russia rejects foreign troops" in html and "Russia is now open to talks" in html
    assert "the ferry would run again" not in html
    rows = client.get("/api/quotes", params={"issue": ISSUE}).json()["rows"]
    assert {r["article_id"] for r in rows} == {"r-1", "r-2"} and all(r["speaker"] == "Russia" for r in rows)


def test_part_of_a_name_leads_to_the_entity_or_a_choice(client):
    r = client.get("/entity/moor", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/entity/Ann%20Moor"
    r = client.get("/entity/nobody-here")
    assert r.status_code == 404 and "No entity or speaker name holds" in r.text


def test_serve_command_serves_the_pages(tmp_path):
    import signal
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    from e2e.webdata import fill

    db = str(tmp_path / "s.db")
    fill(db, xss=False)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "newsgraph", "serve", "--db", db, "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/article/r-1", timeout=5) as r:
                    assert r.status == 200 and "Ferry talks resume" in r.read().decode()
                    break
            except OSError:
                assert proc.poll() is None, proc.stderr.read()
                assert time.monotonic() < deadline, "newsgraph serve did not answer"
                time.sleep(0.3)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
    assert f"http://127.0.0.1:{port}/" in proc.stderr.read()


def test_article_ids_with_slashes_and_spaces_have_working_pages(tmp_path):
    from e2e.webdata import _rec

    from newsgraph.store import open_store

    db = str(tmp_path / "ids.db")
    with open_store(db) as s:
        s.add([_rec("feed/item 7 é", "A plain note.", "2026-01-01", "Odd id")])
    c = TestClient(create_app(db), raise_server_exceptions=False)
    home = c.get("/").text
    (link,) = re.findall(r'href="(/article/[^"]+)"', home)
    assert c.get(link).status_code == 200 and "A plain note." in c.get(link).text
    assert c.get("/api/articles/feed/item 7 é").json()["article"]["title"] == "Odd id"


def test_chart_links_every_point_and_rings_each_shift():
    from newsgraph.issues import timelines
    from newsgraph.web.chart import issue_svg

    pts = [{"holder": "A", "stance": s, "date": d, "article_id": f"x{i}", "idx": 0}
           for i, (s, d) in enumerate([("oppose", "2024-01-01"), ("oppose", "2024-02-01"), ("open", "2024-03-01"),
                                       ("oppose", "2024-04-01")])]
    pts.append({"holder": "<B>", "stance": "support", "date": "2024-01-01", "article_id": "y", "idx": 1})
    svg = str(issue_svg(timelines(pts), lambda p: f"/article/{p['article_id']}#p-{p['idx']}"))
    t = parse(svg)
    assert t.balanced
    assert [a["href"] for tag, a in t.tags if tag == "a"].count("/article/x2#p-0") == 1
    assert len([1 for tag, a in t.tags if tag == "a"]) == 5
    assert svg.count('stroke-dasharray="3 2"') == 2  # oppose -> open -> oppose: two shifts
    assert "&lt;B&gt;" in svg and "<B>" not in svg


def test_speaker_page_counts_statements_per_month_with_links_to_them(client):
    t = parse(client.get("/entity/Russia").text)
    bars = [a["href"] for tag, a in t.tags if tag == "a" and a.get("href", "").startswith("/search?speaker=Russia")]
    assert bars == ["/search?speaker=Russia&since=2026-01&until=2026-01", "/search?speaker=Russia&since=2026-02&until=2026-02"]
    html = client.get(bars[1].replace("&amp;", "&")).text
    assert "Russia is now open to talks" in html and "Russia rejects foreign troops" not in html


def test_the_counts_on_the_front_page_lead_to_what_they_count(client):
    t = parse(client.get("/").text)
    links = {a["href"] for tag, a in t.tags if tag == "a"}
    assert "/articles" in links and "/search?all=1" in links
    arts = parse(client.get("/articles").text)
    assert len([a for tag, a in arts.tags if tag == "a" and a.get("href", "").startswith("/article/")]) == 3
    html = client.get("/search?all=1").text
    assert "Statements (5)" in html
