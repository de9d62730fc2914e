"""The web UI in a real headless Chromium (Debian's package through Playwright): the seed's article as
the pipeline analyses it, a speaker's page, an issue's timeline, keyboard use, reading without
JavaScript, and hostile article content that must stay inert."""
from __future__ import annotations

from urllib.parse import quote

import pytest

from e2e.conftest import shot
from e2e.webdata import EVIL_SPEAKER, ISSUE

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.mark.shared
def test_seed_article_highlights_peskov_with_speaker_and_via_and_links_to_his_page(seed_server, new_page):
    page, watch = new_page(seed_server)
    page.goto(f"{seed_server.url}/article/{seed_server.article_id}")
    # the via span in the text, and the quote of the same attribution
    via = page.locator(".text .q-via", has_text="TASS").first
    n = via.get_attribute("data-a")
    mark = page.locator(f'.text mark.q[data-a="{n}"]').first
    assert mark.get_attribute("data-speaker") == "Dmitry Peskov"
    assert page.locator(f'.text .q-source[data-a="{n}"]').first.inner_text().endswith("Peskov")
    mark.focus()
    tip = mark.locator(".tip")
    assert tip.is_visible()
    assert "→ Dmitry Peskov" in tip.inner_text() and "via The TASS news agency" in tip.inner_text()
    shot(page, "article-seed")
    content = page.locator(f"#a-{n} .content").inner_text().strip()
    page.locator(f"#a-{n} a.speaker").click()
    page.wait_for_url("**/entity/Dmitry%20Peskov")
    assert page.locator("h1").inner_text() == "Dmitry Peskov"
    listed = page.locator("ol.stmts blockquote.content").all_inner_texts()
    assert any(content[:60] in s for s in listed)
    shot(page, "entity-peskov")
    assert watch.outside() == [] and watch.dialogs == []


@pytest.mark.shared
def test_seed_issue_page_shows_russias_shift_on_foreign_troops(seed_server, new_page):
    page, _ = new_page(seed_server)
    # the issue as a reader names it; the positions stage words it "stationing of foreign forces" and
    # keeps the talks apart ("discussing deployment of Western troops in Ukraine"): the page joins them
    page.goto(f"{seed_server.url}/issue/{quote('foreign troops in Ukraine')}")
    shot(page, "issue-seed")
    row = page.locator("table.timeline tr", has=page.locator("th", has_text="Russia"))
    assert row.count() == 1
    assert "moved" in (row.get_attribute("class") or "")
    assert "shift" in row.inner_text()
    assert page.locator("svg.chart").is_visible()


def test_built_pages_home_issue_and_search(built_server, new_page):
    page, watch = new_page(built_server)
    page.goto(built_server.url + "/")
    assert page.locator("section", has_text="Most quoted").locator("a", has_text="Ann Moor").is_visible()
    shot(page, "home")
    page.locator("a", has_text=ISSUE).first.click()
    page.wait_for_url("**/issue/**")
    assert page.locator("svg.chart").is_visible()
    assert "shift from oppose" in page.locator("tr.moved").inner_text()
    shot(page, "issue")
    page.locator("svg.chart a.pt").last.click()  # a point links to its evidence
    page.wait_for_url("**/article/r-2#p-0")
    assert page.locator("#p-0").is_visible()
    page.goto(built_server.url + "/search?q=troops&speaker=Russia")
    assert page.locator("ol.stmts li").count() == 2
    shot(page, "search")
    page.goto(built_server.url + "/article/r-1")
    shot(page, "article")
    page.goto(built_server.url + "/issues")
    assert page.locator("table a", has_text=ISSUE).is_visible()
    shot(page, "issues")
    page.goto(built_server.url + "/docs")
    assert page.locator("code", has_text="/api/quotes").first.is_visible()
    shot(page, "docs")
    assert watch.outside() == [] and watch.dialogs == []


