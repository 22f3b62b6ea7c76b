"""AUTH failure counting and lockouts, per client IP and per user name.

After `max_failures` failures within `window` seconds the key is locked out; each further
lockout of the same key doubles the period, up to `max_seconds`, so a patient guesser slows
to a crawl while a person who mistyped a password waits minutes, not days.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class _Record:
    failures: deque[float] = field(default_factory=deque)
    locked_until: float = 0.0
    lockouts: int = 0


class LockoutTracker:
    def __init__(self, *, max_failures: int, window: float, initial: float, maximum: float,
                 max_keys: int = 100_000, clock: Callable[[], float] = time.monotonic) -> None:
        self.max_failures = max_failures
        self.window = window
        self.initial = initial
        self.maximum = maximum
        self._records: OrderedDict[str, _Record] = OrderedDict()
        self._max_keys = max_keys
        self._clock = clock

    def locked_for(self, key: str) -> float:
        """Seconds left of a lockout of key, 0 when it may try."""
        rec = self._records.get(key)
        if rec is None:
            return 0.0
        return max(0.0, rec.locked_until - self._clock())

    def failure(self, key: str) -> float:
        """Count a failure; returns the lockout period it started (0 if none)."""
        now = self._clock()
        rec = self._records.get(key)
        if rec is None:
            rec = _Record()
            self._records[key] = rec
            if len(self._records) > self._max_keys:
                self._records.popitem(last=False)
        self._records.move_to_end(key)
        rec.failures.append(now)
        while rec.failures and rec.failures[0] < now - self.window:
            rec.failures.popleft()
        if len(rec.failures) < self.max_failures:
            return 0.0
        period = min(self.maximum, self.initial * float(2 ** rec.lockouts))
        rec.lockouts += 1
        rec.locked_until = now + period
        rec.failures.clear()
        return period

    def success(self, key: str) -> None:
        rec = self._records.get(key)
        if rec is not None:
            rec.failures.clear()
