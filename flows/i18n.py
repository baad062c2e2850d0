"""User-facing text in Danish and English. Keys are English; formatting uses str.format."""

from __future__ import annotations

from datetime import date
from typing import Literal

Language = Literal["da", "en"]

# (Danish, English). Danish is the default and the source text.
MESSAGES: dict[str, tuple[str, str]] = {
    # Validation
    "error.required": ("Skriv et svar her.", "Please write an answer here."),
    "error.choose": ("Vælg en mulighed.", "Please choose an option."),
    "error.too_long": (
        "Svaret er for langt: {length} tegn, højst {limit}.",
        "The answer is too long: {length} characters, at most {limit}.",
    ),
    "error.unknown_option": (
        "Vælg en af mulighederne på listen.",
        "Choose one of the listed options.",
    ),
    "error.light_missing": ("Vælg grøn, gul eller rød.", "Choose green, yellow or red."),
    "error.step_missing": (
        "Skriv mindst {count} næste skridt.",
        "Write at least {count} next step(s).",
    ),
    "error.date_without_step": (
        "Der er en dato, men intet skridt. Skriv skridtet eller fjern datoen.",
        "There is a date but no step. Write the step or clear the date.",
    ),
    "error.date_past": (
        "Datoen ligger i fortiden. Vælg en dato fra i dag og frem.",
        "The date is in the past. Choose today or a later date.",
    ),
    "error.date_far": (
        "Vælg en dato inden for de næste fem år.",
        "Choose a date within the next five years.",
    ),
    "error.date_invalid": ("Datoen kan ikke læses.", "The date cannot be read."),
    # Reflection modal
    "reflection.progress": ("Trin {step} af {total}", "Step {step} of {total}"),
    "reflection.next": ("Næste", "Next"),
    "reflection.finish": ("Afslut", "Finish"),
    "reflection.save": ("Gem", "Save"),
    "reflection.back": ("← Tilbage", "← Back"),
    "reflection.close": ("Luk", "Close"),
    "reflection.cancel": ("Annullér", "Cancel"),
    "reflection.saved_note": (
        "Dine svar gemmes ved hvert trin. Lukker du vinduet, kan du fortsætte senere med "
        "`/temadag refleksion` eller fra fanen Hjem.",
        "Your answers are saved at every step. If you close this window, continue later with "
        "`/temadag reflect` or from the Home tab.",
    ),
    "reflection.retention": (
        "Dine svar opbevares til {date} og slettes derefter automatisk.",
        "Your answers are kept until {date} and then deleted automatically.",
    ),
    "reflection.consent_option": (
        "Ja, mine svar må vises med mit navn",
        "Yes, my answers may be shown with my name",
    ),
    "reflection.step_text_label": ("Næste skridt {slot}", "Next step {slot}"),
    "reflection.step_date_label": ("Måldato for skridt {slot}", "Target date for step {slot}"),
    "reflection.step_placeholder": (
        "Hvad vil du konkret gøre?",
        "What will you concretely do?",
    ),
    "reflection.optional": ("(valgfrit)", "(optional)"),
    "reflection.choose": ("Vælg …", "Choose …"),
    "reflection.done_title": ("Tak for din refleksion", "Thank you"),
    "reflection.done_body": (
        "*Tak!* Dine svar er gemt.\n\nVi skriver til dig om dine næste skridt {offsets}. "
        "Du kan se og rette dine svar når som helst under fanen *Hjem* hos Temadag.",
        "*Thank you!* Your answers are saved.\n\nWe will write to you about your next steps "
        "{offsets}. You can see and edit your answers at any time in Temadag's *Home* tab.",
    ),
    "reflection.review_title": ("Din refleksion", "Your reflection"),
    "reflection.review_intro": (
        "Her er dine svar til *{title}*. Ret et trin med knappen ud for det.",
        "These are your answers for *{title}*. Edit a step with the button beside it.",
    ),
    "reflection.edit": ("Ret", "Edit"),
    "reflection.no_answer": ("(intet svar)", "(no answer)"),
    "reflection.closed": (
        "Temadagen *{title}* er lukket for nye svar. Du kan stadig se dine svar under fanen Hjem.",
        "The workshop *{title}* is closed to new answers. You can still see your answers in the Home tab.",
    ),
    "reflection.not_joined": (
        "Du er ikke med i en temadag endnu. Tryk på knappen i kanalens invitation, "
        "eller skriv `/temadag deltag KODE`.",
        "You have not joined a workshop yet. Press the button in the channel's announcement, "
        "or type `/temadag join CODE`.",
    ),
    "reflection.stale": (
        "Vinduet er forældet. Luk det og åbn refleksionen igen.",
        "This window is out of date. Close it and open the reflection again.",
    ),
    "named.yes": ("Vises med navn", "Shown with name"),
    "named.no": ("Vises uden navn", "Shown without name"),
    # Joining
    "join.unknown_code": (
        "Koden *{code}* passer ikke til en åben temadag. Tjek koden og prøv igen – den står i "
        "kanalens invitation (fx `ABC-DEF`).",
        "The code *{code}* does not match an open workshop. Check the code and try again – it is in "
        "the channel's announcement (e.g. `ABC-DEF`).",
    ),
    "join.missing_code": (
        "Skriv koden efter kommandoen, fx `/temadag deltag ABC-DEF`.",
        "Put the code after the command, e.g. `/temadag join ABC-DEF`.",
    ),
    "join.closed": (
        "Temadagen *{title}* er lukket for nye deltagere.",
        "The workshop *{title}* is closed to new participants.",
    ),
    "join.welcome": (
        "Du er med i *{title}*. Refleksionen åbner nu – eller skriv `/temadag refleksion` når du er klar.",
        "You have joined *{title}*. The reflection opens now – or type `/temadag reflect` when you are ready.",
    ),
    # Workshop creation
    "create.title": ("Ny temadag", "New workshop"),
    "create.submit": ("Opret", "Create"),
    "create.f_title": ("Titel", "Title"),
    "create.f_title_placeholder": ("Fx Fra politik til praksis", "E.g. From policy to practice"),
    "create.f_day": ("Dato", "Date"),
    "create.f_channel": ("Kanal for dagen", "Channel for the day"),
    "create.f_channel_hint": (
        "Her slår Temadag invitationen op. Inviter Temadag til kanalen, hvis den er privat.",
        "Temadag posts the announcement here. Invite Temadag to the channel if it is private.",
    ),
    "create.f_language": ("Sprog", "Language"),
    "create.f_template": ("Refleksion", "Reflection"),
    "create.f_cofacilitators": ("Medfacilitatorer", "Co-facilitators"),
    "create.f_min_group": (
        "Mindste gruppestørrelse i opsummeringer",
        "Minimum group size in summaries",
    ),
    "create.f_min_group_hint": (
        "Grupper med færre svar vises kun som et antal, så ingen kan genkendes.",
        "Groups with fewer answers are shown only as a count, so no one can be recognised.",
    ),
    "create.f_followups": ("Opfølgning efter", "Follow up after"),
    "create.f_followups_hint": (
        "Fx 2u, 3m, 6m (uger/måneder efter dagen). Tomt: ingen opfølgning.",
        "E.g. 2w, 3m, 6m (weeks/months after the day). Empty: no follow-up.",
    ),
    "create.f_retention": (
        "Opbevaring (måneder efter sidste opfølgning)",
        "Retention (months after the last follow-up)",
    ),
    "create.lang_da": ("Dansk", "Danish"),
    "create.lang_en": ("Engelsk", "English"),
    "create.not_allowed": (
        "Kun facilitatorer kan oprette temadage. Spørg den, der driver Temadag hos jer, om at blive tilføjet.",
        "Only facilitators can create workshops. Ask whoever runs Temadag for your organisation to add you.",
    ),
    "create.error_title": (
        "Skriv en titel (højst {limit} tegn).",
        "Write a title (at most {limit} characters).",
    ),
    "create.error_day": ("Vælg dagens dato.", "Choose the date of the day."),
    "create.error_day_past": (
        "Datoen ligger mere end en uge tilbage.",
        "The date is more than a week ago.",
    ),
    "create.error_channel": ("Vælg en kanal.", "Choose a channel."),
    "create.error_number": (
        "Skriv et helt tal mellem {low} og {high}.",
        "Write a whole number between {low} and {high}.",
    ),
    "create.error_offsets": (
        "Kan ikke læse {value!r}. Skriv fx 2u, 3m, 6m.",
        "Cannot read {value!r}. Write e.g. 2w, 3m, 6m.",
    ),
    "create.error_channel_post": (
        "Temadag kan ikke skrive i kanalen ({error}). Inviter Temadag til kanalen (/invite @Temadag) og prøv igen.",
        "Temadag cannot post in the channel ({error}). Invite Temadag to the channel (/invite @Temadag) and try again.",
    ),
    "create.created": (
        "Temadagen *{title}* er oprettet. Koden er *{code}*, og invitationen er slået op i <#{channel}>.",
        "The workshop *{title}* is created. The code is *{code}*, and the announcement is posted in <#{channel}>.",
    ),
    # Announcement
    "announce.text": ("Temadag: {title} – kode {code}", "Workshop: {title} – code {code}"),
    "announce.intro": (
        "Velkommen til *{title}* ({date}).\n\n{description}",
        "Welcome to *{title}* ({date}).\n\n{description}",
    ),
    "announce.how": (
        "Tryk på knappen for at starte din refleksion – eller skriv `/temadag deltag {code}`. "
        "Det tager omkring 10 minutter, og du kan stoppe og fortsætte når som helst.",
        "Press the button to start your reflection – or type `/temadag join {code}`. "
        "It takes about 10 minutes, and you can stop and continue at any time.",
    ),
    "announce.privacy": (
        "Svarene vises kun samlet og uden navn (medmindre du selv vælger det). De slettes {retention}.",
        "Answers are shown only in aggregate and without names (unless you choose otherwise). They are deleted {retention}.",
    ),
    "announce.retention": (
        "{months} måneder efter sidste opfølgning",
        "{months} months after the last follow-up",
    ),
    "announce.button": ("Start refleksion", "Start reflection"),
    "announce.code": ("Kode: *{code}*", "Code: *{code}*"),
    # Help
    "help.text": (
        "*Temadag* – refleksion på dagen og opfølgning bagefter.\n\n"
        "*Deltagere*\n"
        "• `/temadag deltag KODE` – deltag i en temadag\n"
        "• `/temadag refleksion` – start eller fortsæt din refleksion\n"
        "• `/temadag sprog en` – skift til engelsk (`da` for dansk)\n"
        "• `/temadag mine-data` – få alt, hvad der er gemt om dig\n"
        "• `/temadag slet-mine-data` – slet dine data\n\n"
        "*Facilitatorer*\n"
        "• `/temadag ny` – opret en temadag\n"
        "• `/temadag runde [KODE]` – send en runde om et tema til kanalen\n"
        "• `/temadag opsummering [KODE | alle]` – få en opsummering som direkte besked\n"
        "• `/temadag eksport [KODE]` – Excel, Word og CSV\n"
        "• `/temadag luk KODE` – luk for nye svar og få den endelige opsummering\n\n"
        "Se også fanen *Hjem* hos Temadag.",
        "*Temadag* – reflection on the day and follow-up afterwards.\n\n"
        "*Participants*\n"
        "• `/temadag join CODE` – join a workshop\n"
        "• `/temadag reflect` – start or continue your reflection\n"
        "• `/temadag language da` – switch to Danish (`en` for English)\n"
        "• `/temadag my-data` – get everything stored about you\n"
        "• `/temadag delete-my-data` – delete your data\n\n"
        "*Facilitators*\n"
        "• `/temadag new` – create a workshop\n"
        "• `/temadag round [CODE]` – post a round on one theme to the channel\n"
        "• `/temadag summary [CODE | all]` – get a summary as a direct message\n"
        "• `/temadag export [CODE]` – Excel, Word and CSV\n"
        "• `/temadag close CODE` – close to new answers and get the final summary\n\n"
        "See also Temadag's *Home* tab.",
    ),
    "help.unknown": (
        "Jeg kender ikke kommandoen `{command}`. Her er, hvad jeg kan:",
        "I don't know the command `{command}`. Here is what I can do:",
    ),
    "language.set": ("Sproget er nu dansk.", "Language set to English."),
    "language.usage": (
        "Skriv `/temadag sprog da` for dansk eller `/temadag sprog en` for engelsk.",
        "Type `/temadag language da` for Danish or `/temadag language en` for English.",
    ),
    "error.generic": (
        "Beklager, noget gik galt. Dine tidligere svar er gemt. Prøv igen om lidt.",
        "Sorry, something went wrong. Your earlier answers are saved. Please try again shortly.",
    ),
    "error.slack_busy": (
        "Slack svarer ikke lige nu. Prøv igen om et øjeblik – intet er gået tabt.",
        "Slack is not answering right now. Try again in a moment – nothing is lost.",
    ),
    # App Home
    "home.title": ("Temadag", "Temadag"),
    "home.your_workshops": ("Dine temadage", "Your workshops"),
    "home.none": (
        "Du er ikke med i nogen temadag endnu. Tryk på knappen i kanalens invitation, eller skriv `/temadag deltag KODE`.",
        "You have not joined any workshop yet. Press the button in the channel's announcement, or type `/temadag join CODE`.",
    ),
    "home.progress": ("Trin {step} af {total}", "Step {step} of {total}"),
    "home.not_started": ("Ikke startet", "Not started"),
    "home.completed": ("Gennemført", "Completed"),
    "home.closed": ("Lukket", "Closed"),
    "home.start": ("Start", "Start"),
    "home.resume": ("Fortsæt", "Continue"),
    "home.review": ("Se og ret svar", "See and edit answers"),
    "home.next_steps": ("Dine næste skridt", "Your next steps"),
    "home.target": ("mål: {date}", "target: {date}"),
    "home.language": ("Sprog: dansk", "Language: English"),
    "home.switch_language": ("Switch to English", "Skift til dansk"),
    "home.facilitating": ("Temadage du faciliterer", "Workshops you facilitate"),
    "home.facilitator_counts": (
        "{date} · kode {code} · {joined} med · {started} i gang · {completed} færdige",
        "{date} · code {code} · {joined} joined · {started} started · {completed} completed",
    ),
    "home.new_workshop": ("Ny temadag", "New workshop"),
    # Traffic lights
    "light.green": ("Grøn – på plads", "Green – in place"),
    "light.yellow": ("Gul – delvist", "Yellow – partly"),
    "light.red": ("Rød – mangler", "Red – missing"),
    # Next step statuses
    "status.open": ("Ikke opdateret", "Not updated"),
    "status.done": ("Gennemført", "Done"),
    "status.under_way": ("I gang", "Under way"),
    "status.not_started": ("Ikke startet", "Not started"),
    "status.dropped": ("Droppet", "Dropped"),
    "status.need_help": ("Har brug for hjælp", "Need help"),
}


def _merge_feature_catalogues() -> None:
    from flows import messages_facilitation, messages_followups, messages_privacy

    for module in (messages_facilitation, messages_followups, messages_privacy):
        clash = MESSAGES.keys() & module.MESSAGES.keys()
        if clash:
            raise RuntimeError(f"message keys defined twice: {sorted(clash)}")
        MESSAGES.update(module.MESSAGES)


_merge_feature_catalogues()


def t(key: str, lang: str, **values: object) -> str:
    da, en = MESSAGES[key]
    text = en if lang == "en" else da
    return text.format(**values) if values else text


def resolve_language(
    preference: str | None, slack_locale: str | None, default: str, *, follow_locale: bool = True
) -> Language:
    """A person's own choice wins; then an English Slack locale; then the operator's default."""
    if preference in ("da", "en"):
        return preference  # type: ignore[return-value]
    if follow_locale and slack_locale and slack_locale.lower().startswith("en"):
        return "en"
    return "en" if default == "en" else "da"


DANISH_MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)
ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date(day: date, lang: str) -> str:
    """'17. oktober 2026' / '17 October 2026'."""
    if lang == "en":
        return f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}"
    return f"{day.day}. {DANISH_MONTHS[day.month - 1]} {day.year}"
