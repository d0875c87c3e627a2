"""SHACL validation of the planlink graph against ontology/shapes.ttl, with a readable report.

The build validates part by part (`validate_parts`), keeping each part's result under the hash of
the data it was checked on. Every shape here checks a focus node through its own triples (paths of
one predicate) and the rdf:type of the nodes they point to (sh:class); so a part's triples (every
triple about its subjects: scripts/ntriples.py) with the types of the nodes they name give each of
its subjects exactly the verdict the whole graph gives it. `check_shapes_are_local` refuses shapes
for which that would not hold, rather than let them pass unchecked.

Two severities: a violation is a defect of the code (a fact every plan's graph must state: the
build fails), a warning a fact a document may legitimately leave unsaid (its issuer, its date, its
number: reported in the build summary, never failing the build). ontology/shapes.ttl says which.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
    "targetSubjectsOf", "property", "sparql", "select", "severity", "name", "description", "flags",
    "xone", "hasValue")}


def check_shapes_are_local(shapes: Graph) -> None:
    """Every shape checks its focus node by one-predicate paths and its values' types: no nested
    shapes, no path of several steps, no target other than classes and subjects of a predicate."""
    for s, p, o in shapes:
        if str(p).startswith(str(SH)) and p not in LOCAL_PARAMETERS:
            raise ValueError(f"ontology/shapes.ttl uses {p}: validation part by part would not be exact")
        if p == SH.path and not isinstance(o, URIRef):
            raise ValueError(f"ontology/shapes.ttl: a path of several steps ({s}): validation part by part "
                             f"would not be exact")


@dataclass
class Validation:
    conforms: bool           # no violations (warnings allowed)
    report: str              # the violations, one line each; or a line saying there are none
    warnings: list[str] = field(default_factory=list)  # one line each: what documents leave unsaid
    parts: dict = field(default_factory=dict)          # {"built": parts checked, "cached": results kept}


def validate_graph(data: Graph) -> tuple[bool, str]:
    """(conforms, report) for a data graph: conforms when it has no violations; the report names
    its warnings too."""
    size = len(data)
    _, results = shacl_check.check(ntriples.lines_of(data))  # core SHACL, no inference (scripts/shacl_check.py)
    violations = {line for _, line in result_lines(results)}
    warnings = sorted(line for _, line in result_lines(results, SH.Warning))
    if violations:
        return False, report(violations)
    return True, f"conforms: {size} triples, no SHACL violations" + warnings_report(warnings)


def warnings_report(warnings: list[str]) -> str:
    if not warnings:
        return ""
    head = f"; {len(warnings)} warning{'s' if len(warnings) != 1 else ''} (what the documents do not state):"
    more = [f"… and {len(warnings) - MAX_LINES} more"] if len(warnings) > MAX_LINES else []
    return "\n".join([head, *warnings[:MAX_LINES], *more])


def validate_parts(lines, cache: BuildCache | None = None) -> Validation:
    """The validation of the graph whose N-Triples lines are `lines`, part by part (see the module's
    docstring); each part that has no violation is kept in the cache with its warnings."""
    cache = cache or BuildCache(None)
    check_shapes_are_local(shapes_graph())
    by_part = ntriples.parts(lines)
    types = ntriples.type_index(lines)
    pending, done = [], {"built": [], "cached": []}
    warnings: set = set()
    for name in sorted(by_part):
        block = by_part[name]
        context = {t for line in block if (o := ntriples.iri_object(line)) is not None
                   for t in types.get(o, ())}
        data = sorted(block | context)
        key = content_key(code_fingerprint(), b"shacl", b"".join(data))  # lines end in their one newline
        kept = cache.get("shacl", key)
        if kept is not None:
            warnings.update(kept.decode("utf-8").splitlines())
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
    for batch, (_, results) in zip(batches, checked):
        found, warned = _validate_batch(batch, cache, results)
        violations |= found
        warnings |= warned
        done["built"] += [name for name, _, _ in batch]
    if not violations:
        return Validation(True, f"conforms: no SHACL violations in {len(by_part)} parts", sorted(warnings), done)
    return Validation(False, report(violations), sorted(warnings), done)


def batch_lines(pending: int) -> int:
    """Lines checked together: at most BATCH_LINES (a bounded graph at a time), and small enough
    that every core gets a few batches (scripts/shacl_check.py)."""
    return max(5_000, min(BATCH_LINES, pending // (4 * shacl_check.workers()) + 1))


def _validate_batch(batch: list, cache: BuildCache, results: Graph) -> tuple[set[str], set[str]]:
    """(violation lines, warning lines) of the parts in batch, from its SHACL report; a part with no
    violation is kept with its warnings."""
    pattern = ntriples.part_pattern()
    names = {name for name, _, _ in batch}
    failed: dict = {}
    warned: dict = {}
    for severity, by_part in ((SH.Violation, failed), (SH.Warning, warned)):
        for focus, line in result_lines(results, severity):
            # a node only named here (its types, for sh:class) is its own part's to judge
            part = ntriples.part_of(focus.n3().encode(), pattern) if isinstance(focus, URIRef) else "~"
            if part in names:
                by_part.setdefault(part, set()).add(line)
    for name, key, _ in batch:
        if name not in failed:
            cache.put("shacl", key, "\n".join(sorted(warned.get(name, ()))).encode("utf-8"))
    return ({line for lines in failed.values() for line in lines},
            {line for lines in warned.values() for line in lines})


def summarise(results: Graph) -> str:
    """One line per violation: focus node, property, message; sorted, and capped."""
    return report({line for _, line in result_lines(results)})


def report(lines: set[str]) -> str:
    lines = sorted(lines)
    head = f"{len(lines)} SHACL violation{'s' if len(lines) != 1 else ''}:"
    more = [f"… and {len(lines) - MAX_LINES} more"] if len(lines) > MAX_LINES else []
    return "\n".join([head, *lines[:MAX_LINES], *more])


def result_lines(results: Graph, severity: URIRef = SH.Violation) -> list[tuple]:
    """(focus node, its line in the report) for each result of a severity in a SHACL results graph."""
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
            for r in results.subjects(SH.resultSeverity, severity)]
