"""Operator subcommands of the privacy feature."""

from __future__ import annotations

import argparse
from typing import Any


def add_commands(sub: Any) -> None:
    """Add subparsers to the `temadag` command; each sets func=(argparse.Namespace) -> int."""
    _ = (sub, argparse)
