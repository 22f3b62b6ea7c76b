"""The scanner: parse once, run every check, sum the symbols into a verdict.

Each check is a function of the parsed message and the context that returns symbols. A check
that fails on hostile input is reported as a zero-score SCAN_CHECK_FAILED symbol and logged; it
never takes the message or the session down with it. The scanner itself is synchronous and
CPU-bound: the relay runs it in a worker thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from relaywarden.scan.checks.attachments import check_attachments
from relaywarden.scan.checks.phishing import check_phishing
from relaywarden.scan.context import ScanContext
from relaywarden.scan.dlp import check_dlp
from relaywarden.scan.lists import Lists
from relaywarden.scan.message import ParsedMessage
from relaywarden.scan.mime import parse_message
from relaywarden.scan.settings import ScanConfig
from relaywarden.scan.verdict import Symbol, Verdict

if TYPE_CHECKING:  # the classifier and the behaviour store are optional at runtime
    from relaywarden.scan.classifier import Classifier
    from relaywarden.store.behaviour import BehaviourStore

log = logging.getLogger(__name__)

Check = Callable[[ParsedMessage, ScanContext], list[Symbol]]


CLAIMS_INTERNAL = frozenset({"DISPLAY_NAME_IMPERSONATION", "DISPLAY_NAME_EXECUTIVE", "FREEMAIL_CLAIMS_INTERNAL"})
NEW_SENDER_CLAIMS_INTERNAL_SCORE = 3.0


def correlate(symbols: list[Symbol]) -> list[Symbol]:
    """Symbols that only a combination of checks can see: a sender never seen before (the
    behaviour memory) who presents as someone inside the organisation (the phishing checks)
    is the classic opening of CEO fraud."""
    names = {s.name for s in symbols}
    if "FIRST_CONTACT" in names and names & CLAIMS_INTERNAL:
        claim = next(s for s in symbols if s.name in CLAIMS_INTERNAL)
        return [Symbol("NEW_SENDER_CLAIMS_INTERNAL", NEW_SENDER_CLAIMS_INTERNAL_SCORE,
                       f"A sender never seen before presents as someone inside the organisation: {claim.description}",
                       banner="This is the first message from this sender, who presents as someone from your "
                              "organisation.")]
    return []


@dataclass
class Scanner:
    cfg: ScanConfig
    lists: Lists
    classifier: Classifier | None = None
    behaviour: BehaviourStore | None = None
    """Records and judges behaviour; None for read-only scans (the `scan` command)."""
    checks: list[tuple[str, Check]] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        cfg = self.cfg
        self.checks = [
            ("lists", self.lists.check),
            ("attachments", lambda m, c: check_attachments(m, c, cfg.attachments)),
            ("phishing", lambda m, c: check_phishing(m, c, cfg.phishing)),
            ("dlp", lambda m, c: check_dlp(m, c, cfg.dlp)),
        ]
        if self.classifier is not None:
            clf = self.classifier
            self.checks.append(("classifier", lambda m, c: clf.symbols(m, c, cfg.classifier)))
        if self.behaviour is not None:
            store = self.behaviour
            self.checks.append(("behaviour", lambda m, c: store.observe(m, c)))

    @classmethod
    def build(cls, cfg: ScanConfig, engine: Engine | None, *, record_behaviour: bool,
              on_model_error: Callable[[Exception], None] | None = None) -> Scanner:
        """The scanner for a relay (record_behaviour=True) or for the `scan` command. A model
        that cannot be loaded raises, unless on_model_error is given: then it is told, and the
        scanner runs without the classifier (mail must not stop for a broken model file)."""
        classifier = None
        if cfg.classifier.enabled:
            from relaywarden.scan.classifier import Classifier

            try:
                classifier = Classifier.load(cfg.classifier.model_path)
            except Exception as exc:
                if on_model_error is None:
                    raise
                on_model_error(exc)
        behaviour = None
        if record_behaviour and engine is not None:
            from relaywarden.store.behaviour import BehaviourStore

            behaviour = BehaviourStore(engine, cfg.anomaly)
        return cls(cfg=cfg, lists=Lists(cfg.lists, engine), classifier=classifier, behaviour=behaviour)

    def scan(self, raw: bytes, ctx: ScanContext) -> Verdict:
        msg = parse_message(raw, self.cfg.mime)
        return self.scan_parsed(msg, ctx)

    def scan_parsed(self, msg: ParsedMessage, ctx: ScanContext) -> Verdict:
        symbols: list[Symbol] = []
        for name, check in self.checks:
            try:
                symbols.extend(check(msg, ctx))
            except Exception as exc:  # hostile input must end as a symbol, never as a crash
                log.exception("scan check %s failed", name)
                symbols.append(Symbol("SCAN_CHECK_FAILED", 0.0,
                                      f"The {name} check could not finish: {type(exc).__name__}: {exc}"))
        symbols.extend(correlate(symbols))
        allowed = any(s.name == "ALLOW_LISTED" for s in symbols)
        return Verdict.from_symbols(symbols, self.cfg.thresholds.thresholds(), allowed=allowed)

    def throttled(self, user: str) -> str | None:
        """Why an account is held back after looking compromised, or None."""
        if self.behaviour is None:
            return None
        return self.behaviour.throttle(user)
