"""Bounces: RFC 3464 delivery status notifications for recipients that failed for good.

The report has three parts (RFC 6522 multipart/report; report-type=delivery-status):
a text a person can act on, the machine-readable message/delivery-status, and the
original message's headers only (text/rfc822-headers): the body may be large and is the
sender's own data anyway, and quoting it back invites backscatter abuse.

The result is 7bit-safe, with CRLF line endings, ready to be queued with the null reverse
path (MAIL FROM:<>) as RFC 5321 4.5.5 requires: the caller must send it so, which is also
what makes should_bounce() stop loops. One exception to 7bit: a non-ASCII sender address
(SMTPUTF8) appears as is in To:, since such a bounce can only travel over SMTPUTF8 anyway.
"""

from __future__ import annotations

import email.quoprimime
import email.utils
import secrets
import textwrap
from collections.abc import Sequence
from datetime import UTC, datetime

from relaywarden.deliver.results import RecipientResult

_MAX_HEADER_BYTES = 64 * 1024
_MAX_DIAGNOSTIC = 900
_CRLF = "\r\n"

# The second digit of the enhanced code (RFC 3463 subject) picks the advice we give.
_ADVICE_BY_SUBJECT = {
    "1": "The address is wrong: check it for typing mistakes, or ask the recipient for the right one.",
    "2": "The recipient's mailbox cannot take the message (full or disabled). Try again later, "
         "or reach the recipient another way.",
    "3": "The recipient's mail system refused the message as it is (often its size). "
         "Send a smaller message, or share large files by a link.",
    "4": "The recipient's mail system could not be reached. If this keeps happening, "
         "the recipient's domain may be misconfigured: tell them by another channel.",
    "5": "The recipient's mail system did not understand our request. "
         "Forward this report to your mail administrator.",
    "6": "The message content could not be converted for the recipient's system. "
         "Forward this report to your mail administrator.",
    "7": "The recipient's system refused the message by its security policy (for example spam "
         "filtering or sender authentication). Forward this report to your mail administrator.",
}
_ADVICE_DEFAULT = "Forward this report to your mail administrator if you need help."
_ADVICE_NULL_MX = "The recipient's domain has declared that it does not accept mail at all."
_ADVICE_EXPIRED = ("Delivery kept failing for too long, so we gave up. The recipient's system may be "
                   "down or misconfigured; try again later or reach the recipient another way.")


def should_bounce(sender: str) -> bool:
    """Whether a failure report may be sent to this envelope sender.

    Never to the null sender ("" or "<>"): it marks a bounce or other notification, and a
    bounce of a bounce is how loops start (RFC 5321 4.5.5, RFC 3464 2). Also never to
    local part "MAILER-DAEMON" (any case): that is what bounce generators call themselves,
    and some still send with it instead of <>; answering them lets two broken systems bounce
    forever. Postmaster does get bounces: it is a person, and RFC 5321 4.5.1 says mail to
    postmaster must work. Finally, not to an address without a domain: nowhere to send it.
    """
    address = sender.strip()
    if address.startswith("<") and address.endswith(">"):
        address = address[1:-1]
    if not address:
        return False
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain:
        return False
    return local.lower() != "mailer-daemon"


def build_bounce(
    *,
    reporting_mta: str,
    original_envelope_id: str | None,
    sender: str,
    failed: Sequence[RecipientResult],
    original: bytes,
    arrival: datetime,
    now: datetime,
    queue_id: str,
    reason: str = "",
) -> bytes:
    """The complete bounce message (headers and body) for the failed recipients of one message.

    reason, when given, is one sentence shown first in the human-readable part (for example
    why the queue gave up). Naive datetimes are taken as UTC. Raises ValueError with no
    failed recipients.
    """
    if not failed:
        raise ValueError("a bounce needs at least one failed recipient")
    boundary = f"{_token(queue_id)}.{secrets.token_hex(8)}/{_token(reporting_mta)}"
    headers = _top_headers(reporting_mta, sender, now, boundary)
    parts = [
        _human_part(reporting_mta, failed, arrival, queue_id, reason),
        _status_part(reporting_mta, original_envelope_id, failed, arrival, now, queue_id),
        _headers_part(original),
    ]
    body = "".join(f"--{boundary}{_CRLF}{part}{_CRLF}" for part in parts) + f"--{boundary}--{_CRLF}"
    preamble = f"This is a MIME-encapsulated message.{_CRLF}{_CRLF}"
    return (headers + _CRLF + preamble + body).encode("utf-8")


