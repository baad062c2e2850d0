"""Periodic jobs of the privacy feature (the worker runs them; the database is the truth)."""

from __future__ import annotations

from bot.jobs import Job
from bot.privacy.usecases import purge_expired_workshops, purge_uninstalled_workspaces

JOBS: list[Job] = [
    Job("privacy_retention", 3600, purge_expired_workshops),
    Job("privacy_uninstalled_workspaces", 3600, purge_uninstalled_workspaces),
]
