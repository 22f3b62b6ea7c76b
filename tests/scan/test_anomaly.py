"""Behavioural anomaly detection on a real SQLite state database: correspondents, sender
networks, compromised-account signals, throttling, bounds and several writer processes."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy import Engine

from relaywarden.scan.anomaly import AnomalyConfig, auth_state, network_of, p95
from relaywarden.scan.context import AuthSummary, ScanContext
from relaywarden.scan.message import Address, ParsedMessage
from relaywarden.scan.mime import parse_message
from relaywarden.scan.verdict import Symbol
from relaywarden.store.behaviour import BehaviourStore, behaviour_contacts, behaviour_throttles
from relaywarden.store.db import open_database

LOCAL = ("example.com",)
PASS = AuthSummary(spf="pass", dkim_pass_domains=("partner.test",), dmarc="pass", from_domain="partner.test")
FAIL = AuthSummary(spf="fail", dmarc="fail", dmarc_policy="reject", from_domain="partner.test")
T0 = datetime(2026, 11, 2, 0, 0, tzinfo=UTC).timestamp()  # a Monday, midnight UTC
HOUR = 3600.0
DAY = 86_400.0


def message(from_addr: str | None) -> ParsedMessage:
    return ParsedMessage(headers=[("From", from_addr or "")], from_=Address("", from_addr) if from_addr else None,
                         from_count=1 if from_addr else 0, reply_to=(), sender=None, subject="hi", text="hello",
                         html="", html_text="", links=[], forms=[], attachments=[], html_scripts=0, raw_size=10,
                         part_count=1, max_depth=1)


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    return open_database(f"sqlite:///{tmp_path}/state.db")


def store(engine: Engine, **cfg: object) -> BehaviourStore:
    return BehaviourStore(engine, AnomalyConfig(**cfg))


def inbound(s: BehaviourStore, sender: str, now: float, *, rcpt: str = "alice@example.com",
            ip: str | None = "192.0.2.10", auth: AuthSummary | None = PASS,
            local: tuple[str, ...] = LOCAL) -> list[Symbol]:
    ctx = ScanContext(direction="inbound", mail_from=sender, rcpt_to=(rcpt,), client_ip=ip, auth=auth,
                      local_domains=local)
    return s.observe(message(sender), ctx, now)


def outbound(s: BehaviourStore, user: str, rcpts: list[str], now: float) -> list[Symbol]:
    ctx = ScanContext(direction="outbound", mail_from=user, rcpt_to=tuple(rcpts), client_ip="127.0.0.1",
                      auth_user=user, local_domains=LOCAL)
    return s.observe(message(user), ctx, now)


def names(symbols: list[Symbol]) -> list[str]:
    return [x.name for x in symbols]


def by_name(symbols: list[Symbol], name: str) -> Symbol:
    return next(x for x in symbols if x.name == name)


def learn(s: BehaviourStore, n: int, now: float) -> None:
    """n messages from distinct senders, so the organisation leaves its learning phase."""
    for i in range(n):
        inbound(s, f"someone{i}@elsewhere.test", now + i)


# --- helpers ---------------------------------------------------------------------------------

def test_networks_and_percentile() -> None:
    assert network_of("192.0.2.77") == "192.0.2.0/24"
    assert network_of("::ffff:192.0.2.77") == "192.0.2.0/24"
    assert network_of("2001:db8:1234:5678::1") == "2001:db8:1234::/48"
    assert network_of("not an ip") is None and network_of(None) is None
    assert p95([]) == 0.0 and p95([1] * 19 + [100]) == 1.0 and p95([1] * 18 + [50, 100]) == 50.0


def test_auth_state() -> None:
    assert auth_state(ScanContext(), "partner.test") == "unknown"
    assert auth_state(ScanContext(auth=PASS), "partner.test") == "pass"
    assert auth_state(ScanContext(auth=AuthSummary(dkim_pass_domains=("mail.partner.test",))), "partner.test") == "pass"
    assert auth_state(ScanContext(auth=FAIL), "partner.test") == "fail"
    assert auth_state(ScanContext(auth=AuthSummary(dmarc="none", spf="fail")), "partner.test") == "fail"
    assert auth_state(ScanContext(auth=AuthSummary(dmarc="temperror", spf="fail")), "partner.test") == "unknown"


def test_config_is_validated() -> None:
    with pytest.raises(ValidationError, match="time zone"):
        AnomalyConfig(timezone="Mars/Olympus")
    with pytest.raises(ValidationError):
        AnomalyConfig(max_correspondents=10)
    cfg = AnomalyConfig(organisations={"acme": ["Example.COM.", "example.org"]})
    assert cfg.org_of("example.org") == "acme" and cfg.org_of("example.com") == "acme"
    assert cfg.org_of("other.test") == "other.test"


# --- inbound ---------------------------------------------------------------------------------

def test_first_contact_waits_for_learning_then_flags_new_senders_once(engine: Engine) -> None:
    s = store(engine, learning_messages=5)
    assert "FIRST_CONTACT" not in names(inbound(s, "new@partner.test", T0))  # still learning
    learn(s, 4, T0 + 10)
    syms = inbound(s, "stranger@unknown.test", T0 + 100)
    first = by_name(syms, "FIRST_CONTACT")
    assert first.score == 1.0
    assert "stranger@unknown.test" in first.description and "example.com" in first.description
    assert "stranger@unknown.test" in first.banner
    assert "FIRST_CONTACT" not in names(inbound(s, "stranger@unknown.test", T0 + 200))  # seen once: not new
    # Known to the organisation but new to this person: the same symbol, weaker.
    carol = by_name(inbound(s, "stranger@unknown.test", T0 + 300, rcpt="carol@example.com"), "FIRST_CONTACT")
    assert carol.score == 0.3 and carol.banner == ""
    assert "to carol@example.com, though others in the organisation have exchanged 2 messages" in carol.description
    assert "FIRST_CONTACT" not in names(inbound(s, "stranger@unknown.test", T0 + 400, rcpt="carol@example.com"))


def test_organisations_share_one_memory(engine: Engine) -> None:
    s = store(engine, learning_messages=0, organisations={"acme": ["example.com", "example.org"]})
    both = ("example.com", "example.org")
    assert by_name(inbound(s, "x@partner.test", T0, local=both), "FIRST_CONTACT").score == 1.0
    # Known to acme through example.com: only new to this person.
    assert by_name(inbound(s, "x@partner.test", T0 + 1, rcpt="bob@example.org", local=both),
                   "FIRST_CONTACT").score == 0.3
    assert s.correspondent("acme", "x@partner.test") is not None
    assert s.correspondent("example.org", "x@partner.test") is None
    # Mail for a domain that is not ours teaches nothing.
    assert inbound(s, "x@partner.test", T0 + 2, rcpt="someone@elsewhere.test", local=both) == []


def test_known_sender_failing_authentication(engine: Engine) -> None:
    s = store(engine, learning_messages=0)
    for i in range(3):
        inbound(s, "bob@partner.test", T0 + i * DAY)
    syms = inbound(s, "bob@partner.test", T0 + 10 * DAY, auth=FAIL, ip="203.0.113.9")
    fail = by_name(syms, "KNOWN_SENDER_AUTH_FAIL")
    assert fail.score == 4.0
    assert "3 messages, the first 10 days ago, 3 of them authenticated" in fail.description
    assert "bob@partner.test" in fail.banner
    # The spoofed message is not reassuring and its network is not learnt as the sender's.
    assert "KNOWN_CORRESPONDENT" not in names(syms)
    later = inbound(s, "bob@partner.test", T0 + 11 * DAY, ip="203.0.113.50")
    assert "KNOWN_SENDER_NEW_INFRA" in names(later)


def test_sender_that_never_authenticated_is_not_flagged_for_failing(engine: Engine) -> None:
    s = store(engine, learning_messages=0)
    inbound(s, "news@bulk.test", T0, auth=None)
    inbound(s, "news@bulk.test", T0 + 1, auth=AuthSummary(dmarc="none", spf="softfail"))
    assert "KNOWN_SENDER_AUTH_FAIL" not in names(inbound(s, "news@bulk.test", T0 + 2, auth=FAIL))


def test_known_sender_from_new_infrastructure(engine: Engine) -> None:
    s = store(engine, learning_messages=0)
    inbound(s, "bob@partner.test", T0, ip="192.0.2.10")
    assert names(inbound(s, "bob@partner.test", T0 + 1, ip="192.0.2.200")) == []  # same /24
    syms = inbound(s, "bob@partner.test", T0 + 2, ip="198.51.100.7")
    infra = by_name(syms, "KNOWN_SENDER_NEW_INFRA")
    assert infra.score == 0.5 and "198.51.100.0/24" in infra.description and "1 other network" in infra.description
    # Once seen, the network is known; IPv6 clients are compared by /48.
    assert "KNOWN_SENDER_NEW_INFRA" not in names(inbound(s, "bob@partner.test", T0 + 3, ip="198.51.100.99"))
    inbound(s, "carol@v6.test", T0, ip="2001:db8:1::1")
    assert "KNOWN_SENDER_NEW_INFRA" not in names(inbound(s, "carol@v6.test", T0 + 1, ip="2001:db8:1:ff::9"))
    assert "KNOWN_SENDER_NEW_INFRA" in names(inbound(s, "carol@v6.test", T0 + 2, ip="2001:db8:2::1"))


def test_domains_seen_from_many_networks_are_not_flagged(engine: Engine) -> None:
    s = store(engine, learning_messages=0, new_infra_max_networks=3)
    for i in range(3):
        inbound(s, "user@bigmail.test", T0 + i, ip=f"10.{i}.0.1")
    assert "KNOWN_SENDER_NEW_INFRA" in names(inbound(s, "user@bigmail.test", T0 + 5, ip="10.3.0.1"))
    # Now seen from four networks: a fifth is routine for this domain.
    assert "KNOWN_SENDER_NEW_INFRA" not in names(inbound(s, "user@bigmail.test", T0 + 9, ip="10.99.0.1"))


def test_established_two_way_correspondent_is_reassuring_only_when_authenticated(engine: Engine) -> None:
    s = store(engine, learning_messages=0)
    assert "KNOWN_CORRESPONDENT" not in names(inbound(s, "bob@partner.test", T0))
    outbound(s, "alice@example.com", ["bob@partner.test"], T0 + 60)
    syms = inbound(s, "bob@partner.test", T0 + 120)
    known = by_name(syms, "KNOWN_CORRESPONDENT")
    assert known.score < 0 and "written to this address 1 time" in known.description
    assert "KNOWN_CORRESPONDENT" not in names(inbound(s, "bob@partner.test", T0 + 180, auth=None))
    assert "FIRST_CONTACT" not in names(syms)


def test_outbound_first_makes_the_reply_not_a_first_contact(engine: Engine) -> None:
    s = store(engine, learning_messages=0)
    outbound(s, "alice@example.com", ["newpartner@far.test"], T0)
    assert "FIRST_CONTACT" not in names(inbound(s, "newpartner@far.test", T0 + 60, auth=None))


def test_raw_message_is_judged_by_its_from_address(engine: Engine) -> None:
    s = store(engine, learning_messages=0)
    raw = (b"From: =?utf-8?q?Bob_B=C3=A9ranger?= <Bob@Partner.test>\r\nTo: alice@example.com\r\n"
           b"Subject: invoice\r\n\r\nHello\r\n")
    ctx = ScanContext(direction="inbound", mail_from="bounces+123@esp.test", rcpt_to=("alice@example.com",),
                      client_ip="192.0.2.10", auth=PASS, local_domains=LOCAL)
    first = s.observe(parse_message(raw), ctx, T0)
    assert "First message from bob@partner.test" in by_name(first, "FIRST_CONTACT").description
    assert s.observe(parse_message(raw), ctx, T0 + 60) == []
    # Without a readable From, the envelope sender is the correspondent.
    garbage = s.observe(parse_message(b"\x00garbage\xff"), ctx, T0 + 120)
    assert "bounces+123@esp.test" in by_name(garbage, "FIRST_CONTACT").description
    assert s.correspondent("example.com", "bounces+123@esp.test") is not None


# --- outbound: compromised accounts ----------------------------------------------------------

def baseline(s: BehaviourStore, user: str, days: int = 15, per_hour: int = 2) -> float:
    """Office-hours sending (09:00 and 14:00 UTC) to a few regular partners for `days` days."""
    for day in range(days):
        for hour in (9, 14):
            for k in range(per_hour):
                outbound(s, user, [f"partner{k}@far.test"], T0 + day * DAY + hour * HOUR + k * 60)
    return T0 + days * DAY


def test_volume_spike_throttles_the_account(engine: Engine) -> None:
    s = store(engine, volume_min=10, throttle_seconds=1800)
    start = baseline(s, "alice@example.com") + 10 * HOUR
    assert s.throttle("alice@example.com", start) is None
    results = [outbound(s, "alice@example.com", ["partner0@far.test"], start + i * 30) for i in range(11)]
    assert all("OUTBOUND_VOLUME_SPIKE" not in names(r) for r in results[:10])
    spike = by_name(results[10], "OUTBOUND_VOLUME_SPIKE")
    assert "sent 11 messages in the last hour" in spike.description
    assert "(95th percentile) see 2, so the limit is 10" in spike.description
    reason = s.throttle("ALICE@example.com", start + 400)
    assert reason is not None and "11 messages" in reason and "throttled until" in reason
    assert s.throttle("alice@example.com", start + 300 + 1800 + 1) is None  # expired
    assert s.throttle("bob@example.com", start + 400) is None


def test_release_lifts_a_throttle(engine: Engine) -> None:
    s = store(engine, volume_min=3)
    for i in range(4):
        outbound(s, "mallory@example.com", ["x@far.test"], T0 + i)
    assert s.throttle("mallory@example.com", T0 + 10) is not None
    assert s.release("mallory@example.com") is True
    assert s.throttle("mallory@example.com", T0 + 10) is None
    assert s.release("mallory@example.com") is False


def test_new_recipients_spike(engine: Engine) -> None:
    s = store(engine, new_recipients_min=5, volume_min=1000, throttle_seconds=0)
    start = baseline(s, "alice@example.com", per_hour=1)
    syms = outbound(s, "alice@example.com", [f"victim{i}@far.test" for i in range(3)], start + 9 * HOUR)
    assert "OUTBOUND_NEW_RECIPIENTS_SPIKE" not in names(syms)
    syms = outbound(s, "alice@example.com", [f"victim{i}@far.test" for i in range(3, 6)], start + 9 * HOUR + 60)
    spike = by_name(syms, "OUTBOUND_NEW_RECIPIENTS_SPIKE")
    assert "wrote to 6 recipients it never wrote to before" in spike.description
    assert s.throttle("alice@example.com", start + 9 * HOUR + 120) is None  # throttling disabled
    # Writing again to the same people is not new.
    syms = outbound(s, "alice@example.com", [f"victim{i}@far.test" for i in range(6)], start + 11 * HOUR)
    assert "OUTBOUND_NEW_RECIPIENTS_SPIKE" not in names(syms)


def test_recipient_fanout(engine: Engine) -> None:
    s = store(engine, volume_min=1000, new_recipients_min=1000)
    start = baseline(s, "alice@example.com", days=3, per_hour=1)
    assert "RECIPIENT_FANOUT" not in names(outbound(s, "alice@example.com", [f"r{i}@far.test" for i in range(50)],
                                                    start + 9 * HOUR))
    syms = outbound(s, "alice@example.com", [f"r{i}@far.test" for i in range(51)], start + 9 * HOUR + 60)
    fan = by_name(syms, "RECIPIENT_FANOUT")
    assert "one message to 51 recipients" in fan.description and "limit is 50" in fan.description


def test_unusual_hour_after_enough_history(engine: Engine) -> None:
    s = store(engine, unusual_hour_min_days=14, unusual_hour_min_messages=20)
    short = baseline(s, "new@example.com", days=5)
    assert "UNUSUAL_HOUR" not in names(outbound(s, "new@example.com", ["partner0@far.test"], short + 3 * HOUR))
    start = baseline(s, "alice@example.com")
    assert "UNUSUAL_HOUR" not in names(outbound(s, "alice@example.com", ["partner0@far.test"], start + 9 * HOUR))
    syms = outbound(s, "alice@example.com", ["partner0@far.test"], start + 3 * HOUR + 5)
    odd = by_name(syms, "UNUSUAL_HOUR")
    assert "03:00-03:59 (UTC)" in odd.description and "60 messages" in odd.description


def test_unusual_hour_uses_the_organisation_time_zone(engine: Engine) -> None:
    s = store(engine, unusual_hour_min_days=14, unusual_hour_min_messages=20, timezone="Europe/Paris")
    start = baseline(s, "alice@example.com")  # 09:00 and 14:00 UTC are 10:00 and 15:00 in Paris
    syms = outbound(s, "alice@example.com", ["partner0@far.test"], start + 3 * HOUR)
    assert "04:00-04:59 (Europe/Paris)" in by_name(syms, "UNUSUAL_HOUR").description


def test_unauthenticated_outbound_is_remembered_but_not_profiled(engine: Engine) -> None:
    s = store(engine, volume_min=1)
    ctx = ScanContext(direction="outbound", mail_from="printer@example.com", rcpt_to=("x@far.test",) * 3,
                      client_ip="10.0.0.5", local_domains=LOCAL)
    for i in range(5):
        assert s.observe(message("printer@example.com"), ctx, T0 + i) == []
    assert s.row_counts()["behaviour_hours"] == 0
    assert s.correspondent("example.com", "x@far.test") is not None


# --- bounds, hostile input, concurrency ------------------------------------------------------

def test_rows_are_capped_and_old_hours_expire(engine: Engine) -> None:
    s = BehaviourStore(engine, AnomalyConfig(max_correspondents=100, max_pairs=100, history_weeks=1),
                       prune_every=10_000)
    for i in range(130):
        inbound(s, f"s{i}@far{i}.test", T0 + i)
    outbound(s, "alice@example.com", ["a@far.test"], T0)
    counts = s.row_counts()
    assert counts["behaviour_contacts"] == 131 and counts["behaviour_hours"] == 1
    deleted = s.prune(T0 + 8 * 7 * DAY)
    counts = s.row_counts()
    assert counts["behaviour_contacts"] == 90 and counts["behaviour_pairs"] == 90
    assert counts["behaviour_networks"] == 90
    assert deleted["behaviour_hours"] == 1 and counts["behaviour_hours"] == 0
    # The least recently seen went; the newest stayed.
    assert s.correspondent("example.com", "s129@far129.test") is not None
    assert s.correspondent("example.com", "s0@far0.test") is None


def test_pruning_runs_by_itself_every_n_observations(engine: Engine) -> None:
    s = BehaviourStore(engine, AnomalyConfig(max_correspondents=100), prune_every=25)
    for i in range(150):
        inbound(s, f"s{i}@far.test", T0 + i)
    assert s.row_counts()["behaviour_contacts"] <= 100


@pytest.mark.parametrize(("sender", "rcpts", "ip"), [
    (None, ("alice@example.com",), "192.0.2.1"),
    ("no-at-sign", ("alice@example.com",), "192.0.2.1"),
    ("a" * 400 + "@far.test", ("alice@example.com",), "192.0.2.1"),
    ("bob@partner.test", (), "garbage-ip"),
    ("bob@partner.test", ("<>", "with space@example.com", "x" * 1000), "::zz"),
    ("spoof@example.com", ("alice@example.com",), None),
])
def test_hostile_envelopes_give_no_symbols_and_no_exception(engine: Engine, sender: str | None,
                                                            rcpts: tuple[str, ...], ip: str | None) -> None:
    s = store(engine, learning_messages=0)
    ctx = ScanContext(direction="inbound", mail_from=sender, rcpt_to=rcpts, client_ip=ip, local_domains=LOCAL)
    assert s.observe(message(sender), ctx, T0) == []
    out = ScanContext(direction="outbound", mail_from=sender, rcpt_to=rcpts, auth_user="x" * 500,
                      local_domains=LOCAL)
    assert all(x.name in {"RECIPIENT_FANOUT", "OUTBOUND_VOLUME_SPIKE"} for x in s.observe(message(sender), out, T0))


def test_disabled_store_observes_nothing(engine: Engine) -> None:
    s = store(engine, enabled=False, learning_messages=0)
    assert inbound(s, "bob@partner.test", T0) == []
    assert s.row_counts()["behaviour_contacts"] == 0


WORKER = """
import sys
import time
from pathlib import Path
from relaywarden.scan.anomaly import AnomalyConfig
from relaywarden.scan.context import AuthSummary, ScanContext
from relaywarden.scan.message import Address, ParsedMessage
from relaywarden.store.behaviour import BehaviourStore
from relaywarden.store.db import open_database

