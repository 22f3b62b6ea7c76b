"""The three report formats (assess/report.py) and the `audit` command (cli_audit.py), from real
audits of crafted zones on a loopback DNS server, hostile TXT records included."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from relaywarden.assess.audit import AuditReport, audit_domain, audit_servers
from relaywarden.assess.report import (
    SCHEMA,
    failures_at_or_above,
    ordered,
    printable,
    render_html,
    render_terminal,
    to_json,
)
from relaywarden.assess.score import score_findings
from relaywarden.authn.dkim import generate_key
from relaywarden.authn.psl import PublicSuffixList
from relaywarden.cli_audit import EXIT_ERROR, EXIT_OK, EXIT_THRESHOLD, main
from relaywarden.dns import Resolver
from tests.assess.test_domain import good_zone
from tests.assess.test_server import fake_smtp, scripted
from tests.support.dnsserver import DNSServer, serve

HOSTILE_SPF = 'v=spf1 <script>alert("spf")</script> -all'
HOSTILE_STS = "v=STSv1; id=<img src=x onerror=alert(1)> [bold red]markup[/]"

DKIM_KEY = generate_key("ed25519")[1]


def zone(domain: str) -> dict[str, Any]:
    """test_domain's good zone with a DKIM key and without MTA-STS (no policy server here)."""
    records: dict[str, Any] = {k: v for k, v in good_zone(domain).items() if k != "_mta-sts"}
    records["default._domainkey"] = {"TXT": DKIM_KEY}
    return records


ZONES: dict[str, Any] = {
    "good.test": zone("good.test"),
    "2.0.192.in-addr.arpa": {"10": {"PTR": "mx1.good.test."}, "20": {"PTR": "mx2.good.test."}},
    "reports.test": {"good.test._report._dmarc": {"TXT": "v=DMARC1"}},
    "evil.test": {**zone("evil.test"), "@": {"MX": "10 mx1", "TXT": HOSTILE_SPF}, "_mta-sts": {"TXT": HOSTILE_STS}},
    "open.test": {**zone("open.test"), "@": {"MX": "10 mx1", "TXT": "v=spf1 +all"}},
    # ESC [2J clears the screen, ESC ] 0; sets the window title, BEL ends it: in zone-file escapes.
    "ansi.test": {**zone("ansi.test"), "_mta-sts": {"TXT": '"v=STSv1; id=\\027[2J\\027]0;owned\\007"'}},
}

REPORT_KEYS = {"schema", "generator", "domain", "servers", "started", "duration_seconds", "score", "grade", "caps",
               "mandatory", "recommended", "penalties", "summary", "checks", "options", "findings"}
FINDING_KEYS = {"code", "severity", "area", "title", "evidence", "fix", "passed", "target", "details"}
CHECK_KEYS = {"name", "area", "status", "seconds", "error"}


