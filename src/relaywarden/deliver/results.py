"""What happened to one recipient in one delivery attempt: the type every deliverer returns.

A result carries the SMTP reply code and the RFC 3463 enhanced status code. `code` is the
reply the next hop sent for this recipient (RCPT, MAIL or end of DATA), or 0 when no such
reply exists: the network failed, or relaywarden decided locally (TLS required but not
offered, message larger than the peer's SIZE, maildir write, DNS). `status` is always set,
so the outcome is known either way; when both exist their class agrees (RFC 3463 section 2:
the reply code wins on conflict, and `from_reply` enforces that).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Outcome = Literal["delivered", "deferred", "failed"]

_STATUS = re.compile(r"[245]\.\d{1,3}\.\d{1,3}")
# An enhanced status code at the start of a reply text (RFC 2034 puts it right after the code).
_LEADING_STATUS = re.compile(r"^([245])\.(\d{1,3})\.(\d{1,3})(?=\s|$)")


@dataclass(frozen=True)
class RecipientResult:
    recipient: str
    code: int
    """SMTP reply code from the peer, or 0 when there was no such reply (see module doc)."""
    status: str
    """Enhanced status code, e.g. "2.0.0", "5.1.1", "4.4.1"."""
    text: str
    """One line a person can read: the peer's reply text or our own explanation."""
    remote: str
    """"host:port" of the peer, "maildir" for local delivery, "" when nothing was contacted."""

    def __post_init__(self) -> None:
        if not _STATUS.fullmatch(self.status):
            raise ValueError(f"{self.status!r} is not an enhanced status code")
        if self.code != 0 and not 200 <= self.code <= 599:
            raise ValueError(f"{self.code} is not an SMTP reply code")

    @property
    def outcome(self) -> Outcome:
        klass = self.code // 100 if self.code else int(self.status[0])
        if klass == 2:
            return "delivered"
        if klass == 5:
            return "failed"
        # 4xx, and anything without a reply (network errors), is worth retrying.
        return "deferred"

    @classmethod
    def from_reply(cls, recipient: str, code: int, message: str, remote: str) -> RecipientResult:
        """Build from a peer's reply; the enhanced code is read from the text or derived."""
        text = " ".join(message.split())
        if code // 100 not in (2, 4, 5):
            # Not a final reply (or garbage): keep it for the record, retry later.
            return cls.local(recipient, "4.5.0", f"unexpected reply {code} {text}".rstrip(), remote)
        return cls(recipient, code, reply_status(code, text), text, remote)

    @classmethod
    def local(cls, recipient: str, status: str, text: str, remote: str = "") -> RecipientResult:
        """A result relaywarden decided itself, or a network failure (code 0)."""
        return cls(recipient, 0, status, text, remote)


def reply_status(code: int, text: str) -> str:
    """The enhanced status of a reply: the one the peer gave, else X.0.0 from the reply code.

    A peer that sends an enhanced code of another class than its reply code ("550 4.1.1")
    is corrected to the reply code's class, which is what decides the outcome.
    """
    klass = str(code // 100)
    if klass not in ("2", "4", "5"):
        # 1xx or 3xx where a final reply belongs: a protocol error, worth a retry.
        return "4.5.0"
    match = _LEADING_STATUS.match(text)
    if match is None:
        return f"{klass}.0.0"
    return f"{klass}.{int(match.group(2))}.{int(match.group(3))}"
