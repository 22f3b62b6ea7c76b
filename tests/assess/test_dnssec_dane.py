"""DNSSEC and DANE checks (assess/dnssec.py, assess/dane.py) against zones signed here with
dnspython and served by the real DNS server on loopback, and SMTP servers on loopback whose
certificates the TLSA records describe.

The parent zone sec.test is signed and delegates to one child per case; each child differs from
the good one by a single defect, so each test shows one code firing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import socket
import ssl
import tempfile
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dns.dnssec
import dns.rdtypes.ANY.DNSKEY
import dns.zone
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID
from dns.dnssectypes import Algorithm

from relaywarden.assess.dane import TLSARecord, check_dane, handshake_certificates, record_matches
from relaywarden.assess.dnssec import check_dnssec, is_secure
from relaywarden.assess.findings import Finding
from relaywarden.dns import Resolver
from tests.support.dnsserver import DNSServer
from tests.support.smtppeer import SMTPPeer

PrivateKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
KeyPair = tuple[PrivateKey, dns.rdtypes.ANY.DNSKEY.DNSKEY]
NOW = dt.datetime.now(dt.UTC)


def failed(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code and not f.passed]


def passes(findings: list[Finding], code: str) -> bool:
    return any(f.code == code and f.passed for f in findings)


def codes(findings: list[Finding]) -> list[str]:
    return sorted(f.code + ("+" if f.passed else "") for f in findings)


def keypair(algorithm: Algorithm = Algorithm.ECDSAP256SHA256, *, ksk: bool = True) -> KeyPair:
    private: PrivateKey
    if algorithm == Algorithm.ECDSAP256SHA256:
        private = ec.generate_private_key(ec.SECP256R1())
    else:
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return private, dns.dnssec.make_dnskey(private.public_key(), algorithm, flags=257 if ksk else 256)


def zone_of(origin: str, body: str) -> dns.zone.Zone:
    header = (f"$ORIGIN {origin}.\n$TTL 300\n@ IN SOA ns.{origin}. hostmaster.{origin}. 1 3600 600 86400 300\n"
              f"@ IN NS ns.{origin}.\n")
    return dns.zone.from_text(header + body, origin=origin, relativize=False)


def signed(origin: str, body: str, keys: list[KeyPair], *, inception: dt.datetime | None = None,
           expiration: dt.datetime | None = None) -> dns.zone.Zone:
    zone = zone_of(origin, body)
    dns.dnssec.sign_zone(zone, keys=list(keys), inception=inception or NOW - dt.timedelta(hours=1),
                         expiration=expiration or NOW + dt.timedelta(days=30))
    return zone


def text(zone: dns.zone.Zone) -> str:
    return str(zone.to_text(relativize=False))


def ds_line(child: str, key: KeyPair) -> str:
    return f"{child}. IN DS {dns.dnssec.make_ds(child + '.', key[1], 'SHA256').to_text()}\n"


MAIL = "@ IN MX 10 mx1\n@ IN TXT \"v=spf1 mx -all\"\nmx1 IN A 127.0.0.1\n"


DANE_DOMAINS = ("d3", "dfull", "d2", "dbad", "dpkix", "dinvalid", "dnone", "dnotls", "dfar")


@dataclass
class Certs:
    leaf: bytes
    ca: bytes
    context: ssl.SSLContext

    @property
    def spki_sha256(self) -> str:
        public = x509.load_der_x509_certificate(self.leaf).public_key()
        return hashlib.sha256(public.public_bytes(serialization.Encoding.DER,
                                                  serialization.PublicFormat.SubjectPublicKeyInfo)).hexdigest()


def issue(names: list[str]) -> Certs:
    """A CA and a leaf for names; the server context presents the chain leaf + CA."""
    now = dt.datetime.now(dt.UTC)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "DANE test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number())
          .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .sign(ca_key, hashes.SHA256()))
    leaf = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), critical=False)
            .sign(ca_key, hashes.SHA256()))
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    with tempfile.TemporaryDirectory() as tmp:
        chain, key_file = Path(tmp) / "chain.pem", Path(tmp) / "key.pem"
        chain.write_bytes(leaf.public_bytes(serialization.Encoding.PEM) + ca.public_bytes(serialization.Encoding.PEM))
        key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
        ctx.load_cert_chain(chain, key_file)
    return Certs(leaf.public_bytes(serialization.Encoding.DER), ca.public_bytes(serialization.Encoding.DER), ctx)


def dane_body(tlsa: list[str], mx: str = "mx") -> str:
    body = f"@ IN MX 10 {mx}\nmx IN A 127.0.0.1\n"
    return body + "".join(f"_25._tcp.mx IN TLSA {t}\n" for t in tlsa)


def dane_records(certs: Certs) -> dict[str, list[str]]:
    good = f"3 1 1 {certs.spki_sha256}"
    return {
        "d3": [good],
        "dfull": [f"3 0 0 {certs.leaf.hex()}", f"3 1 2 {hashlib.sha512(bytes.fromhex(certs.spki_sha256)).hexdigest()}"],
        "d2": [f"2 0 1 {hashlib.sha256(certs.ca).hexdigest()}"],
        "dbad": ["3 1 1 " + "00" * 32],
        "dpkix": [f"1 1 1 {certs.spki_sha256}"],
        "dinvalid": ["3 1 3 abcd", f"3 7 1 {certs.spki_sha256}"],
        "dnone": [],
        "dnotls": [good],
        "dfar": [],
    }


@dataclass
class World:
    server: DNSServer
    keys: dict[str, KeyPair]
    certs: Certs

    def resolver(self, timeout: float = 2.0) -> Resolver:
        return Resolver([self.server.nameserver], timeout=timeout, cache_size=0)


def tampered(zone: dns.zone.Zone, owner: str, rdtype: str, value: str) -> dns.zone.Zone:
    """Change one record after signing: its RRSIG no longer matches."""
    with zone.writer() as txn:
        txn.replace(owner, dns.rdataset.from_text("IN", rdtype, 300, value))
    return zone


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    parent, good, other, sha1 = keypair(), keypair(), keypair(), keypair(Algorithm.RSASHA1)
    certs = issue([f"mx.{d}.sec.test" for d in DANE_DOMAINS] + ["mx.dane-unsigned.test", "mx.far.test"])
    zones: dict[str, Any] = {}
    children = {
        "good.sec.test": signed("good.sec.test", MAIL, [good]),
        "nods.sec.test": signed("nods.sec.test", MAIL, [good]),
        "expired.sec.test": signed("expired.sec.test", MAIL, [good], inception=NOW - dt.timedelta(days=60),
                                   expiration=NOW - dt.timedelta(days=30)),
        "bogus.sec.test": tampered(signed("bogus.sec.test", MAIL, [good]), "bogus.sec.test.", "MX", "10 evil.test."),
        "wrongds.sec.test": signed("wrongds.sec.test", MAIL, [good]),
        "sha1.sec.test": signed("sha1.sec.test", MAIL, [sha1]),
        "soon.sec.test": signed("soon.sec.test", MAIL, [good], expiration=NOW + dt.timedelta(days=1)),
        "island.plain.test": signed("island.plain.test", MAIL, [good]),
        "dsplain.plain.test": signed("dsplain.plain.test", MAIL, [good]),
        "child.oldparent.test": signed("child.oldparent.test", MAIL, [good]),
    }
    for name, tlsa in dane_records(certs).items():
        body = dane_body(tlsa, "mx.far.test." if name == "dfar" else "mx")
        children[f"{name}.sec.test"] = signed(f"{name}.sec.test", body, [good])
    zones["far.test"] = text(signed("far.test", f"mx IN A 127.0.0.1\n_25._tcp.mx IN TLSA 3 1 1 {certs.spki_sha256}\n",
                                    [other]))
    zones["dane-unsigned.test"] = text(zone_of("dane-unsigned.test", dane_body([f"3 1 1 {certs.spki_sha256}"])))
    for origin, zone in children.items():
        zones[origin] = text(zone)
    zones["dsnokey.sec.test"] = text(zone_of("dsnokey.sec.test", MAIL))
    zones["unsigned.test"] = text(zone_of("unsigned.test", MAIL))
    delegations = "".join(f"{c.split('.')[0]} IN NS ns.{c}.\n" for c in (*children, "dsnokey.sec.test")
                          if c.endswith(".sec.test"))
    ds = "".join(ds_line(c, sha1 if c.startswith("sha1") else good)
                 for c in ("good.sec.test", "expired.sec.test", "bogus.sec.test", "sha1.sec.test", "soon.sec.test",
                           "dsnokey.sec.test", *(f"{d}.sec.test" for d in DANE_DOMAINS)))
    ds += ds_line("wrongds.sec.test", other)
    zones["sec.test"] = text(signed("sec.test", delegations + ds, [parent]))
    zones["oldparent.test"] = text(signed("oldparent.test", ds_line("child.oldparent.test", good), [parent],
                                          inception=NOW - dt.timedelta(days=60),
                                          expiration=NOW - dt.timedelta(days=30)))
    zones["plain.test"] = text(zone_of("plain.test", "island IN NS ns.island.plain.test.\n"
                                                     + ds_line("dsplain.plain.test", good)))
    with DNSServer(zones) as server:
        yield World(server, {"parent": parent, "good": good}, certs)


# -- DNSSEC ------------------------------------------------------------------------------------


async def test_signed_zone_with_ds_passes(world: World) -> None:
    findings = await check_dnssec("good.sec.test", world.resolver())
    assert codes(findings) == ["DNSSEC_DS+", "DNSSEC_VALID+"], findings
    valid = next(f for f in findings if f.code == "DNSSEC_VALID")
    assert "good.sec.test/MX: valid" in valid.evidence and "KSK" in valid.evidence
    assert all(f.area == "dnssec" and f.target == "good.sec.test" for f in findings)
    assert is_secure(findings)
    assert world.server.errors == []


async def test_unsigned_zone(world: World) -> None:
    findings = await check_dnssec("unsigned.test", world.resolver())
    unsigned = failed(findings, "DNSSEC_UNSIGNED")
    assert len(findings) == 1 and unsigned[0].severity == "medium" and "no DNSKEY" in unsigned[0].evidence
    assert "recommended" in unsigned[0].title and "dnssec-policy" in unsigned[0].fix


async def test_subdomain_is_checked_in_its_zone(world: World) -> None:
    findings = await check_dnssec("mx1.good.sec.test", world.resolver())
    assert passes(findings, "DNSSEC_VALID") and "good.sec.test" in findings[-1].title


async def test_signed_without_ds_at_signed_parent(world: World) -> None:
    findings = await check_dnssec("nods.sec.test", world.resolver())
    nods = failed(findings, "DNSSEC_NO_DS")
    assert len(nods) == 1 and "sec.test publishes no DS" in nods[0].title
    assert "nods.sec.test.\t3600\tIN\tDS\t" in nods[0].fix and " 13 2 " in nods[0].fix
    assert passes(findings, "DNSSEC_VALID") and not is_secure(findings)


async def test_island_of_trust_under_unsigned_parent(world: World) -> None:
    findings = await check_dnssec("island.plain.test", world.resolver())
    nods = failed(findings, "DNSSEC_NO_DS")
    assert len(nods) == 1 and "island of trust" in nods[0].title and "plain.test is not" in nods[0].title


async def test_ds_in_unsigned_parent(world: World) -> None:
    findings = await check_dnssec("dsplain.plain.test", world.resolver())
    nods = failed(findings, "DNSSEC_NO_DS")
    assert len(nods) == 1 and "not signed by its parent" in nods[0].title and "no RRSIG" in nods[0].evidence
    assert passes(findings, "DNSSEC_VALID") and not passes(findings, "DNSSEC_DS")


async def test_parent_signature_over_ds_expired(world: World) -> None:
    findings = await check_dnssec("child.oldparent.test", world.resolver())
    expired = failed(findings, "DNSSEC_EXPIRED")
    assert len(expired) == 1 and "over the DS" in expired[0].title and "child.oldparent.test/DS" in expired[0].evidence
    assert not passes(findings, "DNSSEC_VALID")


async def test_expired_signatures(world: World) -> None:
    findings = await check_dnssec("expired.sec.test", world.resolver())
    expired = failed(findings, "DNSSEC_EXPIRED")
    assert expired and expired[0].severity == "critical" and "expired" in expired[0].evidence
    assert not passes(findings, "DNSSEC_VALID") and not is_secure(findings)


async def test_signatures_expiring_soon(world: World) -> None:
    findings = await check_dnssec("soon.sec.test", world.resolver())
    soon = failed(findings, "DNSSEC_EXPIRED")
    assert len(soon) == 1 and soon[0].severity == "medium" and "expire within" in soon[0].title
    assert passes(findings, "DNSSEC_VALID")


async def test_tampered_record_is_bogus(world: World) -> None:
    findings = await check_dnssec("bogus.sec.test", world.resolver())
    bogus = failed(findings, "DNSSEC_BOGUS")
    assert len(bogus) == 1 and bogus[0].severity == "critical" and "bogus.sec.test/MX" in bogus[0].evidence
    assert "bogus.sec.test/SOA" not in bogus[0].evidence
    assert not passes(findings, "DNSSEC_VALID")


async def test_ds_matching_no_key_is_bogus(world: World) -> None:
    findings = await check_dnssec("wrongds.sec.test", world.resolver())
    bogus = failed(findings, "DNSSEC_BOGUS")
    assert len(bogus) == 1 and "matches none" in bogus[0].title and "wrongds.sec.test.\t3600\tIN\tDS" in bogus[0].fix


async def test_ds_without_dnskey_is_bogus(world: World) -> None:
    findings = await check_dnssec("dsnokey.sec.test", world.resolver())
    assert codes(findings) == ["DNSSEC_BOGUS"] and "no DNSKEY" in findings[0].evidence


async def test_weak_algorithm(world: World) -> None:
    findings = await check_dnssec("sha1.sec.test", world.resolver())
    weak = failed(findings, "DNSSEC_WEAK_ALGORITHM")
    assert len(weak) == 1 and "RSASHA1" in weak[0].title and "ECDSAP256SHA256" in weak[0].fix
    assert passes(findings, "DNSSEC_VALID") and passes(findings, "DNSSEC_DS")


@pytest.mark.parametrize("switch", ["drop", "garbage", "servfail"])
async def test_dns_failures_become_findings(switch: str) -> None:
    options = {f"{switch}_names": ["broken.test/DNSKEY"]}
    with DNSServer({"broken.test": text(signed("broken.test", MAIL, [keypair()]))},
                   **options) as server:  # type: ignore[arg-type]
        findings = await check_dnssec("broken.test", Resolver([server.nameserver], timeout=0.5))
    assert codes(findings) == ["DNS_TEMPFAIL"] and findings[0].area == "dnssec"
    assert "broken.test/DNSKEY" in findings[0].evidence


async def test_nonexistent_and_malformed_names(world: World) -> None:
    resolver = world.resolver()
    missing = await check_dnssec("nothing.sec.test", resolver)
    assert codes(missing) == ["DNSSEC_UNSIGNED"] and "does not exist" in missing[0].title
    bad = await check_dnssec("bad name..test", resolver)
    assert len(bad) == 1 and not bad[0].passed


# -- DANE --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def peer(world: World) -> Iterator[SMTPPeer]:
    with SMTPPeer(hostname="mx.d3.sec.test", tls_context=world.certs.context) as smtp:
        yield smtp


async def dane(world: World, domain: str, port: int, **kw: Any) -> list[Finding]:
    return await check_dane(domain, world.resolver(), port=port, timeout=3.0, **kw)


@pytest.mark.parametrize("domain", ["d3", "dfull", "d2"])
async def test_dane_valid(world: World, peer: SMTPPeer, domain: str) -> None:
    findings = await dane(world, f"{domain}.sec.test", peer.port)
    assert codes(findings) == ["DANE_VALID+"], findings
    assert findings[0].target == f"mx.{domain}.sec.test" and findings[0].area == "dane"
    assert ("DANE-TA" if domain == "d2" else "DANE-EE") in findings[0].evidence
    assert peer.messages == []


async def test_tlsa_in_another_signed_zone(world: World, peer: SMTPPeer) -> None:
    findings = await dane(world, "dfar.sec.test", peer.port)
    assert codes(findings) == ["DANE_VALID+"] and findings[0].target == "mx.far.test"


async def test_dane_missing(world: World, peer: SMTPPeer) -> None:
    findings = await dane(world, "dnone.sec.test", peer.port)
    assert codes(findings) == ["DANE_MISSING"] and findings[0].severity == "low"
    assert "not mandatory" in findings[0].title and "TLSA 3 1 1" in findings[0].fix


async def test_dane_mismatch(world: World, peer: SMTPPeer) -> None:
    findings = await dane(world, "dbad.sec.test", peer.port)
    assert codes(findings) == ["DANE_MISMATCH"] and findings[0].severity == "high"
    expected = f"_25._tcp.mx.dbad.sec.test.\t3600\tIN\tTLSA\t3 1 1 {world.certs.spki_sha256}"
    assert expected in findings[0].fix and world.certs.spki_sha256 in findings[0].evidence


async def test_pkix_usage(world: World, peer: SMTPPeer) -> None:
    findings = await dane(world, "dpkix.sec.test", peer.port)
    assert codes(findings) == ["DANE_USAGE_PKIX"] and findings[0].severity == "medium"
    assert "1 1 1" in findings[0].evidence


async def test_malformed_tlsa(world: World, peer: SMTPPeer) -> None:
    findings = await dane(world, "dinvalid.sec.test", peer.port)
    assert codes(findings) == ["DANE_TLSA_INVALID"]
    assert "matching type 3" in findings[0].evidence and "selector 7" in findings[0].evidence


async def test_tlsa_without_dnssec(world: World, peer: SMTPPeer) -> None:
    findings = await dane(world, "dane-unsigned.test", peer.port)
    assert codes(findings) == ["DANE_NO_DNSSEC"]
    assert "_25._tcp.mx.dane-unsigned.test/TLSA is not signed" in findings[0].evidence
    told = await dane(world, "d3.sec.test", peer.port, dnssec_valid=False)
    assert codes(told) == ["DANE_NO_DNSSEC"] and "failed" in told[0].evidence


async def test_given_mx_hosts_and_known_dnssec(world: World, peer: SMTPPeer) -> None:
    findings = await dane(world, "example.invalid", peer.port, mx_hosts=["MX.D3.sec.test."], dnssec_valid=True)
    assert codes(findings) == ["DANE_VALID+"] and findings[0].target == "mx.d3.sec.test"


async def test_server_without_starttls(world: World) -> None:
    with SMTPPeer() as plain:
        findings = await dane(world, "dnotls.sec.test", plain.port)
    assert codes(findings) == ["DANE_MISMATCH"] and "STARTTLS is not offered" in findings[0].evidence


@asynccontextmanager
async def garbage_server() -> AsyncIterator[int]:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"\x00\xff hello, this is not SMTP\r\n")
        await writer.drain()
        await reader.read()
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    try:
        yield int(server.sockets[0].getsockname()[1])
    finally:
        server.close()
        await server.wait_closed()


async def test_unreachable_and_garbage(world: World) -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    refused = await dane(world, "d3.sec.test", port)
    assert codes(refused) == ["DANE_UNREACHABLE"] and refused[0].severity == "info"
    async with garbage_server() as garbage:
        findings = await dane(world, "d3.sec.test", garbage)
    assert codes(findings) == ["DANE_UNREACHABLE"] and "not an SMTP reply" in findings[0].evidence


async def test_dane_dns_failures() -> None:
    zone = {"@": {"MX": "10 mx"}, "mx": {"A": "127.0.0.1"}}
    with DNSServer({"broken.test": zone}, servfail_names=["_25._tcp.mx.broken.test"]) as server:
        findings = await check_dane("broken.test", Resolver([server.nameserver], timeout=0.5), timeout=1.0)
        assert codes(findings) == ["DNS_TEMPFAIL"] and findings[0].area == "dane"
        assert await check_dane("nothing.broken.test", Resolver([server.nameserver], timeout=0.5)) == []


def test_record_matching_and_parsing(world: World) -> None:
    leaf = world.certs.leaf
    assert record_matches(TLSARecord(3, 1, 1, bytes.fromhex(world.certs.spki_sha256)), leaf)
    assert record_matches(TLSARecord(3, 0, 2, hashlib.sha512(leaf).digest()), leaf)
    assert not record_matches(TLSARecord(3, 0, 0, b"not a certificate"), b"garbage")
    assert TLSARecord(4, 1, 1, bytes(32)).problem() and TLSARecord(3, 1, 2, bytes(32)).problem()
    assert handshake_certificates(b"") == [] and handshake_certificates(b"\x16\x03\x03\xff\xff" + bytes(10)) == []


async def test_no_probe_opens_no_connection(world: World, peer: SMTPPeer) -> None:
    before = peer.connections
    findings = await dane(world, "d3.sec.test", peer.port, probe=False)
    assert codes(findings) == ["DANE_NOT_PROBED"] and findings[0].severity == "info"
    assert "3 1 1" in findings[0].evidence and "--no-probe" in findings[0].fix
    assert peer.connections == before  # --no-probe: the MX host was never contacted
    # Defects visible in DNS alone are still reported without a probe.
    assert codes(await dane(world, "dane-unsigned.test", peer.port, probe=False)) == [
        "DANE_NOT_PROBED", "DANE_NO_DNSSEC"]
