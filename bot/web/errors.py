"""Error pages in the person's language: 400, 404, 405, 410, 429, 500; never a stack trace."""

from __future__ import annotations

import logging
import math

from flask import Flask, Response, render_template
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)
# Codes with their own words; any other 4xx reads as a 400, any other 5xx as a 500.
KNOWN = frozenset({400, 404, 405, 410, 429, 500})


def install(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)


def _http_error(error: HTTPException) -> Response:
    code = error.code or 500
    if code >= 500 and isinstance(error, InternalServerError) and error.original_exception:
        log.error("web page failed", exc_info=error.original_exception)
    shown = code if code in KNOWN else (500 if code >= 500 else 400)
    minutes = 1
    retry_after = getattr(error, "retry_after", None)
    if isinstance(retry_after, int | float):
        minutes = max(1, math.ceil(retry_after / 60))
    response = Response(render_template("error.html", code=shown, minutes=minutes), status=code)
    for name, value in error.get_headers():
        if name.lower() in ("retry-after", "allow"):
            response.headers[name] = value
    return response


def _unexpected(error: Exception) -> Response:
    log.error("web page failed", exc_info=error)
    return Response(render_template("error.html", code=500, minutes=1), status=500)
