"""The issue chart, drawn on the server as SVG: one row per holder, its stances left to right in date
order, each point a link to its evidence and a shift ringed. Colours and shapes both carry the stance,
so the chart reads without colour too. Text is escaped; no inline style (the CSP forbids it)."""
from __future__ import annotations

from markupsafe import Markup, escape

STANCE_STYLE = {  # fill colour, shape
    "support": ("#1b7f3b", "circle"),
    "open": ("#1f5fbf", "diamond"),
    "undecided": ("#a15c00", "triangle"),
    "none": ("#5f6368", "ring"),
    "oppose": ("#b3261e", "square"),
}
LEFT, TOP, ROW, SLOT, STEP, R = 190, 36, 52, 120, 26, 9


def _shape(kind: str, x: float, y: float, fill: str) -> str:
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{R}" fill="{fill}"/>'
    if kind == "square":
        return f'<rect x="{x - R:.1f}" y="{y - R:.1f}" width="{2 * R}" height="{2 * R}" fill="{fill}"/>'
    if kind == "diamond":
        return (f'<polygon points="{x:.1f},{y - R - 2:.1f} {x + R + 2:.1f},{y:.1f} {x:.1f},{y + R + 2:.1f} '
                f'{x - R - 2:.1f},{y:.1f}" fill="{fill}"/>')
    if kind == "triangle":
        return f'<polygon points="{x:.1f},{y - R - 1:.1f} {x + R + 1:.1f},{y + R:.1f} {x - R - 1:.1f},{y + R:.1f}" fill="{fill}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{R - 1}" fill="#ffffff" stroke="{fill}" stroke-width="4"/>'


def issue_svg(holders: list[dict], link) -> Markup:
    """``holders`` as from ``timeline.timelines``; ``link(point)`` gives each point's evidence URL."""
    dates = sorted({str(p.get("date") or "?") for h in holders for p in h["points"]})
    # several points of one holder on one date sit side by side within that date's slot
    width_of = {d: 1 for d in dates}
    for h in holders:
        per: dict[str, int] = {}
        for p in h["points"]:
            d = str(p.get("date") or "?")
            per[d] = per.get(d, 0) + 1
            width_of[d] = max(width_of[d], per[d])
    x0, slot_x = LEFT + 30, {}
    for d in dates:
        slot_x[d] = x0
        x0 += max(SLOT, STEP * width_of[d] + 60)
    width = max(x0 + 20, 520)
    height = TOP + ROW * len(holders) + 40
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" role="img" aria-labelledby="chart-title">',
           '<title id="chart-title">Stances of each holder over time; ringed points are shifts</title>']
    for d in dates:
        x = slot_x[d]
        out.append(f'<line x1="{x}" y1="{TOP - 12}" x2="{x}" y2="{height - 30}" stroke="#d0d4da" stroke-width="1"/>')
        out.append(f'<text x="{x}" y="{height - 12}" font-size="12" fill="#333" text-anchor="middle">{escape(d)}</text>')
    for row, h in enumerate(holders):
        y = TOP + ROW * row + ROW / 2
        out.append(f'<text x="{LEFT - 12}" y="{y + 4:.1f}" font-size="14" fill="#111" text-anchor="end">'
                   f'{escape(h["holder"])}</text>')
        seen: dict[str, int] = {}
        coords = []
        for p in h["points"]:
            d = str(p.get("date") or "?")
            k = seen[d] = seen.get(d, -1) + 1
            coords.append((slot_x[d] + k * STEP, p))
        if len(coords) > 1:
            pts = " ".join(f"{x:.1f},{y:.1f}" for x, _ in coords)
            out.append(f'<polyline points="{pts}" fill="none" stroke="#8a9099" stroke-width="2"/>')
        for x, p in coords:
            stance = str(p.get("stance") or "none")
            fill, shape = STANCE_STYLE.get(stance, ("#5f6368", "ring"))
            label = f'{h["holder"]}: {stance}, {p.get("date") or "undated"}'
            if p.get("voiced_by"):
                label += f', voiced by {p["voiced_by"]}'
            if p.get("shift"):
                label += f' (shift from {p.get("from") or "?"})'
            out.append(f'<a href="{escape(link(p))}" class="pt" aria-label="{escape(label)}"><title>{escape(label)}</title>')
            if p.get("shift"):
                out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{R + 6}" fill="none" stroke="#111" '
                           f'stroke-width="2" stroke-dasharray="3 2"/>')
            out.append(_shape(shape, x, y, fill) + "</a>")
            if p.get("shift"):
                out.append(f'<text x="{x:.1f}" y="{y - R - 10:.1f}" font-size="11" fill="#111" '
                           f'text-anchor="middle">shift</text>')
    out.append("</svg>")
    return Markup("".join(out))


def legend_items() -> list[tuple[str, str, Markup]]:
    return [(s, c, Markup(f'<svg class="key" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">'
                          f'{_shape(k, 12, 12, c)}</svg>')) for s, (c, k) in STANCE_STYLE.items()]


def bars_svg(rows: list[dict], link, label: str) -> Markup:
    """Counts per period as bars (``rows``: [{"month", "n"}]), each bar a link (``link(row)``)."""
    if not rows:
        return Markup("")
    rows = _every_month(rows)
    top = max(r["n"] for r in rows)
    step = max(6, min(28, 1100 // len(rows)))  # a long span gets narrower bars, not a wider chart
    gap = max(1, step // 5)
    bw, h, left, bottom = step - gap, 110, 44, 56
    width = left + len(rows) * (bw + gap) + 10
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="bars" viewBox="0 0 {width} {h + bottom}" width="{width}" '
           f'height="{h + bottom}" role="img" aria-label="{escape(label)}">',
           f'<text x="{left - 6}" y="14" font-size="11" fill="#333" text-anchor="end">{top}</text>',
           f'<line x1="{left}" y1="{h}" x2="{width - 6}" y2="{h}" stroke="#8a9099"/>']
    for i, r in enumerate(rows):
        x = left + i * (bw + gap)
        if len(rows) <= 24 or i % max(1, len(rows) // 12) == 0:
            out.append(f'<text x="{x + bw / 2}" y="{h + 14}" font-size="10" fill="#333" text-anchor="end" '
                       f'transform="rotate(-45 {x + bw / 2} {h + 14})">{escape(r["month"])}</text>')
        if r["n"]:
            bh = max(2, round((h - 12) * r["n"] / top))
            tip = f'{r["month"]}: {r["n"]} statements'
            out.append(f'<a href="{escape(link(r))}" aria-label="{escape(tip)}"><title>{escape(tip)}</title>'
                       f'<rect x="{x}" y="{h - bh}" width="{bw}" height="{bh}" fill="#1f5fbf"/></a>')
    out.append("</svg>")
    return Markup("".join(out))


def _every_month(rows: list[dict]) -> list[dict]:
    """The months from the first to the last, those without statements at zero (a time axis has no gaps)."""
    have = {r["month"]: r["n"] for r in rows if isinstance(r.get("month"), str) and len(r["month"]) == 7}
    if not have:
        return rows
    y, m = map(int, min(have).split("-"))
    end = max(have)
    out = []
    while f"{y:04d}-{m:02d}" <= end and len(out) < 600:
        key = f"{y:04d}-{m:02d}"
        out.append({"month": key, "n": have.get(key, 0)})
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out
