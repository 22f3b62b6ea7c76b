"""Server checks of `relaywarden audit` (issue 5): what a mail server shows and accepts.

probe_server(host, port) talks SMTP to one server and reports findings (passes included):
the banner and EHLO, version disclosure and known-vulnerable versions, STARTTLS and, apart
from it, the certificate (self-signed, expired, name), old TLS versions and TLS 1.3, AUTH
offered before TLS, VRFY/EXPN, open relay (nmap's 16 smtp-open-relay variants plus an
IPv6-literal one: MAIL/RCPT only, never DATA, RSET between), and the greeting's delay.
With smuggling=True only (for servers the user names): does a bare-LF "\\n.\\n" end DATA,
and do commands pipelined after STARTTLS survive the handshake.

Every network step is bounded by `timeout`; refused connections, resets, timeouts, TLS
failures and replies that are not SMTP become findings, never exceptions.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import ipaddress
import re
import ssl
import time
import warnings
from dataclasses import dataclass

from relaywarden.assess.findings import Finding, Severity, passed

SLOW_BANNER_SECONDS = 5.0
"""A greeting slower than this is reported as SLOW_BANNER, an EHLO reply as SLOW_REPLY (tarpitting)."""
SMUGGLING_WAIT = 1.5
"""How long the smuggling probe waits for a reply to a bare-LF end of data."""
TOTAL_BUDGET_STEPS = 12
"""The whole probe stops after timeout * this many seconds, whatever the server does."""
MAX_REPLY_LINES = 200
WEAK_CIPHERS = "eNULL:aNULL:RC4:3DES:DES:EXPORT:@SECLEVEL=0"
MAX_LINE = 4096

# nmap's smtp-open-relay defaults: nmap.scanme.org replaced by a reserved domain (RFC 2606).
RELAY_DOMAIN = "example.com"
RELAY_FROM = "antispam"
RELAY_TO = "relaytest"
RELAY_IPV6 = "2001:db8::25"


@dataclass(frozen=True)
class Vulnerability:
    product: str
    fixed: tuple[tuple[int, ...], ...]
    """Fixed releases, one per maintained branch (the branch is all but the last component);
    a version below the oldest listed branch is vulnerable too."""
    cve: str
    summary: str


# The "keep it updated" table. A version is vulnerable when, on its branch, it is older than
# the fixed release, or when its branch is older than every branch listed.
VULNERABILITIES: tuple[Vulnerability, ...] = (
    Vulnerability("postfix", ((3, 8, 4), (3, 7, 9), (3, 6, 13), (3, 5, 23)), "CVE-2023-51764",
                  "SMTP smuggling: bare-LF end of data lets a sender spoof mail through this server"),
    Vulnerability("exim", ((4, 97, 1),), "CVE-2023-51766",
                  "SMTP smuggling: bare-LF end of data lets a sender spoof mail through this server"),
    Vulnerability("exim", ((4, 96, 1),), "CVE-2023-42115",
                  "remote code execution through the AUTH EXTERNAL authenticator"),
    Vulnerability("sendmail", ((8, 18, 1),), "CVE-2023-51765",
                  "SMTP smuggling: bare-LF end of data lets a sender spoof mail through this server"),
)

# Product names and the version that follows them in a banner or an EHLO line.
_VERSION = r"v?(\d+(?:\.\d+){1,3})"
_PRODUCTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("postfix", re.compile(r"\bpostfix\b[\s(/-]*(?:version\s*)?" + _VERSION, re.I)),
    ("exim", re.compile(r"\bexim\b[\s(/-]*(?:version\s*)?" + _VERSION, re.I)),
    ("sendmail", re.compile(r"\bsendmail\b[\s(/-]*(?:version\s*)?" + _VERSION, re.I)),
    ("microsoft", re.compile(r"\bmicrosoft\b.*?\bversion:?\s*" + _VERSION, re.I)),
    ("opensmtpd", re.compile(r"\bopensmtpd\b[\s(/-]*" + _VERSION, re.I)),
    ("hmailserver", re.compile(r"\bhmailserver\b[\s(/-]*" + _VERSION, re.I)),
    ("mdaemon", re.compile(r"\bmdaemon\b[\s(/-]*" + _VERSION, re.I)),
    ("haraka", re.compile(r"\bharaka\b[\s(/-]*" + _VERSION, re.I)),
    ("courier", re.compile(r"\bcourier\b[\s(/-]*" + _VERSION, re.I)),
    ("python smtp", re.compile(r"\bpython smtp\b\s*" + _VERSION, re.I)),
)


def parse_version(text: str) -> tuple[int, ...] | None:
    """'3.7.5' -> (3, 7, 5); '4.97.1-1ubuntu' -> (4, 97, 1); '8.15.2/8.15.2' -> (8, 15, 2)."""
    m = re.match(r"\s*v?(\d{1,6}(?:\.\d{1,6}){0,3})", text)
    if m is None:
        return None
    return tuple(int(x) for x in m.group(1).split("."))


def disclosed_versions(lines: list[str]) -> list[tuple[str, str, tuple[int, ...]]]:
    """(product, the version as written, parsed) for every product version found in lines."""
    found: list[tuple[str, str, tuple[int, ...]]] = []
    for line in lines:
        for product, pattern in _PRODUCTS:
            m = pattern.search(line)
            if m is None:
                continue
            version = parse_version(m.group(1))
            if version is not None and (product, m.group(1), version) not in found:
                found.append((product, m.group(1), version))
    return found


def _pad(v: tuple[int, ...], n: int) -> tuple[int, ...]:
    return v + (0,) * (n - len(v))


def is_vulnerable(version: tuple[int, ...], fixed: tuple[tuple[int, ...], ...]) -> bool:
    """True when version is older than the fix of its branch, or its branch predates them all."""
    for fix in fixed:
        branch = fix[:-1]
        if _pad(version, len(fix))[: len(branch)] == branch:
            return _pad(version, len(fix)) < fix
    oldest = min(fixed)
    newest = max(fixed)
    if _pad(version, len(oldest)) < oldest:
        return True
    # A branch between listed ones (an unlisted, end-of-life branch) counts as vulnerable;
    # a branch newer than every fix is not.
    return _pad(version, len(newest)) < newest


def vulnerabilities_for(product: str, version: tuple[int, ...]) -> list[Vulnerability]:
    return [v for v in VULNERABILITIES if v.product == product and is_vulnerable(version, v.fixed)]


# -- a bounded SMTP conversation ---------------------------------------------------------


class SMTPGarbage(Exception):
    """The peer's reply is not SMTP."""


