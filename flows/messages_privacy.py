"""User-facing texts of the privacy feature: key → (Danish, English). Merged into flows.i18n."""

from __future__ import annotations

from flows.catalogue import Plural, Text

MESSAGES: dict[str, tuple[Text, Text]] = {
    # App Home
    "privacy.home_heading": ("Dine data", "Your data"),
    "privacy.home_my_data": ("Mine data", "My data"),
    "privacy.home_delete": ("Slet mine data", "Delete my data"),
    # mine-data
    "privacy.my_data_sent": (
        "Alt, hvad Temadag har gemt om dig, er sendt til dig som en direkte besked.",
        "Everything Temadag stores about you has been sent to you as a direct message.",
    ),
    "privacy.my_data_failed": (
        "Dine data kunne ikke sendes lige nu. Prøv igen om lidt.",
        "Your data could not be sent right now. Please try again shortly.",
    ),
    "privacy.export_title": (
        "Det har Temadag gemt om dig",
        "What Temadag stores about you",
    ),
    "privacy.export_intro": (
        "Her er alt, hvad Temadag har gemt om dig i dette workspace. De fulde data er vedhæftet "
        "som JSON og Excel.",
        "Here is everything Temadag stores about you in this workspace. The full data is "
        "attached as JSON and Excel.",
    ),
    "privacy.export_nothing": (
        "Temadag har ingen data om dig i dette workspace.",
        "Temadag stores no data about you in this workspace.",
    ),
    "privacy.export_profile": (
        "*Profil:* sprog i Slack: {locale} · tidszone: {tz} · dit sprogvalg i Temadag: {pref}",
        "*Profile:* Slack language: {locale} · time zone: {tz} · your language choice in "
        "Temadag: {pref}",
    ),
    "privacy.export_workshop": (
        "*{title}* ({day})\nTilmeldt den {joined} · svar vises med dit navn: {named} · "
        "refleksion: {status}",
        "*{title}* ({day})\nJoined on {joined} · answers shown with your name: {named} · "
        "reflection: {status}",
    ),
    "privacy.export_answers": ("Dine svar", "Your answers"),
    "privacy.export_steps": ("Dine næste skridt", "Your next steps"),
    "privacy.export_history": ("historik", "history"),
    "privacy.export_followups": ("Svar på opfølgning", "Follow-up answers"),
    "privacy.export_scheduled": (
        "Planlagte beskeder: {items}",
        "Scheduled messages: {items}",
    ),
    "privacy.export_access": (
        "Adgang til temadagens data: {items}",
        "Access to the workshop's data: {items}",
    ),
    "privacy.export_you_run": ("Temadage, du faciliterer", "Workshops you facilitate"),
    "privacy.export_your_requests": (
        "Dine forespørgsler: {items}",
        "Your requests: {items}",
    ),
    "privacy.access_facilitator_summary": (
        "en facilitator så opsummeringen",
        "a facilitator viewed the summary",
    ),
    "privacy.access_facilitator_export": (
        "en facilitator eksporterede data",
        "a facilitator exported the data",
    ),
    "privacy.access_you_summary": ("du så opsummeringen", "you viewed the summary"),
    "privacy.access_you_export": ("du eksporterede data", "you exported the data"),
    "privacy.access_you_data_request": ("du bad om dine data", "you asked for your data"),
    "privacy.export_retention": (
        "Slettes automatisk den {date}",
        "Deleted automatically on {date}",
    ),
    "privacy.export_more": (
        "Flere detaljer i de vedhæftede filer.",
        "More details in the attached files.",
    ),
    "privacy.file_comment": (
        "Dine data fra Temadag ({kind}).",
        "Your data from Temadag ({kind}).",
    ),
    "privacy.yes": ("ja", "yes"),
    "privacy.no": ("nej", "no"),
    "privacy.none": ("ingen", "none"),
    "privacy.not_started": ("ikke startet", "not started"),
    "privacy.in_progress": ("i gang", "in progress"),
    "privacy.completed": ("gennemført", "completed"),
    # slet-mine-data
    "privacy.delete_title": ("Slet mine data", "Delete my data"),
    "privacy.delete_submit": ("Slet alt", "Delete everything"),
    "privacy.delete_cancel": ("Annullér", "Cancel"),
    "privacy.delete_close": ("Luk", "Close"),
    "privacy.delete_confirm": (
        "Vil du slette alt, hvad Temadag har gemt om dig i dette workspace? Det kan ikke "
        "fortrydes.\n\nDette bliver slettet:\n{what}",
        "Do you want to delete everything Temadag stores about you in this workspace? This "
        "cannot be undone.\n\nThis will be deleted:\n{what}",
    ),
    "privacy.delete_keeps": (
        "Opsummeringer og eksporter, som facilitatorerne allerede har fået, ændres ikke. De kan "
        "indeholde dine svar som citater – med navn, hvis du valgte det. Er du facilitator, "
        "beholder du den rolle.",
        "Summaries and exports the facilitators have already received are not changed. They may "
        "contain your answers as quotes – with your name, if you chose that. If you are a "
        "facilitator, you keep that role.",
    ),
    "privacy.delete_nothing": (
        "Temadag har ingen data om dig i dette workspace. Der er intet at slette.",
        "Temadag stores no data about you in this workspace. There is nothing to delete.",
    ),
    "privacy.delete_done": (
        "Dine data er slettet. Dette blev slettet:\n{what}",
        "Your data has been deleted. This was deleted:\n{what}",
    ),
    "privacy.count_workshops": (
        Plural("• din deltagelse i 1 temadag", "• din deltagelse i {n} temadage", count="n"),
        Plural(
            "• your participation in 1 workshop",
            "• your participation in {n} workshops",
            count="n",
        ),
    ),
    "privacy.count_answers": ("• {n} svar", Plural("• 1 answer", "• {n} answers", count="n")),
    "privacy.count_next_steps": (
        "• {n} næste skridt",
        Plural("• 1 next step", "• {n} next steps", count="n"),
    ),
    "privacy.count_next_step_updates": (
        Plural(
            "• 1 statusopdatering af næste skridt",
            "• {n} statusopdateringer af næste skridt",
            count="n",
        ),
        Plural("• 1 status update of next steps", "• {n} status updates of next steps", count="n"),
    ),
    "privacy.count_follow_up_responses": (
        "• {n} svar på opfølgninger",
        Plural("• 1 follow-up answer", "• {n} follow-up answers", count="n"),
    ),
    "privacy.count_scheduled_messages": (
        Plural(
            "• 1 planlagt besked, som nu ikke bliver sendt",
            "• {n} planlagte beskeder, som nu ikke bliver sendt",
            count="n",
        ),
        Plural(
            "• 1 scheduled message, which will now not be sent",
            "• {n} scheduled messages, which will now not be sent",
            count="n",
        ),
    ),
    "privacy.count_profile": (
        "• din profil (sprog og tidszone)",
        "• your profile (language and time zone)",
    ),
    # What the "Mine data" message and file call things (flows.wording turns codes into these)
    "privacy.kind_followup": (
        "opfølgning {wave} efter temadagen",
        "follow-up {wave} after the workshop",
    ),
    "privacy.kind_followup_plain": ("opfølgning", "follow-up"),
    "privacy.kind_reminder": (
        "påmindelse om at gøre refleksionen færdig",
        "reminder to finish the reflection",
    ),
    "privacy.kind_digest": (
        "opsummering af opfølgningen til facilitatorerne",
        "follow-up digest for the facilitators",
    ),
    "privacy.kind_help_reply": (
        "facilitatorens svar på din anmodning om hjælp",
        "the facilitator's answer to your request for help",
    ),
    "privacy.kind_other": ("besked", "message"),
    "privacy.scheduled_item": ("{kind} den {date}", "{kind} on {date}"),
    "privacy.action_summary": ("så en opsummering", "viewed a summary"),
    "privacy.action_export": ("eksporterede svarene", "exported the answers"),
    "privacy.action_my_data": ("bad om alle dine data", "asked for all your data"),
    "privacy.action_other": ("brugte data", "used data"),
    "privacy.role_you": ("du", "you"),
    "privacy.role_facilitator": ("facilitator", "facilitator"),
    "privacy.language_unset": ("ikke valgt (følger Slack)", "not chosen (follows Slack)"),
    # The personal Excel file: sheet names (at most 31 characters) and column headers
    "privacy.sheet_profile": ("Profil", "Profile"),
    "privacy.sheet_workshops": ("Temadage", "Workshops"),
    "privacy.sheet_answers": ("Svar", "Answers"),
    "privacy.sheet_next_steps": ("Næste skridt", "Next steps"),
    "privacy.sheet_history": ("Statushistorik", "Status history"),
    "privacy.sheet_followups": ("Svar på opfølgning", "Follow-up answers"),
    "privacy.sheet_scheduled": ("Planlagte beskeder", "Scheduled messages"),
    "privacy.sheet_access": ("Adgang til data", "Access to data"),
    "privacy.sheet_facilitated": ("Temadage du faciliterer", "Workshops you facilitate"),
    "privacy.sheet_own_requests": ("Dine forespørgsler", "Your requests"),
    "privacy.col_team_id": ("Workspace-id", "Workspace id"),
    "privacy.col_user_id": ("Slack-bruger-id", "Slack user id"),
    "privacy.col_slack_locale": ("Sprog i Slack", "Slack language"),
    "privacy.col_time_zone": ("Tidszone", "Time zone"),
    "privacy.col_language_choice": ("Dit sprogvalg i Temadag", "Your language choice in Temadag"),
    "privacy.col_fetched_at": ("Hentet fra Slack (UTC)", "Fetched from Slack (UTC)"),
    "privacy.col_workshop_id": ("Temadag-id", "Workshop id"),
    "privacy.col_title": ("Titel", "Title"),
    "privacy.col_day": ("Dato", "Date"),
    "privacy.col_joined_at": ("Tilmeldt (UTC)", "Joined (UTC)"),
    "privacy.col_named": ("Svar vises med navn", "Answers shown with name"),
    "privacy.col_reflection_status": ("Refleksion", "Reflection"),
    "privacy.col_completed_at": ("Gjort færdig (UTC)", "Finished (UTC)"),
    "privacy.col_deleted_after": ("Slettes automatisk", "Deleted automatically"),
    "privacy.col_step_id": ("Trin", "Step"),
    "privacy.col_question": ("Spørgsmål", "Question"),
    "privacy.col_answer": ("Svar", "Answer"),
    "privacy.col_updated_at": ("Opdateret (UTC)", "Updated (UTC)"),
    "privacy.col_position": ("Nr.", "No."),
    "privacy.col_text": ("Næste skridt", "Next step"),
    "privacy.col_target_date": ("Måldato", "Target date"),
    "privacy.col_status": ("Status", "Status"),
    "privacy.col_wave": ("Opfølgning", "Follow-up"),
    "privacy.col_at": ("Tidspunkt (UTC)", "Time (UTC)"),
    "privacy.col_value": ("Svar", "Answer"),
    "privacy.col_kind": ("Besked", "Message"),
    "privacy.col_due_at": ("Planlagt til (UTC)", "Due (UTC)"),
    "privacy.col_sent_at": ("Sendt (UTC)", "Sent (UTC)"),
    "privacy.col_who": ("Hvem", "Who"),
    "privacy.col_action": ("Hvad", "What"),
    "privacy.sheet_help_requests": ("Anmodninger om hjælp", "Requests for help"),
    "privacy.sheet_drop_reasons": ("Grunde til droppede skridt", "Why steps were dropped"),
    "privacy.sheet_replans": ("Nye planer", "Revised plans"),
    "privacy.sheet_ratings": ("Trafiklys i opfølgninger", "Traffic lights in follow-ups"),
    "privacy.sheet_peer_requests": ("Ønsker om kontakt", "Requests for a contact"),
    "privacy.sheet_peer_asks": ("Forespørgsler til dig", "Requests put to you"),
    "privacy.col_obstacle": ("Hvad står i vejen", "What stands in the way"),
    "privacy.col_shared": ("Delt med facilitator", "Shared with the facilitator"),
    "privacy.col_answered_at": ("Besvaret (UTC)", "Answered (UTC)"),
    "privacy.col_step_ref": ("Skridt-id", "Step id"),
    "privacy.col_new_step_ref": ("Nyt skridt-id", "New step id"),
    "privacy.col_reason": ("Grund", "Reason"),
    "privacy.col_factor": ("Succesfaktor", "Success factor"),
    "privacy.col_light": ("Trafiklys", "Traffic light"),
    "privacy.col_peer_state": ("Status", "Status"),
    "privacy.col_requested_at": ("Ønsket (UTC)", "Asked for (UTC)"),
    "privacy.col_introduced_at": ("Præsenteret (UTC)", "Introduced (UTC)"),
    "privacy.col_peer_answer": ("Dit svar", "Your answer"),
    "privacy.col_asked_at": ("Spurgt (UTC)", "Asked (UTC)"),
    "privacy.shared_step": ("skridtet", "the step"),
    "privacy.shared_obstacle": ("forhindringen", "the obstacle"),
    "privacy.shared_name": ("dit navn", "your name"),
    "privacy.shared_nothing": ("intet", "nothing"),
    "privacy.on_the_day": ("på temadagen", "on the day"),
    "privacy.peer_requested": ("venter på en kandidat", "waiting for a candidate"),
    "privacy.peer_candidate_asked": ("en kandidat er spurgt", "a candidate has been asked"),
    "privacy.peer_both_accepted": ("begge har sagt ja", "both said yes"),
    "privacy.peer_introduced": ("præsenteret", "introduced"),
    "privacy.peer_declined": ("afslået", "declined"),
    "privacy.peer_expired": ("udløbet", "expired"),
    "privacy.peer_no_match": ("ingen fundet", "nobody found"),
    "privacy.peer_withdrawn": ("trukket tilbage", "withdrawn"),
    "privacy.answer_pending": ("ikke svaret endnu", "not answered yet"),
    "privacy.answer_accepted": ("ja", "yes"),
    "privacy.answer_declined": ("nej", "no"),
    "privacy.answer_expired": ("ikke svaret i tide", "not answered in time"),
}
