"""Positions over time: which issue a query means, each holder's stances in date order, and shifts.

A shift is a holder's stance on an issue differing from its previous stance there (by date, then by
article and place in the article), or a position that says so itself (``shift``/``previous_stance``).
"""
from __future__ import annotations

import re
import time
from collections import defaultdict

STANCES = ("support", "open", "undecided", "none", "oppose")
DISCUSS = "discussing "


def _words(s: str) -> set[str]:
    return set(re.findall(r"\w+", s.lower()))


def _same(a: str, b: str) -> bool:
    """Issue grouping as the positions stage defines it (lexical, ``newsgraph.positions_timeline``)."""
    from .positions_timeline import same_issue

    return same_issue(a, b)


def matching_issues(query: str, labels: list[str]) -> list[str]:
    """The stored issue labels a query names: those grouped with it by the positions stage, and those
    about discussing it ("discussing foreign forces in Ukraine": being open to talks is a stance on the
    same question, and the move an analyst watches for). Failing that, labels holding every word asked."""
    q = query.strip()
    if not q:
        return []
    talk = q if q.lower().startswith(DISCUSS) else DISCUSS + q
    out = [lab for lab in labels if lab.lower() == q.lower() or _same(lab, q) or _same(lab, talk)]
    if out:
        return out
    want = _words(q)
    return [lab for lab in labels if want <= _words(lab)]


def timelines(positions: list[dict]) -> list[dict]:
    """Group positions by holder; each holder's points in order with ``shift`` set where its stance moves.

    Returns ``[{"holder", "points": [...], "shifts": n, "now": stance}]``, the holders that moved first.
    """
    by_holder: dict[str, list[dict]] = defaultdict(list)
    for p in positions:
        by_holder[str(p.get("holder") or "?")].append(p)
    out = []
    for holder, pts in by_holder.items():
        pts = sorted(pts, key=lambda p: (str(p.get("date") or ""), str(p.get("published") or ""),
                                         p.get("article_id") or "", _evidence_start(p)))
        prev = None
        shifts = 0
        marked = []
        for p in pts:
            stance = p.get("stance")
            own = bool(p.get("shift")) or bool(p.get("previous_stance"))
            moved = own or (prev is not None and stance != prev)
            marked.append({**p, "shift": moved, "from": p.get("previous_stance") or (prev if moved else None)})
            shifts += moved
            prev = stance
        out.append({"holder": holder, "points": marked, "shifts": shifts, "now": prev})
    out.sort(key=lambda h: (-h["shifts"], -len(h["points"]), h["holder"]))
    return out


def _evidence_start(p: dict) -> int:
    ev = p.get("evidence") or []
    starts = [e.get("start") for e in ev if isinstance(e, dict) and isinstance(e.get("start"), int)]
    return min(starts) if starts else 0


def issue_groups(labels: list[str]) -> dict[str, str]:
    """issue text -> the label of its group (the positions stage's grouping), with "discussing X"
    joined to X's group when there is one."""
    from .positions_timeline import group_issues

    groups = group_issues(labels)
    heads = sorted({g for g in groups.values() if not g.lower().startswith(DISCUSS)})
    for text, g in list(groups.items()):
        if g.lower().startswith(DISCUSS):
            for h in heads:
                if _same(g[len(DISCUSS):], h):
                    groups[text] = h
                    break
    return groups


def issue_summaries(store, limit: int = 10) -> list[dict]:
    """Issues ranked by movement: shifts first, then how many positions and holders."""
    positions = [p for p in store.positions(limit=50000) if p.get("issue")]
    groups = issue_groups([str(p["issue"]) for p in positions])
    by_issue: dict[str, list[dict]] = defaultdict(list)
    for p in positions:
        by_issue[groups.get(str(p["issue"]), str(p["issue"]))].append(p)
    out = []
    for issue, pts in by_issue.items():
        lines = timelines(pts)
        out.append({"issue": issue, "positions": len(pts), "holders": len(lines),
                    "shifts": sum(h["shifts"] for h in lines)})
    out.sort(key=lambda r: (-r["shifts"], -r["positions"], r["issue"]))
    return out[:limit]


def issue_view(store, query: str) -> dict | None:
    """Everything the issue page and ``/api/issues/{issue}`` show, or None when no issue matches."""
    labels = matching_issues(query, [r["issue"] for r in store.issue_labels()])
    if not labels:
        return None
    positions = [p for lab in labels for p in store.positions(issue=lab)]
    return {"issue": query, "labels": labels, "holders": timelines(positions)}


def on_issue(store, issue: str, *, speaker: str | None = None, since: str | None = None,
             until: str | None = None, search: str | None = None) -> list[dict]:
    """The statements that are evidence of a position on ``issue`` (their words overlap the evidence of
    such a position in the same article), with the other filters of a quotes query applied."""
    labels = matching_issues(issue, [r["issue"] for r in store.issue_labels()])
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for lab in labels:
        for p in store.positions(issue=lab, limit=1_000_000):
            for e in p.get("evidence") or []:
                if isinstance(e, dict) and isinstance(e.get("start"), int) and isinstance(e.get("end"), int):
                    spans[p["article_id"]].append((e["start"], e["end"]))
    rows = [s for s in store.statements_in(list(spans))
            if any(a < s["content_end"] and s["content_start"] < b for a, b in spans[s["article_id"]])]
    if speaker:
        sp = speaker.lower()
        rows = [r for r in rows if sp in (r["speaker"] or "").lower() or sp in (r["source"] or "").lower()]
    if since:
        rows = [r for r in rows if (r["published"] or "") >= since]
    if until:
        rows = [r for r in rows if (r["published"] or "") <= until + "\uffff"]
    if search and rows:
        hits = {(r["article_id"], r["idx"]) for r in store.quotes(search=search, limit=1_000_000)}
        rows = [r for r in rows if (r["article_id"], r["idx"]) in hits]
    return rows


_CACHE_SECONDS = 600.0


def cached(app, name: str, store, compute):
    """``compute()`` kept per server until the store changes (or ten minutes pass): for the front page's
    costlier summaries (grouping every issue, counting every speaker's statements)."""
    key = store.facts_version()
    cache = app.state.summary_cache
    hit = cache.get(name)
    if hit is None or hit[0] != key or time.monotonic() - hit[1] > _CACHE_SECONDS:
        hit = cache[name] = (key, time.monotonic(), compute())
    return hit[2]


def cached_issue_summaries(app, store, limit: int) -> list[dict]:
    return cached(app, "issues", store, lambda: issue_summaries(store, limit=10_000))[:limit]
