# ruff: noqa: E501
"""Helpers to write the modern evaluation messages: headers as real MTAs write them, MIME by
the standard library, binary attachments made here (Pillow, zxing-cpp, zipfile)."""

from __future__ import annotations

import base64
import hashlib
import io
import zipfile
from email import policy
from email.message import EmailMessage
from pathlib import Path

import numpy as np
import zxingcpp
from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent
TO = "Alex Morgan <alex.morgan@example.com>"


def fake_b64(seed: str, n: int = 344) -> str:
    out = b""
    i = 0
    while len(out) < n:
        out += hashlib.sha256(f"{seed}{i}".encode()).digest()
        i += 1
    return base64.b64encode(out)[:n].decode()


def dkim(domain: str, selector: str, seed: str) -> str:
    b = fake_b64(seed + "b")
    bh = fake_b64(seed + "bh", 44)
    return (f"v=1; a=rsa-sha256; c=relaxed/relaxed; d={domain}; s={selector}; t=1764230400;\r\n"
            f"\th=from:to:subject:date:message-id:mime-version:content-type;\r\n\tbh={bh};\r\n"
            f"\tb={b[:70]}\r\n\t {b[70:140]}\r\n\t {b[140:210]}\r\n\t {b[210:280]}")


def build(name: str, *, frm: str, subject: str, date: str, msgid: str, to: str = TO,
          received: list[str] | None = None, dkim_domain: str | None = None, extra: list[tuple[str, str]] | None = None,
          text: str | None = None, html: str | None = None, related: list[tuple[bytes, str, str]] | None = None,
          attachments: list[tuple[bytes, str, str, str]] | None = None, cte_html: str = "quoted-printable") -> None:
    """Write OUT/name. related: (data, cid, mimetype) images inside the HTML; attachments:
    (data, maintype, subtype, filename)."""
    head: list[str] = []
    for r in received or []:
        head.append(f"Received: {r}\r\n")
    if dkim_domain:
        head.append(f"DKIM-Signature: {dkim(dkim_domain, 's1', name)}\r\n")
    fields = [("From", frm), ("To", to), ("Subject", subject), ("Date", date), ("Message-ID", msgid), *(extra or [])]
    for k, v in fields:
        head.append(policy.SMTP.clone(max_line_length=998, refold_source="all").fold(k, v) if "\r\n" not in v else f"{k}: {v}\r\n")
    msg = EmailMessage(policy=policy.SMTP)
    if text is not None:
        msg.set_content(text, cte="quoted-printable" if any(ord(c) > 127 for c in text) or len(text) > 0 else "7bit")
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
    # fixed boundaries, so that rewriting an unchanged message rewrites the same bytes
    tag = hashlib.sha256(name.encode()).hexdigest()[:16]
    for i, part in enumerate(p for p in msg.walk() if p.is_multipart()):
        part.set_boundary(f"----=_Part_{i}_{tag}")
    path = OUT / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes("".join(head).encode() + msg.as_bytes())


def rcv(frm_host: str, ip: str, by: str, when: str, id_: str) -> str:
    return f"from {frm_host} ({frm_host} [{ip}])\r\n\tby {by} with ESMTPS id {id_}\r\n\tfor <alex.morgan@example.com>; {when}"


def qr_png(text: str, scale: int = 6) -> bytes:
    arr = np.array(zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode).to_image(scale=scale))
    img = Image.fromarray(arr)
    # a quiet zone, as a generator leaves one
    canvas = Image.new("L", (img.width + 8 * scale, img.height + 8 * scale), 255)
    canvas.paste(img, (4 * scale, 4 * scale))
    buf = io.BytesIO()
    canvas.save(buf, "PNG")
    return buf.getvalue()


def png_logo(label: str, w: int = 160, h: int = 40) -> bytes:
    img = Image.new("RGB", (w, h), (30, 60, 120))
    ImageDraw.Draw(img).text((8, 12), label, fill=(255, 255, 255))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def pdf(lines: list[str], image: bytes | None = None) -> bytes:
    img = Image.new("RGB", (620, 800), (255, 255, 255))
    d = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        d.text((40, 40 + 18 * i), line, fill=(0, 0, 0))
    if image is not None:
        qr = Image.open(io.BytesIO(image)).convert("RGB")
        img.paste(qr, (40, 60 + 18 * len(lines)))
    buf = io.BytesIO()
    img.save(buf, "PDF", resolution=72)
    return buf.getvalue()


def ooxml(kind: str, macros: bool = False) -> bytes:
    """A small but well-formed-looking OOXML package (xlsx/xlsm/docx)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        ct = ("application/vnd.ms-excel.sheet.macroEnabled.main+xml" if macros
              else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
        z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                   '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   f'<Override PartName="/xl/workbook.xml" ContentType="{ct}"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/'
                   'spreadsheetml/2006/main"><sheets><sheet name="Q3" sheetId="1" r:id="rId1"/></sheets></workbook>')
        rows = "".join(f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>Line {i}</t></is></c><c r="B{i}"><v>{i * 1250}'
                       f"</v></c></row>" for i in range(1, 40))
        z.writestr("xl/worksheets/sheet1.xml", '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.'
                   f'org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>')
        if macros:
            z.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    return buf.getvalue()


def exe_bytes(size: int = 6144) -> bytes:
    head = bytearray(size)
    head[0:2] = b"MZ"
    head[0x3C:0x40] = (0x80).to_bytes(4, "little")
    head[0x80:0x84] = b"PE\0\0"
    head[0x4E:0x4E + 39] = b"This program cannot be run in DOS mode.\r"
    return bytes(head)


def zip_of(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            z.writestr(name, data)
    return buf.getvalue()


def iso_bytes(payload_name: str) -> bytes:
    data = bytearray(36864)
    data[32768:32774] = b"\x01CD001"
    data[32774] = 1
    data[32808:32808 + 12] = b"INVOICE_2025"
    data[34816:34816 + len(payload_name)] = payload_name.encode()
    data[35000:35002] = b"MZ"
    return bytes(data)


def ics(summary: str, start: str, end: str, organizer: str, attendee: str, location: str, uid: str) -> bytes:
    return ("BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\n"
            "CALSCALE:GREGORIAN\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n"
            f"DTSTART:{start}\r\nDTEND:{end}\r\nDTSTAMP:20251117T091500Z\r\n"
            f"ORGANIZER;CN={organizer}:mailto:{organizer}\r\nUID:{uid}\r\n"
            f"ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN={attendee}:mailto:"
            f"{attendee}\r\nDESCRIPTION:Join with Google Meet: https://meet.google.com/xkq-bwzt-hpa\r\n"
            f"LOCATION:{location}\r\nSEQUENCE:0\r\nSTATUS:CONFIRMED\r\nSUMMARY:{summary}\r\n"
            "TRANSP:OPAQUE\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").encode()


def safelink(url: str) -> str:
    from urllib.parse import quote
    return ("https://nam12.safelinks.protection.outlook.com/?url=" + quote(url, safe="")
            + "&data=05%7C02%7Calex.morgan%40example.com%7C3f1c2a9e8b7d4c1e%7C72f988bf86f141af91ab2d7cd011db47"
              "%7C0%7C0%7C638671234567890123%7CUnknown&sdata=Qm9ndXNTaWduYXR1cmVGb3JUZXN0cw%3D%3D&reserved=0")
