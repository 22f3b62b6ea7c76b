"""`relaywarden audit --self` against a live relaywarden and a DNS server on loopback."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from relaywarden.assess.findings import Finding
from relaywarden.assess.selfaudit import config_findings, dmarc_findings, own_domains, self_audit, spf_findings
from relaywarden.authn.dkim import generate_key, public_record
from relaywarden.authn.psl import PublicSuffixList
from relaywarden.cli_audit import main
from relaywarden.config import load_config, parse_config
from relaywarden.dns import Resolver
from tests.support.dnsserver import DNSServer
from tests.support.relay import Relay, free_port

# local.test is configured right; other.test has an SPF record that leaves the relay out and
# no DMARC; broken.test answers SERVFAIL.
ZONES: dict[str, Any] = {
    "relay.test": {"@": {"A": "127.0.0.1"}},
    "local.test": {"@": {"TXT": "v=spf1 ip4:127.0.0.1 -all"},
                   "_dmarc": {"TXT": "v=DMARC1; p=reject; rua=mailto:d@local.test"}},
    "other.test": {"@": {"TXT": "v=spf1 ip4:192.0.2.1 -all"}},
    "broken.test": {"@": {"TXT": "v=spf1 -all"}},
}


def by_code(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


def one(findings: list[Finding], code: str, target_part: str = "") -> Finding:
    hits = [f for f in by_code(findings, code) if target_part in f.target]
    assert len(hits) == 1, (code, target_part, [(f.code, f.target) for f in findings])
    return hits[0]


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Private keys on disk: good (published as is), bad (another key published), missing."""
    base = tmp_path_factory.mktemp("keys")
    out: dict[str, Path] = {}
    for name in ("good", "bad", "missing", "other"):
        pem, _ = generate_key("ed25519")
        path = base / f"{name}.pem"
        path.write_bytes(pem)
        path.chmod(0o600)
        out[name] = path
    return out


@pytest.fixture(scope="module")
def dns_server(keys: dict[str, Path]) -> Iterator[DNSServer]:
    zones = dict(ZONES)
    local = dict(zones["local.test"])
    local["good._domainkey"] = {"TXT": public_record(keys["good"].read_bytes())}
    local["bad._domainkey"] = {"TXT": public_record(keys["other"].read_bytes())}
    zones["local.test"] = local
    with DNSServer(zones, servfail_names=["broken.test", "_dmarc.broken.test"]) as server:
        yield server


@pytest.fixture(scope="module")
def relay(tmp_path_factory: pytest.TempPathFactory, keys: dict[str, Path]) -> Iterator[Relay]:
    tmp = tmp_path_factory.mktemp("relay")
    dkim = [{"domain": "local.test", "selector": s, "key_file": str(keys[s])} for s in ("good", "bad", "missing")]
    r = Relay(tmp, {"relay": {"local_domains": ["local.test", "other.test"], "trusted_networks": ["127.0.0.0/8"]},
                    "dkim": {"keys": dkim}}).start()
    try:
        yield r
    finally:
        r.stop()


@pytest.fixture(scope="module")
def live_findings(relay: Relay, dns_server: DNSServer) -> list[Finding]:
    cfg = load_config(relay.config)
    return asyncio.run(self_audit(cfg, Resolver([dns_server.nameserver], timeout=2.0), timeout=5.0))


def test_insecure_settings_become_findings_with_severity_by_kind() -> None:
    cfg = parse_config({"relay": {"trusted_networks": ["0.0.0.0/0"]}, "auth": {"require_tls": False},
                        "tls": {"min_version": "1.0"}, "limits": {"max_message_size": 0},
                        "protocol": {"bare_newline": "normalize"}})
    found = {f.code: f for f in config_findings(cfg)}
    assert found["SELF_OPEN_RELAY_CONFIG"].severity == "critical"
    assert found["SELF_AUTH_WITHOUT_TLS"].severity == "high"
    assert found["SELF_TLS_OLD_VERSION"].severity == "high"
    assert found["SELF_NO_SIZE_LIMIT"].severity == "low"
    assert found["SELF_BARE_NEWLINE_ACCEPTED"].severity == "medium"
    assert all(f.area == "self" and f.fix and not f.passed for f in found.values())
    assert "SELF_CONFIG" not in found


