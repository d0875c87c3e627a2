"""The per-build memo: values computed from one build (the ordered keys of a collection, the plans),
kept for as long as the store serves that build. The store owns it and makes a new one when it
serves a new build, so nothing outside the store has to know when a build changes; a store that
cannot tell its build (a remote endpoint without a build stamp) has none, and callers compute."""

from __future__ import annotations

import threading
from collections import OrderedDict

_MISSING = object()


class BuildMemo:
    def __init__(self, build_id: str, max_entries: int = 4096, directory=None):
        self.build_id = build_id
        self.directory = directory  # the build's own directory (what the build wrote beside its triples), if local
        self.max_entries = max_entries  # keys carry user filters (q=…), so the memo is bounded
        self._values: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict = {}

    def get(self, key, compute):
        """`compute()`, once per key and build: concurrent callers of one key wait for the first."""
        with self._lock:
            value = self._values.get(key, _MISSING)
            if value is not _MISSING:
                self._values.move_to_end(key)
                return value
            lock = self._computing.setdefault(key, threading.Lock())
        with lock:
            with self._lock:
                value = self._values.get(key, _MISSING)
            if value is not _MISSING:
                return value
            value = compute()
            with self._lock:
                self._values[key] = value
                while len(self._values) > self.max_entries:
                    self._values.popitem(last=False)
                self._computing.pop(key, None)
            return value

    def __len__(self) -> int:
        return len(self._values)


def memoised(store, key, compute):
    """`compute()` kept in the store's memo of its current build; computed anew when it has none."""
    memo = getattr(store, "memo", None)
    return compute() if memo is None else memo.get(key, compute)
