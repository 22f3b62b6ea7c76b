"""The MTA-STS policy fetch (assess/mtasts.py) against a real HTTPS server on loopback.

A test CA generated here issues the certificate of a threaded http.server that serves one
policy (or one defect) per domain, chosen by the Host header; the real DNS server on loopback
points every mta-sts.DOMAIN at 127.0.0.1. Scripted TCP servers play the silent host and the
one that answers TLS with garbage.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import socket
import ssl
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from relaywarden.assess.findings import Finding
from relaywarden.assess.mtasts import check_mta_sts_policy, mx_matches, parse_policy
from relaywarden.dns import Resolver
from tests.support.dnsserver import DNSServer

GOOD = "version: STSv1\r\nmode: enforce\r\nmx: *.{d}\r\nmax_age: 604800\r\n"


def http(body: bytes | str, *, status: str = "200 OK", ctype: str = "text/plain", length: bool = True,
         extra: str = "") -> bytes:
    data = body.encode() if isinstance(body, str) else body
    head = f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\n" + (f"Content-Length: {len(data)}\r\n" if length else "")
    return (head + extra + "Connection: close\r\n\r\n").encode() + data


def chunked(body: str) -> bytes:
    half = len(body) // 2
    parts = [body[:half], body[half:]]
    chunks = "".join(f"{len(p.encode()):x}\r\n{p}\r\n" for p in parts) + "0\r\n\r\n"
    return ("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nTransfer-Encoding: chunked\r\n"
            "Connection: close\r\n\r\n" + chunks).encode()


RESPONSES: dict[str, bytes] = {
    "good.test": http(GOOD.format(d="good.test")),
    "chunked.test": chunked(GOOD.format(d="chunked.test").replace("\r\n", "\n")),
    "testing.test": http(GOOD.format(d="testing.test").replace("enforce", "testing")),
    "modenone.test": http("version: STSv1\nmode: none\nmax_age: 604800\n"),
    "shortage.test": http(GOOD.format(d="shortage.test").replace("604800", "3600")),
    "dayage.test": http(GOOD.format(d="dayage.test").replace("604800", "172800")),
    "deep.test": http(GOOD.format(d="deep.test")),
    "uncovered.test": http("version: STSv1\nmode: enforce\nmx: mx1.uncovered.test\nmax_age: 604800\n"),
    "redirect.test": http("", status="301 Moved Permanently", extra="Location: https://www.redirect.test/\r\n"),
    "notfound.test": http("no such file", status="404 Not Found"),
    "ctype.test": http(GOOD.format(d="ctype.test"), ctype="text/html"),
    "badpolicy.test": http("version: STSv2\nmode: enforce-ish\nmax_age: soon\nthis line has no colon\n"),
    "huge.test": http("version: STSv1\n" + "x" * 70_000),
    "hugeclose.test": http("version: STSv1\n" + "x" * 70_000, length=False),
    "binary.test": http(b"\xff\xfe\x00version"),
    "garbage.test": b"\x00\xffSMTP? no.\r\n\r\n",
    "short.test": b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 500\r\n\r\nversion: STSv1\n",
}


class PolicyHandler(BaseHTTPRequestHandler):
    """Writes the canned response of the domain named in Host, then closes."""

    server: PolicyServer

    def do_GET(self) -> None:
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        domain = host.removeprefix("mta-sts.")
        self.server.requests.append((host, self.path))
        response = RESPONSES.get(domain) if self.path == "/.well-known/mta-sts.txt" else None
        self.wfile.write(response or http("unknown", status="404 Not Found"))
        self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        pass


class PolicyServer(ThreadingHTTPServer):
    daemon_threads = True
    requests: list[tuple[str, str]]


@dataclass
class CA:
    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate
    file: Path

    def context(self, names: list[str], tmp: Path, *, expired: bool = False) -> ssl.SSLContext:
        key = ec.generate_private_key(ec.SECP256R1())
        now = dt.datetime.now(dt.UTC)
        end = now - dt.timedelta(days=1) if expired else now + dt.timedelta(days=1)
        cert = (x509.CertificateBuilder()
                .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])]))
                .issuer_name(self.cert.subject).public_key(key.public_key())
                .serial_number(x509.random_serial_number())
                .not_valid_before(now - dt.timedelta(days=30)).not_valid_after(end)
                .add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), critical=False)
                .sign(self.key, hashes.SHA256()))
        cert_file, key_file = tmp / f"{names[0]}.pem", tmp / f"{names[0]}.key"
        cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(cert_file, key_file)
        return ctx


def make_ca(tmp: Path) -> CA:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "relaywarden test CA")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                         content_commitment=False, key_encipherment=False, data_encipherment=False,
                                         key_agreement=False, encipher_only=False, decipher_only=False),
                           critical=True)
            .sign(key, hashes.SHA256()))
    path = tmp / "ca.pem"
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return CA(key, cert, path)


@asynccontextmanager
async def https_server(ctx: ssl.SSLContext) -> AsyncIterator[PolicyServer]:
    server = PolicyServer(("127.0.0.1", 0), PolicyHandler)
    server.requests = []
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        await asyncio.to_thread(server.shutdown)
        server.server_close()
        thread.join(timeout=5)


def policy_zone(domain: str, *, host: bool = True, record: bool = True, mx: tuple[str, ...] = ("mx1", "mx2")
                ) -> dict[str, Any]:
    zone: dict[str, Any] = {"@": {"MX": [f"{10 * (i + 1)} {m}" for i, m in enumerate(mx)]}}
    if host:
        zone["mta-sts"] = {"A": "127.0.0.1"}
    if record:
        zone["_mta-sts"] = {"TXT": "v=STSv1; id=20240101"}
    return zone


@dataclass
class Lab:
    dns: DNSServer
    ca: CA
    tmp: Path

    def resolver(self) -> Resolver:
        return Resolver([self.dns.nameserver], timeout=1.0, cache_size=0)


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    tmp = tmp_path_factory.mktemp("mtasts")
    zones: dict[str, Any] = {d: policy_zone(d) for d in RESPONSES}
    zones["nohost.test"] = policy_zone("nohost.test", host=False)
    zones["nosts.test"] = policy_zone("nosts.test", host=False, record=False)
    zones["slow.test"] = policy_zone("slow.test")
    zones["deep.test"] = {**policy_zone("deep.test"), "@": {"MX": "10 a.b.deep.test."}}
    with DNSServer(zones, servfail_names=["mta-sts.tempfail.test"]) as dns_server:
        dns_server.set_zone("tempfail.test", policy_zone("tempfail.test"))
        yield Lab(dns_server, make_ca(tmp), tmp)


@pytest.fixture(scope="module")
def names() -> list[str]:
    return [f"mta-sts.{d}" for d in RESPONSES]


@pytest.fixture
async def served(lab: Lab, names: list[str]) -> AsyncIterator[PolicyServer]:
    async with https_server(lab.ca.context(names, lab.tmp)) as server:
        yield server


def failed(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code and not f.passed]


def codes(findings: list[Finding]) -> list[str]:
    return sorted(f.code + ("+" if f.passed else "") for f in findings)


async def check(lab: Lab, server: PolicyServer | int, domain: str, **kw: Any) -> list[Finding]:
    port = server if isinstance(server, int) else server.server_address[1]
    return await check_mta_sts_policy(domain, lab.resolver(), port=port, cafile=str(lab.ca.file),
                                      timeout=kw.pop("timeout", 3.0), **kw)


# -- the policy parser and the mx patterns ------------------------------------------------------


def test_parse_good_policy() -> None:
    policy = parse_policy("version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.Example.net.\r\n"
                          "max_age: 86400\r\n")
    assert policy.errors == () and policy.mode == "enforce" and policy.max_age == 86400
    assert policy.mx == ("mail.example.com", "*.example.net")


def test_parse_bad_policy() -> None:
    policy = parse_policy("version: STSv1\nversion: STSv1\nmode: strict\nmx: bad_host!\nmax_age: 99999999999\n")
    joined = " | ".join(policy.errors)
    assert "appears 2 times" in joined and "mode must be" in joined and "bad_host!" in joined
    assert "max_age must be a number" in joined
    assert "max_age 40000000 is more" in " ".join(parse_policy("version: STSv1\nmode: none\nmax_age: 40000000").errors)
    assert parse_policy("").errors and parse_policy("\x00\x01garbage").errors


def test_mx_patterns() -> None:
    assert mx_matches("mx1.example.com", "*.example.com")
    assert mx_matches("MX1.Example.com.", "mx1.example.com")
    assert not mx_matches("a.b.example.com", "*.example.com")
    assert not mx_matches("example.com", "*.example.com")
    assert not mx_matches("mx1.example.com.evil", "*.example.com")


# -- the fetch ---------------------------------------------------------------------------------


async def test_good_policy(lab: Lab, served: PolicyServer) -> None:
    findings = await check(lab, served, "good.test")
    assert codes(findings) == ["MTA_STS_POLICY_OK+"], findings
    assert findings[0].area == "mta-sts" and "mode: enforce" in findings[0].evidence
    assert served.requests == [("mta-sts.good.test", "/.well-known/mta-sts.txt")]


async def test_chunked_policy_and_given_mx_hosts(lab: Lab, served: PolicyServer) -> None:
    assert codes(await check(lab, served, "chunked.test")) == ["MTA_STS_POLICY_OK+"]
    other = await check(lab, served, "chunked.test", mx_hosts=["mx9.chunked.test", "mail.elsewhere.test"])
    uncovered = failed(other, "MTA_STS_MX_NOT_COVERED")
    assert [f.target for f in uncovered] == ["mail.elsewhere.test"]


async def test_testing_mode(lab: Lab, served: PolicyServer) -> None:
    findings = await check(lab, served, "testing.test")
    assert codes(findings) == ["MTA_STS_MODE_TESTING", "MTA_STS_POLICY_OK+"]
    assert failed(findings, "MTA_STS_MODE_TESTING")[0].severity == "low"
    assert "mode: enforce" in failed(findings, "MTA_STS_MODE_TESTING")[0].fix


async def test_mode_none(lab: Lab, served: PolicyServer) -> None:
    findings = await check(lab, served, "modenone.test")
    assert codes(findings) == ["MTA_STS_MODE_NONE", "MTA_STS_POLICY_OK+"]


async def test_short_max_age(lab: Lab, served: PolicyServer) -> None:
    short = failed(await check(lab, served, "shortage.test"), "MTA_STS_MAX_AGE_SHORT")
    assert len(short) == 1 and short[0].severity == "low" and "604800" in short[0].fix
    days = failed(await check(lab, served, "dayage.test"), "MTA_STS_MAX_AGE_SHORT")
    assert len(days) == 1 and days[0].severity == "info"


async def test_mx_not_covered(lab: Lab, served: PolicyServer) -> None:
    findings = await check(lab, served, "uncovered.test")
    uncovered = failed(findings, "MTA_STS_MX_NOT_COVERED")
    assert [f.target for f in uncovered] == ["mx2.uncovered.test"] and uncovered[0].severity == "high"
    assert "mx: mx2.uncovered.test" in uncovered[0].fix
    assert not any(f.passed for f in findings)


async def test_wildcard_covers_one_label_only(lab: Lab, served: PolicyServer) -> None:
    findings = await check(lab, served, "deep.test")
    assert [f.target for f in failed(findings, "MTA_STS_MX_NOT_COVERED")] == ["a.b.deep.test"]


async def test_redirect_is_not_followed(lab: Lab, served: PolicyServer) -> None:
    findings = await check(lab, served, "redirect.test")
    assert codes(findings) == ["MTA_STS_POLICY_UNREACHABLE"]
    assert "redirect" in findings[0].title and "https://www.redirect.test/" in findings[0].evidence
    assert len(served.requests) == 1


@pytest.mark.parametrize(("domain", "code", "words"), [
    ("notfound.test", "MTA_STS_POLICY_UNREACHABLE", "HTTP 404"),
    ("ctype.test", "MTA_STS_POLICY_INVALID", "text/html"),
    ("badpolicy.test", "MTA_STS_POLICY_INVALID", "version must be STSv1"),
    ("huge.test", "MTA_STS_POLICY_INVALID", "more than 65536"),
    ("hugeclose.test", "MTA_STS_POLICY_INVALID", "larger than 65536"),
    ("binary.test", "MTA_STS_POLICY_INVALID", "not UTF-8"),
    ("garbage.test", "MTA_STS_POLICY_UNREACHABLE", "not an HTTP response"),
    ("short.test", "MTA_STS_POLICY_UNREACHABLE", "IncompleteReadError"),
])
async def test_broken_answers(lab: Lab, served: PolicyServer, domain: str, code: str, words: str) -> None:
    findings = await check(lab, served, domain)
    assert codes(findings) == [code], findings
    assert words in findings[0].evidence and findings[0].fix and findings[0].target == domain


async def test_certificate_for_another_name(lab: Lab) -> None:
    async with https_server(lab.ca.context(["mta-sts.other.test"], lab.tmp)) as server:
        findings = await check(lab, server, "good.test")
    assert codes(findings) == ["MTA_STS_CERT_INVALID"] and "mta-sts.good.test" in findings[0].evidence


async def test_expired_certificate(lab: Lab, names: list[str]) -> None:
    async with https_server(lab.ca.context(["mta-sts.good.test"], lab.tmp, expired=True)) as server:
        findings = await check(lab, server, "good.test")
    assert codes(findings) == ["MTA_STS_CERT_INVALID"] and "expired" in findings[0].evidence


async def test_untrusted_ca_with_system_store(lab: Lab, served: PolicyServer) -> None:
    findings = await check_mta_sts_policy("good.test", lab.resolver(), port=served.server_address[1], timeout=3.0)
    assert codes(findings) == ["MTA_STS_CERT_INVALID"] and "Let's Encrypt" in findings[0].fix


@asynccontextmanager
async def tcp_server(greeting: bytes | None) -> AsyncIterator[int]:
    """Accepts and then says greeting (garbage) or nothing at all until the client leaves."""
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if greeting is not None:
            writer.write(greeting)
            await writer.drain()
        await reader.read()
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    try:
        yield int(server.sockets[0].getsockname()[1])
    finally:
        server.close()
        await server.wait_closed()


async def test_silent_server_times_out(lab: Lab) -> None:
    async with tcp_server(None) as port:
        findings = await check(lab, port, "slow.test", timeout=0.5)
    assert codes(findings) == ["MTA_STS_POLICY_UNREACHABLE"] and "within 0.5s" in findings[0].evidence


async def test_garbage_instead_of_tls(lab: Lab) -> None:
    async with tcp_server(b"220 this is SMTP, not HTTPS\r\n" * 20) as port:
        findings = await check(lab, port, "good.test")
    assert codes(findings) == ["MTA_STS_POLICY_UNREACHABLE"] and findings[0].evidence


async def test_connection_refused(lab: Lab) -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    findings = await check(lab, port, "good.test")
    assert codes(findings) == ["MTA_STS_POLICY_UNREACHABLE"] and f"127.0.0.1:{port}" in findings[0].evidence


async def test_dns_cases(lab: Lab) -> None:
    resolver = lab.resolver()
    assert await check_mta_sts_policy("nosts.test", resolver, timeout=1.0) == []
    missing = await check_mta_sts_policy("nohost.test", resolver, timeout=1.0)
    assert codes(missing) == ["MTA_STS_POLICY_UNREACHABLE"] and "does not exist" in missing[0].title
    assert "mta-sts.nohost.test. 3600 IN A" in missing[0].fix and "mx: mx1.nohost.test" in missing[0].fix
    temp = await check_mta_sts_policy("tempfail.test", resolver, timeout=1.0)
    assert codes(temp) == ["MTA_STS_POLICY_UNREACHABLE"] and temp[0].severity == "medium"


async def test_unusable_ca_file(lab: Lab, served: PolicyServer) -> None:
    findings = await check_mta_sts_policy("good.test", lab.resolver(), port=served.server_address[1],
                                          cafile=str(lab.tmp / "missing.pem"), timeout=3.0)
    assert codes(findings) == ["MTA_STS_POLICY_UNREACHABLE"] and "missing.pem" in findings[0].evidence
