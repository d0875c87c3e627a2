"""Past one machine, measured on one: R planlink replicas behind nginx, all reading one SPARQL
engine (Virtuoso, loaded by `planlink publish`; `--engine oxigraph` for an Oxigraph server).
Prints the throughput through nginx with one replica and with two (each replica one gunicorn
worker, so the replica count is what changes) for three loads: a JSON page the replicas
answer from their response cache, a search the engine answers each time, and SPARQL passed on.

    .venv/bin/python benchmarks/replicas.py [--store DIR] [--seconds 10] [--connections 16] [--engine virtuoso]

Needs nginx and virtuoso-t (Debian: nginx-light, virtuoso-opensource). Everything started here
runs on loopback and is stopped at the end.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import api_bench  # noqa: E402
from api_bench import Server, free_port, load  # noqa: E402

PLANLINK = str(Path(sys.executable).parent / "planlink")
LOADS = {
    "JSON page (cached per replica)": "/api/v1/indicators?plan=jiangsu&limit=20",
    "search (the engine each time)": "/api/v1/search?limit=20&q=" + quote("社区") + "__N__",
    "SPARQL passed on": "/sparql?query=" + quote("SELECT ?t WHERE { ?t a <https://planlink.example/def/IndicatorTarget> } LIMIT ") + "__N__",
}


def engine(kind: str, store: Path, work: Path) -> tuple[Server, str]:
    """(the engine, its SPARQL endpoint), loaded with the build by `planlink publish`."""
    if kind == "oxigraph":
        server = Server("oxigraph", [str(Path(sys.executable).parent / "oxigraph"), "serve", "--location",
                                     str(work / "oxigraph"), "--bind", "127.0.0.1:{port}"], "/query?query=ASK%7B%7D")
        subprocess.run([PLANLINK, "publish", "--to", server.url + "/store", "--store", str(store)], check=True,
                       stdout=subprocess.DEVNULL)
        return server, server.url + "/query"
    server = Server("virtuoso", [str(ROOT / "deploy" / "virtuoso" / "start.sh"), str(work / "virtuoso"),
                                 str(free_port()), "{port}"], "/sparql?query=ASK%7B%7D")
    subprocess.run([PLANLINK, "publish", "--to", server.url + "/sparql-graph-crud-auth", "--store", str(store),
                    "--user", "dba", "--password", "dba"], check=True, stdout=subprocess.DEVNULL)
    return server, server.url + "/sparql"


def nginx(replicas: list[Server], work: Path) -> Server:
    """nginx with deploy/nginx/planlink.conf.in, the replicas as its upstream, on a free port."""
    directory = work / f"nginx-{len(replicas)}"
    directory.mkdir(parents=True, exist_ok=True)
    servers = "\n".join(f"        server 127.0.0.1:{r.port};" for r in replicas)
    config = (ROOT / "deploy" / "nginx" / "planlink.conf.in").read_text()
    (directory / "nginx.conf.in").write_text(config.replace("@DIR@", str(directory)).replace("@SERVERS@", servers))
    render = f"sed 's/@PORT@/{{port}}/' {directory}/nginx.conf.in > {directory}/nginx.conf"
    return Server("nginx", ["sh", "-c", f"{render} && exec nginx -c {directory}/nginx.conf -e {directory}/error.log"],
                  "/api/v1/plans")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", default=None, help="a built store (default: build the shipped plans)")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--engine", choices=["virtuoso", "oxigraph"], default="virtuoso")
    parser.add_argument("--keep", action="store_true", help="keep the work directory (logs)")
    args = parser.parse_args(argv)
    store = api_bench.built_store(args.store)
    work = Path(tempfile.mkdtemp(prefix="planlink-replicas-"))
    started = []
    try:
        shared, endpoint = engine(args.engine, store, work)
        started.append(shared)
        replicas = []
        results = {}
        for count in (1, 2):
            while len(replicas) < count:
                replica = Server(f"planlink-{len(replicas) + 1}", [PLANLINK, "serve", "--port", "{port}", "--workers", "1",
                                                                   "--sparql-endpoint", endpoint, "--proxies", "1"],
                                "/api/v1/plans")
                replicas.append(replica)
                started.append(replica)
            proxy = nginx(replicas, work)
            try:
                time.sleep(1)
                for name, path in LOADS.items():
                    accept = "application/sparql-results+json" if path.startswith("/sparql") else "application/json"
                    load(proxy, path, 1, args.connections, accept)  # warm-up: caches, keep-alive connections
                    results[(count, name)] = load(proxy, path, args.seconds, args.connections, accept)
                    print(f"{count} replica(s)  {name:32s} {results[(count, name)]}", flush=True)
            finally:
                proxy.stop()
        print()
        for name in LOADS:
            one, two = results[(1, name)], results[(2, name)]
            print(f"{name:32s} 1 → 2 replicas: {one.rps:7.0f} → {two.rps:7.0f} req/s ({two.rps / one.rps:.2f}×)")
    finally:
        for server in reversed(started):
            server.stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
