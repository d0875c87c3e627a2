"""Work on many things at once: a function over items in worker processes, one per core.

Workers are spawned, not forked: one starts small (about a second to import the code) instead of
sharing, and copying as it touches it, the build's memory. So a function runs in workers only when
there are enough items to pay for them; with few, or one core, it runs here.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterable, Iterator

ENOUGH = 8  # items worth starting workers for


def workers() -> int:
    """Processes to work in: one per core this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def in_processes(function: Callable, items: Iterable, enough: int = ENOUGH) -> Iterator:
    """function(item) for each item, in order, as each is ready (`function` must be importable by
    name: a module's top-level function). An exception in a worker is raised here."""
    items = list(items)
    if len(items) < max(2, enough) or workers() < 2:
        yield from map(function, items)
        return
    with ProcessPoolExecutor(min(workers(), len(items)), mp_context=multiprocessing.get_context("spawn")) as pool:
        yield from pool.map(function, items)
