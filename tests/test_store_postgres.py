"""The state database on PostgreSQL as on SQLite: every store module against a real PostgreSQL
server on loopback (tests/support/postgres.py, one cluster for the session, one fresh database
per test) and, with the same assertions, against SQLite.

The PostgreSQL cluster runs in the Pacific/Chatham time zone (UTC+12:45/+13:45), so a value
that silently depends on the server's time zone shows up.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, insert, inspect, select

from relaywarden.scan.anomaly import AnomalyConfig
from relaywarden.scan.context import AuthSummary, ScanContext
from relaywarden.scan.lists import ListError, Lists, ListsConfig
from relaywarden.scan.message import Address, ParsedMessage
from relaywarden.spool.queue import Spool
from relaywarden.store.behaviour import (
    BehaviourStore,
    behaviour_account_rcpts,
    behaviour_hours,
    behaviour_throttles,
)
from relaywarden.store.db import open_database, users
from relaywarden.store.events import Event, EventLog, read_events
from relaywarden.store.quarantine import Quarantine, QuarantineError
from relaywarden.store.users import (
    UserError,
    add_user,
    list_users,
    remove_user,
    set_password,
    verify_password,
)
from tests.support.postgres import TEST_DATABASE, PostgresServer, postgres_server, postgres_url

__all__ = ["postgres_server", "postgres_url"]  # fixtures used below

LOCAL = ("example.com",)
PASS = AuthSummary(spf="pass", dkim_pass_domains=("partner.test",), dmarc="pass", from_domain="partner.test")
T0 = datetime(2026, 11, 2, 0, 0, tzinfo=UTC).timestamp()
HOUR = 3600.0
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
STORE_TABLES = {"users", "events", "quarantine", "scan_lists", "behaviour_orgs", "behaviour_contacts",
                "behaviour_pairs", "behaviour_networks", "behaviour_account_rcpts", "behaviour_hours",
                "behaviour_throttles"}


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/state.db"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def engine(url: str) -> Iterator[Engine]:
    eng = open_database(url)
    yield eng
    eng.dispose()


def message(from_addr: str) -> ParsedMessage:
    return ParsedMessage(headers=[("From", from_addr)], from_=Address("", from_addr), from_count=1, reply_to=(),
                         sender=None, subject="hi", text="hello", html="", html_text="", links=[], forms=[],
                         attachments=[], html_scripts=0, raw_size=10, part_count=1, max_depth=1)


def inbound(s: BehaviourStore, sender: str, now: float, *, rcpt: str = "alice@example.com",
            ip: str = "192.0.2.10") -> None:
    ctx = ScanContext(direction="inbound", mail_from=sender, rcpt_to=(rcpt,), client_ip=ip, auth=PASS,
                      local_domains=LOCAL)
    s.observe(message(sender), ctx, now)


def outbound(s: BehaviourStore, user: str, rcpts: list[str], now: float) -> list[str]:
    ctx = ScanContext(direction="outbound", mail_from=user, rcpt_to=tuple(rcpts), client_ip="127.0.0.1",
                      auth_user=user, local_domains=LOCAL)
    return [x.name for x in s.observe(message(user), ctx, now)]


# --- the cluster itself ----------------------------------------------------------------------

def test_the_test_cluster_listens_on_loopback_only_and_needs_the_password(postgres_server: PostgresServer) -> None:
    import psycopg

    with psycopg.connect(host="127.0.0.1", port=postgres_server.port, user=postgres_server.user,
                         password=postgres_server.password, dbname="postgres") as conn:
        row = conn.execute("SELECT current_setting('listen_addresses'), current_setting('TimeZone'), "
                           "inet_server_addr()::text").fetchone()
    assert row == ("127.0.0.1", "Pacific/Chatham", "127.0.0.1/32")
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(host="127.0.0.1", port=postgres_server.port, user=postgres_server.user,
                        password="wrong", dbname="postgres").close()


def test_connections_the_server_closed_are_replaced(postgres_server: PostgresServer, postgres_url: str,
                                                    tmp_path: Path) -> None:
    """After a server restart or failover, the pooled connections are dead: the next login,
    quarantine or list lookup must get a new one, not an error."""
    engine = open_database(postgres_url)
    try:
        lists = Lists(ListsConfig(), engine)
        q = Quarantine(engine, tmp_path / "quarantine")
        assert list_users(engine) == [] and lists.stored() == [] and q.list() == []
        assert postgres_server.drop_connections(TEST_DATABASE) >= 1
        assert list_users(engine) == []
        qid = q.add(b"Subject: s\r\n\r\nx\r\n", sender="x@far.test", recipients=["y@local.test"], reason="r")
        assert [m.id for m in q.list()] == [qid]
    finally:
        engine.dispose()


# --- schema ----------------------------------------------------------------------------------

def test_schema_is_created_at_open_and_reopening_keeps_the_data(url: str) -> None:
    first = open_database(url)
    BehaviourStore(first)
    assert STORE_TABLES <= set(inspect(first).get_table_names())
    add_user(first, "alice@example.com", "correct horse")
    first.dispose()
    again = open_database(url)  # a restart: create_all on an existing schema changes nothing
    try:
        assert [n for n, _ in list_users(again)] == ["alice@example.com"]
        assert STORE_TABLES <= set(inspect(again).get_table_names())
    finally:
        again.dispose()


def test_workers_starting_together_create_the_schema_once(url: str) -> None:
    """The relay's workers open the database and create the behaviour tables as they start;
    on an empty database the loser of a CREATE TABLE race used to fail its start."""
    start = threading.Barrier(3)
    errors: list[BaseException] = []
    engines: list[Engine] = []

    def worker() -> None:
        try:
            start.wait(timeout=30)
            engine = open_database(url)
            engines.append(engine)
            BehaviourStore(engine)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    try:
        assert errors == []
        assert STORE_TABLES <= set(inspect(engines[0]).get_table_names())
    finally:
        for engine in engines:
            engine.dispose()


# --- users -----------------------------------------------------------------------------------

def test_users_add_verify_change_list_remove(engine: Engine) -> None:
    before = datetime.now(UTC)
    add_user(engine, "alice@example.com", "correct horse")
    # A second user with a cheap hash (verify_password reads the parameters from the hash):
    # each check against a real one costs a few hundred milliseconds on purpose.
    long_name = "Ünïcødé-" + "u" * 300  # 309 characters; 320 are allowed
    with engine.begin() as conn:
        conn.execute(insert(users).values(name=long_name, password_hash=CHEAP_HASHER.hash("battery staple"),
                                          created=datetime.now(UTC), updated=datetime.now(UTC)))
    assert verify_password(engine, long_name, "battery staple")
    assert not verify_password(engine, long_name, "wrong password")
    set_password(engine, long_name, "new password!")
    with engine.connect() as conn:
        new_hash = conn.execute(select(users.c.password_hash).where(users.c.name == long_name)).scalar_one()
    assert new_hash.startswith("$argon2id$") and not verify_password(engine, long_name, "battery staple")
    listed = list_users(engine)
    assert [n for n, _ in listed] == ["alice@example.com", long_name]
    # Creation times are the same instant, in UTC, whatever the database server's time zone.
    for _, created in listed:
        assert created.tzinfo is not None and created.utcoffset() == timedelta(0)
        assert before - timedelta(seconds=1) <= created <= datetime.now(UTC) + timedelta(seconds=1)
    remove_user(engine, "alice@example.com")
    with pytest.raises(UserError, match="no user"):
        remove_user(engine, "alice@example.com")
    assert [n for n, _ in list_users(engine)] == [long_name]


def test_logins_no_user_can_have_are_refused_not_errors(engine: Engine) -> None:
    """What a client sends in AUTH LOGIN (a NUL, any length) is a wrong login, never a
    database error (PostgreSQL refuses NUL in text); each still costs a hash check."""
    for login in ("alice\x00@example.com", "a" * 5000):
        assert verify_password(engine, login, "correct horse") is False, login


# --- events ----------------------------------------------------------------------------------

def test_events_round_trip_with_json_and_filters(engine: Engine) -> None:
    log = EventLog(engine, flush_interval=60)
    try:
        log.emit(Event(kind="accept", queue_id="Q1", session_id="S1", client_ip="2001:db8::1",
                       auth_user="alice@example.com", sender="alice@example.com",
                       recipients=["bob@far.test", "ünï@far.test"], decision="accept",
                       detail={"score": 1.5, "symbols": ["A", "B"], "nested": {"ok": True}}, ts=T0))
        log.emit(Event(kind="delivery", queue_id="Q1", recipients=["bob@far.test"], detail={"status": "250"},
                       ts=T0 + 1))
        log.emit(Event(kind="reject", queue_id="Q2", ts=T0 + 2))
        log.flush()
    finally:
        log.close()
    rows = read_events(engine, queue_id="Q1")
    assert [r["kind"] for r in rows] == ["accept", "delivery"]
    assert rows[0]["recipients"] == ["bob@far.test", "ünï@far.test"]
    assert rows[0]["detail"] == {"score": 1.5, "symbols": ["A", "B"], "nested": {"ok": True}}
    assert rows[0]["ts"] == T0 and rows[0]["client_ip"] == "2001:db8::1"
    assert [r["queue_id"] for r in read_events(engine, kinds=["reject"])] == ["Q2"]
    assert len(read_events(engine, limit=2)) == 2


def test_hostile_event_values_are_stored_not_lost(engine: Engine, url: str) -> None:
    """What a client sends ends up in events: a NUL must not make the database refuse the
    batch (PostgreSQL refuses NUL in text), and a value the database refuses costs only its
    own event (PostgreSQL enforces VARCHAR lengths; SQLite keeps it)."""
    longest = "l" * 64 + "@" + "d" * 255  # the longest envelope address the SMTP parser takes
    log = EventLog(engine, flush_interval=60)
    try:
        log.emit(Event(kind="auth", client_ip="ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255", ts=T0,
                       decision="fail", detail={"user": "bad\x00login"}))
        log.emit(Event(kind="accept", sender="ok\x00@far.test", queue_id="Q3", ts=T0 + 1))
        log.emit(Event(kind="x" * 40, ts=T0 + 2))  # longer than events.kind's VARCHAR(32)
        log.emit(Event(kind="reject", sender=longest, ts=T0 + 3))
        log.flush()
    finally:
        log.close()
    rows = read_events(engine)
    kinds = ["auth", "accept", "x" * 40, "reject"] if url.startswith("sqlite") else ["auth", "accept", "reject"]
    assert [r["kind"] for r in rows] == kinds
    assert rows[0]["detail"] == {"user": "bad\x00login"}  # JSON escapes it
    nul = "\x00" if url.startswith("sqlite") else "\ufffd"
    assert rows[1]["sender"] == f"ok{nul}@far.test" and rows[-1]["sender"] == longest


# --- quarantine ------------------------------------------------------------------------------

MESSAGE = "From: CEO <ceo@example.org>\r\nSubject: Überweisung – dringend\r\n\r\nPlease pay.\r\n".encode()


def test_quarantine_add_list_release_delete(engine: Engine, tmp_path: Path) -> None:
    q = Quarantine(engine, tmp_path / "quarantine")
    first = q.add(MESSAGE, sender="ceo@example.org", recipients=["cfo@local.test", "ap@local.test"],
                  reason="looked like fraud", symbols=[{"name": "BEC", "score": 4.0, "description": "pay"}],
                  queue_id="Q1", client_ip="192.0.2.9")
    second = q.add(b"Subject: second\r\n\r\nx\r\n", sender="", recipients=["x@local.test"], reason="spam")
    assert [m.id for m in q.list()] == [second, first]  # newest first
    item = q.get(first)
    assert item.subject == "Überweisung – dringend" and item.from_header == "CEO <ceo@example.org>"
    assert item.recipients == ["cfo@local.test", "ap@local.test"] and item.symbols[0]["score"] == 4.0
    assert item.size == len(MESSAGE) and item.status == "held" and item.label is None
    spool_root = tmp_path / "spool"
    new_qid = q.release(first, spool_root)
    assert q.get(first).status == "released" and q.get(first).label == "ham"
    [queued] = list(Spool(spool_root).queue_files())
    env, data = Spool.read(queued)
    assert env.queue_id == new_qid and env.recipients == ["cfo@local.test", "ap@local.test"] and data == MESSAGE
    q.delete(second)
    assert q.list() == [] and {m.status for m in q.list(status=None)} == {"released", "deleted"}
    with pytest.raises(QuarantineError, match="already deleted"):
        q.delete(second)


def test_quarantine_keeps_messages_with_hostile_headers(engine: Engine, url: str, tmp_path: Path) -> None:
    """A NUL in a header must not make the row fail after the file was written: the message
    was (or is about to be) acknowledged. PostgreSQL shows it as U+FFFD, SQLite keeps it."""
    q = Quarantine(engine, tmp_path / "quarantine")
    raw = b"Subject: nul\x00in subject\r\nFrom: a\x00b <x@far.test>\r\n\r\nbody\r\n"
    longest = "l" * 64 + "@" + "d" * 255
    qid = q.add(raw, sender=longest, recipients=[longest], reason="said \x00 here")
    item = q.get(qid)
    nul = "\x00" if url.startswith("sqlite") else "\ufffd"
    assert (item.subject, item.from_header, item.reason) == (f"nul{nul}in subject", f"a{nul}b <x@far.test>",
                                                             f"said {nul} here")
    assert item.sender == longest and item.recipients == [longest]
    assert q.content(qid) == raw


# --- allow and block lists -------------------------------------------------------------------

def test_lists_add_match_remove(engine: Engine) -> None:
    lists = Lists(ListsConfig(), engine)
    entry = lists.add("block", "ip", "198.51.100.0/24", note="botnet")
    lists.add("allow", "domain", "Partner.TEST", scope="example.com")
    with pytest.raises(ListError, match="already listed"):
        lists.add("block", "ip", "198.51.100.9/24")
    other = Lists(ListsConfig(), engine)  # another worker sees them
    ctx = ScanContext(direction="inbound", client_ip="198.51.100.20")
    assert [s.name for s in other.check(message("bob@far.test"), ctx)] == ["BLOCK_LISTED"]
    assert [(e.list, e.value, e.scope) for e in other.stored()] == [
        ("block", "198.51.100.0/24", ""), ("allow", "partner.test", "example.com")]
    assert other.stored()[0].note == "botnet" and other.stored()[0].id == entry.id
    lists.remove(entry.id)
    assert Lists(ListsConfig(), engine).check(message("bob@far.test"), ctx) == []
    with pytest.raises(ListError, match="no list entry"):
        lists.remove(entry.id)


# --- behaviour store: upserts ----------------------------------------------------------------

def test_upserts_sum_counters_and_keep_the_latest_last_seen(engine: Engine) -> None:
    s = BehaviourStore(engine, AnomalyConfig(learning_messages=0))
    inbound(s, "bob@partner.test", T0 + 100)
    inbound(s, "bob@partner.test", T0 + 50)  # a worker that commits late, out of order
    inbound(s, "bob@partner.test", T0 + 75, rcpt="carol@example.com")
    bob = s.correspondent("example.com", "bob@partner.test")
    assert bob is not None
    assert (bob["inbound"], bob["auth_pass"], bob["outbound"]) == (3, 3, 0)
    assert bob["first_seen"] == T0 + 100 and bob["last_seen"] == T0 + 100
    counts = s.row_counts()
    assert counts["behaviour_pairs"] == 2 and counts["behaviour_networks"] == 1 and counts["behaviour_orgs"] == 1


def test_hourly_counters_sum_and_keep_the_largest_fanout(engine: Engine) -> None:
    s = BehaviourStore(engine, AnomalyConfig(volume_min=1000, new_recipients_min=1000, fanout_min=1000))
    outbound(s, "alice@example.com", ["a@far.test", "b@far.test", "c@far.test"], T0 + 10)
    outbound(s, "alice@example.com", ["a@far.test"], T0 + 20)
    outbound(s, "alice@example.com", ["d@far.test", "e@far.test"], T0 + 30)
    with engine.connect() as conn:
        row = conn.execute(select(behaviour_hours)).one()
        rcpts = {r.recipient: r.messages for r in conn.execute(select(behaviour_account_rcpts))}
    assert (row.messages, row.recipients, row.new_recipients, row.max_recipients) == (3, 6, 5, 3)
    assert row.hour == int(T0 // HOUR)
    assert rcpts == {"a@far.test": 2, "b@far.test": 1, "c@far.test": 1, "d@far.test": 1, "e@far.test": 1}


def test_a_new_throttle_replaces_the_old_one(engine: Engine) -> None:
    s = BehaviourStore(engine, AnomalyConfig(volume_min=2, throttle_seconds=600))
    for i in range(3):
        outbound(s, "mallory@example.com", ["x@far.test"], T0 + i)
    first = s.throttle("mallory@example.com", T0 + 10)
    assert first is not None and "3 messages" in first
    outbound(s, "mallory@example.com", ["x@far.test"], T0 + 3000)  # throttled again, later
    with engine.connect() as conn:
        row = conn.execute(select(behaviour_throttles)).one()
    assert row.since == T0 + 2 and row.until == T0 + 3000 + 600 and "4 messages" in row.reason
    assert s.release("mallory@example.com") is True and s.throttle("mallory@example.com", T0 + 3001) is None


def test_concurrent_observations_from_separate_connections_are_all_counted(engine: Engine) -> None:
    s = BehaviourStore(engine, AnomalyConfig(learning_messages=0))
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def worker(w: int) -> None:
        try:
            # Its own store, as each worker process has its own engine and connections.
            mine = BehaviourStore(open_database(str(engine.url.render_as_string(hide_password=False))),
                                  AnomalyConfig(learning_messages=0))
            start.wait(timeout=30)
            for i in range(25):
                inbound(mine, "bob@partner.test", T0 + i, rcpt=f"r{i % 5}@example.com")
                outbound(mine, "alice@example.com", [f"w{w}-{i}@far.test", "shared@far.test"], T0 + i)
            mine.engine.dispose()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(w,)) for w in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    bob = s.correspondent("example.com", "bob@partner.test")
    assert bob is not None and bob["inbound"] == 50 and bob["auth_pass"] == 50
    with engine.connect() as conn:
        hour = conn.execute(select(behaviour_hours)).one()
        shared = conn.execute(select(behaviour_account_rcpts.c.messages)
                              .where(behaviour_account_rcpts.c.recipient == "shared@far.test")).scalar_one()
    assert hour.messages == 50 and hour.recipients == 100 and shared == 50
    # Pairs: bob with 5 local recipients, alice with 2 x 25 + 1 external ones.
    assert s.row_counts()["behaviour_pairs"] == 5 + 51


# --- behaviour store: bounds and hostile values ----------------------------------------------

def test_rows_are_capped_to_the_most_recently_seen(engine: Engine) -> None:
    s = BehaviourStore(engine, AnomalyConfig(max_correspondents=100, max_pairs=100, history_weeks=1),
                       prune_every=10_000)
    for i in range(130):
        inbound(s, f"s{i}@far{i}.test", T0 + i)
    outbound(s, "alice@example.com", ["a@far.test"], T0)
    deleted = s.prune(T0 + 8 * 7 * 86_400)
    counts = s.row_counts()
    assert counts["behaviour_contacts"] == 90 and counts["behaviour_pairs"] == 90
    assert counts["behaviour_networks"] == 90 and counts["behaviour_hours"] == 0
    assert deleted["behaviour_contacts"] == 41 and deleted["behaviour_hours"] == 1
    assert s.correspondent("example.com", "s129@far129.test") is not None
    assert s.correspondent("example.com", "s0@far0.test") is None


def test_longest_addresses_and_domains_are_remembered(engine: Engine) -> None:
    s = BehaviourStore(engine, AnomalyConfig(learning_messages=0))
    domain = ".".join(["d" * 60] * 5)  # 304 characters: longer than a DNS name, within MAX_ADDRESS
    sender = f"x@{domain}"
    inbound(s, sender, T0)
    unicode_sender = "Åsa@xn--exmple-cua.test"  # punycode labels are decoded to Unicode
    inbound(s, unicode_sender, T0 + 1)
    assert s.correspondent("example.com", sender) is not None
    assert s.correspondent("example.com", unicode_sender) is not None
    assert s.row_counts()["behaviour_networks"] == 2
