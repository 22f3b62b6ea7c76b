"""Labels from the administrator, kept as message files the next `model train --feedback` reads.

Two sources: a quarantined message released as legitimate (label ham), and a message an
administrator reports with `relaywarden report FILE --label ham|spam|phishing` (a missed
phish, a false alarm). Each is stored once, as data_dir/feedback/<label>/<sha256>.eml (mode
0600: it is someone's mail), so reporting the same message twice changes nothing, and
reporting it with another label moves it.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from relaywarden.fsutil import fsync_dir
from relaywarden.scan.corpus import LABELS, Label, strip_envelope_line

MAX_FEEDBACK_BYTES = 25 * 1024 * 1024


class FeedbackError(Exception):
    """A label that cannot be recorded; the message says why."""


def feedback_dir(data_dir: Path) -> Path:
    return data_dir / "feedback"


def _check_label(label: str) -> Label:
    for known in LABELS:
        if label == known:
            return known
    raise FeedbackError(f"label must be one of {', '.join(LABELS)}, not {label!r}")


def record(data_dir: Path, raw: bytes, label: str) -> Path:
    """Store a labelled message; returns its path. Blocking (file I/O, fsync)."""
    checked = _check_label(label)
    raw = strip_envelope_line(raw)
    if not raw.strip():
        raise FeedbackError("the message is empty")
    if len(raw) > MAX_FEEDBACK_BYTES:
        raise FeedbackError(f"the message is larger than {MAX_FEEDBACK_BYTES} bytes")
    name = hashlib.sha256(raw).hexdigest() + ".eml"
    root = feedback_dir(data_dir)
    target_dir = root / checked
    target_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = target_dir / name
    fd, tmp = tempfile.mkstemp(dir=target_dir, prefix=".feedback-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
        fsync_dir(target_dir)  # a release removes the quarantine copy next: the label must survive a crash
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    # The latest label wins: an administrator who changes their mind moves the message.
    for other in LABELS:
        if other != checked:
            (root / other / name).unlink(missing_ok=True)
    return target


def record_file(data_dir: Path, path: Path, label: str) -> Path:
    """Store the message in a file (an .eml saved from a mail client) with a label."""
    try:
        size = path.stat().st_size
        if size > MAX_FEEDBACK_BYTES:
            raise FeedbackError(f"{path}: larger than {MAX_FEEDBACK_BYTES} bytes")
        raw = path.read_bytes()
    except OSError as exc:
        raise FeedbackError(f"{path}: cannot read: {exc.strerror}") from None
    return record(data_dir, raw, label)


def record_release(data_dir: Path, raw: bytes) -> Path:
    """A quarantined message an administrator released: the classifier should learn it is ham.
    Call it with Quarantine.content(qid) before Quarantine.release(), which removes the file."""
    return record(data_dir, raw, "ham")


def counts(data_dir: Path) -> dict[str, int]:
    """How many labelled messages of each label are waiting for the next training."""
    root = feedback_dir(data_dir)
    out: dict[str, int] = {}
    for label in LABELS:
        d = root / label
        out[label] = sum(1 for p in d.iterdir() if p.is_file() and not p.name.startswith(".")) if d.is_dir() else 0
    return out


__all__ = ["FeedbackError", "counts", "feedback_dir", "record", "record_file", "record_release"]
