"""The three forms of an audit report: the terminal (rich), JSON (schema relaywarden-audit/1)
and a self-contained HTML page. All three show the same findings in the same order: by area,
then by target, failed findings first (worst first), passed checks last.

Everything in a finding may come from the audited party (TXT records, SMTP banners): the
terminal prints it as plain text (never as rich markup) with control characters shown as
escapes (an ESC in a TXT record must not drive the auditor's terminal), and the HTML escapes
it, under a Content-Security-Policy that forbids scripts in case anything ever slips through.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

from rich.console import Console
from rich.text import Text

from relaywarden import __version__
from relaywarden.assess.audit import AuditReport
from relaywarden.assess.findings import SEVERITIES, Finding, Severity
from relaywarden.assess.score import Score, at_or_above

__all__ = ["AREA_TITLES", "SCHEMA", "failures_at_or_above", "ordered", "printable", "render_html", "render_terminal",
           "to_json"]

SCHEMA = "relaywarden-audit/1"
"""Bumped only when a field changes meaning or disappears; new fields may be added within /1."""

AREA_TITLES: dict[str, str] = {
    "mx": "MX records", "spf": "SPF", "dkim": "DKIM", "dmarc": "DMARC", "mta-sts": "MTA-STS",
    "tls-rpt": "TLS-RPT", "bimi": "BIMI", "dnssec": "DNSSEC", "dane": "DANE", "server": "Mail servers",
    "self": "relaywarden's own configuration",
}
_AREA_ORDER: tuple[str, ...] = tuple(AREA_TITLES)
_SEVERITY_STYLE: dict[Severity, str] = {"critical": "bold white on red", "high": "bold red", "medium": "yellow",
                                        "low": "cyan", "info": "blue"}
_GRADE_STYLE = {"A+": "bold green", "A": "bold green", "B": "green", "C": "yellow", "D": "red", "F": "bold red"}
_STATUS_STYLE = {"pass": "green", "fail": "bold red", "not tested": "dim"}


_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def printable(text: str) -> str:
    """text with control and bidirectional-override characters as visible escapes (\\x1b);
    newlines and tabs are kept."""
    if text.isprintable():
        return text
    out: list[str] = []
    for ch in text:
        if ch in "\n\t" or (ch.isprintable() and ch not in _BIDI):
            out.append(ch)
        elif unicodedata.category(ch) in ("Zs", "Zl", "Zp") and ch not in _BIDI:
            out.append(" ")
        else:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
    return "".join(out)


def failures_at_or_above(findings: Iterable[Finding], threshold: Severity) -> list[Finding]:
    """Failed findings at `threshold` or worse (for --fail-on)."""
    return [f for f in findings if not f.passed and at_or_above(f.severity, threshold)]


def _area_key(area: str) -> int:
    return _AREA_ORDER.index(area) if area in _AREA_ORDER else len(_AREA_ORDER)


def _finding_key(f: Finding) -> tuple[int, int]:
    return (1, 0) if f.passed else (0, SEVERITIES.index(f.severity))


def ordered(findings: Iterable[Finding]) -> Iterator[tuple[str, str, list[Finding]]]:
    """(area, target, findings) groups in report order; targets keep the order they were found."""
    groups: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        groups.setdefault((f.area, f.target), []).append(f)
    for (area, target), items in sorted(groups.items(), key=lambda kv: _area_key(kv[0][0])):
        yield area, target, sorted(items, key=_finding_key)


def _counts(findings: Iterable[Finding]) -> dict[str, int]:
    counts = dict.fromkeys((*SEVERITIES, "passed"), 0)
    for f in findings:
        counts["passed" if f.passed else f.severity] += 1
    return counts


def _subject(report: AuditReport) -> str:
    if report.domain and report.servers:
        return f"{report.domain} (servers: {', '.join(report.servers)})"
    if report.domain or report.servers:
        return report.domain or ", ".join(report.servers)
    return "relaywarden itself" if any(f.area == "self" for f in report.findings) else "(nothing)"


# -- terminal -------------------------------------------------------------------------------


def render_terminal(report: AuditReport, score: Score, console: Console, *, show_passed: bool = True) -> None:
    """The report grouped by area; colours by severity, passed checks dimmed."""
    console.print(Text.assemble(("relaywarden audit of ", "bold"), (printable(_subject(report)), "bold")))
    console.print(Text.assemble("Score ", (f"{score.score}/100", "bold"), "   Grade ",
                                (score.grade, _GRADE_STYLE.get(score.grade, "bold"))))
    for cap in score.caps:
        console.print(Text(f"  capped: {cap}", style="red"))
    _print_requirements(console, "Mandatory", score.mandatory)
    _print_requirements(console, "Recommended", score.recommended)
    area_shown = ""
    for area, target, items in ordered(report.findings):
        shown = [f for f in items if show_passed or not f.passed]
        if not shown:
            continue
        if area != area_shown:
            console.print()
            console.print(Text(AREA_TITLES.get(area, area), style="bold underline"))
            area_shown = area
        if target and (area == "server" or target != report.domain):
            console.print(Text(f"  {printable(target)}", style="bold"))
        for f in shown:
            _print_finding(console, f)
    counts = _counts(report.findings)
    console.print()
    console.print(Text(", ".join(f"{n} {k}" for k, n in counts.items() if n) or "no findings", style="bold"))


def _print_requirements(console: Console, label: str, checks: Iterable[Any]) -> None:
    line = Text(f"{label}: ", style="bold")
    for i, c in enumerate(checks):
        if i:
            line.append("  ")
        line.append(f"{c.name} ")
        line.append(c.status, style=_STATUS_STYLE[c.status])
    console.print(line)


def _print_finding(console: Console, f: Finding) -> None:
    code, title = printable(f.code), printable(f.title)
    if f.passed:
        console.print(Text(f"    ok  {code}: {title}", style="dim"))
        return
    style = _SEVERITY_STYLE[f.severity]
    console.print(Text.assemble("    ", (f"{f.severity.upper():<8}", style), " ", (code, "bold"), ": ", title))
    if f.evidence:
        console.print(Text(_indent("seen: ", printable(f.evidence))))
    if f.fix:
        console.print(Text(_indent("fix:  ", printable(f.fix)), style="green"))


def _indent(label: str, text: str) -> str:
    lines = text.splitlines() or [""]
    pad = " " * (6 + len(label))
    return " " * 6 + label + lines[0] + "".join(f"\n{pad}{line}" for line in lines[1:])


# -- JSON -----------------------------------------------------------------------------------


def to_json(report: AuditReport, score: Score) -> dict[str, Any]:
    """The documented relaywarden-audit/1 object (docs/audit.md describes every field)."""
    findings = [f for _, _, items in ordered(report.findings) for f in items]
    return {
        "schema": SCHEMA,
        "generator": f"relaywarden {__version__}",
        "domain": report.domain,
        "servers": list(report.servers),
        "started": report.started,
        "duration_seconds": round(report.seconds, 3),
        "score": score.score,
        "grade": score.grade,
        "caps": list(score.caps),
        "mandatory": [c.to_json() for c in score.mandatory],
        "recommended": [c.to_json() for c in score.recommended],
        "penalties": {area: round(points, 2) for area, points in score.penalties.items()},
        "summary": _counts(report.findings),
        "checks": [c.to_json() for c in report.checks],
        "options": dict(report.options),
        "findings": [_finding_json(f) for f in findings],
    }


def _finding_json(f: Finding) -> dict[str, Any]:
    data = f.to_json()
    out = {key: data[key] for key in ("code", "severity", "area", "title", "evidence", "fix", "passed", "target")}
    out["details"] = _jsonable(data["details"])
    return out


def _jsonable(value: Any, depth: int = 0) -> Any:
    """details as plain JSON: whatever a check put there (tuples, sets, bytes, dates) never
    makes the JSON output fail; deeper than 20 levels is cut (a hostile SPF tree is bounded
    already, this is the last line)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if depth > 20:
        return "..."
    if isinstance(value, dict):
        return {str(k): _jsonable(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return [_jsonable(v, depth + 1) for v in items]
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


# -- HTML -----------------------------------------------------------------------------------

_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:60em;color:#222;
padding:0 1em}
h1{font-size:1.5em;margin-bottom:.2em}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
h3{font-size:1em;margin:1em 0 .4em;color:#444}
.score{font-size:1.3em;margin:.4em 0}.grade{display:inline-block;padding:.1em .6em;border-radius:.3em;
color:#fff;font-weight:bold}
.g-Ap,.g-A{background:#2e7d32}.g-B{background:#689f38}.g-C{background:#f9a825}.g-D{background:#ef6c00}
.g-F{background:#c62828}
.cap{color:#c62828}
table.req{border-collapse:collapse;margin:.4em 0}table.req td{padding:.15em .8em .15em 0}
.pass{color:#2e7d32}.fail{color:#c62828;font-weight:bold}.nottested{color:#888}
.f{border-left:5px solid #999;margin:.5em 0;padding:.3em .8em;background:#fafafa}
.f .code{font-family:ui-monospace,monospace;font-weight:bold}
.sev{display:inline-block;min-width:5.5em;font-size:.8em;text-transform:uppercase;font-weight:bold}
.s-critical{border-color:#b71c1c}.s-critical .sev{color:#b71c1c}.s-high{border-color:#e53935}
.s-high .sev{color:#e53935}.s-medium{border-color:#fb8c00}.s-medium .sev{color:#e67e00}
.s-low{border-color:#1e88e5}.s-low .sev{color:#1e88e5}.s-info{border-color:#90a4ae}.s-info .sev{color:#607d8b}
.passed{border-color:#a5d6a7;color:#777;background:#fff}.passed .sev{color:#66bb6a}
pre{white-space:pre-wrap;word-break:break-all;margin:.3em 0;font:13px/1.4 ui-monospace,monospace;
background:#f0f0f0;padding:.3em .5em}
pre.fix{background:#e8f5e9}
footer{margin-top:2em;color:#888;font-size:.85em}
"""


def _e(text: object) -> str:
    return html.escape(printable(str(text)), quote=True)


def render_html(report: AuditReport, score: Score) -> str:
    """A self-contained page: inline CSS, no scripts, no external resources, everything escaped."""
    grade_class = "g-Ap" if score.grade == "A+" else f"g-{score.grade}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Mail security audit: {_e(_subject(report))}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>Mail security audit: {_e(_subject(report))}</h1>",
        f'<p class="score">Score <strong>{score.score}/100</strong> '
        f'<span class="grade {grade_class}">{_e(score.grade)}</span></p>',
    ]
    parts += [f'<p class="cap">Capped: {_e(cap)}</p>' for cap in score.caps]
    parts.append('<table class="req">')
    for label, checks in (("Mandatory", score.mandatory), ("Recommended", score.recommended)):
        cells = "".join(f'<td>{_e(c.name)}: <span class="{c.status.replace(" ", "")}">{_e(c.status)}</span></td>'
                        for c in checks)
        parts.append(f"<tr><th>{label}</th>{cells}</tr>")
    parts.append("</table>")
    counts = _counts(report.findings)
    parts.append("<p>" + _e(", ".join(f"{n} {k}" for k, n in counts.items() if n) or "no findings") + "</p>")
    parts += _html_findings(report)
    parts.append(f"<footer>relaywarden {_e(__version__)} · started {_e(report.started)} · "
                 f"{report.seconds:.1f} s · schema {_e(SCHEMA)}</footer>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _html_findings(report: AuditReport) -> list[str]:
    parts: list[str] = []
    area_shown = ""
    for area, target, items in ordered(report.findings):
        if area != area_shown:
            parts.append(f"<h2>{_e(AREA_TITLES.get(area, area))}</h2>")
            area_shown = area
        if target and (area == "server" or target != report.domain):
            parts.append(f"<h3>{_e(target)}</h3>")
        parts += [_html_finding(f) for f in items]
    return parts


def _html_finding(f: Finding) -> str:
    css = "f passed" if f.passed else f"f s-{f.severity}"
    label = "passed" if f.passed else f.severity
    body = [f'<div class="{css}"><span class="sev">{_e(label)}</span> '
            f'<span class="code">{_e(f.code)}</span> {_e(f.title)}']
    if f.evidence:
        body.append(f"<pre>{_e(f.evidence)}</pre>")
    if f.fix and not f.passed:
        body.append(f'<pre class="fix">{_e(f.fix)}</pre>')
    body.append("</div>")
    return "".join(body)

