"""The installer's browser for the OAuth pages: follows redirects, keeps cookies, no JavaScript."""

from __future__ import annotations

import http.cookiejar
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit


class LoopbackIsSecure(http.cookiejar.DefaultCookiePolicy):
    """Browsers treat http://127.0.0.1 as a secure context and send Secure cookies there."""

    def return_ok_secure(self, cookie: http.cookiejar.Cookie, request: Any) -> bool:
        host = urlsplit(request.get_full_url()).hostname
        return host == "127.0.0.1" or super().return_ok_secure(cookie, request)


@dataclass
class Page:
    status: int
    url: str
    body: str


class Browser:
    """Follows redirects and carries cookies, like the installer's browser."""

    def __init__(self) -> None:
        self.cookies = http.cookiejar.CookieJar(policy=LoopbackIsSecure())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, url: str) -> Page:
        try:
            with self.opener.open(url, timeout=30) as response:
                return Page(response.status, response.url, response.read().decode())
        except urllib.error.HTTPError as error:
            return Page(error.code, error.url, error.read().decode())

    def install(self, bot_url: str, team: str | None = None) -> Page:
        """Open /slack/install, press "Add to Slack", approve on Slack, come back."""
        page = self.get(bot_url + "/slack/install" + (f"?team={team}" if team else ""))
        assert page.status == 200 and "Add to Slack" in page.body
        return self.get(add_to_slack_link(page.body))


def add_to_slack_link(body: str) -> str:
    start = body.index('<a href="') + len('<a href="')
    return body[start : body.index('"', start)].replace("&amp;", "&")
