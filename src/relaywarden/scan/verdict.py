"""Symbols, verdicts and actions: the vocabulary every check speaks.

A check returns symbols. A symbol has a stable upper-snake-case name, a score (positive is
suspicious, negative is reassuring) and one sentence that explains it with the evidence, so an
administrator reading the log and a recipient reading the banner both learn why. The verdict
sums the scores and maps them to an action through thresholds from config.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any, Literal

Action = Literal["accept", "tag", "banner", "quarantine", "reject"]
ACTIONS: tuple[Action, ...] = ("accept", "tag", "banner", "quarantine", "reject")
"""In increasing severity; a forced action never lowers what the score asks for unless it is an allow."""


@dataclass(frozen=True)
class Symbol:
    name: str
    """Stable identifier, upper snake case: LINK_TEXT_MISMATCH, LOOKALIKE_DOMAIN, ..."""
    score: float
    description: str
    """One sentence for the administrator, with the evidence (the URL, the domain, the name)."""
    banner: str = ""
    """One short sentence in plain words for the recipient's warning banner; empty keeps the
    symbol out of the banner (technical symbols such as MIME_LIMIT)."""
    force: Action | None = None
    """An action this symbol imposes whatever the score (block lists, DLP policy, MIME bombs)."""

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "score": round(self.score, 3), "description": self.description}


def known_scores(overrides: dict[str, float], defaults: dict[str, float]) -> dict[str, float]:
    """A `scores` table from config, refused when it names a symbol the check does not emit (a
    typo would otherwise silently change nothing)."""
    unknown = sorted(set(overrides) - set(defaults))
    if unknown:
        raise ValueError(f"unknown symbol(s) {', '.join(unknown)}; known: {', '.join(defaults)}")
    return overrides


def severity(action: Action) -> int:
    return ACTIONS.index(action)


@dataclass(frozen=True)
class Thresholds:
    """Score at or above which each action applies; None disables that action."""

    tag: float | None = 4.0
    banner: float | None = 6.0
    quarantine: float | None = 10.0
    reject: float | None = 15.0

    def action_for(self, score: float) -> Action:
        chosen: Action = "accept"
        for action in ACTIONS[1:]:
            limit = getattr(self, action)
            if limit is not None and score >= limit:
                chosen = action
        return chosen


def new_reference() -> str:
    """A short id quoted in rejections and banners, so a user's complaint finds the log line."""
    return "RW-" + secrets.token_hex(5).upper()


@dataclass
class Verdict:
    score: float
    action: Action
    symbols: list[Symbol]
    reference: str = field(default_factory=new_reference)
    allowed: bool = False
    """An allow-list entry matched: the action is accept whatever the score (DLP still applies)."""

    @classmethod
    def from_symbols(cls, symbols: list[Symbol], thresholds: Thresholds, *, allowed: bool = False) -> Verdict:
        score = round(sum(s.score for s in symbols), 3)
        action: Action = "accept" if allowed else thresholds.action_for(score)
        for s in symbols:
            # "accept" is what allow entries force; it is carried by `allowed`, never a raise.
            if s.force is not None and s.force != "accept" and severity(s.force) > severity(action):
                action = s.force
        return cls(score=score, action=action, symbols=symbols, allowed=allowed)

    def banner_reasons(self) -> list[str]:
        return [s.banner for s in sorted(self.symbols, key=lambda s: -s.score) if s.banner and s.score > 0]

    def to_json(self) -> dict[str, Any]:
        return {"action": self.action, "score": self.score, "reference": self.reference,
                "symbols": [s.to_json() for s in self.symbols]}


__all__ = ["ACTIONS", "Action", "Symbol", "Thresholds", "Verdict", "known_scores", "new_reference", "severity"]
