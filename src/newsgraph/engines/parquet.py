"""A Parquet folder as the ingest sink: the store's write interface (known, add, add_errors, close).

Each batch becomes one file, written to a temporary name and renamed, so a killed run leaves whole
files only (the Parquet analogue of one transaction per batch) and a rerun skips what is there.
``records-*.parquet`` hold one row per article: its metadata, its text and the full analysis record
as JSON (without the text, which has its own column); ``errors-*.parquet`` hold (origin, reason, at).
"""
from __future__ import annotations

import glob
import json
import os
import time
import uuid

from ..errors import ConfigError

COLUMNS = ("id", "content_hash", "extractor", "title", "published", "source", "url", "lang", "author",
           "origin", "format")


def _pyarrow():
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ConfigError("Parquet output needs pyarrow: pip install 'newsgraph[parquet]'") from None
    return pa, pq


class ParquetSink:
    def __init__(self, folder: str):
        self.pa, self.pq = _pyarrow()
        self.path = self.folder = folder
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError as exc:
            raise ConfigError(f"{folder}: cannot create the Parquet folder ({exc.strerror or exc})") from None
        # names sort in write order across runs (a later run's record of an id wins when read back)
        self.run = f"{time.time_ns():020d}-{uuid.uuid4().hex[:6]}"
        self.n = 0
        self._known: dict[str, tuple[str, str]] | None = None

    def known(self) -> dict[str, tuple[str, str]]:
        """article id -> (content hash, extractor) of every record already in the folder."""
        if self._known is None:
            self._known = {}
            for f in sorted(glob.glob(os.path.join(self.folder, "records-*.parquet"))):
                t = self.pq.read_table(f, columns=["id", "content_hash", "extractor"]).to_pydict()
                for i, h, e in zip(t["id"], t["content_hash"], t["extractor"]):
                    self._known[i] = (h, e)
        return self._known

    def _write(self, kind: str, rows: list[dict]) -> None:
        name = os.path.join(self.folder, f"{kind}-{self.run}-{self.n:06d}.parquet")
        self.n += 1
        tmp = name + ".tmp"
        self.pq.write_table(self.pa.Table.from_pylist(rows), tmp)
        os.replace(tmp, name)

    def add(self, records) -> dict[str, int]:
        counts = {"added": 0, "updated": 0, "unchanged": 0}
        known = self.known()
        rows = []
        for rec in records:
            if "text" not in rec:
                raise ValueError(f"record {rec.get('id')!r} has no text: analyse with with_text=True")
            prev = known.get(rec["id"])
            if prev == (rec["content_hash"], rec["extractor"]):
                counts["unchanged"] += 1
                continue
            counts["updated" if prev else "added"] += 1
            known[rec["id"]] = (rec["content_hash"], rec["extractor"])
            row = {k: rec.get(k) for k in COLUMNS}
            row["text"] = rec["text"]
            row["record"] = json.dumps({k: v for k, v in rec.items() if k != "text"}, ensure_ascii=False)
            rows.append(row)
        if rows:
            self._write("records", rows)
        return counts

    def add_errors(self, errors) -> None:
        at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        rows = [{"origin": o, "reason": r, "at": at} for o, r in errors]
        if rows:
            self._write("errors", rows)

    def close(self) -> None:
        pass


def read_records(folder: str) -> list[dict]:
    """Every record in a Parquet folder written by ParquetSink, text included (latest wins per id)."""
    pa, pq = _pyarrow()
    out: dict[str, dict] = {}
    for f in sorted(glob.glob(os.path.join(folder, "records-*.parquet"))):
        t = pq.read_table(f, columns=["id", "text", "record"]).to_pydict()
        for i, text, rec in zip(t["id"], t["text"], t["record"]):
            r = json.loads(rec)
            r["text"] = text
            out[i] = r
    return list(out.values())
