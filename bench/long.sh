#!/usr/bin/env bash
# ftrack long-engagement benchmark (issue 20, part D): a tracker shared through git with 1,500
# commits of progress against one with 50, side by side in one run — `status`, a write, and the
# first `status` after a pull that brought one commit — with `ftrack --version` as the baseline,
# and how many files `.ftrack` holds. Prints a Markdown table.
#
#   bash bench/long.sh               # builds, then measures (about two minutes)
#   NO_BUILD=1 bash bench/long.sh    # with target/release/ftrack already built
#   LONG=300 bash bench/long.sh      # fewer commits, to try it quickly
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install hyperfine)" >&2; exit 1; }

[ -n "${NO_BUILD:-}" ] || cargo build --release --quiet --bin ftrack
bin="$PWD/target/release/ftrack"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" XDG_CACHE_HOME="$work/cache" XDG_STATE_HOME="$work/state" FTRACK_USER=bench
export GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.invalid
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.invalid
unset FTRACK_DIR FTRACK_CATALOG NO_COLOR FTRACK_NO_CACHE FTRACK_NOW
mkdir -p "$HOME"
git config --global init.defaultBranch main

# A tracker in origin-<n>.git with n commits of progress (one note and one commit each, pushed),
# cloned as `a-<n>` (the writer) and `b-<n>` (the clone that pulls). `b` ends one commit behind
# `a`: its `before` tag is where it stands, `after` what the pull brings.
make() {
  local n=$1 a="$work/a-$1" b="$work/b-$1"
  git init -q --bare "$work/origin-$n.git"
  git clone -q "$work/origin-$n.git" "$a" 2>/dev/null
  (cd "$a" && "$bin" init --name "Contoso $n" >/dev/null && git add -A && git commit -qm tracker)
  for i in $(seq 1 "$n"); do
    (cd "$a" && "$bin" note kickoff "n$i" >/dev/null && git commit -qam "n$i")
  done
  (cd "$a" && git push -q origin HEAD:main)
  git clone -q "$work/origin-$n.git" "$b"
  (cd "$b" && git tag after && git reset -q --hard HEAD~1 && git tag before && "$bin" status >/dev/null)
}
long=${LONG:-1500}
make 50
make "$long"

files() { find "$1/.ftrack" -type f | wc -l; }
echo "files in .ftrack: 50 commits $(files "$work/a-50"), $long commits $(files "$work/a-$long")"

runs=(--warmup 5 --min-runs 30)
cmds=(-n version "$bin --version")
for n in 50 "$long"; do
  a="$work/a-$n" b="$work/b-$n"
  cmds+=(-n "status-$n" "$bin --dir $a/.ftrack status")
  cmds+=(-n "write-$n" "$bin --dir $a/.ftrack note kickoff bench")
done
hyperfine -N --style none "${runs[@]}" --export-markdown "$work/warm.md" "${cmds[@]}" >/dev/null 2>&1
# The first status after a pull: before each run, the clone stands one commit behind with its
# snapshot current, and then fast-forwards to the commit that brings one new part.
pulls=()
for n in 50 "$long"; do
  b="$work/b-$n"
  pulls+=(--prepare "sh -c 'git -C $b reset -q --hard before && $bin --dir $b/.ftrack status >/dev/null && git -C $b merge -q --ff-only after'")
  pulls+=(-n "after-pull-$n" "$bin --dir $b/.ftrack status")
done
# (hyperfine takes one --prepare per command, in order.)
hyperfine --style none --warmup 3 --min-runs 30 -N --export-markdown "$work/pull.md" "${pulls[@]}" >/dev/null 2>&1
cat "$work/warm.md" "$work/pull.md"
