"""Migrations: several processes migrating one database at once (release step, web, worker)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from storage.db import make_engine
from storage.migrate import alembic_config, migrating, upgrade

ROOT = Path(__file__).resolve().parents[2]
PROCESSES = 4
ROUNDS = 3
HEAD = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()

# Everything is imported before the gate opens, so the processes migrate at the same moment.
_MIGRATOR = """
import sys
from storage.migrate import upgrade
sys.stdin.readline()
upgrade(sys.argv[1])
print("migrated", flush=True)
"""


def _migrate_at_once(url: str) -> list[tuple[int, str]]:
    environment = os.environ | {"PYTHONPATH": str(ROOT)}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _MIGRATOR, url],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=environment,
        )
        for _ in range(PROCESSES)
    ]
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    results = []
    for process in processes:
        output, _ = process.communicate(timeout=120)
        results.append((process.returncode, output))
    return results


def _fresh_databases(database_url: str, request: pytest.FixtureRequest) -> list[str]:
    if database_url.startswith("sqlite"):
        base = database_url.removesuffix(".sqlite3")
        return [f"{base}-{n}.sqlite3" for n in range(ROUNDS)]
    cluster = request.getfixturevalue("pg_cluster")
    names = [f"{database_url.rsplit('/', 1)[1]}m{n}" for n in range(ROUNDS)]
    request.addfinalizer(lambda: [cluster.drop_database(name) for name in names])
    return [cluster.create_database(name) for name in names]


def test_processes_migrating_one_database_at_once_all_succeed(
    database_url: str, request: pytest.FixtureRequest
) -> None:
    for url in _fresh_databases(database_url, request):
        results = _migrate_at_once(url)
        failures = [output for code, output in results if code != 0]
        assert failures == []
        engine = make_engine(url)
        try:
            with engine.connect() as connection:
                versions = connection.execute(text("SELECT version_num FROM alembic_version"))
                assert [row[0] for row in versions] == [HEAD]
        finally:
            engine.dispose()


def test_migrating_says_nothing_at_info_level(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    upgrade(database_url)
    upgrade(database_url)
    assert [r.getMessage() for r in caplog.records if r.name.startswith("alembic")] == []


_FIRST_REVISION_ROWS = [
    "INSERT INTO workshops (id, team_id, code, title, day, channel_id, language, template_id, "
    "template_version, status, min_group_size, followup_offsets, retention_months, "
    "reminder_delay_minutes, created_by, created_at) VALUES (1, 'T1', 'KODE42', 'Temadag', "
    "'2026-03-01', 'C1', 'da', 'health_policy', 1, 'closed', 5, '[\"2w\"]', 12, 45, 'UFAC', "
    "'2026-03-01 08:00:00')",
    "INSERT INTO workshop_facilitators (workshop_id, user_id) VALUES (1, 'UFAC')",
    "INSERT INTO participants (id, team_id, workshop_id, user_id, joined_at, named) "
    "VALUES (1, 'T1', 1, 'UDELTAGER', '2026-03-01 09:00:00', false)",
    "INSERT INTO reflections (id, participant_id, template_id, template_version, current_step, "
    "status, started_at, updated_at) VALUES (1, 1, 'health_policy', 1, 2, 'in_progress', "
    "'2026-03-01 09:00:00', '2026-03-01 09:10:00')",
    "INSERT INTO answers (participant_id, step_id, question_id, value, updated_at) "
    "VALUES (1, 'hard', 'hard', '{\"text\": \"Ledelsen bakker op\"}', '2026-03-01 09:05:00')",
    "INSERT INTO next_steps (id, participant_id, position, text, status, created_at, "
    "updated_at) VALUES (1, 1, 1, 'Jeg vil ringe til Lone', 'open', '2026-03-01 09:10:00', "
    "'2026-03-01 09:10:00')",
]
_KEPT = ["workshops", "workshop_facilitators", "participants", "reflections", "answers"]


def test_an_upgrade_keeps_every_row_that_refers_to_a_rebuilt_table(database_url: str) -> None:
    """SQLite rebuilds a table to alter it; with foreign keys on, dropping the old `workshops`
    would delete every participant, answer and facilitator of it (ON DELETE CASCADE)."""
    from alembic import command

    engine = make_engine(database_url)
    try:
        config = alembic_config(database_url)
        base = ScriptDirectory.from_config(config).get_base()
        with engine.begin() as connection:  # the first schema has no table to rebuild
            config.attributes["connection"] = connection
            command.upgrade(config, str(base))
        with engine.begin() as connection:
            for statement in _FIRST_REVISION_ROWS:
                connection.execute(text(statement))
        upgrade(database_url)
        with engine.connect() as connection:
            counts = {
                table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()
                for table in [*_KEPT, "next_steps"]
            }
            if engine.dialect.name == "sqlite":
                assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert counts == dict.fromkeys([*_KEPT, "next_steps"], 1)
    finally:
        engine.dispose()


# A database as the release before channels left it: three workshops of two workspaces, a
# Slack Connect guest, facilitators, answers and next steps, outcomes, outbox rows addressed to
# participants and to a facilitator, profiles, the access log, and a counted tally.
_AT = "'2026-03-01 09:00:00'"
_PREVIOUS_RELEASE_ROWS = [
    *(
        "INSERT INTO workshops (id, team_id, code, title, day, channel_id, language, "
        "template_id, template_version, status, min_group_size, followup_offsets, "
        "retention_months, reminder_delay_minutes, created_by, created_at, agenda_themes) "
        f"VALUES ({n}, '{team}', 'KODE{n}', 'Temadag {n}', '2026-03-0{n}', 'C{n}', 'da', "
        f"'health_policy', 1, 'closed', 5, '[\"2w\"]', 12, 45, 'UFAC', {_AT}, '[]')"
        for n, team in ((1, "T1"), (2, "T1"), (3, "T2"))
    ),
    *(
        f"INSERT INTO workshop_facilitators (workshop_id, user_id) VALUES ({n}, '{user}')"
        for n, user in ((1, "UFAC"), (1, "UCO"), (2, "UFAC"), (3, "UFAC"))
    ),
    *(
        "INSERT INTO participants (id, team_id, workshop_id, user_id, home_team_id, joined_at, "
        f"named, followups_planned) VALUES ({pid}, '{team}', {wid}, '{user}', {home}, {_AT}, "
        "false, false)"
        for pid, team, wid, user, home in (
            (1, "T1", 1, "UANNA", "NULL"),
            (2, "T1", 1, "UBO", "NULL"),
            (3, "T1", 2, "UANNA", "NULL"),
            (4, "T1", 2, "UGAST", "'T9'"),
            (5, "T2", 3, "UANNA", "NULL"),
        )
    ),
    *(
        "INSERT INTO reflections (participant_id, template_id, template_version, current_step, "
        f"status, started_at, updated_at) VALUES ({pid}, 'health_policy', 1, 2, 'in_progress', "
        f"{_AT}, {_AT})"
        for pid in (1, 2, 3, 4, 5)
    ),
    *(
        "INSERT INTO answers (participant_id, step_id, question_id, value, updated_at, tagged) "
        f"VALUES ({pid}, 'hard', 'hard', '{{\"text\": \"Svar {pid}\"}}', {_AT}, true)"
        for pid in (1, 2, 3, 4, 5)
    ),
    *(
        "INSERT INTO answer_factors (participant_id, question_id, factor_id, workshop_id) "
        f"VALUES ({pid}, 'hard', '*', {wid})"
        for pid, wid in ((1, 1), (2, 1), (3, 2))
    ),
    *(
        "INSERT INTO next_steps (id, participant_id, position, text, status, created_at, "
        f"updated_at) VALUES ({pid}, {pid}, 1, 'Skridt {pid}', 'open', {_AT}, {_AT})"
        for pid in (1, 2, 3, 4, 5)
    ),
    "INSERT INTO help_requests (team_id, participant_id, next_step_id, wave, obstacle, "
    f"share_step, share_obstacle, share_name, created_at, updated_at) VALUES ('T1', 1, 1, '2w', "
    f"'Ingen tid', true, true, false, {_AT}, {_AT})",
    "INSERT INTO peer_requests (team_id, requester_participant_id, factor_id, state, "
    f"requested_at, expires_at, updated_at) VALUES ('T1', 2, 'networks', 'requested', {_AT}, "
    f"{_AT}, {_AT})",
    "INSERT INTO factor_ratings (participant_id, wave, factor_id, light, rated_at) "
    f"VALUES (3, '2w', 'networks', 'green', {_AT})",
    *(
        "INSERT INTO outbox (team_id, kind, dedupe_key, recipient_user_id, workshop_id, "
        f"participant_id, payload, due_at, attempts, created_at, sent_at) VALUES ('{team}', "
        f"'{kind}', '{key}', '{user}', {wid}, {pid}, '{{}}', {_AT}, 0, {_AT}, {sent})"
        for team, kind, key, user, wid, pid, sent in (
            ("T1", "followup", "followup:1:2w", "UANNA", 1, 1, _AT),
            ("T1", "followup", "followup:2:2w", "UBO", 1, 2, "NULL"),
            ("T9", "followup", "followup:4:2w", "UGAST", 2, 4, "NULL"),
            ("T1", "digest", "digest:1:2w:1:UFAC", "UFAC", 1, "NULL", "NULL"),
        )
    ),
    *(
        "INSERT INTO user_profiles (team_id, user_id, locale, tz, language_pref) "
        f"VALUES ('{team}', '{user}', 'da-DK', 'Europe/Copenhagen', NULL)"
        for team, user in (("T1", "UANNA"), ("T1", "UBO"), ("T2", "UANNA"), ("T1", "UFAC"))
    ),
    *(
        "INSERT INTO access_log (team_id, workshop_id, actor_user_id, action, created_at) "
        f"VALUES ('{team}', {wid}, '{user}', '{action}', {_AT})"
        for team, wid, user, action in (
            ("T1", 1, "UFAC", "summary"),
            ("T1", 2, "UFAC", "export"),
            ("T1", "NULL", "UANNA", "data_request"),
            ("T2", 3, "UFAC", "summary"),
        )
    ),
    *(
        "INSERT INTO barrier_tallies (workshop_id, questions, answers, people, factors, joined, "
        f"started, completed, round_only) VALUES ({wid}, 'hard', 2, 2, '{{}}', 2, 2, 0, 0)"
        for wid in (1, 2)
    ),
]
_PEOPLE_TABLES = ["user_profiles", "participants", "workshop_facilitators", "outbox", "access_log"]
_ROWS_KEPT = [
    "workshops",
    "reflections",
    "answers",
    "answer_factors",
    "next_steps",
    "help_requests",
    "peer_requests",
    "factor_ratings",
    "barrier_tallies",
    *_PEOPLE_TABLES,
]


def _migrate(engine: Engine, url: str, revision: str, *, down: bool = False) -> None:
    from alembic import command

    config = alembic_config(url)
    with migrating(engine) as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def _rows(engine: Engine, columns: dict[str, list[str]]) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the tables, in the columns the previous release had."""
    with engine.connect() as connection:
        return {
            table: sorted(
                tuple(row)
                for row in connection.execute(text(f"SELECT {', '.join(names)} FROM {table}"))
            )
            for table, names in columns.items()
        }


