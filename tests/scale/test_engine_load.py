"""`planlink publish` sends a build in pieces that end at line ends, the build stamp last."""

from planlink.scripts.engine_load import chunks

STAMP = b"<https://planlink.example/build>"


def triples(n: int) -> bytes:
    lines = [f'<https://planlink.example/x/{i}> <https://planlink.example/def/p> "{i}" .\n'.encode() for i in range(n)]
    lines.insert(n // 2, STAMP + b' <http://purl.org/dc/terms/identifier> "abc" .\n')
    return b"".join(lines)


def test_publish_pieces_hold_every_line_once():
    data = triples(1000)
    pieces = chunks(data, STAMP, size=4000)
    assert len(pieces) > 5
    assert sorted(b"".join(pieces).splitlines()) == sorted(data.splitlines())
    assert all(piece.endswith(b" .\n") for piece in pieces)


def test_the_build_stamp_goes_in_the_last_piece():
    pieces = chunks(triples(1000), STAMP, size=4000)
    assert [STAMP in piece for piece in pieces] == [False] * (len(pieces) - 1) + [True]


class Answer:
    def __init__(self, headers):
        self.headers = headers


def test_a_partial_virtuoso_answer_is_a_timeout():
    """Virtuoso answers an anytime query past its limit with 200 and the rows so far, flagged by a header."""
    import pytest

    from planlink.api.store import QueryTimeout
    from planlink.api.store.dialect import detect

    virtuoso = detect("Virtuoso/07.20.3229 (Linux) x86_64-pc-linux-gnu", "https://planlink.example/")
    virtuoso.check(Answer({}), 3)
    with pytest.raises(QueryTimeout):
        virtuoso.check(Answer({"X-SQL-State": "S1TAT", "X-SQL-Message": "RC...: Returning incomplete results"}), 3)


def test_virtuoso_is_asked_with_a_form_its_own_timeout_and_the_published_graph():
    from planlink.api.store.dialect import detect

    request = detect("Virtuoso/07.20.3229", "https://planlink.example/").request("ASK {}", 2.5)
    assert request["data"] == {"query": "ASK {}", "timeout": "2500", "default-graph-uri": "https://planlink.example/"}
    assert detect("oxigraph/0.4", None).request("ASK {}", 2.5)["headers"]["Content-Type"].startswith(
        "application/sparql-query")