@pytest.mark.parametrize(("settings", "code", "severity"), [
    ({"relay": {"trusted_networks": ["10.0.0.0/7"]}}, "SELF_TRUSTED_NETWORK_WIDE", "high"),
    ({"relay": {"trusted_networks": ["8.8.0.0/16"]}}, "SELF_TRUSTED_NETWORK_PUBLIC", "medium"),
    ({"delivery": {"tls": "none"}}, "SELF_DELIVERY_NO_TLS", "medium"),
    ({"delivery": {"smarthost": {"host": "smtp.example.test", "username": "u", "password_file": "/nonexistent",
                                 "tls": "opportunistic"}}}, "SELF_SMARTHOST_AUTH_NO_TLS", "high"),
    ({"auth": {"require_tls": False}, "listeners": [{"name": "sub", "role": "submission", "address": "0.0.0.0",
                                                     "port": 587}]}, "SELF_SUBMISSION_OPEN_NO_TLS", "high"),
    ({"authentication": {"enabled": False}}, "SELF_AUTHENTICATION_OFF", "medium"),
    ({"authentication": {"enabled": True, "dmarc_enforcement": "monitor"}}, "SELF_DMARC_MONITOR", "low"),
])
def test_each_kind_of_insecure_setting(settings: dict[str, Any], code: str, severity: str) -> None:
    found = {f.code: f for f in config_findings(parse_config(settings))}
    assert code in found, found
    assert found[code].severity == severity and found[code].fix and found[code].evidence


def test_a_warning_of_a_new_kind_is_never_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    # A check-config warning that SETTING_RULES does not know yet (here: every one) still shows.
    from relaywarden.assess import selfaudit

    monkeypatch.setattr(selfaudit, "SETTING_RULES", ())
    [f] = config_findings(parse_config({"delivery": {"tls": "none"}}))
    assert (f.code, f.severity, f.passed) == ("SELF_INSECURE_SETTING", "medium", False)
    assert "delivery.tls" in f.fix and f.details["setting"] == "delivery.tls"


def test_safe_defaults_pass_and_localhost_domains_are_not_looked_up() -> None:
    cfg = parse_config({})
    [f] = config_findings(cfg)
    assert (f.code, f.passed) == ("SELF_CONFIG", True)
    assert own_domains(cfg) == []  # the default relaywarden.localhost never exists in public DNS


def test_live_relay_dkim_keys_are_matched_against_dns(live_findings: list[Finding], keys: dict[str, Path]) -> None:
    assert one(live_findings, "DKIM_SELF_KEY_MATCH", "good").passed
    mismatch = one(live_findings, "DKIM_SELF_KEY_MISMATCH", "bad")
    assert mismatch.severity == "critical"
    assert mismatch.fix == f'bad._domainkey.local.test. TXT "{public_record(keys["bad"].read_bytes())}"'
    missing = one(live_findings, "DKIM_SELF_NOT_PUBLISHED", "missing")
    assert missing.severity == "high"
    assert public_record(keys["missing"].read_bytes()) in missing.fix


def test_live_relay_spf_and_dmarc_of_own_domains(live_findings: list[Finding]) -> None:
    ok = one(live_findings, "SELF_SPF_AUTHORIZES", "local.test")
    assert ok.passed and ok.details["address"] == "127.0.0.1"  # relay.test's A record
    bad = one(live_findings, "SELF_SPF_NOT_AUTHORIZED", "other.test")
    assert bad.severity == "high" and "-> fail" in bad.evidence
    assert bad.fix == 'other.test. TXT "v=spf1 ip4:192.0.2.1 ip4:127.0.0.1 -all"'
    assert one(live_findings, "SELF_DMARC_PRESENT", "local.test").passed
    assert one(live_findings, "SELF_DMARC_MISSING", "other.test").fix.startswith("_dmarc.other.test. TXT")
    assert not by_code(live_findings, "AUDIT_CHECK_FAILED")


