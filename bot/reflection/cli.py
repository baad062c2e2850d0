"""Operator subcommands of the reflection feature: `temadag templates check|preview FILE`, for
the templates a reflection follows."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.reflection.views import StepContext, step_view
from bot.slack.requests import StepMeta
from flows.templates import TemplateError, TemplateRegistry, load_template
from flows.templates.loader import BUILTIN_DIR
from flows.templates.schema import Template


def add_commands(sub: Any) -> None:
    """Add subparsers to the `temadag` command; each sets func=(args, load_settings) -> int."""
    templates = sub.add_parser("templates", help="check or preview a reflection template file")
    actions = templates.add_subparsers(dest="templates_command", required=True)
    check = actions.add_parser("check", help="validate a template file (exit 0 when OK)")
    check.add_argument("file", type=Path)
    check.set_defaults(func=cmd_check)
    preview = actions.add_parser(
        "preview", help="print each step's questions and the Block Kit JSON it renders to"
    )
    preview.add_argument("file", type=Path)
    preview.add_argument("--lang", choices=("da", "en"), default="da")
    preview.set_defaults(func=cmd_preview)


def cmd_check(args: argparse.Namespace, _: Callable[[], Settings]) -> int:
    try:
        template = load_template(args.file)
    except TemplateError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    builtin = TemplateRegistry.load()
    if template.id in builtin and not _is_builtin_file(args.file):
        print(
            f"{args.file}: id: {template.id!r} is already used by a built-in template; "
            "choose another id",
            file=sys.stderr,
        )
        return 1
    print(
        f"OK: {args.file} ({template.id} v{template.version}, {len(template.steps)} steps, "
        f"{len(template.rounds)} rounds)"
    )
    return 0


def _is_builtin_file(path: Path) -> bool:
    try:
        return path.resolve().parent == BUILTIN_DIR.resolve()
    except OSError:
        return False


def cmd_preview(args: argparse.Namespace, _: Callable[[], Settings]) -> int:
    try:
        template = load_template(args.file)
    except TemplateError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(preview_text(template, args.lang))
    return 0


def preview_text(template: Template, lang: str) -> str:
    out: list[str] = [f"{template.name.get(lang)} ({template.id} v{template.version})", ""]
    main = len(template.steps)
    for index, step in enumerate(template.all_steps):
        is_round = index >= main
        kind = "round" if is_round else f"step {index + 1} of {main}"
        theme = " · theme" if step.theme else ""
        out.append(f"== {kind}{theme}: {step.id} – {step.title.get(lang)}")
        for question in step.questions:
            required = "" if question.required else " (optional)"
            out.append(f"  - {question.id} [{question.kind}]{required}: {question.label.get(lang)}")
        meta = StepMeta(0, index, round_id=0 if is_round else None)
        view = step_view(
            StepContext(
                template=template,
                step=step,
                index=index,
                total=main,
                workshop_title="Temadag",
                lang=lang,
                retention_until=date.today(),
                answers={},
                meta=meta,
            )
        )
        out.append("  Block Kit (paste into https://app.slack.com/block-kit-builder):")
        out.append(json.dumps(view, ensure_ascii=False, indent=2))
        out.append("")
    return "\n".join(out)
