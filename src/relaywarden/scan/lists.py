"""Allow and block lists: senders, domains, client IPs and URLs, globally or for one recipient
domain or one user, from config and from the state database (`relaywarden lists`).

A block entry forces a rejection. An allow entry makes the verdict "accept" whatever the score,
except for what must never be waved through: forced actions of malware and data-loss checks
still apply. Sender and domain allow entries are honoured only when the sender domain is
authenticated (DMARC pass, or an aligned DKIM pass) or authentication is unknown (a file
scanned from the command line): allow-listing a forgeable From address would otherwise be an
open door for anyone who guesses it.
"""

from __future__ import annotations

import ipaddress
import time
from dataclasses import dataclass
from typing import Literal

from pydantic import field_validator, model_validator
from sqlalchemy import Engine, delete, insert, select

from relaywarden.configbase import Section
from relaywarden.scan.context import ScanContext
from relaywarden.scan.message import ParsedMessage, address_domain
from relaywarden.scan.urls import host_of
from relaywarden.scan.verdict import Symbol
from relaywarden.store.db import scan_lists

ListName = Literal["allow", "block"]
Kind = Literal["sender", "domain", "ip", "url"]
KINDS: tuple[Kind, ...] = ("sender", "domain", "ip", "url")


class ListEntry(Section):
    kind: Kind
    value: str
    """An address (sender), a domain (matches its subdomains too), an IP or CIDR (ip), or a
    URL host or URL prefix (url)."""
    scope: str = ""
    """Empty for everyone; a domain for its recipients; an address for one user (recipient, or
    the authenticated user for outbound mail)."""

    @field_validator("value")
    @classmethod
    def _value(cls, v: str) -> str:
        v = v.strip()
        if not v:
            raise ValueError("an empty value would match nothing")
        return v

    @field_validator("scope")
    @classmethod
    def _scope(cls, v: str) -> str:
        return v.strip().lower()

    @model_validator(mode="after")
    def _matchable(self) -> ListEntry:
        # Refused at start, with the key named, rather than when the first message is scanned.
        try:
            normalise(self.kind, self.value)
        except ListError as exc:
            raise ValueError(str(exc)) from None
        return self


class ListsConfig(Section):
    allow: list[ListEntry] = []
    """Entries whose mail is accepted whatever its score (see docs/threat-detection.md)."""
    block: list[ListEntry] = []
    """Entries whose mail is rejected."""


class ListError(Exception):
    """A list entry that cannot be stored; the message says why."""


@dataclass(frozen=True)
class StoredEntry:
    id: int
    list: ListName
    kind: Kind
    value: str
    scope: str
    note: str


def normalise(kind: Kind, value: str) -> str:
    """The canonical form of an entry value; raises ListError for a value that cannot match."""
    v = value.strip()
    if kind == "sender":
        if "@" not in v:
            raise ListError(f"{value!r} is not an address (use kind 'domain' for a whole domain)")
        local, _, domain = v.rpartition("@")
        return f"{local.lower()}@{address_domain('x@' + domain)}"
    if kind == "domain":
        d = address_domain("x@" + v.lstrip("@*."))
        if not d or "." not in d:
            raise ListError(f"{value!r} is not a domain")
        return d
    if kind == "ip":
        try:
            return str(ipaddress.ip_network(v, strict=False))
        except ValueError as exc:
            raise ListError(f"{value!r} is not an IP address or network") from exc
    low = v.lower()
    if not low or " " in low:
        raise ListError(f"{value!r} is not a URL or host")
    return low.removeprefix("http://").removeprefix("https://").rstrip("/") if low.startswith("http") else low


def _domain_matches(domain: str, entry: str) -> bool:
    return domain == entry or domain.endswith("." + entry)


def _url_matches(href: str, entry: str) -> bool:
    if "/" in entry:
        low = href.lower()
        rest = low.split("://", 1)[1] if "://" in low else low
        return rest.startswith(entry)
    # The host a click reaches, as the phishing checks see it (userinfo tricks, IDN, ports).
    return _domain_matches(host_of(href) or "", address_domain("x@" + entry))


def _ip_matches(ip: str | None, entry: str) -> bool:
    if not ip:
        return False
    try:
        addr = ipaddress.ip_address(ip)
        return addr in ipaddress.ip_network(entry, strict=False)
    except ValueError:
        return False


