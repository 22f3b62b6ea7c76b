"""What a check may know about a message besides its content: the envelope, the session and
the authentication results. Every field may be unknown (None), as when `relaywarden scan`
reads a stored file: unknown never counts as suspicious."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

Direction = Literal["inbound", "outbound"]


@dataclass(frozen=True)
class AuthSummary:
    """The authentication verdicts that matter to threat checks (from authn.verify)."""

    spf: str | None = None
    """pass, fail, softfail, neutral, none, temperror, permerror."""
    dkim_pass_domains: tuple[str, ...] = ()
    dmarc: str | None = None
    """pass, fail, none, temperror, permerror; None when DMARC was not evaluated."""
    dmarc_policy: str | None = None
    from_domain: str | None = None
    arc: str | None = None


@dataclass(frozen=True)
class ScanContext:
    direction: Direction = "inbound"
    mail_from: str | None = None
    rcpt_to: tuple[str, ...] = ()
    client_ip: str | None = None
    helo: str | None = None
    auth_user: str | None = None
    auth: AuthSummary | None = None
    local_domains: tuple[str, ...] = ()
    """The organisation's own domains (config relay.local_domains and DKIM domains)."""
    received_at: datetime | None = None
    """When the message arrived (UTC); None when unknown."""
    extra: dict[str, str] = field(default_factory=dict)
