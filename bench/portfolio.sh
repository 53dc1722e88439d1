#!/usr/bin/env bash
# ftrack portfolio benchmark: one `ftrack portfolio` process over 100 and 1,000 trackers of the
# real catalog (100 journal events each), against one `ftrack status` process, and 100 `status`
# processes in a row (what the portfolio replaces). Writes the "portfolio" section of
# bench/RESULTS.md (between its markers); `--quick` prints it only.
#
#   bash bench/portfolio.sh            # builds, then measures
#   NO_BUILD=1 bash bench/portfolio.sh # with target/release/ftrack and bench-gen already built
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0
[ "${1:-}" = "--quick" ] && quick=1
command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install hyperfine)" >&2; exit 1; }

[ -n "${NO_BUILD:-}" ] || cargo build --release --quiet --bin ftrack --example bench-gen
bin="$PWD/target/release/ftrack"
gen="$PWD/target/release/examples/bench-gen"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" XDG_CACHE_HOME="$work/cache" FTRACK_USER=bench
unset FTRACK_DIR FTRACK_CATALOG NO_COLOR FTRACK_NO_CACHE

# One real-catalog tracker (38 items, 100 events, past two advances), copied under a name of
# its own into every folder.
"$gen" "$work/src" 38 100
make() {
  local dir=$1 n=$2
  for i in $(seq -w 1 "$n"); do
    mkdir -p "$dir/customer-$i/.ftrack"
    sed "1s/\"name\":\"[^\"]*\"/\"name\":\"Customer $i\"/" "$work/src/tracker/journal.jsonl" \
      >"$dir/customer-$i/.ftrack/journal.jsonl"
  done
}
make "$work/p100" 100
make "$work/p1000" 1000
# Warm: every snapshot made once (as the trackers' own commands would have).
"$bin" portfolio "$work/p100" >/dev/null
"$bin" portfolio "$work/p1000" >/dev/null
one="$work/p100/customer-001/.ftrack"

runs=(--warmup 3 --min-runs 20)
[ "$quick" = 1 ] && runs=(--warmup 1 --min-runs 5)
hyperfine -N -i --style none "${runs[@]}" --export-json "$work/small.json" \
  -n status "env FTRACK_DIR=$one $bin status" \
  -n portfolio-100 "$bin portfolio $work/p100" \
  -n portfolio-100-json "$bin portfolio $work/p100 --json" \
  -n portfolio-100-html "$bin portfolio $work/p100 --output $work/dash.html" \
  -n portfolio-100-cold "env FTRACK_NO_CACHE=1 $bin portfolio $work/p100" >/dev/null
hyperfine -i --style none --warmup 1 --min-runs 5 --export-json "$work/loop.json" \
  -n status-x100 "for d in $work/p100/*/.ftrack; do FTRACK_DIR=\$d $bin status >/dev/null; done" >/dev/null
hyperfine -N -i --style none "${runs[@]}" --export-json "$work/large.json" \
  -n portfolio-1000 "$bin portfolio $work/p1000" \
  -n portfolio-1000-json "$bin portfolio $work/p1000 --json" \
  -n portfolio-1000-cold "env FTRACK_NO_CACHE=1 $bin portfolio $work/p1000" >/dev/null
: >"$work/rss"
for c in "portfolio-100:$bin portfolio $work/p100" "portfolio-1000:$bin portfolio $work/p1000"; do
  # shellcheck disable=SC2086
  /usr/bin/time -f "${c%%:*} %M" -a -o "$work/rss" ${c#*:} >/dev/null 2>&1 || true
done

python3 - "$work" "$quick" <<'PY'
import json, os, platform, subprocess, sys, datetime
work, quick = sys.argv[1], sys.argv[2] == "1"
res = {}
for f in ("small", "loop", "large"):
    with open(os.path.join(work, f + ".json")) as fh:
        for r in json.load(fh)["results"]:
            res[r["command"]] = r
rss = {}
for line in open(os.path.join(work, "rss")):
    p = line.split()
    if len(p) == 2 and p[1].isdigit():
        rss[p[0]] = int(p[1]) / 1024
status = res["status"]["median"]
def git(*a):
    try:
        return subprocess.run(["git", *a], capture_output=True, text=True, check=True).stdout.strip()
    except Exception:
        return "unknown"
out = ["<!-- portfolio: written by bench/portfolio.sh -->", "## portfolio: 100 and 1,000 real-catalog trackers\n"]
out.append(f"- date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}, commit {git('rev-parse', '--short', 'HEAD')}, {os.cpu_count()} cores")
out.append("- command: `NO_BUILD=1 bash bench/portfolio.sh` after `cargo build --release --bin ftrack --example bench-gen`")
out.append("  (hyperfine; every tracker: the built-in catalog, 100 events, two advances; warm snapshots")
out.append("  unless `-cold`, which is `FTRACK_NO_CACHE=1`: every journal replayed)\n")
out.append("Budget: `portfolio-100` well under 25× one `status`; `portfolio-1000` under 1 s.\n")
out.append("| command | median ms | mean ± σ ms | × one `status` | budget | peak RSS MiB |")
out.append("|---|---:|---:|---:|---|---:|")
failures = []
budgets = {"portfolio-100": ("ratio", 25.0), "portfolio-1000": ("ms", 1000.0)}
for name, r in res.items():
    ratio = r["median"] / status
    verdict = ""
    if name in budgets:
        kind, limit = budgets[name]
        ok = ratio < limit if kind == "ratio" else r["mean"] * 1000 < limit
        verdict = (f"< {limit:.0f}×" if kind == "ratio" else f"< {limit:.0f} ms") + (" ✅" if ok else " ❌")
        if not ok:
            failures.append(name)
    mem = rss.get(name)
    out.append(f"| `{name}` | {r['median']*1000:.1f} | {r['mean']*1000:.1f} ± {r['stddev']*1000:.1f} | {ratio:.1f} | {verdict} | {mem:.1f} |" if mem else
               f"| `{name}` | {r['median']*1000:.1f} | {r['mean']*1000:.1f} ± {r['stddev']*1000:.1f} | {ratio:.1f} | {verdict} | – |")
out.append("")
out.append("`status-x100` is what the portfolio replaces: 100 `status` processes, one per tracker, in a shell loop.")
out.append("")
out.append("Every portfolio budget met." if not failures else "Budgets not met: " + ", ".join(failures))
out.append("<!-- /portfolio -->")
text = "\n".join(out) + "\n"
print(text)
if not quick:
    path = "bench/RESULTS.md"
    old = open(path).read() if os.path.exists(path) else ""
    start, end = old.find("<!-- portfolio:"), old.find("<!-- /portfolio -->")
    if start >= 0 and end >= 0:
        new = old[:start] + text + old[end + len("<!-- /portfolio -->") + 1:]
    else:
        new = old.rstrip("\n") + "\n\n" + text
    with open(path + ".tmp", "w") as fh:
        fh.write(new)
    os.replace(path + ".tmp", path)
PY
