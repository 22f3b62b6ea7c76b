"""Outbound SMTP: deliver one message to one next hop and say what happened to each recipient.

Built on aiosmtplib's SMTP class, used command by command, because delivery needs what its
one-shot helpers hide: a result per recipient, a TLS fallback decision, connection reuse.
MAIL and RCPT are sent with execute_command so the envelope addresses go out exactly as
given (aiosmtplib's own mail()/rcpt() re-parse them with email.utils.parseaddr, which can
turn one string into another address).

Rules (they decide retries and bounces, so they are the contract):

* Nothing raises for network trouble: every failure becomes a RecipientResult. A refused
  or timed-out connection is 4.4.1, a connection lost or timed out later is 4.4.2.
* Host-level failures (connect, greeting, EHLO/HELO, STARTTLS, AUTH, a 4xx to MAIL, a
  connection lost before DATA) are never decisive: every recipient is deferred, with code
  0, and send_to_any tries the next host. A 5xx greeting is treated the same way, like
  Postfix's smtp_skip_5xx_greeting: a host that will not talk to us is not an answer about
  the recipients. Replies in the transaction (5xx to MAIL, each RCPT, the end of DATA) are.
* A connection lost after the message was sent is deferred 4.4.2 and never retried on
  another host here: the peer may have queued it (RFC 1047), a retry risks a duplicate.
* TLS, per policy: "none" never uses STARTTLS; "opportunistic" uses it when offered and,
  when the handshake fails, delivers over a new clear-text connection (RFC 7435);
  "required" defers (4.7.4 not offered, 4.7.5 handshake failed). With
  verify_certificates, a certificate that does not verify is never downgraded to clear
  text, whatever the policy.
* AUTH (PLAIN, else LOGIN) is sent only over TLS; without TLS the delivery is deferred
  4.7.4 rather than the password exposed. A rejected login is deferred too (an
  administrator can fix it), with the peer's enhanced code made transient.
* PIPELINING (RFC 2920), when the peer offers it: [RSET,] MAIL, every RCPT and DATA go
  out in one write and their replies are read in order; after a 354 the dot-stuffed body
  and its terminating "." go out in a second write. Two round trips per message instead
  of three plus one per recipient. Every reply of a group is read even after MAIL was
  refused; a 354 that no accepted recipient justifies gets a lone "." (RFC 2920 3.1), and
  the RSET after a transaction that ended before DATA is sent in front of the next MAIL.
  The replies are read by _ReplyReader, not aiosmtplib (see there why). Without
  PIPELINING, one command at a time, through aiosmtplib.
* SIZE: a message larger than the peer's advertised limit fails 5.3.4 without sending.
  SIZE=, BODY=8BITMIME and SMTPUTF8 are declared when the peer supports them; a
  non-ASCII address to a peer without SMTPUTF8 fails 5.6.7.
* Connections are kept per (host, port, TLS policy, credentials) after a clean
  transaction and reused (RSET after a transaction that ended before DATA; with
  PIPELINING it travels with the next MAIL), up to
  max_messages_per_connection, and while idle at most max_idle_seconds. A reused
  connection the peer has closed meanwhile is replaced transparently. A connection is
  closed after any transaction error.
* At most per_destination transactions run at once per host:port.
* Host names are resolved with the resolver given (relaywarden.dns.Resolver, so the MX
  hosts come from the same DNS as the MX records); up to 5 addresses of a name are tried
  in order. Without a resolver, the system's getaddrinfo is used.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import os
import re
import socket
import ssl
import time
from collections import deque
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from aiosmtplib import (
    SMTP,
    SMTPAuthenticationError,
    SMTPConnectResponseError,
    SMTPConnectTimeoutError,
    SMTPDataError,
    SMTPException,
    SMTPHeloError,
    SMTPReadTimeoutError,
    SMTPResponse,
    SMTPResponseException,
    SMTPServerDisconnected,
)

from relaywarden.deliver.results import RecipientResult, reply_status
from relaywarden.dns import DNSError, DNSNotFound

TLSPolicy = Literal["opportunistic", "required", "none"]
Credentials = tuple[str, str]
_PoolKey = tuple[str, int, TLSPolicy, Credentials | None]

_QUIT_TIMEOUT = 5.0
# aiosmtplib's limits, so both paths refuse the same runaway replies.
_MAX_REPLY_LINE = 8192
_MAX_REPLY = 4 * _MAX_REPLY_LINE
_LINE_ENDING = re.compile(rb"\r\n|\n|\r(?!\n)")
# str.isspace(), C0 controls, DEL and the brackets: what _address_problem refuses.
_UNSENDABLE_IN_ADDRESS = re.compile(r"[\s\x00-\x1f\x7f<>]")
MAX_ADDRESSES_PER_HOST = 5
"""Addresses of one host name tried per delivery at most (a name can have dozens)."""


class AddressResolver(Protocol):
    """What the pool needs from relaywarden.dns.Resolver: a host name's addresses."""

    async def addresses(self, host: str) -> list[str]: ...


