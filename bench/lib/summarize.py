#!/usr/bin/env python3
"""Turns benchmark output into the Markdown tables of docs/benchmarks.md.

  summarize.py hyperfine FILE.json [--base NAME] [--vs NAME]
  summarize.py sample FILE.json [--base NAME] [--vs NAME]
  summarize.py pgbench FILE.tsv        (lines: round workload variant tps latency_ms failed wal_bytes_per_tx)
  summarize.py copy FILE.tsv           (lines: round variant milliseconds)
  summarize.py pairs FILE.json TOOL:BASE:GOAL ...   (sample.py output: each tool beside its base)
"""
import argparse
import json
import statistics
import sys
from collections import defaultdict


def ratio(value, base):
    return f"{value / base:.2f}x" if base else "n/a"


def hyperfine_table(path, base, vs):
    results = json.load(open(path, encoding="utf-8"))["results"]
    by_name = {r["command"]: r for r in results}
    header = ["tool", "runs", "wall mean ± σ (ms)", "median (ms)", "min (ms)", "user+sys (ms)"]
    if base:
        header.append(f"vs {base}")
    if vs:
        header.append(f"vs {vs}")
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for r in results:
        row = [
            f"`{r['command']}`",
            str(len(r["times"])),
            f"{r['mean'] * 1000:.1f} ± {r['stddev'] * 1000:.1f}" if r.get("stddev") is not None else f"{r['mean'] * 1000:.1f}",
            f"{r['median'] * 1000:.1f}",
            f"{r['min'] * 1000:.1f}",
            f"{(r['user'] + r['system']) * 1000:.1f}",
        ]
        if base:
            row.append(ratio(r["mean"], by_name[base]["mean"]))
        if vs:
            row.append(ratio(r["mean"], by_name[vs]["mean"]))
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def sample_table(path, base, vs):
    data = json.load(open(path, encoding="utf-8"))
    results = data["results"]
    by_name = {r["name"]: r for r in results}
    header = ["tool", "runs", "wall mean ± σ (ms)", "wall median (ms)", "CPU user+sys mean (ms)", "peak RSS max (MiB)"]
    if base:
        header += [f"wall vs {base} (median)", f"CPU vs {base}"]
    if vs:
        header += [f"CPU: {vs} / tool"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for r in results:
        row = [
            f"`{r['name']}`",
            str(r["runs"]),
            f"{r['wall_ms_mean']:.1f} ± {r['wall_ms_stdev']:.1f}",
            f"{r['wall_ms_median']:.1f}",
            f"{r['cpu_ms_mean']:.1f} ({r['user_ms_mean']:.1f} + {r['sys_ms_mean']:.1f})",
            f"{r['rss_mib_max']:.1f}",
        ]
        if base:
            b = by_name[base]
            row += [ratio(r["wall_ms_median"], b["wall_ms_median"]), ratio(r["cpu_ms_mean"], b["cpu_ms_mean"])]
        if vs:
            row.append(ratio(by_name[vs]["cpu_ms_mean"], r["cpu_ms_mean"]))
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def pgbench_table(path):
    tps = defaultdict(list)
    lat = defaultdict(list)
    failed = defaultdict(int)
    wal = defaultdict(list)
    order_w, order_v = [], []
    rounds = set()
    for line in open(path, encoding="utf-8"):
        if not line.strip():
            continue
        rnd, workload, variant, t, latency, fails, wal_bytes = line.split()
        wal[(workload, variant)].append(float(wal_bytes))
        rounds.add(rnd)
        if workload not in order_w:
            order_w.append(workload)
        if variant not in order_v:
            order_v.append(variant)
        tps[(workload, variant)].append(float(t))
        lat[(workload, variant)].append(float(latency))
        failed[(workload, variant)] += int(fails)
    base = order_v[0]
    lines = ["| workload | tracking | TPS per round | TPS mean | latency mean (ms) | failed tx | WAL bytes/tx | vs " + base + " (ratio of means) | per-round ratios | median ratio |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for w in order_w:
        b = tps[(w, base)]
        for v in order_v:
            t = tps[(w, v)]
            ratios = [x / y for x, y in zip(t, b)]
            per_round = ", ".join(f"{x:.2f}" for x in ratios)
            lines.append(f"| {w} | {v} | {', '.join(f'{x:.0f}' for x in t)} | {statistics.mean(t):.0f} | "
                         f"{statistics.mean(lat[(w, v)]):.2f} | {failed[(w, v)]} | {statistics.mean(wal[(w, v)]):.0f} | {ratio(statistics.mean(t), statistics.mean(b))} | "
                         f"{per_round} | {statistics.median(ratios):.2f}x |")
    return "\n".join(lines)


def copy_table(path):
    """Bulk-load time per variant; the ratio is throughput against none (its time / this time)."""
    times = defaultdict(list)
    order = []
    for line in open(path, encoding="utf-8"):
        _, variant, ms = line.rstrip("\n").split("\t")
        if variant not in order:
            order.append(variant)
        times[variant].append(float(ms))
    base = times["none"]
    lines = ["| tracking | ms per round | ms mean | rows/s vs none (means) | per-round ratios | median ratio |",
             "|---|---|---|---|---|---|"]
    for v in sorted(order, key=lambda x: ["none", "seed", "rows", "ours"].index(x) if x in ("none", "seed", "rows", "ours") else 9):
        t = times[v]
        ratios = [b / x for b, x in zip(base, t)]
        lines.append(f"| {v} | {', '.join(f'{x:.0f}' for x in t)} | {statistics.mean(t):.0f} | "
                     f"{ratio(statistics.mean(base), statistics.mean(t))} | {', '.join(f'{x:.2f}' for x in ratios)} | "
                     f"{statistics.median(ratios):.2f}x |")
    return "\n".join(lines)


def pairs_table(path, pairs):
    """Each tool beside the base it is held to, with the ratio of medians and the goal for it."""
    by_name = {r["name"]: r for r in json.load(open(path, encoding="utf-8"))["results"]}
    lines = ["| pair | tool | runs | wall median (ms) | wall mean ± σ (ms) | CPU user+sys mean (ms) | ratio of medians | goal |",
             "|---|---|---|---|---|---|---|---|"]
    for pair in pairs:
        tool, base, goal = pair.split(":")
        for name in (tool, base):
            r = by_name[name]
            target = f"≤ {float(goal):.2f}x" if name == tool else ""
            lines.append(f"| {tool} | `{name}` | {r['runs']} | {r['wall_ms_median']:.1f} | {r['wall_ms_mean']:.1f} ± {r['wall_ms_stdev']:.1f} | "
                         f"{r['cpu_ms_mean']:.1f} | {ratio(r['wall_ms_median'], by_name[base]['wall_ms_median'])} | {target} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["hyperfine", "sample", "pgbench", "copy", "pairs"])
    parser.add_argument("path")
    parser.add_argument("pairs", nargs="*", help="with pairs: TOOL:BASE:GOAL")
    parser.add_argument("--base")
    parser.add_argument("--vs")
    args = parser.parse_args()
    if args.kind == "hyperfine":
        print(hyperfine_table(args.path, args.base, args.vs))
    elif args.kind == "sample":
        print(sample_table(args.path, args.base, args.vs))
    elif args.kind == "copy":
        print(copy_table(args.path))
    elif args.kind == "pairs":
        print(pairs_table(args.path, args.pairs))
    else:
        print(pgbench_table(args.path))


if __name__ == "__main__":
    sys.exit(main())
