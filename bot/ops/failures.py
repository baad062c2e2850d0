"""An exception as the one line an operator reads: the driver's own words, not SQLAlchemy's
wrapper (whose text is several lines and ends in a link), so "database unreachable" says
whether the database is missing, the login was refused or the server is not answering."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError


def one_line(exc: BaseException) -> str:
    cause: BaseException = exc
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        cause = exc.orig
    words = " ".join(line.strip() for line in str(cause).splitlines() if line.strip())
    return f"{type(cause).__name__}: {words}" if words else type(cause).__name__