class _HostFailure(Exception):
    """This host did not take the message; nothing was accepted, another host may be tried."""

    def __init__(self, status: str, text: str) -> None:
        super().__init__(text)
        self.status = status
        self.text = text

    def result(self, recipient: str, remote: str) -> RecipientResult:
        return RecipientResult.local(recipient, self.status, self.text, remote)


class _StaleConnection(Exception):
    """A reused connection turned out to be closed before anything was sent on it."""


@dataclass
class _Connection:
    smtp: SMTP
    key: _PoolKey
    remote: str
    reused: bool = False
    messages: int = 0
    idle_since: float = 0.0
    needs_rset: bool = False
    """A transaction ended before DATA and its RSET waits to be pipelined with the next MAIL."""


@dataclass
class _Limit:
    semaphore: asyncio.Semaphore
    users: int = 0


@dataclass
class _Transaction:
    """The outcome of one MAIL...DATA exchange on one connection."""

    results: list[RecipientResult]
    decisive: bool
    """True when the answers are about the recipients (no point trying another host)."""
    reusable: bool = True


def client_tls_context(verify_certificates: bool) -> ssl.SSLContext:
    """The context for STARTTLS: TLS 1.2+, with or without certificate verification."""
    ctx = ssl.create_default_context(ssl.Purpose.SERVER_AUTH)
    if not verify_certificates:
        # Opportunistic TLS (RFC 7435): encrypt against passive listeners without knowing the peer.
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    return ctx


