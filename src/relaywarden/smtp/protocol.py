"""aiosmtpd's protocol state machine with our hardening.

We subclass aiosmtpd.smtp.SMTP rather than fork it: policy stays in the handler's hooks
(smtp/handler.py). What changes here is what a hook cannot do:

- DATA is read in bulk and ends only at <CRLF>.<CRLF>; a bare CR or LF anywhere in the content
  is refused (or normalised to CRLF, per config) so no end-of-data variant can ever create a
  second message here or downstream (SMTP smuggling);
- envelope addresses are parsed by our strict RFC 5321 parser (policy/address.py), so the
  relay decision is taken on the address the router will really use;
- per-IP and total connection limits, a session lifetime, an error budget, no version in the
  banner, and timeouts that follow RFC 5321 §4.5.3.2.
"""

from __future__ import annotations

import asyncio
import collections
import inspect
import logging
import ssl
import weakref
from dataclasses import dataclass, field
from typing import Any, AnyStr

import aiosmtpd.smtp as aiosmtpd_smtp
from aiosmtpd.smtp import SMTP, Session, TLSSetupException

from relaywarden.policy.address import AddressError, Mailbox, parse_path

log = logging.getLogger("relaywarden.smtp")


_NAMES: dict[type, tuple[str, ...]] = {}


def _class_names(cls: type) -> tuple[str, ...]:
    names = _NAMES.get(cls)
    if names is None:
        names = _NAMES[cls] = tuple(dir(cls))
    return names


class _IntrospectionCache:
    """aiosmtpd's SMTP.__init__ runs inspect.getmembers() and dir() over the protocol and the
    handler on every connection (a tenth of the CPU per message in our profile) only to find
    the auth_*, handle_* and smtp_* methods, which belong to the classes. This stand-in for
    the `inspect` module and `dir` inside aiosmtpd.smtp answers from a per-class cache.
    Installed by install_introspection_cache(); aiosmtpd is pinned below 1.5 for it."""

    def __getattr__(self, name: str) -> Any:
        return getattr(inspect, name)

    @staticmethod
    def getmembers(obj: object, predicate: Any = None) -> list[tuple[str, Any]]:
        return [(n, getattr(obj, n)) for n in _cached_dir(obj) if n.startswith("auth_")]

    @staticmethod
    def signature(fn: Any) -> inspect.Signature:
        # Asked of the handler's EHLO hook on every connection; the answer never changes.
        target = getattr(fn, "__func__", fn)
        sig = _SIGNATURES.get(target)
        if sig is None:
            sig = _SIGNATURES[target] = inspect.signature(fn)
        return sig


_SIGNATURES: dict[Any, inspect.Signature] = {}


_HOOK_NAMES: dict[type, tuple[str, ...]] = {}


def _cached_dir(obj: object = None) -> list[str]:
    # aiosmtpd only looks for these prefixes; handing it just those saves a scan per connection.
    cls = type(obj)
    names = _HOOK_NAMES.get(cls)
    if names is None:
        names = _HOOK_NAMES[cls] = tuple(n for n in _class_names(cls) if n.startswith(("handle_", "smtp_", "auth_")))
    return list(names)


def install_introspection_cache() -> None:
    setattr(aiosmtpd_smtp, "inspect", _IntrospectionCache())  # noqa: B010 - not exported
    setattr(aiosmtpd_smtp, "dir", _cached_dir)  # noqa: B010

# Placeholder handed to aiosmtpd for an address our parser refused, so the handler hook runs
# and replies with the parser's precise error instead of a generic one.
BAD_ADDRESS = "\x00bad-address"
NULL_SENDER = "<>"
DATA_CHUNK = 65536


@dataclass
class ConnectionCounter:
    """Open connections, in total and per client IP, shared by one worker's listeners."""

    max_total: int
    max_per_ip: int
    total: int = 0
    per_ip: collections.Counter[str] = field(default_factory=collections.Counter)

    def admit(self, ip: str) -> str | None:
        if self.total >= self.max_total:
            return "421 4.3.2 Too many connections, try again later"
        if self.per_ip[ip] >= self.max_per_ip:
            return "421 4.7.0 Too many connections from your address, try again later"
        self.total += 1
        self.per_ip[ip] += 1
        return None

    def release(self, ip: str) -> None:
        self.total -= 1
        self.per_ip[ip] -= 1
        if self.per_ip[ip] <= 0:
            del self.per_ip[ip]


