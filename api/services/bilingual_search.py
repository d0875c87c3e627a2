"""Search as people ask it, in Chinese or English (the /search page): the phrase itself in every
title, text, label and definition (both languages: api/services/lookup.search); for English words,
also the plans' Chinese for them; and when nothing holds the whole phrase, the entities that hold
every word of it.

The Chinese for English words comes from the graph's own bilingual names (each entity's Chinese
title and English label): of the entities whose English names hold the words, the Chinese string
their Chinese names share most specifically (Dice's coefficient of the two sets of entities, as
word alignment over a parallel corpus). "community workers" → 社区工作者. A string found in fewer
than two of them, or with a Dice under 0.5, is no translation: then only the English matches."""

from __future__ import annotations

import re
import unicodedata

from planlink.api.services.common import QUERIES
from planlink.api.services.lookup import _search_index, search as phrase_search
from planlink.api.store import memoised

NAME_PRIORITIES = {1, 2, 5}  # search.rq: dcterms:title, skos:prefLabel, rdfs:label (not texts, definitions)
CHINESE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")
LONGEST_TERM = 12  # characters: the Chinese candidates are a name's substrings of 2..12 characters
MIN_SUPPORT, MIN_DICE = 2, 0.5


def search(store, q: str) -> dict:
    """{"hits": [search hit…], "translations": [{"en", "zh"}], "words": [word…] or None}: the hits
    for the phrase and its Chinese, or else (`words`) those for every word of it."""
    q = unicodedata.normalize("NFKC", q).strip()
    hits, translations = _with_chinese(store, q)
    if hits:
        return {"hits": hits, "translations": translations, "words": None}
    words = search_terms(store, q)
    if len(words) < 2:
        return {"hits": [], "translations": [], "words": None}
    found, translations = None, []
    for word in words:
        word_hits, word_translations = _with_chinese(store, word)
        translations += word_translations
        iris = {hit["iri"] for hit in word_hits}
        found = word_hits if found is None else [hit for hit in found if hit["iri"] in iris]
    return {"hits": found, "translations": translations, "words": words}


def _with_chinese(store, q: str) -> tuple[list[dict], list[dict]]:
    hits = phrase_search(store, q)
    chinese = chinese_for(store, q)
    if chinese is None:
        return hits, []
    seen = {hit["iri"] for hit in hits}
    more = [hit for hit in phrase_search(store, chinese) if hit["iri"] not in seen]
    return hits + more, [{"en": q, "zh": chinese}]


def search_terms(store, q: str) -> list[str]:
    """The words of a query: split on spaces and punctuation (full- or half-width); a run of Chinese
    characters is cut by forward maximum matching against the texts themselves (the longest prefix
    some text contains is a word, then the rest), so 社区工作者培训 becomes 社区工作者 · 培训."""
    words = [w for w in re.split(r"[\s,.;:!?，。；：！？、（）()《》“”\"']+", q) if w]
    terms: list[str] = []
    for word in words:
        if len(word) <= 2 or len(word) > 30 or not all("\u4e00" <= ch <= "\u9fff" for ch in word):
            terms.append(word)
            continue
        rest = word
        while rest:
            cut = next((n for n in range(len(rest), 1, -1) if phrase_search(store, rest[:n])), 1)
            terms.append(rest[:cut])
            rest = rest[cut:]
    return list(dict.fromkeys(terms))


# ---------------------------------------------------------------- English words → the plans' Chinese

def english_words(text: str) -> tuple[str, ...]:
    """Lowercased words, a plural's s dropped (workers → worker), so labels and queries meet."""
    return tuple(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
                 for w in re.findall(r"[a-z0-9]+", text.lower()))


def chinese_for(store, q: str) -> str | None:
    """The plans' Chinese for the English words `q`, learnt from the graph's bilingual names; None
    when `q` is not English or no Chinese string stands for it clearly enough."""
    words = english_words(q)
    if not words or CHINESE.search(q):
        return None
    return memoised(store, ("search-chinese-for", words), lambda: _align(_names(store), words))


def _names(store) -> dict:
    """The build's bilingual names, read once per build: {"en": [(entity, words)], "zh": {entity: [name]},
    "grams": {Chinese substring: {entity…}}}."""
    def read():
        index = _search_index(store)
        rows = index.every_row() if index is not None else store.select(QUERIES["search"])
        english, chinese = [], {}
        for row in rows:
            if row["priority"] not in NAME_PRIORITIES or row["match"] is None:
                continue
            text = str(row["match"])
            if row["lang"] == "en":
                english.append((row["entity"], english_words(text)))
            elif CHINESE.search(text):
                chinese.setdefault(row["entity"], set()).add(text)
        grams: dict[str, set] = {}
        for entity, names in chinese.items():
            for text in names:
                for size in range(2, min(LONGEST_TERM, len(text)) + 1):
                    for start in range(len(text) - size + 1):
                        grams.setdefault(text[start:start + size], set()).add(entity)
        return {"en": english, "zh": chinese, "grams": grams}
    return memoised(store, ("search-bilingual-names",), read)


def _align(names: dict, words: tuple[str, ...]) -> str | None:
    n = len(words)
    holding = {entity for entity, label in names["en"]
               if any(label[i:i + n] == words for i in range(len(label) - n + 1)) and entity in names["zh"]}
    if len(holding) < MIN_SUPPORT:
        return None
    support: dict[str, int] = {}
    for entity in holding:
        seen = set()
        for text in names["zh"][entity]:
            for size in range(2, min(LONGEST_TERM, len(text)) + 1):
                for start in range(len(text) - size + 1):
                    seen.add(text[start:start + size])
        for gram in seen:
            support[gram] = support.get(gram, 0) + 1
    best, best_key = None, None
    for gram, shared in support.items():
        if shared < MIN_SUPPORT or not CHINESE.search(gram):
            continue
        dice = 2 * shared / (len(holding) + len(names["grams"][gram]))
        key = (dice, len(gram))
        if dice >= MIN_DICE and (best_key is None or key > best_key):
            best, best_key = gram, key
    return best