class Tags(HTMLParser):
    """Every element and attribute name a browser would see in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names.add(tag)
        self.attributes |= {name for name, _ in attrs}


@pytest.fixture(scope="module")
def dns_server() -> Iterator[DNSServer]:
    yield from serve(ZONES)


@pytest.fixture(scope="module")
def psl() -> PublicSuffixList:
    return PublicSuffixList()


async def dns_audit(server: DNSServer, domain: str, psl: PublicSuffixList) -> AuditReport:
    return await audit_domain(domain, Resolver([server.nameserver], timeout=5.0), probe_servers=False, psl=psl)


@pytest.fixture(scope="module")
def evil(dns_server: DNSServer, psl: PublicSuffixList) -> AuditReport:
    """One audit of evil.test (hostile SPF and MTA-STS records), shared by the format tests."""
    return asyncio.run(dns_audit(dns_server, "evil.test", psl))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# -- JSON ----------------------------------------------------------------------------------


def test_json_schema_fields_are_present_and_stable(evil: AuditReport) -> None:
    report = evil
    data = to_json(report, score_findings(report.findings))
    assert set(data) == REPORT_KEYS
    assert data["schema"] == SCHEMA == "relaywarden-audit/1"
    assert data["domain"] == "evil.test" and data["servers"] == []
    assert isinstance(data["score"], int) and data["grade"] in ("A+", "A", "B", "C", "D", "F")
    assert set(data["summary"]) == {"critical", "high", "medium", "low", "info", "passed"}
    assert sum(data["summary"].values()) == len(data["findings"]) == len(report.findings)
    assert all(set(f) == FINDING_KEYS for f in data["findings"])
    assert all(set(c) == CHECK_KEYS and c["status"] == "ok" for c in data["checks"])
    assert [c["name"] for c in data["mandatory"]] == ["SPF", "DMARC enforcement", "STARTTLS", "No open relay",
                                                      "No known-vulnerable version"]
    assert all(set(c) == {"name", "status", "codes"} for c in data["mandatory"] + data["recommended"])
    syntax = next(f for f in data["findings"] if f["code"] == "SPF_SYNTAX")
    assert syntax["severity"] == "high" and "<script>" in syntax["evidence"] and not syntax["passed"]
    # JSON carries the evidence verbatim; it round-trips through a serialiser unchanged.
    assert json.loads(json.dumps(data)) == data


def test_findings_are_ordered_by_area_then_severity(evil: AuditReport) -> None:
    report = evil
    groups = list(ordered(report.findings))
    areas = [area for area, _, _ in groups]
    assert areas.index("mx") < areas.index("spf") < areas.index("dmarc") < areas.index("mta-sts")
    for _, _, items in groups:
        flags = [f.passed for f in items]
        assert flags == sorted(flags)  # failed findings first, passed checks last


# -- HTML ----------------------------------------------------------------------------------


def test_html_is_self_contained_and_escapes_hostile_records(evil: AuditReport) -> None:
    report = evil
    page = render_html(report, score_findings(report.findings))
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    # Nothing executable or fetched: only inert elements, no attribute that loads or runs anything.
    tags = Tags()
    tags.feed(page)
    assert tags.names <= {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "strong", "span",
                          "table", "tr", "th", "td", "div", "pre", "footer"}, tags.names
    assert tags.attributes <= {"lang", "charset", "http-equiv", "content", "name", "class"}, tags.attributes
    assert "@import" not in page and "url(" not in page
    assert "default-src 'none'" in page  # and a CSP in case anything ever slips through
    # The hostile records are shown, as text.
    assert "&lt;script&gt;alert(&quot;spf&quot;)&lt;/script&gt;" in page
    assert "id=&lt;img src=x onerror=alert(1)&gt;" in page
    assert "SPF_SYNTAX" in page and "MTA_STS_SYNTAX" in page


# -- terminal ------------------------------------------------------------------------------


def render(report: AuditReport, *, show_passed: bool = True) -> str:
    console = Console(file=io.StringIO(), width=400, record=True, color_system=None)
    render_terminal(report, score_findings(report.findings), console, show_passed=show_passed)
    return console.export_text()


def test_terminal_report_groups_by_area_and_prints_evidence_verbatim(evil: AuditReport) -> None:
    report = evil
    text = render(report)
    score = score_findings(report.findings)
    assert f"Score {score.score}/100   Grade {score.grade}" in text.splitlines()[1]
    assert text.index("MX records") < text.index("\nSPF\n") < text.index("\nDMARC\n") < text.index("\nMTA-STS\n")
    assert "HIGH     SPF_SYNTAX" in text and "[bold red]markup[/]" in text  # never taken as rich markup
    assert "fix:" in text and "ok  MX_OK" in text
    quiet = render(report, show_passed=False)
    assert "MX_OK" not in quiet and "SPF_SYNTAX" in quiet and "MX records" not in quiet


def test_terminal_report_is_coloured_by_severity(evil: AuditReport) -> None:
    stream = io.StringIO()
    console = Console(file=stream, width=400, force_terminal=True, color_system="standard")
    render_terminal(evil, score_findings(evil.findings), console)
    text = stream.getvalue()
    high = next(line for line in text.splitlines() if "SPF_SYNTAX" in line)
    assert "\x1b[1;31m" in high  # high: bold red
    ok = next(line for line in text.splitlines() if "MX_OK" in line)
    assert "\x1b[2m" in ok  # passed checks dimmed


def test_progress_display_names_the_running_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    from relaywarden import cli_audit

    stream = io.StringIO()
    monkeypatch.setattr(cli_audit, "err", Console(file=stream, force_terminal=True, width=100))
    with cli_audit._progress_display(True) as update:
        assert update is not None
        update("SPF", "start")
        update("SMTP [b]mx[/b]:25", "start")  # a label with markup-like text from DNS
        update("SPF", "done")
    shown = stream.getvalue()
    # The last frame (drawn when the display stops): what still runs, and done/started.
    assert "SMTP [b]mx[/b]:25 1/2" in shown
    with cli_audit._progress_display(False) as nothing:
        assert nothing is None  # --quiet, or stderr not a terminal


async def test_control_characters_never_reach_the_terminal(dns_server: DNSServer, psl: PublicSuffixList) -> None:
    report = await dns_audit(dns_server, "ansi.test", psl)
    assert any("\x1b[2J" in f.evidence for f in report.findings)  # the record really carries ESC
    text = render(report)
    assert "\x1b" not in text and "\x07" not in text
    assert "\\x1b[2J\\x1b]0;owned\\x07" in text
    page = render_html(report, score_findings(report.findings))
    assert "\x1b" not in page and "\\x1b[2J" in page
    # JSON keeps the evidence exact: its own escaping makes it safe.
    assert "\\u001b[2J" in json.dumps(to_json(report, score_findings(report.findings)))


def test_printable() -> None:
    assert printable("v=spf1 -all") == "v=spf1 -all"
    assert printable("a\r\nb\tc") == "a\\x0d\nb\tc"
    assert printable("x\u202etxt.exe") == "x\\u202etxt.exe"  # a bidi override cannot reorder the line
    assert printable("café 😀") == "café 😀"


async def test_hostile_banner_is_escaped_in_every_format() -> None:
    banner = b"220 mx.test <script>alert(1)</script> \x1b[2J ESMTP Postfix 3.7.5\r\n"
    async with scripted(fake_smtp(banner)) as port:
        report = await audit_servers([f"127.0.0.1:{port}"], timeout=5.0)
    score = score_findings(report.findings)
    disclosed = next(f for f in report.findings if f.code == "SERVER_VERSION_DISCLOSED")
    assert "<script>" in disclosed.evidence
    page = render_html(report, score)
    tags = Tags()
    tags.feed(page)
    assert "script" not in tags.names and "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "\x1b" not in page
    text = render(report)
    assert "<script>alert(1)</script>" in text and "\x1b" not in text
    assert to_json(report, score)["servers"] == [f"127.0.0.1:{port}"]


async def test_failures_at_or_above(dns_server: DNSServer, psl: PublicSuffixList) -> None:
    report = await dns_audit(dns_server, "open.test", psl)
    assert {f.code for f in failures_at_or_above(report.findings, "critical")} == {"SPF_PLUS_ALL"}
    low = failures_at_or_above(report.findings, "low")
    assert "SPF_PLUS_ALL" in {f.code for f in low} and not any(f.passed or f.severity == "info" for f in low)


# -- the command ---------------------------------------------------------------------------


def test_cli_json_and_html(dns_server: DNSServer, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    code, out, _ = run(capsys, "evil.test", "--nameserver", dns_server.nameserver, "--no-probe", "--timeout", "5",
                       "--json", "--html", str(page))
    assert code == EXIT_OK
    data = json.loads(out)
    assert set(data) == REPORT_KEYS and data["domain"] == "evil.test" and data["options"]["probe_servers"] is False
    assert "&lt;script&gt;" in page.read_text(encoding="utf-8")


def test_cli_terminal_report(dns_server: DNSServer, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "good.test.", "--nameserver", dns_server.nameserver, "--no-probe", "--timeout", "5")
    assert code == EXIT_OK
    assert out.startswith("relaywarden audit of good.test\n") and "Grade A" in out and "SPF_OK" in out


@pytest.mark.parametrize(("threshold", "expected"), [("critical", EXIT_THRESHOLD), ("HIGH", EXIT_THRESHOLD)])
def test_cli_fail_on_reached(dns_server: DNSServer, capsys: pytest.CaptureFixture[str], threshold: str,
                             expected: int) -> None:
    code, _, err = run(capsys, "open.test", "--nameserver", dns_server.nameserver, "--no-probe", "--timeout", "5",
                       "--fail-on", threshold)
    assert code == expected and "SPF_PLUS_ALL" in err


def test_cli_fail_on_not_reached(dns_server: DNSServer, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(capsys, "evil.test", "--nameserver", dns_server.nameserver, "--no-probe", "--timeout", "5",
                     "--fail-on", "critical")
    assert code == EXIT_OK  # evil.test's worst finding is high
    code, _, _ = run(capsys, "good.test", "--nameserver", dns_server.nameserver, "--no-probe", "--timeout", "5",
                     "--fail-on", "high")
    assert code == EXIT_OK


@pytest.mark.parametrize(("argv", "message"), [
    ((), "name a DOMAIN"),
    (("good.test", "--fail-on", "severe"), "--fail-on 'severe'"),
    (("good.test", "--server", "mx.test:0"), "not a port number"),
    (("good.test", "--server", "<b>:25"), "not a host name"),
    (("good.test", "--nameserver", "dns.example:53"), "not an IP address"),
    (("exa mple.test",), "not a domain name"),
    (("good.test", "--smtp-port", "70000"), "ports must be"),
    (("good.test", "--frobnicate"), "frobnicate"),
    (("good.test", "--timeout", "soon"), "--timeout"),
])
def test_cli_usage_errors_exit_1(capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str) -> None:
    code, out, err = run(capsys, *argv)
    assert code == EXIT_ERROR, (out, err)
    assert message in err and out == ""


@pytest.mark.parametrize("argv", [
    ("audit", "--frobnicate"),
    ("audit", "good.test", "--timeout", "soon"),
    ("audit", "good.test", "--fail-on", "severe"),
    ("audit", "--self", "--config", "/nonexistent/relaywarden.toml"),
])
def test_the_relaywarden_command_line_exits_1_on_errors(argv: tuple[str, ...]) -> None:
    # Through the `relaywarden` program itself, where other commands exit 2 on a config error:
    # for audit, 2 means only "--fail-on reached".
    from typer.testing import CliRunner

    from relaywarden.cli import app

    result = CliRunner().invoke(app, list(argv))
    assert result.exit_code == EXIT_ERROR, result.output
