"""`make bench`: run every benchmark and rewrite the results table in BENCHMARKS.md."""

from __future__ import annotations

import importlib
import sys

from bench.common import Result, write_table

BENCHMARKS = ["bench.full_room", "bench.followup_wave", "bench.big_history", "bench.startup"]


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    chosen = [
        name for name in BENCHMARKS if not argv or any(a in name for a in argv if a != "--quick")
    ]
    results: list[Result] = []
    for name in chosen or BENCHMARKS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:
            print(f"{name}: not present, skipped")
            continue
        print(f"running {name} …", flush=True)
        for result in module.run(quick=quick):
            print(result.row(), flush=True)
            results.append(result)
    write_table(results)
    print("BENCHMARKS.md updated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
