"""The policy hooks of an SMTP session: who may send, to whom, how much, and when we say 250.

Each hook takes its decision from the policy modules and answers with one SMTP reply; the
protocol class (smtp/protocol.py) never decides anything about relaying.
"""

from __future__ import annotations

import asyncio
import binascii
import ipaddress
import itertools
import logging
import os
import time
from base64 import b64decode
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import formatdate
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import Engine

from relaywarden.authn.results import strip_forged
from relaywarden.config import Config, ListenerConfig
from relaywarden.policy.address import Mailbox
from relaywarden.policy.lockout import LockoutTracker
from relaywarden.policy.ratelimit import RateLimiter
from relaywarden.policy.relay import decide_recipient, decide_sender
from relaywarden.scan.anomaly import THROTTLING_SYMBOLS
from relaywarden.scan.context import AuthSummary, ScanContext
from relaywarden.smtp.protocol import BAD_ADDRESS, NULL_SENDER, HardenedSMTP
from relaywarden.spool.queue import Envelope, QueuedMessage, RecipientState, Spool, new_queue_id
from relaywarden.store.events import Event, EventLog
from relaywarden.store.quarantine import Quarantine
from relaywarden.store.users import verify_password

if TYPE_CHECKING:
    from relaywarden.authn.gate import AuthGate, GateDecision
    from relaywarden.scan.scanner import Scanner
    from relaywarden.scan.verdict import Verdict

log = logging.getLogger("relaywarden.smtp")

_session_ids = itertools.count(1)
MAX_HOPS = 50  # Received headers before we call it a loop (Postfix's hopcount_limit)


class MessageSink(Protocol):
    def submit(self, msg: QueuedMessage, data: bytes) -> None: ...


@dataclass
class RelayContext:
    """Everything one worker's sessions share; built once by the server."""

    cfg: Config
    spool: Spool
    events: EventLog
    engine: Engine
    sink: MessageSink
    gate_factory: Callable[[], AuthGate] | None = None
    """Builds the authentication stage (inbound checks, outbound signing) on first use, so a
    relay whose clients are all trusted never loads it; None when both are off."""
    quarantine: Quarantine | None = None
    scanner_factory: Callable[[], Scanner] | None = None
    """Builds the threat scanner (parser, checks, classifier, behaviour store) on first use, in
    a worker thread; None when scanning is off."""
    local_domains: frozenset[str] = frozenset()
    relay_domains: frozenset[str] = frozenset()
    trusted_networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
    ip_messages: RateLimiter = field(init=False)
    ip_recipients: RateLimiter = field(init=False)
    user_messages: RateLimiter = field(init=False)
    user_recipients: RateLimiter = field(init=False)
    ip_lockouts: LockoutTracker = field(init=False)
    user_lockouts: LockoutTracker = field(init=False)
    auth_slots: asyncio.Semaphore = field(init=False)
    _gate: AuthGate | None = field(init=False, default=None, repr=False)
    _scanner: Scanner | None = field(init=False, default=None, repr=False)
    _scanner_lock: asyncio.Lock = field(init=False, default_factory=asyncio.Lock, repr=False)

    def __post_init__(self) -> None:
        lim = self.cfg.limits
        self.local_domains = frozenset(self.cfg.relay.local_domains)
        self.relay_domains = frozenset(self.cfg.relay.relay_domains)
        self.trusted_networks = tuple(ipaddress.ip_network(n) for n in self.cfg.relay.trusted_networks)
        self.ip_messages = RateLimiter(lim.messages_per_minute_per_ip)
        self.ip_recipients = RateLimiter(lim.recipients_per_minute_per_ip)
        self.user_messages = RateLimiter(lim.messages_per_minute_per_user)
        self.user_recipients = RateLimiter(lim.recipients_per_minute_per_user)
        lo = self.cfg.auth.lockout
        kwargs = {"max_failures": lo.max_failures, "window": lo.window_seconds,
                  "initial": lo.initial_seconds, "maximum": lo.max_seconds}
        self.ip_lockouts = LockoutTracker(**kwargs)  # type: ignore[arg-type]
        self.user_lockouts = LockoutTracker(**kwargs)  # type: ignore[arg-type]
        # argon2 hashing is memory-hard on purpose: bound how many run at once.
        self.auth_slots = asyncio.Semaphore(2)

    def auth_gate(self) -> AuthGate | None:
        if self._gate is None and self.gate_factory is not None:
            self._gate = self.gate_factory()
        return self._gate

    async def scanner(self) -> Scanner | None:
        if self._scanner is None and self.scanner_factory is not None:
            async with self._scanner_lock:
                if self._scanner is None:
                    # Loading the model reads files and allocates arrays: not on the event loop.
                    self._scanner = await asyncio.to_thread(self.scanner_factory)
        return self._scanner

    def is_trusted(self, ip: str) -> bool:
        try:
            addr = ipaddress.ip_address(ip)
        except ValueError:
            return False
        if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
            addr = addr.ipv4_mapped
        return any(addr in net for net in self.trusted_networks)


