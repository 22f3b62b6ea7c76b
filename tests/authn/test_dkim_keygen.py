"""`relaywarden dkim keygen`: the printed record matches the key that was written."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from relaywarden.authn.dkim import sign_message, verify_message
from relaywarden.authn.dnsview import StaticDNS

MESSAGE = b"From: a@example.org\r\nTo: b@example.net\r\nSubject: s\r\n\r\nbody\r\n"


def _keygen(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "relaywarden", "dkim", "keygen", "example.org", "--out", str(tmp),
                           *args], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("algorithm", ["rsa", "ed25519"])
async def test_printed_record_verifies_what_the_key_signs(tmp_path: Path, algorithm: str) -> None:
    res = _keygen(tmp_path, "--selector", "s1", "--algorithm", algorithm)
    assert res.returncode == 0, res.stderr
    key = tmp_path / "s1.key"
    assert key.stat().st_mode & 0o777 == 0o600
    line = next(x for x in res.stdout.splitlines() if x.startswith("s1._domainkey.example.org."))
    txt = "".join(re.findall(r'"([^"]*)"', line))
    assert txt.startswith("v=DKIM1; k=" + ("rsa" if algorithm == "rsa" else "ed25519"))
    signed = sign_message(MESSAGE, domain="example.org", selector="s1", private_key_pem=key.read_bytes(),
                          algorithm="rsa-sha256" if algorithm == "rsa" else "ed25519-sha256") + MESSAGE
    [result] = await verify_message(signed, dns=StaticDNS({"s1._domainkey.example.org": {"TXT": [txt]}}))
    assert result.result == "pass", result.reason


def test_keygen_refuses_to_overwrite_and_bad_input(tmp_path: Path) -> None:
    assert _keygen(tmp_path, "--selector", "s2").returncode == 0
    again = _keygen(tmp_path, "--selector", "s2")
    assert again.returncode == 1 and "choose a new selector" in again.stderr
    assert _keygen(tmp_path, "--selector", "bad selector").returncode == 2
    assert _keygen(tmp_path, "--selector", "s3", "--algorithm", "dsa").returncode == 2
    assert _keygen(tmp_path, "--selector", "s3", "--bits", "512").returncode == 2