class Lists:
    """The merged lists: config entries plus database entries (reloaded at most every
    `ttl` seconds, so `relaywarden lists add` takes effect without a restart)."""

    def __init__(self, cfg: ListsConfig, engine: Engine | None = None, *, ttl: float = 30.0) -> None:
        self.cfg = cfg
        self.engine = engine
        self.ttl = ttl
        self._loaded = 0.0
        self._entries: list[tuple[ListName, Kind, str, str]] = []
        self._static: list[tuple[ListName, Kind, str, str]] = []
        for name, entries in (("allow", cfg.allow), ("block", cfg.block)):
            for e in entries:
                self._static.append((name, e.kind, normalise(e.kind, e.value), e.scope))  # type: ignore[arg-type]

    # -- database -------------------------------------------------------------------------------

    def add(self, name: ListName, kind: Kind, value: str, *, scope: str = "", note: str = "") -> StoredEntry:
        if self.engine is None:
            raise ListError("no database")
        canonical = normalise(kind, value)
        scope = scope.strip().lower()
        with self.engine.begin() as conn:
            existing = conn.execute(select(scan_lists.c.id).where(
                scan_lists.c.list == name, scan_lists.c.kind == kind, scan_lists.c.value == canonical,
                scan_lists.c.scope == scope)).first()
            if existing is not None:
                raise ListError(f"{name} {kind} {canonical} is already listed (entry {existing.id})")
            res = conn.execute(insert(scan_lists).values(list=name, kind=kind, value=canonical, scope=scope,
                                                         note=note or None, created=time.time()))
            pk = res.inserted_primary_key
            entry_id = int(pk[0]) if pk else 0
        self._loaded = 0.0
        return StoredEntry(entry_id, name, kind, canonical, scope, note)

    def remove(self, entry_id: int) -> None:
        if self.engine is None:
            raise ListError("no database")
        with self.engine.begin() as conn:
            if conn.execute(delete(scan_lists).where(scan_lists.c.id == entry_id)).rowcount == 0:
                raise ListError(f"no list entry {entry_id}")
        self._loaded = 0.0

    def stored(self) -> list[StoredEntry]:
        if self.engine is None:
            return []
        with self.engine.connect() as conn:
            rows = conn.execute(select(scan_lists).order_by(scan_lists.c.id)).all()
        return [StoredEntry(r.id, r.list, r.kind, r.value, r.scope, r.note or "") for r in rows]

    def _current(self) -> list[tuple[ListName, Kind, str, str]]:
        now = time.monotonic()
        if self.engine is not None and (not self._loaded or now - self._loaded > self.ttl):
            self._entries = [(e.list, e.kind, e.value, e.scope) for e in self.stored()]
            self._loaded = now
        return self._static + self._entries

    # -- matching ---------------------------------------------------------------------------------

    def check(self, msg: ParsedMessage, ctx: ScanContext) -> list[Symbol]:
        """ALLOW_LISTED / BLOCK_LISTED symbols for the entries that match this message."""
        senders = {a.lower() for a in (ctx.mail_from, msg.from_.address if msg.from_ else None) if a}
        domains = {address_domain(a) for a in senders} - {""}
        scopes = self._scopes(ctx)
        authenticated = _sender_authenticated(msg, ctx)
        out: list[Symbol] = []
        seen: set[tuple[str, str, str]] = set()
        for name, kind, value, scope in self._current():
            if (scope and scope not in scopes) or (name, kind, value) in seen:
                continue
            evidence = self._match(kind, value, senders, domains, msg, ctx)
            if evidence is None:
                continue
            seen.add((name, kind, value))
            where = f" for {scope}" if scope else ""
            if name == "block":
                out.append(Symbol("BLOCK_LISTED", 0.0, f"The {kind} {evidence} is on the block list{where}.",
                                  banner="", force="reject"))
            elif kind in ("sender", "domain") and not authenticated:
                out.append(Symbol("ALLOW_LISTED_UNAUTHENTICATED", 0.0,
                                  f"The {kind} {evidence} is on the allow list{where}, but the message does not "
                                  "authenticate that sender, so the entry was not honoured."))
            else:
                out.append(Symbol("ALLOW_LISTED", 0.0, f"The {kind} {evidence} is on the allow list{where}.",
                                  force="accept"))
        return out

    @staticmethod
    def _scopes(ctx: ScanContext) -> set[str]:
        scopes: set[str] = set()
        people = list(ctx.rcpt_to) if ctx.direction == "inbound" else [ctx.auth_user or "", ctx.mail_from or ""]
        for person in people:
            if person:
                scopes.add(person.lower())
                if "@" in person:
                    scopes.add(address_domain(person))
        return scopes

    @staticmethod
    def _match(kind: Kind, value: str, senders: set[str], domains: set[str], msg: ParsedMessage,
               ctx: ScanContext) -> str | None:
        if kind == "sender":
            return value if value in senders else None
        if kind == "domain":
            hit = next((d for d in sorted(domains) if _domain_matches(d, value)), None)
            return hit
        if kind == "ip":
            return ctx.client_ip if _ip_matches(ctx.client_ip, value) else None
        urls = [link.href for link in msg.links] + msg.qr_urls
        return next((u for u in urls if _url_matches(u, value)), None)


def _sender_authenticated(msg: ParsedMessage, ctx: ScanContext) -> bool:
    if ctx.auth is None:
        return ctx.client_ip is None  # a stored file: nothing to check against
    if ctx.auth.dmarc == "pass":
        return True
    from_domain = ctx.auth.from_domain or (msg.from_.domain if msg.from_ else "")
    return bool(from_domain) and any(_domain_matches(from_domain, d) for d in ctx.auth.dkim_pass_domains)
