"""Privacy's web pages over HTTP (Flask's client on a real SQLite database): the workshop's
privacy notice in every configuration, and a web participant's own data from their personal
link: see it, download it, delete it (a POST with the form's CSRF token, nothing else)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from bot.composition import web_blueprints
from bot.services import Services
from bot.web.app import create_web_app
from storage.db import transaction
from storage.models import Answer, MailAddress, Participant, WebToken
from tests.bot.privacy.web_people import ADDRESS, CODE, NOW, web_participant, workshop
from tests.support.factories import channel_free_services

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def services_with(tmp_path: Path, **settings: Any) -> Iterator[Services]:
    tmp_path.mkdir(exist_ok=True)
    yield from channel_free_services(
        f"sqlite:///{tmp_path}/web.sqlite3",
        lambda: NOW + timedelta(days=1),
        slack_signing_secret="s",
        **settings,
    )


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    yield from services_with(tmp_path)


def app_of(services: Services) -> Flask:
    return create_web_app(services, web_blueprints())


@pytest.fixture
def client(services: Services) -> FlaskClient:
    return app_of(services).test_client()


def rows(services: Services) -> dict[str, int]:
    with transaction(services.sessions) as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Participant, Answer, WebToken, MailAddress)
        }


def csrf(client: FlaskClient, path: str) -> str:
    found = CSRF.search(client.get(path).text)
    assert found, f"no CSRF field on {path}"
    return found.group(1)


# -- the privacy notice ---------------------------------------------------------------------


def notice_of(services: Services, code: str = CODE, lang: str = "da") -> str:
    client = app_of(services).test_client()
    if lang == "en":
        client.get("/tilgaengelighed")
        token = csrf(client, "/tilgaengelighed")
        client.post("/sprog", data={"lang": "en", "next": "/", "csrf_token": token})
    answer = client.get(f"/k/{code}/privatliv")
    assert answer.status_code == 200, answer.text
    return re.sub(r"\s+", " ", answer.text)


def test_it_shows_the_workshops_privacy_notice_for_its_code_in_any_spelling(
    services: Services,
) -> None:
    workshop(services, title="Fra politik til praksis", min_group_size=4, retention_months=12)

    page = notice_of(services, "kbc-def")

    assert "Sådan behandles dine oplysninger" in page
    assert "»Fra politik til praksis« den 17. oktober 2026" in page
    assert "færre end 4 personer vises kun som et antal" in page
    # Default follow-ups 2 weeks, 3 and 6 months; kept 12 months after the last.
    assert "12 måneder efter sidste opfølgning, det vil sige dagen efter den 17. april 2028" in page
    assert "Datatilsynet" in page
    # The web asks for no name and shows none (the consent question is not asked there).
    assert "Dine svar vises uden navn. Temadag kender ikke dit navn" in page
    assert "deltager på web" not in page
    assert "ingen sporing" in page


def test_it_says_who_the_controller_is_only_as_far_as_the_operator_said(tmp_path: Path) -> None:
    unnamed = next(services_with(tmp_path / "a"))
    workshop(unnamed)
    named = next(
        services_with(
            tmp_path / "b",
            operator_name="Aarhus Kommune, Digitalisering",
            privacy_notice_url="https://aarhus.example/privatliv",
        )
    )
    workshop(named)

    without, with_operator = notice_of(unnamed), notice_of(named)

    assert "Spørg facilitatoren, før du svarer, hvem der er dataansvarlig" in without
    assert "endnu ikke sat op med navnet på den dataansvarlige" in without
    assert "privatlivspolitik" not in without
    assert "Dataansvarlig er Aarhus Kommune, Digitalisering, som driver Temadag." in with_operator
    assert 'href="https://aarhus.example/privatliv"' in with_operator


def test_it_says_e_mail_is_off_and_stores_no_address_when_smtp_is_not_set(tmp_path: Path) -> None:
    off = next(services_with(tmp_path / "off"))
    workshop(off)
    on = next(
        services_with(
            tmp_path / "on", smtp_url="smtp://mail.example:587", mail_from="temadag@example.org"
        )
    )
    workshop(on)

    without_mail, with_mail = notice_of(off), notice_of(on)

    assert "Opfølgning på e-mail er ikke slået til her" in without_mail
    assert "Temadag skriver ikke til dig efter temadagen" in without_mail
    assert "Din e-mailadresse, hvis du giver den" not in without_mail
    assert "Din e-mailadresse, hvis du giver den til opfølgning" in with_mail
    assert "spørger Temadag dig på e-mail 2 uger, 3 måneder og 6 måneder efter" in with_mail
    assert "ikke slået til" not in with_mail


def test_it_promises_no_follow_up_when_the_workshop_has_none(services: Services) -> None:
    workshop(services, followup_offsets=[], retention_months=6)

    page = notice_of(services)

    assert "6 måneder efter temadagen, det vil sige dagen efter den 17. april 2027" in page
    assert "spørger Temadag" not in page
    assert "Temadag skriver ikke til dig" not in page  # no follow-up to switch off
    assert "Dine næste skridt med måldatoer" in page  # stored all the same


def test_it_shows_the_notice_in_english_when_the_person_chose_english(services: Services) -> None:
    workshop(services)

    page = notice_of(services, lang="en")

    assert '<html lang="en">' in page
    assert "How your information is handled" in page
    assert "Danish Data Protection Agency (Datatilsynet)" in page


def test_it_answers_404_for_a_code_that_names_no_workshop(client: FlaskClient) -> None:
    assert client.get("/k/ZZZZZZ/privatliv").status_code == 404
    assert client.get("/k/0000/privatliv").status_code == 404


# -- the personal data page and the file -------------------------------------------------------


def test_it_shows_everything_stored_about_the_person_with_the_e_mail_address(
    services: Services, client: FlaskClient
) -> None:
    workshop(services)
    pernille = web_participant(services, text="Vi fik en <b>styregruppe</b>")
    before = rows(services)

    page = client.get(f"/mig/{pernille.token}/data")

    assert page.status_code == 200
    assert ADDRESS in page.text
    assert "bekræftet den 17. oktober 2026" in page.text
    assert "Vi fik en &lt;b&gt;styregruppe&lt;/b&gt;" in page.text
    assert "Tal med chefgruppen om årshjulet" in page.text
    assert "1. december 2026" in page.text
    assert f'href="/mig/{pernille.token}/data.json"' in page.text
    assert f'href="/mig/{pernille.token}/slet"' in page.text
    assert rows(services) == before


def test_it_says_the_address_is_not_confirmed_or_not_given(
    services: Services, client: FlaskClient
) -> None:
    workshop(services)
    unconfirmed = web_participant(services, user_id="wA" + "0" * 22, confirmed=False)
    without = web_participant(services, user_id="wB" + "0" * 22, address=None)

    assert "Ikke bekræftet: der sendes intet" in client.get(f"/mig/{unconfirmed.token}/data").text
    assert "Du har ikke givet en e-mailadresse." in client.get(f"/mig/{without.token}/data").text


def test_it_downloads_the_same_data_as_a_json_file_and_changes_nothing(
    services: Services, client: FlaskClient
) -> None:
    workshop(services)
    pernille = web_participant(services)
    before = rows(services)

    answer = client.get(f"/mig/{pernille.token}/data.json")

    assert answer.status_code == 200
    assert answer.mimetype == "application/json"
    assert answer.headers["Content-Disposition"] == (
        'attachment; filename="temadag-data-2026-10-18.json"'
    )
    assert answer.headers["Cache-Control"] == "no-store"
    document = json.loads(answer.data)
    assert document["channel"] == "web"
    assert document["mail_address"]["address"] == ADDRESS
    assert document["mail_address"]["confirmed_at"].startswith("2026-10-17T09:05")
    [taken_part] = document["workshops"]
    assert [a["answer"] for a in taken_part["answers"]] == ["Vi fik en tværgående styregruppe"]
    assert [s["text"] for s in taken_part["next_steps"]] == ["Tal med chefgruppen om årshjulet"]
    assert rows(services) == before


@pytest.mark.parametrize("page", ["data", "data.json", "slet"])
def test_it_says_kindly_that_an_unknown_link_does_not_work(client: FlaskClient, page: str) -> None:
    answer = client.get(f"/mig/{'x' * 43}/{page}")

    assert answer.status_code == 404
    assert "Linket virker ikke" in answer.text
    assert "Har du slettet dine data" in answer.text


@pytest.mark.parametrize("page", ["data", "data.json", "slet"])
def test_it_says_an_expired_link_has_expired(
    services: Services, client: FlaskClient, page: str
) -> None:
    workshop(services)
    pernille = web_participant(services, expires_in=timedelta(hours=1))

    answer = client.get(f"/mig/{pernille.token}/{page}")

    assert answer.status_code == 410
    assert "Linket er udløbet" in answer.text
    assert ADDRESS not in answer.text


def test_it_does_not_open_another_purposes_link_as_a_personal_page(
    services: Services, client: FlaskClient
) -> None:
    from storage.repositories import web

    workshop(services)
    pernille = web_participant(services)
    with transaction(services.sessions) as session:
        confirm = web.issue(
            session,
            pernille.person,
            web.Purpose.CONFIRM_MAIL,
            now=NOW,
            expires_at=NOW + timedelta(days=30),
        )

    assert client.get(f"/mig/{confirm}/data").status_code == 404


# -- deleting -------------------------------------------------------------------------------------


def test_it_says_what_deletion_takes_and_keeps_without_deleting_on_a_get(
    services: Services, client: FlaskClient
) -> None:
    workshop(services)
    pernille = web_participant(services)
    before = rows(services)

    page = re.sub(r"\s+", " ", client.get(f"/mig/{pernille.token}/slet").text)

    assert "din deltagelse i 1 temadag" in page
    assert "1 svar" in page
    assert "1 næste skridt" in page
    assert "din e-mailadresse" in page
    assert "Dit personlige link og alle links i e-mails fra Temadag holder op med at virke" in page
    assert "beskeder om hjælp, som facilitatorerne allerede har fået i Slack" in page
    assert "E-mails, der allerede er sendt til dig, ligger stadig i din indbakke" in page
    assert rows(services) == before


def test_it_refuses_a_deletion_without_the_forms_csrf_token(
    services: Services, client: FlaskClient
) -> None:
    workshop(services)
    pernille = web_participant(services)
    client.get(f"/mig/{pernille.token}/slet")
    before = rows(services)

    missing = client.post(f"/mig/{pernille.token}/slet", data={})
    forged = client.post(f"/mig/{pernille.token}/slet", data={"csrf_token": "x" * 43})
    stranger = app_of(services).test_client()
    stolen = stranger.post(
        f"/mig/{pernille.token}/slet",
        data={"csrf_token": csrf(client, f"/mig/{pernille.token}/slet")},
    )

    assert (missing.status_code, forged.status_code, stolen.status_code) == (400, 400, 400)
    assert rows(services) == before


def test_it_deletes_everything_with_the_address_and_links_and_then_the_link_is_gone(
    services: Services, client: FlaskClient
) -> None:
    workshop(services)
    pernille = web_participant(services)
    other = web_participant(services, user_id="wOTHER" + "0" * 18, address="o@kommune.example")
    token = csrf(client, f"/mig/{pernille.token}/slet")

    answer = client.post(f"/mig/{pernille.token}/slet", data={"csrf_token": token})

    assert answer.status_code == 303
    assert answer.headers["Location"] == "/data-slettet"
    done = re.sub(r"\s+", " ", client.get("/data-slettet").text)
    assert "Dine data er slettet" in done
    assert "1 svar" in done and "din e-mailadresse" in done
    assert "Dit personlige link virker ikke længere" in done
    assert client.get(f"/mig/{pernille.token}/data").status_code == 404
    assert client.get(f"/mig/{pernille.token}/slet").status_code == 404
    # Only the other participant's rows are left.
    assert rows(services) == {"participants": 1, "answers": 1, "web_tokens": 1, "mail_addresses": 1}
    assert client.get(f"/mig/{other.token}/data").status_code == 200


def test_it_forgets_the_person_in_this_browser_once_their_data_is_deleted(
    services: Services, client: FlaskClient
) -> None:
    workshop(services)
    pernille = web_participant(services)
    with client.session_transaction() as session:
        session["people"] = {str(pernille.workshop_id): pernille.person.user_id, "999": "wX"}
    token = csrf(client, f"/mig/{pernille.token}/slet")

    client.post(f"/mig/{pernille.token}/slet", data={"csrf_token": token})

    with client.session_transaction() as session:
        assert session["people"] == {"999": "wX"}


def test_it_shows_no_deletion_page_to_a_browser_that_deleted_nothing(client: FlaskClient) -> None:
    assert client.get("/data-slettet").status_code == 404
