"""Query processes: a user's query in a child process that is killed at the time limit."""

from __future__ import annotations

import os
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pyoxigraph

from planlink.api.store.errors import (BackendError, EngineFault, QueryError, QuerySyntaxError, QueryTimeout,
                              ResultTooLarge, ServiceRefused, UpdateRefused, out_of_memory, timed_out)
from planlink.api.store.results import run_query
from planlink.api.store.terms import GRAPH_TYPES, RESULT_TYPES

# A sandbox is a child process with the store open read-only, spoken to over a socketpair in
# plain frames, so that nothing but bytes crosses (no pickling, no terms):
#   request  struct _ASK (text length, byte cap, media type index) + the query text in UTF-8
#   reply    struct _REPLY (status, payload length) + the payload: the serialised result
#            (status 0) or the message of the error class _ERRORS[status - 1]

_MEDIA = (*RESULT_TYPES, *GRAPH_TYPES)
_ASK = struct.Struct("!IQB")
_REPLY = struct.Struct("!BI")
_ERRORS = (QuerySyntaxError, UpdateRefused, ServiceRefused, QueryTimeout, ResultTooLarge, BackendError)
READY = b"R"  # a sandbox's first byte: its store is open (its start-up is not counted in a query's time)
ENGINE_FAULT = ("the engine (Oxigraph) failed on this query and stopped; nothing else was affected. Oxigraph 0.5 "
                "fails when ORDER BY compares values it cannot order against each other (IRIs, texts, numbers and "
                "dates mixed): order by STR(?x), or by one kind of value")
STARTUP = 30.0  # s: how long a new sandbox may take to start (Python, pyoxigraph, the store), on a busy machine


def _recv_exactly(sock: socket.socket, size: int) -> bytes:
    parts = []
    while size:
        chunk = sock.recv(min(size, 1 << 20))
        if not chunk:
            raise EOFError("the other end closed the connection")
        parts.append(chunk)
        size -= len(chunk)
    return b"".join(parts)


# The child imports this package with an empty `planlink.api` in place of the real one:
# importing the `api` package (Flask) would triple its start-up time, paid again for each
# sandbox replaced after a timeout.
_SANDBOX_CODE = """import sys, types
for name, path in (("planlink", sys.argv[1] + "/.."), ("planlink.api", sys.argv[1])):
    module = types.ModuleType(name)
    module.__path__ = [path]
    sys.modules[name] = module
from planlink.api.store.sandbox import sandbox_main
sandbox_main()
"""
_API_DIR = str(Path(__file__).resolve().parent.parent)


# glibc malloc in the sandbox: keep up to 64 MB of freed memory instead of handing it back to
# the kernel after every query (trim), and serve blocks up to 32 MB from the heap (no mmap per
# block), so that a query does not pay page faults for the memory the previous one freed
# (50 a GROUP BY over the store, 0.2-0.4 ms of kernel time).
# Two arenas at most: a sandbox runs one query at a time, and each further arena (one per thread
# that allocates, RocksDB's included) reserves address space that RLIMIT_DATA counts as used —
# 176 MB of data segment for an idle sandbox, 111 MB so (the same resident memory), so the memory
# limit measures what a query takes rather than what the threads reserved.
_SANDBOX_MALLOC = {"MALLOC_TRIM_THRESHOLD_": str(64 << 20), "MALLOC_MMAP_THRESHOLD_": str(32 << 20),  # glibc's max
                   "MALLOC_TOP_PAD_": str(16 << 20), "MALLOC_ARENA_MAX": "2"}


def sandbox_main() -> None:
    """A child process that answers user queries over a socket until its parent goes away."""
    path, fd, max_bytes = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    _die_with_parent()
    if max_bytes:  # a query past it fails to allocate and the process aborts: see SandboxPool.run
        import resource

        resource.setrlimit(resource.RLIMIT_DATA, (max_bytes, max_bytes))
    sock = socket.socket(fileno=fd)
    store = pyoxigraph.Store.read_only(path)
    sock.sendall(READY)
    while True:
        try:
            size, max_bytes, media = _ASK.unpack(_recv_exactly(sock, _ASK.size))
            text = _recv_exactly(sock, size).decode("utf-8")
        except (EOFError, OSError):
            return
        try:
            status, payload = 0, run_query(store, text, _MEDIA[media], max_bytes)
        except QueryError as e:
            kind = next((kind for kind in _ERRORS if isinstance(e, kind)), BackendError)
            status, payload = _ERRORS.index(kind) + 1, str(e).encode("utf-8")
        except Exception as e:  # noqa: BLE001 — reported to the parent as a backend failure
            status, payload = _ERRORS.index(BackendError) + 1, f"{type(e).__name__}: {e}".encode("utf-8")
        head = _REPLY.pack(status, len(payload))
        if len(payload) < 1 << 16:
            sock.sendall(head + payload)
        else:  # no copy of a large result
            sock.sendall(head)
            sock.sendall(payload)


