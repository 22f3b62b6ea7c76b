"""What every audit check reports: findings with a stable code, a severity, the evidence and
the exact fix. Checks return lists of findings; the report scores them (docs/audit.md)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Severity = Literal["critical", "high", "medium", "low", "info"]
SEVERITIES: tuple[Severity, ...] = ("critical", "high", "medium", "low", "info")
Area = Literal["mx", "spf", "dkim", "dmarc", "mta-sts", "tls-rpt", "bimi", "dnssec", "dane", "server", "self"]


@dataclass(frozen=True)
class Finding:
    code: str
    """Stable identifier, upper snake case: SPF_LOOKUP_LIMIT, DMARC_POLICY_NONE, ..."""
    severity: Severity
    area: Area
    title: str
    """One sentence a person understands."""
    evidence: str = ""
    """What was seen: the record, the reply, the count."""
    fix: str = ""
    """The exact change: the DNS record to publish or the setting to use. Empty for passes."""
    passed: bool = False
    """True for a check that passed (reported so a report shows what was checked)."""
    target: str = ""
    """What it is about: the domain, an MX host, HOST:PORT."""
    details: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def passed(code: str, area: Area, title: str, *, evidence: str = "", target: str = "") -> Finding:
    return Finding(code=code, severity="info", area=area, title=title, evidence=evidence, passed=True, target=target)