def _top_headers(reporting_mta: str, sender: str, now: datetime, boundary: str) -> str:
    lines = [
        f"From: Mail Delivery System <MAILER-DAEMON@{reporting_mta}>",
        f"To: <{_one_line(sender)}>",
        "Subject: Undelivered Mail Returned to Sender",
        f"Date: {email.utils.format_datetime(_utc(now))}",
        f"Message-ID: {email.utils.make_msgid(domain=reporting_mta)}",
        "Auto-Submitted: auto-replied",
        "MIME-Version: 1.0",
        "Content-Type: multipart/report; report-type=delivery-status;",
        f'\tboundary="{boundary}"',
        "Content-Transfer-Encoding: 7bit",
    ]
    return "".join(line + _CRLF for line in lines)


def _human_part(reporting_mta: str, failed: Sequence[RecipientResult], arrival: datetime, queue_id: str,
                reason: str) -> str:
    paragraphs = [f"This is the mail delivery system at {reporting_mta}."]
    if reason:
        paragraphs.append(_ascii(reason))
    paragraphs.append(
        f"Your message could not be delivered to {_count(len(failed))}. It arrived here on "
        f"{email.utils.format_datetime(_utc(arrival))} with queue ID {_ascii(queue_id)}."
    )
    paragraphs = [_wrap(p) for p in paragraphs]
    paragraphs.extend(_recipient_paragraph(result) for result in failed)
    paragraphs.append(_wrap("The delivery report and the headers of your message are attached; "
                            "the body of your message is not included."))
    text = _CRLF.join(p + _CRLF for p in paragraphs)
    return ("Content-Description: Notification" + _CRLF
            + "Content-Type: text/plain; charset=us-ascii" + _CRLF + _CRLF + text)


def _recipient_paragraph(result: RecipientResult) -> str:
    """The address and advice, then what the server said, indented below it."""
    where = f"The server {result.remote} said" if result.code and result.remote else "Reason"
    said = f"{result.code} {result.text}" if result.code else result.text
    advice = _wrap(f"<{_ascii(result.recipient)}>: {_advice(result.status)}", hanging="  ")
    detail = _wrap(f"{where}: {_ascii(_one_line(said))} (status {result.status})", indent="    ")
    return advice + _CRLF + detail


def _advice(status: str) -> str:
    if status == "5.1.10":
        return _ADVICE_NULL_MX
    if status.startswith("4."):
        return _ADVICE_EXPIRED
    subject = status.split(".")[1]
    return _ADVICE_BY_SUBJECT.get(subject, _ADVICE_DEFAULT)


def _status_part(reporting_mta: str, envid: str | None, failed: Sequence[RecipientResult],
                 arrival: datetime, now: datetime, queue_id: str) -> str:
    per_message = [f"Reporting-MTA: dns; {reporting_mta}", f"X-RelayWarden-Queue-ID: {_ascii(queue_id)}"]
    if envid:
        per_message.append(f"Original-Envelope-Id: {_ascii(_one_line(envid))}")
    per_message.append(f"Arrival-Date: {email.utils.format_datetime(_utc(arrival))}")
    blocks = ["".join(line + _CRLF for line in per_message)]
    for result in failed:
        blocks.append("".join(line + _CRLF for line in _recipient_fields(result, now)))
    return ("Content-Description: Delivery report" + _CRLF
            + "Content-Type: message/delivery-status" + _CRLF + _CRLF + _CRLF.join(blocks))


