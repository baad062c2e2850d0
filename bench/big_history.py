"""A big history: summaries and the Excel export over 100,000 answers.

1,000 workshops × 10 participants × 10 answers. Each figure is measured in a fresh process, so
peak memory (ru_maxrss) belongs to that work alone; the floor is reading the same rows with one
SQL query in a fresh process. Run alone: `python -m bench.big_history [--quick]`.
"""

from __future__ import annotations

import json
import random
import resource
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


def populate(url: str, workshops: int, per_workshop: int) -> None:
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
        for w in range(1, workshops + 1):
            for n in range(per_workshop):
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


def child(case: str, url: str) -> dict[str, float]:
    """One measurement in this fresh process: seconds and peak RSS in MB."""
    from sqlalchemy import text as sql

    from bot.builders.summary import cross_message, summary_message
    from bot.config import Settings
    from bot.facilitation.exports import workbook
    from bot.facilitation.summaries import compute
    from bot.wiring import build_services
    from flows.summary import summarise_across

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
        computed = compute(services, TEAM, ids)
        cross_message(summarise_across([summary for summary, _ in computed]), "da")
    elif case == "summary_one":
        summary, template = compute(services, TEAM, ids[:1])[0]
        summary_message(summary, template, "da")
    elif case == "export_all":
        # Every workshop's workbook, one after another: the whole history exported.
        for summary, _ in compute(services, TEAM, ids):
            workbook(summary, "da", {}, datetime.now(UTC))
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
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


def run(quick: bool = False) -> list[Result]:
    workshops = 200 if quick else 1000
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp)}/history.sqlite3"
        populate(url, workshops, 10)
        answers = workshops * 10 * 10
        case_name = f"SQLite, {answers:,} answers in {workshops:,} workshops"
        floor = min((measure("floor", url) for _ in range(2)), key=lambda m: m["seconds"])
        summary_all = measure("summary_all", url)
        summary_one = measure("summary_one", url)
        export_all = measure("export_all", url)
    results += [
        Result(
            "3 big history",
            case_name,
            "summary, all workshops",
            summary_all["seconds"],
            "s",
            floor["seconds"],
            "one SQL read of the rows",
            "≤ 2 s and ≤ 3× floor",
        ),
        Result(
            "3 big history",
            case_name,
            "summary, one workshop",
            summary_one["seconds"],
            "s",
            floor["seconds"],
            "one SQL read of the rows",
        ),
        Result(
            "3 big history",
            case_name,
            "Excel export, every workshop",
            export_all["seconds"],
            "s",
            floor["seconds"],
            "one SQL read of the rows",
            "≤ 10 s",
        ),
        Result(
            "3 big history",
            case_name,
            "peak RSS, summary all",
            summary_all["peak_mb"],
            "MB",
            floor["peak_mb"],
            "floor process",
            "≤ 300 MB",
        ),
        Result(
            "3 big history",
            case_name,
            "peak RSS, export",
            export_all["peak_mb"],
            "MB",
            floor["peak_mb"],
            "floor process",
            "≤ 300 MB",
        ),
    ]
    return results


if __name__ == "__main__":
    if "--child" in sys.argv:
        index = sys.argv.index("--child")
        print(json.dumps(child(sys.argv[index + 1], sys.argv[index + 2])))
    else:
        for result in run(quick="--quick" in sys.argv):
            print(result.row())
