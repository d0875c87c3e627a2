"""Running a query and serialising its answer in a media type, capped in size."""

from __future__ import annotations

import io

import pyoxigraph

from planlink.api.store.errors import QueryNotSupported, QuerySyntaxError, ResultTooLarge
from planlink.api.store.terms import BASE, GRAPH_TYPES, PREFIXES, RESULT_TYPES

DEFAULT_MAX_RESULT_BYTES = 32 * 1024 * 1024


class Capped(io.RawIOBase):
    """A byte sink that refuses to grow past `limit`."""

    def __init__(self, limit: int):
        self.limit, self.parts, self.size = limit, [], 0

    def writable(self):
        return True

    def write(self, chunk):
        self.size += len(chunk)
        if self.size > self.limit:
            raise ResultTooLarge(f"the result is larger than {self.limit} bytes; "
                                 "add a LIMIT or select fewer variables")
        self.parts.append(bytes(chunk))
        return len(chunk)

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


def serialize_result(result, media_type: str, max_bytes: int) -> bytes:
    """A pyoxigraph query result in the chosen media type, at most `max_bytes` long."""
    sink = Capped(max_bytes)
    try:
        if isinstance(result, pyoxigraph.QueryTriples):
            pyoxigraph.serialize(result, sink, format=GRAPH_TYPES[media_type], prefixes=PREFIXES)
        else:
            result.serialize(sink, format=RESULT_TYPES[media_type])
    except OSError:  # our ResultTooLarge comes back through the writer as an OSError
        if sink.size > sink.limit:
            raise ResultTooLarge(f"the result is larger than {sink.limit} bytes; "
                                 "add a LIMIT or select fewer variables") from None
        raise
    return sink.getvalue()


def run_query(store, text: str, media_type: str, max_bytes: int) -> bytes:
    """A checked query's answer (see check.check_query: never a user's text as it came). Relative
    IRIs are resolved against the dataset's base, the service-defined base the protocol allows; the
    common prefixes (terms.PREFIXES) are predeclared, as the Wikidata Query Service does, so a
    query may use pl:, dcterms:, skos:… without declaring them (its own PREFIX wins)."""
    try:
        result = store.query(text, base_iri=BASE, prefixes=PREFIXES)
        return serialize_result(result, media_type, max_bytes)
    except SyntaxError as e:
        raise QuerySyntaxError(str(e)) from None
    except RuntimeError as e:  # the engine's evaluation errors: an unknown function, say
        raise QueryNotSupported(f"the query cannot be evaluated: {e}") from None