def _recipient_fields(result: RecipientResult, now: datetime) -> list[str]:
    fields = [f"Final-Recipient: {_address_field(result.recipient)}", "Action: failed",
              f"Status: {result.status}"]
    remote_host = _remote_host(result.remote)
    if result.code and remote_host:
        fields.append(f"Remote-MTA: dns; {remote_host}")
    fields.append(_fold(f"Diagnostic-Code: {_diagnostic(result)}"))
    fields.append(f"Last-Attempt-Date: {email.utils.format_datetime(_utc(now))}")
    return fields


def _diagnostic(result: RecipientResult) -> str:
    text = _ascii(_one_line(result.text))[:_MAX_DIAGNOSTIC]
    if result.code:
        return f"smtp; {result.code} {text}"
    # No SMTP reply to quote (network error, local decision): a private diagnostic type.
    return f"X-RelayWarden; {text}"


def _headers_part(original: bytes) -> str:
    raw = _original_headers(original)
    header = "Content-Description: Undelivered Message Headers" + _CRLF + "Content-Type: text/rfc822-headers"
    if raw.isascii() and all(len(line) <= 998 for line in raw.split(b"\r\n")):
        return header + _CRLF + _CRLF + raw.decode("ascii")
    # 8-bit headers (SMTPUTF8 mail, or broken mail): quoted-printable keeps the report 7bit.
    encoded = email.quoprimime.body_encode(raw.decode("latin-1"), eol=_CRLF)
    return (header + "; charset=utf-8" + _CRLF + "Content-Transfer-Encoding: quoted-printable"
            + _CRLF + _CRLF + encoded)


def _original_headers(original: bytes) -> bytes:
    """The header block of the original, CRLF line endings, ending with one CRLF, capped."""
    normalized = original.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    head = normalized.split(b"\n\n", 1)[0] if not normalized.startswith(b"\n") else b""
    if len(head) > _MAX_HEADER_BYTES:
        # Cut at a line end: a half header line would be a syntax error in the report.
        head = head[:_MAX_HEADER_BYTES].rpartition(b"\n")[0]
    head = head.rstrip(b"\n")
    return head.replace(b"\n", b"\r\n") + b"\r\n" if head else b""


def _address_field(address: str) -> str:
    if address.isascii():
        return f"rfc822; {_one_line(address)}"
    # RFC 6533 3: a UTF-8 address in a 7bit report, non-ASCII as \x{HEX}.
    encoded = "".join(c if c.isascii() and c not in "\\+=" and c.isprintable() else f"\\x{{{ord(c):X}}}"
                      for c in address)
    return f"utf-8; {encoded}"


def _remote_host(remote: str) -> str:
    if not remote or remote == "maildir":
        return ""
    host, sep, port = remote.rpartition(":")
    if not sep or not port.isdigit():
        return remote
    return host


def _fold(line: str) -> str:
    """Fold a long field at spaces (RFC 5322 2.2.3); continuation lines start with a space."""
    if len(line) <= 78:
        return line
    wrapped = textwrap.wrap(line, width=78, subsequent_indent=" ", break_long_words=False,
                            break_on_hyphens=False)
    return _CRLF.join(wrapped)


def _wrap(paragraph: str, *, indent: str = "", hanging: str = "") -> str:
    lines = textwrap.wrap(paragraph, width=76, initial_indent=indent, subsequent_indent=indent + hanging)
    return _CRLF.join(lines)


def _count(n: int) -> str:
    return "one recipient" if n == 1 else f"{n} recipients"


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _ascii(text: str) -> str:
    """Printable ASCII only: anything else shown as a backslash escape, never raw 8-bit."""
    escaped = text.encode("ascii", "backslashreplace").decode("ascii")
    return "".join(c if c.isprintable() or c == "\n" else f"\\x{ord(c):02x}" for c in escaped)


def _token(text: str) -> str:
    """Characters allowed in a MIME boundary (RFC 2046 bcharsnospace), others dropped."""
    allowed = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'()+_,-.:=?")
    return "".join(c for c in text if c in allowed)[:20] or "x"
