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
        "PUBLIC_URL",
        "SMTP_URL",
        "MAIL_FROM",
        "WEB_SECRET_KEY",
        "TRUSTED_PROXIES",
        "TOKEN_ENCRYPTION_KEY",
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
        ("PUBLIC_URL", "temadag.example.org"),
        ("PUBLIC_URL", "https://temadag.example.org/?x=1"),
        ("SMTP_URL", "mail.example.org:587"),
        ("SMTP_URL", "smtp://mail.example.org:port"),
        ("MAIL_FROM", "temadag"),
        ("WEB_SECRET_KEY", "short"),
        ("TRUSTED_PROXIES", "9"),
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


def test_an_smtp_url_needs_a_sender_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMTP_URL", "smtp://mail.example.org")
    with pytest.raises(ConfigError) as error:
        load_settings()
    assert "MAIL_FROM: Value error, must be set when SMTP_URL is" in str(error.value)
    monkeypatch.setenv("MAIL_FROM", "Temadag <temadag@example.org>")
    assert load_settings().mail_enabled is True


def test_the_session_cookie_is_secure_when_the_public_url_is_https(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert load_settings().secure_cookies is False
    monkeypatch.setenv("PUBLIC_URL", "https://temadag.example.org/")
    settings = load_settings()
    assert settings.secure_cookies is True
    assert settings.public_url == "https://temadag.example.org"


def test_the_web_secret_is_derived_from_the_signing_secret_when_not_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "signing-secret")
    derived = load_settings().web_secret
    assert derived == load_settings().web_secret
    assert b"signing-secret" not in derived
    monkeypatch.setenv("WEB_SECRET_KEY", "k" * 32)
    assert load_settings().web_secret == b"k" * 32
