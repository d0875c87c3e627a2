"""The national-counterpart links as an SSSOM mapping set: TSV with its YAML metadata header
(https://mapping-commons.github.io/sssom/), written by the build beside the dumps.

Every link of the graph is a row, with the predicate the graph uses (skos:exactMatch, closeMatch,
broadMatch, relatedMatch), its justification (semapv:LexicalMatching for the linker's,
semapv:ManualMappingCuration for a reviewer's), its confidence (the score), the rule that makes it
implement its national section (curation_rule: pl:bestCounterpart, pl:restatement, …) and the
evidence sentence as comment. As Biomappings keeps its negative and unsure curations beside the
positive ones, the set also holds, each marked in the extension slot `planlink_status`:
candidates (links the build does not assert, and the best sections below the linker's threshold),
links a reviewer rejected (predicate_modifier Not), the items a reviewer found no counterpart for
(object sssom:NoTermFound), and rows marked unsure.

The file is written with csv and PyYAML: sssom-py (which checks it in the test suite) would bring
linkml and some eighty packages into the build for what is a TSV with a header.
"""

from __future__ import annotations

import csv
import importlib.metadata
import io
import re

import yaml

from planlink.scripts.link.curated import ORCID
from planlink.scripts.link.linkage import TOOL
from planlink.scripts.publish import MAPPING_SET
from planlink.scripts.vocab import BASE, PL, entity_iri

PREDICATES = {"exact": "skos:exactMatch", "close": "skos:closeMatch", "broader": "skos:broadMatch",
              "related": "skos:relatedMatch"}
RULES = {"best": "pl:bestCounterpart", "curated": "pl:curatedCounterpart", "further": "pl:furtherLink",
         "restates": "pl:restatement", "siblings": "pl:siblingMatch"}
LEXICAL, MANUAL = "semapv:LexicalMatching", "semapv:ManualMappingCuration"
MEASURE = "character bigram TF-IDF cosine (scripts/similarity.py)"
STATUSES = {
    "asserted": "a link the graph asserts (the direct SKOS triple is in the graph)",
    "candidate": "a candidate the build does not assert: a further link below the stated score, or one of an "
                 "item's best national sections that the linker did not keep",
    "rejected": "a link a reviewer rejected (predicate_modifier Not)",
    "no_counterpart": "a reviewer found no national counterpart for the item (object sssom:NoTermFound)",
    "unsure": "a reviewer marked the link unsure; it changes no link",
}
COLUMNS = ["subject_id", "subject_label", "predicate_id", "predicate_modifier", "object_id", "object_label",
           "mapping_justification", "confidence", "similarity_score", "similarity_measure", "curation_rule",
           "author_id", "author_label", "mapping_date", "mapping_tool", "comment", "planlink_status", "planlink_rank"]


def curie(entity_id: str | None) -> str:
    """planlink:plan/shanghai/section/3.1.1 for shanghai-s3.1.1 (sssom:NoTermFound for no entity)."""
    return "planlink:" + str(entity_iri(entity_id))[len(BASE):] if entity_id else "sssom:NoTermFound"


def mapping_rows(result) -> list[dict]:
    """Every row of the set, subject by subject in document order: its links best first, then its
    candidates, rejections and unsure rows."""
    rows = []
    national = result.national
    no_counterpart = {sid for sid, found in result.rejected.items() if any(r["object"] is None for r in found)}
    for sid, u in result.subjects.items():
        seen = set()
        for link in result.links.get(sid, []):
            seen.add(link["object"])
            curated = link["method"] == "curated"
            status = "candidate" if link["candidate"] else "asserted"
            rows.append(_row(u, national[link["object"]], link["relation"], status, MANUAL if curated else LEXICAL,
                             confidence=link["score"], similarity=link.get("auto_score", link["score"]),
                             rank=link["rank"], rule=RULES.get(link.get("basis")), comment=_comment(link, status),
                             who=link if curated else {}))
        for r in result.rejected.get(sid, []):
            if r["object"] is None:
                rows.append(_row(u, None, "related", "no_counterpart", MANUAL, comment=_comment(r, "no_counterpart"),
                                 who=r))
            else:
                seen.add(r["object"])
                rows.append(_row(u, national[r["object"]], r["relation"], "rejected", MANUAL, negated=True,
                                 similarity=r["score"], comment=_comment(r, "rejected"), who=r))
        for c in result.candidates.get(sid, []):
            if c["object"] not in seen and sid not in no_counterpart:
                rows.append(_row(u, national[c["object"]], "related", "candidate", LEXICAL, confidence=c["score"],
                                 similarity=c["score"], comment=_comment(c, "candidate")))
        for r in result.review:
            if r["subject_id"] == sid and r["decision"] == "unsure" and r["object_id"] in national:
                who = {"reviewer": r.get("reviewer"), "date": r.get("date"), "note": r.get("note")}
                rows.append(_row(u, national[r["object_id"]], r.get("relation") or "related", "unsure", MANUAL,
                                 comment=_comment(who, "unsure"), who=who))
    return rows


