"""The push tokens' certificate cache: unknown key ids cannot make it refetch more than once a
minute, and a slow fetch does not hold up requests whose key is known."""

from __future__ import annotations

import threading
import time

import pytest

from shared_lib.push_auth import CertCache, PushAuthError


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Endpoint:
    """The certificate endpoint: counts fetches, serves ``certs``."""

    def __init__(self, certs: dict[str, str]) -> None:
        self.certs = certs
        self.hits = 0

    def __call__(self) -> dict[str, str]:
        self.hits += 1
        return dict(self.certs)


def test_unknown_key_ids_refetch_at_most_once_a_minute():
    clock, endpoint = Clock(), Endpoint({"k1": "cert1"})
    cache = CertCache(endpoint, clock=clock)
    assert cache.get("k1") == {"k1": "cert1"} and endpoint.hits == 1

    for second in range(120):  # two minutes of forged tokens, ten a second
        clock.now = 1000.0 + 1 + second
        for n in range(10):
            assert "k1" in cache.get(f"forged-{second}-{n}")

    assert endpoint.hits == 1 + 2  # one refetch in each minute


def test_a_rotated_key_is_found_by_the_refetch():
    clock, endpoint = Clock(), Endpoint({"k1": "cert1"})
    cache = CertCache(endpoint, clock=clock)
    cache.get("k1")
    endpoint.certs = {"k1": "cert1", "k2": "cert2"}
    clock.now += 61
    assert cache.get("k2")["k2"] == "cert2"


def test_known_keys_are_served_from_the_cache_for_an_hour_then_refreshed():
    clock, endpoint = Clock(), Endpoint({"k1": "cert1"})
    cache = CertCache(endpoint, clock=clock)
    for _ in range(100):
        cache.get("k1")
    clock.now += 3599
    cache.get("k1")
    assert endpoint.hits == 1
    clock.now += 2
    cache.get("k1")
    assert endpoint.hits == 2


def test_a_failed_fetch_keeps_the_old_certificates_and_is_not_retried_at_once():
    clock, endpoint = Clock(), Endpoint({"k1": "cert1"})
    cache = CertCache(endpoint, clock=clock)
    cache.get("k1")

    def failing() -> dict[str, str]:
        endpoint.hits += 1
        raise OSError("unreachable")

    cache._fetch = failing
    clock.now += 3601
    assert cache.get("k1") == {"k1": "cert1"}
    assert cache.get("k1") == {"k1": "cert1"}
    assert endpoint.hits == 2


def test_no_certificates_at_all_is_a_push_auth_error():
    def failing() -> dict[str, str]:
        raise OSError("unreachable")

    cache = CertCache(failing, clock=Clock())
    for _ in range(3):
        with pytest.raises(PushAuthError):
            cache.get("k1")


def test_a_slow_fetch_does_not_hold_up_requests_with_a_known_key():
    clock, endpoint = Clock(), Endpoint({"k1": "cert1"})
    cache = CertCache(endpoint, clock=clock)
    cache.get("k1")
    release, started = threading.Event(), threading.Event()

    def slow() -> dict[str, str]:
        started.set()
        release.wait(5)
        return {"k1": "cert1", "k2": "cert2"}

    cache._fetch = slow
    clock.now += 61
    waiting = threading.Thread(target=cache.get, args=("k2",))
    waiting.start()
    assert started.wait(5)
    began = time.monotonic()
    assert cache.get("k1") == {"k1": "cert1"}  # answered while the fetch is in flight
    assert time.monotonic() - began < 0.5
    release.set()
    waiting.join(5)
    assert cache.get("k2")["k2"] == "cert2"
