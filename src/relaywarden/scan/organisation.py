"""Which organisation a stored message was delivered to, when no configuration says.

The relay knows its own domains (relay.local_domains), and the checks that protect the
organisation read them: lookalikes of its domain (examplecorp-it.workers.dev), its name in a
stranger's display name, internal senders. `relaywarden scan` run on saved mail without a
configuration has only the placeholder domain; there the recipients' domains stand in for the
organisation's: the envelope recipients when given, else the To and Cc addresses. Free-mail
domains are nobody's organisation, and the sender's own organisation is left out, so that a
message addressed to its own sender's domain cannot make that sender an insider."""

from __future__ import annotations

from relaywarden.scan.checks.phishing import default_freemail
from relaywarden.scan.message import ParsedMessage
from relaywarden.scan.mime import recipient_addresses
from relaywarden.scan.urls import registrable_domain

MAX_DOMAINS = 5
"""Organisations taken from one message: a newsletter's To field can list many."""


def recipient_organisations(msg: ParsedMessage, rcpt_to: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The registrable domains of the message's recipients (see the module docstring)."""
    addresses = list(rcpt_to) or recipient_addresses(msg)
    sender_org = _org_of(msg.from_.address) if msg.from_ is not None else None
    free = default_freemail()
    found: list[str] = []
    for address in addresses[:100]:
        org = _org_of(address)
        if org and org not in free and org != sender_org and org not in found:
            found.append(org)
    return tuple(found[:MAX_DOMAINS])


def _org_of(address: str) -> str | None:
    _, at, domain = address.strip().rpartition("@")
    if not at or not domain:
        return None
    return registrable_domain(domain.lower().rstrip("."))
