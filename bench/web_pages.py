"""The web pages: server time per page against a bare Flask app, and the screen's delay.

Two servers under the same gunicorn settings, in the same run: `temadag web` on SQLite and the
bare Flask app of `bench/bare_flask.py` (a page of the same shape, a session cookie, no
database). Web participants join through the real pages over HTTP, each with their own
cookie, and wrk asks for each person's own step page (every answer checked for its progress
line), the page where a code is typed, and the screen's figures.

- **Server time**: one connection at a time (no queueing), p50 and p99 of each page.
- **Saturation**: 16 connections back to back (the servers' threads), throughput and p99,
  against the bare app. (50 opened at once by wrk stall both apps alike: see CONNECTIONS.)
- **The screen**: 200 people press the reflection's last step within one second (open loop)
  while the screen's figures are polled every 50 ms; the delay is from each answer's response
  to the first poll that counts it. The screen's own script polls every second, so a person
  in the room sees it at most that second later: both are reported.
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import slack, wrk
from bench.common import (
    Figure,
    Section,
    Spread,
    at_most,
    below,
    percentile,
    quick,
    repetitions,
)
from bench.servers import Server, env_for, web
from bench.vocabulary import Vocabulary

TITLE = "Web pages: server time per page, and the screen while 200 answer"
SECRET = "bench-web-secret-key-with-enough-length-0123456789"
PUBLIC_URL = "http://temadag.bench"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
HINTED = re.compile(r'name="hinted" value="([^"]+)"')
SCREEN_POLL_S = 0.5  # the screen's script asks this often (bot/facilitation/web.POLL_MS)
PAGE_P99_MS = 20.0
# As many connections as the servers have threads (2 workers × 8). With 50 opened at once by
# wrk, both apps stall for seconds (0–6 pages a second, sockets reset): gunicorn's gthread
# worker with this client, the same for the bare app, so no figure about our pages.
CONNECTIONS = 16
SCREEN_DELAY_S = 2.0


@dataclass(frozen=True)
class Sizes:
    people: int
    room: int
    seconds: float

    @classmethod
    def chosen(cls) -> Sizes:
        return cls(people=10, room=30, seconds=2) if quick() else cls(50, 200, 10)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass
class Browser:
    """One web participant's browser: its cookies, the last page it was shown."""

    port: int
    jar: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)
    html: str = ""
    hinted: str = ""  # the plan hints' digest of a step shown again with hints

    def _opener(self, follow: bool = True) -> urllib.request.OpenerDirector:
        handlers: list[Any] = [urllib.request.HTTPCookieProcessor(self.jar)]
        if not follow:
            handlers.append(_NoRedirect())
        return urllib.request.build_opener(*handlers)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path: str) -> str:
        with self._opener().open(self.url(path), timeout=30) as response:
            self.html = response.read().decode()
        return self.html

    def post(self, path: str, form: dict[str, str], follow: bool = True) -> int:
        token = CSRF.search(self.html)
        if token is None:
            raise RuntimeError(f"no form token on the page before POST {path}")
        body = urllib.parse.urlencode({"csrf_token": token.group(1), **form}).encode()
        try:
            with self._opener(follow).open(self.url(path), data=body, timeout=30) as response:
                self.html = response.read().decode()
                return int(response.status)
        except urllib.error.HTTPError as error:  # a 303 not followed
            return int(error.code)

    def cookie(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)

    def joins(self, code: str) -> None:
        self.get(f"/k/{code}")
        self.post(f"/k/{code}/deltag", {"tz": "Europe/Copenhagen"})
        if "Trin 1 af" not in self.html:
            raise RuntimeError("joining did not open the first step")

    def answers(self, code: str, index: int, values: dict[str, Any], follow: bool = True) -> int:
        """A step sent; a step shown again with plan hints is sent again as it is (read)."""
        form = {"index": str(index), **_as_form(values)}
        if self.hinted:
            form["hinted"] = self.hinted
        status = self.post(f"/k/{code}/trin", form, follow)
        hinted = HINTED.search(self.html) if follow else None
        self.hinted = ""
        if hinted is not None and "plan-hints" in self.html:
            self.hinted = hinted.group(1)
            if index < len(_answers()) - 1:
                status = self.answers(code, index, values, follow)
        return status


def _as_form(values: dict[str, Any]) -> dict[str, str]:
    """As a browser posts a step: a ticked box its value, an unticked one nothing."""
    return {
        k: ("named" if v is True else str(v)) for k, v in values.items() if v not in (False, None)
    }


def _answers() -> list[dict[str, Any]]:
    """The tests' answers to every step, the next steps' dates moved into the future (a date
    already past is refused, as it should be)."""
    from datetime import date, timedelta

    from tests.support.people import STEP_ANSWERS

    answers = [dict(step) for step in STEP_ANSWERS]
    for key in answers[-1]:
        if key.endswith(".date"):
            slot = int(key.split(".")[1])
            answers[-1][key] = (date.today() + timedelta(days=30 * slot)).isoformat()
    return answers


