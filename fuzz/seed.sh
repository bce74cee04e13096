#!/usr/bin/env bash
# Seed each fuzz target's corpus from the files the project already ships, so that libFuzzer
# starts from real policies, fixtures and exports rather than from empty input.
# Run from anywhere; it writes fuzz/corpus/<target>/ (gitignored). Safe to run again.
set -euo pipefail
fuzz="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$fuzz")"

seed() { # target, files...
  local target="$1"; shift
  mkdir -p "$fuzz/corpus/$target"
  local f
  for f in "$@"; do
    [ -f "$f" ] && cp "$f" "$fuzz/corpus/$target/$(basename "$(dirname "$f")")-$(basename "$f")"
  done
}

shopt -s nullglob globstar
seed policy "$root"/policies/*.policy "$root"/fixtures/policies/*.policy
seed case_fixture "$root"/fixtures/cases/*.toml
seed audit_csv "$root"/fixtures/audit/**/*.csv
# The calendar target takes structured input (arbitrary's bytes); it needs no files, only a
# directory, and libFuzzer finds its own way from empty input.
mkdir -p "$fuzz/corpus/calendar"

for t in policy case_fixture audit_csv calendar; do
  echo "$t: $(find "$fuzz/corpus/$t" -type f | wc -l) seed files"
done