def _channels(engine: Engine) -> dict[str, set[str]]:
    with engine.connect() as connection:
        return {
            table: set(connection.execute(text(f"SELECT DISTINCT channel FROM {table}")).scalars())
            for table in _PEOPLE_TABLES
        }


def _leaving_forgets_the_tally(engine: Engine, participant_id: int, workshop_id: int) -> bool:
    with engine.begin() as connection:
        connection.execute(text(f"DELETE FROM participants WHERE id = {participant_id}"))
        left = connection.execute(
            text(f"SELECT count(*) FROM barrier_tallies WHERE workshop_id = {workshop_id}")
        )
        return left.scalar() == 0


def test_it_keeps_every_row_as_a_slack_person_when_a_previous_release_database_upgrades(
    database_url: str,
) -> None:
    engine = make_engine(database_url)
    try:
        _migrate(engine, database_url, "0010")
        with engine.begin() as connection:
            for statement in _PREVIOUS_RELEASE_ROWS:
                connection.execute(text(statement))
        with engine.connect() as connection:
            columns = {
                table: list(connection.execute(text(f"SELECT * FROM {table}")).keys())
                for table in _ROWS_KEPT
            }
        before = _rows(engine, columns)
        assert all(before[table] for table in _ROWS_KEPT)

        _migrate(engine, database_url, "head")
        assert _rows(engine, columns) == before
        assert _channels(engine) == {table: {"slack"} for table in _PEOPLE_TABLES}

        _migrate(engine, database_url, "0010", down=True)
        assert _rows(engine, columns) == before
        with engine.connect() as connection:
            for table in _PEOPLE_TABLES:
                kept = connection.execute(text(f"SELECT * FROM {table}")).keys()
                assert "channel" not in kept
        # The tally triggers outlive both rebuilds of participants (SQLite's batch mode).
        assert _leaving_forgets_the_tally(engine, participant_id=1, workshop_id=1)
        _migrate(engine, database_url, "head")
        assert _leaving_forgets_the_tally(engine, participant_id=3, workshop_id=2)
    finally:
        engine.dispose()


