"""What the storage tests share: a migrated database of each kind, as a session factory."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from storage.db import SessionFactory, make_engine, make_session_factory


@pytest.fixture
def sessions(migrated_database_url: str) -> Iterator[SessionFactory]:
    engine = make_engine(migrated_database_url)
    yield make_session_factory(engine)
    engine.dispose()
