"""What the benchmarks share: figures with their spread, targets, processes and their logs."""

from __future__ import annotations

import json
import math
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
LOGS = OUT / "logs"


def quick() -> bool:
    """BENCH_QUICK=1: small sizes and one repetition, a smoke run for development."""
    return os.environ.get("BENCH_QUICK", "") not in ("", "0")


def repetitions() -> int:
    return 1 if quick() else int(os.environ.get("BENCH_REPETITIONS", "3"))


# -- figures ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spread:
    """Repeated measurements of one figure: the median, and min–max as the spread."""

    samples: tuple[float, ...]

    @classmethod
    def of(cls, values: Sequence[float] | float) -> Spread:
        if isinstance(values, int | float):
            return cls((float(values),))
        return cls(tuple(float(v) for v in values))

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else float("nan")

    @property
    def low(self) -> float:
        return min(self.samples) if self.samples else float("nan")

    @property
    def high(self) -> float:
        return max(self.samples) if self.samples else float("nan")

    def text(self, unit: str = "", digits: int = 3) -> str:
        unit = f" {unit}" if unit and unit != "×" else unit
        if len(self.samples) < 2 or self.low == self.high:
            return f"{_num(self.median, digits)}{unit}"
        return (
            f"{_num(self.median, digits)}{unit} "
            f"({_num(self.low, digits)}–{_num(self.high, digits)})"
        )


def _num(value: float, digits: int) -> str:
    if value != value:  # NaN
        return "–"
    if value == int(value) and abs(value) < 1e6:
        return f"{int(value):,}"
    return f"{value:,.{digits}g}" if abs(value) < 10**digits else f"{value:,.0f}"


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile: the smallest value with at least p % of values at or below."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Target:
    """A target on a figure's median, on its value or on its ratio to the baseline."""

    text: str
    met: Callable[[float, float | None], bool]  # (median value, median ratio) -> met


def at_most(limit: float, unit: str) -> Target:
    return Target(f"≤ {limit:g} {unit}", lambda value, _: value <= limit)


def below(limit: float, unit: str) -> Target:
    return Target(f"< {limit:g} {unit}", lambda value, _: value < limit)


def ratio_at_least(limit: float) -> Target:
    return Target(f"≥ {limit:g}× baseline", lambda _, r: r is not None and r >= limit)


def ratio_at_most(limit: float) -> Target:
    return Target(f"≤ {limit:g}× baseline", lambda _, r: r is not None and r <= limit)


def exactly(expected: float) -> Target:
    return Target(f"= {expected:g}", lambda value, _: value == expected)


@dataclass(frozen=True)
class Figure:
    section: str
    case: str
    name: str
    value: Spread
    unit: str
    baseline: Spread | None = None
    baseline_name: str = ""
    target: Target | None = None
    why: str = ""  # where the profile that explains a missed target is (a heading in the report)

    @property
    def ratios(self) -> Spread | None:
        """Per-repetition ratios when value and baseline were measured in pairs, else one ratio
        of the medians."""
        if self.baseline is None or not self.baseline.samples:
            return None
        v, b = self.value.samples, self.baseline.samples
        if len(v) == len(b) and all(x != 0 for x in b):
            return Spread.of([x / y for x, y in zip(v, b, strict=True)])
        if self.baseline.median == 0:
            return None
        return Spread.of(self.value.median / self.baseline.median)

    @property
    def verdict(self) -> str:
        if self.target is None:
            return ""
        ratio = self.ratios.median if self.ratios is not None else None
        return "met" if self.target.met(self.value.median, ratio) else "missed"

    def line(self) -> str:
        base = (
            f" | baseline {self.baseline.text(self.unit)} ({self.baseline_name})"
            if self.baseline is not None
            else ""
        )
        ratio = f" | {self.ratios.text('×', 2)}" if self.ratios is not None else ""
        target = f" | target {self.target.text}: {self.verdict}" if self.target else ""
        return f"  {self.case} · {self.name}: {self.value.text(self.unit)}{base}{ratio}{target}"


@dataclass
class Section:
    """One benchmark's part of BENCHMARKS.md: its figures, and Markdown notes (profiles)."""

    title: str
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, figure: Figure) -> Figure:
        self.figures.append(figure)
        print(figure.line(), flush=True)
        return figure

    def note(self, markdown: str) -> None:
        self.notes.append(markdown)


