"""Any SPARQL 1.1 endpoint, asked the same questions as the embedded store."""

from __future__ import annotations

import re
import threading
import time

import pyoxigraph

from planlink.api.store import dialect as dialects
from planlink.api.store.check import check_query, is_graph_form
from planlink.api.store.errors import BackendError, QueryError, QuerySyntaxError, QueryTimeout
from planlink.api.store.memo import BuildMemo
from planlink.api.store.results import DEFAULT_MAX_RESULT_BYTES, Capped, serialize_result
from planlink.api.store.terms import BASE, EXPORT_FORMATS, GRAPH_TYPES, PREFIXES, Graph, bind, plain
from planlink.api.store.write import BUILD, STAMP_PREDICATE

STAMP_QUERY = f"SELECT ?stamp WHERE {{ <{BUILD}> <{STAMP_PREDICATE}> ?stamp }} LIMIT 1"
STAMP_CHECK_SECONDS = 1.0  # how stale the build id may be: a new build is seen within a second

class RemoteStore:
    """Any SPARQL 1.1 endpoint, asked with the same questions as the embedded store."""

    def __init__(self, endpoint: str, query_timeout: float = 10.0,
                 max_result_bytes: int = DEFAULT_MAX_RESULT_BYTES, graph: str | None = None):
        import requests  # only the remote backend needs it

        self._requests = requests
        self.endpoint = endpoint
        self.graph = graph
        self.query_timeout = query_timeout
        self.max_result_bytes = max_result_bytes
        self._local = threading.local()
        self._dialect = None
        self._lock = threading.Lock()
        self._checked = float("-inf")
        self._build_id = None
        self._memo = None

    @property
    def dialect(self) -> dialects.Standard:
        """The endpoint's dialect, from its Server header (asked once, with a plain GET ASK)."""
        if self._dialect is None:
            try:
                answer = self._session().get(self.endpoint, params={"query": "ASK {}"},
                                             headers={"Accept": "application/sparql-results+json"},
                                             timeout=min(5.0, self.query_timeout))
                server = answer.headers.get("Server")
            except self._requests.RequestException:
                return dialects.Standard(self.graph)  # unreachable now: ask again next time
            found = dialects.detect(server, self.graph)
            if found.name == "virtuoso" and self.graph is None:
                found.graph = BASE  # where `planlink publish` puts a build in Virtuoso
            self._dialect = found
        return self._dialect

    @property
    def build_id(self) -> str | None:
        """The stamp of the build the endpoint serves (`<…/build> dcterms:identifier`), read at most
        once a second; None when it has none or cannot be asked, and then nothing is kept."""
        now = time.monotonic()
        if now - self._checked > STAMP_CHECK_SECONDS:
            with self._lock:
                if now - self._checked > STAMP_CHECK_SECONDS:
                    try:
                        rows = self.select(STAMP_QUERY)
                        self._build_id = str(rows[0]["stamp"]) if rows else None
                    except QueryError:
                        self._build_id = None
                    self._checked = time.monotonic()
        return self._build_id

    def renew_memo(self) -> None:
        """Forget what the memo holds (benchmarks timing cold answers; a new build does this itself)."""
        self._memo = BuildMemo(self._build_id) if self._build_id is not None else None

    @property
    def memo(self) -> BuildMemo | None:
        """The per-build memo of the stamped build the endpoint serves (None: no stamp, nothing kept)."""
        build_id = self.build_id
        if build_id is None:
            return None
        memo = self._memo
        if memo is None or memo.build_id != build_id:
            memo = self._memo = BuildMemo(build_id)
        return memo

    def _session(self):
        if not hasattr(self._local, "session"):
            self._local.session = self._requests.Session()
        return self._local.session

    def _fetch(self, query: str, accept: str) -> bytes:
        deadline = time.monotonic() + self.query_timeout
        try:
            dialect = self.dialect
            request = dialect.request(query, self.query_timeout)
            request["headers"]["Accept"] = accept
            response = self._session().post(self.endpoint, stream=True, **request,
                                            timeout=(min(5.0, self.query_timeout), self.query_timeout))
            dialect.check(response, self.query_timeout)
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
        checked = check_query(text)
        form, text = checked.form, checked.text
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
