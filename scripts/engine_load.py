"""`planlink publish --to URL`: put a build into another SPARQL engine, through the SPARQL 1.1
Graph Store HTTP Protocol (Oxigraph server: http://HOST:PORT/store; Virtuoso:
http://HOST:PORT/sparql-graph-crud-auth with --user/--password, digest authentication).

The triples go in chunks: the first replaces the graph (PUT), the others add to it (POST). The
build stamp goes last, so a server reading the engine (`planlink serve --sparql-endpoint`) sees
the new build's stamp only once all of it is in, and keeps nothing while the graph is partial
(no stamp, no memo). In Virtuoso the build goes into the named graph https://planlink.example/
(its default graph is every graph it holds); elsewhere into the default graph.
"""

from __future__ import annotations

from planlink.scripts.errors import PlanlinkError

CHUNK_BYTES = 16 * 1024 * 1024
GRAPH = "https://planlink.example/"


class PublishError(PlanlinkError):
    """The engine refused the build, or could not be reached."""


def chunks(ntriples: bytes, stamp_subject: bytes, size: int = CHUNK_BYTES) -> list[bytes]:
    """N-Triples cut at line ends into pieces of about `size`, the stamp's line in the last piece."""
    lines = ntriples.splitlines(keepends=True)
    stamp = [line for line in lines if line.startswith(stamp_subject)]
    body = [line for line in lines if not line.startswith(stamp_subject)]
    pieces, current, length = [], [], 0
    for line in body:
        current.append(line)
        length += len(line)
        if length >= size:
            pieces.append(b"".join(current))
            current, length = [], 0
    pieces.append(b"".join(current + stamp))
    return pieces


def publish(ntriples: bytes, url: str, stamp_subject: str, user: str | None = None, password: str | None = None,
            graph: str | None = None, timeout: float = 600.0) -> dict:
    """Replace the graph at the Graph Store endpoint `url` with `ntriples`, the lines about
    `stamp_subject` (the build stamp's IRI, the store's to say) last; returns a summary."""
    import requests
    from requests.auth import HTTPBasicAuth, HTTPDigestAuth

    session = requests.Session()
    try:
        server = session.head(url, timeout=10).headers.get("Server", "")
    except requests.RequestException as e:
        raise PublishError(f"cannot reach {url}: {e}") from None
    virtuoso = server.lower().startswith("virtuoso")
    if user is not None:
        session.auth = (HTTPDigestAuth if virtuoso else HTTPBasicAuth)(user, password or "")
    graph = graph or (GRAPH if virtuoso else None)
    params = {"graph": graph} if graph else {"default": ""}
    pieces = chunks(ntriples, f"<{stamp_subject}>".encode())
    for number, piece in enumerate(pieces):
        method = session.put if number == 0 else session.post
        try:
            answer = method(url, params=params, data=piece, timeout=timeout,
                            headers={"Content-Type": "application/n-triples"})
        except requests.RequestException as e:
            raise PublishError(f"{url} failed on part {number + 1} of {len(pieces)}: {e}") from None
        if answer.status_code >= 300:
            raise PublishError(f"{url} answered {answer.status_code} on part {number + 1} of {len(pieces)}: "
                               f"{answer.text.strip()[:300]}")
    return {"to": url, "graph": graph or "default", "engine": server.split()[0] if server else None,
            "bytes": len(ntriples), "parts": len(pieces)}
