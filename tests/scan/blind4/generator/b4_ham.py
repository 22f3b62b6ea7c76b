# ruff: noqa: E501
"""Legitimate mail to Ingrid Solberg (AP manager, Nordlys Health AS). One call per message."""

from __future__ import annotations

import hashlib

from b4_common import ORG, build, page, pdf, qr


def mid(name: str, domain: str) -> str:
    h = hashlib.sha256(name.encode()).hexdigest()
    return f"<{h[:24]}.{h[24:32]}@{domain}>"


def ham(name: str, frm: str, subject: str, date: str, domain: str, helo: str, ip: str, text: str, html: str | None = None, **kw: object) -> None:
    build(f"ham/{name}.eml", frm=frm, subject=subject, date=date, msgid=mid(name, domain), helo=helo, ip=ip,
          dkim_domain=kw.pop("dk", domain), text=text, html=html, **kw)  # type: ignore[arg-type]


LIST = [("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")]


def banks() -> None:
    ham("01_dnb_efaktura", "DNB <no-reply@dnb.no>", "Ny eFaktura fra Telenor Norge AS", "Mon, 02 Nov 2026 06:12:44 +0100", "dnb.no", "mta3.dnb.no", "193.69.164.21",
        "Hei Ingrid,\n\nDu har mottatt en ny eFaktura i nettbanken.\n\nFra: Telenor Norge AS\nBeløp: kr 1 249,00\nForfall: 20.11.2026\n\nLogg inn i nettbanken eller DNB-appen for å godkjenne betalingen.\n\nDette er en automatisk melding og kan ikke besvares.\n\nMed vennlig hilsen\nDNB Bank ASA\n",
        page("DNB", "#007272", "Ny eFaktura", ["Hei Ingrid,", "Du har mottatt en ny eFaktura i nettbanken.", "<b>Fra:</b> Telenor Norge AS<br><b>Beløp:</b> kr 1 249,00<br><b>Forfall:</b> 20.11.2026",
             "Logg inn i nettbanken eller DNB-appen for å godkjenne betalingen. Vi sender aldri lenker til innlogging på e-post."],
             footer="DNB Bank ASA, Dronning Eufemias gate 30, 0191 Oslo. Org.nr. 984 851 006. Dette er en automatisk melding og kan ikke besvares.", lang="no"))
    ham("02_nordea_villkor", "Nordea <noreply@nordea.se>", "Ändrade villkor för företagskonto från 1 januari 2027", "Tue, 03 Nov 2026 09:30:02 +0100", "nordea.se", "smtp-out2.nordea.com", "195.110.44.17",
        "Hej,\n\nVi uppdaterar de allmänna villkoren för företagskonton. Ändringarna gäller från den 1 januari 2027.\nDu hittar de nya villkoren på nordea.se/foretag/villkor eller i Nordea Business.\n\nOm du inte godkänner ändringarna har du rätt att säga upp avtalet innan de träder i kraft.\n\nVänliga hälsningar\nNordea\n",
        page("Nordea", "#0000a0", "Ändrade villkor för företagskonto", ["Hej,", "Vi uppdaterar de allmänna villkoren för företagskonton. Ändringarna gäller från den 1 januari 2027.",
             'Du hittar de nya villkoren på <a href="https://www.nordea.se/foretag/villkor">nordea.se/foretag/villkor</a> eller i Nordea Business.',
             "Om du inte godkänner ändringarna har du rätt att säga upp avtalet innan de träder i kraft."],
             footer="Nordea Bank Abp, filial i Sverige. Du får detta meddelande eftersom du är kund hos Nordea.", lang="sv"))
    ham("03_seb_kort", "SEB <noreply@seb.se>", "Ditt nya företagskort är på väg", "Wed, 28 Oct 2026 11:02:19 +0100", "seb.se", "mailout1.seb.se", "194.17.221.40",
        "Hej Ingrid,\n\nDitt nuvarande SEB Företagskort som slutar på 4417 går ut 11/26. Ett nytt kort skickas till din registrerade adress inom 10 bankdagar.\nAktivera kortet i SEB-appen under Kort > Aktivera.\n\nSEB ringer eller mejlar aldrig för att be om kortuppgifter eller koder.\n\nVänliga hälsningar\nSEB\n",
        page("SEB", "#60cd18", "Ditt nya företagskort är på väg", ["Hej Ingrid,", "Ditt nuvarande SEB Företagskort som slutar på 4417 går ut 11/26. Ett nytt kort skickas till din registrerade adress inom 10 bankdagar.",
             "Aktivera kortet i SEB-appen under <b>Kort &gt; Aktivera</b>.", "SEB ringer eller mejlar aldrig för att be om kortuppgifter eller koder."],
             footer="Skandinaviska Enskilda Banken AB (publ), 106 40 Stockholm.", lang="sv"))
    ham("04_danske_bank", "Danske Bank <no-reply@danskebank.dk>", "Du har en ny besked i District", "Thu, 05 Nov 2026 07:45:10 +0100", "danskebank.dk", "mail02.danskebank.dk", "193.3.143.12",
        "Kære kunde\n\nDu har modtaget en ny besked i District fra din erhvervsrådgiver.\nLog på District for at læse beskeden.\n\nVenlig hilsen\nDanske Bank\n\nDenne e-mail kan ikke besvares.\n",
        page("Danske Bank", "#003755", "Ny besked i District", ["Kære kunde", "Du har modtaget en ny besked i District fra din erhvervsrådgiver.", "Log på District for at læse beskeden. Vi beder dig aldrig om at oplyse koder via e-mail."],
             footer="Danske Bank A/S, Bernstorffsgade 40, 1577 København V. CVR-nr. 61126228.", lang="da"))
    ham("05_vipps_kvittering", "Vipps MobilePay <noreply@vipps.no>", "Kvittering: Betaling til Oslo Sportslager", "Sat, 07 Nov 2026 13:21:05 +0100", "vipps.no", "mail.vipps.no", "185.60.181.12",
        "Kvittering\n\nDu betalte kr 649,00 til Oslo Sportslager AS\n7. november 2026 kl. 13:21\nOrdrenummer: 1047733928\n\nSe alle betalinger i Vipps-appen.\n\nVipps MobilePay AS, Postboks 0017 Sentrum, 0030 Oslo\n",
        page("Vipps", "#ff5b24", "Kvittering", ["Du betalte <b>kr 649,00</b> til Oslo Sportslager AS", "7. november 2026 kl. 13:21<br>Ordrenummer: 1047733928", "Se alle betalinger i Vipps-appen."],
             footer="Vipps MobilePay AS, Postboks 0017 Sentrum, 0030 Oslo", lang="no"))
    ham("06_mobilepay_erhverv", "MobilePay <noreply@mobilepay.dk>", "Din månedlige oversigt fra MobilePay MyShop", "Sun, 01 Nov 2026 08:00:33 +0100", "mobilepay.dk", "mail.mobilepay.dk", "185.60.182.30",
        "Hej Nordlys Health Danmark\n\nDin oversigt for oktober 2026 er klar.\nAntal betalinger: 14\nSamlet beløb: 8.420,00 kr.\n\nSe detaljer på portal.mobilepay.dk\n\nVenlig hilsen\nMobilePay\n",
        page("MobilePay", "#5a78ff", "Oversigt for oktober 2026", ["Hej Nordlys Health Danmark", "Antal betalinger: 14<br>Samlet beløb: 8.420,00 kr.", 'Se detaljer på <a href="https://portal.mobilepay.dk">portal.mobilepay.dk</a>.'],
             footer="Vipps MobilePay AS. Du modtager denne mail, fordi du har en MobilePay-erhvervsaftale.", lang="da"))
    ham("07_swish_rapport", "Swish <noreply@getswish.se>", "Swish Företag: månadsrapport oktober 2026", "Mon, 02 Nov 2026 05:10:00 +0100", "getswish.se", "smtp.getswish.se", "194.132.59.10",
        "Hej,\n\nMånadsrapporten för Swish Företag (nummer 123 456 78 90) för oktober 2026 finns nu i din bank.\nRapporten hämtar du i internetbanken under Swish > Rapporter.\n\nMed vänlig hälsning\nGetswish AB\n", None)
    ham("08_chase_wire", "Chase <no.reply.alerts@chase.com>", "Your outgoing wire transfer has been sent", "Tue, 10 Nov 2026 16:44:12 -0600", "chase.com", "mail-alerts.chase.com", "159.53.110.20",
        "Your wire transfer was sent\n\nAccount: Chase Business Complete Checking (...8812)\nAmount: $18,450.00\nRecipient: Lone Star Medical Staffing LLC\nSent on: Nov 10, 2026 4:41 PM CT\n\nIf you didn't make this transfer, call us at the number on the back of your card.\n\nSecurely manage your alerts at chase.com/alerts.\n",
        page("CHASE", "#117aca", "Your wire transfer was sent", ["Account: Chase Business Complete Checking (...8812)<br>Amount: $18,450.00<br>Recipient: Lone Star Medical Staffing LLC<br>Sent on: Nov 10, 2026 4:41 PM CT",
             "If you didn't make this transfer, call us at the number on the back of your card."],
             footer='You are receiving this alert because you enrolled. <a href="https://www.chase.com/alerts">Manage alerts</a>. JPMorgan Chase Bank, N.A. Member FDIC. Please don\'t reply to this automatically-generated email.'),
        to=f"Ingrid Solberg <ingrid.solberg@{ORG}>")
    ham("09_amex_statement", "American Express <AmericanExpress@welcome.americanexpress.com>", "Your Business Platinum Card statement is ready", "Thu, 12 Nov 2026 03:05:51 -0500", "welcome.americanexpress.com", "mailout5.americanexpress.com", "148.173.96.20",
        "Your statement is ready\n\nAccount ending in 31005\nStatement closing date: 11/10/2026\nNew balance: $6,214.37\nMinimum payment due: $6,214.37 by 12/05/2026\n\nView your statement at americanexpress.com\n",
        page("AMERICAN EXPRESS", "#006fcf", "Your statement is ready", ["Account ending in 31005", "Statement closing date: 11/10/2026<br>New balance: $6,214.37<br>Payment due: 12/05/2026"],
             button=("View Statement", "https://www.americanexpress.com/en-us/account/login?inav=iNavLnkLog&DestPage=%2Fmyca%2Fstatement"),
             footer="American Express, P.O. Box 981535, El Paso, TX 79998-1535. This is a service email; please do not reply.",
             pixel="https://welcome.americanexpress.com/o/eJwFwUEKgCAQAMBf.gif"))


