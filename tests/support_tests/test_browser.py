"""The browser helpers catch what they are there to catch: axe's violations, foreign requests."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest

from tests.support.browser import Browser

BROKEN_PAGE = (
    b"<!doctype html><html><head><title>x</title></head><body>"
    b'<img src="/pixel.png"><input type="text">'
    b'<img src="http://foreign.invalid/tracker.png" alt="">'
    b"</body></html>"
)


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(BROKEN_PAGE)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def broken_site() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_axe_reports_violations_when_a_page_has_them(browser: Browser, broken_site: str) -> None:
    browser.open(f"{broken_site}/")

    rules = {violation["id"] for violation in browser.axe()}

    assert {"html-has-lang", "image-alt", "label"} <= rules


def test_it_sees_a_request_to_another_host_when_a_page_makes_one(
    browser: Browser, broken_site: str
) -> None:
    browser.requests_made()
    browser.open(f"{broken_site}/")

    requested = browser.requests_made()

    assert f"{broken_site}/" in requested
    assert "http://foreign.invalid/tracker.png" in requested
