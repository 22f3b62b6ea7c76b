"""`relaywarden verify`: every check on a stored message, against a real DNS server on loopback."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from relaywarden.authn.dkim import generate_key, sign_message
from tests.support.dnsserver import DNSServer

MESSAGE = (b"From: Alice <alice@example.test>\r\nTo: bob@relay.test\r\nSubject: hello\r\n"
           b"Date: Sat, 28 Nov 2026 10:00:00 +0000\r\nMessage-ID: <1@example.test>\r\n\r\nHi Bob.\r\n")


@pytest.fixture(scope="module")
def signed_zone() -> Iterator[tuple[DNSServer, bytes]]:
    key_pem, txt = generate_key("rsa", 2048)
    zone = {
        "@": {"TXT": "v=spf1 ip4:192.0.2.1 -all", "A": "192.0.2.1"},
        "sel1._domainkey": {"TXT": txt},
        "_dmarc": {"TXT": "v=DMARC1; p=reject; rua=mailto:d@example.test"},
    }
    # "test" is served too, so the DMARC tree walk gets NXDOMAIN above example.test, as from a real resolver.
    with DNSServer(zones={"example.test": zone, "test": {}}) as server:
        yield server, key_pem


def _verify(message: Path, server: DNSServer, ip: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "relaywarden", "verify", str(message), "--ip", ip,
                           "--helo", "mail.example.test", "--mail-from", "alice@example.test",
                           "--nameserver", server.nameserver, *extra], capture_output=True, text=True, timeout=60)


def test_signed_message_from_an_allowed_host_passes_everything(signed_zone: tuple[DNSServer, bytes],
                                                               tmp_path: Path) -> None:
    server, key_pem = signed_zone
    signature = sign_message(MESSAGE, domain="example.test", selector="sel1", private_key_pem=key_pem)
    eml = tmp_path / "signed.eml"
    eml.write_bytes(signature + MESSAGE)
    res = _verify(eml, server, "192.0.2.1", "--json")
    assert res.returncode == 0, res.stderr
    report = json.loads(res.stdout)
    assert report["version"] == 1 and report["from_domain"] == "example.test"
    assert report["spf"]["result"] == "pass"
    assert [d["result"] for d in report["dkim"]] == ["pass"]
    assert report["dmarc"]["result"] == "pass" and report["dmarc"]["disposition"] == "none"
    header = report["authentication_results"]
    assert header.startswith("Authentication-Results: relaywarden.localhost;")
    assert "dkim=pass header.d=example.test header.s=sel1" in header and "dmarc=pass" in header


def test_forged_message_fails_dmarc_with_reject_disposition(signed_zone: tuple[DNSServer, bytes],
                                                            tmp_path: Path) -> None:
    server, _ = signed_zone
    eml = tmp_path / "forged.eml"
    eml.write_bytes(MESSAGE.replace(b"\r\n", b"\n"))  # as saved on disk: LF line ends
    res = _verify(eml, server, "198.51.100.7")
    assert res.returncode == 0, res.stderr
    assert "SPF (MAIL FROM): fail" in res.stdout
    assert "DKIM:            none" in res.stdout
    assert "DMARC:           fail" in res.stdout and "disposition reject" in res.stdout
    assert "dmarc=fail (p=reject dis=reject)" in res.stdout


def test_bad_arguments_are_clear_errors(tmp_path: Path) -> None:
    eml = tmp_path / "m.eml"
    eml.write_bytes(MESSAGE)
    res = subprocess.run([sys.executable, "-m", "relaywarden", "verify", str(eml), "--ip", "not-an-ip",
                          "--helo", "h", "--mail-from", ""], capture_output=True, text=True, timeout=60)
    assert res.returncode == 2 and "not an IP address" in res.stderr and "Traceback" not in res.stderr
