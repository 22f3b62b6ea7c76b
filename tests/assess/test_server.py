"""Server checks (issue 5) against real servers on loopback: relaywarden itself, aiosmtpd peers
(open relay, no STARTTLS, expired certificate) and small scripted TCP servers."""

from __future__ import annotations

import asyncio
import datetime as dt
import ssl
import tempfile
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from relaywarden.assess import server as server_mod
from relaywarden.assess.findings import Finding
from relaywarden.assess.server import disclosed_versions, is_vulnerable, parse_version, probe_server
from tests.support.relay import Relay, free_port, running_relay
from tests.support.smtppeer import SMTPPeer


def by_code(findings: list[Finding]) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for f in findings:
        out.setdefault(f.code, []).append(f)
    return out


def failed(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code and not f.passed]


def passes(findings: list[Finding], code: str) -> bool:
    return any(f.code == code and f.passed for f in findings) and not failed(findings, code)


@pytest.fixture(scope="module")
def relay() -> Iterator[Relay]:
    with tempfile.TemporaryDirectory() as d, running_relay(
            Path(d), {"relay": {"trusted_networks": ["192.0.2.0/24"]}}) as r:
        yield r


@asynccontextmanager
async def scripted(handler: Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]
                   ) -> AsyncIterator[int]:
    async def wrapped(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await handler(reader, writer)
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()

    srv = await asyncio.start_server(wrapped, "127.0.0.1", 0)
    try:
        yield int(srv.sockets[0].getsockname()[1])
    finally:
        srv.close()
        await srv.wait_closed()


def fake_smtp(banner: bytes, greeting_delay: float = 0.0, reply_delay: float = 0.0,
              ehlo: bytes = b"250-mx.test\r\n250 PIPELINING\r\n", ehlo_delay: float = 0.0
              ) -> Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]:
    """A minimal SMTP server: the given banner and EHLO reply, 250 to everything else, 221 to QUIT."""
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await asyncio.sleep(greeting_delay)
        writer.write(banner)
        while line := await reader.readline():
            await asyncio.sleep(reply_delay)
            verb = line.split(b" ", 1)[0].strip().upper()
            if verb == b"QUIT":
                writer.write(b"221 bye\r\n")
                await writer.drain()
                return
            if verb == b"EHLO":
                await asyncio.sleep(ehlo_delay)
            writer.write(ehlo if verb == b"EHLO" else
                         b"252 cannot verify\r\n" if verb in (b"VRFY", b"EXPN") else b"250 ok\r\n")
            await writer.drain()
    return handler