def _comment(link: dict, status: str = "asserted") -> str:
    """The evidence sentence; a reviewer's reason first; what is not asserted says so first, for
    readers that drop the planlink_status column (sssom-py does)."""
    evidence = f"evidence: {link['evidence']}" if link.get("evidence") else ""
    reason = f"reason: {link['note']}" if link.get("note") else ""
    marked = "" if status == "asserted" else f"{status.replace('_', ' ')}, not asserted"
    return "; ".join(x for x in (marked, reason, evidence) if x)


def _row(u, n, relation: str, status: str, justification: str, *, negated: bool = False, confidence=None,
         similarity=None, rank=None, rule=None, comment=None, who: dict | None = None) -> dict:
    who = who or {}
    reviewer = who.get("reviewer") or ""
    orcid = ORCID.match(reviewer)
    return {"subject_id": curie(u.id), "subject_label": u.title, "predicate_id": PREDICATES[relation],
            "predicate_modifier": "Not" if negated else "", "object_id": curie(n.id if n else None),
            "object_label": n.title if n else "", "mapping_justification": justification,
            "confidence": _number(confidence), "similarity_score": _number(similarity),
            "similarity_measure": MEASURE if similarity is not None else "", "curation_rule": rule or "",
            "author_id": f"orcid:{reviewer}" if orcid else "",
            "author_label": reviewer if reviewer and not orcid else "",
            "mapping_date": who.get("date") or "", "mapping_tool": TOOL if justification == LEXICAL else "",
            "comment": _one_line(comment), "planlink_status": status, "planlink_rank": rank or ""}


def _number(value) -> str:
    return "" if value is None else f"{float(value):.4f}".rstrip("0").rstrip(".")


def _one_line(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def mapping_set(rows: list[dict], base: str, version: str, licence: str, publisher: str) -> bytes:
    """The SSSOM/TSV file of the rows, its identifier under `base`, its version the build's stamp."""
    return sssom_tsv(metadata(base, version, licence, publisher, _tool_version()), rows)


def _tool_version() -> str:
    try:
        return importlib.metadata.version("planlink")
    except importlib.metadata.PackageNotFoundError:  # a checkout never installed
        return "unknown"


def metadata(base: str, version: str, licence: str, publisher: str, tool_version: str) -> dict:
    """The mapping set's YAML header."""
    return {
        "curie_map": {"planlink": base, "pl": str(PL), "orcid": "https://orcid.org/",
                      "skos": "http://www.w3.org/2004/02/skos/core#", "semapv": "https://w3id.org/semapv/vocab/"},
        "mapping_set_id": f"{base}dumps/{MAPPING_SET}",
        "mapping_set_version": version,
        "mapping_set_title": "planlink: national counterparts of the provincial community-service plans",
        "mapping_set_description": "Every provincial chapter, section, task, indicator target, 专栏 project and "
                                   "item of the 14th Five-Year community-service plans mapped to the national "
                                   "plan's chapters and sections, with candidates, rejections and doubts.",
        "license": licence,
        "creator_label": [publisher],
        "mapping_tool_version": tool_version,  # the tool itself is named on the rows it made
        "object_source": "planlink:plan/national",
        "comment": "planlink_status: " + "; ".join(f"{k}: {v}" for k, v in STATUSES.items()),
        "extension_definitions": [
            {"slot_name": "planlink_status", "property": "pl:mappingStatus", "type_hint": "xsd:string"},
            {"slot_name": "planlink_rank", "property": "pl:rank", "type_hint": "xsd:integer"}],
    }


def sssom_tsv(meta: dict, rows: list[dict]) -> bytes:
    """The mapping set as SSSOM/TSV: the YAML header as # lines, then the table (columns with no
    value in any row left out)."""
    used = [c for c in COLUMNS if any(row.get(c) not in ("", None) for row in rows)]
    header = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    out = io.StringIO()
    out.write("".join(f"#{line}\n" for line in header.splitlines()))
    writer = csv.DictWriter(out, fieldnames=used, delimiter="\t", lineterminator="\n", extrasaction="ignore",
                            quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")
