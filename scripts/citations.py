"""What a plan cites: every law, regulation, standard, certificate or plan named in 《》 anywhere in
the text, with the sections that cite it; and the plan's own other printed titles (the issuing
notice's 《…》 or 关于印发…的通知 form) as alternative titles, not citations."""

from __future__ import annotations

import re
import unicodedata

CITED = re.compile(r"《([^《》\n]{4,80})》")
NOTICE = re.compile(r"关于印发(.+?)的通知")


def same_title(a: str, b: str) -> bool:
    """Titles printed two ways: width, spaces, quotes and 的 do not count."""
    key = lambda t: re.sub(r"[\s“”\"的《》]", "", unicodedata.normalize("NFKC", t))  # noqa: E731
    return key(a) == key(b)


def citations(text: str, title: str, places: list[tuple[int, int, str]]) -> tuple[list[dict], list[str]]:
    """([{title, sections}], alternative titles) from the clean text; places are (start, end, entity
    id) of the sections, 专栏 and items; a citation outside them (the notice, the preamble) is the plan's."""
    found: dict[str, dict] = {}
    alternatives: list[str] = []
    for m in CITED.finditer(text):
        name = m.group(1)
        if same_title(name, title):
            if name != title and name not in alternatives:
                alternatives.append(name)
            continue
        entry = found.setdefault(name, {"title": name, "sections": []})
        where = max((p for p in places if p[0] <= m.start() < p[1]), default=None, key=lambda p: p[0])
        if where and where[2] not in entry["sections"]:
            entry["sections"].append(where[2])
    for m in NOTICE.finditer(text[:places[0][0]] if places else text):
        name = re.sub(r"\s+", "", m.group(1).strip("《》"))
        if same_title(name, title) and name != title and name not in alternatives \
                and not any(same_title(name, a) and name == a for a in alternatives):
            alternatives.append(name)
    return list(found.values()), alternatives
