"""The `planlink` command: one thin function per command over the core modules."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from scripts.errors import PlanlinkError

DEFAULT_STORE = Path("graph_data/build/store")
DEFAULT_SOURCES = Path("graph_data/sources")


def cmd_extract(args) -> int:
    from scripts.extract import extract_file

    extraction = extract_file(Path(args.file))
    json.dump(extraction, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def cmd_build(args) -> int:
    from scripts.build import build

    summary = build(sources=Path(args.sources), out=Path(args.out), progress=sys.stderr.isatty())
    print(json.dumps(summary, ensure_ascii=False), file=sys.stderr)
    return 0


def cmd_gaps(args) -> int:
    from scripts.extract import extract_file
    from scripts.link import gaps

    extractions = {x["plan"]["id"]: x for x in map(extract_file, sorted(Path(args.sources).glob("*.txt")))}
    if args.plan and args.plan not in extractions:
        raise PlanlinkError(f"no plan {args.plan!r} in {args.sources} (plans: {', '.join(sorted(extractions))})")
    rows = gaps(extractions, plan=args.plan)
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print("plan\tside\tid\ttitle\tno_counterpart_reason")
        for r in rows:
            print(f"{r['plan']}\t{r['side']}\t{r['id']}\t{r['title']}\t{r['no_counterpart_reason']}")
    return 0


def cmd_query(args) -> int:
    from api.store import open_store
    from scripts.query_output import format_results

    store = open_store(args.store)
    sys.stdout.write(format_results(store, args.sparql, args.format))
    return 0


def cmd_export(args) -> int:
    from api.store import open_store

    sys.stdout.buffer.write(open_store(args.store).export(args.format))
    return 0


def cmd_publish(args) -> int:
    from api.store import open_store
    from scripts.publish import publish

    ntriples = open_store(args.store).export("nt")
    summary = publish(ntriples, args.to, user=args.user, password=args.password, graph=args.graph)
    print(json.dumps(summary, ensure_ascii=False))
    return 0


def cmd_validate(args) -> int:
    from api.store import read_graph
    from scripts.validate import validate_graph

    conforms, report = validate_graph(read_graph(Path(args.store)))
    print(report)
    return 0 if conforms else 1


def cmd_serve(args) -> int:
    from api.serve import serve

    serve(store=args.store, host=args.host, port=args.port,
          query_timeout=args.query_timeout, sparql_endpoint=args.sparql_endpoint,
          workers=args.workers, query_memory_mb=args.query_memory)
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="planlink", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("extract", help="parse one plan document and print its extraction as JSON")
    s.add_argument("file")
    s.set_defaults(func=cmd_extract)

    s = sub.add_parser("build", help="build the graph from graph_data/sources into the store")
    s.add_argument("--out", default=str(DEFAULT_STORE))
    s.add_argument("--sources", default=str(DEFAULT_SOURCES))
    s.set_defaults(func=cmd_build)

    s = sub.add_parser("gaps", help="list national sections and provincial items with no counterpart")
    s.add_argument("--plan", default=None)
    s.add_argument("--sources", default=str(DEFAULT_SOURCES))
    s.add_argument("--format", choices=["table", "json"], default="table")
    s.set_defaults(func=cmd_gaps)

    s = sub.add_parser("query", help="run a read-only SPARQL query on the store")
    s.add_argument("sparql")
    s.add_argument("--store", default=str(DEFAULT_STORE))
    s.add_argument("--format", choices=["table", "json", "csv"], default="table")
    s.set_defaults(func=cmd_query)

    s = sub.add_parser("export", help="write the whole graph to stdout")
    s.add_argument("--store", default=str(DEFAULT_STORE))
    s.add_argument("--format", choices=["ttl", "nt", "nq", "trig", "jsonld"], required=True)
    s.set_defaults(func=cmd_export)

    s = sub.add_parser("publish", help="put the build into a SPARQL engine (Graph Store protocol URL)")
    s.add_argument("--to", required=True, metavar="URL",
                   help="the engine's graph store: Oxigraph http://HOST:PORT/store, "
                        "Virtuoso http://HOST:PORT/sparql-graph-crud-auth")
    s.add_argument("--store", default=str(DEFAULT_STORE))
    s.add_argument("--user", default=None)
    s.add_argument("--password", default=None)
    s.add_argument("--graph", default=None, help="the named graph to replace (default: the default graph; "
                                                 "in Virtuoso https://planlink.example/)")
    s.set_defaults(func=cmd_publish)

    s = sub.add_parser("validate", help="SHACL-validate the built graph")
    s.add_argument("--store", default=str(DEFAULT_STORE))
    s.set_defaults(func=cmd_validate)

    s = sub.add_parser("serve", help="serve the API with a production WSGI server")
    s.add_argument("--store", default=str(DEFAULT_STORE))
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=5000)
    s.add_argument("--workers", type=int, default=2)
    s.add_argument("--query-timeout", type=float, default=10.0)
    s.add_argument("--query-memory", type=int, default=2048, metavar="MB",
                   help="a worker that grows past this while queries run stops them (default 2048)")
    s.add_argument("--sparql-endpoint", default=None)
    s.set_defaults(func=cmd_serve)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except PlanlinkError as e:
        print(f"planlink {args.command}: {e}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
