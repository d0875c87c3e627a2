"""What a user's query is (its form) and whether it may run here (read-only, no SERVICE)."""

from __future__ import annotations

import functools
import re

from api.store.errors import ServiceRefused, UpdateRefused

# Tokens of a query text; only words are captured (findall gives "" for the rest): comments,
# strings, IRIs and variables are skipped whole, and runs of characters that start no token.
_TOKEN = re.compile(r"""
    \#[^\n]*
  | '''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
  | '(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"
  | <[^<>"{}|^`\\\x00-\x20]*>
  | [?$]\w+
  | ([A-Za-z_][\w\-.]*(?::[^\s(){}\[\],;]*)?|:[^\s(){}\[\],;]*)
  | [^\sA-Za-z_:\#'"<?$]+
  | \S
""", re.X | re.S)
_FORMS = {"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"}
_UPDATES = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


@functools.lru_cache(maxsize=256)  # the view and the store both ask about the same text
def query_form(text: str) -> str | None:
    """SELECT, CONSTRUCT, DESCRIBE or ASK, read from the query text (comments, strings and
    IRIs skipped); None when there is no such keyword (the parser will say what is wrong).

    Raises UpdateRefused for SPARQL Update and ServiceRefused for SERVICE.
    """
    form = None
    for word in _TOKEN.findall(text):
        if not word or ":" in word:
            continue
        word = word.upper()
        if word == "SERVICE":
            raise ServiceRefused("SERVICE is not allowed: this endpoint does not federate queries "
                                 "to other endpoints")
        if form is None and word in _UPDATES:
            raise UpdateRefused(f"this endpoint is read-only: SPARQL Update ({word}) is not accepted")
        if form is None and word in _FORMS:
            form = word
    return form


def is_graph_form(form: str | None) -> bool:
    return form in ("CONSTRUCT", "DESCRIBE")