class OutboundPool:
    """Outbound SMTP connections, pooled and limited per destination. See the module doc."""

    def __init__(
        self,
        *,
        helo_name: str,
        tls: TLSPolicy,
        verify_certificates: bool,
        connect_timeout: float,
        command_timeout: float,
        max_messages_per_connection: int,
        per_destination: int,
        max_idle_seconds: float = 10.0,
        tls_context: ssl.SSLContext | None = None,
        resolver: AddressResolver | None = None,
    ) -> None:
        """tls_context replaces the default client context (e.g. to trust a private CA).

        With a resolver, host names are looked up with it (one resolver for everything,
        answers cached) and each address is tried in turn; certificates are still checked
        against the name. Without one, the system resolver is used.
        """
        self._resolver = resolver
        self._helo = helo_name
        self._tls = tls
        self._verify = verify_certificates
        self._connect_timeout = connect_timeout
        self._command_timeout = command_timeout
        self._max_messages = max_messages_per_connection
        self._per_destination = per_destination
        self._max_idle = max_idle_seconds
        self._context = tls_context or client_tls_context(verify_certificates)
        self._idle: dict[_PoolKey, list[_Connection]] = {}
        self._limits: dict[tuple[str, int], _Limit] = {}
        self._closed = False

    # -- public API ------------------------------------------------------------------------

    async def send(
        self,
        host: str,
        port: int,
        mail_from: str,
        recipients: Sequence[str],
        data: bytes,
        *,
        auth: Credentials | None = None,
        tls: TLSPolicy | None = None,
    ) -> list[RecipientResult]:
        """Deliver data (CRLF line endings, not dot-stuffed) to one host; one result per recipient.

        Results come in the order of recipients. mail_from "" is the null sender.
        """
        results, _ = await self._attempt(host, port, mail_from, recipients, data, auth, tls or self._tls)
        return results

    async def send_to_any(
        self,
        hosts: Sequence[tuple[str, int]],
        mail_from: str,
        recipients: Sequence[str],
        data: bytes,
        *,
        auth: Credentials | None = None,
        tls: TLSPolicy | None = None,
    ) -> list[RecipientResult]:
        """Try hosts in order (MX preference) until one gives answers about the recipients.

        The next host is tried after a host-level failure (see module doc); when all fail,
        the last host's results are returned; with no hosts, every recipient is deferred 4.4.4.
        """
        results = [RecipientResult.local(r, "4.4.4", "no host to deliver to") for r in recipients]
        for host, port in hosts:
            results, decisive = await self._attempt(host, port, mail_from, recipients, data, auth,
                                                    tls or self._tls)
            if decisive:
                break
        return results

    async def prune(self) -> None:
        """Close idle connections older than max_idle_seconds (call it now and then)."""
        now = time.monotonic()
        expired: list[_Connection] = []
        for key in list(self._idle):
            keep = [c for c in self._idle[key] if not self._expired(c, now)]
            expired.extend(c for c in self._idle[key] if self._expired(c, now))
            if keep:
                self._idle[key] = keep
            else:
                del self._idle[key]
        await asyncio.gather(*(self._quit(c.smtp) for c in expired))

    async def close(self) -> None:
        """QUIT every idle connection; connections in use are closed when their send ends."""
        self._closed = True
        idle = [c for conns in self._idle.values() for c in conns]
        self._idle.clear()
        await asyncio.gather(*(self._quit(c.smtp) for c in idle))

    @property
    def idle_connections(self) -> int:
        return sum(len(conns) for conns in self._idle.values())

    # -- one attempt at one host -----------------------------------------------------------

    async def _attempt(
        self,
        host: str,
        port: int,
        mail_from: str,
        recipients: Sequence[str],
        data: bytes,
        auth: Credentials | None,
        policy: TLSPolicy,
    ) -> tuple[list[RecipientResult], bool]:
        if self._closed:
            raise RuntimeError("OutboundPool is closed")
        remote = _remote(host, port)
        key: _PoolKey = (host.lower(), port, policy, auth)
        async with self._destination(host, port):
            try:
                tx = await self._deliver_pooled(key, host, port, remote, mail_from, recipients, data,
                                                auth, policy)
            except _HostFailure as failure:
                return [failure.result(r, remote) for r in recipients], False
        return tx.results, tx.decisive

    async def _deliver_pooled(
        self,
        key: _PoolKey,
        host: str,
        port: int,
        remote: str,
        mail_from: str,
        recipients: Sequence[str],
        data: bytes,
        auth: Credentials | None,
        policy: TLSPolicy,
    ) -> _Transaction:
        conn = await self._checkout(key)
        if conn is not None:
            try:
                return await self._deliver_on(conn, mail_from, recipients, data)
            except _StaleConnection:
                pass  # the peer closed it while idle; nothing was sent, start afresh
        conn = await self._connect(key, host, port, remote, policy, auth)
        return await self._deliver_on(conn, mail_from, recipients, data)

    async def _deliver_on(
        self, conn: _Connection, mail_from: str, recipients: Sequence[str], data: bytes
    ) -> _Transaction:
        try:
            tx = await self._transaction(conn, mail_from, recipients, data)
        except BaseException:
            # Network trouble or cancellation: the session state is unknown, drop it.
            conn.smtp.close()
            raise
        conn.messages += 1
        await self._release(conn, tx.reusable)
        return tx

    @contextlib.asynccontextmanager
    async def _destination(self, host: str, port: int) -> AsyncIterator[None]:
        key = (host.lower(), port)
        limit = self._limits.get(key)
        if limit is None:
            limit = self._limits[key] = _Limit(asyncio.Semaphore(self._per_destination))
        limit.users += 1
        try:
            async with limit.semaphore:
                yield
        finally:
            limit.users -= 1
            if limit.users == 0:
                # Forget idle destinations, or MX delivery to many domains grows this forever.
                del self._limits[key]

    # -- the connection pool ---------------------------------------------------------------

    async def _checkout(self, key: _PoolKey) -> _Connection | None:
        idle = self._idle.get(key, [])
        now = time.monotonic()
        found: _Connection | None = None
        while idle and found is None:
            conn = idle.pop()
            if conn.smtp.is_connected and not self._expired(conn, now):
                conn.reused = True
                found = conn
            else:
                await self._quit(conn.smtp)
        if not idle:
            self._idle.pop(key, None)
        return found

    def _expired(self, conn: _Connection, now: float) -> bool:
        return now - conn.idle_since >= self._max_idle

    async def _release(self, conn: _Connection, reusable: bool) -> None:
        if reusable and not self._closed and conn.smtp.is_connected and conn.messages < self._max_messages:
            conn.idle_since = time.monotonic()
            self._idle.setdefault(conn.key, []).append(conn)
        else:
            await self._quit(conn.smtp)

    async def _quit(self, smtp: SMTP) -> None:
        try:
            if smtp.is_connected:
                await smtp.quit(timeout=min(self._command_timeout, _QUIT_TIMEOUT))
        except (SMTPException, OSError):
            pass  # a polite goodbye is all it was
        finally:
            smtp.close()

    # -- opening a session -----------------------------------------------------------------

    async def _connect(
        self, key: _PoolKey, host: str, port: int, remote: str, policy: TLSPolicy, auth: Credentials | None
    ) -> _Connection:
        smtp = await self._open(host, port, remote)
        try:
            smtp = await self._secure(smtp, host, port, remote, policy)
            if auth is not None:
                await self._authenticate(smtp, auth, remote)
        except BaseException:
            smtp.close()
            raise
        return _Connection(smtp, key, remote)

    async def _open(self, host: str, port: int, remote: str) -> SMTP:
        """A greeted session with the first address of host that gives one."""
        failure = _HostFailure("4.4.4", f"{host}: no address to connect to")
        for address in await self._addresses(host):
            try:
                return await self._open_address(address, port, remote)
            except _HostFailure as exc:
                failure = exc  # RFC 5321 5.1: try the host's other addresses
        raise failure

    async def _addresses(self, host: str) -> list[str]:
        if self._resolver is None or _is_ip(host):
            return [host]
        try:
            addresses = await self._resolver.addresses(host)
        except DNSNotFound as exc:
            raise _HostFailure("4.4.4", f"host {host} not found: {exc}") from exc
        except DNSError as exc:
            raise _HostFailure("4.4.3", f"address lookup for {host} failed: {exc}") from exc
        return addresses[:MAX_ADDRESSES_PER_HOST]

    async def _open_address(self, address: str, port: int, remote: str) -> SMTP:
        """Connect, read the greeting, say EHLO (HELO if refused)."""
        if address not in remote:
            remote = f"{remote} ({address})"
        smtp = SMTP(hostname=address, port=port, local_hostname=self._helo, timeout=self._command_timeout,
                    start_tls=False, tls_context=self._context)
        try:
            await smtp.connect(timeout=self._connect_timeout)
        except SMTPConnectResponseError as exc:
            raise _HostFailure(_transient(reply_status(exc.code, exc.message)),
                               f"{remote} greeted with: {exc.code} {_one_line(exc.message)}") from exc
        except SMTPConnectTimeoutError as exc:
            raise _HostFailure("4.4.1", f"connect to {remote}: timed out") from exc
        except (SMTPException, OSError) as exc:
            raise _HostFailure("4.4.1", f"connect to {remote}: {_reason(exc)}") from exc
        try:
            await self._hello(smtp, remote)
        except BaseException:
            smtp.close()
            raise
        return smtp

    async def _hello(self, smtp: SMTP, remote: str) -> None:
        with _network_errors(remote, "EHLO"):
            try:
                await smtp.ehlo()
            except SMTPHeloError as exc:
                if not smtp.is_connected:
                    raise _refused(remote, "EHLO", exc) from exc
                try:
                    await smtp.helo()
                except SMTPHeloError as helo_exc:
                    raise _refused(remote, "HELO", helo_exc) from helo_exc

    async def _secure(self, smtp: SMTP, host: str, port: int, remote: str, policy: TLSPolicy) -> SMTP:
        """Apply the TLS policy; may return a new (clear-text) session after a failed handshake."""
        if policy == "none":
            return smtp
        if not smtp.supports_extension("starttls"):
            if policy == "required":
                raise _HostFailure("4.7.4", f"TLS is required, but {remote} does not offer STARTTLS")
            return smtp
        try:
            await smtp.starttls(server_hostname=host)
        except SMTPResponseException as exc:
            if exc.code < 0 or not smtp.is_connected or exc.code == 421 or policy == "required":
                raise _HostFailure("4.7.4", f"{remote} refused STARTTLS: {exc.code} {_one_line(exc.message)}"
                                   ) from exc
            return smtp  # refused with the session intact: carry on in clear text
        except (ssl.SSLError, SMTPException, OSError) as exc:
            smtp.close()
            if policy == "required" or (self._verify and isinstance(exc, ssl.SSLCertVerificationError)):
                raise _HostFailure("4.7.5", f"TLS handshake with {remote} failed: {_reason(exc)}") from exc
            # RFC 7435: opportunistic TLS delivers in clear text rather than not at all.
            return await self._open(host, port, remote)
        with _network_errors(remote, "EHLO after STARTTLS"):
            try:
                await smtp.ehlo()  # RFC 3207 4.2: forget what was learnt before TLS
            except SMTPHeloError as exc:
                raise _refused(remote, "EHLO after STARTTLS", exc) from exc
        return smtp

    async def _authenticate(self, smtp: SMTP, auth: Credentials, remote: str) -> None:
        if smtp.get_transport_info("sslcontext") is None:
            raise _HostFailure("4.7.4", f"not sending credentials to {remote} without TLS")
        user, password = auth
        methods = smtp.server_auth_methods
        with _network_errors(remote, "AUTH"):
            try:
                if "plain" in methods:
                    await smtp.auth_plain(user, password)
                elif "login" in methods:
                    await smtp.auth_login(user, password)
                else:
                    raise _HostFailure("4.7.4", f"{remote} offers no AUTH PLAIN or LOGIN")
            except SMTPAuthenticationError as exc:
                raise _HostFailure(_transient(reply_status(exc.code, exc.message)),
                                   f"authentication as {user!r} at {remote} failed: "
                                   f"{exc.code} {_one_line(exc.message)}") from exc

    # -- one transaction -------------------------------------------------------------------

    async def _transaction(
        self, conn: _Connection, mail_from: str, recipients: Sequence[str], data: bytes
    ) -> _Transaction:
        decided, to_send = _precheck(conn.smtp, mail_from, recipients, data, conn.remote)
        if not to_send:
            return _Transaction([decided[r] for r in recipients], decisive=True)
        utf8 = _needs_smtputf8(mail_from, to_send)
        options = _mail_options(conn.smtp, data, utf8)
        if conn.smtp.supports_extension("pipelining"):
            return await self._pipelined(conn, mail_from, options, utf8, recipients, to_send, data, decided)
        refused = await self._mail(conn, mail_from, options, utf8)
        if refused is not None:
            decided.update({r: RecipientResult.from_reply(r, refused[0], refused[1], conn.remote)
                            for r in to_send})
            # A 4xx to MAIL says nothing about the recipients: another host may take it.
            return _Transaction([decided[r] for r in recipients], decisive=refused[0] >= 500,
                                reusable=False)
        accepted = await self._recipients(conn, to_send, utf8, decided)
        if not accepted:
            reusable = await self._reset(conn.smtp)
            return _Transaction([decided[r] for r in recipients], decisive=True, reusable=reusable)
        reusable = await self._data(conn, accepted, data, decided)
        return _Transaction([decided[r] for r in recipients], decisive=True, reusable=reusable)

    async def _pipelined(
        self,
        conn: _Connection,
        mail_from: str,
        options: list[bytes],
        utf8: bool,
        recipients: Sequence[str],
        to_send: list[str],
        data: bytes,
        decided: dict[str, RecipientResult],
    ) -> _Transaction:
        """The transaction as two writes: [RSET] MAIL RCPT... DATA, then the body (RFC 2920)."""
        remote = conn.remote
        encoding = "utf-8" if utf8 else "ascii"
        rset = conn.needs_rset
        group = [b"RSET\r\n"] if rset else []
        group.append(b" ".join([b"MAIL FROM:<" + mail_from.encode(encoding) + b">", *options]) + b"\r\n")
        group.extend(b"RCPT TO:<" + rcpt.encode(encoding) + b">\r\n" for rcpt in to_send)
        group.append(b"DATA\r\n")

        def done(*, decisive: bool, reusable: bool) -> _Transaction:
            return _Transaction([decided[r] for r in recipients], decisive=decisive, reusable=reusable)

        with _taken_over(conn.smtp, self._command_timeout) as session:
            stage = "RSET" if rset else "MAIL"
            try:
                session.write(b"".join(group))
                first = await session.reply()
            except ConnectionError as exc:
                if conn.reused:
                    raise _StaleConnection from exc
                raise _HostFailure("4.4.2", f"lost connection with {remote} at {stage}: {_reason(exc)}"
                                   ) from exc
            except (SMTPException, OSError) as exc:
                raise _HostFailure("4.4.2", f"{stage} at {remote}: {_reason(exc)}") from exc
            if rset:
                if first.code != 250:
                    # The session is in no known state; closing it before any body is sent
                    # means nothing of what followed the RSET can be delivered.
                    raise _StaleConnection
                conn.needs_rset = False
                with _network_errors(remote, "MAIL"):
                    mail = await session.reply()
            else:
                mail = first

            if mail.code != 250:
                await _finish_refused_group(session, len(to_send))
                decided.update({r: RecipientResult.from_reply(r, mail.code, mail.message, remote)
                                for r in to_send})
                # A 4xx to MAIL says nothing about the recipients: another host may take it.
                return done(decisive=mail.code >= 500, reusable=False)

            accepted: list[str] = []
            for rcpt in to_send:
                with _network_errors(remote, "RCPT"):
                    reply = await session.reply()
                if reply.code in (250, 251):
                    accepted.append(rcpt)
                elif reply.code == 421:
                    text = f"{remote} closed the session at RCPT: 421 {_one_line(reply.message)}"
                    raise _HostFailure(_transient(reply_status(reply.code, reply.message)), text)
                else:
                    decided[rcpt] = RecipientResult.from_reply(rcpt, reply.code, reply.message, remote)

            try:
                go_ahead = await session.reply()
            except (SMTPException, OSError) as exc:
                if accepted:
                    # No byte of the message was sent: nothing can have been delivered.
                    raise _HostFailure("4.4.2", f"DATA with {remote}: {_reason(exc)}") from exc
                return done(decisive=True, reusable=False)

            if not accepted:
                if go_ahead.code == 354:
                    # RFC 2920 3.1: a DATA accepted against all odds is ended by a lone dot.
                    await _empty_message(session)
                    return done(decisive=True, reusable=False)
                conn.needs_rset = True
                return done(decisive=True, reusable=go_ahead.code != 421)
            if go_ahead.code != 354:
                decided.update({r: RecipientResult.from_reply(r, go_ahead.code, go_ahead.message, remote)
                                for r in accepted})
                return done(decisive=True, reusable=False)

            try:
                session.write(_dot_stuffed(data))
                final = await session.reply()
            except (SMTPException, OSError) as exc:
                text = (f"lost connection with {remote} during DATA ({_reason(exc)}); "
                        "the message may have been delivered")
                decided.update({r: RecipientResult.local(r, "4.4.2", text, remote) for r in accepted})
                return done(decisive=True, reusable=False)
            decided.update({r: RecipientResult.from_reply(r, final.code, final.message, remote)
                            for r in accepted})
            return done(decisive=True, reusable=final.code == 250)

    async def _mail(self, conn: _Connection, mail_from: str, options: list[bytes], utf8: bool
                    ) -> tuple[int, str] | None:
        """MAIL FROM; None when accepted, else the (code, text) of the refusal."""
        address = mail_from.encode("utf-8" if utf8 else "ascii")
        try:
            reply = await conn.smtp.execute_command(b"MAIL", b"FROM:<" + address + b">", *options)
        except ConnectionError as exc:
            if conn.reused:
                raise _StaleConnection from exc
            raise _HostFailure("4.4.2", f"lost connection with {conn.remote} at MAIL: {_reason(exc)}"
                               ) from exc
        except (SMTPException, OSError) as exc:
            raise _HostFailure("4.4.2", f"MAIL at {conn.remote}: {_reason(exc)}") from exc
        if reply.code == 250:
            return None
        return reply.code, reply.message

    async def _recipients(
        self, conn: _Connection, to_send: list[str], utf8: bool, decided: dict[str, RecipientResult]
    ) -> list[str]:
        """RCPT each recipient; record refusals in decided and return the accepted ones."""
        accepted: list[str] = []
        encoding = "utf-8" if utf8 else "ascii"
        for rcpt in to_send:
            with _network_errors(conn.remote, "RCPT"):
                reply = await conn.smtp.execute_command(b"RCPT", b"TO:<" + rcpt.encode(encoding) + b">")
            if reply.code in (250, 251):
                accepted.append(rcpt)
            elif reply.code == 421:
                text = f"{conn.remote} closed the session at RCPT: 421 {_one_line(reply.message)}"
                raise _HostFailure(_transient(reply_status(reply.code, reply.message)), text)
            else:
                decided[rcpt] = RecipientResult.from_reply(rcpt, reply.code, reply.message, conn.remote)
        return accepted

    async def _data(
        self, conn: _Connection, accepted: list[str], data: bytes, decided: dict[str, RecipientResult]
    ) -> bool:
        """Send the message; every accepted recipient gets the end-of-data reply. True if reusable."""
        try:
            reply = await conn.smtp.data(data)
        except SMTPDataError as exc:
            decided.update({r: RecipientResult.from_reply(r, exc.code, exc.message, conn.remote)
                            for r in accepted})
            return False
        except (SMTPException, OSError) as exc:
            text = (f"lost connection with {conn.remote} during DATA ({_reason(exc)}); "
                    "the message may have been delivered")
            decided.update({r: RecipientResult.local(r, "4.4.2", text, conn.remote) for r in accepted})
            return False
        decided.update({r: RecipientResult.from_reply(r, reply.code, reply.message, conn.remote)
                        for r in accepted})
        return True

    async def _reset(self, smtp: SMTP) -> bool:
        """RSET after a transaction that ended before DATA; False if the session is unusable."""
        try:
            reply = await smtp.rset()
        except (SMTPException, OSError):
            return False
        return reply.code == 250


