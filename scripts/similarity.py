"""Chinese text similarity for the linker: character n-grams, TF-IDF weights, cosine.

Plans of this family copy each other's phrasing, so shared character bigrams are strong,
explainable evidence; no word segmenter is needed and no model is downloaded. Plain
Python dicts (sparse vectors) are fast enough for a few hundred short texts.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter

# Anything that is not a CJK character, letter or digit separates n-grams.
SEPARATOR = re.compile(r"[^\u4e00-\u9fff0-9A-Za-z+]+")

Vector = dict[str, float]


def clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "")


def ngrams(text: str) -> Counter:
    """Character unigrams and bigrams of each run of text between punctuation."""
    grams: Counter = Counter()
    for run in SEPARATOR.split(clean(text)):
        if not run:
            continue
        grams.update(run)
        grams.update(run[i:i + 2] for i in range(len(run) - 1))
    return grams


class Vectoriser:
    """TF-IDF over a fixed collection; idf is learnt once, any text can then be embedded."""

    def __init__(self, documents: list[str]):
        df: Counter = Counter()
        for doc in documents:
            df.update(set(ngrams(doc)))
        n = len(documents)
        self.idf = {g: math.log((1 + n) / (1 + c)) + 1.0 for g, c in df.items()}
        self.unseen = math.log(1 + n) + 1.0  # a gram the national text never uses
        self.cache: dict[str, Vector] = {}

    def vector(self, text: str) -> Vector:
        if text in self.cache:
            return self.cache[text]
        v = {g: (1.0 + math.log(c)) * self.idf.get(g, self.unseen) for g, c in ngrams(text).items()}
        norm = math.sqrt(sum(w * w for w in v.values())) or 1.0
        v = {g: w / norm for g, w in v.items()}
        self.cache[text] = v
        return v


def cosine(a: Vector, b: Vector) -> float:
    return sum(a[g] * b[g] for g in a.keys() & b.keys())  # the key intersection runs in C


def shared_terms(a: str, b: str, vector, k: int = 5) -> list[str]:
    """The bigrams that weigh most in the match of a and b (the 'why' of a score); vector: text → Vector."""
    va, vb = vector(a), vector(b)
    common = [(va[g] * vb[g], g) for g in va.keys() & vb.keys() if len(g) == 2]
    return [g for _, g in sorted(common, reverse=True)[:k]]
