"""What a user's query is (its form) and whether it may run here: read-only, no SERVICE, and
small and shallow enough that the engine's parser cannot overflow its stack.

pyoxigraph has no parse-only call, and `Store.query` already calls a SERVICE endpoint before it
returns, so the check cannot ask the engine. Instead the query is cut into the tokens of the
SPARQL grammar (§19.8) by one regular expression, the decisions are taken on those tokens, and
the engine is given a text rebuilt from them (`Checked.text`): comments blanked (a comment ends
at \\r as well as \\n), so that what the engine parses is what was checked. Where Oxigraph 0.5's
parser (a PEG with no separate lexer) reads a text differently from the grammar, the tokens
follow Oxigraph: a local name has at most one dotted part (`e:a.b.c` is `e:a.b` `.` `c`), a
keyword needs no word boundary (`SERVICEx:y` is SERVICE `x:y`, `trueSERVICE` is true SERVICE),
so bare words must be keywords and prefixes may not contain SERVICE, and `<` after an operand
inside parentheses may be the less-than operator, so such an IRI has its `#'()!+-*/&[]`
written as \\u escapes, which the engine reads back in an IRI and refuses as code.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from planlink.api.store.errors import QuerySyntaxError, QueryTooComplex, ServiceRefused, UpdateRefused

MAX_QUERY_CHARS = 1_000_000  # the server's body limit; GET URLs are shorter still
MAX_DEPTH = 100  # brackets; the engine's parser overflows an 8 MB stack at 835 nested NOT EXISTS
MAX_TOKENS = 4000  # and comments, outside VALUES data; flat chains overflow it from 9,452 `!` or 2,625 BINDs

_BASE = ("A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c\u200d"
         "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd")  # PN_CHARS_BASE (as Oxigraph)
_U = _BASE + "_"
_CHARS = _U + r"\-0-9\u00b7\u0300-\u036f\u203f\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_LOCAL = rf"(?:[{_U}:0-9]|{_PLX})(?:[{_CHARS}:]++|{_PLX})*+(?:\.++(?:[{_CHARS}:]++|{_PLX})++)?+"  # Oxigraph's PN_LOCAL
_ECHAR = r"""\\[tbnrf"'\\]"""
_TOKEN = re.compile(rf"""  # alternatives by how often they occur; most fail on their first character
    [ \t\r\n]*+(?:
    (?P<word>[A-Za-z][A-Za-z0-9_]*+)(?![{_CHARS}:]|\.++[{_CHARS}])  # else a prefixed name, below
  | (?P<term>[?$][{_U}0-9][{_U}0-9\u00b7\u0300-\u036f\u203f\u2040]*+)
  | (?P<iri><[^<>"{{}}|^`\\\x00-\x20]*+>)
  | (?P<pname>(?:[{_BASE}][{_CHARS}]*+(?:\.++[{_CHARS}]++)*+)?+:(?:{_LOCAL})?+)
  | (?P<open><<\(|<<|\{{\||[{{(\[])
  | (?P<close>\)>>|>>|\|\}}|[}})\]])
  | (?P<number>[0-9]++\.[0-9]*+[eE][+-]?+[0-9]++|\.[0-9]++[eE][+-]?+[0-9]++|[0-9]++[eE][+-]?+[0-9]++
     |[0-9]*+\.[0-9]++|[0-9]++)
  | (?P<punct>\^\^|&&|\|\||!=|<=|>=|[,;.*+\-/!=<>|^?~])
  | (?P<string>'''(?:[^'\\]++|{_ECHAR}|'{{1,2}}+(?=[^'\\]|{_ECHAR}))*+'''
     |\"\"\"(?:[^"\\]++|{_ECHAR}|"{{1,2}}+(?=[^"\\]|{_ECHAR}))*+\"\"\"
     |'(?:[^'\\\n\r]++|{_ECHAR})*+'|"(?:[^"\\\n\r]++|{_ECHAR})*+")
  | (?P<comment>\#[^\r\n]*+)
  | (?P<label>_:[{_U}0-9][{_CHARS}]*+(?:\.++[{_CHARS}]++)*+|@[a-zA-Z]++(?:-[a-zA-Z0-9]++)*+(?:--[a-zA-Z]++)?+)
  | (?P<bare>[A-Za-z][A-Za-z0-9_]*+)
  | (?P<bad>[^ \t\r\n])
  | \Z)""", re.X)

# The keywords of Oxigraph 0.5's grammar (its i("…") rules); any other bare word is an error.
_KEYWORDS = frozenset("""
    ABS ADD ADJUST ALL AS ASC ASK AVG BASE BIND BNODE BOUND BY CEIL CLEAR COALESCE CONCAT CONSTRUCT
    CONTAINS COPY COUNT CREATE DATA DATATYPE DAY DEFAULT DELETE DESC DESCRIBE DISTINCT DROP
    ENCODE_FOR_URI EXISTS FALSE FILTER FLOOR FROM GRAPH GROUP GROUP_CONCAT HASLANG HASLANGDIR HAVING
    HOURS IF IN INSERT INTO IRI ISBLANK ISIRI ISLITERAL ISNUMERIC ISTRIPLE ISURI LANG LANGDIR
    LANGMATCHES LATERAL LCASE LIMIT LOAD MAX MD5 MIN MINUS MINUTES MONTH MOVE NAMED NOT NOW OBJECT
    OFFSET OPTIONAL ORDER PREDICATE PREFIX RAND REDUCED REGEX REPLACE ROUND SAMETERM SAMPLE SECONDS
    SELECT SEPARATOR SERVICE SHA1 SHA256 SHA384 SHA512 SILENT STR STRAFTER STRBEFORE STRDT STRENDS
    STRLANG STRLANGDIR STRLEN STRSTARTS STRUUID SUBJECT SUBSTR SUM TIMEZONE TO TRIPLE TRUE TZ UCASE
    UNDEF UNION URI USING UUID VALUES VERSION WHERE WITH YEAR""".split())
_FORMS = {"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"}
_UPDATES = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_IN_MISREAD_IRI = re.compile(r"[#'()!+\-*/&\[\]]")  # what would be code, a comment or a string
_INERT = frozenset(("term", "number", "string", "label"))  # tokens that decide nothing here
_SERVICE = "SERVICE is not allowed: this endpoint does not federate queries to other endpoints"


class Checked(NamedTuple):
    form: str | None  # SELECT, CONSTRUCT, DESCRIBE, ASK; None when there is none (the engine says why)
    text: str  # what the engine is given: the query as checked
    sorts: bool = False  # it has ORDER BY: Oxigraph 0.5 may abort sorting terms of several kinds (run apart)


def _where(text: str, at: int) -> str:
    line = text.count("\n", 0, at) + 1
    return f"{line}:{at - (text.rfind(chr(10), 0, at) + 1) + 1}"


def _decode_escapes(text: str) -> str:
    """SPARQL 1.1 §19.2: \\u and \\U escapes are read before the grammar, anywhere in the text
    (`SERV\\u0049CE` is SERVICE). Decoded here once; an escape that decodes into another escape
    is refused, so that no reader, decoding or not, can find a different query in the text."""
    try:
        decoded = _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)
        decoded.encode("utf-8")
    except (ValueError, UnicodeEncodeError):
        raise QuerySyntaxError("a \\u or \\U escape does not name a Unicode character") from None
    if _ESCAPE.search(decoded):
        raise QuerySyntaxError("a \\u or \\U escape spells another escape")
    return decoded


