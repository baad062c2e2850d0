"""Temadag as a server install or a container image has it: a wheel installed into a fresh
virtualenv, with no repository beside it. The doctor runs, and OAuth mode starts and answers.

One wheel per session. The dependencies are not downloaded again: the fresh virtualenv sees a
copy of this environment's installed packages (every one but Temadag itself) through a .pth
file, and `pip check` holds the wheel's declared requirements against them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.bot.test_cli import free_port
from tests.bot.test_cli_production import get, oauth_env, stop, wait_for_health
from tests.support.slack_standin import SlackStandIn

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ("bot", "flows", "storage", "pyproject.toml", "README.md", "LICENSE", "manifest.yml")

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Installed:
    python: Path
    temadag: Path


def _run(*argv: str | Path, cwd: Path) -> str:
    result = subprocess.run(
        [str(a) for a in argv], cwd=cwd, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    base = tmp_path_factory.mktemp("installed")
    # The sources only, copied (links kept as links): no build output lands in the repository.
    source = base / "temadag"
    source.mkdir()
    for name in SHIPPED:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, symlinks=True)
        else:
            shutil.copy2(ROOT / name, source / name)
    pip = (sys.executable, "-m", "pip")
    _run(*pip, "wheel", "-q", "--no-deps", "-w", base / "dist", source, cwd=base)
    (wheel,) = (base / "dist").glob("temadag-*.whl")
    shutil.rmtree(source)

    _run(sys.executable, "-m", "venv", "--without-pip", base / "venv", cwd=base)
    python = base / "venv" / "bin" / "python"
    site = Path(
        _run(
            python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=base
        ).strip()
    )
    deps = base / "deps"
    deps.mkdir()
    ours = Path(sysconfig.get_paths()["purelib"])
    for entry in ours.iterdir():
        if not entry.name.startswith(("temadag", "__editable__", "_virtualenv")):
            (deps / entry.name).symlink_to(entry)
    (site / "dependencies.pth").write_text(f"{deps}\n")
    _run(python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel, cwd=base)
    _run(python, "-m", "pip", "check", cwd=base)
    yield Installed(python, base / "venv" / "bin" / "temadag")


def _environment(extra: dict[str, str]) -> dict[str, str]:
    kept = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE"))}
    kept.pop("PYTHONPATH", None)  # nothing of the repository: only what the wheel installed
    return kept | extra


def test_it_imports_from_the_wheel_not_the_repository(installed: Installed, tmp_path: Path):
    where = _run(installed.python, "-c", "import bot; print(bot.__file__)", cwd=tmp_path)
    assert str(ROOT) not in where and "site-packages" in where
    version = _run(installed.temadag, "--version", cwd=tmp_path)
    assert version.startswith("temadag ") and "unknown" not in version


def test_the_doctor_checks_scopes_from_the_shipped_manifest_when_installed(
    installed: Installed, tmp_path: Path, standin: SlackStandIn
) -> None:
    from bot.ops.doctor import manifest_scopes

    scopes = tuple(sorted(manifest_scopes() or ()))
    standin.add_team("T1", name="Aarhus Kommune", scopes=scopes, bot_token="xoxb-installed")
    url = f"sqlite:///{tmp_path}/doctor.sqlite3"
    env = {
        "SLACK_BOT_TOKEN": "xoxb-installed",
        "SLACK_SIGNING_SECRET": "installed-secret",
        "SLACK_API_URL": standin.base_url,
        "DATABASE_URL": url,
    }
    subprocess.run(
        [installed.temadag, "migrate"], cwd=tmp_path, env=_environment(env), check=True, timeout=60
    )
    result = subprocess.run(
        [installed.temadag, "doctor"],
        cwd=tmp_path,
        env=_environment(env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    slack = next(line for line in result.stdout.splitlines() if line.split()[1:2] == ["slack"])
    assert slack.startswith("ok") and f"has the {len(scopes)} scopes" in slack, result.stdout
    assert "no manifest.yml" not in result.stdout and "Traceback" not in result.stderr


def test_oauth_mode_starts_and_answers_when_installed(installed: Installed, tmp_path: Path):
    port = free_port()
    with SlackStandIn() as standin:
        env = oauth_env(standin, f"sqlite:///{tmp_path}/web.sqlite3", port)
        process = subprocess.Popen(
            [installed.temadag, "web"],
            cwd=tmp_path,
            env=_environment(env),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            wait_for_health(process, port)
            status, page = get(port, "/slack/install")
        finally:
            output = stop(process)
    assert status == 200, page
    assert "FileNotFoundError" not in output and "Traceback" not in output


def test_the_web_pages_and_their_css_come_from_the_wheel_when_installed(
    installed: Installed, tmp_path: Path
) -> None:
    script = (
        "from bot.config import Settings\n"
        "from bot.services import Services\n"
        "from bot.web.app import create_web_app\n"
        "settings = Settings(_env_file=None, slack_signing_secret='s')\n"
        "services = Services(settings, None, None, lambda task: None)\n"
        "client = create_web_app(services).test_client()\n"
        "page = client.get('/tilgaengelighed')\n"
        "css = client.get('/static/temadag.css')\n"
        "print(page.status_code, css.status_code, 'Tilgængelighedserklæring' in page.text)\n"
        "from bot.composition import web_blueprints\n"
        "from importlib.resources import files\n"
        "client = create_web_app(services, web_blueprints()).test_client()\n"
        "script = client.get('/static-facilitation/screen.js').status_code\n"
        "screen = files('bot.facilitation').joinpath('templates/facilitation/screen.html')\n"
        "print(script, screen.is_file())\n"
        "import bot.web; print(bot.web.__file__)\n"
    )
    output = _run(installed.python, "-c", script, cwd=tmp_path).split("\n")
    assert output[0] == "200 200 True"
    assert output[1] == "200 True"  # the room's screen: its script and template
    assert str(ROOT) not in output[2] and "site-packages" in output[2]
