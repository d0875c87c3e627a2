"""sources → extract → graph → link → validate → store → dumps, reusing what an earlier build
worked out for the same inputs (scripts/cache.py).

Each plan's extraction and triples are kept under the hash of its source file (and of the code),
its own links under that and the national plan's (scripts/link/stage.py), each part's SHACL result
under the hash of the triples it was checked on (scripts/validate.py) and its JSON-LD likewise
(scripts/publish.py); so adding one plan parses, graphs and links that plan alone. Whatever reads
several plans (pooled indicators, measures, peers, comparisons) is worked out on every build, and
the store and dumps are written whole. The graph is held as N-Triples lines (scripts/ntriples.py),
never as one rdflib graph, and a build from a warm cache gives the same triples, stamp and dumps
as one from none.

Nothing is written until the graph has passed SHACL (its violations fail the build; its warnings,
what the documents leave unsaid, are listed in the summary). The store, its dumps and the source
texts are written into one new build directory and swapped in together by api.store.write_store,
so a failed or killed build leaves the previous three (and the cache) untouched; nothing after the
swap can fail the build (the cache is committed last, and a cache that cannot be written is a note).
"""

from __future__ import annotations

import bisect
import json
import resource
import time
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from planlink.scripts.cache import BuildCache, code_fingerprint, content_key, default_cache_dir
from planlink.scripts.errors import BuildError, InputError
from planlink.scripts.extract import extract_file
from planlink.scripts.graph import plan_graph
from planlink.scripts.normalise import decode
from planlink.scripts.ntriples import lines_of, split_lines
from planlink.scripts.parallel import in_processes
from planlink.scripts.publish import DEFAULT_LICENCE, DEFAULT_PUBLISHER, check_base, describe_build, dumps_dir, \
    link_dumps, rebase_lines, sources_dir, write_dumps, write_sources
from planlink.scripts.releases import record_release
from planlink.scripts.validate import validate_parts
from planlink.scripts.vocab import BASE

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology" / "planlink.ttl"
STAGES = ("parse", "graph", "link", "validate", "store")


@dataclass
class Plan:
    path: Path
    key: str                       # the hash its cache entries are kept under
    extraction: dict
    text: str | None = None        # the verbatim text, when it was parsed in this build
    lines: list[bytes] = field(default_factory=list)  # its triples (N-Triples)
    cached: bool = False

    @property
    def id(self) -> str:
        return self.extraction["plan"]["id"]


def read_plans(sources: Path, cache: BuildCache) -> list[Plan]:
    """Every *.txt in sources, in name order: its extraction and triples from the cache when its
    bytes (and the code) are those of an earlier build, else its extraction (its triples follow in
    plan_triples)."""
    paths = sorted(Path(sources).glob("*.txt"))
    if not paths:
        raise InputError(f"no plan documents (*.txt) in {sources}")
    read = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as e:
            raise InputError(f"cannot read {path}: {e.strerror}") from None
        key = content_key(code_fingerprint(), b"plan", path.name, data)
        read.append((path, key, data, _cached_plan(path, key, cache)))
    extracted = in_processes(_extract, [path for path, _, _, cached in read if cached is None])
    plans, seen = [], {}
    for path, key, data, plan in read:
        if plan is None:
            # The text the offsets index: the parser's own decoding of the file (UTF-8, no BOM).
            plan = Plan(path, key, next(extracted), text=decode(data))
        if plan.id in seen:
            raise InputError(f"{path.name} and {seen[plan.id]} are both plan {plan.id!r}")
        seen[plan.id] = path.name
        plans.append(plan)
    return plans


def _extract(path: Path) -> dict:
    """A plan's extraction as JSON gives it back, as the cache will (a build from the cache reads
    the same values); in a worker process (scripts/parallel.py)."""
    try:
        extraction = extract_file(path)
    except InputError as e:
        message = str(e)
        raise InputError(message if path.name in message else f"{path.name}: {message}") from None
    return json.loads(json.dumps(extraction, ensure_ascii=False))


def _triples(plan: tuple[dict, str | None, str]) -> list[bytes]:
    """The triples (scripts/graph.py) of (extraction, text, file name); in a worker process."""
    extraction, text, name = plan
    try:
        return lines_of(plan_graph(extraction, text))
    except InputError as e:
        raise InputError(f"{name}: {e}") from None


def _cached_plan(path: Path, key: str, cache: BuildCache) -> Plan | None:
    extraction, triples = cache.get("extraction", key), cache.get("triples", key)
    if extraction is None or triples is None:
        return None
    try:
        extraction = json.loads(extraction)
        extraction["plan"]["id"]
    except (ValueError, KeyError, TypeError):
        return None
    return Plan(path, key, extraction, lines=split_lines(triples), cached=True)


