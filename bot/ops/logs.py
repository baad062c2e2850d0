"""LOG_FORMAT=json: one JSON object per line, for a log shipper; the text format stays default.

The fields are those a shipper indexes: time (UTC, ISO 8601), level, logger, message, process,
thread, and the exception's type and frames when there is one. The message is the one the text
format prints, so what is kept out of the text logs (answers, tokens) stays out of these too.
"""

from __future__ import annotations

import json
import logging
import traceback
from datetime import UTC, datetime

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
