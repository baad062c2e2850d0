"""A plain HTTP visitor with one cookie jar, for what a browser hides (headers, status codes)."""

from __future__ import annotations

import http.client
import re
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: str

    def header(self, name: str) -> str:
        return str(self.headers.get(name, ""))


@dataclass
class Visitor:
    base_url: str
    address: str | None = None  # sent as X-Forwarded-For
    cookies: SimpleCookie = field(default_factory=SimpleCookie)

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post(self, path: str, form: dict[str, str]) -> Answer:
        return self.request("POST", path, urlencode(form).encode())

    def csrf_token(self, path: str = "/tilgaengelighed") -> str:
        found = CSRF_FIELD.search(self.get(path).body)
        assert found, "the page has no CSRF field"
        return found.group(1)

    def request(self, method: str, path: str, body: bytes | None = None) -> Answer:
        parts = urlsplit(self.base_url)
        connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
        headers = {"Accept-Language": "da"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())
        if self.address:
            headers["X-Forwarded-For"] = self.address
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            answer = Answer(response.status, response.headers, response.read().decode())
        finally:
            connection.close()
        for value in answer.headers.get_all("Set-Cookie") or []:
            self.cookies.load(value)
        return answer
