"""PostgreSQL for benchmarks: durable settings, and optionally a data directory that is kept.

The test suite's throwaway cluster (tests/support/postgres.py) switches durability off, which no
production server does; a benchmark on it flatters every write. This one runs with fsync,
synchronous_commit and full_page_writes on (PostgreSQL's defaults, spelled out). A cluster with
`keep=True` lives in bench/out/pg and survives the run, so generated data is reused.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path
from types import TracebackType
from typing import Self

import psycopg
from psycopg import sql

from bench.common import OUT, free_port
from tests.support.postgres import available, find_bin_dir

__all__ = ["DurablePostgres", "available"]

SUPERUSER = "temadag"
DURABLE = "-c fsync=on -c synchronous_commit=on -c full_page_writes=on"
_RUN_AS = "postgres"


class DurablePostgres:
    def __init__(self, *, keep: bool = False) -> None:
        self.keep = keep
        self.port = 0
        self._bin = find_bin_dir()
        self._base: Path | None = None

    def url_for(self, database: str) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def __enter__(self) -> Self:
        ok, why = available()
        if not ok or self._bin is None:
            raise RuntimeError(f"cannot start PostgreSQL: {why}")
        if self.keep:
            self._base = OUT / f"pg{self._bin.parent.name}"
            self._base.mkdir(parents=True, exist_ok=True)
        else:
            self._base = Path(tempfile.mkdtemp(prefix="temadag-bench-pg-"))
        _hand_over(self._base)
        if not (self._data / "PG_VERSION").exists():
            self._run("initdb", "-D", str(self._data), "-A", "trust", "-U", SUPERUSER, "-E", "UTF8")
        self.port = free_port()
        options = f"-p {self.port} -k {self._base} -c listen_addresses=127.0.0.1 {DURABLE}"
        log = str(self.log)
        self._run(
            "pg_ctl", "-D", str(self._data), "-l", log, "-w", "-t", "120", "-o", options, "start"
        )
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._base is None:
            return
        self._run("pg_ctl", "-D", str(self._data), "-m", "fast", "-w", "stop", check=False)
        if not self.keep:
            shutil.rmtree(self._base, ignore_errors=True)
        self._base = None

    def databases(self) -> set[str]:
        with psycopg.connect(self._admin(), autocommit=True) as connection:
            rows = connection.execute("SELECT datname FROM pg_database").fetchall()
        return {str(row[0]) for row in rows}

    def create_database(self, name: str, template: str = "template0") -> str:
        """A new database; from a template, a file copy (fast for a big cached database)."""
        with psycopg.connect(self._admin(), autocommit=True) as connection:
            query = sql.SQL("CREATE DATABASE {} TEMPLATE {} ENCODING 'UTF8' STRATEGY FILE_COPY")
            connection.execute(query.format(sql.Identifier(name), sql.Identifier(template)))
        return self.url_for(name)

    def rename_database(self, old: str, new: str) -> None:
        with psycopg.connect(self._admin(), autocommit=True) as connection:
            query = sql.SQL("ALTER DATABASE {} RENAME TO {}")
            connection.execute(query.format(sql.Identifier(old), sql.Identifier(new)))

    def set_for_database(self, name: str, settings: dict[str, str | None]) -> None:
        """ALTER DATABASE … SET (or RESET, for None): applies to sessions opened afterwards."""
        with psycopg.connect(self._admin(), autocommit=True) as connection:
            for key, value in settings.items():
                if value is None:
                    query = sql.SQL("ALTER DATABASE {} RESET {}")
                    connection.execute(query.format(sql.Identifier(name), sql.SQL(key)))
                else:
                    query = sql.SQL("ALTER DATABASE {} SET {} = {}")
                    connection.execute(
                        query.format(sql.Identifier(name), sql.SQL(key), sql.Literal(value))
                    )

    @property
    def log(self) -> Path:
        assert self._base is not None
        return self._base / "server.log"

    def log_size(self) -> int:
        return self.log.stat().st_size if self.log.exists() else 0

    def log_since(self, offset: int) -> str:
        with self.log.open("rb") as log:
            log.seek(offset)
            return log.read().decode("utf-8", "replace")

    def drop_database(self, name: str) -> None:
        with psycopg.connect(self._admin(), autocommit=True) as connection:
            query = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            connection.execute(query.format(sql.Identifier(name)))

    def settings(self) -> dict[str, str]:
        with psycopg.connect(self._admin(), autocommit=True) as connection:
            rows = connection.execute(
                "SELECT name, setting FROM pg_settings WHERE name IN "
                "('fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers')"
            ).fetchall()
        return {str(name): str(value) for name, value in rows}

    def _admin(self) -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/postgres"

    @property
    def _data(self) -> Path:
        assert self._base is not None
        return self._base / "data"

    def _run(self, tool: str, *args: str, check: bool = True) -> None:
        assert self._bin is not None and self._base is not None
        command = [str(self._bin / tool), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", _RUN_AS, "--", *command]
        done = subprocess.run(
            command,
            cwd=self._base,
            env=os.environ | {"LC_ALL": "C"},
            capture_output=True,
            text=True,
            timeout=300,
        )
        if check and done.returncode != 0:
            raise RuntimeError(f"{tool} failed ({done.returncode}): {done.stderr}{done.stdout}")


def _hand_over(path: Path) -> None:
    # PostgreSQL refuses to run as root: under root its directory belongs to the postgres user.
    path.chmod(0o755)
    if os.geteuid() == 0:
        entry = pwd.getpwnam(_RUN_AS)
        os.chown(path, entry.pw_uid, entry.pw_gid)
