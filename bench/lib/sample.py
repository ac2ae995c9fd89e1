#!/usr/bin/env python3
"""Runs several commands round-robin and records, per process, wall time, CPU time (user and
system, from wait4's rusage: the process and every descendant it waited for) and peak RSS
(ru_maxrss: the largest single process of the tree).

Round-robin (A B C, B C A, C A B, ...) means load from elsewhere on the machine lands on every
command alike, so ratios between them hold up better than separate runs would.

usage: sample.py --runs N [--warmup K] [--json FILE] --cmd 'name::command line' --cmd ...
                 [--prep 'name::command line' ...]   (run, untimed, before every run of that command)
"""
import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import time


def run_once(argv):
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # Drain stderr first (a full pipe would stall the child), then reap it with its rusage.
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"sample.py: {shlex.join(argv)} exited {proc.returncode}: {err.strip()}")
    return wall, usage.ru_utime, usage.ru_stime, usage.ru_maxrss


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, required=True)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--json")
    parser.add_argument("--cmd", action="append", required=True, help="name::command line")
    parser.add_argument("--prep", action="append", default=[], help="name::command line")
    args = parser.parse_args()

    commands = []
    for spec in args.cmd:
        name, _, line = spec.partition("::")
        commands.append((name, shlex.split(line)))
    preps = {}
    for spec in args.prep:
        name, _, line = spec.partition("::")
        preps[name] = shlex.split(line)

    def measure(name, argv):
        if name in preps:
            run_once(preps[name])
        return run_once(argv)

    for _ in range(args.warmup):
        for name, argv in commands:
            measure(name, argv)

    samples = {name: [] for name, _ in commands}
    for i in range(args.runs):
        for k in range(len(commands)):
            name, argv = commands[(i + k) % len(commands)]
            samples[name].append(measure(name, argv))

    results = []
    for name, argv in commands:
        rows = samples[name]
        wall = [r[0] * 1000 for r in rows]
        user = [r[1] * 1000 for r in rows]
        system = [r[2] * 1000 for r in rows]
        cpu = [u + s for u, s in zip(user, system)]
        rss = [r[3] / 1024 for r in rows]  # KiB -> MiB
        results.append({
            "name": name,
            "command": shlex.join(argv),
            "runs": len(rows),
            "wall_ms_mean": statistics.mean(wall),
            "wall_ms_stdev": statistics.stdev(wall) if len(wall) > 1 else 0.0,
            "wall_ms_median": statistics.median(wall),
            "user_ms_mean": statistics.mean(user),
            "sys_ms_mean": statistics.mean(system),
            "cpu_ms_mean": statistics.mean(cpu),
            "cpu_ms_median": statistics.median(cpu),
            "rss_mib_max": max(rss),
            "rss_mib_median": statistics.median(rss),
        })

    for r in results:
        print(f"{r['name']:<14} wall {r['wall_ms_mean']:8.1f} ± {r['wall_ms_stdev']:6.1f} ms (median {r['wall_ms_median']:7.1f})"
              f"  cpu {r['cpu_ms_mean']:7.1f} ms (user {r['user_ms_mean']:.1f} + sys {r['sys_ms_mean']:.1f})"
              f"  peak RSS {r['rss_mib_max']:.1f} MiB", file=sys.stderr)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"runs": args.runs, "warmup": args.warmup, "results": results}, f, indent=2)


if __name__ == "__main__":
    main()
