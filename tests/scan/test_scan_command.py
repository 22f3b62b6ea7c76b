"""`relaywarden scan` on stored files: authentication results come only from trusted
Authentication-Results headers (the relay's own, or an authserv-id the administrator names)."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from relaywarden.cli_scan import scan

MODERN_HAM = Path(__file__).resolve().parent / "modern" / "ham"
RESULTS = ("Authentication-Results: {id};\r\n\tspf=pass smtp.mailfrom=paypal.com;\r\n"
           "\tdkim=pass header.d=paypal.com header.s=pp1;\r\n\tdmarc=pass (p=reject) header.from=paypal.com\r\n")


def run(tmp_path: Path, message: bytes, *options: str) -> dict[str, object]:
    app = typer.Typer()
    app.command()(scan)
    cfg = tmp_path / "relaywarden.toml"
    cfg.write_text(f'[server]\nhostname = "relay.test"\ndata_dir = "{tmp_path / "data"}"\n')
    path = tmp_path / "m.eml"
    path.write_bytes(message)
    res = CliRunner().invoke(app, [str(path), "--json", "--config", str(cfg), *options])
    assert res.exit_code == 0, res.output
    row: dict[str, object] = json.loads(res.output.strip().splitlines()[-1])
    return row


def auth_pass(row: dict[str, object]) -> list[float]:
    symbols = row["symbols"]
    assert isinstance(symbols, list)
    return [s["score"] for s in symbols if s["name"] == "AUTH_PASS"]


def test_our_own_results_header_is_trusted_by_default(tmp_path: Path) -> None:
    receipt = (MODERN_HAM / "24_paypal_payment_sent.eml").read_bytes()
    ours = run(tmp_path, RESULTS.format(id="relay.test").encode() + receipt)
    assert auth_pass(ours) == [-3.0]  # a protected brand proven by DMARC
    # anyone can write a header with another id: it is not read unless the administrator says so
    foreign = RESULTS.format(id="mx.provider.example").encode() + receipt
    assert auth_pass(run(tmp_path, foreign)) == []
    assert auth_pass(run(tmp_path, foreign, "--trust-results", "mx.provider.example")) == [-3.0]
    # and --no-auth-results reads none
    assert auth_pass(run(tmp_path, RESULTS.format(id="relay.test").encode() + receipt, "--no-auth-results")) == []


def test_a_failing_trusted_result_counts_against_the_sender(tmp_path: Path) -> None:
    failed = (b"Authentication-Results: relay.test; spf=fail smtp.mailfrom=paypal.com;\r\n"
              b"\tdmarc=fail header.from=paypal.com\r\n")
    row = run(tmp_path, failed + (MODERN_HAM / "24_paypal_payment_sent.eml").read_bytes())
    names = {s["name"] for s in row["symbols"]}  # type: ignore[attr-defined]
    assert {"DMARC_FAIL", "SPF_FAIL"} <= names or {"DMARC_FAIL_HIGH_VALUE", "SPF_FAIL"} <= names
    assert auth_pass(row) == []


LOOKALIKE_IT = (b"From: IT Service Desk <it@examplecorp-support.net>\r\nTo: Alex <alex.morgan@example.com>\r\n"
                b"Subject: Password expiry\r\nDate: Fri, 27 Nov 2026 10:00:00 +0000\r\nMessage-ID: <a@x>\r\n\r\n"
                b"Your password expires today. Keep it at https://examplecorp-support.net/keep\r\n")


def names(row: dict[str, object]) -> set[str]:
    symbols = row["symbols"]
    assert isinstance(symbols, list)
    return {s["name"] for s in symbols}


def test_without_configured_domains_the_recipients_organisation_is_protected(tmp_path: Path) -> None:
    # the configuration has only the placeholder domain: To names the organisation
    assert "LOOKALIKE_SENDER" in names(run(tmp_path, LOOKALIKE_IT))
    # the envelope recipient, when given, decides instead of To
    assert "LOOKALIKE_SENDER" not in names(run(tmp_path, LOOKALIKE_IT, "--rcpt", "someone@other.example"))
    # free mail is nobody's organisation, and a message addressed to its sender's own domain makes
    # no insider of it
    to_gmail = LOOKALIKE_IT.replace(b"alex.morgan@example.com", b"alex.morgan@gmail.com")
    assert "LOOKALIKE_SENDER" not in names(run(tmp_path, to_gmail))
    own = LOOKALIKE_IT.replace(b"alex.morgan@example.com", b"alex@examplecorp-support.net")
    assert "LOOKALIKE_SENDER" not in names(run(tmp_path, own))
    # --local-domain names it outright
    assert "LOOKALIKE_SENDER" in names(run(tmp_path, to_gmail, "--local-domain", "example.com"))


def test_recipient_organisations_reads_to_and_cc_within_bounds() -> None:
    from relaywarden.scan.mime import parse_message
    from relaywarden.scan.organisation import MAX_DOMAINS, recipient_organisations

    many = ", ".join(f"u{n}@dept{n}.org{n}.example" for n in range(20))
    raw = (f"From: a@sender.example\r\nTo: Bob <bob@mail.example.com>, x@gmail.com\r\n"
           f"Cc: {many}\r\n\r\nhi\r\n").encode()
    found = recipient_organisations(parse_message(raw))
    assert found[0] == "example.com" and len(found) == MAX_DOMAINS and "gmail.com" not in found
    assert recipient_organisations(parse_message(raw), ("carol@partner.example",)) == ("partner.example",)
    # no recipient, an unparseable one, or no headers at all: no organisation, no error
    for broken in (b"From: a@b.example\r\n\r\nbody", b"To: <<<@@>>>\r\n\r\n", b"\xff\xfe\x00", b""):
        assert recipient_organisations(parse_message(broken)) == ()


def test_a_bad_local_domain_is_a_clear_error(tmp_path: Path) -> None:
    app = typer.Typer()
    app.command()(scan)
    path = tmp_path / "m.eml"
    path.write_bytes(LOOKALIKE_IT)
    cfg = tmp_path / "relaywarden.toml"
    cfg.write_text(f'[server]\nhostname = "relay.test"\ndata_dir = "{tmp_path / "data"}"\n')
    res = CliRunner().invoke(app, [str(path), "--local-domain", "not a domain", "--config", str(cfg)])
    assert res.exit_code == 2
    assert "--local-domain" in res.output and "'not a domain' is not a domain name" in res.output
