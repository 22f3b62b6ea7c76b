"""The `[scan]` configuration section: thresholds, and one sub-section per family of checks
(each defined next to the code it configures)."""

from __future__ import annotations

import itertools
from pathlib import Path

from pydantic import Field, model_validator

from relaywarden.configbase import Section
from relaywarden.scan.actions import ActionsConfig
from relaywarden.scan.anomaly import AnomalyConfig
from relaywarden.scan.checks.attachments import AttachmentConfig
from relaywarden.scan.checks.phishing import PhishingConfig
from relaywarden.scan.dlp import DLPConfig
from relaywarden.scan.lists import ListsConfig
from relaywarden.scan.mime import MimeLimits
from relaywarden.scan.verdict import Thresholds


class ClassifierConfig(Section):
    """The trained classifier (scan.classifier)."""

    enabled: bool = True
    """Rate every scanned message with the classifier."""
    model_path: Path | None = None
    """A model trained with `relaywarden model train` (its .json file or its directory);
    unset uses the model shipped with relaywarden."""
    spam_weight: float = Field(default=8.0, ge=0.0, le=100.0)
    """Score points for a message the model is certain is spam: a quarter of it at the
    threshold, half of it (the tag threshold with the defaults) at sure_probability, all of it
    at 100%."""
    phishing_weight: float = Field(default=8.0, ge=0.0, le=100.0)
    """Score points for a message the model is certain is phishing, graded as spam_weight."""
    sure_probability: float = Field(default=0.99, gt=0.0, lt=1.0)
    """Probability of spam or phishing from which the classifier gives half its weight, enough
    to tag a message on its own with the default weights. Between the threshold and this, a
    flagged message gets a quarter to a half: it adds to other checks' findings but does not
    tag alone (the model learned from 2002-2005 mail and rates some of today's receipts and
    alerts 98% phishing). At or below the threshold, the old grading applies: half at the
    threshold."""
    ham_weight: float = Field(default=-1.0, ge=-100.0, le=0.0)
    """Score points (zero or negative) for a message the model is very sure is legitimate."""
    threshold: float | None = Field(default=None, gt=0.0, lt=1.0)
    """Probability of spam or phishing from which a message is flagged; unset uses the
    threshold chosen at training (ham false-positive rate at most 0.1% on held-out folds)."""


class ThresholdsConfig(Section):
    """Score at or above which each action applies; leave one out (or set it very high) to never
    take that action."""

    tag: float | None = 4.0
    """Add X-Relaywarden headers and prefix the subject."""
    banner: float | None = 6.0
    """Also insert a warning banner at the top of the message."""
    quarantine: float | None = 10.0
    """Hold the message in quarantine instead of delivering it."""
    reject: float | None = 15.0
    """Refuse the message at the end of DATA (550 5.7.1 with a reference id)."""

    @model_validator(mode="after")
    def _ordered(self) -> ThresholdsConfig:
        values = [(n, getattr(self, n)) for n in ("tag", "banner", "quarantine", "reject")]
        present = [(n, v) for n, v in values if v is not None]
        for (n1, v1), (n2, v2) in itertools.pairwise(present):
            if v2 < v1:
                raise ValueError(f"{n2} ({v2}) must not be below {n1} ({v1})")
        return self

    def thresholds(self) -> Thresholds:
        return Thresholds(tag=self.tag, banner=self.banner, quarantine=self.quarantine, reject=self.reject)


class ScanConfig(Section):
    enabled: bool = True
    """Scan messages in the SMTP path (the `relaywarden scan` command works either way)."""
    inbound: bool = True
    """Scan mail from untrusted clients (inbound)."""
    outbound: bool = True
    """Scan mail from authenticated users and trusted networks (outbound: data-loss checks,
    compromised-account detection, content checks)."""
    thresholds: ThresholdsConfig = ThresholdsConfig()
    mime: MimeLimits = MimeLimits()
    attachments: AttachmentConfig = AttachmentConfig()
    phishing: PhishingConfig = PhishingConfig()
    classifier: ClassifierConfig = ClassifierConfig()
    anomaly: AnomalyConfig = AnomalyConfig()
    dlp: DLPConfig = DLPConfig()
    actions: ActionsConfig = ActionsConfig()
    lists: ListsConfig = ListsConfig()
