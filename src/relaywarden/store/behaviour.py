"""The organisation's memory of normal mail: correspondents, the networks their domains send
from, and how much each authenticated account sends per hour. scan.anomaly decides what is
unusual; this module reads the facts it needs and records each message.

Bounded: each table has a row cap (least recently seen rows are pruned) and hourly counters are
kept for history_weeks. Several worker processes share one SQLite file, so every observation is
one short read followed by one short write transaction of atomic upserts (no read-then-write
transaction: under WAL, a reader that tries to become a writer after another process committed
fails at once instead of waiting for the lock).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Float,
    Index,
    Integer,
    Table,
    and_,
    bindparam,
    case,
    delete,
    func,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from relaywarden.scan.anomaly import (
    MAX_ADDRESS,
    THROTTLING_SYMBOLS,
    AccountFacts,
    AnomalyConfig,
    ContactFacts,
    HourRow,
    auth_state,
    inbound_symbols,
    is_local,
    network_of,
    normal_address,
    outbound_symbols,
)
from relaywarden.scan.context import ScanContext
from relaywarden.scan.message import ParsedMessage, address_domain
from relaywarden.scan.verdict import Symbol
from relaywarden.store.db import create_schema, metadata, text_type

log = logging.getLogger("relaywarden.behaviour")

HOUR = 3600
MAX_RECIPIENTS = 1000
"""Recipients of one message remembered; the rest still count in the hourly totals."""

behaviour_orgs = Table(
    "behaviour_orgs", metadata,
    Column("org", text_type(320), primary_key=True),
    Column("messages", Integer, nullable=False),
    Column("first_seen", Float, nullable=False),
    Column("last_seen", Float, nullable=False),
    Index("ix_behaviour_orgs_last_seen", "last_seen"),
)

behaviour_contacts = Table(
    "behaviour_contacts", metadata,
    Column("org", text_type(320), primary_key=True),
    Column("address", text_type(320), primary_key=True),
    Column("first_seen", Float, nullable=False),
    Column("last_seen", Float, nullable=False),
    Column("inbound", Integer, nullable=False),
    Column("outbound", Integer, nullable=False),
    Column("auth_pass", Integer, nullable=False),
    Index("ix_behaviour_contacts_last_seen", "last_seen"),
)

behaviour_pairs = Table(
    "behaviour_pairs", metadata,
    Column("org", text_type(320), primary_key=True),
    Column("external", text_type(320), primary_key=True),
    Column("local", text_type(320), primary_key=True),
    Column("first_seen", Float, nullable=False),
    Column("last_seen", Float, nullable=False),
    Column("inbound", Integer, nullable=False),
    Column("outbound", Integer, nullable=False),
    Index("ix_behaviour_pairs_last_seen", "last_seen"),
)

behaviour_networks = Table(
    "behaviour_networks", metadata,
    Column("org", text_type(320), primary_key=True),
    Column("domain", text_type(320), primary_key=True),
    Column("network", text_type(64), primary_key=True),
    Column("first_seen", Float, nullable=False),
    Column("last_seen", Float, nullable=False),
    Column("messages", Integer, nullable=False),
    Index("ix_behaviour_networks_last_seen", "last_seen"),
)

behaviour_account_rcpts = Table(
    "behaviour_account_rcpts", metadata,
    Column("account", text_type(320), primary_key=True),
    Column("recipient", text_type(320), primary_key=True),
    Column("first_seen", Float, nullable=False),
    Column("last_seen", Float, nullable=False),
    Column("messages", Integer, nullable=False),
    Index("ix_behaviour_account_rcpts_last_seen", "last_seen"),
)

behaviour_hours = Table(
    "behaviour_hours", metadata,
    Column("account", text_type(320), primary_key=True),
    Column("hour", Integer, primary_key=True),
    Column("messages", Integer, nullable=False),
    Column("recipients", Integer, nullable=False),
    Column("new_recipients", Integer, nullable=False),
    Column("max_recipients", Integer, nullable=False),
    Index("ix_behaviour_hours_hour", "hour"),
)

behaviour_throttles = Table(
    "behaviour_throttles", metadata,
    Column("account", text_type(320), primary_key=True),
    Column("since", Float, nullable=False),
    Column("until", Float, nullable=False),
    Column("reason", text_type(), nullable=False),
    Index("ix_behaviour_throttles_until", "until"),
)


_UPSERTS: dict[tuple[str, str, tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]], Any] = {}
"""Built upsert statements: building one costs more than running it, and a reused statement
also reuses SQLAlchemy's compiled SQL."""


