"""Periodic jobs of the privacy feature (the worker runs them; the database is the truth)."""

from __future__ import annotations

from bot.jobs import Job

JOBS: list[Job] = []
