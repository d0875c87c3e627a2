"""Screenshots of the main pages into docs/, with headless Debian chromium: each page at desktop width
(1280 px) and on a phone (390 px), in Chinese and in English — `<page>.png`, `<page>-en.png`,
`<page>-390.png`, `<page>-en-390.png` (what a reader sees first: the window, not the whole page).

    .venv/bin/python docs/screenshots.py [--url http://127.0.0.1:5000] [--out docs] [--only home plan]

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
    "search": {"zh": "/search?q=社区工作者", "en": "/search?q=community+workers"},
    "sparql": "/sparql?query=" + quote(EXAMPLE),
    "error": "/plan/jiangsu/indicator/77",
    "comparison-measure": "/compare/community-workers-per-10000-urban-residents",
}
READY = {"sparql": "table.results tbody tr", "comparison": "#comparison-chart svg",
         "comparison-measure": "#comparison-chart svg"}
SHOTS = [(1280, 900, ""), (390, 844, "-390")]  # width, height, file suffix
LANGUAGES = [("zh", "zh-CN", ""), ("en", "en-GB", "-en")]


def in_language(path: str, lang: str) -> str:
    """`path` with `lang=` added to its query (before any #fragment)."""
    base, hash_, fragment = path.partition("#")
    return f"{base}{'&' if '?' in base else '?'}lang={lang}{hash_}{fragment}"


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
            for width, height, size in SHOTS:
                for lang, locale, language in LANGUAGES:
                    page = browser.new_page(viewport={"width": width, "height": height}, locale=locale)
                    for name, path in PAGES.items():
                        if args.only and name not in args.only:
                            continue
                        path = path[lang] if isinstance(path, dict) else path
                        page.goto(url + in_language(path, lang), wait_until="networkidle")
                        if name in READY:
                            page.wait_for_selector(READY[name])
                        out = Path(args.out) / f"{name}{language}{size}.png"
                        page.screenshot(path=str(out))
                        print(f"{out.name}: {path}")
                    page.close()
            browser.close()
    finally:
        if process:
            process.terminate()
            process.wait(10)


if __name__ == "__main__":
    main()
