"""Where an HTTP/1.1 request ends, read from the bytes received so far (RFC 9112 §6), so that a
server can gather a whole request before a thread is given to it (api/serve.py).

`frame(received, max_body)` says one of:
- `None`: not whole yet;
- `Whole(request, rest, …)`: the request, with a chunked body turned into a plain one of known
  length (Content-Length) and an answered `Expect: 100-continue` dropped, then what the client
  sent after it (the next pipelined request);
- `Refused(status, message)`: a request that must not be served: a body past `max_body` (413),
  malformed framing (400), a head past MAX_HEAD (431).

Only the framing is read here; gunicorn parses the request itself, from `request`. What decides
where a request ends is read strictly (RFC 9112): a field line that is not `token ":" value`
(whitespace before the colon, a folded line, a bare CR or LF), an HTTP/1.1 request without
exactly one Host, and a chunk line that is not `size *(; name [= value])` are refused 400, so
that no proxy in front can frame the same bytes differently from us (request smuggling).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_HEAD = 64 * 1024  # request line and header fields (gunicorn's own limits are smaller)
MAX_CHUNK_LINE = 4096  # a chunk size and its extensions
_HEX = re.compile(rb"[0-9A-Fa-f]{1,15}")
_DIGITS = re.compile(rb"[0-9]{1,15}")
_TOKEN = rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+"  # RFC 9110 §5.6.2
_FIELD_NAME = re.compile(_TOKEN)
_QUOTED = rb'"(?:[\t !#-\[\]-~\x80-\xff]|\\[\t -~\x80-\xff])*"'  # RFC 9110 §5.6.4
# RFC 9112 §7.1.1: chunk-ext = *( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] )
_CHUNK_EXTENSIONS = re.compile(rb"(?:[ \t]*;[ \t]*%s(?:[ \t]*=[ \t]*(?:%s|%s))?)*" % (_TOKEN, _TOKEN, _QUOTED))


@dataclass
class Whole:
    request: bytes
    rest: bytes


@dataclass
class Refused:
    status: int
    message: str


@dataclass
class Head:
    """A request's head as far as framing goes."""

    end: int  # offset of the body
    lines: list  # header lines (bytes), the request line first
    content_length: int | None
    chunked: bool
    expects_continue: bool


def head(received: bytes) -> Head | Refused | None:
    """The head of the request at the start of `received` (leading empty lines skipped by the
    caller), or None while it is not whole."""
    end = received.find(b"\r\n\r\n")
    if end < 0:
        if len(received) > MAX_HEAD:
            return Refused(431, f"the request line and header fields are larger than {MAX_HEAD} bytes")
        return None
    lines = received[:end].split(b"\r\n")
    fields = _field_lines(lines)
    if isinstance(fields, Refused):
        return fields
    lengths, codings, expects, hosts = set(), [], False, 0
    for name, value in fields:
        if name == b"host":
            hosts += 1
        elif name == b"content-length":
            lengths.add(value)
        elif name == b"transfer-encoding":
            codings += [c.strip().lower() for c in value.split(b",")]
        elif name == b"expect":
            expects = value.lower() == b"100-continue" and lines[0].endswith(b"HTTP/1.1")
    if hosts > 1 or (hosts == 0 and lines[0].endswith(b" HTTP/1.1")):
        return Refused(400, "an HTTP/1.1 request must have exactly one Host header field (RFC 9112 §3.2)")
    if codings and lengths:
        return Refused(400, "a request may not have both Content-Length and Transfer-Encoding")
    if len(lengths) > 1 or (lengths and not _DIGITS.fullmatch(next(iter(lengths)))):
        return Refused(400, "invalid Content-Length")
    if codings and codings != [b"chunked"]:
        return Refused(501, "the only transfer coding served is chunked")
    return Head(end + 4, lines, int(next(iter(lengths))) if lengths else None, bool(codings), expects)


