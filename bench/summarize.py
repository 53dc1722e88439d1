"""Turn the hyperfine JSON and peak-memory files of bench/run.sh into the RESULTS.md table."""
import datetime
import json
import os
import platform
import subprocess
import sys

work = sys.argv[1]
# Every tracker is past its first advance (bench/gen.rs). Budgets: issue 11 (status, gate, done;
# 100k events: 15x) and issue 13 (list at 10,000 items: 20x).
SCENARIOS = [
    ("real", "38 items, 100 events", {"status": 1.5, "list": 1.5, "gate": 1.5}),
    ("real-git", "38 items, 100 events in journal.jsonl and 24 in 12 parts, in a git work tree",
     {"status": 1.5, "list": 1.5, "gate": 1.5}),
    ("large", "1,000 items, 10,000 events", {"status": 5.0, "list": 5.0, "gate": 5.0, "done": 5.0}),
    ("stress", "10,000 items, 100,000 events", {"status": 15.0, "gate": 15.0, "done": 15.0, "list": 20.0}),
]
MEM_BUDGET_MIB = 64


def load(name):
    with open(os.path.join(work, name + ".json")) as f:
        results = {r["command"]: r for r in json.load(f)["results"]}
    rss = {}
    with open(os.path.join(work, name + ".rss")) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 2 and parts[1].isdigit():
                rss[parts[0]] = int(parts[1]) / 1024
    return results, rss


def git(*args):
    try:
        return subprocess.run(["git", *args], capture_output=True, text=True, check=True).stdout.strip()
    except Exception:
        return "unknown"


out = []
failures = []
cpu = "unknown"
try:
    with open("/proc/cpuinfo") as f:
        cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
except Exception:
    pass
out.append("# ftrack benchmark results\n")
out.append(f"- date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}")
out.append(f"- commit: {git('rev-parse', '--short', 'HEAD')}{' (with uncommitted changes)' if git('status', '--porcelain', '--untracked-files=no') else ''}")
out.append(f"- machine: {os.cpu_count()} cores, {cpu}, {platform.system()} {platform.release()}")
out.append("- command: `bash bench/run.sh` (hyperfine, whole processes, warm page cache; `done` is")
out.append("  timed with a `reopen` of the same item as untimed preparation, so every run records an event)")
out.append("")
for name, label, budgets in SCENARIOS:
    results, rss = load(name)
    base = results["version"]["median"]
    out.append(f"## {name}: {label}\n")
    out.append("Budget: " + ", ".join(f"`{c}` ≤ {b}×" for c, b in budgets.items()) + " `ftrack --version`"
               + (f"; peak memory ≤ {MEM_BUDGET_MIB} MiB" if name == "stress" else "") + "\n")
    out.append("| command | median ms | mean ± σ ms | × --version | budget | peak RSS MiB |")
    out.append("|---|---:|---:|---:|---|---:|")
    for cmd, r in results.items():
        ratio = r["median"] / base
        verdict = ""
        budget = budgets.get(cmd)
        if budget is not None:
            ok = ratio <= budget
            verdict = f"≤ {budget}× {'✅' if ok else '❌'}"
            if not ok:
                failures.append(f"{name} {cmd}: {ratio:.2f}× > {budget}×")
        mem = rss.get(cmd)
        mem_s = f"{mem:.1f}" if mem is not None else "–"
        if name == "stress" and mem is not None and cmd in budgets and mem > MEM_BUDGET_MIB:
            failures.append(f"{name} {cmd}: {mem:.1f} MiB > {MEM_BUDGET_MIB} MiB")
            mem_s += " ❌"
        out.append(f"| `{cmd}` | {r['median']*1000:.2f} | {r['mean']*1000:.2f} ± {r['stddev']*1000:.2f} | {ratio:.2f} | {verdict} | {mem_s} |")
    out.append("")

g1, _ = load("growth-1k")
g100, g100_rss = load("growth-100k")
growth = g100["done"]["median"] / g1["done"]["median"]
ok = growth <= 2.0
if not ok:
    failures.append(f"growth: done {growth:.2f}× > 2×")
out.append("## growth: `done` on 1,000 items, 1,000 → 100,000 journal events\n")
out.append("| journal events | `done` median ms | `--version` median ms |")
out.append("|---:|---:|---:|")
out.append(f"| 1,000 | {g1['done']['median']*1000:.2f} | {g1['version']['median']*1000:.2f} |")
out.append(f"| 100,000 | {g100['done']['median']*1000:.2f} | {g100['version']['median']*1000:.2f} |")
out.append(f"\nGrowth: {growth:.2f}× (budget ≤ 2× {'✅' if ok else '❌'})\n")
# Issue 20 D: the report at 100,000 events (1,000 items), whole process: ≤ 100 ms, ≤ 64 MiB.
reports = [c for c in ("report-md", "report-html", "report-xlsx", "report-md-cold") if c in g100]
if reports:
    out.append("## report at 100,000 events (1,000 items)\n")
    out.append(f"Budget: ≤ 100 ms and ≤ {MEM_BUDGET_MIB} MiB peak, warm (`-cold`: `FTRACK_NO_CACHE=1`, no budget)\n")
    out.append("| command | median ms | mean ± σ ms | peak RSS MiB | budget |")
    out.append("|---|---:|---:|---:|---|")
    for cmd in reports:
        r = g100[cmd]
        mem = g100_rss.get(cmd)
        verdict = ""
        if not cmd.endswith("-cold"):
            good = r["median"] <= 0.100 and (mem is None or mem <= MEM_BUDGET_MIB)
            verdict = "✅" if good else "❌"
            if not good:
                failures.append(f"growth-100k {cmd}: {r['median']*1000:.1f} ms, {mem} MiB")
        mem_s = f"{mem:.1f}" if mem is not None else "–"
        out.append(f"| `{cmd}` | {r['median']*1000:.2f} | {r['mean']*1000:.2f} ± {r['stddev']*1000:.2f} | {mem_s} | {verdict} |")
    out.append("")
micro = os.path.join(work, "micro.txt")
if os.path.exists(micro):
    rows = []
    name = None
    with open(micro) as f:
        for line in f:
            line = line.rstrip()
            if line and not line.startswith(" ") and "time:" not in line:
                name = line.strip()
            if "time:" in line:
                parts = line.split("time:")
                label = (parts[0].strip() or name or "?")
                est = parts[1].strip().strip("[]").split()
                if len(est) >= 6:
                    rows.append((label, est[2] + " " + est[3]))
    if rows:
        out.append("## Micro-benchmarks (`cargo bench --bench core`, median estimate)\n")
        out.append("| what | time |")
        out.append("|---|---:|")
        for label, t in rows:
            out.append(f"| {label} | {t} |")
        out.append("")
hostile = os.path.join(work, "hostile.md")
if os.path.exists(hostile):
    with open(hostile) as f:
        out.append(f.read().rstrip() + "\n")
    with open(os.path.join(work, "hostile.fail")) as f:
        failures.extend(l.strip() for l in f if l.strip())
out.append("## Notes\n")
out.append("- `status-cold` is `status` with `FTRACK_NO_CACHE=1`: what the first command after a")
out.append("  `git pull` pays, when the snapshot is rebuilt (parsing the YAML catalog and every journal line).")
out.append("- `show` reads the snapshot, then parses only the journal lines that name its item.")
out.append("- The human `status` lists at most 15 blockers and 15 overdue items (the JSON has all).\n")
out.append("## Verdict\n")
out.append("Every budget met." if not failures else "Budgets not met:\n" + "\n".join(f"- {f}" for f in failures))
print("\n".join(out))
