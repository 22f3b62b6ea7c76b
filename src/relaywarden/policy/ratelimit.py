"""Token buckets for messages and recipients per minute, per client IP and per user."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class _Bucket:
    tokens: float
    stamp: float


class RateLimiter:
    """Per-key token buckets refilled at `per_minute`/60 tokens a second, holding at most
    `per_minute` tokens (a client may burst one minute's worth). Bounded: least recently
    used keys are forgotten first, which only ever errs towards letting a client through."""

    def __init__(self, per_minute: float, *, max_keys: int = 100_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = per_minute
        self.rate = per_minute / 60.0
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()
        self._max_keys = max_keys
        self._clock = clock

    def _bucket(self, key: str) -> _Bucket:
        now = self._clock()
        b = self._buckets.get(key)
        if b is None:
            b = _Bucket(self.capacity, now)
            self._buckets[key] = b
            if len(self._buckets) > self._max_keys:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(key)
            b.tokens = min(self.capacity, b.tokens + (now - b.stamp) * self.rate)
            b.stamp = now
        return b

    def take(self, key: str, amount: float = 1.0) -> bool:
        """Spend tokens if there are enough; False means over the limit (nothing spent)."""
        b = self._bucket(key)
        if b.tokens >= amount:
            b.tokens -= amount
            return True
        return False

    def retry_after(self, key: str, amount: float = 1.0) -> float:
        b = self._bucket(key)
        return max(0.0, (amount - b.tokens) / self.rate)