# -- pipelining ----------------------------------------------------------------------------


class _ReplyReader(asyncio.Protocol):
    """Takes a session's transport over for one pipelined transaction and keeps every reply.

    aiosmtplib's SMTPProtocol cannot read pipelined replies: it parses one reply per
    read_response() and leaves the rest of a segment in its buffer unparsed until more data
    arrives, and drops data that arrives while a parsed reply waits to be picked up. A server
    answers a pipelined group in as few segments as it likes (Postfix: one), so the client
    would stall or lose replies. This reader queues every complete reply instead. Replies
    are parsed the way aiosmtplib parses them, so both paths see the same codes and texts.
    """

    def __init__(self, original: asyncio.BaseProtocol, transport: asyncio.WriteTransport, timeout: float) -> None:
        self._original = original
        self._timeout = timeout
        self._transport = transport
        self._buffer = bytearray()
        self._replies: deque[SMTPResponse] = deque()
        self._failure: SMTPException | None = None
        self._waiter: asyncio.Future[None] | None = None
        self.lost = False
        self.lost_reason: Exception | None = None

    def write(self, data: bytes) -> None:
        if self._failure is not None:
            raise self._failure
        if self._transport.is_closing():
            raise SMTPServerDisconnected("Connection lost")
        self._transport.write(data)

    def abort(self) -> None:
        self._transport.abort()

    async def reply(self) -> SMTPResponse:
        """The next reply; raises when the session broke, or timed out before it came."""
        if not self._replies and self._failure is None:
            self._waiter = asyncio.get_running_loop().create_future()
            try:
                async with asyncio.timeout(self._timeout):
                    await self._waiter
            except TimeoutError:
                raise SMTPReadTimeoutError("Timed out waiting for server response") from None
            finally:
                self._waiter = None
        if self._replies:
            return self._replies.popleft()  # replies that came before a hang-up still count
        assert self._failure is not None
        raise self._failure

    def data_received(self, data: bytes) -> None:
        if self._failure is not None:
            return
        self._buffer.extend(data)
        try:
            while (reply := self._parse()) is not None:
                self._replies.append(reply)
        except SMTPResponseException as exc:
            self._fail(exc)
        self._wake()

    def eof_received(self) -> bool:
        self._fail(SMTPServerDisconnected("Unexpected EOF received"))
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost, self.lost_reason = True, exc
        failure = SMTPServerDisconnected("Connection lost")
        failure.__cause__ = exc
        self._fail(failure)

    # Flow control belongs to the transport, whoever reads: keep aiosmtplib's view right.
    def pause_writing(self) -> None:
        self._original.pause_writing()

    def resume_writing(self) -> None:
        self._original.resume_writing()

    def _fail(self, failure: SMTPException) -> None:
        if self._failure is None:
            self._failure = failure
        self._wake()

    def _wake(self) -> None:
        if self._waiter is not None and not self._waiter.done() and (self._replies or self._failure):
            self._waiter.set_result(None)

    def _parse(self) -> SMTPResponse | None:
        """One complete reply off the front of the buffer, or None if none is complete yet."""
        offset = 0
        message = bytearray()
        while (end := self._buffer.find(b"\n", offset)) != -1:
            line = bytes(self._buffer[offset:end + 1])
            if len(line) > _MAX_REPLY_LINE:
                raise SMTPResponseException(-1, "Response too long")
            if not line[:3].isdigit():
                raise SMTPResponseException(
                    -1, f"Malformed SMTP response line: {line.decode('utf-8', 'ignore')}")
            offset = end + 1
            if message:
                message.extend(b"\n")
            message.extend(line[4:].strip(b" \t\r\n"))
            if line[3:4] != b"-":
                del self._buffer[:offset]
                return SMTPResponse(int(line[:3]), bytes(message).decode("utf-8", "surrogateescape"))
        if len(self._buffer) > _MAX_REPLY or len(self._buffer) - offset > _MAX_REPLY_LINE:
            raise SMTPResponseException(-1, "Response too long")
        return None


