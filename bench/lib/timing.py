"""Timing shared by the bench scripts: run a command a few times, report median wall and CPU time and peak RSS.

Wall time waits for whatever else the machine is doing; CPU time (user + system of the child) does not, which is
why both are reported. Import it (`sys.path.insert(0, "bench/lib")`) or run it:

    python3 bench/lib/timing.py --runs 3 [--warmup 1] [--ok 0,1] -- COMMAND ARG...

which prints one JSON object: {"samples": [{"wall": s, "cpu": s, "rss_mb": n}, ...], "wall": median, "cpu":
median, "rss_mb": peak, "machine": "..."}.
"""
import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass


@dataclass
class Sample:
    wall: float
    cpu: float
    rss_mb: float


def run_once(cmd, ok=(0, 1)):
    """Runs cmd once with its output captured; exits the bench with the command's error when its exit code is not in ok."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if ok is not None and proc.returncode not in ok:
        sys.exit(f"bench: {os.path.basename(cmd[0])} exited {proc.returncode}: {proc.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # ru_maxrss of RUSAGE_CHILDREN is the largest child so far, in KiB on Linux.
    return Sample(wall, cpu, after.ru_maxrss / 1024)


def measure(cmd, runs, warmup=1, ok=(0, 1)):
    """warmup unrecorded runs (page cache, JIT-independent disk state), then runs recorded ones."""
    for _ in range(warmup):
        run_once(cmd, ok)
    return [run_once(cmd, ok) for _ in range(runs)]


def median_wall(samples):
    return statistics.median(s.wall for s in samples)


def median_cpu(samples):
    return statistics.median(s.cpu for s in samples)


def peak_rss_mb(samples):
    return max(s.rss_mb for s in samples)


def machine():
    return (f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}, load average at the end "
            f"{os.getloadavg()[0]:.1f} (other builds and tests share the machine: wall time waits for them, CPU time does not)")


def main():
    parser = argparse.ArgumentParser(description="Time a command: median wall and CPU time, peak RSS, as JSON.")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--ok", default="0,1", help="accepted exit codes, comma-separated, or 'any'")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    cmd = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not cmd:
        parser.error("no command to time")
    ok = None if args.ok == "any" else tuple(int(c) for c in args.ok.split(","))
    samples = measure(cmd, args.runs, args.warmup, ok)
    print(json.dumps({"samples": [asdict(s) for s in samples], "wall": median_wall(samples), "cpu": median_cpu(samples),
                      "rss_mb": peak_rss_mb(samples), "machine": machine()}))


if __name__ == "__main__":
    main()
