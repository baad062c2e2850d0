"""Slack tokens encrypted at rest with Fernet; several keys allow rotating the key.

The operator sets TOKEN_ENCRYPTION_KEY to one or more Fernet keys separated by commas, newest
first. The first key encrypts; every key decrypts. Rotating: put a new key in front, restart,
re-encrypt what is stored (storage.installation_tables.reencrypt_tokens), then drop the old
key. A lost key means every workspace must install the app again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

ENV_VAR = "TOKEN_ENCRYPTION_KEY"


class TokenKeyError(ValueError):
    """The configured key(s) are malformed, or none of them opens a stored token."""


class TokenCipher:
    def __init__(self, keys: Sequence[str | bytes]) -> None:
        if not keys:
            raise TokenKeyError(f"{ENV_VAR} is empty: give at least one Fernet key")
        try:
            self._fernet = MultiFernet([Fernet(key) for key in keys])
        except (ValueError, TypeError) as exc:
            raise TokenKeyError(
                f"{ENV_VAR} must hold Fernet keys (32 url-safe base64-encoded bytes each), "
                "separated by commas, newest first"
            ) from exc

    @classmethod
    def from_setting(cls, value: str) -> TokenCipher:
        """Keys as the environment variable holds them: comma-separated, newest first."""
        return cls([key.strip() for key in value.split(",") if key.strip()])

    @staticmethod
    def generate_key() -> str:
        return Fernet.generate_key().decode()

    def encrypt(self, token: str) -> str:
        return self._fernet.encrypt(token.encode()).decode()

    def decrypt(self, stored: str) -> str:
        try:
            return self._fernet.decrypt(stored.encode()).decode()
        except InvalidToken as exc:
            raise TokenKeyError(
                f"a stored Slack token cannot be decrypted with any key in {ENV_VAR}; "
                "was a key removed before the tokens were re-encrypted?"
            ) from exc

    def rotate(self, stored: str) -> str:
        """The same token encrypted with the first (newest) key."""
        try:
            return self._fernet.rotate(stored.encode()).decode()
        except InvalidToken as exc:
            raise TokenKeyError(f"a stored Slack token opens with no key in {ENV_VAR}") from exc


class EncryptedToken(TypeDecorator[str]):
    """A text column holding a Fernet-encrypted secret. Without a cipher the type only
    describes the schema (migrations, metadata) and refuses to read or write values."""

    impl = Text
    cache_ok = True

    def __init__(self, cipher: TokenCipher | None = None) -> None:
        super().__init__()
        self.cipher = cipher

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return self._cipher().encrypt(str(value))

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return self._cipher().decrypt(str(value))

    def _cipher(self) -> TokenCipher:
        if self.cipher is None:
            raise RuntimeError("this column needs a TokenCipher to read or write tokens")
        return self.cipher
