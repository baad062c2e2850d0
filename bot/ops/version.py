"""The release this process runs, as the installed package's metadata says (pyproject's
`version` is its one source: no second constant to forget when releasing)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version


def installed_version() -> str:
    try:
        return version("temadag")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


VERSION = installed_version()
