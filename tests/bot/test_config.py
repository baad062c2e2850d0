"""Configuration: defaults, and bad values that name the variable."""

from __future__ import annotations

import pytest

from bot.config import ConfigError, load_settings


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    for name in (
        "SLACK_BOT_TOKEN",
        "SLACK_SIGNING_SECRET",
        "SLACK_APP_TOKEN",
        "DATABASE_URL",
        "PORT",
        "FACILITATOR_IDS",
        "DEFAULT_TIMEZONE",
        "DEFAULT_LANGUAGE",
        "LOG_LEVEL",
    ):
        monkeypatch.delenv(name, raising=False)


def test_it_starts_from_sensible_defaults() -> None:
    settings = load_settings()
    assert settings.database_url == "sqlite:///temadag.sqlite3"
    assert (settings.port, settings.default_timezone, settings.default_language) == (
        3000,
        "Europe/Copenhagen",
        "da",
    )
    assert settings.facilitators == frozenset()
    assert settings.slack_api_url == "https://slack.com/api/"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("PORT", "abc"),
        ("DEFAULT_TIMEZONE", "Mars/Olympus"),
        ("DEFAULT_LANGUAGE", "sv"),
        ("FACILITATOR_IDS", "U123, bob"),
        ("LOG_LEVEL", "LOUD"),
        ("SLACK_API_URL", "slack.com"),
    ],
)
def test_a_bad_value_fails_with_a_message_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as error:
        load_settings()
    assert variable in str(error.value)


def test_values_are_read_from_a_dotenv_file(tmp_path) -> None:
    (tmp_path / ".env").write_text("FACILITATOR_IDS=U1,U2\nDEFAULT_LANGUAGE=EN\n", encoding="utf-8")
    settings = load_settings()
    assert settings.facilitators == {"U1", "U2"}
    assert settings.default_language == "en"


def test_socket_mode_needs_an_app_token_and_http_mode_a_signing_secret(monkeypatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    assert load_settings().missing_for_slack() == ["SLACK_SIGNING_SECRET"]
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1")
    assert load_settings().missing_for_slack() == []
