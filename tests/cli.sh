#!/usr/bin/env bash
# cli.sh — smoke test of the nnplay CLI: it learns xor, its help documents every spec field,
# a bad flag exits 2 with a message, and --save/--load round-trips a model exactly.
# Usage: tests/cli.sh path/to/nnplay
set -euo pipefail
nnplay=${1:?usage: tests/cli.sh path/to/nnplay}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
checks=0 fails=0

ok() {   # ok "what" command...
  checks=$((checks + 1))
  local what=$1; shift
  if "$@"; then echo "ok   $what"; else echo "FAIL $what"; fails=$((fails + 1)); fi
}

# Per-epoch lines, then a final line whose test accuracy is >= 95% (xor at noise 0 reaches
# 99% by epoch 20 with the default 8,8 network and SGD).
"$nnplay" --data xor --epochs 40 --save "$tmp/xor.nnpl" >"$tmp/train.out"
final=$(grep '^final' "$tmp/train.out")
acc=$(sed -E 's/.*test loss [0-9.]+ acc +([0-9.]+)%.*/\1/' <<<"$final")
ok "40 epoch lines" test "$(grep -c '^epoch ' "$tmp/train.out")" -eq 40
ok "xor test accuracy $acc% >= 95%" awk -v a="$acc" 'BEGIN { exit !(a >= 95) }'

# Every field of the spec (read back from the saved file, which nn_spec_format writes from
# the spec's table) is a documented flag with its default.
"$nnplay" --help >"$tmp/help.out"
fields=$(grep -ao '^[a-z0-9_]*=' "$tmp/xor.nnpl" | tr -d =)
ok "the model file names the spec fields" test "$(wc -w <<<"$fields")" -ge 20
missing=""
for f in $fields data n noise classes test-ratio data-seed epochs batch patience save load gradcheck quiet; do
  grep -qE -- "^  --$f .*\(default [^)]+\)" "$tmp/help.out" || missing="$missing $f"
done
ok "--help documents every flag with its default (missing:${missing:- none})" test -z "$missing"

# A bad flag or value: exit code 2 and a message naming it.
expect_usage_error() {   # expect_usage_error "message part" args...
  local want=$1 rc=0; shift
  "$nnplay" "$@" >/dev/null 2>"$tmp/err" || rc=$?
  [[ $rc -eq 2 ]] && grep -qF -- "$want" "$tmp/err"
}
ok "unknown flag exits 2" expect_usage_error "unknown flag '--bogus'" --bogus
ok "bad value exits 2" expect_usage_error "--lr: must be in (0, 100] (got -1)" --lr -1
ok "unknown data set exits 2" expect_usage_error 'unknown data set "spirals"' --data spirals
ok "missing value exits 2" expect_usage_error "--epochs needs a value" --epochs

# Loading the saved model and only evaluating gives the very same final line.
"$nnplay" --data xor --load "$tmp/xor.nnpl" --epochs 0 >"$tmp/load.out"
ok "save/load round trip gives the same losses and accuracy" test "$(grep '^final' "$tmp/load.out")" = "$final"

# A corrupt file is refused (exit 1) with the loader's message.
cp "$tmp/xor.nnpl" "$tmp/bad.nnpl"
printf '\x7f' | dd of="$tmp/bad.nnpl" bs=1 seek=600 conv=notrunc status=none
rc=0; "$nnplay" --data xor --load "$tmp/bad.nnpl" >/dev/null 2>"$tmp/err" || rc=$?
ok "corrupt file refused with exit 1 ($(head -c 80 "$tmp/err"))" test $rc -eq 1 -a -s "$tmp/err"

echo "$((checks - fails)) passed, $fails failed"
[[ $fails -eq 0 ]]