url, worker, n, t0, gate = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), Path(sys.argv[5])
store = BehaviourStore(open_database(url), AnomalyConfig(learning_messages=0))
# Start writing together, so that the two processes really contend for the database.
(gate / f"ready{worker}").touch()
deadline = time.monotonic() + 60
while len(list(gate.iterdir())) < 2 and time.monotonic() < deadline:
    time.sleep(0.01)
auth = AuthSummary(dmarc="pass", dkim_pass_domains=("partner.test",))
for i in range(n):
    now = t0 + worker * 1000 + i
    for sender, ctx in (
        ("bob@partner.test", ScanContext(direction="inbound", rcpt_to=("alice@example.com",), client_ip="192.0.2.1",
                                         auth=auth, local_domains=("example.com",))),
        ("alice@example.com", ScanContext(direction="outbound", rcpt_to=(f"w{worker}-{i}@far.test",),
                                          auth_user="alice@example.com", local_domains=("example.com",))),
    ):
        msg = ParsedMessage(headers=[], from_=Address("", sender), from_count=1, reply_to=(), sender=None,
                            subject="", text="", html="", html_text="", links=[], forms=[], attachments=[],
                            html_scripts=0, raw_size=0, part_count=1, max_depth=1)
        store.observe(msg, ctx, now)