def _upsert_statement(dialect: str, table: Table, keys: tuple[str, ...], add: tuple[str, ...],
                      replace: tuple[str, ...], greatest: tuple[str, ...]) -> Any:
    cache_key = (dialect, table.name, keys, add, replace, greatest)
    stmt = _UPSERTS.get(cache_key)
    if stmt is not None:
        return stmt
    if dialect == "sqlite":
        ins: Any = sqlite.insert(table)
    elif dialect == "postgresql":
        ins = postgresql.insert(table)
    else:
        raise NotImplementedError(f"the behaviour store does not support {dialect}")
    ex = ins.excluded
    sets: dict[str, Any] = {c: table.c[c] + ex[c] for c in add}
    sets.update({c: ex[c] for c in replace})
    sets.update({c: case((table.c[c] < ex[c], ex[c]), else_=table.c[c]) for c in greatest})
    stmt = _UPSERTS[cache_key] = ins.on_conflict_do_update(index_elements=list(keys), set_=sets)
    return stmt


def _upsert(conn: Connection, table: Table, rows: Sequence[dict[str, Any]], keys: tuple[str, ...], *,
            add: tuple[str, ...] = (), replace: tuple[str, ...] = (), greatest: tuple[str, ...] = ()) -> None:
    """Insert rows or update the existing ones in one atomic statement: counters in `add` are
    summed, `replace` columns take the new value, `greatest` columns keep the larger (last_seen:
    concurrent workers may commit out of order)."""
    if rows:
        conn.execute(_upsert_statement(conn.dialect.name, table, keys, add, replace, greatest), list(rows))


# Lookups built once with bound parameters (see _UPSERTS for why).
_ORG_MESSAGES = select(behaviour_orgs.c.messages).where(behaviour_orgs.c.org == bindparam("org"))
_CONTACT = select(behaviour_contacts).where(behaviour_contacts.c.org == bindparam("org"),
                                            behaviour_contacts.c.address == bindparam("address"))
_KNOWN_RECIPIENTS = select(behaviour_account_rcpts.c.recipient).where(
    behaviour_account_rcpts.c.account == bindparam("account"),
    behaviour_account_rcpts.c.recipient.in_(bindparam("rcpts", expanding=True)))
_KNOWN_LOCALS = select(behaviour_pairs.c.local).where(
    behaviour_pairs.c.org == bindparam("org"), behaviour_pairs.c.external == bindparam("external"),
    behaviour_pairs.c.local.in_(bindparam("locals", expanding=True)))
_HOURS = select(behaviour_hours).where(
    behaviour_hours.c.account == bindparam("account"), behaviour_hours.c.hour >= bindparam("oldest"),
    behaviour_hours.c.hour <= bindparam("current")).order_by(behaviour_hours.c.hour)


def account_name(user: str | None) -> str:
    """The key of an authenticated account: the login, lower-case, bounded; '' when absent."""
    return (user or "").strip().lower()[:MAX_ADDRESS]


