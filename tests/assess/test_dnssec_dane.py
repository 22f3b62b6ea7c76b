"""DNSSEC and DANE checks (assess/dnssec.py, assess/dane.py) against zones signed here with
dnspython and served by the real DNS server on loopback, and SMTP servers on loopback whose
certificates the TLSA records describe.

The parent zone sec.test is signed and delegates to one child per case; each child differs from
the good one by a single defect, so each test shows one code firing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import dns.dnssec
import dns.rdtypes.ANY.DNSKEY
import dns.zone
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from dns.dnssectypes import Algorithm

from relaywarden.assess.dnssec import check_dnssec
from relaywarden.assess.findings import Finding
from relaywarden.dns import Resolver
from tests.support.dnsserver import DNSServer

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


@dataclass
class World:
    server: DNSServer
    keys: dict[str, KeyPair]

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
    }
    for origin, zone in children.items():
        zones[origin] = text(zone)
    zones["dsnokey.sec.test"] = text(zone_of("dsnokey.sec.test", MAIL))
    zones["unsigned.test"] = text(zone_of("unsigned.test", MAIL))
    delegations = "".join(f"{c.split('.')[0]} IN NS ns.{c}.\n" for c in (*children, "dsnokey.sec.test")
                          if c.endswith(".sec.test"))
    ds = "".join(ds_line(c, sha1 if c.startswith("sha1") else good)
                 for c in ("good.sec.test", "expired.sec.test", "bogus.sec.test", "sha1.sec.test", "soon.sec.test",
                           "dsnokey.sec.test"))
    ds += ds_line("wrongds.sec.test", other)
    zones["sec.test"] = text(signed("sec.test", delegations + ds, [parent]))
    zones["plain.test"] = text(zone_of("plain.test", "island IN NS ns.island.plain.test.\n"))
    with DNSServer(zones) as server:
        yield World(server, {"parent": parent, "good": good})


# -- DNSSEC ------------------------------------------------------------------------------------


async def test_signed_zone_with_ds_passes(world: World) -> None:
    findings = await check_dnssec("good.sec.test", world.resolver())
    assert codes(findings) == ["DNSSEC_DS+", "DNSSEC_VALID+"], findings
    valid = next(f for f in findings if f.code == "DNSSEC_VALID")
    assert "good.sec.test/MX: valid" in valid.evidence and "KSK" in valid.evidence
    assert all(f.area == "dnssec" and f.target == "good.sec.test" for f in findings)
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
    assert passes(findings, "DNSSEC_VALID")


async def test_island_of_trust_under_unsigned_parent(world: World) -> None:
    findings = await check_dnssec("island.plain.test", world.resolver())
    nods = failed(findings, "DNSSEC_NO_DS")
    assert len(nods) == 1 and "island of trust" in nods[0].title and "plain.test is not" in nods[0].title


async def test_expired_signatures(world: World) -> None:
    findings = await check_dnssec("expired.sec.test", world.resolver())
    expired = failed(findings, "DNSSEC_EXPIRED")
    assert expired and expired[0].severity == "critical" and "expired" in expired[0].evidence
    assert not passes(findings, "DNSSEC_VALID")


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
