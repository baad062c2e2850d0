"""Texts of web privacy (issue 21): the workshop's privacy notice (GDPR art. 13), and a web
participant's own data: see it, download it, delete it. Every sentence must stay true with and
without SMTP_URL, OPERATOR_NAME and PRIVACY_NOTICE_URL, and for a template with or without
next steps and the choice to be named."""

from __future__ import annotations

from flows.catalogue import Plural, Text

MESSAGES: dict[str, tuple[Text, Text]] = {
    # -- the privacy notice ------------------------------------------------------------------
    "webprivacy.notice_title": (
        "Sådan behandles dine oplysninger",
        "How your information is handled",
    ),
    "webprivacy.notice_intro": (
        "Før du svarer, kan du her læse, hvad der sker med dine svar på temadagen »{title}« den "
        "{day}.",
        "Before you answer, here is what happens to your answers at the workshop “{title}” on "
        "{day}.",
    ),
    "webprivacy.notice_closed": (
        "Her kan du læse, hvad der sker med de svar, der blev givet på temadagen »{title}« den "
        "{day}. Temadagen er lukket for nye svar.",
        "Here is what happens to the answers given at the workshop “{title}” on {day}. The "
        "workshop is closed to new answers.",
    ),
    "webprivacy.controller_heading": ("Hvem er ansvarlig", "Who is responsible"),
    "webprivacy.controller_named": (
        "Dataansvarlig er {operator}, som driver Temadag.",
        "The data controller is {operator}, which runs Temadag.",
    ),
    "webprivacy.controller_unnamed": (
        "Temadag er endnu ikke sat op med navnet på den dataansvarlige. Spørg facilitatoren, før "
        "du svarer, hvem der er dataansvarlig, og hvordan du kontakter den dataansvarliges "
        "databeskyttelsesrådgiver (DPO).",
        "Temadag has not yet been set up with the name of the data controller. Before you answer, "
        "ask the facilitator who the data controller is and how to contact its data protection "
        "officer (DPO).",
    ),
    "webprivacy.controller_policy": (
        "Den dataansvarliges egen privatlivspolitik, med kontaktoplysninger:",
        "The data controller's own privacy policy, with contact details:",
    ),
    "webprivacy.purpose_heading": ("Hvad svarene bruges til", "What the answers are used for"),
    "webprivacy.purpose": (
        "Du svarer for at reflektere over dit arbejde på temadagen. Facilitatorerne bruger "
        "svarene til at opsummere dagen og – hvis der er opfølgning – til at følge dine næste "
        "skridt. Opsummeringer og rapporter kan gives videre til fx en styregruppe eller et "
        "politisk udvalg, og dine næste skridt kan stå ordret i rapporten uden navn. Sager til et "
        "politisk udvalg bliver ofte offentlige.",
        "You answer to reflect on your work at the workshop. The facilitators use the answers to "
        "sum up the day and, if there are follow-ups, to follow your next steps. Summaries and "
        "reports may be passed on to e.g. a steering group or a political committee, and your "
        "next steps may appear word for word in the report, without a name. Papers for a "
        "political committee are often made public.",
    ),
    "webprivacy.purpose_followups_mail": (
        "Skriver du næste skridt og giver din e-mailadresse, spørger Temadag dig på e-mail "
        "{offsets} efter temadagen, hvordan det går med dem.",
        "If you write next steps and give your e-mail address, Temadag asks you by e-mail "
        "{offsets} after the workshop how they are going.",
    ),
    "webprivacy.purpose_followups_off": (
        "Opfølgning på e-mail er ikke slået til her, så Temadag skriver ikke til dig efter "
        "temadagen.",
        "Follow-ups by e-mail are not switched on here, so Temadag does not write to you after "
        "the workshop.",
    ),
    "webprivacy.legal_basis": (
        "Temadag er lavet til kommuners arbejde med sundhedsfremme og forebyggelse, som er en "
        "opgave i samfundets interesse (databeskyttelsesforordningens artikel 6, stk. 1, litra "
        "e). Det er normalt det retsgrundlag, den dataansvarlige behandler dine svar efter; spørg "
        "den dataansvarlige, hvis du vil være sikker. Din e-mailadresse behandles kun, fordi du "
        "selv giver den, og du kan altid stoppe mails.",
        "Temadag is made for municipalities' work on health promotion and prevention, which is a "
        "task in the public interest (GDPR Article 6(1)(e)). That is normally the legal basis on "
        "which the data controller processes your answers; ask the data controller if you want to "
        "be sure. Your e-mail address is processed only because you give it, and you can always "
        "stop e-mails.",
    ),
    "webprivacy.stored_heading": ("Hvad der gemmes", "What is stored"),
    "webprivacy.stored_answers": (
        "Dine svar på temadagens spørgsmål, og hvornår du gav dem.",
        "Your answers to the workshop's questions, and when you gave them.",
    ),
    "webprivacy.stored_steps": (
        "Dine næste skridt med måldatoer, og den status, du eventuelt senere giver dem.",
        "Your next steps with target dates, and any status you later give them.",
    ),
    "webprivacy.stored_progress": (
        "Hvor langt du er nået i refleksionen.",
        "How far you have come in the reflection.",
    ),
    "webprivacy.stored_profile": (
        "Dit sprogvalg og, hvis din browser oplyser den, din tidszone.",
        "Your choice of language and, if your browser gives it, your time zone.",
    ),
    "webprivacy.stored_mail": (
        "Din e-mailadresse, hvis du giver den til opfølgning. Der sendes intet til den, før du "
        "har bekræftet den via et link, og derefter kun opfølgning og påmindelser.",
        "Your e-mail address, if you give it for follow-ups. Nothing is sent to it before you "
        "have confirmed it through a link, and after that only follow-ups and reminders.",
    ),
    "webprivacy.stored_no_mail": (
        "Opfølgning på e-mail er ikke slået til her, så der gemmes ingen e-mailadresse.",
        "Follow-ups by e-mail are not switched on here, so no e-mail address is stored.",
    ),
    "webprivacy.stored_cookie": (
        "Én nødvendig cookie i din browser, som i op til 180 dage husker dit sprog, og hvilke "
        "temadage du er med i. Der er ingen andre cookies.",
        "One necessary cookie in your browser, which for up to 180 days remembers your language "
        "and which workshops you are part of. There are no other cookies.",
    ),
    "webprivacy.stored_no_account": (
        "Du skal ikke oprette en konto eller logge ind.",
        "You do not create an account or log in.",
    ),
    "webprivacy.who_heading": ("Hvem ser hvad", "Who sees what"),
    "webprivacy.who_facilitators": (
        "Facilitatorerne ser svarene samlet, fx fordelt på succesfaktorer, med nogle af svarene "
        "som citater. Svar fra færre end {minimum} personer vises kun som et antal.",
        "The facilitators see the answers together, for instance by success factor, with some "
        "answers as quotes. Answers from fewer than {minimum} people are shown only as a count.",
    ),
    "webprivacy.who_unnamed": (
        "Dine svar vises uden navn. Temadag kender ikke dit navn, når du svarer her.",
        "Your answers are shown without a name. Temadag does not know your name when you answer "
        "here.",
    ),
    "webprivacy.who_files": (
        "Facilitatorerne kan hente opsummeringer og filer med svarene (Excel, Word, CSV) i "
        "Slack. Det, de har hentet, ligger derefter også hos dem.",
        "The facilitators can fetch summaries and files with the answers (Excel, Word, CSV) in "
        "Slack. What they have fetched is then also kept by them.",
    ),
    "webprivacy.who_operator": (
        "De, der driver Temadag, har adgang til databasen.",
        "Those who run Temadag have access to the database.",
    ),
    "webprivacy.others_heading": ("Hvem ellers får dine svar", "Who else gets your answers"),
    "webprivacy.others_none": (
        "Siderne henter intet fra andre websteder: ingen annoncer, ingen sporing, ingen "
        "statistikværktøjer. Ud over facilitatorerne får disse adgang til dine svar: Slack, hvor "
        "facilitatorerne arbejder; dem, der driver Temadag; og dem, facilitatorerne giver "
        "opsummeringer og rapporter videre til, fx en styregruppe eller et politisk udvalg.",
        "The pages load nothing from other websites: no ads, no tracking, no analytics. Besides "
        "the facilitators, these have access to your answers: Slack, where the facilitators work; "
        "those who run Temadag; and whoever the facilitators pass summaries and reports on to, "
        "e.g. a steering group or a political committee.",
    ),
    "webprivacy.others_slack": (
        "Dine svar fra disse sider gemmes ikke i Slack, men facilitatorerne bruger Slack, så "
        "opsummeringer og filer med citater fra svarene sendes til dem dér og gemmes også hos "
        "Slack. Afhængigt af den dataansvarliges aftale med Slack kan oplysningerne blive "
        "opbevaret uden for EU. Spørg den dataansvarlige om grundlaget for overførslen.",
        "Your answers from these pages are not stored in Slack, but the facilitators use Slack, "
        "so summaries and files with quotes from the answers are sent to them there and are also "
        "stored by Slack. Depending on the data controller's agreement with Slack, the "
        "information may be stored outside the EU. Ask the data controller about the basis for "
        "the transfer.",
    ),
    "webprivacy.others_mail": (
        "E-mails sendes gennem den mailserver, den dataansvarlige har valgt.",
        "E-mails are sent through the mail server the data controller has chosen.",
    ),
    "webprivacy.retention_heading": ("Hvor længe", "How long"),
    "webprivacy.retention_dated": (
        "Svarene slettes automatisk {retention}, det vil sige dagen efter den {date}.",
        "The answers are deleted automatically {retention}, that is the day after {date}.",
    ),
    "webprivacy.retention_plain": (
        "Svarene slettes automatisk {retention}.",
        "The answers are deleted automatically {retention}.",
    ),
    "webprivacy.rights_heading": ("Dine rettigheder", "Your rights"),
    "webprivacy.rights_own_page": (
        "Når du er færdig, får du et link til din egen side. Der kan du se det, der er gemt om "
        "dig, hente det som en fil og slette det. Bliver du ikke færdig, så kontakt den "
        "dataansvarlige for at se eller slette dine svar.",
        "When you finish, you get a link to your own page. There you can see what is stored about "
        "you, download it as a file and delete it. If you do not finish, contact the data "
        "controller to see or delete your answers.",
    ),
    "webprivacy.rights_edit": (
        "Mens temadagen er åben, kan du selv rette dine svar.",
        "While the workshop is open, you can correct your answers yourself.",
    ),
    "webprivacy.rights_more": (
        "Du har også ret til at gøre indsigelse og til at få behandlingen begrænset. Kontakt "
        "den dataansvarlige om det.",
        "You also have the right to object and to have the processing restricted. Contact the "
        "data controller about it.",
    ),
    "webprivacy.rights_complaint": (
        "Er du utilfreds med, hvordan dine oplysninger behandles, kan du klage til "
        "Datatilsynet, datatilsynet.dk.",
        "If you are not satisfied with how your information is handled, you can complain to "
        "the Danish Data Protection Agency (Datatilsynet), datatilsynet.dk.",
    ),
    # -- a personal link that no longer works ---------------------------------------------------
    "webprivacy.link_gone_title": ("Linket virker ikke", "The link does not work"),
    "webprivacy.link_unknown": (
        "Linket findes ikke. Tjek, at du har hele linket med. Har du slettet dine data, virker "
        "dit personlige link ikke længere.",
        "The link does not exist. Check that you have the whole link. If you deleted your data, "
        "your personal link no longer works.",
    ),
    "webprivacy.link_expired": (
        "Linket er udløbet, fordi opbevaringstiden for dine svar er slut. Dine svar er slettet "
        "eller bliver det inden for en time. Har du spørgsmål, så kontakt den dataansvarlige.",
        "The link has expired because the retention period for your answers has ended. Your "
        "answers have been deleted or will be within an hour. If you have questions, contact "
        "the data controller.",
    ),
    # -- the data page ---------------------------------------------------------------------------
    "webprivacy.data_title": ("Dine data", "Your data"),
    "webprivacy.data_intro": (
        "Her er det, Temadag har gemt om dig. Dine links er gemt som koder, der ikke kan læses "
        "tilbage, og slettes sammen med dine data. Tidspunkter er i UTC, det vil sige dansk tid "
        "minus en time om vinteren og to timer om sommeren.",
        "Here is what Temadag stores about you. Your links are stored as codes that cannot be "
        "read back, and are deleted with your data. Times are in UTC, that is Danish time minus "
        "one hour in winter and two hours in summer.",
    ),
    "webprivacy.data_download": (
        "Hent dine data som fil (JSON, et format andre programmer kan læse)",
        "Download your data as a file (JSON, a format other programs can read)",
    ),
    "webprivacy.data_delete": ("Slet dine data", "Delete your data"),
    "webprivacy.data_nothing": (
        "Temadag har ingen data om dig.",
        "Temadag stores no data about you.",
    ),
    "webprivacy.mail_heading": ("E-mailadresse", "E-mail address"),
    "webprivacy.mail_none": (
        "Du har ikke givet en e-mailadresse.",
        "You have not given an e-mail address.",
    ),
    "webprivacy.mail_unconfirmed": (
        "Givet den {given}. Ikke bekræftet: der sendes intet til den, før du har bekræftet den.",
        "Given on {given}. Not confirmed: nothing is sent to it until you confirm it.",
    ),
    "webprivacy.mail_confirmed": (
        "Givet den {given}, bekræftet den {confirmed}. Opfølgning kan sendes hertil.",
        "Given on {given}, confirmed on {confirmed}. Follow-ups may be sent here.",
    ),
    "webprivacy.mail_stopped": (
        "Givet den {given}. Du bad om at stoppe e-mails den {stopped}: der sendes ikke mere.",
        "Given on {given}. You asked to stop e-mails on {stopped}: nothing more is sent.",
    ),
    "webprivacy.profile_heading": ("Sprog og tidszone", "Language and time zone"),
    "webprivacy.profile_language": ("Sprogvalg", "Language choice"),
    "webprivacy.profile_time_zone": ("Tidszone", "Time zone"),
    "webprivacy.profile_none": ("ikke gemt", "not stored"),
    "webprivacy.workshop_heading": ("{title} ({day})", "{title} ({day})"),
    "webprivacy.workshop_joined": ("Med siden", "Joined"),
    "webprivacy.workshop_named": ("Svar vises med navn", "Answers shown with name"),
    "webprivacy.workshop_reflection": ("Refleksion", "Reflection"),
    "webprivacy.workshop_deleted_on": ("Slettes automatisk", "Deleted automatically"),
    "webprivacy.answers_heading": ("Dine svar", "Your answers"),
    "webprivacy.no_answers": ("Ingen svar endnu.", "No answers yet."),
    "webprivacy.steps_heading": ("Dine næste skridt", "Your next steps"),
    "webprivacy.no_date": ("ingen måldato", "no target date"),
    "webprivacy.more_heading": ("Mere, der er gemt om dig", "More stored about you"),
    "webprivacy.table_caption": ("{name}", "{name}"),
    # -- deletion ------------------------------------------------------------------------------
    "webprivacy.delete_title": ("Slet dine data", "Delete your data"),
    "webprivacy.delete_question": (
        "Vil du slette alt, hvad Temadag har gemt om dig? Det kan ikke fortrydes.",
        "Do you want to delete everything Temadag stores about you? This cannot be undone.",
    ),
    "webprivacy.delete_what": ("Dette bliver slettet", "This will be deleted"),
    "webprivacy.delete_links": (
        "Dit personlige link og alle links i e-mails fra Temadag holder op med at virke.",
        "Your personal link and every link in e-mails from Temadag stop working.",
    ),
    "webprivacy.delete_keeps_heading": ("Dette bliver ikke slettet", "This is not deleted"),
    "webprivacy.delete_keeps_files": (
        "Opsummeringer, rapporter, filer og beskeder om hjælp, som facilitatorerne allerede har "
        "fået i Slack, ændres ikke. De kan indeholde dine svar som citater.",
        "Summaries, reports, files and help requests the facilitators have already received in "
        "Slack are not changed. They may contain your answers as quotes.",
    ),
    "webprivacy.delete_keeps_counts": (
        "Temadagens tal regnes igen uden dig; tal i opsummeringer, der allerede er sendt, "
        "ændres ikke.",
        "The workshop's figures are counted again without you; figures in summaries already "
        "sent are not changed.",
    ),
    "webprivacy.delete_keeps_mail": (
        "E-mails, der allerede er sendt til dig, ligger stadig i din indbakke.",
        "E-mails already sent to you stay in your inbox.",
    ),
    "webprivacy.delete_keeps_backups": (
        "Findes der sikkerhedskopier af databasen, forsvinder dine data først derfra, når "
        "sikkerhedskopierne udløber.",
        "If there are backups of the database, your data leaves them only when the backups expire.",
    ),
    "webprivacy.delete_submit": ("Slet alt", "Delete everything"),
    "webprivacy.delete_cancel": ("Nej, tilbage til dine data", "No, back to your data"),
    "webprivacy.deleted_title": ("Dine data er slettet", "Your data has been deleted"),
    "webprivacy.deleted_what": ("Dette blev slettet", "This was deleted"),
    "webprivacy.deleted_links": (
        "Dit personlige link virker ikke længere. Vil du deltage igen, så brug temadagens kode "
        "eller QR-kode: du starter så forfra.",
        "Your personal link no longer works. To take part again, use the workshop's code or "
        "QR code: you then start afresh.",
    ),
    "webprivacy.deleted_nothing": (
        "Der var intet gemt om dig at slette.",
        "Nothing was stored about you to delete.",
    ),
    # What a deletion takes, for a counted line of the Slack and the web pages alike.
    "privacy.count_mail_address": (
        "• din e-mailadresse",
        "• your e-mail address",
    ),
}

__all__ = ["MESSAGES", "Plural"]
