# ruff: noqa: E501
"""Legitimate mail for Helvetica Labs AG (blind set 3): one function per message."""

from __future__ import annotations

from collections.abc import Callable

from b3_common import build, dt, ics, mid, pdf, qr_png, rcv, tok

HL = "helvetica-labs.example"


def h01_github_password_reset() -> None:
    t = tok("gh-reset", 40)
    build("ham/01_github_password_reset.eml", frm="GitHub <noreply@github.com>",
          subject="[GitHub] Please reset your password", date=dt(11, 26, 8, 12, 44, 0),
          msgid=mid("gh-reset", "github.com", "{h}-reset"),
          received=[rcv("out-22.smtp.github.com", "192.30.252.205", dt(11, 26, 8, 12, 45, 0))], dkim_domain="github.com",
          text=("We heard that you lost your GitHub password. Sorry about that!\n\n"
                "But don't worry! You can use the following button to reset your password:\n\n"
                f"https://github.com/password_reset/{t}\n\n"
                "If you don't use this link within 3 hours, it will expire. To get a new password reset link, visit: https://github.com/password_reset\n\n"
                "Thanks,\nThe GitHub Team\n"))


def h02_microsoft_new_signin() -> None:
    build("ham/02_microsoft_new_signin.eml", frm="Microsoft account team <account-security-noreply@accountprotection.microsoft.com>",
          subject="New sign-in to your Microsoft account", date=dt(11, 25, 19, 41, 3, 0),
          msgid=mid("ms-signin", "az-sg-prod", "{H}"),
          received=[rcv("mail-db8eur05on2070.outbound.protection.outlook.com", "40.107.20.70", dt(11, 25, 19, 41, 5, 0))],
          dkim_domain="accountprotection.microsoft.com",
          text=("Microsoft account\n\nNew sign-in to your Microsoft account\n\n"
                "We noticed a new sign-in to your Microsoft account jo*****@gmail.com.\n\n"
                "Sign-in details\nCountry/region: Switzerland\nIP address: 178.197.226.14\nDate: 25.11.2026 20:40 (CET)\n"
                "Platform: Windows\nBrowser: Edge\n\n"
                "If this was you, you can safely ignore this email.\n\n"
                "If this wasn't you, your account has been compromised. Please follow these steps:\n"
                "1. Reset your password.\n2. Review your security info.\n3. Learn how to make your account more secure.\n\n"
                "You can also opt out or change where you receive security notifications.\n"
                "https://account.live.com/SecurityNotifications/Update\n\n"
                "Thanks,\nThe Microsoft account team\n"))


def h03_supplier_invoice_qrbill() -> None:
    att = pdf(["Laborglas Zuerich GmbH", "Hardturmstrasse 161, 8005 Zuerich", "", "Rechnung Nr. RE-2026-04417",
               "Kunde: Helvetica Labs AG, Einkauf, z. Hd. Jonas Meier", "Datum: 23.11.2026   Zahlbar bis: 23.12.2026", "",
               "40 x Erlenmeyerkolben 250 ml Borosilikat     CHF   312.00",
               "12 x Messzylinder 500 ml                    CHF   218.40",
               "Versand                                     CHF    18.00",
               "MWST 8.1 %                                  CHF    44.45",
               "Total                                       CHF   592.85", "",
               "Zahlteil (QR-Rechnung): IBAN CH44 3199 9123 0008 8901 2", "Referenz 21 00000 00003 13947 14300 09017"],
              qr_png("SPC\n0200\n1\nCH4431999123000889012\nS\nLaborglas Zuerich GmbH\nHardturmstrasse\n161\n8005\nZuerich\nCH\n\n\n\n\n\n\n\n592.85\nCHF\nS\nHelvetica Labs AG\nBinzstrasse\n23\n8045\nZuerich\nCH\nQRR\n210000000003139471430009017\nRE-2026-04417\nEPD", 3),
              title="RE-2026-04417")
    build("ham/03_supplier_invoice_qrbill.eml", frm="Buchhaltung Laborglas Zürich <buchhaltung@laborglas-zuerich.example>",
          subject="Rechnung RE-2026-04417 – Bestellung 4500-2291", date=dt(11, 23, 14, 2, 10),
          msgid=mid("laborglas-inv", "laborglas-zuerich.example"),
          received=[rcv("mail.laborglas-zuerich.example", "198.51.100.41", dt(11, 23, 14, 2, 12))],
          text=("Grüezi Herr Meier\n\nIm Anhang erhalten Sie die Rechnung RE-2026-04417 zu Ihrer Bestellung 4500-2291 "
                "(Lieferung vom 20.11.2026) als PDF mit QR-Zahlteil.\n\nBetrag: CHF 592.85, zahlbar innert 30 Tagen.\n\n"
                "Bei Fragen zur Rechnung erreichen Sie uns unter 044 271 38 90.\n\nFreundliche Grüsse\n\nSandra Käslin\n"
                "Buchhaltung\nLaborglas Zürich GmbH\nHardturmstrasse 161, 8005 Zürich\n"),
          attachments=[(att, "application", "pdf", "Rechnung_RE-2026-04417.pdf")])


def h04_payment_overdue_reminder() -> None:
    build("ham/04_payment_overdue_reminder.eml", frm="Debitorenbuchhaltung Cleanroom Service AG <debitoren@cleanroom-service.example>",
          subject="1. Zahlungserinnerung – Rechnung 90017734 (überfällig)", date=dt(11, 24, 9, 15),
          msgid=mid("cleanroom-dun", "cleanroom-service.example"),
          received=[rcv("smtp.cleanroom-service.example", "198.51.100.77", dt(11, 24, 9, 15, 4))],
          text=("Sehr geehrte Damen und Herren\n\n"
                "Bei der Durchsicht unserer Konten haben wir festgestellt, dass die folgende Rechnung noch offen ist. "
                "Ihre Zahlung ist seit dem 31.10.2026 überfällig:\n\n"
                "Rechnung 90017734 vom 01.10.2026, Wartung Reinraum Gebäude B, Betrag CHF 4'860.00\n\n"
                "Sicher handelt es sich um ein Versehen. Wir bitten Sie, den Betrag innert 10 Tagen auf unser bekanntes Konto "
                "zu überweisen (Referenz gemäss QR-Rechnung). Sollte sich Ihre Zahlung mit diesem Schreiben gekreuzt haben, "
                "betrachten Sie diese Erinnerung bitte als gegenstandslos.\n\n"
                "Freundliche Grüsse\nDebitorenbuchhaltung\nCleanroom Service AG, Industriestrasse 12, 8604 Volketswil\nTel. 044 908 11 20\n"))


def h05_supplier_bank_change_letter() -> None:
    att = pdf(["Mikrotech Instruments SA", "Chemin du Closel 5, 1020 Renens VD", "", "Renens, 16 November 2026", "",
               "To our customers: change of bank connection", "",
               "Following the merger of our house bank, our account moves on 1 January 2027.",
               "Invoices dated 1 January 2027 or later show the new account:", "  UBS Switzerland AG, IBAN CH93 0024 3243 1234 5678 9",
               "Invoices dated before that date remain payable to the old account until 31 March 2027.", "",
               "Please verify this change by calling our finance department on +41 21 634 55 10",
               "(number as on our website and earlier invoices), not a number from any e-mail.", "",
               "Martine Rochat, CFO            Pierre Dubey, Head of Finance"], title="bank-change")
    build("ham/05_supplier_bank_change_letter.eml", frm="Martine Rochat <martine.rochat@mikrotech-instruments.example>",
          subject="Mikrotech Instruments: change of bank connection from 1 January 2027", date=dt(11, 16, 10, 31),
          msgid=mid("mikrotech-bank", "mikrotech-instruments.example"),
          received=[rcv("mail.mikrotech-instruments.example", "198.51.100.120", dt(11, 16, 10, 31, 7))],
          text=("Dear Mr Meier,\n\nAs announced by our account manager in October, Mikrotech Instruments will change its bank "
                "connection on 1 January 2027. Please find our signed letter attached.\n\n"
                "Nothing changes for open invoices: they remain payable to the account printed on them. "
                "Only invoices dated 1 January 2027 or later will show the new IBAN.\n\n"
                "For your own controls, please confirm the change by phone with our finance department on "
                "+41 21 634 55 10 (the number on our website and on every invoice). We will never ask you to "
                "change bank details by e-mail alone.\n\nKind regards,\n\nMartine Rochat\nCFO, Mikrotech Instruments SA\n"
                "Chemin du Closel 5, 1020 Renens\n"),
          attachments=[(att, "application", "pdf", "Mikrotech_Bank_Change_2027_signed.pdf")])