def cert_context(name: str = "peer.test", *, expired: bool = False) -> ssl.SSLContext:
    """A server context with a self-signed certificate for name only (no address in it)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    end = now - dt.timedelta(days=1) if expired else now + dt.timedelta(days=1)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=30)).not_valid_after(end)
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
            .sign(key, hashes.SHA256()))
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    with tempfile.TemporaryDirectory() as tmp:
        cert_file, key_file = Path(tmp) / "c.pem", Path(tmp) / "k.pem"
        cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
        ctx.load_cert_chain(cert_file, key_file)
    return ctx


# -- relaywarden itself: the well-configured server ---------------------------------------


async def test_relaywarden_passes(relay: Relay) -> None:
    findings = await probe_server("127.0.0.1", relay.inbound, timeout=5.0, smuggling=True)
    for code in ("SERVER_EHLO", "SLOW_BANNER", "SLOW_REPLY", "SMTP_NO_STARTTLS", "AUTH_BEFORE_TLS",
                 "SERVER_VERSION_DISCLOSED", "SERVER_VULNERABLE", "SMTP_OPEN_RELAY", "SMTP_VRFY_ENABLED",
                 "TLS_CERT_EXPIRED",
                 "TLS_CERT_NAME_MISMATCH", "TLS_OLD_VERSION", "TLS_WEAK_CIPHER", "TLS_NO_TLS13", "SMTP_SMUGGLING",
                 "STARTTLS_INJECTION"):
        assert passes(findings, code), (code, by_code(findings).get(code))
    selfsigned = failed(findings, "TLS_CERT_SELF_SIGNED")
    assert selfsigned and selfsigned[0].severity == "medium" and "relay.test" in selfsigned[0].evidence
    relay_pass = by_code(findings)["SMTP_OPEN_RELAY"][0]
    assert "17/17" in relay_pass.evidence
    assert all(f.area == "server" and f.target == f"127.0.0.1:{relay.inbound}" for f in findings)
    assert not [f for f in findings if f.code == "SERVER_PROBE_FAILED"]
    assert relay.spool_files() == []  # the smuggling probe never completed a message
    # With a domain it receives mail for: a sender of that domain, and routing through it.
    local = await probe_server("127.0.0.1", relay.inbound, timeout=5.0, local_domain="local.test")
    assert "18/18" in by_code(local)["SMTP_OPEN_RELAY"][0].evidence and passes(local, "SMTP_OPEN_RELAY")
    assert passes(local, "SMTP_RELAY_ROUTING") and "4/4" in by_code(local)["SMTP_RELAY_ROUTING"][0].evidence


# -- aiosmtpd peers -------------------------------------------------------------------------


async def test_open_relay_without_starttls() -> None:
    with SMTPPeer() as peer:
        findings = await probe_server("127.0.0.1", peer.port, timeout=5.0)
        assert peer.messages == []  # never DATA
    relay = failed(findings, "SMTP_OPEN_RELAY")
    assert len(relay) == 1 and relay[0].severity == "critical"
    assert "MAIL FROM:<antispam@example.com> -> RCPT TO:<relaytest@example.com>" in relay[0].evidence
    assert any("IPv6:2001:db8::25" in pair for pair in relay[0].details["accepted"])
    nostarttls = failed(findings, "SMTP_NO_STARTTLS")
    assert len(nostarttls) == 1 and nostarttls[0].severity == "high" and nostarttls[0].fix
    # No STARTTLS: no certificate checks are reported as if they had run.
    assert not by_code(findings).get("TLS_CERT_EXPIRED")
    assert not by_code(findings).get("SMTP_RELAY_ROUTING")  # no local domain named: not tried


async def test_local_domain_carrier_variants() -> None:
    with SMTPPeer() as peer:
        findings = await probe_server("127.0.0.1", peer.port, timeout=5.0, local_domain="Example.ORG.")
        assert peer.messages == []  # never DATA
    [relay] = failed(findings, "SMTP_OPEN_RELAY")
    assert "MAIL FROM:<antispam@example.org> -> RCPT TO:<relaytest@example.com>" in relay.evidence
    assert "/18 tests accepted" in relay.title  # 17 variants and the local sender
    [routing] = failed(findings, "SMTP_RELAY_ROUTING")
    assert routing.severity == "medium" and "4/4" in routing.title and routing.fix
    assert {"relaytest%example.com@example.org", '"relaytest@example.com"@example.org',
            "example.com!relaytest@example.org", "@example.org:relaytest@example.com"} == {
        a.split("RCPT TO:<", 1)[1].split("> (", 1)[0] for a in routing.details["accepted"]}


async def test_expired_certificate() -> None:
    with SMTPPeer(tls_context=cert_context(expired=True)) as peer:
        findings = await probe_server("127.0.0.1", peer.port, timeout=5.0)
    assert passes(findings, "SMTP_NO_STARTTLS")
    expired = failed(findings, "TLS_CERT_EXPIRED")
    assert len(expired) == 1 and expired[0].severity == "high" and "not valid after" in expired[0].evidence
    assert failed(findings, "TLS_CERT_SELF_SIGNED")
    assert passes(findings, "TLS_CERT_NAME_MISMATCH")  # the banner's peer.test is in the SAN


async def test_certificate_name_mismatch() -> None:
    with SMTPPeer(hostname="mx.other.test", tls_context=cert_context("wrong.test")) as peer:
        findings = await probe_server("127.0.0.1", peer.port, timeout=5.0)
    mismatch = failed(findings, "TLS_CERT_NAME_MISMATCH")
    assert len(mismatch) == 1 and "mx.other.test" in mismatch[0].evidence and "wrong.test" in mismatch[0].evidence
    assert passes(findings, "TLS_CERT_EXPIRED")


async def test_tls12_only_server() -> None:
    ctx = cert_context()
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    with SMTPPeer(tls_context=ctx) as peer:
        findings = await probe_server("127.0.0.1", peer.port, timeout=5.0)
    no13 = failed(findings, "TLS_NO_TLS13")
    assert len(no13) == 1 and no13[0].severity == "info" and no13[0].fix
    assert passes(findings, "TLS_OLD_VERSION") and passes(findings, "TLS_WEAK_CIPHER")


def private_ca_context(ca_file: Path | None = None) -> ssl.SSLContext:
    """A server context whose certificate for peer.test is issued by a private CA (written to
    ca_file when given)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Private Test CA")])
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "peer.test")]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("peer.test")]), critical=False)
            .sign(ca_key, hashes.SHA256()))
    if ca_file is not None:
        ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
              .serial_number(x509.random_serial_number())
              .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=1))
              .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
              .sign(ca_key, hashes.SHA256()))
        ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    with tempfile.TemporaryDirectory() as tmp:
        cert_file, key_file = Path(tmp) / "c.pem", Path(tmp) / "k.pem"
        cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
        ctx.load_cert_chain(cert_file, key_file)
    return ctx


