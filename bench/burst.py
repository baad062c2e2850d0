"""A room pressing a button: each pre-signed request once, at a random moment within a window.

An open-loop client in its own process (asyncio; about 200 requests a second costs it little):
each person connects at the moment they press and sends at once, as Slack does. wrk cannot do
this: it opens every connection when it starts, and gunicorn's gthread worker lends a thread to
each new connection until its first bytes arrive (up to 5 s), so 200 idle connections waiting
for their moment would hold the server's threads — an artefact no Slack traffic produces.

Run as `python -m bench.burst POOL SPREAD_MS PORT ACCEPTED` (ACCEPTED: substrings joined by |);
prints one JSON object: latencies in ms of good answers, and the failures.
"""

from __future__ import annotations

import asyncio
import json
import random
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.common import ROOT, percentile, python


@dataclass(frozen=True)
class BurstOutcome:
    latencies: list[float]  # ms, every answered request (good or not)
    failures: list[str]  # one line per request that did not get a good answer
    window: float  # seconds from the first press to the last answer

    def percentile(self, p: float) -> float:
        return percentile(self.latencies, p)


def run(pool: Path, port: int, accepted: list[str], spread_ms: float) -> BurstOutcome:
    done = subprocess.run(
        [python(), "-m", "bench.burst", str(pool), str(spread_ms), str(port), "|".join(accepted)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=spread_ms / 1000 + 120,
    )
    if done.returncode != 0:
        raise RuntimeError(f"burst client failed: {done.stderr[-2000:]}")
    data = json.loads(done.stdout.strip().splitlines()[-1])
    return BurstOutcome(data["latencies"], data["failures"], data["window"])


async def _one(
    line: bytes, at: float, start: float, port: int, accepted: list[bytes]
) -> tuple[float | None, str | None]:
    content_type, timestamp, signature, body = line.rstrip(b"\n").split(b"\t", 3)
    await asyncio.sleep(max(0.0, start + at - time.monotonic()))
    began = time.monotonic()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        head = (
            b"POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            b"Content-Type: "
            + content_type
            + b"\r\nX-Slack-Request-Timestamp: "
            + timestamp
            + b"\r\nX-Slack-Signature: "
            + signature
            + b"\r\nContent-Length: "
            + str(len(body)).encode()
            + b"\r\n\r\n"
        )
        writer.write(head + body)
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), timeout=60)
        writer.close()
    except (OSError, TimeoutError) as exc:
        return None, f"socket: {type(exc).__name__}"
    elapsed = (time.monotonic() - began) * 1000
    status_line, _, rest = raw.partition(b"\r\n")
    _, _, answer = rest.partition(b"\r\n\r\n")
    parts = status_line.split()
    status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
    if status != 200:
        return elapsed, f"{status} {answer[:200].decode('utf-8', 'replace')}"
    if not any(marker in answer for marker in accepted):
        return elapsed, f"200 {answer[:300].decode('utf-8', 'replace')}"
    return elapsed, None


async def _main(
    pool: Path, spread_ms: float, port: int, accepted: list[bytes]
) -> dict[str, object]:
    lines = pool.read_bytes().splitlines(keepends=True)
    rng = random.Random(len(lines))
    moments = [rng.random() * spread_ms / 1000 for _ in lines]
    start = time.monotonic() + 0.2
    results = await asyncio.gather(
        *(_one(line, at, start, port, accepted) for line, at in zip(lines, moments, strict=True))
    )
    window = time.monotonic() - start
    return {
        "latencies": [r[0] for r in results if r[0] is not None],
        "failures": [r[1] for r in results if r[1] is not None],
        "window": window,
    }


if __name__ == "__main__":
    path, spread, port_text, accepted_text = sys.argv[1:5]
    markers = [m.encode() for m in accepted_text.split("|") if m]
    print(json.dumps(asyncio.run(_main(Path(path), float(spread), int(port_text), markers))))
