"""Any SPARQL 1.1 endpoint, asked the same questions as the embedded store."""

from __future__ import annotations

import re
import threading
import time

import pyoxigraph

from api.store.check import check_query, is_graph_form
from api.store.errors import BackendError, QuerySyntaxError, QueryTimeout
from api.store.results import DEFAULT_MAX_RESULT_BYTES, Capped, serialize_result
from api.store.terms import EXPORT_FORMATS, GRAPH_TYPES, PREFIXES, Graph, bind, plain

class RemoteStore:
    """Any SPARQL 1.1 endpoint, asked with the same questions as the embedded store."""

    def __init__(self, endpoint: str, query_timeout: float = 10.0,
                 max_result_bytes: int = DEFAULT_MAX_RESULT_BYTES):
        import requests  # only the remote backend needs it

        self._requests = requests
        self.endpoint = endpoint
        self.query_timeout = query_timeout
        self.max_result_bytes = max_result_bytes
        self._local = threading.local()
        self.build_id = None  # unknown: a remote store may change at any time, so nothing is cached

    def _session(self):
        if not hasattr(self._local, "session"):
            self._local.session = self._requests.Session()
        return self._local.session

    def _fetch(self, query: str, accept: str) -> bytes:
        deadline = time.monotonic() + self.query_timeout
        try:
            response = self._session().post(
                self.endpoint, data=query.encode("utf-8"), stream=True,
                headers={"Content-Type": "application/sparql-query; charset=utf-8", "Accept": accept},
                timeout=(min(5.0, self.query_timeout), self.query_timeout))
            body = Capped(self.max_result_bytes)
            for chunk in response.iter_content(64 * 1024):
                body.write(chunk)
                if time.monotonic() > deadline:
                    response.close()
                    raise QueryTimeout(f"the endpoint took longer than {self.query_timeout:g} s")
        except self._requests.Timeout:
            raise QueryTimeout(f"the endpoint took longer than {self.query_timeout:g} s") from None
        except self._requests.RequestException as e:
            raise BackendError(f"the SPARQL endpoint {self.endpoint} failed: {e}") from None
        if response.status_code == 400:
            raise QuerySyntaxError(body.getvalue().decode("utf-8", "replace").strip()[:2000])
        if response.status_code != 200:
            raise BackendError(f"the SPARQL endpoint {self.endpoint} answered {response.status_code}: "
                               f"{body.getvalue().decode('utf-8', 'replace').strip()[:500]}")
        return body.getvalue()

    def _results(self, query: str):
        data = self._fetch(query, "application/sparql-results+json")
        try:
            return pyoxigraph.parse_query_results(data, format=pyoxigraph.QueryResultsFormat.JSON)
        except SyntaxError as e:
            raise BackendError(f"unreadable results from {self.endpoint}: {e}") from None

    def _triples(self, query: str):
        data = self._fetch(query, "application/n-triples")
        try:
            return [quad.triple for quad in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_TRIPLES)]
        except SyntaxError as e:
            raise BackendError(f"unreadable triples from {self.endpoint}: {e}") from None

    def select(self, query: str, bindings: dict | None = None) -> list[dict]:
        result = self._results(bind(query, bindings))
        names = [v.value for v in result.variables]
        return [{name: plain(row[name]) for name in names} for row in result]

    def construct(self, query: str, bindings: dict | None = None) -> Graph:
        return Graph(self._triples(bind(query, bindings)))

    def ask(self, query: str, bindings: dict | None = None) -> bool:
        return bool(self._results(bind(query, bindings)))

    def sparql(self, text: str, media_type: str, on_overrun=None) -> bytes:
        """A user's query, checked here and sent on as checked; the endpoint's parser says what is
        wrong with it (400). Not run locally: Oxigraph evaluates, and calls SERVICE, inside
        Store.query. on_overrun is not needed: the request to the endpoint has its own timeout."""
        form, text = check_query(text)
        text = _predeclare(text)
        if is_graph_form(form):
            return pyoxigraph.serialize(self._triples(text), format=GRAPH_TYPES[media_type], prefixes=PREFIXES)
        return serialize_result(self._results(text), media_type, self.max_result_bytes)

    run_here = sparql

    def export(self, fmt: str) -> bytes:
        triples = self._triples("CONSTRUCT WHERE { ?s ?p ?o }")
        return pyoxigraph.serialize(triples, format=EXPORT_FORMATS[fmt])

    def close(self):
        pass


_PREFIXED = re.compile(r"(?<![\w.:<?$/#-])(" + "|".join(re.escape(name) for name in PREFIXES) + r"):")


def _predeclare(text: str) -> str:
    """The predeclared prefixes a query uses without declaring them (the embedded store has them
    through Store.query's prefixes=), declared for the endpoint on one line before the query. A
    query that needs none is sent as it is; one that does sees the endpoint's error positions count
    that line. A name inside a string only adds a PREFIX that nothing uses."""
    used = set(_PREFIXED.findall(text))
    missing = [name for name in PREFIXES if name in used
               and not re.search(rf"PREFIX\s+{re.escape(name)}\s*:", text, re.IGNORECASE)]
    if not missing:
        return text
    return " ".join(f"PREFIX {name}: <{PREFIXES[name]}>" for name in missing) + "\n" + text
