"""User-facing texts of the facilitation feature: key → (Danish, English)."""

from __future__ import annotations

from flows.catalogue import Plural, Text

MESSAGES: dict[str, tuple[Text, Text]] = {
    # Authorisation and finding the workshop
    # A participant who chose to be named but took part outside Slack: no name is known.
    "fac.named_web": ("deltager på web", "participant on the web"),
    "fac.not_facilitator": (
        "Det er kun temadagens facilitatorer, der kan det. Spørg den, der oprettede temadagen, "
        "hvis du skal være med som facilitator.",
        "Only the workshop's facilitators can do that. Ask whoever created the workshop if you "
        "should be a facilitator.",
    ),
    "fac.none": (
        "Du faciliterer ingen temadage endnu. Opret en med `/temadag ny`.",
        "You don't facilitate any workshops yet. Create one with `/temadag new`.",
    ),
    "fac.unknown_code": (
        "Koden {code} passer ikke til en temadag, du faciliterer.",
        "The code {code} doesn't match a workshop you facilitate.",
    ),
    "fac.closed": (
        "Temadagen *{title}* er lukket.",
        "The workshop *{title}* is closed.",
    ),
    # Rounds
    "round.modal_title": ("Ny runde", "New round"),
    "round.post": ("Send runden", "Post round"),
    "round.pick_theme": ("Hvilket tema?", "Which theme?"),
    "round.pick_intro": (
        "Runden sendes til kanalen <#{channel}> for *{title}*. Deltagerne får kun temaets "
        "spørgsmål; kanalen ser kun, hvor mange der har svaret – ingen navne.",
        "The round goes to <#{channel}> for *{title}*. Participants get only the theme's "
        "questions; the channel only sees how many answered – no names.",
    ),
    "round.no_themes": (
        "Skabelonen for *{title}* har ingen temaer, der kan sendes som runde.",
        "The template of *{title}* has no themes that can be posted as a round.",
    ),
    "round.posted": (
        "Runden *{theme}* er sendt til <#{channel}>.",
        "The round *{theme}* was posted to <#{channel}>.",
    ),
    "round.post_failed": (
        "Runden kunne ikke sendes til <#{channel}> ({error}). Er Temadag inviteret i kanalen?",
        "The round could not be posted to <#{channel}> ({error}). Is Temadag in the channel?",
    ),
    "round.message_text": ("Ny runde: {theme}", "New round: {theme}"),
    "round.message_body": (
        "Tag et par minutter til temaet *{theme}*. Facilitatorerne ser svarene uden navn – også "
        "som citater – medmindre du selv har valgt at vise dit navn.",
        "Take a few minutes for the theme *{theme}*. The facilitators see the answers without "
        "names – also as quotes – unless you have chosen to show your name.",
    ),
    "round.answer": ("Svar på runden", "Answer the round"),
    "round.count_zero": ("Ingen har svaret endnu", "No answers yet"),
    "round.count_one": ("1 har svaret", "1 has answered"),
    "round.count": ("{count} har svaret", Plural("1 has answered", "{count} have answered")),
    "round.unknown": (
        "Runden findes ikke længere.",
        "This round no longer exists.",
    ),
    # Summaries
    "summary.title": ("Opsummering: {title}", "Summary: {title}"),
    "summary.meta": (
        "{date} · kode {code} · mindste gruppe: {minimum} personer",
        "{date} · code {code} · minimum group: {minimum} people",
    ),
    "summary.participation": (
        Plural(
            "*Deltagelse:* 1 deltager · {started} har startet refleksionen, og {completed} af "
            "dem har gjort den færdig",
            "*Deltagelse:* {joined} deltagere · {started} har startet refleksionen, og "
            "{completed} af dem har gjort den færdig",
            count="joined",
        ),
        Plural(
            "*Participation:* 1 participant · {started} started the reflection, {completed} of "
            "whom finished it",
            "*Participation:* {joined} participants · {started} started the reflection, "
            "{completed} of whom finished it",
            count="joined",
        ),
    ),
    "summary.answers": ("{count} svar", Plural("1 answer", "{count} answers")),
    "summary.too_few": (
        "{count} svar – for få til at vise mere (mindste gruppe: {minimum} personer).",
        Plural(
            "1 answer – too few to show more (minimum group: {minimum} people).",
            "{count} answers – too few to show more (minimum group: {minimum} people).",
        ),
    ),
    "summary.no_answers": ("Ingen svar", "No answers"),
    "summary.group_too_few": ("for få til citater", "too few for quotes"),
    "summary.other": ("Ikke grupperet", "Not grouped"),
    # Beside a quote under a success factor: the word that put it there.
    "summary.placed_by": ("grupperet efter ordet »{word}«", "grouped by the word “{word}”"),
    # Said once wherever answers are shown grouped by success factor.
    "summary.grouping_automatic": (
        "Svarene er grupperet automatisk efter de ord, de bruger, så et svar kan være havnet "
        "under den forkerte succesfaktor eller under »Ikke grupperet«.",
        "The answers are grouped automatically by the words they use, so an answer may have "
        "landed under the wrong success factor or under “Not grouped”.",
    ),
    # Beside a quote a facilitator moved, instead of the word.
    "summary.moved_by_facilitator": ("flyttet af facilitator", "moved by a facilitator"),
    # Under the grouped answers in Slack, where the facilitator can move a quote.
    "summary.grouping_correct": (
        "Står et citat under den forkerte succesfaktor, kan du flytte det med »Flyt et citat«.",
        "If a quote is under the wrong success factor, you can move it with “Move a quote”.",
    ),
    # Moving a quote to another success factor (or out of one).
    "move.button": ("Flyt et citat", "Move a quote"),
    "move.modal_title": ("Flyt et citat", "Move a quote"),
    "move.intro": (
        "*{question}*\nVælg citatet, og hvor det hører hjemme. Flytningen gælder i "
        "opsummeringer, eksporter og på skærmen, også når svarene grupperes igen.",
        "*{question}*\nChoose the quote and where it belongs. The move applies to summaries, "
        "exports and the screen, also when the answers are grouped again.",
    ),
    "move.quote_label": ("Citat", "Quote"),
    "move.to_label": ("Flyt til", "Move to"),
    "move.to_hint": (
        "Vælger du »Ikke grupperet«, tages citatet ud af den succesfaktor, det står under. "
        "Står det også under en anden succesfaktor, bliver det stående dér.",
        "If you choose “Not grouped”, the quote is taken out of the success factor it is "
        "under. If it is also under another success factor, it stays there.",
    ),
    "move.submit": ("Flyt", "Move"),
    "move.done": (
        "Citatet er flyttet fra »{source}« til »{factor}«. Det ses i næste opsummering og "
        "eksport, markeret som flyttet af facilitator.",
        "The quote has been moved from “{source}” to “{factor}”. You will see it in the next "
        "summary and export, marked as moved by a facilitator.",
    ),
    "move.done_elsewhere": (
        "Citatet er taget ud af »{source}«. Det står fortsat under de andre succesfaktorer, "
        "det var grupperet under.",
        "The quote has been taken out of “{source}”. It stays under the other success "
        "factors it was grouped under.",
    ),
    "move.already_there": (
        "Citatet står allerede under »{factor}«.",
        "The quote is already under “{factor}”.",
    ),
    "move.group_hidden": (
        "Citatet kan ikke flyttes til »{factor}«: der er for få svar dér til at vise citater, "
        "og et citat mere ville vise de andre.",
        "The quote cannot be moved to “{factor}”: there are too few answers there to show "
        "quotes, and one more would show the others.",
    ),
    "move.not_movable": (
        "Citatet kan ikke flyttes. Måske er svarene ændret, siden opsummeringen blev sendt. "
        "Hent en ny opsummering, og prøv igen.",
        "The quote cannot be moved. The answers may have changed since the summary was sent. "
        "Get a new summary and try again.",
    ),
    "summary.small_options": ("Øvrige (små grupper)", "Others (small groups)"),
    "summary.more_in_export": (
        "… mere i eksporten (`/temadag eksport {code}`).",
        "… more in the export (`/temadag export {code}`).",
    ),
    "summary.lights": (
        Plural("*Trafiklys* (1 besvarelse)", "*Trafiklys* ({count} besvarelser)"),
        Plural("*Traffic lights* (1 answer)", "*Traffic lights* ({count} answers)"),
    ),
    "summary.lights_status": (
        "Deltagernes egen vurdering. Flere af de syv kommuner, som Center for Forebyggelse i "
        "praksis, KL, interviewede, gør en lignende årlig status i årshjulet og orienterer de "
        "politiske udvalg om den.",
        "The participants' own assessment. Several of the seven municipalities interviewed by "
        "Center for Forebyggelse i praksis, KL, make a similar annual status in their annual "
        "planning cycle and brief the political committees on it.",
    ),
    "summary.lights_line": (
        "{name}: 🟢 {green} · 🟡 {yellow} · 🔴 {red}",
        "{name}: 🟢 {green} · 🟡 {yellow} · 🔴 {red}",
    ),
    "summary.lights_hidden": (
        "{name}: {count} svar – for få til at vise",
        Plural("{name}: 1 answer – too few to show", "{name}: {count} answers – too few to show"),
    ),
    "summary.lights_chart": ("Diagrammet er sendt som billede.", "The chart is sent as an image."),
    "summary.chart_title": ("Trafiklys: {title}", "Traffic lights: {title}"),
    "summary.legend_green": ("Grøn – på plads", "Green – in place"),
    "summary.legend_yellow": ("Gul – delvist", "Yellow – partly"),
    "summary.legend_red": ("Rød – mangler", "Red – missing"),
    "summary.next_steps": (
        Plural(
            "*Næste skridt:* {total} skridt fra 1 deltager",
            "*Næste skridt:* {total} skridt fra {people} deltagere",
            count="people",
        ),
        Plural(
            Plural(
                "*Next steps:* 1 step from 1 participant",
                "*Next steps:* {total} steps from 1 participant",
                count="total",
            ),
            "*Next steps:* {total} steps from {people} participants",
            count="people",
        ),
    ),
    "summary.next_by_month": ("Måldatoer: {months}", "Target dates: {months}"),
    "summary.month_count": ("{month} ({count})", "{month} ({count})"),
    "summary.no_date": ("uden dato", "no date"),
    "summary.next_factors": ("Oftest om: {factors}", "Most often about: {factors}"),
    "summary.next_hidden": (
        "*Næste skridt:* {total} skridt – for få til at vise mere (mindste gruppe: {minimum} "
        "personer).",
        Plural(
            "*Next steps:* 1 step – too few to show more (minimum group: {minimum} people).",
            "*Next steps:* {total} steps – too few to show more (minimum group: {minimum} people).",
            count="total",
        ),
    ),
    "summary.next_none": ("*Næste skridt:* ingen endnu.", "*Next steps:* none yet."),
    "summary.footer": (
        "Citater vises uden navn, medmindre deltageren selv har valgt at vise sit navn. Grupper "
        "med svar fra færre end {minimum} personer vises kun som antal. Mere i eksporten: "
        "`/temadag eksport {code}`.",
        "Quotes are shown without names unless the participant chose to show their name. Groups "
        "with answers from fewer than {minimum} people are shown as counts only. More in the "
        "export: `/temadag export {code}`.",
    ),
    "summary.overflow": (
        "Opsummeringen fortsætter i eksporten.",
        "The summary continues in the export.",
    ),
    "summary.sent": (
        "Opsummeringen er sendt til dig som direkte besked.",
        "The summary was sent to you as a direct message.",
    ),
    "summary.failed": (
        "Opsummeringen kunne ikke sendes lige nu. Prøv igen om lidt.",
        "The summary could not be sent right now. Please try again shortly.",
    ),
    "summary.all_title": ("Opsummering af alle dine temadage", "Summary of all your workshops"),
    "summary.all_meta": (
        Plural("1 temadag", "{count} temadage"),
        Plural("1 workshop", "{count} workshops"),
    ),
    "summary.all_barriers": (
        "*Barrierer, der går igen* (svar på »Hvor har det været svært?« og »Hvorfor?«):",
        "*Recurring barriers* (answers to “Where has it been hard?” and “Why?”):",
    ),
    "summary.all_barrier_line": (
        Plural(
            "{name}: {answers} svar i {workshops} af 1 temadag",
            "{name}: {answers} svar i {workshops} af {total} temadage",
            count="total",
        ),
        Plural(
            Plural(
                "{name}: 1 answer in {workshops} of 1 workshop",
                "{name}: {answers} answers in {workshops} of 1 workshop",
                count="answers",
            ),
            Plural(
                "{name}: 1 answer in {workshops} of {total} workshops",
                "{name}: {answers} answers in {workshops} of {total} workshops",
                count="answers",
            ),
            count="total",
        ),
    ),
    # The barrier came up in every workshop counted: "i 1 af 1 temadag" says it twice.
    "summary.all_barrier_line_every": (
        Plural(
            "{name}: {answers} svar i 1 temadag",
            "{name}: {answers} svar i alle {total} temadage",
            count="total",
        ),
        Plural(
            Plural(
                "{name}: 1 answer in 1 workshop",
                "{name}: {answers} answers in 1 workshop",
                count="answers",
            ),
            Plural(
                "{name}: 1 answer in all {total} workshops",
                "{name}: {answers} answers in all {total} workshops",
                count="answers",
            ),
            count="total",
        ),
    ),
    "summary.all_hidden": (
        Plural(
            "1 temadag havde for få svar til at indgå.",
            "{count} temadage havde for få svar til at indgå.",
        ),
        Plural(
            "1 workshop had too few answers to be included.",
            "{count} workshops had too few answers to be included.",
        ),
    ),
    "summary.all_none": ("Ingen barrierer at vise endnu.", "No barriers to show yet."),
    "summary.all_workshop_line": (
        Plural(
            "*{title}* ({date}, {code}): 1 deltager, {completed} har gjort refleksionen færdig",
            "*{title}* ({date}, {code}): {joined} deltagere, {completed} har gjort refleksionen "
            "færdig",
            count="joined",
        ),
        Plural(
            "*{title}* ({date}, {code}): 1 participant, {completed} finished the reflection",
            "*{title}* ({date}, {code}): {joined} participants, {completed} finished the "
            "reflection",
            count="joined",
        ),
    ),
    "summary.final_intro": (
        "Temadagen *{title}* er lukket. Her er den endelige opsummering.",
        "The workshop *{title}* is closed. Here is the final summary.",
    ),
    # Exports
    "export.sent": (
        "Eksporten (Excel, Word og CSV) er sendt til dig som direkte besked.",
        "The export (Excel, Word and CSV) was sent to you as a direct message.",
    ),
    "export.failed": (
        "Eksporten kunne ikke sendes lige nu. Prøv igen om lidt.",
        "The export could not be sent right now. Please try again shortly.",
    ),
    "export.comment": (
        "Eksport af *{title}* ({date}). Samme regler for navne og små grupper som i opsummeringen.",
        "Export of *{title}* ({date}). The same rules for names and small groups as the summary.",
    ),
    "export.sheet_overview": ("Overblik", "Overview"),
    "export.sheet_next_steps": ("Næste skridt", "Next steps"),
    "export.sheet_lights": ("Trafiklys", "Traffic lights"),
    "export.col_answer": ("Svar", "Answer"),
    "export.col_factors": ("Succesfaktorer", "Success factors"),
    "export.col_word": ("Grupperet efter ordet", "Grouped by the word"),
    "export.row_grouping": ("Gruppering", "Grouping"),
    "export.col_moved": ("Flyttet af facilitator", "Moved by a facilitator"),
    "export.yes": ("Ja", "Yes"),
    # Said with the grouping's note in every file.
    "export.grouping_corrected": (
        "Har en facilitator flyttet et citat, står der »flyttet af facilitator« i stedet for "
        "ordet.",
        "Where a facilitator has moved a quote, it says “moved by a facilitator” instead of "
        "the word.",
    ),
    "export.col_name": ("Navn (hvis valgt)", "Name (if chosen)"),
    "export.col_option": ("Svarmulighed", "Option"),
    "export.col_count": ("Antal", "Count"),
    "export.col_factor": ("Succesfaktor", "Success factor"),
    "export.col_green": ("Grøn", "Green"),
    "export.col_yellow": ("Gul", "Yellow"),
    "export.col_red": ("Rød", "Red"),
    "export.col_total": ("I alt", "Total"),
    "export.col_step": ("Næste skridt", "Next step"),
    "export.col_target": ("Måldato", "Target date"),
    "export.col_status": ("Status", "Status"),
    "export.col_workshop": ("Temadag", "Workshop"),
    "export.col_code": ("Kode", "Code"),
    "export.col_question": ("Spørgsmål", "Question"),
    "export.col_question_id": ("Spørgsmåls-id", "Question id"),
    "export.col_kind": ("Type", "Kind"),
    "export.row_title": ("Titel", "Title"),
    "export.row_date": ("Dato", "Date"),
    "export.row_joined": ("Deltagere i alt", "Participants in all"),
    "export.row_started": (
        "Har startet refleksionen (også dem, der er færdige)",
        "Started the reflection (including those who finished)",
    ),
    "export.row_completed": ("Har gjort refleksionen færdig", "Finished the reflection"),
    "export.row_minimum": ("Mindste gruppe (personer)", "Minimum group (people)"),
    "export.row_exported": ("Eksporteret", "Exported"),
    "export.hidden_row": (
        "{count} svar – for få til at vise (mindste gruppe: {minimum} personer)",
        Plural(
            "1 answer – too few to show (minimum group: {minimum} people)",
            "{count} answers – too few to show (minimum group: {minimum} people)",
        ),
    ),
    "export.report_title": ("Rapport: {title}", "Report: {title}"),
    "export.report_participation": ("Deltagelse", "Participation"),
    "export.report_findings": (
        "Svarene fordelt på succesfaktorer",
        "The answers by success factor",
    ),
    "export.report_findings_ungrouped": ("Svarene", "The answers"),
    "export.report_lights": ("Trafiklys", "Traffic lights"),
    "export.report_next_steps": ("Næste skridt", "Next steps"),
    "export.report_intro": (
        "Svarene er grupperet efter de otte succesfaktorer, der gik igen, da Center for "
        "Forebyggelse i praksis, KL, i telefoninterview talte med syv udvalgte kommuner, der har "
        "rykket sig mest med forebyggelsespakkerne (»Gode erfaringer med implementering af "
        "forebyggelsespakkerne«, december 2016). Grupperingen er lavet automatisk ud fra ordene "
        "i svarene og kan tage fejl. Et svar kan høre under flere succesfaktorer. Grupper med "
        "svar fra færre end {minimum} personer vises kun som antal, og ingen vises med navn uden "
        "eget samtykke.",
        "The answers are grouped by the eight success factors that recurred when Center for "
        "Forebyggelse i praksis, KL, spoke by telephone with seven selected municipalities that "
        "had moved the most with the prevention packages (“Gode erfaringer med implementering "
        "af forebyggelsespakkerne”, December 2016). The grouping is made automatically from the "
        "words in the answers and can be wrong. An answer can belong to several success "
        "factors. Groups with answers from fewer than {minimum} people are shown as counts only, "
        "and nobody is named without their consent.",
    ),
    "export.report_intro_ungrouped": (
        "Grupper med svar fra færre end {minimum} personer vises kun som antal, og ingen vises "
        "med navn uden eget samtykke.",
        "Groups with answers from fewer than {minimum} people are shown as counts only, and "
        "nobody is named without their consent.",
    ),
    # Closing
    "close.usage": (
        "Skriv koden på den temadag, du vil lukke: `/temadag luk ABC-DEF`.",
        "Give the code of the workshop to close: `/temadag close ABC-DEF`.",
    ),
    "close.done": (
        "*{title}* er lukket. Der tages ikke imod nye svar, og den endelige opsummering er sendt "
        "til dig som direkte besked.",
        "*{title}* is closed. No new answers are accepted, and the final summary was sent to "
        "you as a direct message.",
    ),
    "close.already": ("*{title}* var allerede lukket.", "*{title}* was already closed."),
    "close.confirm_title": ("Luk temadagen?", "Close the workshop?"),
    "close.confirm_text": (
        "Deltagerne kan ikke længere svare. Du får den endelige opsummering.",
        "Participants can no longer answer. You will get the final summary.",
    ),
    "close.confirm_yes": ("Luk", "Close"),
    "close.confirm_no": ("Fortryd", "Cancel"),
    # App Home buttons
    "home.fac_summary": ("Opsummering", "Summary"),
    "home.fac_export": ("Eksport", "Export"),
    "home.fac_round": ("Ny runde", "New round"),
    "home.fac_close": ("Luk temadag", "Close workshop"),
}
