"""The reflection on the web: join by code, the workshop's page, each step as a form, the
review, the closing page with the personal link, and the personal page.

Routes are thin: read the form (`web_inputs`), call the channel-free use case
(`service.py`), render what it returns or redirect (POST, then 303, then GET: a reload never
posts again). The web person is the one this browser joined as (`bot.web.identity`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import partial
from typing import Any

from flask import (
    Blueprint,
    abort,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from markupsafe import Markup, escape
from werkzeug.wrappers import Response

from bot.afterack import keyed
from bot.reflection import service
from bot.reflection.screens import (
    CARRY_STATUSES,
    CarryForward,
    Done,
    Notice,
    Review,
    Screen,
    StepContext,
)
from bot.reflection.service import Door
from bot.reflection.web_inputs import Form, InputContext, field_id, question_inputs, read_question
from bot.web import identity, links
from bot.web.context import LANGUAGE_KEY, current_language, services, text
from bot.web.ratelimit import rate_limited
from flows.engine import initial_values
from flows.i18n import format_date, t
from flows.identity import Person
from flows.questions import describe_answer
from flows.stepref import StepRef
from flows.wording import follow_up_promise, offsets_phrase, review_intro
from storage.repositories.web import State

blueprint = Blueprint(
    "reflection",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/reflection/static",
)
# The reflection's own paths under the workshop's page (links.WORKSHOP).
JOIN_WORKSHOP = links.WORKSHOP + "/deltag"
STEP = links.WORKSHOP + "/trin"
STEP_AT = links.WORKSHOP + "/trin/<int:index>"
BACK = links.WORKSHOP + "/tilbage"
EDIT = links.WORKSHOP + "/ret/<int:index>"
ROUND = links.WORKSHOP + "/runde/<int:round_id>"
CARRY = links.WORKSHOP + "/videre"
DONE = links.WORKSHOP + "/tak"
# Tries a minute per address at typing a code: plenty for a person, slow for guessing.
CODE_TRIES_PER_MINUTE = 10
# Session keys beside the kernel's: the raw personal link per web person (never recoverable
# from the database), a notice for the next page, workshops whose carried steps come first.
PERSONAL_KEY = "personal"
NOTICE_KEY = "notice"
CARRY_KEY = "carry"
MAX_HINTED = 32
CARRY_PREFIX = "carry-"


# -- joining -----------------------------------------------------------------------------------


@blueprint.get(links.JOIN)
def join_page() -> str:
    return render_template("reflection/join.html", typed="", error=None)


@blueprint.post(links.JOIN)
@rate_limited(CODE_TRIES_PER_MINUTE)
def join_code() -> Response | str:
    typed = request.form.get("code", "")[:40]
    door = service.find_workshop(services(), typed) if typed.strip() else None
    if door is None:
        key = "webreflection.code_unknown" if typed.strip() else "webreflection.code_missing"
        return render_template("reflection/join.html", typed=typed, error=text(key))
    return _see(door.code)


@blueprint.get(links.WORKSHOP)
def workshop(code: str) -> Response | str:
    door = _door(code)
    if door.code != code:
        return redirect(_workshop_url(door.code), code=302)
    person = identity.person_in(door.team_id, door.workshop_id)
    lang = current_language()
    carry = door.workshop_id in session.get(CARRY_KEY, [])
    page = service.page(services(), person, door.workshop_id, lang, carry=carry) if person else None
    if person is None or page is None:
        if not door.is_open:
            abort(410)
        return render_template(
            "reflection/welcome.html",
            door=door,
            day=format_date(door.day, lang),
            kept_until=format_date(door.kept_until, lang),
            # The address is mentioned only where one can be given: e-mail on, follow-ups come.
            mail_part=(
                text("webreflection.privacy_items_mail")
                if door.follows_up and services().settings.mail_enabled
                else ""
            ),
            privacy_url=links.fill(links.PRIVACY_NOTICE, code=door.code),
        )
    return _show(door, page.screen, rounds=page.rounds)


@blueprint.post(JOIN_WORKSHOP)
def start(code: str) -> Response:
    door = _door(code)
    if not door.is_open:
        abort(410)
    if identity.person_in(door.team_id, door.workshop_id) is None:
        known = session.get(identity.PEOPLE_KEY)
        joined = service.join_web(
            services(),
            door.workshop_id,
            current_language(),
            request.form.get("tz", "")[:64] or None,
            {int(w): u for w, u in known.items() if w.isdigit()} if isinstance(known, dict) else {},
        )
        if joined is None:
            abort(410)
        identity.remember(door.workshop_id, joined.person)
        _keep_token(joined.person, joined.token)
        if joined.carried:
            session[CARRY_KEY] = [*session.get(CARRY_KEY, []), door.workshop_id][-5:]
    return _see(door.code)


# -- the steps ---------------------------------------------------------------------------------


@blueprint.post(STEP)
def submit(code: str) -> Response | str:
    door, person = _member(code)
    lang = current_language()
    ref = _ref(door)
    steps = door.template.all_steps if ref and ref.round_id is not None else door.template.steps
    if ref is None or ref.index >= len(steps):
        return _notice_and_see(door, text("webreflection.stale"))
    form = Form(request.form.to_dict())
    values: dict[str, object] = {}
    for question in steps[ref.index].questions:
        values.update(read_question(question, form))
    service.keep_language(services(), person, lang)
    result = service.submit(services(), person, ref, values)
    if result.tag_later:
        tag = partial(service.tag_saved_answers, services())
        services().run_later(keyed(("factor-tags",), tag))
    if result.round_id is not None:
        services().round_answered(person.team_id, result.round_id)
    screen = result.screen
    if isinstance(screen, StepContext) and (result.errors is not None or screen.typed is not None):
        # Not saved (errors), or saved with plan hints to read: shown again as typed.
        errors = result.errors or screen.errors
        return _step(door, replace(screen, errors=errors or {}, lang=lang))
    if result.errors is not None:
        return _notice_and_see(door, text("webreflection.not_saved"))
    if screen is None:
        return _notice_and_see(door, text("webreflection.round_saved"))
    if isinstance(screen, Done):
        return redirect(url_for("reflection.done", code=door.code), code=303)
    if isinstance(screen, Notice):
        return _notice_and_see(door, text("webreflection.stale"))
    if isinstance(screen, Review):
        return redirect(_workshop_url(door.code) + "#svar", code=303)
    return _see(door.code)


@blueprint.get(STEP_AT)
def step_at(code: str, index: int) -> Response | str:
    door, person = _member(code)
    found = service.step_page(services(), person, door.workshop_id, index, current_language())
    return _see(door.code) if found is None else _step(door, found)


@blueprint.post(BACK)
def back(code: str) -> Response:
    door, person = _member(code)
    ref = _ref(door)
    found = service.back(services(), person, ref, lang=current_language()) if ref else None
    if found is None:
        return _see(door.code)
    return redirect(url_for("reflection.step_at", code=door.code, index=found.index), code=303)


@blueprint.get(EDIT)
def edit(code: str, index: int) -> Response | str:
    door, person = _member(code)
    found = service.edit(services(), person, door.workshop_id, index, lang=current_language())
    return _see(door.code) if found is None else _step(door, found)


@blueprint.get(ROUND)
def answer_round(code: str, round_id: int) -> Response | str:
    door, person = _member(code)
    screen = service.open_round(services(), person, round_id, lang=current_language())
    if isinstance(screen, StepContext) and screen.meta.workshop_id == door.workshop_id:
        return _step(door, screen)
    return _notice_and_see(door, text("webreflection.round_gone"))


@blueprint.post(CARRY)
def carry(code: str) -> Response:
    door, person = _member(code)
    statuses = {
        step_id: status
        for name, status in request.form.items()
        if name.startswith(CARRY_PREFIX)
        and (step_id := _int(name[len(CARRY_PREFIX) :])) is not None
    }
    ref = StepRef(door.workshop_id, 0, lang=current_language())
    service.carry_submitted(services(), person, ref, statuses)
    session[CARRY_KEY] = [w for w in session.get(CARRY_KEY, []) if w != door.workshop_id]
    return _see(door.code)


@blueprint.get(DONE)
def done(code: str) -> Response | str:
    door, person = _member(code)
    lang = current_language()
    finished = service.finished(services(), person, door.workshop_id, lang)
    if finished is None:
        return _see(door.code)
    token = _token_of(person)
    offsets = offsets_phrase(finished.followup_offsets, lang)
    promise = follow_up_promise(
        finished.template,
        finished.followup_offsets,
        lang,
        wrote_next_steps=finished.wrote_next_steps,
    )
    return render_template(
        "reflection/done.html",
        door=door,
        # Follow-ups are by e-mail on the web: promised only where they will come.
        promise=offsets if promise is not None else None,
        personal_url=links.personal_url(services().settings.public_url, token) if token else "",
        mail_url=links.fill(links.PERSONAL_MAIL, token=token) if token else "",
    )


# -- the personal page -------------------------------------------------------------------------


@blueprint.get(links.PERSONAL)
def personal(token: str) -> Response | str:
    found = service.personal(services(), token, current_language())
    if found.state is not State.VALID or found.person is None:
        code = 404 if found.state is State.UNKNOWN else 410
        return make_response(
            render_template(
                "reflection/link_gone.html",
                code=code,
                lang=found.lang,
                t=partial(_in_language, found.lang),
            ),
            code,
        )
    # This browser is the person now too: they go on here (the session only, nothing stored).
    for own in reversed(found.workshops):
        identity.remember(own.workshop_id, found.person)
    _keep_token(found.person, token)
    if session.get(LANGUAGE_KEY) not in ("da", "en"):
        session[LANGUAGE_KEY] = found.lang
    lang = current_language()
    return render_template(
        "reflection/personal.html",
        workshops=[(own, format_date(own.day, lang)) for own in found.workshops],
        mail_url=links.fill(links.PERSONAL_MAIL, token=token),
        followups_url=links.fill(links.PERSONAL_FOLLOWUPS, token=token),
        data_url=links.fill(links.PERSONAL_DATA, token=token),
    )


# -- rendering ---------------------------------------------------------------------------------


def _show(door: Door, screen: Screen, rounds: tuple[service.OfferedRound, ...] = ()) -> str:
    notice = session.pop(NOTICE_KEY, None)
    if isinstance(screen, StepContext):
        return _step(door, screen, rounds=rounds, notice=notice)
    if isinstance(screen, Review):
        return _review(door, screen, rounds, notice)
    if isinstance(screen, CarryForward):
        return render_template(
            "reflection/carry.html",
            door=door,
            carried=[
                (step, format_date(step.workshop_day, screen.lang), _target(step, screen.lang))
                for step in screen.carried
            ],
            statuses=[(status, t("status." + status, screen.lang)) for status in CARRY_STATUSES],
            prefix=CARRY_PREFIX,
        )
    # A Done or a Notice is never where a page lands; say the page is out of date.
    return render_template("reflection/notice.html", door=door, notice=text("webreflection.stale"))


def _target(step: Any, lang: str) -> str | None:
    if step.target_date is None:
        return None
    return t("home.target", lang, date=format_date(step.target_date, lang))


def _step(
    door: Door,
    ctx: StepContext,
    *,
    rounds: tuple[service.OfferedRound, ...] = (),
    notice: str | None = None,
) -> str:
    lang = ctx.lang
    values = dict(ctx.typed) if ctx.typed is not None else initial_values(ctx.step, ctx.answers)
    inputs = InputContext(
        values,
        lang,
        ctx.errors,
        ctx.hints,
        ctx.followup_offsets,
        services().settings.mail_enabled,
    )
    in_round = ctx.meta.round_id is not None
    is_last = ctx.meta.edit or in_round or ctx.index + 1 == ctx.total
    submit_key = (
        "reflection.save"
        if ctx.meta.edit
        else ("reflection.finish" if is_last else "reflection.next")
    )
    return render_template(
        "reflection/step.html",
        door=door,
        ctx=ctx,
        title=ctx.step.title.get(lang),
        intro=ctx.step.intro.get(lang) if ctx.step.intro is not None else None,
        progress=None
        if in_round
        else t("reflection.progress", lang, step=ctx.index + 1, total=ctx.total),
        fields=[question_inputs(question, inputs) for question in ctx.step.questions],
        errors=[(field_id(key), message) for key, message in ctx.errors.items()],
        submit=t(submit_key, lang),
        can_go_back=ctx.index > 0 and not ctx.meta.edit and not in_round,
        retention=t("reflection.retention", lang, date=format_date(ctx.retention_until, lang))
        if ctx.retention_until is not None
        else None,
        rounds=rounds,
        notice=notice,
    )


def _review(
    door: Door,
    screen: Review,
    rounds: tuple[service.OfferedRound, ...],
    notice: str | None,
) -> str:
    lang = screen.lang
    steps = []
    for index, step in enumerate(screen.template.steps):
        answers = [
            (
                question.label.get(lang),
                describe_answer(question, screen.answers.get(question.id), lang),
            )
            for question in step.questions
        ]
        steps.append((index, step.title.get(lang), answers))
    intro = review_intro(
        screen.workshop_title,
        lang,
        editable=screen.editable,
        closed=screen.closed,
        answered_steps=screen.answered_steps,
        total_steps=len(screen.template.steps),
    )
    return render_template(
        "reflection/review.html",
        door=door,
        screen=screen,
        intro=intro,
        steps=steps,
        rounds=rounds,
        notice=notice,
        token=_token_of_current(door),
    )


# -- helpers -----------------------------------------------------------------------------------


def _door(code: str) -> Door:
    door = service.find_workshop(services(), code)
    if door is None:
        abort(404)
    return door


def _member(code: str) -> tuple[Door, Person]:
    """The workshop and this browser's person in it; else back to the workshop's page."""
    door = _door(code)
    person = identity.person_in(door.team_id, door.workshop_id)
    if person is None:
        abort(redirect(_workshop_url(door.code), code=303))
    return door, person


def _ref(door: Door) -> StepRef | None:
    """Which step the form showed: re-checked against the database by the use case."""
    index = _int(request.form.get("index"))
    if index is None:
        return None
    round_id = _int(request.form.get("round"))
    hinted = request.form.get("hinted", "")[:MAX_HINTED] or None
    return StepRef(
        door.workshop_id,
        index,
        edit=request.form.get("edit") == "1",
        round_id=round_id,
        lang=current_language(),
        hinted=hinted,
    )


def _int(value: str | None) -> int | None:
    if value and value.isascii() and value.isdigit() and len(value) < 10:
        return int(value)
    return None


def _workshop_url(code: str) -> str:
    return links.fill(links.WORKSHOP, code=code)


def _see(code: str) -> Response:
    return redirect(_workshop_url(code), code=303)


def _notice_and_see(door: Door, notice: str) -> Response:
    session[NOTICE_KEY] = notice
    return _see(door.code)


def _keep_token(person: Person, token: str) -> None:
    kept = session.get(PERSONAL_KEY)
    tokens = dict(kept) if isinstance(kept, dict) else {}
    tokens.pop(person.user_id, None)
    tokens[person.user_id] = token
    while len(tokens) > identity.MAX_REMEMBERED:
        tokens.pop(next(iter(tokens)))
    session[PERSONAL_KEY] = tokens


def _token_of(person: Person) -> str | None:
    kept = session.get(PERSONAL_KEY)
    token = kept.get(person.user_id) if isinstance(kept, dict) else None
    return token if isinstance(token, str) else None


def _token_of_current(door: Door) -> str | None:
    person = identity.person_in(door.team_id, door.workshop_id)
    return _token_of(person) if person is not None else None


def _in_language(lang: str, key: str, **values: object) -> str:
    return t(key, lang, **values)


_BOLD = re.compile(r"\*([^*\n]+)\*")
_CODE = re.compile(r"`([^`\n]+)`")


def mrkdwn(value: str) -> Markup:
    """The core's texts are written for chat (*bold*, `code`): the same emphasis in HTML,
    everything else escaped."""
    html = str(escape(value))
    html = _BOLD.sub(r"<strong>\1</strong>", html)
    html = _CODE.sub(r"<code>\1</code>", html)
    return Markup(html)


def mrkdwn_paragraphs(value: str) -> Markup:
    parts = [part.strip() for part in value.split("\n\n") if part.strip()]
    return Markup("").join(
        Markup("<p>{}</p>").format(mrkdwn(part).replace("\n", Markup("<br>"))) for part in parts
    )


blueprint.add_app_template_filter(mrkdwn, "mrkdwn")
blueprint.add_app_template_filter(mrkdwn_paragraphs, "mrkdwn_paragraphs")