def post_and_tax() -> None:
    ham("10_bring_hentested", "Posten <noreply@posten.no>", "Pakken din er klar til henting", "Fri, 06 Nov 2026 10:14:27 +0100", "posten.no", "mx-out1.posten.no", "193.156.16.30",
        "Pakken din fra Komplett.no er klar til henting.\n\nSendingsnummer: 70730259876543210\nHentested: Coop Extra Grünerløkka, Thorvald Meyers gate 40\nHentekode: vises i Posten-appen\nFrist: 20.11.2026\n\nSpor sendingen: https://sporing.posten.no/sporing/70730259876543210\n",
        page("Posten", "#e32d22", "Pakken din er klar til henting", ["Fra: Komplett.no<br>Sendingsnummer: 70730259876543210", "Hentested: Coop Extra Grünerløkka, Thorvald Meyers gate 40<br>Frist: 20.11.2026", "Hentekoden finner du i Posten-appen."],
             button=("Spor sendingen", "https://sporing.posten.no/sporing/70730259876543210"), footer="Posten Bring AS. Denne e-posten kan ikke besvares.", lang="no"))
    ham("11_postnord_leverans", "PostNord <noreply@postnord.se>", "Ditt paket levereras i dag", "Wed, 04 Nov 2026 07:02:48 +0100", "postnord.se", "mailout.postnord.com", "213.115.80.10",
        "Hej!\n\nDitt paket från Dustin AB levereras i dag mellan 13:00 och 17:00.\nKolli-ID: 00370733761234567890\n\nFölj leveransen: https://www.postnord.se/vara-verktyg/spara-brev-paket-och-pall?shipmentId=00370733761234567890\n\nMed vänliga hälsningar\nPostNord\n",
        page("PostNord", "#00a0d6", "Ditt paket levereras i dag", ["Ditt paket från Dustin AB levereras i dag mellan 13:00 och 17:00.", "Kolli-ID: 00370733761234567890"],
             button=("Följ leveransen", "https://www.postnord.se/vara-verktyg/spara-brev-paket-och-pall?shipmentId=00370733761234567890"), footer="PostNord Sverige AB, 105 00 Stockholm", lang="sv"))
    ham("12_correos_envio", "Correos <notificaciones@correos.es>", "Tu envío PQ4B7C0712345670128001V está en reparto", "Tue, 03 Nov 2026 08:40:00 +0100", "correos.es", "mta01.correos.es", "212.81.131.20",
        "Hola,\n\nTu envío PQ4B7C0712345670128001V de Suministros Médicos Levante S.L. está en reparto y se entregará hoy en Calle de Alcalá 120, Madrid.\n\nConsulta el seguimiento en https://www.correos.es/es/es/herramientas/localizador/envios/detalle?tracking-number=PQ4B7C0712345670128001V\n\nCorreos\n",
        page("Correos", "#ffcd00", "Tu envío está en reparto", ["Hola,", "Tu envío PQ4B7C0712345670128001V de Suministros Médicos Levante S.L. está en reparto y se entregará hoy."],
             button=("Seguir envío", "https://www.correos.es/es/es/herramientas/localizador/envios/detalle?tracking-number=PQ4B7C0712345670128001V"),
             footer="Sociedad Estatal Correos y Telégrafos, S.A., S.M.E. No respondas a este correo.", lang="es"))
    ham("13_usps_informed", "USPS Informed Delivery <USPSInformeddelivery@email.informeddelivery.usps.com>", "Your Daily Digest for Wed, 11/11", "Wed, 11 Nov 2026 09:12:33 -0500", "email.informeddelivery.usps.com", "mta2.informeddelivery.usps.com", "56.0.143.10",
        "Informed Delivery Daily Digest\n\nYou have 3 mailpieces and 1 package arriving soon.\nFrom: TEXAS COMPTROLLER OF PUBLIC ACCOUNTS\nFrom: BLUE CROSS BLUE SHIELD OF TEXAS\nFrom: (not available)\n\nView your Dashboard: https://informeddelivery.usps.com/box/pages/secure/DashboardAction_input.action\n",
        page("USPS Informed Delivery", "#333366", "You have 3 mailpieces arriving soon", ["TEXAS COMPTROLLER OF PUBLIC ACCOUNTS", "BLUE CROSS BLUE SHIELD OF TEXAS", "Package: 9400 1118 9922 3344 5566 77 (Expected Delivery Wednesday)"],
             button=("Go to Dashboard", "https://informeddelivery.usps.com/box/pages/secure/DashboardAction_input.action"),
             footer="This email was sent to the Austin office. Privacy Policy: https://www.usps.com/privacypolicy. USPS, 475 L'Enfant Plaza SW, Washington DC 20260."),
        to=f"Austin Office <austin-mail@{ORG}>")
    ham("14_altinn_melding", "Altinn <noreply@altinn.no>", "Ny melding i Altinn for NORDLYS HEALTH AS", "Mon, 09 Nov 2026 12:00:07 +0100", "altinn.no", "smtp.altinn.no", "176.56.59.10",
        "Du har mottatt en ny melding i Altinn for NORDLYS HEALTH AS (org.nr. 923 456 789).\n\nAvsender: Skatteetaten\nEmne: Melding om endring av skattetrekk\n\nLogg inn på altinn.no for å lese meldingen.\n\nDette er en automatisk generert melding. Vennligst ikke svar på denne e-posten.\n", None)
    ham("15_skatteverket", "Skatteverket <noreply@skatteverket.se>", "Du har fått ett nytt meddelande från Skatteverket", "Thu, 29 Oct 2026 10:11:12 +0100", "skatteverket.se", "smtp2.skatteverket.se", "194.14.222.40",
        "Hej,\n\nDu har fått ett nytt meddelande från Skatteverket till Nordlys Health Sverige AB. Meddelandet finns i din digitala brevlåda.\n\nSkatteverket skickar aldrig länkar i e-post där du uppmanas logga in eller lämna bankuppgifter.\n\nMed vänlig hälsning\nSkatteverket\n", None)
    ham("16_agencia_tributaria_dehu", "DEHú <notificaciones@notificaciones.060.es>", "Aviso de puesta a disposición de notificación", "Fri, 30 Oct 2026 09:02:11 +0100", "notificaciones.060.es", "smtp.redsara.es", "185.73.172.10",
        "Estimado/a ciudadano/a:\n\nLe comunicamos que tiene a su disposición una notificación de la Agencia Estatal de Administración Tributaria para NORDLYS HEALTH ESPAÑA SL (B12345674).\n\nPuede acceder a la misma en la Dirección Electrónica Habilitada única (DEHú): https://dehu.redsara.es\n\nEste mensaje se ha generado automáticamente. Por favor, no responda a este correo.\n", None)
    ham("17_gusto_payroll", "Gusto <no-reply@gusto.com>", "Payroll for Nordlys Health Inc. is scheduled", "Tue, 10 Nov 2026 11:25:34 -0800", "gusto.com", "o1.email.gusto.com", "167.89.20.33",
        "Hi Ingrid,\n\nYour payroll for the pay period Nov 1 - Nov 15, 2026 has been submitted.\nPay date: Fri, Nov 20\nTotal debit: $142,880.16 from account ending in 8812 on Nov 18.\n\nView payroll details in Gusto.\n\nThe Gusto team\n",
        page("gusto", "#f45d48", "Payroll is scheduled", ["Hi Ingrid,", "Your payroll for Nov 1 - Nov 15, 2026 has been submitted.", "Pay date: Fri, Nov 20<br>Total debit: $142,880.16 from account ending in 8812 on Nov 18."],
             button=("View payroll", "https://app.gusto.com/payrolls"), footer="Gusto, 525 20th St, San Francisco, CA 94107"))
    ham("18_adp_w2", "ADP <SecurityServices_NoReply@adp.com>", "Your 2026 year-end tax forms will be available online", "Mon, 16 Nov 2026 14:00:00 -0500", "adp.com", "mail-out.adp.com", "170.146.16.20",
        "Year-end reminder\n\nYour W-2 for tax year 2026 will be available in MyADP by January 31, 2027. To make sure you receive it, review your mailing address in MyADP (Myself > Personal Profile).\n\nADP will never ask you to provide your password by email.\n\nADP, Inc., One ADP Boulevard, Roseland, NJ 07068\n", None)


