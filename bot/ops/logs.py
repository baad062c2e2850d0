"""LOG_FORMAT=json: one JSON object per line, for a log shipper; the text format stays default.

The fields are those a shipper indexes: time (UTC, ISO 8601), level, logger, message, process,
thread, and the exception's type and frames when there is one. The message is the one the text
format prints, so what is kept out of the text logs (answers, tokens) stays out of these too.
"""

from __future__ import annotations

import json
import logging
import re
import traceback
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit
from wsgiref.simple_server import WSGIRequestHandler

from bot.web.links import TOKEN_PREFIXES, redacted

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
            "thread": record.threadName,
        }
        if record.exc_info and record.exc_info[0] is not None:
            # Type and frames only, as bot.failure_log.log_failure: messages can quote user text.
            entry["exception"] = record.exc_info[0].__name__
            entry["frames"] = "".join(traceback.format_tb(record.exc_info[2]))
        return json.dumps(entry, ensure_ascii=False)


def formatter(log_format: str) -> logging.Formatter:
    return JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)


def use_format(log_format: str) -> None:
    """Give every handler of the root logger the chosen format."""
    for handler in logging.getLogger().handlers:
        handler.setFormatter(formatter(log_format))


def gunicorn_logger(log_format: str) -> type:
    """A gunicorn logger class whose lines (its own and any access lines) take the chosen
    format: with LOG_FORMAT=json, every line of `temadag web` is JSON."""
    from gunicorn import glogging

    class Logger(glogging.Logger):  # type: ignore[misc]
        def setup(self, cfg: Any) -> None:
            super().setup(cfg)
            for handler in (*self.error_log.handlers, *self.access_log.handlers):
                handler.setFormatter(formatter(log_format))

    return Logger


ACCESS = logging.getLogger("temadag.access")
# Probed every few seconds: their lines would drown the log, so they are kept to DEBUG.
QUIET_PATHS = ("/healthz", "/readyz", "/workerz", "/metrics")


class AccessLog(WSGIRequestHandler):
    """The development server's and Socket Mode's access lines, through logging (so
    LOG_FORMAT applies), without the query string (/slack/oauth_redirect carries the OAuth
    `code` and `state` there), without a web link's token (it opens a person's page) and
    without the client's address (a participant's phone is nobody's business here)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        path = urlsplit(self.path).path
        level = logging.DEBUG if path in QUIET_PATHS else logging.INFO
        ACCESS.log(level, '"%s %s" %s', self.command, redacted(path), code)

    def log_message(self, format: str, *args: Any) -> None:
        ACCESS.warning("%s", _TOKEN.sub(r"\1…", _QUERY.sub("", format % args)))


_QUERY = re.compile(r"\?[^\s'\"]*")
_TOKEN = re.compile("(" + "|".join(re.escape(p) for p in TOKEN_PREFIXES) + r")[^\s/'\"]+")