class _Conn:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, timeout: float) -> None:
        self.reader = reader
        self.writer = writer
        self.timeout = timeout

    @classmethod
    async def open(cls, host: str, port: int, seconds: float) -> _Conn:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port, limit=MAX_LINE * 4), seconds)
        return cls(reader, writer, seconds)

    @property
    def peer_ip(self) -> str:
        peer = self.writer.get_extra_info("peername")
        return str(peer[0]) if peer else ""

    async def reply(self, wait: float | None = None) -> tuple[int, list[str]]:
        """One reply: (code, its lines without the code). Raises SMTPGarbage, TimeoutError,
        ConnectionError."""
        lines: list[str] = []
        code = 0
        async with asyncio.timeout(self.timeout if wait is None else wait):
            while True:
                try:
                    raw = await self.reader.readline()
                except ValueError as exc:  # longer than the stream limit
                    raise SMTPGarbage("a reply line of more than the read limit") from exc
                if not raw:
                    raise ConnectionError("connection closed by the server"
                                          + (f" after {lines!r}" if lines else ""))
                if len(raw) > MAX_LINE or not raw.endswith(b"\n"):
                    raise SMTPGarbage(f"an over-long reply line: {raw[:80]!r}...")
                line = raw.rstrip(b"\r\n").decode("utf-8", "replace")
                m = re.match(r"([2-5]\d\d)([ -]|$)(.*)", line)
                if m is None or (code and int(m.group(1)) != code):
                    raise SMTPGarbage(f"not an SMTP reply: {raw[:120]!r}")
                code = int(m.group(1))
                lines.append(m.group(3))
                if len(lines) > MAX_REPLY_LINES:
                    raise SMTPGarbage(f"a reply of more than {MAX_REPLY_LINES} lines")
                if m.group(2) != "-":
                    return code, lines

    async def send(self, data: bytes) -> None:
        self.writer.write(data)
        await asyncio.wait_for(self.writer.drain(), self.timeout)

    async def cmd(self, line: str) -> tuple[int, list[str]]:
        await self.send(line.encode("utf-8") + b"\r\n")
        return await self.reply()

    async def starttls(self, ctx: ssl.SSLContext, server_hostname: str | None) -> None:
        await asyncio.wait_for(self.writer.start_tls(ctx, server_hostname=server_hostname), self.timeout)

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            if not self.writer.is_closing():
                self.writer.write(b"QUIT\r\n")
        self.abort()

    def abort(self) -> None:
        transport = self.writer.transport
        with contextlib.suppress(Exception):
            transport.abort()


_NET_ERRORS = (OSError, TimeoutError, ConnectionError, SMTPGarbage, ssl.SSLError, EOFError, asyncio.IncompleteReadError)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError):
        return "timed out"
    text = str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {text}" if not isinstance(exc, SMTPGarbage) else text


def _client_context(version: ssl.TLSVersion | None = None) -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    if version is not None:
        with warnings.catch_warnings():  # TLS 1.0/1.1 are deprecated: that is what we test for
            warnings.simplefilter("ignore", DeprecationWarning)
            ctx.minimum_version = version
            ctx.maximum_version = version
        if version < ssl.TLSVersion.TLSv1_2:
            ctx.set_ciphers("ALL:@SECLEVEL=0")
    return ctx


def _ehlo_keywords(lines: list[str]) -> dict[str, str]:
    """EHLO extension keywords (upper case) -> their parameters; the first line is the greeting."""
    out: dict[str, str] = {}
    for line in lines[1:]:
        parts = line.strip().split(None, 1)
        if parts:
            out[parts[0].upper()] = parts[1] if len(parts) > 1 else ""
    return out


# -- the probe -----------------------------------------------------------------------------


