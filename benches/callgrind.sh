#!/usr/bin/env bash
# Instructions per parse for each SIP subject: the stable measure on a noisy machine.
# (count(n=N) - count(n=0)) / N removes start-up and fixture loading.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${N:-2000}"
cargo build -q --release -p rcs-benches --bin sip_count
bin=target/release/sip_count
count() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$1" "$2" 2>&1 | awk '/Collected/ {print $4}'; }
base=$(count none 0)
printf '%-16s %12s %8s\n' subject instr/parse ratio
floor=""
for s in httparse rcs_sip_frame rcs_sip_typed rsip rsip_typed rsipstack ezk_sip_types; do
  total=$(count "$s" "$N")
  per=$(( (total - base) / N ))
  [ -z "$floor" ] && floor=$per
  printf '%-16s %12d %8s\n' "$s" "$per" "$(awk -v a="$per" -v b="$floor" 'BEGIN { printf "%.2fx", a / b }')"
done
