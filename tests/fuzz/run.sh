#!/usr/bin/env bash
# run.sh — one fuzz target's turn in `make test` (mk/fuzz.mk): replay every input that once
# failed it (tests/fuzz/regress/NAME/), then fuzz for SECONDS from the seeds and the corpus
# earlier runs grew, and print one line: execs, seconds, corpus size. A failure prints the
# log's tail and keeps the input beside the log.
# Usage: tests/fuzz/run.sh build/fuzz/fuzz_NAME SECONDS MAX_LEN SEED_DIR
set -euo pipefail
bin=$1 seconds=$2 max_len=$3 seeds=$4
name=${bin##*/fuzz_}
dir=$(dirname "$bin")/$name
regress=$(dirname "$0")/regress/$name
mkdir -p "$dir/corpus"

fail() {   # fail "what" log
  tail -40 "$2"
  echo "fuzz_$name: FAILED $1 (log: $2; input saved in $dir/)"
  exit 1
}

shopt -s nullglob
old=("$regress"/*)
# Given files rather than folders, libFuzzer runs each once, whole (no -max_len cut).
if ((${#old[@]})); then
  "$bin" -artifact_prefix="$dir/" "${old[@]}" >"$dir/regress.log" 2>&1 || fail "on a regression input" "$dir/regress.log"
fi

echo "== fuzz_$name for $seconds s (log: $dir/log)"
"$bin" -max_total_time="$seconds" -max_len="$max_len" -print_final_stats=1 -artifact_prefix="$dir/" \
  "$dir/corpus" "$seeds" >"$dir/log" 2>&1 || fail "" "$dir/log"
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log")
secs=$(sed -nE 's/^Done [0-9]+ runs in ([0-9]+) second.*/\1/p' "$dir/log")
corpus=$(grep -oE 'corp: [0-9]+/[0-9]+[a-zA-Z]*' "$dir/log" | tail -1 | cut -d' ' -f2)
cov=$(grep -oE 'cov: [0-9]+' "$dir/log" | tail -1 | cut -d' ' -f2)
echo "fuzz_$name: ${execs:-?} execs in ${secs:-?} s, corpus ${corpus:-?} (inputs/bytes), coverage ${cov:-?} edges," \
  "${#old[@]} regression inputs replayed"