def h06_sharepoint_share() -> None:
    url = "https://helvetica-labs.sharepoint.com/:x:/s/Procurement/EbQ3mX8c1z1Ntw9fJrY8uKABcD4hWm3nP0e2Ug?e=Xk2pQa"
    build("ham/06_sharepoint_share.eml", frm="Nina Frei (via SharePoint Online) <no-reply@sharepointonline.com>",
          subject="Nina Frei shared \"Lieferantenbewertung 2026.xlsx\" with you", date=dt(11, 27, 11, 2),
          msgid=mid("sp-share", "helvetica-labs.sharepoint.com"),
          received=[rcv("mail-zr0che01on2109.outbound.protection.outlook.com", "40.107.167.109", dt(11, 27, 11, 2, 3))],
          dkim_domain="sharepointonline.com",
          extra=[("Reply-To", "Nina Frei <nina.frei@helvetica-labs.example>")],
          text=f"Nina Frei shared a file with you\n\nHere's the supplier scoring for the Q1 review, please add your comments by Friday.\n\nLieferantenbewertung 2026.xlsx\nOpen: {url}\n\nThis link will work for people in Helvetica Labs AG.\n\nMicrosoft respects your privacy. Privacy Statement: https://go.microsoft.com/fwlink/?LinkId=521839\n",
          html=(f"<html><body style=\"font-family:Segoe UI\"><p><b>Nina Frei</b> shared a file with you</p>"
                "<p>Here's the supplier scoring for the Q1 review, please add your comments by Friday.</p>"
                f"<p><a href=\"{url}\">Lieferantenbewertung 2026.xlsx</a></p>"
                f"<p><a href=\"{url}\" style=\"background:#0078d4;color:#fff;padding:8px 16px\">Open</a></p>"
                "<p style=\"font-size:11px;color:#666\">This link will work for people in Helvetica Labs AG.<br>"
                "<a href=\"https://go.microsoft.com/fwlink/?LinkId=521839\">Privacy Statement</a></p></body></html>"))


def h07_google_drive_share() -> None:
    url = "https://docs.google.com/document/d/1kT9vRw2xQmZpL8sYb3nCdE4fGh5iJ6kL7mN8oP9qRsT/edit?usp=sharing_eip&ts=6745a1b2"
    build("ham/07_google_drive_share.eml", frm="\"Thomas Gerber (via Google Docs)\" <drive-shares-dm-noreply@google.com>",
          subject="Document shared with you: \"Rahmenvertrag Reagenzien 2027 – Entwurf v3\"", date=dt(11, 20, 16, 47),
          msgid=mid("gdrive-share", "google.com", "{h}-0"),
          received=[rcv("mail-sor-f69.google.com", "209.85.220.69", dt(11, 20, 16, 47, 2))], dkim_domain="google.com",
          extra=[("Reply-To", "Thomas Gerber <thomas.gerber@biochem-supply.example>")],
          text=("Thomas Gerber (thomas.gerber@biochem-supply.example) has invited you to edit the following document:\n\n"
                "Rahmenvertrag Reagenzien 2027 – Entwurf v3\n\n"
                "Hallo Jonas, wie besprochen hier der überarbeitete Entwurf mit den Preisstaffeln. Gruss Thomas\n\n"
                f"Open: {url}\n\nGoogle LLC, 1600 Amphitheatre Parkway, Mountain View, CA 94043, USA\n"
                "You have received this email because thomas.gerber@biochem-supply.example shared a document with you from Google Docs.\n"))


def h08_dropbox_transfer() -> None:
    url = "https://www.dropbox.com/scl/fo/q8w2e4r6t8y0u1i3o5p7a/h?rlkey=zx9cv7bn5m3al1sk2dj4fh6gk&dl=0"
    build("ham/08_dropbox_folder.eml", frm="Dropbox <no-reply@dropbox.com>",
          subject="Alessia Rossi shared \"Fotos Anlagenabnahme Stabio\" with you", date=dt(11, 12, 15, 20),
          msgid=mid("dbx", "dropbox.com"),
          received=[rcv("mail-ed1-f42.dropbox.com", "162.125.8.35", dt(11, 12, 15, 20, 4))], dkim_domain="dropbox.com",
          text=(f"Alessia Rossi (alessia.rossi@termotecnica-ticino.example) invited you to view the folder \"Fotos Anlagenabnahme Stabio\" on Dropbox.\n\n"
                "Alessia said: \"Ciao Jonas, here are the photos from the acceptance test on Tuesday, incl. the nameplates.\"\n\n"
                f"Go to folder: {url}\n\nEnjoy!\nThe Dropbox team\n"))


def h09_box_share() -> None:
    url = "https://app.box.com/s/7h3kq9zp2xw5m1n8b4v6c0l"
    build("ham/09_box_share.eml", frm="Box <noreply@box.com>", subject="Daniel Weber invited you to collaborate on \"RFQ-2027-03 Kryostat\"",
          date=dt(11, 10, 9, 5), msgid=mid("box", "box.com"),
          received=[rcv("smtp-out-01.box.com", "74.112.184.91", dt(11, 10, 9, 5, 1))], dkim_domain="box.com",
          text=("Daniel Weber (daniel.weber@kaeltetechnik-basel.example) has invited you to collaborate on the folder\n"
                "\"RFQ-2027-03 Kryostat\" as Viewer Uploader.\n\n"
                f"Accept invite: {url}\n\nBox, Inc. 900 Jefferson Ave, Redwood City, CA 94063\n"))


def h10_wetransfer() -> None:
    url = "https://wetransfer.com/downloads/3f9c2b7a1e5d4c8b9a0f6e2d1c3b4a5920261118141522/8e1a4c"
    build("ham/10_wetransfer.eml", frm="WeTransfer <noreply@wetransfer.com>",
          subject="Marco Bernasconi sent you Messdaten_Kalibrierung_Nov.zip", date=dt(11, 18, 14, 15, 22),
          msgid=mid("wt", "wetransfer.com"),
          received=[rcv("mail-200.wetransfer.com", "52.16.190.21", dt(11, 18, 14, 15, 24))], dkim_domain="wetransfer.com",
          text=("Marco Bernasconi\nsent you some files\n\n1 item, 412 MB in total · Expires in 3 days\n\n"
                "Messdaten_Kalibrierung_Nov.zip\n\n\"Hi Jonas, die Rohdaten zur Kalibrierung wie telefonisch besprochen. LG Marco\"\n\n"
                f"Get your files: {url}\n\nDownload link\n{url}\n\n"
                "To make sure our emails arrive, please add noreply@wetransfer.com to your contacts.\n"))


def h11_docusign_request() -> None:
    url = "https://eu.docusign.net/Signing/EmailStart.aspx?a=4d2f9c1e-7a3b-4e8d-9c6f-2b1a0e5d3c7f&etti=24&acct=8b4e2a1c-3d5f-4a6b-9c8d-7e0f1a2b3c4d&er=5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9"
    build("ham/11_docusign_nda.eml", frm="\"Claire Dubois via Docusign\" <dse@eumail.docusign.net>",
          subject="Complete with Docusign: NDA_Helvetica_Labs_Sequana_2026.pdf", date=dt(11, 19, 13, 40),
          msgid=mid("ds", "eumail.docusign.net"),
          received=[rcv("eumail.docusign.net", "185.114.76.13", dt(11, 19, 13, 40, 2))], dkim_domain="eumail.docusign.net",
          extra=[("Reply-To", "Claire Dubois <claire.dubois@sequana-biotech.example>")],
          text=("Claire Dubois sent you a document to review and sign.\n\nREVIEW DOCUMENT\n" + url + "\n\n"
                "Claire Dubois\nclaire.dubois@sequana-biotech.example\n\nBonjour Jonas, voici la NDA pour la visite du 3 décembre, merci!\n\n"
                "Do Not Share This Email\nThis email contains a secure link to Docusign. Please do not share this email, link, or access code with others.\n\n"
                "Alternate Signing Method\nVisit docusign.com, click 'Access Documents', and enter the security code:\n4D2F9C1E7A3B4E8D9C6F2B1A0E5D3C7F2\n"))


def h12_skribble() -> None:
    url = "https://my.skribble.com/view/2a7c9e1f-4b6d-48a0-b3c5-d7e9f1a3b5c7"
    build("ham/12_skribble_sign.eml", frm="Skribble <noreply@skribble.com>",
          subject="Luca Keller lädt Sie ein, \"Kaufvertrag Massenspektrometer\" zu unterschreiben", date=dt(11, 21, 17, 3),
          msgid=mid("skribble", "skribble.com"),
          received=[rcv("mail.skribble.com", "185.17.70.11", dt(11, 21, 17, 3, 1))], dkim_domain="skribble.com",
          text=("Hallo Jonas Meier\n\nLuca Keller (luca.keller@helvetica-labs.example) hat Sie eingeladen, folgendes Dokument "
                "qualifiziert elektronisch zu signieren (QES):\n\nKaufvertrag Massenspektrometer.pdf\n\n"
                "Nachricht: \"Jonas, bitte als Zweitunterschrift, Budgetfreigabe liegt vor. Luca\"\n\n"
                f"Dokument ansehen und unterschreiben: {url}\n\nSkribble AG, Zürich\n"))


