"""Texts of mail (issue 21: taking part on the web and by e-mail): key → (Danish, English).

Plain text: a mail's HTML alternative escapes them, its plain part shows them as they are.
"""

from __future__ import annotations

from flows.catalogue import Plural, Text

MESSAGES: dict[str, tuple[Text, Text]] = {
    # A follow-up wave
    "mail.followup.subject": (
        "Hvordan går det med dine næste skridt fra temadagen »{title}«?",
        "How are your next steps from the workshop “{title}” going?",
    ),
    "mail.followup.subject_snoozed": (
        "Som aftalt: Hvordan går det med dine næste skridt fra temadagen »{title}«?",
        "As you asked: how are your next steps from the workshop “{title}” going?",
    ),
    "mail.followup.intro": (
        "For {ago} siden var du med til temadagen »{title}«. Hvordan går det med dine næste "
        "skridt?",
        "{ago} ago you took part in the workshop “{title}”. How are your next steps going?",
    ),
    "mail.followup.wrote": ("Den {date} skrev du:", "On {date} you wrote:"),
    "mail.followup.target": ("Mål: {date}", "Target: {date}"),
    "mail.followup.status": ("Status nu: {status}", "Status now: {status}"),
    "mail.followup.how": (
        "Tryk på det, der passer, ud for hvert skridt. Linket åbner en side, hvor du bekræfter; "
        "intet bliver noteret før.",
        "Press what fits beside each step. The link opens a page where you confirm; nothing is "
        "noted before that.",
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
    "mail.followup.stop": (
        "Stop al opfølgning og alle mails fra Temadag",
        "Stop all follow-ups and e-mails from Temadag",
    ),
    "mail.followup.expires": (
        "Linkene virker til og med den {date}.",
        "The links work until and including {date}.",
    ),
    "mail.why": (
        "Du får denne mail, fordi du har bekræftet din e-mailadresse til opfølgning fra Temadag. "
        "Adressen bruges kun til opfølgning på dine næste skridt og til en enkelt påmindelse, "
        "hvis du ikke er blevet færdig med en refleksion.",
        "You get this e-mail because you confirmed your e-mail address for follow-ups from "
        "Temadag. The address is used only for follow-ups on your next steps and for a single "
        "reminder if you have not finished a reflection.",
    ),
    "mail.why_reminder": (
        "Du får denne mail, fordi du har bekræftet din e-mailadresse til opfølgning fra Temadag "
        "og er gået i gang med refleksionen til temadagen »{title}«. Adressen bruges kun til "
        "opfølgning på dine næste skridt og til en enkelt påmindelse, hvis du ikke er blevet "
        "færdig med en refleksion.",
        "You get this e-mail because you confirmed your address for follow-ups from Temadag and "
        "started the reflection for the workshop “{title}”. The address is used only for "
        "follow-ups on your next steps and for a single reminder if you have not finished a "
        "reflection.",
    ),
    # The in-day reminder
    "mail.reminder.subject": (
        "Din refleksion fra temadagen »{title}« er ikke færdig",
        "Your reflection from the workshop “{title}” is not finished",
    ),
    "mail.reminder.body": (
        "Du startede din refleksion til temadagen »{title}«, men er ikke færdig endnu. Dine svar "
        "er gemt – fortsæt, hvor du slap.",
        "You started your reflection for the workshop “{title}” but have not finished yet. Your "
        "answers are saved – continue where you left off.",
    ),
    "mail.reminder.link": ("Fortsæt din refleksion", "Continue your reflection"),
    # The double opt-in
    "mail.confirm.subject": (
        "Bekræft din e-mailadresse til opfølgning fra Temadag",
        "Confirm your e-mail address for follow-ups from Temadag",
    ),
    "mail.confirm.body": (
        "Du har givet denne adresse til opfølgning på dine næste skridt fra temadagen »{title}«. "
        "Bekræft den med linket herunder – det åbner en side med en knap. Indtil du har bekræftet "
        "adressen, sender vi ikke noget til den.",
        "You gave this address for follow-ups on your next steps from the workshop “{title}”. "
        "Confirm it with the link below – it opens a page with a button. Until you have confirmed "
        "the address, we send nothing to it.",
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
        "The link works until and including {date}.",
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