def _figures(port: int, token: str) -> dict[str, Any]:
    with urllib.request.urlopen(
        f"http://127.0.0.1:{port}/skaerm/{token}/tal.json", timeout=10
    ) as response:
        found: dict[str, Any] = json.loads(response.read())
    return found


def _stored_workshop(database_url: str) -> tuple[int, str]:
    """The run's one workshop: its id, and its code as stored (the page's own spelling)."""
    from sqlalchemy import text

    from bench.project import engine

    connection = engine(database_url).connect()
    try:
        row = connection.execute(text("SELECT id, code FROM workshops")).one()
    finally:
        connection.close()
    return int(row[0]), str(row[1])


def _screen_token(workshop_id: int) -> str:
    from itsdangerous import URLSafeSerializer

    return URLSafeSerializer(SECRET.encode(), salt="screen").dumps(workshop_id)


@dataclass
class Results:
    figures: dict[tuple[str, str, str], list[float]] = field(default_factory=dict)

    def add(self, server: str, page: str, figure: str, value: float) -> None:
        self.figures.setdefault((server, page, figure), []).append(value)

    def spread(self, server: str, page: str, figure: str) -> Spread:
        return Spread.of(self.figures.get((server, page, figure), [float("nan")]))


def _measure(
    server: Server, name: str, pages: Sequence[wrk.Page], label: str, sizes: Sizes, out: Results
) -> None:
    pool = wrk.write_pages(pages, f"web-{name}-{label}")
    single = wrk.saturate_pages(server.port, pool, connections=1, seconds=sizes.seconds / 2)
    loaded = wrk.saturate_pages(server.port, pool, connections=CONNECTIONS, seconds=sizes.seconds)
    for outcome in (single, loaded):
        if outcome.failed:
            raise RuntimeError(
                f"{name} {label}: {outcome.failed} wrong answers: {outcome.failed_bodies[:500]}"
            )
    # Connections the server reset or refused under saturation: counted, and reported.
    out.add(name, label, "socket_errors", loaded.socket_errors + loaded.timeouts)
    out.add(name, label, "p50_1", single.p50)
    out.add(name, label, "p99_1", single.p99)
    out.add(name, label, "rps_50", loaded.throughput)
    out.add(name, label, "p99_50", loaded.p99)


def _room(server: Server, code: str, token: str, people: list[Browser]) -> dict[str, list[float]]:
    """Everyone presses the last step within one second while the screen is polled."""
    answers = _answers()
    last = len(answers) - 1
    before = _figures(server.port, token)["answered"]["number"]
    polls: list[tuple[float, int]] = []
    stop = threading.Event()

    def poll() -> None:
        while not stop.is_set():
            count = _figures(server.port, token)["answered"]["number"]
            polls.append((time.monotonic(), count - before))
            time.sleep(0.05)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    start = time.monotonic() + 0.2
    gap = 1.0 / len(people)

    def press(index: int, person: Browser) -> tuple[float, float, int]:
        time.sleep(max(0.0, start + index * gap - time.monotonic()))
        began = time.monotonic()
        status = person.answers(code, last, answers[last], follow=False)
        return began, time.monotonic(), status

    with ThreadPoolExecutor(max_workers=64) as pool:
        pressed = list(pool.map(lambda pair: press(*pair), enumerate(people)))
    time.sleep(SCREEN_POLL_S)
    stop.set()
    poller.join()
    wrong = [status for _, _, status in pressed if status != 303]
    if wrong:
        raise RuntimeError(f"{len(wrong)} last steps were not saved: {wrong[:5]}")
    finished = sorted(done for _, done, _ in pressed)
    delays = []
    for k, done in enumerate(finished, start=1):
        seen = next((at for at, count in polls if at >= done and count >= k), None)
        if seen is None:
            raise RuntimeError(f"the screen never counted {k} answers")
        delays.append(seen - done)
    return {
        "delay": delays,
        "latency": [(done - began) * 1000 for began, done, _ in pressed],
    }


