"""What differs between SPARQL engines, in one place: how a query is sent to an endpoint and how
its answer is read. `detect` picks the dialect from the endpoint's own `Server` header.

Each difference is named where it is handled. Differences no request can paper over are named
here too: Virtuoso's DESCRIBE returns its own choice of triples (planlink's pages use CONSTRUCT,
describe.rq, so they agree across engines; a user's DESCRIBE may not), and Virtuoso caps every
answer at ResultSetMaxRows (10,000 by default, silently): deploy/virtuoso/virtuoso.ini.in lifts it,
since the lists read the keys of whole collections.
"""

from __future__ import annotations

from planlink.api.store.errors import QueryTimeout


class Standard:
    """The SPARQL 1.1 Protocol as Oxigraph, Fuseki, QLever and GraphDB implement it."""

    name = "standard"

    def __init__(self, graph: str | None = None):
        self.graph = graph  # the default graph to ask (None: the endpoint's own default graph)

    def request(self, query: str, timeout: float) -> dict:
        """The keyword arguments of the POST that asks `query`."""
        params = {"default-graph-uri": self.graph} if self.graph else None
        return {"data": query.encode("utf-8"), "params": params,
                "headers": {"Content-Type": "application/sparql-query; charset=utf-8"}}

    def check(self, response, timeout: float) -> None:
        """Raise for an answer that is not whole."""


class Virtuoso(Standard):
    name = "virtuoso"

    def request(self, query: str, timeout: float) -> dict:
        data = {"query": query,
                # Virtuoso's "anytime query" limit, in ms: without it a query planlink has given up
                # on runs on (closing the socket does not stop it) and keeps a core busy for minutes.
                "timeout": str(max(1, int(timeout * 1000)))}
        if self.graph:
            # Virtuoso's default graph is every graph it holds, its own system graphs (virtrdf:)
            # included: ask the published graph only, as the embedded store's default graph.
            data["default-graph-uri"] = self.graph
        # A POST with Content-Type application/sparql-query hangs on Virtuoso 7.2: send a form.
        return {"data": data, "params": None, "headers": {}}

    def check(self, response, timeout: float) -> None:
        # An anytime query past its limit answers 200 with the rows found so far, marked only by
        # X-SQL-State: S1TAT: a timeout here, never a silently partial answer.
        if response.headers.get("X-SQL-State", "").startswith("S1TAT"):
            raise QueryTimeout(f"the endpoint took longer than {timeout:g} s")


def detect(server_header: str | None, graph: str | None) -> Standard:
    """The dialect of an endpoint that says `Server: server_header`."""
    if server_header and server_header.lower().startswith("virtuoso"):
        return Virtuoso(graph)
    return Standard(graph)
