"""What a rendering of a plan must give as its reference gives it: the extraction's facts, set apart
from what depends on the form (character offsets, line breaks inside a paragraph) and from the
metadata a rendering does not print (tests/parser/wild/README.md, last column).

`facts(extraction)` is the comparable part of an extraction; `differences(a, b)` lists, by field,
where two of them differ.
"""

from __future__ import annotations

import re
from pathlib import Path

WILD = Path(__file__).resolve().parent / "wild"
# The metadata each rendering does not print, or prints beyond its reference (the README's last column).
# "notice": the issuing notice, whose title names the plan and whose text cites documents.
UNPRINTED = {
    "national_portal": {"doc_number", "not_stated", "published", "figures", "notice"},
    "national_pdf": {"figures"},
    "national_word": {"figures"},
    "shanghai_portal": {"issuers", "issued", "published", "issuer_inferred", "not_stated", "notice"},
    "jiangsu_portal": set(),
}
DOCUMENT = ("doc_number", "issuers", "issued", "published", "issuer_inferred", "not_stated")


def wild_renderings() -> list[str]:
    """The renderings in tests/parser/wild, as `<plan>_<form>` names."""
    return sorted(p.stem for p in WILD.glob("*.txt"))


def flat(text: str | None) -> str | None:
    """Text without white space: line breaks and indents are the form's, not the plan's."""
    return None if text is None else re.sub(r"\s+", "", text)


def facts(x: dict, unprinted: set[str] = frozenset()) -> dict:
    """The facts of an extraction that every rendering of its plan must give alike."""
    plan = x["plan"]
    out = {
        "plan": {k: plan.get(k) for k in ("id", "level", "region", "region_code")},
        "document": {k: plan.get(k) for k in DOCUMENT if k not in unprinted},
        "titles": sorted({plan["title"], *plan.get("alternative_titles", [])}) if "notice" not in unprinted else None,
        "cites": [c for c in plan["cites"]] if "notice" not in unprinted else None,
        "based_on": plan.get("based_on"),
        "sections": [(s["id"], s["number"], s["title"], s["level"], s["parent"], flat(s["text"])) for s in x["sections"]],
        "indicators": [{k: v for k, v in i.items() if k != "source"} for i in x["indicators"]],
        "projects": [(p["id"], p["number"], p["title"], p["section"], flat(p["text"]),
                      [(i["id"], i["title"], flat(i["text"])) for i in p["items"]]) for p in x["projects"]],
        "figures": [(f["id"], f["url"], f["section"]) for f in x["figures"]] if "figures" not in unprinted else None,
        "commitments": [{k: (flat(v) if k == "text" else v) for k, v in c.items() if k not in ("source", "clause")}
                        | {"clause": flat(c["clause"]["text"])} for c in x["commitments"]],
        "status": [{k: (flat(v) if k == "text" else v) for k, v in o.items() if k not in ("source", "clause")}
                   | {"clause": flat(o["clause"]["text"])} for o in x.get("status", [])],
        "glossary": [(t["id"], t["term"], flat(t["definition"])) for t in x["glossary"]],
        "departments": sorted((d["id"], d["name"], tuple(d.get("leads", [])), tuple(d.get("mentioned_in", [])))
                              for d in x["departments"]),
        "assignments": sorted(tuple(sorted((k, str(v)) for k, v in a.items() if k != "source")) for a in x["assignments"]),
        "places": sorted((p["id"], p["name"], p["kind"], p.get("parent"), p.get("named_in"), tuple(p["mentioned_in"]))
                         for p in x["places"]),
    }
    if "notice" in unprinted:  # the plan's own title is printed; the notice's forms of it are not
        out["titles"] = None
    return out


def differences(reference: dict, rendering: dict, limit: int = 3) -> dict:
    """{field: [first differing items]} between two facts() dicts; empty when they agree."""
    out = {}
    for key in reference:
        a, b = reference[key], rendering[key]
        if a == b:
            continue
        if isinstance(a, list) and isinstance(b, list):
            missing = [item for item in a if item not in b][:limit]
            extra = [item for item in b if item not in a][:limit]
            out[key] = {"count": (len(a), len(b)), "missing": missing, "extra": extra}
        else:
            out[key] = {"reference": a, "rendering": b}
    return out
