"""Who may relay where: the anti-open-relay decisions for RCPT TO and MAIL FROM.

Every decision is taken on a Mailbox from relaywarden.policy.address.parse_path, which is the
address as the router will really use it, so a trick that survives parsing (percent hack,
bang path, quoted '@') is judged here, by name. Pure functions, no I/O: the session passes
in what it knows (trusted network? authenticated?) and the configured domains.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from relaywarden.policy.address import AddressError, Mailbox, normalize_domain, parse_path

__all__ = [
    "Decision",
    "Destination",
    "SenderDecision",
    "decide_recipient",
    "decide_sender",
    "routing_characters",
]

Destination = Literal["local", "relay", "remote"]

# Characters in a local part that some mail servers treat as a route to another host.
# Checked in this order; the first one found names the trick.
_ROUTING_TRICKS: tuple[tuple[str, str], ...] = (
    ("%", "percent hack"),
    ("!", "bang path"),
    ("@", "quoted '@'"),
    (":", "quoted route ':'"),
)


@dataclass(frozen=True)
class Decision:
    """The answer to one RCPT TO."""

    accepted: bool
    code: int
    status: str
    text: str
    destination: Destination

    @property
    def reply(self) -> str:
        return f"{self.code} {self.status} {self.text}"


@dataclass(frozen=True)
class SenderDecision:
    """The answer to MAIL FROM.

    claims_local_domain: an unauthenticated session gave a sender in one of our local
    domains; accepted here, but SPF/DMARC and the inbound checks must judge it.
    """

    accepted: bool
    code: int
    status: str
    text: str
    claims_local_domain: bool = False

    @property
    def reply(self) -> str:
        return f"{self.code} {self.status} {self.text}"


def routing_characters(mailbox: Mailbox) -> str | None:
    """The routing character in the local part ('%', '!', '@' or ':'), or None."""
    for char, _name in _ROUTING_TRICKS:
        if char in mailbox.local:
            return char
    return None


def _trick_name(char: str) -> str:
    return dict(_ROUTING_TRICKS)[char]


def _lower_set(domains: Iterable[str]) -> frozenset[str]:
    return frozenset(d.lower() for d in domains)


def _is_bare_postmaster(mailbox: Mailbox) -> bool:
    return mailbox.domain == "" and mailbox.local.lower() == "postmaster"


def _destination(
    mailbox: Mailbox, local_domains: frozenset[str], relay_domains: frozenset[str]
) -> Destination:
    # Literals name a host, not a domain we serve: an attacker can always find one of our
    # addresses to put in brackets, so they are never ours however the lists read.
    if mailbox.is_literal:
        return "remote"
    if _is_bare_postmaster(mailbox):
        return "local"
    domain = mailbox.domain.lower()
    if domain in _lower_set(local_domains):
        return "local"
    if domain in _lower_set(relay_domains):
        return "relay"
    return "remote"


def _accept(destination: Destination) -> Decision:
    return Decision(True, 250, "2.1.5", "OK", destination)


def _refuse(destination: Destination, text: str) -> Decision:
    return Decision(False, 554, "5.7.1", text, destination)


def decide_recipient(
    mailbox: Mailbox,
    *,
    local_domains: frozenset[str],
    relay_domains: frozenset[str],
    trusted: bool,
    authenticated: bool,
) -> Decision:
    """Accept or refuse one recipient.

    Trusted (a client in trusted_networks) or authenticated sessions may send anywhere.
    Everyone else may only reach local and relay domains, by exact domain match, with a
    local part free of routing characters.
    """
    if mailbox.domain == "" and not _is_bare_postmaster(mailbox):
        return Decision(False, 553, "5.1.3", "Recipient address has no domain", "remote")
    destination = _destination(mailbox, local_domains, relay_domains)
    if trusted or authenticated:
        return _accept(destination)
    if destination == "remote":
        return _refuse(destination, f"<{mailbox.address}>: Relay access denied")
    trick = routing_characters(mailbox)
    if trick is not None:
        return _refuse(
            destination,
            f"<{mailbox.address}>: Recipient address rejected: {trick!r} in the local part "
            f"({_trick_name(trick)}) could route the message onward; not accepted from "
            "unauthenticated clients",
        )
    return _accept(destination)


def _grant_matches(grant: str, mailbox: Mailbox) -> bool:
    """Does one grant entry ("a@example.com" or "@example.com") cover this sender?"""
    if grant.startswith("@"):
        try:
            domain = normalize_domain(grant[1:])
        except AddressError:
            return False
        return not mailbox.is_literal and mailbox.domain == domain
    try:
        granted, _ = parse_path(grant, null_allowed=False)
    except AddressError:
        return False
    if granted is None or not granted.domain:
        return False
    # Local parts are compared without case: mail stores treat them so in practice, and a
    # case-sensitive match would refuse "Alice@" for the owner of "alice@".
    return granted.domain == mailbox.domain and granted.local.lower() == mailbox.local.lower()


def _owns(auth_user: str, mailbox: Mailbox, grants: Mapping[str, Sequence[str]]) -> bool:
    entries = [*grants.get(auth_user, ()), auth_user]  # a login that is an address owns it
    return any(_grant_matches(entry, mailbox) for entry in entries if "@" in entry)


def decide_sender(
    mailbox: Mailbox | None,
    *,
    auth_user: str | None,
    grants: Mapping[str, Sequence[str]],
    local_domains: frozenset[str],
) -> SenderDecision:
    """Accept or refuse MAIL FROM.

    Unauthenticated: accepted (it is the inbound role's job to judge forged senders), with
    claims_local_domain set when the sender is in a local domain.
    Authenticated: only addresses granted to the user; the null sender is allowed so that
    authenticated servers can send bounces and delivery reports.
    """
    ok = SenderDecision(True, 250, "2.1.0", "OK")
    if mailbox is None:
        return ok
    if auth_user is None:
        claims = not mailbox.is_literal and mailbox.domain.lower() in _lower_set(local_domains)
        return SenderDecision(True, 250, "2.1.0", "OK", claims_local_domain=claims)
    if _owns(auth_user, mailbox, grants):
        return ok
    return SenderDecision(
        False, 553, "5.7.1", f"<{mailbox.address}>: Sender address rejected: not owned by user {auth_user}"
    )
