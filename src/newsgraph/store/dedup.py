"""Near-duplicate articles (wire copies, republished stories) by MinHash over word shingles.

A signature of NUM_PERM minimum hashes of the article's word 5-grams is cut into BANDS bands; two
articles that share a band are candidates, and a candidate whose estimated Jaccard similarity is at
least THRESHOLD is a near-duplicate. With 16 bands of 4 rows, pairs at 0.8 similarity become
candidates with probability 1 - (1 - 0.8**4)**16 > 0.999, pairs at 0.3 with about 0.12.
"""
from __future__ import annotations

import re
import zlib

import numpy as np

NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
THRESHOLD = 0.8
SHINGLE = 5
_PRIME = (1 << 61) - 1
_rng = np.random.RandomState(20251217)  # fixed: signatures must be stable across runs and machines
_A = _rng.randint(1, 1 << 31, size=NUM_PERM, dtype=np.int64).astype(np.uint64)
_B = _rng.randint(0, 1 << 31, size=NUM_PERM, dtype=np.int64).astype(np.uint64)
_WORD = re.compile(r"\w+")


def signature(text: str) -> np.ndarray | None:
    """The MinHash signature (uint32[NUM_PERM]) of a text, or None when it is too short to compare."""
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE * 4:
        return None
    sh = np.fromiter((zlib.crc32(" ".join(words[i:i + SHINGLE]).encode()) for i in range(len(words) - SHINGLE + 1)),
                     dtype=np.uint64)
    sh = np.unique(sh)
    # (a*x + b) mod p, truncated to 32 bits: a universal hash family per permutation
    h = (np.outer(sh, _A) + _B) % _PRIME
    return (h.min(axis=0) & 0xFFFFFFFF).astype(np.uint32)


def band_keys(sig: np.ndarray) -> list[tuple[int, str]]:
    return [(b, sig[b * ROWS:(b + 1) * ROWS].tobytes().hex()) for b in range(BANDS)]


def to_text(sig: np.ndarray) -> str:
    return sig.tobytes().hex()


def from_text(s: str) -> np.ndarray:
    return np.frombuffer(bytes.fromhex(s), dtype=np.uint32)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(a == b))
