"""Texts of the reflection's web pages: joining by code, the workshop's page, the steps as
forms, the closing page with the personal link, and the personal page."""

from __future__ import annotations

from flows.catalogue import Plural, Text

MESSAGES: dict[str, tuple[Text, Text]] = {
    # Errors on a form
    "webreflection.error_prefix": ("Fejl:", "Error:"),
    "webreflection.error_summary": ("Der er et problem", "There is a problem"),
    # Joining by code
    "webreflection.join_title": ("Deltag i en temadag", "Join a workshop"),
    "webreflection.join_intro": (
        "Skriv koden, som facilitatoren har vist eller sagt. Store og små bogstaver, mellemrum "
        "og bindestreger er lige meget.",
        "Type the code the facilitator showed or said. Capitals, spaces and dashes do not matter.",
    ),
    "webreflection.code_label": ("Kode", "Code"),
    "webreflection.code_hint": ("Fx ABC-DEF", "E.g. ABC-DEF"),
    "webreflection.continue": ("Fortsæt", "Continue"),
    "webreflection.code_missing": (
        "Skriv koden fra facilitatoren.",
        "Type the code from the facilitator.",
    ),
    "webreflection.code_unknown": (
        "Koden passer ikke til nogen temadag. Tjek den, og prøv igen.",
        "The code does not match any workshop. Check it and try again.",
    ),
    # The workshop's page before joining
    "webreflection.welcome_day": ("Temadag den {date}", "Workshop on {date}"),
    "webreflection.welcome_intro": (
        "Her kan du svare på dagens refleksion fra din egen telefon eller computer. Du skal "
        "ikke oprette en konto.",
        "Here you can answer the day's reflection from your own phone or computer. You do not "
        "need an account.",
    ),
    "webreflection.language_legend": ("Sprog", "Language"),
    "webreflection.privacy_heading": ("Før du svarer", "Before you answer"),
    "webreflection.privacy_items": (
        "Vi gemmer dine svar, det sprog, du vælger, og din tidszone{mail}. Vi spørger ikke om "
        "dit navn, men om din kommune og din rolle – sammen med dine svar kan det pege på dig, "
        "især fra en lille kommune.|Facilitatorerne på temadagen ser svarene, også som citater. "
        "Svar fra små grupper vises kun som et antal, for at gøre det sværere at genkende den "
        "enkelte.|Dine svar opbevares til og med den {date} og slettes derefter automatisk.|"
        "Når du er færdig, får du et personligt link, hvor du kan se, hente og slette dine data.",
        "We store your answers, the language you choose and your time zone{mail}. We do not ask "
        "for your name, but for your municipality and role – together with your answers these "
        "can point to you, especially from a small municipality.|The workshop's facilitators "
        "see the answers, also as quotes. Answers from small groups are shown only as a count, "
        "to make it harder to recognise anyone.|Your answers are kept until {date} inclusive "
        "and then deleted automatically.|When you finish, you get a personal link where you "
        "can see, download and delete your data.",
    ),
    "webreflection.privacy_items_mail": (
        ", og din e-mailadresse, hvis du giver den til opfølgning",
        ", and your e-mail address if you give it for follow-ups",
    ),
    "webreflection.privacy_link": (
        "Læs hele privatlivserklæringen for temadagen",
        "Read the workshop's full privacy notice",
    ),
    "webreflection.start_hint": (
        "Når du trykker på Start, er du med. Denne browser husker dig med en nødvendig cookie, "
        "så du kan fortsætte senere.",
        "When you press Start, you have joined. This browser remembers you with a necessary "
        "cookie, so you can continue later.",
    ),
    "webreflection.start": ("Start", "Start"),
    # The steps
    "webreflection.saved_note": (
        "Dine svar gemmes ved hvert trin. Du kan lukke siden og fortsætte senere i denne browser. "
        "Når du er færdig, får du et personligt link, så du også kan komme tilbage fra en anden "
        "enhed.",
        "Your answers are saved at every step. You can close the page and continue later in this "
        "browser. When you finish, you get a personal link so you can also come back from another "
        "device.",
    ),
    "webreflection.stale": (
        "Siden var ikke længere aktuel, så intet blev gemt. Her er din refleksion, som den er nu.",
        "The page was out of date, so nothing was saved. Here is your reflection as it is now.",
    ),
    "webreflection.not_saved": (
        "Dit svar blev ikke gemt på grund af en fejl hos os. Prøv igen om et øjeblik.",
        "Your answer was not saved because of an error on our side. Try again in a moment.",
    ),
    # Live rounds
    "webreflection.round_label": ("Runde", "Round"),
    "webreflection.rounds_heading": ("Runder fra facilitatoren", "Rounds from the facilitator"),
    "webreflection.rounds_intro": (
        "Facilitatoren har sendt et tema ud til hele rummet. Rummet ser kun, hvor mange der har "
        "svaret. Facilitatorerne ser dit svar uden navn, også som citat. Din refleksion venter, "
        "hvor du slap.",
        "The facilitator has sent a theme to the whole room. The room sees only how many have "
        "answered; the facilitators see your answer without your name, also as a quote. Your "
        "reflection waits where you left it.",
    ),
    "webreflection.round_answer": ("Svar på runden: {title}", "Answer the round: {title}"),
    "webreflection.round_edit": (
        "Du har svaret – ret dit svar: {title}",
        "You have answered – edit your answer: {title}",
    ),
    "webreflection.round_saved": (
        "Tak – dit svar på runden er gemt.",
        "Thank you – your answer to the round is saved.",
    ),
    "webreflection.round_gone": (
        "Runden findes ikke længere, eller temadagen er lukket.",
        "The round no longer exists, or the workshop is closed.",
    ),
    "webreflection.followups_note_mail": (
        "Giver du din e-mailadresse på sidste side, spørger vi dig på e-mail {offsets} efter "
        "temadagen, hvordan det går.",
        "If you give your e-mail address on the last page, we will ask you by e-mail {offsets} "
        "after the workshop how it is going.",
    ),
    "webreflection.followups_note_off": (
        "Vi skriver ikke til dig bagefter, men du kan selv give status på dine skridt fra dit "
        "personlige link.",
        "We will not write to you afterwards, but you can give a status on your steps yourself "
        "from your personal link.",
    ),
    # The review and the closing page
    "webreflection.to_personal": ("Gå til din personlige side", "Go to your personal page"),
    "webreflection.done_body": (
        "Dine svar er gemt. Du kan se og rette dem, så længe temadagen er åben.",
        "Your answers are saved. You can see and edit them while the workshop is open.",
    ),
    "webreflection.to_review": ("Se og ret dine svar", "See and edit your answers"),
    "webreflection.personal_heading": ("Dit personlige link", "Your personal link"),
    "webreflection.personal_intro": (
        "Gem linket, fx som bogmærke. Med det kan du se og rette dine svar fra en anden enhed og "
        "senere se, hente eller slette dine data. Del det ikke: alle med linket kan se, ændre og "
        "slette dine svar og skifte din e-mailadresse.",
        "Keep the link, e.g. as a bookmark. With it you can see and edit your answers from "
        "another device, and later see, download or delete your data. Do not share it: anyone "
        "with the link can see, change and delete your answers and change your e-mail address.",
    ),
    "webreflection.mail_heading": ("Opfølgning på e-mail", "Follow-ups by e-mail"),
    "webreflection.mail_off": (
        "Opfølgning på e-mail er ikke slået til her, så vi skriver ikke til dig bagefter. Dine "
        "næste skridt kan du se fra dit personlige link.",
        "Follow-ups by e-mail are not switched on here, so we will not write to you afterwards. "
        "You can see your next steps from your personal link.",
    ),
    "webreflection.mail_no_followups": (
        "Der kommer ingen opfølgning fra denne temadag.",
        "There will be no follow-up from this workshop.",
    ),
    "webreflection.mail_promise": (
        "Giver du din e-mailadresse her, skriver vi til dig {offsets} efter temadagen og spørger, "
        "hvordan det går med dine næste skridt. Adressen bruges kun til opfølgning på dine næste "
        "skridt og til en enkelt påmindelse, hvis du ikke er blevet færdig med en refleksion.",
        "If you give your e-mail address here, we will write {offsets} after the workshop to ask "
        "how your next steps are going. The address is used only for follow-ups on your next "
        "steps and for a single reminder if you have not finished a reflection.",
    ),
    "webreflection.mail_label": ("Din e-mailadresse", "Your e-mail address"),
    "webreflection.mail_hint": (
        "Vi sender først en mail med et link, som du trykker på for at bekræfte adressen.",
        "We first send an e-mail with a link you press to confirm the address.",
    ),
    "webreflection.mail_send": ("Send mig et bekræftelseslink", "Send me a confirmation link"),
    # The personal page
    "webreflection.personal_title": ("Din side", "Your page"),
    "webreflection.personal_page_intro": (
        "Her er de temadage, du er med i. Denne browser husker dig nu, så du også kan "
        "fortsætte herfra.",
        "These are the workshops you are part of. This browser now remembers you, so you can "
        "continue from here too.",
    ),
    "webreflection.closed_label": ("lukket", "closed"),
    "webreflection.resume": ("Fortsæt refleksionen", "Continue the reflection"),
    "webreflection.review_answers": ("Se og ret dine svar", "See and edit your answers"),
    "webreflection.see_answers": ("Se dine svar", "See your answers"),
    "webreflection.no_workshops": (
        "Du er ikke med i nogen temadag længere.",
        "You are no longer part of any workshop.",
    ),
    "webreflection.personal_more": ("Dine næste skridt og dine data", "Your next steps and data"),
    "webreflection.personal_followups": (
        "Dine næste skridt og opfølgningen på dem",
        "Your next steps and their follow-ups",
    ),
    "webreflection.personal_mail": (
        "Din e-mailadresse til opfølgning",
        "Your e-mail for follow-ups",
    ),
    "webreflection.personal_data": (
        "Se, hent eller slet dine data",
        "See, download or delete your data",
    ),
    "webreflection.personal_keep": (
        "Del ikke linket til denne side: alle med linket kan se, ændre og slette dine svar og "
        "skifte din e-mailadresse.",
        "Do not share the link to this page: anyone with it can see, change and delete your "
        "answers and change your e-mail address.",
    ),
    "webreflection.link_404_title": ("Linket virker ikke", "The link does not work"),
    "webreflection.link_404_text": (
        "Tjek, at du har hele linket med. Er dine data slettet, virker linket ikke længere.",
        "Check that you have the whole link. If your data has been deleted, the link no longer "
        "works.",
    ),
    "webreflection.link_410_title": ("Linket er udløbet", "The link has expired"),
    "webreflection.join_other": (
        "Deltag i en temadag med en kode",
        "Join a workshop with a code",
    ),
}

__all__ = ["MESSAGES", "Plural"]
