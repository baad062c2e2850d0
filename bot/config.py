"""Configuration from the environment and an optional .env file."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import time
from email.utils import parseaddr
from functools import cached_property
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.mail.gateway import SmtpUrl
from flows.timing import SendingWindow

DEFAULT_SQLITE_URL = "sqlite:///temadag.sqlite3"
SLACK_API_URL = "https://slack.com/api/"


class ConfigError(Exception):
    """A configuration value is missing or wrong; the message names the variable."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
        env_ignore_empty=True,  # `NAME=` (as in .env.example) means unset, not ""
    )

    slack_bot_token: str = ""
    slack_signing_secret: str = ""
    slack_app_token: str = ""
    slack_api_url: str = SLACK_API_URL
    # OAuth mode (many workspaces): set SLACK_CLIENT_ID instead of SLACK_BOT_TOKEN.
    slack_client_id: str = ""
    slack_client_secret: str = ""
    slack_redirect_uri: str = ""
    slack_authorize_url: str = "https://slack.com/oauth/v2/authorize"
    token_encryption_key: str = ""
    # Named on the install page, with a link to its privacy notice (who holds the data).
    operator_name: str = ""
    privacy_notice_url: str = ""
    database_url: str = DEFAULT_SQLITE_URL
    port: int = Field(default=3000, ge=1, le=65535)
    facilitator_ids: str = ""
    default_timezone: str = "Europe/Copenhagen"
    default_language: Literal["da", "en"] = "da"
    # Slack offers no Danish locale, so Danish users often run Slack in English; an operator
    # can turn this off to keep DEFAULT_LANGUAGE unless a person picks a language themselves.
    follow_slack_locale: bool = True
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    # json: one JSON object per line for a log shipper; text stays the default.
    log_format: Literal["text", "json"] = "text"
    # `temadag worker` serves /healthz, /readyz, /workerz and /metrics on this port when set.
    metrics_port: int | None = Field(default=None, ge=1, le=65535)
    templates_dir: Path | None = None
    web_concurrency: int = Field(default=2, ge=1, le=64)
    # Days after `app_uninstalled`/`tokens_revoked` before a workspace's data is deleted.
    uninstall_grace_days: int = Field(default=30, ge=0, le=3650)
    # Follow-ups: local office hours in the recipient's time zone, weekdays, no public holidays.
    sending_window_start: time = time(9, 0)
    sending_window_end: time = time(15, 0)
    # Facilitator digests: first one this many days after a wave, then every cadence while the
    # wave still collects answers (until the next wave, at most collect days).
    digest_after_days: int = Field(default=3, ge=0, le=60)
    digest_cadence_days: int = Field(default=7, ge=1, le=90)
    digest_collect_days: int = Field(default=28, ge=1, le=365)
    # Delivery: transient failures are retried with backoff, then dead-lettered.
    outbox_max_attempts: int = Field(default=8, ge=1, le=50)
    delivery_threads: int = Field(default=8, ge=1, le=64)
    # The web pages: where people reach them (links, QR codes, mails; https makes the session
    # cookie Secure), the key that signs that cookie, and how many proxies in front of us may
    # be believed about the client's address (X-Forwarded-For, for the join code's rate limit).
    public_url: str = ""
    web_secret_key: str = ""
    trusted_proxies: int = Field(default=0, ge=0, le=5)
    # Follow-ups by e-mail: smtp://user:password@host:587 (STARTTLS) or smtps://…:465 (TLS).
    smtp_url: str = ""
    mail_from: str = ""

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_log_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower_log_format(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("default_language", mode="before")
    @classmethod
    def _lower_language(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("default_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r} (e.g. Europe/Copenhagen)") from exc
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _api_url_ends_with_slash(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL such as https://slack.com/api/")
        return value if value.endswith("/") else value + "/"

    @field_validator("privacy_notice_url")
    @classmethod
    def _privacy_notice_is_a_web_page(cls, value: str) -> str:
        if value and not value.startswith(("https://", "http://")):
            raise ValueError("must be an http(s) URL such as https://kommune.dk/privatliv")
        return value

    @field_validator("facilitator_ids")
    @classmethod
    def _facilitator_ids_look_like_users(cls, value: str) -> str:
        for user_id in _split_ids(value):
            if user_id[:1] not in ("U", "W") or not user_id.isalnum():
                raise ValueError(f"{user_id!r} is not a Slack user id (like U0123ABCD)")
        return value

    @field_validator("templates_dir")
    @classmethod
    def _templates_dir_exists(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_dir():
            raise ValueError(f"{value} is not a directory")
        return value

    @field_validator("sending_window_end")
    @classmethod
    def _window_end_after_start(cls, value: time, info: ValidationInfo) -> time:
        start = info.data.get("sending_window_start")
        if isinstance(start, time) and not start < value:
            raise ValueError("must be later than SENDING_WINDOW_START (e.g. 09:00 and 15:00)")
        return value

    @field_validator("public_url")
    @classmethod
    def _public_url_is_a_base(cls, value: str) -> str:
        parts = urlsplit(value)
        if value and (parts.scheme not in ("http", "https") or not parts.hostname):
            raise ValueError("must be an http(s) URL such as https://temadag.example.org")
        if parts.query or parts.fragment:
            raise ValueError("must be a base URL without ?query or #fragment")
        return value.rstrip("/")

    @field_validator("web_secret_key")
    @classmethod
    def _web_secret_is_long(cls, value: str) -> str:
        if value and len(value) < 32:
            raise ValueError(
                "must be at least 32 characters (make one with `temadag generate-key`)"
            )
        return value

    @field_validator("smtp_url")
    @classmethod
    def _smtp_url_parses(cls, value: str) -> str:
        if value:
            SmtpUrl.parse(value)
        return value

    @field_validator("mail_from")
    @classmethod
    def _mail_from_is_an_address(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("smtp_url") and not value:
            raise ValueError("must be set when SMTP_URL is (the address mails come from)")
        if value:
            address = parseaddr(value)[1]
            if "@" not in address or not address.rsplit("@", 1)[1]:
                raise ValueError("must be an address such as Temadag <temadag@example.org>")
        return value

    @property
    def mail_enabled(self) -> bool:
        return bool(self.smtp_url)

    @property
    def secure_cookies(self) -> bool:
        return self.public_url.startswith("https://")

    @cached_property
    def web_secret(self) -> bytes:
        """WEB_SECRET_KEY; else derived from SLACK_SIGNING_SECRET or TOKEN_ENCRYPTION_KEY (an
        HMAC under a fixed label, so the secret itself never signs a cookie); else random for
        this process only (sessions do not survive a restart or cross gunicorn workers)."""
        if self.web_secret_key:
            return self.web_secret_key.encode()
        for source in (self.slack_signing_secret, self.token_encryption_key):
            if source:
                return hmac.new(source.encode(), b"temadag web session", hashlib.sha256).digest()
        return secrets.token_bytes(32)

    @property
    def sending_window(self) -> SendingWindow:
        return SendingWindow(start=self.sending_window_start, end=self.sending_window_end)

    @cached_property
    def facilitators(self) -> frozenset[str]:
        return frozenset(_split_ids(self.facilitator_ids))

    @property
    def socket_mode(self) -> bool:
        return bool(self.slack_app_token)

    @property
    def oauth_mode(self) -> bool:
        """Many workspaces, each installing through /slack/install, each with its own token."""
        return bool(self.slack_client_id)

    def missing_for_slack(self) -> list[str]:
        """Variables that must be set before the bot can talk to Slack."""
        missing = []
        if self.oauth_mode:
            if not self.slack_client_secret:
                missing.append("SLACK_CLIENT_SECRET")
            if not self.token_encryption_key:
                missing.append(
                    "TOKEN_ENCRYPTION_KEY (OAuth mode stores tokens encrypted; make one with "
                    "`temadag generate-key`)"
                )
            if self.slack_bot_token:
                missing.append("no SLACK_BOT_TOKEN (OAuth mode takes each workspace's token)")
        elif not self.slack_bot_token:
            missing.append("SLACK_BOT_TOKEN")
        if self.socket_mode:
            if not self.slack_app_token.startswith("xapp-"):
                missing.append("SLACK_APP_TOKEN (an app-level token starting with xapp-)")
        elif not self.slack_signing_secret:
            missing.append("SLACK_SIGNING_SECRET")
        return missing


def _split_ids(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def load_settings(**overrides: object) -> Settings:
    """Read settings, turning pydantic's error into one message per bad variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            name = str(error["loc"][0]).upper() if error["loc"] else "configuration"
            lines.append(f"{name}: {error['msg']}")
        raise ConfigError("Invalid configuration:\n  " + "\n  ".join(lines)) from None
