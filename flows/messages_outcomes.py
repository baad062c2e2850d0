"""User-facing texts of the outcomes feature: plans, status paths, help, re-plans, carried-over
steps, re-rating, peer introductions and outcome figures. key → (Danish, English).

Merged into flows.i18n like the other feature catalogues. Counts take their singular or plural
through `Plural`, as everywhere. The bot speaks as "vi" / "we".
"""

from __future__ import annotations

from flows.catalogue import Plural, Text

MESSAGES: dict[str, tuple[Text, Text]] = {
    # Plan guidance in the next-steps step: shown beside the step, never instead of it.
    "plan.no_action": (
        "Tip: Skriv gerne, hvad du konkret vil gøre – fx »Invitere chefgruppen til et møde om "
        "sundhedspolitikken«. Dit skridt er gemt, som du skrev det.",
        "Tip: say what you will actually do – e.g. “Invite the management team to a meeting "
        "about the health policy”. Your step is saved as you wrote it.",
    ),
    "plan.no_date": (
        "Tip: Et skridt med en dato bliver oftere til noget. Skriv fx »inden 1. marts« eller "
        "»i uge 12«, eller vælg en måldato. Dit skridt er gemt, som du skrev det.",
        "Tip: a step with a date is more likely to happen. Write e.g. “by 1 March” or "
        "“in week 12”, or choose a target date. Your step is saved as you wrote it.",
    ),
    "plan.no_action_no_date": (
        "Tip: Skriv gerne, hvad du vil gøre, og hvornår – fx »Når budgettet er vedtaget, "
        "inviterer vi chefgruppen til et møde inden 1. marts«. Dit skridt er gemt, som du "
        "skrev det.",
        "Tip: say what you will do, and when – e.g. “When the budget is adopted, we invite "
        "the management team to a meeting by 1 March”. Your step is saved as you wrote it.",
    ),
    "plan.date_read": (
        "Vi læser »{phrase}« som den {date}. Vælg en anden måldato, hvis du mente noget andet.",
        "We read “{phrase}” as {date}. Choose another target date if you meant something else.",
    ),
    "plan.if_then_tip": (
        "Tip: Et skridt er lettere at huske, når du skriver, i hvilken situation du tager det "
        "– »Når …, så …«.",
        "Tip: a step is easier to remember when you write the situation you will take it in "
        "– “When …, then …”.",
    ),
    "plan.quote_written": ("skrevet den {date}", "written {date}"),
    "plan.quote_target": ("mål: {date}", "target: {date}"),
    # A next step's path across the follow-ups, lower case as it reads inside a sentence.
    "path.open": ("ingen status endnu", "no status yet"),
    "path.not_started": ("ikke startet", "not started"),
    "path.under_way": ("i gang", "under way"),
    "path.done": ("gennemført", "done"),
    "path.dropped": ("droppet", "dropped"),
    "path.need_help": ("har brug for hjælp", "needs help"),
    "path.replaced": ("erstattet af en ny plan", "replaced by a new plan"),
    "status.replaced": ("Erstattet", "Replaced"),
    # Why a step was dropped: one tap.
    "drop.question": ("Hvorfor droppede du skridtet?", "Why did you drop this step?"),
    "drop.no_longer_relevant": ("Ikke længere relevant", "No longer relevant"),
    "drop.no_time": ("Ingen tid", "No time"),
    "drop.no_backing": ("Ingen opbakning", "No backing"),
    "drop.other": ("Andet", "Other"),
    "drop.recorded": ("Tak – noteret: {reason}.", "Thanks – noted: {reason}."),
    # Asking the facilitator for help.
    "helpreq.title": ("Bed om hjælp", "Ask for help"),
    "helpreq.obstacle": ("Hvad står i vejen?", "What is standing in the way?"),
    "helpreq.share": ("Hvad må facilitatoren se?", "What may the facilitator see?"),
    "helpreq.share_step": ("Mit næste skridt", "My next step"),
    "helpreq.share_obstacle": ("Det, der står i vejen", "What is standing in the way"),
    "helpreq.share_name": (
        "Mit navn, så facilitatoren kan skrive direkte til mig",
        "My name, so the facilitator can write to me directly",
    ),
    "helpreq.submit": ("Send", "Send"),
    "helpreq.sent": (
        "Tak – facilitatoren på temadagen *{title}* har fået besked og kan svare dig her.",
        "Thanks – the facilitator of the workshop *{title}* has been told and can answer you here.",
    ),
    "helpreq.to_facilitator_named": (
        "<@{user}> har bedt om hjælp med et næste skridt fra *{title}*.",
        "<@{user}> has asked for help with a next step from *{title}*.",
    ),
    "helpreq.to_facilitator_unnamed": (
        "En deltager fra *{title}* har bedt om hjælp med et næste skridt. Deltageren har valgt "
        "ikke at vise sit navn; dit svar sendes videre uden at afsløre, hvem det er.",
        "A participant from *{title}* has asked for help with a next step. They chose not to "
        "show their name; your answer is passed on without revealing who they are.",
    ),
    "helpreq.to_facilitator_web": (
        "En deltager på web fra *{title}* har bedt om hjælp med et næste skridt. Temadag kender "
        "ikke navnet på deltagere på web.",
        "A participant on the web from *{title}* has asked for help with a next step. Temadag "
        "does not know the names of participants on the web.",
    ),
    "helpreq.web_by_mail": (
        "Svarer du, sender vi dit svar til deltageren på e-mail, uden dit navn.",
        "If you answer, we send your answer to the participant by e-mail, without your name.",
    ),
    "helpreq.web_no_mail": (
        "Deltageren har ingen bekræftet e-mailadresse hos os, så vi kan ikke sende et svar videre.",
        "The participant has no confirmed e-mail address with us, so we cannot pass an answer on.",
    ),
    "helpreq.step_label": ("*Næste skridt:*", "*Next step:*"),
    "helpreq.obstacle_label": ("*Det står i vejen:*", "*What stands in the way:*"),
    "helpreq.not_shared": (
        "Deltageren har valgt ikke at dele dette.",
        "The participant chose not to share this.",
    ),
    "helpreq.reply": ("Svar", "Reply"),
    "helpreq.reply_title": ("Svar deltageren", "Answer the participant"),
    "helpreq.reply_sent": ("Dit svar er sendt.", "Your answer has been sent."),
    "helpreq.reply_mailed": (
        "Deltageren var med på web, så dit svar sendes til vedkommende på e-mail.",
        "The participant took part on the web, so your answer is sent to them by e-mail.",
    ),
    "helpreq.reply_unreachable": (
        "Dit svar er ikke sendt: deltageren var med på web og har ingen bekræftet "
        "e-mailadresse hos os, så vi kan ikke nå vedkommende på mail.",
        "Your answer has not been sent: the participant took part on the web and has no "
        "confirmed e-mail address with us, so we cannot reach them by e-mail.",
    ),
    "helpreq.reply_to_participant": (
        "Svar fra facilitatoren på temadagen *{title}* på din anmodning om hjælp:",
        "The facilitator of the workshop *{title}* answered your request for help:",
    ),
    # Re-planning from a follow-up.
    "replan.button": ("Lav en ny plan", "Make a new plan"),
    "replan.title": ("Ny plan", "New plan"),
    "replan.old": ("Din plan fra den {date}:", "Your plan from {date}:"),
    "replan.text_label": ("Dit nye næste skridt", "Your new next step"),
    "replan.date_label": ("Ny måldato", "New target date"),
    "replan.saved": (
        "Din nye plan er gemt. Fremover spørger vi til den i stedet for den gamle.",
        "Your new plan is saved. From now on we will ask about it instead of the old one.",
    ),
    "replan.revised_on": ("ny plan den {date}", "new plan {date}"),
    # Open steps carried into a later temadag's reflection.
    "carry.title": ("Dine åbne skridt", "Your open steps"),
    "carry.intro": (
        Plural(
            "Før vi går i gang: Du har et åbent næste skridt fra en tidligere temadag. Hvordan "
            "går det med det?",
            "Før vi går i gang: Du har {count} åbne næste skridt fra tidligere temadage. "
            "Hvordan går det med dem?",
        ),
        Plural(
            "Before we start: you have an open next step from an earlier workshop. How is it "
            "going?",
            "Before we start: you have {count} open next steps from earlier workshops. How are "
            "they going?",
        ),
    ),
    "carry.from": ("Fra *{title}* ({date}):", "From *{title}* ({date}):"),
    "carry.continue": ("Videre til refleksionen", "On to the reflection"),
    # Re-rating the traffic lights in a follow-up, and the person's own movement.
    "rerate.intro": (
        "*Trafiklys nu* – hvor står I i dag på de otte succesfaktorer? Et tryk pr. succesfaktor.",
        "*Traffic lights now* – where do you stand today on the eight success factors? One tap "
        "per factor.",
    ),
    "rerate.saved": ("Gemt.", "Saved."),
    "rerate.movement": ("*Din udvikling siden temadagen*", "*How you moved since the workshop*"),
    "rerate.row": ("{factor}: {before} → {after}", "{factor}: {before} → {after}"),
    "rerate.green": ("grøn", "green"),
    "rerate.yellow": ("gul", "yellow"),
    "rerate.red": ("rød", "red"),
    "rerate.better": ("bedre", "better"),
    "rerate.worse": ("værre", "worse"),
    "rerate.same": ("uændret", "unchanged"),
    # Peers across municipalities (success factor 7).
    "peer.offer": (
        "Sidder du fast på *{factor}*? Vil du tale med en fra en anden kommune, der har vurderet "
        "netop den succesfaktor som grøn? Tryk på knappen, så leder vi efter en og skriver til "
        "dig, når vi har fundet nogen. I får først hinandens navne, når I begge har sagt ja.",
        "Stuck on *{factor}*? Would you like to talk to someone from another municipality who "
        "has rated that very success factor green? Press the button and we will look for "
        "someone and let you know when we have found one. You learn each other's names only "
        "once you have both said yes.",
    ),
    "peer.request": ("Find en at tale med", "Find someone to talk to"),
    "peer.requested": (
        "Tak – vi spørger en fra en anden kommune og giver dig besked, når der er svar. Ingen "
        "får dit navn, før I begge har sagt ja.",
        "Thanks – we will ask someone from another municipality and let you know when they "
        "answer. No one gets your name before you have both said yes.",
    ),
    "peer.ask_candidate": (
        "En deltager fra en anden kommune sidder fast på *{factor}*, som du har vurderet som "
        "grøn hos jer. Vil du tage en snak med vedkommende? Ingen får dit navn, før I begge har "
        "sagt ja. Svar gerne senest den {date}.",
        "A participant from another municipality is stuck on *{factor}*, which you have rated "
        "green where you work. Would you talk to them? No one gets your name before you have "
        "both said yes. Please answer by {date}.",
    ),
    "peer.accept": ("Ja, gerne", "Yes, happy to"),
    "peer.decline": ("Ikke lige nu", "Not right now"),
    "peer.candidate_accepted": (
        "Tak! Vi præsenterer jer for hinanden nu.",
        "Thank you! We will introduce you to each other now.",
    ),
    "peer.candidate_declined": ("Helt i orden – tak for svaret.", "That's fine – thanks."),
    "peer.introduction": (
        "<@{requester}> og <@{candidate}>: I har begge sagt ja til at tale sammen om "
        "*{factor}*. <@{requester}> er fra {requester_municipality}. <@{candidate}> er fra "
        "{candidate_municipality} og har vurderet succesfaktoren som grøn i sin kommune. Resten "
        "er op til jer – fx en kort snak i de kommende uger.",
        "<@{requester}> and <@{candidate}>: you have both agreed to talk about *{factor}*. "
        "<@{requester}> is from {requester_municipality}. <@{candidate}> is from "
        "{candidate_municipality} and has rated this success factor green there. The rest is "
        "up to you – e.g. a short call in the coming weeks.",
    ),
    "peer.no_match": (
        "Vi har desværre ikke fundet nogen fra en anden kommune, der har vurderet *{factor}* "
        "som grøn. Spørg gerne igen senere.",
        "Sorry – we have not found anyone from another municipality who has rated *{factor}* "
        "green. Feel free to ask again later.",
    ),
    "peer.declined": (
        "Dem, vi spurgte, kunne ikke lige nu, så vi har lukket din forespørgsel om "
        "*{factor}*. Du kan altid spørge igen.",
        "The people we asked could not right now, so we have closed your request about "
        "*{factor}*. You can always ask again.",
    ),
    "peer.expired": (
        "Vi fik ikke et ja i tide, så vi har lukket din forespørgsel om *{factor}*. Du kan "
        "altid spørge igen.",
        "We did not get a yes in time, so we have closed your request about *{factor}*. You "
        "can always ask again.",
    ),
    "peer.withdrawn": (
        "Din forespørgsel om *{factor}* er trukket tilbage.",
        "Your request about *{factor}* has been withdrawn.",
    ),
    "peer.not_stuck": (
        "Du kan bede om en kontakt på de succesfaktorer, du senest har vurderet som røde.",
        "You can ask for a contact on the success factors you last rated red.",
    ),
    "peer.unknown_municipality": ("en anden kommune", "another municipality"),
    # Outcome figures (digest, facilitator's Home tab, report).
    "outcome.heading": ("Opfølgning på næste skridt", "Follow-up on next steps"),
    "outcome.wave_row": (
        "*{wave}:* status på {reported} af {steps} skridt ({reported_share}) · "
        "{progress_share} gennemført eller i gang",
        Plural(
            "*{wave}:* status for {reported} of {steps} step ({reported_share}) · "
            "{progress_share} done or under way",
            "*{wave}:* status for {reported} of {steps} steps ({reported_share}) · "
            "{progress_share} done or under way",
            count="steps",
        ),
    ),
    # A follow-up not sent yet: when it goes out, never "status for 0 of 6".
    "outcome.wave_pending": ("*{wave}:* sendes den {date}", "*{wave}:* to be sent on {date}"),
    # The median in whole days; a fraction ("18,5") reads as a plural in both languages.
    "outcome.median": (
        Plural(
            "Median: {days} dag fra temadagen til gennemført ({count} skridt)",
            "Median: {days} dage fra temadagen til gennemført ({count} skridt)",
            count="days",
        ),
        Plural(
            Plural(
                "Median: {days} day from the workshop to done ({count} step)",
                "Median: {days} day from the workshop to done ({count} steps)",
            ),
            Plural(
                "Median: {days} days from the workshop to done ({count} step)",
                "Median: {days} days from the workshop to done ({count} steps)",
            ),
            count="days",
        ),
    ),
    "outcome.median_fraction": (
        "Median: {days} dage fra temadagen til gennemført ({count} skridt)",
        Plural(
            "Median: {days} days from the workshop to done ({count} step)",
            "Median: {days} days from the workshop to done ({count} steps)",
        ),
    ),
    "outcome.median_none": ("Ingen skridt er gennemført endnu.", "No step is done yet."),
    "outcome.hidden": (
        "Tallene vises, når mindst {min} deltagere har næste skridt i gruppen – for at gøre det "
        "sværere at genkende den enkelte.",
        "The figures are shown once at least {min} participants have next steps in the group, "
        "so that individuals are harder to recognise.",
    ),
    "outcome.movement": (
        "{factor}: {people} har vurderet igen · {better} bedre, {same} uændret, {worse} værre",
        "{factor}: {people} rated again · {better} better, {same} unchanged, {worse} worse",
    ),
    "outcome.movement_hidden": (
        "vises, når mindst {min} har vurderet succesfaktoren både på temadagen og igen – for at "
        "gøre det sværere at genkende den enkelte.",
        "shown once at least {min} people have rated it both on the day and again, so that "
        "individuals are harder to recognise.",
    ),
    "outcome.movement_hidden_count": (
        "{factor}: {people} har vurderet den igen; fordelingen vises, når mindst {min} har gjort "
        "det – for at gøre det sværere at genkende den enkelte.",
        Plural(
            "{factor}: {people} person rated it again; the breakdown is shown once at least "
            "{min} have done so, so that individuals are harder to recognise.",
            "{factor}: {people} people rated it again; the breakdown is shown once at least "
            "{min} have done so, so that individuals are harder to recognise.",
            count="people",
        ),
    ),
    "outcome.by_factor": ("Efter succesfaktor", "By success factor"),
    "outcome.other_factor": ("Ikke grupperet", "Not grouped"),
    "outcome.drop_reasons": ("Hvorfor skridt blev droppet", "Why steps were dropped"),
    "outcome.drop_unknown": ("Ingen grund angivet", "No reason given"),
    "outcome.the_day": ("temadagen", "the workshop day"),
    # The outcome report (Word) for the steering group and the political committee.
    "report.title": ("Opfølgning på næste skridt: {title}", "Follow-up on next steps: {title}"),
    "report.dates": (
        "Temadag {day} · status pr. {today}",
        "Workshop {day} · status as of {today}",
    ),
    "report.button": ("Rapport", "Report"),
    "report.sent": (
        "Rapporten er sendt til dig som en direkte besked.",
        "The report has been sent to you as a direct message.",
    ),
    "report.failed": (
        "Vi kunne ikke sende rapporten lige nu. Prøv igen om lidt.",
        "We could not send the report just now. Please try again shortly.",
    ),
    "report.comment": (
        "Opfølgning på næste skridt fra *{title}*: deltagernes egne statusmeldinger på deres "
        "skridt – kan indgå som baggrund i den årlige status.",
        "Follow-up on next steps from *{title}*: the participants' own status reports on their "
        "steps – can serve as background for the annual status.",
    ),
    "report.lead": (
        "Deltagernes egne statusmeldinger på de næste skridt, de skrev på temadagen. Det er ikke "
        "en måling af, hvad indsatsen har betydet for borgernes sundhed, men kan indgå som "
        "baggrund i den årlige status.",
        "The participants' own status reports on the next steps they wrote at the workshop. It "
        "does not measure what the work has meant for citizens' health, but can serve as "
        "background for the annual status.",
    ),
    "report.privacy": (
        "Hvor færre end {min} personer står bag et tal, viser rapporten kun antallet – for at "
        "gøre det sværere at genkende den enkelte.",
        "Where fewer than {min} people are behind a figure, the report shows only how many – so "
        "that individuals are harder to recognise.",
    ),
    "report.key_figures": ("Overblik", "Overview"),
    "report.joined": ("Deltog i temadagen", "Took part in the workshop"),
    "report.wrote_steps": ("Skrev næste skridt", "Wrote next steps"),
    "report.people_steps": (
        Plural(
            Plural("1 deltager, 1 skridt", "1 deltager, {steps} skridt", count="steps"),
            "{people} deltagere, {steps} skridt",
            count="people",
        ),
        Plural(
            Plural("1 participant, 1 step", "1 participant, {steps} steps", count="steps"),
            Plural(
                "{people} participants, 1 step",
                "{people} participants, {steps} steps",
                count="steps",
            ),
            count="people",
        ),
    ),
    "report.people": (
        Plural("1 deltager", "{count} deltagere"),
        Plural("1 participant", "{count} participants"),
    ),
    "report.minimum": ("Mindste gruppe, der vises", "Smallest group shown"),
    "report.minimum_value": (
        Plural("1 person", "{count} personer"),
        Plural("1 person", "{count} people"),
    ),
    "report.waves": ("Opfølgningerne", "The follow-ups"),
    "report.col_followup": ("Opfølgning", "Follow-up"),
    "report.col_sent": ("Sendt", "Sent"),
    "report.col_answered": ("Svarede", "Answered"),
    "report.col_reported": ("Fik status i runden", "Given a status in it"),
    "report.col_progress": ("Gennemført eller i gang", "Done or under way"),
    "report.col_median": ("Median, dage til gennemført", "Median days to done"),
    "report.of": ("{part} af {whole} ({share})", "{part} of {whole} ({share})"),
    "report.not_sent": ("ikke sendt", "not sent"),
    "report.pending": ("sendes den {date}", "to be sent on {date}"),
    "report.waves_note": (
        "Svarede: de deltagere, der fik opfølgningen, og som gav en status eller svarede på "
        "spørgsmålene. Gennemført eller i gang: hvert skridts seneste status pr. den opfølgning, "
        "også fra en tidligere. Median: dage fra temadagen til gennemført for de skridt, der var "
        "gennemført. Et skridt tælles én gang, også når det er erstattet af en ny plan.",
        "Answered: the participants who got the follow-up and gave a status or answered its "
        "questions. Done or under way: each step's latest status as of that follow-up, also "
        "from an earlier one. Median: days from the workshop to done, for the steps that were "
        "done. A step counts once, also when it was replaced by a new plan.",
    ),
    "report.steps_hidden": (
        Plural(
            "Tallene for skridtene vises ikke, fordi færre end {min} deltagere har skrevet "
            "næste skridt (1 deltager, {steps} skridt).",
            "Tallene for skridtene vises ikke, fordi færre end {min} deltagere har skrevet "
            "næste skridt ({count} deltagere, {steps} skridt).",
        ),
        Plural(
            "The figures for the steps are not shown, because fewer than {min} participants "
            "wrote next steps (1 participant, {steps} steps).",
            "The figures for the steps are not shown, because fewer than {min} participants "
            "wrote next steps ({count} participants, {steps} steps).",
        ),
    ),
    "report.lights": ("Trafiklys pr. succesfaktor", "Traffic lights per success factor"),
    "report.study": (
        "De otte succesfaktorer kommer fra Center for Forebyggelse i praksis, KL: »Gode "
        "erfaringer med implementering af forebyggelsespakkerne« (december 2016). De bygger på "
        "telefoninterview i maj 2016 med syv udvalgte kommuner, som havde implementeret mange af "
        "anbefalingerne i forebyggelsespakkerne og rykket sig mest; kommunerne blev ikke spurgt "
        "konsekvent til de enkelte pakker. Faktorerne er altså erfaringer fra syv kommuner, ikke "
        "målte årsager, og trafiklysene her er deltagernes egne vurderinger.",
        "The eight success factors come from Center for Forebyggelse i praksis, KL: “Gode "
        "erfaringer med implementering af forebyggelsespakkerne” (December 2016). They rest on "
        "telephone interviews in May 2016 with seven selected municipalities that had "
        "implemented many of the prevention packages' recommendations and moved the most; the "
        "municipalities were not asked consistently about each package. The factors are the "
        "experience of seven municipalities, not measured causes, and the traffic lights here "
        "are the participants' own ratings.",
    ),
    "report.lights_note": (
        "Temadagen: de samme tal som i opsummeringen. Nu: de samme deltageres seneste "
        "vurdering – fra temadagen eller en senere opfølgning.",
        "The day: the same figures as in the summary. Now: the same participants' latest "
        "rating – from the day or a later follow-up.",
    ),
    "report.now": ("nu", "now"),
    "report.col_factor": ("Succesfaktor", "Success factor"),
    "report.col_day": ("Temadagen (grøn/gul/rød)", "The day (green/yellow/red)"),
    "report.col_now": ("Nu (grøn/gul/rød)", "Now (green/yellow/red)"),
    "report.rated_hidden": (
        Plural("1 har vurderet", "{count} har vurderet"),
        Plural("1 person rated", "{count} people rated"),
    ),
    "report.col_steps": ("Skridt", "Steps"),
    "report.col_wave": ("{wave}: gennemført eller i gang", "{wave}: done or under way"),
    "report.by_factor": ("Skridtene efter succesfaktor", "The steps by success factor"),
    "report.by_factor_note": (
        "Et skridt står under de succesfaktorer, dets ord handler om. Grupperingen er lavet "
        "automatisk ud fra ordene i skridtene og kan tage fejl.",
        "A step is listed under the success factors its words are about. The grouping is made "
        "automatically from the words of the steps and can be wrong.",
    ),
    "report.group_hidden": (
        Plural("1 deltager – vises ikke", "{count} deltagere – vises ikke"),
        Plural("1 participant – not shown", "{count} participants – not shown"),
    ),
    "report.col_reason": ("Grund", "Reason"),
    "report.drops_hidden": (
        Plural(
            "Grundene vises ikke, fordi færre end {min} deltagere har droppet skridt (1 skridt "
            "droppet).",
            "Grundene vises ikke, fordi færre end {min} deltagere har droppet skridt ({count} "
            "skridt droppet).",
        ),
        Plural(
            "The reasons are not shown, because fewer than {min} participants dropped steps "
            "(1 step dropped).",
            "The reasons are not shown, because fewer than {min} participants dropped steps "
            "({count} steps dropped).",
        ),
    ),
    "report.no_lights": (
        "Ingen har vurderet trafiklysene endnu.",
        "No one has rated the traffic lights yet.",
    ),
    "report.quotes": (
        "Næste skridt med deltagernes egne ord",
        "Next steps in the participants' own words",
    ),
    "report.quotes_intro": (
        "Uden navne, hver med sin seneste status og det ord, der placerede skridtet under "
        "succesfaktoren. Kun succesfaktorer, hvis tal vises.",
        "Without names, each with its latest status and the word that placed the step under "
        "the success factor. Only success factors whose figures are shown.",
    ),
    "report.quote_status": ("Status: {status}", "Status: {status}"),
    "report.chart_title": ("Trafiklys – temadagen og nu", "Traffic lights – the day and now"),
    # What `slet-mine-data` deletes, counted.
    "privacy.count_help_requests": (
        Plural("• {n} anmodning om hjælp", "• {n} anmodninger om hjælp", count="n"),
        Plural("• {n} request for help", "• {n} requests for help", count="n"),
    ),
    "privacy.count_drop_reasons": (
        Plural("• {n} grund til et droppet skridt", "• {n} grunde til droppede skridt", count="n"),
        Plural("• {n} reason for a dropped step", "• {n} reasons for dropped steps", count="n"),
    ),
    "privacy.count_replans": (
        Plural("• {n} ny plan for et næste skridt", "• {n} nye planer for næste skridt", count="n"),
        Plural("• {n} revised next step", "• {n} revised next steps", count="n"),
    ),
    "privacy.count_factor_ratings": (
        Plural("• {n} trafiklys fra en opfølgning", "• {n} trafiklys fra opfølgninger", count="n"),
        Plural(
            "• {n} traffic light from a follow-up",
            "• {n} traffic lights from follow-ups",
            count="n",
        ),
    ),
    "privacy.count_peer_introductions": (
        Plural(
            "• {n} forespørgsel om kontakt til en anden kommune",
            "• {n} forespørgsler om kontakt til andre kommuner",
            count="n",
        ),
        Plural(
            "• {n} request for a contact in another municipality",
            "• {n} requests for contacts in other municipalities",
            count="n",
        ),
    ),
}
