"""The only package that talks to a triple store: the embedded Oxigraph store on disk
(`LocalStore`) or any SPARQL 1.1 endpoint (`RemoteStore`).

Both answer the same questions with plain Python values:

- `select(query, bindings)` → list of `{variable: value}` rows (IRIs as `IRI`, literals
  as str/int/float/bool);
- `construct(query, bindings)` → a `Graph` that serialises itself;
- `ask(query, bindings)` → bool;
- `sparql(text, media_type)` → bytes: a user's query for the SPARQL protocol, checked
  (read-only, no SERVICE), cut off after the time limit by the store's QueryRunner (runner:
  query processes, or, in a `planlink serve` worker, the request thread under a watchdog),
  capped in size.

User values never enter a query string by pasting: both stores add them as a `VALUES`
block of escaped terms (`terms.bind`, the one place that writes terms into query text).

The rooms: errors (what can fail), terms (plain values, prefixes, `bind`), check (what a user's
query is and whether it may run), results (running and capped serialisation), sandbox (query
processes), watchdog and runner (how a user's query is stopped at its limit), local and remote (the two stores), write (the build's one door), search_index (the text index a build writes beside its triples), app (Flask glue).
"""

from planlink.api.store.app import close_store, connect, get_store, init_app, open_store, read_graph, use_runner
from planlink.api.store.check import MAX_DEPTH, MAX_QUERY_CHARS, MAX_TOKENS, Checked, check_query, is_graph_form, query_form
from planlink.api.store.errors import (BackendError, EngineFault, QueryError, QueryNotSupported, QuerySyntaxError, QueryTimeout,
                              QueryTooComplex, QueryTooLarge,
                              ResultTooLarge, ServerBusy, ServiceRefused, StoreError, StoreMissing, UpdateRefused,
                              out_of_memory, timed_out)
from planlink.api.store.local import LocalStore, build_stamp
from planlink.api.store.remote import RemoteStore
from planlink.api.store.runner import QueryRunner, SandboxRunner, WatchdogRunner
from planlink.api.store.results import DEFAULT_MAX_RESULT_BYTES
from planlink.api.store.terms import (BASE, EXPORT_FORMATS, GRAPH_TYPES, IRI, PREFIX_DECLARATIONS, PREFIXES, RESULT_TYPES,
                              BNode, Graph, Lit, bind, graph_from_turtle)
from planlink.api.store.memo import BuildMemo, memoised
from planlink.api.store.write import BUILD, stamp_triple, write_store

__all__ = ["BUILD", "BuildMemo", "memoised", "stamp_triple", "BASE", "DEFAULT_MAX_RESULT_BYTES", "EXPORT_FORMATS", "GRAPH_TYPES", "IRI", "MAX_DEPTH",
           "MAX_QUERY_CHARS", "MAX_TOKENS", "PREFIX_DECLARATIONS", "PREFIXES", "RESULT_TYPES", "BNode", "BackendError", "Checked", "EngineFault", "Graph",
           "Lit", "LocalStore", "QueryError", "QueryNotSupported", "QuerySyntaxError", "QueryTimeout",
           "QueryTooComplex", "QueryTooLarge", "RemoteStore", "ResultTooLarge", "ServerBusy", "ServiceRefused",
           "StoreError", "StoreMissing", "UpdateRefused", "bind", "build_stamp", "check_query", "close_store", "connect",
           "get_store", "graph_from_turtle", "init_app", "is_graph_form", "open_store", "out_of_memory",
           "query_form", "read_graph", "timed_out", "use_runner", "write_store",
           "QueryRunner", "SandboxRunner", "WatchdogRunner"]
