# ruff: noqa: E501
"""Helpers for the second blind set: headers as real MTAs write them, MIME by the standard
library, and binary parts made here deterministically (no wall-clock time in any file)."""

from __future__ import annotations

import hashlib
import io
import struct
import sys
import zipfile
import zlib
from email import policy
from email.message import EmailMessage
from pathlib import Path

# the modern set's helpers for DKIM noise, QR codes, logos and stubs; those are time-free
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "modern" / "generator"))
import common as mc

OUT = Path(__file__).resolve().parent.parent
TO = "Priya Natarajan <priya.natarajan@northwind.example>"
RCPT = "priya.natarajan@northwind.example"
MX = "mx1.northwind.example"
ZIP_TIME = (2026, 11, 20, 9, 14, 6)

qr_png = mc.qr_png
png_logo = mc.png_logo
exe_bytes = mc.exe_bytes
iso_bytes = mc.iso_bytes
fake_b64 = mc.fake_b64


def dkim(domain: str, selector: str, seed: str) -> str:
    b = fake_b64(seed + "b")
    bh = fake_b64(seed + "bh", 44)
    return (f"v=1; a=rsa-sha256; c=relaxed/relaxed; d={domain}; s={selector}; t=1795000000;\r\n"
            f"\th=from:to:subject:date:message-id:mime-version:content-type;\r\n\tbh={bh};\r\n"
            f"\tb={b[:70]}\r\n\t {b[70:140]}\r\n\t {b[140:210]}\r\n\t {b[210:280]}")


def rcv(frm_host: str, ip: str, when: str, id_: str, by: str = MX, helo: str | None = None) -> str:
    return (f"from {helo or frm_host} ({frm_host} [{ip}])\r\n\tby {by} (Postfix) with ESMTPS id {id_}\r\n"
            f"\tfor <{RCPT}>; {when}")


def build(name: str, *, frm: str, subject: str, date: str, msgid: str, to: str = TO,
          received: list[str] | None = None, dkim_domain: str | None = None, selector: str = "s1",
          extra: list[tuple[str, str]] | None = None, text: str | None = None, html: str | None = None,
          related: list[tuple[bytes, str, str]] | None = None,
          attachments: list[tuple[bytes, str, str, str]] | None = None,
          brand: tuple[str, str] | None = None) -> None:
    """Write OUT/name. brand: (name, colour) to add an HTML alternative made from the text, as
    transactional senders send both. related: (data, cid, mimetype) inline images of the HTML part;
    attachments: (data, maintype, subtype, filename)."""
    if brand is not None and text is not None and html is None:
        html = html_of(text, *brand)
    head: list[str] = []
    for r in received or []:
        head.append(f"Received: {r}\r\n")
    if dkim_domain:
        head.append(f"DKIM-Signature: {dkim(dkim_domain, selector, name)}\r\n")
    # MIME-Version is written once, with the other top-level fields, not again by the MIME builder
    rest = [(k, v) for k, v in extra or [] if k.lower() != "mime-version"]
    fields = [("From", frm), ("To", to), ("Subject", subject), ("Date", date), ("Message-ID", msgid), *rest, ("MIME-Version", "1.0")]
    folder = policy.SMTP.clone(max_line_length=998, refold_source="all")
    for k, v in fields:
        head.append(folder.fold(k, v))
    msg = EmailMessage(policy=policy.SMTP)
    if text is not None:
        msg.set_content(text, cte="quoted-printable")
        if html is not None:
            msg.add_alternative(html, subtype="html", cte="quoted-printable")
    elif html is not None:
        msg.set_content(html, subtype="html", cte="quoted-printable")
    if related:
        html_part = msg.get_body(("html",))
        assert html_part is not None
        for data, cid, mimetype in related:
            main, sub = mimetype.split("/")
            html_part.add_related(data, main, sub, cid=f"<{cid}>", disposition="inline", filename=cid.split("@")[0])
    for data, main, sub, filename in attachments or []:
        if main == "text":
            msg.add_attachment(data.decode(), subtype=sub, filename=filename, cte="base64")
        else:
            msg.add_attachment(data, maintype=main, subtype=sub, filename=filename)
    for part in msg.walk():
        del part["MIME-Version"]
    tag = hashlib.sha256(name.encode()).hexdigest()[:20]
    for i, part in enumerate(p for p in msg.walk() if p.is_multipart()):
        part.set_boundary(f"b{i}_{tag}")
    path = OUT / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes("".join(head).encode() + msg.as_bytes())