@functools.lru_cache(maxsize=256)  # the view and the store both ask about the same text
def check_query(text: str) -> Checked:
    """The form of a user's query and the text to run, or the reason it may not run.

    Raises UpdateRefused for SPARQL Update, ServiceRefused for SERVICE, QueryTooComplex past
    MAX_QUERY_CHARS, MAX_DEPTH or MAX_TOKENS, QuerySyntaxError for what no SPARQL lexer reads.
    """
    if len(text) > MAX_QUERY_CHARS:
        raise QueryTooComplex(f"the query is longer than {MAX_QUERY_CHARS} characters")
    if "\\u" in text or "\\U" in text:
        text = _decode_escapes(text)
    form = None
    sorts = False
    depth = tokens = values_tokens = 0
    values_at = -1  # the depth a VALUES data block was opened at (its tokens are not counted)
    values_next = False
    edits = []  # (start, end, replacement) in the text
    brackets = []  # the open brackets, for the IRIs that may be read as `<` ... `>`
    after_operand = False  # the previous token may end an operand (not `(` or `,`)
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        tokens += 1
        if values_at >= 0:
            values_tokens += 1
        elif tokens - values_tokens > MAX_TOKENS:
            raise QueryTooComplex(f"the query has more than {MAX_TOKENS} tokens (words, terms, signs and "
                                  "comments) outside VALUES blocks")
        if kind in _INERT:
            after_operand = True
        elif kind == "punct":
            after_operand = m[kind] != ","
        elif kind == "iri":
            if after_operand and brackets and brackets[-1] == "(" and _IN_MISREAD_IRI.search(m[kind]):
                edits.append((m.start(kind), m.end(kind), _IN_MISREAD_IRI.sub(
                    lambda c: f"\\u{ord(c.group()):04X}", m[kind])))
            after_operand = True
        elif kind == "word" or kind == "bare":
            value = m[kind]
            word = value.upper()
            if word not in _KEYWORDS and value != "a":
                if "SERVICE" in word:  # Oxigraph reads SERVICE inside SERVICESILENT, trueSERVICE …
                    raise ServiceRefused(_SERVICE)
                raise QuerySyntaxError(f"error at {_where(text, m.start(kind))}: unknown word {value!r}")
            if word == "SERVICE":
                raise ServiceRefused(_SERVICE)
            if form is None:
                if word in _FORMS:
                    form = word
                elif word in _UPDATES:
                    raise UpdateRefused(f"this endpoint is read-only: SPARQL Update ({word}) is not accepted")
            if word == "VALUES":
                values_next = True
            sorts = sorts or word == "ORDER"
            after_operand = True
        elif kind == "open":
            depth += 1
            if depth > MAX_DEPTH:
                raise QueryTooComplex(f"the query nests brackets more than {MAX_DEPTH} deep")
            value = m[kind]
            brackets.append(value[-1])
            if values_next and value == "{":
                values_at, values_next = depth - 1, False
            after_operand = False
        elif kind == "close":
            if depth:  # a stray closer is an error to the engine; it hides no depth
                depth -= 1
                brackets.pop()
            if depth == values_at:
                values_at = -1
            after_operand = True
        elif kind == "pname":
            value = m[kind]
            if "SERVICE" in value[:value.index(":")].upper():
                raise ServiceRefused(_SERVICE + " (a prefix whose name holds SERVICE is read as the keyword)")
            after_operand = True
        elif kind == "comment":
            edits.append((m.start(kind), m.end(kind), " " * (m.end(kind) - m.start(kind))))
        elif kind == "bad":
            raise QuerySyntaxError(f"error at {_where(text, m.start(kind))}: unexpected character {m[kind]!r}")
        else:  # only whitespace was left
            tokens -= 1
            break
    if edits:
        pieces, at = [], 0
        for start, end, replacement in edits:
            pieces += (text[at:start], replacement)
            at = end
        text = "".join(pieces) + text[at:]
    return Checked(form, text, sorts)


def query_form(text: str) -> str | None:
    """SELECT, CONSTRUCT, DESCRIBE or ASK, read from the query's tokens; None when there is no
    such keyword, or a text no SPARQL parser reads (running it will say what is wrong).
    Raises UpdateRefused and ServiceRefused as `check_query`."""
    try:
        return check_query(text).form
    except QuerySyntaxError:
        return None


def is_graph_form(form: str | None) -> bool:
    return form in ("CONSTRUCT", "DESCRIBE")
