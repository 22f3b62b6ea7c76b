"""The queue manager: takes queued messages to their next hop, retries, bounces, expires.

One per worker process, owning that worker's spool partitions (so no message is ever handled
by two processes). New messages arrive in memory from the SMTP side right after they are
durable; messages found on disk at start-up, released from hold, or deferred are picked up by
a periodic scan. Every recipient outcome is appended to the message's delivery log before the
next step, and successful deliveries are fsync'd, so a crash at any moment repeats at most the
one delivery that was in flight.
"""

from __future__ import annotations

import asyncio
import heapq
import logging
import time
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from relaywarden.config import Config
from relaywarden.deliver.client import OutboundPool
from relaywarden.deliver.dsn import build_bounce, should_bounce
from relaywarden.deliver.maildir import deliver_to_maildir
from relaywarden.deliver.results import RecipientResult
from relaywarden.deliver.router import resolve_hosts, route_failure, static_route
from relaywarden.dns import Resolver
from relaywarden.spool.queue import Envelope, QueuedMessage, RecipientState, Spool, SpoolError, new_queue_id
from relaywarden.store.events import Event, EventLog

log = logging.getLogger("relaywarden.queue")

# Above this many deliveries waiting for a slot, new messages are left on disk and re-read
# when their turn comes, so a burst cannot hold the whole queue in memory.
MAX_IN_MEMORY = 2000
REQUIRE_TLS_FLAG = "require-tls"
"""Envelope flag set when a data-loss check requires TLS: delivery uses the "required" policy."""


def backoff(attempts: int, initial: float, maximum: float) -> float:
    """Delay before the next attempt after `attempts` deferrals (Postfix: 300 s doubling to 4000 s)."""
    return float(min(maximum, initial * (2 ** max(0, attempts - 1))))


def recipient_domain(rcpt: str) -> str:
    return rcpt.rpartition("@")[2].lower()


