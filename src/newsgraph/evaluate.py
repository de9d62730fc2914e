"""Score the attribution stage against a gold folder with the shared scorer.

Used by ``newsgraph eval attribution`` and ``benchmarks/attribution.py``. The scorer
(``score_attribution.py``) is not part of newsgraph: it is read from ``--scorer``, from
``$NEWSGRAPH_SCORER``, or from ``eval/score_attribution.py`` under ``$NEWSGRAPH_SHARED`` or a
``shared`` folder beside the current directory or beside the source tree.

Gold specifications, as the scorer takes them:

- ``polnear:DIR``: a PolNeAR split (``DIR/text/*.txt`` and ``DIR/attributions/*.ann``); the document
  id is the text file's stem. ``limit`` takes N articles spread evenly over the sorted list and
  builds a gold folder of symbolic links that holds only theirs.
- ``seed:FILE``: a gold JSON file whose ``document`` names the article, relative to the folder
  above the gold file's.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from .errors import NewsgraphError


class EvalError(NewsgraphError):
    """A gold folder, gold file or scorer that cannot be used."""


def find_scorer(explicit: str | None = None) -> Path:
    cands = []
    if explicit:
        cands.append(Path(explicit))
    elif os.environ.get("NEWSGRAPH_SCORER"):
        cands.append(Path(os.environ["NEWSGRAPH_SCORER"]))
    else:
        if os.environ.get("NEWSGRAPH_SHARED"):
            cands.append(Path(os.environ["NEWSGRAPH_SHARED"]) / "eval" / "score_attribution.py")
        cands.append(Path.cwd().parent / "shared" / "eval" / "score_attribution.py")
        cands.append(Path.cwd() / "shared" / "eval" / "score_attribution.py")
        cands.append(Path(__file__).resolve().parents[3] / "shared" / "eval" / "score_attribution.py")
    for c in cands:
        if c.is_file():
            return c.resolve()
    raise EvalError("the shared scorer score_attribution.py was not found (looked at "
                    + ", ".join(str(c) for c in cands) + "); pass --scorer PATH or set NEWSGRAPH_SCORER")


def polnear_subset(src: Path, texts: list[Path], dst: Path) -> Path:
    """A PolNeAR gold folder at ``dst`` holding only ``texts`` and their annotations (symbolic links)."""
    (dst / "text").mkdir(parents=True)
    (dst / "attributions").mkdir()
    for t in texts:
        (dst / "text" / t.name).symlink_to(t)
        for a in (src / "attributions").glob(t.stem + "_*.ann"):
            (dst / "attributions" / a.name).symlink_to(a)
    return dst


def gold_inputs(spec: str, limit: int | None, tmp: Path) -> tuple[str, list[Path]]:
    """The scorer's --gold argument and the article files to run, for ``polnear:DIR`` or ``seed:FILE``."""
    kind, _, where = spec.partition(":")
    if kind == "polnear":
        folder = Path(where).resolve()
        if not (folder / "text").is_dir() or not (folder / "attributions").is_dir():
            raise EvalError(f"{where}: not a PolNeAR split (expected text/ and attributions/ inside)")
        texts = sorted((folder / "text").glob("*.txt"))
        if not texts:
            raise EvalError(f"{where}: no text/*.txt files")
        if limit and limit < len(texts):
            step = len(texts) / limit
            texts = [texts[int(k * step)] for k in range(limit)]
            folder = polnear_subset(folder, texts, tmp / "gold")
        return f"polnear:{folder}", texts
    if kind == "seed":
        gfile = Path(where).resolve()
        try:
            doc = json.loads(gfile.read_text(encoding="utf-8"))["document"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise EvalError(f"{where}: not a seed gold file ({exc})") from None
        path = gfile.parent.parent / doc
        if not path.is_file():
            raise EvalError(f"{where}: its document {doc!r} is not at {path}")
        return f"seed:{gfile}", [path]
    raise EvalError(f"{spec!r}: the gold must be polnear:DIR or seed:FILE")


def run_pipeline(paths: list[Path], out: Path, nlp=None, on_error=None) -> tuple[float, float]:
    """Analyse the files and write the contract's JSON Lines to ``out``. Returns (wall s, CPU s) of
    the analysis alone (the model is loaded before the clock starts)."""
    from .ingest import read_path
    from .nlp.pipeline import load_nlp
    from .pipeline import analyze_stream

    nlp = nlp or load_nlp()
    articles = [a for p in paths for a in read_path(str(p))]
    t0, c0 = time.perf_counter(), time.process_time()
    with open(out, "w", encoding="utf-8") as fh:
        for rec in analyze_stream(articles, nlp=nlp):
            if isinstance(rec, Exception):
                (on_error or (lambda e: print(f"error: {e}", file=sys.stderr)))(rec)
                continue
            fh.write(json.dumps({"id": rec["id"], "attributions": rec["attributions"],
                                 "entities": rec["entities"]}, ensure_ascii=False) + "\n")
    return time.perf_counter() - t0, time.process_time() - c0


def run_scorer(scorer: Path, gold: str, pred: Path, json_out: str | None = None) -> int:
    """Run the shared scorer; its table goes to stdout. Returns its exit status."""
    cmd = [sys.executable, str(scorer), "--gold", gold, "--pred", str(pred)]
    if json_out:
        cmd += ["--json", json_out]
    return subprocess.run(cmd).returncode