def html_of(text: str, brand: str, colour: str) -> str:
    """The HTML twin of a transactional text part: "Label: URL" lines become a link or button
    with the label as its text, as templates show them."""
    import html as _html
    import re
    blocks: list[str] = []
    for para in text.strip().split("\n\n"):
        lines = []
        for line in para.split("\n"):
            m = re.match(r"^(.*?):\s*(https://\S+)$", line)
            if m:
                lines.append(f'<a href="{_html.escape(m.group(2))}" style="background:{colour};color:#ffffff;padding:10px 18px;'
                             f'border-radius:4px;text-decoration:none;display:inline-block">{_html.escape(m.group(1))}</a>')
            elif line.startswith("https://") and lines and lines[-1].endswith(":"):
                label = lines.pop()[:-1]
                lines.append(f'<a href="{_html.escape(line)}" style="background:{colour};color:#ffffff;padding:10px 18px;'
                             f'border-radius:4px;text-decoration:none;display:inline-block">{label}</a>')
            elif line.startswith("https://"):
                lines.append(f'<a href="{_html.escape(line)}" style="color:{colour}">{_html.escape(line)}</a>')
            else:
                lines.append(_html.escape(line))
        blocks.append('<p style="margin:0 0 16px 0">' + "<br>".join(lines) + "</p>")
    return ('<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>'
            '<body style="margin:0;background:#f5f5f5"><table role="presentation" width="100%" cellpadding="0" cellspacing="0">'
            '<tr><td align="center"><table role="presentation" width="600" cellpadding="24" cellspacing="0" style="background:#ffffff;'
            'font-family:Helvetica,Arial,sans-serif;font-size:14px;line-height:20px;color:#222222">'
            f'<tr><td style="background:{colour};color:#ffffff;font-size:20px;font-weight:bold">{_html.escape(brand)}</td></tr><tr><td>'
            + "".join(blocks) + "</td></tr></table></td></tr></table></body></html>")


# ---------------------------------------------------------------- ZIP (fixed times, optional ZipCrypto)

def _crc_update(crc: int, b: int) -> int:
    return zlib.crc32(bytes([b]), crc ^ 0xFFFFFFFF) ^ 0xFFFFFFFF


class _ZipCrypto:
    """PKWARE traditional encryption, as 7-Zip and Windows write it for 'password-protected' ZIPs."""

    def __init__(self, password: bytes) -> None:
        self.k0, self.k1, self.k2 = 0x12345678, 0x23456789, 0x34567890
        for c in password:
            self._update(c)

    def _update(self, c: int) -> None:
        self.k0 = _crc_update(self.k0, c)
        self.k1 = (self.k1 + (self.k0 & 0xFF)) & 0xFFFFFFFF
        self.k1 = (self.k1 * 134775813 + 1) & 0xFFFFFFFF
        self.k2 = _crc_update(self.k2, (self.k1 >> 24) & 0xFF)

    def encrypt(self, data: bytes) -> bytes:
        out = bytearray()
        for p in data:
            t = (self.k2 | 2) & 0xFFFF
            k = ((t * (t ^ 1)) >> 8) & 0xFF
            out.append(p ^ k)
            self._update(p)
        return bytes(out)


def _dos_time(t: tuple[int, int, int, int, int, int]) -> tuple[int, int]:
    y, mo, d, h, mi, s = t
    return (h << 11) | (mi << 5) | (s // 2), ((y - 1980) << 9) | (mo << 5) | d


def zip_of(members: list[tuple[str, bytes]], password: str | None = None) -> bytes:
    """A ZIP with fixed timestamps; with a password, members are stored ZipCrypto-encrypted."""
    if password is None:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in members:
                info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                z.writestr(info, data)
        return buf.getvalue()
    dtime, ddate = _dos_time(ZIP_TIME)
    local = bytearray()
    central = bytearray()
    for name, data in members:
        crc = zlib.crc32(data) & 0xFFFFFFFF
        enc = _ZipCrypto(password.encode())
        header = bytearray(hashlib.sha256(name.encode()).digest()[:11]) + bytes([crc >> 24])
        payload = enc.encrypt(bytes(header)) + enc.encrypt(data)
        fn = name.encode()
        offset = len(local)
        local += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 1, 0, dtime, ddate, crc, len(payload), len(data), len(fn), 0) + fn + payload
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 1, 0, dtime, ddate, crc, len(payload), len(data),
                               len(fn), 0, 0, 0, 0, 0o644 << 16, offset) + fn
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(local), 0)
    return bytes(local + central + end)


# ---------------------------------------------------------------- OOXML workbook