async def test_untrusted_chain() -> None:
    with SMTPPeer(tls_context=private_ca_context()) as peer:
        findings = await probe_server("127.0.0.1", peer.port, timeout=5.0)
    assert passes(findings, "TLS_CERT_SELF_SIGNED")
    untrusted = failed(findings, "TLS_CERT_UNTRUSTED")
    assert len(untrusted) == 1 and untrusted[0].severity == "medium" and untrusted[0].evidence
    assert passes(findings, "TLS_CERT_EXPIRED") and passes(findings, "TLS_CERT_NAME_MISMATCH")


async def test_chain_trusted_through_a_given_ca(tmp_path: Path) -> None:
    ca_file = tmp_path / "ca.pem"
    with SMTPPeer(tls_context=private_ca_context(ca_file)) as peer:
        trusted = await probe_server("127.0.0.1", peer.port, timeout=5.0, cafile=str(ca_file))
        garbage = tmp_path / "garbage.pem"
        garbage.write_bytes(b"-----BEGIN CERTIFICATE-----\n\x00 not a certificate\n")
        unusable = await probe_server("127.0.0.1", peer.port, timeout=5.0, cafile=str(garbage))
    assert passes(trusted, "TLS_CERT_UNTRUSTED") and passes(trusted, "TLS_CERT_SELF_SIGNED")
    assert not by_code(unusable).get("TLS_CERT_UNTRUSTED")
    assert [f.title for f in unusable if f.code == "SERVER_PROBE_FAILED"] == [
        "The certificate chain could not be verified: the CA file is unusable"]


# -- scripted servers -----------------------------------------------------------------------


async def test_postfix_version_disclosed_and_vulnerable() -> None:
    async with scripted(fake_smtp(b"220 mx.test ESMTP Postfix 3.7.5\r\n")) as port:
        findings = await probe_server("127.0.0.1", port, timeout=5.0)
    disclosed = failed(findings, "SERVER_VERSION_DISCLOSED")
    assert len(disclosed) == 1 and disclosed[0].severity == "low" and "Postfix 3.7.5" in disclosed[0].evidence
    vulnerable = failed(findings, "SERVER_VULNERABLE")
    assert [v.details["cve"] for v in vulnerable] == ["CVE-2023-51764"]
    assert vulnerable[0].severity == "high" and "3.7.9" in vulnerable[0].fix


async def test_dead_port_is_unreachable() -> None:
    port = free_port()
    findings = await probe_server("127.0.0.1", port, timeout=2.0)
    assert [f.code for f in findings] == ["SERVER_UNREACHABLE"]
    assert "refused" in findings[0].evidence.lower()


