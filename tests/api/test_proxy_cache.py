"""Behind a proxy (issue 18, finding 5): a scheme a client writes in X-Forwarded-Proto never
reaches an answer, nor the response cache; an answer is cached per scheme and host."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import requests

from tests.api.conftest import ROOT, free_port, make_app, planlink_server

VOID = "/.well-known/void"


@pytest.fixture
def proxied(mini_store):
    """The app behind one proxy (planlink serve --proxies 1)."""
    return make_app(mini_store, PLANLINK_PROXIES=1).test_client()


def test_a_forwarded_scheme_other_than_http_or_https_is_refused_400(proxied):
    for scheme in ("javascript", "data", "HTTPS:", "ftp"):
        response = proxied.get(VOID, headers={"X-Forwarded-Proto": scheme, "Accept": "text/turtle"})
        assert response.status_code == 400, scheme
        assert response.get_json()["message"] == "X-Forwarded-Proto must be http or https"


def test_a_forwarded_https_is_named_in_the_answer(proxied):
    response = proxied.get(VOID, headers={"X-Forwarded-Proto": "https", "Accept": "text/turtle"})
    assert response.status_code == 200 and "<https://localhost/sparql>" in response.get_data(as_text=True)


def test_an_answer_cached_for_http_is_not_served_for_https(proxied):
    """The cache keeps an answer from its second asking; the third, for https, used to get it."""
    for _ in range(2):
        http_answer = proxied.get(VOID, headers={"Accept": "text/turtle"}).get_data(as_text=True)
    https_answer = proxied.get(VOID, headers={"X-Forwarded-Proto": "https", "Accept": "text/turtle"})
    assert "<http://localhost/sparql>" in http_answer
    assert "<https://localhost/sparql>" in https_answer.get_data(as_text=True)
    assert "<http://localhost/sparql>" not in https_answer.get_data(as_text=True)


def test_without_proxies_the_forwarded_scheme_is_not_believed(mini_store):
    client = make_app(mini_store).test_client()
    response = client.get(VOID, headers={"X-Forwarded-Proto": "javascript", "Accept": "text/turtle"})
    assert response.status_code == 200 and "javascript:" not in response.get_data(as_text=True)


def test_the_api_index_names_the_scheme_it_was_asked_by_each_time(mini_store):
    client = make_app(mini_store).test_client()
    for base in ("http://localhost", "https://localhost", "http://localhost", "https://localhost"):
        index = client.get("/api/v1", base_url=base).get_json()
        assert index["void"] == base + VOID, base


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed (Debian: nginx-light)")
def test_behind_the_shipped_nginx_a_clients_forwarded_scheme_is_replaced(mini_store, tmp_path):
    """deploy/nginx/planlink.conf.in sets X-Forwarded-Proto itself: a client's `javascript` (passed
    through before) never reaches planlink, and the answer names nginx's own scheme."""
    replica = planlink_server(tmp_path, "--store", str(mini_store), "--workers", "1", "--proxies", "1")
    port = free_port()
    config = (ROOT / "deploy" / "nginx" / "planlink.conf.in").read_text().replace("@DIR@", str(tmp_path)).replace(
        "@PORT@", str(port)).replace("@SERVERS@", "        server " + replica.url.removeprefix("http://") + ";")
    (tmp_path / "nginx.conf").write_text(config)
    nginx = subprocess.Popen(["nginx", "-c", str(tmp_path / "nginx.conf"), "-e", str(tmp_path / "error.log")],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(50):
            try:
                requests.get(url + "/openapi.json", timeout=1)
                break
            except requests.RequestException:
                subprocess.run(["sleep", "0.1"])
        for _ in range(3):  # the third would be the cache's
            response = requests.get(url + VOID, timeout=5, headers={"X-Forwarded-Proto": "javascript",
                                                                   "X-Forwarded-Host": "evil.example",
                                                                   "Accept": "text/turtle"})
            assert response.status_code == 200
            assert "javascript:" not in response.text and "evil.example" not in response.text
            assert f"<http://127.0.0.1:{port}/sparql>" in response.text
    finally:
        nginx.terminate()
        nginx.wait(10)
        replica.stop()
