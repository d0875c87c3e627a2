"""The `planlink` command: one thin function per command over the core modules (USAGE below is
what a user sees first)."""

from __future__ import annotations

import argparse
import errno
import importlib.metadata
import json
import socket
import sys
from pathlib import Path

from planlink.scripts.errors import PlanlinkError
from planlink.scripts.publish import DEFAULT_LICENCE, DEFAULT_PUBLISHER
from planlink.scripts.vocab import BASE

DEFAULT_STORE = Path("graph_data/build/store")
# The plans shipped with planlink: beside the code in a checkout and in an installed wheel alike.
SHIPPED_SOURCES = Path(__file__).resolve().parents[1] / "graph_data" / "sources"
SOURCES_HELP = f"folder of plan documents (*.txt) (default: the plans shipped with planlink, {SHIPPED_SOURCES})"
CURATED = SHIPPED_SOURCES.parent / "links" / "curated.csv"  # the reviewed crosswalk (scripts/link/curated.py)
TRANSLATIONS = SHIPPED_SOURCES.parent / "links" / "translations.csv"


def cmd_extract(args) -> int:
    from planlink.scripts.extract import extract_file

    extraction = extract_file(Path(args.file))
    json.dump(extraction, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def cmd_build(args) -> int:
    from planlink.scripts.build import build

    on_terminal = sys.stderr.isatty()
    summary = build(sources=Path(args.sources or SHIPPED_SOURCES), out=Path(args.out), progress=on_terminal,
                    base=args.base, licence=args.licence, publisher=args.publisher,
                    cache_dir=Path(args.cache) if args.cache else None, use_cache=not args.no_cache)
    if on_terminal:  # a person: what was built and where; a script: the summary as JSON
        files = summary["dumps"]["files"]
        cached = summary["cache"]
        reuse = (f"  cache  {cached['dir']} ({len(cached['plans']['cached'])} plans reused, "
                 f"{len(cached['plans']['built'])} parsed: {_names(cached['plans']['built'])}; "
                 f"links of {len(cached['links']['cached'])} reused, {len(cached['links']['built'])} worked out)\n"
                 if cached["dir"] else "  cache  none (--no-cache)\n")
        print(f"built {summary['triples']:,} triples from {len(summary['plans'])} plans "
              f"({_names(summary['plans'])}) under {summary['base']} in {summary['seconds']['total']:.1f} s\n"
              f"  store  {summary['store']}\n"
              f"  dumps  {Path(next(iter(files))).parent}/ ("
              + ", ".join(f"{Path(name).name} {size / 1024:,.0f} kB" for name, size in files.items()) + ")\n"
              + reuse + _release_line(summary["release"]) +
              f"serve it: planlink serve --store {summary['store']}", file=sys.stderr)
    else:
        print(json.dumps(summary, ensure_ascii=False), file=sys.stderr)
    return 0


def _release_line(release: dict) -> str:
    """What the build is as a release (scripts/releases.py): a new one, and what it changed, or the
    newest one again."""
    if not release["new"]:
        return f"  release {release['id']} again: the same triples as the newest release, so no new one\n"
    counts = release["changes"]
    changed = (f": {counts['entities_added']:,} entities added, {counts['entities_removed']:,} removed, "
               f"{counts['entities_changed']:,} changed" if counts else ": what changed is not known")
    follows = f"follows {release['follows']}" if release["follows"] else "the first"
    return f"  release {release['id']} ({follows}){changed}\n"


def _names(ids: list[str], shown: int = 8) -> str:
    return ", ".join(ids[:shown]) + (f" and {len(ids) - shown} more" if len(ids) > shown else "") if ids else "none"


def cmd_gaps(args) -> int:
    from planlink.api import services
    from planlink.api.store import open_store

    store = open_store(args.store)
    try:
        rows = services.gaps(store, args.plan)
        why = services.why_no_gaps(store, args.plan)
    except services.UnknownPlan as e:
        raise PlanlinkError(str(e)) from None
    except services.NoGapReport as e:
        raise PlanlinkError(f"{args.store}: {e}") from None
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        _print_gaps(rows, why)
    if why and not rows:
        print(f"planlink gaps: nothing to report: {why}", file=sys.stderr)
    return 0


def _print_gaps(rows: list[dict], why: str | None = None) -> None:
    """The gaps as a table (rich measures Chinese characters as two columns wide), one per plan."""
    from rich.console import Console
    from rich.table import Table

    console = Console(width=None if sys.stdout.isatty() else 160)
    for plan in dict.fromkeys(r["plan"] for r in rows):
        ours = [r for r in rows if r["plan"] == plan]
        table = Table(title=f"{plan}: {len(ours)} gaps", title_justify="left", show_lines=False, expand=False)
        for name, style in (("side", "cyan"), ("id", "bold"), ("kind", ""), ("title", ""), ("why", "dim")):
            table.add_column(name, style=style, overflow="fold")
        for r in ours:
            table.add_row(r["side"], r["id"], r.get("kind") or "", r["title"] or "", r["no_counterpart_reason"])
        console.print(table)
    if not rows and not why:
        console.print("no gaps: every item has a national counterpart and every national section is implemented")


def cmd_curate(args) -> int:
    from planlink.api.curate import ReviewConfig, create_review_app
    from planlink.api.publication import build_description
    from planlink.api.store import open_store
    from planlink.scripts.link import review
    from planlink.scripts.publish import MAPPING_SET, dumps_dir

    curator = review.check_curator(args.curator)
    store_dir = Path(args.store)
    mapping_set = dumps_dir(store_dir) / MAPPING_SET
    if not mapping_set.is_file():
        raise PlanlinkError(f"no mapping set at {mapping_set}: build first (planlink build --out {store_dir})")
    for path in (Path(args.curated), Path(args.translations)):
        if not path.is_file():
            raise PlanlinkError(f"{path}: no such file")
    store = open_store(store_dir)
    try:  # the next build keeps this one's base, licence and publisher
        built = build_description(store)
    finally:
        store.close()
    sources = Path(args.sources or SHIPPED_SOURCES)

    def rebuild():
        from planlink.scripts.build import build

        return build(sources=sources, out=store_dir, base=str(built["base"]),
                     licence=str(built.get("licence") or DEFAULT_LICENCE),
                     publisher=str(built.get("publisherName") or DEFAULT_PUBLISHER), curated=Path(args.curated))

    config = ReviewConfig(store=store_dir, mapping_set=mapping_set, curated=Path(args.curated),
                          translations=Path(args.translations), curator=curator,
                          record_link=lambda *a, **k: review.record_link_decision(*a, **k, path=Path(args.curated)),
                          record_label=lambda *a, **k: review.record_translation_verdict(
                              *a, **k, path=Path(args.translations)),
                          rebuild=rebuild, refusals=(PlanlinkError,), sources=sources, port=args.port,
                          limit=args.limit)
    _check_port_free("127.0.0.1", args.port)
    app = create_review_app(config)
    print(f"planlink curate: reviewing as {curator}; open http://127.0.0.1:{args.port}/?token={config.token}\n"
          f"  decisions go to {args.curated} (and {args.translations}); press Ctrl-C to stop", file=sys.stderr)
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", args.port, app, threaded=False)  # one curator: one request at a time
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


def cmd_query(args) -> int:
    from planlink.api.store import open_store
    from planlink.api.query_output import format_results

    store = open_store(args.store)
    sys.stdout.write(format_results(store, args.sparql, args.format))
    return 0


def cmd_export(args) -> int:
    from planlink.api.store import open_store

    sys.stdout.buffer.write(open_store(args.store).export(args.format))
    return 0


def cmd_publish(args) -> int:
    from planlink.api.store import BUILD, open_store
    from planlink.scripts.engine_load import publish

    ntriples = open_store(args.store).export("nt")
    summary = publish(ntriples, args.to, stamp_subject=BUILD, user=args.user, password=args.password, graph=args.graph)
    print(json.dumps(summary, ensure_ascii=False))
    return 0


def cmd_validate(args) -> int:
    from planlink.api.store import read_graph
    from planlink.scripts.publish import rebase, recorded_base
    from planlink.scripts.validate import validate_graph

    graph = read_graph(Path(args.store))
    # The shapes name the IRIs the loaders mint; a build under another base is checked as minted.
    conforms, report = validate_graph(rebase(graph, BASE, from_base=recorded_base(graph)))
    print(report)
    return 0 if conforms else 1


def cmd_serve(args) -> int:
    from planlink.api.serve import serve

    if args.workers < 1:
        raise PlanlinkError(f"--workers must be at least 1 (it is {args.workers}); try --workers 2")
    if args.proxies < 0:
        raise PlanlinkError(f"--proxies counts the proxies in front of planlink (it is {args.proxies}); try --proxies 1")
    if args.dumps and not Path(args.dumps).is_dir():
        raise PlanlinkError(f"--dumps {args.dumps}: no such directory (`planlink build` writes dumps/ beside the store)")
    if args.releases and not Path(args.releases).is_dir():
        raise PlanlinkError(f"--releases {args.releases}: no such directory (`planlink build` records releases/ beside "
                            f"the store)")
    _check_port_free(args.host, args.port)
    serve(store=args.store, host=args.host, port=args.port,
          query_timeout=args.query_timeout, sparql_endpoint=args.sparql_endpoint,
          workers=args.workers, query_memory_mb=args.query_memory, query_budget=args.query_budget,
          request_timeout=args.request_timeout, proxies=args.proxies, dumps=args.dumps, releases=args.releases)
    return 0


USAGE = """\
planlink turns China's 14th Five-Year community-service plans (national, Shanghai, Jiangsu) into
linked open data: a validated knowledge graph, a JSON API, a SPARQL endpoint, dumps and pages.

Start here:
  planlink build              build the graph from the shipped plans (graph_data/build/store)
  planlink serve              serve it on http://127.0.0.1:5000 (JSON at /api/v1, SPARQL at /sparql)
  planlink query 'SELECT …'   ask the built graph a SPARQL question

`planlink COMMAND --help` explains each command and its options.
"""


class _Help(argparse.ArgumentDefaultsHelpFormatter):
    """Every option shows its default (an option without one says so in its help)."""

    def _get_help_string(self, action):
        if action.default is None:
            return action.help
        return super()._get_help_string(action)


class _TopHelp(_Help, argparse.RawDescriptionHelpFormatter):
    """The top-level help keeps USAGE's line breaks."""


def _command(sub, name: str, summary: str, func, description: str | None = None):
    command = sub.add_parser(name, help=summary, description=description or summary, formatter_class=_Help)
    command.set_defaults(func=func)
    return command


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="planlink", description=USAGE, formatter_class=_TopHelp)
    p.add_argument("--version", action="version", version=f"planlink {_version()}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = _command(sub, "build", "build the graph and its downloads from the plan documents", cmd_build,
                 "Parse every plan document, link the provincial plans to the national one, validate against "
                 "the SHACL shapes and write the store, then its dumps (N-Quads, Turtle, JSON-LD) into "
                 "dumps/ beside it. A failed build leaves the previous store untouched.")
    s.add_argument("--out", default=str(DEFAULT_STORE), metavar="DIR", help="the store directory to write")
    s.add_argument("--sources", default=None, metavar="DIR",
                   help=SOURCES_HELP)
    s.add_argument("--base", default=BASE, metavar="URL",
                   help="the address the data is published at: every entity IRI is minted under it "
                        "(plan/…, measure/…, org/…, region/…)")
    s.add_argument("--licence", default=DEFAULT_LICENCE, metavar="URL",
                   help="the licence of the published data, stated in the catalog, VoID and dumps")
    s.add_argument("--publisher", default=DEFAULT_PUBLISHER, metavar="NAME",
                   help="who publishes the data, as the catalog names it")
    s.add_argument("--cache", default=None, metavar="DIR",
                   help="where to keep what a build worked out per plan, so the next build parses, links and "
                        "validates only the plans that changed (default: cache/ beside the store, e.g. "
                        f"{DEFAULT_STORE.parent / 'cache'})")
    s.add_argument("--no-cache", action="store_true",
                   help="build everything afresh, neither reading nor writing the cache")

    s = _command(sub, "serve", "serve the JSON API, SPARQL endpoint, pages and downloads", cmd_serve,
                 "Serve the built store over HTTP with a production server (gunicorn).")
    s.add_argument("--store", default=str(DEFAULT_STORE), metavar="DIR", help="the store `planlink build` wrote")
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (0.0.0.0: every interface)")
    s.add_argument("--port", type=int, default=5000, help="port to listen on")
    s.add_argument("--workers", type=int, default=2, help="worker processes (each with 4 threads)")
    s.add_argument("--query-timeout", type=float, default=10.0, metavar="SECONDS",
                   help="a SPARQL query running longer is stopped and answered 504")
    s.add_argument("--query-memory", type=int, default=2048, metavar="MB",
                   help="a worker that grows past this while queries run stops them (422)")
    s.add_argument("--query-budget", type=float, default=20.0, metavar="SECONDS",
                   help="seconds of /sparql time each client (address) may use a minute, five queries at "
                        "once; past it, 429 with Retry-After (0: no budget)")
    s.add_argument("--request-timeout", type=float, default=5.0, metavar="SECONDS",
                   help="a request not received whole within this is answered 408")
    s.add_argument("--sparql-endpoint", default=None, metavar="URL",
                   help="read from this SPARQL 1.1 endpoint instead of the store (default: the store)")
    s.add_argument("--dumps", default=None, metavar="DIR",
                   help="offer the dumps in this directory (default: dumps/ beside --store; with "
                        "--sparql-endpoint, none unless given: copy the build's dumps/ and name it)")
    s.add_argument("--releases", default=None, metavar="DIR",
                   help="publish the releases recorded in this directory (default: releases/ beside --store; with "
                        "--sparql-endpoint, none unless given: copy the build's releases/ and name it)")
    s.add_argument("--proxies", type=int, default=0, metavar="N",
                   help="proxies in front of planlink that add X-Forwarded-For (nginx: 1); the client's "
                        "address, and so its query budget, is read from that header only then")

    s = _command(sub, "query", "run a read-only SPARQL query on the built graph", cmd_query)
    s.add_argument("sparql", help="the SPARQL query text (SELECT, ASK, CONSTRUCT or DESCRIBE)")
    s.add_argument("--store", default=str(DEFAULT_STORE), metavar="DIR", help="the store to query")
    s.add_argument("--format", choices=["table", "json", "csv"], default="table",
                   help="table for people; json or csv (the SPARQL results formats) for programs")

    s = _command(sub, "gaps", "list what has no counterpart: provincial items, national sections", cmd_gaps,
                 "Provincial items with no national counterpart, and national sections that no item of a "
                 "provincial plan implements, each with the reason: the gap report `planlink build` worked out "
                 "and stored in the graph (the same as /api/v1/gaps and /matrix).")
    s.add_argument("--plan", default=None, metavar="ID", help="only this plan, e.g. shanghai (default: every plan)")
    s.add_argument("--store", default=str(DEFAULT_STORE), metavar="DIR", help="the store `planlink build` wrote")
    s.add_argument("--format", choices=["table", "json"], default="table",
                   help="table for people; json (a list, one object per gap) for programs")

    s = _command(sub, "curate", "review the national-counterpart links (and English labels) in a browser", cmd_curate,
                 "Open a review site on 127.0.0.1 for one curator: a queue of links, the most uncertain first; "
                 "each provincial item beside its candidates with their texts; accept, reject, pick another "
                 "candidate or mark unsure, with a reason. Decisions are written to the crosswalk with the "
                 "curator and the date; 'apply' builds the graph again and shows what changed. Never part of "
                 "`planlink serve`.")
    s.add_argument("--curator", required=True, metavar="NAME",
                   help="who decides: a name, or an ORCID iD (0000-0002-1825-0097); kept with every decision")
    s.add_argument("--store", default=str(DEFAULT_STORE), metavar="DIR", help="the store `planlink build` wrote")
    s.add_argument("--port", type=int, default=5050, help="port on 127.0.0.1 (the review never listens elsewhere)")
    s.add_argument("--limit", type=int, default=None, metavar="N",
                   help="queue only the N most uncertain links (default: every link no reviewer has decided)")
    s.add_argument("--sources", default=None, metavar="DIR", help=SOURCES_HELP)
    s.add_argument("--curated", default=str(CURATED), metavar="FILE",
                   help="the crosswalk the decisions are written to, and the next build reads")
    s.add_argument("--translations", default=str(TRANSLATIONS), metavar="FILE",
                   help="the English labels the label verdicts are written to")

    s = _command(sub, "extract", "parse one plan document and print what it says as JSON", cmd_extract)
    s.add_argument("file", help="a plan document: PDF text dump, web page text or markdown, UTF-8")

    s = _command(sub, "export", "write the whole graph to stdout", cmd_export)
    s.add_argument("--store", default=str(DEFAULT_STORE), metavar="DIR", help="the store to export")
    s.add_argument("--format", choices=["ttl", "nt", "nq", "trig", "jsonld"], required=True,
                   help="the RDF syntax (required)")

    s = _command(sub, "publish", "put the build into a SPARQL engine (Virtuoso, an Oxigraph server)", cmd_publish,
                 "Load the built store into another SPARQL engine through its SPARQL 1.1 Graph Store endpoint, "
                 "replacing the graph there; then `planlink serve --sparql-endpoint` serves it.")
    s.add_argument("--to", required=True, metavar="URL",
                   help="the engine's graph store: Oxigraph http://HOST:PORT/store, "
                        "Virtuoso http://HOST:PORT/sparql-graph-crud-auth")
    s.add_argument("--store", default=str(DEFAULT_STORE), metavar="DIR", help="the store to publish")
    s.add_argument("--user", default=None, help="user name at the engine, for Virtuoso's digest authentication (default: none)")
    s.add_argument("--password", default=None, help="password at the engine (default: none)")
    s.add_argument("--graph", default=None, metavar="IRI",
                   help="the named graph to replace (default: the default graph; in Virtuoso https://planlink.example/)")

    s = _command(sub, "validate", "check the built graph against the SHACL shapes", cmd_validate)
    s.add_argument("--store", default=str(DEFAULT_STORE), metavar="DIR", help="the store to check")
    return p