def accounting_and_saas() -> None:
    ham("19_tripletex_faktura", "Tripletex <no-reply@tripletex.no>", "Ny inngående faktura til attestering: Atea AS", "Tue, 10 Nov 2026 08:13:44 +0100", "tripletex.no", "smtp.tripletex.no", "92.62.33.40",
        "Hei Ingrid,\n\nDu har en ny leverandørfaktura til attestering.\nLeverandør: Atea AS\nFakturanr.: 9187443\nBeløp: kr 38 712,50\nForfall: 24.11.2026\n\nÅpne bilaget i Tripletex: https://tripletex.no/execute/voucherInbox\n",
        page("Tripletex", "#0a41fa", "Ny faktura til attestering", ["Leverandør: Atea AS<br>Fakturanr.: 9187443<br>Beløp: kr 38 712,50<br>Forfall: 24.11.2026"], button=("Åpne i Tripletex", "https://tripletex.no/execute/voucherInbox"),
             footer="Tripletex AS, en del av Visma. Du får denne e-posten fordi du er attestant i Nordlys Health AS.", lang="no"))
    ham("20_fortnox_lev", "Fortnox <no-reply@fortnox.se>", "Leverantörsfaktura väntar på attest", "Wed, 11 Nov 2026 07:55:00 +0100", "fortnox.se", "mail.fortnox.se", "185.48.240.10",
        "Hej Ingrid,\n\nEn leverantörsfaktura från Telia Sverige AB (fakturanummer 4412098, 2 318,00 kr) väntar på din attest i Fortnox.\n\nLogga in på apps.fortnox.se för att attestera.\n\nHälsningar\nFortnox\n", None)
    ham("21_visma_lonn", "Visma <no-reply@visma.com>", "Lønnskjøring for november er godkjent", "Thu, 19 Nov 2026 15:30:00 +0100", "visma.com", "smtp-out.visma.com", "91.198.176.10",
        "Hei,\n\nLønnskjøring 11/2026 for Nordlys Health AS er godkjent av Maria Lindqvist.\nUtbetalingsdato: 25.11.2026\nAntall ansatte: 84\n\nRemitteringsfil er sendt til banken.\n\nVisma Lønn\n", None)
    ham("22_m365_invoice", "Microsoft <microsoft-noreply@microsoft.com>", "Your Microsoft invoice G0123456789 is ready", "Sun, 08 Nov 2026 02:14:55 +0000", "microsoft.com", "mail-out.microsoft.com", "40.107.22.50",
        "Your invoice is ready\n\nBilling account: Nordlys Health AS\nInvoice number: G0123456789\nAmount: NOK 48 224,00\nDue date: 08 Dec 2026\n\nView your invoice in the Microsoft 365 admin center: https://admin.microsoft.com/Adminportal/Home#/billoverview/invoice-list\n\nMicrosoft Corporation, One Microsoft Way, Redmond, WA 98052\n",
        page("Microsoft", "#0078d4", "Your invoice is ready", ["Billing account: Nordlys Health AS<br>Invoice number: G0123456789<br>Amount: NOK 48 224,00<br>Due date: 08 Dec 2026"],
             button=("View invoice", "https://admin.microsoft.com/Adminportal/Home#/billoverview/invoice-list"), footer='Microsoft Corporation, One Microsoft Way, Redmond, WA 98052. <a href="https://go.microsoft.com/fwlink/?LinkId=521839">Privacy Statement</a>'))
    ham("23_azure_mfa", "Microsoft Azure <azure-noreply@microsoft.com>", "Action required: Enable multifactor authentication for your tenant by the enforcement date", "Tue, 13 Oct 2026 17:02:00 +0000", "microsoft.com", "mail-out.microsoft.com", "40.107.22.51",
        "You're receiving this email because you're a Global Administrator for tenant nordlyshealth.onmicrosoft.com.\n\nMicrosoft is enforcing multifactor authentication for all users who sign in to Azure portal, Microsoft Entra admin center and Intune admin center. Make sure your users are registered for MFA before enforcement.\n\nLearn more: https://aka.ms/azure-mfa-enforcement\n\nPrivacy Statement: https://go.microsoft.com/fwlink/?LinkId=521839\nMicrosoft Corporation, One Microsoft Way, Redmond, WA 98052\n",
        page("Microsoft Azure", "#0078d4", "Enable MFA before enforcement", ["You're receiving this email because you're a Global Administrator for tenant nordlyshealth.onmicrosoft.com.",
             "Microsoft is enforcing multifactor authentication for all users who sign in to Azure portal, Microsoft Entra admin center and Intune admin center."],
             button=("Learn more", "https://aka.ms/azure-mfa-enforcement"), footer="Microsoft Corporation, One Microsoft Way, Redmond, WA 98052"))
    ham("24_google_workspace", "The Google Workspace Team <workspace-noreply@google.com>", "[Action advised] Changes to Google Workspace pricing for your Business Standard plan", "Fri, 16 Oct 2026 18:33:21 +0000", "google.com", "mail-sor-f69.google.com", "209.85.220.69",
        "Hello Administrator,\n\nWe're writing to let you know about upcoming changes to your Google Workspace subscription for nordlys-health.example. No action is required if you want to keep your current plan.\n\nReview your subscription in the Admin console: https://admin.google.com/ac/billing/subscriptions\n\nGoogle LLC 1600 Amphitheatre Parkway, Mountain View, CA 94043\n", None)
    ham("25_slack_digest", "Slack <notification@slack.com>", "[Slack] New messages from Erik Haugland in Nordlys Health", "Thu, 12 Nov 2026 14:31:02 +0000", "slack.com", "mail-a.slack.com", "198.2.180.10",
        "You have a new direct message in Nordlys Health (nordlys-health.slack.com)\n\nErik Haugland  2:14 PM\nIngrid, can you confirm the Atea invoice went through before Friday? no rush\n\nReply in Slack: https://nordlys-health.slack.com/app_redirect?channel=D04A1B2C3D4\n\nTo change how often you receive these emails, visit your notification preferences.\nSlack Technologies, LLC, 500 Howard Street, San Francisco, CA 94105\n",
        page("slack", "#4a154b", "New direct message", ["<b>Erik Haugland</b> 2:14 PM", "Ingrid, can you confirm the Atea invoice went through before Friday? no rush"], button=("Reply in Slack", "https://nordlys-health.slack.com/app_redirect?channel=D04A1B2C3D4"),
             footer="Slack Technologies, LLC, a Salesforce company. 500 Howard Street, San Francisco, CA 94105"))
    ham("26_zoom_recording", "Zoom <no-reply@zoom.us>", "Cloud Recording - Q4 budget review is now available", "Mon, 16 Nov 2026 11:12:09 +0000", "zoom.us", "mailout.zoom.us", "170.114.52.10",
        "Hi Ingrid,\n\nYour cloud recording is now available.\nTopic: Q4 budget review\nDate: Nov 16, 2026 10:00 AM Oslo\n\nShare recording with viewers: https://nordlys.zoom.us/rec/share/kJx8q2-Lz0aBcDeFgHiJkLmN\n\nThank you for choosing Zoom.\n", page("zoom", "#0b5cff", "Cloud Recording is now available", ["Hi Ingrid,", "Topic: Q4 budget review<br>Date: Nov 16, 2026 10:00 AM Oslo"],
             button=("Share recording", "https://nordlys.zoom.us/rec/share/kJx8q2-Lz0aBcDeFgHiJkLmN"), footer="Copyright ©2026 Zoom Communications, Inc. All rights reserved. 55 Almaden Blvd, San Jose, CA 95113"))
    ham("27_jira", "Lars Bakke (Jira) <jira@nordlys-health.atlassian.net>", "[JIRA] (FIN-212) Automate vendor master data export to Tripletex", "Mon, 09 Nov 2026 09:45:00 +0000", "nordlys-health.atlassian.net", "mail-by.atlassian.net", "185.166.143.20",
        "Lars Bakke assigned FIN-212 to Ingrid Solberg\n\nAutomate vendor master data export to Tripletex\nStatus: To Do  Priority: Medium\n\nView issue: https://nordlys-health.atlassian.net/browse/FIN-212\n\nGet Jira notifications on your phone! Download the Jira Cloud app for Android or iOS.\n", None, dk="atlassian.net")
    ham("28_github", "Sofie Dahl <notifications@github.com>", "Re: [nordlys-health/finance-scripts] Fix rounding in VAT export (PR #41)", "Tue, 10 Nov 2026 10:02:14 -0800", "github.com", "out-21.smtp.github.com", "192.30.252.204",
        "@ingrid-solberg-nh the export now rounds per line, matches what Tripletex expects. Can you re-run October and compare?\n\n--\nReply to this email directly, view it on GitHub:\nhttps://github.com/nordlys-health/finance-scripts/pull/41#issuecomment-2471183390\nYou are receiving this because you were mentioned.\n", None,
        extra=[("List-ID", "nordlys-health/finance-scripts <finance-scripts.nordlys-health.github.com>")])
    ham("29_salesforce", "Salesforce <noreply@salesforce.com>", "Sandbox refresh complete: UAT", "Wed, 04 Nov 2026 22:10:00 +0000", "salesforce.com", "smtp-out.salesforce.com", "136.147.62.10",
        "Your sandbox refresh is complete.\n\nSandbox name: UAT\nOrg: Nordlys Health AS\nLogin at https://test.salesforce.com\n\nThank you,\nSalesforce\n", None)
    ham("30_hubspot", "HubSpot <noreply@hubspot.com>", "Your weekly marketing email performance report", "Mon, 16 Nov 2026 06:00:00 +0000", "hubspot.com", "mail.hubspot.net", "143.244.80.10",
        "Weekly report for Nordlys Health\n\nEmails sent: 4,120\nOpen rate: 38.2%\nClick rate: 4.1%\n\nView the full report: https://app-eu1.hubspot.com/reports-dashboard/26123456/view/8877665\n\nHubSpot, Inc., 2 Canal Park, Cambridge, MA 02141\n", None)
    ham("31_docusign_customer", "Dr. Pilar Navarro via Docusign <dse_NA4@docusign.net>", "Completar con Docusign: Contrato de servicios Nordlys Health 2027.pdf", "Thu, 19 Nov 2026 12:04:33 +0000", "docusign.net", "mailout-eu.docusign.net", "185.81.103.20",
        "Pilar Navarro sent you a document to review and sign.\n\nREVIEW DOCUMENT: https://eu.docusign.net/Signing/EmailStart.aspx?a=3a1f6c0e-7b21-4a7e-9d55-2c1b0e9f4a10&etti=24&acct=6d2f1e44-9c0b-4b1a-8f3e-01a2b3c4d5e6&er=8e7d6c5b-4a39-4281-9f0e-1d2c3b4a5968\n\nPilar Navarro\npilar.navarro@hospitalsanmarcos.example\nHola Ingrid, adjunto el contrato de servicios para 2027 con las condiciones de pago acordadas (60 días). Un saludo.\n\nDo Not Share This Email: This email contains a secure link to Docusign. Please do not share this email, link, or access code with others.\n",
        page("Docusign", "#1e1e1e", "Pilar Navarro sent you a document to review and sign.", ["Hola Ingrid, adjunto el contrato de servicios para 2027 con las condiciones de pago acordadas (60 días). Un saludo."],
             button=("REVIEW DOCUMENT", "https://eu.docusign.net/Signing/EmailStart.aspx?a=3a1f6c0e-7b21-4a7e-9d55-2c1b0e9f4a10&etti=24&acct=6d2f1e44-9c0b-4b1a-8f3e-01a2b3c4d5e6&er=8e7d6c5b-4a39-4281-9f0e-1d2c3b4a5968"),
             footer="Do Not Share This Email. This email contains a secure link to Docusign. Please do not share this email, link, or access code with others. About Docusign: Sign documents electronically in just minutes."),
        extra=[("Reply-To", "Pilar Navarro <pilar.navarro@hospitalsanmarcos.example>")])