def h13_adobe_sign() -> None:
    url = "https://secure.eu1.adobesign.com/public/esign?tsid=CBFCIBAACBSCTBABDUAAABACAABAAB" + tok("adobe", 30)
    build("ham/13_adobe_sign.eml", frm="\"Acrobat Sign\" <adobesign@adobesign.com>",
          subject="Please sign: Rahmenvereinbarung Entsorgung 2027 between Helvetica Labs AG and Recyclingwerk Ost AG",
          date=dt(11, 9, 8, 51), msgid=mid("adobesign", "adobesign.com"),
          received=[rcv("mail-eu1.adobesign.com", "52.58.131.200", dt(11, 9, 8, 51, 2))], dkim_domain="adobesign.com",
          text=("Kurt Ammann (k.ammann@recyclingwerk-ost.example) has requested your signature on\n"
                "Rahmenvereinbarung Entsorgung 2027 between Helvetica Labs AG and Recyclingwerk Ost AG\n\n"
                f"Review and sign: {url}\n\nAfter you sign, all parties will receive a final PDF copy by email.\n\n"
                "Don't forward this email: If you don't want to sign, you can delegate to someone else.\n"))


def h14_swisspost_parcel() -> None:
    build("ham/14_swisspost_parcel.eml", frm="Die Post <noreply@notifications.post.ch>",
          subject="Ihre Sendung 99.60.123456.12345678 wird heute zugestellt", date=dt(11, 27, 7, 2),
          msgid=mid("post", "notifications.post.ch"),
          received=[rcv("mta-out2.post.ch", "193.5.218.23", dt(11, 27, 7, 2, 4))], dkim_domain="post.ch",
          text=("Guten Tag Jonas Meier\n\nIhre Sendung von Digitec Galaxus AG wird heute zwischen 10:15 und 12:15 Uhr zugestellt.\n\n"
                "Sendungsnummer: 99.60.123456.12345678\n\n"
                "Sendungsverfolgung: https://service.post.ch/ekp-web/ui/entry/shipping/1/parcel/detail?parcelId=996012345612345678\n\n"
                "Sie sind nicht zu Hause? Über «Meine Sendungen» können Sie die Zustellung kostenlos umleiten.\n\n"
                "Die Post verlangt nie per SMS oder E-Mail Zahlungen für Zustellungen.\n\nFreundliche Grüsse\nDie Schweizerische Post\n"))


def h15_postfinance_notice() -> None:
    build("ham/15_postfinance_ebanking.eml", frm="PostFinance <noreply@postfinance.ch>",
          subject="Neues Dokument in Ihrem E-Finance", date=dt(11, 3, 6, 30),
          msgid=mid("pf", "postfinance.ch"),
          received=[rcv("mailout.postfinance.ch", "194.41.172.10", dt(11, 3, 6, 30, 2))], dkim_domain="postfinance.ch",
          text=("Guten Tag\n\nIn Ihrem E-Finance liegt ein neues Dokument für Sie bereit: Kontoauszug Oktober 2026.\n\n"
                "Bitte melden Sie sich wie gewohnt über www.postfinance.ch oder die PostFinance App an.\n\n"
                "Aus Sicherheitsgründen enthalten unsere E-Mails keine Links zum Login. PostFinance fordert Sie nie per E-Mail "
                "oder SMS auf, Ihre Zugangsdaten einzugeben.\n\nFreundliche Grüsse\nPostFinance AG\n"))


def h16_zkb_transfer_confirmation() -> None:
    build("ham/16_zkb_transfer_done.eml", frm="Zürcher Kantonalbank <noreply@zkb.ch>",
          subject="Bestätigung: Zahlung ausgeführt", date=dt(11, 13, 10, 4),
          msgid=mid("zkb", "zkb.ch"),
          received=[rcv("mx-out.zkb.ch", "195.65.20.51", dt(11, 13, 10, 4, 3))], dkim_domain="zkb.ch",
          text=("Grüezi\n\nIhre Zahlung wurde am 13.11.2026 ausgeführt.\n\nBegünstigter: Laborglas Zürich GmbH\n"
                "Betrag: CHF 1'240.60\nKonto: CH.. .... .... .... 4417 1\n\n"
                "Details finden Sie im ZKB eBanking. Haben Sie diese Zahlung nicht erfasst? Rufen Sie uns an: +41 44 292 29 92.\n\n"
                "Freundliche Grüsse\nZürcher Kantonalbank\n"))


def h17_ubs_notice() -> None:
    build("ham/17_ubs_document.eml", frm="UBS <noreply@notifications.ubs.com>",
          subject="Your new UBS key4 document is available", date=dt(11, 5, 7, 15),
          msgid=mid("ubs", "notifications.ubs.com"),
          received=[rcv("mailout3.ubs.com", "160.59.200.13", dt(11, 5, 7, 15, 2))], dkim_domain="ubs.com",
          text=("Dear Mr Meier\n\nA new document is available in UBS Digital Banking: Credit card statement 10/2026.\n\n"
                "Log in via the UBS app or ubs.com as usual to view it. We will never ask you for your password, contract number or "
                "Access Card codes by e-mail.\n\nKind regards\nUBS Switzerland AG\n"))


def h18_twint_notice() -> None:
    build("ham/18_twint_received.eml", frm="TWINT <noreply@twint.ch>", subject="Sie haben CHF 45.00 erhalten",
          date=dt(11, 22, 19, 2), msgid=mid("twint", "twint.ch"),
          received=[rcv("mail.twint.ch", "195.141.85.22", dt(11, 22, 19, 2, 3))], dkim_domain="twint.ch",
          text=("Hallo Jonas\n\nLara Huber hat dir CHF 45.00 gesendet.\nNachricht: «Pizza Freitag 🍕»\n\n"
                "Der Betrag wurde deinem Konto gutgeschrieben. Details findest du in der TWINT App unter Transaktionen.\n\nDein TWINT-Team\n"))


def h19_sbb_ticket() -> None:
    att = pdf(["SBB CFF FFS", "Sparbillett", "Zuerich HB -> Geneve-Aeroport", "Do, 03.12.2026 ab 07:02, 2. Klasse",
               "Reisender: Jonas Meier, 1 Erwachsener, Halbtax", "Preis: CHF 31.40", "Nur gueltig mit Ausweis"],
              qr_png("SBB-TKT:7f3c9a21e5b8d04c6a1f2e3d4c5b6a79:20261203", 3), title="ticket")
    build("ham/19_sbb_ticket.eml", frm="SBB CFF FFS <noreply@sbb.ch>", subject="Ihr Ticket: Zürich HB – Genève-Aéroport",
          date=dt(11, 24, 21, 13), msgid=mid("sbb", "sbb.ch"),
          received=[rcv("smtp-out.sbb.ch", "194.150.245.34", dt(11, 24, 21, 13, 4))], dkim_domain="sbb.ch",
          text=("Guten Tag Jonas Meier\n\nVielen Dank für Ihren Einkauf. Ihr Ticket finden Sie im Anhang und in der App SBB Mobile.\n\n"
                "Zürich HB – Genève-Aéroport, Do 03.12.2026, ab 07:02\nSparbillett, 2. Klasse, Halbtax, CHF 31.40\n\n"
                "Auftragsnummer: 24-1183-9920-77\n\nGute Reise!\nSBB CFF FFS\n"),
          attachments=[(att, "application", "pdf", "Ticket_24-1183-9920-77.pdf")])


def h20_swisscom_bill_fr() -> None:
    build("ham/20_swisscom_facture_fr.eml", frm="Swisscom <noreply@swisscom.com>", subject="Votre facture Swisscom de novembre 2026",
          date=dt(11, 6, 5, 44), msgid=mid("swisscom", "swisscom.com"),
          received=[rcv("mailout.swisscom.com", "138.188.101.4", dt(11, 6, 5, 44, 2))], dkim_domain="swisscom.com",
          text=("Bonjour Monsieur Meier,\n\nVotre facture de novembre 2026 est disponible dans l'Espace clients.\n\n"
                "Montant: CHF 89.90\nÉchéance: 06.12.2026\nNuméro de client: 1-4XK-77210\n\n"
                "Consulter la facture: https://www.swisscom.ch/fr/clients-prives/espace-clients.html\n\n"
                "Vous payez par eBill ou LSV? Dans ce cas, vous n'avez rien à faire.\n\nMeilleures salutations\nVotre équipe Swisscom\n"))


