"""Positions across articles: issues grouped, and timelines where a change of stance shows.

Issues are grouped lexically: two issues are one when their content lemmas (see
``newsgraph.nlp.positions.content_lemmas``: plurals folded, "forces"/"troops"/"deployment" one head)
overlap enough (shared >= half of the smaller set, and >= 2 unless one has a single word). Greedy
grouping against each group's most frequent issue, in order of frequency, so that "foreign forces in X", "Western troops in X" and
"peacekeeping troops stationed in X" become one issue. A group's label is its most frequent issue
text (the shortest on a tie). Lexical, not embeddings: no model to load, and on the seed's issues
it groups exactly what the gold groups (see tests/unit/test_timeline.py).

``timeline(positions, holder, issue)`` gives one holder's positions on one issue in date order, each
marked ``changed: True`` with ``previous`` (the earlier stance and its evidence) when the stance
differs from the holder's previous stance on that issue.
"""
from __future__ import annotations

import math
from collections import Counter

from .nlp.positions import content_lemmas

DISCUSS_PREFIX = "discussing "


def issue_key(issue: str) -> frozenset[str]:
    return content_lemmas(issue)


def same_issue(a: str, b: str) -> bool:
    # being open to discussing X is a stance on the talks, not on X: "discussing X" stays apart
    if a.lower().startswith(DISCUSS_PREFIX) != b.lower().startswith(DISCUSS_PREFIX):
        return False
    ka, kb = issue_key(a), issue_key(b)
    if not ka or not kb:
        return False
    small = min(len(ka), len(kb))
    need = max(math.ceil(small / 2), min(small, 2))  # one shared modifier ("Russian") is not enough
    if small == 1 and max(len(ka), len(kb)) > 2:
        return False  # "Americans" is not the issue of every phrase that names them
    return len(ka & kb) >= need


def group_issues(issues: list[str]) -> dict[str, str]:
    """issue text -> label of its group."""
    counts = Counter(i for i in issues if i)
    order = sorted(counts, key=lambda i: (-counts[i], len(i), i))
    groups: list[list[str]] = []
    for iss in order:  # against each group's label (its most frequent issue): no chaining
        for g in groups:
            if same_issue(iss, g[0]):
                g.append(iss)
                break
        else:
            groups.append([iss])
    out = {}
    for g in groups:
        label = min(g, key=lambda i: (-counts[i], len(i)))
        for i in g:
            out[i] = label
    return out


def _holder_match(p: dict, holder: str) -> bool:
    h = holder.lower()
    return h in (p.get("holder") or "").lower() or h in (p.get("voiced_by") or "").lower()


def timeline(positions: list[dict], holder: str, issue: str) -> list[dict]:
    """A holder's positions on an issue (grouped lexically), in date order, changes flagged."""
    rows = [p for p in positions if _holder_match(p, holder) and same_issue(p.get("issue") or "", issue)]
    rows.sort(key=lambda p: (p.get("date") or "", p.get("article_id") or "", (p.get("evidence") or [{}])[0].get("start", 0)))
    out, prev, seen = [], None, set()
    for p in rows:
        ev = (p.get("evidence") or [{}])[0]
        key = (p.get("article_id"), ev.get("start"), p.get("stance"))
        if key in seen:  # two cues of one sentence with one stance: one position
            continue
        seen.add(key)
        r = dict(p)
        r["changed"] = prev is not None and prev.get("stance") != p.get("stance")
        if r["changed"]:
            r["previous"] = {"stance": prev.get("stance"), "date": prev.get("date"),
                             "article_id": prev.get("article_id"), "evidence": prev.get("evidence"),
                             "issue": prev.get("issue")}
        out.append(r)
        prev = p
    return out


def changes(positions: list[dict], holder: str, issue: str) -> list[dict]:
    return [r for r in timeline(positions, holder, issue) if r["changed"]]


def top_issues(positions: list[dict], holder: str | None = None, n: int = 5) -> list[tuple[str, int]]:
    rows = [p for p in positions if holder is None or _holder_match(p, holder)]
    labels = group_issues([p.get("issue") or "" for p in rows])
    c = Counter(labels.get(p.get("issue") or "") for p in rows if p.get("issue"))
    return c.most_common(n)


# ---------------------------------------------------------------- events across articles
def _day(v: str | None) -> str | None:
    return v[:10] if isinstance(v, str) and len(v) >= 10 else v


def link_events(events: list[dict]) -> list[dict]:
    """Reports are not events: the same event told by several articles becomes one, with every
    supporting report kept. Two reports are one event when type, actor, target and modality agree and
    their times agree (the same normalised ``when``, or one of them without a time and the same
    publication day). Each linked event: the first report's fields plus ``reports`` (article id,
    offsets, date) and ``articles`` (how many distinct articles)."""
    groups: dict[tuple, list[dict]] = {}
    order: list[tuple] = []
    for e in events:
        base = (e.get("type"), (e.get("actor") or "").lower(), (e.get("target") or "").lower(), e.get("modality"))
        when = e.get("when")
        key = base + (when or _day(e.get("published") or e.get("date")),)
        if when is None:  # a report without a time joins an event of the same day if there is one
            for k in order:
                if k[:4] == base and k[4] == key[4]:
                    key = k
                    break
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(e)
    out = []
    for k in order:
        reps = groups[k]
        first = dict(reps[0])
        first["reports"] = [{"article_id": r.get("article_id"), "start": r.get("start"), "end": r.get("end"),
                             "date": r.get("published") or r.get("date"), "text": r.get("text")} for r in reps]
        first["articles"] = len({r.get("article_id") for r in reps})
        out.append(first)
    return out