def _field_lines(lines: list) -> list | Refused:
    """(lower-case name, value) of each header field line, or why the head is malformed."""
    if b"\r" in lines[0] or b"\n" in lines[0]:
        return Refused(400, "a bare CR or LF in the request line")
    fields = []
    for line in lines[1:]:
        name, colon, value = line.partition(b":")
        if not colon or not _FIELD_NAME.fullmatch(name):
            return Refused(400, "invalid header field line: a field name is a token followed at once by a colon "
                                "(no whitespace before it, no folded lines; RFC 9112 §5)")
        if b"\r" in value or b"\n" in value or b"\0" in value:
            return Refused(400, "a bare CR, LF or NUL in a header field value")
        fields.append((name.lower(), value.strip(b" \t")))
    return fields


def frame(received: bytes, max_body: int, progress: dict | None = None) -> Whole | Refused | None:
    """`progress`: a dict the caller keeps for one request while it arrives, so that a chunked
    body is read once, not again from its start on every call."""
    received = received.lstrip(b"\r\n")  # RFC 9112 §2.2: empty lines before a request are ignored
    found = head(received)
    if not isinstance(found, Head):
        return found
    if found.chunked:
        body = _dechunk(received, found.end, max_body, {} if progress is None else progress)
        if not isinstance(body, tuple):
            return body
        data, end = body
        return Whole(_rewrite(found, len(data)) + data, received[end:])
    length = found.content_length or 0
    if length > max_body:
        return Refused(413, f"the request body is larger than the limit of {max_body} bytes")
    if len(received) < found.end + length:
        return None
    end = found.end + length
    request = received[:end] if not found.expects_continue else _rewrite(found, length) + received[found.end:end]
    return Whole(request, received[end:])


def _dechunk(received: bytes, pos: int, max_body: int, progress: dict) -> tuple[bytes, int] | Refused | None:
    """(the body, where the request ends) of a chunked body starting at `pos`; `progress` keeps
    the chunks read whole so far and where the next one starts."""
    parts, total, pos = progress.setdefault("parts", []), progress.get("total", 0), progress.get("pos", pos)
    while True:
        progress["pos"], progress["total"] = pos, total
        line_end = received.find(b"\r\n", pos)
        if line_end < 0:
            if len(received) - pos > MAX_CHUNK_LINE:
                return Refused(400, "malformed chunked body: a chunk size line is too long")
            return None
        size, semicolon, extensions = received[pos:line_end].partition(b";")
        if not _HEX.fullmatch(size.rstrip(b" \t")):
            return Refused(400, "malformed chunked body: a chunk size is not a hexadecimal number")
        if semicolon and not _CHUNK_EXTENSIONS.fullmatch(semicolon + extensions):
            return Refused(400, "malformed chunked body: a chunk extension is not `; name[=value]`")
        size = size.rstrip(b" \t")
        size = int(size, 16)
        total += size
        if total > max_body:
            return Refused(413, f"the request body is larger than the limit of {max_body} bytes")
        pos = line_end + 2
        if size == 0:  # the last chunk; then trailer fields (dropped), then an empty line
            if received[pos:pos + 2] == b"\r\n":
                return b"".join(parts), pos + 2
            trailer_end = received.find(b"\r\n\r\n", pos)
            if trailer_end < 0:
                return None if len(received) - pos <= MAX_HEAD else Refused(431, "the trailer fields are too large")
            trailer = _field_lines([b"", *received[pos:trailer_end].split(b"\r\n")])
            if isinstance(trailer, Refused):
                return trailer
            return b"".join(parts), trailer_end + 4
        if len(received) < pos + size + 2:
            return None
        if received[pos + size:pos + size + 2] != b"\r\n":
            return Refused(400, "malformed chunked body: a chunk does not end with CRLF")
        parts.append(received[pos:pos + size])
        pos += size + 2


def _rewrite(found: Head, length: int) -> bytes:
    """The head with the body's length as Content-Length, without Transfer-Encoding and Expect
    (the body is here already; a 100 Continue has been sent if one was asked for)."""
    drop = (b"transfer-encoding", b"expect", b"content-length")
    lines = [line for line in found.lines[1:] if line.partition(b":")[0].strip().lower() not in drop]
    return b"\r\n".join([found.lines[0], *lines, b"Content-Length: %d" % length]) + b"\r\n\r\n"