def test_live_relay_listeners_are_probed(live_findings: list[Finding], relay: Relay) -> None:
    tls = one(live_findings, "SELF_LISTENER_TLS", "submissions")
    assert tls.passed and tls.details["tls_version"] in ("TLSv1.2", "TLSv1.3")
    inbound = f"listener inbound (127.0.0.1:{relay.inbound})"
    assert one(live_findings, "SERVER_EHLO", inbound).passed
    assert one(live_findings, "SMTP_NO_STARTTLS", inbound).passed  # STARTTLS offered
    # The probe comes from 127.0.0.1, a trusted network here: relaying for it is by design.
    trusted = one(live_findings, "SELF_RELAY_FROM_TRUSTED", inbound)
    assert trusted.severity == "info" and trusted.details["trusted_network"] == "127.0.0.0/8"
    assert not [f for f in live_findings if f.code == "SMTP_OPEN_RELAY" and not f.passed]
    assert not by_code(live_findings, "SELF_LISTENER_UNREACHABLE")


def test_unreachable_listeners_and_failing_dns_are_findings(dns_server: DNSServer) -> None:
    closed = free_port()
    cfg = parse_config({
        "server": {"hostname": "relay.test"},
        "listeners": [{"name": "in", "role": "inbound", "port": closed},
                      {"name": "tls", "role": "submissions", "address": "127.0.0.2", "port": closed}],
        "relay": {"local_domains": ["broken.test"]},
    })
    found = asyncio.run(self_audit(cfg, Resolver([dns_server.nameserver], timeout=1.0), timeout=2.0))
    assert one(found, "SELF_SPF_TEMPFAIL", "broken.test").severity == "medium"
    assert one(found, "SELF_DMARC_TEMPFAIL", "broken.test").severity == "medium"
    assert one(found, "SERVER_UNREACHABLE", f"listener in (127.0.0.1:{closed})").severity == "high"
    assert one(found, "SELF_LISTENER_UNREACHABLE", "listener tls").severity == "high"


def test_own_spf_and_dmarc_defects(dns_server: DNSServer) -> None:
    dns_server.set_zone("nospf.test", {"@": {"TXT": "google-site-verification=x"},
                                       "_dmarc": {"TXT": "v=DMARC1; p=none; rua=mailto:d@nospf.test"}})
    dns_server.set_zone("twospf.test", {"@": {"TXT": ["v=spf1 ip4:127.0.0.1 -all", "v=spf1 mx -all"]}})
    resolver = Resolver([dns_server.nameserver], timeout=2.0)
    cfg = parse_config({"server": {"hostname": "relay.test"}})
    smarthost = parse_config({"delivery": {"smarthost": {"host": "smtp.provider.test"}}})

    async def run() -> list[list[Finding]]:
        return [await spf_findings("nospf.test", resolver, cfg, ["127.0.0.1"]),
                await spf_findings("twospf.test", resolver, cfg, ["127.0.0.1"]),
                await spf_findings("local.test", resolver, smarthost, []),
                await spf_findings("local.test", resolver, cfg, []),
                await dmarc_findings("nospf.test", resolver, PublicSuffixList())]

    missing, multiple, published, unverified, monitor = asyncio.run(run())
    assert [(f.code, f.severity) for f in missing] == [("SELF_SPF_MISSING", "high")]
    assert "ip4:127.0.0.1" in missing[0].fix
    assert [(f.code, f.severity) for f in multiple] == [("SELF_SPF_MULTIPLE", "high")]
    assert [(f.code, f.passed) for f in published] == [("SELF_SPF_PUBLISHED", True)]
    assert [(f.code, f.severity, f.passed) for f in unverified] == [("SELF_SPF_UNVERIFIED", "info", False)]
    assert [(f.code, f.severity) for f in monitor] == [("SELF_DMARC_POLICY_NONE", "medium")]
    assert "p=quarantine" in monitor[0].fix