def h21_digitec_order() -> None:
    html = ("<html><body><table width=\"600\"><tr><td><img src=\"https://static.digitecgalaxus.ch/Files/email/logo-digitec.png\" alt=\"digitec\"></td></tr>"
            "<tr><td><h2>Danke für deine Bestellung</h2><p>Hallo Jonas</p><p>Wir haben deine Bestellung 81733204 erhalten.</p>"
            "<table><tr><td>1 × Logitech MX Keys S (CH-Layout)</td><td>CHF 99.00</td></tr>"
            "<tr><td>1 × Anker USB-C Hub 7-in-1</td><td>CHF 39.90</td></tr><tr><td><b>Total</b></td><td><b>CHF 138.90</b></td></tr></table>"
            "<p>Voraussichtliche Lieferung: Fr, 27.11.</p>"
            "<p><a href=\"https://www.digitec.ch/de/order/81733204\">Bestellung ansehen</a></p>"
            "<p style=\"font-size:11px\">Digitec Galaxus AG, Pfingstweidstrasse 60b, 8005 Zürich</p></td></tr></table></body></html>")
    build("ham/21_digitec_order.eml", frm="digitec <noreply@digitec.ch>", subject="Deine Bestellung 81733204",
          date=dt(11, 25, 12, 8), msgid=mid("digitec", "digitec.ch"),
          received=[rcv("o1.mail.digitec.ch", "167.89.100.12", dt(11, 25, 12, 8, 1))], dkim_domain="digitec.ch",
          text="Hallo Jonas\n\nWir haben deine Bestellung 81733204 erhalten. Total CHF 138.90.\nhttps://www.digitec.ch/de/order/81733204\n",
          html=html)


