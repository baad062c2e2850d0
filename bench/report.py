"""BENCHMARKS.md: the results block between the markers, written from the sections of a run."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from bench.common import ROOT, Figure, HostSpeed, Section, machine, quick, repetitions

START = "<!-- results:start -->"
END = "<!-- results:end -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _row(figure: Figure, with_case: bool = True) -> str:
    baseline = (
        f"{figure.baseline.text(figure.unit)} ({figure.baseline_name})"
        if figure.baseline is not None
        else "–"
    )
    ratio = figure.ratios.text("×", 2) if figure.ratios is not None else "–"
    target = f"{figure.target.text}: **{figure.verdict}**" if figure.target else ""
    cells = [figure.case] if with_case else []
    cells += [figure.name, figure.value.text(figure.unit), baseline, ratio, target]
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def _anchor(heading: str) -> str:
    kept = "".join(c for c in heading.lower() if c.isalnum() or c in " -")
    return "#" + kept.replace(" ", "-")


def targets_table(sections: Sequence[Section]) -> list[str]:
    lines = [
        "| target | case | figure (median, min–max) | baseline, same run | ratio | verdict |",
        "|---|---|---|---|---|---|",
    ]
    for section in sections:
        for figure in section.figures:
            if figure.target is None:
                continue
            why = f" — [profile]({_anchor(figure.why)})" if figure.why else ""
            baseline = (
                f"{figure.baseline.text(figure.unit)} ({figure.baseline_name})"
                if figure.baseline is not None
                else "–"
            )
            ratio = figure.ratios.text("×", 2) if figure.ratios is not None else "–"
            cells = [
                f"{figure.name}: {figure.target.text}",
                figure.case,
                figure.value.text(figure.unit),
                baseline,
                ratio,
                f"**{figure.verdict}**{why if figure.verdict == 'missed' else ''}",
            ]
            lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return lines


def results(
    sections: Sequence[Section],
    extra: Sequence[str] = (),
    hosts: tuple[HostSpeed, HostSpeed] | None = None,
) -> str:
    runs = repetitions()
    lines = [
        START,
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine()}; "
        f"{runs} repetition{'s' if runs != 1 else ''} per case"
        + (" (**BENCH_QUICK: small sizes, a smoke run, not figures to quote**)" if quick() else "")
        + ". Figures are medians with min–max over the repetitions; a ratio is taken per "
        "repetition against the baseline measured next to it.",
        "",
    ]
    if hosts is not None:
        lines += [
            f"The machine's speed, at the start: {hosts[0].text()}; at the end: "
            f"{hosts[1].text()}. Compare two runs' figures only when these agree.",
            "",
        ]
    lines += [
        "### Targets",
        "",
        *targets_table(sections),
    ]
    for section in sections:
        lines += ["", f"### {section.title}", ""]
        if section.figures:
            lines += [
                "| case | figure | value | baseline, same run | ratio | target |",
                "|---|---|---|---|---|---|",
            ]
            lines += [_row(figure) for figure in section.figures]
        for note in section.notes:
            heading = note.split("**")[1] if note.startswith("**") else ""
            if heading.startswith(("Profile", "Query plan")):
                lines += ["", f"#### {heading}", "", note.split("**", 2)[2].lstrip(" —")]
            else:
                lines += ["", note]
    for markdown in extra:
        lines += ["", markdown.strip()]
    lines += ["", END]
    return "\n".join(lines)


def write(
    sections: Sequence[Section],
    extra: Sequence[str] = (),
    path: Path | None = None,
    hosts: tuple[HostSpeed, HostSpeed] | None = None,
) -> Path:
    path = path or ROOT / "BENCHMARKS.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    block = results(sections, extra, hosts)
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1]
        text = before + block + after
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")
    return path