class _Probe:
    def __init__(self, host: str, port: int, timeout: float, helo: str, *, address: str | None = None,
                 slow_seconds: float | None = None, local_domain: str | None = None,
                 cafile: str | None = None) -> None:
        self.host = host
        self.cafile = cafile
        """CA bundle the chain is verified against instead of this host's trust store."""
        self.local_domain = local_domain.strip().lower().rstrip(".") if local_domain else None
        """A domain the server receives mail for (the audited domain): adds relay variants."""
        self.address = address or host
        """Where to connect; host stays the name the certificate must carry."""
        self.port = port
        self.timeout = timeout
        self.helo = helo
        self.slow_seconds = SLOW_BANNER_SECONDS if slow_seconds is None else slow_seconds
        self.slowest_ehlo: float | None = None
        self.target = f"{host}:{port}" if ":" not in host else f"[{host}]:{port}"
        self.findings: list[Finding] = []
        self.server_name = ""
        self.peer_ip = ""

    def add(self, code: str, severity: Severity, title: str, evidence: str = "", fix: str = "",
            **details: object) -> None:
        self.findings.append(Finding(code=code, severity=severity, area="server", title=title, evidence=evidence,
                                     fix=fix, target=self.target, details=dict(details)))

    def ok(self, code: str, title: str, evidence: str = "") -> None:
        self.findings.append(passed(code, "server", title, evidence=evidence, target=self.target))

    async def connect(self) -> tuple[_Conn, tuple[int, list[str]], float]:
        start = time.monotonic()
        conn = await _Conn.open(self.address, self.port, self.timeout)
        try:
            greeting = await conn.reply()
        except BaseException:
            conn.abort()
            raise
        return conn, greeting, time.monotonic() - start

    async def session(self) -> tuple[_Conn, list[str]]:
        """A new connection greeted and EHLO'd: (connection, EHLO reply lines)."""
        conn, greeting, _ = await self.connect()
        try:
            if greeting[0] != 220:
                raise ConnectionError(f"greeting {greeting[0]} {' '.join(greeting[1])}")
            code, lines = await self.timed_ehlo(conn)
            if code != 250:
                raise ConnectionError(f"EHLO refused: {code} {' '.join(lines)}")
        except BaseException:
            conn.abort()
            raise
        return conn, lines

    async def tls_session(self, ctx: ssl.SSLContext) -> tuple[_Conn, list[str]]:
        conn, _ = await self.session()
        try:
            code, lines = await conn.cmd("STARTTLS")
            if code != 220:
                raise ConnectionError(f"STARTTLS refused: {code} {' '.join(lines)}")
            await conn.starttls(ctx, self.tls_name)
            code, ehlo = await conn.cmd(f"EHLO {self.helo}")
            if code != 250:
                raise ConnectionError(f"EHLO after STARTTLS refused: {code} {' '.join(ehlo)}")
        except BaseException:
            conn.abort()
            raise
        return conn, ehlo

    @property
    def tls_name(self) -> str | None:
        """The name sent as SNI: the host probed by name, else the name in the banner."""
        return self.host if not _is_address(self.host) else (self.server_name or None)

    async def timed_ehlo(self, conn: _Conn) -> tuple[int, list[str]]:
        """EHLO, keeping the slowest reply. Only EHLO is timed: replies to refused commands
        (the relay tests) are often delayed on purpose (Postfix's smtpd_error_sleep_time),
        which is sound anti-abuse practice, not a tarpit for legitimate senders."""
        start = time.monotonic()
        reply = await conn.cmd(f"EHLO {self.helo}")
        elapsed = time.monotonic() - start
        self.slowest_ehlo = max(elapsed, self.slowest_ehlo or 0.0)
        return reply

    def report_reply_time(self) -> None:
        if self.slowest_ehlo is None:
            return  # no EHLO was answered: nothing to say about reply times
        if self.slowest_ehlo > self.slow_seconds:
            self.add("SLOW_REPLY", "medium", "The server is slow to answer EHLO (tarpitting or an overloaded server)",
                     f"slowest EHLO reply after {self.slowest_ehlo:.1f} s (limit {self.slow_seconds:g} s)",
                     "Answer promptly: delay only clients that misbehave (Postfix: no sleep in smtpd "
                     "restrictions before RCPT; Exim: no delay in acl_smtp_connect/acl_smtp_helo).",
                     seconds=round(self.slowest_ehlo, 2))
        else:
            self.ok("SLOW_REPLY", "EHLO is answered promptly", f"slowest EHLO reply {self.slowest_ehlo:.2f} s")

    # -- checks --------------------------------------------------------------------------

    async def run(self, smuggling: bool) -> list[Finding]:
        try:
            conn, greeting, elapsed = await self.connect()
        except SMTPGarbage as exc:
            self.add("SERVER_GARBAGE", "high", "The server does not speak SMTP", _describe(exc),
                     "Check that this host and port run a mail server (port 25 for MX hosts).")
            return self.findings
        except _NET_ERRORS as exc:
            self.add("SERVER_UNREACHABLE", "high", "The mail server could not be reached or sent no greeting",
                     f"connecting to {self.target}: {_describe(exc)}",
                     "Make the server listen on this address and port, and open it in the firewall.")
            return self.findings
        self.peer_ip = conn.peer_ip
        code, glines = greeting
        banner = f"{code} {' '.join(glines)}"
        if elapsed > self.slow_seconds:
            self.add("SLOW_BANNER", "medium", "The greeting is delayed (tarpitting or an overloaded server)",
                     f"greeting after {elapsed:.1f} s (limit {self.slow_seconds:g} s)",
                     "Greet promptly: legitimate senders give up after a few minutes and queue the mail; "
                     "disable greeting delays on MX hosts.", seconds=round(elapsed, 2))
        else:
            self.ok("SLOW_BANNER", "The greeting arrives promptly", f"{elapsed:.2f} s")
        if code != 220:
            conn.abort()
            self.add("SERVER_REFUSED", "medium", "The server refuses connections at the greeting", banner,
                     "Accept connections from senders, or remove this host from the MX records.")
            return self.findings
        parts = glines[0].split() if glines else []
        self.server_name = parts[0] if parts else ""
        try:
            ecode, elines = await self.timed_ehlo(conn)
        except SMTPGarbage as exc:
            conn.abort()
            self.add("SERVER_GARBAGE", "high", "The server's EHLO reply is not SMTP", _describe(exc),
                     "Check the mail server's configuration: its replies do not follow RFC 5321.")
            return self.findings
        except _NET_ERRORS as exc:
            conn.abort()
            self.add("SERVER_UNREACHABLE", "high", "The server dropped the session at EHLO",
                     f"EHLO {self.helo}: {_describe(exc)}",
                     "Accept EHLO from any client (RFC 5321 section 4.1.1.1).")
            return self.findings
        if ecode != 250:
            self.add("SERVER_NO_EHLO", "medium", "The server does not accept EHLO (no ESMTP)",
                     f"{ecode} {' '.join(elines)}", "Enable ESMTP: without EHLO there is no STARTTLS.")
            elines = []
        else:
            self.ok("SERVER_EHLO", "Banner and EHLO are valid SMTP", banner)
            if not self.server_name and elines:
                self.server_name = elines[0].split()[0] if elines[0].split() else ""
        keywords = _ehlo_keywords(elines)
        await conn.close()

        self.check_versions(glines + elines[:1] + [f"{k} {v}" for k, v in keywords.items()])
        self.check_plain_extensions(keywords)
        if "STARTTLS" in keywords:
            self.ok("SMTP_NO_STARTTLS", "STARTTLS is offered")
            await self.check_certificate()
            await self.check_tls_versions()
        else:
            self.add("SMTP_NO_STARTTLS", "high", "STARTTLS is not offered: mail to this server travels in clear text",
                     "EHLO: " + (", ".join(keywords) or "(no extensions)"),
                     "Enable STARTTLS with a certificate for the MX host name (Postfix: smtpd_tls_security_level "
                     "= may, smtpd_tls_chain_files = ...).")
        await self.check_vrfy()
        await self.check_open_relay()
        if smuggling:
            await self.check_smuggling()
            if "STARTTLS" in keywords:
                await self.check_starttls_injection()
        return self.findings

    def check_versions(self, lines: list[str]) -> None:
        versions = disclosed_versions(lines)
        if not versions:
            self.ok("SERVER_VERSION_DISCLOSED", "The banner and EHLO disclose no software version")
            self.ok("SERVER_VULNERABLE", "No known-vulnerable version was seen (none is disclosed)")
            return
        for product, written, _ in versions:
            self.add("SERVER_VERSION_DISCLOSED", "low",
                     f"The server announces its software version ({product} {written})",
                     " | ".join(x for x in lines if written in x)[:300],
                     "Remove the version from the greeting (Postfix: smtpd_banner = $myhostname ESMTP; "
                     "Exim: smtp_banner = $smtp_active_hostname ESMTP; Sendmail: O SmtpGreetingMessage=$j).",
                     product=product, version=written)
        vulnerable = False
        for product, written, version in versions:
            for vuln in vulnerabilities_for(product, version):
                vulnerable = True
                fixed = " / ".join(".".join(map(str, f)) for f in vuln.fixed)
                self.add("SERVER_VULNERABLE", "high", f"{product} {written} is affected by {vuln.cve}",
                         f"{product} {written}: {vuln.summary}",
                         f"Upgrade {product} to a fixed release ({fixed} or later on your branch).",
                         product=product, version=written, cve=vuln.cve)
        if not vulnerable:
            self.ok("SERVER_VULNERABLE", "The disclosed version has no known vulnerability in our table",
                    ", ".join(f"{p} {w}" for p, w, _ in versions))

    def check_plain_extensions(self, keywords: dict[str, str]) -> None:
        if "AUTH" in keywords:
            self.add("AUTH_BEFORE_TLS", "high", "AUTH is offered before STARTTLS: passwords can be sent in clear text",
                     f"EHLO before TLS: AUTH {keywords['AUTH']}".strip(),
                     "Offer AUTH only over TLS (Postfix: smtpd_tls_auth_only = yes; Exim: "
                     "auth_advertise_hosts = ${if eq{$tls_in_cipher}{}{}{*}}).")
        else:
            self.ok("AUTH_BEFORE_TLS", "AUTH is not offered before TLS")

    async def check_certificate(self) -> None:
        try:
            conn, _ = await self.tls_session(_client_context())
        except _NET_ERRORS as exc:
            self.add("TLS_HANDSHAKE_FAILED", "high", "STARTTLS is offered but the TLS session fails",
                     _describe(exc), "Fix the server's TLS configuration (certificate and key, protocols).")
            return
        ssl_obj = conn.writer.get_extra_info("ssl_object")
        der = ssl_obj.getpeercert(binary_form=True) if isinstance(ssl_obj, ssl.SSLObject) else None
        await conn.close()
        if not der:
            self.add("TLS_CERT_MISSING", "high", "The server presented no certificate", "",
                     "Configure a certificate for the MX host name.")
            return
        from cryptography import x509
        try:
            cert = x509.load_der_x509_certificate(der)
        except ValueError as exc:
            self.add("TLS_CERT_INVALID", "high", "The server's certificate cannot be parsed", str(exc),
                     "Install a valid X.509 certificate.")
            return
        subject = cert.subject.rfc4514_string()
        now = dt.datetime.now(dt.UTC)
        if cert.not_valid_after_utc < now:
            self.add("TLS_CERT_EXPIRED", "high", "The server's certificate has expired",
                     f"{subject}: not valid after {cert.not_valid_after_utc.isoformat()}",
                     "Renew the certificate (for example with an ACME client) and reload the server.")
        elif cert.not_valid_before_utc > now:
            self.add("TLS_CERT_EXPIRED", "high", "The server's certificate is not valid yet",
                     f"{subject}: not valid before {cert.not_valid_before_utc.isoformat()}",
                     "Install a certificate that is valid now; check the server's clock.")
        else:
            self.ok("TLS_CERT_EXPIRED", "The certificate is within its validity period",
                    f"valid until {cert.not_valid_after_utc.isoformat()}")
        if cert.issuer == cert.subject:
            self.add("TLS_CERT_SELF_SIGNED", "medium", "The server's certificate is self-signed",
                     f"subject = issuer = {subject}",
                     "Use a certificate from a public CA (for example Let's Encrypt) for the MX host name; "
                     "DANE-TA/DANE-EE TLSA records are the alternative.")
        else:
            self.ok("TLS_CERT_SELF_SIGNED", "The certificate is issued by a CA", cert.issuer.rfc4514_string())
            await self.check_chain()
        names = _cert_names(cert)
        # Probed by name (an MX host): the certificate must carry that name. Probed by
        # address: the name the server gives in its banner, or the address itself.
        by_address = _is_address(self.host)
        wanted = (self.server_name or self.host) if by_address else self.host
        if _name_matches(wanted, names) or (by_address and _name_matches(self.host, names)):
            self.ok("TLS_CERT_NAME_MISMATCH", "The certificate matches the server name", wanted)
        else:
            self.add("TLS_CERT_NAME_MISMATCH", "medium", "The certificate does not name this server",
                     f"server {wanted}; certificate names: {', '.join(names) or '(none)'}",
                     f"Use a certificate whose subjectAltName includes {wanted}.")

    async def check_chain(self) -> None:
        """Does the chain lead to a CA in this host's trust store, or in cafile when given?
        (Names are checked apart.)"""
        try:
            ctx = ssl.create_default_context(cafile=self.cafile)
        except (OSError, ValueError, ssl.SSLError) as exc:
            self.add("SERVER_PROBE_FAILED", "info", "The certificate chain could not be verified: the CA file is "
                     "unusable", f"{self.cafile}: {_describe(exc)}", "Give --cafile a PEM file of CA certificates.")
            return
        ctx.check_hostname = False
        try:
            conn, _ = await self.tls_session(ctx)
        except ssl.SSLCertVerificationError as exc:
            self.add("TLS_CERT_UNTRUSTED", "medium", "The certificate chain does not lead to a trusted CA",
                     exc.verify_message or str(exc),
                     "Serve the full chain (leaf then intermediates) from a public CA "
                     "(Postfix: smtpd_tls_chain_files; Exim: tls_certificate with the chain appended).")
            return
        except _NET_ERRORS as exc:
            self.add("SERVER_PROBE_FAILED", "info", "The certificate chain could not be verified", _describe(exc))
            return
        await conn.close()
        self.ok("TLS_CERT_UNTRUSTED", "The certificate chain leads to a trusted CA")

    async def check_tls_versions(self) -> None:
        old: list[str] = []
        untested: list[str] = []
        for name, version in (("TLS 1.0", ssl.TLSVersion.TLSv1), ("TLS 1.1", ssl.TLSVersion.TLSv1_1)):
            try:
                ctx = _client_context(version)
            except (ssl.SSLError, ValueError):
                untested.append(name)
                continue
            try:
                conn, _ = await self.tls_session(ctx)
            except ssl.SSLError:
                continue  # refused, or this OpenSSL cannot speak it (both: not accepted here)
            except _NET_ERRORS:
                continue
            old.append(name)
            await conn.close()
        if old:
            self.add("TLS_OLD_VERSION", "medium", f"The server accepts {' and '.join(old)}",
                     f"handshakes completed with {', '.join(old)}",
                     "Accept TLS 1.2 and 1.3 only (Postfix: smtpd_tls_protocols = >=TLSv1.2; "
                     "Exim: openssl_options = +no_tlsv1 +no_tlsv1_1).", versions=old)
        else:
            self.ok("TLS_OLD_VERSION", "TLS 1.0 and 1.1 are refused")
        await self.check_weak_ciphers()
        try:
            conn, _ = await self.tls_session(_client_context(ssl.TLSVersion.TLSv1_3))
        except _NET_ERRORS as exc:
            self.add("TLS_NO_TLS13", "info", "TLS 1.3 is not supported", _describe(exc),
                     "Enable TLS 1.3 (OpenSSL 1.1.1 or later does it by default).")
            return
        await conn.close()
        self.ok("TLS_NO_TLS13", "TLS 1.3 is supported")

    async def check_weak_ciphers(self) -> None:
        """Offer only weak TLS 1.2 suites (those this OpenSSL still has: null encryption,
        anonymous key exchange, RC4/3DES/DES/EXPORT where built in): accepted = flagged."""
        ctx = _client_context()
        ctx.maximum_version = ssl.TLSVersion.TLSv1_2
        try:
            ctx.set_ciphers(WEAK_CIPHERS)
        except ssl.SSLError:
            self.add("SERVER_PROBE_FAILED", "info", "Weak ciphers could not be tested (not in this OpenSSL)")
            return
        try:
            conn, _ = await self.tls_session(ctx)
        except _NET_ERRORS:
            self.ok("TLS_WEAK_CIPHER", "Null, anonymous and broken cipher suites are refused", WEAK_CIPHERS)
            return
        ssl_obj = conn.writer.get_extra_info("ssl_object")
        cipher = ssl_obj.cipher() if isinstance(ssl_obj, ssl.SSLObject) else None
        await conn.close()
        name = cipher[0] if cipher else "(unknown)"
        self.add("TLS_WEAK_CIPHER", "high", f"The server accepts a weak cipher suite ({name})",
                 f"offered only {WEAK_CIPHERS}; the server chose {name}",
                 "Allow only strong suites (Postfix: smtpd_tls_mandatory_ciphers = high, "
                 "smtpd_tls_exclude_ciphers = aNULL, eNULL, RC4, 3DES, MD5; Exim: tls_require_ciphers).",
                 cipher=name)

    async def check_vrfy(self) -> None:
        try:
            conn, _ = await self.session()
        except _NET_ERRORS as exc:
            self.add("SERVER_PROBE_FAILED", "info", "VRFY/EXPN could not be tested", _describe(exc))
            return
        enabled: list[str] = []
        try:
            for verb in ("VRFY", "EXPN"):
                code, lines = await conn.cmd(f"{verb} postmaster")
                if code in (250, 251):
                    enabled.append(f"{verb} postmaster -> {code} {' '.join(lines)}")
        except _NET_ERRORS as exc:
            self.add("SERVER_PROBE_FAILED", "info", "VRFY/EXPN test was cut short", _describe(exc))
        finally:
            await conn.close()
        if enabled:
            self.add("SMTP_VRFY_ENABLED", "low", "VRFY/EXPN reveal mailboxes (address harvesting)",
                     "; ".join(enabled),
                     "Disable them (Postfix: disable_vrfy_command = yes; Exim: no acl_smtp_vrfy/acl_smtp_expn; "
                     "Sendmail: O PrivacyOptions=goaway).")
        else:
            self.ok("SMTP_VRFY_ENABLED", "VRFY and EXPN do not confirm addresses")

    def relay_variants(self) -> list[tuple[str, str]]:
        """nmap smtp-open-relay's 16 MAIL/RCPT pairs, an IPv6-literal one and, with a local
        domain, a sender of that domain (servers that trust the envelope sender relay it)."""
        d, f, t = RELAY_DOMAIN, RELAY_FROM, RELAY_TO
        ip = self.peer_ip or self.host
        with contextlib.suppress(ValueError):
            if ipaddress.ip_address(ip).version == 6:
                ip = f"IPv6:{ip}"
        srv = self.server_name or self.host
        ipf = f"{f}@[{ip}]"
        return [
            ("", f"{t}@{d}"),
            (f"{f}@{d}", f"{t}@{d}"),
            (f"{f}@{srv}", f"{t}@{d}"),
            (ipf, f"{t}@{d}"),
            (ipf, f"{t}%{d}@[{ip}]"),
            (ipf, f"{t}%{d}@{srv}"),
            (ipf, f'"{t}@{d}"'),
            (ipf, f'"{t}%{d}"'),
            (ipf, f"{t}@{d}@[{ip}]"),
            (ipf, f'"{t}@{d}"@[{ip}]'),
            (ipf, f"{t}@{d}@{srv}"),
            (ipf, f"@[{ip}]:{t}@{d}"),
            (ipf, f"@{srv}:{t}@{d}"),
            (ipf, f"{d}!{t}"),
            (ipf, f"{d}!{t}@[{ip}]"),
            (ipf, f"{d}!{t}@{srv}"),
            (ipf, f"{t}@[IPv6:{RELAY_IPV6}]"),
            *([(f"{f}@{self.local_domain}", f"{t}@{d}")] if self.local_domain else []),
        ]

    def carrier_variants(self) -> list[tuple[str, str]]:
        """Routing through a domain the server receives mail for (the audited domain): the
        %-hack, a quoted address, a bang path and a source route. Accepting one at RCPT is
        not proof of relaying (a catch-all takes any local part), so it is reported apart."""
        if not self.local_domain:
            return []
        d, f, t, local = RELAY_DOMAIN, RELAY_FROM, RELAY_TO, self.local_domain
        return [
            (f"{f}@{local}", f"{t}%{d}@{local}"),
            (f"{f}@{local}", f'"{t}@{d}"@{local}'),
            (f"{f}@{local}", f"{d}!{t}@{local}"),
            (f"{f}@{local}", f"@{local}:{t}@{d}"),
        ]

    async def try_pairs(self, pairs: list[tuple[str, str]]) -> tuple[list[str], int, str]:
        """MAIL/RCPT pairs in one session, RSET between, never DATA: (the accepted pairs, how
        many were tried, why it stopped early or "")."""
        accepted: list[str] = []
        tried = 0
        note = ""
        conn: _Conn | None = None
        try:
            conn, _ = await self.session()
            for mail_from, rcpt_to in pairs:
                code, lines = await conn.cmd("RSET")
                if code != 250:
                    note = f"RSET -> {code} {' '.join(lines)}"
                    break
                tried += 1
                code, lines = await conn.cmd(f"MAIL FROM:<{mail_from}>")
                if code == 530:
                    note = f"MAIL FROM -> {code} {' '.join(lines)} (authentication or TLS required)"
                    break
                if code // 100 != 2:
                    continue
                code, lines = await conn.cmd(f"RCPT TO:<{rcpt_to}>")
                if code // 100 == 2:
                    accepted.append(f"MAIL FROM:<{mail_from}> -> RCPT TO:<{rcpt_to}> ({code} {' '.join(lines)})")
        except _NET_ERRORS as exc:
            note = f"after {tried} of {len(pairs)} tests: {_describe(exc)}"
        finally:
            if conn is not None:
                await conn.close()
        return accepted, tried, note

    async def check_open_relay(self) -> None:
        variants = self.relay_variants()
        accepted, tried, note = await self.try_pairs(variants)
        if accepted:
            self.add("SMTP_OPEN_RELAY", "critical",
                     f"The server is an open relay ({len(accepted)}/{len(variants)} tests accepted)",
                     "; ".join(accepted),
                     "Relay only for your own domains and authenticated clients (Postfix: smtpd_relay_restrictions "
                     "= permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination; mynetworks must "
                     "not include the Internet).", accepted=accepted)
        elif tried == 0 and not note.endswith("(authentication or TLS required)"):
            self.add("SERVER_PROBE_FAILED", "info", "The open-relay test could not run", note)
        else:
            self.ok("SMTP_OPEN_RELAY", "The server is not an open relay",
                    f"{tried}/{len(variants)} relay attempts refused" + (f"; {note}" if note else ""))
        await self.check_relay_routing()

    async def check_relay_routing(self) -> None:
        """The carrier variants, in a session of their own: servers that close a session after
        some refused commands (relaywarden, Postfix's error limits) would cut them short."""
        carriers = self.carrier_variants()
        if not carriers:
            return  # no local domain named
        carried, tried, note = await self.try_pairs(carriers)
        if carried:
            self.add("SMTP_RELAY_ROUTING", "medium",
                     f"The server accepts source-routed addresses at {self.local_domain} "
                     f"({len(carried)}/{len(carriers)} tests): it relays if it honours them",
                     "; ".join(carried),
                     "Refuse %-hack, bang-path, quoted and source-routed recipients (Postfix: allow_percent_hack "
                     "= no, swap_bangpath = no, and reject_unauth_destination, which checks them; Exim: "
                     "percent_hack_domains unset), or make sure mail to them is bounced, never forwarded.",
                     accepted=carried)
        elif tried == 0 and not note.endswith("(authentication or TLS required)"):
            self.add("SERVER_PROBE_FAILED", "info", "The source-routing relay test could not run", note)
        else:
            self.ok("SMTP_RELAY_ROUTING", f"Source-routed addresses at {self.local_domain} are refused",
                    f"{tried}/{len(carriers)} routing attempts refused" + (f"; {note}" if note else ""))

    async def check_smuggling(self) -> None:
        """Does a bare-LF "\\n.\\n" end DATA? The message is never finished otherwise: after a
        short wait the connection is dropped mid-DATA, so the server discards it."""
        conn: _Conn | None = None
        try:
            conn, _ = await self.session()
            steps = [("MAIL FROM:<>", 250), ("RCPT TO:<postmaster>", 250), ("DATA", 354)]
            for line, want in steps:
                code, lines = await conn.cmd(line)
                if code // 100 != want // 100:
                    self.add("SERVER_PROBE_FAILED", "info", "The SMTP smuggling test could not run",
                             f"{line} -> {code} {' '.join(lines)}")
                    return
            await conn.send(b"test\n.\n")
            try:
                code, lines = await conn.reply(wait=min(SMUGGLING_WAIT, self.timeout))
            except TimeoutError:
                self.ok("SMTP_SMUGGLING", "A bare-LF end of data is not taken as the end of the message",
                        'sent "test\\n.\\n": no reply (still reading the message)')
                return
            except (ConnectionError, OSError) as exc:
                self.ok("SMTP_SMUGGLING", "A bare-LF end of data is not taken as the end of the message",
                        f'sent "test\\n.\\n": the server closed the session ({_describe(exc)})')
                return
            if code // 100 == 2:
                self.add("SMTP_SMUGGLING", "high", "A bare LF ends DATA: the server is open to SMTP smuggling",
                         f'sent "test\\n.\\n" -> {code} {" ".join(lines)}',
                         "Upgrade, and accept only CRLF.CRLF as end of data (Postfix >= 3.9: "
                         "smtpd_forbid_bare_newline = normalize; Exim >= 4.97.1; Sendmail 8.18.1).")
            else:
                self.ok("SMTP_SMUGGLING", "A bare-LF end of data is refused",
                        f'sent "test\\n.\\n" -> {code} {" ".join(lines)}')
        except _NET_ERRORS as exc:
            self.add("SERVER_PROBE_FAILED", "info", "The SMTP smuggling test was cut short", _describe(exc))
        finally:
            if conn is not None:
                conn.abort()  # never QUIT inside DATA: it would be taken as message text

    async def check_starttls_injection(self) -> None:
        """NOOP pipelined after STARTTLS in one write: answered after the handshake means
        the server kept plaintext input across TLS (CVE-2011-0411 and kin)."""
        conn: _Conn | None = None
        try:
            conn, _ = await self.session()
            await conn.send(b"STARTTLS\r\nNOOP\r\n")
            code, lines = await conn.reply()
            if code != 220:
                self.add("SERVER_PROBE_FAILED", "info", "The STARTTLS injection test could not run",
                         f"STARTTLS -> {code} {' '.join(lines)}")
                return
            if conn.reader._buffer:  # type: ignore[attr-defined]
                # The NOOP was answered in clear text: not carried into TLS, though odd.
                self.ok("STARTTLS_INJECTION", "Commands pipelined after STARTTLS are not carried into TLS",
                        "the pipelined NOOP was answered before the handshake")
                return
            await conn.starttls(_client_context(), self.tls_name)
            await conn.send(b"NOOP\r\nQUIT\r\n")
            replies: list[str] = []
            while len(replies) < 5:
                try:
                    code, lines = await conn.reply()
                except (ConnectionError, ssl.SSLError, OSError):
                    break
                replies.append(f"{code} {' '.join(lines)}")
                if code == 221:
                    break
            if len(replies) >= 3:
                self.add("STARTTLS_INJECTION", "high",
                         "Commands injected before STARTTLS are executed inside the TLS session",
                         "sent STARTTLS\\r\\nNOOP\\r\\n in one write, then NOOP, QUIT over TLS; replies after "
                         "the handshake: " + " | ".join(replies),
                         "Upgrade the server: it must discard input buffered before the TLS handshake "
                         "(CVE-2011-0411 and later variants).")
            else:
                self.ok("STARTTLS_INJECTION", "Commands pipelined after STARTTLS are discarded",
                        "replies after the handshake: " + " | ".join(replies))
        except _NET_ERRORS as exc:
            self.add("SERVER_PROBE_FAILED", "info", "The STARTTLS injection test was cut short", _describe(exc))
        finally:
            if conn is not None:
                conn.abort()