def h22_migros_newsletter() -> None:
    clk = "https://news.migros.ch/u/nrd.php?p=Xk29aQ_{n}_6612_1&ems_l=118204"
    html = ("<html><body><table width=\"640\"><tr><td><h1>Diese Woche bei Migros</h1>"
            f"<p><a href=\"{clk.format(n=1)}\">25 % auf alle Kaffeebohnen</a></p>"
            f"<p><a href=\"{clk.format(n=2)}\">Adventskalender: jeden Tag ein Cumulus-Bon</a></p>"
            f"<p><a href=\"{clk.format(n=3)}\">Rezeptidee: Zürcher Geschnetzeltes</a></p>"
            f"<p style=\"font-size:10px\">Sie erhalten diesen Newsletter, weil Sie sich angemeldet haben. <a href=\"{clk.format(n=9)}\">Abmelden</a>"
            " · Migros-Genossenschafts-Bund, Limmatstrasse 152, 8005 Zürich</p></td></tr></table>"
            "<img src=\"https://news.migros.ch/o.php?e=118204&u=Xk29aQ\" width=\"1\" height=\"1\"></body></html>")
    build("ham/22_migros_newsletter.eml", frm="Migros <newsletter@news.migros.ch>", subject="Jonas, 25 % auf Kaffee und dein Adventskalender",
          date=dt(11, 26, 6, 0), msgid=mid("migros", "news.migros.ch"),
          received=[rcv("mta12.news.migros.ch", "185.233.4.12", dt(11, 26, 6, 0, 11))], dkim_domain="news.migros.ch",
          extra=[("List-Unsubscribe", f"<{clk.format(n=9)}>"), ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")],
          text="Diese Woche bei Migros: 25 % auf Kaffee, Adventskalender mit Cumulus-Bons.\n", html=html)


def h23_zalando_sale() -> None:
    clk = "https://click.service-mail.zalando.ch/?qs=8f2a{n}c1d9e7b3a5f6c4d2e0b8a7f9c1d3e5"
    html = ("<html><body><h1 style=\"font-size:40px\">BLACK FRIDAY: bis zu -60 %</h1>"
            "<p>Nur bis Montag: Tausende Styles stark reduziert. Jetzt zugreifen, solange der Vorrat reicht!</p>"
            f"<p><a href=\"{clk.format(n=1)}\">JETZT SHOPPEN</a> · <a href=\"{clk.format(n=2)}\">Damen</a> · <a href=\"{clk.format(n=3)}\">Herren</a></p>"
            f"<p style=\"font-size:10px\"><a href=\"{clk.format(n=8)}\">Newsletter abbestellen</a> · Zalando SE, Valeska-Gert-Strasse 5, 10243 Berlin</p></body></html>")
    build("ham/23_zalando_sale.eml", frm="Zalando <info@service-mail.zalando.ch>", subject="⚡ Black Friday: bis zu -60 % – nur bis Montag",
          date=dt(11, 27, 5, 30), msgid=mid("zalando", "service-mail.zalando.ch"),
          received=[rcv("mta-201.service-mail.zalando.ch", "13.111.40.201", dt(11, 27, 5, 30, 9))], dkim_domain="service-mail.zalando.ch",
          extra=[("List-Unsubscribe", f"<{clk.format(n=8)}>")],
          text="BLACK FRIDAY: bis zu -60 %. Nur bis Montag.\n", html=html)


def h24_teams_meeting_internal() -> None:
    join = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_NzQ2ZTk4YjctYTFkMi00M2YxLWI4ZTQtMmY1ZDZhN2I4Yzlk%40thread.v2/0?context=%7b%22Tid%22%3a%22c0ffee00-1234-4cde-8f01-23456789abcd%22%7d"
    cal = ics("Budgetrunde Einkauf 2027", "20261201T090000Z", "20261201T100000Z", "luca.keller@helvetica-labs.example",
              "jonas.meier@helvetica-labs.example", "Microsoft Teams Meeting; Sitzungszimmer Limmat", "040000008200E00074C5B7101A82E0080000000010D2B3",
              "Join: " + join)
    build("ham/24_teams_meeting_cfo.eml", frm="Luca Keller <luca.keller@helvetica-labs.example>", subject="Budgetrunde Einkauf 2027",
          date=dt(11, 23, 16, 5), msgid=mid("teams-inv", "ZR0P278MB0123.CHEP278.PROD.OUTLOOK.COM", "{H}"),
          text=("Hallo Jonas\n\nLass uns die Budgetposten Einkauf 2027 durchgehen, bitte die Lieferantenliste mitbringen.\n\n"
                "________________________________________________________________________________\nMicrosoft Teams meeting\n"
                f"Join on your computer, mobile app or room device\nClick here to join the meeting <{join}>\n"
                "Meeting ID: 371 224 905 118\nPasscode: 8kRvQx\n________________________________________________________________________________\n"),
          attachments=[(cal, "text", "calendar", "invite.ics")])


def h25_webinar_invite() -> None:
    reg = "https://events.sap.com/ch/ariba-live-zurich-2027/en/registration.aspx?utm_source=email&utm_campaign=ariba_live_zh&sfmc=3391"
    build("ham/25_webinar_sap_ariba.eml", frm="SAP <sap@mail.sap.com>", subject="Webinar: Supplier risk in 2027 – register now",
          date=dt(11, 11, 14, 0), msgid=mid("sapweb", "mail.sap.com"),
          received=[rcv("mta.mail.sap.com", "13.111.48.33", dt(11, 11, 14, 0, 7))], dkim_domain="mail.sap.com",
          text=("Dear Jonas Meier,\n\nJoin our live webinar on 10 December 2026, 10:00 CET: \"Supplier risk in 2027: what procurement teams "
                "need to know\", with customer stories from Swiss manufacturing.\n\n"
                f"Register now: {reg}\n\nSeats are limited. You will receive your personal access link after registration.\n\n"
                "SAP (Schweiz) AG, Leugenestrasse 6, 2500 Biel\nUnsubscribe: https://www.sap.com/profile/unsubscribe\n"))


def h26_qr_marketing() -> None:
    qr = qr_png("https://www.brack.ch/aktionen/adventsrabatt?utm_source=mail&utm_medium=qr", 4)
    html = ("<html><body><h2>Advents-Rabatt für Geschäftskunden</h2><p>Scannen Sie den QR-Code mit Ihrem Handy und sichern Sie sich "
            "10 % auf Büromaterial bis 24.12.</p><img src=\"cid:qr@brack.ch\" alt=\"QR-Code\" width=\"160\">"
            "<p><a href=\"https://www.brack.ch/aktionen/adventsrabatt?utm_source=mail\">Zur Aktion</a></p>"
            "<p style=\"font-size:10px\">BRACK.CH AG, Hintermättlistrasse 3, 5506 Mägenwil · <a href=\"https://www.brack.ch/newsletter/abmelden\">Abmelden</a></p></body></html>")
    build("ham/26_brack_qr_marketing.eml", frm="\"BRACK.CH Business\" <business@news.brack.ch>", subject="10 % auf Büromaterial – QR-Code scannen",
          date=dt(11, 17, 10, 0), msgid=mid("brack", "news.brack.ch"),
          received=[rcv("mail.news.brack.ch", "185.12.31.7", dt(11, 17, 10, 0, 9))], dkim_domain="news.brack.ch",
          text="Advents-Rabatt: 10 % auf Büromaterial bis 24.12. https://www.brack.ch/aktionen/adventsrabatt\n",
          html=html, related=[(qr, "qr@brack.ch", "image/png")])


def h27_it_awareness() -> None:
    build("ham/27_it_phishing_awareness.eml", frm="IT Security Helvetica Labs <it-security@helvetica-labs.example>",
          to="Alle Mitarbeitenden <alle@helvetica-labs.example>",
          subject="Achtung: aktuelle Phishing-Welle mit gefälschten Post- und Microsoft-Mails", date=dt(11, 19, 8, 0),
          msgid=mid("awareness", HL),
          text=("Liebe Kolleginnen und Kollegen\n\n"
                "Seit Anfang Woche erhalten wir vermehrt Phishing-Mails. Typische Beispiele:\n\n"
                "  «Ihr Postfach ist voll. Verify your account within 24 hours or it will be suspended.»\n"
                "  «Ihr Paket konnte nicht zugestellt werden. Zollgebühr CHF 2.99 jetzt bezahlen.»\n"
                "  «Scannen Sie den QR-Code, um Ihre MFA neu zu registrieren.»\n\n"
                "So erkennt ihr sie: der Absender passt nicht zur Firma (z. B. postfinance.ch.secure-login.info), "
                "es wird Druck gemacht, und man soll ein Passwort oder Kartendaten eingeben.\n\n"
                "Was tun? Nicht klicken, keinen QR-Code scannen, sondern die Mail mit dem Button «Phishing melden» in Outlook melden. "
                "Wer schon geklickt hat: bitte sofort den Servicedesk anrufen, intern 4444.\n\n"
                "Wir verlangen nie per Mail euer Passwort.\n\nDanke und Gruss\nReto Schneider\nIT Security\n"))


def h28_security_vendor_newsletter() -> None:
    html = ("<html><body><h1>Threat Brief November 2026</h1>"
            "<h3>1. QR-Code-Phishing bleibt Top-Lure</h3><p>Angreifer verschicken «Ihre MFA läuft ab – scannen Sie den Code» mit einem "
            "Bild statt eines Links, damit URL-Filter nichts sehen. Typisch: Dringlichkeit, Microsoft-Logo, Absender aus einer kompromittierten Domain.</p>"
            "<h3>2. Fake-Rechnungen mit HTML-Anhang</h3><p>Die Datei «Invoice_Payment.htm» öffnet eine nachgebaute Login-Seite "
            "(«Sign in to view document. Verify your account»).</p>"
            "<h3>3. Gefälschte Bankdatenänderung</h3><p>Eine Reply-To-Adresse auf einer Lookalike-Domain lenkt die Antwort um.</p>"
            "<p><a href=\"https://www.infoguard.ch/de/blog/threat-brief-november-2026?utm_source=newsletter&utm_medium=email\">Ganzen Artikel lesen</a></p>"
            "<p style=\"font-size:10px\">InfoGuard AG, Lindenstrasse 10, 6340 Baar · <a href=\"https://www.infoguard.ch/newsletter-abmelden\">Abmelden</a></p></body></html>")
    build("ham/28_security_vendor_threat_brief.eml", frm="InfoGuard <newsletter@infoguard.ch>", subject="Threat Brief November: QR-Phishing, HTML-Anhänge, Bankdaten-Betrug",
          date=dt(11, 20, 9, 0), msgid=mid("infoguard", "infoguard.ch"),
          received=[rcv("mail.infoguard.ch", "185.95.210.44", dt(11, 20, 9, 0, 12))], dkim_domain="infoguard.ch",
          text="Threat Brief November 2026: QR-Code-Phishing, Fake-Rechnungen mit HTML-Anhang, gefälschte Bankdatenänderungen.\n",
          html=html)


def h29_zendesk_ticket() -> None:
    build("ham/29_zendesk_ticket_update.eml", frm="Bruker Support <support@bruker.zendesk.com>",
          subject="[Bruker Support] Re: Ticket #482913 Service-Einsatz Massenspektrometer", date=dt(11, 18, 15, 44),
          msgid=mid("zd", "bruker.zendesk.com", "{h}_sprut"),
          received=[rcv("out-7.smtp.zendesk.com", "192.161.147.7", dt(11, 18, 15, 44, 3))], dkim_domain="zendesk.com",
          extra=[("Reply-To", "Bruker Support <support+id482913@bruker.zendesk.com>")],
          text=("##- Please type your reply above this line -##\n\nYour request (482913) has been updated. To add additional comments, reply to this email.\n\n"
                "Stefan Hofer (Bruker Switzerland)\n\nGuten Tag Herr Meier\n\nDer Techniker ist für Dienstag, 1. Dezember, 8:30 Uhr eingeplant. "
                "Bitte sorgen Sie für Zugang zu Labor B2.\n\nFreundliche Grüsse\nStefan Hofer\n\n"
                "This email is a service from Bruker Support.\n"))


def h30_jira_sm() -> None:
    build("ham/30_jira_service_desk.eml", frm="IT Servicedesk <jira@helvetica-labs.atlassian.net>",
          subject="[JIRA] (ITSD-7713) Neuer Laptop für Praktikant Einkauf – Resolved", date=dt(11, 24, 16, 20),
          msgid=mid("jira", "Atlassian.JIRA", "JIRA.{a}.{b}"),
          received=[rcv("mail-ep1.atlassian.net", "18.234.32.150", dt(11, 24, 16, 20, 3))], dkim_domain="atlassian.net",
          text=("Reto Schneider resolved this as Done.\n\nITSD-7713 Neuer Laptop für Praktikant Einkauf\n\n"
                "Laptop ist eingerichtet und liegt beim Empfang. Login-Daten erhält der Praktikant am ersten Tag persönlich.\n\n"
                "View request: https://helvetica-labs.atlassian.net/servicedesk/customer/portal/2/ITSD-7713\n"))


def h31_hr_payslip() -> None:
    build("ham/31_personio_payslip.eml", frm="Helvetica Labs HR <no-reply@personio.de>",
          subject="Deine Lohnabrechnung November 2026 ist verfügbar", date=dt(11, 25, 7, 0),
          msgid=mid("personio", "personio.de"),
          received=[rcv("mail.personio.de", "52.29.150.12", dt(11, 25, 7, 0, 4))], dkim_domain="personio.de",
          text=("Hallo Jonas\n\nDeine Lohnabrechnung für November 2026 wurde in deinem Personio-Profil unter Dokumente > Lohnabrechnungen abgelegt.\n\n"
                "Zu Personio: https://helvetica-labs.personio.de/my-desk\n\n"
                "Aus Datenschutzgründen senden wir Lohnabrechnungen nicht als Anhang. Fragen? hr@helvetica-labs.example\n\nDein HR-Team\n"))


def h32_concur_expense() -> None:
    build("ham/32_concur_expense_approved.eml", frm="SAP Concur <AutoNotification@concursolutions.com>",
          subject="Expense report approved: Messe Analytica München (CHF 1,384.20)", date=dt(11, 16, 13, 27),
          msgid=mid("concur", "concursolutions.com"),
          received=[rcv("smtp.concursolutions.com", "208.76.40.55", dt(11, 16, 13, 27, 3))], dkim_domain="concursolutions.com",
          text=("The following expense report has been approved by Luca Keller and sent for payment.\n\n"
                "Report name: Messe Analytica München\nAmount: CHF 1,384.20\nSubmitted: 12.11.2026\n\n"
                "Reimbursement will be paid with the next salary run.\n\nhttps://eu2.concursolutions.com\n"))


def h33_swiss_flight() -> None:
    build("ham/33_swiss_booking.eml", frm="SWISS <booking@notifications.swiss.com>",
          subject="Buchungsbestätigung – ZRH-FRA – 8. Dezember 2026 – Buchungscode K7XQ2M", date=dt(11, 14, 11, 22),
          msgid=mid("swiss", "notifications.swiss.com"),
          received=[rcv("mail.notifications.swiss.com", "185.49.60.30", dt(11, 14, 11, 22, 5))], dkim_domain="swiss.com",
          text=("Grüezi Herr Meier\n\nVielen Dank für Ihre Buchung.\n\nBuchungscode: K7XQ2M\nLX 1072 Zürich (ZRH) – Frankfurt (FRA)\n"
                "Di, 08.12.2026, 07:00 – 08:05, Economy Light\nLX 1089 Frankfurt – Zürich, Di 08.12.2026, 19:55 – 20:55\n\n"
                "Check-in öffnet 23 Stunden vor Abflug: https://www.swiss.com/ch/de/manage-booking\n\nIhre SWISS\n"))


def h34_booking_hotel() -> None:
    build("ham/34_booking_com.eml", frm="\"Booking.com\" <noreply@booking.com>",
          subject="Ihre Buchung ist bestätigt – Hotel Bern Bahnhof", date=dt(11, 15, 20, 10),
          msgid=mid("booking", "booking.com"),
          received=[rcv("mailout-201.booking.com", "5.57.20.201", dt(11, 15, 20, 10, 2))], dkim_domain="booking.com",
          text=("Jonas, Ihre Buchung ist bestätigt!\n\nHotel Bern Bahnhof\n07.12.2026 – 08.12.2026, 1 Nacht, 1 Einzelzimmer\n"
                "Bestätigungsnummer: 4102.877.331 · PIN: 7731\n\nGesamtpreis: CHF 189 (Zahlung in der Unterkunft)\n\n"
                "Buchung verwalten: https://secure.booking.com/myreservations.html\n"
                "Booking.com fordert Sie niemals auf, Kreditkartendaten per E-Mail, Telefon oder Chat zu übermitteln.\n"))


def h35_hotel_invoice_pdf() -> None:
    att = pdf(["Hotel Seerose Lugano", "Riva Paradiso 2, 6900 Lugano", "", "Fattura / Rechnung Nr. 2026-11812", "",
               "Ospite: Jonas Meier, Helvetica Labs AG", "Arrivo 18.11.2026 - Partenza 20.11.2026", "",
               "2 notti camera singola          CHF 340.00", "Tassa di soggiorno               CHF   7.20",
               "Ristorante 19.11                CHF  64.50", "Totale                          CHF 411.70",
               "Pagato con carta di credito VISA **** 2231"], title="fattura")
    build("ham/35_hotel_invoice_pdf.eml", frm="Hotel Seerose Lugano <reception@hotel-seerose-lugano.example>",
          subject="Fattura / Rechnung 2026-11812", date=dt(11, 20, 10, 55),
          msgid=mid("seerose", "hotel-seerose-lugano.example"),
          received=[rcv("mail.hotel-seerose-lugano.example", "198.51.100.201", dt(11, 20, 10, 55, 4))],
          text=("Gentile Signor Meier,\n\nin allegato trova la fattura del Suo soggiorno. L'importo è già stato pagato con carta di credito.\n\n"
                "Grazie e arrivederci!\nReception Hotel Seerose\n"),
          attachments=[(att, "application", "pdf", "Fattura_2026-11812.pdf")])


def h36_conference_badge() -> None:
    qr = qr_png("BADGE|SPS26|A-3391|Jonas Meier|Helvetica Labs AG", 4)
    build("ham/36_conference_badge.eml", frm="Swiss Procurement Summit <noreply@eventbrite.com>",
          subject="Ihr Badge für den Swiss Procurement Summit 2026", date=dt(11, 21, 9, 30),
          msgid=mid("badge", "eventbrite.com"),
          received=[rcv("o10.ptr1234.eventbrite.com", "167.89.65.10", dt(11, 21, 9, 30, 2))], dkim_domain="eventbrite.com",
          text="Ihr Badge: zeigen Sie den QR-Code am Eingang. Kongresshaus Zürich, 2. Dezember 2026, ab 08:00.\n",
          html=("<html><body><h2>Swiss Procurement Summit 2026</h2><p>Hallo Jonas</p><p>Zeigen Sie diesen QR-Code am Eingang vor "
                "(ausgedruckt oder auf dem Handy).</p><img src=\"cid:badge@eventbrite.com\" width=\"200\" alt=\"Badge QR\">"
                "<p>Kongresshaus Zürich, Mittwoch, 2. Dezember 2026, Türöffnung 08:00</p>"
                "<p><a href=\"https://www.eventbrite.ch/mytickets\">Meine Tickets</a></p></body></html>"),
          related=[(qr, "badge@eventbrite.com", "image/png")])


def h37_gitlab() -> None:
    build("ham/37_gitlab_mr.eml", frm="GitLab <gitlab@mg.gitlab.com>",
          subject="Re: procurement-tools | Import Ariba PO export (!42)", date=dt(11, 26, 14, 33),
          msgid=mid("gitlab", "gitlab.com", "merge_request_{a}"),
          received=[rcv("mail-a.mg.gitlab.com", "69.72.35.190", dt(11, 26, 14, 33, 2))], dkim_domain="mg.gitlab.com",
          extra=[("List-Id", "helvetica-labs/procurement-tools <88123456.gitlab.com>")],
          text=("Samuel Kunz commented on a discussion:\n\nI changed the CSV parser to accept the semicolon exports from Ariba. "
                "@jonas.meier could you test with the November file?\n\n"
                "https://gitlab.com/helvetica-labs/procurement-tools/-/merge_requests/42#note_2211930455\n\n-- \nReply to this email directly or view it on GitLab.\n"))


def h38_aws_budget() -> None:
    build("ham/38_aws_budget_alert.eml", frm="AWS Budgets <no-reply@budgets.amazonaws.com>",
          subject="AWS Budgets: lab-data-platform has exceeded your alert threshold", date=dt(11, 22, 2, 14, tz=0),
          msgid=mid("awsb", "email.amazonses.com", "0102019{a}-{b}-{c}-{d}-{e}-000000"),
          received=[rcv("a8-31.smtp-out.amazonses.com", "54.240.8.31", dt(11, 22, 2, 14, 5, 0))], dkim_domain="amazonses.com",
          text=("AWS Budget Notification November 22, 2026\nAWS Account 4417-2093-1188\n\nDear AWS Customer,\n\n"
                "You requested that we alert you when the ACTUAL Cost associated with your lab-data-platform budget is greater than "
                "80.00% of $3,000.00 for the current month. The ACTUAL Cost associated with this budget is $2,488.31.\n\n"
                "Go to the AWS Budgets dashboard: https://console.aws.amazon.com/billing/home#/budgets\n"))


def h39_infomaniak_renewal() -> None:
    build("ham/39_infomaniak_domain_renewal.eml", frm="Infomaniak <noreply@infomaniak.com>",
          subject="Votre domaine helvetica-labs.ch expire dans 30 jours", date=dt(11, 8, 9, 12),
          msgid=mid("infomaniak", "infomaniak.com"),
          received=[rcv("mta-out.infomaniak.ch", "83.166.143.20", dt(11, 8, 9, 12, 2))], dkim_domain="infomaniak.com",
          text=("Bonjour,\n\nLe domaine helvetica-labs.ch arrive à échéance le 08.12.2026. Le renouvellement automatique est désactivé.\n\n"
                "Pour éviter toute interruption de votre site et de vos e-mails, renouvelez-le depuis votre Manager:\n"
                "https://manager.infomaniak.com/v3/domain/renew\n\nMontant: CHF 13.00 / an\n\nL'équipe Infomaniak, Genève\n"))


def h40_saas_trial() -> None:
    build("ham/40_miro_trial_ending.eml", frm="Miro <hello@miro.com>", subject="Your Miro Business trial ends in 2 days – upgrade now to keep your boards",
          date=dt(11, 24, 17, 0), msgid=mid("miro", "miro.com"),
          received=[rcv("o5.email.miro.com", "149.72.123.5", dt(11, 24, 17, 0, 3))], dkim_domain="miro.com",
          text=("Hi Jonas,\n\nYour free trial of Miro Business ends on November 26. After that your team \"Einkauf HL\" moves to the Free plan "
                "and boards beyond 3 become view-only.\n\nUpgrade now: https://miro.com/app/settings/company/billing/?utm_source=trial_email_d12\n\n"
                "Questions? Just reply to this email.\n\nThe Miro Team\n"))


def h41_customer_support_reply() -> None:
    build("ham/41_bexio_support_reply.eml", frm="bexio Support <support@bexio.com>", subject="Re: [#311842] Kreditorenimport mit QR-Referenz",
          date=dt(11, 19, 11, 48), msgid=mid("bexio", "bexio.com"),
          received=[rcv("mail.bexio.com", "185.101.97.22", dt(11, 19, 11, 48, 2))], dkim_domain="bexio.com",
          extra=[("In-Reply-To", mid("bexio-q", HL)), ("References", mid("bexio-q", HL))],
          text=("Hallo Herr Meier\n\nDanke für Ihre Anfrage. Beim Import müssen QR-Referenzen ohne Leerzeichen erfasst sein. "
                "Eine Anleitung finden Sie hier: https://www.bexio.com/de-CH/hilfe\n\nFreundliche Grüsse\nMirjam, bexio Support\n\n"
                "> Guten Tag, beim Import der Kreditorenrechnungen erscheint Fehler 'Referenz ungültig'. Was tun?\n"))


def h42_ceo_announcement() -> None:
    build("ham/42_ceo_announcement.eml", frm="Sofia Brunner <sofia.brunner@helvetica-labs.example>",
          to="Alle Mitarbeitenden <alle@helvetica-labs.example>", subject="Neuer Standort in Basel und Weihnachtsessen",
          date=dt(11, 26, 17, 30), msgid=mid("ceo-ann", "ZR0P278MB0456.CHEP278.PROD.OUTLOOK.COM", "{H}"),
          text=("Liebe Kolleginnen und Kollegen\n\nIch freue mich, euch mitzuteilen, dass wir ab März 2027 ein zweites Labor in Basel eröffnen. "
                "Details stellen Luca und ich an der Townhall vom 3. Dezember vor.\n\n"
                "Und: Das Weihnachtsessen findet am 17. Dezember im Zunfthaus zur Saffran statt. Anmeldung bitte bis 5. Dezember bei Jana.\n\n"
                "Herzlich\nSofia\n\nSofia Brunner\nCEO, Helvetica Labs AG\n"))


def h43_colleague_gmail() -> None:
    build("ham/43_colleague_private_gmail.eml", frm="Nina Frei <nina.frei.zh@gmail.com>", subject="Fotos vom Teamausflug",
          date=dt(11, 22, 20, 14), msgid="<CAH8x2fV9Q1kLz7bN0yTq-3pR4sE5tU6vW7xY8zA9bC0dE1fG2h@mail.gmail.com>",
          received=[rcv("mail-wr1-f54.google.com", "209.85.221.54", dt(11, 22, 20, 14, 10))], dkim_domain="gmail.com",
          text=("Hoi Jonas\n\nhab dir privat geschrieben, weil ich die Fotos vom Handy aus schicke. Hier der Link zum Album:\n"
                "https://photos.app.goo.gl/Xq7Wm3Zp9Lk2Rt5Nv\n\nDas Foto auf dem Üetliberg ist super geworden 😄\n\nLG Nina\n"))


def h44_partner_calendar() -> None:
    cal = ics("Lieferantengespräch Q1 2027", "20261207T130000Z", "20261207T140000Z", "r.baumann@pharmalog-ag.example",
              "jonas.meier@helvetica-labs.example", "Zoom", "7kq2m9xz4b@pharmalog-ag.example",
              "Zoom: https://us02web.zoom.us/j/83311904427?pwd=QkR2bFJ6a3N4Wm1vUjhTVGZ3dz09",
              prodid="-//Google Inc//Google Calendar 70.9054//EN")
    build("ham/44_partner_calendar_invite.eml", frm="Regula Baumann <r.baumann@pharmalog-ag.example>",
          subject="Einladung: Lieferantengespräch Q1 2027 @ Mo 7. Dez. 2026 14:00 - 15:00 (MEZ)", date=dt(11, 23, 10, 2),
          msgid=mid("pharmalog", "google.com", "calendar-{a}-{b}-{c}-{d}-{e}"),
          received=[rcv("mail-sor-f73.google.com", "209.85.220.73", dt(11, 23, 10, 2, 3))], dkim_domain="pharmalog-ag.example",
          text=("Sie wurden zu folgendem Termin eingeladen.\n\nLieferantengespräch Q1 2027\nMo 7. Dez. 2026 14:00 – 15:00 (MEZ)\n"
                "Zoom: https://us02web.zoom.us/j/83311904427?pwd=QkR2bFJ6a3N4Wm1vUjhTVGZ3dz09\n\n"
                "Teilnehmen? Ja - Vielleicht - Nein\n\nEinladung von Google Kalender\n"),
          attachments=[(cal, "text", "calendar", "invite.ics")])


def h45_newsletter_fr() -> None:
    build("ham/45_newsletter_fr_letemps.eml", frm="Le Temps <newsletter@letemps.ch>", subject="L'essentiel du jour: la BNS maintient son taux",
          date=dt(11, 27, 6, 45), msgid=mid("letemps", "letemps.ch"),
          received=[rcv("mail.letemps.ch", "185.41.2.11", dt(11, 27, 6, 45, 9))], dkim_domain="letemps.ch",
          extra=[("List-Unsubscribe", "<https://www.letemps.ch/newsletters/desinscription>")],
          text="L'essentiel du jour.\n",
          html=("<html><body><h2>L'essentiel du jour</h2><p><a href=\"https://www.letemps.ch/economie/bns-taux?utm_source=newsletter\">La BNS maintient son taux directeur</a></p>"
                "<p><a href=\"https://www.letemps.ch/suisse/geneve-budget?utm_source=newsletter\">Genève: le budget 2027 adopté de justesse</a></p>"
                "<p><a href=\"https://www.letemps.ch/culture?utm_source=newsletter\">Culture: nos choix du week-end</a></p>"
                "<p style=\"font-size:10px\">Vous recevez cet e-mail car vous êtes inscrit. <a href=\"https://www.letemps.ch/newsletters/desinscription\">Se désinscrire</a></p></body></html>"))


def h46_newsletter_it() -> None:
    build("ham/46_newsletter_it_ticino.eml", frm="Ticino Turismo <newsletter@ticino.ch>", subject="Natale in Ticino: mercatini e idee per le feste",
          date=dt(11, 18, 8, 0), msgid=mid("ticino", "ticino.ch"),
          received=[rcv("mail.ticino.ch", "185.66.88.40", dt(11, 18, 8, 0, 5))], dkim_domain="ticino.ch",
          text="Natale in Ticino.\n",
          html=("<html><body><h2>Natale in Ticino</h2><p>Dai mercatini di Lugano al presepe vivente di Mendrisio: scoprite le nostre proposte.</p>"
                "<p><a href=\"https://www.ticino.ch/it/events/natale.html?utm_source=newsletter&utm_medium=email\">Scopri di più</a></p>"
                "<p style=\"font-size:10px\">Ticino Turismo, Via C. Ghiringhelli 7, 6500 Bellinzona · <a href=\"https://www.ticino.ch/it/newsletter/unsubscribe\">Annulla l'iscrizione</a></p></body></html>"))


def h47_newsletter_de_nzz() -> None:
    build("ham/47_newsletter_de_nzz.eml", frm="NZZ Briefing <newsletter@nzz.ch>", subject="Der Morgen: Was heute wichtig ist",
          date=dt(11, 28, 6, 0), msgid=mid("nzz", "nzz.ch"),
          received=[rcv("mailout.nzz.ch", "185.90.76.5", dt(11, 28, 6, 0, 7))], dkim_domain="nzz.ch",
          text=("Guten Morgen\n\nDer Bundesrat entscheidet über die Zölle auf Stahlimporte. "
                "Mehr: https://www.nzz.ch/schweiz/bundesrat-zoelle-ld.1912233?mktcid=nled&mktcval=107\n\n"
                "Newsletter abbestellen: https://abo.nzz.ch/newsletter\n"))


def h48_newsletter_en_tracking() -> None:
    base = "https://t.hubspotemail.net/e3t/Ctc/LX+113/cVKq204/VWy3T{n}kRz8W1kXk4p7ZQ8ZZW3m9Lp55bc1Y7N{n}Vb2KJ3qgyTW7Y8-PT6lZ3mqW8xNYdC1Ycfr2W"
    links = "".join(f"<p><a href=\"{base.format(n=i)}\">{t}</a></p>" for i, t in enumerate(
        ["Read: The 2027 procurement outlook", "Webinar: Negotiating in an inflationary market", "Case study: Roche cuts PO cycle time 40%",
         "Download the benchmark report", "Update your preferences"], start=1))
    build("ham/48_newsletter_en_tracking.eml", frm="Procurement Pulse <newsletter@procurementpulse.example>",
          subject="This week: the 2027 procurement outlook", date=dt(11, 25, 15, 0),
          msgid=mid("pulse", "procurementpulse.example"),
          received=[rcv("o1.hubspotemail.net", "158.247.20.1", dt(11, 25, 15, 0, 6))], dkim_domain="procurementpulse.example",
          extra=[("List-Unsubscribe", f"<{base.format(n=99)}>")],
          text="This week: the 2027 procurement outlook.\n",
          html=("<html><body><h1>Procurement Pulse</h1>" + links
                + "<img src=\"https://t.hubspotemail.net/e3t/Cto/LX+113/cVKq204/VWy3Tr1kRz8WopenPixel\" width=\"1\" height=\"1\"></body></html>"))


def h49_google_signin_alert() -> None:
    build("ham/49_google_security_alert.eml", frm="Google <no-reply@accounts.google.com>", subject="Security alert",
          date=dt(11, 21, 22, 5), msgid=mid("gsa", "google.com", "{h}-0"),
          received=[rcv("mail-sor-f73.google.com", "209.85.220.73", dt(11, 21, 22, 5, 1))], dkim_domain="accounts.google.com",
          text=("A new sign-in on Mac\n\njonas.meier.zh@gmail.com\n\nWe noticed a new sign-in to your Google Account on a Mac device. "
                "If this was you, you don't need to do anything. If not, we'll help you secure your account.\n\n"
                "Check activity: https://accounts.google.com/AccountChooser?Email=jonas.meier.zh@gmail.com&continue=https://myaccount.google.com/alert/nt/1763762700000?rfn%3D31\n\n"
                "You can also see security activity at https://myaccount.google.com/notifications\n"))


def h50_yousign() -> None:
    url = "https://yousign.app/signatures/3c8f1e2a-9b7d-4f6a-8e5c-1d2b3a4c5e6f?s=" + tok("ys", 32)
    build("ham/50_yousign_request.eml", frm="Yousign <noreply@yousign.app>", subject="Antoine Favre vous invite à signer « Contrat de maintenance 2027 »",
          date=dt(11, 25, 9, 40), msgid=mid("ys", "yousign.app"),
          received=[rcv("mail.yousign.app", "52.47.111.90", dt(11, 25, 9, 40, 2))], dkim_domain="yousign.app",
          text=("Bonjour Jonas Meier,\n\nAntoine Favre (a.favre@lemanlab-services.example) vous invite à signer le document « Contrat de maintenance 2027 ».\n\n"
                f"Signer le document: {url}\n\nCe lien vous est personnel. Yousign SAS, Caen\n"))


def h51_azure_payment_failed() -> None:
    build("ham/51_azure_payment_failed.eml", frm="Microsoft Azure <azure-noreply@microsoft.com>",
          subject="Action required: We couldn't process your payment for Azure subscription Lab-Analytics-Prod",
          date=dt(11, 12, 4, 20, tz=0), msgid=mid("azpay", "microsoft.com"),
          received=[rcv("mail-vi1eur04on2091.outbound.protection.outlook.com", "40.107.8.91", dt(11, 12, 4, 20, 6, 0))],
          dkim_domain="microsoft.com",
          text=("Your payment for subscription Lab-Analytics-Prod (ID 6c1f2a9e-...-41d7) was declined by the bank.\n\n"
                "Amount due: CHF 1,912.44\nPayment method: Visa ending in 0921 (expired 10/2026)\n\n"
                "To avoid service interruption, update your payment method in the Azure portal within 30 days:\n"
                "https://portal.azure.com/#view/Microsoft_Azure_GTM/ModernBillingMenuBlade/~/PaymentMethods\n\n"
                "Microsoft Corporation, One Microsoft Way, Redmond, WA 98052\nPrivacy Statement: https://go.microsoft.com/fwlink/?LinkId=521839\n"))


def h52_lufthansa_checkin() -> None:
    build("ham/52_lufthansa_checkin.eml", frm="Lufthansa <online@booking-lufthansa.com>",
          subject="Jetzt einchecken: Ihr Flug LH 1191 nach Frankfurt", date=dt(11, 16, 8, 5),
          msgid=mid("lh", "booking-lufthansa.com"),
          received=[rcv("mailout.booking-lufthansa.com", "193.17.178.20", dt(11, 16, 8, 5, 3))], dkim_domain="booking-lufthansa.com",
          text=("Sehr geehrter Herr Meier\n\nDer Online Check-in für Ihren Flug ist jetzt geöffnet.\n\n"
                "LH 1191 Frankfurt (FRA) – Zürich (ZRH), Di 17.11.2026, 18:25\nBuchungscode: 5QW8TR\n\n"
                "Jetzt einchecken: https://www.lufthansa.com/ch/de/online-check-in\n\nIhr Lufthansa Team\n"))


def h53_coop_newsletter_fr() -> None:
    build("ham/53_coop_newsletter_fr.eml", frm="Coop <newsletter@coop.ch>", subject="Vos points Supercard x10 ce week-end",
          date=dt(11, 19, 7, 0), msgid=mid("coop", "coop.ch"),
          received=[rcv("mail.newsletter.coop.ch", "185.45.84.10", dt(11, 19, 7, 0, 21))], dkim_domain="coop.ch",
          extra=[("List-Unsubscribe", "<https://www.coop.ch/fr/newsletter/desabonnement>")],
          text="Points Supercard x10 ce week-end.\n",
          html=("<html><body><h2>Points Supercard x10</h2><p>Du vendredi au dimanche, collectez 10 fois plus de points sur les vins et les produits de fête.</p>"
                "<p><a href=\"https://www.coop.ch/fr/actions/supercard-x10.html?utm_source=newsletter&utm_medium=email\">Voir les actions</a></p>"
                "<p style=\"font-size:10px\">Coop Société Coopérative, Thiersteinerallee 12, 4053 Bâle · <a href=\"https://www.coop.ch/fr/newsletter/desabonnement\">Se désabonner</a></p></body></html>"))


def h54_cfo_urgent_internal_payment() -> None:
    build("ham/54_cfo_urgent_internal_payment.eml", frm="Luca Keller <luca.keller@helvetica-labs.example>",
          subject="Dringend: Anzahlung Bruker heute freigeben (PO 4500-2290)", date=dt(11, 27, 9, 12),
          msgid=mid("cfo-urgent", "ZR0P278MB0789.CHEP278.PROD.OUTLOOK.COM", "{H}"),
          extra=[("Cc", "Sofia Brunner <sofia.brunner@helvetica-labs.example>")],
          text=("Hoi Jonas\n\nWie heute Morgen im Standup besprochen: Bruker braucht die 30 % Anzahlung für das Massenspektrometer bis heute, "
                "sonst rutschen wir mit der Lieferung ins Q2.\n\nDie Rechnung liegt in Abacus (Kreditor 20417, Bankverbindung unverändert wie bei "
                "den letzten Bestellungen). Bitte im Workflow freigeben, ich mache die Zweitfreigabe direkt danach.\n\nDanke!\nLuca\n\n"
                "Luca Keller\nCFO, Helvetica Labs AG\n"))


def h55_freshdesk_ticket() -> None:
    build("ham/55_freshdesk_ticket.eml", frm="Sartorius Service <service@sartorius-ch.freshdesk.com>",
          subject="Ticket empfangen – [#88213] Kalibrierzertifikat Waage Cubis II", date=dt(11, 17, 14, 2),
          msgid=mid("fd", "freshdesk.com", "{h}.freshdesk"),
          received=[rcv("mail.freshdesk.com", "52.44.107.250", dt(11, 17, 14, 2, 5))], dkim_domain="freshdesk.com",
          text=("Guten Tag Jonas Meier\n\nWir haben Ihre Anfrage erhalten und ihr die Ticketnummer #88213 zugeordnet. "
                "Ein Mitarbeiter meldet sich innerhalb von zwei Arbeitstagen.\n\n"
                "Ticketstatus ansehen: https://sartorius-ch.freshdesk.com/support/tickets/88213\n\nFreundliche Grüsse\nSartorius Service\n"))


def h56_gandi_renewal() -> None:
    build("ham/56_gandi_renewal.eml", frm="Gandi <noreply@gandi.net>", subject="[Gandi] Renewal reminder: helvetica-labs.eu expires in 15 days",
          date=dt(11, 20, 2, 0, tz=0), msgid=mid("gandi", "gandi.net"),
          received=[rcv("mail1.gandi.net", "217.70.178.1", dt(11, 20, 2, 0, 12, 0))], dkim_domain="gandi.net",
          text=("Hello,\n\nThe following domain will expire soon and is not set to auto-renew:\n\n"
                "  helvetica-labs.eu   expires 2026-12-05\n\nIf you do not renew it, the website and e-mail services using it will stop working.\n"
                "Renew it here: https://admin.gandi.net/domain/renew\n\nThe Gandi team\n"))


def h57_auditor_encrypted_zip() -> None:
    import io
    import zipfile
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        info = zipfile.ZipInfo("Saldobestaetigungen_Kreditoren_2026.xlsx", date_time=(2026, 11, 23, 16, 0, 0))
        info.compress_type = zipfile.ZIP_STORED
        z.writestr(info, bytes(range(256)) * 12)
    data = bytearray(buf.getvalue())
    # zipfile cannot encrypt: set the "encrypted" flag bit in the local and central headers,
    # as a ZipCrypto archive from 7-Zip carries it; the member bytes stay opaque
    data[data.index(b"PK\x03\x04") + 6] |= 0x1
    data[data.index(b"PK\x01\x02") + 8] |= 0x1
    buf = io.BytesIO(bytes(data))
    build("ham/57_auditor_encrypted_zip.eml", frm="Patrick Steiner <patrick.steiner@revisio-treuhand.example>",
          subject="Revision 2026: Saldobestätigungen Kreditoren (verschlüsselt)", date=dt(11, 23, 16, 12),
          msgid=mid("audit", "revisio-treuhand.example"),
          received=[rcv("mail.revisio-treuhand.example", "198.51.100.150", dt(11, 23, 16, 12, 4))],
          extra=[("Cc", "Luca Keller <luca.keller@helvetica-labs.example>")],
          text=("Guten Tag Herr Meier\n\nWie mit Herrn Keller vereinbart, sende ich Ihnen die Liste der Kreditoren, bei denen wir Saldobestätigungen "
                "einholen. Die Datei ist verschlüsselt; das Passwort erhalten Sie wie üblich per SMS von mir.\n\n"
                "Bitte ergänzen Sie die Ansprechpersonen bis 4. Dezember.\n\nFreundliche Grüsse\nPatrick Steiner\n"
                "Leitender Revisor, Revisio Treuhand AG, Zug\nTel. +41 41 710 22 40\n"),
          attachments=[(buf.getvalue(), "application", "zip", "Saldobestaetigungen_2026.zip")])


ALL: list[Callable[[], None]] = [f for n, f in sorted(globals().items()) if n.startswith("h") and n[1:3].isdigit() and callable(f)]