@contextlib.contextmanager
def _taken_over(smtp: SMTP, timeout: float) -> Iterator[_ReplyReader]:
    """A _ReplyReader in place of aiosmtplib's protocol on smtp's transport, put back after.

    aiosmtplib keeps the connection (TLS included) and everything outside the transaction;
    set_protocol() is asyncio's public way to hand a transport to another reader.
    """
    protocol = smtp.protocol
    transport = protocol.transport if protocol is not None else None
    if protocol is None or not isinstance(transport, asyncio.WriteTransport) or transport.is_closing():
        raise SMTPServerDisconnected("Connection lost")
    reader = _ReplyReader(protocol, transport, timeout)
    transport.set_protocol(reader)
    try:
        yield reader
    finally:
        transport.set_protocol(protocol)
        if reader.lost:
            # The transport told only the reader; aiosmtplib must learn it too (it closes the SMTP).
            protocol.connection_lost(reader.lost_reason)


async def _finish_refused_group(session: _ReplyReader, rcpts: int) -> None:
    """After MAIL was refused: read the RCPT and DATA replies still due (RFC 2920 3.1).

    The session is closed afterwards either way; reading on keeps the QUIT from being
    taken as message text by a server that answered DATA with 354.
    """
    accepted = 0
    try:
        for _ in range(rcpts):
            accepted += (await session.reply()).code in (250, 251)
        go_ahead = await session.reply()
    except (SMTPException, OSError):
        return  # the refusal is the answer; a session that broke meanwhile changes nothing
    if go_ahead.code != 354:
        return
    if accepted:
        # A server that took recipients without a sender would deliver a lone dot as an
        # empty message to them; hanging up mid-DATA makes it discard the transaction.
        session.abort()
        return
    await _empty_message(session)


