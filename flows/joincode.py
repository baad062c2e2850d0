"""Workshop join codes: short, read aloud in a room, typed on a phone.

The alphabet leaves out characters that are easily confused when read from a projector or
heard across a room (0/O, 1/I/L), so a code never needs guessing about which one was meant.
"""

from __future__ import annotations

import random
import re
import secrets
import unicodedata
from typing import Final

ALPHABET: Final = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH: Final = 6

_ALLOWED: Final = frozenset(ALPHABET)
# People type codes the way they were shown ("ABC-DEF") or dictated ("abc def"); phones turn
# hyphens into dashes and insert non-breaking spaces.
_SEPARATORS: Final = re.compile(r"[\s\-‐‑‒–—―−_.]+")


def new_code(rng: random.Random | None = None, length: int = CODE_LENGTH) -> str:
    """A fresh code; without `rng`, drawn from the OS's secure source so codes are unguessable.

    Uniqueness is the caller's job (the store retries on a clash).
    """
    if length < 2:
        raise ValueError("a join code needs at least two characters")
    if rng is None:
        return "".join(secrets.choice(ALPHABET) for _ in range(length))
    return "".join(rng.choice(ALPHABET) for _ in range(length))


def normalise_code(user_text: str, length: int = CODE_LENGTH) -> str | None:
    """The code a person meant, or None when the text cannot be a code.

    Case, spaces and dashes are forgiven; a character outside the alphabet is not, since guessing
    which one was meant could put someone in the wrong workshop.
    """
    folded = unicodedata.normalize("NFKC", user_text)
    compact = _SEPARATORS.sub("", folded).upper()
    if len(compact) != length or not set(compact) <= _ALLOWED:
        return None
    return compact


def is_valid_code(code: str, length: int = CODE_LENGTH) -> bool:
    """Whether `code` is already in canonical form."""
    return len(code) == length and set(code) <= _ALLOWED


def format_code_for_reading(code: str) -> str:
    """'ABCDEF' → 'ABC-DEF': two halves are easier to read aloud and to remember."""
    half = (len(code) + 1) // 2
    if len(code) < 4:
        return code
    return f"{code[:half]}-{code[half:]}"