def _die_with_parent() -> None:
    """Linux: have the kernel kill this process when its parent dies (even by SIGKILL), so a
    runaway query never outlives the worker that started it."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:
            os._exit(0)
    except (OSError, AttributeError):
        pass


class _Sandbox:
    """One child process with the store open read-only; killed when a query overruns."""

    def __init__(self, path: Path, max_memory_bytes: int = 0):
        ours, theirs = socket.socketpair()
        self.said = tempfile.TemporaryFile()  # its stderr: an engine panic says so there before the abort
        self.process = subprocess.Popen([sys.executable, "-c", _SANDBOX_CODE, _API_DIR, str(path), str(theirs.fileno()),
                                         str(max_memory_bytes)],
                                        pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, stderr=self.said,
                                        env={**os.environ, **_SANDBOX_MALLOC, "RUST_BACKTRACE": "0"})
        theirs.close()
        self.sock = ours
        self.ready = False

    def run(self, text: str, media_type: str, max_bytes: int, timeout: float) -> bytes:
        if not self.ready:  # a query's time limit starts when the sandbox can run it, not while Python starts
            self.sock.settimeout(STARTUP)
            if self.sock.recv(1) != READY:
                raise EOFError("the query process ended as it started")
            self.ready = True
        data = text.encode("utf-8")
        deadline = time.monotonic() + timeout
        self.sock.settimeout(timeout)
        self.sock.sendall(_ASK.pack(len(data), max_bytes, _MEDIA.index(media_type)) + data)
        try:
            head = self.sock.recv(1 << 16)  # the header, and most results whole
            while len(head) < _REPLY.size:
                more = self._recv(deadline, 1 << 16)
                head += more
            status, size = _REPLY.unpack_from(head)
            payload = head[_REPLY.size:]
            if len(payload) < size:
                parts, missing = [payload], size - len(payload)
                while missing:
                    parts.append(self._recv(deadline, min(missing, 1 << 20)))
                    missing -= len(parts[-1])
                payload = b"".join(parts)
        except TimeoutError:
            self.kill()
            raise timed_out(timeout) from None
        if status == 0:
            return payload
        raise _ERRORS[status - 1](payload.decode("utf-8"))

    def _recv(self, deadline: float, size: int) -> bytes:
        self.sock.settimeout(max(1e-6, deadline - time.monotonic()))  # 0 would mean non-blocking
        chunk = self.sock.recv(size)
        if not chunk:
            raise EOFError("the query process closed its socket")
        return chunk

    def kill(self):
        self.process.kill()
        self.process.wait()
        self.sock.close()
        self.said.close()

    def panicked(self) -> bool:
        """Whether the engine (Rust) panicked before the process ended: pyoxigraph aborts on a panic."""
        self.said.seek(0, os.SEEK_END)
        self.said.seek(max(0, self.said.tell() - 8192))
        return b"panicked at" in self.said.read()


class SandboxPool:
    """Idle sandboxes of one process (per gunicorn worker); a new one replaces each killed one."""

    def __init__(self, path: Path, max_memory_bytes: int = 0):
        self.path, self.max_memory_bytes = path, max_memory_bytes
        self._idle: list[_Sandbox] = []
        self._lock = threading.Lock()

    def run(self, text, media_type, max_bytes, timeout) -> bytes:
        with self._lock:
            sandbox = self._idle.pop() if self._idle else None
        if sandbox is not None and sandbox.process.poll() is not None:  # died since (OOM killer, signal)
            sandbox.sock.close()
            sandbox = None
        sandbox = sandbox or _Sandbox(self.path, self.max_memory_bytes)
        try:
            result = sandbox.run(text, media_type, max_bytes, timeout)
        except QueryTimeout:
            self._release(_Sandbox(self.path, self.max_memory_bytes))  # start the replacement now, off the next request's path
            raise
        except (EOFError, OSError) as e:
            try:
                sandbox.process.wait(timeout=2)  # it has ended (its socket closed): reaped, its last words written
            except subprocess.TimeoutExpired:
                pass
            panicked = sandbox.panicked()
            sandbox.kill()
            if panicked:
                raise EngineFault(ENGINE_FAULT) from None
            if self.max_memory_bytes and sandbox.process.returncode == -signal.SIGABRT:
                raise out_of_memory(self.max_memory_bytes) from None  # an allocation past RLIMIT_DATA
            raise BackendError(f"the query process failed: {e or type(e).__name__}") from None
        self._release(sandbox)
        return result

    def prewarm(self):
        """One more idle sandbox, started now (in the calling thread)."""
        self._release(_Sandbox(self.path, self.max_memory_bytes))

    def _release(self, sandbox):
        with self._lock:
            self._idle.append(sandbox)

    def close(self):
        with self._lock:
            idle, self._idle = self._idle, []
        for sandbox in idle:
            sandbox.kill()