def run() -> Section:
    from tests.support.slack_standin import SlackStandIn

    section = Section(TITLE)
    ok, why = wrk.available()
    if not ok:
        section.note(f"*Not measured: {why}.*")
        return section
    sizes = Sizes.chosen()
    out = Results()
    room_figures: dict[str, list[float]] = {"delay": [], "latency": [], "p99_delay": []}
    with ExitStack() as stack:
        standin = stack.enter_context(SlackStandIn())
        cwd = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        url = f"sqlite:///{cwd}/web.sqlite3"
        extra = {"PUBLIC_URL": PUBLIC_URL, "WEB_SECRET_KEY": SECRET}
        ours = stack.enter_context(web("web", env_for(standin.base_url, url, **extra), cwd))
        bare = stack.enter_context(
            web("bare-flask", env_for(standin.base_url, url), cwd, module="bench.bare_flask")
        )
        room = slack.Room(ours.port, standin, Vocabulary(), seed=7)
        room.create("UFACIL01", "Temadag om sundhedspolitik")
        workshop_id, code = _stored_workshop(url)
        token = _screen_token(workshop_id)
        people = [Browser(ours.port) for _ in range(sizes.people)]
        for person in people:
            person.joins(code)
        ours_pages = {
            "step page": [wrk.Page(f"/k/{code}", p.cookie(), "Trin 1 af") for p in people],
            "code page": [wrk.Page("/", "", 'name="code"')],
            "screen figures": [wrk.Page(f"/skaerm/{token}/tal.json", "", '"joined"')],
        }
        bare_pages = {
            "step page": [wrk.Page("/side", "", "Trin 2 af 6")],
            "code page": [wrk.Page("/side", "", "Trin 2 af 6")],
            "screen figures": [wrk.Page("/tal.json", "", '"joined"')],
        }
        for rep in range(repetitions()):
            print(f"  repetition {rep + 1}: pages, then a room of {sizes.room}", flush=True)
            order = [("bare", bare, bare_pages), ("ours", ours, ours_pages)]
            if rep % 2:
                order.reverse()
            for name, server, pages in order:
                for label, listed in pages.items():
                    _measure(server, name, listed, label, sizes, out)
            crowd = [Browser(ours.port) for _ in range(sizes.room)]
            answers = _answers()
            for person in crowd:
                person.joins(code)
                for index, values in enumerate(answers[:-1]):
                    person.answers(code, index, values)

            seen = _room(ours, code, token, crowd)
            room_figures["delay"].extend(seen["delay"])
            room_figures["latency"].extend(seen["latency"])
            room_figures["p99_delay"].append(percentile(seen["delay"], 99))
        problems = ours.problems() + bare.problems()
    _report(section, out, room_figures, sizes, problems)
    return section


def _report(
    section: Section,
    out: Results,
    room: dict[str, list[float]],
    sizes: Sizes,
    problems: list[str],
) -> None:
    for page in ("step page", "code page", "screen figures"):
        section.add(
            Figure(
                TITLE,
                page,
                "server time p99, one connection",
                out.spread("ours", page, "p99_1"),
                "ms",
                baseline=out.spread("bare", page, "p99_1"),
                baseline_name="bare Flask",
                target=below(PAGE_P99_MS, "ms"),
            )
        )
        section.add(
            Figure(
                TITLE,
                page,
                "server time p50, one connection",
                out.spread("ours", page, "p50_1"),
                "ms",
                baseline=out.spread("bare", page, "p50_1"),
                baseline_name="bare Flask",
            )
        )
        section.add(
            Figure(
                TITLE,
                page,
                f"pages a second at {CONNECTIONS} connections",
                out.spread("ours", page, "rps_50"),
                "/s",
                baseline=out.spread("bare", page, "rps_50"),
                baseline_name="bare Flask",
            )
        )
        section.add(
            Figure(
                TITLE,
                page,
                f"socket errors and timeouts at {CONNECTIONS} connections",
                out.spread("ours", page, "socket_errors"),
                "",
                baseline=out.spread("bare", page, "socket_errors"),
                baseline_name="bare Flask",
            )
        )
        section.add(
            Figure(
                TITLE,
                page,
                f"p99 at {CONNECTIONS} connections",
                out.spread("ours", page, "p99_50"),
                "ms",
                baseline=out.spread("bare", page, "p99_50"),
                baseline_name="bare Flask",
            )
        )
    delay = Spread.of([percentile(room["delay"], 50)])
    section.add(
        Figure(
            TITLE,
            "screen",
            f"answer to figures, p99 of {sizes.room} pressing within a second",
            Spread.of(room["p99_delay"]),
            "s",
            target=at_most(SCREEN_DELAY_S - SCREEN_POLL_S, "s"),
        )
    )
    section.note(
        f"The figures counted an answer a median {delay.median:.3f} s after its response; the "
        f"screen's script asks every {SCREEN_POLL_S:g} s, so the room sees it at most that "
        f"much later (target: under {SCREEN_DELAY_S:.0f} s in all). The last step's response "
        f"took p50 {percentile(room['latency'], 50):.0f} ms, p99 "
        f"{percentile(room['latency'], 99):.0f} ms while they pressed."
    )
    section.note(
        "Baseline: a bare Flask app under the same gunicorn settings (bench/bare_flask.py), "
        "its page of the same shape; server time is wrk's latency with one connection, so no "
        "request waits for another."
    )
    if problems:
        section.note(f"*The servers logged {len(problems)} problems; see bench/out/logs.*")
