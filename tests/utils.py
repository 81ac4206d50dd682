"""Helpers for tests."""

import time


def wait_for(predicate, *, timeout: float = 30.0, interval: float = 0.1):
    """Poll until `predicate()` is truthy (a worker finished), or fail after `timeout` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")


def event_verbs(obj) -> list[str]:
    """The verbs of the object's audit events, oldest first, without the model prefix."""
    from lms.workflow import timeline

    return [event.verb.split(".", 1)[1] for event in timeline(obj)]
