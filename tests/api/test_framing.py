"""Where a request ends (api/framing.py): what the server waits for before a thread takes it."""

from planlink.api.framing import Refused, Whole, frame

LIMIT = 1024 * 1024
POST = b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"


def chunked(*chunks: bytes) -> bytes:
    return POST + b"Transfer-Encoding: chunked\r\n\r\n" + b"".join(
        b"%x\r\n%s\r\n" % (len(c), c) for c in chunks) + b"0\r\n\r\n"


def test_a_get_is_whole_at_the_end_of_its_head():
    request = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n\r\n"
    assert frame(request[:-1], LIMIT) is None
    assert frame(request, LIMIT) == Whole(request, b"")


def test_a_body_of_known_length_is_waited_for_whole():
    request = POST + b"Content-Length: 7\r\n\r\nASK {}\n"
    assert frame(request[:-3], LIMIT) is None
    assert frame(request + b"GET / HTTP/1.1\r\n", LIMIT) == Whole(request, b"GET / HTTP/1.1\r\n")


def test_a_chunked_body_becomes_a_body_of_known_length():
    found = frame(chunked(b"SELECT * ", b"{ ?s ?p ?o } LIMIT 1"), LIMIT)
    assert isinstance(found, Whole)
    head, _, body = found.request.partition(b"\r\n\r\n")
    assert body == b"SELECT * { ?s ?p ?o } LIMIT 1"
    assert b"Content-Length: 29" in head and b"chunked" not in head.lower()


def test_a_chunked_body_is_not_whole_before_its_last_chunk():
    assert frame(chunked(b"ASK {}")[:-5], LIMIT) is None


def test_a_chunked_body_past_the_limit_is_refused_413_before_it_arrives():
    opening = POST + b"Transfer-Encoding: chunked\r\n\r\n" + b"%x\r\n" % (LIMIT + 1)
    assert frame(opening, LIMIT) == Refused(413, f"the request body is larger than the limit of {LIMIT} bytes")


def test_chunks_that_add_up_past_the_limit_are_refused_413():
    half = b"x" * (LIMIT // 2 + 1)
    assert frame(chunked(half, half), LIMIT).status == 413


def test_a_declared_length_past_the_limit_is_refused_413_before_the_body():
    assert frame(POST + b"Content-Length: %d\r\n\r\n" % (LIMIT + 1), LIMIT).status == 413


def test_a_malformed_chunk_size_is_refused_400():
    for size in (b"zz", b"-1", b"0x10", b"", b"1" * 20):
        request = POST + b"Transfer-Encoding: chunked\r\n\r\n" + size + b"\r\nabc\r\n0\r\n\r\n"
        found = frame(request, LIMIT)
        assert isinstance(found, Refused) and found.status == 400, size


def test_a_chunk_without_its_crlf_is_refused_400():
    request = POST + b"Transfer-Encoding: chunked\r\n\r\n3\r\nabcdef\r\n0\r\n\r\n"
    assert frame(request, LIMIT).status == 400


def test_content_length_with_transfer_encoding_is_refused_400():
    request = POST + b"Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
    assert frame(request, LIMIT).status == 400


def test_two_different_content_lengths_are_refused_400():
    assert frame(POST + b"Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", LIMIT).status == 400


def test_an_unknown_transfer_coding_is_refused_501():
    assert frame(POST + b"Transfer-Encoding: gzip, chunked\r\n\r\n", LIMIT).status == 501


def test_a_head_that_never_ends_is_refused_431():
    assert frame(b"GET / HTTP/1.1\r\n" + b"X: " + b"a" * 70000, LIMIT).status == 431


def test_expect_100_continue_is_dropped_once_the_body_is_here():
    request = POST + b"Expect: 100-continue\r\nContent-Length: 6\r\n\r\nASK {}"
    head, _, body = frame(request, LIMIT).request.partition(b"\r\n\r\n")
    assert b"expect" not in head.lower() and body == b"ASK {}"


def test_empty_lines_before_a_request_are_skipped():
    request = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"
    assert frame(b"\r\n\r\n" + request, LIMIT) == Whole(request, b"")


def test_a_chunked_body_arriving_in_pieces_is_read_once_and_whole():
    request = chunked(*[b"%d " % n for n in range(300)])
    progress, found = {}, None
    for end in range(1, len(request) + 1, 7):
        found = frame(request[:end], LIMIT, progress)
        assert found is None or end >= len(request) - 7
    found = frame(request, LIMIT, progress)
    assert found.request.partition(b"\r\n\r\n")[2] == b"".join(b"%d " % n for n in range(300))


# ---------------------------------------------------------------- strict framing (RFC 9112; issue 18)

def test_whitespace_before_the_colon_of_transfer_encoding_is_refused_400():
    """`Transfer-Encoding : chunked` used to be dechunked here and its line dropped, so gunicorn never
    saw the malformed name; a proxy that ignores the line frames the body differently (smuggling)."""
    request = POST + b"Transfer-Encoding : chunked\r\n\r\n3\r\nASK\r\n0\r\n\r\n"
    found = frame(request, LIMIT)
    assert isinstance(found, Refused) and found.status == 400 and "colon" in found.message


def test_whitespace_before_the_colon_of_any_field_is_refused_400():
    for line in (b"Content-Length : 3", b"Host\t: x", b"X-Name : v"):
        found = frame(b"GET / HTTP/1.1\r\nHost: x\r\n" + line + b"\r\n\r\nabc", LIMIT)
        assert isinstance(found, Refused) and found.status == 400, line


def test_a_folded_header_line_is_refused_400():
    found = frame(b"GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n  continued\r\n\r\n", LIMIT)
    assert isinstance(found, Refused) and found.status == 400


def test_a_bare_lf_in_a_header_field_is_refused_400():
    found = frame(b"GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\nContent-Length: 5\r\n\r\n", LIMIT)
    assert isinstance(found, Refused) and found.status == 400


def test_a_chunk_extension_with_a_bare_lf_is_refused_400():
    request = POST + b"Transfer-Encoding: chunked\r\n\r\n3;ext\nx\r\nASK\r\n0\r\n\r\n"
    found = frame(request, LIMIT)
    assert isinstance(found, Refused) and found.status == 400 and "extension" in found.message


def test_a_chunk_extension_holding_a_request_line_is_refused_400():
    request = POST + b"Transfer-Encoding: chunked\r\n\r\n3;GET /admin HTTP/1.1\r\nASK\r\n0\r\n\r\n"
    assert frame(request, LIMIT).status == 400


def test_well_formed_chunk_extensions_are_accepted():
    request = POST + b'Transfer-Encoding: chunked\r\n\r\n3 ; name=value;flag;q="a \\"b\\""\r\nASK\r\n0;last\r\n\r\n'
    found = frame(request, LIMIT)
    assert isinstance(found, Whole) and found.request.endswith(b"\r\n\r\nASK")


def test_a_malformed_trailer_field_is_refused_400():
    request = POST + b"Transfer-Encoding: chunked\r\n\r\n3\r\nASK\r\n0\r\nX-T : 1\r\n\r\n"
    assert frame(request, LIMIT).status == 400


def test_http_1_1_without_host_is_refused_400():
    found = frame(b"GET / HTTP/1.1\r\n\r\n", LIMIT)
    assert isinstance(found, Refused) and found.status == 400 and "Host" in found.message


def test_two_host_fields_are_refused_400():
    assert frame(b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", LIMIT).status == 400


def test_http_1_0_without_host_is_served():
    request = b"GET / HTTP/1.0\r\n\r\n"
    assert frame(request, LIMIT) == Whole(request, b"")
