"""Fuzz suite helpers: a seeded hypothesis profile, the invariants every reader result must meet, and a
count of generated inputs reported at the end of the run.

Every example is reproducible (``derandomize=True``: the seed is a hash of the test). Set
``NEWSGRAPH_FUZZ_SCALE=10`` for a ten times longer run (the CI run uses 1).
"""
from __future__ import annotations

import logging
import os

from hypothesis import HealthCheck, settings

from newsgraph.errors import InputError
from newsgraph.model import Article

# trafilatura logs an ERROR for every broken page; thousands of captured records only slow the run
for _name in ("trafilatura", "htmldate", "courlan", "justext", "warcio", "charset_normalizer"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

SCALE = float(os.environ.get("NEWSGRAPH_FUZZ_SCALE", "1") or 1)
COUNT = {"inputs": 0, "pipeline": 0}


def fuzz_settings(n: int) -> settings:
    return settings(max_examples=max(1, int(n * SCALE)), derandomize=True, database=None, deadline=None,
                    suppress_health_check=list(HealthCheck), print_blob=True)


def check_error(err: InputError, origin: str) -> None:
    """A clear error: one line, naming the input, with a reason that is not a wrapped crash."""
    assert isinstance(err, InputError), repr(err)
    msg = str(err)
    assert "\n" not in msg and "\r" not in msg, msg
    assert err.origin.startswith(origin.split("#")[0][:40]) or origin in err.origin, (err.origin, origin)
    assert err.reason.strip(), msg
    # read_bytes turns an unexpected exception inside a reader into "could not be read (Type: ...)":
    # that is a crash found, not a clear error
    assert not err.reason.startswith("could not be read ("), f"unhandled exception in a reader: {msg}"


def read_all(data: bytes, origin: str = "fuzz.bin", **kw) -> list:
    """Read ``data`` and check every result; returns the items (InputError raised counts as one item)."""
    from newsgraph.ingest import read_bytes

    COUNT["inputs"] += 1
    out: list = []
    try:
        for it in read_bytes(data, origin=origin, **kw):
            out.append(it)
    except InputError as exc:
        check_error(exc, origin)
        out.append(exc)
        return out
    for it in out:
        if isinstance(it, InputError):
            check_error(it, origin)
        else:
            assert isinstance(it, Article), type(it)
            assert isinstance(it.text, str) and it.text.strip(), it
            assert isinstance(it.id, str) and it.id, it
    return out