def business() -> None:
    po = pdf(["HOSPITAL UNIVERSITARIO SAN MARCOS", "Servicio de Compras y Suministros", "", "PEDIDO DE COMPRA / PURCHASE ORDER  PO-2026-118734", "Fecha: 12/11/2026",
              "Proveedor: Nordlys Health AS, Oslo (NO 923 456 789 MVA)", "", "1  Nordlys CareFlow licencia anual (350 usuarios)   84.000,00 EUR",
              "2  Soporte premium 24/7                            12.600,00 EUR", "Total sin IVA: 96.600,00 EUR", "", "Facturar indicando el numero de pedido a facturas@hospitalsanmarcos.example",
              "Condiciones de pago: 60 dias fecha factura"], title="PO-2026-118734", producer="SAP NetWeaver 7.50")
    ham("32_hospital_po", "Compras HUSM <compras@hospitalsanmarcos.example>", "Pedido de compra PO-2026-118734 - Nordlys Health AS", "Thu, 12 Nov 2026 10:22:41 +0100", "hospitalsanmarcos.example", "mail.hospitalsanmarcos.example", "198.51.100.40",
        "Buenos días,\n\nAdjuntamos el pedido de compra PO-2026-118734 correspondiente a la renovación de licencias 2027.\nRogamos indiquen el número de pedido en la factura.\n\nAtentamente,\nServicio de Compras y Suministros\nHospital Universitario San Marcos\n", None,
        attachments=[(po, "application", "pdf", "PO-2026-118734.pdf")])
    ham("33_supplier_discrepancy", "Jonas Eriksson <jonas.eriksson@medisupply-nordic.example>", "RE: Invoice 55120 - quantity discrepancy", "Fri, 13 Nov 2026 14:05:12 +0100", "medisupply-nordic.example", "mail.medisupply-nordic.example", "198.51.100.61",
        "Hi Ingrid,\n\nYou're right, the delivery note says 40 units of the wall brackets, we invoiced 48. I've asked our billing team to issue a credit note for the 8 units (NOK 3 920 + VAT). You'll have it Monday, so please just pay 55120 in full and we'll offset the credit on the next invoice, or hold it if you prefer, either is fine.\n\nBest regards\nJonas Eriksson\nKey Account Manager, MediSupply Nordic AB\n+46 8 555 012 34\n\n-----Original Message-----\nFrom: Ingrid Solberg <ingrid.solberg@nordlys-health.example>\nSent: Thursday, 12 November 2026 16:40\nTo: Jonas Eriksson <jonas.eriksson@medisupply-nordic.example>\nSubject: Invoice 55120 - quantity discrepancy\n\nHi Jonas,\nInvoice 55120 lists 48 wall brackets but our goods receipt says 40. Can you check?\nThanks, Ingrid\n", None,
        extra=[("In-Reply-To", "<AM9PR02MB7214A1B2C3D4@AM9PR02MB7214.eurprd02.prod.outlook.com>"), ("References", "<AM9PR02MB7214A1B2C3D4@AM9PR02MB7214.eurprd02.prod.outlook.com>")])
    letter = pdf(["MediSupply Nordic AB", "Box 1204, 164 28 Kista, Sweden", "", "Kista, 2 November 2026", "", "NOTICE OF CHANGE OF BANK", "",
                  "Following the merger of our Norwegian branch into MediSupply Nordic AB, payments in NOK will be received", "on a new account from 1 January 2027:",
                  "Bank: Handelsbanken   IBAN: NO93 9047 0512 3458   BIC: HANDNOKK", "Payments in SEK and EUR are unchanged.", "",
                  "Please confirm the change with your account manager by phone on the number in your contract,", "not on a number given in an e-mail.",
                  "", "Karin Holm, CFO"], title="Change of bank details", producer="Microsoft® Word for Microsoft 365")
    ham("34_supplier_iban_letter", "Karin Holm <karin.holm@medisupply-nordic.example>", "Change of bank account for NOK payments from 1 January 2027", "Mon, 02 Nov 2026 09:15:00 +0100", "medisupply-nordic.example", "mail.medisupply-nordic.example", "198.51.100.61",
        "Dear customer,\n\nPlease find attached our formal notice of a change of bank account for payments in NOK from 1 January 2027. Nothing changes for payments before that date.\n\nAs always, please verify any change of payment details by calling your account manager on the phone number you already have on file. We will never ask you to change payment details urgently.\n\nKind regards\nKarin Holm\nCFO, MediSupply Nordic AB\n", None,
        attachments=[(letter, "application", "pdf", "MediSupply_change_of_bank_2027.pdf")])
    ham("35_internal_payroll", "HR Nordlys Health <hr@nordlys-health.example>", "Lønnsslipp for november er tilgjengelig / November payslip available", "Tue, 24 Nov 2026 08:00:00 +0100", ORG, "smtp.nordlys-health.example", "198.51.100.5",
        "Hei alle,\n\nLønnsslippen for november er nå tilgjengelig i Visma Lønn (Min side). Utbetaling skjer 25. november.\n\nHi all, your November payslip is now available in Visma (My page). Payday is 25 November.\n\nSpørsmål? Kontakt lonn@nordlys-health.example.\n\nHilsen HR\n", None, to=f"Alle ansatte Oslo <alle-oslo@{ORG}>")
    ham("36_internal_mfa_rollout", "IT Service Desk <servicedesk@nordlys-health.example>", "Ny MFA-app fra 1. desember / New MFA app from 1 December", "Wed, 18 Nov 2026 09:00:00 +0100", ORG, "smtp.nordlys-health.example", "198.51.100.5",
        "Hei,\n\nSom varslet på allmøtet 12. november bytter vi til Microsoft Authenticator med nummer-matching for alle kontoer. Registreringen tar ca. 5 minutter.\n\nSlik gjør du det: følg veiledningen på intranettet: https://intranet.nordlys-health.example/it/mfa-2027\nFrist: 1. desember. Etter fristen blir du bedt om å registrere deg ved neste pålogging.\n\nIT vil aldri be deg om å oppgi passord eller engangskoder på e-post eller telefon. Spørsmål? Ring servicedesk på internnummer 4400 eller skriv i Slack-kanalen #it-help.\n\nEnglish: We are moving all accounts to Microsoft Authenticator with number matching. Please follow the guide on the intranet (link above) by 1 December.\n\nHilsen\nIT Service Desk, Nordlys Health\n",
        page("Nordlys Health IT", "#1d3557", "Ny MFA-app fra 1. desember", ["Som varslet på allmøtet 12. november bytter vi til Microsoft Authenticator med nummer-matching for alle kontoer.",
             "IT vil aldri be deg om å oppgi passord eller engangskoder på e-post eller telefon. Spørsmål? Internnummer 4400 eller #it-help i Slack."],
             button=("Veiledning på intranettet", "https://intranet.nordlys-health.example/it/mfa-2027"), footer="Nordlys Health AS, IT Service Desk", lang="no"),
        to=f"Alle ansatte <alle@{ORG}>")
    ham("37_support_reply", "Dell Technologies Support <support@dell.com>", "Case 198765432: Replacement battery for Latitude 7440", "Tue, 17 Nov 2026 13:22:10 +0000", "dell.com", "smtp-out.dell.com", "143.166.83.10",
        "Hello Ingrid,\n\nThank you for contacting Dell Support. To verify your account and link this case to your purchase, please reply to this email with the order number from your invoice (it starts with 'NO-' and is 10 characters long).\n\nOnce verified we will ship the replacement battery to your Oslo office address on file.\n\nPlease do not send card details or passwords.\n\nKind regards\nMarta G.\nDell Technologies Customer Support\nCase 198765432\n", None)