async def _empty_message(session: _ReplyReader) -> None:
    """End a DATA that no recipient was accepted for: just the terminating dot."""
    with contextlib.suppress(SMTPException, OSError):
        session.write(b".\r\n")
        await session.reply()


def _dot_stuffed(data: bytes) -> bytes:
    """data as DATA content plus its end: CRLF lines, leading dots doubled, ".\r\n" appended.

    The same encoding as aiosmtplib's execute_data_command: lone CR or LF become CRLF, so
    every line start is seen, and no line of the message can be a lone "." that ends it early.
    """
    crlf = data.count(b"\r\n")
    if data.count(b"\r") != crlf or data.count(b"\n") != crlf:
        data = _LINE_ENDING.sub(b"\r\n", data)  # the regex costs far more than the counting
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    # With CRLF line ends, a line starts at 0 and after each LF.
    stuffed = data.replace(b"\n.", b"\n..")
    if stuffed.startswith(b"."):
        stuffed = b"." + stuffed
    return stuffed + b".\r\n"


# -- helpers -------------------------------------------------------------------------------


def _precheck(
    smtp: SMTP, mail_from: str, recipients: Sequence[str], data: bytes, remote: str
) -> tuple[dict[str, RecipientResult], list[str]]:
    """Decide what needs no command: bad syntax, SIZE, SMTPUTF8. Returns (decided, to send)."""
    decided: dict[str, RecipientResult] = {}
    if _address_problem(mail_from):
        text = f"sender address {mail_from!r} cannot be sent in SMTP"
        return {r: RecipientResult.local(r, "5.1.7", text, remote) for r in recipients}, []
    limit = _size_limit(smtp)
    if limit and len(data) > limit:
        text = f"message size {len(data)} exceeds size limit {limit} of {remote}"
        return {r: RecipientResult.local(r, "5.3.4", text, remote) for r in recipients}, []
    utf8_ok = smtp.supports_extension("smtputf8")
    if not mail_from.isascii() and not utf8_ok:
        text = f"sender address is not ASCII and {remote} does not support SMTPUTF8"
        return {r: RecipientResult.local(r, "5.6.7", text, remote) for r in recipients}, []
    to_send: list[str] = []
    seen: set[str] = set()
    for rcpt in recipients:
        if _address_problem(rcpt) or not rcpt:
            decided[rcpt] = RecipientResult.local(rcpt, "5.1.3", f"recipient address {rcpt!r} cannot be "
                                                  "sent in SMTP", remote)
        elif not rcpt.isascii() and not utf8_ok:
            decided[rcpt] = RecipientResult.local(rcpt, "5.6.7", f"recipient address is not ASCII and "
                                                  f"{remote} does not support SMTPUTF8", remote)
        elif rcpt not in seen:
            seen.add(rcpt)
            to_send.append(rcpt)
    return decided, to_send


