"""A big history: summaries and the Excel export over 100,000 answers.

10,000 participants × 10 answers in 1,000 workshops: one big temadag of 1,000 participants
(10,000 answers) and 9,000 participants spread over the other 999. Each figure is measured in a
fresh process, so peak memory (VmHWM) belongs to that work alone; the floor is reading the
same rows with one SQL query in a fresh process. Run alone: `python -m bench.big_history [--quick]`.

What is measured is what the commands do:
- `/temadag opsummering alle` over every workshop (the cross summary: recurring barriers);
- `/temadag opsummering KODE` of the big workshop;
- `/temadag eksport KODE` of the big workshop: the Excel workbook, the Word report and the CSV.
  An export is always of one workshop, so "the export for a database with 100,000 answers" is
  the export of its largest workshop; a workshop of 10 people is also shown for scale.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.common import ROOT, Result, python

TEAM = "T1"
FACILITATOR = "UFAC"
SENTENCES = [
    "Vi fik politisk opbakning i sundhedsudvalget til handleplanen",
    "Ledelsen i chefgruppen bakkede op og gav retning",
    "Det er svært at få skolerne med på grund af reformpres",
    "Vi mangler ressourcer og tid til at følge op",
    "Styregruppen på tværs af forvaltningerne mødes hver måned",
    "Koordinatoren har drevet processen med de rette kompetencer",
    "Medarbejderne blev inddraget tidligt i kompetenceudviklingen",
    "Netværket med nabokommunerne har givet inspiration",
    "Forebyggelsespakkerne giver legitimitet til arbejdet",
    "Vi har brugt årshjulet og trafiklys til status",
    "Borgerne mærker ikke forskel endnu",
    "Kommunikationen om politikken kan blive bedre",
]
LIGHTS = ("green", "yellow", "red")
FACTORS = (
    "legitimacy",
    "cross_organisation",
    "political_backing",
    "leadership_backing",
    "coordinators",
    "employee_involvement",
    "networks",
    "existing_resources",
)


def text(rng: random.Random) -> str:
    return ". ".join(rng.sample(SENTENCES, rng.randint(2, 5))) + "."


def sizes(workshops: int, participants: int, big: int) -> list[int]:
    """Participants per workshop: the first holds `big`, the rest share the others evenly."""
    rest, extra = divmod(participants - big, workshops - 1)
    return [big] + [rest + (1 if n < extra else 0) for n in range(workshops - 1)]


def populate(url: str, workshops: int, participants: int, big: int) -> None:
    """Bulk-insert a history through SQLAlchemy Core (setup speed is not what is measured)."""
    from sqlalchemy import insert

    from storage.db import make_engine
    from storage.migrate import upgrade
    from storage.models import (
        Answer,
        NextStep,
        Participant,
        Reflection,
        Workshop,
        WorkshopFacilitator,
    )

    upgrade(url)
    rng = random.Random(7)
    now = datetime(2026, 10, 17, 9, tzinfo=UTC)
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(
            insert(Workshop),
            [
                {
                    "id": w,
                    "team_id": TEAM,
                    "code": f"W{w:05d}",
                    "title": f"Temadag {w}",
                    "day": date(2024, 1, 1) + timedelta(days=w % 700),
                    "channel_id": "C1",
                    "language": "da",
                    "template_id": "health_policy",
                    "template_version": 1,
                    "status": "closed",
                    "min_group_size": 5,
                    "followup_offsets": ["2w", "3m", "6m"],
                    "retention_months": 12,
                    "reminder_delay_minutes": 45,
                    "created_by": FACILITATOR,
                    "created_at": now,
                }
                for w in range(1, workshops + 1)
            ],
        )
        connection.execute(
            insert(WorkshopFacilitator),
            [{"workshop_id": w, "user_id": FACILITATOR} for w in range(1, workshops + 1)],
        )
        people, reflections, answers, steps = [], [], [], []
        pid = 0
        for w, size in enumerate(sizes(workshops, participants, big), start=1):
            for n in range(size):
                pid += 1
                people.append(
                    {
                        "id": pid,
                        "team_id": TEAM,
                        "workshop_id": w,
                        "user_id": f"U{pid:06d}",
                        "named": n % 4 == 0,
                        "joined_at": now,
                    }
                )
                reflections.append(
                    {
                        "participant_id": pid,
                        "template_id": "health_policy",
                        "template_version": 1,
                        "current_step": 5,
                        "status": "completed",
                        "started_at": now,
                        "updated_at": now,
                        "completed_at": now,
                    }
                )
                values: dict[str, dict[str, Any]] = {
                    "municipality": {"option": rng.choice(["Aarhus", "Odense", "Vejle", "Ærø"])},
                    "role": {"option": rng.choice(["leader", "planner", "consultant", "other"])},
                    "named": {"named": n % 4 == 0},
                    "succeeded": {"text": text(rng)},
                    "hard": {"text": text(rng)},
                    "why": {"text": text(rng)},
                    "methods": {"text": text(rng)},
                    "lights": {"lights": {f: rng.choice(LIGHTS) for f in FACTORS}},
                    "next_steps": {"items": [{"text": text(rng), "target_date": "2026-12-01"}]},
                    "involved": {"text": "Chefgruppen og sundhedsudvalget"},
                }
                answers += [
                    {
                        "participant_id": pid,
                        "step_id": "x",
                        "question_id": q,
                        "value": v,
                        "updated_at": now,
                    }
                    for q, v in values.items()
                ]
                steps.append(
                    {
                        "participant_id": pid,
                        "position": 1,
                        "text": text(rng),
                        "target_date": date(2026, 12, 1),
                        "status": "open",
                        "created_at": now,
                        "updated_at": now,
                    }
                )
        for table, rows in (
            (Participant, people),
            (Reflection, reflections),
            (Answer, answers),
            (NextStep, steps),
        ):
            for start in range(0, len(rows), 5000):
                connection.execute(insert(table), rows[start : start + 5000])
    engine.dispose()


def peak_rss_mb() -> float:
    """This process's own high-water mark. (ru_maxrss survives exec on Linux, so a child started
    by a big parent would report the parent's peak.)"""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def child(case: str, url: str) -> dict[str, float]:
    """One measurement in this fresh process: seconds and peak RSS in MB."""
    from sqlalchemy import text as sql

    from bot.config import Settings
    from bot.facilitation.exports import export_files
    from bot.facilitation.service import compute, cross_summary
    from bot.facilitation.views import cross_message, summary_message
    from bot.services import build_services

    services = build_services(
        Settings(
            _env_file=None,
            slack_bot_token="xoxb-b",  # type: ignore[call-arg]
            database_url=url,
        )
    )
    engine = services.sessions.kw["bind"]
    with engine.connect() as connection:
        ids = [row[0] for row in connection.execute(sql("SELECT id FROM workshops ORDER BY id"))]
    big, small = ids[0], ids[-1]
    started = time.perf_counter()
    if case == "floor":
        with engine.connect() as connection:
            rows = connection.execute(
                sql(
                    "SELECT a.participant_id, a.question_id, a.value FROM answers a "
                    "JOIN participants p ON p.id = a.participant_id WHERE p.team_id = 'T1'"
                )
            ).fetchall()
        assert len(rows) > 0
    elif case == "summary_all":
        # What `/temadag opsummering alle` computes and renders before sending.
        cross_message(cross_summary(services, TEAM, ids), "da")
    elif case == "summary_big":
        summary, template = compute(services, TEAM, [big])[0]
        summary_message(summary, template, "da")
    elif case in ("export_big", "export_small"):
        # What `/temadag eksport KODE` builds before uploading: workbook, report and CSV.
        summary, template = compute(services, TEAM, [big if case == "export_big" else small])[0]
        files = export_files(summary, template, "da", {}, datetime.now(UTC))
        assert len(files) == 3
    elapsed = time.perf_counter() - started
    peak = peak_rss_mb()
    return {"seconds": elapsed, "peak_mb": peak}


