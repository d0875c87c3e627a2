"""Screenshots of the main pages into docs/ (one per page), with headless Debian chromium.

    .venv/bin/python docs/screenshots.py [--url http://127.0.0.1:5000] [--out docs]

Starts `planlink serve` on the built store when no --url is given."""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import requests
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EXAMPLE = (ROOT / "api/queries/examples/01-jiangsu-vs-shanghai.rq").read_text(encoding="utf-8")
PAGES = {
    "home": "/",
    "plan": "/plan/jiangsu",
    "indicator": "/plan/jiangsu/indicator/7",
    "measure": "/measure/community-workers-per-10000-urban-residents",
    "comparison": "/compare/",
    "matrix": "/matrix",
    "source": "/source/jiangsu?start=2633&end=2665#quoted",
    "search": "/search?q=社区工作者",
    "sparql": "/sparql?query=" + quote(EXAMPLE),
    "error": "/plan/jiangsu/indicator/77",
    "measure-en": "/compare/community-workers-per-10000-urban-residents?lang=en",
}


def serve() -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen([str(ROOT / ".venv/bin/planlink"), "serve", "--store", str(ROOT / "graph_data/build/store"),
                                "--host", "127.0.0.1", "--port", str(port)], cwd=ROOT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            requests.get(url + "/openapi.json", timeout=1)
            return process, url
        except requests.RequestException:
            time.sleep(0.1)
    process.terminate()
    sys.exit("planlink serve did not start")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url")
    parser.add_argument("--out", default=str(ROOT / "docs"))
    parser.add_argument("--only", nargs="*")
    args = parser.parse_args()
    process, url = (None, args.url) if args.url else serve()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
            for name, path in PAGES.items():
                if args.only and name not in args.only:
                    continue
                page.goto(url + path, wait_until="networkidle")
                if name == "sparql":
                    page.wait_for_selector("table.results tbody tr")
                if name in ("comparison", "measure-en"):
                    page.wait_for_selector("#comparison-chart svg, #comparison-chart canvas")
                page.screenshot(path=str(Path(args.out) / f"{name}.png"))
                print(f"{name}: {path}")
            browser.close()
    finally:
        if process:
            process.terminate()
            process.wait(10)


if __name__ == "__main__":
    main()