def consumer() -> None:
    ham("38_norwegian_booking", "Norwegian <noreply@norwegian.com>", "Bestillingsbekreftelse: Oslo - Madrid, bestillingsreferanse K7QZP2", "Fri, 23 Oct 2026 15:10:11 +0200", "norwegian.com", "mail.norwegian.com", "185.22.152.10",
        "Takk for din bestilling, Ingrid!\n\nBestillingsreferanse: K7QZP2\nD8 1782 Oslo (OSL) - Madrid (MAD) 02.12.2026 07:15 - 11:05\nD8 1783 Madrid (MAD) - Oslo (OSL) 04.12.2026 12:00 - 16:10\nTotalpris: NOK 3 486\n\nSjekk inn på norwegian.com fra 24 timer før avgang.\n",
        page("Norwegian", "#d81939", "Takk for din bestilling!", ["Bestillingsreferanse: <b>K7QZP2</b>", "D8 1782 OSL - MAD 02.12.2026 07:15<br>D8 1783 MAD - OSL 04.12.2026 12:00", "Totalpris: NOK 3 486"],
             button=("Administrer bestilling", "https://www.norwegian.com/no/reiseinformasjon/administrer-bestilling/?pnr=K7QZP2"), footer="Norwegian Air Shuttle ASA, Oksenøyveien 3, 1366 Lysaker", lang="no"))
    ham("39_sas_booking", "SAS <no-reply@flysas.com>", "Din resa till Köpenhamn – bokningsreferens 4XN2LM", "Mon, 26 Oct 2026 10:01:00 +0100", "flysas.com", "mail.flysas.com", "194.237.142.10",
        "Hej Ingrid,\n\nTack för din bokning.\nBokningsreferens: 4XN2LM\nSK 1469 Oslo - Köpenhamn 09.12.2026 08:05\nSK 1460 Köpenhamn - Oslo 09.12.2026 18:20\n\nHantera din bokning på flysas.com\n\nVänliga hälsningar\nSAS\n", None)
    ham("40_booking_com", "Booking.com <noreply@booking.com>", "Din bestilling er bekreftet: Hotel Único Madrid", "Fri, 23 Oct 2026 15:40:22 +0200", "booking.com", "mailout-202-r1.booking.com", "5.57.20.10",
        "Takk, Ingrid! Bestillingen din i Madrid er bekreftet.\n\nHotel Único Madrid\nInnsjekking: onsdag 2. desember 2026 (fra 15:00)\nUtsjekking: fredag 4. desember 2026 (til 12:00)\nBekreftelsesnummer: 4821.330.917\nPIN-kode: 6612\n\nAdministrer bestillingen: https://secure.booking.com/myreservations.html\n",
        page("Booking.com", "#003580", "Bestillingen din er bekreftet", ["Hotel Único Madrid", "Innsjekking: onsdag 2. desember 2026<br>Utsjekking: fredag 4. desember 2026", "Bekreftelsesnummer: 4821.330.917"],
             button=("Administrer bestillingen", "https://secure.booking.com/myreservations.html?aid=304142&auth_key=Zq8xWm2"), footer="Booking.com B.V., Herengracht 597, 1017 CE Amsterdam", lang="no"))
    ham("41_uber_receipt", "Uber Receipts <noreply@uber.com>", "Your Wednesday evening trip with Uber", "Wed, 18 Nov 2026 21:14:00 +0100", "uber.com", "mail-out.uber.com", "104.36.192.10",
        "Thanks for riding, Ingrid\n\nTotal: 24,80 €\nTrip fare 21,30 €\nBooking fee 3,50 €\n\nPick-up: Aeropuerto Adolfo Suárez Madrid-Barajas T4\nDrop-off: Calle de Serrano 21, Madrid\n\nYou can download a PDF receipt from riders.uber.com/trips\n", page("Uber", "#000000", "Thanks for riding, Ingrid", ["Total <b>24,80 €</b>", "Trip fare 21,30 €<br>Booking fee 3,50 €", "Pick-up: Aeropuerto Adolfo Suárez Madrid-Barajas T4<br>Drop-off: Calle de Serrano 21, Madrid"],
             button=("Download PDF", "https://riders.uber.com/trips/5c1e7a2b-93f0-4d8e-b7a1-0f2c3d4e5f60"), footer="Uber B.V., Burgerweeshuispad 301, 1076 HR Amsterdam", pixel="https://email.uber.com/o/eJxNj0EOgjAQ.gif"))
    ham("42_wolt_receipt", "Wolt <info@wolt.com>", "Kvittering for bestillingen din fra Mr. Hong Grünerløkka", "Thu, 05 Nov 2026 18:44:00 +0100", "wolt.com", "mail.wolt.com", "159.135.228.10",
        "Kvittering\n\nMr. Hong Grünerløkka\nBestilling 6a1f2c\n2 x Bibimbap kr 358,00\nLevering kr 49,00\nTotalt kr 407,00 (inkl. mva)\n\nBetalt med Visa ****4417\n\nWolt Enterprises Oy\n", None)
    ham("43_linkedin", "LinkedIn <messages-noreply@linkedin.com>", "Ingrid, you have 3 new invitations", "Sat, 14 Nov 2026 07:22:00 +0000", "linkedin.com", "mail-c.linkedin.com", "108.174.3.10",
        "You have 3 new invitations\n\nTorbjørn Lie, Head of Procurement at Helse Sør-Øst\nAna Ruiz, Finance Director at Quirónsalud\nand 1 other\n\nSee all invitations: https://www.linkedin.com/mynetwork/invitation-manager/?midToken=AQE2xK&trk=eml-email_m2m_invite_digest_01\n\nUnsubscribe: https://www.linkedin.com/comm/psettings/email-unsubscribe?lipi=urn%3Ali\nThis email was intended for Ingrid Solberg (Accounts Payable Manager at Nordlys Health).\n© 2026 LinkedIn Corporation, 1000 West Maude Avenue, Sunnyvale, CA 94085.\n",
        page("LinkedIn", "#0a66c2", "You have 3 new invitations", ["Torbjørn Lie, Head of Procurement at Helse Sør-Øst", "Ana Ruiz, Finance Director at Quirónsalud", "and 1 other"],
             button=("See all invitations", "https://www.linkedin.com/mynetwork/invitation-manager/?midToken=AQE2xK&trk=eml-email_m2m_invite_digest_01"),
             footer='This email was intended for Ingrid Solberg. <a href="https://www.linkedin.com/comm/psettings/email-unsubscribe?lipi=urn%3Ali">Unsubscribe</a> © 2026 LinkedIn Corporation',
             pixel="https://www.linkedin.com/emimp/ip_WVhaak1qZzVOZz09.gif"),
        extra=[("List-Unsubscribe", "<https://www.linkedin.com/comm/psettings/email-unsubscribe?lipi=urn%3Ali>"), *LIST])
    ham("44_finn", "FINN.no <noreply@finn.no>", "Nye treff på lagret søk: Sykkel, Oslo", "Sun, 15 Nov 2026 09:00:00 +0100", "finn.no", "smtp-out.finn.no", "185.77.112.10",
        "Hei!\n\n4 nye annonser matcher søket ditt «Sykkel, Oslo».\nSe treffene: https://www.finn.no/bap/forsale/search.html?q=sykkel&location=0.20061&utm_source=email\n\nDu kan endre varsler under Lagrede søk.\nFINN.no AS\n", None)
    ham("45_zalando", "Zalando <info@service-mail.zalando.no>", "Vi har mottatt returen din", "Tue, 17 Nov 2026 11:41:00 +0100", "service-mail.zalando.no", "mail.service-mail.zalando.no", "185.85.8.10",
        "Hei Ingrid,\n\nVi har mottatt returen din. Refusjonen på kr 899,00 blir tilbakeført til betalingsmåten din innen 5 virkedager.\n\nBestillingsnummer: 10101234567890\n\nVennlig hilsen\nZalando\n",
        page("ZALANDO", "#ff6900", "Vi har mottatt returen din", ["Refusjonen på kr 899,00 blir tilbakeført til betalingsmåten din innen 5 virkedager.", "Bestillingsnummer: 10101234567890"],
             button=("Se bestillingen", "https://www.zalando.no/myaccount/orders/10101234567890?utm_source=transactional"), footer="Zalando SE, Valeska-Gert-Straße 5, 10243 Berlin", lang="no"))
    ham("46_ikea", "IKEA <noreply@email.ikea.no>", "Ordrebekreftelse 1287654321", "Sat, 31 Oct 2026 16:02:00 +0100", "email.ikea.no", "mta.email.ikea.no", "136.147.188.10",
        "Takk for handelen!\n\nOrdrenummer: 1287654321\nBEKANT skrivebord, 160x80 x2\nMARKUS kontorstol x2\nLevering: 10.11.2026, Karl Johans gate 12, Oslo\nTotalt: kr 9 396,00\n\nSe ordrestatus på ikea.no\n", page("IKEA", "#0058a3", "Takk for handelen!", ["Ordrenummer: 1287654321", "BEKANT skrivebord, 160x80 x2<br>MARKUS kontorstol x2", "Levering: 10.11.2026<br>Totalt: kr 9 396,00"],
             button=("Se ordrestatus", "https://order.ikea.com/no/no/purchases/1287654321?utm_source=transactional"), footer="IKEA AS, Postboks 0400 Furuset. Denne e-posten kan ikke besvares.", lang="no"))
    ham("47_apple_receipt", "Apple <no_reply@email.apple.com>", "Your receipt from Apple.", "Thu, 12 Nov 2026 04:11:08 +0000", "email.apple.com", "rn2-txn-msbadger07104.apple.com", "17.111.110.10",
        "Apple\nReceipt\nApple Account: ingrid.solberg@nordlys-health.example\nDate: 12 Nov 2026\nOrder ID: MKX9Q2T4LP\n\niCloud+ 200 GB (Monthly) kr 39,00\nTotal kr 39,00\n\nIf you have any questions about your bill, visit support.apple.com.\n", page("Apple", "#f5f5f7", "Receipt", ["Apple Account: ingrid.solberg@nordlys-health.example<br>Date: 12 Nov 2026<br>Order ID: MKX9Q2T4LP", "iCloud+ 200 GB (Monthly) kr 39,00<br><b>Total kr 39,00</b>",
             'If you have any questions about your bill, visit <a href="https://support.apple.com/billing">support.apple.com</a>.'],
             footer='Apple Distribution International Ltd., Hollyhill Industrial Estate, Cork, Ireland. <a href="https://www.apple.com/legal/privacy/">Privacy Policy</a>'))
    ham("48_spotify", "Spotify <no-reply@spotify.com>", "Kvittering for Spotify Premium", "Mon, 09 Nov 2026 05:00:00 +0100", "spotify.com", "mail.spotify.com", "198.2.130.10",
        "Takk for at du bruker Spotify Premium.\n\nPremium Individual, november 2026: kr 139,00\nBetalt med Vipps.\n\nAdministrer abonnement: https://www.spotify.com/no/account/overview/\n\nSpotify AB, Regeringsgatan 19, 111 53 Stockholm\n", page("Spotify", "#1db954", "Takk for at du bruker Spotify Premium", ["Premium Individual, november 2026: kr 139,00", "Betalt med Vipps."],
             button=("Administrer abonnement", "https://www.spotify.com/no/account/overview/"), footer="Spotify AB, Regeringsgatan 19, 111 53 Stockholm, Sverige", lang="no"))
    ham("49_netflix", "Netflix <info@account.netflix.com>", "Det har oppstått et problem med betalingen din", "Wed, 04 Nov 2026 06:30:00 +0100", "account.netflix.com", "mail.netflix.com", "69.53.224.10",
        "Hei Ingrid,\n\nVi kunne ikke belaste betalingsmåten din for neste faktureringsperiode. Oppdater betalingsinformasjonen på netflix.com/account for å fortsette å se.\n\nNetflix vil aldri be deg oppgi kortinformasjon på e-post.\n\n– Netflix-teamet\n",
        page("NETFLIX", "#e50914", "Problem med betalingen", ["Vi kunne ikke belaste betalingsmåten din for neste faktureringsperiode."], button=("Oppdater betaling", "https://www.netflix.com/account"),
             footer="Netflix International B.V. Spørsmål? Ring 800 16 930. Denne meldingen ble sendt til ingrid.solberg@nordlys-health.example.", lang="no"))


