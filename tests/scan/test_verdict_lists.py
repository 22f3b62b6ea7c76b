"""Verdicts from symbols, and the allow and block lists (config and database)."""

from __future__ import annotations

from pathlib import Path

import pytest

from relaywarden.scan.context import AuthSummary, ScanContext
from relaywarden.scan.lists import ListEntry, ListError, Lists, ListsConfig, normalise
from relaywarden.scan.message import Address, Link, ParsedMessage
from relaywarden.scan.verdict import Symbol, Thresholds, Verdict
from relaywarden.store.db import open_database


def message(from_addr: str = "alice@partner.example", links: tuple[str, ...] = ()) -> ParsedMessage:
    return ParsedMessage(headers=[("From", from_addr)], from_=Address("Alice", from_addr), from_count=1,
                         reply_to=(), sender=None, subject="hello", text="hi", html="", html_text="",
                         links=[Link(h, "", "text") for h in links], forms=[], attachments=[], html_scripts=0,
                         raw_size=100, part_count=1, max_depth=0)


INBOUND = ScanContext(direction="inbound", mail_from="alice@partner.example", rcpt_to=("bob@corp.example",),
                      client_ip="192.0.2.10", auth=AuthSummary(dmarc="pass", from_domain="partner.example"))


def test_thresholds_map_scores_to_actions() -> None:
    t = Thresholds()
    assert [t.action_for(s) for s in (0, 3.9, 4, 6, 10, 15, 99)] == [
        "accept", "accept", "tag", "banner", "quarantine", "reject", "reject"]
    assert Thresholds(banner=None).action_for(7) == "tag"


def test_forced_action_wins_over_a_low_score_and_allow_keeps_malware_out() -> None:
    v = Verdict.from_symbols([Symbol("A", 1.0, "a"), Symbol("ARCHIVE_BOMB", 0.0, "bomb", force="quarantine")],
                             Thresholds())
    assert (v.score, v.action) == (1.0, "quarantine")
    allowed = Verdict.from_symbols([Symbol("X", 12.0, "x"), Symbol("ALLOW_LISTED", 0.0, "ok", force="accept")],
                                   Thresholds(), allowed=True)
    assert allowed.action == "accept"
    still = Verdict.from_symbols([Symbol("DLP_PAYMENT_CARD", 0.0, "card", force="reject")], Thresholds(), allowed=True)
    assert still.action == "reject"
    assert allowed.reference.startswith("RW-") and allowed.reference != still.reference


def test_banner_reasons_are_the_positive_explained_symbols_in_score_order() -> None:
    v = Verdict.from_symbols([Symbol("A", 2.0, "a", banner="small"), Symbol("B", 5.0, "b", banner="big"),
                              Symbol("C", -1.0, "c", banner="reassuring"), Symbol("D", 3.0, "d")], Thresholds())
    assert v.banner_reasons() == ["big", "small"]
    assert v.to_json()["symbols"][0] == {"name": "A", "score": 2.0, "description": "a"}


@pytest.mark.parametrize(("kind", "value", "expected"), [
    ("sender", "Alice@Partner.Example.", "alice@partner.example"),
    ("domain", "*.Partner.Example", "partner.example"),
    ("ip", "192.0.2.7/24", "192.0.2.0/24"),
    ("url", "https://Evil.Example/path/", "evil.example/path"),
])
def test_entries_are_normalised(kind: str, value: str, expected: str) -> None:
    assert normalise(kind, value) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(("kind", "value"), [("sender", "no-at-sign"), ("domain", "localhost"), ("ip", "300.1.1.1")])
def test_bad_entries_are_refused(kind: str, value: str) -> None:
    with pytest.raises(ListError):
        normalise(kind, value)  # type: ignore[arg-type]


def test_config_block_entries_match_sender_domain_ip_and_url() -> None:
    cases = [ListEntry(kind="domain", value="partner.example"), ListEntry(kind="ip", value="192.0.2.0/24"),
             ListEntry(kind="url", value="evil.example"), ListEntry(kind="sender", value="alice@partner.example")]
    for entry in cases:
        lists = Lists(ListsConfig(block=[entry]))
        symbols = lists.check(message(links=("https://www.evil.example/x",)), INBOUND)
        assert [s.name for s in symbols] == ["BLOCK_LISTED"], entry
        assert symbols[0].force == "reject"
    assert Lists(ListsConfig(block=[ListEntry(kind="url", value="evil.example")])).check(
        message(links=("https://notevil.example/",)), INBOUND) == []