class QueueManager:
    def __init__(self, cfg: Config, *, spool: Spool, partitions: Sequence[Spool], events: EventLog,
                 resolver: Resolver, pool: OutboundPool) -> None:
        self.cfg = cfg
        self.spool = spool
        self.partitions = list(partitions)
        self.events = events
        self.resolver = resolver
        self.pool = pool
        self.maildir_root = cfg.data_dir / "maildir"
        self._slots = asyncio.Semaphore(cfg.queue.concurrency)
        self._known: set[str] = set()
        self._deferred: list[tuple[float, str, str]] = []  # (next_try, queue_id, path)
        self._tasks: set[asyncio.Task[None]] = set()
        self._waiting = 0
        self._stopping = False
        self._flush_seen = 0.0
        self._last_scan = 0.0
        self._runner: asyncio.Task[None] | None = None

    # -- lifecycle ------------------------------------------------------------------------------

    async def start(self) -> None:
        for sp in self.partitions:
            sp.recover()
        self._flush_seen = self._flush_mtime()
        self._scan_disk(immediate=True)
        self._runner = asyncio.create_task(self._run(), name="queue-manager")

    async def stop(self, grace: float = 10.0) -> None:
        self._stopping = True
        if self._runner is not None:
            self._runner.cancel()
        if self._tasks:
            _, pending = await asyncio.wait(self._tasks, timeout=grace)
            for t in pending:
                t.cancel()

    # -- intake ---------------------------------------------------------------------------------

    def submit(self, msg: QueuedMessage, data: bytes) -> None:
        """A message is durable in the spool: start delivering it."""
        self._known.add(msg.queue_id)
        keep = data if self._waiting < MAX_IN_MEMORY else None
        self._spawn(msg, keep)

    def _spawn(self, msg: QueuedMessage | None, data: bytes | None, path: Path | None = None,
               *, force: bool = False) -> None:
        task = asyncio.create_task(self._deliver(msg, data, path, force))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # -- periodic work --------------------------------------------------------------------------

    async def _run(self) -> None:
        interval = self.cfg.queue.scan_interval
        while not self._stopping:
            await asyncio.sleep(interval)
            try:
                self._tick()
                # Outbound connections left idle past their limit are closed, not kept open on
                # the remote server until it times them out.
                await self.pool.prune()
            except Exception:
                log.exception("queue scan failed")

    def _tick(self) -> None:
        now = time.time()
        flush = self._flush_mtime()
        if flush > self._flush_seen:
            self._flush_seen = flush
            log.info("flush requested: delivering every queued message now")
            self._scan_disk(immediate=True)
            return
        if now - self._last_scan > 60:
            self._scan_disk(immediate=False)
        while self._deferred and self._deferred[0][0] <= now:
            _, _qid, path = heapq.heappop(self._deferred)
            self._spawn(None, None, Path(path), force=True)

    def _flush_mtime(self) -> float:
        try:
            return (self.spool.root / "flush").stat().st_mtime
        except FileNotFoundError:
            return 0.0

    def _scan_disk(self, *, immediate: bool) -> None:
        """Pick up messages this process does not track (found at start-up, released from
        hold); with immediate=True (a flush) also retry every deferred one now."""
        self._last_scan = time.time()
        if immediate:
            deferred, self._deferred = self._deferred, []
            for _, _, deferred_path in deferred:
                self._spawn(None, None, Path(deferred_path), force=True)
        for sp in self.partitions:
            for path in sp.queue_files():
                qid = path.name
                if qid in self._known:
                    continue
                self._known.add(qid)
                self._spawn(None, None, path, force=immediate)

    # -- delivery -------------------------------------------------------------------------------

    async def _deliver(self, msg: QueuedMessage | None, data: bytes | None, path: Path | None,
                       force: bool) -> None:
        self._waiting += 1
        try:
            async with self._slots:
                self._waiting -= 1
                msg, data = self._load(msg, data, path)
                if msg is None or data is None:
                    if path is not None:
                        self._known.discard(path.name)
                    return
                if not msg.path.exists():
                    # Held or deleted by the administrator while waiting.
                    self._known.discard(msg.queue_id)
                    return
                if msg.next_try > time.time() and not force:
                    self._defer_until(msg, msg.next_try)
                    return
                await self._attempt(msg, data)
        except Exception:
            log.exception("delivery of %s failed unexpectedly", msg.queue_id if msg else path)

    def _load(self, msg: QueuedMessage | None, data: bytes | None,
              path: Path | None) -> tuple[QueuedMessage | None, bytes | None]:
        if msg is not None and data is not None:
            return msg, data
        p = path or (msg.path if msg else None)
        if p is None or not p.exists():
            return None, None
        sp = self._spool_for(p)
        try:
            loaded, body = sp.load(p)
        except SpoolError as exc:
            log.error("skipping unreadable queue file: %s", exc)
            return None, None
        return loaded, body

    def _spool_for(self, path: Path) -> Spool:
        for sp in self.partitions:
            if path.parent in (sp.active, sp.hold_dir):
                return sp
        return self.spool

    async def _attempt(self, msg: QueuedMessage, data: bytes) -> None:
        sp = self._spool_for(msg.path)
        by_domain: dict[str, list[str]] = defaultdict(list)
        for rcpt in msg.pending:
            by_domain[recipient_domain(rcpt)].append(rcpt)
        batches = await asyncio.gather(*(self._deliver_domain(msg.envelope, dom, rcpts, data)
                                         for dom, rcpts in by_domain.items()))
        results = [r for batch in batches for r in batch]
        entries, final = self._record(msg, results)
        all_delivered = not msg.pending and all(st.outcome == "delivered" for st in msg.states.values())
        # A message delivered to everyone in one go needs no log: removing its queue file is
        # the record. Otherwise outcomes are logged first (fsync'd when final) so a crash
        # never repeats a delivery we know happened.
        if entries and not all_delivered:
            await asyncio.to_thread(sp.record, msg.queue_id, entries, durable=final, directory=msg.path.parent)
        await self._finish(sp, msg, data)

    async def _deliver_domain(self, env: Envelope, domain: str, rcpts: list[str],
                              data: bytes) -> list[RecipientResult]:
        try:
            route = static_route(domain, self.cfg)
            if route.kind == "maildir":
                body = f"Return-Path: <{env.mail_from}>\r\n".encode("ascii", "replace") + data
                return [await deliver_to_maildir(self.maildir_root, r, body, hostname=self.cfg.server.hostname)
                        for r in rcpts]
            # Host names stay names: the pool resolves them through our resolver and keeps the
            # name for TLS.
            hosts = await resolve_hosts(route, domain, self.resolver, self.cfg.delivery.mx_port)
        except Exception as exc:
            failure = route_failure(exc)
            if failure is None:
                raise
            status, text = failure
            return [RecipientResult.local(r, status, text) for r in rcpts]
        # A data-loss check may ask that this message never travel in clear text.
        tls = "required" if REQUIRE_TLS_FLAG in env.flags else route.tls
        results: list[RecipientResult] = await self.pool.send_to_any(
            hosts, env.mail_from, rcpts, data, auth=route.auth, tls=tls)
        return results

    def _record(self, msg: QueuedMessage, results: list[RecipientResult]) -> tuple[list[dict[str, Any]], bool]:
        """Apply results to the message's state, emit events; return log entries and whether
        any outcome is final (so the log must be fsync'd)."""
        entries: list[dict[str, Any]] = []
        durable = False
        for r in results:
            outcome = r.outcome
            st = msg.states.setdefault(r.recipient, RecipientState())
            st.attempts += 1
            st.code, st.status, st.text, st.remote = r.code, r.status, r.text, r.remote
            if outcome in ("delivered", "failed"):
                st.outcome = outcome
                durable = True
            entries.append({"rcpt": r.recipient, "outcome": outcome, "code": r.code, "status": r.status,
                            "text": r.text[:500], "remote": r.remote, "t": round(time.time(), 3)})
            self.events.emit(Event(kind="delivery", queue_id=msg.queue_id, sender=msg.envelope.mail_from,
                                   recipients=[r.recipient], decision=outcome, client_ip=msg.envelope.client_ip,
                                   auth_user=msg.envelope.auth_user or None,
                                   detail={"code": r.code, "status": r.status, "text": r.text[:500],
                                           "remote": r.remote, "attempt": st.attempts}))
            log.info("%s to=<%s> %s %s %s (%s)", msg.queue_id, r.recipient, r.remote or "-", outcome,
                     r.status, r.text[:200])
        return entries, durable

    async def _finish(self, sp: Spool, msg: QueuedMessage, data: bytes) -> None:
        pending = msg.pending
        now = time.time()
        if pending and now - msg.envelope.arrival > self.cfg.queue.lifetime:
            expired = [RecipientResult.local(r, "4.4.7", "Message expired: delivery kept failing for "
                                             f"{self.cfg.queue.lifetime / 86400:g} days; last error: "
                                             f"{msg.states[r].text or 'none'}", msg.states[r].remote)
                       for r in pending]
            for r in expired:
                st = msg.states[r.recipient]
                st.outcome, st.code, st.status, st.text = "failed", 0, "5.4.7", r.text
            await asyncio.to_thread(
                sp.record, msg.queue_id, [{"rcpt": r.recipient, "outcome": "failed", "code": 0, "status": "5.4.7",
                                           "text": r.text[:500], "remote": r.remote} for r in expired],
                durable=True, directory=msg.path.parent)
            self.events.emit(Event(kind="expire", queue_id=msg.queue_id, sender=msg.envelope.mail_from,
                                   recipients=pending, decision="failed"))
            pending = []
        if pending:
            msg.attempts += 1
            delay = backoff(msg.attempts, self.cfg.queue.retry_initial, self.cfg.queue.retry_max)
            next_try = now + delay
            await asyncio.to_thread(sp.record, msg.queue_id, [{"next_try": next_try, "attempts": msg.attempts}],
                                    durable=False, directory=msg.path.parent)
            self._defer_until(msg, next_try)
            return
        await self._bounce_failures(msg, data)
        await asyncio.to_thread(sp.remove, msg.queue_id, msg.path.parent)
        self._known.discard(msg.queue_id)

    def _defer_until(self, msg: QueuedMessage, when: float) -> None:
        heapq.heappush(self._deferred, (when, msg.queue_id, str(msg.path)))

    async def _bounce_failures(self, msg: QueuedMessage, data: bytes) -> None:
        failed = [RecipientResult(r, st.code if 200 <= st.code <= 599 else 0,
                                  st.status if st.status[:1] == "5" else "5" + st.status[1:] if st.status else "5.0.0",
                                  st.text or "delivery failed", st.remote)
                  for r, st in msg.states.items() if st.outcome == "failed"]
        if not failed or not self.cfg.queue.bounces or not should_bounce(msg.envelope.mail_from):
            return
        now = datetime.now(UTC)
        bounce = build_bounce(reporting_mta=self.cfg.server.hostname, original_envelope_id=msg.envelope.envid,
                              sender=msg.envelope.mail_from, failed=failed, original=data,
                              arrival=datetime.fromtimestamp(msg.envelope.arrival, UTC), now=now,
                              queue_id=msg.queue_id)
        env = Envelope(queue_id=new_queue_id(), mail_from="", recipients=[msg.envelope.mail_from],
                       arrival=time.time(), listener="bounce", size=len(bounce), is_bounce=True)
        path = await asyncio.to_thread(self.spool.store, env, bounce)
        self.events.emit(Event(kind="bounce", queue_id=msg.queue_id, sender="", recipients=[msg.envelope.mail_from],
                               decision="queued", detail={"bounce_id": env.queue_id,
                                                          "failed": [f.recipient for f in failed]}))
        log.info("%s bounced to <%s> as %s", msg.queue_id, msg.envelope.mail_from, env.queue_id)
        self.submit(QueuedMessage(envelope=env, path=path, states={r: RecipientState() for r in env.recipients}),
                    bounce)
