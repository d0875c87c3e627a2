"""The only package that talks to a triple store: the embedded Oxigraph store on disk
(`LocalStore`) or any SPARQL 1.1 endpoint (`RemoteStore`).

Both answer the same questions with plain Python values:

- `select(query, bindings)` → list of `{variable: value}` rows (IRIs as `IRI`, literals
  as str/int/float/bool);
- `construct(query, bindings)` → a `Graph` that serialises itself;
- `ask(query, bindings)` → bool;
- `sparql(text, media_type, on_overrun)` → bytes: a user's query for the SPARQL protocol,
  checked (read-only, no SERVICE), cut off after the time limit, capped in size. Under
  `planlink serve` it runs in the request thread under the worker's watchdog
  (api/watchdog.py); elsewhere in a sandbox process killed at the limit.

User values never enter a query string by pasting: both stores add them as a `VALUES`
block of escaped terms (`terms.bind`, the one place that writes terms into query text).

The rooms: errors (what can fail), terms (plain values, prefixes, `bind`), check (what a user's
query is and whether it may run), results (running and capped serialisation), sandbox (query
processes), local and remote (the two stores), write (the build's one door), app (Flask glue).
"""

from api.store.app import close_store, connect, get_store, init_app, open_store, read_graph
from api.store.check import is_graph_form, query_form
from api.store.errors import (BackendError, QueryError, QuerySyntaxError, QueryTimeout, QueryTooLarge,
                              ResultTooLarge, ServerBusy, ServiceRefused, StoreMissing, UpdateRefused,
                              out_of_memory, timed_out)
from api.store.local import LocalStore, build_stamp
from api.store.remote import RemoteStore
from api.store.results import DEFAULT_MAX_RESULT_BYTES
from api.store.terms import (BASE, EXPORT_FORMATS, GRAPH_TYPES, IRI, PREFIXES, RESULT_TYPES, BNode, Graph, Lit,
                              bind, graph_from_turtle)
from api.store.memo import BuildMemo, memoised
from api.store.write import BUILD, stamp_triple, write_store

__all__ = ["BUILD", "BuildMemo", "memoised", "stamp_triple", "BASE", "DEFAULT_MAX_RESULT_BYTES", "EXPORT_FORMATS", "GRAPH_TYPES", "IRI", "PREFIXES",
           "RESULT_TYPES", "BNode", "BackendError", "Graph", "Lit", "LocalStore", "QueryError",
           "QuerySyntaxError", "QueryTimeout", "QueryTooLarge", "RemoteStore", "ResultTooLarge",
           "ServerBusy", "ServiceRefused", "StoreMissing", "UpdateRefused", "bind", "build_stamp",
           "close_store", "connect", "get_store", "graph_from_turtle", "init_app", "is_graph_form",
           "open_store", "out_of_memory", "read_graph", "query_form", "timed_out", "write_store"]