def plan_triples(plans: list[Plan], cache: BuildCache) -> None:
    """The triples of each plan not from the cache (scripts/graph.py), kept for the next build."""
    todo = [plan for plan in plans if not plan.cached]
    for plan, lines in zip(todo, in_processes(_triples, [(p.extraction, p.text, p.path.name) for p in todo])):
        plan.lines = lines
        cache.put("extraction", plan.key, json.dumps(plan.extraction, ensure_ascii=False).encode())
        cache.put("triples", plan.key, b"".join(plan.lines))


def build(sources: Path, out: Path, progress: bool = False, base: str = BASE, licence: str = DEFAULT_LICENCE,
          publisher: str = DEFAULT_PUBLISHER, cache_dir: Path | None = None, use_cache: bool = True,
          curated: Path | None = None) -> dict:
    """Build the store at `out` from the plan documents in `sources`, under the IRI `base`, with its
    dumps (the SSSOM mapping set among them) and source texts inside it (scripts/publish.py), and
    record it as a release (scripts/releases.py); returns a summary. The cache is `cache_dir`
    (default: cache/ beside the store); use_cache=False neither reads nor writes one. curated: the
    reviewed crosswalk (default graph_data/links/curated.csv; `planlink curate` may name another)."""
    from planlink.api.documents import write_build_documents
    from planlink.api.store import stamp_triple, write_store

    check_base(base)
    cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir(out)
    cache = BuildCache(cache_dir if use_cache else None)
    seconds: dict[str, float] = {}
    publishing: dict[str, float] = {}
    started = time.perf_counter()
    try:
        with _progress(progress) as step:
            with step("parse", seconds):
                plans = read_plans(Path(sources), cache)
                reused = sum(p.cached for p in plans)
                step.note(f"{reused} of {len(plans)} plans cached")
            with step("graph", seconds):
                plan_triples(plans, cache)
            with step("link", seconds):
                from planlink.scripts.link.stage import link_lines

                links, linked, mappings = link_lines({p.id: p.extraction for p in plans}, {p.id: p.key for p in plans},
                                                     cache, curated)
            with step("validate", seconds):
                # Only the data is validated: the ontology is static (checked by tests/graph).
                data = [line for p in plans for line in p.lines] + links
                del links
                validation = validate_parts(data, cache)
                if not validation.conforms:
                    raise BuildError("the graph does not conform to ontology/shapes.ttl; store left untouched\n"
                                     + validation.report)
            with step("store", seconds):
                for p in plans:
                    p.lines = []
                data, stamp, line = _store_lines(data, base, licence, publisher, stamp_triple)
                ntriples = b"".join(data)
                bisect.insort(data, line)  # in the dumps too, so they hold what the store holds
                # The dumps and the source texts are written inside the new build's directory, so
                # the one swap of write_store installs store, dumps and texts together: a build
                # killed at any moment leaves the previous three or the new three.
                written = {}

                def publication(directory: Path) -> None:
                    from planlink.scripts.link.sssom import mapping_set

                    t0 = time.perf_counter()
                    mappings_tsv = mapping_set(mappings, base, stamp, licence, publisher)
                    written.update(write_publication(data, plans, directory, base, cache, mappings_tsv))
                    publishing["publish"] = time.perf_counter() - t0

                try:
                    write_store(ntriples, out, tail=line, documents=write_build_documents,
                                before_swap=publication)
                except OSError as e:
                    raise BuildError(f"cannot write the store at {out}: {e.strerror or e}") from None
                del ntriples
            seconds["store"] -= publishing.get("publish", 0)  # the dumps are timed on their own
            seconds["total"] = time.perf_counter() - started - publishing.get("publish", 0)
        # Installed: from here on nothing may fail the build, only be reported in its notes.
        release, after = _after_the_swap(data, stamp, line, out, base)
        cache_error = cache.commit()  # never raises: a cache that cannot be written is reported, not fatal
    finally:
        cache.discard()
    national = any(p.extraction["plan"].get("level") == "national" for p in plans)
    return {
        "plans": [p.id for p in plans],
        "triples": len(data),
        "store": str(Path(out)),
        "stamp": stamp,
        "base": base,
        "release": release,
        "dumps": {"files": {str(dumps_dir(out) / name): size for name, size in written.items()},
                  "seconds": round(publishing.get("publish", 0), 3)},
        "sources": str(sources_dir(out)),
        "seconds": {stage: round(s, 3) for stage, s in seconds.items()},
        # CPU seconds of each stage, this process's and its worker processes' (what load does not change)
        "cpu_seconds": {stage: round(s, 3) for stage, s in step.cpu.items()},
        # the process's peak memory by the end of each stage (MB): where a build's memory goes
        "peak_mb": {stage: round(mb) for stage, mb in step.peak_mb.items()},
        # one line each: what the documents leave unsaid (SHACL warnings: ontology/shapes.ttl) and what of
        # them could not be read (a table that is not one of indicators, a cell that is not a figure)
        "warnings": [f"- {p.path.name}: {w}" for p in plans for w in p.extraction.get("warnings", [])]
                    + validation.warnings,
        # one line each: what a reader of the summary should know about this build
        "notes": ([] if national else [NO_NATIONAL_PLAN]) + after
                 + ([f"cache not saved: {cache_error}"] if cache_error else []),
        "cache": {
            "dir": str(cache_dir) if use_cache else None,
            # parsed and graphed in this build, or taken whole from the cache
            "plans": {"built": [p.id for p in plans if not p.cached], "cached": [p.id for p in plans if p.cached]},
            # whose own links were worked out, or kept (indicators pooled across plans are worked out every time)
            "links": linked["plans"],
            "link_triples": linked["triples"],
            "shacl": validation.parts,
        },
    }


