"""User-facing texts of the privacy feature: key → (Danish, English). Merged into flows.i18n."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # App Home
    "privacy.home_heading": ("Dine data", "Your data"),
    "privacy.home_my_data": ("Mine data", "My data"),
    "privacy.home_delete": ("Slet mine data", "Delete my data"),
    # mine-data
    "privacy.my_data_sent": (
        "Jeg har sendt dig alt, hvad Temadag har gemt om dig, som en direkte besked.",
        "I have sent you everything Temadag stores about you as a direct message.",
    ),
    "privacy.my_data_failed": (
        "Jeg kunne ikke sende dine data lige nu. Prøv igen om lidt.",
        "I could not send your data right now. Please try again shortly.",
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
        "*Profil:* sprog fra Slack: {locale} · tidszone: {tz} · dit sprogvalg: {pref}",
        "*Profile:* Slack locale: {locale} · time zone: {tz} · your language choice: {pref}",
    ),
    "privacy.export_workshop": (
        "*{title}* ({day})\nDeltaget: {joined} · navngivet: {named} · refleksion: {status}",
        "*{title}* ({day})\nJoined: {joined} · named: {named} · reflection: {status}",
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
    "privacy.export_retention": (
        "Slettes automatisk: {date}",
        "Deleted automatically: {date}",
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
        "fortrydes.\n\nDet bliver slettet:\n{what}",
        "Do you want to delete everything Temadag stores about you in this workspace? This "
        "cannot be undone.\n\nThis will be deleted:\n{what}",
    ),
    "privacy.delete_keeps": (
        "Tal, der allerede er sendt i opsummeringer (fx antal svar), kan blive stående, men intet "
        "der viser, at det var dig. Er du facilitator, beholder du den rolle.",
        "Counts already sent in summaries (such as the number of answers) may remain, but "
        "nothing that shows it was you. If you are a facilitator, you keep that role.",
    ),
    "privacy.delete_nothing": (
        "Temadag har ingen data om dig i dette workspace. Der er intet at slette.",
        "Temadag stores no data about you in this workspace. There is nothing to delete.",
    ),
    "privacy.delete_done": (
        "Dine data er slettet. Det blev slettet:\n{what}",
        "Your data has been deleted. This was deleted:\n{what}",
    ),
    "privacy.count_workshops": (
        "• din deltagelse i {n} temadag(e)",
        "• your participation in {n} workshop(s)",
    ),
    "privacy.count_answers": ("• {n} svar", "• {n} answer(s)"),
    "privacy.count_next_steps": ("• {n} næste skridt", "• {n} next step(s)"),
    "privacy.count_next_step_updates": (
        "• {n} statusopdatering(er) af næste skridt",
        "• {n} status update(s) of next steps",
    ),
    "privacy.count_follow_up_responses": (
        "• {n} svar på opfølgninger",
        "• {n} follow-up answer(s)",
    ),
    "privacy.count_scheduled_messages": (
        "• {n} planlagt(e) besked(er), som nu ikke bliver sendt",
        "• {n} scheduled message(s), which will now not be sent",
    ),
    "privacy.count_profile": (
        "• din profil (sprog og tidszone)",
        "• your profile (language and time zone)",
    ),
}
