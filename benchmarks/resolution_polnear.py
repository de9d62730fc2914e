"""Resolution accuracy on hand-labelled PolNeAR dev attributions (pronoun or "the ..." sources).

    python benchmarks/resolution_polnear.py [--fixture tests/data/polnear_resolution.json] [--shared ../shared]

The fixture holds, per item, the article id, the character offsets of the attribution's source and the
antecedent's canonical name (labelled by hand; optional ``aliases``). The texts are read from
``<shared>/data/polnear/dev/text`` at run time and analysed with the full pipeline. The system's answer
for an item is the ``speaker.name`` of the attribution whose source overlaps the labelled span, else the
name of the entity one of whose mentions holds the span. It is right when it equals the label or an
alias (case, punctuation and honorifics ignored), or, for a name of one word, when that word is the
label's surname (unless the item says ``"surname_alone": false``), or, for a label of one word (a
surname), when the name ends with it. Prints one line per item and
``accuracy <value> (<right>/<n>)`` last.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSGRAPH_SHARED", ROOT.parent / "shared")).resolve()
FIXTURE = ROOT / "tests" / "data" / "polnear_resolution.json"
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sen", "rep", "gov", "president", "the"}


def norm(name: str) -> list[str]:
    words = re.sub(r"[^\w\s-]", " ", (name or "").lower().replace("\u2019", "'")).split()
    while words and words[0] in HONORIFICS:
        words = words[1:]
    return words


def right(pred: str | None, item: dict) -> bool:
    if not pred:
        return False
    p = norm(pred)
    if not p:
        return False
    for ok in [item["antecedent"], *item.get("aliases", [])]:
        if p == norm(ok):
            return True
    label = norm(item["antecedent"])
    if len(label) == 1 and len(p) > 1 and p[-1] == label[0]:
        return True  # labelled by the surname the article uses: "McKinley" for "Kevin McKinley"
    return len(p) == 1 and item.get("surname_alone", True) and len(label) > 1 and p[0] == label[-1]


def answer(record: dict, start: int, end: int) -> str | None:
    """speaker.name of the attribution whose source overlaps [start, end), else the entity holding it."""
    best = None
    for a in record.get("attributions") or []:
        src = a.get("source") or {}
        if src.get("start") is None or not (src["start"] < end and start < src["end"]):
            continue
        ov = min(end, src["end"]) - max(start, src["start"])
        if best is None or ov > best[0]:
            best = (ov, (a.get("speaker") or {}).get("name"))
    if best is not None and best[1]:
        return best[1]
    text = record.get("_text") or ""
    if text and text[start:end].lower().endswith(("'s", "\u2019s")):
        end -= 2  # "the president's": the mention is the noun phrase without its possessive
    for e in record.get("entities") or []:
        for m in e.get("mentions") or []:
            if m["start"] <= start and end <= m["end"]:
                return e.get("name")
    return best[1] if best else None


def analyse(articles: list[str], text_dir: Path, nlp=None) -> dict[str, dict]:
    sys.path.insert(0, str(ROOT / "src"))
    from newsgraph.ingest import read_path
    from newsgraph.pipeline import analyze

    if nlp is None:
        from newsgraph.nlp.pipeline import load_nlp

        nlp = load_nlp()
    out = {}
    for art in articles:
        (article,) = list(read_path(str(text_dir / f"{art}.txt")))
        out[art] = analyze(article, nlp=nlp)
    return out


def evaluate(fixture: dict, shared: Path = SHARED, nlp=None) -> dict:
    """{"right", "n", "accuracy", "details": [(item, source text, prediction, ok)]}"""
    text_dir = shared / "data" / "polnear" / "dev" / "text"
    items = fixture["items"]
    records = analyse(sorted({it["article"] for it in items}), text_dir, nlp)
    details = []
    for it in items:
        rec = records[it["article"]]
        text = (text_dir / f"{it['article']}.txt").read_text(encoding="utf-8")
        pred = answer({**rec, "_text": text}, it["start"], it["end"])
        details.append((it, text[it["start"]:it["end"]], pred, right(pred, it)))
    n = len(details)
    ok = sum(d[-1] for d in details)
    return {"right": ok, "n": n, "accuracy": ok / n if n else 0.0, "details": details}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fixture", default=str(FIXTURE))
    ap.add_argument("--shared", default=str(SHARED))
    args = ap.parse_args(argv)
    fixture = json.loads(Path(args.fixture).read_text(encoding="utf-8"))
    res = evaluate(fixture, Path(args.shared))
    for it, src, pred, ok in res["details"]:
        print(f"{'ok  ' if ok else 'MISS'} {it['article'][:40]:40} {src!r:28} gold {it['antecedent']!r} got {pred!r}")
    print(f"accuracy {res['accuracy']:.3f} ({res['right']}/{res['n']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