def test_quotes_are_reachable_by_keyboard_and_show_their_speaker(built_server, new_page):
    page, _ = new_page(built_server)
    page.goto(built_server.url + "/article/r-1")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('mark.q')"):
            break
    else:
        pytest.fail("no quote took the focus by Tab")
    tip = page.locator("mark.q:focus > .tip")
    assert tip.is_visible() and tip.inner_text().startswith("Ann Moor")
    page.keyboard.press("j")  # the little script moves to the next quote and marks it in the list
    assert page.evaluate("document.activeElement.dataset.a") == "1"
    assert page.locator("ol.attrs li.current").get_attribute("id") == "a-1"
    assert "she → Ann Moor" in page.locator("mark.q:focus > .tip").inner_text()
    shot(page, "article-focus")


def test_reading_works_without_javascript(built_server, new_page):
    page, _ = new_page(built_server, js=False)
    page.goto(built_server.url + "/article/r-1")
    assert page.locator("h2.blk-heading").inner_text() == "Ferry talks resume in Dunmore"
    assert page.locator("mark.q").count() == 3
    page.locator("mark.q").nth(1).hover()
    assert page.locator("mark.q").nth(1).locator(".tip").is_visible()
    page.goto(built_server.url + "/search?q=ferry")
    assert page.locator("ol.stmts li").count() == 1


def test_hostile_article_content_stays_inert(built_server, new_page):
    page, watch = new_page(built_server)
    urls = ["/article/x-1", "/entity/" + quote(EVIL_SPEAKER, safe=""), "/",
            "/search?q=" + quote('<script>alert("q")</script>'), "/issues",
            "/issue/" + quote("<script>alert('issue')</script>", safe="")]
    for u in urls:
        page.goto(built_server.url + u)
        for el in page.locator("mark.q, a.ent, a.speaker, .badge").all()[:20]:
            el.hover()  # would fire any onmouseover that got through
        page.wait_for_timeout(100)
    page.goto(built_server.url + "/article/x-1")
    assert "<script>" in page.locator("h1").inner_text()  # shown as text, not run
    shot(page, "xss-article")
    assert watch.dialogs == []
    assert watch.outside() == []
    allowed = {"/static/style.css", "/static/app.js"} | set(urls)
    from urllib.parse import urlsplit

    made = {urlsplit(u).path + (f"?{urlsplit(u).query}" if urlsplit(u).query else "") for u in watch.requests}
    assert made <= allowed | {u.split("#")[0] for u in allowed}, made - allowed
    assert not [m for m in watch.console if "Content Security Policy" in m]


CONTRAST_JS = """
(sels) => {
  const rgb = s => { const m = s.match(/[\\d.]+/g).map(Number); return {r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1}; };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
                     return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const bg = el => { for (; el; el = el.parentElement) { const c = rgb(getComputedStyle(el).backgroundColor);
                     if (c.a > 0) return c; } return {r: 255, g: 255, b: 255, a: 1}; };
  const out = {};
  for (const sel of sels) {
    const el = document.querySelector(sel);
    if (!el) { out[sel] = null; continue; }
    const a = lum(rgb(getComputedStyle(el).color)), b = lum(bg(el));
    out[sel] = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  }
  return out;
}
"""


def test_text_has_enough_contrast(built_server, new_page):
    """WCAG AA (4.5:1) for the text an analyst reads: body, quotes and their parts, badges, notes."""
    page, _ = new_page(built_server)
    page.goto(built_server.url + "/article/r-1")
    sels = [".text p.blk", "mark.q", ".q-source", ".q-cue", ".q-via", "a.ent", "ol.attrs .sub", ".badge",
            ".badge.stance-oppose", ".badge.mod-future", "aside.blk-caption", ".credit", "header.top a", "footer.foot"]
    ratios = page.evaluate(CONTRAST_JS, sels)
    low = {s: round(r, 2) for s, r in ratios.items() if r is None or r < 4.5}
    assert not low, low
