"""DKIM, BIMI and reverse-DNS audit checks against a real DNS server on loopback.

good.test is configured well (every check passes); every other zone carries one defect, so
each test shows one code firing. The reverse zones (in-addr.arpa, ip6.arpa) are served by the
same server. DNS failures are switched per name: SERVFAIL, no answer (timeout), garbage bytes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from relaywarden.assess.bimi import check_bimi
from relaywarden.assess.dkim import COMMON_SELECTORS, check_dkim
from relaywarden.assess.findings import Finding
from relaywarden.assess.reverse import check_reverse_dns, looks_generic
from relaywarden.authn.dkim import generate_key
from relaywarden.dns import Resolver
from tests.support.dnsserver import DNSServer, serve

Zone = dict[str, dict[str, Any]]

RSA2048 = generate_key("rsa", 2048)[1]
RSA1024 = generate_key("rsa", 1024)[1]
ED25519 = generate_key("ed25519")[1]
# cryptography refuses to generate keys under 1024 bits; this one was made with `openssl genrsa 512`.
RSA512 = ("v=DKIM1; k=rsa; p=MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBALyJTzC1njvP2i3UR9Aa27ePyBiw7+vHF4Y6nR48L7xyosJC3s1"
          "+wDz7UKrtPCJaOrXfCAZ10fNOLfp2HpdrXQcCAwEAAQ==")
GOOD_BIMI = "v=BIMI1; l=https://good.test/bimi/logo.svg; a=https://good.test/bimi/vmc.pem"


def good_zone(domain: str, ip: str = "192.0.2.10") -> Zone:
    return {
        "@": {"MX": "10 mx1", "TXT": "v=spf1 mx -all"},
        "mx1": {"A": ip},
        "selector1._domainkey": {"TXT": RSA2048},
        "ed._domainkey": {"TXT": ED25519},
        "_dmarc": {"TXT": f"v=DMARC1; p=reject; rua=mailto:d@{domain}"},
        "default._bimi": {"TXT": f"v=BIMI1; l=https://{domain}/bimi/logo.svg; a=https://{domain}/bimi/vmc.pem"},
    }


def variant(domain: str, changes: dict[str, dict[str, Any] | None]) -> Zone:
    """good_zone with owners replaced (a dict) or removed (None)."""
    zone = good_zone(domain)
    for owner, records in changes.items():
        if records is None:
            zone.pop(owner, None)
        else:
            zone[owner] = records
    return zone


def dkim_zone(domain: str, keys: Mapping[str, str | list[str]]) -> Zone:
    """A domain whose only DKIM records are keys: selector -> TXT value(s)."""
    zone = {k: v for k, v in good_zone(domain).items() if "._domainkey" not in k}
    zone.update({f"{sel}._domainkey": {"TXT": value} for sel, value in keys.items()})
    return zone


REVERSE_V4: Zone = {
    "10": {"PTR": "mx1.good.test."},
    "20": {"PTR": "mx2.good.test."},
    "40": {"PTR": "mail.elsewhere.test."},
    "50": {"PTR": "dsl-192-0-2-50.dyn.isp.test."},
    "60": {"PTR": "mx1.servfail.test."},
    "70": {"PTR": "mx1.drop.test."},
}
REVERSE_V6: Zone = {"0.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0": {"PTR": "mx2.good.test."}}

ZONES: dict[str, Zone] = {
    "good.test": {**good_zone("good.test"), "@": {"MX": ["10 mx1", "20 mx2"]},
                  "mx2": {"A": "192.0.2.20", "AAAA": "2001:db8::20"}},
    "2.0.192.in-addr.arpa": REVERSE_V4,
    "8.b.d.0.1.0.0.2.ip6.arpa": REVERSE_V6,
    # DKIM
    "weak.test": dkim_zone("weak.test", {"default": RSA512}),
    "short.test": dkim_zone("short.test", {"selector1": RSA1024}),
    "testing.test": dkim_zone("testing.test", {"google": RSA2048.replace("k=rsa;", "k=rsa; t=y;")}),
    "sha1.test": dkim_zone("sha1.test", {"s1": RSA2048.replace("k=rsa;", "k=rsa; h=sha1;")}),
    "revoked.test": dkim_zone("revoked.test", {"selector1": "v=DKIM1; k=rsa; p=", "selector2": RSA2048}),
    "revonly.test": dkim_zone("revonly.test", {"k1": "v=DKIM1; p="}),
    "badb64.test": dkim_zone("badb64.test", {"default": "v=DKIM1; k=rsa; p=this is not base64!"}),
    "notkey.test": dkim_zone("notkey.test", {"default": "v=DKIM1; k=rsa; p=" + ED25519.split("p=")[1]}),
    "badtags.test": dkim_zone("badtags.test", {"mail": "v=DKIM1; k=rsa; p=abc; p=def"}),
    "badver.test": dkim_zone("badver.test", {"mail": "v=DKIM2; p=" + RSA2048.split("p=")[1]}),
    "unknownk.test": dkim_zone("unknownk.test", {"mail": "v=DKIM1; k=dsa; p=" + RSA2048.split("p=")[1]}),
    "twokeys.test": dkim_zone("twokeys.test", {"selector1": [RSA2048, RSA1024]}),
    "edonly.test": dkim_zone("edonly.test", {"default": ED25519}),
    "nodkim.test": dkim_zone("nodkim.test", {}),
    "custom.test": dkim_zone("custom.test", {"corp-2024": RSA2048}),
    "token.test": dkim_zone("token.test", {"mine": "some-verification-token=abc"}),
    "dkimfail.test": good_zone("dkimfail.test"),
    # BIMI
    "nobimi.test": variant("nobimi.test", {"default._bimi": None}),
    "httplogo.test": variant("httplogo.test", {"default._bimi": {"TXT": "v=BIMI1; l=http://httplogo.test/logo.png"}}),
    "novmc.test": variant("novmc.test", {"default._bimi": {"TXT": "v=BIMI1; l=https://novmc.test/logo.svg"}}),
    "httpvmc.test": variant("httpvmc.test", {"default._bimi": {"TXT": "v=BIMI1; l=https://httpvmc.test/logo.svg; "
                                                                      "a=http://httpvmc.test/vmc.pem"}}),
    "declined.test": variant("declined.test", {"default._bimi": {"TXT": "v=BIMI1; l=; a=;"}}),
    "bimisyntax.test": variant("bimisyntax.test", {"default._bimi": {"TXT": "v=BIMI1; l"}}),
    "twobimi.test": variant("twobimi.test", {"default._bimi": {"TXT": [GOOD_BIMI, "v=BIMI1; l="]}}),
    "pct.test": variant("pct.test", {"_dmarc": {"TXT": "v=DMARC1; p=quarantine; pct=50"}}),
    "bimifail.test": good_zone("bimifail.test"),
    # reverse DNS
    "noptr.test": good_zone("noptr.test", "192.0.2.30"),
    "mismatch.test": good_zone("mismatch.test", "192.0.2.40"),
    "elsewhere.test": {"mail": {"A": "192.0.2.41"}},
    "isp.test": {"dsl-192-0-2-50.dyn": {"A": "192.0.2.50"}},
    "generic.test": good_zone("generic.test", "192.0.2.50"),
    "implicit.test": variant("implicit.test", {"@": {"A": "192.0.2.10"}}),
    "nullmx.test": variant("nullmx.test", {"@": {"MX": "0 ."}}),
    "servfail.test": good_zone("servfail.test", "192.0.2.60"),
    "drop.test": good_zone("drop.test", "192.0.2.70"),
    "garbage.test": good_zone("garbage.test"),
}

FAILING = {
    "servfail": ["selector1._domainkey.dkimfail.test", "default._bimi.bimifail.test", "mx1.servfail.test/A",
                 "mx1.servfail.test/AAAA", "default._domainkey.dkimfail.test"],
    "drop": ["70.2.0.192.in-addr.arpa", "google._domainkey.dkimfail.test"],
    "garbage": ["mx1.garbage.test", "ed._domainkey.dkimfail.test", "garbage.test/MX"],
}


@pytest.fixture(scope="module")
def server() -> Iterator[DNSServer]:
    yield from serve(ZONES, servfail_names=FAILING["servfail"], drop_names=FAILING["drop"],
                     garbage_names=FAILING["garbage"])


@pytest.fixture
def resolver(server: DNSServer) -> Resolver:
    # Generous: on a loaded machine a healthy lookup must never look like a timeout.
    return Resolver([server.nameserver], timeout=3.0)


@pytest.fixture
def impatient(server: DNSServer) -> Resolver:
    """For the failure tests: dropped and garbage answers cost the whole timeout, so keep it short."""
    return Resolver([server.nameserver], timeout=1.0)


def problems(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if not f.passed]


def codes(findings: list[Finding]) -> set[str]:
    return {f.code for f in problems(findings)}


def one(findings: list[Finding], code: str) -> Finding:
    matching = [f for f in findings if f.code == code and not f.passed]
    assert len(matching) == 1, findings
    return matching[0]


def passes(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.passed]


def well_formed(findings: list[Finding], area: str) -> None:
    """What every finding owes its reader: a code, a title, evidence, a target, and a fix if it is a problem."""
    for f in findings:
        assert f.code.isupper() and f.area == area and f.title and f.evidence and f.target, f
        assert f.passed or f.fix, f


# -- the good domain -------------------------------------------------------------------------


async def test_good_domain_passes_every_check(resolver: Resolver, server: DNSServer) -> None:
    dkim = await check_dkim("good.test", resolver, ["ed"])
    bimi = await check_bimi("good.test", resolver, "reject")
    reverse = await check_reverse_dns("good.test", resolver)
    assert problems(dkim) == problems(bimi) == problems(reverse) == []
    found = {f.target: f.title for f in passes(dkim)}
    assert "2048-bit RSA" in found["selector1._domainkey.good.test"]
    assert "ed25519" in found["ed._domainkey.good.test"]
    assert [f.code for f in bimi] == ["BIMI_OK"]
    confirmed = {(f.target, f.details.get("address")) for f in reverse if f.code == "MX_FCRDNS_OK"}
    assert {f.target for f in reverse} == {"mx1.good.test", "mx2.good.test"}
    assert len(confirmed) == 3 and "2001:db8::20" in " ".join(f.title for f in passes(reverse))
    for findings, area in ((dkim, "dkim"), (bimi, "bimi"), (reverse, "mx")):
        well_formed(findings, area)
    assert server.errors == []


# -- DKIM ------------------------------------------------------------------------------------


async def test_probe_looks_up_each_common_selector_once(resolver: Resolver, server: DNSServer) -> None:
    server.set_zone("probe.test", good_zone("probe.test"))
    findings = await check_dkim("probe.test", resolver, ["selector1", "Selector1", "ed._domainkey"])
    assert len(passes(findings)) == 2
    assert len(COMMON_SELECTORS) >= 30
    assert {"selector1", "selector2", "google", "k1", "default"} <= set(COMMON_SELECTORS)
    for selector in (*COMMON_SELECTORS, "ed"):
        assert server.count(f"{selector}._domainkey.probe.test", "TXT") == 1, selector


async def test_without_probe_only_given_selectors_are_looked_up(resolver: Resolver, server: DNSServer) -> None:
    server.set_zone("noprobe.test", dkim_zone("noprobe.test", {"selector1": RSA1024}))
    findings = await check_dkim("noprobe.test", resolver, ["selector1"], probe=False)
    assert server.queries.count(("selector1._domainkey.noprobe.test", "TXT")) == 1
    assert [n for n, _ in server.queries if n.endswith("noprobe.test")] == ["selector1._domainkey.noprobe.test"]
    assert codes(findings) == {"DKIM_KEY_SHORT"}


async def test_rsa_under_1024_bits_fails(resolver: Resolver) -> None:
    findings = await check_dkim("weak.test", resolver)
    weak = one(findings, "DKIM_KEY_WEAK")
    assert weak.severity == "high" and "512 bits" in weak.title and weak.target == "default._domainkey.weak.test"
    assert "relaywarden dkim keygen weak.test --selector" in weak.fix and "--bits 2048" in weak.fix
    assert not [f for f in findings if f.code == "DKIM_SELECTOR_FOUND"]
    well_formed(findings, "dkim")


async def test_rsa_1024_warns(resolver: Resolver) -> None:
    findings = await check_dkim("short.test", resolver)
    short = one(findings, "DKIM_KEY_SHORT")
    assert short.severity == "medium" and "1024 bits" in short.title
    assert "._domainkey.short.test.\t3600\tIN\tTXT\t\"v=DKIM1; k=rsa; p=" in short.fix
    # Still a usable key: receivers accept 1024 bits.
    assert [f.target for f in passes(findings)] == ["selector1._domainkey.short.test"]


async def test_testing_mode(resolver: Resolver) -> None:
    findings = await check_dkim("testing.test", resolver, ["google"], probe=False)
    testing = one(findings, "DKIM_TESTING")
    assert testing.severity == "low" and "t=y" in testing.evidence
    assert "t=y" not in testing.fix and "google._domainkey.testing.test." in testing.fix
    assert codes(findings) == {"DKIM_TESTING"}


async def test_sha1_only_key(resolver: Resolver) -> None:
    found = one(await check_dkim("sha1.test", resolver, ["s1"], probe=False), "DKIM_HASH_SHA1")
    assert found.severity == "low" and "h=sha1" in found.evidence and "h=sha1" not in found.fix


async def test_revoked_key_beside_a_good_one_is_info(resolver: Resolver) -> None:
    findings = await check_dkim("revoked.test", resolver, ["selector1", "selector2"], probe=False)
    revoked = one(findings, "DKIM_REVOKED")
    assert revoked.severity == "info" and revoked.target == "selector1._domainkey.revoked.test"
    assert [f.target for f in passes(findings)] == ["selector2._domainkey.revoked.test"]


async def test_only_a_revoked_key_is_a_problem(resolver: Resolver) -> None:
    findings = await check_dkim("revonly.test", resolver)
    revoked = one(findings, "DKIM_REVOKED")
    assert revoked.severity == "medium" and "only" in revoked.title and "keygen revonly.test" in revoked.fix
    assert codes(findings) == {"DKIM_REVOKED"}


@pytest.mark.parametrize(("domain", "why"), [
    ("badb64.test", "base64"),
    ("notkey.test", "RSA"),
    ("badtags.test", "repeats the tag"),
    ("badver.test", "DKIM1"),
    ("unknownk.test", "k=dsa"),
    ("twokeys.test", "2 key records"),
])
async def test_unusable_key_records(resolver: Resolver, domain: str, why: str) -> None:
    findings = await check_dkim(domain, resolver, ["default", "mail", "selector1"], probe=False)
    invalid = one(findings, "DKIM_KEY_INVALID")
    assert invalid.severity == "medium" and why in invalid.title and "keygen" in invalid.fix
    well_formed(findings, "dkim")


async def test_ed25519_only(resolver: Resolver) -> None:
    findings = await check_dkim("edonly.test", resolver, ["default"], probe=False)
    only = one(findings, "DKIM_ED25519_ONLY")
    assert only.severity == "low" and "--bits 2048" in only.fix and only.evidence.startswith("default._domainkey")
    assert codes(findings) == {"DKIM_ED25519_ONLY"}


async def test_hostile_domain_names_give_findings(resolver: Resolver, server: DNSServer) -> None:
    asked = len(server.queries)
    for name in ("", "test", "bad domain", "a" * 300 + ".test", "x..y", "nul\u0000.test", "tab\t.test"):
        dkim = await check_dkim(name, resolver, ["s1"], probe=False)
        bimi = await check_bimi(name, resolver, None)
        reverse = await check_reverse_dns(name, resolver)
        found = [(f.code, f.area, f.severity) for f in [*dkim, *bimi, *reverse]]
        assert found == [("DOMAIN_INVALID", "dkim", "info"), ("DOMAIN_INVALID", "bimi", "info"),
                         ("DOMAIN_INVALID", "mx", "info")], name
    assert len(server.queries) == asked


async def test_international_domain_is_looked_up_in_punycode(resolver: Resolver, server: DNSServer) -> None:
    server.set_zone("xn--bcher-kva.test", dkim_zone("xn--bcher-kva.test", {"selector1": RSA2048}))
    findings = await check_dkim("B\u00fccher.test.", resolver, ["selector1"], probe=False)
    assert [f.target for f in passes(findings)] == ["selector1._domainkey.xn--bcher-kva.test"]


async def test_no_dkim_at_all(resolver: Resolver) -> None:
    findings = await check_dkim("nodkim.test", resolver)
    missing = one(findings, "DKIM_NOT_FOUND")
    assert missing.severity == "high" and missing.details == {"domainkey_exists": False}
    assert "NXDOMAIN" in missing.evidence
    assert "relaywarden dkim keygen nodkim.test --selector" in missing.fix
    assert "._domainkey.nodkim.test.\t3600\tIN\tTXT\t\"v=DKIM1; k=rsa; p=" in missing.fix
    assert codes(findings) == {"DKIM_NOT_FOUND"}


async def test_unknown_selector_under_an_existing_domainkey(resolver: Resolver) -> None:
    missing = one(await check_dkim("custom.test", resolver), "DKIM_NOT_FOUND")
    assert missing.severity == "low" and missing.details == {"domainkey_exists": True}
    assert "--selector" in missing.fix
    found = await check_dkim("custom.test", resolver, ["corp-2024"])
    assert problems(found) == [] and [f.target for f in passes(found)] == ["corp-2024._domainkey.custom.test"]


async def test_given_selector_without_key(resolver: Resolver) -> None:
    findings = await check_dkim("good.test", resolver, ["gone"], probe=False)
    missing = one(findings, "DKIM_SELECTOR_MISSING")
    assert missing.severity == "high" and missing.target == "gone._domainkey.good.test"
    assert "--selector gone" in missing.fix
    assert codes(findings) == {"DKIM_SELECTOR_MISSING"}


async def test_given_selector_with_other_txt_is_invalid(resolver: Resolver) -> None:
    findings = await check_dkim("token.test", resolver, ["mine"], probe=False)
    assert "not DKIM key records" in one(findings, "DKIM_KEY_INVALID").title


async def test_malformed_selector_is_reported_not_queried(resolver: Resolver, server: DNSServer) -> None:
    findings = await check_dkim("good.test", resolver, ["bad selector", "-x", "a..b"], probe=False)
    assert [f.code for f in findings] == ["DKIM_SELECTOR_INVALID"] * 3
    assert not any(" " in name for name, _ in server.queries)


async def test_dkim_dns_failures_become_findings(impatient: Resolver) -> None:
    # selector1: SERVFAIL; among the probes default is SERVFAIL, google dropped, ed garbage.
    findings = await check_dkim("dkimfail.test", impatient, ["selector1", "ed"])
    failures = [f for f in findings if f.code == "DNS_TEMPFAIL"]
    assert len(failures) == 3 and all(f.area == "dkim" and f.severity == "medium" for f in failures)
    assert any("selector1._domainkey.dkimfail.test" in f.evidence for f in failures)
    probe = next(f for f in failures if "probe" in f.title)
    assert set(probe.details["failed"]) >= {"default._domainkey.dkimfail.test", "google._domainkey.dkimfail.test"}
    assert "ed._domainkey.dkimfail.test" in " ".join(f.evidence for f in failures)
    assert "DKIM_NOT_FOUND" not in codes(findings)


async def test_hostile_key_records_give_findings(server: DNSServer, resolver: Resolver) -> None:
    hostile = {
        "nonascii": "v=DKIM1; k=rsa; p=\u00e9\u00e9\u00e9",
        "huge": "v=DKIM1; k=rsa; p=" + "A" * 5000,
        "ed": "v=DKIM1; k=ed25519; p=AAAA",
        "notags": "v=DKIM1; just words",
        "nop": "v=DKIM1; k=rsa",
    }
    server.set_zone("hostile.test", dkim_zone("hostile.test", hostile))
    findings = await check_dkim("hostile.test", resolver, list(hostile), probe=False)
    assert [f.code for f in findings] == ["DKIM_KEY_INVALID"] * len(hostile)
    assert server.errors == []


# -- BIMI ------------------------------------------------------------------------------------


async def test_bimi_absent_is_info(resolver: Resolver) -> None:
    findings = await check_bimi("nobimi.test", resolver, "reject")
    missing = one(findings, "BIMI_MISSING")
    assert missing.severity == "info"
    assert "default._bimi.nobimi.test.\t3600\tIN\tTXT\t\"v=BIMI1; l=https://" in missing.fix


@pytest.mark.parametrize("policy", [None, "none", "v=DMARC1; p=reject; pct=20"])
async def test_bimi_without_dmarc_enforcement(resolver: Resolver, policy: str | None) -> None:
    findings = await check_bimi("good.test", resolver, policy)
    flagged = one(findings, "BIMI_DMARC_NOT_ENFORCED")
    assert flagged.severity == "low" and "p=reject" in flagged.fix
    assert codes(findings) == {"BIMI_DMARC_NOT_ENFORCED"}


async def test_bimi_reads_pct_from_dns(resolver: Resolver) -> None:
    flagged = one(await check_bimi("pct.test", resolver, "quarantine"), "BIMI_DMARC_NOT_ENFORCED")
    assert "pct=50" in flagged.evidence


async def test_bimi_logo_must_be_https_svg(resolver: Resolver) -> None:
    findings = await check_bimi("httplogo.test", resolver, "reject")
    assert codes(findings) == {"BIMI_LOGO_URL", "BIMI_NO_VMC"}
    assert one(findings, "BIMI_NO_VMC").severity == "info"


async def test_bimi_without_certificate(resolver: Resolver) -> None:
    assert codes(await check_bimi("novmc.test", resolver, "reject")) == {"BIMI_NO_VMC"}


async def test_bimi_certificate_must_be_https(resolver: Resolver) -> None:
    findings = await check_bimi("httpvmc.test", resolver, "reject")
    assert codes(findings) == {"BIMI_VMC_URL"}
    vmc = one(findings, "BIMI_VMC_URL")
    assert vmc.severity == "low" and "a=http://" in vmc.evidence and vmc.fix


async def test_bimi_declined_is_a_pass(resolver: Resolver) -> None:
    assert [(f.code, f.passed) for f in await check_bimi("declined.test", resolver, None)] == [("BIMI_DECLINED", True)]


@pytest.mark.parametrize(("domain", "code"), [("bimisyntax.test", "BIMI_SYNTAX"), ("twobimi.test", "BIMI_MULTIPLE")])
async def test_bimi_malformed(resolver: Resolver, domain: str, code: str) -> None:
    findings = await check_bimi(domain, resolver, "reject")
    assert [f.code for f in findings] == [code]
    well_formed(findings, "bimi")


async def test_bimi_dns_failure(resolver: Resolver) -> None:
    findings = await check_bimi("bimifail.test", resolver, "reject")
    assert [(f.code, f.area) for f in findings] == [("DNS_TEMPFAIL", "bimi")]


# -- reverse DNS -----------------------------------------------------------------------------


async def test_ptr_missing(resolver: Resolver) -> None:
    findings = await check_reverse_dns("noptr.test", resolver)
    missing = one(findings, "MX_PTR_MISSING")
    assert missing.severity == "medium" and missing.target == "mx1.noptr.test"
    assert missing.fix.endswith("'30.2.0.192.in-addr.arpa. IN PTR mx1.noptr.test.'")
    assert codes(findings) == {"MX_PTR_MISSING"}


async def test_ptr_not_forward_confirmed(resolver: Resolver) -> None:
    findings = await check_reverse_dns("mismatch.test", resolver)
    mismatch = one(findings, "MX_FCRDNS_MISMATCH")
    assert mismatch.severity == "medium" and "mail.elsewhere.test -> 192.0.2.41" in mismatch.evidence
    assert "'mail.elsewhere.test. IN A 192.0.2.40'" in mismatch.fix
    assert codes(findings) == {"MX_FCRDNS_MISMATCH"}


async def test_generic_ptr_is_info(resolver: Resolver) -> None:
    findings = await check_reverse_dns("generic.test", resolver)
    generic = one(findings, "MX_PTR_GENERIC")
    assert generic.severity == "info" and "dsl-192-0-2-50.dyn.isp.test" in generic.title
    assert [f.code for f in passes(findings)] == ["MX_FCRDNS_OK"]


@pytest.mark.parametrize(("name", "ip", "generic"), [
    ("dsl-192-0-2-50.dyn.isp.test", "192.0.2.50", True),
    ("50.2.0.192.static.example.net", "192.0.2.50", True),
    ("ec2-192-0-2-50.compute-1.amazonaws.com", "192.0.2.50", True),
    ("host192000002050.example.net", "192.0.2.50", True),
    ("pool-12.dynamic.example.net", "192.0.2.50", True),
    ("mail.example.com", "192.0.2.50", False),
    ("mx1.dynamics-corp.com", "192.0.2.50", False),
    ("smtp-out.customer.example", "192.0.2.50", False),
    ("mail2.example.org", "2001:db8::20", False),
])
def test_looks_generic(name: str, ip: str, generic: bool) -> None:
    assert looks_generic(name, ip) is generic


async def test_implicit_mx_and_given_hosts(resolver: Resolver) -> None:
    implicit = await check_reverse_dns("implicit.test", resolver)
    assert [(f.code, f.target) for f in implicit] == [("MX_FCRDNS_OK", "implicit.test")]
    given = await check_reverse_dns("whatever.test", resolver, ["mx1.noptr.test", "MX1.noptr.test."])
    assert [f.code for f in given] == ["MX_PTR_MISSING"]
    literal = await check_reverse_dns("whatever.test", resolver, ["[192.0.2.40]", "192.0.2.10"])
    assert [f.code for f in literal] == ["MX_FCRDNS_MISMATCH", "MX_FCRDNS_OK"]
    assert await check_reverse_dns("nullmx.test", resolver) == []


async def test_reverse_dns_failures_become_findings(impatient: Resolver) -> None:
    servfail, dropped, garbage, host_garbage = await asyncio.gather(
        check_reverse_dns("servfail.test", impatient),
        check_reverse_dns("drop.test", impatient),
        check_reverse_dns("garbage.test", impatient),
        check_reverse_dns("x.test", impatient, ["mx1.garbage.test"]),
    )
    assert [(f.code, f.target) for f in servfail] == [("DNS_TEMPFAIL", "mx1.servfail.test")]
    assert [(f.code, f.target) for f in dropped] == [("DNS_TEMPFAIL", "mx1.drop.test")]
    assert "no answer within" in dropped[0].evidence
    assert [(f.code, f.area, f.target) for f in garbage] == [("DNS_TEMPFAIL", "mx", "garbage.test")]
    assert [(f.code, f.target) for f in host_garbage] == [("DNS_TEMPFAIL", "mx1.garbage.test")]
