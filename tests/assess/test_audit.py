"""The audit runner (assess/audit.py) and scoring (assess/score.py), on loopback: a real DNS
server with crafted zones, relaywarden itself as the well-configured MX, an aiosmtpd open relay
as the defective one, and closed ports and silent name servers for the failure paths."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from relaywarden.assess.audit import (
    AuditReport,
    audit_domain,
    audit_servers,
    dmarc_policy,
    parse_target,
    run_checks,
)
from relaywarden.assess.findings import Finding, passed
from relaywarden.assess.score import CRITICAL_CAP, MANDATORY_CAPS, score_findings
from relaywarden.authn.dkim import generate_key
from relaywarden.authn.psl import PublicSuffixList
from relaywarden.dns import Resolver
from tests.assess.test_domain import good_zone
from tests.assess.test_mtasts import https_server, make_ca
from tests.support.dnsserver import DNSServer, serve
from tests.support.relay import Relay, free_port, running_relay
from tests.support.smtppeer import SMTPPeer

DKIM_KEY = generate_key("ed25519")[1]


def loopback_zone(domain: str) -> dict[str, dict[str, Any]]:
    """The well-configured zone of test_domain with both MX hosts and the MTA-STS policy host on
    127.0.0.1, and a DKIM key at a common selector."""
    zone = good_zone(domain)
    zone["mx1"] = {"A": "127.0.0.1"}
    zone["mx2"] = {"A": "127.0.0.1"}
    zone["mta-sts"] = {"A": "127.0.0.1"}
    zone["default._domainkey"] = {"TXT": DKIM_KEY}
    return zone


ZONES: dict[str, Any] = {
    "good.test": loopback_zone("good.test"),
    "reports.test": {"good.test._report._dmarc": {"TXT": "v=DMARC1"}},
    "0.0.127.in-addr.arpa": {"1": {"PTR": "mx1.good.test."}},
    "bad.test": {**loopback_zone("bad.test"), "@": {"MX": "10 mx1", "TXT": "v=spf1 +all"},
                 "_dmarc": {"TXT": "v=DMARC1; p=none"}},
    "deadmx.test": {**loopback_zone("deadmx.test"), "@": {"MX": ["10 mx1", "20 gone"],
                                                          "TXT": "v=spf1 mx -all"}},
    "slow.test": loopback_zone("slow.test"),
    "budget.test": loopback_zone("budget.test"),
    "tlsa.test": {**loopback_zone("tlsa.test"), "_25._tcp.mx1": {"TLSA": "3 1 1 " + "ab" * 32}},
}


@pytest.fixture(scope="module")
def dns_server() -> Iterator[DNSServer]:
    yield from serve(ZONES, drop_names=["_dmarc.slow.test", "_dmarc.budget.test"],
                     servfail_names=["slow.test/TXT"])


@pytest.fixture
def resolver(dns_server: DNSServer) -> Resolver:
    return Resolver([dns_server.nameserver], timeout=5.0)


@pytest.fixture(scope="module")
def psl() -> PublicSuffixList:
    return PublicSuffixList()


@pytest.fixture(scope="module")
def relay() -> Iterator[Relay]:
    # Its self-signed certificate is made for server.hostname: the name of the MX host.
    with tempfile.TemporaryDirectory() as d, running_relay(
            Path(d), {"relay": {"trusted_networks": ["192.0.2.0/24"]},
                      "server": {"hostname": "mx1.good.test"}}) as r:
        yield r


def codes(report: AuditReport, *, failed: bool = True) -> set[str]:
    return {f.code for f in report.findings if f.passed != failed}


# -- whole audits --------------------------------------------------------------------------


async def test_well_configured_domain_scores_high(relay: Relay, resolver: Resolver, psl: PublicSuffixList,
                                                  tmp_path: Path) -> None:
    events: list[tuple[str, str]] = []
    ca = make_ca(tmp_path)
    async with https_server(ca.context(["mta-sts.good.test"], tmp_path)) as policy:
        report = await audit_domain("good.test", resolver, smtp_port=relay.inbound, server_timeout=5.0, psl=psl,
                                    mta_sts_port=policy.server_address[1], cafile=str(ca.file),
                                    progress=lambda label, state: events.append((label, state)))
    score = score_findings(report.findings)
    assert {"DKIM_SELECTOR_FOUND", "MTA_STS_POLICY_OK", "MX_FCRDNS_OK"} <= codes(report, failed=False)
    # relaywarden's test certificate is self-signed and the zone unsigned: medium findings only.
    assert score.score >= 80 and score.grade in ("A", "B"), (score, codes(report))
    assert not score.caps
    assert {c.name: c.status for c in score.mandatory} == {
        "SPF": "pass", "DMARC enforcement": "pass", "STARTTLS": "pass", "No open relay": "pass",
        "No known-vulnerable version": "pass"}
    # Both MX names point at one address: it is probed once, labelled with the MX name.
    assert report.servers == (f"mx1.good.test:{relay.inbound} (127.0.0.1)",)
    assert {"SMTP_OPEN_RELAY", "SMTP_RELAY_ROUTING", "SMTP_NO_STARTTLS", "SLOW_BANNER",
            "SLOW_REPLY"} <= codes(report, failed=False)
    # Probed at 127.0.0.1, the certificate is checked against the MX name.
    [name_check] = [f for f in report.findings if f.code == "TLS_CERT_NAME_MISMATCH"]
    assert name_check.passed and name_check.evidence == "mx1.good.test"
    # MX hosts never get the smuggling or STARTTLS-injection probes.
    assert not {"SMTP_SMUGGLING", "STARTTLS_INJECTION"} & {f.code for f in report.findings}
    assert all(c.status == "ok" for c in report.checks)
    assert {c.name for c in report.checks} == {
        "MX", "Reverse DNS", "SPF", "DKIM", "DMARC", "BIMI", "MTA-STS and TLS-RPT records", "MTA-STS policy",
        "DNSSEC", "DANE", f"SMTP mx1.good.test:{relay.inbound} (127.0.0.1)"}
    starts = [label for label, state in events if state == "start"]
    assert sorted(starts) == sorted(label for label, state in events if state == "done")
    assert "SPF" in starts and any(label.startswith("SMTP ") for label in starts)


async def test_defective_domain_scores_low(resolver: Resolver, psl: PublicSuffixList) -> None:
    with SMTPPeer() as peer:  # accepts every recipient and offers no STARTTLS
        report = await audit_domain("bad.test", resolver, smtp_port=peer.port, server_timeout=5.0, psl=psl)
        assert peer.messages == []
    score = score_findings(report.findings)
    assert score.grade == "F" and score.score <= CRITICAL_CAP
    failed = {c.name for c in score.mandatory if c.status == "fail"}
    assert failed == {"SPF", "DMARC enforcement", "STARTTLS", "No open relay"}
    assert {"SPF_PLUS_ALL", "DMARC_POLICY_NONE", "SMTP_OPEN_RELAY", "SMTP_NO_STARTTLS",
            "SMTP_RELAY_ROUTING"} <= codes(report)
    # The audited domain is the carrier: a sender of it, and routing through it.
    [relay] = [f for f in report.findings if f.code == "SMTP_OPEN_RELAY"]
    assert "MAIL FROM:<antispam@bad.test>" in relay.evidence
    assert any("critical finding" in cap for cap in score.caps)


async def test_unreachable_and_unresolvable_mx_are_findings(resolver: Resolver, psl: PublicSuffixList) -> None:
    closed = free_port()
    report = await audit_domain("deadmx.test", resolver, smtp_port=closed, server_timeout=2.0, psl=psl)
    unreachable = [f for f in report.findings if f.code == "SERVER_UNREACHABLE"]
    assert len(unreachable) == 1 and unreachable[0].severity == "high"
    assert unreachable[0].target == f"mx1.deadmx.test:{closed} (127.0.0.1)"
    assert "MX_HOST_UNRESOLVABLE" in codes(report)  # gone.deadmx.test: reported, not probed
    assert report.servers == (f"mx1.deadmx.test:{closed} (127.0.0.1)",)
    status = {c.name: c.status for c in score_findings(report.findings).mandatory}
    assert status["STARTTLS"] == "not tested"


async def test_no_probe_contacts_no_mx_host(resolver: Resolver, psl: PublicSuffixList) -> None:
    with SMTPPeer() as peer:
        report = await audit_domain("tlsa.test", resolver, probe_servers=False, smtp_port=peer.port,
                                    mta_sts_port=free_port(), server_timeout=2.0, psl=psl)
        assert peer.connections == 0  # not even DANE, although mx1 publishes TLSA records
    assert report.servers == ()
    dane = {f.code for f in report.findings if f.area == "dane"}
    assert "DANE_NOT_PROBED" in dane and "DANE_MISMATCH" not in dane and "DANE_UNREACHABLE" not in dane
    assert {c.name: c.status for c in score_findings(report.findings).mandatory}["STARTTLS"] == "not tested"


async def test_dns_timeouts_and_servfail_become_findings(dns_server: DNSServer, psl: PublicSuffixList) -> None:
    resolver = Resolver([dns_server.nameserver], timeout=1.0)
    report = await audit_domain("slow.test", resolver, probe_servers=False, psl=psl)
    tempfails = {f.area for f in report.findings if f.code == "DNS_TEMPFAIL"}
    assert {"spf", "dmarc"} <= tempfails  # SERVFAIL on the SPF TXT, silence on _dmarc
    assert "MX_OK" in codes(report, failed=False)
    assert report.servers == ()
    assert all(c.status == "ok" for c in report.checks)  # the checks ended, with findings


async def test_the_dns_budget_holds(dns_server: DNSServer, psl: PublicSuffixList) -> None:
    patient = Resolver([dns_server.nameserver], timeout=30.0)  # would wait far longer than the budget
    report = await audit_domain("budget.test", patient, probe_servers=False, dns_budget=1.5, psl=psl)
    timeouts = {f.details["check"]: f for f in report.findings if f.code == "AUDIT_CHECK_TIMEOUT"}
    # _dmarc.budget.test never answers: DMARC is cut off, and BIMI, which waits for it, too.
    assert {"DMARC", "BIMI"} <= set(timeouts)
    assert timeouts["DMARC"].area == "dmarc" and "1.5 s" in timeouts["DMARC"].title
    status = {c.name: c.status for c in report.checks}
    assert {name for name, state in status.items() if state == "timeout"} == set(timeouts)
    # What finished in time is kept.
    if status["SPF"] == "ok":
        assert "SPF_OK" in codes(report, failed=False)


async def test_a_check_that_raises_or_hangs_is_a_finding() -> None:
    async def broken() -> list[Finding]:
        raise KeyError("no such tag")

    async def hangs() -> list[Finding]:
        await asyncio.Event().wait()
        return []

    async def fine() -> list[Finding]:
        return [passed("SPF_OK", "spf", "fine")]

    findings, runs = await run_checks([("DKIM", "dkim", "x.test", broken()), ("DANE", "dane", "x.test", hangs()),
                                       ("SPF", "spf", "x.test", fine())], budget=0.2)
    by_code = {f.code: f for f in findings}
    assert by_code["AUDIT_CHECK_FAILED"].area == "dkim" and "KeyError" in by_code["AUDIT_CHECK_FAILED"].evidence
    assert by_code["AUDIT_CHECK_TIMEOUT"].area == "dane"
    assert by_code["SPF_OK"].passed
    assert {r.name: r.status for r in runs} == {"DKIM": "failed", "DANE": "timeout", "SPF": "ok"}


async def test_named_servers_get_the_smuggling_probes() -> None:
    with SMTPPeer() as peer:
        report = await audit_servers([f"127.0.0.1:{peer.port}"], timeout=5.0)
        assert peer.messages == []  # the smuggling probe never completes a message here either
    assert report.domain is None and report.servers == (f"127.0.0.1:{peer.port}",)
    found = {f.code for f in report.findings}
    assert {"SMTP_SMUGGLING", "SMTP_OPEN_RELAY"} <= found
    assert all(f.target == f"127.0.0.1:{peer.port}" for f in report.findings)


async def test_collect_merges_domain_servers_and_self_audit(dns_server: DNSServer) -> None:
    from relaywarden.cli_audit import collect
    from relaywarden.config import Config, load_config

    seen: list[Config] = []

    async def self_audit(cfg: Config) -> list[Finding]:
        seen.append(cfg)
        return [Finding("SELF_EXAMPLE", "low", "self", "a finding of the self-audit", fix="change it")]

    config = load_config(None)
    with SMTPPeer() as peer:
        report = await collect("good.test", [f"127.0.0.1:{peer.port}"], [dns_server.nameserver], probe=False,
                               timeout=5.0, config=config, hook=self_audit)
    assert seen == [config]
    assert report.domain == "good.test" and report.servers == (f"127.0.0.1:{peer.port}",)
    areas = {f.area for f in report.findings}
    assert {"mx", "spf", "dmarc", "server", "self"} <= areas
    assert "SMTP_SMUGGLING" in {f.code for f in report.findings}  # the named server got every probe
    assert report.options["probe_servers"] is False and report.options["smuggling"] is True


async def test_collect_refuses_a_bad_target_before_probing(dns_server: DNSServer) -> None:
    from relaywarden.cli_audit import collect

    with pytest.raises(ValueError, match="not a port number"):
        await collect("refused.test", ["mx.test:0"], [dns_server.nameserver], timeout=2.0)
    assert dns_server.count("refused.test") == 0  # the domain audit never started


@pytest.mark.parametrize(("text", "expected"), [
    ("mx.example.test", ("mx.example.test", 25)),
    ("mx.example.test:2525", ("mx.example.test", 2525)),
    ("127.0.0.1:587", ("127.0.0.1", 587)),
    ("::1", ("::1", 25)),
    ("[::1]:2525", ("::1", 2525)),
])
def test_parse_target(text: str, expected: tuple[str, int]) -> None:
    assert parse_target(text) == expected


@pytest.mark.parametrize("text", ["", "mx.test:0", "mx.test:99999", "mx.test:smtp", "[::1", "[::1]x",
                                  "a b.test", "<script>:25", "fe80::zz"])
def test_parse_target_refuses_garbage(text: str) -> None:
    with pytest.raises(ValueError, match="server"):
        parse_target(text)


def test_dmarc_policy_from_findings() -> None:
    ok = passed("DMARC_POLICY_OK", "dmarc", "DMARC p=reject is enforced", evidence="v=DMARC1; p=reject")
    assert dmarc_policy([ok]) == "reject"
    inherited = Finding("DMARC_POLICY_NONE", "medium", "dmarc", "DMARC sp=none only monitors: ...")
    assert dmarc_policy([inherited]) == "none"
    assert dmarc_policy([Finding("DMARC_MISSING", "high", "dmarc", "no record")]) is None


# -- scoring -------------------------------------------------------------------------------


def fail(code: str, severity: Any, area: Any) -> Finding:
    return Finding(code, severity, area, code.lower(), fix="fix it")


MANDATORY_PASSES = [passed("SPF_OK", "spf", "ok"), passed("DMARC_POLICY_OK", "dmarc", "ok"),
                    passed("SMTP_NO_STARTTLS", "server", "ok"), passed("SMTP_OPEN_RELAY", "server", "ok"),
                    passed("SERVER_VULNERABLE", "server", "ok")]
RECOMMENDED_PASSES = [passed("DANE_OK", "dane", "ok"), passed("DNSSEC_VALID", "dnssec", "ok"),
                      passed("MTA_STS_OK", "mta-sts", "ok"), passed("TLS_RPT_OK", "tls-rpt", "ok")]


def test_a_plus_needs_every_mandatory_and_recommended_check() -> None:
    assert score_findings(MANDATORY_PASSES + RECOMMENDED_PASSES).grade == "A+"
    assert score_findings(MANDATORY_PASSES).grade == "A"  # recommended checks not run
    untested = score_findings(MANDATORY_PASSES[:2] + RECOMMENDED_PASSES)
    assert untested.score == 100 and untested.grade == "A"  # no server was probed


def test_recommended_failures_lower_but_never_cap() -> None:
    findings = [*MANDATORY_PASSES, fail("DANE_MISSING", "medium", "dane"), fail("DNSSEC_UNSIGNED", "medium", "dnssec"),
                fail("MTA_STS_MISSING", "low", "mta-sts"), fail("TLS_RPT_MISSING", "low", "tls-rpt")]
    score = score_findings(findings)
    assert 85 <= score.score < 100 and score.grade == "A" and not score.caps
    assert {c.name: c.status for c in score.recommended}["DANE"] == "fail"


def test_a_mandatory_failure_caps_the_grade() -> None:
    one = score_findings([*MANDATORY_PASSES[1:], fail("SPF_NO_ALL", "medium", "spf"),
                          fail("SPF_MISSING", "high", "spf")])
    assert one.score <= MANDATORY_CAPS[0] and one.grade == "C"
    two = score_findings([*MANDATORY_PASSES[2:], fail("SPF_MISSING", "high", "spf"),
                          fail("DMARC_POLICY_NONE", "medium", "dmarc")])
    assert two.score <= MANDATORY_CAPS[1] and two.grade == "D"
    assert [c.codes for c in two.mandatory if c.status == "fail"] == [("SPF_MISSING",), ("DMARC_POLICY_NONE",)]


def test_a_critical_finding_caps_at_f() -> None:
    score = score_findings([*MANDATORY_PASSES[:-2], fail("SMTP_OPEN_RELAY", "critical", "server"),
                            passed("SERVER_VULNERABLE", "server", "ok")])
    assert score.grade == "F" and score.score <= CRITICAL_CAP


def test_one_area_cannot_outweigh_the_rest() -> None:
    many = [fail(f"MTA_STS_X{n}", "medium", "mta-sts") for n in range(30)]
    score = score_findings(MANDATORY_PASSES + many)
    assert score.penalties == {"mta-sts": 8.0} and score.score == 92


def test_passed_and_info_findings_cost_nothing() -> None:
    score = score_findings([*MANDATORY_PASSES, fail("DMARC_NO_RUF", "info", "dmarc")])
    assert score.score == 100 and score.penalties == {}


async def test_named_servers_chains_checked_against_the_given_ca(tmp_path: Path) -> None:
    from tests.assess.test_server import private_ca_context

    ca_file = tmp_path / "ca.pem"
    with SMTPPeer(tls_context=private_ca_context(ca_file)) as peer:
        report = await audit_servers([f"127.0.0.1:{peer.port}"], smuggling=False, timeout=5.0, cafile=str(ca_file))
    [chain] = [f for f in report.findings if f.code == "TLS_CERT_UNTRUSTED"]
    assert chain.passed and chain.target == f"127.0.0.1:{peer.port}"


async def test_at_most_two_servers_are_probed_at_once() -> None:
    from tests.assess.test_server import fake_smtp, scripted

    # Each server holds its greeting until released: with the limit, the third is not even
    # connected to while two probes are waiting.
    release = asyncio.Event()
    two_waiting = asyncio.Event()
    contacted: list[int] = []

    def gated(index: int) -> Any:
        smtp = fake_smtp(b"220 mx.test ESMTP\r\n")

        async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            if index not in contacted:
                contacted.append(index)
            if len(contacted) >= 2:
                two_waiting.set()
            await release.wait()
            await smtp(reader, writer)
        return handler

    async with scripted(gated(0)) as p0, scripted(gated(1)) as p1, scripted(gated(2)) as p2:
        audit = asyncio.ensure_future(audit_servers([f"127.0.0.1:{p}" for p in (p0, p1, p2)], smuggling=False,
                                                    timeout=5.0))
        await asyncio.wait_for(two_waiting.wait(), 10.0)
        await asyncio.sleep(0.3)  # room for a third probe to start, were there no limit
        assert len(contacted) == 2
        release.set()
        report = await audit
    assert sorted(contacted) == [0, 1, 2]
    assert len([f for f in report.findings if f.code == "SERVER_EHLO" and f.passed]) == 3
