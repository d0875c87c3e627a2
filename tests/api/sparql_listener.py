"""A SPARQL endpoint on loopback that only counts the requests it gets: the target of the SSRF
tests (a query that reaches it has made the server call out)."""

from __future__ import annotations

import http.server
import threading

ANSWER = b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"PWNED"}}]}}'


class Listener:
    def __init__(self):
        self.requests: list[tuple[str, str, bytes]] = []  # method, path, body
        listener = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                listener.requests.append((self.command, self.path, self.rfile.read(length) if length else b""))
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(ANSWER)))
                self.end_headers()
                self.wfile.write(ANSWER)

            do_GET = do_POST = _answer

            def log_message(self, *args):
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/sparql"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def __len__(self) -> int:
        return len(self.requests)

    def close(self):
        self._server.shutdown()
        self._server.server_close()
