"""Answers spooled, so that a client that reads slowly, or never, holds a connection, not a thread
(issue 18, finding 2: ten clients that asked for large results and never read them blocked every
thread of the server, each in a write with no time limit).

A request's thread writes its answer to a `SpooledSocket` in place of the client's socket (gunicorn's
Response calls `sendall`, and `sendfile` for a file): what the socket takes at once is sent, without
waiting; the rest is kept, in memory up to MEMORY bytes and past that in a temporary file (a file
answer, a dump, stays where it is), and the thread is free. The worker's event loop then sends what
was kept as the client reads it (`send_pending`, on a non-blocking socket), under a time limit
(api/serve.py), as nginx spools a slow client's answer to its proxy_temp files.
"""

from __future__ import annotations

import os
import socket
import tempfile
from collections import deque
from dataclasses import dataclass

MEMORY = 256 * 1024  # bytes of an answer kept in memory per connection; the rest goes to a temporary file
FILE_BLOCK = 1 << 20  # bytes handed to sendfile at a time
MSG_DONTWAIT = socket.MSG_DONTWAIT


@dataclass
class _FileRange:
    fd: int  # our own descriptor (a dup, or the temporary file's), closed by `close`
    offset: int
    count: int


class SpooledSocket:
    """What a request's thread writes its answer to; everything else is the client's socket's."""

    __slots__ = ("raw", "_pending", "_memory", "_spill", "_spilled", "_fds")

    def __init__(self, sock: socket.socket):
        self.raw = sock
        self._pending: deque | None = None  # bytes and _FileRanges, in the order written (made when needed)
        self._memory = 0
        self._spill: int | None = None  # the temporary file's descriptor
        self._spilled = 0  # its length
        self._fds: list[int] = []

    @property
    def pending(self) -> bool:
        """Something is still to be sent."""
        return bool(self._pending)

    def sendall(self, data) -> None:
        if not self._pending:  # the usual case: the whole answer fits in the socket's buffer
            try:
                sent = self.raw.send(data, MSG_DONTWAIT)
            except (BlockingIOError, InterruptedError):
                sent = 0
            if sent == len(data):
                return
            data = memoryview(data)[sent:]
            if self._pending is None:
                self._pending = deque()
        self._keep(data)

    def send(self, data) -> int:
        self.sendall(data)
        return len(data)

    def sendfile(self, file, offset: int = 0, count: int | None = None) -> int:
        """Keep a range of a file (a dump) to be sent from the file itself, not copied."""
        if count is None:
            count = os.fstat(file.fileno()).st_size - offset
        fd = os.dup(file.fileno())  # the caller closes its file when the thread is done
        self._fds.append(fd)
        if self._pending is None:
            self._pending = deque()
        self._pending.append(_FileRange(fd, offset, count))
        return count

    def _keep(self, data) -> None:
        if self._spill is None and self._memory + len(data) <= MEMORY:
            self._pending.append(memoryview(bytes(data)))  # a copy: the caller may reuse its buffer
            self._memory += len(data)
            return
        if self._spill is None:
            with tempfile.TemporaryFile() as spill:  # unlinked already: closing our dup removes it
                self._spill = os.dup(spill.fileno())
            self._fds.append(self._spill)
        view = memoryview(data)
        while view:
            view = view[os.pwrite(self._spill, view, self._spilled + len(data) - len(view)):]
        last = self._pending[-1] if self._pending else None
        if isinstance(last, _FileRange) and last.fd == self._spill and last.offset + last.count == self._spilled:
            last.count += len(data)
        else:
            self._pending.append(_FileRange(self._spill, self._spilled, len(data)))
        self._spilled += len(data)

    def send_pending(self) -> int:
        """Send what the client's (non-blocking) socket takes now; the bytes sent. OSError: the client
        has gone."""
        sent = 0
        while self._pending:  # (not None: send_pending is called only while something is pending)
            item = self._pending[0]
            try:
                if isinstance(item, _FileRange):
                    n = os.sendfile(self.raw.fileno(), item.fd, item.offset, min(item.count, FILE_BLOCK))
                    if n == 0:  # the file is shorter than it said (replaced meanwhile): nothing more to send
                        self._pending.popleft()
                        continue
                    item.offset, item.count = item.offset + n, item.count - n
                    done = item.count == 0
                else:
                    n = self.raw.send(item)
                    self._pending[0] = item = item[n:]
                    done = not item
            except (BlockingIOError, InterruptedError):
                break
            sent += n
            if done:
                self._pending.popleft()
        return sent

    def close(self) -> None:
        """Forget what was not sent; close the files kept for it."""
        self._pending = None
        for fd in self._fds:
            os.close(fd)
        self._fds.clear()

    def __getattr__(self, name):  # settimeout, shutdown, fileno, getpeername… are the socket's
        return getattr(self.raw, name)
