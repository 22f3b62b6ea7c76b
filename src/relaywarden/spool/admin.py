"""What `relaywarden queue` shows and does: listing with filters, hold, release, delete, flush.

It works on the spool files directly, like Postfix's postqueue/postsuper: a held message is
moved out of the active directory, which the queue manager notices before its next attempt.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from relaywarden.spool.queue import (
    QueuedMessage,
    Spool,
    SpoolError,
    find_message,
    request_flush,
    spool_partitions,
)


@dataclass(frozen=True)
class QueueFilter:
    sender: str = ""
    """Shell-style pattern on the envelope sender, case-insensitive ("*@example.com")."""
    recipient: str = ""
    """Shell-style pattern matched against any pending recipient."""
    held: bool | None = None
    """True only held messages, False only active ones, None both."""

    def matches(self, msg: QueuedMessage, held: bool) -> bool:
        if self.held is not None and held != self.held:
            return False
        if self.sender and not fnmatch.fnmatch(msg.envelope.mail_from.lower(), self.sender.lower()):
            return False
        if self.recipient:
            return any(fnmatch.fnmatch(r.lower(), self.recipient.lower()) for r in msg.envelope.recipients)
        return True


@dataclass(frozen=True)
class Entry:
    message: QueuedMessage
    held: bool
    partition: int


def iter_queue(root: Path, flt: QueueFilter = QueueFilter()) -> Iterator[Entry]:
    for p in spool_partitions(root):
        spool = Spool(root, p)
        for directory, held in ((spool.active, False), (spool.hold_dir, True)):
            for path in spool.queue_files(directory):
                try:
                    msg, _ = spool.load(path)
                except (SpoolError, FileNotFoundError):
                    continue
                if flt.matches(msg, held):
                    yield Entry(msg, held, p)


def show(root: Path, queue_id: str) -> tuple[Entry, bytes] | None:
    found = find_message(root, queue_id)
    if found is None:
        return None
    spool, path, held = found
    msg, data = spool.load(path)
    return Entry(msg, held, spool.partition), data


def hold(root: Path, queue_id: str) -> bool:
    found = find_message(root, queue_id)
    return bool(found and not found[2] and found[0].hold(queue_id))


def release(root: Path, queue_id: str) -> bool:
    found = find_message(root, queue_id)
    if not (found and found[2] and found[0].release(queue_id)):
        return False
    request_flush(root)
    return True


def delete(root: Path, queue_id: str) -> bool:
    found = find_message(root, queue_id)
    if found is None:
        return False
    spool, path, _held = found
    spool.remove(queue_id, path.parent)
    return True


def flush(root: Path) -> None:
    request_flush(root)