NO_NATIONAL_PLAN = ("no national plan among the sources: nothing to link the provincial plans to, so no "
                    "counterpart links and no gaps")


def _store_lines(data: list[bytes], base: str, licence: str, publisher: str, stamp_triple):
    """The store's lines: the data, the ontology (so /def/ terms are in the store and resolve), under
    the publisher's base, with the build description; sorted, each once; and the build stamp."""
    data = data + lines_of(Graph().parse(ONTOLOGY, format="turtle"))
    data = rebase_lines(data, base)
    described = Graph()
    describe_build(described, base, licence, publisher)
    data = sorted(set(data).union(lines_of(described)))
    stamp, line = stamp_triple(b"".join(data))
    return data, stamp, line


def write_publication(data: list[bytes], plans: list[Plan], directory: Path, base: str,
                      cache: BuildCache, mappings_tsv: bytes | None = None) -> dict[str, int]:
    """Into a new build's directory: the dumps with the SSSOM mapping set ({file: bytes} returned)
    and the source texts."""
    try:
        dumps = write_dumps(data, directory / "dumps", base, cache, mapping_set=mappings_tsv)
        write_sources([p.path for p in plans], directory / "sources")
    except OSError as e:
        raise BuildError(f"cannot write the dumps and sources of the build: {e.strerror or e}") from None
    return dumps


def _after_the_swap(data: list[bytes], stamp: str, line: bytes, out: Path, base: str) -> tuple[dict | None, list]:
    """What follows the swap of a new build, none of it able to fail the build: dumps/ beside the
    store linked into it, and the build recorded as a release. (release record or None, notes)."""
    notes = []
    try:
        link_dumps(out)
    except OSError as e:
        notes.append(f"dumps/ beside the store not linked ({e.strerror or e}); they are in {dumps_dir(out)}")
    try:
        release = record_release(data, stamp, line, out, base)  # unless it is the newest release again
    except (BuildError, OSError) as e:
        release = None
        notes.append(str(e) if isinstance(e, BuildError) else
                     f"the build is published, but its release could not be recorded: {e.strerror or e}")
    return release, notes


def _cpu() -> float:
    """CPU seconds so far of this process and of its children that ended (the SHACL workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _progress(enabled: bool):
    """A context giving `step(name, seconds)`: times each stage, and on a terminal shows a bar;
    `step.note(text)` says beside it what the build reuses (plans from the cache, plans parsed)."""
    bar = None
    if enabled:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        # a bar narrow enough that stage, bar, time and note fit an 80-column terminal
        bar = Progress(TextColumn("building graph: {task.description:<9}"), BarColumn(bar_width=24),
                       TimeElapsedColumn(), TextColumn("{task.fields[note]}"), console=Console(stderr=True),
                       transient=True)
        task = bar.add_task("", total=len(STAGES), note="")

    @contextmanager
    def step(name: str, seconds: dict):
        if bar is not None:
            bar.update(task, description=name)
        t0, cpu0 = time.perf_counter(), _cpu()
        yield
        seconds[name] = time.perf_counter() - t0
        cpu[name] = _cpu() - cpu0
        peak_mb[name] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # so far (Linux: kB)
        if bar is not None:
            bar.advance(task)

    def note(text: str) -> None:
        if bar is not None:
            bar.update(task, note=text)

    peak_mb: dict[str, float] = {}
    cpu: dict[str, float] = {}
    step.note, step.peak_mb, step.cpu = note, peak_mb, cpu

    @contextmanager
    def session():
        with bar if bar is not None else nullcontext():
            yield step

    return session()
