#!/usr/bin/env bash
# Check (and optionally recreate) the checkouts of the validity set.
#
#   benches/validity/checkout.sh DIR            # verify DIR/<owner>__<name> for every repo
#   benches/validity/checkout.sh --clone DIR    # also try to git-fetch the missing ones
#   benches/validity/checkout.sh --set benches/validity/set2 DIR   # another set
#
# The set is listed in benches/validity/repos.tsv (repo, commit, kind,
# language), or in SETDIR/repos.tsv with --set SETDIR. Each repository is expected at DIR/<owner>__<name>, e.g.
# DIR/prometheus__alertmanager, pinned to the recorded commit.
#
# How the checkouts were made: the ratings and the first results were produced
# on snapshots of each repository at the recorded commit, brought in by a
# snapshot fetch tool that is not scriptable here. Those snapshots are plain
# trees without .git, so for them this script can only check that the
# directory exists. A few large blobs were absent from the snapshots (see
# missing-blobs.tsv); a full clone has them, which may shift a scan slightly.
#
# For a git checkout (DIR/<owner>__<name>/.git exists) the script verifies
# that HEAD is the recorded commit.
#
# --clone recreates a missing checkout with git, pinned to the commit:
#   git init; git fetch --depth 1 https://github.com/<repo> <commit>; git checkout FETCH_HEAD
# (GitHub serves a fetch by full commit id.) It needs network access, which
# the machine the first results were made on did not have: untested there.
#
# Prints one line per repository (ok / snapshot / MISSING / WRONG COMMIT) and,
# at the end, what is missing. Exit 0 when every repository is present (and
# at its commit where that can be checked), 1 otherwise, 2 on usage errors.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tsv="$here/repos.tsv"

clone=0
dir=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --clone) clone=1; shift ;;
    --set) [[ $# -ge 2 ]] || { echo "--set needs a directory" >&2; exit 2; }
           tsv="$2/repos.tsv"; shift 2 ;;
    -h|--help) sed -n '2,29p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "unknown option: $1" >&2; exit 2 ;;
    *) if [[ -n "$dir" ]]; then echo "one directory only" >&2; exit 2; fi; dir="$1"; shift ;;
  esac
done
if [[ -z "$dir" ]]; then
  echo "usage: $0 [--clone] [--set SETDIR] DIR" >&2
  exit 2
fi
if [[ ! -f "$tsv" ]]; then
  echo "no such file: $tsv" >&2
  exit 2
fi
if [[ $clone -eq 1 ]]; then
  mkdir -p "$dir"
elif [[ ! -d "$dir" ]]; then
  echo "no such directory: $dir" >&2
  exit 1
fi

missing=()
wrong=()
n=0
while IFS=$'\t' read -r repo commit kind language _rest; do
  [[ "$repo" == "repo" || -z "$repo" ]] && continue
  n=$((n + 1))
  path="$dir/${repo/\//__}"
  if [[ ! -d "$path" && $clone -eq 1 ]]; then
    echo "cloning $repo at $commit into $path"
    tmp="$path.partial"
    rm -rf "$tmp"
    if git init -q "$tmp" \
      && git -C "$tmp" fetch -q --depth 1 "https://github.com/$repo" "$commit" \
      && git -C "$tmp" -c advice.detachedHead=false checkout -q FETCH_HEAD; then
      mv "$tmp" "$path"
    else
      rm -rf "$tmp"
      echo "  clone failed: $repo" >&2
    fi
  fi
  if [[ ! -d "$path" ]]; then
    printf '%-50s MISSING\n' "$repo"
    missing+=("$repo $commit")
  elif [[ -e "$path/.git" ]]; then
    head="$(git -C "$path" rev-parse HEAD 2>/dev/null || echo '?')"
    if [[ "$head" == "$commit" ]]; then
      printf '%-50s ok (git, %s)\n' "$repo" "${commit:0:12}"
    else
      printf '%-50s WRONG COMMIT (HEAD %s, want %s)\n' "$repo" "${head:0:12}" "${commit:0:12}"
      wrong+=("$repo $commit (HEAD $head)")
    fi
  elif [[ -z "$(ls -A "$path")" ]]; then
    printf '%-50s MISSING (empty directory)\n' "$repo"
    missing+=("$repo $commit")
  else
    printf '%-50s snapshot (no .git: commit not verifiable, recorded %s)\n' "$repo" "${commit:0:12}"
  fi
done < "$tsv"

echo
if [[ ${#missing[@]} -eq 0 && ${#wrong[@]} -eq 0 ]]; then
  echo "all $n repositories present in $dir"
  exit 0
fi
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "missing (${#missing[@]} of $n):"
  for m in "${missing[@]}"; do echo "  $m"; done
fi
if [[ ${#wrong[@]} -gt 0 ]]; then
  echo "at another commit (${#wrong[@]} of $n):"
  for m in "${wrong[@]}"; do echo "  $m"; done
fi
exit 1
