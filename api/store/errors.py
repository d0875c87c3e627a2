"""The store's exceptions: what a query or a store can fail with, each a one-line message."""

from __future__ import annotations


class StoreError(Exception):
    """Base class: what a store or a query fails with, as a one-line message (the CLI prints it as
    it prints the loaders' errors)."""


class StoreMissing(StoreError):
    """No built store at the given path."""


class QueryError(StoreError):
    """A query that cannot be answered; subclasses say why."""


class QuerySyntaxError(QueryError):
    """The text is not a valid SPARQL query (the parser's message)."""


class QueryTooComplex(QuerySyntaxError):
    """A query past the checker's limits of length, nesting or tokens (answered as a bad request)."""


class QueryNotSupported(QuerySyntaxError):
    """A query the engine parses but cannot evaluate: an unknown function (answered as a bad request)."""


class UpdateRefused(QueryError):
    """SPARQL Update sent to a read-only service."""


class ServiceRefused(QueryError):
    """A query that asks to federate to another endpoint (SERVICE)."""


class QueryTimeout(QueryError):
    """The query ran past the time limit and was stopped."""


class ResultTooLarge(QueryError):
    """The serialised result is larger than the configured cap."""


class QueryTooLarge(ResultTooLarge):
    """The query needed more memory than the server allows and was stopped."""


def timed_out(limit_seconds: float) -> QueryTimeout:
    return QueryTimeout(f"the query ran longer than the limit of {limit_seconds:g} s and was stopped")


def out_of_memory(limit_bytes: int) -> QueryTooLarge:
    return QueryTooLarge(f"the server ran short of memory for queries (limit {limit_bytes >> 20} MB) and stopped "
                         "this one; a query that sorts, groups or joins fewer rows may succeed")


class ServerBusy(QueryError):
    """No room to run the query now; a retry soon will find some."""


class EngineFault(QueryError):
    """The engine aborted on this query in its query process (the server is unaffected)."""


class BackendError(QueryError):
    """The remote SPARQL endpoint failed or could not be reached."""

