"""Reading py-spy's collapsed stacks: where the sampled processes spent their time."""

from __future__ import annotations

import glob
import re
from collections import Counter
from pathlib import Path

# Which library or layer a frame's file belongs to, tried in order.
LAYERS = [
    ("Temadag bot/", r"^bot/"),
    ("Temadag flows/", r"^flows/"),
    ("Temadag storage/", r"^storage/"),
    ("SQLAlchemy", r"sqlalchemy"),
    ("psycopg (incl. waiting for PostgreSQL)", r"^psycopg"),
    ("sqlite3 (incl. waiting for the file lock)", r"sqlite3"),
    ("Bolt", r"^slack_bolt/"),
    ("slack_sdk", r"^slack_sdk/"),
    ("gunicorn", r"^gunicorn/"),
    ("json", r"^json/"),
    ("urllib/http", r"^(urllib|http)/"),
    ("XlsxWriter", r"^xlsxwriter/"),
    ("python-docx", r"^docx/"),
    ("lxml", r"lxml"),
    ("matplotlib", r"^matplotlib/"),
    ("logging", r"^logging/"),
    ("threads and queues", r"^(threading|queue|concurrent/)"),
    ("sockets and selectors", r"^(socket|ssl|selectors|select)\.py"),
    ("hmac/hashlib", r"^(hmac|hashlib)\.py"),
]
OURS = ("bot/", "flows/", "storage/")
_FRAME = re.compile(r"^(?P<func>.*?) \((?P<file>[^:()]+)(?::\d+)?\)$")


def _stacks(pattern: str | Path) -> Counter[tuple[str, ...]]:
    stacks: Counter[tuple[str, ...]] = Counter()
    for path in glob.glob(str(pattern)):
        for line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
            stack, _, count = line.rpartition(" ")
            if stack and count.isdigit():
                stacks[tuple(stack.split(";"))] += int(count)
    return stacks


def _file(frame: str) -> str:
    match = _FRAME.match(frame)
    return match.group("file") if match else frame


def _layer(frame: str) -> str:
    file = _file(frame)
    for name, pattern in LAYERS:
        if re.search(pattern, file):
            return name
    return "Python itself and other libraries"


def _short(frame: str) -> str:
    match = _FRAME.match(frame)
    return f"{match.group('func')} ({match.group('file')})" if match else frame


def summary(pattern: str | Path | None, title: str, top: int = 12) -> str:
    """Markdown: time by layer (self time of the innermost frame), and the functions with the
    most self time and the most inclusive time."""
    if pattern is None:
        return f"*{title}: no profile (py-spy is not installed).*\n"
    stacks = _stacks(pattern)
    total = sum(stacks.values())
    if total == 0:
        return f"*{title}: py-spy took no samples (is ptrace allowed?).*\n"
    layers: Counter[str] = Counter()
    own: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    for stack, count in stacks.items():
        layers[_layer(stack[-1])] += count
        own[_short(stack[-1])] += count
        for frame in {_short(f) for f in stack}:
            inclusive[frame] += count
    lines = [
        f"**{title}** — {total:,} samples of busy threads (py-spy at 200 Hz: wall time, so"
        " time spent waiting for the database counts, idle threads do not).",
        "",
    ]
    lines.append(
        "By layer (self time): "
        + ", ".join(f"{name} {count / total:.0%}" for name, count in layers.most_common(8))
        + "."
    )
    lines += [
        "",
        "| self | function (self time) | | incl. | Temadag function (inclusive time) |",
        "|---:|---|---|---:|---|",
    ]
    # Inclusive time of Temadag's own functions says which use case the time goes to; the
    # entry points (gunicorn, Bolt's dispatch) are in nearly every sample and say nothing.
    deep = [(f, c) for f, c in inclusive.most_common() if f.split(" (")[-1].startswith(OURS)]
    deep = deep[:top]
    for index in range(top):
        left = own.most_common(top)[index] if index < len(own) else None
        right = deep[index] if index < len(deep) else None
        lines.append(
            f"| {f'{left[1] / total:.1%}' if left else ''} | {f'`{left[0]}`' if left else ''} | "
            f"| {f'{right[1] / total:.1%}' if right else ''} | "
            f"{f'`{right[0]}`' if right else ''} |"
        )
    return "\n".join(lines) + "\n"
