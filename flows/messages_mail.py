"""Texts of mail (issue 21: taking part on the web and by e-mail): key → (Danish, English).

Plain text: a mail's HTML alternative escapes them, its plain part shows them as they are.
"""

from __future__ import annotations

from flows.catalogue import Plural, Text

MESSAGES: dict[str, tuple[Text, Text]] = {
    # A follow-up wave
    "mail.followup.subject": (
        "Hvordan går det med dine næste skridt fra {title}?",
        "How are your next steps from {title} going?",
    ),
    "mail.followup.subject_snoozed": (
        "Som aftalt: Hvordan går det med dine næste skridt fra {title}?",
        "As you asked: how are your next steps from {title} going?",
    ),
    "mail.followup.intro": (
        "For {ago} siden var du med til temadagen {title}. Hvordan går det med dine næste skridt?",
        "{ago} ago you took part in the workshop {title}. How are your next steps going?",
    ),
    "mail.followup.wrote": ("Den {date} skrev du:", "On {date} you wrote:"),
    "mail.followup.target": ("Mål: {date}", "Target: {date}"),
    "mail.followup.status": ("Status nu: {status}", "Status now: {status}"),
    "mail.followup.how": (
        "Hvert link åbner en side, hvor du bekræfter dit svar. Intet bliver noteret, før du "
        "trykker på knappen der.",
        "Each link opens a page where you confirm your answer. Nothing is noted until you press "
        "the button there.",
    ),
    "mail.followup.more": ("Mere", "More"),
    "mail.followup.lights": (
        "Gør status på trafiklysene igen",
        "Take stock of the traffic lights again",
    ),
    "mail.followup.personal": (
        "Din egen side med dine svar og dine data",
        "Your own page with your answers and your data",
    ),
    "mail.followup.expires": (
        "Linkene virker til og med den {date}.",
        "The links work until {date}.",
    ),
    "mail.why": (
        "Du får denne mail, fordi du gav din e-mailadresse til opfølgning efter temadagen "
        "{title} og bekræftede den. Vi sender kun opfølgning på dine næste skridt til adressen.",
        "You get this mail because you gave your e-mail address for follow-ups after the "
        "workshop {title} and confirmed it. We send only follow-ups on your next steps to it.",
    ),
    # The in-day reminder
    "mail.reminder.subject": (
        "Din refleksion til {title} er ikke færdig endnu",
        "Your reflection for {title} is not finished yet",
    ),
    "mail.reminder.body": (
        "Du startede din refleksion til {title}, men er ikke færdig endnu. Dine svar er gemt – "
        "fortsæt, hvor du slap.",
        "You started your reflection for {title} but have not finished yet. Your answers are "
        "saved – continue where you left off.",
    ),
    "mail.reminder.link": ("Fortsæt din refleksion", "Continue your reflection"),
    # The double opt-in
    "mail.confirm.subject": (
        "Bekræft din e-mailadresse til opfølgning fra Temadag",
        "Confirm your e-mail address for follow-ups from Temadag",
    ),
    "mail.confirm.body": (
        "Du har givet denne adresse til opfølgning på dine næste skridt fra {title}. Bekræft "
        "den med linket herunder – det åbner en side med en knap. Indtil du har bekræftet "
        "adressen, sender vi ikke noget til den.",
        "You gave this address for follow-ups on your next steps from {title}. Confirm it with "
        "the link below – it opens a page with a button. Until you have confirmed the address, "
        "we send nothing to it.",
    ),
    "mail.confirm.body_plain": (
        "Du har givet denne adresse til opfølgning på dine næste skridt fra en temadag. "
        "Bekræft den med linket herunder – det åbner en side med en knap. Indtil du har "
        "bekræftet adressen, sender vi ikke noget til den.",
        "You gave this address for follow-ups on your next steps from a workshop. Confirm it "
        "with the link below – it opens a page with a button. Until you have confirmed the "
        "address, we send nothing to it.",
    ),
    "mail.confirm.link": ("Bekræft adressen", "Confirm the address"),
    "mail.confirm.expires": (
        "Linket virker til og med den {date}.",
        "The link works until {date}.",
    ),
    "mail.confirm.not_you": (
        "Har du ikke selv givet adressen, kan du se bort fra mailen. Så hører du ikke fra os igen.",
        "If you did not give the address yourself, you can ignore this mail. You will not hear "
        "from us again.",
    ),
    # The facilitator's answer to a request for help
    "mail.help_reply.subject": (
        "Svar på din anmodning om hjælp fra {title}",
        "An answer to your request for help from {title}",
    ),
    "mail.help_reply.intro": (
        "Du bad om hjælp med et næste skridt fra temadagen {title}. Facilitatoren har svaret:",
        "You asked for help with a next step from the workshop {title}. The facilitator answered:",
    ),
    "mail.help_reply.step": ("Dit næste skridt:", "Your next step:"),
    "mail.help_reply.address": (
        "Facilitatoren ser ikke din e-mailadresse. Vil du fortsætte samtalen, kan du selv "
        "kontakte facilitatoren.",
        "The facilitator does not see your e-mail address. To go on with the conversation, "
        "you can contact the facilitator yourself.",
    ),
}

__all__ = ["MESSAGES", "Plural"]
