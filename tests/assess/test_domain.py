"""Domain checks (assess/domain.py) against a real DNS server on loopback.

One well-configured domain (good.test) on which every check passes, and one domain per defect,
each built from the good one with a single change, so each test shows exactly one code firing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from relaywarden.assess.domain import check_dmarc, check_mx, check_spf, check_tls_records, mx_hosts
from relaywarden.assess.findings import Finding
from relaywarden.authn.psl import PublicSuffixList
from relaywarden.dns import DNSTempError, Resolver
from tests.support.dnsserver import DNSServer, serve

Zone = dict[str, dict[str, Any]]


def good_zone(domain: str) -> Zone:
    return {
        "@": {"MX": ["10 mx1", "20 mx2"], "TXT": f"v=spf1 mx include:_spf.{domain} -all"},
        "mx1": {"A": "192.0.2.10"},
        "mx2": {"A": "192.0.2.20", "AAAA": "2001:db8::20"},
        "_spf": {"TXT": "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 -all"},
        "_dmarc": {"TXT": f"v=DMARC1; p=reject; sp=reject; rua=mailto:dmarc@{domain},mailto:agg@reports.test; "
                          f"ruf=mailto:dmarc@{domain}"},
        "_mta-sts": {"TXT": "v=STSv1; id=20240101000000"},
        "_smtp._tls": {"TXT": f"v=TLSRPTv1; rua=mailto:tlsrpt@{domain}"},
        "sub": {"A": "192.0.2.30"},
    }


LONG_SPF = "v=spf1 " + " ".join(f"ip4:198.51.100.{n}" for n in range(40)) + " -all"
MEDIUM_SPF = "v=spf1 " + " ".join(f"ip4:198.51.100.{n}" for n in range(16)) + " -all"

ZONES: dict[str, Zone] = {
    "good.test": good_zone("good.test"),
    "reports.test": {"good.test._report._dmarc": {"TXT": "v=DMARC1"}},
    # MX
    "nomx.test": {k: v for k, v in good_zone("nomx.test").items() if k != "@"},
    "implicit.test": {**good_zone("implicit.test"), "@": {"A": "192.0.2.1"}},
    "nullmx.test": {**good_zone("nullmx.test"), "@": {"MX": "0 ."}},
    "nullmixed.test": {**good_zone("nullmixed.test"), "@": {"MX": ["0 .", "10 mx1"]}},
    "dupmx.test": {**good_zone("dupmx.test"), "@": {"MX": ["10 mx1", "20 mx1", "30 mx2"]}},
    "deadmx.test": {**good_zone("deadmx.test"), "@": {"MX": ["10 mx1", "20 gone"]}},
    # SPF
    "nospf.test": {**good_zone("nospf.test"), "@": {"MX": "10 mx1", "TXT": "google-site-verification=x"}},
    "twospf.test": {**good_zone("twospf.test"), "@": {"TXT": ["v=spf1 mx -all", "v=spf1 ip4:192.0.2.1 -all"]}},
    "badspf.test": {**good_zone("badspf.test"), "@": {"TXT": "v=spf1 ipv4:192.0.2.1 -all"}},
    "plusall.test": {**good_zone("plusall.test"), "@": {"TXT": "v=spf1 mx +all"}},
    "bareall.test": {**good_zone("bareall.test"), "@": {"TXT": "v=spf1 mx all"}},
    "neutral.test": {**good_zone("neutral.test"), "@": {"TXT": "v=spf1 mx ?all"}},
    "noall.test": {**good_zone("noall.test"), "@": {"TXT": "v=spf1 mx include:_spf.noall.test"}},
    "redirect.test": {**good_zone("redirect.test"), "@": {"TXT": "v=spf1 redirect=_spf.redirect.test"}},
    "ptr.test": {**good_zone("ptr.test"), "@": {"TXT": "v=spf1 ptr mx -all"}},
    "loop.test": {**good_zone("loop.test"), "@": {"TXT": "v=spf1 include:_a.loop.test -all"},
                  "_a": {"TXT": "v=spf1 include:_b.loop.test -all"},
                  "_b": {"TXT": "v=spf1 include:_a.loop.test -all"}},
    "ml.test": {**good_zone("ml.test"),
                         "@": {"TXT": "v=spf1 " + " ".join(f"include:_i{n}.ml.test" for n in range(11))
                               + " -all"},
                         **{f"_i{n}": {"TXT": f"v=spf1 ip4:198.51.100.{n} -all"} for n in range(11)}},
    "void.test": {**good_zone("void.test"),
                  "@": {"TXT": "v=spf1 a:v1.void.test a:v2.void.test mx:v3.void.test -all"}},
    "includeplus.test": {**good_zone("includeplus.test"), "_spf": {"TXT": "v=spf1 +all"}},
    "includegone.test": {**good_zone("includegone.test"), "_spf": {"A": "192.0.2.1"}},
    "longspf.test": {**good_zone("longspf.test"), "@": {"TXT": LONG_SPF}},
    "mediumspf.test": {**good_zone("mediumspf.test"), "@": {"TXT": MEDIUM_SPF}},
    "wide.test": {**good_zone("wide.test"),
                  "@": {"TXT": "v=spf1 " + " ".join(f"a:h{n}.wide.test" for n in range(150)) + " -all"}},
    # DMARC
    "nodmarc.test": {k: v for k, v in good_zone("nodmarc.test").items() if k != "_dmarc"},
    "pnone.test": {**good_zone("pnone.test"), "_dmarc": {"TXT": "v=DMARC1; p=none; rua=mailto:d@pnone.test; "
                                                                  "ruf=mailto:d@pnone.test"}},
    "nop.test": {**good_zone("nop.test"), "_dmarc": {"TXT": "v=DMARC1; sp=reject"}},
    "noprua.test": {**good_zone("noprua.test"), "_dmarc": {"TXT": "v=DMARC1; rua=mailto:d@noprua.test"}},
    "dmarcsyntax.test": {**good_zone("dmarcsyntax.test"), "_dmarc": {"TXT": "v=DMARC1; p=reject; garbage"}},
    "dmarcvalues.test": {**good_zone("dmarcvalues.test"),
                         "_dmarc": {"TXT": "v=DMARC1; p=reject; adkim=x; rua=mailto:d@dmarcvalues.test; "
                                           "ruf=mailto:d@dmarcvalues.test"}},
    "twodmarc.test": {**good_zone("twodmarc.test"), "_dmarc": {"TXT": ["v=DMARC1; p=reject", "v=DMARC1; p=none"]}},
    "pct.test": {**good_zone("pct.test"), "_dmarc": {"TXT": "v=DMARC1; p=quarantine; pct=25; "
                                                              "rua=mailto:d@pct.test; ruf=mailto:d@pct.test"}},
    "testing.test": {**good_zone("testing.test"), "_dmarc": {"TXT": "v=DMARC1; p=reject; t=y; "
                                                                      "rua=mailto:d@testing.test; "
                                                                      "ruf=mailto:d@testing.test"}},
    "norua.test": {**good_zone("norua.test"), "_dmarc": {"TXT": "v=DMARC1; p=reject; ruf=mailto:d@norua.test"}},
    "noruf.test": {**good_zone("noruf.test"), "_dmarc": {"TXT": "v=DMARC1; p=reject; rua=mailto:d@noruf.test"}},
    "extrua.test": {**good_zone("extrua.test"), "_dmarc": {"TXT": "v=DMARC1; p=reject; rua=mailto:d@elsewhere.test; "
                                                                    "ruf=mailto:d@extrua.test"}},
    "spnone.test": {**good_zone("spnone.test"), "_dmarc": {"TXT": "v=DMARC1; p=reject; sp=none; "
                                                                    "rua=mailto:d@spnone.test; "
                                                                    "ruf=mailto:d@spnone.test"}},
    "npnone.test": {**good_zone("npnone.test"), "_dmarc": {"TXT": "v=DMARC1; p=reject; np=none; "
                                                                    "rua=mailto:d@npnone.test; "
                                                                    "ruf=mailto:d@npnone.test"}},
    # RFC 9989 tags, all valid: np, psd, t=n
    "dmarcbis.test": {**good_zone("dmarcbis.test"), "_dmarc": {"TXT": "v=DMARC1; p=reject; sp=quarantine; np=reject; "
                                                                        "psd=n; t=n; rua=mailto:d@dmarcbis.test; "
                                                                        "ruf=mailto:d@dmarcbis.test"}},
    "badpsd.test": {**good_zone("badpsd.test"), "_dmarc": {"TXT": "v=DMARC1; p=reject; psd=maybe; "
                                                                    "rua=mailto:d@badpsd.test; "
                                                                    "ruf=mailto:d@badpsd.test"}},
    "elsewhere.test": {"@": {"A": "192.0.2.99"}},
    # MTA-STS / TLS-RPT
    "nosts.test": {k: v for k, v in good_zone("nosts.test").items() if k not in ("_mta-sts", "_smtp._tls")},
    "badsts.test": {**good_zone("badsts.test"), "_mta-sts": {"TXT": "v=STSv1; id=not valid!"},
                    "_smtp._tls": {"TXT": "v=TLSRPTv1; rua=ftp://x"}},
    "twosts.test": {**good_zone("twosts.test"), "_mta-sts": {"TXT": ["v=STSv1; id=1", "v=STSv1; id=2"]},
                    "_smtp._tls": {"TXT": ["v=TLSRPTv1; rua=mailto:a@twosts.test",
                                           "v=TLSRPTv1; rua=mailto:b@twosts.test"]}},
    # DNS failures
    "broken.test": good_zone("broken.test"),
}


@pytest.fixture(scope="module")
def server() -> Iterator[DNSServer]:
    yield from serve(ZONES, servfail_names=["broken.test", "_dmarc.broken.test", "_mta-sts.broken.test",
                                            "_smtp._tls.broken.test", "gone.deadmx.test/AAAA"])


@pytest.fixture
def resolver(server: DNSServer) -> Resolver:
    return Resolver([server.nameserver], timeout=2.0)


@pytest.fixture(scope="module")
def psl() -> PublicSuffixList:
    return PublicSuffixList()


def problems(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if not f.passed]


def codes(findings: list[Finding]) -> set[str]:
    return {f.code for f in problems(findings)}


def one(findings: list[Finding], code: str) -> Finding:
    matching = [f for f in findings if f.code == code and not f.passed]
    assert len(matching) == 1, findings
    return matching[0]


# -- the good domain -------------------------------------------------------------------------


async def test_good_domain_has_no_problems(resolver: Resolver, psl: PublicSuffixList) -> None:
    findings = [
        *await check_mx("good.test", resolver),
        *await check_spf("good.test", resolver),
        *await check_dmarc("good.test", resolver, psl),
        *await check_tls_records("good.test", resolver),
    ]
    assert problems(findings) == []
    passes = {f.code for f in findings if f.passed}
    assert {"MX_OK", "MX_RESOLVABLE", "SPF_OK", "SPF_LOOKUPS_OK", "SPF_ALL_OK", "DMARC_POLICY_OK", "DMARC_RUA_OK",
            "DMARC_EXTERNAL_RUA_AUTHORISED", "MTA_STS_OK", "TLS_RPT_OK"} <= passes
    assert all(f.severity == "info" and f.fix == "" for f in findings)


async def test_good_spf_tree_and_counts(resolver: Resolver) -> None:
    findings = await check_spf("good.test", resolver)
    ok = next(f for f in findings if f.code == "SPF_OK")
    tree = ok.details["tree"]
    assert ok.details["lookups"] == 2 and ok.details["void_lookups"] == 0
    assert tree["domain"] == "good.test" and tree["all"] == "-all" and tree["lookups"] == 2
    assert [c["domain"] for c in tree["children"]] == ["_spf.good.test"]
    assert tree["children"][0]["record"].startswith("v=spf1 ip4:192.0.2.0/24")


# -- MX --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("domain", "code", "severity"), [
    ("nomx.test", "MX_MISSING", "high"),
    ("nonexistent.good.test", "MX_MISSING", "high"),
    ("implicit.test", "MX_IMPLICIT", "medium"),
    ("nullmx.test", "MX_NULL", "info"),
    ("nullmixed.test", "MX_NULL_MIXED", "high"),
    ("dupmx.test", "MX_DUPLICATE", "low"),
])
async def test_mx_defects(resolver: Resolver, domain: str, code: str, severity: str) -> None:
    findings = await check_mx(domain, resolver)
    assert codes(findings) == {code}
    finding = one(findings, code)
    assert finding.severity == severity and finding.fix and finding.evidence


async def test_mx_host_without_address(resolver: Resolver) -> None:
    findings = await check_mx("deadmx.test", resolver)
    # gone.deadmx.test: A is NXDOMAIN but AAAA answers SERVFAIL: not knowing is a temporary failure.
    assert codes(findings) == {"DNS_TEMPFAIL"}
    assert one(findings, "DNS_TEMPFAIL").target == "gone.deadmx.test"


async def test_mx_host_unresolvable(server: DNSServer, resolver: Resolver) -> None:
    server.set_zone("deadmx2.test", {**good_zone("deadmx2.test"), "@": {"MX": ["10 mx1", "20 gone"]}})
    findings = await check_mx("deadmx2.test", resolver)
    assert codes(findings) == {"MX_HOST_UNRESOLVABLE"}
    finding = one(findings, "MX_HOST_UNRESOLVABLE")
    assert finding.target == "gone.deadmx2.test" and "IN A" in finding.fix


@pytest.mark.parametrize(("domain", "published", "implicit", "unique"), [
    ("good.test", ["mx1.good.test", "mx2.good.test"], ["mx1.good.test", "mx2.good.test"], None),
    ("dupmx.test", ["mx1.dupmx.test", "mx1.dupmx.test", "mx2.dupmx.test"], None, ["mx1.dupmx.test", "mx2.dupmx.test"]),
    ("nullmixed.test", ["mx1.nullmixed.test"], None, None),
    ("nullmx.test", [], [], None),
    ("implicit.test", [], ["implicit.test"], None),
    ("nonexistent.good.test", [], [], None),
])
async def test_mx_hosts_options(resolver: Resolver, domain: str, published: list[str],
                                implicit: list[str] | None, unique: list[str] | None) -> None:
    # None: the option gives what the plain lookup gives.
    assert await mx_hosts(domain, resolver) == published
    assert await mx_hosts(domain, resolver, implicit=True) == (published if implicit is None else implicit)
    assert await mx_hosts(domain, resolver, unique=True) == (published if unique is None else unique)


async def test_mx_hosts_temporary_failure(resolver: Resolver) -> None:
    assert await mx_hosts("broken.test", resolver, implicit=True, unique=True) == []
    with pytest.raises(DNSTempError):
        await mx_hosts("broken.test", resolver, raise_tempfail=True)


# -- SPF -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("domain", "code", "severity"), [
    ("nospf.test", "SPF_MISSING", "high"),
    ("twospf.test", "SPF_MULTIPLE", "high"),
    ("badspf.test", "SPF_SYNTAX", "high"),
    ("plusall.test", "SPF_PLUS_ALL", "critical"),
    ("bareall.test", "SPF_PLUS_ALL", "critical"),
    ("neutral.test", "SPF_NEUTRAL_ALL", "medium"),
    ("noall.test", "SPF_NO_ALL", "medium"),
    ("ptr.test", "SPF_PTR", "low"),
    ("loop.test", "SPF_LOOP", "high"),
    ("ml.test", "SPF_LOOKUP_LIMIT", "high"),
    ("void.test", "SPF_VOID_LIMIT", "high"),
    ("includeplus.test", "SPF_PLUS_ALL", "critical"),
    ("includegone.test", "SPF_INCLUDE_MISSING", "high"),
    ("longspf.test", "SPF_TOO_LONG", "medium"),
    ("mediumspf.test", "SPF_LONG_STRING", "low"),
])
async def test_spf_defects(resolver: Resolver, domain: str, code: str, severity: str) -> None:
    findings = await check_spf(domain, resolver)
    assert codes(findings) == {code}, findings
    finding = one(findings, code)
    assert finding.severity == severity and finding.fix and finding.evidence


async def test_spf_fix_is_the_record_to_publish(resolver: Resolver) -> None:
    assert one(await check_spf("plusall.test", resolver), "SPF_PLUS_ALL").fix.startswith(
        'plusall.test.\t3600\tIN\tTXT\t"v=spf1 mx -all"')
    assert 'nospf.test.\t3600\tIN\tTXT\t"v=spf1 mx -all"' in one(
        await check_spf("nospf.test", resolver), "SPF_MISSING").fix


async def test_spf_tree_shown_past_the_lookup_limit(resolver: Resolver) -> None:
    finding = one(await check_spf("ml.test", resolver), "SPF_LOOKUP_LIMIT")
    assert finding.details["lookups"] == 11
    children = finding.details["tree"]["children"]
    assert [c["domain"] for c in children] == [f"_i{n}.ml.test" for n in range(11)]
    assert all(c["record"] and c["error"] is None for c in children)


async def test_spf_multiple_fix_merges_them(resolver: Resolver) -> None:
    fix = one(await check_spf("twospf.test", resolver), "SPF_MULTIPLE").fix
    record = fix.split("twospf.test.\t3600\tIN\tTXT\t", 1)[1]
    assert record in ('"v=spf1 mx ip4:192.0.2.1 -all"', '"v=spf1 ip4:192.0.2.1 mx -all"')


async def test_spf_hostile_tree_is_bounded(server: DNSServer, resolver: Resolver) -> None:
    findings = await check_spf("wide.test", resolver)
    assert {"SPF_LOOKUP_LIMIT", "SPF_VOID_LIMIT", "SPF_TREE_TRUNCATED", "SPF_TOO_LONG"} <= codes(findings)
    assert one(findings, "SPF_LOOKUP_LIMIT").details["lookups"] == 150
    asked = sum(1 for name, _ in server.queries if name.endswith(".wide.test") and name.startswith("h"))
    assert asked <= 2 * 100  # A and AAAA for at most MAX_SPF_QUERIES names


async def test_spf_void_lookups_counted_as_rfc7208(resolver: Resolver) -> None:
    finding = one(await check_spf("void.test", resolver), "SPF_VOID_LIMIT")
    assert finding.details["void_lookups"] == 3 and finding.details["lookups"] == 3


async def test_spf_loop_is_reported_and_bounded(server: DNSServer, resolver: Resolver) -> None:
    before = server.count("_a.loop.test", "TXT")
    finding = one(await check_spf("loop.test", resolver), "SPF_LOOP")
    assert "_a.loop.test -> _b.loop.test -> _a.loop.test" in finding.evidence
    assert server.count("_a.loop.test", "TXT") == before + 1


async def test_spf_redirect_inherits_all(resolver: Resolver) -> None:
    findings = await check_spf("redirect.test", resolver)
    assert codes(findings) == set()
    ok = next(f for f in findings if f.code == "SPF_ALL_OK")
    assert "-all" in ok.title


# -- DMARC -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("domain", "code", "severity"), [
    ("nodmarc.test", "DMARC_MISSING", "high"),
    ("pnone.test", "DMARC_POLICY_NONE", "medium"),
    ("nop.test", "DMARC_NO_POLICY", "high"),
    ("dmarcsyntax.test", "DMARC_SYNTAX", "high"),
    ("dmarcvalues.test", "DMARC_SYNTAX", "medium"),
    ("twodmarc.test", "DMARC_MULTIPLE", "high"),
    ("pct.test", "DMARC_PCT", "low"),
    ("testing.test", "DMARC_TESTING", "low"),
    ("norua.test", "DMARC_NO_RUA", "low"),
    ("noruf.test", "DMARC_NO_RUF", "info"),
    ("extrua.test", "DMARC_EXTERNAL_RUA_UNAUTHORISED", "medium"),
    ("spnone.test", "DMARC_SUBDOMAIN_NONE", "low"),
    ("npnone.test", "DMARC_NP_NONE", "low"),
    ("badpsd.test", "DMARC_SYNTAX", "medium"),
])
async def test_dmarc_defects(resolver: Resolver, psl: PublicSuffixList, domain: str, code: str,
                             severity: str) -> None:
    findings = await check_dmarc(domain, resolver, psl)
    assert codes(findings) == {code}, findings
    finding = one(findings, code)
    assert finding.severity == severity and finding.fix and finding.evidence


async def test_dmarc_rfc9989_tags_pass(resolver: Resolver, psl: PublicSuffixList) -> None:
    findings = await check_dmarc("dmarcbis.test", resolver, psl)
    assert codes(findings) == set(), findings
    assert "DMARC_POLICY_OK" in {f.code for f in findings if f.passed}


async def test_dmarc_missing_p_with_rua_is_high(resolver: Resolver, psl: PublicSuffixList) -> None:
    findings = await check_dmarc("noprua.test", resolver, psl)
    assert one(findings, "DMARC_NO_POLICY").severity == "high"
    assert "DMARC_POLICY_NONE" in codes(findings)


async def test_dmarc_fix_is_a_dmarc_record(resolver: Resolver, psl: PublicSuffixList) -> None:
    fix = one(await check_dmarc("nodmarc.test", resolver, psl), "DMARC_MISSING").fix
    assert fix.startswith('_dmarc.nodmarc.test.\t3600\tIN\tTXT\t"v=DMARC1; p=none;')
    unauth = one(await check_dmarc("extrua.test", resolver, psl), "DMARC_EXTERNAL_RUA_UNAUTHORISED")
    assert unauth.fix.startswith('extrua.test._report._dmarc.elsewhere.test.\t3600\tIN\tTXT\t"v=DMARC1"')


async def test_dmarc_organisational_domain_fallback(server: DNSServer, resolver: Resolver,
                                                     psl: PublicSuffixList) -> None:
    findings = await check_dmarc("sub.good.test", resolver, psl)
    assert codes(findings) == set()
    assert {"DMARC_INHERITED", "DMARC_POLICY_OK"} <= {f.code for f in findings}
    assert server.count("_dmarc.sub.good.test", "TXT") == 1
    assert server.count("_dmarc.good.test", "TXT") >= 1


# -- MTA-STS and TLS-RPT ---------------------------------------------------------------------


async def test_tls_records_missing(resolver: Resolver) -> None:
    findings = await check_tls_records("nosts.test", resolver)
    assert codes(findings) == {"MTA_STS_MISSING", "TLS_RPT_MISSING"}
    sts = one(findings, "MTA_STS_MISSING")
    assert sts.fix.startswith("_mta-sts.nosts.test.\t3600\tIN\tTXT\t\"v=STSv1; id=")
    assert "mx: mx1.nosts.test" in sts.fix
    assert one(findings, "TLS_RPT_MISSING").fix.startswith(
        '_smtp._tls.nosts.test.\t3600\tIN\tTXT\t"v=TLSRPTv1; rua=mailto:')


async def test_tls_records_syntax(resolver: Resolver) -> None:
    findings = await check_tls_records("badsts.test", resolver)
    assert codes(findings) == {"MTA_STS_SYNTAX", "TLS_RPT_SYNTAX"}


async def test_tls_records_multiple(resolver: Resolver) -> None:
    findings = await check_tls_records("twosts.test", resolver)
    assert codes(findings) == {"MTA_STS_MULTIPLE", "TLS_RPT_MULTIPLE"}
    assert one(findings, "MTA_STS_MULTIPLE").severity == "medium"
    assert "v=TLSRPTv1" in one(findings, "TLS_RPT_MULTIPLE").fix


# -- DNS failures ----------------------------------------------------------------------------


async def test_servfail_becomes_findings(resolver: Resolver, psl: PublicSuffixList) -> None:
    for findings in (
        await check_mx("broken.test", resolver),
        await check_spf("broken.test", resolver),
        await check_dmarc("broken.test", resolver, psl),
        await check_tls_records("broken.test", resolver),
    ):
        assert codes(findings) == {"DNS_TEMPFAIL"}, findings
        assert all(f.severity == "medium" for f in problems(findings))


async def test_timeout_becomes_a_finding(server: DNSServer) -> None:
    server.drop_names.add("_dmarc.drop.test")
    server.set_zone("drop.test", good_zone("drop.test"))
    resolver = Resolver([server.nameserver], timeout=0.3)
    findings = await check_dmarc("drop.test", resolver, PublicSuffixList())
    assert codes(findings) == {"DNS_TEMPFAIL"}
    assert "0.3s" in one(findings, "DNS_TEMPFAIL").evidence