async def test_garbage_speaking_server() -> None:
    async def http(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
        await writer.drain()
        await reader.read(100)

    async with scripted(http) as port:
        findings = await probe_server("127.0.0.1", port, timeout=2.0)
    assert [f.code for f in findings] == ["SERVER_GARBAGE"]
    assert "HTTP/1.1 400" in findings[0].evidence


async def test_silent_server_times_out() -> None:
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(100)

    async with scripted(silent) as port:
        findings = await probe_server("127.0.0.1", port, timeout=0.5)
    assert [f.code for f in findings] == ["SERVER_UNREACHABLE"]
    assert "timed out" in findings[0].evidence


async def test_slow_banner() -> None:
    # The threshold is lowered so a short real delay is enough; the delay is a sleep on the
    # server, so it can only be longer than asked, never shorter.
    async with scripted(fake_smtp(b"220 mx.test ESMTP\r\n", greeting_delay=0.5)) as port:
        findings = await probe_server("127.0.0.1", port, timeout=5.0, slow_seconds=0.1)
    slow = failed(findings, "SLOW_BANNER")
    assert len(slow) == 1 and slow[0].severity == "medium" and "limit 0.1 s" in slow[0].evidence
    assert slow[0].fix and slow[0].details["seconds"] >= 0.5


async def test_slow_ehlo_reply_is_tarpitting() -> None:
    async with scripted(fake_smtp(b"220 mx.test ESMTP\r\n", ehlo_delay=0.5)) as port:
        findings = await probe_server("127.0.0.1", port, timeout=5.0, slow_seconds=0.1)
    slow = failed(findings, "SLOW_REPLY")
    assert len(slow) == 1 and slow[0].severity == "medium" and "EHLO" in slow[0].evidence
    assert slow[0].details["seconds"] >= 0.5
    assert failed(findings, "SMTP_OPEN_RELAY")  # this fake accepts every RCPT: the probe went on


async def test_refused_commands_may_be_slow() -> None:
    # Delaying replies to refused commands is sound anti-abuse practice (Postfix's
    # smtpd_error_sleep_time): only the greeting and EHLO count as tarpitting.
    # The first refusal comes after 2.1 s, past the 2 s limit; the greeting and EHLO at once.
    delayed: list[bytes] = []

    async def delays_errors(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"220 mx.test ESMTP\r\n")
        while line := await reader.readline():
            verb = line.split(b" ", 1)[0].strip().upper()
            if verb == b"QUIT":
                return
            if verb == b"RCPT" and not delayed:
                delayed.append(line)
                await asyncio.sleep(2.1)
            writer.write(b"250-mx.test\r\n250 PIPELINING\r\n" if verb == b"EHLO" else
                         b"554 5.7.1 relay access denied\r\n" if verb == b"RCPT" else b"250 ok\r\n")
            await writer.drain()

    async with scripted(delays_errors) as port:
        findings = await probe_server("127.0.0.1", port, timeout=5.0, slow_seconds=2.0)
    assert delayed and passes(findings, "SLOW_REPLY") and passes(findings, "SMTP_OPEN_RELAY")


async def test_tarpit_is_cut_off_by_the_overall_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every reply comes in time for the per-step limit, but the whole probe would take ~8 s.
    monkeypatch.setattr(server_mod, "TOTAL_BUDGET_STEPS", 1)
    async with scripted(fake_smtp(b"220 mx.test ESMTP\r\n", reply_delay=0.15)) as port:
        findings = await probe_server("127.0.0.1", port, timeout=1.0)
    stopped = [f for f in findings if f.code == "SERVER_PROBE_FAILED"]
    assert len(stopped) == 1 and "ran out of time" in stopped[0].title
    assert passes(findings, "SERVER_EHLO")
    # What was measured before the cut is still reported.
    assert passes(findings, "SLOW_REPLY")


async def test_ehlo_refused() -> None:
    async with scripted(fake_smtp(b"220 mx.test ESMTP\r\n", ehlo=b"502 5.5.1 command not implemented\r\n")) as port:
        findings = await probe_server("127.0.0.1", port, timeout=2.0)
    no_ehlo = failed(findings, "SERVER_NO_EHLO")
    assert len(no_ehlo) == 1 and no_ehlo[0].severity == "medium" and "502" in no_ehlo[0].evidence
    assert failed(findings, "SMTP_NO_STARTTLS")  # no EHLO, so no STARTTLS


async def test_starttls_offered_but_broken() -> None:
    # STARTTLS is announced and accepted, then the server answers the handshake with text.
    async def broken_tls(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"220 mx.test ESMTP\r\n")
        while line := await reader.readline():
            verb = line.split(b" ", 1)[0].strip().upper()
            if verb == b"QUIT":
                return
            if verb == b"STARTTLS":
                writer.write(b"220 go ahead\r\n")
                await writer.drain()
                await reader.read(4096)  # the ClientHello
                writer.write(b"this is not a TLS record\r\n")
                await writer.drain()
                return
            writer.write(b"250-mx.test\r\n250 STARTTLS\r\n" if verb == b"EHLO" else b"250 ok\r\n")
            await writer.drain()

    async with scripted(broken_tls) as port:
        findings = await probe_server("127.0.0.1", port, timeout=2.0)
    assert passes(findings, "SMTP_NO_STARTTLS")  # offered: reported apart from whether it works
    broken = failed(findings, "TLS_HANDSHAKE_FAILED")
    assert len(broken) == 1 and broken[0].severity == "high" and broken[0].evidence
    assert not by_code(findings).get("TLS_CERT_EXPIRED")  # no certificate: none of its checks ran


async def test_mx_name_is_checked_not_the_banner() -> None:
    # An MX host probed at its address: the certificate must name the MX host, whatever the
    # banner says (a sender verifies the MX name).
    with SMTPPeer(hostname="banner.other.test", tls_context=cert_context("mx1.example.test")) as peer:
        good = await probe_server("mx1.example.test", peer.port, address="127.0.0.1", timeout=5.0)
    assert passes(good, "TLS_CERT_NAME_MISMATCH") and passes(good, "SERVER_EHLO")
    assert all(f.target == f"mx1.example.test:{peer.port}" for f in good)
    with SMTPPeer(hostname="banner.other.test", tls_context=cert_context("banner.other.test")) as peer:
        bad = await probe_server("mx1.example.test", peer.port, address="127.0.0.1", timeout=5.0)
        by_banner = await probe_server("127.0.0.1", peer.port, timeout=5.0)
    mismatch = failed(bad, "TLS_CERT_NAME_MISMATCH")
    assert len(mismatch) == 1 and "server mx1.example.test" in mismatch[0].evidence
    assert "banner.other.test" in mismatch[0].evidence and "mx1.example.test" in mismatch[0].fix
    assert passes(by_banner, "TLS_CERT_NAME_MISMATCH")  # by address alone, the banner's name is all there is


async def test_refused_greeting() -> None:
    async with scripted(fake_smtp(b"554 5.7.1 go away\r\n")) as port:
        findings = await probe_server("127.0.0.1", port, timeout=2.0)
    assert failed(findings, "SERVER_REFUSED")


# -- version parsing --------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("3.7.5", (3, 7, 5)), ("4.97.1-1ubuntu", (4, 97, 1)), ("8.15.2/8.15.2", (8, 15, 2)), ("v2.0", (2, 0)),
    ("x", None),
])
def test_parse_version(text: str, expected: tuple[int, ...] | None) -> None:
    assert parse_version(text) == expected


