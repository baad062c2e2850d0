"""The reflection's pages over HTTP (Flask's test client over a real database): joining by
code, the workshop's page, every step as a form, back, review and edit, rounds, the closing
page and the personal page, and each refusal."""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from bot.services import Services
from flows.identity import Channel, Person
from storage.db import transaction
from storage.models import Answer, Participant, UserProfile, WebToken, Workshop
from storage.repositories import rounds, workshops
from storage.repositories import web as web_links
from tests.support.people import STEP_ANSWERS
from tests.web.reflection import Visitor, code_of, make_workshop, web_app, web_services

TEAM = "T1"


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    yield from web_services(tmp_path)


@pytest.fixture
def app(services: Services) -> Flask:
    return web_app(services)


@pytest.fixture
def code(services: Services) -> str:
    return code_of(services, make_workshop(services))


_addresses = itertools.count(1)


def visitor(app: Flask) -> Visitor:
    """A browser from an address of its own: the code's rate limit counts per address, in
    the process, across tests."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = f"10.21.{next(_addresses) % 250}.{os.getpid() % 250}"
    return Visitor(client)


def web_people(services: Services) -> list[Participant]:
    with transaction(services.sessions) as session:
        found = session.scalars(select(Participant).where(Participant.channel == Channel.WEB))
        return list(found)


def answers_stored(services: Services) -> int:
    with transaction(services.sessions) as session:
        return session.scalar(select(func.count(Answer.id))) or 0


def close(services: Services, code: str) -> None:
    with transaction(services.sessions) as session:
        found = session.scalar(select(Workshop).where(Workshop.code == code))
        assert found is not None
        workshops.close_workshop(session, TEAM, found.id, services.clock())


def main_of(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


# -- joining ---------------------------------------------------------------------------------


def test_it_leads_a_typed_code_to_its_workshop_whatever_the_case_spaces_and_dashes(
    app: Flask, code: str
) -> None:
    person = visitor(app)
    person.open("/")
    typed = f" {code[:3].lower()} – {code[3:].lower()} "

    answer = person.post("/", {"code": typed}, follow=False)

    assert answer.status_code == 303
    assert answer.headers["Location"] == f"/k/{code}"


def test_it_keeps_the_typed_code_and_says_so_when_no_workshop_has_it(app: Flask) -> None:
    person = visitor(app)
    person.open("/")

    answer = person.post("/", {"code": "zzz-zzz"})

    assert answer.status_code == 200
    html = main_of(person.html)
    assert "Koden passer ikke til nogen temadag" in html
    assert 'value="zzz-zzz"' in html
    assert 'href="#code"' in html  # the error summary links to the field
    assert 'aria-describedby="code-hint code-error"' in html


def test_it_asks_for_the_code_when_nothing_was_typed(app: Flask) -> None:
    person = visitor(app)
    person.open("/")

    person.post("/", {"code": "  "})

    assert "Skriv koden fra facilitatoren." in person.html


def test_it_refuses_an_address_that_tries_codes_too_fast(app: Flask) -> None:
    person = visitor(app)
    person.open("/")
    statuses = [person.post("/", {"code": f"AAA-AA{n}"}).status_code for n in range(2, 13)]

    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429


def test_it_sends_a_workshop_address_in_any_case_to_its_own(app: Flask, code: str) -> None:
    answer = app.test_client().get(f"/k/{code.lower()}")

    assert answer.status_code == 302
    assert answer.headers["Location"] == f"/k/{code}"


def test_it_answers_404_for_an_unknown_workshop(app: Flask) -> None:
    answer = app.test_client().get("/k/ZZZZZZ")

    assert answer.status_code == 404
    assert "Siden findes ikke" in answer.get_data(as_text=True)


def test_it_answers_410_for_a_closed_workshop_to_someone_not_in_it(
    app: Flask, services: Services, code: str
) -> None:
    person = visitor(app)
    person.open(f"/k/{code}")
    close(services, code)

    assert app.test_client().get(f"/k/{code}").status_code == 410
    assert person.post(f"/k/{code}/deltag", {"tz": ""}, follow=False).status_code == 410
    assert web_people(services) == []


def test_it_shows_the_title_day_language_privacy_and_start_before_joining(
    app: Flask, code: str
) -> None:
    person = visitor(app)

    html = main_of(person.open(f"/k/{code}").get_data(as_text=True))

    assert "<h1>Fra politik til praksis</h1>" in html
    assert "Temadag den 17. oktober 2026" in html
    assert 'action="/sprog"' in html and 'value="en"' in html
    assert "Dine svar opbevares til og med den 17. april 2028 og slettes derefter" in html
    assert "e-mailadresse" not in html  # e-mail is off here: no address can be given
    assert f'href="/k/{code}/privatliv"' in html
    assert f'action="/k/{code}/deltag"' in html
    assert re.search(r'<script src="/reflection/static/timezone.js" defer>', html)
    assert "<script>" not in html  # no inline script: the CSP would refuse it


def test_a_day_without_next_steps_gives_the_date_a_year_after_the_day_on_page_and_notice(
    app: Flask, services: Services
) -> None:
    """The create form keeps the default offsets on an end-of-day template; no follow-up
    comes, so the data is kept twelve months from the day, and every page says the same."""
    code = code_of(services, make_workshop(services, template_id="end_of_day"))
    person = visitor(app)

    welcome = main_of(person.open(f"/k/{code}").get_data(as_text=True))
    notice = main_of(person.open(f"/k/{code}/privatliv").get_data(as_text=True))

    assert "opbevares til og med den 17. oktober 2027" in welcome
    assert "det vil sige dagen efter den 17. oktober 2027" in notice
    assert "2028" not in welcome + notice


def test_it_joins_as_a_new_web_person_with_the_language_and_time_zone_chosen(
    app: Flask, services: Services, code: str
) -> None:
    person = visitor(app)
    person.open(f"/k/{code}")
    person.post("/sprog", {"lang": "en", "next": f"/k/{code}"})

    person.joins(code, tz="America/Nuuk")

    assert "Step 1 of 6" in person.html
    [joined] = web_people(services)
    with transaction(services.sessions) as session:
        profile = session.scalar(select(UserProfile).where(UserProfile.user_id == joined.user_id))
        assert profile is not None
        assert (profile.language_pref, profile.tz) == ("en", "America/Nuuk")


def test_it_leaves_the_time_zone_to_the_default_when_the_browser_named_none_it_knows(
    app: Flask, services: Services, code: str
) -> None:
    visitor(app).joins(code, tz="Mars/Olympus_Mons")

    [joined] = web_people(services)
    with transaction(services.sessions) as session:
        profile = session.scalar(select(UserProfile).where(UserProfile.user_id == joined.user_id))
        assert profile is not None and profile.tz is None


def test_it_issues_one_personal_link_stored_only_as_its_hash_until_retention_ends(
    app: Flask, services: Services, code: str
) -> None:
    person = visitor(app)
    person.joins(code)
    person.joins(code)  # a second press of Start changes nothing

    [joined] = web_people(services)
    with transaction(services.sessions) as session:
        [token] = session.scalars(select(WebToken))
        assert token.purpose == web_links.Purpose.PERSONAL
        assert token.user_id == joined.user_id
        assert token.expires_at.date().isoformat() == "2028-04-17"
        assert len(token.token_hash) == 64


# -- the steps -------------------------------------------------------------------------------


def test_it_completes_the_whole_reflection_and_shows_the_personal_link(
    app: Flask, services: Services, code: str
) -> None:
    person = visitor(app)
    person.joins(code)
    assert "Trin 1 af 6" in person.html, main_of(person.html)

    person.answers(code, 0, STEP_ANSWERS[0])
    assert "Trin 2 af 6" in person.html
    done = person.answers_all(code)

    assert done.request.path == f"/k/{code}/tak"
    html = main_of(person.html)
    assert "Tak for din refleksion" in html
    link = re.search(r'href="(http://temadag\.test/mig/[^"]+)"', html)
    assert link is not None
    assert "Opfølgning på e-mail er ikke slået til her" in html
    assert answers_stored(services) == 9


def test_it_offers_the_mail_form_with_the_personal_token_when_mail_is_switched_on(
    tmp_path: Path,
) -> None:
    for services in web_services(
        tmp_path, smtp_url="smtp://localhost:2525", mail_from="Temadag <temadag@example.org>"
    ):
        code = code_of(services, make_workshop(services))
        person = visitor(web_app(services))
        person.joins(code)
        person.answers_all(code)

        html = main_of(person.html)
        token = re.search(r"/mig/([^\"/]+)\"", html)
        assert token is not None
        assert f'action="/mig/{token.group(1)}/epost"' in html
        assert 'name="address"' in html and 'name="csrf_token"' in html
        assert "2 uger, 3 måneder og 6 måneder efter temadagen" in html


def test_it_keeps_what_was_typed_and_links_each_error_when_a_step_is_not_accepted(
    app: Flask, services: Services, code: str
) -> None:
    person = visitor(app)
    person.joins(code)
    person.answers(code, 0, STEP_ANSWERS[0])
    stored = answers_stored(services)

    answer = person.answers(code, 1, {"succeeded": "x" * 3001})

    assert answer.status_code == 200
    html = main_of(person.html)
    assert "Der er et problem" in html
    assert 'href="#f-succeeded"' in html
    assert 'id="f-succeeded-error"' in html
    assert "x" * 3001 in html  # nothing typed is lost
    assert answers_stored(services) == stored
    assert person.page is not None and person.page.request.path == f"/k/{code}/trin"


def test_it_redirects_after_every_saved_step_so_a_reload_never_posts_again(
    app: Flask, code: str
) -> None:
    person = visitor(app)
    person.joins(code)

    answer = person.post(
        f"/k/{code}/trin", {"index": "0", "municipality": "Aarhus", "role": "leader"}, follow=False
    )

    assert answer.status_code == 303
    assert answer.headers["Location"] == f"/k/{code}"


def test_it_is_harmless_when_the_same_step_is_sent_twice(
    app: Flask, services: Services, code: str
) -> None:
    person = visitor(app)
    person.joins(code)
    person.answers(code, 0, STEP_ANSWERS[0])
    person.answers(code, 0, STEP_ANSWERS[0])

    assert "Trin 2 af 6" in person.html
    assert answers_stored(services) == 3


def test_it_goes_back_with_a_post_to_the_earlier_step_filled_in(app: Flask, code: str) -> None:
    person = visitor(app)
    person.joins(code)
    person.answers(code, 0, STEP_ANSWERS[0])
    person.answers(code, 1, STEP_ANSWERS[1])

    answer = person.post(f"/k/{code}/tilbage", {"index": "2"})

    assert answer.request.path == f"/k/{code}/trin/1"
    assert "Trin 2 af 6" in person.html
    assert STEP_ANSWERS[1]["succeeded"] in person.html
    # A step ahead of the person is not theirs to open.
    assert person.open(f"/k/{code}/trin/5").request.path == f"/k/{code}"


def test_it_edits_a_step_from_the_review_and_returns_to_the_review(
    app: Flask, services: Services, code: str
) -> None:
    person = visitor(app)
    person.joins(code)
    person.answers_all(code)
    review = main_of(person.open(f"/k/{code}").get_data(as_text=True))
    assert "Din refleksion" in review and f'href="/k/{code}/ret/2"' in review

    person.open(f"/k/{code}/ret/2")
    assert 'name="edit" value="1"' in person.html
    assert STEP_ANSWERS[2]["hard"] in person.html
    person.answers(code, 2, {"hard": "Skolerne er svære at nå"}, edit="1")

    assert "Din refleksion" in person.html
    assert "Skolerne er svære at nå" in person.html


def test_it_shows_a_closed_workshop_as_a_read_only_review(
    app: Flask, services: Services, code: str
) -> None:
    person = visitor(app)
    person.joins(code)
    person.answers(code, 0, STEP_ANSWERS[0])
    close(services, code)

    html = main_of(person.open(f"/k/{code}").get_data(as_text=True))

    assert "Temadagen er lukket" in html
    assert "/ret/" not in html
    person.answers(code, 1, STEP_ANSWERS[1])
    assert answers_stored(services) == 3


def test_it_refuses_the_steps_to_a_browser_that_has_not_joined(app: Flask, code: str) -> None:
    stranger = visitor(app)
    stranger.open(f"/k/{code}")

    answer = stranger.post(f"/k/{code}/trin", {"index": "0", "role": "leader"}, follow=False)

    assert answer.status_code == 303
    assert answer.headers["Location"] == f"/k/{code}"


# -- live rounds -----------------------------------------------------------------------------


def post_round(services: Services, code: str) -> int:
    with transaction(services.sessions) as session:
        found = session.scalar(select(Workshop).where(Workshop.code == code))
        assert found is not None
        step_id = services.template_for(found).themes[0].id
        posted = rounds.create_round(session, found, step_id, "UFACIL01", services.clock())
        rounds.set_posted(session, posted.id, "1700000000.000100", 0, services.clock())
        return posted.id


def test_it_offers_a_posted_round_and_counts_a_web_answer_in_it(
    app: Flask, services: Services, code: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    counted: list[tuple[str, int]] = []
    monkeypatch.setattr(
        services, "round_answered", lambda team, round_id: counted.append((team, round_id))
    )
    person = visitor(app)
    person.joins(code)
    round_id = post_round(services, code)

    page = main_of(person.open(f"/k/{code}").get_data(as_text=True))
    assert f'href="/k/{code}/runde/{round_id}"' in page
    person.open(f"/k/{code}/runde/{round_id}")
    assert f'name="round" value="{round_id}"' in person.html
    index = re.search(r'name="index" value="(\d+)"', person.html)
    assert index is not None
    fields = re.findall(r'<textarea id="[^"]+" name="([^"]+)"', person.html)
    person.post(
        f"/k/{code}/trin",
        {"index": index.group(1), "round": str(round_id), **dict.fromkeys(fields, "Et svar")},
    )

    assert "dit svar på runden er gemt" in person.html
    assert counted == [(TEAM, round_id)]
    with transaction(services.sessions) as session:
        found = session.scalar(select(Workshop).where(Workshop.code == code))
        assert found is not None
        theme = services.template_for(found).themes[0].id
        assert rounds.answer_count(session, found.id, theme) == 1


# -- the personal page -----------------------------------------------------------------------


def personal_link(person: Visitor) -> str:
    found = re.search(r'href="http://temadag\.test(/mig/[^"]+)"', person.html)
    assert found is not None
    return found.group(1)


def test_it_opens_the_personal_page_on_another_device_and_goes_on_there(
    app: Flask, code: str
) -> None:
    phone = visitor(app)
    phone.joins(code)
    phone.answers_all(code)
    link = personal_link(phone)

    laptop = visitor(app)
    page = main_of(laptop.open(link).get_data(as_text=True))

    assert "Fra politik til praksis" in page
    assert f'href="/k/{code}"' in page
    for path in ("/opfoelgning", "/data"):
        assert f'href="{link}{path}"' in page
    assert f'href="{link}/epost"' not in page  # e-mail is off here: no address is asked for
    review = main_of(laptop.open(f"/k/{code}").get_data(as_text=True))
    assert "Din refleksion" in review
    assert STEP_ANSWERS[1]["succeeded"] in review


def test_it_says_kindly_that_an_unknown_personal_link_does_not_work(app: Flask) -> None:
    answer = app.test_client().get("/mig/ikke-et-rigtigt-link")

    assert answer.status_code == 404
    assert answer.mimetype == "text/html"
    assert "Linket virker ikke" in answer.get_data(as_text=True)


def test_it_says_in_the_persons_language_that_an_expired_personal_link_has_expired(
    app: Flask, services: Services, code: str
) -> None:
    person = visitor(app)
    person.open(f"/k/{code}")
    person.post("/sprog", {"lang": "en", "next": f"/k/{code}"})
    person.joins(code)
    person.answers_all(code)
    link = personal_link(person)
    services.clock = lambda: datetime(2028, 4, 19, 8, 0, tzinfo=UTC)

    answer = app.test_client().get(link)

    assert answer.status_code == 410
    html = answer.get_data(as_text=True)
    assert "The link has expired" in html and '<html lang="en">' in html


def test_it_asks_about_open_steps_from_an_earlier_temadag_before_the_next_reflection(
    app: Flask, services: Services, code: str
) -> None:
    person = visitor(app)
    person.joins(code)
    person.answers_all(code)
    later = code_of(services, make_workshop(services, title="Anden temadag"))

    person.joins(later)

    html = main_of(person.html)
    assert "Dine åbne skridt" in html
    assert "Besøge chefgruppen i Børn og Unge" in html
    step_id = re.search(r'name="(carry-\d+)" value="done"', html)
    assert step_id is not None
    person.post(f"/k/{later}/videre", {step_id.group(1): "done"})
    assert "Trin 1 af 6" in person.html, main_of(person.html)
    assert len({p.user_id for p in web_people(services)}) == 1


def test_it_keeps_the_web_person_apart_from_slack_people(services: Services, code: str) -> None:
    assert Person(TEAM, "w123", Channel.WEB).key != Person.slack(TEAM, "w123").key
