"""The durable queue's file format and recovery, and the pure policy counters."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from relaywarden.policy.lockout import LockoutTracker
from relaywarden.policy.ratelimit import RateLimiter
from relaywarden.spool.queue import Envelope, Spool, SpoolError, new_queue_id


def _env(qid: str, rcpts: list[str] | None = None) -> Envelope:
    return Envelope(queue_id=qid, mail_from="a@example.org", recipients=rcpts or ["x@remote.test"],
                    arrival=1.0, client_ip="192.0.2.1")


def test_store_and_load_round_trip(tmp_path: Path) -> None:
    sp = Spool(tmp_path, 0)
    qid = new_queue_id()
    path = sp.store(_env(qid, ["x@remote.test", "y@remote.test"]), b"Subject: s\r\n\r\nbody\r\n")
    assert path.parent == sp.active and path.stat().st_mode & 0o077 == 0
    msg, data = sp.load(path)
    assert data == b"Subject: s\r\n\r\nbody\r\n"
    assert msg.pending == ["x@remote.test", "y@remote.test"]
    assert list(sp.tmp.iterdir()) == []


def test_delivery_log_replays_and_survives_a_torn_last_line(tmp_path: Path) -> None:
    sp = Spool(tmp_path, 0)
    qid = new_queue_id()
    path = sp.store(_env(qid, ["x@remote.test", "y@remote.test"]), b"x\r\n")
    sp.record(qid, [{"rcpt": "x@remote.test", "outcome": "delivered", "code": 250, "status": "2.0.0",
                     "text": "ok", "remote": "h:25"}], durable=True)
    sp.record(qid, [{"next_try": 99.0, "attempts": 1}], durable=False)
    with open(sp.active / f"{qid}.log", "ab") as f:
        f.write(b'{"rcpt": "y@remote.test", "outc')  # a crash mid-append
    msg, _ = sp.load(path)
    assert msg.pending == ["y@remote.test"]
    assert msg.states["x@remote.test"].outcome == "delivered"
    assert msg.next_try == 99.0 and msg.attempts == 1


def test_recover_drops_unacknowledged_and_orphaned_files(tmp_path: Path) -> None:
    sp = Spool(tmp_path, 0)
    (sp.tmp / "HALFWRITTEN").write_bytes(b"RWQ1\n{")
    (sp.active / "GONE.log").write_bytes(b"{}\n")
    keep = sp.store(_env(new_queue_id()), b"x\r\n")
    sp.recover()
    assert list(sp.tmp.iterdir()) == []
    assert sorted(p.name for p in sp.active.iterdir()) == [keep.name]


def test_unreadable_queue_file_is_a_clear_error(tmp_path: Path) -> None:
    sp = Spool(tmp_path, 0)
    bad = sp.active / "BAD"
    bad.write_bytes(b"not a queue file")
    with pytest.raises(SpoolError, match="not a relaywarden queue file"):
        sp.load(bad)
    bad.write_bytes(b"RWQ1\n{broken json\n")
    with pytest.raises(SpoolError, match="bad envelope"):
        sp.load(bad)


def test_hold_and_release_move_the_message_and_its_log(tmp_path: Path) -> None:
    sp = Spool(tmp_path, 0)
    qid = new_queue_id()
    sp.store(_env(qid), b"x\r\n")
    sp.record(qid, [{"next_try": 5.0, "attempts": 1}], durable=True)
    assert sp.hold(qid) and not sp.hold(qid)
    assert (sp.hold_dir / qid).exists() and (sp.hold_dir / f"{qid}.log").exists()
    assert sp.release(qid)
    assert (sp.active / qid).exists() and (sp.active / f"{qid}.log").exists()


def test_concurrent_stores_all_land(tmp_path: Path) -> None:
    sp = Spool(tmp_path, 0)
    ids = [new_queue_id() for _ in range(64)]
    assert len(set(ids)) == 64
    threads = [threading.Thread(target=sp.store, args=(_env(q), b"x\r\n")) for q in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(p.name for p in sp.queue_files()) == sorted(ids)


def test_rate_limiter_refills_over_time() -> None:
    now = [0.0]
    rl = RateLimiter(60, clock=lambda: now[0])  # one token a second, burst of 60
    assert all(rl.take("ip") for _ in range(60))
    assert not rl.take("ip")
    assert rl.retry_after("ip") == pytest.approx(1.0)
    now[0] = 2.0
    assert rl.take("ip") and rl.take("ip") and not rl.take("ip")
    assert rl.take("other")  # keys are independent


def test_lockout_grows_with_each_lockout() -> None:
    now = [0.0]
    lt = LockoutTracker(max_failures=3, window=60, initial=10, maximum=25, clock=lambda: now[0])
    assert [lt.failure("k") for _ in range(3)] == [0.0, 0.0, 10.0]
    assert lt.locked_for("k") == 10.0
    now[0] = 11.0
    assert lt.locked_for("k") == 0.0
    assert [lt.failure("k") for _ in range(3)] == [0.0, 0.0, 20.0]
    now[0] = 40.0
    assert [lt.failure("k") for _ in range(3)] == [0.0, 0.0, 25.0]  # capped
    now[0] = 100.0
    lt.failure("j")
    now[0] = 200.0  # outside the window: the old failure no longer counts
    assert [lt.failure("j") for _ in range(2)] == [0.0, 0.0]
