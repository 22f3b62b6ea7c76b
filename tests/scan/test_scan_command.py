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
