"""The facilitator's reads, sent through Slack: the summary and its chart to the DM, the export
files and the report uploaded there, display names from users.info, and a live round's message
posted and kept current. What is sent comes from bot/facilitation/service.py and rounds.py."""

from __future__ import annotations

from bot.facilitation import room, rounds, service
from bot.facilitation.chart import summary_chart
from bot.facilitation.views import cross_message, round_message, summary_message
from bot.failure_log import log_failure
from bot.services import Job
from bot.slack.gateway import SlackFailure
from bot.slack.listeners import send_dm
from bot.slack.services import SlackServices
from flows.i18n import t
from flows.identity import Person
from flows.summary import CrossSummary
from flows.text import truncate
from storage.models import Workshop


def display_name(services: SlackServices, person: Person) -> str | None:
    """How Slack names a person (display name, else real name, else handle); None when it
    cannot say."""
    try:
        info = services.slack_for(person.team_id).user_info(person.user_id)
    except SlackFailure:
        return None
    profile = info.get("profile") or {}
    found = profile.get("display_name") or info.get("real_name") or info.get("name")
    return str(found) if found else None


def dm(services: SlackServices, person: Person, text: str) -> None:
    """A short note to the facilitator's DM; Slack refusing is logged, not raised."""
    send_dm(services, person.team_id, person.user_id, text, what="facilitator DM")


def send_summary(
    services: SlackServices,
    person: Person,
    workshop_id: int,
    lang: str,
    *,
    intro: str | None = None,
) -> bool:
    """DM the summary and its chart; True when the message went out."""
    seen = service.summary(services, person, workshop_id)
    if seen is None:
        return False
    text, blocks = summary_message(seen.summary, seen.template, lang, intro=intro)
    channel = send_dm(services, person.team_id, person.user_id, text, blocks, what="summary DM")
    if channel is None:
        return False
    png = summary_chart(seen.summary, lang)
    if png is not None:
        title = t("summary.chart_title", lang, title=truncate(seen.summary.workshop.title, 60))
        try:
            services.slack_for(person.team_id).upload_file(channel, "trafiklys.png", png, title)
        except SlackFailure as failure:
            log_failure("chart upload", failure)
    return True


def send_cross_summary(
    services: SlackServices, person: Person, cross: CrossSummary, lang: str
) -> bool:
    text, blocks = cross_message(cross, lang)
    sent = send_dm(services, person.team_id, person.user_id, text, blocks, what="summary DM")
    return sent is not None


def send_export(services: SlackServices, person: Person, workshop_id: int, lang: str) -> bool:
    """Upload the export files to the facilitator's DM, the first with a comment."""
    files = service.export(
        services, person, workshop_id, lang, lambda named: display_name(services, named)
    )
    if files is None:
        return False
    try:
        slack = services.slack_for(person.team_id)
        channel = slack.open_dm(person.user_id)
        for index, item in enumerate(files):
            comment = item.comment if index == 0 else None
            slack.upload_file(channel, item.filename, item.content, item.title, comment)
    except SlackFailure as failure:
        log_failure("export upload", failure)
        return False
    return True


def send_report(services: SlackServices, person: Person, workshop_id: int, lang: str) -> bool:
    """Upload the outcome report (Word) to the facilitator's DM."""
    found = service.report(services, person, workshop_id, lang)
    if found is None:
        return False
    try:
        slack = services.slack_for(person.team_id)
        channel = slack.open_dm(person.user_id)
        slack.upload_file(channel, found.filename, found.content, found.title, found.comment)
    except SlackFailure as failure:
        log_failure("report upload", failure)
        return False
    return True


def send_qr(services: SlackServices, person: Person, found: room.RoomQr, lang: str) -> bool:
    """The web link and the screen's link to the facilitator's DM, and the QR code beside them
    as two files: PNG for slides, SVG for print."""
    text = room.qr_message(found, lang)
    channel = send_dm(services, person.team_id, person.user_id, text, what="QR DM")
    if channel is None:
        return False
    title = t("qr.file_title", lang, title=truncate(found.title, 60))
    name = f"qr-{found.code}"
    try:
        slack = services.slack_for(person.team_id)
        slack.upload_file(channel, f"{name}.png", found.png, title)
        slack.upload_file(channel, f"{name}.svg", found.svg, title)
    except SlackFailure as failure:
        log_failure("QR upload", failure)
        return False
    return True


def close(services: SlackServices, person: Person, workshop_id: int, lang: str) -> bool:
    """Close (once) and send the final summary; False when it was already closed."""
    title = service.close(services, person, workshop_id)
    if title is None:
        return False
    intro = service.final_intro(title, lang)
    send_summary(services, person, workshop_id, lang, intro=intro)
    return True


# -- live rounds -------------------------------------------------------------------------------


def post_round(
    services: SlackServices, person: Person, workshop: Workshop, step_id: str, lang: str
) -> None:
    """After the ack: post the round in the channel and tell the facilitator how it went."""
    started = rounds.start_round(services, person, workshop, step_id)
    if started is None:
        return
    text, blocks = round_message(
        started.round_id, started.step, started.workshop_title, started.count, started.lang
    )
    error = None
    try:
        posted = services.slack_for(started.team_id).post_message(started.channel_id, text, blocks)
    except SlackFailure as failure:
        error = failure.error
    else:
        rounds.posted(services, started, posted.ts)
    dm(services, person, service.round_posted_note(started, workshop.channel_id, lang, error))


def note_answer(services: SlackServices, team_id: str, round_id: int) -> bool:
    """After a round answer: update the count now if the throttle allows; True if updated."""
    if not rounds.claim_after_answer(services, team_id, round_id):
        return False
    return refresh_one(services, round_id)


def refresh_one(services: SlackServices, round_id: int) -> bool:
    """Show the round's current count (one count query, one chat.update when it changed)."""
    shown = rounds.changed_count(services, round_id)
    if shown is None or shown.message_ts is None:
        return False
    text, blocks = round_message(
        shown.round_id, shown.step, shown.workshop_title, shown.count, shown.lang
    )
    try:
        services.slack_for(shown.team_id).update_message(
            shown.channel_id, shown.message_ts, text, blocks
        )
    except SlackFailure as failure:
        log_failure("chat.update", failure)
        return False
    rounds.shown(services, shown)
    return True


def refresh_rounds(services: SlackServices) -> int:
    """The worker's trailing update of live counts; how many messages were updated."""
    now, due = rounds.due_rounds(services)
    updated = 0
    for round_id in due:
        if rounds.claim_due(services, round_id, now) and refresh_one(services, round_id):
            updated += 1
    return updated


# The trailing update of live round counts: a burst's final count shows within a few seconds.
JOBS: list[Job[SlackServices]] = [Job("refresh_round_counts", 3, refresh_rounds)]
