#!/usr/bin/env bash
# ftrack benchmark, issue 20 D: what every command pays before it does anything. Instructions
# (callgrind's Ir, exact and repeatable, unlike a 2 ms wall time) of `ftrack --version`, of
# `status` on a small tracker (built-in catalog, one event, warm snapshot, no git), and of a
# bare `fn main() {}` built with `rustc -O` for comparison.
#
#   bash bench/startup.sh            # prints the Markdown section
#   bash bench/startup.sh --update   # also puts it into bench/RESULTS.md (between its markers)
#
# Needs valgrind. CARGO names the cargo to build with (e.g. CARGO="flock /tmp/cargo.lock cargo");
# NO_BUILD=1 uses target/release/ftrack as it is; FTRACK_BIN=PATH measures another build.
set -euo pipefail
cd "$(dirname "$0")/.."
update=0
[ "${1:-}" = --update ] && update=1
command -v valgrind >/dev/null || { echo "bench/startup.sh needs valgrind" >&2; exit 1; }
if [ -n "${FTRACK_BIN:-}" ]; then
  ftrack=$(realpath "$FTRACK_BIN")
else
  [ "${NO_BUILD:-0}" = 1 ] || ${CARGO:-cargo} build --release --quiet --bin ftrack
  ftrack=$PWD/target/release/ftrack
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ir() { # the instructions one run of "$@" executes
  valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$@" >/dev/null 2>"$work/vg.err"
  sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$work/vg.err" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'
}
echo 'fn main() {}' >"$work/bare.rs"
rustc -O -o "$work/bare" "$work/bare.rs"
mkdir -p "$work/home" "$work/trk"
export HOME=$work/home
unset FTRACK_DIR FTRACK_CATALOG FTRACK_NO_CACHE FTRACK_NOW
(cd "$work/trk" && "$ftrack" init --name Bench >/dev/null && "$ftrack" done kickoff-meeting >/dev/null &&
  "$ftrack" status >/dev/null)
version=$(ir "$ftrack" --version)
status=$(cd "$work/trk" && ir "$ftrack" status)
bare=$(ir "$work/bare")

section=$(cat <<MD
<!-- startup: bash bench/startup.sh --update -->
## startup (issue 20 D)

$(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD). Instructions (Ir) of one run:
\`valgrind --tool=callgrind target/release/ftrack …\`, its "Collected" total; \`status\` on a tracker
of the built-in catalog with one event (snapshot warm, no git).

| run | Ir | before (main fe4ccdd) |
|---|---:|---:|
| \`ftrack --version\` | ${version} | 1,172,143 |
| \`ftrack status\` | ${status} | 1,785,442 |
| bare \`fn main() {}\` (\`rustc -O\`) | ${bare} | – |

Where the 0.3 M went: the command tree clap builds to parse is no longer freed (−150k);
\`lto = "thin"\` (−46k); \`panic = "abort"\` (−92k). Linking position-dependent would save
157k more (the loader's relocations of ftrack's own pointers); ftrack stays a
position-independent executable on purpose: it reads repositories other people prepared, and
its code at a random address is worth 0.05 ms. What is left: the loader's relocations and
symbol lookups (~350k), clap building and checking its command tree (~400k, a third of it
copying the five global options into every subcommand), and std's main-thread stack guard
reading \`/proc/self/maps\` (~105k, the same in the bare binary).
<!-- /startup -->
MD
)
printf '%s\n' "$section"
if [ "$update" = 1 ]; then
  python3 bench/put_section.py startup "$section"
fi