@pytest.mark.parametrize(("banner", "product", "version"), [
    ("mx.test ESMTP Postfix 3.7.5", "postfix", (3, 7, 5)),
    ("mx.test ESMTP Postfix (3.8.1) (Debian)", "postfix", (3, 8, 1)),
    ("mx.test ESMTP Exim 4.96 Sat, 28 Nov 2026 03:00:00 +0000", "exim", (4, 96)),
    ("mx.test ESMTP Sendmail 8.15.2/8.15.2; Sat, 28 Nov 2026", "sendmail", (8, 15, 2)),
    ("mx.test Microsoft ESMTP MAIL Service, Version: 10.0.17763.1697 ready", "microsoft", (10, 0, 17763, 1697)),
])
def test_disclosed_versions(banner: str, product: str, version: tuple[int, ...]) -> None:
    assert [(p, v) for p, _, v in disclosed_versions([banner])] == [(product, version)]


def test_no_version_in_plain_banners() -> None:
    assert disclosed_versions(["mx.test ESMTP Postfix", "relay.test ESMTP", "SIZE 10240000", "8BITMIME"]) == []


@pytest.mark.parametrize(("version", "vulnerable"), [
    ((3, 7, 5), True), ((3, 7, 9), False), ((3, 8, 3), True), ((3, 8, 4), False), ((3, 9, 0), False),
    ((3, 6, 13), False), ((3, 5, 22), True), ((3, 4, 14), True), ((2, 11), True), ((3, 9), False),
])
def test_postfix_table(version: tuple[int, ...], vulnerable: bool) -> None:
    fixed = next(v.fixed for v in server_mod.VULNERABILITIES if v.product == "postfix")
    assert is_vulnerable(version, fixed) is vulnerable