"""


def test_several_worker_processes_share_the_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/shared.db"
    open_database(url).dispose()
    gate = tmp_path / "gate"
    gate.mkdir()
    # Separate interpreters, as the relay's workers are: only SQLite's file locking (WAL,
    # busy_timeout) and the upserts keep their counts right.
    logs = [tmp_path / f"worker{w}.log" for w in range(2)]
    procs = []
    try:
        for w, log in enumerate(logs):
            with log.open("wb") as err:  # a file, not a pipe: a chatty worker cannot block on it
                procs.append(subprocess.Popen([sys.executable, "-c", WORKER, url, str(w), "20", str(T0), str(gate)],
                                              stdout=subprocess.DEVNULL, stderr=err))
        for p in procs:
            p.wait(timeout=120)
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    errors = [log.read_text() for log in logs]
    assert [p.returncode for p in procs] == [0, 0], errors
    s = BehaviourStore(open_database(url))
    bob = s.correspondent("example.com", "bob@partner.test")
    assert bob is not None and bob["inbound"] == 40 and bob["auth_pass"] == 40
    counts = s.row_counts()
    assert counts["behaviour_account_rcpts"] == 40
    assert counts["behaviour_orgs"] == 1


def test_an_unavailable_database_does_not_stop_mail(engine: Engine) -> None:
    s = store(engine, learning_messages=0)
    behaviour_contacts.drop(engine)
    behaviour_throttles.drop(engine)
    assert inbound(s, "bob@partner.test", T0) == []
    assert s.throttle("alice@example.com", T0) is None
