"""`make bench`: run every benchmark and rewrite the results in BENCHMARKS.md.

`python -m bench [NAME ...]` runs only the named benchmarks (hot_path, step_cost, web_pages,
national, followup_wave, startup). BENCH_QUICK=1 is a smoke run: small sizes, one repetition.
Only a full run of every benchmark rewrites BENCHMARKS.md; a quick or partial run writes
bench/out/BENCHMARKS.md, so figures from a smoke run never land in the project's file by accident.
"""

from __future__ import annotations

import importlib
import sys
import time
import traceback

from bench import lexicon, report
from bench.common import OUT, ROOT, HostSpeed, Section, exit_cleanly_on_sigterm, quick

BENCHMARKS = ["hot_path", "step_cost", "web_pages", "national", "followup_wave", "startup"]


def extra_sections() -> list[str]:
    """Markdown sections that other benchmark modules return whole."""
    return [lexicon.run()]


def main(argv: list[str]) -> int:
    exit_cleanly_on_sigterm()
    chosen = [name for name in BENCHMARKS if not argv or name in argv]
    unknown = [name for name in argv if name not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
        return 2
    sections: list[Section] = []
    failed: list[str] = []
    started = time.monotonic()
    host_before = HostSpeed.measure()
    print(f"the machine: {host_before.text()}", flush=True)
    for name in chosen:
        print(f"running bench.{name} …", flush=True)
        began = time.monotonic()
        try:
            module = importlib.import_module(f"bench.{name}")
            sections.append(module.run())
        except Exception:
            traceback.print_exc()
            failed.append(name)
            sections.append(
                Section(f"bench.{name}", notes=["*This benchmark failed; see the log.*"])
            )
        print(f"  bench.{name}: {time.monotonic() - began:.0f} s", flush=True)
    extra = extra_sections() if chosen == BENCHMARKS else []
    full = chosen == BENCHMARKS and not quick() and not failed
    host_after = HostSpeed.measure()
    print(f"the machine: {host_after.text()}", flush=True)
    hosts = (host_before, host_after)
    path = report.write(sections, extra, None if full else OUT / "BENCHMARKS.md", hosts)
    print(f"{path.relative_to(ROOT)} written in {time.monotonic() - started:.0f} s")
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
