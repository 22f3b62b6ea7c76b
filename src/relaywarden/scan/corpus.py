"""Labelled mail for training and evaluating the classifier.

Reads the layouts the shared corpus uses (SpamAssassin: one message per file, each starting
with an mbox `From ` line; Nazario: mbox files) and the simple layout feedback uses
(`<label>/<file>` with label ham, spam or phishing). Duplicates are removed before anything is
split, by Message-ID and by a normalised body hash, because the public collections overlap
and a message that sits in both halves of a split makes the test figures a lie. The split is a
pure function of the message's key, so every run (and every machine) holds out the same
messages without storing a list.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Label = Literal["ham", "spam", "phishing"]
LABELS: tuple[Label, ...] = ("ham", "spam", "phishing")

MAX_MESSAGE_BYTES = 10 * 1024 * 1024
"""Bigger files are skipped: a corpus is for text features, and a stray disk image is not mail."""

DEFAULT_TEST_PERCENT = 25
SPLIT_SALT = "relaywarden-split-v1"
"""Part of the split hash, recorded in the model, so evaluate holds out what train held out."""

# An mbox separator line: "From <sender> <asctime date>"; a body line that merely starts with
# "From " does not carry the date, so it does not split a message.
_FROM_LINE = re.compile(rb"^From \S*\s+\w{3} \w{3}\s+\d{1,2} \d{1,2}:\d{2}(?::\d{2})? (?:\S+ )?\d{4}\s*$")
_MESSAGE_ID = re.compile(rb"^message-id:[ \t]*(.*(?:\r?\n[ \t].*)*)", re.IGNORECASE | re.MULTILINE)
_FOLDER_DATA = re.compile(rb"^subject:.*FOLDER INTERNAL DATA", re.IGNORECASE | re.MULTILINE)
_WS = re.compile(rb"\s+")
_MIN_BODY_FOR_HASH = 64
"""Bodies shorter than this (after normalising) are not compared: many unrelated messages have
an empty or near-empty body (an attachment and nothing else)."""


@dataclass(frozen=True)
class CorpusMessage:
    raw: bytes
    """The message as RFC 5322 bytes (the mbox `From ` line removed)."""
    label: Label
    source: str
    """easy_ham, hard_ham, spam, phishing, or feedback-<label>."""
    origin: str
    """Where it came from, for error messages: a path, or path#n for the n-th message of an mbox."""

    @property
    def key(self) -> str:
        """A stable identity for the split: the Message-ID when present, else the body hash."""
        mid = message_id(self.raw)
        return "mid:" + mid if mid else "body:" + (body_hash(self.raw) or hashlib.sha256(self.raw).hexdigest())


@dataclass
class DedupReport:
    kept: int = 0
    by_message_id: int = 0
    by_body: int = 0
    label_conflicts: int = 0
    """Duplicates whose labels disagreed (the first one seen is kept)."""
    skipped: list[str] = field(default_factory=list)
    """Files that were not messages (unreadable, too big, IMAP folder data), with the reason."""


def strip_envelope_line(raw: bytes) -> bytes:
    """Remove a leading mbox `From ` line: it is the local delivery's, not the message's."""
    if raw.startswith(b"From "):
        _, _, rest = raw.partition(b"\n")
        return rest
    return raw


def split_mbox(data: bytes) -> Iterator[bytes]:
    """The messages of an mbox file, without their `From ` lines; `>From ` quoting is undone."""
    current: list[bytes] = []
    started = False
    for line in data.splitlines(keepends=True):
        if _FROM_LINE.match(line.rstrip(b"\r\n")):
            if started and current:
                yield _unquote(b"".join(current))
            current = []
            started = True
            continue
        current.append(line)
    if current and any(x.strip() for x in current):
        yield _unquote(b"".join(current))


def _unquote(msg: bytes) -> bytes:
    return re.sub(rb"(?m)^>(>*From )", rb"\1", msg)


def _headers_block(raw: bytes) -> bytes:
    m = re.search(rb"\r?\n\r?\n", raw)
    return raw[: m.start()] if m else raw


def _body(raw: bytes) -> bytes:
    m = re.search(rb"\r?\n\r?\n", raw)
    return raw[m.end():] if m else b""


def message_id(raw: bytes) -> str:
    """The Message-ID, lower-case, without angle brackets or whitespace; '' when missing or odd."""
    m = _MESSAGE_ID.search(_headers_block(raw))
    if not m:
        return ""
    value = _WS.sub(b"", m.group(1)).strip(b"<>").lower()
    if b"@" not in value or len(value) > 250:
        return ""  # a malformed or absurd id is no identity; fall back to the body
    return value.decode("ascii", "replace")


def body_hash(raw: bytes) -> str:
    """sha256 of the body with all whitespace removed and lower-cased; '' when the body is tiny.

    Whitespace and case go because re-sent copies of the same mail differ in line wrapping and
    in the transfer encoding's line ends, not in words."""
    norm = _WS.sub(b"", _body(raw)).lower()
    if len(norm) < _MIN_BODY_FOR_HASH:
        return ""
    return hashlib.sha256(norm).hexdigest()


def _is_folder_data(raw: bytes) -> bool:
    return bool(_FOLDER_DATA.search(_headers_block(raw)))