class BehaviourStore:
    """Observes every scanned message and says what is unusual about it (synchronous: the relay
    calls it from a worker thread)."""

    def __init__(self, engine: Engine, cfg: AnomalyConfig | None = None, *, prune_every: int = 500) -> None:
        self.engine = engine
        self.cfg = cfg or AnomalyConfig()
        self._zone = ZoneInfo(self.cfg.timezone)
        self._prune_every = prune_every
        self._since_prune = 0
        n = behaviour_networks
        self._networks = (select(n.c.network).where(n.c.org == bindparam("org"), n.c.domain == bindparam("domain"))
                          .limit(self.cfg.new_infra_max_networks + 1))
        create_schema(engine)

    # --- public API ---------------------------------------------------------------------------

    def observe(self, msg: ParsedMessage, ctx: ScanContext, now: float | None = None) -> list[Symbol]:
        """Evaluate the message against what the organisation knows, then remember it."""
        if not self.cfg.enabled:
            return []
        now = time.time() if now is None else now
        try:
            if ctx.direction == "inbound":
                symbols = self._inbound(msg, ctx, now)
            else:
                symbols = self._outbound(msg, ctx, now)
            self._maybe_prune(now)
        except SQLAlchemyError:
            # Anomaly detection is advice: a locked or unavailable database must not stop mail.
            log.exception("behaviour store unavailable; message not observed")
            return []
        return symbols

    def throttle(self, user: str, now: float | None = None) -> str | None:
        """The reason the account is throttled, in plain words, or None when it is not."""
        now = time.time() if now is None else now
        account = account_name(user)
        t = behaviour_throttles
        try:
            with self.engine.connect() as conn:
                row = conn.execute(select(t.c.until, t.c.reason).where(t.c.account == account)).first()
        except SQLAlchemyError:
            log.exception("behaviour store unavailable; throttle not checked")
            return None
        if row is None or row.until <= now:
            return None
        until = datetime.fromtimestamp(row.until, UTC).strftime("%H:%M UTC")
        return f"{row.reason} Sending is throttled until {until}."

    def release(self, user: str) -> bool:
        """Lift an account's throttle (an administrator checked it); True if one was set."""
        with self.engine.begin() as conn:
            result = conn.execute(delete(behaviour_throttles)
                                  .where(behaviour_throttles.c.account == account_name(user)))
        return bool(result.rowcount)

    def prune(self, now: float | None = None) -> dict[str, int]:
        """Apply the row caps and the history window; returns rows deleted per table."""
        now = time.time() if now is None else now
        deleted: dict[str, int] = {}
        with self.engine.begin() as conn:
            oldest_hour = int(now // HOUR) - self.cfg.history_weeks * 7 * 24
            deleted["behaviour_hours"] = conn.execute(
                delete(behaviour_hours).where(behaviour_hours.c.hour < oldest_hour)).rowcount
            deleted["behaviour_throttles"] = conn.execute(
                delete(behaviour_throttles).where(behaviour_throttles.c.until <= now)).rowcount
        for table, cap in ((behaviour_orgs, self.cfg.max_correspondents),
                           (behaviour_contacts, self.cfg.max_correspondents),
                           (behaviour_networks, self.cfg.max_correspondents),
                           (behaviour_pairs, self.cfg.max_pairs),
                           (behaviour_account_rcpts, self.cfg.max_pairs)):
            deleted[table.name] = self._cap(table, cap)
        return deleted

    # --- inbound ------------------------------------------------------------------------------

    def _inbound(self, msg: ParsedMessage, ctx: ScanContext, now: float) -> list[Symbol]:
        local = tuple(d.lower() for d in ctx.local_domains)
        sender = normal_address(msg.from_.address if msg.from_ else None) or normal_address(ctx.mail_from)
        rcpts = [r for r in (normal_address(r) for r in ctx.rcpt_to[:MAX_RECIPIENTS]) if r]
        local_rcpts = list(dict.fromkeys(r for r in rcpts if not local or is_local(r, local)))
        if not sender or not local_rcpts or (local and is_local(sender, local)):
            # No sender to remember (bounces), nobody of ours, or one of our own addresses (the
            # authentication checks judge those): nothing to learn from.
            return []
        domain = address_domain(sender)
        # Each recipient's organisation, looked up once (the facts and the records need it).
        rcpt_orgs = {r: self.cfg.org_of(address_domain(r)) for r in local_rcpts}
        orgs = sorted(set(rcpt_orgs.values()))
        auth = auth_state(ctx, domain)
        network = network_of(ctx.client_ip)
        with self.engine.connect() as conn:
            facts = self._contact_facts(conn, orgs, sender, domain, rcpt_orgs)
        symbols = inbound_symbols(sender, facts, auth, network, self.cfg, now)
        with self.engine.begin() as conn:
            self._count_org(conn, orgs, now)
            _upsert(conn, behaviour_contacts,
                    [{"org": o, "address": sender, "first_seen": now, "last_seen": now, "inbound": 1,
                      "outbound": 0, "auth_pass": int(auth == "pass")} for o in orgs],
                    ("org", "address"), add=("inbound", "auth_pass"), greatest=("last_seen",))
            _upsert(conn, behaviour_pairs,
                    [{"org": o, "external": sender, "local": r, "first_seen": now,
                      "last_seen": now, "inbound": 1, "outbound": 0} for r, o in rcpt_orgs.items()],
                    ("org", "external", "local"), add=("inbound",), greatest=("last_seen",))
            if network and auth != "fail":
                # A spoofer's network must not become "known infrastructure" of the real sender.
                _upsert(conn, behaviour_networks,
                        [{"org": o, "domain": domain, "network": network, "first_seen": now, "last_seen": now,
                          "messages": 1} for o in orgs],
                        ("org", "domain", "network"), add=("messages",), greatest=("last_seen",))
        return symbols

    def _contact_facts(self, conn: Connection, orgs: Sequence[str], sender: str, domain: str,
                       rcpt_orgs: dict[str, str]) -> list[ContactFacts]:
        facts = []
        for org in orgs:
            count = conn.execute(_ORG_MESSAGES, {"org": org}).scalar() or 0
            nets = tuple(conn.execute(self._networks, {"org": org, "domain": domain}).scalars())
            row = conn.execute(_CONTACT, {"org": org, "address": sender}).first()
            if row is None:
                facts.append(ContactFacts(org=org, org_messages=count, networks=nets))
                continue
            ours = [r for r, o in rcpt_orgs.items() if o == org]
            known = set(conn.execute(_KNOWN_LOCALS, {"org": org, "external": sender, "locals": ours}).scalars())
            facts.append(ContactFacts(org=org, org_messages=count, inbound=row.inbound, outbound=row.outbound,
                                      auth_pass=row.auth_pass, first_seen=row.first_seen, networks=nets,
                                      new_recipients=tuple(r for r in ours if r not in known)))
        return facts

    def _count_org(self, conn: Connection, orgs: Sequence[str], now: float) -> None:
        _upsert(conn, behaviour_orgs, [{"org": o, "messages": 1, "first_seen": now, "last_seen": now} for o in orgs],
                ("org",), add=("messages",), greatest=("last_seen",))

    # --- outbound -----------------------------------------------------------------------------

    def _outbound(self, msg: ParsedMessage, ctx: ScanContext, now: float) -> list[Symbol]:
        local = tuple(d.lower() for d in ctx.local_domains)
        account = account_name(ctx.auth_user)
        sender = (normal_address(msg.from_.address if msg.from_ else None) or normal_address(ctx.mail_from)
                  or normal_address(account))
        all_rcpts = [r for r in (normal_address(r) for r in ctx.rcpt_to) if r]
        rcpts = list(dict.fromkeys(all_rcpts[:MAX_RECIPIENTS]))
        external = [r for r in rcpts if not local or not is_local(r, local)]
        symbols: list[Symbol] = []
        new: list[str] = []
        if account:
            with self.engine.connect() as conn:
                facts, new = self._account_facts(conn, account, rcpts, len(all_rcpts), now)
            symbols = outbound_symbols(facts, self.cfg)
        sender_domain = address_domain(sender) if sender else ""
        # Mail sent as someone else's domain (an application relaying for a SaaS) teaches nothing
        # about the organisation's own correspondents.
        ours = bool(sender_domain) and (not local or sender_domain in local)
        org = self.cfg.org_of(sender_domain)
        with self.engine.begin() as conn:
            if ours:
                self._count_org(conn, [org], now)
                _upsert(conn, behaviour_contacts,
                        [{"org": org, "address": r, "first_seen": now, "last_seen": now, "inbound": 0,
                          "outbound": 1, "auth_pass": 0} for r in external],
                        ("org", "address"), add=("outbound",), greatest=("last_seen",))
                _upsert(conn, behaviour_pairs,
                        [{"org": org, "external": r, "local": sender, "first_seen": now, "last_seen": now,
                          "inbound": 0, "outbound": 1} for r in external],
                        ("org", "external", "local"), add=("outbound",), greatest=("last_seen",))
            if account:
                self._record_account(conn, account, rcpts, len(all_rcpts), len(new), now)
                self._throttle_if_needed(conn, account, symbols, now)
        return symbols

    def _account_facts(self, conn: Connection, account: str, rcpts: Sequence[str], total_rcpts: int,
                       now: float) -> tuple[AccountFacts, list[str]]:
        known: set[str] = set()
        for i in range(0, len(rcpts), 500):  # bounded IN lists
            known.update(conn.execute(_KNOWN_RECIPIENTS, {"account": account, "rcpts": rcpts[i:i + 500]}).scalars())
        new = [r for r in rcpts if r not in known]
        current = int(now // HOUR)
        oldest = current - self.cfg.history_weeks * 7 * 24
        rows = [HourRow(r.hour, r.messages, r.recipients, r.new_recipients, r.max_recipients)
                for r in conn.execute(_HOURS, {"account": account, "oldest": oldest, "current": current})]
        by_hour = {r.hour: r for r in rows}
        cur, prev = by_hour.get(current), by_hour.get(current - 1)
        # The last 60 minutes, estimated as in sliding-window rate limiters: this hour's count
        # plus the share of the previous hour that still falls inside the window.
        overlap = 1.0 - (now - current * HOUR) / HOUR
        last_messages = 1 + (cur.messages if cur else 0) + (prev.messages * overlap if prev else 0.0)
        last_new = len(new) + (cur.new_recipients if cur else 0) + (prev.new_recipients * overlap if prev else 0.0)
        before = [r for r in rows if r.hour < current]
        facts = AccountFacts(
            account=account, recipients=total_rcpts, last_hour_messages=last_messages,
            last_hour_new_recipients=last_new,
            history=tuple(r for r in rows if r.hour < current - 1),
            used_hours=frozenset(self._local_hour(r.hour) for r in before),
            local_hour=self._local_hour(current),
            span_days=(now - before[0].hour * HOUR) / 86_400 if before else 0.0,
            history_messages=sum(r.messages for r in before))
        return facts, new

    def _local_hour(self, hour: int) -> int:
        return datetime.fromtimestamp(hour * HOUR, self._zone).hour

    def _record_account(self, conn: Connection, account: str, rcpts: Sequence[str], total_rcpts: int, new: int,
                        now: float) -> None:
        _upsert(conn, behaviour_account_rcpts,
                [{"account": account, "recipient": r, "first_seen": now, "last_seen": now, "messages": 1}
                 for r in rcpts],
                ("account", "recipient"), add=("messages",), greatest=("last_seen",))
        _upsert(conn, behaviour_hours,
                [{"account": account, "hour": int(now // HOUR), "messages": 1, "recipients": total_rcpts,
                  "new_recipients": new, "max_recipients": total_rcpts}],
                ("account", "hour"), add=("messages", "recipients", "new_recipients"), greatest=("max_recipients",))

    def _throttle_if_needed(self, conn: Connection, account: str, symbols: Sequence[Symbol], now: float) -> None:
        reasons = [s.description for s in symbols if s.name in THROTTLING_SYMBOLS]
        if not reasons or self.cfg.throttle_seconds <= 0:
            return
        _upsert(conn, behaviour_throttles,
                [{"account": account, "since": now, "until": now + self.cfg.throttle_seconds,
                  "reason": " ".join(reasons)}],
                ("account",), replace=("until", "reason"))
        log.warning("account %s throttled for %.0f s: %s", account, self.cfg.throttle_seconds, " ".join(reasons))

    # --- bounds -------------------------------------------------------------------------------

    def _maybe_prune(self, now: float) -> None:
        self._since_prune += 1
        if self._since_prune >= self._prune_every:
            self._since_prune = 0
            self.prune(now)

    def _cap(self, table: Table, cap: int) -> int:
        """Delete the least recently seen rows down to 90% of the cap once it is exceeded, so
        that pruning happens in batches rather than on every message."""
        with self.engine.begin() as conn:
            count = conn.execute(select(func.count()).select_from(table)).scalar_one()
            if count <= cap:
                return 0
            keep = int(cap * 0.9)
            cutoff = conn.execute(select(table.c.last_seen).order_by(table.c.last_seen)
                                  .offset(count - keep - 1).limit(1)).scalar_one()
            return int(conn.execute(delete(table).where(table.c.last_seen <= cutoff)).rowcount)

    # --- inspection (dashboard, tests) --------------------------------------------------------

    def correspondent(self, org: str, address: str) -> dict[str, Any] | None:
        """What the organisation remembers about an external address, or None."""
        c = behaviour_contacts
        with self.engine.connect() as conn:
            row = conn.execute(select(c).where(and_(c.c.org == org, c.c.address == address.lower()))).first()
        return dict(row._mapping) if row else None

    def row_counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
                    for t in (behaviour_orgs, behaviour_contacts, behaviour_pairs, behaviour_networks,
                              behaviour_account_rcpts, behaviour_hours, behaviour_throttles)}


__all__ = ["BehaviourStore", "behaviour_account_rcpts", "behaviour_contacts", "behaviour_hours",
           "behaviour_networks", "behaviour_orgs", "behaviour_pairs", "behaviour_throttles"]
