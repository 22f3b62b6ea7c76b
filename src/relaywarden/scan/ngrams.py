"""Character n-grams of a message's normalised words: the classifier's second stage reads them.

The words are those of the first stage (features.text_terms: URLs, addresses, digits, brands
and the corpus's list names already normalised), joined by spaces, so the n-grams see the same
text, cut finer: misspellings, inflections and glued words ("acc0unt", "verifyaccount") share
most of their 3-5-grams with the words they imitate. Hashing is FNV-1a over the bytes of every
window, vectorised in numpy: training and the relay compute the same columns, with no
per-n-gram Python call.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from relaywarden.scan.features import TextTerms, _counted

NGRAM_BITS = 18
NGRAM_SIZES = (3, 4, 5)
NGRAM_CHARS = 6_000
"""Characters of the joined words looked at (the first stage keeps at most 600 words)."""
_FNV_OFFSET = np.uint64(0xCBF29CE484222325)
_FNV_PRIME = np.uint64(0x100000001B3)
_SUBJECT_SEED = 7
"""Subject n-grams are hashed apart from the body's, as the first stage hashes subject words apart."""


def ngram_columns(text: str, bits: int = NGRAM_BITS, seed: int = 0) -> npt.NDArray[np.int64]:
    """The hashed column of every 3-, 4- and 5-byte window of ' text ' (UTF-8), with repeats."""
    data = (" " + text[:NGRAM_CHARS] + " ").encode("utf-8", "surrogatepass")
    b = np.frombuffer(data, dtype=np.uint8).astype(np.uint64)
    out: list[npt.NDArray[np.uint64]] = []
    for n in NGRAM_SIZES:
        if len(b) < n:
            continue
        count = len(b) - n + 1
        h = np.full(count, _FNV_OFFSET ^ np.uint64(n + seed), dtype=np.uint64)
        for k in range(n):
            # the k-th byte of every window is b[k:k + count]; in place, the same arithmetic
            # (modulo 2**64) without two new arrays a step
            h ^= b[k:k + count]
            h *= _FNV_PRIME
        h ^= h >> np.uint64(29)
        h &= np.uint64((1 << bits) - 1)
        out.append(h)
    return np.concatenate(out).astype(np.int64) if out else np.zeros(0, dtype=np.int64)


def ngram_vector(terms: TextTerms, bits: int = NGRAM_BITS) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """(columns, values): 1 + log(count) of the hashed n-grams, scaled to unit length, like the
    first stage's words, so that long mail does not dominate."""
    cols = np.concatenate((ngram_columns(" ".join(terms.subject), bits, _SUBJECT_SEED),
                           ngram_columns(" ".join(terms.body), bits)))
    uniq, counts = _counted(cols)  # np.unique(cols, return_counts=True), without its Python layers
    values = np.log1p(counts.astype(np.float64))
    if len(values):
        values /= math.sqrt(float(values @ values))
    return uniq, values


__all__ = ["NGRAM_BITS", "NGRAM_CHARS", "NGRAM_SIZES", "ngram_columns", "ngram_vector"]
