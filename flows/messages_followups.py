"""User-facing texts of the followups feature: key → (Danish, English). Merged into flows.i18n."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # The follow-up DM
    "followup.text": (
        "Opfølgning på dine næste skridt fra {title}",
        "Follow-up on your next steps from {title}",
    ),
    "followup.intro": (
        "Hej! For {ago} siden var du med til *{title}*. Hvordan går det med dine næste skridt?",
        "Hi! {ago} ago you took part in *{title}*. How are your next steps going?",
    ),
    "followup.wrote": ("Den {date} skrev du:", "On {date} you wrote:"),
    "followup.target": ("Mål: {date}", "Target: {date}"),
    "followup.current": ("Status: *{status}*", "Status: *{status}*"),
    "followup.recorded": (
        "Tak! Registreret: *{status}* ({date}).",
        "Thanks! Recorded: *{status}* ({date}).",
    ),
    "followup.questions": ("Svar på et par spørgsmål", "Answer a few questions"),
    "followup.snooze": ("Mind mig om en uge", "Remind me in a week"),
    "followup.stop": ("Stop påmindelser for denne temadag", "Stop reminders for this workshop"),
    "followup.snoozed": (
        "Fint – jeg spørger igen {date}.",
        "Fine – I will ask again on {date}.",
    ),
    "followup.stopped": (
        "Du får ikke flere påmindelser om *{title}*. Dine svar er gemt.",
        "You will get no more reminders about *{title}*. Your answers are kept.",
    ),
    "followup.answered": (
        "Tak for dine svar på opfølgningsspørgsmålene.",
        "Thanks for answering the follow-up questions.",
    ),
    "followup.gone": (
        "Denne opfølgning findes ikke længere.",
        "This follow-up no longer exists.",
    ),
    "followup.overflow": (
        "Der er flere næste skridt, end der er plads til her. Se dem i fanen Hjem.",
        "There are more next steps than fit here. See them in the Home tab.",
    ),
    # The follow-up questions modal
    "fq.title": ("Opfølgning", "Follow-up"),
    "fq.submit": ("Gem", "Save"),
    "fq.close": ("Luk", "Close"),
    "fq.intro": (
        "Alle felter er frivillige. Svarene vises kun samlet for facilitatorerne af *{title}*.",
        "Every field is optional. The answers are shown only in aggregate to the facilitators of "
        "*{title}*.",
    ),
    "fq.helped": ("Hvad har hjulpet?", "What helped?"),
    "fq.obstacles": ("Hvad har stået i vejen?", "What stood in the way?"),
    "fq.revised": ("Dit reviderede næste skridt", "Your revised next step"),
    "fq.lights": (
        "*Trafiklys nu* – hvis du vil, så vurdér de otte forhold igen, så vi kan se udviklingen "
        "siden dagen.",
        "*Traffic lights now* – if you like, rate the eight factors again so we can see how "
        "things moved since the day.",
    ),
    "fq.light_placeholder": ("Vælg", "Choose"),
    # In-day reminder
    "reminder.text": (
        "Du er halvvejs i din refleksion fra {title}",
        "You are halfway through your reflection from {title}",
    ),
    "reminder.body": (
        "Du startede din refleksion til *{title}*, men er ikke færdig endnu. Dine svar er gemt – "
        "fortsæt, hvor du slap.",
        "You started your reflection for *{title}* but have not finished yet. Your answers are "
        "saved – continue where you left off.",
    ),
    "reminder.button": ("Fortsæt refleksionen", "Continue the reflection"),
    # Facilitator digest
    "digest.text": (
        "Opsummering af opfølgningen efter {wave} – {title}",
        "Follow-up digest after {wave} – {title}",
    ),
    "digest.header": ("Opfølgning efter {wave}: {title}", "Follow-up after {wave}: {title}"),
    "digest.update": (
        "Opdatering – opfølgningen samler stadig svar.",
        "Update – the follow-up is still collecting answers.",
    ),
    "digest.response": (
        "*Svarprocent:* {rate} ({responded} af {invited}, der fik opfølgningen)",
        "*Response rate:* {rate} ({responded} of {invited} who got the follow-up)",
    ),
    "digest.no_invited": (
        "Ingen deltagere har fået denne opfølgning endnu.",
        "No participant has received this follow-up yet.",
    ),
    "digest.hidden": (
        "Detaljerne vises, når mindst {min} har svaret, så ingen kan genkendes.",
        "Details are shown once at least {min} have answered, so no one can be recognised.",
    ),
    "digest.statuses": ("*Status for næste skridt*", "*Status of next steps*"),
    "digest.helped": (
        "*Hvad har hjulpet* (efter succesfaktor)",
        "*What helped* (by success factor)",
    ),
    "digest.obstacles": (
        "*Hvad har stået i vejen* (efter succesfaktor)",
        "*What stood in the way* (by success factor)",
    ),
    "digest.other": ("Andet", "Other"),
    "digest.nothing": ("Ingen svar endnu.", "No answers yet."),
    "digest.lights": (
        "*Trafiklys: dagen → nu* ({count} har vurderet igen)",
        "*Traffic lights: the day → now* ({count} rated again)",
    ),
    "digest.light_row": (
        "{factor}: grøn {g0} → {g1}, rød {r0} → {r1} · {better} bedre, {worse} værre",
        "{factor}: green {g0} → {g1}, red {r0} → {r1} · {better} better, {worse} worse",
    ),
    "digest.lights_hidden": (
        "Trafiklysene vises, når mindst {min} har vurderet igen.",
        "Traffic lights are shown once at least {min} have rated again.",
    ),
    "digest.need_help": ("*Har brug for hjælp*", "*Need help*"),
    "digest.need_help_unnamed": (
        "{count} mere uden navn (de har ikke givet lov til at blive nævnt).",
        "{count} more without name (they did not agree to be named).",
    ),
    "digest.no_help": ("Ingen har bedt om hjælp.", "No one asked for help."),
    "digest.chart_title": ("Trafiklys nu – {title}", "Traffic lights now – {title}"),
    "digest.overflow": (
        "Der er flere svar, end der er plads til i én besked.",
        "There are more answers than fit in one message.",
    ),
}
