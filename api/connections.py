"""The connections of a `planlink serve` worker (api/serve.py), in its event loop, so that a client
costs a connection, never a thread, whatever it does:

- Requests are read whole before a thread is given to them: the event loop gathers a request's bytes
  (api/framing.py says where it ends) without blocking. A request not whole within `request_timeout`
  is answered 408, a body past the size limit 413 (chunked or not), malformed framing 400.
- Answers are spooled (api/spool.py): the thread writes without waiting, and what the client does
  not take at once is sent by the event loop as it reads; a client that takes nothing for
  SEND_TIMEOUT is dropped. So a client that never reads holds a connection, not a thread.
- Connections are closed without waiting for the client (a lingering close: gunicorn's own waited
  up to 2 s in the loop, stalling every connection of the worker).
- At the worker's limit of connections, the one idle longest (kept alive, or opened with nothing
  sent) is closed for each new one, so that thousands of idle sockets never keep new clients waiting.
"""

from __future__ import annotations

import selectors
import socket
import time
from functools import partial
from http import HTTPStatus

from gunicorn.workers.gthread import ThreadWorker

from planlink.api import framing
from planlink.api.errors import error_json
from planlink.api.middleware import STANDARD_HEADERS
from planlink.api.spool import SpooledSocket

LINGER = 2.0  # s: after refusing a request, how long its body is read and dropped, so the answer arrives
SEND_TIMEOUT = 10.0  # s: a client that takes no byte of its answer for this long is dropped (nginx's send_timeout)
IDLE = 0.5  # s: a connection with nothing sent for this long is idle (a retiring worker does not wait for it)
MAX_LINGERING = 256  # closed connections a worker waits on for their client to close (past it: closed at once)


def raw_response(code: int, message: str, headers: dict | None = None) -> bytes:
    """A whole HTTP/1.1 error answer in the JSON shape, written on a client's socket: CORS on, not
    cached, connection closed."""
    body = error_json(code, message)
    head = "".join(f"{name}: {value}\r\n" for name, value in [*STANDARD_HEADERS, *(headers or {}).items()])
    return (f"HTTP/1.1 {code} {HTTPStatus(code).phrase}\r\nConnection: close\r\nCache-Control: no-store\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n{head}\r\n").encode("latin-1") + body


