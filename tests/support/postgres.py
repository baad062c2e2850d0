"""A throwaway PostgreSQL cluster for tests and benchmarks.

Runs the distribution's own `initdb`/`pg_ctl` in a temp dir with durability switched off (a test
database never needs to survive a crash). PostgreSQL refuses to run as root, so under root the
binaries run as the `postgres` OS user. Clusters are stopped at interpreter exit as well, so a
crashed test session does not leave servers behind.
"""

from __future__ import annotations

import atexit
import glob
import os
import pwd
import shlex
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from types import TracebackType
from typing import Self

import psycopg
from psycopg import sql

SUPERUSER = "temadag"
DEFAULT_DATABASE = "temadag_test"
_RUN_AS = "postgres"
_SERVER_OPTIONS = (
    "-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
)
_running: set[PostgresCluster] = set()


def find_bin_dir() -> Path | None:
    """The directory holding initdb and pg_ctl: PATH first, else the newest packaged version."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(os.path.realpath(on_path)).parent
    versions = glob.glob("/usr/lib/postgresql/*/bin")
    found = [Path(d) for d in versions if (Path(d) / "initdb").exists()]
    found.sort(key=lambda d: int(d.parent.name) if d.parent.name.isdigit() else 0)
    return found[-1] if found else None


def available() -> tuple[bool, str]:
    """Whether a cluster can be started here, and if not, why."""
    if find_bin_dir() is None:
        return False, "initdb/pg_ctl not found on PATH or under /usr/lib/postgresql/*/bin"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(_RUN_AS)
        except KeyError:
            return False, f"running as root and there is no {_RUN_AS!r} user to run PostgreSQL"
        if shutil.which("runuser") is None and shutil.which("su") is None:
            return False, "running as root and neither runuser nor su is available"
    return True, "ok"


def libpq_url(url: str) -> str:
    """A SQLAlchemy `postgresql+psycopg://` URL as psycopg itself accepts it."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def reset_database(url: str) -> None:
    """Drop and recreate the public schema: every table, type and sequence goes."""
    with psycopg.connect(libpq_url(url), autocommit=True) as connection:
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")


class PostgresCluster:
    def __init__(self, *, bin_dir: Path | None = None, database: str = DEFAULT_DATABASE) -> None:
        self._bin_dir = bin_dir
        self._database = database
        self._base: Path | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return self.url_for(self._database)

    def url_for(self, database: str) -> str:
        if self._base is None:
            raise RuntimeError("PostgresCluster is not started")
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def start(self) -> str:
        """Create and start the cluster; return the SQLAlchemy URL of its test database."""
        if self._base is not None:
            return self.url
        ok, reason = available()
        if not ok:
            raise RuntimeError(f"cannot start PostgreSQL: {reason}")
        self._bin_dir = self._bin_dir or find_bin_dir()
        self._base = Path(tempfile.mkdtemp(prefix="temadag-pg-"))
        _running.add(self)
        try:
            (self._base / "sock").mkdir()
            for path in (self._base, self._base / "sock"):
                _hand_over(path)
            self._run("initdb", "-D", str(self._data), "-A", "trust", "-U", SUPERUSER)
            self._start_server()
            self.create_database(self._database)
        except BaseException:
            self.stop()
            raise
        return self.url

    def create_database(self, name: str, *, template: str = "template0") -> str:
        """A fresh database in this cluster, a copy of `template` (empty by default).

        Copying a migrated database is a file copy on the server, far cheaper than migrating.
        """
        with psycopg.connect(libpq_url(self.url_for("postgres")), autocommit=True) as connection:
            query = sql.SQL("CREATE DATABASE {} TEMPLATE {} ENCODING 'UTF8'")
            connection.execute(query.format(sql.Identifier(name), sql.Identifier(template)))
        return self.url_for(name)

    def drop_database(self, name: str) -> None:
        with psycopg.connect(libpq_url(self.url_for("postgres")), autocommit=True) as connection:
            query = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            connection.execute(query.format(sql.Identifier(name)))

    def stop(self) -> None:
        """Stop the server without a checkpoint and delete every file of the cluster."""
        _running.discard(self)
        if self._base is None:
            return
        if (self._data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self._data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self._base, ignore_errors=True)
        self._base = None

    def pause(self) -> None:
        """Stop the server but keep its files: an outage the tests can end with resume()."""
        self._run("pg_ctl", "-D", str(self._data), "-m", "fast", "-w", "stop")

    def resume(self) -> None:
        """Start the paused server again on the same port, so existing URLs work again."""
        self._start_server(port=self.port)

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def _data(self) -> Path:
        assert self._base is not None
        return self._base / "data"

    def _start_server(self, port: int | None = None) -> None:
        # The free port is only free until someone else binds it, so retry on a clash.
        for attempt in range(3):
            self.port = port or _free_port()
            options = f"-p {self.port} -k {self._base}/sock {_SERVER_OPTIONS}"
            log = str(self._data.parent / "server.log")
            args = ["-D", str(self._data), "-l", log, "-w", "-t", "60", "-o", options, "start"]
            started = self._run("pg_ctl", *args, check=attempt == 2)
            if started.returncode == 0:
                return

    def _run(self, tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        assert self._bin_dir is not None and self._base is not None
        command = [str(self._bin_dir / tool), *args]
        if tool == "initdb":
            command += ["--no-sync", "-E", "UTF8", "--locale=C"]
        if os.geteuid() == 0:
            command = _as_postgres_user(command)
        # cwd: the postgres user may not be allowed into the caller's working directory.
        env = os.environ | {"LC_ALL": "C"}
        done = subprocess.run(
            command, cwd=self._base, env=env, capture_output=True, text=True, timeout=120
        )
        if check and done.returncode != 0:
            log = self._base / "server.log"
            server_log = log.read_text() if log.exists() else ""
            raise RuntimeError(
                f"{tool} failed ({done.returncode}): {done.stderr}{done.stdout}{server_log}"
            )
        return done


def _as_postgres_user(command: list[str]) -> list[str]:
    if shutil.which("runuser"):
        return ["runuser", "-u", _RUN_AS, "--", *command]
    return ["su", _RUN_AS, "-s", "/bin/sh", "-c", shlex.join(command)]


def _hand_over(path: Path) -> None:
    # Under root the server runs as postgres, which must own its directories; 0755 lets the
    # caller (and tests) read the server log.
    path.chmod(0o755)
    if os.geteuid() == 0:
        entry = pwd.getpwnam(_RUN_AS)
        os.chown(path, entry.pw_uid, entry.pw_gid)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@atexit.register
def _stop_all() -> None:
    for cluster in list(_running):
        cluster.stop()
