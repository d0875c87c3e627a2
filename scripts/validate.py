"""SHACL validation of the planlink graph against ontology/shapes.ttl, with a readable report.

The build validates part by part (`validate_parts`), keeping each part's result under the hash of
the data it was checked on. Every shape here checks a focus node through its own triples (paths of
one predicate) and the rdf:type of the nodes they point to (sh:class); so a part's triples (every
triple about its subjects: scripts/ntriples.py) with the types of the nodes they name give each of
its subjects exactly the verdict the whole graph gives it. `check_shapes_are_local` refuses shapes
for which that would not hold, rather than let them pass unchecked.
"""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef

from planlink.scripts import ntriples, shacl_check
from planlink.scripts.shacl_check import SHAPES, shapes_graph  # noqa: F401 (where they were)
from planlink.scripts.cache import BuildCache, code_fingerprint, content_key
from planlink.scripts.vocab import BASE, PREFIXES

SH = Namespace("http://www.w3.org/ns/shacl#")
MAX_LINES = 25
BATCH_LINES = 150_000  # parts validated together, a bounded rdflib graph at a time
# What a shape may use for part-by-part validation to equal whole-graph validation (see above).
LOCAL_PARAMETERS = {SH[n] for n in (
    "path", "message", "minCount", "maxCount", "datatype", "class", "in", "nodeKind", "pattern", "minLength",
    "minInclusive", "maxInclusive", "languageIn", "uniqueLang", "lessThan", "lessThanOrEquals", "targetClass",
    "targetSubjectsOf", "property", "sparql", "select", "severity", "name", "description", "flags")}


def check_shapes_are_local(shapes: Graph) -> None:
    """Every shape checks its focus node by one-predicate paths and its values' types: no nested
    shapes, no path of several steps, no target other than classes and subjects of a predicate."""
    for s, p, o in shapes:
        if str(p).startswith(str(SH)) and p not in LOCAL_PARAMETERS:
            raise ValueError(f"ontology/shapes.ttl uses {p}: validation part by part would not be exact")
        if p == SH.path and not isinstance(o, URIRef):
            raise ValueError(f"ontology/shapes.ttl: a path of several steps ({s}): validation part by part "
                             f"would not be exact")


def validate_graph(data: Graph) -> tuple[bool, str]:
    """(conforms, report) for a data graph (core SHACL, no inference: scripts/shacl_check.py)."""
    conforms, results = shacl_check.check(ntriples.lines_of(data))
    if conforms:
        return True, f"conforms: {len(data)} triples, no SHACL violations"
    return False, summarise(results)


def validate_parts(lines, cache: BuildCache | None = None) -> tuple[bool, str, dict]:
    """(conforms, report, {"built": parts checked, "cached": parts whose result was kept}) for the
    graph whose N-Triples lines are `lines`, part by part (see the module's docstring)."""
    cache = cache or BuildCache(None)
    check_shapes_are_local(shapes_graph())
    by_part = ntriples.parts(lines)
    types = ntriples.type_index(lines)
    pending, done = [], {"built": [], "cached": []}
    for name in sorted(by_part):
        block = by_part[name]
        context = {t for line in block if (o := ntriples.iri_object(line)) is not None
                   for t in types.get(o, ())}
        data = sorted(block | context)
        key = content_key(code_fingerprint(), b"shacl", b"".join(data))  # lines end in their one newline
        if cache.get("shacl", key) is not None:
            done["cached"].append(name)
        else:
            pending.append((name, key, data))
    violations: set = set()
    batches, batch = [], []
    size = batch_lines(sum(len(data) for _, _, data in pending))
    for i, item in enumerate(pending):
        batch.append(item)
        if sum(len(data) for _, _, data in batch) >= size or i == len(pending) - 1:
            batches.append(batch)
            batch = []
    checked = shacl_check.check_batches([[line for _, _, lines in batch for line in lines] for batch in batches])
    for batch, (conforms, results) in zip(batches, checked):
        violations |= _validate_batch(batch, cache, conforms, results)
        done["built"] += [name for name, _, _ in batch]
    if not violations:
        return True, f"conforms: no SHACL violations in {len(by_part)} parts", done
    return False, report(violations), done


def batch_lines(pending: int) -> int:
    """Lines checked together: at most BATCH_LINES (a bounded graph at a time), and small enough
    that every core gets a few batches (scripts/shacl_check.py)."""
    return max(5_000, min(BATCH_LINES, pending // (4 * shacl_check.workers()) + 1))


def _validate_batch(batch: list, cache: BuildCache, conforms: bool, results: Graph) -> set[str]:
    """The violation lines of the parts in batch, from its SHACL report; a part with none is kept as valid."""
    pattern = ntriples.part_pattern()
    names = {name for name, _, _ in batch}
    failed: dict = {}
    if not conforms:
        for focus, line in violation_lines(results):
            # a node only named here (its types, for sh:class) is its own part's to judge
            part = ntriples.part_of(focus.n3().encode(), pattern) if isinstance(focus, URIRef) else "~"
            if part in names:
                failed.setdefault(part, set()).add(line)
    for name, key, _ in batch:
        if name not in failed:
            cache.put("shacl", key, b"")
    return {line for lines in failed.values() for line in lines}


def summarise(results: Graph) -> str:
    """One line per violation: focus node, property, message; sorted, and capped."""
    return report({line for _, line in violation_lines(results)})


def report(lines: set[str]) -> str:
    lines = sorted(lines)
    head = f"{len(lines)} SHACL violation{'s' if len(lines) != 1 else ''}:"
    more = [f"… and {len(lines) - MAX_LINES} more"] if len(lines) > MAX_LINES else []
    return "\n".join([head, *lines[:MAX_LINES], *more])


def violation_lines(results: Graph) -> list[tuple]:
    """(focus node, its line in the report) for each violation in a SHACL results graph."""
    names = Graph()
    for prefix, ns in PREFIXES.items():
        names.bind(prefix, ns)

    def short(term) -> str:
        if term is None:
            return "-"
        if isinstance(term, URIRef):
            if term.startswith(BASE) and not term.startswith(BASE + "def/"):
                return term[len(BASE) - 1:]
            return names.namespace_manager.normalizeUri(term)
        return repr(str(term))

    return [(results.value(r, SH.focusNode),
             f"- {short(results.value(r, SH.focusNode))} {short(results.value(r, SH.resultPath))}: "
             f"{results.value(r, SH.resultMessage) or 'violates ' + short(results.value(r, SH.sourceShape))}")
            for r in results.subjects(SH.resultSeverity, SH.Violation)]
