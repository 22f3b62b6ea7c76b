"""Quarantine: messages held away from their recipients, with the reason, until an
administrator releases or deletes them.

A quarantined message was acknowledged with 250, so it is kept as durably as a queued one: the
message file (data_dir/quarantine/<id>.eml, mode 0600) is fsync'd with its directory before the
row that lists it is committed. Releasing re-queues it for its original recipients through the
spool and records the administrator's verdict ("ham") as a label the classifier can learn from.
"""

from __future__ import annotations

import os
import secrets
import time
from dataclasses import dataclass
from email.parser import BytesHeaderParser
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert, select, update

from relaywarden.fsutil import fsync_dir, write_all
from relaywarden.spool.queue import Envelope, Spool, new_queue_id, request_flush
from relaywarden.store.db import quarantine

HEADER_LIMIT = 998


class QuarantineError(Exception):
    """A quarantine command that cannot be done; the message says why."""


@dataclass(frozen=True)
class QuarantinedMessage:
    id: str
    ts: float
    queue_id: str | None
    client_ip: str | None
    sender: str
    recipients: list[str]
    subject: str
    from_header: str
    reason: str
    symbols: list[dict[str, Any]]
    size: int
    status: str
    label: str | None


def _headers(data: bytes) -> tuple[str, str]:
    try:
        msg = BytesHeaderParser(policy=default_policy).parsebytes(data)
        return str(msg.get("Subject", ""))[:HEADER_LIMIT], str(msg.get("From", ""))[:HEADER_LIMIT]
    except Exception:
        # A header the parser cannot read is still quarantined; it just lists without them.
        return "", ""


def _row(r: Any) -> QuarantinedMessage:
    return QuarantinedMessage(id=r.id, ts=r.ts, queue_id=r.queue_id, client_ip=r.client_ip, sender=r.sender,
                              recipients=list(r.recipients), subject=r.subject or "", from_header=r.from_header or "",
                              reason=r.reason, symbols=list(r.symbols or []), size=r.size, status=r.status,
                              label=r.label)


class Quarantine:
    def __init__(self, engine: Engine, directory: Path) -> None:
        self.engine = engine
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)

    def path(self, qid: str) -> Path:
        if not qid or "/" in qid or qid.startswith("."):
            raise QuarantineError(f"{qid!r} is not a quarantine id")
        return self.directory / f"{qid}.eml"

    def add(self, data: bytes, *, sender: str, recipients: list[str], reason: str,
            symbols: list[dict[str, Any]] | None = None, queue_id: str | None = None,
            client_ip: str | None = None) -> str:
        """Keep a message durably and list it; returns its quarantine id. Blocking (file I/O)."""
        qid = f"Q{int(time.time()):X}{secrets.token_hex(4).upper()}"
        path = self.path(qid)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        fsync_dir(self.directory)
        subject, from_header = _headers(data)
        with self.engine.begin() as conn:
            conn.execute(insert(quarantine).values(
                id=qid, ts=time.time(), queue_id=queue_id, client_ip=client_ip, sender=sender,
                recipients=recipients, subject=subject, from_header=from_header, reason=reason,
                symbols=symbols or [], size=len(data), status="held", label=None))
        return qid

    def list(self, *, status: str | None = "held", limit: int = 1000) -> list[QuarantinedMessage]:
        q = select(quarantine).order_by(quarantine.c.ts.desc()).limit(limit)
        if status:
            q = q.where(quarantine.c.status == status)
        with self.engine.connect() as conn:
            return [_row(r) for r in conn.execute(q)]

    def get(self, qid: str) -> QuarantinedMessage:
        with self.engine.connect() as conn:
            r = conn.execute(select(quarantine).where(quarantine.c.id == qid)).first()
        if r is None:
            raise QuarantineError(f"no quarantined message {qid}")
        return _row(r)

    def content(self, qid: str) -> bytes:
        item = self.get(qid)
        if item.status != "held":
            raise QuarantineError(f"{qid} was {item.status}: its content is gone")
        try:
            return self.path(qid).read_bytes()
        except OSError as exc:
            raise QuarantineError(f"{qid}: cannot read the message: {exc.strerror}") from None

    def release(self, qid: str, spool_root: Path) -> str:
        """Queue the message for its original recipients; returns the new queue id."""
        item = self.get(qid)
        data = self.content(qid)
        env = Envelope(queue_id=new_queue_id(), mail_from=item.sender, recipients=item.recipients,
                       arrival=time.time(), client_ip=item.client_ip or "", listener="quarantine",
                       size=len(data), flags=["released-from-quarantine"])
        Spool(spool_root, 0).store(env, data)
        request_flush(spool_root)
        self._finish(qid, "released", label="ham")
        return env.queue_id

    def delete(self, qid: str) -> None:
        item = self.get(qid)
        if item.status != "held":
            raise QuarantineError(f"{qid} was already {item.status}")
        self._finish(qid, "deleted", label=None)

    def _finish(self, qid: str, status: str, *, label: str | None) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(quarantine).where(quarantine.c.id == qid).values(status=status, label=label))
        self.path(qid).unlink(missing_ok=True)