def _peer_ip(session: Any) -> str:
    peer = session.peer
    return str(peer[0]) if peer else "unknown"


class RelayHandler:
    """aiosmtpd handler for one listener (its role decides AUTH and relay rules)."""

    def __init__(self, ctx: RelayContext, listener: ListenerConfig) -> None:
        self.ctx = ctx
        self.listener = listener
        self.auth_offered = listener.role in ("submission", "submissions")

    # -- session state ------------------------------------------------------------------------

    def _state(self, session: Any) -> dict[str, Any]:
        st: dict[str, Any] | None = getattr(session, "rw", None)
        if st is None:
            ip = _peer_ip(session)
            st = {"id": f"{os.getpid():x}.{next(_session_ids):x}", "ip": ip, "trusted": self.ctx.is_trusted(ip),
                  "user": None, "accepted": 0, "rejected": 0, "start": time.time()}
            session.rw = st
        return st

    def _emit(self, session: Any, kind: str, **kw: Any) -> None:
        st = self._state(session)
        self.ctx.events.emit(Event(kind=kind, session_id=st["id"], client_ip=st["ip"],
                                   auth_user=st["user"], **kw))

    def _reject(self, session: Any, reply: str, stage: str, reason: str = "", **kw: Any) -> str:
        st = self._state(session)
        st["rejected"] += 1
        log.info("%s %s reject at %s: %s", st["id"], st["ip"], stage, reply)
        detail = {"stage": stage, "reply": reply, **({"reason": reason} if reason else {})}
        self._emit(session, "reject", decision=reply[:3], detail=detail, **kw)
        return reply

    def connection_closed(self, server: HardenedSMTP, session: Any) -> None:
        st = self._state(session)
        self._emit(session, "session", detail={
            "listener": self.listener.name, "helo": session.host_name or "",
            "tls": server.tls_active, "accepted": st["accepted"], "rejected": st["rejected"],
            "duration": round(time.time() - st["start"], 3)})

    # -- greeting -----------------------------------------------------------------------------

    async def handle_HELO(self, server: HardenedSMTP, session: Any, envelope: Any, hostname: str) -> str:
        self._state(session)
        session.host_name = hostname
        return f"250 {self.ctx.cfg.server.hostname}"

    async def handle_EHLO(self, server: HardenedSMTP, session: Any, envelope: Any, hostname: str,
                          responses: list[str]) -> list[str]:
        self._state(session)
        session.host_name = hostname
        lines = [r for r in responses[:-1] if self.auth_offered or not r[4:].startswith("AUTH")]
        lines += ["250-PIPELINING", "250-ENHANCEDSTATUSCODES", "250 HELP"]
        return lines

    # -- AUTH ---------------------------------------------------------------------------------

    async def handle_AUTH(self, server: HardenedSMTP, session: Any, envelope: Any, args: list[str]) -> str | None:
        st = self._state(session)
        if not self.auth_offered:
            return "503 5.5.1 AUTH is not offered on this port; use the submission port"
        ip = st["ip"]
        if self.ctx.ip_lockouts.locked_for(ip) > 0:
            await self._lock_out(server)
            return None
        creds = await self._read_credentials(server, args)
        if creds is None:
            return None
        user, password = creds
        if self.ctx.user_lockouts.locked_for(user) > 0:
            self._auth_failed(session, user, "user locked out")
            return "454 4.7.0 Temporary authentication failure, try again later"
        async with self.ctx.auth_slots:
            ok = await asyncio.to_thread(verify_password, self.ctx.engine, user, password)
        if not ok:
            ip_locked = self._auth_failed(session, user, "bad credentials")
            if ip_locked:
                await server.push("535 5.7.8 Authentication credentials invalid")
                await self._lock_out(server)
                return None
            return "535 5.7.8 Authentication credentials invalid"
        self.ctx.ip_lockouts.success(ip)
        self.ctx.user_lockouts.success(user)
        session.authenticated = True
        session.auth_data = user
        st["user"] = user
        log.info("%s %s authenticated as %s", st["id"], ip, user)
        self._emit(session, "auth", decision="ok")
        return "235 2.7.0 Authentication successful"

    def _auth_failed(self, session: Any, user: str, why: str) -> bool:
        st = self._state(session)
        ip_period = self.ctx.ip_lockouts.failure(st["ip"])
        user_period = self.ctx.user_lockouts.failure(user)
        log.warning("%s %s AUTH failure for %r: %s%s%s", st["id"], st["ip"], user, why,
                    f"; client locked out for {ip_period:.0f}s" if ip_period else "",
                    f"; user locked out for {user_period:.0f}s" if user_period else "")
        self._emit(session, "auth", decision="fail",
                   detail={"user": user, "why": why, "ip_lockout": ip_period, "user_lockout": user_period})
        return ip_period > 0

    async def _lock_out(self, server: HardenedSMTP) -> None:
        await server.push("421 4.7.0 Too many authentication failures from your address, try again later")
        if server.transport is not None:
            server.transport.close()

    async def _read_credentials(self, server: HardenedSMTP, args: list[str]) -> tuple[str, str] | None:
        mechanism = args[0].upper()
        if mechanism not in self.ctx.cfg.auth.mechanisms:
            await server.push("504 5.5.4 Unrecognized authentication type")
            return None
        try:
            if mechanism == "PLAIN":
                blob = await self._initial_or_challenge(server, args, "")
                if blob is None:
                    return None
                parts = blob.split(b"\x00")
                if len(parts) != 3 or not parts[1]:
                    await server.push("501 5.5.2 Malformed PLAIN credentials")
                    return None
                authz, user_b, pw_b = parts
                if authz and authz != user_b:
                    await server.push("535 5.7.8 Authorization identity not permitted")
                    return None
            else:
                user_blob = await self._initial_or_challenge(server, args, "Username:")
                if user_blob is None:
                    return None
                pw_blob = await server.challenge_auth("Password:")
                if not isinstance(pw_blob, bytes):
                    return None
                user_b, pw_b = user_blob, pw_blob
            return user_b.decode("utf-8"), pw_b.decode("utf-8")
        except UnicodeDecodeError:
            await server.push("501 5.5.2 Credentials are not valid UTF-8")
            return None

    async def _initial_or_challenge(self, server: HardenedSMTP, args: list[str], prompt: str) -> bytes | None:
        if len(args) > 1 and args[1] != "=":
            try:
                return b64decode(args[1].encode(), validate=True)
            except (binascii.Error, ValueError):
                await server.push("501 5.5.2 Cannot decode base64")
                return None
        if len(args) > 1:
            return b""
        blob = await server.challenge_auth(prompt)
        return blob if isinstance(blob, bytes) else None

    # -- envelope -----------------------------------------------------------------------------

    async def handle_MAIL(self, server: HardenedSMTP, session: Any, envelope: Any, address: str,
                          mail_options: list[str]) -> str:
        st = self._state(session)
        if address == BAD_ADDRESS:
            assert server.last_address_error is not None
            return self._reject(session, server.last_address_error.reply, "mail")
        mailbox = server.last_mailbox if address != NULL_SENDER else None
        sender = decide_sender(mailbox, auth_user=st["user"], grants=self.ctx.cfg.auth.senders,
                               local_domains=self.ctx.local_domains)
        if not sender.accepted:
            return self._reject(session, sender.reply, "mail", sender=address)
        limited = self._over_rate(st, messages=1)
        if limited:
            return self._reject(session, limited, "mail", sender=address)
        held = await self._throttled(st)
        if held:
            return self._reject(session, f"451 4.7.1 Sending from this account is paused: {held}", "mail",
                                sender=address, reason=held)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        envelope.rw_flags = ["claims-local-sender"] if sender.claims_local_domain else []
        return "250 2.1.0 Ok"

    async def handle_RCPT(self, server: HardenedSMTP, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:
        st = self._state(session)
        if address == BAD_ADDRESS:
            assert server.last_address_error is not None
            return self._reject(session, server.last_address_error.reply, "rcpt", sender=envelope.mail_from)
        mailbox = server.last_mailbox
        assert mailbox is not None
        if not mailbox.domain and mailbox.local.lower() == "postmaster":
            domains = self.ctx.cfg.relay.local_domains or [self.ctx.cfg.server.hostname]
            mailbox = Mailbox(local="postmaster", domain=domains[0],
                              is_literal=False, had_source_route=False)
        if len(envelope.rcpt_tos) >= self.ctx.cfg.limits.max_recipients:
            return self._reject(session, "452 4.5.3 Too many recipients for one message", "rcpt",
                                sender=envelope.mail_from, recipients=[mailbox.address])
        decision = decide_recipient(mailbox, local_domains=self.ctx.local_domains,
                                    relay_domains=self.ctx.relay_domains, trusted=st["trusted"],
                                    authenticated=st["user"] is not None)
        if not decision.accepted:
            return self._reject(session, decision.reply, "rcpt", sender=envelope.mail_from,
                                recipients=[mailbox.address])
        limited = self._over_rate(st, recipients=1)
        if limited:
            return self._reject(session, limited, "rcpt", sender=envelope.mail_from,
                                recipients=[mailbox.address])
        spf_refusal = await self._spf_at_rcpt(session, envelope, st)
        if spf_refusal:
            return self._reject(session, spf_refusal, "rcpt", sender=envelope.mail_from,
                                recipients=[mailbox.address])
        addr = mailbox.address
        if addr.lower() not in (r.lower() for r in envelope.rcpt_tos):
            envelope.rcpt_tos.append(addr)
        return "250 2.1.5 Ok"

    def _checks_inbound(self, st: dict[str, Any]) -> bool:
        """Mail from strangers is authenticated; mail from our own users and networks is not."""
        return (self.ctx.gate_factory is not None and self.ctx.cfg.authentication.enabled
                and not _is_outbound(st))

    async def _spf_at_rcpt(self, session: Any, envelope: Any, st: dict[str, Any]) -> str | None:
        gate = self.ctx.auth_gate() if self._checks_inbound(st) else None
        if gate is None:
            return None
        cached: str | None = getattr(envelope, "rw_spf_reply", None)
        if cached is None:
            mail_from = "" if envelope.mail_from == NULL_SENDER else envelope.mail_from
            cached = await gate.spf_reply_at_rcpt(ip=st["ip"], helo=session.host_name or "",
                                                           mail_from=mail_from) or ""
            envelope.rw_spf_reply = cached
        return cached or None

    def _over_rate(self, st: dict[str, Any], *, messages: int = 0, recipients: int = 0) -> str | None:
        lim = self.ctx.cfg.limits
        checks: list[tuple[RateLimiter, str, float, str]] = []
        if messages:
            checks.append((self.ctx.ip_messages, st["ip"], lim.messages_per_minute_per_ip,
                           f"messages per minute from {st['ip']}"))
            if st["user"]:
                checks.append((self.ctx.user_messages, st["user"], lim.messages_per_minute_per_user,
                               f"messages per minute for user {st['user']}"))
        if recipients:
            checks.append((self.ctx.ip_recipients, st["ip"], lim.recipients_per_minute_per_ip,
                           f"recipients per minute from {st['ip']}"))
            if st["user"]:
                checks.append((self.ctx.user_recipients, st["user"], lim.recipients_per_minute_per_user,
                               f"recipients per minute for user {st['user']}"))
        for limiter, key, per_minute, what in checks:
            if not limiter.take(key, messages or recipients):
                wait = limiter.retry_after(key, messages or recipients)
                return (f"451 4.7.1 Rate limit exceeded: more than {per_minute:g} {what}; "
                        f"try again in {max(1, round(wait))} seconds")
        return None

    # -- DATA ---------------------------------------------------------------------------------

    async def handle_DATA(self, server: HardenedSMTP, session: Any, envelope: Any) -> str:
        st = self._state(session)
        content: bytes = envelope.content
        if _count_received(content) >= MAX_HOPS:
            return self._reject(session, "554 5.4.6 Too many Received headers: mail loop?", "data",
                                sender=envelope.mail_from, recipients=list(envelope.rcpt_tos))
        qid = new_queue_id()
        mail_from = "" if envelope.mail_from == NULL_SENDER else envelope.mail_from
        received = self._received_header(server, session, envelope, qid)
        recipients = list(envelope.rcpt_tos)
        flags = list(getattr(envelope, "rw_flags", []))
        gate = self.ctx.auth_gate() if self._checks_inbound(st) else None
        decision: GateDecision | None = None
        if gate is not None:
            content, forged = strip_forged(content, gate.authserv_id)
            decision = await gate.inbound(content, ip=st["ip"], helo=session.host_name or "", mail_from=mail_from)
            log.info("%s %s authentication: %s (%s)%s", st["id"], st["ip"], decision.action, decision.reason,
                     f"; removed {forged} forged Authentication-Results" if forged else "")
            if decision.action in ("reject", "tempfail"):
                return self._reject(session, decision.reply, "data", sender=mail_from,
                                    recipients=recipients, reason=decision.reason)
            if decision.action == "quarantine":
                return await self._quarantine(session, decision.header + received + content, mail_from,
                                              recipients, decision.reason, qid)
        verdict = await self._scan(session, content, mail_from, recipients, decision)
        if verdict is not None:
            outbound = _is_outbound(st)
            if verdict.action == "reject":
                return self._reject(session, _scan_rejection(verdict, outbound), "data", sender=mail_from,
                                    recipients=recipients, reason=_scan_reason(verdict))
            if verdict.action == "quarantine":
                head = decision.header if decision is not None else b""
                return await self._quarantine(session, head + received + content, mail_from, recipients,
                                              _scan_reason(verdict), qid,
                                              symbols=[s.to_json() for s in verdict.symbols])
            if any(s.name == "DLP_REQUIRE_TLS" for s in verdict.symbols):
                flags.append("require-tls")
            if not outbound:
                content = self._apply(content, verdict)
        if gate is not None and decision is not None:
            data = decision.header + received + content
            data = gate.arc_seal(data, recipients, decision) + data
        elif self.ctx.cfg.dkim.keys and self.ctx.cfg.dkim.sign and _is_outbound(st):
            signer = self.ctx.auth_gate()
            data = received + (signer.sign(content) if signer is not None else b"") + content
        else:
            data = received + content
        env = Envelope(queue_id=qid, mail_from=mail_from, recipients=recipients,
                       arrival=time.time(), client_ip=st["ip"], helo=session.host_name or "",
                       auth_user=st["user"] or "", listener=self.listener.name, size=len(data),
                       flags=flags)
        try:
            path = await asyncio.to_thread(self.ctx.spool.store, env, data)
        except OSError as exc:
            log.error("%s cannot write queue file: %s", st["id"], exc)
            return "451 4.3.0 Cannot queue the message right now, please try again later"
        st["accepted"] += 1
        log.info("%s %s queued %s from=<%s> rcpts=%d size=%d", st["id"], st["ip"], qid, mail_from,
                 len(env.recipients), len(data))
        self._emit(session, "accept", queue_id=qid, sender=mail_from, recipients=env.recipients,
                   decision="queued", detail={"size": len(data), "listener": self.listener.name,
                                              "flags": env.flags})
        msg = QueuedMessage(envelope=env, path=path,
                            states={r: RecipientState() for r in env.recipients})
        self.ctx.sink.submit(msg, data)
        return f"250 2.0.0 Ok: queued as {qid}"

    # -- threat scanning ---------------------------------------------------------------------

    def _scans(self, st: dict[str, Any]) -> bool:
        scan = self.ctx.cfg.scan
        if self.ctx.scanner_factory is None or not scan.enabled:
            return False
        return scan.outbound if _is_outbound(st) else scan.inbound

    async def _throttled(self, st: dict[str, Any]) -> str | None:
        if st["user"] is None or not self._scans(st):
            return None
        scanner = await self.ctx.scanner()
        if scanner is None:
            return None
        return await asyncio.to_thread(scanner.throttled, st["user"])

    async def _scan(self, session: Any, content: bytes, mail_from: str, recipients: list[str],
                    decision: GateDecision | None) -> Verdict | None:
        st = self._state(session)
        if not self._scans(st):
            return None
        scanner = await self.ctx.scanner()
        if scanner is None:
            return None
        sctx = ScanContext(direction="outbound" if _is_outbound(st) else "inbound", mail_from=mail_from or None,
                           rcpt_to=tuple(recipients), client_ip=st["ip"], helo=session.host_name or None,
                           auth_user=st["user"], auth=_auth_summary(decision),
                           local_domains=tuple(sorted(self.ctx.local_domains)),
                           received_at=datetime.now(UTC))
        verdict = await asyncio.to_thread(scanner.scan, content, sctx)
        log.info("%s %s scan: %s score=%.1f ref=%s %s", st["id"], st["ip"], verdict.action, verdict.score,
                 verdict.reference, " ".join(f"{s.name}({s.score:g})" for s in verdict.symbols))
        self._emit(session, "scan", sender=mail_from, recipients=recipients, decision=verdict.action,
                   detail=verdict.to_json())
        # The symbols that throttle an account also make an alert: a compromised account is an incident.
        for alarm in (s for s in verdict.symbols if s.name in THROTTLING_SYMBOLS):
            log.warning("%s ALERT account %s: %s", st["id"], st["user"] or st["ip"], alarm.description)
            self._emit(session, "alert", sender=mail_from, decision=alarm.name,
                       detail={"symbol": alarm.name, "reason": alarm.description, "reference": verdict.reference})
        return verdict

    def _apply(self, content: bytes, verdict: Verdict) -> bytes:
        from relaywarden.scan.actions import apply_verdict

        try:
            return apply_verdict(content, verdict, self.ctx.cfg.scan.actions)
        except Exception:  # the message must never be lost to a banner
            log.exception("cannot apply the verdict's headers/banner; delivering unchanged")
            return content

    async def _quarantine(self, session: Any, data: bytes, mail_from: str, recipients: list[str], reason: str,
                          qid: str, symbols: list[dict[str, Any]] | None = None) -> str:
        st = self._state(session)
        if self.ctx.quarantine is None:
            return "451 4.3.0 Cannot quarantine the message right now, please try again later"
        try:
            held = await asyncio.to_thread(self.ctx.quarantine.add, data, sender=mail_from, recipients=recipients,
                                           reason=reason, queue_id=qid, client_ip=st["ip"], symbols=symbols)
        except OSError as exc:
            log.error("%s cannot write quarantine file: %s", st["id"], exc)
            return "451 4.3.0 Cannot queue the message right now, please try again later"
        st["accepted"] += 1
        log.info("%s %s quarantined %s as %s: %s", st["id"], st["ip"], qid, held, reason)
        self._emit(session, "quarantine", queue_id=qid, sender=mail_from, recipients=recipients,
                   decision="quarantined", detail={"quarantine_id": held, "reason": reason})
        # The sender is not told: a forger learns nothing from the reply.
        return f"250 2.0.0 Ok: queued as {qid}"

    def _received_header(self, server: HardenedSMTP, session: Any, envelope: Any, qid: str) -> bytes:
        st = self._state(session)
        helo = _printable(session.host_name or "unknown")
        proto = "ESMTP" if session.extended_smtp else "SMTP"
        tls = ""
        if server.tls_active and server.transport is not None:
            version = server.transport.get_extra_info("ssl_object")
            if version is not None:
                tls = f"\r\n\t(using {version.version()} with cipher {version.cipher()[0]})"
            proto += "S"
        if st["user"]:
            proto += "A"
        rcpt = f"\r\n\tfor <{envelope.rcpt_tos[0]}>" if len(envelope.rcpt_tos) == 1 else ""
        return (f"Received: from {helo} ([{st['ip']}]){tls}\r\n\tby {self.ctx.cfg.server.hostname} "
                f"(relaywarden) with {proto} id {qid}{rcpt};\r\n\t{formatdate(localtime=False)}\r\n"
                ).encode("ascii", "replace")


def _auth_summary(decision: GateDecision | None) -> AuthSummary | None:
    if decision is None:
        return None
    rep = decision.report
    dmarc = rep.dmarc
    return AuthSummary(spf=rep.spf.result, dkim_pass_domains=tuple(d.domain for d in rep.dkim if d.result == "pass"),
                       dmarc=None if dmarc is None else dmarc.result,
                       dmarc_policy=None if dmarc is None or dmarc.policy is None else str(dmarc.disposition),
                       from_domain=rep.from_domain, arc=str(rep.arc.cv))


def _is_outbound(st: dict[str, Any]) -> bool:
    """Mail from our own users and networks leaves; everything else comes in."""
    return bool(st["trusted"] or st["user"] is not None)


def _reply_text(text: str) -> str:
    """Text safe inside one SMTP reply line: printable ASCII, bounded."""
    return "".join(c if 32 <= ord(c) < 127 else "?" for c in text)[:300]


def _scan_reason(verdict: Verdict) -> str:
    top = sorted((s for s in verdict.symbols if s.score > 0 or s.force), key=lambda s: -s.score)[:3]
    return f"scan score {verdict.score:g} ({verdict.reference}): " + "; ".join(s.description for s in top)


def _scan_rejection(verdict: Verdict, outbound: bool) -> str:
    """The 550 reply. Our own users are told why (a DLP block names what it found, masked);
    strangers get the reference only, so an attacker cannot tune a message against the checks."""
    if outbound:
        forced = [s for s in verdict.symbols if s.force == "reject"] or sorted(verdict.symbols, key=lambda s: -s.score)
        why = _reply_text(forced[0].description) if forced else "it looks unsafe"
        return f"550 5.7.1 Message refused ({verdict.reference}): {why}"
    return f"550 5.7.1 Message refused as unsafe; reference {verdict.reference}"


def _printable(text: str) -> str:
    return "".join(c if 32 < ord(c) < 127 and c not in "()\\" else "?" for c in text)[:255]


def _count_received(content: bytes) -> int:
    end = content.find(b"\r\n\r\n")
    head = (content if end < 0 else content[:end + 2]).lower()
    return head.count(b"\r\nreceived:") + (1 if head.startswith(b"received:") else 0)
