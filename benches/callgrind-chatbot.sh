#!/usr/bin/env bash
# Instructions per document for each chatbot decode subject on the corpus's bench carousels,
# and the ratio to serde_json into the owned model (the issue's yardstick): the stable measure
# on a noisy machine. (count(n=N) - count(n=0)) / N removes start-up and file loading.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${N:-1000}"
dir="${RCS_CORPUS_DIR:-../shared/corpus}/chatbot/bench"
cargo build -q --release -p rcs-benches --bin chatbot_count
bin=target/release/chatbot_count
count() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$1" "$2" "$3" 2>&1 | awk '/Collected/ {print $4}'; }
for f in "$dir"/*.json; do
  base=$(count none "$f" 0)
  owned=$(( ($(count serde_json_owned_model "$f" "$N") - base) / N ))
  printf '%s\n%-26s %12s %10s\n' "$(basename "$f")" subject instr/doc "vs owned"
  for s in rcs_chatbot rcs_chatbot_on_sonic serde_json_value serde_json_owned_model sonic_rs_owned_model simd_json_owned_model; do
    per=$(( ($(count "$s" "$f" "$N") - base) / N ))
    printf '%-26s %12d %10s\n' "$s" "$per" "$(awk -v a="$owned" -v b="$per" 'BEGIN { printf "%.2fx", a / b }')"
  done
done