class Connections(ThreadWorker):
    """gunicorn's gthread worker, with its connections handled as above in its event loop."""

    request_timeout = 5.0  # s: a request (head and body) must arrive whole within this
    max_body = 1024 * 1024  # when the app does not say (the benchmark's hello world)

    def init_process(self):
        self._receiving: dict[int, object] = {}  # fd → connection whose request is being read (oldest first)
        self._sending: dict[int, object] = {}  # fd → connection whose spooled answer is being sent
        self._lingering: dict[int, tuple] = {}  # fd → (socket, deadline) of a connection closed, its client's last bytes dropped
        super().init_process()

    # ------------------------------------------------------------ reading requests whole

    def enqueue_req(self, conn):
        """Every connection, new, kept alive or with a pipelined request, goes through here: its
        request is read in the event loop, and only a whole one goes to a thread."""
        buffered = conn.parser.unreader.take_buffered() if conn.parser is not None else b""
        conn.received, conn.continued, conn.refused, conn.progress = buffered, False, False, {}
        conn.deadline = time.monotonic() + self.request_timeout
        conn.idle_since = time.monotonic()
        conn.sock.setblocking(False)
        if not (buffered and self._advance(conn)):
            self._receiving[conn.sock.fileno()] = conn
            self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._readable, conn))

    def _readable(self, conn, sock):
        try:
            data = sock.recv(256 * 1024)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:  # the client has gone
            self._drop(conn)
        elif conn.refused:
            pass  # the body of a refused request, read and dropped (see _refuse)
        else:
            conn.received += data
            if self._advance(conn):
                self._receiving.pop(sock.fileno(), None)
                self.poller.unregister(sock)

    def _advance(self, conn) -> bool:
        """Act on what has arrived; True once the connection has left this stage."""
        found = framing.frame(conn.received, self.max_body, conn.progress)
        if found is None:
            if not conn.continued:
                head = framing.head(conn.received.lstrip(b"\r\n"))
                if isinstance(head, framing.Head) and head.expects_continue:
                    conn.continued = True
                    self._send(conn.sock, b"HTTP/1.1 100 Continue\r\n\r\n")
            return False
        if isinstance(found, framing.Refused):
            self._refuse(conn, found.status, found.message)
            return False
        conn.sock.setblocking(True)
        conn.init()
        conn.data_ready = True
        conn.parser.unreader.unread(found.request + found.rest)
        super().enqueue_req(conn)
        return True

    def _refuse(self, conn, status: int, message: str):
        """Answer and close; what the client goes on sending meanwhile is read and dropped for up
        to LINGER seconds, so that the answer reaches it rather than a reset."""
        self._send(conn.sock, raw_response(status, message))
        try:
            conn.sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        conn.refused, conn.deadline = True, time.monotonic() + LINGER

    @staticmethod
    def _send(sock, data: bytes):
        try:
            sock.send(data)  # a few hundred bytes into an empty send buffer
        except OSError:
            pass

    def _drop(self, conn):
        fd = conn.sock.fileno()
        if self._receiving.pop(fd, None) is not None:
            try:
                self.poller.unregister(conn.sock)
            except (KeyError, ValueError, OSError):
                pass
        self.nr_conns -= 1
        conn.close()

    # ------------------------------------------------------------ writing answers, closing connections

    def handle_request(self, req, conn):
        """In a thread: the answer goes to a SpooledSocket, so that writing it never waits on the client."""
        raw = conn.sock
        conn.sock = conn.spool = SpooledSocket(raw)
        try:
            return super().handle_request(req, conn)
        finally:
            conn.sock = raw

    def finish_request(self, conn, fs):
        """In the event loop, once a thread is done with a connection: what its answer left spooled
        is sent first (then this is called again); a connection to close lingers in the loop."""
        spool, conn.spool = getattr(conn, "spool", None), None
        if spool is not None and spool.pending and not fs.cancelled() and fs.exception() is None:
            conn.sock.setblocking(False)
            conn.deadline, conn.answered, conn.took_at = time.monotonic() + SEND_TIMEOUT, fs, time.monotonic()
            conn.spool = spool
            self._sending[conn.sock.fileno()] = conn
            self.poller.register(conn.sock, selectors.EVENT_WRITE, partial(self._writable, conn))
            return
        if spool is not None:
            spool.close()
        conn.idle_since = time.monotonic()  # kept alive from now, if it is
        if not fs.cancelled() and fs.exception() is None and not fs.result():  # answered, not kept alive
            self.nr_conns -= 1
            self._linger(conn.sock)
            return
        super().finish_request(conn, fs)

    def _writable(self, conn, sock):
        try:
            sent = conn.spool.send_pending()
        except OSError:  # the client has gone
            self._stop_sending(conn)
            self._drop(conn)
            return
        if sent:
            conn.took_at = time.monotonic()
            conn.deadline = conn.took_at + SEND_TIMEOUT
        if not conn.spool.pending:
            self._stop_sending(conn)
            self.finish_request(conn, conn.answered)

    def _stop_sending(self, conn):
        self._sending.pop(conn.sock.fileno(), None)
        try:
            self.poller.unregister(conn.sock)
        except (KeyError, ValueError, OSError):
            pass
        conn.spool.close()
        conn.spool = None

    def _linger(self, sock):
        """Close as RFC 9112 §9.6 asks, without waiting here: the write side now, then what the client
        still sends is read and dropped until it closes, or for LINGER seconds, so that the end of the
        answer reaches it rather than a reset."""
        try:
            sock.shutdown(socket.SHUT_WR)
            sock.setblocking(False)
            if len(self._lingering) >= MAX_LINGERING:
                raise OSError("too many connections lingering")
            self._lingering[sock.fileno()] = (sock, time.monotonic() + LINGER)
            self.poller.register(sock, selectors.EVENT_READ, self._drain_lingering)
        except (OSError, ValueError, KeyError):
            self._lingering.pop(sock.fileno(), None)
            sock.close()

    def _drain_lingering(self, sock):
        try:
            if sock.recv(64 * 1024):
                return
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            pass
        self._end_linger(sock.fileno())

    def _end_linger(self, fd):
        sock, _ = self._lingering.pop(fd)
        try:
            self.poller.unregister(sock)
        except (KeyError, ValueError, OSError):
            pass
        sock.close()

    def accept(self, listener):
        """A new connection; at the worker's limit of connections, the one idle longest is closed for it."""
        super().accept(listener)
        if self.nr_conns >= self.worker_connections:
            self._close_idlest()

    def _close_idlest(self) -> None:
        """Close the connection idle longest: kept alive after an answer, or opened with nothing sent
        (an attacker's idle sockets go before a client's connection kept alive between requests)."""
        kept = self.keepalived_conns[0] if self.keepalived_conns else None
        opened = next((c for c in self._receiving.values() if not c.refused and not c.received.strip(b"\r\n")), None)
        if opened is not None and (kept is None or opened.idle_since <= kept.idle_since):
            self._drop(opened)
        elif kept is not None:
            self.keepalived_conns.popleft()
            try:
                self.poller.unregister(kept.sock)
            except (KeyError, ValueError, OSError):
                pass
            self.nr_conns -= 1
            kept.close()

    def murder_pending(self):
        """Also, every loop: a request not whole by its deadline is answered 408 (a connection
        that sent nothing is just closed, as an idle kept-alive one), and a refused one closed."""
        super().murder_pending()
        now = time.monotonic()
        for conn in [c for c in self._receiving.values() if c.deadline <= now]:
            if conn.refused or not conn.received.strip(b"\r\n"):
                self._drop(conn)
            else:
                self._refuse(conn, 408, f"the request did not arrive whole within {self.request_timeout:g} s")
        for conn in [c for c in self._sending.values() if c.deadline <= now]:
            self.log.info("dropped a client that took no byte of its answer for %g s", SEND_TIMEOUT)
            self._stop_sending(conn)
            self._drop(conn)
        for fd in [fd for fd, (_, deadline) in self._lingering.items() if deadline <= now]:
            self._end_linger(fd)

    def _busy(self) -> int:
        """Connections with something to lose: a request being read or answered, an answer being taken
        by its client, or a request that may be on its way (a connection idle for less than IDLE). Not:
        connections kept alive or opened with nothing sent for longer, refused ones whose body is being
        dropped, nor clients that have taken nothing of their answer for IDLE (never-readers would hold
        a retiring worker, and so a worker's place, for the whole graceful timeout)."""
        now = time.monotonic()
        idle = sum(1 for conn in list(self.keepalived_conns) if now - conn.idle_since > IDLE)
        idle += sum(1 for conn in list(self._receiving.values())
                    if conn.refused or (now - conn.idle_since > IDLE and not conn.received.strip(b"\r\n")))
        idle += sum(1 for conn in list(self._sending.values()) if now - conn.took_at > IDLE)
        return self.nr_conns - idle
