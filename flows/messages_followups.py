"""User-facing texts of the followups feature: key → (Danish, English). Merged into flows.i18n."""

from __future__ import annotations

from flows.catalogue import HOME_TAB_DA, HOME_TAB_EN, Plural, Text

MESSAGES: dict[str, tuple[Text, Text]] = {
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
        "Tak – vi har noteret: *{status}* (den {date}).",
        "Thanks – we have noted: *{status}* ({date}).",
    ),
    "followup.questions": ("Svar på et par spørgsmål", "Answer a few questions"),
    "followup.snooze": ("Mind mig om en uge", "Remind me in a week"),
    "followup.stop": ("Stop påmindelser om denne temadag", "Stop reminders about this workshop"),
    "followup.snoozed": (
        "Fint – vi spørger igen den {date}.",
        "Fine – we will ask again on {date}.",
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
        f"Der er flere næste skridt, end der er plads til her. Se dem på {HOME_TAB_DA}.",
        f"There are more next steps than fit here. See them in {HOME_TAB_EN}.",
    ),
    # The follow-up questions modal
    "fq.title": ("Opfølgning", "Follow-up"),
    "fq.submit": ("Gem", "Save"),
    "fq.close": ("Luk", "Close"),
    "fq.intro": (
        "Alle felter er frivillige. Facilitatorerne på temadagen *{title}* ser dine svar uden "
        "navn – også som citater – medmindre du har valgt at vise dit navn.",
        "Every field is optional. The facilitators of the workshop *{title}* see your answers "
        "without your name – also as quotes – unless you have chosen to show your name.",
    ),
    "fq.helped": ("Hvad har hjulpet?", "What helped?"),
    "fq.obstacles": ("Hvad har stået i vejen?", "What stood in the way?"),
    "fq.revised": (
        "Vil du justere dit næste skridt? Skriv det her",
        "Want to adjust your next step? Write it here",
    ),
    "fq.lights": (
        "*Trafiklys nu* – gør gerne status igen, ligesom den årlige status i årshjulet: "
        "vurdér de otte succesfaktorer, så udviklingen siden temadagen bliver synlig.",
        "*Traffic lights now* – take stock again if you like, as in an annual status in the "
        "annual planning cycle: rate the eight success factors so the change since the workshop "
        "shows.",
    ),
    "fq.light_placeholder": ("Vælg", "Choose"),
    # In-day reminder
    "reminder.text": (
        "Din refleksion til {title} er ikke færdig endnu.",
        "Your reflection for {title} is not finished yet.",
    ),
    "reminder.body": (
        "Du startede din refleksion til *{title}*, men er ikke færdig endnu. Dine svar er gemt – "
        "fortsæt, hvor du slap.",
        "You started your reflection for *{title}* but have not finished yet. Your answers are "
        "saved – continue where you left off.",
    ),
    "reminder.steps_left": (
        "Du mangler {left} af {total} trin.",
        Plural("{left} of {total} step to go.", "{left} of {total} steps to go.", count="total"),
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
        "*Deltagere, der har svaret:* {responded} af {invited}, der fik opfølgningen ({rate})",
        "*Participants who answered:* {responded} of {invited} who got the follow-up ({rate})",
    ),
    "digest.no_invited": (
        "Ingen deltagere har fået denne opfølgning endnu.",
        "No participant has received this follow-up yet.",
    ),
    "digest.hidden": (
        "Detaljerne vises, når mindst {min} har svaret – for at gøre det sværere at genkende den "
        "enkelte.",
        "Details are shown once at least {min} have answered, so that individuals are harder to "
        "recognise.",
    ),
    "digest.statuses": (
        "*Status for næste skridt* (tallene er skridt, ikke personer)",
        "*Status of next steps* (the numbers count steps, not people)",
    ),
    # Each step with its latest status, whichever follow-up it came from: the same counts as
    # the outcome lines under the digest.
    "digest.statuses_counted": (
        Plural(
            "*Status for næste skridt* (tallene er skridt, ikke personer: {steps} skridt fra "
            "1 deltager, hvert med sin seneste status – også fra en tidligere opfølgning)",
            "*Status for næste skridt* (tallene er skridt, ikke personer: {steps} skridt fra "
            "{people} deltagere, hvert med sin seneste status – også fra en tidligere opfølgning)",
            count="people",
        ),
        Plural(
            Plural(
                "*Status of next steps* (the numbers count steps, not people: 1 step from "
                "1 participant, with its latest status – also from an earlier follow-up)",
                "*Status of next steps* (the numbers count steps, not people: {steps} steps from "
                "1 participant, each with its latest status – also from an earlier follow-up)",
                count="steps",
            ),
            "*Status of next steps* (the numbers count steps, not people: {steps} steps from "
            "{people} participants, each with its latest status – also from an earlier "
            "follow-up)",
            count="people",
        ),
    ),
    "digest.helped": (
        "*Hvad har hjulpet* (efter succesfaktor)",
        "*What helped* (by success factor)",
    ),
    "digest.obstacles": (
        "*Hvad har stået i vejen* (efter succesfaktor)",
        "*What stood in the way* (by success factor)",
    ),
    "digest.other": ("Ikke grupperet", "Not grouped"),
    "digest.nothing": ("Ingen svar endnu.", "No answers yet."),
    "digest.lights": (
        "*Trafiklys: dagen → nu* ({count} har vurderet igen)",
        "*Traffic lights: the day → now* ({count} rated again)",
    ),
    "digest.light_row": (
        "{factor}: grøn {g0} → {g1}, rød {r0} → {r1} · {better} vurderer det nu bedre, "
        "{worse} værre",
        "{factor}: green {g0} → {g1}, red {r0} → {r1} · {better} now rate it better, {worse} worse",
    ),
    "digest.lights_factor_hidden": (
        "Kun antallet vises, hvor færre end {min} har vurderet succesfaktoren igen – for at gøre "
        "det sværere at genkende den enkelte: {factors}",
        "Only the count is shown where fewer than {min} people rated the success factor again, "
        "so that individuals are harder to recognise: {factors}",
    ),
    "digest.lights_hidden": (
        "Trafiklysene vises, når mindst {min} har vurderet igen.",
        "Traffic lights are shown once at least {min} have rated again.",
    ),
    "digest.need_help": ("*Har brug for hjælp*", "*Need help*"),
    "digest.need_help_unnamed": (
        Plural(
            "1 mere uden navn (vedkommende har ikke valgt at vise sit navn).",
            "{count} mere uden navn (de har ikke valgt at vise deres navn).",
        ),
        Plural(
            "1 more without a name (they did not choose to show their name).",
            "{count} more without names (they did not choose to show their names).",
        ),
    ),
    "digest.no_help": ("Ingen har bedt om hjælp.", "No one asked for help."),
    "digest.chart_title": ("Trafiklys nu – {title}", "Traffic lights now – {title}"),
    "digest.chart_day": ("{factor} – dagen", "{factor} – the day"),
    "digest.chart_now": ("{factor} – nu", "{factor} – now"),
    "digest.overflow": (
        "Der er flere svar, end der er plads til i én besked.",
        "There are more answers than fit in one message.",
    ),
}
