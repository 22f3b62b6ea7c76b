"""Phishing and fraud for the blind set."""

from __future__ import annotations


def all_phish() -> None:
    pass
