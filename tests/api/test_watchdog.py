"""The watchdog that cuts off user queries run inside a server worker (api/store/watchdog.py)."""

import threading
import time

import pytest

from planlink.api.store.watchdog import NoRoom, Overrun, Watchdog


class Recorder:
    def __init__(self):
        self.answered, self.retired = [], threading.Event()

    def answer(self, name):
        return lambda reason: self.answered.append((name, reason, time.monotonic()))


def test_a_query_within_its_limit_returns_its_answer_and_nobody_is_told():
    seen = Recorder()
    dog = Watchdog(seen.retired.set)
    assert dog.run(1.0, seen.answer("fast"), sum, [1, 2, 3]) == 6
    time.sleep(0.15)
    assert seen.answered == [] and not seen.retired.is_set() and dog.stuck() == 0


def test_errors_of_the_query_come_through():
    dog = Watchdog(lambda: None)
    with pytest.raises(ZeroDivisionError):
        dog.run(1.0, lambda: None, lambda: 1 / 0)


def test_a_query_past_its_limit_is_answered_once_and_the_process_retires():
    seen = Recorder()
    dog = Watchdog(seen.retired.set)
    release = threading.Event()
    outcome = []

    def runaway():
        try:
            outcome.append(dog.run(0.2, seen.answer("slow"), release.wait, 10))
        except Overrun:
            outcome.append("overrun")

    started = time.monotonic()
    thread = threading.Thread(target=runaway)
    thread.start()
    assert seen.retired.wait(2), "the worker was not told to retire"
    assert [(name, reason) for name, reason, _ in seen.answered] == [("slow", "time")]
    assert 0.2 <= seen.answered[0][2] - started < 0.5  # at the limit, within the watchdog's poll
    assert dog.stuck() == 1  # answered, still running: the retiring worker does not wait for it
    # a query that comes back after its client was answered does not answer a second time
    release.set()
    thread.join(2)
    assert outcome == ["overrun"] and dog.stuck() == 0
    time.sleep(0.15)
    assert len(seen.answered) == 1


def test_a_client_that_has_gone_does_not_stop_the_watchdog():
    seen = Recorder()
    dog = Watchdog(seen.retired.set)

    def gone(reason):
        raise BrokenPipeError("the client closed the connection")

    release = threading.Event()
    thread = threading.Thread(target=lambda: pytest.raises(Overrun, dog.run, 0.1, gone, release.wait, 5))
    thread.start()
    assert seen.retired.wait(2)
    release.set()
    thread.join(2)
    assert dog.run(1.0, seen.answer("next"), int, "7") == 7


def test_queries_are_stopped_when_the_process_outgrows_its_memory_limit():
    seen = Recorder()
    dog = Watchdog(seen.retired.set, max_memory_bytes=1)  # any process is larger than one byte
    release = threading.Event()
    started = time.monotonic()
    thread = threading.Thread(target=lambda: pytest.raises(Overrun, dog.run, 30.0, seen.answer("big"),
                                                           release.wait, 5))
    thread.start()
    assert seen.retired.wait(2)
    assert [(name, reason) for name, reason, _ in seen.answered] == [("big", "memory")]
    assert seen.answered[0][2] - started < 1  # long before its time limit
    release.set()
    thread.join(2)


def test_a_query_beyond_the_slots_is_refused_before_it_runs():
    dog = Watchdog(lambda: None, slots=1)
    release, started = threading.Event(), threading.Event()
    thread = threading.Thread(target=dog.run, args=(5.0, lambda reason: None,
                                                    lambda: (started.set(), release.wait(5))))
    thread.start()
    assert started.wait(2)
    ran = []
    with pytest.raises(NoRoom):
        dog.run(5.0, lambda reason: None, ran.append, "second")
    assert ran == []
    release.set()
    thread.join(2)
    assert dog.run(5.0, lambda reason: None, ran.append, "third") is None and ran == ["third"]


class QueryStartsWhileTheWatchdogLooks:
    """The watchdog's lock, which lets a query start just as the watchdog thread comes to look
    (once, when none is running): what a busy server does now and then (issue 9, finding 10)."""

    def __init__(self, dog, started):
        self.lock, self.dog, self.started, self.armed = threading.Lock(), dog, started, True

    def acquire(self, *args, **kwargs):
        return self.lock.acquire(*args, **kwargs)

    def release(self):
        self.lock.release()

    def __enter__(self):
        if self.armed and threading.current_thread().name == "planlink-watchdog" and not self.dog._running:
            self.armed = False
            self.started()
        self.lock.acquire()
        return self

    def __exit__(self, *exc):
        self.lock.release()


def test_a_query_starting_as_the_watchdog_looks_is_not_stopped_for_memory():
    """The look once kept the (empty) dict of running queries as its 'past the memory limit'
    verdict; a query registered before the dict was read again made it true, and the query was
    stopped with a 422 while the process was far below its limit."""
    seen = Recorder()
    dog = Watchdog(seen.retired.set, max_memory_bytes=1 << 50, slots=4)
    release, running, outcome = threading.Event(), threading.Event(), []

    def query():
        def fn():
            running.set()
            release.wait(5)
        try:
            outcome.append(dog.run(30.0, seen.answer("light"), fn))
        except Overrun as overrun:
            outcome.append(overrun.reason)

    def start_a_query():
        threading.Thread(target=query).start()
        assert running.wait(2)

    lock = QueryStartsWhileTheWatchdogLooks(dog, start_a_query)
    dog._lock, dog._slot_freed = lock, threading.Condition(lock)
    deadline = time.monotonic() + 3
    while lock.armed and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.3)  # several looks with the query running
    release.set()
    time.sleep(0.1)
    assert not lock.armed and outcome == [None] and seen.answered == [] and not seen.retired.is_set()


def test_past_the_memory_limit_the_longest_running_query_is_blamed_and_the_others_told_to_come_again():
    """Any query running in a process that outgrew its memory is stopped (the process ends), but only
    the one that has run longest, the likely culprit, is answered "memory" (422); a light query that
    happened to run beside it is told the process is being replaced (503, to send again)."""
    seen = Recorder()
    dog = Watchdog(seen.retired.set, max_memory_bytes=1 << 62, slots=2)
    release = threading.Event()
    threads = []
    for name in ("hog", "light"):
        threads.append(threading.Thread(target=lambda name=name: pytest.raises(
            Overrun, dog.run, 30.0, seen.answer(name), release.wait, 5)))
        threads[-1].start()
        time.sleep(0.2)
    dog.max_memory_bytes = 1  # now the process is past its limit
    assert seen.retired.wait(2)
    assert sorted((name, reason) for name, reason, _ in seen.answered) == [("hog", "memory"), ("light", "replaced")]
    release.set()
    for thread in threads:
        thread.join(2)


def test_a_process_ending_past_its_hard_limit_answers_its_queries_first():
    """The memory can leap past both limits between two looks: before the process ends, every query
    still running is answered (the culprit 422), not left to see its connection dropped."""
    seen = Recorder()
    dog = Watchdog(seen.retired.set, max_memory_bytes=1 << 62)
    release = threading.Event()
    thread = threading.Thread(target=lambda: pytest.raises(Overrun, dog.run, 30.0, seen.answer("hog"), release.wait, 5))
    thread.start()
    time.sleep(0.2)
    dog.answer_before_the_end()
    assert [(name, reason) for name, reason, _ in seen.answered] == [("hog", "memory")]
    release.set()
    thread.join(2)