def test_scoped_entries_apply_only_to_their_recipients() -> None:
    lists = Lists(ListsConfig(block=[ListEntry(kind="domain", value="partner.example", scope="other.example")]))
    assert lists.check(message(), INBOUND) == []
    lists = Lists(ListsConfig(block=[ListEntry(kind="domain", value="partner.example", scope="bob@corp.example")]))
    assert [s.name for s in lists.check(message(), INBOUND)] == ["BLOCK_LISTED"]


def test_sender_allow_entries_need_an_authenticated_sender() -> None:
    lists = Lists(ListsConfig(allow=[ListEntry(kind="domain", value="partner.example")]))
    assert [s.name for s in lists.check(message(), INBOUND)] == ["ALLOW_LISTED"]
    forged = ScanContext(direction="inbound", mail_from="alice@partner.example", client_ip="203.0.113.9",
                         auth=AuthSummary(dmarc="fail", from_domain="partner.example"))
    symbols = lists.check(message(), forged)
    assert [s.name for s in symbols] == ["ALLOW_LISTED_UNAUTHENTICATED"]
    assert symbols[0].force is None
    dkim_only = ScanContext(direction="inbound", client_ip="203.0.113.9",
                            auth=AuthSummary(dmarc="none", dkim_pass_domains=("partner.example",)))
    assert [s.name for s in lists.check(message(), dkim_only)] == ["ALLOW_LISTED"]


def test_database_entries_are_added_listed_matched_and_removed(tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'state.db'}")
    lists = Lists(ListsConfig(), engine)
    entry = lists.add("block", "ip", "198.51.100.0/24", note="botnet")
    with pytest.raises(ListError, match="already listed"):
        lists.add("block", "ip", "198.51.100.9/24")
    other = Lists(ListsConfig(), engine)  # another worker sees it
    ctx = ScanContext(direction="inbound", client_ip="198.51.100.20")
    assert [s.name for s in other.check(message(), ctx)] == ["BLOCK_LISTED"]
    assert [e.value for e in other.stored()] == ["198.51.100.0/24"]
    lists.remove(entry.id)
    assert Lists(ListsConfig(), engine).check(message(), ctx) == []
    with pytest.raises(ListError, match="no list entry"):
        lists.remove(entry.id)


def test_a_new_sender_claiming_to_be_internal_weighs_more_than_either_alone() -> None:
    from relaywarden.scan.scanner import correlate

    claim = Symbol("DISPLAY_NAME_EXECUTIVE", 4.0, "The display name 'Jane Doe' is an executive's, on gmail.com.")
    first = Symbol("FIRST_CONTACT", 1.0, "First message from this sender to the organisation.")
    combined = correlate([claim, first])
    assert [s.name for s in combined] == ["NEW_SENDER_CLAIMS_INTERNAL"]
    assert "Jane Doe" in combined[0].description and combined[0].banner
    assert correlate([claim]) == [] and correlate([first]) == []


def test_a_model_that_cannot_be_loaded_is_reported_and_the_scan_goes_on_without_it(tmp_path: Path) -> None:
    from relaywarden.scan.scanner import Scanner
    from relaywarden.scan.settings import ClassifierConfig, ScanConfig

    broken = tmp_path / "model.json"
    broken.write_text("{not json")
    cfg = ScanConfig(classifier=ClassifierConfig(model_path=broken))
    with pytest.raises(Exception, match="model"):
        Scanner.build(cfg, None, record_behaviour=False)
    told: list[Exception] = []
    scanner = Scanner.build(cfg, None, record_behaviour=False, on_model_error=told.append)
    assert len(told) == 1 and scanner.classifier is None
    verdict = scanner.scan(b"From: a@b.example\r\nSubject: hi\r\n\r\nhello\r\n", ScanContext())
    assert verdict.action == "accept"
    assert not any(s.name.startswith("CLASSIFIER") for s in verdict.symbols)