def _read(path: Path, report: DedupReport) -> bytes | None:
    try:
        if path.stat().st_size > MAX_MESSAGE_BYTES:
            report.skipped.append(f"{path}: larger than {MAX_MESSAGE_BYTES} bytes")
            return None
        return path.read_bytes()
    except OSError as exc:
        report.skipped.append(f"{path}: {exc.strerror}")
        return None


def _manifest_subsets(root: Path) -> dict[str, str]:
    """file path (relative to root) -> subset (easy_ham, hard_ham, ...), from MANIFEST.tsv."""
    manifest = root / "MANIFEST.tsv"
    subsets: dict[str, str] = {}
    try:
        lines = manifest.read_text("utf-8", "replace").splitlines()
    except OSError:
        return subsets
    for line in lines[1:]:
        cols = line.split("\t")
        if len(cols) >= 3:
            subsets[cols[0]] = cols[2]
    return subsets


def _messages_in(path: Path, label: Label, source: str, report: DedupReport) -> Iterator[CorpusMessage]:
    data = _read(path, report)
    if data is None:
        return
    if path.suffix == ".mbox":
        for n, raw in enumerate(split_mbox(data)):
            if _is_folder_data(raw):
                report.skipped.append(f"{path}#{n}: IMAP folder data, not a message")
                continue
            yield CorpusMessage(raw, label, source, f"{path}#{n}")
        return
    raw = strip_envelope_line(data)
    if _is_folder_data(raw):
        report.skipped.append(f"{path}: IMAP folder data, not a message")
        return
    yield CorpusMessage(raw, label, source, str(path))


def _files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.is_file() and not p.name.startswith((".", "cmds")))


def iter_labelled_dir(directory: Path, report: DedupReport, *, source_prefix: str = "") -> Iterator[CorpusMessage]:
    """Messages under directory/<label>/ (files or .mbox files), for feedback and simple corpora."""
    for label in LABELS:
        for path in _files(directory / label):
            yield from _messages_in(path, label, f"{source_prefix}{label}", report)


def iter_corpus(root: Path, report: DedupReport) -> Iterator[CorpusMessage]:
    """Every message under root: the shared corpus layout (spamassassin/{ham,spam}, nazario/*.mbox)
    and/or the simple layout (ham/, spam/, phishing/)."""
    subsets = _manifest_subsets(root)
    for label, folder in (("ham", "ham"), ("spam", "spam")):
        for path in _files(root / "spamassassin" / folder):
            rel = path.relative_to(root).as_posix()
            source = subsets.get(rel, "easy_ham" if label == "ham" else "spam")
            if source == "easy_ham_2":
                source = "easy_ham"
            elif source == "spam_2":
                source = "spam"
            yield from _messages_in(path, "ham" if label == "ham" else "spam", source, report)
    for path in _files(root / "nazario"):
        yield from _messages_in(path, "phishing", "phishing", report)
    yield from iter_labelled_dir(root, report)


def deduplicate(messages: Iterable[CorpusMessage], report: DedupReport) -> list[CorpusMessage]:
    """The first copy of each message, by Message-ID and by normalised body; order preserved."""
    seen_ids: dict[str, Label] = {}
    seen_bodies: dict[str, Label] = {}
    kept: list[CorpusMessage] = []
    for msg in messages:
        mid = message_id(msg.raw)
        bh = body_hash(msg.raw)
        first_label = seen_ids.get(mid) if mid else None
        if first_label is not None:
            report.by_message_id += 1
        elif bh and bh in seen_bodies:
            first_label = seen_bodies[bh]
            report.by_body += 1
        if first_label is not None:
            if first_label != msg.label:
                report.label_conflicts += 1
            continue
        if mid:
            seen_ids[mid] = msg.label
        if bh:
            seen_bodies[bh] = msg.label
        kept.append(msg)
    report.kept = len(kept)
    return kept


def is_test(key: str, test_percent: int = DEFAULT_TEST_PERCENT, salt: str = SPLIT_SALT) -> bool:
    """Whether the message with this key is held out: a hash bucket, stable across runs."""
    digest = hashlib.sha256(f"{salt}\x00{key}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % 100 < test_percent


def split(messages: Iterable[CorpusMessage], test_percent: int = DEFAULT_TEST_PERCENT,
          salt: str = SPLIT_SALT) -> tuple[list[CorpusMessage], list[CorpusMessage]]:
    """(train, test), deterministically by each message's key."""
    train: list[CorpusMessage] = []
    test: list[CorpusMessage] = []
    for msg in messages:
        (test if is_test(msg.key, test_percent, salt) else train).append(msg)
    return train, test


def load_corpus(root: Path, *, feedback_dir: Path | None = None) -> tuple[list[CorpusMessage], DedupReport]:
    """De-duplicated messages of a corpus directory; feedback messages (data_dir/feedback) come
    first so an administrator's label wins over the corpus copy of the same message."""
    report = DedupReport()
    streams: list[Iterable[CorpusMessage]] = []
    if feedback_dir is not None:
        streams.append(iter_labelled_dir(feedback_dir, report, source_prefix="feedback-"))
    streams.append(iter_corpus(root, report))
    return deduplicate((m for s in streams for m in s), report), report


__all__ = ["DEFAULT_TEST_PERCENT", "LABELS", "SPLIT_SALT", "CorpusMessage", "DedupReport", "Label", "body_hash",
           "deduplicate", "is_test", "iter_corpus", "iter_labelled_dir", "load_corpus", "message_id", "split",
           "split_mbox", "strip_envelope_line"]
