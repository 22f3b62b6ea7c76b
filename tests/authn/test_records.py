from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from relaywarden.authn.records import dmarc_glide_path, spf_record, txt_strings


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "relaywarden", "dns-records", *args], capture_output=True,
                          text=True, timeout=60)


def test_records_printed_as_zone_lines() -> None:
    res = _cli("relaywarden.localhost", "--ip", "192.0.2.10", "--ip", "2001:db8::/48",
               "--mx", "mx1.relaywarden.localhost")
    assert res.returncode == 0, res.stderr
    lines = [x for x in res.stdout.splitlines() if x and not x.startswith(";")]
    names = [x.split()[0] for x in lines]
    assert names == ["relaywarden.localhost.", "_dmarc.relaywarden.localhost.", "_mta-sts.relaywarden.localhost.",
                     "_smtp._tls.relaywarden.localhost."]
    assert '"v=spf1 mx ip4:192.0.2.10 ip6:2001:db8::/48 -all"' in lines[0]
    assert '"v=DMARC1; p=none; rua=mailto:dmarc-reports@relaywarden.localhost' in lines[1]
    # the later DMARC stages are there, commented out, ending at p=reject
    assert ";_dmarc.relaywarden.localhost." in res.stdout and "p=reject; sp=reject" in res.stdout
    assert ";   mx: mx1.relaywarden.localhost" in res.stdout and ";   mode: testing" in res.stdout
    assert res.stderr == ""  # a configured domain: no warning


def test_bad_input_is_refused_clearly() -> None:
    res = _cli("not a domain!")
    assert res.returncode == 2 and "error:" in res.stderr and "Traceback" not in res.stderr
    res = _cli("example.org", "--ip", "999.1.1.1")
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert "is not in relay.local_domains" in _cli("example.org").stderr


def test_long_txt_values_are_split_into_255_octet_strings() -> None:
    value = "v=DKIM1; k=rsa; p=" + "A" * 400
    out = txt_strings(value)
    parts = out.split('" "')
    assert len(parts) == 2 and all(len(p.strip('"')) <= 255 for p in parts)
    assert spf_record("a.test", [], strict=False).value == "v=spf1 mx ~all"
    assert [r.value.split(";")[1].strip() for r in dmarc_glide_path("a.test", "mailto:r@a.test")] == [
        "p=none", "p=quarantine", "p=quarantine", "p=reject"]


def test_configured_dkim_keys_are_published(tmp_path: Path) -> None:
    from relaywarden.authn.dkim import generate_key, public_record

    pem, txt = generate_key("ed25519")
    assert public_record(pem) == txt
    key = tmp_path / "k.key"
    key.write_bytes(pem)
    cfg = tmp_path / "c.toml"
    cfg.write_text(f'[relay]\nlocal_domains = ["example.org"]\n[dkim]\n[[dkim.keys]]\ndomain = "example.org"\n'
                   f'selector = "ed1"\nkey_file = "{key}"\nalgorithm = "ed25519-sha256"\n')
    res = _cli("example.org", "--config", str(cfg))
    assert res.returncode == 0, res.stderr
    line = next(x for x in res.stdout.splitlines() if x.startswith("ed1._domainkey.example.org."))
    assert txt in line
