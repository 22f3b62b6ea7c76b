"""Scoring of an audit: 0-100 and a grade A+..F (the reasons are in docs/audit.md).

The score starts at 100 and each failed finding takes away its severity's weight times its
area's weight; what one area can take away is capped, so ten small MTA-STS remarks cannot
weigh more than a missing SPF record. Then two rules cap the result:

- a failed *mandatory* check (SPF, DMARC enforcement, STARTTLS, no open relay, no known
  vulnerable version) caps the score at grade C, two at D, three or more at F
  (MANDATORY_CAPS);
- a *critical* finding (an open relay, SPF +all) caps it at CRITICAL_CAP (grade F).

Recommended checks (DANE, DNSSEC, MTA-STS, TLS-RPT, BIMI) lower the score a little when they
fail, never cap it, and are required only for A+.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from relaywarden.assess.findings import SEVERITIES, Area, Finding, Severity

__all__ = [
    "AREA_WEIGHTS",
    "CRITICAL_CAP",
    "GRADES",
    "MANDATORY",
    "MANDATORY_CAPS",
    "RECOMMENDED",
    "SEVERITY_WEIGHTS",
    "CheckStatus",
    "Requirement",
    "Score",
    "at_or_above",
    "grade_for",
    "score_findings",
]

SEVERITY_WEIGHTS: dict[Severity, float] = {"critical": 40.0, "high": 15.0, "medium": 6.0, "low": 2.0, "info": 0.0}

AREA_WEIGHTS: dict[Area, tuple[float, float]] = {
    # area: (weight, most the area can take away)
    "mx": (1.0, 40.0),
    "spf": (1.0, 40.0),
    "dkim": (1.0, 30.0),
    "dmarc": (1.0, 40.0),
    "server": (1.0, 60.0),
    "self": (1.0, 40.0),
    "mta-sts": (0.5, 8.0),
    "tls-rpt": (0.5, 4.0),
    "dnssec": (0.5, 8.0),
    "dane": (0.5, 8.0),
    "bimi": (0.25, 2.0),
}

GRADES: tuple[tuple[str, int], ...] = (("A+", 95), ("A", 85), ("B", 70), ("C", 55), ("D", 40), ("F", 0))
"""Grade and the lowest score that earns it (A+ also needs every check below passed)."""
MANDATORY_CAPS: tuple[int, ...] = (69, 54, 39)
"""Highest score with one, two, three or more failed mandatory checks: C, D, F at best."""
CRITICAL_CAP = 39
"""Highest score with a critical finding: F."""


@dataclass(frozen=True)
class Requirement:
    """A named check that scoring treats as a unit: failed by any of `fail_codes` (or by a
    failed finding of `fail_severity` or worse in `area`), shown tested by any of `pass_codes`."""

    name: str
    area: Area
    fail_codes: frozenset[str]
    pass_codes: frozenset[str]
    fail_severity: Severity | None = None


def _req(name: str, area: Area, fail: str, ok: str, fail_severity: Severity | None = None) -> Requirement:
    return Requirement(name, area, frozenset(fail.split()), frozenset(ok.split()), fail_severity)


MANDATORY: tuple[Requirement, ...] = (
    _req("SPF", "spf", "SPF_MISSING SPF_MULTIPLE SPF_PLUS_ALL", "SPF_OK", "high"),
    _req("DMARC enforcement", "dmarc", "DMARC_MISSING DMARC_MULTIPLE DMARC_NO_POLICY DMARC_POLICY_NONE",
         "DMARC_POLICY_OK", "high"),
    _req("STARTTLS", "server", "SMTP_NO_STARTTLS TLS_HANDSHAKE_FAILED", "SMTP_NO_STARTTLS"),
    _req("No open relay", "server", "SMTP_OPEN_RELAY", "SMTP_OPEN_RELAY"),
    _req("No known-vulnerable version", "server", "SERVER_VULNERABLE", "SERVER_VULNERABLE"),
)
"""What a mail domain must have today; failing one caps the grade at C."""

RECOMMENDED: tuple[Requirement, ...] = (
    _req("DANE", "dane", "", "", "low"),
    _req("DNSSEC", "dnssec", "", "", "low"),
    _req("MTA-STS", "mta-sts", "", "", "low"),
    _req("TLS-RPT", "tls-rpt", "", "", "low"),
    _req("BIMI", "bimi", "", "", "info"),  # BIMI_MISSING is info: it costs nothing, but it is not a pass
)
"""Good practice that not every domain can adopt (see docs/audit.md); needed for A+ only,
except BIMI, which is informational."""

_NOT_FOR_A_PLUS = frozenset({"BIMI"})

Status = Literal["pass", "fail", "not tested"]


@dataclass(frozen=True)
class CheckStatus:
    name: str
    status: Status
    codes: tuple[str, ...] = ()
    """The codes of the failed findings that decided a fail."""

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "status": self.status, "codes": list(self.codes)}


@dataclass(frozen=True)
class Score:
    score: int
    grade: str
    mandatory: tuple[CheckStatus, ...]
    recommended: tuple[CheckStatus, ...]
    caps: tuple[str, ...]
    """Why the score was capped, one sentence each (empty when it was not)."""
    penalties: dict[str, float]
    """Points each area took away, after its cap."""


def at_or_above(severity: Severity, threshold: Severity) -> bool:
    return SEVERITIES.index(severity) <= SEVERITIES.index(threshold)


def _failed(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if not f.passed and f.severity != "info"]


def _status(req: Requirement, findings: list[Finding]) -> CheckStatus:
    failing = [f for f in findings if not f.passed and f.area == req.area and (
        f.code in req.fail_codes or (req.fail_severity is not None and at_or_above(f.severity, req.fail_severity)))]
    if failing:
        return CheckStatus(req.name, "fail", tuple(dict.fromkeys(f.code for f in failing)))
    tested = any(f.area == req.area and f.passed and (not req.pass_codes or f.code in req.pass_codes)
                 for f in findings)
    return CheckStatus(req.name, "pass" if tested else "not tested")


def _penalties(findings: list[Finding]) -> dict[str, float]:
    raw: dict[Area, float] = {}
    for f in _failed(findings):
        weight, _ = AREA_WEIGHTS[f.area]
        raw[f.area] = raw.get(f.area, 0.0) + SEVERITY_WEIGHTS[f.severity] * weight
    return {area: min(points, AREA_WEIGHTS[area][1]) for area, points in raw.items()}


def grade_for(score: int) -> str:
    """The grade a score earns by the thresholds alone (A+ needs more: see score_findings)."""
    for grade, lowest in GRADES:
        if score >= lowest:
            return grade
    return "F"


def score_findings(findings: Iterable[Finding]) -> Score:
    items = list(findings)
    penalties = _penalties(items)
    value = max(0, round(100 - sum(penalties.values())))
    mandatory = tuple(_status(r, items) for r in MANDATORY)
    recommended = tuple(_status(r, items) for r in RECOMMENDED)
    caps: list[str] = []
    critical = sorted({f.code for f in items if not f.passed and f.severity == "critical"})
    if critical:
        value = min(value, CRITICAL_CAP)
        caps.append(f"critical finding ({', '.join(critical)}): grade F")
    broken = [c.name for c in mandatory if c.status == "fail"]
    if broken:
        cap = MANDATORY_CAPS[min(len(broken), len(MANDATORY_CAPS)) - 1]
        value = min(value, cap)
        caps.append(f"{len(broken)} mandatory check(s) failed ({', '.join(broken)}): grade {grade_for(cap)} at best")
    grade = grade_for(value)
    if grade == "A+" and not _a_plus(mandatory, recommended):
        grade = "A"
    return Score(value, grade, mandatory, recommended, tuple(caps), penalties)


def _a_plus(mandatory: tuple[CheckStatus, ...], recommended: tuple[CheckStatus, ...]) -> bool:
    """A+ is for a domain where every mandatory check was tested and passed, and every
    recommended one but BIMI passed too."""
    return (all(c.status == "pass" for c in mandatory)
            and all(c.status == "pass" for c in recommended if c.name not in _NOT_FOR_A_PLUS))
