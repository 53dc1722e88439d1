#!/usr/bin/env bash
# ftrack benchmark, issue 19: inputs as large as a hostile repository can make them cheaply.
# Peak memory of `status` with the snapshot cache off on a 1,000,000-event journal (in one
# journal.jsonl, and in the parts of a git work tree), and the time to check a catalog of
# 40,000 phases and to import a page of 40,000 phase headings.
#
#   bash bench/hostile.sh            # prints the Markdown section
#   bash bench/hostile.sh --update   # also puts it into bench/RESULTS.md (between its markers)
#   bash bench/hostile.sh DIR        # (from run.sh) writes DIR/hostile.md and DIR/hostile.fail
#
# CARGO names the cargo to build with (e.g. CARGO="flock /tmp/cargo.lock cargo" on a shared box).
set -euo pipefail
cd "$(dirname "$0")/.."

out_dir=""
update=0
case "${1:-}" in
  --update) update=1 ;;
  "") ;;
  *) out_dir=$1 ;;
esac
if ! command -v hyperfine >/dev/null; then apt-get update -qq && apt-get install -y -qq hyperfine; fi
if [ ! -x /usr/bin/time ]; then apt-get update -qq && apt-get install -y -qq time; fi

${CARGO:-cargo} build --release --quiet --bin ftrack --example bench-gen
bin="$PWD/target/release/ftrack"
gen="$PWD/target/release/examples/bench-gen"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" XDG_CACHE_HOME="$work/cache" FTRACK_USER=bench FTRACK_NO_CACHE=1
unset FTRACK_CATALOG FTRACK_DIR NO_COLOR

MEM_BUDGET_MIB=256
TIME_BUDGET_S=1
fail=()

# Peak RSS (MiB) and elapsed seconds of one run of `ftrack ARGS` (median of three).
measure() {
  local dir=$1; shift
  local rows=()
  for _ in 1 2 3; do
    FTRACK_DIR="$dir" /usr/bin/time -f "%M %e" -o "$work/t" "$bin" "$@" >"$work/o" \
      || { echo "ftrack $* failed:" >&2; cat "$work/o" >&2; exit 1; }
    grep -q "Bench 38x1000000" "$work/o" || { echo "not the benchmark's tracker" >&2; exit 1; }
    rows+=("$(cat "$work/t")")
  done
  printf '%s\n' "${rows[@]}" | sort -n | sed -n 2p
}

"$gen" "$work/plain" 38 1000000
"$gen" "$work/git" 38 1000000 4
g=(git -C "$work/git" -c user.name=bench -c user.email=bench@example.invalid)
"${g[@]}" init -q && "${g[@]}" add -A && "${g[@]}" commit -qm tracker
read -r plain_kb plain_s <<<"$(measure "$work/plain/tracker" status)"
read -r git_kb git_s <<<"$(measure "$work/git/tracker" status)"
plain_mib=$(awk "BEGIN{printf \"%.1f\", $plain_kb/1024}")
git_mib=$(awk "BEGIN{printf \"%.1f\", $git_kb/1024}")
size_mib=$(du -sm "$work/plain/tracker/journal.jsonl" | cut -f1)

python3 - "$work" <<'PY'
import sys
n = 40000
work = sys.argv[1]
with open(f"{work}/phases.yaml", "w") as f:
    f.write("schema: 1\ntitle: T\nphases:\n  - id: general\n")
    f.writelines(f"  - id: p{i}\n" for i in range(n))
    f.write("tasks:\n")
    f.writelines(f"  - id: t{i}\n    phase: p{i}\n    title: t\n" for i in range(n))
with open(f"{work}/headings.md", "w") as f:
    f.write("---\ntitle: T\n---\n## General responsibilities\n\n- Provide a thing.\n\n")
    f.writelines(f"## Phase{i} phase\n\n- item {i} here.\n\n" for i in range(n))
PY
hyperfine -N -i --style none --runs 5 --export-json "$work/scale.json" \
  -n check "$bin catalog check $work/phases.yaml" \
  -n import "$bin catalog import $work/headings.md --output $work/out.yaml" >/dev/null
read -r check_s import_s <<<"$(python3 -c "
import json,sys
r={x['command']:x['median'] for x in json.load(open('$work/scale.json'))['results']}
print(f\"{r['check']:.2f} {r['import']:.2f}\")")"

verdict() { # value budget label
  if awk "BEGIN{exit !($1 <= $2)}"; then echo "✅"; else fail+=("$3: $1 > $2"); echo "❌"; fi
}
v_plain=$(verdict "$plain_mib" "$MEM_BUDGET_MIB" "status, 1,000,000 events in journal.jsonl (MiB)")
v_git=$(verdict "$git_mib" "$MEM_BUDGET_MIB" "status, 1,000,000 events in 4 parts (MiB)")
v_check=$(verdict "$check_s" "$TIME_BUDGET_S" "catalog check, 40,000 phases (s)")
v_import=$(verdict "$import_s" "$TIME_BUDGET_S" "catalog import, 40,000 headings (s)")

section=$(cat <<MD
<!-- hostile: bash bench/hostile.sh -->
## hostile sizes (issue 19)

Command: \`bash bench/hostile.sh\` ($(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD)).
\`status\` runs with the snapshot cache off (\`FTRACK_NO_CACHE=1\`), so it reads every line;
peak RSS from \`/usr/bin/time -f %M\`, median of three runs; the catalog and page times are
hyperfine medians of five runs.

| what | figure | budget | before (issue 19) |
|---|---:|---|---:|
| \`status\`, 1,000,000 events in \`journal.jsonl\` (${size_mib} MiB) | ${plain_mib} MiB, ${plain_s} s | ≤ ${MEM_BUDGET_MIB} MiB ${v_plain} | 122 MiB |
| \`status\`, the same 1,000,000 events in 4 parts of a git work tree | ${git_mib} MiB, ${git_s} s | ≤ ${MEM_BUDGET_MIB} MiB ${v_git} | 780 MiB (1.15 GB in the issue's layout) |
| \`catalog check\`, 40,000 phases | ${check_s} s | ≤ ${TIME_BUDGET_S} s ${v_check} | 2.7 s (5.5 s on this machine) |
| \`catalog import\`, a page of 40,000 phase headings | ${import_s} s | ≤ ${TIME_BUDGET_S} s ${v_import} | 11–34 s (9.2 s on this machine) |
<!-- /hostile -->
MD
)

if [ -n "$out_dir" ]; then
  printf '%s\n' "$section" >"$out_dir/hostile.md"
  printf '%s\n' "${fail[@]+"${fail[@]}"}" >"$out_dir/hostile.fail"
  exit 0
fi
printf '%s\n' "$section"
if [ "$update" = 1 ]; then
  python3 bench/put_section.py hostile "$section"
fi
[ ${#fail[@]} -eq 0 ] || { printf 'budget not met: %s\n' "${fail[@]}" >&2; exit 1; }