def test_hostile_keys_and_dns_answers_are_findings(tmp_path: Path, dns_server: DNSServer,
                                                   keys: dict[str, Path]) -> None:
    garbage_key = tmp_path / "garbage.pem"
    garbage_key.write_bytes(b"-----BEGIN PRIVATE KEY-----\n\x00\xff not a key\n-----END PRIVATE KEY-----\n")
    huge_key = tmp_path / "huge.pem"
    huge_key.write_bytes(b"A" * 200_000)
    dns_server.set_zone("hostile.test", {
        "@": {"TXT": "v=spf1 include:%{zz}.hostile.test -all"},  # a macro that does not exist
        "revoked._domainkey": {"TXT": "v=DKIM1; k=ed25519; p="},
        "junk._domainkey": {"TXT": "v=DKIM1; p=!!!not base64!!!"},
        "_dmarc": {"TXT": "v=DMARC1; p=maybe"},
    })
    dns_server.garbage_names.add("garbled._domainkey.hostile.test")
    key = {"domain": "hostile.test", "key_file": str(keys["other"])}
    cfg = parse_config({
        "server": {"hostname": "relay.test"},
        "relay": {"local_domains": ["hostile.test"]},
        "dkim": {"keys": [{**key, "selector": "revoked"}, {**key, "selector": "junk"},
                          {**key, "selector": "garbled"}, {**key, "selector": "gone", "active": False},
                          {"domain": "hostile.test", "selector": "g", "key_file": str(garbage_key)},
                          {"domain": "hostile.test", "selector": "h", "key_file": str(huge_key)},
                          {"domain": "hostile.test", "selector": "n", "key_file": str(tmp_path / "absent.pem")}]},
    })
    found = asyncio.run(self_audit(cfg, Resolver([dns_server.nameserver], timeout=1.0), probe=False))
    assert one(found, "DKIM_SELF_KEY_REVOKED", "revoked").severity == "high"
    assert one(found, "DKIM_SELF_KEY_MISMATCH", "junk").severity == "critical"
    assert one(found, "DKIM_SELF_TEMPFAIL", "garbled").severity == "medium"
    assert one(found, "DKIM_SELF_NOT_PUBLISHED", "gone").severity == "low"  # a retired key
    for selector, why in (("g (", "not a usable private key"), ("h (", "larger than"), ("n (", "cannot read")):
        assert why in one(found, "DKIM_SELF_KEY_UNUSABLE", selector).evidence
    assert one(found, "SELF_SPF_ERROR", "hostile.test").severity == "high"
    assert one(found, "SELF_DMARC_INVALID", "hostile.test").severity == "high"
    assert not by_code(found, "AUDIT_CHECK_FAILED")


def test_cli_self_audit_json(relay: Relay, dns_server: DNSServer, capsys: pytest.CaptureFixture[str]) -> None:
    # The audit command itself (typer parsing, config loading, report, exit code), in-process:
    # cli_audit.main is what cli.py registers as `relaywarden audit`.
    code = main(["--self", "--config", str(relay.config), "--nameserver", dns_server.nameserver, "--json",
                 "--timeout", "5", "--fail-on", "critical", "--no-probe"])
    captured = capsys.readouterr()
    assert code == 2, captured.err  # the mismatched DKIM key is critical
    report = json.loads(captured.out)
    codes = {f["code"] for f in report["findings"]}
    assert {"DKIM_SELF_KEY_MISMATCH", "DKIM_SELF_KEY_MATCH", "SELF_SPF_AUTHORIZES", "SELF_DMARC_MISSING"} <= codes
    assert not {"SELF_LISTENER_TLS", "SERVER_EHLO"} & codes  # --no-probe: the listeners are left alone
    assert {f["area"] for f in report["findings"]} == {"self"}
    assert "DKIM_SELF_KEY_MISMATCH" in captured.err


def test_cli_self_audit_as_a_program(relay: Relay, dns_server: DNSServer, tmp_path: Path) -> None:
    # Once as its own process, as cron would run it: the HTML report is written, exit 0 without --fail-on.
    html = tmp_path / "self.html"
    proc = subprocess.run(
        [sys.executable, "-c", "import sys; from relaywarden.cli_audit import main; sys.exit(main())",
         "--self", "--config", str(relay.config), "--nameserver", dns_server.nameserver, "--quiet",
         "--no-probe", "--timeout", "5", "--html", str(html)],
        capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "DKIM_SELF_KEY_MISMATCH" in proc.stdout
    assert "DKIM_SELF_KEY_MISMATCH" in html.read_text()


def test_cli_config_without_self_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(tmp_path / "x.toml"), "example.test"]) == 1
    assert "--self" in capsys.readouterr().err


def test_cli_self_with_an_unreadable_config_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[relay\n")
    assert main(["--self", "--config", str(bad), "--no-probe"]) == 1
    assert "not valid TOML" in capsys.readouterr().err