def xlsx(rows: list[list[str | float]], sheet: str = "Sheet1") -> bytes:
    def cell(ref: str, v: str | float) -> str:
        if isinstance(v, str):
            esc = v.replace("&", "&amp;").replace("<", "&lt;")
            return f'<c r="{ref}" t="inlineStr"><is><t>{esc}</t></is></c>'
        return f'<c r="{ref}"><v>{v}</v></c>'

    body = "".join(
        f'<row r="{i}">' + "".join(cell(f"{chr(65 + j)}{i}", v) for j, v in enumerate(r)) + "</row>"
        for i, r in enumerate(rows, start=1))
    ns = "http://schemas.openxmlformats.org"
    parts = [
        ("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         f'<Types xmlns="{ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         '<Default Extension="xml" ContentType="application/xml"/>'
         '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
         '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
        ("_rels/.rels", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{ns}/package/2006/relationships">'
         f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        ("xl/_rels/workbook.xml.rels", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{ns}/package/2006/relationships">'
         f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
        ("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{ns}/spreadsheetml/2006/main" '
         f'xmlns:r="{ns}/officeDocument/2006/relationships"><sheets><sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        ("xl/worksheets/sheet1.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{ns}/spreadsheetml/2006/main">'
         f"<sheetData>{body}</sheetData></worksheet>"),
    ]
    return zip_of([(n, d.encode()) for n, d in parts])


# ---------------------------------------------------------------- PDF with real text

def _pdf_str(s: str) -> str:
    return "(" + s.encode("cp1252", "replace").decode("latin-1").replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def pdf_text(lines: list[str], *, title: str = "", producer: str = "", embedded: tuple[str, bytes] | None = None,
             uri: str | None = None) -> bytes:
    """A one-page PDF whose text is real text (Helvetica), optionally with one embedded file
    (as Factur-X/ZUGFeRD put their XML) and one link annotation."""
    content = "BT /F1 10 Tf 50 790 Td 14 TL\n" + "".join(f"{_pdf_str(ln)} '\n" for ln in lines) + "ET\n"
    objs: list[bytes] = []
    annots = " /Annots [7 0 R]" if uri else ""
    names = f" /Names << /EmbeddedFiles << /Names [({embedded[0]}) 8 0 R] >> >> /AF [8 0 R]" if embedded else ""
    objs.append(f"<< /Type /Catalog /Pages 2 0 R{names} >>".encode())
    objs.append(b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R{annots} >>".encode())
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    raw = zlib.compress(content.encode("latin-1"), 9)
    objs.append(f"<< /Length {len(raw)} /Filter /FlateDecode >>\nstream\n".encode() + raw + b"\nendstream")
    objs.append(f"<< /Title {_pdf_str(title)} /Producer {_pdf_str(producer)} /CreationDate (D:20261120091406Z) >>".encode())
    if uri:
        objs.append(f"<< /Type /Annot /Subtype /Link /Rect [50 100 300 120] /Border [0 0 0] /A << /S /URI /URI {_pdf_str(uri)} >> >>".encode())
    else:
        objs.append(b"<< >>")
    if embedded:
        fname, data = embedded
        objs.append(f"<< /Type /Filespec /F {_pdf_str(fname)} /UF {_pdf_str(fname)} /AFRelationship /Alternative /EF << /F 9 0 R >> >>".encode())
        z = zlib.compress(data, 9)
        objs.append(f"<< /Type /EmbeddedFile /Subtype /text#2Fxml /Length {len(z)} /Filter /FlateDecode /Params << /Size {len(data)} >> >>\nstream\n".encode() + z + b"\nendstream")
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, o in enumerate(objs, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + o + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    fid = hashlib.md5(content.encode("latin-1")).hexdigest()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R /Info 6 0 R /ID [<{fid}> <{fid}>] >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


# ---------------------------------------------------------------- Windows shortcut

def lnk(target: str, args: str, icon: str) -> bytes:
    """A Shell Link (MS-SHLLINK) with a relative path, command-line arguments and an icon
    location, the shape of the shortcuts that launch powershell/mshta from an archive."""
    flags = 0x08 | 0x20 | 0x40 | 0x80  # HasRelativePath | HasArguments | HasIconLocation | IsUnicode
    header = struct.pack("<I16sIIQQQIIIHH8s", 0x4C, bytes.fromhex("0114020000000000c000000000000046"),
                         flags, 0x20, 0, 0, 0, 0, 0, 7, 0, 0, bytes(8))

    def sd(s: str) -> bytes:
        return struct.pack("<H", len(s)) + s.encode("utf-16-le")

    return header + sd(target) + sd(args) + sd(icon) + bytes(4)


def svg_redirect(target_b64: str, label: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="640" height="200" viewBox="0 0 640 200">\n'
            f'<rect width="640" height="200" fill="#f3f2f1"/><text x="24" y="100" font-family="Segoe UI" font-size="20">{label}</text>\n'
            '<script type="text/javascript"><![CDATA[\n'
            f'var _0x1f="{target_b64}";var e="cHJpeWEubmF0YXJhamFuQG5vcnRod2luZC5leGFtcGxl";\n'
            'setTimeout(function(){window.location.href=atob(_0x1f)+"#"+e},300);\n'
            ']]></script>\n</svg>\n').encode()


def when(month: int, day: int, hms: str, tz: str = "+0000", year: int = 2026) -> str:
    """An RFC 5322 date with the right weekday."""
    import datetime as _dt
    wd = _dt.date(year, month, day).strftime("%a")
    mon = _dt.date(year, month, day).strftime("%b")
    return f"{wd}, {day:02d} {mon} {year} {hms} {tz}"