# -- processes ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def log_path(name: str) -> Path:
    LOGS.mkdir(parents=True, exist_ok=True)
    return LOGS / f"{name}.log"


@contextmanager
def process(
    args: Sequence[str], env: dict[str, str], cwd: Path, log_name: str
) -> Iterator[subprocess.Popen[bytes]]:
    """A child process whose stdout and stderr go to bench/out/logs/<log_name>.log."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    environment.update({"PYTHONPATH": str(ROOT), **env})
    with log_path(log_name).open("ab") as log:
        log.write(f"\n=== {time.strftime('%H:%M:%S')} {' '.join(args)}\n".encode())
        log.flush()
        proc = subprocess.Popen(list(args), env=environment, cwd=cwd, stdout=log, stderr=log)
        try:
            yield proc
        finally:
            stop(proc)


def stop(proc: subprocess.Popen[bytes], timeout: float = 20) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def problems_in_log(name: str, since: int = 0) -> list[str]:
    """Lines of a server log after byte offset `since` that report an error or a traceback."""
    path = log_path(name)
    if not path.exists():
        return []
    with path.open("rb") as log:
        log.seek(since)
        text = log.read().decode("utf-8", "replace")
    markers = ("Traceback", " ERROR ", "CRITICAL", "Exception")
    return [line for line in text.splitlines() if any(m in line for m in markers)]


def log_size(name: str) -> int:
    path = log_path(name)
    return path.stat().st_size if path.exists() else 0


def exit_cleanly_on_sigterm() -> None:
    """SIGTERM exits through every `finally`: servers, workers and PostgreSQL are stopped."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


def python() -> str:
    return sys.executable


def rss_mb(pid: int) -> float:
    return _status_kb(pid, "VmRSS:") / 1024


def peak_mb(pid: int) -> float:
    """The process's resident high-water mark (VmHWM), in MB."""
    return _status_kb(pid, "VmHWM:") / 1024


def _status_kb(pid: int, key: str) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(key):
                    return float(line.split()[1])
    except OSError:
        pass
    return float("nan")


def children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as kids:
            for child in kids.read().split():
                found.append(int(child))
                found.extend(children(int(child)))
    except OSError:
        pass
    return found


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def machine() -> str:
    load = os.getloadavg()[0]
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average {load:.2f} at the start"
    )


@dataclass(frozen=True)
class HostSpeed:
    """How fast this machine is right now. A shared virtual machine's speed drifts between
    days (the same floor query has taken twice as long), so two runs' figures are comparable
    only when these agree; ratios to a baseline of the same run are not affected."""

    python_ms: float  # a fixed piece of Python work (JSON, dicts, strings), best of 20
    fsync_ms: float  # an 8 kB write made durable, median of 100

    @classmethod
    def measure(cls, directory: Path = OUT) -> HostSpeed:
        return cls(_python_work_ms(), _fsync_ms(directory))

    def text(self) -> str:
        return f"a fixed Python workload {self.python_ms:.0f} ms, an fsync {self.fsync_ms:.2f} ms"


def _python_work_ms() -> float:
    rows = [
        {"id": i, "text": f"svar {i} om borgernes sundhed", "ok": i % 3 == 0} for i in range(2000)
    ]
    best = math.inf
    for _ in range(20):
        began = time.perf_counter()
        for _ in range(10):
            decoded = json.loads(json.dumps(rows))
            "".join(sorted(str(row["text"]).upper() for row in decoded))
        best = min(best, time.perf_counter() - began)
    return best * 1000


def _fsync_ms(directory: Path) -> float:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "fsync.probe"
    times = []
    with open(path, "wb") as probe:
        for _ in range(100):
            began = time.perf_counter()
            probe.write(b"x" * 8192)
            probe.flush()
            os.fsync(probe.fileno())
            times.append(time.perf_counter() - began)
    path.unlink()
    return statistics.median(times) * 1000


def wait_until(check: Callable[[], bool], timeout: float, what: str, step: float = 0.05) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(step)
    raise TimeoutError(f"timed out after {timeout:g} s waiting for {what}")
