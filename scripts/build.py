"""sources → extract → graph → link → validate → store: the whole graph, built in one go.

Nothing is written until the graph has passed SHACL; the store is then swapped in
atomically by api.store.write_store, so a failed build leaves the previous store untouched.
"""

from __future__ import annotations

import time
from contextlib import contextmanager, nullcontext
from pathlib import Path

from rdflib import Graph

from planlink.scripts.errors import BuildError, InputError
from planlink.scripts.extract import extract_file
from planlink.scripts.graph import plan_graph
from planlink.scripts.publish import DEFAULT_LICENCE, DEFAULT_PUBLISHER, check_base, describe_build, dumps_dir, \
    rebase, write_dumps
from planlink.scripts.vocab import BASE, PREFIXES
from planlink.scripts.normalise import decode
from planlink.scripts.validate import validate_graph

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology" / "planlink.ttl"
STAGES = ("parse", "graph", "link", "validate", "store", "publish")


def load_plans(sources: Path) -> list[tuple[Path, dict, str]]:
    """(path, extraction, verbatim text) for every *.txt in sources, in name order."""
    paths = sorted(Path(sources).glob("*.txt"))
    if not paths:
        raise InputError(f"no plan documents (*.txt) in {sources}")
    plans, seen = [], {}
    for path in paths:
        try:
            extraction = extract_file(path)
        except InputError as e:
            message = str(e)
            raise InputError(message if path.name in message else f"{path.name}: {message}") from None
        plan_id = extraction["plan"]["id"]
        if plan_id in seen:
            raise InputError(f"{path.name} and {seen[plan_id]} are both plan {plan_id!r}")
        seen[plan_id] = path.name
        # The text the offsets index: the parser's own decoding of the file (UTF-8, no BOM).
        plans.append((path, extraction, decode(path.read_bytes())))
    return plans


def knowledge_graph(plans: list[tuple[Path, dict, str]]) -> Graph:
    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    for path, extraction, text in plans:
        try:
            graph += plan_graph(extraction, text)
        except InputError as e:
            raise InputError(f"{path.name}: {e}") from None
    return graph


def build(sources: Path, out: Path, progress: bool = False, base: str = BASE, licence: str = DEFAULT_LICENCE,
          publisher: str = DEFAULT_PUBLISHER) -> dict:
    """Build the store at `out` from the plan documents in `sources`, under the IRI `base`, and
    write its dumps beside it (scripts/publish.py); returns a summary."""
    from planlink.api.store import stamp_triple, write_store

    check_base(base)

    seconds: dict[str, float] = {}
    started = time.perf_counter()
    with _progress(progress) as step:
        with step("parse", seconds):
            plans = load_plans(Path(sources))
        with step("graph", seconds):
            data = knowledge_graph(plans)
        with step("link", seconds):
            from planlink.scripts.link import link_into
            link_into(data, {extraction["plan"]["id"]: extraction for _, extraction, _ in plans})
        with step("validate", seconds):
            # Only the data is validated: the ontology is static (checked by tests/graph).
            conforms, report = validate_graph(data)
            if not conforms:
                raise BuildError(f"the graph does not conform to ontology/shapes.ttl; store left untouched\n{report}")
        with step("store", seconds):
            data.parse(ONTOLOGY, format="turtle")  # so /def/ terms are in the store and resolve
            data = rebase(data, base)
            describe_build(data, base, licence, publisher)
            ntriples = data.serialize(format="nt", encoding="utf-8")
            stamp, line = stamp_triple(ntriples)
            data.parse(data=line.decode(), format="nt")  # in the graph too, so the dumps hold what the store holds
            triples = len(data)
            try:
                write_store(ntriples, out, tail=line)
            except OSError as e:
                raise BuildError(f"cannot write the store at {out}: {e.strerror or e}") from None
        seconds["total"] = time.perf_counter() - started  # the graph's build; the dumps are timed on their own
        publishing: dict[str, float] = {}
        with step("publish", publishing):
            try:
                dumps = write_dumps(data, dumps_dir(out))
            except OSError as e:
                raise BuildError(f"cannot write the dumps at {dumps_dir(out)}: {e.strerror or e}") from None
    return {
        "plans": [extraction["plan"]["id"] for _, extraction, _ in plans],
        "triples": triples,
        "store": str(Path(out)),
        "stamp": stamp,
        "base": base,
        "dumps": {"files": {str(dumps_dir(out) / name): size for name, size in dumps.items()},
                  "seconds": round(publishing["publish"], 3)},
        "seconds": {stage: round(s, 3) for stage, s in seconds.items()},
    }


def _progress(enabled: bool):
    """A context giving `step(name, seconds)`: times each stage, and on a terminal shows a bar."""
    bar = None
    if enabled:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        bar = Progress(TextColumn("building graph: {task.description:<9}"), BarColumn(),
                       TimeElapsedColumn(), console=Console(stderr=True), transient=True)
        task = bar.add_task("", total=len(STAGES))

    @contextmanager
    def step(name: str, seconds: dict):
        if bar is not None:
            bar.update(task, description=name)
        t0 = time.perf_counter()
        yield
        seconds[name] = time.perf_counter() - t0
        if bar is not None:
            bar.advance(task)

    @contextmanager
    def session():
        with bar if bar is not None else nullcontext():
            yield step

    return session()
