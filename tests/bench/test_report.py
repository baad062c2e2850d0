"""The results block of BENCHMARKS.md."""

from __future__ import annotations

from pathlib import Path

from bench.common import HostSpeed, Section
from bench.report import results


def test_the_machines_speed_at_both_ends_is_written_above_the_figures() -> None:
    start, end = HostSpeed(python_ms=61.4, fsync_ms=0.82), HostSpeed(python_ms=118.0, fsync_ms=2.5)

    block = results([Section("A section")], hosts=(start, end))

    assert (
        "at the start: a fixed Python workload 61 ms, an fsync 0.82 ms; "
        "at the end: a fixed Python workload 118 ms, an fsync 2.50 ms." in block
    )
    assert block.index("an fsync 0.82 ms") < block.index("### Targets")


def test_the_machines_speed_is_measured(tmp_path: Path) -> None:
    speed = HostSpeed.measure(tmp_path)

    assert speed.python_ms > 0
    assert speed.fsync_ms > 0
    assert list(tmp_path.iterdir()) == []  # the probe file is removed
