#!/usr/bin/env bash
# ftrack benchmark: times whole `ftrack` processes on synthetic trackers against
# `ftrack --version` in the same run, and measures peak memory.
#
#   bash bench/run.sh            # full run, writes bench/RESULTS.md
#   bash bench/run.sh --quick    # fewer runs, prints the table only
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0
[ "${1:-}" = "--quick" ] && quick=1
user_home=$HOME

if ! command -v hyperfine >/dev/null; then apt-get update -qq && apt-get install -y -qq hyperfine; fi
if [ ! -x /usr/bin/time ]; then apt-get update -qq && apt-get install -y -qq time; fi

cargo build --release --quiet --bin ftrack --example bench-gen
bin="$PWD/target/release/ftrack"
gen="$PWD/target/release/examples/bench-gen"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

runs=(--warmup 5 --min-runs 40)
[ "$quick" = 1 ] && runs=(--warmup 2 --min-runs 10)

# name items events
scenarios=("real 38 100" "real-git 38 100" "large 1000 10000" "stress 10000 100000" "growth-1k 1000 1000" "growth-100k 1000 100000")

has_report=0
"$bin" report --help >/dev/null 2>&1 && has_report=1

for s in "${scenarios[@]}"; do
  read -r name items events <<<"$s"
  "$gen" "$work/$name" "$items" "$events"
  export FTRACK_DIR="$work/$name/tracker" HOME="$work/home" XDG_CACHE_HOME="$work/cache" FTRACK_USER=bench
  unset FTRACK_CATALOG NO_COLOR
  if [ "$name" = real-git ]; then
    # The same tracker shared through git: committed, then 24 more events over 12 commits, so
    # that the journal goes on in 12 parts (one per commit) besides journal.jsonl.
    g=(git -C "$work/$name" -c user.name=bench -c user.email=bench@example.invalid)
    "${g[@]}" init -q && "${g[@]}" add -A && "${g[@]}" commit -qm tracker
    for i in $(seq 1 12); do
      "$bin" assign program-management --owner "o$i" -q && "$bin" assign ems-enhancements --owner "o$i" -q
      "${g[@]}" commit -qam "progress $i"
    done
  fi
  task=$("$bin" list --status all --json | python3 -c 'import json,sys; t=json.load(sys.stdin)["tasks"]; print([x for x in t if x["phase"]!="general"][0]["id"])')
  cmds=(-n version "$bin --version" -n status "$bin status" -n list "$bin list" -n list-json "$bin list --json"
        -n gate "$bin gate" -n done --prepare "$bin reopen $task" "$bin done $task" -n show "$bin show $task"
        -n status-cold "env FTRACK_NO_CACHE=1 $bin status")
  [ "$has_report" = 1 ] && cmds+=(-n report-md "$bin report --format markdown")
  case "$name" in growth-*) cmds=(-n version "$bin --version" -n done --prepare "$bin reopen $task" "$bin done $task");; esac
  # Issue 20 D: the report at 100,000 events on 1,000 items, in the formats people open (warm,
  # and cold: the first report after a pull).
  [ "$name" = growth-100k ] && cmds+=(-n report-md "$bin report --format markdown" -n report-html "$bin report --format html"
        -n report-xlsx "$bin report --output $work/report.xlsx" -n report-md-cold "env FTRACK_NO_CACHE=1 $bin report --format markdown")
  echo "== $name: $items items, $events events" >&2
  hyperfine -N -i --style none "${runs[@]}" --export-json "$work/$name.json" "${cmds[@]}" >/dev/null
  # Peak memory: one run of each command, warm.
  : >"$work/$name.rss"
  for c in "version:$bin --version" "status:$bin status" "list:$bin list" "list-json:$bin list --json" \
           "gate:$bin gate" "done:$bin done $task" "show:$bin show $task" \
           "status-cold:env FTRACK_NO_CACHE=1 $bin status" "report-md:$bin report --format markdown" \
           "report-html:$bin report --format html" "report-xlsx:$bin report --output $work/report.xlsx" \
           "report-md-cold:env FTRACK_NO_CACHE=1 $bin report --format markdown"; do
    label=${c%%:*}; cmd=${c#*:}
    case "$label" in report-*) [ "$has_report" = 0 ] && continue;; esac
    [ "$label" = done ] && "$bin" reopen "$task" >/dev/null
    # shellcheck disable=SC2086
    /usr/bin/time -f "$label %M" -a -o "$work/$name.rss" $cmd >/dev/null 2>&1 || true
  done
done

# Issue 19's figures: a million-event journal's peak memory, 40,000 phases and headings.
if [ "$quick" = 0 ]; then
  echo "== hostile sizes (bench/hostile.sh)" >&2
  bash bench/hostile.sh "$work"
fi

# Micro-benchmarks (criterion): catalog loading, journal parsing, replay, snapshot decoding.
# (With the user's own HOME: the loop above pointed HOME at a scratch directory.)
if [ "$quick" = 0 ]; then
  echo "== micro-benchmarks (cargo bench --bench core)" >&2
  HOME="$user_home" cargo bench --quiet --bench core 2>/dev/null >"$work/micro.txt" || true
fi

if [ "$quick" = 1 ]; then
  python3 bench/summarize.py "$work"
else
  # Written beside and renamed, so that the summary sees the work tree as it is.
  python3 bench/summarize.py "$work" >"$work/RESULTS.md"
  mv "$work/RESULTS.md" bench/RESULTS.md
  # The portfolio's section (bench/portfolio.sh adds it to RESULTS.md).
  NO_BUILD=1 HOME="$user_home" bash bench/portfolio.sh >/dev/null
  # The startup section (instructions, with valgrind when it is installed).
  if command -v valgrind >/dev/null; then NO_BUILD=1 bash bench/startup.sh --update >/dev/null; fi
  cat bench/RESULTS.md
fi
