"""Records built by hand for the API and web tests, so they do not depend on extraction quality.

Two articles in which Russia's stance on one issue moves (oppose, then open), with every kind of fact
the pages show, and one article whose title, text, URL and speaker carry script payloads.
"""
from __future__ import annotations

from newsgraph.model import Article
from newsgraph.pipeline import record
from newsgraph.store import open_store

ISSUE = "foreign troops in the port"

T1 = ("Ferry talks resume in Dunmore\n\n"
      "Ann Moor, the mayor of Dunmore, said on Monday that the ferry would run again. "
      "“It is safe,” she told the Dunmore Herald.\n\n"
      "Russia rejects foreign troops in the port, a ministry spokesman said.\n\n"
      "The harbour at dawn. Photo: J. Doe")
T2 = ("Moscow shifts on port troops\n\n"
      "Russia is now open to talks on foreign troops in the port, the ministry spokesman said on Friday.")
XSS = ('<script>alert("t")</script> Officials met. '
       '<img src=x onerror=alert("i")> said the envoy. <a href="javascript:alert(1)">click</a> end.')


def span(text: str, sub: str, nth: int = 0) -> dict:
    i = -1
    for _ in range(nth + 1):
        i = text.index(sub, i + 1)
    return {"start": i, "end": i + len(sub), "text": sub}


def attribution(text, kind, speaker, source, cue, content, via=None, eid=None, negated=False) -> dict:
    return {"kind": kind, "source": span(text, source) if source else None,
            "speaker": {"name": speaker, "entity_id": eid} if speaker else None,
            "cue": span(text, cue) if cue else None, "content": [span(text, content)],
            "via": span(text, via) if via else None, "negated": negated}


def _rec(aid, text, published, title, **kw) -> dict:
    r = record(Article(id=aid, text=text, published=published, title=title, source=kw.pop("source", "Wire"),
                       url=kw.pop("url", None)), with_text=True)
    r.update(kw)
    return r


def first_article() -> dict:
    t = T1
    b = lambda s, e, role, **x: {"start": s, "end": e, "role": role, **x}  # noqa: E731
    h_end = t.index("\n")
    p1 = t.index("Ann Moor")
    p2 = t.index("Russia rejects")
    cap = t.index("The harbour")
    blocks = [b(0, h_end, "heading"), b(p1, t.index("\n", p1), "body"), b(p2, t.index("\n", p2), "body"),
              b(cap, len(t), "caption", credit=span(t, "Photo: J. Doe"))]
    ents = [
        {"id": "e1", "name": "Ann Moor", "type": "PERSON", "role": "mayor",
         "mentions": [span(t, "Ann Moor"), span(t, "the mayor of Dunmore"), span(t, "she")]},
        {"id": "e2", "name": "Russia", "type": "GPE", "mentions": [span(t, "Russia")]},
        {"id": "e3", "name": "Dunmore Herald", "type": "ORG", "mentions": [span(t, "Dunmore Herald")]},
    ]
    attrs = [
        attribution(t, "indirect", "Ann Moor", "Ann Moor", "said", "the ferry would run again", eid="e1"),
        attribution(t, "direct", "Ann Moor", "she", "told", "“It is safe,”", via="the Dunmore Herald", eid="e1"),
        attribution(t, "indirect", "Russia", "a ministry spokesman", "said", "Russia rejects foreign troops in the port"),
    ]
    ev = span(t, "Ann Moor, the mayor of Dunmore, said on Monday that the ferry would run again.")
    events = [{"type": "CONSULT", "actor": "Ann Moor", "target": "ferry operators", "modality": "future",
               "when": "2026-01-05", "where": "Dunmore", "start": ev["start"], "end": ev["end"]}]
    ev2 = span(t, "Russia rejects foreign troops in the port")
    positions = [{"holder": "Russia", "voiced_by": "ministry spokesman", "issue": ISSUE, "stance": "oppose",
                  "evidence": [{"start": ev2["start"], "end": ev2["end"]}]}]
    return _rec("r-1", t, "2026-01-05", "Ferry talks resume in Dunmore", blocks=blocks, entities=ents,
                attributions=attrs, events=events, positions=positions,
                times=[{**span(t, "on Monday"), "value": "2026-01-05"}])


def second_article() -> dict:
    t = T2
    h_end = t.index("\n")
    p = t.index("Russia is")
    ev = span(t, "Russia is now open to talks on foreign troops in the port")
    return _rec("r-2", t, "2026-02-06", "Moscow shifts on port troops",
                blocks=[{"start": 0, "end": h_end, "role": "heading"}, {"start": p, "end": len(t), "role": "body"}],
                entities=[{"id": "e1", "name": "Russia", "type": "GPE", "mentions": [span(t, "Russia")]}],
                attributions=[attribution(t, "indirect", "Russia", "the ministry spokesman", "said",
                                          "Russia is now open to talks on foreign troops in the port")],
                positions=[{"holder": "Russia", "voiced_by": "ministry spokesman", "issue": ISSUE, "stance": "open",
                            "evidence": [{"start": ev["start"], "end": ev["end"]}]}])


EVIL_SPEAKER = '<svg onload=alert("s")>Evil "Envoy"'


def xss_article() -> dict:
    t = XSS
    title = '<script>alert("title")</script><img src=x onerror=alert("t2")>'
    return _rec("x-1", t, "2026-03-01", title, url="javascript:alert('url')", source='<b onmouseover=alert(1)>wire</b>',
                blocks=[{"start": 0, "end": len(t), "role": "body"}],
                entities=[{"id": "e1", "name": EVIL_SPEAKER, "type": "PERSON\"><script>alert(2)</script>",
                           "mentions": [span(t, "the envoy")]}],
                attributions=[attribution(t, "direct", EVIL_SPEAKER, "the envoy", "said",
                                          '<img src=x onerror=alert("i")>', eid="e1")],
                events=[{"type": "<script>x</script>", "actor": "javascript:alert(1)", "target": None,
                         "modality": "asserted\" onmouseover=\"alert(1)", "start": 0, "end": 10}],
                positions=[{"holder": EVIL_SPEAKER, "issue": "<script>alert('issue')</script>", "stance": "oppose",
                            "evidence": [{"start": 0, "end": 20}]}])


def fill(db: str, *, xss: bool = True) -> None:
    """A store at ``db`` holding the two articles (and the hostile one)."""
    with open_store(db) as s:
        s.add([first_article(), second_article()] + ([xss_article()] if xss else []))
