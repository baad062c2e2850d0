"""Texts of web followups (issue 21: taking part on the web and by e-mail): the e-mail address
and its confirmation, a follow-up mail's one-click pages, stopping, the person's follow-up page.

Plain text (the pages escape it); "{title}" is a workshop's title, "{address}" an address as
the person typed it."""

from __future__ import annotations

from flows.catalogue import Plural, Text

MESSAGES: dict[str, tuple[Text, Text]] = {
    # Shared by the pages
    "webfu.error_summary": ("Der er et problem", "There is a problem"),
    "webfu.workshop_page": ("Gå til temadagens side", "Go to the workshop's page"),
    "webfu.personal_hint": (
        "Brug dit personlige link – du fik det på sidste side af refleksionen – for at se dine "
        "næste skridt og svare der.",
        "Use your personal link – you got it on the last page of the reflection – to see your "
        "next steps and answer there.",
    ),
    "webfu.open_personal": ("Se alle dine næste skridt", "See all your next steps"),
    "webfu.link_used_title": ("Linket er allerede brugt", "This link has already been used"),
    "webfu.link_expired_title": ("Linket er udløbet", "This link has expired"),
    "webfu.link_unknown_title": ("Linket virker ikke", "This link does not work"),
    "webfu.link_expired_text": (
        "Links i mails virker kun en tid, så ingen andre kan bruge dem senere. Intet er ændret.",
        "Links in e-mails only work for a while, so no one else can use them later. Nothing "
        "was changed.",
    ),
    "webfu.link_unknown_text": (
        "Linket er måske kopieret forkert, eller dine data er slettet. Intet er ændret.",
        "The link may have been copied incompletely, or your data has been deleted. Nothing "
        "was changed.",
    ),
    # The e-mail address (the personal page's own page)
    "webfu.mail_title": ("E-mail til opfølgning", "E-mail for follow-ups"),
    "webfu.mail_intro": (
        "Giv os en e-mailadresse, så sender vi opfølgningen på dine næste skridt dertil. Adressen "
        "bruges kun til opfølgning på dine næste skridt og til en enkelt påmindelse, hvis du ikke "
        "er blevet færdig med en refleksion. Du bekræfter adressen via et link, før vi sender "
        "noget.",
        "Give us an e-mail address and we will send the follow-up on your next steps there. The "
        "address is used only for follow-ups on your next steps and for a single reminder if you "
        "have not finished a reflection. You confirm the address through a link before we send "
        "anything.",
    ),
    "webfu.mail_off": (
        "Opfølgning på e-mail er ikke slået til her, så vi gemmer ingen adresse. Du kan se og "
        "svare på din opfølgning på din personlige side.",
        "Follow-ups by e-mail are not switched on here, so we store no address. You can see "
        "and answer your follow-up on your personal page.",
    ),
    "webfu.mail_none": ("Du har ikke givet en e-mailadresse.", "You have not given an address."),
    "webfu.mail_waiting": (
        "Vi venter på, at du bekræfter {address}.",
        "We are waiting for you to confirm {address}.",
    ),
    "webfu.mail_confirmed": (
        "Opfølgningen sendes til {address}.",
        "Follow-ups are sent to {address}.",
    ),
    "webfu.mail_stopped": (
        "Du har stoppet mails til {address}. Giv adressen igen, hvis du vil have opfølgning "
        "på e-mail igen.",
        "You stopped e-mails to {address}. Give the address again if you want follow-ups by "
        "e-mail again.",
    ),
    "webfu.mail_all_stopped": (
        "Du har stoppet al opfølgning fra Temadag, og vi sender ikke flere mails til {address}. "
        "Opfølgningen kan ikke slås til igen her.",
        "You stopped all follow-ups from Temadag, and we send no more e-mails to {address}. "
        "Follow-ups cannot be switched on again here.",
    ),
    "webfu.steps_stopped_all": (
        "Du har stoppet al opfølgning fra Temadag. Opfølgningen kan ikke slås til igen her.",
        "You stopped all follow-ups from Temadag. Follow-ups cannot be switched on again here.",
    ),
    "webfu.mail_check_inbox": (
        "Tjek din indbakke: vi sender et link til {address}. Der kommer ikke andet til adressen, "
        "før du har bekræftet den. Kan du ikke finde mailen, så se i mappen »Uønsket mail«.",
        "Check your inbox: we are sending a link to {address}. Nothing else goes to the address "
        "until you have confirmed it. If you cannot find the e-mail, look in your junk e-mail "
        "folder.",
    ),
    "webfu.mail_now_stopped": (
        "Vi sender ikke flere mails til {address}.",
        "We will send no more e-mails to {address}.",
    ),
    "webfu.mail_label": ("Din e-mailadresse", "Your e-mail address"),
    "webfu.mail_hint": (
        "Én adresse, fx navn@kommune.dk. Højst 254 tegn.",
        "One address, e.g. name@municipality.dk. At most 254 characters.",
    ),
    "webfu.mail_send": ("Send mig et bekræftelseslink", "Send me a confirmation link"),
    "webfu.mail_stop": ("Stop mails", "Stop e-mails"),
    "webfu.mail_empty": ("Skriv din e-mailadresse.", "Write your e-mail address."),
    "webfu.mail_lines": (
        "Adressen må ikke have linjeskift. Skriv den på én linje.",
        "The address must not contain line breaks. Write it on one line.",
    ),
    "webfu.mail_too_long": (
        "Adressen er for lang: højst 254 tegn.",
        "The address is too long: at most 254 characters.",
    ),
    "webfu.mail_shape": (
        "Det ligner ikke én e-mailadresse. Skriv den som navn@kommune.dk – kun én adresse.",
        "That does not look like one e-mail address. Write it as name@municipality.dk – one "
        "address only.",
    ),
    # The confirmation link
    "webfu.confirm_title": ("Bekræft din e-mailadresse", "Confirm your e-mail address"),
    "webfu.confirm_intro": (
        "Tryk på knappen for at bekræfte, at vi må sende opfølgningen på dine næste skridt "
        "til {address}.",
        "Press the button to confirm that we may send the follow-up on your next steps to "
        "{address}.",
    ),
    "webfu.confirm_button": ("Bekræft", "Confirm"),
    "webfu.confirmed_title": ("Din e-mailadresse er bekræftet", "Your e-mail address is confirmed"),
    "webfu.confirmed_text": (
        "Vi sender opfølgningen på dine næste skridt til {address}. Adressen bruges kun til "
        "opfølgning på dine næste skridt og til en enkelt påmindelse, hvis du ikke er blevet "
        "færdig med en refleksion. Du kan altid stoppe dem med linket nederst i hver mail.",
        "We will send the follow-up on your next steps to {address}. The address is used only for "
        "follow-ups on your next steps and for a single reminder if you have not finished a "
        "reflection. You can always stop them with the link at the bottom of each e-mail.",
    ),
    "webfu.coming": (
        Plural(
            "Fra temadagen »{title}« får du {count} opfølgning, omkring denne dato:",
            "Fra temadagen »{title}« får du {count} opfølgninger, omkring disse datoer:",
        ),
        Plural(
            "From the workshop “{title}” you will get {count} follow-up, around this date:",
            "From the workshop “{title}” you will get {count} follow-ups, around these dates:",
        ),
    ),
    "webfu.coming_note": (
        "Falder en dato på en weekend eller en helligdag, kommer mailen den næste hverdag.",
        "If a date falls on a weekend or a public holiday, the e-mail comes the next working day.",
    ),
    "webfu.nothing_coming": (
        "Der er ingen opfølgning planlagt for dig. Vi skriver først, hvis du skriver næste "
        "skridt på en temadag med opfølgning.",
        "No follow-up is planned for you. We only write if you write next steps at a workshop "
        "with follow-ups.",
    ),
    "webfu.confirm_gone": (
        "Du kan bede om et nyt link fra din personlige side under »E-mail til opfølgning«.",
        "You can ask for a new link from your personal page, under 'E-mail for follow-ups'.",
    ),
    # A follow-up mail's one-click links
    "webfu.answer_title": ("Dit svar på opfølgningen", "Your answer to the follow-up"),
    "webfu.answer_about": (
        "Opfølgning på temadagen »{title}«",
        "Follow-up on the workshop “{title}”",
    ),
    "webfu.status_now": ("Status nu: {status}", "Status now: {status}"),
    "webfu.will_status": (
        "Når du trykker på knappen, noterer vi: {status}.",
        "When you press the button, we note: {status}.",
    ),
    "webfu.record_status": ("Notér »{status}«", "Note “{status}”"),
    "webfu.drop_legend": (
        "Hvorfor droppede du skridtet? (frivilligt)",
        "Why did you drop this step? (optional)",
    ),
    "webfu.drop_reason_button": ("Gem begrundelsen", "Save the reason"),
    "webfu.help_intro": (
        "Facilitatorerne på temadagen {title} får besked i Slack – kun med det, du vælger at "
        "dele nedenfor. Dit navn får de ikke.",
        "The facilitators of the workshop {title} are told in Slack – only what you choose to "
        "share below. They do not get your name.",
    ),
    "webfu.help_reply_mail": (
        "Svarer de, får du svaret på e-mail til den adresse, du har bekræftet.",
        "If they answer, you get the answer by e-mail at the address you confirmed.",
    ),
    "webfu.help_reply_none": (
        "De kan ikke svare dig gennem Temadag, for du har ingen bekræftet e-mailadresse hos os. "
        "Giv en adresse på din personlige side, hvis du vil kunne få et svar.",
        "They cannot answer you through Temadag, as you have no confirmed e-mail address with "
        "us. Give an address on your personal page if you would like to get an answer.",
    ),
    "webfu.help_reply_off": (
        "E-mail er ikke slået til her, så de kan ikke svare dig gennem Temadag.",
        "E-mail is not switched on here, so they cannot answer you through Temadag.",
    ),
    "webfu.help_obstacle_hint": (
        "Frivilligt. Højst 1000 tegn.",
        "Optional. At most 1000 characters.",
    ),
    "webfu.help_button": ("Send til facilitatorerne", "Send to the facilitators"),
    "webfu.replan_intro": (
        "Skriv dit næste skridt, som det ser ud nu. Vi gemmer din gamle plan, men spørger "
        "fremover til den nye.",
        "Write your next step as it looks now. We keep your old plan, but from now on we will ask "
        "about the new one.",
    ),
    "webfu.date_hint": (
        "Frivilligt. Vælg en dato (eller skriv fx 2027-03-01).",
        "Optional. Choose a date (or type e.g. 2027-03-01).",
    ),
    "webfu.replan_button": ("Gem den nye plan", "Save the new plan"),
    "webfu.replan_text_missing": ("Skriv dit nye næste skridt.", "Write your new next step."),
    "webfu.date_invalid": (
        "Datoen kan ikke læses. Skriv den som åååå-mm-dd, eller lad feltet stå tomt.",
        "The date cannot be read. Write it as yyyy-mm-dd, or leave the field empty.",
    ),
    "webfu.lights_intro": (
        "Vurdér de otte succesfaktorer igen, ligesom en årlig status. Du må gerne springe nogle "
        "over.",
        "Rate the eight success factors again, as in an annual status. You may skip some.",
    ),
    "webfu.lights_missing": (
        "Vælg grøn, gul eller rød for mindst én succesfaktor.",
        "Choose green, yellow or red for at least one success factor.",
    ),
    "webfu.lights_button": ("Gem trafiklysene", "Save the traffic lights"),
    "webfu.light_green": ("Grøn", "Green"),
    "webfu.light_yellow": ("Gul", "Yellow"),
    "webfu.light_red": ("Rød", "Red"),
    "webfu.will_snooze": (
        "Når du trykker på knappen, spørger vi dig igen om en uge.",
        "When you press the button, we will ask you again in a week.",
    ),
    "webfu.will_stop": (
        "Når du trykker på knappen, får du ingen flere opfølgninger, og vi sender ikke flere "
        "mails til din adresse – også fra andre temadage, du er med i. Dine svar er gemt.",
        "When you press the button, you get no more follow-ups, and we send no more e-mails to "
        "your address – also from other workshops you are part of. Your answers are kept.",
    ),
    "webfu.stop_button": ("Stop al opfølgning", "Stop all follow-ups"),
    "webfu.stop_keep": ("Nej, tilbage til dine skridt", "No, back to your steps"),
    "webfu.recorded_title": ("Tak – vi har noteret dit svar", "Thanks – we have noted your answer"),
    "webfu.already_title": ("Dit svar er allerede noteret", "Your answer is already noted"),
    "webfu.recorded_what": ("Vi har noteret: {what}.", "We have noted: {what}."),
    "webfu.said_replan": ("Vi har gemt din nye plan.", "We have saved your new plan."),
    "webfu.said_lights": ("Vi har gemt dine trafiklys.", "We have saved your traffic lights."),
    "webfu.said_snooze": (
        "Fint – vi spørger dig igen om en uge.",
        "Fine – we will ask you again in a week.",
    ),
    "webfu.said_stop": ("Du får ikke flere opfølgninger.", "You will get no more follow-ups."),
    "webfu.what_need_help": (
        "har brug for hjælp – facilitatorerne har fået besked",
        "need help – the facilitators have been told",
    ),
    # Unsubscribe
    "webfu.stop_title": ("Stop al opfølgning", "Stop all follow-ups"),
    "webfu.stop_intro": (
        "Når du trykker på knappen, får du ingen flere opfølgninger fra Temadag, og vi sender "
        "ikke flere mails til din adresse – også fra andre temadage, du er med i. Dine svar er "
        "gemt.",
        "When you press the button, you get no more follow-ups from Temadag, and we send no more "
        "e-mails to your address – also from other workshops you are part of. Your answers are "
        "kept.",
    ),
    "webfu.stopped_title": ("Al opfølgning er stoppet", "All follow-ups are stopped"),
    "webfu.stopped_text": (
        "Du får ingen flere opfølgninger fra nogen temadag, og vi sender ikke flere mails til din "
        "adresse. Dine svar er gemt, og du kan stadig se dem på din personlige side.",
        "You get no more follow-ups from any workshop, and we send no more e-mails to your "
        "address. Your answers are kept, and you can still see them on your personal page.",
    ),
    # The person's own follow-up page
    "webfu.steps_title": ("Dine næste skridt", "Your next steps"),
    "webfu.steps_none": (
        "Du har ikke skrevet nogen næste skridt.",
        "You have not written any next steps.",
    ),
    "webfu.step_legend": ("Hvordan går det med skridtet?", "How is this step going?"),
    "webfu.step_save": ("Gem status", "Save status"),
    "webfu.steps_saved": ("Tak – vi har noteret: {status}.", "Thanks – we have noted: {status}."),
    "webfu.steps_stopped": (
        "Du har stoppet opfølgningen. Du kan stadig give en status her.",
        "You stopped the follow-ups. You can still give a status here.",
    ),
    "webfu.steps_snoozed": (
        "Fint – vi spørger igen om en uge.",
        "Fine – we will ask again in a week.",
    ),
    "webfu.mail_link": ("E-mail til opfølgning", "E-mail for follow-ups"),
    "webfu.step_meta": ("Skrevet den {date}", "Written {date}"),
    "webfu.step_meta_target": (
        "Skrevet den {date} · mål: {target}",
        "Written {date} · target: {target}",
    ),
}

__all__ = ["MESSAGES", "Plural"]
