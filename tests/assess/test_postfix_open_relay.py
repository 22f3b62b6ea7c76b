"""A real Postfix configured as an open relay is caught by the audit; a safe one passes."""

from __future__ import annotations

import asyncio

import pytest

from relaywarden.assess.audit import audit_servers
from relaywarden.assess.findings import Finding
from relaywarden.assess.server import probe_server
from tests.support.postfix import POSTFIX_MISSING, PostfixServer

pytestmark = pytest.mark.skipif(POSTFIX_MISSING is not None, reason=POSTFIX_MISSING or "")

# The classic mistake: every client is in mynetworks, so permit_mynetworks relays for anyone.
# The banner shows the version, as Postfix's own default of old did ($mail_version).
OPEN_RELAY = {"mynetworks": "0.0.0.0/0", "smtpd_banner": "$myhostname ESMTP $mail_name ($mail_version)"}
# Relays for nobody the probe can be; the banner names no version (Postfix's default).
SAFE = {"mynetworks": "127.0.0.2/32",
        "smtpd_relay_restrictions": "permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination"}


def code(findings: list[Finding], name: str) -> Finding:
    [f] = [f for f in findings if f.code == name]
    return f


def test_postfix_open_relay_is_found_with_its_version() -> None:
    with PostfixServer(OPEN_RELAY) as pf:
        report = asyncio.run(audit_servers([f"127.0.0.1:{pf.port}"], smuggling=False, timeout=5.0))
        log = pf.log_tail(10_000)
    findings = list(report.findings)
    relay = code(findings, "SMTP_OPEN_RELAY")
    assert not relay.passed and relay.severity == "critical"
    assert len(relay.details["accepted"]) >= 2  # at least the plain MAIL/RCPT variants
    assert all(a.startswith("MAIL FROM:<") and "250" in a for a in relay.details["accepted"])
    version = code(findings, "SERVER_VERSION_DISCLOSED")
    assert not version.passed and version.details["product"] == "postfix"
    assert version.details["version"].count(".") >= 1
    # MAIL/RCPT only, never DATA: no message was handed to the queue manager.
    assert "queue active" not in log and "status=sent" not in log
    assert "RCPT from" in log or "connect from" in log  # the log is real and shows the sessions


def test_postfix_configured_safely_passes() -> None:
    with PostfixServer(SAFE) as pf:
        findings = asyncio.run(probe_server("127.0.0.1", pf.port, timeout=5.0))
    relay = code(findings, "SMTP_OPEN_RELAY")
    assert relay.passed, relay
    assert "17/17 relay attempts refused" in relay.evidence
    assert code(findings, "SERVER_VERSION_DISCLOSED").passed
    assert code(findings, "SERVER_EHLO").passed
    assert not [f for f in findings if f.code in ("SERVER_UNREACHABLE", "SERVER_PROBE_FAILED")]