def newsletters() -> None:
    ham("50_conference", "Nordic eHealth Summit <info@nordicehealth.example>", "Invitation: Nordic eHealth Summit 2027, Copenhagen, 9-10 March", "Tue, 20 Oct 2026 08:30:00 +0200", "nordicehealth.example", "o1.mail.nordicehealth.example", "198.51.100.90",
        "Dear Ingrid,\n\nWe are pleased to invite Nordlys Health to the Nordic eHealth Summit 2027 at Bella Center, Copenhagen, 9-10 March 2027. Topics include interoperability under the EHDS, AI in clinical documentation and procurement of health IT.\n\nEarly-bird registration (DKK 4,950) closes 15 January: https://nordicehealth.example/register?utm_source=newsletter&utm_medium=email\n\nBest regards\nThe organising committee\n\nUnsubscribe: https://nordicehealth.example/unsubscribe?e=aW5ncmlk\n", None,
        extra=[("List-Unsubscribe", "<https://nordicehealth.example/unsubscribe?e=aW5ncmlk>"), *LIST])
    q = qr("https://events.zoho.eu/webinar/register?id=8811223&src=qr")
    ham("51_webinar_qr", "Helsedirektoratet Webinar <webinar@helseinnovasjon.example>", "Webinar 3. desember: Nye krav til journalsystemer", "Thu, 19 Nov 2026 10:00:00 +0100", "helseinnovasjon.example", "mail.helseinnovasjon.example", "198.51.100.91",
        "Velkommen til webinar 3. desember kl. 10:00–11:00 om nye krav til journalsystemer.\nMeld deg på: https://events.zoho.eu/webinar/register?id=8811223\nEller skann QR-koden i e-posten med mobilen.\n",
        page("Helseinnovasjon", "#2a9d8f", "Webinar 3. desember", ["Nye krav til journalsystemer, kl. 10:00–11:00 på Teams.", 'Meld deg på via lenken eller skann QR-koden:<br><img src="cid:qr-webinar@helseinnovasjon" width="160" height="160" alt="QR-kode">'],
             button=("Meld deg på", "https://events.zoho.eu/webinar/register?id=8811223"), footer="Du får denne e-posten fordi du er på vår nyhetsliste. Avmeld: https://helseinnovasjon.example/avmeld", lang="no"),
        related=[(q, "qr-webinar@helseinnovasjon", "image/png")])
    ham("52_university_newsletter", "BI Alumni <alumni@bi.no>", "BI Alumni nyhetsbrev november 2026", "Wed, 11 Nov 2026 12:00:00 +0100", "bi.no", "smtp.bi.no", "158.36.160.10",
        "Nyhetsbrev for BI Alumni, november 2026\n\n- Frokostseminar: Bærekraftsrapportering etter CSRD, 26. november\n- Nytt program: Executive Master i økonomistyring\n- Årets alumnipris går til ...\n\nLes mer: https://www.bi.no/alumni/nyhetsbrev\nMeld deg av: https://www.bi.no/alumni/avmelding\n", None,
        extra=[("List-Unsubscribe", "<https://www.bi.no/alumni/avmelding>")])
    ham("53_charity", "Leger Uten Grenser <givertjeneste@legerutengrenser.no>", "Vinteren kommer – hjelp oss å nå frem", "Mon, 23 Nov 2026 09:30:00 +0100", "legerutengrenser.no", "mail.legerutengrenser.no", "185.15.60.10",
        "Kjære Ingrid,\n\nVinteren gjør arbeidet i Ukraina og Gaza enda vanskeligere. Med en gave på 300 kroner kan vi gi grunnleggende medisinsk hjelp til en familie.\n\nGi en gave: https://www.legerutengrenser.no/gi-gave?utm_campaign=vinter2026\nDu kan også gi med Vipps til 2090.\n\nTusen takk for at du støtter oss.\nLeger Uten Grenser\n\nMeld deg av: https://www.legerutengrenser.no/avmelding\n", None,
        extra=[("List-Unsubscribe", "<https://www.legerutengrenser.no/avmelding>")])
    ham("54_aws_austin", "Amazon Web Services <no-reply-aws@amazon.com>", "AWS Notification - Billing alert for account 4411-2233-6655", "Fri, 20 Nov 2026 02:00:00 +0000", "amazon.com", "a48-92.smtp-out.amazonses.com", "54.240.48.92",
        "Hello,\n\nYour estimated charges for AWS account 4411-2233-6655 (nordlys-austin-prod) have exceeded the budget of USD 12,000.00 you set for November 2026. Current: USD 12,418.55.\n\nView your budget: https://console.aws.amazon.com/billing/home#/budgets\n\nAmazon Web Services, Inc. is a subsidiary of Amazon.com, Inc.\n", None)


def make() -> None:
    banks()
    post_and_tax()
    accounting_and_saas()
    business()
    consumer()
    newsletters()