def test_it_refuses_to_downgrade_while_a_person_outside_slack_is_stored(
    database_url: str,
) -> None:
    engine = make_engine(database_url)
    try:
        upgrade(database_url, engine)
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO user_profiles (team_id, channel, user_id) "
                    "VALUES ('T1', 'web', 'U1')"
                )
            )
        with pytest.raises(RuntimeError, match="outside Slack"):
            _migrate(engine, database_url, "0010", down=True)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM user_profiles")).scalar() == 1
    finally:
        engine.dispose()


def _tag_words(engine: Engine) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        return list(
            connection.execute(
                text("SELECT factor_id, word FROM answer_factors ORDER BY factor_id")
            )
        )


def test_it_adds_the_placing_word_to_stored_factors_and_takes_it_away_again(
    database_url: str,
) -> None:
    engine = make_engine(database_url)
    try:
        _migrate(engine, database_url, "0013")
        with engine.begin() as connection:
            for statement in _FIRST_REVISION_ROWS[:5]:
                connection.execute(text(statement))
            connection.execute(
                text(
                    "INSERT INTO answer_factors (participant_id, question_id, factor_id, "
                    "workshop_id) VALUES (1, 'hard', '*', 1), (1, 'hard', 'leadership_backing', 1)"
                )
            )
        _migrate(engine, database_url, "0014")
        # A row stored before keeps its factor, without a word until it is tagged again.
        assert _tag_words(engine) == [("*", None), ("leadership_backing", None)]
        with engine.begin() as connection:
            connection.execute(
                text("UPDATE answer_factors SET word = 'Ledelsen' WHERE factor_id <> '*'")
            )
        assert _tag_words(engine) == [("*", None), ("leadership_backing", "Ledelsen")]

        _migrate(engine, database_url, "0013", down=True)
        with engine.connect() as connection:
            kept = connection.execute(text("SELECT * FROM answer_factors")).keys()
            assert "word" not in kept
            assert connection.execute(text("SELECT count(*) FROM answer_factors")).scalar() == 2
        _migrate(engine, database_url, "head")
        # The tally triggers on answer_factors outlive the column coming and going.
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO barrier_tallies (workshop_id, questions, answers, people, "
                    "factors, joined, started, completed, round_only) "
                    "VALUES (1, 'hard', 1, 1, '{}', 1, 1, 1, 0)"
                )
            )
            connection.execute(text("DELETE FROM answer_factors WHERE factor_id <> '*'"))
            left = connection.execute(text("SELECT count(*) FROM barrier_tallies"))
            assert left.scalar() == 0
    finally:
        engine.dispose()


