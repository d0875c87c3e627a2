"""Every contract path's answer (status, headers, body) from the Flask app over a built store, as
JSON lines, so two checkouts can be compared byte for byte (a refactoring must change nothing):

    python benchmarks/contract_answers.py graph_data/build/store > after.jsonl
    PYTHONPATH=../old-checkout python benchmarks/contract_answers.py … > before.jsonl
    diff before.jsonl after.jsonl
"""

from __future__ import annotations

import hashlib
import json
import sys

PATHS = [
    "/api/v1/plans", "/api/v1/plans/jiangsu", "/api/v1/plans/national", "/api/v1/sections?plan=shanghai",
    "/api/v1/sections?limit=500", "/api/v1/indicators", "/api/v1/indicators?plan=jiangsu&attribute=binding",
    "/api/v1/indicators?q=社区工作者", "/api/v1/indicators/jiangsu-i7", "/api/v1/projects?plan=jiangsu",
    "/api/v1/commitments?plan=national", "/api/v1/departments", "/api/v1/regions", "/api/v1/search?q=养老",
    "/api/v1/indicators?limit=0", "/api/v1/indicators/nothing", "/api/v1/indicators?plan=atlantis",
    "/openapi.json", "/", "/def/", "/def/IndicatorTarget", "/plan/jiangsu", "/plan/jiangsu/indicator/7",
    "/plan/national/section/1.1", "/measure/nothing", "/sparql",
    "/sparql?query=SELECT%20%3Fs%20WHERE%20%7B%20%3Fs%20a%20%3Chttps%3A%2F%2Fplanlink.example%2Fdef%2FPlan%3E%20%7D%20ORDER%20BY%20%3Fs",
    "/sparql?query=INSERT%20DATA%20%7B%7D", "/sparql?query=SELEC",
]
ACCEPTS = ["application/json", "text/turtle", "text/html", "application/ld+json", "text/csv", "image/png"]
VOLATILE = {"Date", "Server"}


def main(store: str) -> None:
    from planlink.api import create_app

    client = create_app({"PLANLINK_STORE": store, "PLANLINK_CACHE_BYTES": 0}).test_client()
    for path in PATHS:
        for accept in ACCEPTS:
            response = client.get(path, headers={"Accept": accept})
            headers = sorted((k, v) for k, v in response.headers.items() if k not in VOLATILE)
            print(json.dumps({"path": path, "accept": accept, "status": response.status_code, "headers": headers,
                              "sha1": hashlib.sha1(response.data).hexdigest()}, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "graph_data/build/store")
