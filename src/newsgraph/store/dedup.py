"""Near-duplicate articles (wire copies, republished stories) by MinHash over word shingles.

A signature of NUM_PERM minimum hashes of the article's word 5-grams is cut into BANDS bands; two
articles that share a band are candidates, and a candidate whose estimated Jaccard similarity is at
least THRESHOLD is a near-duplicate. With 16 bands of 4 rows, pairs at 0.8 similarity become
candidates with probability 1 - (1 - 0.8**4)**16 > 0.999, pairs at 0.3 with about 0.12.
"""
from __future__ import annotations

import itertools
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


def shingle_hashes(words: list[str]) -> list[int]:
    """CRC-32 of each word 5-gram's UTF-8 bytes, words joined by single spaces. Computed as slices of one
    joined byte string, so each 5-gram is not joined and encoded on its own (same values)."""
    joined = " ".join(words)
    data = joined.encode()
    lens = map(len, words) if len(data) == len(joined) else (len(w.encode()) for w in words)
    starts = list(itertools.accumulate((n + 1 for n in lens), initial=0))  # byte offset of each word (+ end)
    crc = zlib.crc32
    return [crc(data[s:e - 1]) for s, e in zip(starts[:len(words) - SHINGLE + 1], starts[SHINGLE:])]


_P = np.uint64(_PRIME)
_LOW32 = np.uint64(0xFFFFFFFF)
_SHIFT = np.uint64(61)


def signature(text: str) -> np.ndarray | None:
    """The MinHash signature (uint32[NUM_PERM]) of a text, or None when it is too short to compare."""
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE * 4:
        return None
    sh = np.array(shingle_hashes(words), dtype=np.uint64)
    # (a*x + b) mod p, truncated to 32 bits: a universal hash family per permutation. x < 2**32 and
    # a, b < 2**31, so a*x + b fits in 64 bits; p = 2**61 - 1, so h mod p = (h & p) + (h >> 61), less p
    # once when that reaches p. The minimum over the shingles is the same with or without repeats.
    h = np.outer(sh, _A)
    h += _B
    h = (h & _P) + (h >> _SHIFT)
    h[h >= _P] -= _P
    return (h.min(axis=0) & _LOW32).astype(np.uint32)


def band_keys(sig: np.ndarray) -> list[tuple[int, str]]:
    return [(b, sig[b * ROWS:(b + 1) * ROWS].tobytes().hex()) for b in range(BANDS)]


def to_text(sig: np.ndarray) -> str:
    return sig.tobytes().hex()


def from_text(s: str) -> np.ndarray:
    return np.frombuffer(bytes.fromhex(s), dtype=np.uint32)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(a == b))