_TALLY = (
    "INSERT INTO barrier_tallies (workshop_id, questions, answers, people, factors, joined, "
    "started, completed, round_only) VALUES (1, 'hard', 1, 1, '{}', 1, 1, 1, 0)"
)


def _tallies(connection: Any) -> int:
    return int(connection.execute(text("SELECT count(*) FROM barrier_tallies")).scalar())


def test_it_adds_the_facilitators_corrections_that_forget_the_kept_tally_and_takes_them_away(
    database_url: str,
) -> None:
    engine = make_engine(database_url)
    try:
        _migrate(engine, database_url, "0014")
        with engine.begin() as connection:
            for statement in _FIRST_REVISION_ROWS[:5]:
                connection.execute(text(statement))
        _migrate(engine, database_url, "0015")
        correction = (
            "INSERT INTO factor_corrections (participant_id, question_id, factor_id, "
            "workshop_id, placed, channel, user_id, corrected_at) VALUES (1, 'hard', "
            "'networks', 1, true, 'slack', 'UFAC', '2026-03-02 10:00:00')"
        )
        # Each change of a correction forgets the workshop's kept `alle` tally.
        with engine.begin() as connection:
            connection.execute(text(_TALLY))
            connection.execute(text(correction))
            assert _tallies(connection) == 0
            connection.execute(text(_TALLY))
            connection.execute(text("UPDATE factor_corrections SET placed = false"))
            assert _tallies(connection) == 0
            connection.execute(text(_TALLY))
            # Deleting the answer deletes its corrections (and forgets the tally).
            connection.execute(text("DELETE FROM answers WHERE question_id = 'hard'"))
            assert connection.execute(text("SELECT count(*) FROM factor_corrections")).scalar() == 0
            assert _tallies(connection) == 0

        _migrate(engine, database_url, "0014", down=True)
        with engine.connect() as connection:
            tables = connection.execute(
                text(
                    "SELECT table_name FROM information_schema.tables"
                    if database_url.startswith("postgresql")
                    else "SELECT name FROM sqlite_master WHERE type = 'table'"
                )
            ).scalars()
            assert "factor_corrections" not in set(tables)
        _migrate(engine, database_url, "head")
    finally:
        engine.dispose()