def _check_port_free(host: str, port: int) -> None:
    """One line saying what to do when the port is taken, rather than gunicorn's retries."""
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds
            probe.bind((host, port))
    except OSError as e:
        if e.errno == errno.EADDRINUSE:
            raise PlanlinkError(f"port {port} on {host} is in use by another program; stop it, or choose another port: "
                                f"planlink serve --port {port + 1} (with make: PORT={port + 1} make run)") from None
        if e.errno in (errno.EACCES, errno.EPERM):
            raise PlanlinkError(f"not allowed to listen on port {port}; choose a port above 1023: "
                                f"planlink serve --port 5000 (with make: PORT=5000 make run)") from None
        raise PlanlinkError(f"cannot listen on {host}:{port}: {e.strerror or e}") from None


def _version() -> str:
    try:
        return importlib.metadata.version("planlink")
    except importlib.metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown (not installed)"


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except PlanlinkError as e:
        print(f"planlink {args.command}: {e}", file=sys.stderr)
        return 1
    except Exception as e:
        # the store's errors (api/store/errors.py), one line too; looked up only if the store was
        # imported (only then can one have been raised), so `planlink --help` does not load it
        store_errors = sys.modules.get("planlink.api.store.errors")
        if store_errors is None or not isinstance(e, store_errors.StoreError):
            raise
        print(f"planlink {args.command}: {e}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
