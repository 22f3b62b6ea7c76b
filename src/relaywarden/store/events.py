"""The one event log: structured records of sessions, messages and deliveries.

Writes are batched in a background thread so the SMTP hot path only appends to a list; the
dashboard and reports read the table.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import DataError

from relaywarden.store.db import events

log = logging.getLogger("relaywarden.events")


@dataclass
class Event:
    kind: str
    """connect, disconnect, auth, reject, accept, delivery, bounce, expire, queue-admin."""
    queue_id: str | None = None
    session_id: str | None = None
    client_ip: str | None = None
    auth_user: str | None = None
    sender: str | None = None
    recipients: list[str] | None = None
    decision: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    ts: float = field(default_factory=time.time)


def _row(e: Event) -> dict[str, Any]:
    # dataclasses.asdict deep-copies every value recursively: a tenth of the relay's CPU.
    return {"ts": e.ts, "kind": e.kind, "queue_id": e.queue_id, "session_id": e.session_id,
            "client_ip": e.client_ip, "auth_user": e.auth_user, "sender": e.sender,
            "recipients": e.recipients, "decision": e.decision, "detail": e.detail}


class EventLog:
    def __init__(self, engine: Engine, *, flush_interval: float = 0.2, max_batch: int = 1000) -> None:
        self._engine = engine
        self._pending: list[Event] = []
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._interval = flush_interval
        self._max_batch = max_batch
        self._thread = threading.Thread(target=self._run, name="event-log", daemon=True)
        self._thread.start()

    def emit(self, ev: Event) -> None:
        with self._lock:
            self._pending.append(ev)
            if len(self._pending) >= self._max_batch:
                self._wake.set()

    def _take(self) -> list[Event]:
        with self._lock:
            batch, self._pending = self._pending, []
        return batch

    def _write(self, batch: Sequence[Event]) -> None:
        if not batch:
            return
        try:
            with self._engine.begin() as conn:
                conn.execute(insert(events), [_row(e) for e in batch])
        except DataError:
            # A value the database refuses (PostgreSQL enforces VARCHAR lengths) must not cost
            # the other events of the batch: each is written on its own, and only it is lost.
            if len(batch) == 1:
                log.exception("could not write a %s event", batch[0].kind)
                return
            for e in batch:
                self._write([e])
        except Exception:
            # The event log must never take the relay down; the loss is logged.
            log.exception("could not write %d events", len(batch))

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self._interval)
            self._wake.clear()
            self._write(self._take())
        self._write(self._take())

    def flush(self) -> None:
        self._write(self._take())

    def close(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=10)


def read_events(engine: Engine, *, queue_id: str | None = None, kinds: Iterable[str] = (),
                limit: int = 1000) -> list[dict[str, Any]]:
    q = select(events).order_by(events.c.id)
    if queue_id:
        q = q.where(events.c.queue_id == queue_id)
    kinds = list(kinds)
    if kinds:
        q = q.where(events.c.kind.in_(kinds))
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(q.limit(limit))]