@dataclass(frozen=True)
class ProtocolLimits:
    data_size_limit: int
    max_command_line: int
    max_line_length: int
    command_timeout: float
    data_timeout: float
    session_timeout: float
    max_errors: int
    bare_newline: str  # "reject" | "normalize"


class _NoTimer:
    """What aiosmtpd expects in _timeout_handle (it calls cancel()); the sweep does the work."""

    def cancel(self) -> None:
        return None


_NO_TIMER = _NoTimer()


class _Sweeper:
    """Closes sessions past their idle or lifetime deadline, once a second, for one loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.sessions: weakref.WeakSet[HardenedSMTP] = weakref.WeakSet()
        self._loop = loop
        self._handle = loop.call_later(1.0, self._sweep)

    def _sweep(self) -> None:
        now = self._loop.time()
        for session in list(self.sessions):
            session.check_deadlines(now)
        self._handle = self._loop.call_later(1.0, self._sweep)


_SWEEPERS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Sweeper] = weakref.WeakKeyDictionary()


def _sweeper(loop: asyncio.AbstractEventLoop) -> _Sweeper:
    sweeper = _SWEEPERS.get(loop)
    if sweeper is None:
        sweeper = _SWEEPERS[loop] = _Sweeper(loop)
    return sweeper


class DataError(Exception):
    def __init__(self, reply: str) -> None:
        super().__init__(reply)
        self.reply = reply


def has_bare_newline(data: bytes) -> bool:
    crlf = data.count(b"\r\n")
    return data.count(b"\n") != crlf or data.count(b"\r") != crlf


def normalize_newlines(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").replace(b"\n", b"\r\n")


def unstuff(data: bytes) -> bytes:
    """Remove the transparency dot (RFC 5321 §4.5.2) from every line that starts with one."""
    if data.startswith(b"."):
        data = data[1:]
    return data.replace(b"\r\n.", b"\r\n")


def longest_line(data: bytes) -> int:
    return max((len(line) for line in data.split(b"\r\n")), default=0)


class HardenedSMTP(SMTP):
    AuthLoginUsernameChallenge = "Username:"
    AuthLoginPasswordChallenge = "Password:"
    # The StreamReader limit: how much a single read may buffer. Command lines are checked
    # against max_command_line separately; DATA is read in chunks of this size.
    line_length_limit = DATA_CHUNK

    def __init__(self, handler: Any, *, limits: ProtocolLimits, connections: ConnectionCounter,
                 tls_context: ssl.SSLContext | None, implicit_tls: bool, require_starttls: bool,
                 auth_required: bool, hostname: str, auth_require_tls: bool = True, **kwargs: Any) -> None:
        super().__init__(
            handler,
            data_size_limit=limits.data_size_limit or None,
            hostname=hostname,
            ident="ESMTP",
            tls_context=tls_context,
            require_starttls=require_starttls,
            timeout=limits.command_timeout,
            auth_required=auth_required,
            auth_require_tls=auth_require_tls,
            **kwargs,
        )
        if implicit_tls:
            # The whole connection is TLS: aiosmtpd only knows STARTTLS, so tell it AUTH may go.
            self._auth_require_tls = False
        self.limits = limits
        self.implicit_tls = implicit_tls
        self._connections = connections
        self._admitted_ip: str | None = None
        self._refused = False
        self._session_deadline = float("inf")
        self._idle_deadline = float("inf")
        self._errors = 0
        self._continued: list[bytes] = []
        self._rcpt_context = False
        self.last_mailbox: Mailbox | None = None
        self.last_address_error: AddressError | None = None
        # aiosmtpd keeps these limits in a class-level dict shared by every session; give
        # each session its own so one client's EHLO cannot change another's limits.
        limit = limits.max_command_line
        self.command_size_limit = limit
        self.command_size_limits = collections.defaultdict(lambda: limit)

    # -- connection admission and lifetime --------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        if self.transport is None and self._admitted_ip is None:
            peer = transport.get_extra_info("peername")
            ip = str(peer[0]) if peer else "unknown"
            refusal = self._connections.admit(ip)
            if refusal is not None:
                self._refused = True
                log.info("refused connection from %s: %s", ip, refusal)
                if isinstance(transport, asyncio.WriteTransport):
                    transport.write(refusal.encode() + b"\r\n")
                transport.close()
                return
            self._admitted_ip = ip
            self._session_deadline = self.loop.time() + self.limits.session_timeout
            _sweeper(self.loop).sessions.add(self)
        super().connection_made(transport)

    def connection_lost(self, error: Exception | None) -> None:
        if self._refused:
            return
        if self._admitted_ip is not None:
            self._connections.release(self._admitted_ip)
            self._admitted_ip = None
        _sweeper(self.loop).sessions.discard(self)
        hook = getattr(self.event_handler, "connection_closed", None)
        if hook is not None and self.session is not None:
            hook(self, self.session)
        super().connection_lost(error)

    def eof_received(self) -> bool | None:
        if self._refused:
            return False
        result: bool | None = super().eof_received()
        return result

    def _reset_timeout(self, duration: float | None = None) -> None:
        # aiosmtpd arms a fresh timer for every command; a deadline checked by one sweep per
        # second does the same job without a timer per command.
        self._idle_deadline = self.loop.time() + (duration or self._timeout_duration)
        self._timeout_handle = _NO_TIMER  # type: ignore[assignment]

    def check_deadlines(self, now: float) -> None:
        if now >= self._session_deadline:
            self._session_expired()
        elif now >= self._idle_deadline:
            self._timeout_cb()

    def _session_expired(self) -> None:
        if isinstance(self.transport, asyncio.WriteTransport):
            log.info("%r session lifetime exceeded", self.session.peer if self.session else None)
            self.transport.write(b"421 4.4.2 Session time limit exceeded, closing\r\n")
            self.transport.close()

    def _timeout_cb(self) -> None:
        # RFC 5321 4.5.3.2: the server may close an idle connection; say why first.
        if isinstance(self.transport, asyncio.WriteTransport):
            log.info("%r idle timeout", self.session.peer if self.session else None)
            self.transport.write(b"421 4.4.2 Timeout exceeded, closing connection\r\n")
            self.transport.close()

    def _create_session(self) -> Session:
        session = super()._create_session()
        session.implicit_tls = self.implicit_tls  # type: ignore[attr-defined]
        return session

    @property
    def tls_active(self) -> bool:
        return self.implicit_tls or self._tls_protocol is not None

    # -- replies -----------------------------------------------------------------------------

    async def push(self, status: AnyStr) -> None:
        response = status.encode("utf-8" if self.enable_SMTPUTF8 else "ascii") if isinstance(status, str) \
            else status
        if response[3:4] == b"-":
            # A multi-line reply leaves in one write with its last line: some clients (nmap's
            # smtp library among them) read one packet per reply.
            self._continued.append(response)
            return
        if self._continued:
            response = b"\r\n".join([*self._continued, response])
            self._continued.clear()
        self._writer.write(response + b"\r\n")
        await self._writer.drain()
        text = response.decode("ascii", "replace")
        if text[:1] in ("4", "5") and not text.startswith("421"):
            self._errors += 1
            if self._errors >= self.limits.max_errors and self.transport is not None:
                self._writer.write(b"421 4.7.0 Too many errors, closing connection\r\n")
                self.transport.close()

    async def handle_exception(self, error: Exception) -> str:
        if isinstance(error, TLSSetupException):
            # A client that cannot or will not complete the handshake (old TLS, a scanner) is
            # not a fault of ours: one line, no traceback.
            log.info("%r TLS handshake failed: %s", self.session.peer if self.session else None,
                     error.__cause__ or error)
            return "421 4.7.0 TLS handshake failed"
        log.exception("internal error in SMTP session %r", self.session.peer if self.session else None)
        return "451 4.3.0 Internal error, please try again later"

    # -- addresses ---------------------------------------------------------------------------

    async def smtp_MAIL(self, arg: str | None) -> None:
        self._rcpt_context = False
        await super().smtp_MAIL(arg)

    async def smtp_RCPT(self, arg: str | None) -> None:
        self._rcpt_context = True
        await super().smtp_RCPT(arg)

    def _getaddr(self, arg: str) -> tuple[str | None, str | None]:
        self.last_mailbox = None
        self.last_address_error = None
        try:
            # MAIL may carry the null path; RCPT may not, but may name a bare <postmaster>.
            mailbox, rest = parse_path(arg, null_allowed=not self._rcpt_context)
        except AddressError as exc:
            self.last_address_error = exc
            return BAD_ADDRESS, ""
        if mailbox is None:
            return NULL_SENDER, rest
        self.last_mailbox = mailbox
        return mailbox.address, rest

    # -- DATA ---------------------------------------------------------------------------------

    async def smtp_DATA(self, arg: str | None) -> None:
        if await self.check_helo_needed():
            return
        if await self.check_auth_needed("DATA"):
            return
        assert self.envelope is not None
        if not self.envelope.rcpt_tos:
            await self.push("503 5.5.1 Error: need RCPT command")
            return
        if arg:
            await self.push("501 5.5.4 Syntax: DATA")
            return
        await self.push("354 End data with <CR><LF>.<CR><LF>")
        try:
            content = await self._read_data()
        except DataError as exc:
            self._set_post_data_state()  # type: ignore[no-untyped-call]
            await self.push(exc.reply)
            return
        self.envelope.content = content
        self.envelope.original_content = content
        status = await self._call_handler_hook("DATA")
        self._set_post_data_state()  # type: ignore[no-untyped-call]
        await self.push(status)

    async def _read_data(self) -> bytes:
        """Read up to the first <CRLF>.<CRLF> and return the unstuffed content (CRLF lines)."""
        reader = self._reader
        # The CRLF that ended the DATA command line starts the terminator of an empty
        # message; putting it back in front lets one separator search cover every case.
        reader._buffer[0:0] = b"\r\n"  # type: ignore[attr-defined]
        limit = self.limits.data_size_limit
        parts: list[bytes] = []
        size = 0
        too_big = False
        while True:
            self._reset_timeout(self.limits.data_timeout)
            try:
                chunk = await reader.readuntil(b"\r\n.\r\n")
                done = True
            except asyncio.LimitOverrunError as exc:
                chunk = await reader.readexactly(exc.consumed)
                done = False
            except asyncio.IncompleteReadError:
                # The client went away mid-DATA: nothing was acknowledged, nothing is kept.
                if self.transport is not None:
                    self.transport.close()
                raise asyncio.CancelledError() from None
            size += len(chunk)
            if limit and size > limit + 7:
                too_big = True
                parts.clear()
            else:
                parts.append(chunk)
            if done:
                break
        self._reset_timeout()
        if too_big:
            raise DataError("552 5.3.4 Message size exceeds fixed maximum message size")
        raw = b"".join(parts)
        # Strip the virtual leading CRLF and the terminator's ".\r\n", keeping the last CRLF.
        body = raw[2:-3]
        if has_bare_newline(body):
            if self.limits.bare_newline == "reject":
                raise DataError(
                    "550 5.5.2 Message refused: it contains a bare <CR> or <LF>; "
                    "lines must end with <CR><LF> (RFC 5321 2.3.8)")
            body = normalize_newlines(body)
        body = unstuff(body)
        if len(body) > self.limits.max_line_length and longest_line(body) > self.limits.max_line_length:
            raise DataError(
                f"500 5.5.6 Message refused: a line is longer than {self.limits.max_line_length} octets")
        return body


for _name in ("smtp_MAIL", "smtp_RCPT"):
    _ours, _theirs = getattr(HardenedSMTP, _name), getattr(SMTP, _name)
    for _attr in ("__smtp_syntax__", "__smtp_syntax_extended__", "__smtp_syntax_when__"):
        if hasattr(_theirs, _attr):
            setattr(_ours, _attr, getattr(_theirs, _attr))
