"""The build's linking stage with its cache: what one plan's links depend on alone is kept per plan,
the rest worked out again on every build.

A provincial entity's links (all but an indicator's) depend on its own plan, the national plan,
the reviewed crosswalk and the link parameters, so they are kept under a hash of those (a new
national plan or curated.csv gives every plan a new key). So is each indicator's own prose
(linker.indicator_prose). Pooling indicators by measure, the indicators' links, measures, peers and
comparisons read every plan: linkage() works them out each time. Each plan's link triples are then
kept under the hash of the part they are made from (rdf.link_parts), so a plan whose links, peers
and comparisons did not change is not written again either.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from planlink.scripts.cache import BuildCache, code_fingerprint, content_key
from planlink.scripts.link.curated import CURATED_CSV
from planlink.scripts.link.linkage import linkage, national_plan
from planlink.scripts.link.linker import DEFAULTS
from planlink.scripts.link.rdf import add_part, add_shared, link_parts, new_graph
from planlink.scripts.link.sssom import mapping_rows
from planlink.scripts.ntriples import lines_of, split_lines


class PlanLinks:
    """linkage()'s memo: one plan's own links and indicator prose, in the build cache."""

    def __init__(self, cache: BuildCache, keys: dict[str, str], national_key: str, params=DEFAULTS,
                 curated_csv: Path = CURATED_CSV):
        curated = hashlib.sha256(curated_csv.read_bytes()).hexdigest() if curated_csv.exists() else "-"
        self.cache = cache
        self.keys = {plan_id: content_key(code_fingerprint(), b"links", key, national_key, repr(params), curated)
                     for plan_id, key in keys.items()}
        self.built: list[str] = []
        self.cached: list[str] = []

    def load(self, plan_id: str) -> dict | None:
        payload = self.cache.get("links", self.keys[plan_id])
        part = _json(payload)
        if not (isinstance(part, dict) and all(isinstance(part.get(k), dict)
                                                    for k in ("prose", "links", "reasons", "candidates", "closest",
                                                              "rejected"))):
            self.built.append(plan_id)
            return None
        self.cached.append(plan_id)
        return part

    def save(self, plan_id: str, part: dict) -> None:
        self.cache.put("links", self.keys[plan_id], json.dumps(part, ensure_ascii=False).encode())


def link_lines(extractions: dict, keys: dict[str, str], cache: BuildCache, curated: Path | None = None) \
        -> tuple[list[bytes], dict, list[dict]]:
    """The link triples of the plans as N-Triples lines, what came from the cache ({"plans":
    {"built", "cached"}: whose own links were worked out or kept, "triples": {…}: which parts' link
    triples (rdf.link_parts) were written or kept}), and the rows of the SSSOM mapping set
    (sssom.mapping_rows). keys: plan id → the key of its source; curated: the reviewed crosswalk
    (default graph_data/links/curated.csv)."""
    curated = Path(curated) if curated is not None else CURATED_CSV
    national = national_plan(extractions)
    memo = None
    if national is not None:
        memo = PlanLinks(cache, keys, keys[national["plan"]["id"]], curated_csv=curated)
    result = linkage(extractions, curated, memo=memo)
    lines: list[bytes] = []
    triples = {"built": [], "cached": []}
    for name, part in sorted(link_parts(result).items()):
        key = content_key(code_fingerprint(), b"link-triples", json.dumps(part, sort_keys=True, ensure_ascii=False))
        payload = cache.get("link-triples", key)
        if payload is not None:
            lines += split_lines(payload)
            triples["cached"].append(name)
            continue
        g = new_graph()
        add_part(g, part)
        part_lines = lines_of(g)
        cache.put("link-triples", key, b"".join(part_lines))
        lines += part_lines
        triples["built"].append(name)
    shared = new_graph()
    add_shared(shared, result)
    lines += lines_of(shared)
    plans = {"built": sorted(memo.built), "cached": sorted(memo.cached)} if memo else {"built": [], "cached": []}
    return lines, {"plans": plans, "triples": triples}, mapping_rows(result)


def _json(payload: bytes | None):
    if payload is None:
        return None
    try:
        return json.loads(payload)
    except ValueError:
        return None
