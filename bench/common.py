"""What the benchmarks share: results, percentiles, processes, and the BENCHMARKS.md table."""

from __future__ import annotations

import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS_START = "<!-- results:start -->"
RESULTS_END = "<!-- results:end -->"


@dataclass(frozen=True)
class Result:
    benchmark: str
    case: str
    figure: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_name: str = ""
    target: str = ""

    @property
    def ratio(self) -> float | None:
        if self.baseline in (None, 0):
            return None
        return self.value / self.baseline

    def row(self) -> str:
        base = f"{self.baseline:.4g} {self.unit} ({self.baseline_name})" if self.baseline else "–"
        ratio = f"{self.ratio:.2f}×" if self.ratio is not None else "–"
        return (
            f"| {self.benchmark} | {self.case} | {self.figure} | {self.value:.4g} {self.unit} "
            f"| {base} | {ratio} | {self.target or '–'} |"
        )


def percentile(values: Sequence[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def mean(values: Sequence[float]) -> float:
    return statistics.fmean(values) if values else float("nan")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_http(port: int, path: str = "/healthz", timeout: float = 60.0) -> float:
    """Seconds until GET path answers 200."""
    import http.client

    start = time.monotonic()
    while time.monotonic() - start < timeout:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", path)
            if connection.getresponse().status == 200:
                return time.monotonic() - start
        except OSError:
            pass
        time.sleep(0.02)
    raise TimeoutError(f"nothing answered on port {port}{path}")


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB (Linux /proc)."""
    total = 0
    for candidate in [pid, *_children(pid)]:
        try:
            with open(f"/proc/{candidate}/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as children:
            for child in children.read().split():
                found.append(int(child))
                found.extend(_children(int(child)))
    except OSError:
        pass
    return found


@contextmanager
def process(
    args: Sequence[str], env: dict[str, str], cwd: Path
) -> Iterator[subprocess.Popen[bytes]]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    environment.update({"PYTHONPATH": str(ROOT), **env})
    proc = subprocess.Popen(
        list(args), env=environment, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def python() -> str:
    return sys.executable


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def write_table(results: Sequence[Result], path: Path = ROOT / "BENCHMARKS.md") -> None:
    header = [
        RESULTS_START,
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine()}.",
        "",
        "| benchmark | case | figure | value | baseline (same run) | ratio | target |",
        "|---|---|---|---|---|---|---|",
    ]
    table = "\n".join([*header, *(result.row() for result in results), RESULTS_END])
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if RESULTS_START in text and RESULTS_END in text:
        before = text.split(RESULTS_START)[0]
        after = text.split(RESULTS_END, 1)[1]
        text = before + table + after
    else:
        text = (text or "# Benchmarks\n\n") + "\n" + table + "\n"
    path.write_text(text, encoding="utf-8")
