"""The downloads answer only what /openapi.json says they do (issue 18, finding 14: schemathesis
met /dumps/{name} answering 200 application/gzip, which the document did not list)."""

from __future__ import annotations

import pytest


def documented(spec: dict, path: str, status: int) -> dict:
    """The documented content types of `status` on GET `path` (KeyError: the status is not documented)."""
    return spec["paths"][path]["get"]["responses"][str(status)].get("content", {})


@pytest.fixture(scope="module")
def spec(real_client):
    return real_client.get("/openapi.json").get_json()


@pytest.mark.parametrize("name", ["planlink.nq.gz", "planlink.ttl.gz", "planlink.jsonld.gz", "SHA256SUMS",
                                  "no-such-dump.gz"])
@pytest.mark.parametrize("headers", [{}, {"Range": "bytes=0-9"}], ids=["whole", "range"])
def test_every_dump_answer_is_documented(real_client, spec, name, headers):
    response = real_client.get(f"/dumps/{name}", headers=headers)
    assert response.status_code in (200, 206, 404), name
    content = documented(spec, "/dumps/{name}", response.status_code)
    assert response.mimetype in content, (name, response.status_code, response.mimetype)


def test_a_dump_is_documented_as_gzip(spec):
    assert "application/gzip" in documented(spec, "/dumps/{name}", 200)


def test_a_dump_not_modified_is_documented(real_client, spec):
    etag = real_client.get("/dumps/planlink.nq.gz").headers["ETag"]
    response = real_client.get("/dumps/planlink.nq.gz", headers={"If-None-Match": etag})
    assert response.status_code == 304
    documented(spec, "/dumps/{name}", 304)