def _cert_names(cert: object) -> list[str]:
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    assert isinstance(cert, x509.Certificate)
    names: list[str] = []
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        names += [str(n) for n in san.get_values_for_type(x509.DNSName)]
        names += [str(n) for n in san.get_values_for_type(x509.IPAddress)]
    except x509.ExtensionNotFound:
        names += [str(a.value) for a in cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)]
    return names


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def _name_matches(name: str, names: list[str]) -> bool:
    name = name.lower().rstrip(".").strip("[]")
    for pattern in (n.lower().rstrip(".") for n in names):
        if pattern == name:
            return True
        if pattern.startswith("*.") and "." in name and name.split(".", 1)[1] == pattern[2:]:
            return True
    return False


async def probe_server(host: str, port: int, *, timeout: float = 10.0,  # noqa: ASYNC109 (per step)
                       helo: str = "audit.relaywarden.invalid", smuggling: bool = False,
                       address: str | None = None, slow_seconds: float | None = None,
                       local_domain: str | None = None, cafile: str | None = None) -> list[Finding]:
    """Probe one SMTP server; every check reports a finding, passed or not. Never raises for
    what the network does. smuggling=True adds the smuggling and STARTTLS-injection probes,
    meant only for servers the user names. address: connect there instead of resolving host
    (an MX host probed at one of its addresses); the certificate is still checked against
    host. slow_seconds: the greeting or EHLO delay reported as tarpitting (default
    SLOW_BANNER_SECONDS). local_domain: a domain the server receives mail for (the audited
    domain): adds a relay test with a sender of that domain and the routing tests through it.
    cafile: verify the certificate chain against these CAs instead of the system store."""
    probe = _Probe(host, port, timeout, helo, address=address, slow_seconds=slow_seconds,
                   local_domain=local_domain, cafile=cafile)
    budget = timeout * TOTAL_BUDGET_STEPS
    try:
        async with asyncio.timeout(budget):
            await probe.run(smuggling)
        probe.report_reply_time()
        return probe.findings
    except TimeoutError:
        probe.add("SERVER_PROBE_FAILED", "info", "The server probe ran out of time (a tarpit?)",
                  f"stopped after {budget:.0f} s; the checks reported above completed")
    except _NET_ERRORS as exc:  # a step outside the per-check handlers
        probe.add("SERVER_PROBE_FAILED", "info", "The server probe stopped early", _describe(exc))
    except Exception as exc:  # hostile input must end as a finding, never as a traceback
        probe.add("SERVER_PROBE_FAILED", "info", "The server probe stopped on an unexpected reply",
                  f"{type(exc).__name__}: {exc}")
    probe.report_reply_time()  # a tarpit cut off by the budget is still named as one
    return probe.findings