def test_exim_and_sendmail_table() -> None:
    assert [v.cve for v in server_mod.vulnerabilities_for("exim", (4, 96))] == ["CVE-2023-51766", "CVE-2023-42115"]
    assert [v.cve for v in server_mod.vulnerabilities_for("exim", (4, 97))] == ["CVE-2023-51766"]
    assert server_mod.vulnerabilities_for("exim", (4, 97, 1)) == []
    assert [v.cve for v in server_mod.vulnerabilities_for("sendmail", (8, 17, 2))] == ["CVE-2023-51765"]
    assert server_mod.vulnerabilities_for("sendmail", (8, 18, 1)) == []


def legacy_context() -> ssl.SSLContext:
    """cert_context that also accepts TLS 1.0 and 1.1 (as far as this OpenSSL can)."""
    ctx = cert_context("mx.test")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        ctx.minimum_version = ssl.TLSVersion.TLSv1
    ctx.set_ciphers("ALL:eNULL:@SECLEVEL=0")
    return ctx


def careless_smtp(ctx: ssl.SSLContext) -> Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]:
    """Everything wrong: AUTH in clear, VRFY answers, a bare LF ends DATA, and input buffered
    before STARTTLS is read after the handshake (the stream's buffer survives start_tls)."""
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"220 mx.test ESMTP\r\n")
        tls = False
        while line := await reader.readline():
            verb = line.split(b" ", 1)[0].strip().upper()
            if verb == b"QUIT":
                writer.write(b"221 bye\r\n")
                await writer.drain()
                return
            if verb == b"EHLO":
                writer.write(b"250-mx.test\r\n250-AUTH PLAIN LOGIN\r\n"
                             + (b"" if tls else b"250-STARTTLS\r\n") + b"250 PIPELINING\r\n")
            elif verb == b"STARTTLS":
                writer.write(b"220 go ahead\r\n")
                await writer.drain()
                await writer.start_tls(ctx)
                tls = True
            elif verb == b"DATA":
                writer.write(b"354 go\r\n")
                await writer.drain()
                while (body := await reader.readline()) and body.rstrip(b"\r\n") != b".":
                    pass
                writer.write(b"250 queued\r\n")
            else:
                writer.write(b"250 ok\r\n")
            await writer.drain()
    return handler


async def test_careless_server_fires_everything() -> None:
    async with scripted(careless_smtp(legacy_context())) as port:
        findings = await probe_server("127.0.0.1", port, timeout=5.0, smuggling=True)
    assert failed(findings, "AUTH_BEFORE_TLS")[0].severity == "high"
    assert "VRFY postmaster -> 250" in failed(findings, "SMTP_VRFY_ENABLED")[0].evidence
    smuggling = failed(findings, "SMTP_SMUGGLING")
    assert smuggling and smuggling[0].severity == "high" and "250 queued" in smuggling[0].evidence
    injection = failed(findings, "STARTTLS_INJECTION")
    assert injection and injection[0].severity == "high"
    assert failed(findings, "SMTP_OPEN_RELAY")
    assert passes(findings, "TLS_CERT_NAME_MISMATCH")
    if ssl.HAS_TLSv1 and ssl.HAS_TLSv1_1:  # this OpenSSL can still speak them
        assert "TLS 1.0, TLS 1.1" in failed(findings, "TLS_OLD_VERSION")[0].evidence
    weak = failed(findings, "TLS_WEAK_CIPHER")
    assert weak and weak[0].severity == "high" and weak[0].details["cipher"] != "(unknown)"
