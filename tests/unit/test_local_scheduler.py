"""The Cloud Scheduler stand-in ticks on the clock's boundaries and survives a failed tick."""

from __future__ import annotations

import time

from telemail_local.scheduler import LocalScheduler


def test_ticks_come_at_the_boundaries_of_the_interval() -> None:
    every = 0.2
    ticks: list[float] = []
    scheduler = LocalScheduler(lambda: ticks.append(time.time()), every=every).start()
    time.sleep(1.1)
    scheduler.stop()
    assert 3 <= len(ticks) <= 6
    for at in ticks:  # on the boundary, give or take the thread's wake-up
        assert min(at % every, every - at % every) < 0.08


def test_a_failed_tick_does_not_stop_the_next_ones() -> None:
    calls: list[int] = []

    def publish() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("Pub/Sub is down")

    scheduler = LocalScheduler(publish, every=0.1).start()
    time.sleep(0.75)
    scheduler.stop()
    assert len(calls) >= 3 and scheduler.ticks == len(calls) - 1


def test_stop_ends_the_thread_before_the_next_tick() -> None:
    ticks: list[int] = []
    scheduler = LocalScheduler(lambda: ticks.append(1), every=60).start()
    started = time.monotonic()
    scheduler.stop()
    assert time.monotonic() - started < 1 and ticks == []
