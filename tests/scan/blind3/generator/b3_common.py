# ruff: noqa: E501
"""Helpers for the third blind set: headers as MTAs write them, MIME by the standard library,
binary parts made here with fixed timestamps so that a second run writes the same bytes."""

from __future__ import annotations

import base64
import hashlib
import io
import sys
import time
import zipfile
from email import policy
from email.message import EmailMessage
from pathlib import Path

from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "modern" / "generator"))
from common import png_logo, qr_png

OUT = Path(__file__).resolve().parent.parent
TO = "Jonas Meier <jonas.meier@helvetica-labs.example>"
TO_ADDR = "jonas.meier@helvetica-labs.example"
MX = "mx1.helvetica-labs.example"

__all__ = ["OUT", "TO", "build", "ics", "iso_bytes", "lnk_bytes", "pdf", "png_logo", "qr_png", "rcv", "zip_of"]


def fake_b64(seed: str, n: int = 344) -> str:
    out = b""
    i = 0
    while len(out) < n:
        out += hashlib.sha256(f"b3{seed}{i}".encode()).digest()
        i += 1
    return base64.b64encode(out)[:n].decode()


def dkim(domain: str, selector: str, seed: str) -> str:
    b = fake_b64(seed + "b")
    bh = fake_b64(seed + "bh", 44)
    return (f"v=1; a=rsa-sha256; c=relaxed/relaxed; d={domain}; s={selector}; t=1763884800;\r\n"
            f"\th=from:to:subject:date:message-id:mime-version:content-type;\r\n\tbh={bh};\r\n"
            f"\tb={b[:70]}\r\n\t {b[70:140]}\r\n\t {b[140:210]}\r\n\t {b[210:280]}")


def rcv(frm_host: str, ip: str, when: str, to: str = TO_ADDR) -> str:
    id_ = hashlib.sha256(f"{frm_host}{when}".encode()).hexdigest()[:14].upper()
    return (f"from {frm_host} ({frm_host} [{ip}])\r\n\tby {MX} (Postfix) with ESMTPS id {id_}\r\n"
            f"\tfor <{to}>; {when}")


def build(name: str, *, frm: str, subject: str, date: str, msgid: str, to: str = TO,
          received: list[str] | None = None, dkim_domain: str | None = None, selector: str = "s1",
          extra: list[tuple[str, str]] | None = None, text: str | None = None, html: str | None = None,
          related: list[tuple[bytes, str, str]] | None = None,
          attachments: list[tuple[bytes, str, str, str]] | None = None, cte_html: str = "quoted-printable") -> None:
    """Write OUT/name. related: (data, cid, mimetype) inline images; attachments:
    (data, maintype, subtype, filename)."""
    head: list[str] = []
    for r in received or []:
        head.append(f"Received: {r}\r\n")
    if dkim_domain:
        head.append(f"DKIM-Signature: {dkim(dkim_domain, selector, name)}\r\n")
    fields = [("From", frm), ("To", to), ("Subject", subject), ("Date", date), ("Message-ID", msgid), *(extra or [])]
    folder = policy.SMTP.clone(max_line_length=998, refold_source="all")
    for k, v in fields:
        head.append(folder.fold(k, v))
    msg = EmailMessage(policy=policy.SMTP)
    if text is not None:
        msg.set_content(text, cte="quoted-printable")
        if html is not None:
            msg.add_alternative(html, subtype="html", cte=cte_html)
    elif html is not None:
        msg.set_content(html, subtype="html", cte=cte_html)
    if related:
        html_part = msg.get_body(("html",))
        assert html_part is not None
        for data, cid, mimetype in related:
            main, sub = mimetype.split("/")
            html_part.add_related(data, main, sub, cid=f"<{cid}>", disposition="inline", filename=cid.split("@")[0])
    for data, main, sub, filename in attachments or []:
        if main == "text":
            msg.add_attachment(data.decode(), subtype=sub, filename=filename)
        else:
            msg.add_attachment(data, maintype=main, subtype=sub, filename=filename)
    tag = hashlib.sha256(("b3" + name).encode()).hexdigest()[:16]
    for i, part in enumerate(p for p in msg.walk() if p.is_multipart()):
        part.set_boundary(f"----=_Part_{i}_{tag}")
    path = OUT / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes("".join(head).encode() + msg.as_bytes())


_FIXED = time.gmtime(1763900000)


def pdf(lines: list[str], image: bytes | None = None, title: str = "document") -> bytes:
    img = Image.new("RGB", (620, 800), (255, 255, 255))
    d = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        d.text((40, 40 + 18 * i), line, fill=(0, 0, 0))
    if image is not None:
        qr = Image.open(io.BytesIO(image)).convert("RGB")
        img.paste(qr, (40, 60 + 18 * len(lines)))
    buf = io.BytesIO()
    img.save(buf, "PDF", resolution=72, title=title, creationDate=_FIXED, modDate=_FIXED)
    return buf.getvalue()


def zip_of(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(2026, 11, 20, 9, 30, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return buf.getvalue()


def iso_bytes(volume: str, payload_name: str) -> bytes:
    data = bytearray(40960)
    data[32768:32774] = b"\x01CD001"
    data[32774] = 1
    vol = volume.encode()[:32]
    data[32808:32808 + len(vol)] = vol
    data[34816:34816 + len(payload_name)] = payload_name.encode()
    data[36864:36866] = b"MZ"
    return bytes(data)


def lnk_bytes(target: str) -> bytes:
    """A Windows shell-link header (CLSID 00021401-...) followed by the target command line;
    no working code."""
    head = bytearray(76)
    head[0:4] = (0x4C).to_bytes(4, "little")
    head[4:20] = bytes.fromhex("0114020000000000c000000000000046")
    head[20:24] = (0x000000E0).to_bytes(4, "little")
    arg = target.encode("utf-16-le")
    return bytes(head) + len(target).to_bytes(2, "little") + arg + bytes(64)


def ics(summary: str, start: str, end: str, organizer: str, attendee: str, location: str, uid: str,
        description: str, prodid: str = "-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN") -> bytes:
    return ("BEGIN:VCALENDAR\r\n"
            f"PRODID:{prodid}\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n"
            f"DTSTART:{start}\r\nDTEND:{end}\r\nDTSTAMP:20261120T091500Z\r\n"
            f"ORGANIZER;CN={organizer}:mailto:{organizer}\r\nUID:{uid}\r\n"
            f"ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:{attendee}\r\n"
            f"DESCRIPTION:{description}\r\n"
            f"LOCATION:{location}\r\nSEQUENCE:0\r\nSTATUS:CONFIRMED\r\nSUMMARY:{summary}\r\n"
            "END:VEVENT\r\nEND:VCALENDAR\r\n").encode()


def dt(month: int, day: int, hh: int, mm: int, ss: int = 0, tz: int = 1) -> str:
    """An RFC 5322 date in 2026 at the given zone offset (hours)."""
    import datetime as _d
    from email.utils import format_datetime
    zone = _d.timezone(_d.timedelta(hours=tz))
    return format_datetime(_d.datetime(2026, month, day, hh, mm, ss, tzinfo=zone))


def mid(seed: str, domain: str, fmt: str = "{h}") -> str:
    h = hashlib.sha256(("b3mid" + seed).encode()).hexdigest()
    return "<" + fmt.format(h=h[:24], H=h[:32].upper(), a=h[:8], b=h[8:12], c=h[12:16], d=h[16:20], e=h[20:32]) + f"@{domain}>"


def tok(seed: str, n: int = 22) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(("b3tok" + seed).encode()).digest()).decode().rstrip("=")[:n]
