"""Behavioural anomaly detection: what is unusual for this organisation or this account.

The memory itself (who wrote to whom, from which networks, how much each account sends per
hour) lives in the state database (store.behaviour.BehaviourStore). This module holds the
thresholds and the decisions: given the facts the store read, which symbols apply and why, in
one sentence with the counts and the baseline they were compared with.

Inbound: FIRST_CONTACT, KNOWN_SENDER_AUTH_FAIL, KNOWN_SENDER_NEW_INFRA, KNOWN_CORRESPONDENT.
Outbound (authenticated accounts): OUTBOUND_VOLUME_SPIKE, OUTBOUND_NEW_RECIPIENTS_SPIKE,
RECIPIENT_FANOUT, UNUSUAL_HOUR.
"""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator

from relaywarden.configbase import Section
from relaywarden.scan.context import ScanContext
from relaywarden.scan.message import address_domain
from relaywarden.scan.verdict import Symbol

AuthState = Literal["pass", "fail", "unknown"]

MAX_ADDRESS = 320
"""RFC 5321's limit; anything longer is not remembered (a hostile header cannot bloat rows)."""


class AnomalyConfig(Section):
    enabled: bool = True
    """Remember correspondents and account behaviour and flag what departs from it."""
    learning_messages: Annotated[int, Field(ge=0)] = 500
    """FIRST_CONTACT stays silent until the organisation has this many messages observed: before
    that, every sender is new."""
    first_contact_score: float = 1.0
    """FIRST_CONTACT when nobody in the organisation has had mail from the sender."""
    first_contact_recipient_score: float = 0.3
    """FIRST_CONTACT when others in the organisation know the sender but these recipients do not
    (a vendor's real but compromised mailbox writing to the finance team for the first time)."""
    auth_fail_score: float = 4.0
    """KNOWN_SENDER_AUTH_FAIL: a correspondent whose mail used to pass DMARC/DKIM now fails."""
    new_infra_score: float = 0.5
    new_infra_max_networks: Annotated[int, Field(ge=1)] = 8
    """KNOWN_SENDER_NEW_INFRA stays silent for a sender domain already seen from more networks
    than this: large providers rotate their infrastructure, so a new network means nothing."""
    known_correspondent_score: float = -1.0
    """Given only when the message passes authentication, so a spoofed partner gains nothing."""
    volume_factor: Annotated[float, Field(gt=0)] = 5.0
    volume_min: Annotated[int, Field(ge=1)] = 100
    """OUTBOUND_VOLUME_SPIKE: messages in the last hour > max(volume_min, volume_factor × the
    95th percentile of the account's active hours)."""
    new_recipients_factor: Annotated[float, Field(gt=0)] = 5.0
    new_recipients_min: Annotated[int, Field(ge=1)] = 50
    """OUTBOUND_NEW_RECIPIENTS_SPIKE: recipients never written to before, in the last hour, over
    max(new_recipients_min, new_recipients_factor × the account's 95th percentile)."""
    spike_score: float = 6.0
    fanout_factor: Annotated[float, Field(gt=0)] = 4.0
    fanout_min: Annotated[int, Field(ge=1)] = 50
    """RECIPIENT_FANOUT: one message to more than max(fanout_min, fanout_factor × the 95th
    percentile of the account's largest message per active hour) recipients."""
    fanout_score: float = 2.0
    unusual_hour_min_days: Annotated[int, Field(ge=1)] = 14
    unusual_hour_min_messages: Annotated[int, Field(ge=1)] = 50
    """UNUSUAL_HOUR needs this much history (days spanned, messages) before it speaks."""
    unusual_hour_score: float = 1.0
    timezone: str = "UTC"
    """The organisation's time zone, for the hours of the day an account usually sends at."""
    throttle_seconds: Annotated[float, Field(ge=0)] = 3600.0
    """How long an account whose volume or new recipients spiked is throttled (0: never)."""
    history_weeks: Annotated[int, Field(ge=1, le=104)] = 8
    """Hourly counters per account are kept this long."""
    max_correspondents: Annotated[int, Field(ge=100)] = 200_000
    """Rows kept in each of the correspondent and sender-network tables; the least recently
    seen are pruned."""
    max_pairs: Annotated[int, Field(ge=100)] = 1_000_000
    """Rows kept in each of the (correspondent, local address) and (account, recipient) tables."""
    organisations: dict[str, list[str]] = {}
    """Organisation name -> its domains, sharing one memory; a local domain not listed is its
    own organisation."""

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"{v!r} is not a known time zone (e.g. UTC, Europe/Paris)") from exc
        return v

    @field_validator("organisations")
    @classmethod
    def _lower_domains(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        return {org: [d.strip().lower().rstrip(".") for d in domains] for org, domains in v.items()}

    def org_of(self, domain: str) -> str:
        """The organisation a domain belongs to: its configured name, or the domain itself."""
        for org, domains in self.organisations.items():
            if domain in domains:
                return org
        return domain


def normal_address(value: str | None) -> str:
    """local@domain, lower-case and stripped of <>; '' when absent, too long or not an address."""
    if not value:
        return ""
    addr = value.strip().strip("<>").strip().lower()
    if len(addr) > MAX_ADDRESS or "@" not in addr or any(c.isspace() for c in addr):
        return ""
    return addr


def is_local(address: str, local_domains: Sequence[str]) -> bool:
    return address_domain(address) in local_domains


def network_of(ip: str | None) -> str | None:
    """The /24 (IPv4) or /48 (IPv6) a client address belongs to; None when unknown or invalid."""
    if not ip:
        return None
    try:
        addr = ipaddress.ip_address(ip.strip().strip("[]"))
    except ValueError:
        return None
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    prefix = 24 if addr.version == 4 else 48
    return str(ipaddress.ip_network(f"{addr}/{prefix}", strict=False))


def _aligned(dkim_domain: str, from_domain: str) -> bool:
    d, f = dkim_domain.lower().rstrip("."), from_domain.lower().rstrip(".")
    return d == f or f.endswith("." + d) or d.endswith("." + f)


def auth_state(ctx: ScanContext, sender_domain: str) -> AuthState:
    """pass: DMARC passed or an aligned DKIM signature verified; fail: DMARC failed, or SPF
    failed with nothing aligned to vouch for it; unknown otherwise (not evaluated, temporary
    errors), which never counts as suspicious."""
    a = ctx.auth
    if a is None:
        return "unknown"
    if a.dmarc == "pass" or any(_aligned(d, sender_domain) for d in a.dkim_pass_domains):
        return "pass"
    if a.dmarc == "fail" or (a.dmarc in (None, "none") and a.spf == "fail"):
        return "fail"
    return "unknown"


def p95(values: Sequence[int]) -> float:
    """The 95th percentile (nearest rank); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return float(ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)])


# --- inbound ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class ContactFacts:
    """What the organisation knows about one external sender, before this message."""

    org: str
    org_messages: int
    """Messages observed for the organisation (learning ends at learning_messages)."""
    inbound: int = 0
    outbound: int = 0
    auth_pass: int = 0
    first_seen: float | None = None
    networks: tuple[str, ...] = ()
    """Networks the sender's domain has sent from (authenticated or not failing), at most
    new_infra_max_networks + 1 of them."""
    new_recipients: tuple[str, ...] = ()
    """Recipients of this message in the organisation who never exchanged mail with the sender
    (only filled in for a known sender)."""

    @property
    def known(self) -> bool:
        return self.first_seen is not None


def _ago(seconds: float) -> str:
    days = int(seconds // 86_400)
    return "earlier today" if days < 1 else f"{_plural(days, 'day')} ago"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _first_contact(sender: str, facts: Sequence[ContactFacts], cfg: AnomalyConfig) -> Symbol | None:
    learnt = [f for f in facts if f.org_messages >= cfg.learning_messages]
    new_to = [f.org for f in learnt if not f.known]
    if new_to:
        return Symbol("FIRST_CONTACT", cfg.first_contact_score,
                      f"First message from {sender} to {', '.join(new_to)}: nobody there has had mail from this "
                      "address before.",
                      banner=f"You have not had mail from {sender} before.")
    strangers = [r for f in learnt for r in f.new_recipients]
    if not strangers:
        return None
    others = sum(f.inbound + f.outbound for f in facts)
    shown = ", ".join(strangers[:5]) + (" and others" if len(strangers) > 5 else "")
    return Symbol("FIRST_CONTACT", cfg.first_contact_recipient_score,
                  f"First message from {sender} to {shown}, though others in the organisation have exchanged "
                  f"{_plural(others, 'message')} with this address.")


def _auth_fail(sender: str, known: Sequence[ContactFacts], auth: AuthState, cfg: AnomalyConfig,
               now: float) -> Symbol | None:
    passed = sum(f.auth_pass for f in known)
    if auth != "fail" or passed == 0:
        return None
    first = min(f.first_seen for f in known if f.first_seen is not None)
    return Symbol("KNOWN_SENDER_AUTH_FAIL", cfg.auth_fail_score,
                  f"{sender} is a known correspondent ({_plural(sum(f.inbound for f in known), 'message')}, the "
                  f"first {_ago(now - first)}, {passed} of them authenticated by DMARC/DKIM) but this message fails "
                  "authentication.",
                  banner=f"This message claims to come from {sender}, whom you know, but it failed the checks "
                         "that prove where it came from.")


def _new_infra(sender: str, known: Sequence[ContactFacts], network: str | None, cfg: AnomalyConfig) -> Symbol | None:
    networks = {n for f in known for n in f.networks}
    if not network or not networks or network in networks or len(networks) > cfg.new_infra_max_networks:
        return None
    return Symbol("KNOWN_SENDER_NEW_INFRA", cfg.new_infra_score,
                  f"{sender} is a known correspondent but this message comes from {network}, a network its domain "
                  f"has not sent from before (seen from {_plural(len(networks), 'other network')}).")


def _known_correspondent(sender: str, known: Sequence[ContactFacts], auth: AuthState,
                         cfg: AnomalyConfig) -> Symbol | None:
    outbound = sum(f.outbound for f in known)
    if outbound == 0 or auth != "pass":
        return None
    return Symbol("KNOWN_CORRESPONDENT", cfg.known_correspondent_score,
                  f"{sender} is an established correspondent: the organisation has written to this address "
                  f"{_plural(outbound, 'time')} and received {_plural(sum(f.inbound for f in known), 'message')} "
                  "from it, and this one passes authentication.")


def inbound_symbols(sender: str, facts: Sequence[ContactFacts], auth: AuthState, network: str | None,
                    cfg: AnomalyConfig, now: float) -> list[Symbol]:
    """The inbound anomaly symbols for one sender writing to one or more organisations."""
    known = [f for f in facts if f.known]
    found = [_first_contact(sender, facts, cfg)]
    if known:
        found += [_auth_fail(sender, known, auth, cfg, now), _new_infra(sender, known, network, cfg),
                  _known_correspondent(sender, known, auth, cfg)]
    return [s for s in found if s is not None]


# --- outbound --------------------------------------------------------------------------------

@dataclass(frozen=True)
class HourRow:
    """One hour of an account's sending (hour = Unix time // 3600)."""

    hour: int
    messages: int
    recipients: int
    new_recipients: int
    max_recipients: int


@dataclass(frozen=True)
class AccountFacts:
    """An authenticated account's sending, including the message being observed."""

    account: str
    recipients: int
    """Recipients of this message."""
    last_hour_messages: float
    """Messages in the last 60 minutes (this one included), estimated from the hourly counters."""
    last_hour_new_recipients: float
    history: tuple[HourRow, ...]
    """Active hours before the last two (the baseline), oldest first."""
    used_hours: frozenset[int]
    """Hours of the day (organisation's time zone) the account has sent at before this hour."""
    local_hour: int
    span_days: float
    """Days between the account's oldest kept hour and now."""
    history_messages: int


def _threshold(factor: float, minimum: int, values: Sequence[int]) -> tuple[float, float]:
    base = p95(values)
    return base, max(float(minimum), factor * base)


def _n(x: float) -> str:
    return str(round(x)) if abs(x - round(x)) < 0.05 else f"{x:.1f}"


def outbound_symbols(facts: AccountFacts, cfg: AnomalyConfig) -> list[Symbol]:
    """The compromised-account signals for one message from an authenticated account."""
    symbols: list[Symbol] = []
    weeks = _plural(cfg.history_weeks, "week")
    base, limit = _threshold(cfg.volume_factor, cfg.volume_min, [h.messages for h in facts.history])
    if facts.last_hour_messages > limit:
        symbols.append(Symbol(
            "OUTBOUND_VOLUME_SPIKE", cfg.spike_score,
            f"Account {facts.account} sent {_n(facts.last_hour_messages)} messages in the last hour; its busiest "
            f"hours over {weeks} (95th percentile) see {_n(base)}, so the limit is {_n(limit)}: the account may be "
            "compromised."))
    base, limit = _threshold(cfg.new_recipients_factor, cfg.new_recipients_min,
                             [h.new_recipients for h in facts.history])
    if facts.last_hour_new_recipients > limit:
        symbols.append(Symbol(
            "OUTBOUND_NEW_RECIPIENTS_SPIKE", cfg.spike_score,
            f"Account {facts.account} wrote to {_n(facts.last_hour_new_recipients)} recipients it never wrote to "
            f"before in the last hour; its usual peak (95th percentile over {weeks}) is {_n(base)}, so the limit is "
            f"{_n(limit)}: the account may be compromised."))
    base, limit = _threshold(cfg.fanout_factor, cfg.fanout_min, [h.max_recipients for h in facts.history])
    if facts.recipients > limit:
        symbols.append(Symbol(
            "RECIPIENT_FANOUT", cfg.fanout_score,
            f"Account {facts.account} sent one message to {facts.recipients} recipients; its largest messages "
            f"(95th percentile over {weeks}) have {_n(base)}, so the limit is {_n(limit)}."))
    if (facts.span_days >= cfg.unusual_hour_min_days and facts.history_messages >= cfg.unusual_hour_min_messages
            and facts.local_hour not in facts.used_hours):
        symbols.append(Symbol(
            "UNUSUAL_HOUR", cfg.unusual_hour_score,
            f"Account {facts.account} is sending at {facts.local_hour:02d}:00-{facts.local_hour:02d}:59 "
            f"({cfg.timezone}), an hour it has not used in {_n(facts.span_days)} days and "
            f"{facts.history_messages} messages."))
    return symbols


THROTTLING_SYMBOLS = frozenset({"OUTBOUND_VOLUME_SPIKE", "OUTBOUND_NEW_RECIPIENTS_SPIKE"})
"""The symbols after which an account is throttled for throttle_seconds."""


__all__ = ["MAX_ADDRESS", "THROTTLING_SYMBOLS", "AccountFacts", "AnomalyConfig", "AuthState", "ContactFacts",
           "HourRow", "auth_state", "inbound_symbols", "is_local", "network_of", "normal_address",
           "outbound_symbols", "p95"]
