"""The reflection's pages driven through Flask's test client, as a browser posts them: a web
participant's session, the CSRF field, and the answers of `STEP_ANSWERS` as form fields."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from bot.composition import web_blueprints
from bot.services import Services
from bot.web.app import create_web_app
from tests.bot.usecases import Clock, code_of, make_workshop, services_on
from tests.support.people import STEP_ANSWERS

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
PUBLIC_URL = "http://temadag.test"
MORNING = datetime(2026, 10, 17, 8, 30, tzinfo=UTC)


def web_services(tmp_path: Path, **settings: Any) -> Iterator[Services]:
    yield from services_on(tmp_path, slack_signing_secret="s", public_url=PUBLIC_URL, **settings)


def web_app(services: Services) -> Flask:
    return create_web_app(services, web_blueprints())


def as_form(values: dict[str, Any]) -> dict[str, str]:
    """A step's values as a browser posts them: a ticked box sends its value, an unticked one
    nothing; everything else its text."""
    form: dict[str, str] = {}
    for key, value in values.items():
        if value is True:
            form[key] = "named"
        elif value is False or value is None:
            continue
        else:
            form[key] = str(value)
    return form


@dataclass
class Visitor:
    """One browser: its cookie jar, and the page it has in front of it."""

    client: FlaskClient
    page: TestResponse | None = None

    @property
    def html(self) -> str:
        assert self.page is not None
        return self.page.get_data(as_text=True)

    def open(self, path: str) -> TestResponse:
        self.page = self.client.get(path, follow_redirects=True)
        return self.page

    def token(self) -> str:
        found = CSRF.search(self.html) if self.page is not None else None
        if found is None:
            found = CSRF.search(self.client.get("/tilgaengelighed").get_data(as_text=True))
        assert found is not None
        return found.group(1)

    def post(self, path: str, form: dict[str, str], *, follow: bool = True) -> TestResponse:
        response = self.client.post(
            path, data={"csrf_token": self.token(), **form}, follow_redirects=follow
        )
        if follow:
            self.page = response
        return response

    def joins(self, code: str, tz: str = "Europe/Copenhagen") -> TestResponse:
        self.open(f"/k/{code}")
        return self.post(f"/k/{code}/deltag", {"tz": tz})

    def answers(self, code: str, index: int, values: dict[str, Any], **extra: str) -> TestResponse:
        return self.post(f"/k/{code}/trin", {"index": str(index), **extra, **as_form(values)})

    def answers_all(self, code: str) -> TestResponse:
        response = self.answers(code, 0, STEP_ANSWERS[0])
        for index, values in enumerate(STEP_ANSWERS[1:], start=1):
            response = self.answers(code, index, values)
            if "plan-hints" in self.html:
                # Saved as written, with hints to read; sent again, it goes on.
                hinted = re.search(r'name="hinted" value="([^"]+)"', self.html)
                assert hinted is not None
                response = self.answers(code, index, values, hinted=hinted.group(1))
        return response


__all__ = ["MORNING", "Clock", "Visitor", "code_of", "make_workshop", "web_app", "web_services"]