def measure(case: str, url: str) -> dict[str, float]:
    output = subprocess.run(
        [python(), "-m", "bench.big_history", "--child", case, url],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


def measure_database(db_name: str, url: str, workshops: int, big: int) -> list[Result]:
    participants = workshops * 10
    populate(url, workshops, participants, big)
    case = f"{db_name}, {participants * 10:,} answers in {workshops:,} workshops"
    floor = min((measure("floor", url) for _ in range(2)), key=lambda m: m["seconds"])
    summary_all = measure("summary_all", url)
    summary_big = measure("summary_big", url)
    export_big = measure("export_big", url)
    export_small = measure("export_small", url)
    floor_name = "one SQL read of all answer rows"

    def row(figure: str, value: float, target: str = "", unit: str = "s") -> Result:
        baseline = floor["peak_mb"] if unit == "MB" else floor["seconds"]
        name = "floor process" if unit == "MB" else floor_name
        return Result("3 big history", case, figure, value, unit, baseline, name, target)

    return [
        row("summary, all workshops (alle)", summary_all["seconds"], "≤ 2 s and ≤ 3× floor"),
        row(f"summary, largest workshop ({big:,} people)", summary_big["seconds"]),
        row(
            f"export xlsx+docx+csv, largest workshop ({big:,} people, {big * 10:,} answers)",
            export_big["seconds"],
            "≤ 10 s",
        ),
        row("export xlsx+docx+csv, a workshop of 10 people", export_small["seconds"]),
        row("peak RSS, summary all", summary_all["peak_mb"], "≤ 300 MB", "MB"),
        row("peak RSS, export largest workshop", export_big["peak_mb"], "≤ 300 MB", "MB"),
    ]


def run(quick: bool = False) -> list[Result]:
    from tests.support.postgres import PostgresCluster, available

    workshops = 200 if quick else 1000
    big = workshops  # participants in the big workshop: 1,000 (200 when quick)
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp)}/history.sqlite3"
        results += measure_database("SQLite", url, workshops, big)
    if available()[0]:
        with PostgresCluster() as cluster:
            results += measure_database(
                "PostgreSQL", cluster.create_database("history"), workshops, big
            )
    return results


if __name__ == "__main__":
    if "--child" in sys.argv:
        index = sys.argv.index("--child")
        print(json.dumps(child(sys.argv[index + 1], sys.argv[index + 2])))
    else:
        for result in run(quick="--quick" in sys.argv):
            print(result.row())
