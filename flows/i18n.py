"""User-facing text in Danish and English. Keys are English; formatting uses str.format.

A message is a (Danish, English) pair. Either side may be a `Plural`: its form is chosen by the
number passed under `Plural.count`, with Babel's CLDR plural rules, so every caller of `t` gets
"1 temadag" and "3 temadage" without knowing which messages count something.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import cache
from typing import Literal

from babel.core import Locale
from babel.dates import format_date as babel_format_date
from babel.lists import format_list as babel_format_list

from flows.catalogue import HOME_TAB_DA, HOME_TAB_EN, Plural, Text

__all__ = [
    "MESSAGES",
    "Language",
    "Plural",
    "Text",
    "format_date",
    "format_list",
    "format_month",
    "plural_category",
    "t",
]

Language = Literal["da", "en"]

# (Danish, English). Danish is the default and the source text. The bot speaks as "vi" / "we".
MESSAGES: dict[str, tuple[Text, Text]] = {
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
        Plural("Write at least one next step.", "Write at least {count} next steps."),
    ),
    "error.date_without_step": (
        "Der er en dato, men intet skridt. Skriv skridtet, eller fjern datoen.",
        "There is a date but no step. Write the step or clear the date.",
    ),
    "error.date_past": (
        "Datoen ligger i fortiden. Vælg i dag eller en senere dato.",
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
        f"`/temadag refleksion` eller fra {HOME_TAB_DA}.",
        "Your answers are saved at every step. If you close this window, continue later with "
        f"`/temadag reflect` or from {HOME_TAB_EN}.",
    ),
    "reflection.retention": (
        "Dine svar opbevares til den {date} og slettes derefter automatisk.",
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
        "What will you actually do?",
    ),
    "reflection.optional": ("(valgfrit)", "(optional)"),
    "reflection.choose": ("Vælg …", "Choose …"),
    "reflection.done_title": ("Tak for din refleksion", "Thank you"),
    # Says nothing about follow-ups: flows.wording.done_message adds that sentence when true.
    "reflection.done_body": (
        f"*Tak!* Dine svar er gemt.\n\nDu kan se og rette dem når som helst på {HOME_TAB_DA}.",
        f"*Thank you!* Your answers are saved.\n\nYou can see and edit them at any time in "
        f"{HOME_TAB_EN}.",
    ),
    "reflection.done_followups": (
        "{offsets} efter temadagen skriver vi til dig og spørger, hvordan det går med dine "
        "næste skridt.",
        "{offsets} after the workshop we will write to ask how your next steps are going.",
    ),
    "reflection.review_title": ("Din refleksion", "Your reflection"),
    "reflection.review_intro": (
        "Her er dine svar til *{title}*.",
        "These are your answers for *{title}*.",
    ),
    "reflection.review_edit_hint": (
        "Ret et trin med knappen ud for det.",
        "Edit a step with the button beside it.",
    ),
    "reflection.review_closed": (
        "Temadagen er lukket, så du kan ikke længere svare eller rette dine svar.",
        "The workshop is closed, so you can no longer answer or edit your answers.",
    ),
    "reflection.review_unfinished": (
        "Du nåede {answered} af {total} trin, før temadagen blev lukket.",
        Plural(
            "You answered {answered} of {total} step before the workshop was closed.",
            "You answered {answered} of {total} steps before the workshop was closed.",
            count="total",
        ),
    ),
    "reflection.edit": ("Ret", "Edit"),
    "reflection.no_answer": ("(intet svar)", "(no answer)"),
    "reflection.closed": (
        f"Temadagen *{{title}}* er lukket for nye svar. Du kan stadig se dine svar på {HOME_TAB_DA}.",
        f"The workshop *{{title}}* is closed to new answers. You can still see your answers in {HOME_TAB_EN}.",
    ),
    "reflection.not_joined": (
        "Du er ikke med i en temadag endnu. Tryk på knappen i invitationen i kanalen, "
        "eller skriv `/temadag deltag KODE`.",
        "You have not joined a workshop yet. Press the button in the channel's announcement, "
        "or type `/temadag join CODE`.",
    ),
    "reflection.stale": (
        "Vinduet viser en ældre udgave. Luk det, og åbn refleksionen igen.",
        "This window is out of date. Close it and open the reflection again.",
    ),
    "reflection.not_saved": (
        "Dit svar er ikke gemt: databasen svarer ikke lige nu. Det, du har skrevet, er her "
        "stadig, så prøv at sende igen om et øjeblik.",
        "Your answer is not saved: the database is not answering right now. Your text is "
        "still here, so try sending again in a moment.",
    ),
    "reflection.followups_note": (
        "Vi spørger dig om dine skridt {offsets} efter temadagen.",
        "We will ask you about your steps {offsets} after the workshop.",
    ),
    "named.yes": ("Vises med navn", "Shown with name"),
    "named.no": ("Vises uden navn", "Shown without name"),
    # Joining
    "join.unknown_code": (
        "Koden *{code}* passer ikke til en åben temadag. Tjek koden, og prøv igen – den står i "
        "invitationen i kanalen (fx `ABC-DEF`).",
        "The code *{code}* does not match an open workshop. Check the code and try again – it is in "
        "the channel's announcement (e.g. `ABC-DEF`).",
    ),
    "join.guest_use_button": (
        "Koden *{code}* passer ikke i jeres eget Slack: temadagen er fra en anden organisation, "
        "der deler kanalen med jer. Tryk på knappen *Start refleksion* i invitationen i kanalen "
        "for at være med.",
        "The code *{code}* does not work in your own Slack: the workshop belongs to another "
        "organisation that shares this channel with you. Press the *Start reflection* button in "
        "the channel's announcement to join.",
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
        "Du er med i *{title}*. Refleksionen åbner nu – eller skriv `/temadag refleksion`, når du er klar.",
        "You have joined *{title}*. The reflection opens now – or type `/temadag reflect` when you are ready.",
    ),
    "join.no_followups": (
        "Du kan godt være med i dag, men Temadag er ikke installeret i din egen organisations "
        "Slack, så vi kan ikke sende dig opfølgning på dine næste skridt bagefter. Vil du have "
        "den, kan du bede jeres Slack-administrator om at installere Temadag.",
        "You are welcome to take part today, but Temadag is not installed in your own "
        "organisation's Slack, so we cannot follow up on your next steps afterwards. If you "
        "would like that, ask your Slack administrator to install Temadag.",
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
    "create.f_template": ("Skabelon", "Template"),
    "create.f_agenda": ("Temaer i alles refleksion", "Themes in everyone's reflection"),
    "create.f_agenda_hint": (
        "De valgte temaer fra dagens program kommer med i refleksionen for alle deltagere. "
        "Temaer, du ikke vælger, kan du stadig sende som runde i kanalen.",
        "The chosen themes from the day's programme become part of every participant's "
        "reflection. Themes you leave out can still be posted as a round in the channel.",
    ),
    "create.agenda_option": (
        Plural("{title} (ca. 1 minut)", "{title} (ca. {minutes} minutter)", count="minutes"),
        Plural("{title} (about 1 minute)", "{title} (about {minutes} minutes)", count="minutes"),
    ),
    "create.f_cofacilitators": ("Medfacilitatorer", "Co-facilitators"),
    "create.f_min_group": (
        "Mindste gruppestørrelse i opsummeringer",
        "Minimum group size in summaries",
    ),
    "create.f_min_group_hint": (
        "Grupper med svar fra færre personer vises kun som et antal – for at gøre det sværere at "
        "genkende den enkelte.",
        "Groups with answers from fewer people are shown only as a count, so that individuals are "
        "harder to recognise.",
    ),
    "create.f_followups": ("Opfølgning efter", "Follow up after"),
    "create.f_followups_hint": (
        "Fx 2u, 3m, 6m (uger/måneder efter dagen). Tomt: ingen opfølgning.",
        "E.g. 2w, 3m, 6m (weeks/months after the day). Empty: no follow-up.",
    ),
    "create.f_retention": (
        "Slet svarene efter (måneder)",
        "Delete the answers after (months)",
    ),
    "create.f_retention_hint": (
        "Regnet fra sidste opfølgning – eller fra temadagen, hvis der ikke kommer nogen opfølgning.",
        "Counted from the last follow-up – or from the day, if there will be no follow-up.",
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
        "»{value}« kan ikke læses. Skriv fx 2u, 3m, 6m.",
        'Cannot read "{value}". Write e.g. 2w, 3m, 6m.',
    ),
    "create.error_channel_post": (
        "Temadag kan ikke skrive i kanalen ({error}). Inviter Temadag til kanalen (/invite @Temadag), og prøv igen.",
        "Temadag cannot post in the channel ({error}). Invite Temadag to the channel (/invite @Temadag) and try again.",
    ),
    "create.created": (
        "Temadagen *{title}* er oprettet. Koden er *{code}*, og invitationen er slået op i <#{channel}>.",
        "The workshop *{title}* is created. The code is *{code}*, and the announcement is posted in <#{channel}>.",
    ),
    # Announcement
    "announce.text": ("Temadag: {title} – kode {code}", "Workshop: {title} – code {code}"),
    "announce.intro": (
        "Velkommen til *{title}* den {date}.\n\n{description}",
        "Welcome to *{title}* on {date}.\n\n{description}",
    ),
    # How long it takes comes from the template: see flows.wording.how_to_start.
    "announce.how": (
        "Tryk på knappen for at starte din refleksion – eller skriv `/temadag deltag {code}`. "
        "Du kan stoppe og fortsætte, når du vil.",
        "Press the button to start your reflection – or type `/temadag join {code}`. "
        "You can stop and continue whenever you like.",
    ),
    "announce.duration": (
        Plural(
            "Det tager omkring et minut.", "Det tager omkring {minutes} minutter.", count="minutes"
        ),
        Plural("It takes about a minute.", "It takes about {minutes} minutes.", count="minutes"),
    ),
    "announce.privacy": (
        "Facilitatorerne ser svarene uden navn – også som citater – medmindre du selv vælger at "
        "vise dit navn. Svarene slettes {retention}.",
        "The facilitators see the answers without names – also as quotes – unless you choose to "
        "show your name. The answers are deleted {retention}.",
    ),
    "announce.retention": (
        Plural(
            "1 måned efter sidste opfølgning",
            "{months} måneder efter sidste opfølgning",
            count="months",
        ),
        Plural(
            "1 month after the last follow-up",
            "{months} months after the last follow-up",
            count="months",
        ),
    ),
    "announce.retention_no_followup": (
        Plural("1 måned efter temadagen", "{months} måneder efter temadagen", count="months"),
        Plural("1 month after the workshop", "{months} months after the workshop", count="months"),
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
        "• `/temadag rapport [KODE]` – opfølgningen på næste skridt som Word-rapport\n"
        "• `/temadag luk KODE` – luk for nye svar, og få den endelige opsummering\n"
        "• `/temadag qr [KODE]` – weblink og QR-kode til deltagere uden Slack, og skærmen "
        "til projektoren\n\n"
        f"Se også {HOME_TAB_DA}.",
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
        "• `/temadag report [CODE]` – the follow-up on next steps as a Word report\n"
        "• `/temadag close CODE` – close to new answers and get the final summary\n"
        "• `/temadag qr [CODE]` – the web link and QR code for participants without Slack, and "
        "the screen for the projector\n\n"
        f"See also {HOME_TAB_EN}.",
    ),
    "help.unknown": (
        "Kommandoen `{command}` findes ikke. Her er de kommandoer, du kan bruge:",
        "There is no command `{command}`. These are the commands you can use:",
    ),
    "language.set": ("Sproget er nu dansk.", "Language set to English."),
    "language.usage": (
        "Skriv `/temadag sprog da` for dansk eller `/temadag sprog en` for engelsk.",
        "Type `/temadag language da` for Danish or `/temadag language en` for English.",
    ),
    "error.not_saved": (
        "Det er ikke gemt: databasen svarer ikke lige nu. Det, du har skrevet, er her stadig, "
        "så prøv at sende igen om et øjeblik.",
        "Nothing was saved: the database is not answering right now. What you wrote is still "
        "here, so try sending again in a moment.",
    ),
    "error.generic": (
        "Beklager, noget gik galt. Det, du allerede har svaret, er gemt. Prøv igen om lidt.",
        "Sorry, something went wrong. What you already answered is saved. Please try again shortly.",
    ),
    "error.slack_busy": (
        "Slack svarer ikke lige nu. Prøv igen om et øjeblik – intet er gået tabt.",
        "Slack is not answering right now. Try again in a moment – nothing is lost.",
    ),
    # App Home
    "home.title": ("Temadag", "Temadag"),
    "home.your_workshops": ("Dine temadage", "Your workshops"),
    "home.none": (
        "Du er ikke med i nogen temadag endnu. Tryk på knappen i invitationen i kanalen, eller skriv `/temadag deltag KODE`.",
        "You have not joined any workshop yet. Press the button in the channel's announcement, or type `/temadag join CODE`.",
    ),
    "home.progress": ("Trin {step} af {total}", "Step {step} of {total}"),
    "home.not_started": ("Ikke startet", "Not started"),
    "home.completed": ("Gennemført", "Completed"),
    "home.closed": ("Lukket", "Closed"),
    "home.start": ("Start", "Start"),
    "home.resume": ("Fortsæt", "Continue"),
    "home.review": ("Se og ret svar", "See and edit answers"),
    "home.review_closed": ("Se dine svar", "See your answers"),
    "home.next_steps": ("Dine næste skridt", "Your next steps"),
    "home.target": ("mål: {date}", "target: {date}"),
    "home.language": ("Sprog: dansk", "Language: English"),
    "home.switch_language": ("Switch to English", "Skift til dansk"),
    "home.facilitating": ("Temadage, du faciliterer", "Workshops you facilitate"),
    # Each number says what it counts: started includes those who finished.
    "home.facilitator_counts": (
        Plural(
            "{date} · kode {code} · 1 deltager · {started} har startet refleksionen, og "
            "{completed} af dem har gjort den færdig",
            "{date} · kode {code} · {joined} deltagere · {started} har startet refleksionen, og "
            "{completed} af dem har gjort den færdig",
            count="joined",
        ),
        Plural(
            "{date} · code {code} · 1 participant · {started} started the reflection, "
            "{completed} of whom finished it",
            "{date} · code {code} · {joined} participants · {started} started the reflection, "
            "{completed} of whom finished it",
            count="joined",
        ),
    ),
    "home.unreachable": (
        Plural(
            "1 deltager fra en anden organisation kan ikke få opfølgning, fordi Temadag ikke er "
            "installeret i deres Slack: {people}",
            "{count} deltagere fra andre organisationer kan ikke få opfølgning, fordi Temadag "
            "ikke er installeret i deres Slack: {people}",
            count="count",
        ),
        Plural(
            "1 participant from another organisation cannot be followed up, because Temadag is "
            "not installed in their Slack: {people}",
            "{count} participants from other organisations cannot be followed up, because "
            "Temadag is not installed in their Slack: {people}",
            count="count",
        ),
    ),
    "home.new_workshop": ("Ny temadag", "New workshop"),
    "home.facilitator_meta": ("{date} · kode {code}", "{date} · code {code}"),
    # Participation, one number each (flows.wording.participation)
    "participation.label": ("*Deltagelse:*", "*Participation:*"),
    "participation.joined": (
        Plural("1 deltager", "{count} deltagere"),
        Plural("1 participant", "{count} participants"),
    ),
    "participation.completed": (
        "{count} har gjort refleksionen færdig",
        Plural("1 has finished the reflection", "{count} have finished the reflection"),
    ),
    "participation.in_progress": (
        "{count} er i gang",
        Plural("1 is still working on it", "{count} are still working on it"),
    ),
    "participation.not_started": (
        "{count} har ikke startet den",
        Plural("1 has not started it", "{count} have not started it"),
    ),
    "participation.round_only": (
        Plural(
            "heraf 1, der kun har svaret på en runde",
            "heraf {count}, der kun har svaret på en runde",
        ),
        Plural("of whom 1 only answered a round", "of whom {count} only answered a round"),
    ),
    "participation.row_joined": ("Deltagere i alt", "Participants in all"),
    "participation.row_completed": (
        "Har gjort refleksionen færdig",
        "Have finished the reflection",
    ),
    "participation.row_in_progress": (
        "Er i gang med refleksionen",
        "Are still working on the reflection",
    ),
    "participation.row_not_started": (
        "Har ikke startet refleksionen",
        "Have not started the reflection",
    ),
    "participation.row_round_only": (
        "– heraf kun svaret på en runde",
        "– of whom only answered a round",
    ),
    # One line per success factor where people rate it, in seed 002's own terms
    "factor_hint.legitimacy": (
        "Pakkerne bruges som fagligt redskab og som ramme for en årlig status – drøftelsen "
        "handler om, hvordan I forebygger, ikke om hvorfor.",
        "The packages serve as a professional tool and as the frame for an annual status – the "
        "discussion is about how you prevent, not why.",
    ),
    "factor_hint.cross_organisation": (
        "En tværgående styregruppe, implementeringsgruppe eller et sundhedsforum følger "
        "implementeringen og koordinerer og prioriterer indsatserne, fx ud fra årlige handleplaner.",
        "A cross-cutting steering group, implementation group or health forum follows the "
        "implementation and coordinates and prioritises the initiatives, e.g. from annual action plans.",
    ),
    "factor_hint.political_backing": (
        "Fagudvalget får en årlig status, sagsfremstillinger bygger på pakkernes anbefalinger, og "
        "fælles udvalgssager samler de relevante udvalg.",
        "The committee gets an annual status, committee papers build on the packages' "
        "recommendations, and joint committee cases bring the relevant committees together.",
    ),
    "factor_hint.leadership_backing": (
        "Chefgrupper og direktion har en fælles forståelse af mål og prioriteringer og aftaler "
        "ansvar og ressourcer, "
        "fx i centeraftaler – og den nærmeste leder bakker op i hverdagen.",
        "Management groups and the executive board share an understanding of goals and "
        "priorities and agree on "
        "responsibility and resources, e.g. in centre agreements – and line managers back it day to day.",
    ),
    "factor_hint.coordinators": (
        "Koordinatoren kan sætte dagsordenen, betjene det politiske niveau og skabe ejerskab på "
        "tværs – og driver implementeringen fremad med let adgang til nøglepersoner i de andre "
        "forvaltninger.",
        "The coordinator can set the agenda, serve the political level and create ownership "
        "across departments – and drives the implementation forward, with easy access to key "
        "people in the other departments.",
    ),
    "factor_hint.employee_involvement": (
        "Medarbejderne er med til at planlægge kompetenceudviklingen, og medarbejdere med "
        "borgerkontakt får de rette kompetencer.",
        "Employees help plan the competence development, and employees who work with citizens "
        "get the right competences.",
    ),
    "factor_hint.networks": (
        "Fx Sund By Netværkets temagrupper, temadage hos Center for Forebyggelse i praksis og "
        "uformelle kaffeaftaler med kolleger i nabokommunerne.",
        "E.g. the theme groups of Sund By Netværket (the Danish Healthy Cities Network), workshops "
        "at Center for Forebyggelse i praksis and informal coffee with colleagues in neighbouring "
        "municipalities.",
    ),
    "factor_hint.existing_resources": (
        "Indsatserne forankres i forvaltningerne og finansieres så vidt muligt inden for de "
        "eksisterende budgetter.",
        "Initiatives are rooted in the departments and funded within the existing budgets as far "
        "as possible.",
    ),
    # Seed 002's two cautions, where a red light invites the wrong conclusion
    "factor_caution.cross_organisation": (
        "I de syv interviewede kommuner virkede ingen bestemt organisering afgørende. De lagde i "
        "stedet vægt på en chefgruppe, der kan sikre koordinering og prioritering, og på, at både "
        "ledelse og nøglemedarbejdere tager ansvar.",
        "In the seven municipalities interviewed, no particular organisation seemed decisive. "
        "Instead they stressed a group of managers that can ensure coordination and "
        "prioritisation, and that both management and key staff take responsibility.",
    ),
    "factor_caution.existing_resources": (
        "I de syv interviewede kommuner var der ikke umiddelbart tegn på, at pengene alene "
        "afgjorde det – det var snarere den politiske og ledelsesmæssige opbakning.",
        "In the seven municipalities interviewed there was no immediate sign that money alone "
        "decided it – rather, political and managerial backing did.",
    ),
    # Traffic lights
    "light.green": ("Grøn – på plads", "Green – in place"),
    "light.yellow": ("Gul – delvist", "Yellow – partly"),
    "light.red": ("Rød – mangler", "Red – missing"),
    # Next step statuses
    "status.open": ("Ingen status endnu", "No status yet"),
    "status.done": ("Gennemført", "Done"),
    "status.under_way": ("I gang", "Under way"),
    "status.not_started": ("Ikke startet", "Not started"),
    "status.dropped": ("Droppet", "Dropped"),
    "status.need_help": ("Har brug for hjælp", "Need help"),
}


def _merge_feature_catalogues() -> None:
    from flows import (
        messages_facilitation,
        messages_followups,
        messages_mail,
        messages_outcomes,
        messages_privacy,
        messages_screen,
        messages_web,
        messages_web_followups,
        messages_web_privacy,
        messages_web_reflection,
    )

    for module in (
        messages_facilitation,
        messages_followups,
        messages_privacy,
        messages_outcomes,
        messages_web,
        messages_web_reflection,
        messages_mail,
        messages_web_followups,
        messages_screen,
        messages_web_privacy,
    ):
        clash = MESSAGES.keys() & module.MESSAGES.keys()
        if clash:
            raise RuntimeError(f"message keys defined twice: {sorted(clash)}")
        MESSAGES.update(module.MESSAGES)


_merge_feature_catalogues()


def t(key: str, lang: str, **values: object) -> str:
    da, en = MESSAGES[key]
    text = _resolve(en if lang == "en" else da, lang, values)
    return text.format(**values) if values else text


def _resolve(text: Text, lang: str, values: dict[str, object]) -> str:
    while isinstance(text, Plural):
        count = values.get(text.count)
        if not isinstance(count, int):
            raise TypeError(f"plural message needs an int {text.count!r}, got {count!r}")
        text = text.form(plural_category(count, lang))
    return text


def plural_category(count: int, lang: str) -> str:
    """CLDR's plural category ("one", "other", ...) of `count` in the language."""
    return str(_locale(lang).plural_form(abs(count)))


@cache
def _locale(lang: str) -> Locale:
    # British English writes dates as "8 December 2026", which Danish readers expect.
    return Locale.parse("en_GB" if lang == "en" else "da")


def resolve_language(
    preference: str | None, slack_locale: str | None, default: str, *, follow_locale: bool = True
) -> Language:
    """A person's own choice wins; then an English Slack locale; then the operator's default."""
    if preference in ("da", "en"):
        return preference  # type: ignore[return-value]
    if follow_locale and slack_locale and slack_locale.lower().startswith("en"):
        return "en"
    return "en" if default == "en" else "da"


def format_date(day: date, lang: str) -> str:
    """'8. december 2026' / '8 December 2026'."""
    return babel_format_date(day, "long", locale=_locale(lang))


def format_month(year: int, month: int, lang: str) -> str:
    """'december 2026' / 'December 2026'."""
    return babel_format_date(date(year, month, 1), "LLLL y", locale=_locale(lang))


def format_list(items: Iterable[str], lang: str) -> str:
    """'2 uger, 3 måneder og 6 måneder' / '2 weeks, 3 months and 6 months'."""
    return babel_format_list(list(items), locale=_locale(lang))
