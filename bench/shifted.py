"""`temadag` with its clock moved by a fixed number of seconds: `python -m bench.shifted S ARGS`.

Follow-ups go out only in the recipient's sending window (weekdays, office hours), so a wave
benchmark run at night would send nothing. Every worker of one run gets the same shift, fixed
once by the benchmark, so their clocks (and leases) agree; time still ticks.
"""

from __future__ import annotations

import sys
import time

import time_machine

from bot.cli import main

if __name__ == "__main__":
    shift = float(sys.argv[1])
    with time_machine.travel(time.time() + shift, tick=True):
        sys.exit(main(sys.argv[2:]))
