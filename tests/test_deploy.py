"""The systemd units beside the Procfile run commands that exist, and give each process the
stop timeout its graceful stop needs."""

from __future__ import annotations

import argparse
import configparser
import shlex
from pathlib import Path

from bot.cli import build_parser

UNITS = Path(__file__).resolve().parents[1] / "deploy" / "systemd"


def unit(name: str) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment, method-assign]
    parser.read(UNITS / name)
    return parser["Service"]


def test_it_runs_commands_that_exist_when_systemd_starts_the_units() -> None:
    parser = build_parser()
    commands = {
        choice
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
        for choice in action.choices
    }
    for name, expected in (("temadag-web.service", "web"), ("temadag-worker.service", "worker")):
        argv = shlex.split(unit(name)["ExecStart"])
        assert argv[0].endswith("/temadag") and argv[1] == expected
        assert argv[1] in commands
    assert shlex.split(unit("temadag-web.service")["ExecStartPre"])[1] == "migrate"


def test_it_gives_the_worker_a_minute_to_finish_sending_when_it_is_stopped() -> None:
    assert int(unit("temadag-worker.service")["TimeoutStopSec"]) >= 60
    assert int(unit("temadag-web.service")["TimeoutStopSec"]) > 30  # gunicorn's own timeout


def test_the_nginx_example_keeps_every_operator_endpoint_off_the_public_port() -> None:
    from bot.ops.endpoints import PATHS

    conf = (UNITS.parent / "nginx" / "temadag.conf").read_text(encoding="utf-8")
    refused = {
        line.split()[2]
        for line in conf.splitlines()
        if line.strip().startswith("location = ") and line.rstrip().endswith("{ return 404; }")
    }
    assert refused == set(PATHS)
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in conf


def test_the_nginx_example_logs_no_link_token_no_query_and_no_address() -> None:
    from bot.web.links import TOKEN_PREFIXES

    conf = (UNITS.parent / "nginx" / "temadag.conf").read_text(encoding="utf-8")
    (log_format,) = [line for line in conf.splitlines() if line.startswith("log_format temadag")]
    assert "$temadag_logged_uri" in log_format
    for leaked in ("$request ", "$request_uri", "$args", "$remote_addr", "$query_string"):
        assert leaked not in log_format
    for prefix in TOKEN_PREFIXES:
        assert prefix.strip("/") in conf.split("map $uri $temadag_logged_uri")[1].split("}")[0]
    assert "access_log /var/log/nginx/temadag.access.log temadag;" in conf