def _address_problem(address: str) -> bool:
    """True if the address would break the command line it goes on (injection defence)."""
    return _UNSENDABLE_IN_ADDRESS.search(address) is not None


def _size_limit(smtp: SMTP) -> int:
    param = smtp.esmtp_extensions.get("size", "").strip()
    return int(param) if param.isdigit() else 0


def _needs_smtputf8(mail_from: str, recipients: Sequence[str]) -> bool:
    return not mail_from.isascii() or not all(r.isascii() for r in recipients)


def _mail_options(smtp: SMTP, data: bytes, utf8: bool) -> list[bytes]:
    options: list[bytes] = []
    if smtp.supports_extension("size"):
        options.append(b"SIZE=%d" % len(data))
    if smtp.supports_extension("8bitmime") and not data.isascii():
        options.append(b"BODY=8BITMIME")
    if utf8:
        options.append(b"SMTPUTF8")
    return options


@contextlib.contextmanager
def _network_errors(remote: str, stage: str) -> Iterator[None]:
    """Turn a lost, timed-out or garbled session into a host-level 4.4.2 failure."""
    try:
        yield
    except (SMTPException, OSError) as exc:
        if isinstance(exc, SMTPResponseException) and exc.code > 0:
            raise  # a real reply: the caller decides what it means
        raise _HostFailure("4.4.2", f"{stage} with {remote}: {_reason(exc)}") from exc


def _refused(remote: str, stage: str, exc: SMTPResponseException) -> _HostFailure:
    return _HostFailure(_transient(reply_status(exc.code, exc.message)),
                        f"{remote} refused {stage}: {exc.code} {_one_line(exc.message)}")


def _transient(status: str) -> str:
    return "4" + status[1:]


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _remote(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ssl.SSLCertVerificationError) and exc.verify_message:
        return f"certificate verification failed: {exc.verify_message}"
    if isinstance(exc, ssl.SSLError) and exc.reason:
        return str(exc.reason)
    if isinstance(exc, SMTPException) and isinstance(exc.__cause__, OSError):
        return _reason(exc.__cause__)  # aiosmtplib's wrapper text repeats host and port
    if isinstance(exc, OSError) and not isinstance(exc, socket.gaierror) and (exc.errno or 0) > 0:
        return os.strerror(exc.errno or 0)  # asyncio's own text is "Connect call failed (...)"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = _one_line(str(exc))
    if not text and exc.__cause__ is not None:
        text = _one_line(str(exc.__cause__))
    return text or type(exc).__name__
